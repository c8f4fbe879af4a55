//! Events: what happened with one or more records, and when. A heavy
//! archive holds millions of them, so an [`Event`] is 64 bytes: what a
//! thread's events share lives once, in an [`Origin`] they point to.

use std::num::{NonZeroU32, NonZeroU64};
use std::sync::{Arc, LazyLock};

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::{Location, RecordRef};

/// When something happened, as precisely as the source says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum When {
    /// An instant (epoch milliseconds, or a time with a zone or `UTC`).
    Instant(Timestamp),
    /// A wall-clock time with no zone (2018 LinkedIn dates); read in `--tz`.
    Floating(DateTime),
    /// A day only (connected on, a touchpoint's date, an all-day event).
    Day(Date),
}

impl When {
    /// The calendar day this falls on in `tz`.
    pub fn date_in(&self, tz: &TimeZone) -> Date {
        match *self {
            When::Instant(ts) => tz.to_datetime(ts).date(),
            When::Floating(dt) => dt.date(),
            When::Day(d) => d,
        }
    }
}

/// What an event says about the relationship.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventKind {
    /// A message: online interaction. Credited to its sender, or, when the
    /// owner sent it, to every other participant.
    Online,
    /// A real conversation: answered call, meeting, touchpoint. Credited to
    /// every participant other than the owner.
    Direct,
    /// Evidence the relationship exists (connected on, friends since, a
    /// missed call); counts only for `first_seen`.
    Seen,
}

/// The channel an event happened on; the channel policy decides which
/// channels count as direct contact.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Channel {
    LinkedinMessage,
    LinkedinConnection,
    /// An endorsement of a skill, given or received.
    LinkedinEndorsement,
    /// A recommendation, written or received.
    LinkedinRecommendation,
    FacebookMessage,
    FacebookFriend,
    InstagramMessage,
    /// A Messenger call, made from Facebook or from Instagram.
    MessengerCall,
    PhoneCall,
    Sms,
    Mms,
    Meeting,
    VideoMeeting,
    WhatsappMessage,
    /// A WhatsApp call line: missed, or answered with its duration.
    WhatsappCall,
    /// A personal email message.
    Email,
    /// A touchpoint row; the `kind` column, lowercased (`coffee`, `call`).
    Touchpoint(String),
}

/// Something that happened with one or more records at a time.
///
/// What a thread's events have in common (channel, participants, file,
/// dedup key) is kept once, in an [`Arc`] they share, so a heavy archive's
/// million events are 64 bytes each (docs/performance.md). Importers describe events as
/// [`NewEvent`]s.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub kind: EventKind,
    /// When it happened; see [`Event::when`] and [`Event::span`].
    pub(crate) at: At,
    /// Who sent it (messages), one more than the record's number (so that
    /// it fits beside `kind`); see [`Event::sender`].
    pub(crate) sender: Option<NonZeroU32>,
    pub(crate) origin: Arc<Origin>,
    /// The line of the origin's file, when known (1-based).
    pub(crate) line: Option<NonZeroU64>,
    /// Messages folded into this one event (see [`crate::import::Sink::message`]): the
    /// fingerprint of each. The event counts once per fingerprint not seen
    /// before in any event, so a message read from two overlapping exports
    /// counts once. Empty for every event that is not folded messages.
    pub folded: Prints,
}

/// When an [`Event`] happened: once, or, for the messages of a conversation
/// and sender folded whole ([`crate::import::Fold::Whole`]), over a span of days. 24
/// bytes, as a [`When`] alone: the span fits beside `When`'s tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum At {
    Once(When),
    Span(Span),
}

/// The messages of one conversation and sender that [`crate::import::Sink::message`]
/// folded whole ([`crate::import::Fold::Whole`]): the first and last day they fall on in
/// the report's zone, and how many there are, each counted once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub first: Date,
    pub last: Date,
    pub count: u32,
}

