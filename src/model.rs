//! The shared vocabulary of every stage: records, events, locations, warnings
//! and the normalized identifiers that link records into people.
//!
//! Everything here is plain data. Importers produce [`Record`]s and events
//! (each described as a [`NewEvent`], or a message folded by
//! [`Sink::message`]); `resolve` links records into people; `analyze` turns
//! [`Event`]s into per-person numbers. The newtypes [`Email`], [`Phone`] and
//! [`LinkedinUrl`] can only be built through their normalizing constructors,
//! so a value of one of those types is always in canonical form and the
//! rules live here once.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::num::{NonZeroU32, NonZeroU64};
use std::sync::{Arc, LazyLock};

use jiff::civil::{Date, DateTime, Time};
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
    type Seen = (String, HashMap<Box<str>, Phone, FxBuild>);
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

/// Decodes `%XX` escapes; invalid escapes and invalid UTF-8 are kept as is.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
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
    at: At,
    /// Who sent it (messages), one more than the record's number (so that
    /// it fits beside `kind`); see [`Event::sender`].
    sender: Option<NonZeroU32>,
    origin: Arc<Origin>,
    /// The line of the origin's file, when known (1-based).
    line: Option<NonZeroU64>,
    /// Messages folded into this one event (see [`Sink::message`]): the
    /// fingerprint of each. The event counts once per fingerprint not seen
    /// before in any event, so a message read from two overlapping exports
    /// counts once. Empty for every event that is not folded messages.
    pub folded: Prints,
}

/// When an [`Event`] happened: once, or, for the messages of a conversation
/// and sender folded whole ([`Fold::Whole`]), over a span of days. 24
/// bytes, as a [`When`] alone: the span fits beside `When`'s tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum At {
    Once(When),
    Span(Span),
}

/// The messages of one conversation and sender that [`Sink::message`]
/// folded whole ([`Fold::Whole`]): the first and last day they fall on in
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
struct Origin {
    channel: Channel,
    participants: Box<[RecordRef]>,
    file: Arc<str>,
    dedup_key: Option<Box<str>>,
}

