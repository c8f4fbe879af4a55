//! What importers push into: records, events, messages and warnings.
//!
//! The contract is small: an importer calls [`Sink::record`],
//! [`Sink::event`], [`Sink::message`] and [`Sink::warn`], and never asks how
//! its messages are kept. The sink folds a heavy archive's millions of
//! messages into one event per conversation, sender and day — or, where
//! discovery knows no other entry can hold the same messages
//! ([`Fold::Whole`]), per conversation and sender — so memory follows
//! conversations, not messages, and every count and date the report gives
//! stays exact (docs/performance.md). An importer that learns who took part
//! in its messages only at the end of the file (LinkedIn's `messages.csv`)
//! collects them in a [`Later`], which folds them the same way.
//!
//! Each message carries a [`fingerprint`], so analysis can count a message
//! read from two overlapping exports once.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::num::NonZeroU64;
use std::sync::Arc;

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use rustc_hash::{FxBuildHasher, FxHasher};
use xxhash_rust::xxh3::Xxh3;

use crate::model::{
    pack_sender, At, Channel, Event, EventKind, Location, NewEvent, Origin, Prints, Record,
    RecordRef, Span, Warning, When,
};

/// One message for [`Sink::message`].
#[derive(Clone, Copy, Debug)]
pub struct MessageEvent<'a> {
    pub kind: EventKind,
    pub channel: &'a Channel,
    pub when: When,
    pub sender: Option<RecordRef>,
    pub participants: &'a [RecordRef],
    pub location: &'a Location,
    /// Identifies the message among every input: the same message read
    /// twice (overlapping exports or backups) has the same fingerprint, two
    /// messages almost never do (64 bits; see [`fingerprint`]).
    pub fingerprint: u64,
}

/// A 64-bit fingerprint of `parts` (XXH3): the same on every run and
/// platform, and each part's length is mixed in, so `["ab", "c"]` and
/// `["a", "bc"]` differ. Fingerprints live for one run only (never on
/// disk), to tell a message read twice from two messages; analysis also
/// takes the bits of its Bloom filter from them, so they must be well
/// mixed.
pub fn fingerprint(parts: &[&[u8]]) -> u64 {
    let mut h = Xxh3::new();
    for part in parts {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.update(&(parts.len() as u64).to_le_bytes());
    h.digest()
}

/// The day of the last message folded, as the instants it covers, so the
/// next message of the same day (most of them) needs no time-zone lookup.
#[derive(Debug, Default)]
struct DayCache(Option<(Timestamp, Timestamp, Date)>);

impl DayCache {
    fn day(&mut self, when: When, tz: &TimeZone) -> Date {
        let When::Instant(t) = when else {
            return when.date_in(tz);
        };
        if let Some((start, end, day)) = self.0 {
            if start <= t && t < end {
                return day;
            }
        }
        let day = when.date_in(tz);
        // The day's first instant and the next day's: midnight, or the
        // instant after a gap at midnight (what `Zoned::start_of_day`
        // gives). Through `TimeZone::to_timestamp`, which borrows the zone:
        // a `Zoned` holds a clone, and the zone's reference count, shared
        // by every core, was most of this function's time.
        let bounds = (|| {
            let start = tz.to_timestamp(day.to_datetime(Time::midnight())).ok()?;
            let next = day.tomorrow().ok()?.to_datetime(Time::midnight());
            Some((start, tz.to_timestamp(next).ok()?))
        })();
        self.0 = bounds.map(|(start, end)| (start, end, day));
        day
    }
}

/// How [`Sink::message`] folds messages into events.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Fold {
    /// One event per conversation, sender and day, holding each message's
    /// fingerprint: analysis counts a message read from two entries once,
    /// and `explain` shows the days.
    #[default]
    Day,
    /// One event per conversation and sender (those on or before `as_of`
    /// and those after it apart) holding a [`Span`]: first day, last day,
    /// count. A message met twice in the entry counts once; no fingerprint
    /// outlives the entry. Only for an entry whose messages no other entry
    /// can hold ([`crate::import::Scope`]), and only for an analysis as of
    /// that day: then the report is the same as with [`Fold::Day`], and its
    /// memory follows conversations, not messages or days
    /// (docs/performance.md).
    Whole { as_of: Date },
}

