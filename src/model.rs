//! The shared vocabulary of every stage: records, events, locations, warnings
//! and the normalized identifiers that link records into people.
//!
//! Everything here is plain data. Importers produce [`Record`]s and events
//! (each described as a [`NewEvent`], or a message folded by
//! [`crate::import::Sink`]); `resolve` links records into people; `analyze`
//! turns [`Event`]s into per-person numbers. The newtypes [`Email`], [`Phone`] and
//! [`LinkedinUrl`] can only be built through their normalizing constructors,
//! so a value of one of those types is always in canonical form and the
//! rules live here once.

use std::fmt;
use std::num::{NonZeroU32, NonZeroU64};
use std::sync::{Arc, LazyLock};

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// The kind of export a record or event came from. The lowercase names fill
/// the report's `sources` column and name the importer modules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceKind {
    Calendar,
    Calllog,
    /// The config file's `me` section (the owner only; never reported).
    Config,
    Facebook,
    Linkedin,
    Touchpoints,
    Vcard,
}

impl SourceKind {
    /// The name used in the `sources` column, in module names and fixtures.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Calendar => "calendar",
            SourceKind::Calllog => "calllog",
            SourceKind::Config => "config",
            SourceKind::Facebook => "facebook",
            SourceKind::Linkedin => "linkedin",
            SourceKind::Touchpoints => "touchpoints",
            SourceKind::Vcard => "vcard",
        }
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where something was read: the input path (for an archive member,
/// `archive.zip!member/path`) and, when known, the 1-based line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: Arc<str>,
    pub line: Option<u64>,
}

impl Location {
    pub fn new(file: Arc<str>, line: Option<u64>) -> Location {
        Location { file, line }
    }

    /// The same file at another line.
    #[must_use]
    pub fn at_line(&self, line: u64) -> Location {
        Location {
            file: Arc::clone(&self.file),
            line: Some(line),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.file),
            None => f.write_str(&self.file),
        }
    }
}

/// A problem with one record or one entry that was skipped; import goes on.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub location: Location,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// A normalized email address: trimmed, `mailto:` removed, lowercased.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Email(String);