/// An event as an importer describes it, for [`Sink::event`].
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
fn pack_sender(sender: Option<RecordRef>) -> Option<NonZeroU32> {
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

    /// The messages folded whole into this event ([`Fold::Whole`]), if it
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
/// entry ([`Sink::settle`]); an event of no message has an empty run of one
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
    /// A run of a store the events of one sink share ([`Sink::settle`]).
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

/// A 64-bit fingerprint of `parts`: the same on every run and platform
/// (bytes read little-endian), and each part's length is mixed in, so
/// `["ab", "c"]` and `["a", "bc"]` differ.
///
/// Sixteen bytes at a time, each pair of words through one 64×64→128-bit
/// multiply folded to 64 bits (wyhash's mixing). A LinkedIn message's
/// fingerprint covers its text: replacing FNV-1a's multiply per byte
/// made `report` over a LinkedIn export alone about 8% faster
/// (docs/performance.md).
pub fn fingerprint(parts: &[&[u8]]) -> u64 {
    const P0: u64 = 0xa076_1d64_78bd_642f;
    const P1: u64 = 0xe703_7ed1_a0b4_28db;
    const P2: u64 = 0x8ebc_6af0_9c88_c6e3;
    fn mix(a: u64, b: u64) -> u64 {
        let r = u128::from(a) * u128::from(b);
        (r as u64) ^ ((r >> 64) as u64)
    }
    fn word(b: &[u8]) -> u64 {
        u64::from_le_bytes(b.try_into().expect("eight bytes"))
    }
    let mut h = P2;
    for part in parts {
        let mut chunks = part.chunks_exact(16);
        for c in &mut chunks {
            h = mix(word(&c[..8]) ^ P0 ^ h, word(&c[8..]) ^ P1);
        }
        let rest = chunks.remainder();
        let mut tail = [0u8; 16];
        tail[..rest.len()].copy_from_slice(rest);
        h = mix(
            word(&tail[..8]) ^ P0 ^ h,
            word(&tail[8..]) ^ P1 ^ (part.len() as u64),
        );
    }
    mix(h ^ P2, P1 ^ parts.len() as u64)
}

/// FxHash (rustc's hasher): a multiply per word. For the fold keys of
/// [`Sink::message`], hashed once per message of a heavy archive, where
/// SipHash's resistance to chosen collisions buys nothing (a collision
/// costs a comparison, never a wrong fold).
#[derive(Clone, Copy, Debug, Default)]
pub struct FxHasher(u64);

impl FxHasher {
    const K: u64 = 0x517c_c1b7_2722_0a95;

    fn mix(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(Self::K);
    }
}

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.mix(u64::from_le_bytes(w.try_into().expect("8 bytes")));
        }
        for &b in words.remainder() {
            self.mix(u64::from(b));
        }
    }

    fn write_u8(&mut self, v: u8) {
        self.mix(u64::from(v));
    }

    fn write_u32(&mut self, v: u32) {
        self.mix(u64::from(v));
    }

    fn write_u64(&mut self, v: u64) {
        self.mix(v);
    }

    fn write_usize(&mut self, v: usize) {
        self.mix(v as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map or set hasher of [`FxHasher`]s.
pub type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

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
#[derive(Debug, Default)]
pub struct Sink {
    pub records: Vec<Record>,
    pub events: Vec<Event>,
    pub warnings: Vec<Warning>,
    /// Folded message events by the hash of their fold key (see
    /// [`Sink::message`]); not carried over by [`Sink::append`].
    folds: HashMap<u64, (usize, Date), FxBuild>,
    day: DayCache,
    /// The origins of this sink's messages by the hash of their channel,
    /// participants and file: a thread's events share one, even when the
    /// source interleaves its threads (LinkedIn's `messages.csv`).
    origins: HashMap<u64, Arc<Origin>, FxBuild>,
    /// The fingerprints of messages folded into an event that already had
    /// one, with the event's index, until [`Sink::settle`] gives each event
    /// its run of one store.
    pending: Vec<(u32, u64)>,
    fold: Fold,
    /// The fingerprints of the messages met so far, for [`Fold::Whole`].
    seen: HashSet<u64, FxBuild>,
}

impl Sink {
    /// A sink that folds messages by day ([`Fold::Day`]).
    pub fn new() -> Sink {
        Sink::default()
    }

    /// A sink that folds messages as `fold` says.
    pub fn folding(fold: Fold) -> Sink {
        Sink {
            fold,
            ..Sink::default()
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
    /// channel, sender, participants and day (in `tz`, the zone the report
    /// counts days in) when there is one; with [`Fold::Whole`], of the same
    /// side of as_of instead of the same day. A heavy archive's millions of
    /// messages so become one event per conversation and sender (and day,
    /// where another entry may hold the same messages): memory follows
    /// conversations, not messages, and every count and date the report
    /// gives stays exact (docs/performance.md).
    pub fn message(&mut self, m: &MessageEvent<'_>, tz: &TimeZone) {
        let day = self.day.day(m.when, tz);
        match self.fold {
            Fold::Day => self.fold_in(m, day, None),
            Fold::Whole { as_of } => {
                if self.seen.insert(m.fingerprint) {
                    self.fold_in(m, side_of(day, as_of), Some(Span::on(day)));
                }
            }
        }
    }

    /// How this sink folds messages.
    pub fn fold(&self) -> Fold {
        self.fold
    }

    /// The day `when` falls on in `tz`, as [`Sink::message`] reckons it.
    pub fn day(&mut self, when: When, tz: &TimeZone) -> Date {
        self.day.day(when, tz)
    }

    /// Whether no message with this fingerprint was met before in this
    /// sink ([`Fold::Whole`]), for an importer that folds its messages
    /// itself ([`Sink::span`]); remembers it.
    pub fn first_time(&mut self, fingerprint: u64) -> bool {
        self.seen.insert(fingerprint)
    }

    /// Adds messages an importer folded whole itself, as [`Sink::message`]
    /// would have folded them one by one with [`Fold::Whole`]: `span`
    /// counts each once ([`Sink::first_time`]) and lies on one side of
    /// as_of; `m` says what they share and where the first is (its `when`
    /// and `fingerprint` are not read).
    ///
    /// # Panics
    ///
    /// When the sink folds by day.
    pub fn span(&mut self, m: &MessageEvent<'_>, span: Span) {
        let Fold::Whole { as_of } = self.fold else {
            panic!("a span added to a sink that folds messages by day");
        };
        self.fold_in(m, side_of(span.first, as_of), Some(span));
    }

    /// Folds into the event of `m`'s kind, channel, sender, participants
    /// and `bucket` (a day, or a side of as_of): `m`'s fingerprint, or
    /// `span`.
    fn fold_in(&mut self, m: &MessageEvent<'_>, bucket: Date, span: Option<Span>) {
        use std::hash::{Hash, Hasher};
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
            self.events[i].folded = Prints(PrintsRepr::Stored {
                store: Arc::clone(&store),
                start: fits(start),
                len: fits(len),
            });
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
        let mut shifted: HashMap<*const Origin, [Arc<Origin>; 2], FxBuild> = HashMap::default();
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn us() -> Region {
        Region::parse("US").unwrap()
    }

    #[test]
    fn messages_folded_whole_keep_their_days_and_count_each_once() {
        let loc = Location::new(Arc::from("t"), Some(4));
        let ny = TimeZone::get("America/New_York").unwrap();
        let as_of = jiff::civil::date(2024, 5, 10);
        let mut sink = Sink::folding(Fold::Whole { as_of });
        let add = |sink: &mut Sink, sender: RecordRef, at: &str, fingerprint: u64| {
            sink.message(
                &MessageEvent {
                    kind: EventKind::Online,
                    channel: &Channel::FacebookMessage,
                    when: When::Instant(at.parse().unwrap()),
                    sender: Some(sender),
                    participants: &[0, 1],
                    location: &loc,
                    fingerprint,
                },
                &ny,
            );
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
        let tz = TimeZone::UTC;
        let add = |sink: &mut Sink, sender: RecordRef, fingerprint: u64| {
            sink.message(
                &MessageEvent {
                    kind: EventKind::Online,
                    channel: &Channel::LinkedinMessage,
                    when: When::Instant("2024-05-02T12:00:00Z".parse().unwrap()),
                    sender: Some(sender),
                    participants: &[0, 1],
                    location: &loc,
                    fingerprint,
                },
                &tz,
            );
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
        let mut sink = Sink::new();
        let mut add = |when: When, sender: Option<RecordRef>, fingerprint: u64| {
            sink.message(
                &MessageEvent {
                    kind: EventKind::Online,
                    channel: &Channel::FacebookMessage,
                    when,
                    sender,
                    participants: &[0, 1],
                    location: &loc,
                    fingerprint,
                },
                &tz,
            );
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
        let tz = TimeZone::UTC;
        let thread = |sink: &mut Sink, participants: &[RecordRef], days: &[&str]| {
            for (i, day) in days.iter().enumerate() {
                sink.message(
                    &MessageEvent {
                        kind: EventKind::Online,
                        channel: &Channel::FacebookMessage,
                        when: When::Instant(format!("{day}T12:00:00Z").parse().unwrap()),
                        sender: Some(participants[0]),
                        participants,
                        location: &loc,
                        fingerprint: i as u64,
                    },
                    &tz,
                );
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
            0x12fe_2dfc_4555_8147
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