/// The bucket of a message folded whole on `day`: which side of `as_of`.
fn side_of(day: Date, as_of: Date) -> Date {
    if day > as_of {
        Date::MAX
    } else {
        Date::MIN
    }
}

/// What one import produced; importers push into it.
#[derive(Debug)]
pub struct Sink {
    pub records: Vec<Record>,
    pub events: Vec<Event>,
    pub warnings: Vec<Warning>,
    /// Folded message events by the hash of their fold key (see
    /// [`Sink::message`]); not carried over by [`Sink::append`].
    folds: HashMap<u64, (usize, Date), FxBuildHasher>,
    day: DayCache,
    /// The origins of this sink's messages by the hash of their channel,
    /// participants and file: a thread's events share one, even when the
    /// source interleaves its threads (LinkedIn's `messages.csv`).
    origins: HashMap<u64, Arc<Origin>, FxBuildHasher>,
    /// The fingerprints of messages folded into an event that already had
    /// one, with the event's index, until [`Sink::settle`] gives each event
    /// its run of one store.
    pending: Vec<(u32, u64)>,
    fold: Fold,
    /// The zone days are counted in (the report's).
    tz: TimeZone,
    /// The fingerprints of the messages met so far, for [`Fold::Whole`].
    seen: HashSet<u64, FxBuildHasher>,
}

impl Default for Sink {
    fn default() -> Sink {
        Sink::folding(Fold::Day, TimeZone::UTC)
    }
}

impl Sink {
    /// A sink that folds messages by day in UTC ([`Fold::Day`]): what an
    /// importer's own tests read into.
    pub fn new() -> Sink {
        Sink::default()
    }

    /// A sink that folds messages as `fold` says, counting days in `tz`.
    pub fn folding(fold: Fold, tz: TimeZone) -> Sink {
        Sink {
            records: Vec::new(),
            events: Vec::new(),
            warnings: Vec::new(),
            folds: HashMap::default(),
            day: DayCache::default(),
            origins: HashMap::default(),
            pending: Vec::new(),
            fold,
            tz,
            seen: HashSet::default(),
        }
    }

    /// Adds a record and returns its reference for events.
    pub fn record(&mut self, record: Record) -> RecordRef {
        let r = RecordRef::try_from(self.records.len()).expect("fewer than 2^32 records");
        self.records.push(record);
        r
    }

    pub fn event(&mut self, event: NewEvent) {
        self.events.push(event.into());
    }

    /// Adds a message, folded into this sink's event of the same kind,
    /// channel, sender, participants and day (in the zone the report counts
    /// days in) when there is one; with [`Fold::Whole`], of the same side
    /// of as_of instead of the same day. A heavy archive's millions of
    /// messages so become one event per conversation and sender (and day,
    /// where another entry may hold the same messages): memory follows
    /// conversations, not messages, and every count and date the report
    /// gives stays exact (docs/performance.md).
    pub fn message(&mut self, m: &MessageEvent<'_>) {
        let day = self.day.day(m.when, &self.tz);
        match self.fold {
            Fold::Day => self.fold_in(m, day, None),
            Fold::Whole { as_of } => {
                if self.seen.insert(m.fingerprint) {
                    self.fold_in(m, side_of(day, as_of), Some(Span::on(day)));
                }
            }
        }
    }