impl Email {
    /// Normalizes `raw`, or returns `None` when it is not an address
    /// (no `@`, spaces inside, a LinkedIn `urn:li:member:` placeholder).
    pub fn parse(raw: &str) -> Option<Email> {
        let s = raw.trim().trim_matches(|c| c == '<' || c == '>').trim();
        let s = strip_prefix_ignore_case(s, "mailto:").unwrap_or(s).trim();
        let (local, domain) = s.rsplit_once('@')?;
        if local.is_empty()
            || domain.is_empty()
            || !domain.contains('.')
            || s.chars().any(|c| c.is_whitespace() || c.is_control())
            || local.contains('@')
        {
            return None;
        }
        Some(Email(s.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A phone number in E.164 form (`+15550102345`).
///
/// Parsed with `phonenumber` in the contact's region, but numbers it deems
/// invalid are kept (fictional 555-01xx ranges are common in address books).
/// A number written with `+` or `00` is international whatever the region.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Phone(String);

impl Phone {
    /// Normalizes `raw` in `region` (an ISO 3166 alpha-2 code such as `US`).
    /// Returns `None` for values with too few digits to be a number (hidden
    /// callers, `null`, short codes of fewer than 3 digits).
    pub fn parse(raw: &str, region: Region) -> Option<Phone> {
        let raw = raw.trim();
        let raw = strip_prefix_ignore_case(raw, "tel:").unwrap_or(raw);
        // Drop an extension or dial-string tail: "555-0100 ext. 12", ";ext=12".
        let main = raw
            .split([';', ',', 'x', 'X'])
            .next()
            .unwrap_or(raw)
            .split("ext")
            .next()
            .unwrap_or(raw);
        let digits: String = main.chars().filter(char::is_ascii_digit).collect();
        if digits.len() < 3 {
            return None;
        }
        let first = main
            .trim_start()
            .chars()
            .find(|c| c.is_ascii_digit() || *c == '+');
        let international = if first == Some('+') {
            Some(digits.clone())
        } else {
            digits.strip_prefix("00").map(str::to_owned)
        };
        if let Some(intl) = international {
            if intl.is_empty() {
                return None;
            }
            let text = format!("+{intl}");
            // A North American number (+1, then an area code that cannot
            // start with 0 or 1, ten digits in all) is already in E.164 form,
            // as `phonenumber` would give it
            // (`tests::north_american_numbers_need_no_phonenumber`).
            if is_north_american(&intl) {
                return Some(Phone(text));
            }
            return Some(remembered(&text, None, || {
                match phonenumber::parse(None, &text) {
                    Ok(n) => Phone(n.format().mode(phonenumber::Mode::E164).to_string()),
                    Err(_) => Phone(text.clone()),
                }
            }));
        }
        let country_code = phonenumber::metadata::DATABASE
            .by_id(region.code().as_str())
            .map(|m| m.country_code());
        // North American numbers: ten digits (or eleven with the trunk 1) are
        // the whole national number, valid by libphonenumber or not (the
        // fictional 555 and invalid 1xx area codes are common in address
        // books and must not lose digits).
        if country_code == Some(1) {
            if digits.len() == 10 {
                return Some(Phone(format!("+1{digits}")));
            }
            if digits.len() == 11 && digits.starts_with('1') {
                return Some(Phone(format!("+{digits}")));
            }
        }
        Some(remembered(&digits, Some(region), || {
            match phonenumber::parse(Some(region.id()), &digits) {
                Ok(n) if phonenumber::is_valid(&n) || digits.len() >= 7 => {
                    Phone(n.format().mode(phonenumber::Mode::E164).to_string())
                }
                // Too short to be a subscriber number anywhere: an extension
                // or a short code, kept as written rather than given a
                // made-up country.
                _ => Phone(digits.clone()),
            }
        }))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `+1` and ten digits whose area code starts with 2–9 (`intl` is the digits
/// after the `+`).
fn is_north_american(intl: &str) -> bool {
    let b = intl.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'2'..=b'9').contains(&b[1])
}

/// What `phonenumber` made of `text` in `region` (`None`: international),
/// remembered per thread. `phonenumber` takes about 15 µs a number (its
/// regular expressions are looked up by hashing their whole pattern on every
/// use), and a call log names the same few numbers again and again.
fn remembered(text: &str, region: Option<Region>, parse: impl FnOnce() -> Phone) -> Phone {
    /// Numbers kept per thread before the memory starts again.
    const KEEP: usize = 1 << 16;
    /// A scratch key, and the numbers by region code and text.
    type Seen = (String, rustc_hash::FxHashMap<Box<str>, Phone>);
    thread_local! {
        static SEEN: std::cell::RefCell<Seen> = std::cell::RefCell::default();
    }
    SEEN.with_borrow_mut(|(key, seen)| {
        // National digits never start with `+`: the region code keeps the
        // keys of two regions apart from each other and from international
        // numbers.
        key.clear();
        if let Some(region) = region {
            key.push_str(&region.code());
        }
        key.push_str(text);
        if let Some(phone) = seen.get(key.as_str()) {
            return phone.clone();
        }
        let phone = parse();
        if seen.len() >= KEEP {
            seen.clear();
        }
        seen.insert(key.as_str().into(), phone.clone());
        phone
    })
}

/// The region national phone numbers are read in (`--region`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region(phonenumber::country::Id);

impl Region {
    /// Parses a two-letter region code, case-insensitively.
    pub fn parse(code: &str) -> Option<Region> {
        code.trim().to_ascii_uppercase().parse().ok().map(Region)
    }

    pub fn id(self) -> phonenumber::country::Id {
        self.0
    }

    pub fn code(self) -> String {
        format!("{:?}", self.0)
    }
}

impl Default for Region {
    fn default() -> Region {
        Region(phonenumber::country::Id::US)
    }
}

/// A canonical LinkedIn profile URL: `https://www.linkedin.com/in/<slug>`
/// with the slug percent-decoded and lowercased.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LinkedinUrl(String);

impl LinkedinUrl {
    /// Canonicalizes any spelling of a profile URL: with or without scheme,
    /// any host case or country subdomain (`de.linkedin.com`), a trailing
    /// slash, query or fragment, percent-encoding, `\:` escapes from vCards.
    /// Returns `None` for anything that is not a `/in/<slug>` profile.
    pub fn parse(raw: &str) -> Option<LinkedinUrl> {
        let s = raw.trim().replace("\\:", ":");
        let lower = s.to_ascii_lowercase();
        let start = lower.find("linkedin.com/in/")? + "linkedin.com/in/".len();
        // The host must be linkedin.com or a subdomain of it.
        let before = &lower[..start - "linkedin.com/in/".len()];
        let host_prefix = before.rsplit("//").next().unwrap_or(before);
        if !(host_prefix.is_empty() || host_prefix.ends_with('.')) || host_prefix.contains('/') {
            return None;
        }
        let rest = &s[start..];
        let slug = rest.split(['/', '?', '#']).next().unwrap_or("");
        let slug = percent_decode(slug).trim().to_lowercase();
        if slug.is_empty() || slug.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return None;
        }
        Some(LinkedinUrl(format!("https://www.linkedin.com/in/{slug}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LinkedinUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    if s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
    {
        Some(&s[prefix.len()..])
    } else {
        None
    }
}

/// Decodes `%XX` escapes; invalid escapes are kept as they are, and so is
/// the whole text when the bytes it decodes to are not UTF-8.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map_or_else(|_| s.to_owned(), std::borrow::Cow::into_owned)
}

/// Who a person means when they name someone on the command line or in the
/// config (`explain WHO`, `log WHO`, an `[identity]` side, a group member):
/// a LinkedIn profile, an email address, a phone number, or else a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Identifier {
    Linkedin(LinkedinUrl),
    Email(Email),
    Phone(Phone),
    /// The name as written, trimmed.
    Name(String),
}

impl Identifier {
    /// Tells what `raw` is: a LinkedIn profile URL; an email address; a
    /// phone number (five digits or more and no letters, read in `region`
    /// when written without a country code); else a name. `None` when it is
    /// blank.
    pub fn parse(raw: &str, region: Region) -> Option<Identifier> {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        if let Some(u) = LinkedinUrl::parse(raw) {
            return Some(Identifier::Linkedin(u));
        }
        if let Some(e) = Email::parse(raw) {
            return Some(Identifier::Email(e));
        }
        let digits = raw.chars().filter(char::is_ascii_digit).count();
        if digits >= 5 && !raw.chars().any(char::is_alphabetic) {
            if let Some(p) = Phone::parse(raw, region) {
                return Some(Identifier::Phone(p));
            }
        }
        Some(Identifier::Name(raw.to_owned()))
    }
}

/// Index of a record in the run's record list.
pub type RecordRef = u32;

/// One person as one source sees them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    pub source: Option<SourceKind>,
    pub location: Option<Location>,
    /// Display names; the first is the preferred one.
    pub names: Vec<String>,
    pub emails: Vec<Email>,
    pub phones: Vec<Phone>,
    pub linkedin: Option<LinkedinUrl>,
    pub company: Option<String>,
    pub position: Option<String>,
    /// vCard CATEGORIES and similar labels.
    pub categories: Vec<String>,
    /// The account owner (LinkedIn Profile.csv, Facebook profile).
    pub owner: bool,
    /// The names are a hint for linking (a call log's `contact_name`, a
    /// calendar attendee's CN), not an identity of their own.
    pub name_is_hint: bool,
}

impl Record {
    /// A record from `source` read at `location`.
    pub fn new(source: SourceKind, location: Location) -> Record {
        Record {
            source: Some(source),
            location: Some(location),
            ..Record::default()
        }
    }

    pub fn source(&self) -> SourceKind {
        self.source.expect("every imported record has a source")
    }

    /// Adds a display name unless it is blank or already present.
    pub fn add_name(&mut self, name: &str) {
        let name = name.trim();
        if !name.is_empty() && !self.names.iter().any(|n| n == name) {
            self.names.push(name.to_owned());
        }
    }

    pub fn add_email(&mut self, email: Email) {
        if !self.emails.contains(&email) {
            self.emails.push(email);
        }
    }

    pub fn add_phone(&mut self, phone: Phone) {
        if !self.phones.contains(&phone) {
            self.phones.push(phone);
        }
    }

    /// True when the record carries nothing that could identify anybody.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
            && self.emails.is_empty()
            && self.phones.is_empty()
            && self.linkedin.is_none()
    }
}

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
    FacebookMessage,
    FacebookFriend,
    MessengerCall,
    PhoneCall,
    Sms,
    Mms,
    Meeting,
    VideoMeeting,
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

    fn us() -> Region {
        Region::parse("US").unwrap()
    }

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

    #[test]
    fn identifiers_are_told_apart_once() {
        let parse = |s: &str| Identifier::parse(s, us());
        assert_eq!(
            parse(" Ada@Example.com "),
            Some(Identifier::Email(Email::parse("ada@example.com").unwrap()))
        );
        assert_eq!(
            parse("(555) 010-0102"),
            Some(Identifier::Phone(
                Phone::parse("+15550100102", us()).unwrap()
            ))
        );
        assert_eq!(
            parse("linkedin.com/in/ada-lovelace/"),
            Some(Identifier::Linkedin(
                LinkedinUrl::parse("https://www.linkedin.com/in/ada-lovelace").unwrap()
            ))
        );
        assert_eq!(
            parse("Ada Lovelace"),
            Some(Identifier::Name("Ada Lovelace".into()))
        );
        // Digits with letters are a name; a blank is nobody.
        assert_eq!(
            parse("Agent 00700"),
            Some(Identifier::Name("Agent 00700".into()))
        );
        assert_eq!(parse("   "), None);
    }

    #[test]
    fn email_normalizes() {
        assert_eq!(
            Email::parse(" MAILTO:Ada@Example.COM ").unwrap().as_str(),
            "ada@example.com"
        );
        assert_eq!(Email::parse("<a@b.org>").unwrap().as_str(), "a@b.org");
        assert!(Email::parse("urn:li:member:12345").is_none());
        assert!(Email::parse("not an@email.com").is_none());
        assert!(Email::parse("").is_none());
    }

    #[test]
    fn north_american_numbers_need_no_phonenumber() {
        // Every area code, with exchanges and lines across their range
        // (including the fictional 555 and N11 codes): E.164 as written.
        let mut checked = 0;
        for area in 200..1000 {
            for rest in [
                "5550100", "2000000", "9999999", "0000000", "1234567", "5551212",
            ] {
                let intl = format!("1{area}{rest}");
                assert!(is_north_american(&intl));
                let text = format!("+{intl}");
                let n = phonenumber::parse(None, &text).unwrap();
                assert_eq!(n.format().mode(phonenumber::Mode::E164).to_string(), text);
                assert_eq!(Phone::parse(&text, us()).unwrap().as_str(), text);
                checked += 1;
            }
        }
        assert_eq!(checked, 4800);
        // Not the fast path: other countries, area codes 0xx and 1xx, lengths.
        for intl in [
            "442079460000",
            "10005550100",
            "11005550100",
            "1555010234",
            "155501023456",
        ] {
            assert!(!is_north_american(intl), "{intl}");
        }
    }

    #[test]
    fn phones_parsed_again_come_out_the_same() {
        let gb = Region::parse("GB").unwrap();
        let london = Phone::parse("020 7946 0000", gb).unwrap();
        assert_eq!(london.as_str(), "+442079460000");
        // The same digits read in another region are another number.
        let elsewhere = Phone::parse("020 7946 0000", us()).unwrap();
        assert_ne!(elsewhere, london);
        for _ in 0..3 {
            assert_eq!(Phone::parse("020 7946 0000", gb).unwrap(), london);
            assert_eq!(Phone::parse("020 7946 0000", us()).unwrap(), elsewhere);
            assert_eq!(Phone::parse("+44 20 7946 0000", us()).unwrap(), london);
            assert_eq!(Phone::parse("12", us()), None);
        }
    }

    #[test]
    fn phone_national_and_international() {
        assert_eq!(
            Phone::parse("(555) 010-2345", us()).unwrap().as_str(),
            "+15550102345"
        );
        assert_eq!(
            Phone::parse("5555550013", us()).unwrap().as_str(),
            "+15555550013"
        );
        assert_eq!(
            Phone::parse("+1 555 555 0013", us()).unwrap().as_str(),
            "+15555550013"
        );
        assert_eq!(
            Phone::parse("15555550013", us()).unwrap().as_str(),
            "+15555550013"
        );
        // 00 is international whatever the region.
        assert_eq!(
            Phone::parse("0049 30 1234567", us()).unwrap().as_str(),
            "+49301234567"
        );
        assert_eq!(
            Phone::parse("+49 (0)30 1234567", us()).unwrap().as_str(),
            "+49301234567"
        );
        let de = Region::parse("de").unwrap();
        assert_eq!(
            Phone::parse("030 1234567", de).unwrap().as_str(),
            "+49301234567"
        );
        assert_eq!(
            Phone::parse("tel:+1-555-010-2345", us()).unwrap().as_str(),
            "+15550102345"
        );
        assert!(Phone::parse("null", us()).is_none());
        assert_eq!(
            Phone::parse("(111) 555-1212", us()).unwrap().as_str(),
            "+11115551212"
        );
        assert_eq!(Phone::parse("123456", us()).unwrap().as_str(), "123456");
        assert_eq!(
            Phone::parse("1 (555) 010-2345", us()).unwrap().as_str(),
            "+15550102345"
        );
        assert!(Phone::parse("-2", us()).is_none());
    }

    #[test]
    fn linkedin_url_canonical() {
        let want = "https://www.linkedin.com/in/jose-alvarez";
        for raw in [
            "https://www.linkedin.com/in/jose-alvarez",
            "http://linkedin.com/in/Jose-Alvarez/",
            "www.linkedin.com/in/jose-alvarez?trk=abc",
            "HTTPS://WWW.LINKEDIN.COM/in/jose-alvarez#x",
            "https://de.linkedin.com/in/jose-alvarez/",
            "http\\://www.linkedin.com/in/jose-alvarez",
        ] {
            assert_eq!(LinkedinUrl::parse(raw).unwrap().as_str(), want, "{raw}");
        }
        assert_eq!(
            LinkedinUrl::parse("https://www.linkedin.com/in/jos%C3%A9-%C3%A1lvarez")
                .unwrap()
                .as_str(),
            "https://www.linkedin.com/in/josé-álvarez"
        );
        assert!(LinkedinUrl::parse("https://www.linkedin.com/company/acme").is_none());
        assert!(LinkedinUrl::parse("https://evil.com/x/linkedin.com/in/a").is_none());
        assert!(LinkedinUrl::parse("https://notlinkedin.com/in/a").is_none());
    }
}