impl Span {
    /// One message on `day`.
    pub fn on(day: Date) -> Span {
        Span {
            first: day,
            last: day,
            count: 1,
        }
    }

    /// Takes in the messages of `other`.
    ///
    /// # Panics
    ///
    /// Past 2^32 - 1 messages.
    pub fn absorb(&mut self, other: Span) {
        self.first = self.first.min(other.first);
        self.last = self.last.max(other.last);
        self.count = self
            .count
            .checked_add(other.count)
            .expect("fewer than 2^32 messages in a conversation");
    }
}

/// The part of an [`Event`] its thread's other events share.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Origin {
    pub channel: Channel,
    pub participants: Box<[RecordRef]>,
    pub file: Arc<str>,
    pub dedup_key: Option<Box<str>>,
}

/// An event as an importer describes it, for [`crate::import::Sink::event`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEvent {
    pub kind: EventKind,
    pub channel: Channel,
    pub when: When,
    /// Who sent it (messages); `None` when the source does not say.
    pub sender: Option<RecordRef>,
    /// Everyone involved, the sender and the owner included when known.
    pub participants: Box<[RecordRef]>,
    pub location: Location,
    /// Events with the same key are one event seen twice (overlapping
    /// call-log backups); only the first is kept.
    pub dedup_key: Option<Box<str>>,
}

impl From<NewEvent> for Event {
    fn from(e: NewEvent) -> Event {
        Event {
            kind: e.kind,
            at: At::Once(e.when),
            sender: pack_sender(e.sender),
            line: e.location.line.and_then(NonZeroU64::new),
            origin: Arc::new(Origin {
                channel: e.channel,
                participants: e.participants,
                file: e.location.file,
                dedup_key: e.dedup_key,
            }),
            folded: Prints::default(),
        }
    }
}

/// A sender as [`Event`] keeps it.
pub(crate) fn pack_sender(sender: Option<RecordRef>) -> Option<NonZeroU32> {
    sender.map(|s| {
        s.checked_add(1)
            .and_then(NonZeroU32::new)
            .expect("fewer than 2^32 - 1 records")
    })
}

impl Event {
    /// Who sent it (messages); `None` when the source does not say.
    pub fn sender(&self) -> Option<RecordRef> {
        self.sender.map(|s| s.get() - 1)
    }

    /// When it happened; for messages folded whole ([`Event::span`]), the
    /// first day.
    pub fn when(&self) -> When {
        match self.at {
            At::Once(when) => when,
            At::Span(span) => When::Day(span.first),
        }
    }

    /// The messages folded whole into this event ([`crate::import::Fold::Whole`]), if it
    /// is such an event.
    pub fn span(&self) -> Option<Span> {
        match self.at {
            At::Once(_) => None,
            At::Span(span) => Some(span),
        }
    }

    /// How many interactions the event stands for before deduplication
    /// (a span's messages are counted once each already).
    pub fn count(&self) -> usize {
        match self.at {
            At::Span(span) => span.count as usize,
            At::Once(_) => self.folded.len().max(1),
        }
    }

    pub fn channel(&self) -> &Channel {
        &self.origin.channel
    }

    /// Everyone involved, the sender and the owner included when known.
    pub fn participants(&self) -> &[RecordRef] {
        &self.origin.participants
    }

    /// Where the event was read.
    pub fn location(&self) -> Location {
        Location::new(
            Arc::clone(&self.origin.file),
            self.line.map(NonZeroU64::get),
        )
    }

    /// Events with the same key are one event seen twice (overlapping
    /// call-log backups); only the first is kept.
    pub fn dedup_key(&self) -> Option<&str> {
        self.origin.dedup_key.as_deref()
    }
}

/// The fingerprints of the messages folded into one event. About half of
/// a heavy archive's events fold a single message; that one is kept inline,
/// without an allocation of its own; the others have a run of one store per
/// entry ([`crate::import::Sink::settle`]); an event of no message has an empty run of one
/// store every such event shares. Reads as a slice. 16 bytes: the store's
/// pointer, never null, leaves room for the tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prints(PrintsRepr);