    /// Folds into the event of `m`'s kind, channel, sender, participants
    /// and `bucket` (a day, or a side of as_of): `m`'s fingerprint, or
    /// `span`.
    fn fold_in(&mut self, m: &MessageEvent<'_>, bucket: Date, span: Option<Span>) {
        let mut h = FxHasher::default();
        (m.kind, m.channel, m.sender, m.participants, bucket).hash(&mut h);
        let key = h.finish();
        if let Some(&(i, on)) = self.folds.get(&key) {
            let e = &mut self.events[i];
            if on == bucket
                && e.kind == m.kind
                && e.origin.channel == *m.channel
                && e.sender() == m.sender
                && *e.origin.participants == *m.participants
            {
                match (&mut e.at, span) {
                    (At::Span(into), Some(span)) => into.absorb(span),
                    (At::Once(_), None) => {
                        // Not a vector per event grown message by message:
                        // those scatter the heap (docs/performance.md).
                        let i = u32::try_from(i).expect("fewer than 2^32 events");
                        self.pending.push((i, m.fingerprint));
                    }
                    _ => unreachable!("a sink folds its messages one way"),
                }
                return;
            }
        }
        self.folds.insert(key, (self.events.len(), bucket));
        let mut h = FxHasher::default();
        (m.channel, m.participants, &m.location.file).hash(&mut h);
        let origin = match self.origins.get(&h.finish()) {
            Some(o)
                if o.channel == *m.channel
                    && *o.participants == *m.participants
                    && o.file == m.location.file =>
            {
                Arc::clone(o)
            }
            // None, or another origin with the same hash: this one takes
            // its place (a collision costs sharing, never correctness).
            _ => {
                let o = Arc::new(Origin {
                    channel: m.channel.clone(),
                    participants: m.participants.into(),
                    file: Arc::clone(&m.location.file),
                    dedup_key: None,
                });
                self.origins.insert(h.finish(), Arc::clone(&o));
                o
            }
        };
        let (at, folded) = match span {
            None => (At::Once(m.when), Prints::one(m.fingerprint)),
            Some(span) => (At::Span(span), Prints::default()),
        };
        self.events.push(Event {
            kind: m.kind,
            at,
            sender: pack_sender(m.sender),
            origin,
            line: m.location.line.and_then(NonZeroU64::new),
            folded,
        });
    }

    /// A buffer for messages whose participants the importer learns only
    /// at the end of the entry.
    pub fn later<K: Hash + Eq + Clone>(&self) -> Later<K> {
        Later {
            fold: self.fold,
            items: Vec::new(),
            whole: HashMap::default(),
        }
    }

    /// Adds what `later` holds, in the order first met: `shared` tells,
    /// for each key and line, what its messages share (`None` skips them);
    /// it is asked for every item, so the records it makes come in the
    /// order of the entry.
    pub fn take<K>(
        &mut self,
        later: Later<K>,
        mut shared: impl FnMut(&K, u64, &mut Sink, &mut dyn FnMut(&mut Sink, Shared<'_>)),
    ) {
        for (key, line, held) in later.items {
            shared(&key, line, self, &mut |sink, s| {
                let (when, fingerprint, span) = match held {
                    Held::One { when, fingerprint } => (when, fingerprint, None),
                    Held::Whole(Some(span)) => (When::Day(span.first), 0, Some(span)),
                    // Every one of them counted already, as
                    // [`Sink::message`] skips a message it met before.
                    Held::Whole(None) => return,
                };
                let m = MessageEvent {
                    kind: s.kind,
                    channel: s.channel,
                    when,
                    sender: s.sender,
                    participants: s.participants,
                    location: s.location,
                    fingerprint,
                };
                match span {
                    Some(span) => {
                        let Fold::Whole { as_of } = sink.fold else {
                            unreachable!("spans come from a sink that folds whole");
                        };
                        sink.fold_in(&m, side_of(span.first, as_of), Some(span));
                    }
                    None => sink.message(&m),
                }
            });
        }
    }

    /// Makes room for `n` more messages ([`Sink::message`]), when the
    /// importer knows how many are coming (a thread file's).
    pub fn expect_messages(&mut self, n: usize) {
        if let Fold::Whole { .. } = self.fold {
            self.seen.reserve(n);
        }
    }

    /// Records a skipped record or entry.
    pub fn warn(&mut self, location: Location, message: impl Into<String>) {
        self.warnings.push(Warning {
            location,
            message: message.into(),
        });
    }

    /// Gives every event the fingerprints of the messages folded into it
    /// since the last time: the events that fold more than one message
    /// get a run of one store they share, in the order the messages came.
    /// [`Sink::append`] settles what it appends; an importer's sink read
    /// directly must be settled first.
    pub fn settle(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let mut pending = std::mem::take(&mut self.pending);
        // Stable: an event's messages keep their order.
        pending.sort_by_key(|&(i, _)| i);
        let total: usize = pending.len()
            + pending
                .chunk_by(|a, b| a.0 == b.0)
                .map(|run| self.events[run[0].0 as usize].folded.len())
                .sum::<usize>();
        let mut all = Vec::with_capacity(total);
        let mut runs = Vec::new();
        for run in pending.chunk_by(|a, b| a.0 == b.0) {
            let i = run[0].0 as usize;
            let start = all.len();
            all.extend_from_slice(&self.events[i].folded);
            all.extend(run.iter().map(|&(_, print)| print));
            runs.push((i, start, all.len() - start));
        }
        let store = Arc::new(all);
        let fits = |n: usize| u32::try_from(n).expect("fewer than 2^32 messages in a sink");
        for (i, start, len) in runs {
            self.events[i].folded = Prints::stored(Arc::clone(&store), fits(start), fits(len));
        }
    }

    /// Appends everything from `other`, shifting its record references.
    pub fn append(&mut self, mut other: Sink) {
        other.settle();
        let offset = RecordRef::try_from(self.records.len()).expect("fewer than 2^32 records");
        self.records.extend(other.records);
        // Each origin shifted, by its address: a thread's events share one,
        // so it is shifted once. The map holds the old origin too, so no
        // address it keys can be freed and reused while it is in use.
        let mut shifted: HashMap<*const Origin, [Arc<Origin>; 2], FxBuildHasher> =
            HashMap::default();
        self.events.reserve(other.events.len());
        for mut e in other.events {
            e.sender = pack_sender(e.sender().map(|s| s + offset));
            if offset > 0 {
                let [_, new] = shifted.entry(Arc::as_ptr(&e.origin)).or_insert_with(|| {
                    let new = Arc::new(Origin {
                        participants: e.origin.participants.iter().map(|p| p + offset).collect(),
                        ..Origin::clone(&e.origin)
                    });
                    [Arc::clone(&e.origin), new]
                });
                e.origin = Arc::clone(new);
            }
            self.events.push(e);
        }
        self.warnings.extend(other.warnings);
    }
}

/// Messages an importer reads before it knows who took part in them
/// (LinkedIn's `messages.csv`, whose recipients are named only by what the
/// whole file says): kept by the importer's key `K` and folded as the sink
/// that made it folds, then handed over with [`Sink::take`].
pub struct Later<K> {
    fold: Fold,
    /// In the order first met: the key, the (first) message's line, and
    /// what it holds.
    items: Vec<(K, u64, Held)>,
    /// With [`Fold::Whole`]: the item of each key and side of as_of.
    whole: HashMap<(K, bool), usize, FxBuildHasher>,
}

/// What a [`Later`] item stands for.
enum Held {
    /// One message ([`Fold::Day`]).
    One { when: When, fingerprint: u64 },
    /// Messages folded whole, each counted the first time the entry holds
    /// it; `None` when every one of them came earlier.
    Whole(Option<Span>),
}

impl<K: Hash + Eq + Clone> Later<K> {
    /// Adds one message with key `key`, met at `line`.
    pub fn message(&mut self, sink: &mut Sink, key: K, when: When, fingerprint: u64, line: u64) {
        let Fold::Whole { as_of } = self.fold else {
            self.items
                .push((key, line, Held::One { when, fingerprint }));
            return;
        };
        let tz = &sink.tz;
        let day = sink.day.day(when, tz);
        let new = sink.seen.insert(fingerprint).then_some(Span::on(day));
        match self.whole.entry((key, day > as_of)) {
            std::collections::hash_map::Entry::Occupied(at) => {
                if let (Held::Whole(span), Some(new)) = (&mut self.items[*at.get()].2, new) {
                    match span {
                        Some(span) => span.absorb(new),
                        None => *span = Some(new),
                    }
                }
            }
            std::collections::hash_map::Entry::Vacant(at) => {
                let key = at.key().0.clone();
                at.insert(self.items.len());
                self.items.push((key, line, Held::Whole(new)));
            }
        }
    }

    /// The keys held and the line of each, in the order first met.
    pub fn keys(&self) -> impl Iterator<Item = (&K, u64)> {
        self.items.iter().map(|(k, line, _)| (k, *line))
    }
}

/// What a [`Later`] item's messages share, once the importer knows it.
pub struct Shared<'a> {
    pub kind: EventKind,
    pub channel: &'a Channel,
    pub sender: Option<RecordRef>,
    pub participants: &'a [RecordRef],
    pub location: &'a Location,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceKind;

    #[test]
    fn messages_folded_whole_keep_their_days_and_count_each_once() {
        let loc = Location::new(Arc::from("t"), Some(4));
        let ny = TimeZone::get("America/New_York").unwrap();
        let as_of = jiff::civil::date(2024, 5, 10);
        let mut sink = Sink::folding(Fold::Whole { as_of }, ny.clone());
        let add = |sink: &mut Sink, sender: RecordRef, at: &str, fingerprint: u64| {
            sink.message(&MessageEvent {
                kind: EventKind::Online,
                channel: &Channel::FacebookMessage,
                when: When::Instant(at.parse().unwrap()),
                sender: Some(sender),
                participants: &[0, 1],
                location: &loc,
                fingerprint,
            });
        };
        // Newest first, as Facebook writes them; 03:00 UTC is the day
        // before in New York.
        add(&mut sink, 1, "2024-05-09T15:00:00Z", 1);
        add(&mut sink, 0, "2024-05-08T15:00:00Z", 2);
        add(&mut sink, 1, "2024-05-03T03:00:00Z", 3);
        add(&mut sink, 1, "2024-05-09T15:00:00Z", 1); // read twice
        add(&mut sink, 1, "2024-05-11T15:00:00Z", 4); // after as_of
        add(&mut sink, 1, "2024-05-10T23:59:00-04:00", 5); // as_of, late
        add(&mut sink, 1, "2024-05-12T15:00:00Z", 6);
        sink.settle();
        let got: Vec<(Option<RecordRef>, Option<Span>, usize)> = sink
            .events
            .iter()
            .map(|e| (e.sender(), e.span(), e.folded.len()))
            .collect();
        let span = |first: (i16, i8, i8), last: (i16, i8, i8), count| {
            Some(Span {
                first: jiff::civil::date(first.0, first.1, first.2),
                last: jiff::civil::date(last.0, last.1, last.2),
                count,
            })
        };
        assert_eq!(
            got,
            [
                (Some(1), span((2024, 5, 2), (2024, 5, 10), 3), 0),
                (Some(0), span((2024, 5, 8), (2024, 5, 8), 1), 0),
                (Some(1), span((2024, 5, 11), (2024, 5, 12), 2), 0),
            ]
        );
        assert_eq!(
            sink.events[0].when(),
            When::Day(jiff::civil::date(2024, 5, 2))
        );
        assert_eq!(sink.events[0].count(), 3);
        assert_eq!(sink.events[0].location().to_string(), "t:4");
    }

    #[test]
    fn folded_fingerprints_settle_in_message_order_however_often() {
        let loc = Location::new(Arc::from("t"), None);
        let add = |sink: &mut Sink, sender: RecordRef, fingerprint: u64| {
            sink.message(&MessageEvent {
                kind: EventKind::Online,
                channel: &Channel::LinkedinMessage,
                when: When::Instant("2024-05-02T12:00:00Z".parse().unwrap()),
                sender: Some(sender),
                participants: &[0, 1],
                location: &loc,
                fingerprint,
            });
        };
        let prints = |sink: &Sink| -> Vec<Vec<u64>> {
            sink.events.iter().map(|e| e.folded.to_vec()).collect()
        };
        let mut sink = Sink::new();
        // Two events, their messages interleaved.
        for (sender, print) in [(0, 10), (1, 20), (0, 11), (1, 21), (0, 12)] {
            add(&mut sink, sender, print);
        }
        sink.settle();
        assert_eq!(prints(&sink), [vec![10, 11, 12], vec![20, 21]]);
        // More messages after settling, then again.
        add(&mut sink, 1, 22);
        add(&mut sink, 0, 13);
        sink.settle();
        sink.settle();
        assert_eq!(prints(&sink), [vec![10, 11, 12, 13], vec![20, 21, 22]]);
        // Appending settles what it appends.
        let mut other = Sink::new();
        add(&mut other, 1, 30);
        add(&mut other, 1, 31);
        let mut all = Sink::new();
        all.append(other);
        assert_eq!(prints(&all), [vec![30, 31]]);
        assert_eq!(all.events[0].count(), 2);
    }

    #[test]
    fn messages_fold_by_sender_participants_and_day_in_the_zone() {
        let loc = Location::new(Arc::from("t"), None);
        let at = |s: &str| When::Instant(s.parse().unwrap());
        let tz = TimeZone::get("America/New_York").unwrap();
        let mut sink = Sink::folding(Fold::Day, tz);
        let mut add = |when: When, sender: Option<RecordRef>, fingerprint: u64| {
            sink.message(&MessageEvent {
                kind: EventKind::Online,
                channel: &Channel::FacebookMessage,
                when,
                sender,
                participants: &[0, 1],
                location: &loc,
                fingerprint,
            });
        };
        add(at("2024-05-02T12:00:00Z"), Some(1), 1);
        add(at("2024-05-02T03:59:00Z"), Some(1), 2); // 1 May in New York
        add(at("2024-05-02T23:00:00Z"), Some(1), 3);
        add(at("2024-05-02T13:00:00Z"), Some(0), 4); // another sender
        add(at("2024-05-02T04:00:00Z"), Some(1), 5); // 2 May in New York
        sink.settle();
        let folded: Vec<(Option<RecordRef>, Vec<u64>)> = sink
            .events
            .iter()
            .map(|e| (e.sender(), e.folded.to_vec()))
            .collect();
        assert_eq!(
            folded,
            [
                (Some(1), vec![1, 3, 5]),
                (Some(1), vec![2]),
                (Some(0), vec![4])
            ]
        );
        assert_eq!(sink.events[0].count(), 3);
        assert_eq!(sink.events[0].when(), at("2024-05-02T12:00:00Z"));
    }

    #[test]
    fn a_threads_events_share_one_origin_shifted_once() {
        let loc = Location::new(Arc::from("t"), None);
        let thread = |sink: &mut Sink, participants: &[RecordRef], days: &[&str]| {
            for (i, day) in days.iter().enumerate() {
                sink.message(&MessageEvent {
                    kind: EventKind::Online,
                    channel: &Channel::FacebookMessage,
                    when: When::Instant(format!("{day}T12:00:00Z").parse().unwrap()),
                    sender: Some(participants[0]),
                    participants,
                    location: &loc,
                    fingerprint: i as u64,
                });
            }
        };
        let mut other = Sink::new();
        thread(&mut other, &[0, 1], &["2024-05-01", "2024-05-02"]);
        thread(&mut other, &[0, 2], &["2024-05-01", "2024-05-03"]);
        // The first thread again, after the second (LinkedIn interleaves
        // its conversations): its origin is still the first one.
        thread(&mut other, &[0, 1], &["2024-05-04"]);
        let p = |s: &Sink, i: usize| Arc::clone(&s.events[i].origin);
        assert!(Arc::ptr_eq(&p(&other, 0), &p(&other, 1)));
        assert!(!Arc::ptr_eq(&p(&other, 1), &p(&other, 2)));
        assert!(Arc::ptr_eq(&p(&other, 2), &p(&other, 3)));
        assert!(Arc::ptr_eq(&p(&other, 0), &p(&other, 4)));
        let mut sink = Sink::new();
        sink.record(Record::new(SourceKind::Vcard, loc.clone()));
        sink.record(Record::new(SourceKind::Vcard, loc.clone()));
        sink.append(other);
        let lists: Vec<Vec<RecordRef>> = sink
            .events
            .iter()
            .map(|e| e.participants().to_vec())
            .collect();
        assert_eq!(
            lists,
            [vec![2, 3], vec![2, 3], vec![2, 4], vec![2, 4], vec![2, 3]]
        );
        assert!(sink.events.iter().all(|e| e.location() == loc));
        assert!(Arc::ptr_eq(&p(&sink, 0), &p(&sink, 1)));
        assert!(Arc::ptr_eq(&p(&sink, 2), &p(&sink, 3)));
        assert!(Arc::ptr_eq(&p(&sink, 0), &p(&sink, 4)));
        assert!(!Arc::ptr_eq(&p(&sink, 0), &p(&sink, 2)));
    }

    #[test]
    fn the_day_cache_agrees_with_the_zone() {
        // Instants an hour and a quarter apart over two DST changes, in
        // order and then back and forth: the cached day is always the day
        // the zone gives.
        for zone in [
            "America/New_York",
            "Europe/Berlin",
            "America/Sao_Paulo",
            "UTC",
        ] {
            let tz = TimeZone::get(zone).unwrap();
            let start: Timestamp = "2024-03-09T00:00:00Z".parse().unwrap();
            let mut cache = DayCache::default();
            let steps = (0..600i64).chain((0..600).rev()).chain((0..600).step_by(7));
            for k in steps {
                let t = start + jiff::SignedDuration::from_mins(75 * k);
                let when = When::Instant(t);
                assert_eq!(cache.day(when, &tz), when.date_in(&tz), "{zone} {t}");
            }
            let autumn: Timestamp = "2024-11-03T03:30:00Z".parse().unwrap();
            for k in 0..200i64 {
                let when = When::Instant(autumn + jiff::SignedDuration::from_mins(17 * k));
                assert_eq!(cache.day(when, &tz), when.date_in(&tz), "{zone}");
            }
        }
    }

    /// The day's bounds the cache keeps are what `Zoned::start_of_day`
    /// gives (as the cache first computed them), every day of eleven years
    /// in zones whose clocks change at midnight.
    #[test]
    fn day_bounds_are_the_zoned_start_of_day() {
        for zone in [
            "America/Havana",
            "America/Santiago",
            "America/Asuncion",
            "Asia/Beirut",
            "Africa/Cairo",
            "America/Sao_Paulo",
            "Europe/Berlin",
            "UTC",
        ] {
            let tz = TimeZone::get(zone).unwrap();
            let mut day = jiff::civil::date(2015, 1, 1);
            while day.year() < 2026 {
                let zoned = day
                    .to_zoned_datetime(tz.clone())
                    .unwrap()
                    .start_of_day()
                    .unwrap();
                let next = zoned.tomorrow().unwrap().start_of_day().unwrap();
                let mut cache = DayCache::default();
                let when = When::Instant(zoned.timestamp());
                assert_eq!(cache.day(when, &tz), day, "{zone} {day}");
                assert_eq!(
                    cache.0,
                    Some((zoned.timestamp(), next.timestamp(), day)),
                    "{zone} {day}"
                );
                day = day.tomorrow().unwrap();
            }
        }
    }

    #[test]
    fn fingerprints_separate_their_parts() {
        assert_ne!(fingerprint(&[b"ab", b"c"]), fingerprint(&[b"a", b"bc"]));
        assert_eq!(fingerprint(&[b"ab", b"c"]), fingerprint(&[b"ab", b"c"]));
        // Trailing zero bytes, an empty part, the part count: all count.
        let distinct = [
            fingerprint(&[]),
            fingerprint(&[b""]),
            fingerprint(&[b"", b""]),
            fingerprint(&[b"\0"]),
            fingerprint(&[b"a"]),
            fingerprint(&[b"a\0"]),
            fingerprint(&[b"a", b""]),
            fingerprint(&[b"", b"a"]),
        ];
        let set: HashSet<u64> = distinct.iter().copied().collect();
        assert_eq!(set.len(), distinct.len());
    }

    /// Pinned: a fingerprint must not depend on the platform's byte order
    /// or word size.
    #[test]
    fn fingerprints_are_the_same_everywhere() {
        assert_eq!(
            fingerprint(&[b"linkedin-message", b"2024-03-15 09:30:00 UTC", b"x"]),
            0x7cda_4725_adcd_742b
        );
    }

    /// Messages alike but for a character or two (a counter, a timestamp,
    /// one changed letter) never share a fingerprint, and every bit is set
    /// about half the time: the repeat check's Bloom filter takes its bits
    /// from them.
    #[test]
    fn similar_messages_get_unrelated_fingerprints() {
        let mut seen = HashSet::new();
        let mut ones = [0u32; 64];
        let mut n = 0u32;
        let mut add = |p: u64| {
            assert!(
                seen.insert(p),
                "collision after {} fingerprints",
                seen.len()
            );
            for (bit, count) in ones.iter_mut().enumerate() {
                *count += u32::from(p >> bit & 1 == 1);
            }
            n += 1;
        };
        let base = "See you at the coffee place on Tuesday, around ten?";
        for i in 0..100_000u32 {
            let ms = 1_700_000_000_000u64 + u64::from(i) * 1000;
            add(fingerprint(&[
                b"facebook:message",
                b"inbox/ana_1",
                &ms.to_le_bytes(),
                b"Ana",
            ]));
            add(fingerprint(&[
                b"linkedin-message",
                i.to_string().as_bytes(),
                b"url",
                base.as_bytes(),
            ]));
        }
        for i in 0..base.len() {
            for c in [b'_', b'A', 0u8, 0xff] {
                let mut text = base.as_bytes().to_vec();
                text[i] = c;
                add(fingerprint(&[b"linkedin-message", b"d", b"url", &text]));
            }
        }
        for count in ones {
            let share = f64::from(count) / f64::from(n);
            assert!((0.49..0.51).contains(&share), "{share}");
        }
    }
}