/// The store of every empty [`Prints`].
static NO_PRINTS: LazyLock<Arc<Vec<u64>>> = LazyLock::new(Arc::default);

impl Default for Prints {
    fn default() -> Prints {
        Prints(PrintsRepr::Stored {
            store: Arc::clone(&NO_PRINTS),
            start: 0,
            len: 0,
        })
    }
}

#[derive(Clone, Debug)]
enum PrintsRepr {
    One(u64),
    /// A run of a store the events of one sink share ([`crate::import::Sink::settle`]).
    Stored {
        store: Arc<Vec<u64>>,
        start: u32,
        len: u32,
    },
}

impl PartialEq for PrintsRepr {
    fn eq(&self, other: &PrintsRepr) -> bool {
        Prints::slice(self) == Prints::slice(other)
    }
}

impl Eq for PrintsRepr {}

impl Prints {
    /// The fingerprints of one message.
    pub fn one(print: u64) -> Prints {
        Prints(PrintsRepr::One(print))
    }

    /// `len` fingerprints of `store` from `start` on.
    pub(crate) fn stored(store: Arc<Vec<u64>>, start: u32, len: u32) -> Prints {
        Prints(PrintsRepr::Stored { store, start, len })
    }

    fn slice(repr: &PrintsRepr) -> &[u64] {
        match repr {
            PrintsRepr::One(print) => std::slice::from_ref(print),
            PrintsRepr::Stored { store, start, len } => {
                let start = *start as usize;
                &store[start..start + *len as usize]
            }
        }
    }
}

impl std::ops::Deref for Prints {
    type Target = [u64];

    fn deref(&self) -> &[u64] {
        Prints::slice(&self.0)
    }
}

impl From<Vec<u64>> for Prints {
    fn from(prints: Vec<u64>) -> Prints {
        if prints.is_empty() {
            return Prints::default();
        }
        Prints(match prints[..] {
            [print] => PrintsRepr::One(print),
            _ => PrintsRepr::Stored {
                start: 0,
                len: u32::try_from(prints.len()).expect("fewer than 2^32 messages"),
                store: Arc::new(prints),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn an_event_stays_64_bytes() {
        // A heavy archive holds millions of events; docs/performance.md
        // counts on this size. A field added here costs that many times.
        assert_eq!(std::mem::size_of::<Event>(), 64);
        assert_eq!(std::mem::size_of::<Prints>(), 16);
    }

    #[test]
    fn senders_are_kept_as_given() {
        let loc = Location::new(Arc::from("t"), Some(3));
        for sender in [None, Some(0), Some(7), Some(u32::MAX - 1)] {
            let e = Event::from(NewEvent {
                kind: EventKind::Online,
                channel: Channel::Sms,
                when: When::Day(jiff::civil::date(2024, 5, 2)),
                sender,
                participants: Box::new([]),
                location: loc.clone(),
                dedup_key: None,
            });
            assert_eq!(e.sender(), sender);
            assert!(e.folded.is_empty());
            assert_eq!(e.folded, Prints::default());
        }
    }

    #[test]
    fn prints_read_as_the_slice_given() {
        assert!(Prints::default().is_empty());
        assert_eq!(*Prints::one(5), [5]);
        assert_eq!(*Prints::from(vec![]), [] as [u64; 0]);
        assert_eq!(*Prints::from(vec![5]), [5]);
        assert_eq!(*Prints::from(vec![7, 3, 7, 9]), [7, 3, 7, 9]);
        // Equal by what they hold, whatever holds it.
        assert_eq!(Prints::from(vec![5]), Prints::one(5));
        let stored = Prints(PrintsRepr::Stored {
            store: Arc::new(vec![1, 7, 3, 2]),
            start: 1,
            len: 2,
        });
        assert_eq!(*stored, [7, 3]);
        assert_eq!(stored, Prints::from(vec![7, 3]));
    }
}
