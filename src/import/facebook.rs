//! Facebook "Download Your Information" archive, JSON format (FORMATS.md §2).
//!
//! Reads three kinds of file, recognized by their path inside the archive or
//! folder, whatever the layout generation (2018 `messages/`, 2019–2021
//! `messages/` with `friends_and_followers/`, 2022–2023
//! `your_activity_across_facebook/`, 2024+ `your_facebook_activity/`):
//!
//! - message threads, `messages/<folder>/<thread>/message_N.json`: one record
//!   per participant, an online event per message, a direct event per
//!   answered Messenger call and a seen event per missed one;
//! - friends lists (`friends` / `friends_v2`): a record and a seen event
//!   ("friends since") per friend;
//! - the profile (`profile` / `profile_v2`): the owner's record.
//!
//! End-to-end-encrypted Messenger downloads (flat `<Name>_<N>.json` files
//! with camelCase keys) are recognized by content and read like threads.
//! An archive downloaded in HTML format is recognized and refused with one
//! error that tells the user to download it again as JSON.
//!
//! Every string is repaired for Facebook's mojibake as it is deserialized
//! ([`Fixed`]), so no name reaches a record un-repaired. A file is parsed
//! with serde_json into structs holding only the fields used (a thread's
//! messages by hand-written visitors that allocate nothing per message), so
//! memory is bounded by one thread file, not by the archive. A thread file
//! of the shapes Facebook writes is first tried by a one-pass reader
//! ([`fast`]) that gives the same [`Thread`]; whatever it does not expect
//! is left to serde_json, whose errors stay the ones users see. The owner is
//! not guessed from the threads: `resolve` links the profile record to the
//! owner's name in the threads.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::io::Read;

use jiff::Timestamp;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

mod fast;

use super::text::repair_mojibake;
use super::{file_name, Context, Entry, ImportError, Importer, Part, Scope};
use crate::import::{fingerprint, MessageEvent, Sink};
use crate::model::{
    Channel, Email, EventKind, Location, NewEvent, Phone, Record, RecordRef, SourceKind, When,
};
use rustc_hash::FxBuildHasher;

/// The Facebook importer.
pub struct Facebook;

/// The folders below `messages/` that hold threads. `stickers_used` and
/// `photos` hold media only.
const THREAD_FOLDERS: &[&str] = &[
    "inbox",
    "archived_threads",
    "message_requests",
    "filtered_threads",
    "e2ee_cutover",
    "legacy_threads",
];

/// What the error for an HTML-format archive says.
impl Importer for Facebook {
    fn kind(&self) -> SourceKind {
        SourceKind::Facebook
    }

    fn detect(&self, path: &str, head: &[u8]) -> bool {
        match classify(path) {
            Some(_) => true,
            None => is_thread_by_content(path, head),
        }
    }

    /// A thread file by path: its thread (the folder, as in its messages'
    /// fingerprints); a thread file by content, keyed by its title: any
    /// Facebook entry.
    fn scope(&self, path: &str, _head: &[u8]) -> Option<Scope> {
        match classify(path) {
            Some(FileKind::Thread) => self.scope_by_path(path),
            None => Some(Scope {
                source: SourceKind::Facebook,
                part: None,
            }),
            Some(_) => None,
        }
    }

    fn scope_by_path(&self, path: &str) -> Option<Scope> {
        (classify(path) == Some(FileKind::Thread)).then(|| Scope {
            source: SourceKind::Facebook,
            part: Some(Part {
                conversation: thread_key(path, None),
                file: file_name(path).to_owned(),
            }),
        })
    }

    fn import(
        &self,
        entry: &mut Entry<'_>,
        ctx: &Context,
        sink: &mut Sink,
    ) -> Result<(), ImportError> {
        match classify(&entry.path) {
            Some(FileKind::Html) => Err(ImportError::HtmlArchive {
                location: entry.location(None),
            }),
            Some(FileKind::Friends) => import_friends(entry, sink),
            Some(FileKind::Profile) => import_profile(entry, ctx, sink),
            // A thread by path, or an E2EE file or bare thread file by content.
            Some(FileKind::Thread) | None => import_thread(entry, sink),
        }
    }
}

/// The kinds of file recognized by path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FileKind {
    Thread,
    Friends,
    Profile,
    Html,
}

/// Recognizes a file by its path; `None` for anything else.
fn classify(path: &str) -> Option<FileKind> {
    let segs: Vec<&str> = path.split(['/', '\\']).filter(|s| !s.is_empty()).collect();
    let (&name, dirs) = segs.split_last()?;
    let name = name.to_ascii_lowercase();
    if is_instagram(dirs) {
        return None;
    }
    let parent = dirs.last().map(|d| d.to_ascii_lowercase());
    let parent = parent.as_deref();
    if let Some(stem) = name.strip_suffix(".json") {
        if is_message_stem(stem) && in_thread_folder(dirs) {
            return Some(FileKind::Thread);
        }
        // friends/friends.json (2018), friends_and_followers/friends.json
        // (2019–2021), connections/friends/your_friends.json (2022+).
        if matches!(stem, "friends" | "your_friends")
            && matches!(parent, Some("friends" | "friends_and_followers"))
        {
            return Some(FileKind::Friends);
        }
        if stem == "profile_information" && parent == Some("profile_information") {
            return Some(FileKind::Profile);
        }
        return None;
    }
    // HTML archive: its start page at the top (or below one wrapper folder),
    // the pre-2018 single `html/messages.htm`, or one thread page named
    // directly. Thread pages inside an archive are not matched, so a whole
    // HTML archive gives one error, not one per thread.
    let html_stem = name
        .strip_suffix(".html")
        .or_else(|| name.strip_suffix(".htm"));
    if let Some(stem) = html_stem {
        let start_page = matches!(stem, "index" | "start_here") && dirs.len() <= 1;
        let old_messages = stem == "messages" && parent == Some("html");
        let thread_page = is_message_stem(stem) && dirs.is_empty();
        if start_page || old_messages || thread_page {
            return Some(FileKind::Html);
        }
    }
    None
}

/// `message`, `message_1`, `message_10`, …
fn is_message_stem(stem: &str) -> bool {
    stem == "message"
        || stem
            .strip_prefix("message_")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether the directories end in `messages/<folder>/<thread>` (2019+) or
/// `messages/<thread>` (2018).
fn in_thread_folder(dirs: &[&str]) -> bool {
    let lower: Vec<String> = dirs.iter().map(|d| d.to_ascii_lowercase()).collect();
    match lower.as_slice() {
        [.., messages, folder, _thread] if messages == "messages" => {
            THREAD_FOLDERS.contains(&folder.as_str())
        }
        [.., messages, thread] if messages == "messages" => {
            !THREAD_FOLDERS.contains(&thread.as_str())
        }
        _ => false,
    }
}

/// A thread file outside the usual folders: an E2EE download
/// (`<Name>_<N>.json`, `"threadName"`, `"senderName"`) or a `message_N.json`
/// given on its own. Both start with the participants list.
fn is_thread_by_content(path: &str, head: &[u8]) -> bool {
    let name = file_name(path).to_ascii_lowercase();
    let segs: Vec<&str> = path.split(['/', '\\']).collect();
    if !name.ends_with(".json") || is_instagram(&segs[..segs.len() - 1]) {
        return false;
    }
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    has(b"\"participants\"")
        && (has(b"\"threadName\"")
            || has(b"\"senderName\"")
            || has(b"\"sender_name\"")
            || has(b"\"timestamp_ms\""))
}

/// Instagram's archive uses the same thread format, but it is not Facebook;
/// it is left alone rather than credited to the wrong source.
fn is_instagram(dirs: &[&str]) -> bool {
    dirs.iter().any(|d| {
        let d = d.to_ascii_lowercase();
        d.starts_with("your_instagram_activity") || d.starts_with("instagram")
    })
}

// ---------------------------------------------------------------------------
// Deserialized shapes: only the fields used.

/// A string repaired for mojibake as it is deserialized: the one place where
/// every Facebook string passes (FORMATS.md §2 "Mojibake").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Fixed(String);

impl Fixed {
    fn new(s: String) -> Fixed {
        Fixed(match repair_mojibake(&s) {
            Cow::Borrowed(_) => s,
            Cow::Owned(fixed) => fixed,
        })
    }
}

impl<'de> Deserialize<'de> for Fixed {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Fixed, D::Error> {
        String::deserialize(d).map(Fixed::new)
    }
}

/// A thread file; the E2EE download's camelCase keys are aliases.
///
/// Read by hand-written visitors rather than derived ones so that a
/// message costs no allocation: a sender's name is looked up as it is read
/// and kept as an index into `senders`, and a message's `type` only as what
/// it means here ([`Kind`]). Unknown keys are skipped, a key given twice is
/// an error, as with a derived `Deserialize`.
#[derive(Debug, Default, PartialEq)]
struct Thread {
    participants: Vec<Participant>,
    messages: Option<Vec<Message>>,
    title: Option<Fixed>,
    /// Every distinct sender name, repaired, in order of first sight; a
    /// message's `sender` indexes it.
    senders: Vec<String>,
}

/// `{"name": …}` in archives; a plain string in E2EE downloads and the
/// earliest JSON archives.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(untagged, expecting = "a participant name or an object with a name")]
enum Participant {
    Named {
        #[serde(default)]
        name: Option<Fixed>,
    },
    Plain(Fixed),
}

impl Participant {
    fn name(&self) -> Option<&str> {
        match self {
            Participant::Named { name } => name.as_ref().map(|n| n.0.as_str()),
            Participant::Plain(n) => Some(n.0.as_str()),
        }
    }
}

/// One message: only what decides how it counts. Small, as a thread's
/// messages are all held until its title (written after them) is read:
/// with whole JSON values in it, moving each message into the list was 6%
/// of reading a thread.
#[derive(Debug, Default, PartialEq)]
struct Message {
    /// Index into [`Thread::senders`].
    sender: Option<u32>,
    timestamp_ms: Option<Scalar>,
    /// E2EE downloads (milliseconds) and the earliest archives (seconds).
    timestamp: Option<Scalar>,
    call_duration: Option<Scalar>,
    kind: Kind,
    /// `missed` is `true`.
    missed: bool,
}

/// A number field as read: an integer as it is (nearly always), anything
/// else whole, for [`as_integer`] and a warning's quote.
#[derive(Debug, PartialEq)]
enum Scalar {
    Int(i64),
    Other(Box<Value>),
}

impl Scalar {
    fn read(v: Option<Value>) -> Option<Scalar> {
        v.map(|v| match v {
            Value::Number(n) if n.is_i64() => Scalar::Int(n.as_i64().expect("an i64")),
            v => Scalar::Other(Box::new(v)),
        })
    }

    fn integer(&self) -> Option<i64> {
        match self {
            Scalar::Int(n) => Some(*n),
            Scalar::Other(v) => as_integer(v),
        }
    }

    /// As [`quote`] gives the value read.
    fn quote(&self) -> String {
        match self {
            Scalar::Int(n) => n.to_string(),
            Scalar::Other(v) => crate::import::text::shorten(&v.to_string()).into_owned(),
        }
    }
}

/// What a message's `type` says, as far as it matters here. The text is
/// compared as written: mojibake repair never turns other text into these
/// ASCII words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Kind {
    /// No `type`, or `null`.
    #[default]
    Absent,
    /// `Subscribe` or `Unsubscribe`: a join or leave notice.
    Notice,
    Call,
    Other,
}

/// The distinct sender names of one thread file, by their text as written.
#[derive(Default)]
struct Senders {
    index: HashMap<Box<str>, u32, FxBuildHasher>,
    names: Vec<String>,
}

impl Senders {
    fn intern(&mut self, raw: &str) -> u32 {
        if let Some(&i) = self.index.get(raw) {
            return i;
        }
        let i = u32::try_from(self.names.len()).expect("fewer than 2^32 senders");
        self.names.push(repair_mojibake(raw).into_owned());
        self.index.insert(raw.into(), i);
        i
    }
}

/// The keys read from a thread and from a message.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Participants,
    Messages,
    Title,
    Sender,
    TimestampMs,
    Timestamp,
    Type,
    CallDuration,
    Missed,
    Other,
}

impl Kind {
    fn of(kind: &str) -> Kind {
        match kind {
            "Subscribe" | "Unsubscribe" => Kind::Notice,
            "Call" => Kind::Call,
            _ => Kind::Other,
        }
    }
}

impl Key {
    fn thread(key: &str) -> Key {
        match key {
            "participants" => Key::Participants,
            "messages" => Key::Messages,
            "title" | "threadName" => Key::Title,
            _ => Key::Other,
        }
    }

    fn message(key: &str) -> Key {
        match key {
            "sender_name" | "senderName" => Key::Sender,
            "timestamp_ms" => Key::TimestampMs,
            "timestamp" => Key::Timestamp,
            "type" => Key::Type,
            "call_duration" | "callDuration" => Key::CallDuration,
            "missed" => Key::Missed,
            _ => Key::Other,
        }
    }

    /// The name a duplicate is reported by.
    fn name(self) -> &'static str {
        match self {
            Key::Participants => "participants",
            Key::Messages => "messages",
            Key::Title => "title",
            Key::Sender => "sender_name",
            Key::TimestampMs => "timestamp_ms",
            Key::Timestamp => "timestamp",
            Key::Type => "type",
            Key::CallDuration => "call_duration",
            Key::Missed => "missed",
            Key::Other => "",
        }
    }
}

/// Reads a string (a map key, a message's `type`) as what `.0` makes of
/// it, without allocating (serde_json unescapes into a buffer it keeps).
struct StrSeed<T>(fn(&str) -> T);

impl<'de, T> DeserializeSeed<'de> for StrSeed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_str(self)
    }
}

impl<T> Visitor<'_> for StrSeed<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok((self.0)(v))
    }
}

/// Marks `key` as seen in `seen`: false when it was already (a known key
/// given twice); [`Key::Other`] is never marked.
fn mark_seen(seen: &mut u16, key: Key) -> bool {
    if key == Key::Other {
        return true;
    }
    let bit = 1 << key as u16;
    let first = *seen & bit == 0;
    *seen |= bit;
    first
}

/// Marks `key` as seen; a second time is an error.
fn first_time<E: de::Error>(seen: &mut u16, key: Key) -> Result<(), E> {
    if mark_seen(seen, key) {
        Ok(())
    } else {
        Err(E::duplicate_field(key.name()))
    }
}

impl<'de> Deserialize<'de> for Thread {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Thread, D::Error> {
        d.deserialize_struct(
            "Thread",
            &["participants", "messages", "title"],
            ThreadVisitor,
        )
    }
}

struct ThreadVisitor;

impl<'de> Visitor<'de> for ThreadVisitor {
    type Value = Thread;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct Thread")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Thread, A::Error> {
        let mut thread = Thread::default();
        let mut senders = Senders::default();
        let mut seen = 0;
        while let Some(key) = map.next_key_seed(StrSeed(Key::thread))? {
            first_time(&mut seen, key)?;
            match key {
                Key::Participants => thread.participants = map.next_value()?,
                Key::Messages => {
                    thread.messages = map.next_value_seed(Optional(MessagesSeed(&mut senders)))?;
                }
                Key::Title => thread.title = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        thread.senders = senders.names;
        Ok(thread)
    }
}

/// `null` as `None`, anything else read by the inner seed.
struct Optional<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Optional<S> {
    type Value = Option<S::Value>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for Optional<S> {
    type Value = Option<S::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("option")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.deserialize(d).map(Some)
    }
}

/// The `messages` list.
struct MessagesSeed<'a>(&'a mut Senders);

impl<'de> DeserializeSeed<'de> for MessagesSeed<'_> {
    type Value = Vec<Message>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Message>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for MessagesSeed<'_> {
    type Value = Vec<Message>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Message>, A::Error> {
        let mut messages = Vec::new();
        while let Some(m) = seq.next_element_seed(MessageSeed(&mut *self.0))? {
            messages.push(m);
        }
        Ok(messages)
    }
}

/// One message of the list.
struct MessageSeed<'a>(&'a mut Senders);

impl<'de> DeserializeSeed<'de> for MessageSeed<'_> {
    type Value = Message;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Message, D::Error> {
        d.deserialize_struct(
            "Message",
            &[
                "sender_name",
                "timestamp_ms",
                "timestamp",
                "type",
                "call_duration",
                "missed",
            ],
            self,
        )
    }
}

impl<'de> Visitor<'de> for MessageSeed<'_> {
    type Value = Message;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct Message")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Message, A::Error> {
        let mut m = Message::default();
        let mut seen = 0;
        while let Some(key) = map.next_key_seed(StrSeed(Key::message))? {
            first_time(&mut seen, key)?;
            match key {
                Key::Sender => {
                    m.sender = map.next_value_seed(Optional(SenderSeed(&mut *self.0)))?
                }
                Key::TimestampMs => m.timestamp_ms = Scalar::read(map.next_value()?),
                Key::Timestamp => m.timestamp = Scalar::read(map.next_value()?),
                Key::Type => {
                    m.kind = map
                        .next_value_seed(Optional(StrSeed(Kind::of)))?
                        .unwrap_or(Kind::Absent)
                }
                Key::CallDuration => m.call_duration = Scalar::read(map.next_value()?),
                Key::Missed => {
                    m.missed = matches!(map.next_value()?, Some(Value::Bool(true)));
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(m)
    }
}

/// A sender's name, interned.
struct SenderSeed<'a>(&'a mut Senders);

impl<'de> DeserializeSeed<'de> for SenderSeed<'_> {
    type Value = u32;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u32, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for SenderSeed<'_> {
    type Value = u32;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<u32, E> {
        Ok(self.0.intern(v))
    }
}

#[derive(Deserialize)]
struct FriendsFile {
    #[serde(default)]
    friends: Option<Vec<Friend>>,
    #[serde(default)]
    friends_v2: Option<Vec<Friend>>,
}

#[derive(Deserialize)]
struct Friend {
    #[serde(default)]
    name: Option<Fixed>,
    #[serde(default)]
    timestamp: Option<Value>,
}

#[derive(Deserialize)]
struct ProfileFile {
    #[serde(default)]
    profile: Option<Profile>,
    #[serde(default)]
    profile_v2: Option<Profile>,
}

#[derive(Deserialize)]
struct Profile {
    #[serde(default)]
    name: Option<ProfileName>,
    #[serde(default)]
    emails: Option<ProfileEmails>,
    #[serde(default)]
    phone_numbers: Vec<ProfilePhone>,
    #[serde(default)]
    previous_names: Vec<PreviousName>,
}

#[derive(Deserialize)]
#[serde(untagged, expecting = "a name or an object with full_name")]
enum ProfileName {
    Parts {
        #[serde(default)]
        full_name: Option<Fixed>,
        #[serde(default)]
        first_name: Option<Fixed>,
        #[serde(default)]
        middle_name: Option<Fixed>,
        #[serde(default)]
        last_name: Option<Fixed>,
    },
    Plain(Fixed),
}

#[derive(Deserialize)]
#[serde(untagged, expecting = "a list of emails or an object with emails")]
enum ProfileEmails {
    Lists {
        #[serde(default)]
        emails: Vec<Fixed>,
        #[serde(default)]
        previous_emails: Vec<Fixed>,
    },
    Plain(Vec<Fixed>),
}

#[derive(Deserialize)]
#[serde(untagged, expecting = "a phone number or an object with phone_number")]
enum ProfilePhone {
    Entry {
        #[serde(default)]
        phone_number: Option<Fixed>,
    },
    Plain(Fixed),
}

#[derive(Deserialize)]
#[serde(untagged, expecting = "a previous name or an object with a name")]
enum PreviousName {
    Entry {
        #[serde(default)]
        name: Option<Fixed>,
    },
    Plain(Fixed),
}

// ---------------------------------------------------------------------------
// Reading.

/// Parses the whole entry as one JSON document of type `T`.
///
/// The entry is read into memory first and parsed from the slice, several
/// times faster than serde_json's byte-at-a-time reader; Facebook splits a
/// thread into files of 10,000 messages (a few MiB), and the entry size
/// limit bounds the rest. Only the fields of `T` are kept.
fn parse<T: DeserializeOwned>(entry: &mut Entry<'_>) -> Result<T, ImportError> {
    parse_with(entry, |_| None)
}

/// [`parse`], trying `fast` first on text that is UTF-8; where it gives
/// `None`, serde_json reads the text. The buffer is kept for the core's
/// next file: allocating and freeing a few MiB per file leaves the heap in
/// pieces that the events read meanwhile keep from being returned.
fn parse_with<T: DeserializeOwned>(
    entry: &mut Entry<'_>,
    fast: fn(&str) -> Option<T>,
) -> Result<T, ImportError> {
    /// The largest buffer kept between files.
    const KEEP: usize = 16 << 20;
    thread_local! {
        static BYTES: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::default();
    }
    let mut bytes = BYTES.take();
    bytes.clear();
    let parsed = read_and_parse(entry, &mut bytes, fast);
    if bytes.capacity() <= KEEP {
        BYTES.set(bytes);
    }
    parsed
}

fn read_and_parse<T: DeserializeOwned>(
    entry: &mut Entry<'_>,
    bytes: &mut Vec<u8>,
    fast: fn(&str) -> Option<T>,
) -> Result<T, ImportError> {
    entry
        .reader
        .read_to_end(bytes)
        .map_err(|e| ImportError::io(entry.location(None), e))?;
    // A byte-order mark (from an editor re-saving the file) is not JSON.
    let json = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Checked as UTF-8 once, serde_json need not check each string again;
    // where the check fails, serde_json says where (or skips the bytes, in
    // a value not read).
    match std::str::from_utf8(json) {
        Ok(text) => match fast(text) {
            Some(parsed) => Ok(parsed),
            None => serde_json::from_str(text),
        },
        Err(_) => serde_json::from_slice(json),
    }
    .map_err(|e| json_error(entry, e))
}

/// A located error for a file serde_json could not read.
fn json_error(entry: &Entry<'_>, e: serde_json::Error) -> ImportError {
    let line = u64::try_from(e.line()).ok().filter(|&l| l > 0);
    let column = e.column();
    let what = match e.classify() {
        serde_json::error::Category::Io => {
            return ImportError::io(entry.location(None), e.into());
        }
        serde_json::error::Category::Eof => "truncated JSON",
        serde_json::error::Category::Syntax => "invalid JSON",
        serde_json::error::Category::Data => "unexpected JSON structure",
    };
    let text = e.to_string();
    let suffix = format!(" at line {} column {column}", e.line());
    let detail = text.strip_suffix(&suffix).unwrap_or(&text);
    let detail = if line.is_some() && column > 0 {
        format!("{detail} (column {column})")
    } else {
        detail.to_owned()
    };
    ImportError::Syntax {
        location: entry.location(line),
        what,
        detail,
    }
}

/// An integer from a JSON number (or a string of digits).
fn as_integer(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Timestamps above this are milliseconds, below it seconds (10^11 seconds
/// is the year 5138; 10^11 milliseconds is 1973).
const MILLIS_THRESHOLD: i64 = 100_000_000_000;

/// The instant of one message, or a warning text.
fn message_time(m: &Message, at: &dyn Fn() -> String) -> Result<Timestamp, String> {
    let (field, value) = match (&m.timestamp_ms, &m.timestamp) {
        (Some(v), _) => ("timestamp_ms", v),
        (None, Some(v)) => ("timestamp", v),
        (None, None) => return Err(format!("{}: expected timestamp_ms, found none", at())),
    };
    let millis = value.integer().map(|n| {
        if field == "timestamp" && n.abs() < MILLIS_THRESHOLD {
            n.saturating_mul(1000)
        } else {
            n
        }
    });
    millis
        .and_then(|ms| Timestamp::from_millisecond(ms).ok())
        .ok_or_else(|| {
            format!(
                "{}: expected {field} in epoch milliseconds, found {}",
                at(),
                value.quote()
            )
        })
}

/// How a message counts.
enum Counted {
    /// A message: online interaction.
    Message,
    /// An answered call (`call_duration` > 0): direct contact.
    Answered,
    /// A missed or unanswered call: evidence for first_seen only.
    Missed,
    /// A join/leave notice: not a message.
    Skip,
}

/// Decides from `type`, `call_duration` and `missed` only; the call's text
/// is in the account's language and is never read (FORMATS.md §2 "Calls").
fn classify_message(m: &Message, at: &dyn Fn() -> String) -> Result<Counted, String> {
    if m.kind == Kind::Notice {
        return Ok(Counted::Skip);
    }
    let missed = m.missed;
    match &m.call_duration {
        Some(v) => match v.integer() {
            Some(d) if d > 0 && !missed => Ok(Counted::Answered),
            Some(d) if d >= 0 => Ok(Counted::Missed),
            _ => Err(format!(
                "{}: expected call_duration in seconds, found {}",
                at(),
                v.quote()
            )),
        },
        // A call entry without a duration (older exports): a call attempt.
        None if m.kind == Kind::Call => Ok(Counted::Missed),
        None => Ok(Counted::Message),
    }
}

/// Records by name within one entry.
struct People {
    by_name: HashMap<String, RecordRef, FxBuildHasher>,
    location: Location,
}

impl People {
    fn new(location: Location) -> People {
        People {
            by_name: HashMap::default(),
            location,
        }
    }

    /// The record for `name`, created on first sight; `None` for a blank name.
    fn get(&mut self, name: &str, sink: &mut Sink) -> Option<RecordRef> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        if let Some(&r) = self.by_name.get(name) {
            return Some(r);
        }
        let mut record = Record::new(SourceKind::Facebook, self.location.clone());
        record.add_name(name);
        let r = sink.record(record);
        self.by_name.insert(name.to_owned(), r);
        Some(r)
    }
}

/// The thread's folder name (`alice_ABC123`), which stays the same in every
/// part of a multi-part archive; else the title or file name.
fn thread_key(path: &str, title: Option<&Fixed>) -> String {
    let segs: Vec<&str> = path.split(['/', '\\']).filter(|s| !s.is_empty()).collect();
    match classify(path) {
        Some(FileKind::Thread) if segs.len() >= 2 => segs[segs.len() - 2].to_owned(),
        _ => match title {
            Some(t) if !t.0.trim().is_empty() => t.0.trim().to_owned(),
            _ => file_name(path).to_owned(),
        },
    }
}

fn import_thread(entry: &mut Entry<'_>, sink: &mut Sink) -> Result<(), ImportError> {
    let thread: Thread = parse_with(entry, fast::thread)?;
    let location = entry.location(None);
    let Some(messages) = thread.messages else {
        return Err(ImportError::unexpected(
            location,
            "a messenger thread with a \"messages\" list",
            "none",
        ));
    };
    let key = thread_key(&entry.path, thread.title.as_ref());
    let mut people = People::new(location.clone());
    let mut members: Vec<RecordRef> = Vec::new();
    for p in &thread.participants {
        if let Some(r) = p.name().and_then(|n| people.get(n, sink)) {
            if !members.contains(&r) {
                members.push(r);
            }
        }
    }
    let mut participants: Vec<RecordRef> = Vec::with_capacity(members.len() + 1);
    let message_channel = Channel::FacebookMessage;
    // Each distinct sender's record, found the first time a message of
    // theirs counts.
    let mut senders: Vec<Option<Option<RecordRef>>> = vec![None; thread.senders.len()];
    sink.expect_messages(messages.len());
    for (i, m) in messages.iter().enumerate() {
        // The JSON path of the message, for warnings only.
        let at = || format!("messages[{i}]");
        let counted = match classify_message(m, &at) {
            Ok(Counted::Skip) => continue,
            Ok(c) => c,
            Err(w) => {
                sink.warn(location.clone(), w);
                continue;
            }
        };
        let when = match message_time(m, &at) {
            Ok(t) => t,
            Err(w) => {
                sink.warn(location.clone(), w);
                continue;
            }
        };
        let (sender_name, sender) = match m.sender {
            Some(ix) => {
                let ix = ix as usize;
                let name = thread.senders[ix].trim();
                let sender = *senders[ix].get_or_insert_with(|| people.get(name, sink));
                (name, sender)
            }
            None => ("", None),
        };
        participants.clear();
        participants.extend_from_slice(&members);
        if let Some(s) = sender {
            if !participants.contains(&s) {
                participants.push(s);
            }
        }
        let (kind, channel) = match counted {
            Counted::Message => {
                // Credit for a message goes to its sender; without one the
                // event would be read as the owner's, so it is skipped.
                if sender.is_none() {
                    sink.warn(
                        location.clone(),
                        format!("{}: expected sender_name, found none", at()),
                    );
                    continue;
                }
                // The same message in two exports (two downloads given at
                // once) has the same thread, instant and sender.
                let fingerprint = fingerprint(&[
                    b"facebook:message",
                    key.as_bytes(),
                    &when.as_millisecond().to_le_bytes(),
                    sender_name.as_bytes(),
                ]);
                sink.message(&MessageEvent {
                    kind: EventKind::Online,
                    channel: &message_channel,
                    when: When::Instant(when),
                    sender,
                    participants: &participants,
                    location: &location,
                    fingerprint,
                });
                continue;
            }
            Counted::Answered => (EventKind::Direct, Channel::MessengerCall),
            Counted::Missed => (EventKind::Seen, Channel::MessengerCall),
            Counted::Skip => continue,
        };
        sink.event(NewEvent {
            kind,
            channel,
            when: When::Instant(when),
            sender,
            participants: participants.as_slice().into(),
            location: location.clone(),
            dedup_key: Some(
                format!(
                    "facebook:call:{key}:{}:{sender_name}",
                    when.as_millisecond()
                )
                .into(),
            ),
        });
    }
    Ok(())
}

fn import_friends(entry: &mut Entry<'_>, sink: &mut Sink) -> Result<(), ImportError> {
    let file: FriendsFile = parse(entry)?;
    let location = entry.location(None);
    let (field, friends) = match (file.friends_v2, file.friends) {
        (Some(list), _) => ("friends_v2", list),
        (None, Some(list)) => ("friends", list),
        (None, None) => {
            return Err(ImportError::unexpected(
                location,
                "a \"friends\" or \"friends_v2\" list",
                "none",
            ))
        }
    };
    // Two friends may share a name and be two people: one record each.
    for (i, f) in friends.iter().enumerate() {
        let name = f.name.as_ref().map_or("", |n| n.0.trim());
        if name.is_empty() {
            sink.warn(
                location.clone(),
                format!("{field}[{i}]: expected name, found none"),
            );
            continue;
        }
        let mut record = Record::new(SourceKind::Facebook, location.clone());
        record.add_name(name);
        let r = sink.record(record);
        let since = match &f.timestamp {
            None => Err(format!("{field}[{i}]: expected timestamp, found none")),
            Some(v) => as_integer(v)
                .and_then(|s| Timestamp::from_second(s).ok())
                .ok_or_else(|| {
                    format!(
                        "{field}[{i}]: expected timestamp in epoch seconds, found {}",
                        crate::import::text::shorten(&v.to_string())
                    )
                }),
        };
        match since {
            Ok(ts) => sink.event(NewEvent {
                kind: EventKind::Seen,
                channel: Channel::FacebookFriend,
                when: When::Instant(ts),
                sender: None,
                participants: [r].into(),
                location: location.clone(),
                dedup_key: Some(format!("facebook:friend:{}:{name}", ts.as_second()).into()),
            }),
            Err(w) => sink.warn(location.clone(), w),
        }
    }
    Ok(())
}

fn import_profile(
    entry: &mut Entry<'_>,
    ctx: &Context,
    sink: &mut Sink,
) -> Result<(), ImportError> {
    let file: ProfileFile = parse(entry)?;
    let location = entry.location(None);
    let Some(profile) = file.profile_v2.or(file.profile) else {
        return Err(ImportError::unexpected(
            location,
            "a \"profile\" or \"profile_v2\" object",
            "none",
        ));
    };
    let mut record = Record::new(SourceKind::Facebook, location.clone());
    record.owner = true;
    match &profile.name {
        Some(ProfileName::Plain(n)) => record.add_name(&n.0),
        Some(ProfileName::Parts {
            full_name,
            first_name,
            middle_name,
            last_name,
        }) => match full_name {
            Some(full) if !full.0.trim().is_empty() => record.add_name(&full.0),
            _ => {
                let joined: Vec<&str> = [first_name, middle_name, last_name]
                    .into_iter()
                    .flatten()
                    .map(|p| p.0.trim())
                    .filter(|p| !p.is_empty())
                    .collect();
                record.add_name(&joined.join(" "));
            }
        },
        None => {}
    }
    for prev in &profile.previous_names {
        match prev {
            PreviousName::Entry { name: Some(n) } | PreviousName::Plain(n) => record.add_name(&n.0),
            PreviousName::Entry { name: None } => {}
        }
    }
    let emails: Vec<&Fixed> = match &profile.emails {
        Some(ProfileEmails::Lists {
            emails,
            previous_emails,
        }) => emails.iter().chain(previous_emails).collect(),
        Some(ProfileEmails::Plain(list)) => list.iter().collect(),
        None => Vec::new(),
    };
    for raw in emails {
        match Email::parse(&raw.0) {
            Some(e) => record.add_email(e),
            None => sink.warn(
                location.clone(),
                format!("emails: expected an email address, found {:?}", raw.0),
            ),
        }
    }
    for phone in &profile.phone_numbers {
        let raw = match phone {
            ProfilePhone::Entry {
                phone_number: Some(p),
            }
            | ProfilePhone::Plain(p) => p,
            ProfilePhone::Entry { phone_number: None } => continue,
        };
        match Phone::parse(&raw.0, ctx.region) {
            Some(p) => record.add_phone(p),
            None => sink.warn(
                location.clone(),
                format!("phone_numbers: expected a phone number, found {:?}", raw.0),
            ),
        }
    }
    if record.is_empty() {
        sink.warn(
            location,
            "profile: expected a name, email or phone number, found none",
        );
    } else {
        sink.record(record);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use jiff::civil::date;
    use jiff::tz::TimeZone;

    use super::*;
    use crate::import::Fold;
    use crate::model::{Event, Region};

    fn ctx() -> Context {
        Context {
            region: Region::default(),
            tz: TimeZone::UTC,
            as_of: date(2026, 1, 1),
            limits: crate::limits::Limits::default(),
        }
    }

    /// Imports `bytes` as the archive member `path`.
    fn import_bytes(path: &str, bytes: &[u8], sink: &mut Sink) -> Result<(), ImportError> {
        let mut entry = Entry {
            path: path.to_owned(),
            display: Arc::from(path),
            reader: Box::new(Cursor::new(bytes.to_vec())),
        };
        let imported = Facebook.import(&mut entry, &ctx(), sink);
        sink.settle();
        imported
    }

    fn run(path: &str, text: &str) -> Sink {
        let mut sink = Sink::new();
        import_bytes(path, text.as_bytes(), &mut sink).expect("imports");
        sink
    }

    fn run_err(path: &str, text: &str) -> String {
        let mut sink = Sink::new();
        import_bytes(path, text.as_bytes(), &mut sink)
            .expect_err("fails")
            .to_string()
    }

    /// The fixture folder, and every file below `dir` that the importer
    /// detects, in sorted order (as discovery visits them), imported into
    /// one sink the way discovery appends them.
    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/facebook")
    }

    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
        let mut children: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        children.sort();
        for child in children {
            if child.is_dir() {
                walk(root, &child, out);
            } else {
                let rel = child.strip_prefix(root).unwrap();
                let rel: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push((rel.join("/"), child));
            }
        }
    }

    struct Imported {
        sink: Sink,
        files: Vec<String>,
        errors: Vec<String>,
    }

    fn import_folder(name: &str) -> Imported {
        let root = fixtures().join(name);
        let mut files = Vec::new();
        walk(&root, &root, &mut files);
        let mut out = Imported {
            sink: Sink::new(),
            files: Vec::new(),
            errors: Vec::new(),
        };
        for (rel, path) in files {
            let bytes = std::fs::read(&path).unwrap();
            let head = &bytes[..bytes.len().min(8 * 1024)];
            if !Facebook.detect(&rel, head) {
                continue;
            }
            let mut sink = Sink::new();
            if let Err(e) = import_bytes(&rel, &bytes, &mut sink) {
                out.errors.push(e.to_string());
            }
            out.sink.append(sink);
            out.files.push(rel);
        }
        out
    }

    fn name(sink: &Sink, r: RecordRef) -> &str {
        &sink.records[r as usize].names[0]
    }

    /// One line per event: kind, channel, UTC time, sender, participants.
    fn events(sink: &Sink) -> Vec<String> {
        sink.events
            .iter()
            .map(|e| {
                let when = match e.when() {
                    When::Instant(t) => t.to_string(),
                    other => format!("{other:?}"),
                };
                let sender = e.sender().map_or("-", |s| name(sink, s));
                let parts: Vec<&str> = e.participants().iter().map(|&p| name(sink, p)).collect();
                let times = match e.count() {
                    1 => String::new(),
                    n => format!(" ×{n}"),
                };
                format!(
                    "{:?} {:?} {when} {sender} [{}]{times}",
                    e.kind,
                    e.channel(),
                    parts.join(", ")
                )
            })
            .collect()
    }

    fn names(sink: &Sink) -> Vec<&str> {
        sink.records.iter().map(|r| r.names[0].as_str()).collect()
    }

    fn count(sink: &Sink, kind: EventKind, channel: &Channel) -> usize {
        sink.events
            .iter()
            .filter(|e| e.kind == kind && e.channel() == channel)
            .map(Event::count)
            .sum()
    }

    /// The fingerprint of a Facebook message.
    fn message_print(thread: &str, ms: i64, sender: &str) -> Vec<u64> {
        vec![fingerprint(&[
            b"facebook:message",
            thread.as_bytes(),
            &ms.to_le_bytes(),
            sender.as_bytes(),
        ])]
    }

    fn warnings(sink: &Sink) -> Vec<String> {
        sink.warnings.iter().map(ToString::to_string).collect()
    }

    const INBOX: &str = "messages/inbox/alice_ABC123/message_1.json";

    // ------------------------------------------------------------ detection

    #[test]
    fn detects_every_layout_by_path() {
        let yes = [
            "messages/inbox/alice_ABC123/message_1.json",
            "messages/alice_ABC123/message.json",
            "messages/archived_threads/zoe_ARCH/message_1.json",
            "messages/message_requests/x_1/message_2.json",
            "messages/filtered_threads/x_1/message_10.json",
            "messages/legacy_threads/x_1/message_1.json",
            "your_activity_across_facebook/messages/inbox/a_1/message_1.json",
            "your_facebook_activity/messages/e2ee_cutover/a_1/message_1.json",
            "facebook-ana-2024/your_facebook_activity/messages/inbox/a_1/message_3.json",
            "friends/friends.json",
            "friends_and_followers/friends.json",
            "connections/friends/your_friends.json",
            "profile_information/profile_information.json",
            "personal_information/profile_information/profile_information.json",
            "index.html",
            "facebook-ana-2020/index.html",
            "start_here.html",
            "html/messages.htm",
            "message_1.html",
        ];
        for path in yes {
            assert!(Facebook.detect(path, b""), "{path}");
        }
        let no = [
            "messages/inbox/alice_ABC123/photos/1.jpg",
            "messages/inbox/message_1.json",
            "messages/stickers_used/x/message_1.json",
            "messages/inbox/alice_ABC123/message_1.html",
            "friends_and_followers/removed_friends.json",
            "friends_and_followers/sent_friend_requests.json",
            "about_you/your_address_books.json",
            "your_instagram_activity/messages/inbox/a_1/message_1.json",
            "site/pages/index.html",
            "Connections.csv",
            "message_1.json",
        ];
        for path in no {
            assert!(!Facebook.detect(path, b""), "{path}");
        }
    }

    #[test]
    fn detects_e2ee_and_bare_thread_files_by_content() {
        let e2ee = br#"{"participants": ["A B", "C D"], "threadName": "C D", "messages": []}"#;
        assert!(Facebook.detect("alice_1.json", e2ee));
        assert!(Facebook.detect("secure/Alice_Example_2.json", e2ee));
        let bare = br#"{"participants": [{"name": "A"}], "messages": [{"sender_name": "A"#;
        assert!(Facebook.detect("message_1.json", bare));
        assert!(!Facebook.detect("alice_1.csv", e2ee));
        assert!(!Facebook.detect("alice_1.json", br#"{"participants": []}"#));
        assert!(!Facebook.detect("your_instagram_activity/x/alice_1.json", e2ee));
    }

    // ------------------------------------------------------------ threads

    #[test]
    fn messages_are_online_events_credited_to_their_sender() {
        let sink = run(
            INBOX,
            r#"{"participants": [{"name": "Test User"}, {"name": "Alice Example"}],
                "messages": [
                  {"sender_name": "Test User", "timestamp_ms": 1600000120000, "content": "x"},
                  {"sender_name": "Alice Example", "timestamp_ms": 1600000060000,
                   "reactions": [{"reaction": "x", "actor": "Test User"}]},
                  {"sender_name": "Test User", "timestamp_ms": 1600000000000, "is_unsent": true}
                ],
                "title": "Alice Example"}"#,
        );
        assert_eq!(names(&sink), ["Test User", "Alice Example"]);
        // One sender's messages of one day are one event that counts twice.
        assert_eq!(
            events(&sink),
            [
                "Online FacebookMessage 2020-09-13T12:28:40Z Test User [Test User, Alice Example] ×2",
                "Online FacebookMessage 2020-09-13T12:27:40Z Alice Example [Test User, Alice Example]",
            ]
        );
        assert!(sink.warnings.is_empty());
        assert_eq!(
            *sink.events[1].folded,
            message_print("alice_ABC123", 1_600_000_060_000, "Alice Example")
        );
    }

    #[test]
    fn mojibake_is_repaired_in_names_senders_and_titles() {
        let text = r#"{"participants": [{"name": "Jos\u00c3\u00a9 M\u00c3\u00bcller-\u00c5\u0081ukasiewicz"},
                                         {"name": "Mia \u00f0\u009f\u008c\u00bb"}],
                       "messages": [{"sender_name": "Mia \u00f0\u009f\u008c\u00bb", "timestamp_ms": 1}],
                       "title": "Trivia \u00f0\u009f\u00a7\u00a0"}"#;
        let sink = run(INBOX, text);
        assert_eq!(names(&sink), ["José Müller-Łukasiewicz", "Mia 🌻"]);
        assert_eq!(sink.events[0].sender(), Some(1));
        let thread: Thread = serde_json::from_str(text).unwrap();
        assert_eq!(thread.title.unwrap().0, "Trivia 🧠");
        // Already-correct text is left alone.
        let sink = run(
            INBOX,
            r#"{"participants": [{"name": "Zoë Łukasz"}], "messages": []}"#,
        );
        assert_eq!(names(&sink), ["Zoë Łukasz"]);
    }

    #[test]
    fn calls_with_and_without_type() {
        let sink = run(
            INBOX,
            r#"{"participants": [{"name": "Ana"}, {"name": "Bo"}],
                "messages": [
                  {"sender_name": "Ana", "timestamp_ms": 6000, "type": "Call", "call_duration": 192},
                  {"sender_name": "Bo", "timestamp_ms": 5000, "type": "Call", "call_duration": 0, "missed": true},
                  {"sender_name": "Ana", "timestamp_ms": 4000, "call_duration": 60},
                  {"sender_name": "Bo", "timestamp_ms": 3000, "call_duration": 0},
                  {"sender_name": "Bo", "timestamp_ms": 2000, "type": "Call", "call_duration": 30, "missed": true},
                  {"sender_name": "Bo", "timestamp_ms": 1000, "type": "Call"}
                ]}"#,
        );
        assert_eq!(
            events(&sink),
            [
                "Direct MessengerCall 1970-01-01T00:00:06Z Ana [Ana, Bo]",
                "Seen MessengerCall 1970-01-01T00:00:05Z Bo [Ana, Bo]",
                "Direct MessengerCall 1970-01-01T00:00:04Z Ana [Ana, Bo]",
                "Seen MessengerCall 1970-01-01T00:00:03Z Bo [Ana, Bo]",
                "Seen MessengerCall 1970-01-01T00:00:02Z Bo [Ana, Bo]",
                "Seen MessengerCall 1970-01-01T00:00:01Z Bo [Ana, Bo]",
            ]
        );
    }

    #[test]
    fn call_text_is_never_read() {
        // A localized "missed call" text with a duration is still a call;
        // the same text without call_duration is an ordinary message.
        let sink = run(
            INBOX,
            r#"{"participants": [{"name": "Ana"}, {"name": "Bo"}],
                "messages": [
                  {"sender_name": "Bo", "timestamp_ms": 2000, "content": "Nem fogadott hívás", "call_duration": 75},
                  {"sender_name": "Bo", "timestamp_ms": 1000, "content": "You missed a video call with Ana"}
                ]}"#,
        );
        assert_eq!(count(&sink, EventKind::Direct, &Channel::MessengerCall), 1);
        assert_eq!(
            count(&sink, EventKind::Online, &Channel::FacebookMessage),
            1
        );
    }

    #[test]
    fn join_and_leave_notices_are_not_messages() {
        let sink = run(
            INBOX,
            r#"{"participants": [{"name": "Ana"}, {"name": "Bo"}],
                "messages": [
                  {"sender_name": "Bo", "timestamp_ms": 2000, "type": "Unsubscribe", "users": [{"name": "Bo"}]},
                  {"sender_name": "Ana", "timestamp_ms": 1000, "type": "Subscribe", "users": [{"name": "Bo"}]},
                  {"sender_name": "Ana", "timestamp_ms": 500, "type": "Share"}
                ]}"#,
        );
        assert_eq!(
            events(&sink),
            ["Online FacebookMessage 1970-01-01T00:00:00.5Z Ana [Ana, Bo]"]
        );
    }

    #[test]
    fn group_thread_and_sender_who_left() {
        let sink = run(
            "your_facebook_activity/messages/inbox/crew_GRP123/message_1.json",
            r#"{"participants": [{"name": "Ana"}, {"name": "Bo"}, {"name": "Cy"}, {"name": "Bo"}],
                "messages": [
                  {"sender_name": "Dee", "timestamp_ms": 2000},
                  {"sender_name": "Cy", "timestamp_ms": 1000}
                ]}"#,
        );
        assert_eq!(names(&sink), ["Ana", "Bo", "Cy", "Dee"]);
        assert_eq!(
            events(&sink),
            [
                "Online FacebookMessage 1970-01-01T00:00:02Z Dee [Ana, Bo, Cy, Dee]",
                "Online FacebookMessage 1970-01-01T00:00:01Z Cy [Ana, Bo, Cy]",
            ]
        );
    }

    #[test]
    fn earliest_archive_shapes() {
        // Participants as plain strings and `timestamp` in seconds.
        let sink = run(
            "messages/alice_ABC123/message.json",
            r#"{"participants": ["Alice Example"],
                "messages": [{"sender_name": "Alice Example", "timestamp": 1520000000}]}"#,
        );
        assert_eq!(
            events(&sink),
            ["Online FacebookMessage 2018-03-02T14:13:20Z Alice Example [Alice Example]"]
        );
    }

    #[test]
    fn e2ee_download_is_read_like_a_thread() {
        let sink = run(
            "alice_1.json",
            r#"{"participants": ["Test User", "Caf\u00c3\u00a9 Owner"], "threadName": "Caf\u00c3\u00a9 Owner",
                "messages": [
                  {"senderName": "Caf\u00c3\u00a9 Owner", "text": "hi", "timestamp": 1600000060000,
                   "type": "Generic", "isUnsent": false, "media": [], "reactions": [{"actor": "Test User", "reaction": "x"}]},
                  {"senderName": "Test User", "text": "oops", "timestamp": 1600000000000, "isUnsent": true}
                ]}"#,
        );
        assert_eq!(
            events(&sink),
            [
                "Online FacebookMessage 2020-09-13T12:27:40Z Café Owner [Test User, Café Owner]",
                "Online FacebookMessage 2020-09-13T12:26:40Z Test User [Test User, Café Owner]",
            ]
        );
        assert_eq!(
            *sink.events[0].folded,
            message_print("Café Owner", 1_600_000_060_000, "Café Owner")
        );
    }

    #[test]
    fn numeric_file_order_does_not_matter() {
        let part = |sender: &str, ms: u64| {
            format!(
                r#"{{"participants": [{{"name": "Ana"}}, {{"name": "Dave"}}],
                    "messages": [{{"sender_name": "{sender}", "timestamp_ms": {ms}}}]}}"#
            )
        };
        let files = [
            ("message_1.json", part("Ana", 3000)),
            ("message_2.json", part("Dave", 2000)),
            ("message_10.json", part("Ana", 1000)),
        ];
        let collect = |order: &[usize]| {
            let mut all = Sink::new();
            for &i in order {
                let (file, text) = &files[i];
                all.append(run(&format!("messages/inbox/dave_MULTI/{file}"), text));
            }
            let mut lines = events(&all);
            lines.sort();
            lines
        };
        let sorted_by_name = collect(&[0, 2, 1]); // message_1, message_10, message_2
        assert_eq!(sorted_by_name, collect(&[0, 1, 2]));
        assert_eq!(sorted_by_name, collect(&[2, 1, 0]));
        assert_eq!(sorted_by_name.len(), 3);
    }

    // ------------------------------------------------------------ warnings and errors

    #[test]
    fn message_without_timestamp_is_a_located_warning() {
        let sink = run(
            INBOX,
            r#"{"participants": [{"name": "Ana"}],
                "messages": [{"sender_name": "Ana", "timestamp_ms": 1}, {"sender_name": "Ana", "content": "x"},
                             {"sender_name": "Ana", "timestamp_ms": "soon"},
                             {"sender_name": "Ana", "timestamp_ms": 99999999999999999999},
                             {"sender_name": "Ana", "timestamp_ms": 9999999999999999},
                             {"sender_name": "Ana", "timestamp_ms": 12345678901234567890},
                             {"sender_name": "Ana", "timestamp_ms": -9223372036854775808},
                             {"sender_name": "Ana", "timestamp_ms": 1.6e12},
                             {"sender_name": "Ana", "timestamp_ms": "1600000000001"}]}"#,
        );
        // The last two fold into one event (same sender and day).
        assert_eq!(sink.events.len(), 2);
        assert_eq!(
            warnings(&sink),
            [
                format!("{INBOX}: messages[1]: expected timestamp_ms, found none"),
                format!("{INBOX}: messages[2]: expected timestamp_ms in epoch milliseconds, found \"soon\""),
                format!("{INBOX}: messages[3]: expected timestamp_ms in epoch milliseconds, found 1e+20"),
                format!("{INBOX}: messages[4]: expected timestamp_ms in epoch milliseconds, found 9999999999999999"),
                format!("{INBOX}: messages[5]: expected timestamp_ms in epoch milliseconds, found 12345678901234567890"),
                format!("{INBOX}: messages[6]: expected timestamp_ms in epoch milliseconds, found -9223372036854775808"),
            ]
        );
    }

    #[test]
    fn message_without_sender_is_a_warning_but_a_call_is_kept() {
        let sink = run(
            INBOX,
            r#"{"participants": [{"name": "Ana"}, {"name": "Bo"}],
                "messages": [{"timestamp_ms": 2000}, {"timestamp_ms": 1000, "call_duration": 9},
                             {"sender_name": "Bo", "timestamp_ms": 500, "call_duration": -3}]}"#,
        );
        assert_eq!(
            events(&sink),
            ["Direct MessengerCall 1970-01-01T00:00:01Z - [Ana, Bo]"]
        );
        assert_eq!(
            warnings(&sink),
            [
                format!("{INBOX}: messages[0]: expected sender_name, found none"),
                format!("{INBOX}: messages[2]: expected call_duration in seconds, found -3"),
            ]
        );
    }

    #[test]
    fn corrupt_thread_is_a_located_error() {
        assert_eq!(
            run_err(INBOX, "{this is not: valid json"),
            format!("{INBOX}:1: invalid JSON: key must be a string (column 2)")
        );
        assert_eq!(
            run_err(INBOX, "{\"participants\": [\n{\"name\": \"A\"}"),
            format!("{INBOX}:2: truncated JSON: EOF while parsing a list (column 13)")
        );
        assert_eq!(
            run_err(INBOX, r#"{"participants": "Ana", "messages": []}"#),
            format!(
                "{INBOX}:1: unexpected JSON structure: invalid type: string \"Ana\", \
                 expected a sequence (column 22)"
            )
        );
        assert_eq!(
            run_err(INBOX, r#"{"participants": [{"name": "A"}]}"#),
            format!("{INBOX}: expected a messenger thread with a \"messages\" list, found none")
        );
        assert_eq!(
            run_err(INBOX, ""),
            format!("{INBOX}:1: truncated JSON: EOF while parsing a value")
        );
    }

    #[test]
    fn message_fields_are_checked_as_they_are_read() {
        let thread =
            |messages: &str| format!(r#"{{"participants": [], "messages": [{messages}]}}"#);
        let structure = |detail: &str| format!("{INBOX}:1: unexpected JSON structure: {detail}");
        // A key given twice, under its name or its E2EE alias.
        assert_eq!(
            run_err(
                INBOX,
                &thread(r#"{"sender_name": "A", "sender_name": "B"}"#)
            ),
            structure("duplicate field `sender_name` (column 68)")
        );
        assert_eq!(
            run_err(INBOX, &thread(r#"{"senderName": "A", "sender_name": "B"}"#)),
            structure("duplicate field `sender_name` (column 67)")
        );
        assert_eq!(
            run_err(INBOX, r#"{"messages": [], "messages": []}"#),
            structure("duplicate field `messages` (column 27)")
        );
        // Names and types must be strings; a message must be an object.
        assert_eq!(
            run_err(INBOX, &thread(r#"{"sender_name": 5}"#)),
            structure("invalid type: integer `5`, expected a string (column 51)")
        );
        assert_eq!(
            run_err(INBOX, &thread(r#"{"sender_name": "A", "type": ["Call"]}"#)),
            structure("invalid type: sequence, expected a string (column 63)")
        );
        assert_eq!(
            run_err(INBOX, &thread(r#""A""#)),
            structure("invalid type: string \"A\", expected struct Message (column 37)")
        );
        // null is no value; unknown keys are skipped whatever they hold.
        let sink = run(
            INBOX,
            &thread(
                r#"{"sender_name": null, "type": null, "timestamp_ms": 1},
                   {"sender_name": "Bo", "type": null, "timestamp_ms": 2, "x": [{"y": null}]}"#,
            ),
        );
        assert_eq!(
            warnings(&sink),
            [format!(
                "{INBOX}: messages[0]: expected sender_name, found none"
            )]
        );
        assert_eq!(
            events(&sink),
            ["Online FacebookMessage 1970-01-01T00:00:00.002Z Bo [Bo]"]
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_fail_only_where_read() {
        // In a message's text, which is never read: the thread imports.
        let mut sink = Sink::new();
        let text = b"{\"participants\": [{\"name\": \"Ana\"}], \"messages\": [\
                     {\"sender_name\": \"Ana\", \"timestamp_ms\": 1, \"content\": \"caf\xe9\"}]}";
        import_bytes(INBOX, text, &mut sink).unwrap();
        assert_eq!(
            events(&sink),
            ["Online FacebookMessage 1970-01-01T00:00:00.001Z Ana [Ana]"]
        );
        // In a name: the file's error says where.
        let mut sink = Sink::new();
        let text = b"{\"participants\": [{\"name\": \"Jos\xe9\"}], \"messages\": []}";
        let err = import_bytes(INBOX, text, &mut sink)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            format!("{INBOX}:1: invalid JSON: invalid unicode code point (column 32)")
        );
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        let sink = run(
            INBOX,
            "\u{feff}{\"participants\": [{\"name\": \"Ana\"}], \"messages\": []}",
        );
        assert_eq!(names(&sink), ["Ana"]);
    }

    #[test]
    fn html_archive_gets_the_json_advice() {
        for path in [
            "index.html",
            "facebook-ana/start_here.html",
            "message_1.html",
        ] {
            assert_eq!(
                run_err(path, "<!DOCTYPE html><html></html>"),
                format!(
                    "{path}: this is a facebook archive in HTML format, which offgrid cannot \
                     read; download your information again choosing format JSON"
                )
            );
        }
    }

    // ------------------------------------------------------------ friends

    #[test]
    fn friends_every_generation() {
        for (path, key) in [
            ("friends/friends.json", "friends"),
            ("friends_and_followers/friends.json", "friends_v2"),
            ("connections/friends/your_friends.json", "friends_v2"),
        ] {
            let sink = run(
                path,
                &format!(
                    r#"{{"{key}": [{{"name": "Jos\u00c3\u00a9 Ng", "timestamp": 1462104000}},
                                 {{"name": "Jos\u00c3\u00a9 Ng", "timestamp": 1505032200, "contact_info": "x"}}]}}"#
                ),
            );
            // Two friends with one name may be two people: two records.
            assert_eq!(names(&sink), ["José Ng", "José Ng"], "{path}");
            assert_eq!(
                events(&sink),
                [
                    "Seen FacebookFriend 2016-05-01T12:00:00Z - [José Ng]",
                    "Seen FacebookFriend 2017-09-10T08:30:00Z - [José Ng]",
                ],
                "{path}"
            );
        }
    }

    #[test]
    fn friend_warnings_and_errors() {
        let path = "connections/friends/your_friends.json";
        let sink = run(
            path,
            r#"{"friends_v2": [{"timestamp": 1}, {"name": "Bo"}, {"name": "Cy", "timestamp": "x"}]}"#,
        );
        assert_eq!(names(&sink), ["Bo", "Cy"]);
        assert!(sink.events.is_empty());
        assert_eq!(
            warnings(&sink),
            [
                format!("{path}: friends_v2[0]: expected name, found none"),
                format!("{path}: friends_v2[1]: expected timestamp, found none"),
                format!("{path}: friends_v2[2]: expected timestamp in epoch seconds, found \"x\""),
            ]
        );
        assert_eq!(
            run_err(path, r#"{"deleted_friends_v2": []}"#),
            format!("{path}: expected a \"friends\" or \"friends_v2\" list, found none")
        );
    }

    // ------------------------------------------------------------ profile

    #[test]
    fn profile_is_the_owner() {
        let path = "personal_information/profile_information/profile_information.json";
        let sink = run(
            path,
            r#"{"profile_v2": {
                 "name": {"full_name": "Ana Ribeiro-S\u00c3\u00b8rensen", "first_name": "Ana"},
                 "emails": {"emails": ["Ana@Example.org"], "previous_emails": ["old@example.net", "nope"]},
                 "previous_names": [{"name": "Ana Ribeiro", "timestamp": 1}],
                 "phone_numbers": [{"phone_type": "Mobile", "phone_number": "(555) 010-0100"}],
                 "birthday": {"year": 1990, "month": 1, "day": 2}}}"#,
        );
        assert_eq!(sink.records.len(), 1);
        let r = &sink.records[0];
        assert!(r.owner);
        assert_eq!(r.names, ["Ana Ribeiro-Sørensen", "Ana Ribeiro"]);
        let emails: Vec<&str> = r.emails.iter().map(Email::as_str).collect();
        assert_eq!(emails, ["ana@example.org", "old@example.net"]);
        let phones: Vec<&str> = r.phones.iter().map(Phone::as_str).collect();
        assert_eq!(phones, ["+15550100100"]);
        assert_eq!(
            warnings(&sink),
            [format!(
                "{path}: emails: expected an email address, found \"nope\""
            )]
        );
    }

    #[test]
    fn old_profile_shapes() {
        let path = "profile_information/profile_information.json";
        let sink = run(
            path,
            r#"{"profile": {"name": "Ana Old", "emails": ["a@example.org"]}}"#,
        );
        assert_eq!(sink.records[0].names, ["Ana Old"]);
        assert!(sink.records[0].owner);
        let sink = run(
            path,
            r#"{"profile": {"name": {"first_name": "Ana", "middle_name": "", "last_name": "Old"}}}"#,
        );
        assert_eq!(sink.records[0].names, ["Ana Old"]);
        let sink = run(path, r#"{"profile_v2": {"username": "x"}}"#);
        assert!(sink.records.is_empty());
        assert_eq!(
            warnings(&sink),
            [format!(
                "{path}: profile: expected a name, email or phone number, found none"
            )]
        );
        assert_eq!(
            run_err(path, r#"{"other": {}}"#),
            format!("{path}: expected a \"profile\" or \"profile_v2\" object, found none")
        );
    }

    // ------------------------------------------------------------ fixtures

    const ANA: &str = "Ana Ribeiro-Sørensen";

    fn owner(sink: &Sink) -> Vec<&Record> {
        sink.records.iter().filter(|r| r.owner).collect()
    }

    #[test]
    fn fixture_2018_layout() {
        let out = import_folder("2018");
        assert_eq!(
            out.files,
            [
                "friends/friends.json",
                "messages/inbox/josemullerlukasiewicz_a1b2c3d4e5/message_1.json",
                "messages/inbox/triviaknights_f6e5d4c3b2/message_1.json",
                "profile_information/profile_information.json",
            ]
        );
        assert!(out.errors.is_empty() && out.sink.warnings.is_empty());
        let jose = "José Müller-Łukasiewicz";
        let group = format!("{ANA}, {jose}, Chloé Dubois, Bartholomew Quill");
        assert_eq!(
            events(&out.sink),
            [
                format!("Seen FacebookFriend 2016-05-01T12:00:00Z - [{jose}]"),
                "Seen FacebookFriend 2017-09-10T08:30:00Z - [Chloé Dubois]".to_owned(),
                "Seen FacebookFriend 2015-01-20T21:00:00Z - [Bartholomew Quill]".to_owned(),
                format!("Online FacebookMessage 2018-03-05T19:02:00Z {jose} [{jose}, {ANA}]"),
                format!("Direct MessengerCall 2018-03-05T18:40:00Z {ANA} [{jose}, {ANA}]"),
                format!("Seen MessengerCall 2018-03-05T18:30:00Z {jose} [{jose}, {ANA}]"),
                format!("Online FacebookMessage 2018-03-04T09:15:00Z {ANA} [{jose}, {ANA}]"),
                format!(
                    "Online FacebookMessage 2018-04-02T20:05:00Z Kenji Watanabe \
                     [{group}, Kenji Watanabe]"
                ),
                format!("Online FacebookMessage 2018-04-01T18:00:00Z Chloé Dubois [{group}]"),
                format!("Online FacebookMessage 2018-04-01T17:00:00Z Bartholomew Quill [{group}]"),
            ]
        );
        let owners = owner(&out.sink);
        assert_eq!(owners.len(), 1);
        assert_eq!(owners[0].names, [ANA]);
        assert_eq!(owners[0].emails.len(), 2);
        assert_eq!(owners[0].phones[0].as_str(), "+15550100100");
    }

    #[test]
    fn fixture_2020_layout() {
        let out = import_folder("2020");
        assert_eq!(
            out.files,
            [
                "friends_and_followers/friends.json",
                "messages/archived_threads/chloedubois_4k3j2h1g0f/message_1.json",
                "messages/inbox/miaokafor_9z8y7x6w5v/message_1.json",
                "profile_information/profile_information.json",
            ]
        );
        assert!(out.errors.is_empty() && out.sink.warnings.is_empty());
        let mia = "Mia Okafor 🌻";
        assert_eq!(
            events(&out.sink),
            [
                format!("Seen FacebookFriend 2019-08-30T16:00:00Z - [{mia}]"),
                "Seen FacebookFriend 2017-09-10T08:30:00Z - [Chloé Dubois]".to_owned(),
                format!(
                    "Online FacebookMessage 2019-11-02T10:00:00Z Chloé Dubois [Chloé Dubois, {ANA}]"
                ),
                format!("Online FacebookMessage 2020-06-12T21:00:00Z {mia} [{mia}, {ANA}]"),
                format!("Direct MessengerCall 2020-06-12T20:30:00Z {ANA} [{mia}, {ANA}]"),
                // The unsent message counts.
                format!("Online FacebookMessage 2020-06-12T20:00:00Z {ANA} [{mia}, {ANA}]"),
                format!("Online FacebookMessage 2020-06-11T09:00:00Z {mia} [{mia}, {ANA}]"),
            ]
        );
        assert_eq!(owner(&out.sink)[0].names, [ANA]);
    }

    #[test]
    fn fixture_2022_layout_multi_file_thread_and_calls_without_type() {
        let out = import_folder("2022");
        let thread =
            "your_activity_across_facebook/messages/inbox/bartholomewquill_5551234567890123";
        assert_eq!(
            out.files,
            [
                "connections/friends/your_friends.json".to_owned(),
                "your_activity_across_facebook/messages/filtered_threads/\
                 kenjiwatanabe_5559876543210987/message_1.json"
                    .to_owned(),
                format!("{thread}/message_1.json"),
                format!("{thread}/message_10.json"),
                format!("{thread}/message_2.json"),
            ]
        );
        assert!(out.errors.is_empty() && out.sink.warnings.is_empty());
        let bart = "Bartholomew Quill";
        assert_eq!(
            events(&out.sink),
            [
                format!("Seen FacebookFriend 2019-07-15T09:00:00Z - [{bart}]"),
                "Seen FacebookFriend 2016-05-01T12:00:00Z - [José Müller-Łukasiewicz]".to_owned(),
                format!(
                    "Online FacebookMessage 2022-02-02T02:02:00Z Kenji Watanabe \
                     [Kenji Watanabe, {ANA}]"
                ),
                format!("Online FacebookMessage 2022-10-05T12:00:00Z {bart} [{bart}, {ANA}]"),
                format!("Direct MessengerCall 2022-10-05T11:30:00Z {ANA} [{bart}, {ANA}]"),
                format!("Seen MessengerCall 2022-10-05T11:00:00Z {bart} [{bart}, {ANA}]"),
                format!("Online FacebookMessage 2019-07-14T15:00:00Z {bart} [{bart}, {ANA}]"),
                format!("Online FacebookMessage 2021-03-01T08:00:00Z {ANA} [{bart}, {ANA}]"),
            ]
        );
        // No profile in this archive: no owner record.
        assert!(owner(&out.sink).is_empty());
    }

    #[test]
    fn fixture_2024_layout_with_e2ee_cutover() {
        let out = import_folder("2024");
        assert_eq!(
            out.files,
            [
                "connections/friends/your_friends.json",
                "personal_information/profile_information/profile_information.json",
                "your_facebook_activity/messages/e2ee_cutover/josemullerlukasiewicz_10001234567890/\
                 message_1.json",
                "your_facebook_activity/messages/message_requests/kenjiwatanabe_10009999999999/\
                 message_1.json",
            ]
        );
        assert!(out.errors.is_empty() && out.sink.warnings.is_empty());
        let jose = "José Müller-Łukasiewicz";
        assert_eq!(
            events(&out.sink),
            [
                format!("Seen FacebookFriend 2016-05-01T12:00:00Z - [{jose}]"),
                "Seen FacebookFriend 2019-08-30T16:00:00Z - [Mia Okafor 🌻]".to_owned(),
                format!("Direct MessengerCall 2023-12-01T18:00:00Z {ANA} [{jose}, {ANA}]"),
                format!("Online FacebookMessage 2023-11-30T10:00:00Z {jose} [{jose}, {ANA}]"),
                format!(
                    "Online FacebookMessage 2024-01-10T10:00:00Z Kenji Watanabe \
                     [Kenji Watanabe, {ANA}]"
                ),
            ]
        );
        let owners = owner(&out.sink);
        assert_eq!(owners.len(), 1);
        assert_eq!(owners[0].names, [ANA, "Ana Ribeiro"]);
    }

    #[test]
    fn fixture_e2ee_download() {
        let out = import_folder("e2ee");
        assert_eq!(out.files, ["JoseMullerLukasiewicz_1.json"]);
        assert_eq!(names(&out.sink), [ANA, "José Müller-Łukasiewicz"]);
        assert_eq!(out.sink.events.len(), 2);
    }

    #[test]
    fn fixture_broken_thread_costs_only_itself() {
        let out = import_folder("broken");
        assert_eq!(
            out.errors,
            [
                "messages/inbox/chloedubois_0b0b0b0b0b/message_1.json:7: truncated JSON: \
              EOF while parsing an object (column 65)"
            ]
        );
        assert_eq!(names(&out.sink), ["Mia Okafor 🌻", ANA]);
        assert_eq!(out.sink.events.len(), 1);
        assert_eq!(
            warnings(&out.sink),
            [
                "messages/inbox/miaokafor_0c0c0c0c0c/message_1.json: messages[1]: \
              expected timestamp_ms, found none"
            ]
        );
    }

    #[test]
    fn fixture_html_archive_gives_one_error() {
        let out = import_folder("html");
        assert_eq!(out.files, ["index.html"]);
        assert_eq!(
            out.errors,
            ["index.html: this is a facebook archive in HTML format, which offgrid cannot read; \
              download your information again choosing format JSON"]
        );
    }

    #[test]
    fn fixture_multipart_zips_through_discovery() {
        let dir = fixtures().join("multipart");
        let as_folder =
            crate::discover::discover(std::slice::from_ref(&dir), &ctx(), Fold::Day, &|_| {});
        let as_parts = crate::discover::discover(
            &[
                dir.join("facebook-part2.zip"),
                dir.join("facebook-part1.zip"),
            ],
            &ctx(),
            Fold::Day,
            &|_| {},
        );
        for imported in [&as_folder, &as_parts] {
            assert!(imported.errors.is_empty(), "{:?}", imported.errors);
            let entries: Vec<&str> = imported
                .entries
                .iter()
                .map(|(_, d)| d.rsplit('/').next().unwrap())
                .collect();
            assert_eq!(
                entries,
                [
                    "profile_information.json",
                    "message_1.json",
                    "your_friends.json",
                    "message_2.json",
                ]
            );
            let sink = &imported.sink;
            let chloe = "Chloé Dubois";
            assert_eq!(
                events(sink),
                [
                    format!("Online FacebookMessage 2024-05-02T12:00:00Z {chloe} [{chloe}, {ANA}]"),
                    format!("Direct MessengerCall 2024-05-02T11:00:00Z {ANA} [{chloe}, {ANA}]"),
                    format!("Seen FacebookFriend 2017-09-10T08:30:00Z - [{chloe}]"),
                    format!("Online FacebookMessage 2023-01-15T19:00:00Z {ANA} [{chloe}, {ANA}]"),
                ]
            );
            // Both halves of the thread share one thread key.
            assert_eq!(
                *sink.events[3].folded,
                message_print(
                    "chloedubois_10007777777777",
                    1_673_809_200_000,
                    "Ana Ribeiro-Sørensen"
                )
            );
            assert_eq!(owner(sink).len(), 1);
        }
    }

    // ------------------------------------------------------------ corpus

    /// Every Facebook file of the shared corpus, imported under a realistic
    /// archive path (the corpus names are flat).
    #[test]
    fn corpus_files() {
        let root = std::env::var_os("OFFGRID_CORPUS").map_or_else(
            || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus")),
            PathBuf::from,
        );
        let dir = root.join("facebook");
        if !dir.is_dir() {
            eprintln!("skipped: corpus not found at {}", dir.display());
            return;
        }
        // (corpus file, path in an archive, what it gives)
        let cases: &[(&str, &str, &str)] = &[
            (
                "pedrofuentes__kawsay__inbox_jose_abc__message_1.json",
                "messages/inbox/jose_abc/message_1.json",
                "2 records, 3 messages, 0 calls, 0 missed",
            ),
            (
                "wesm__msgvault__inbox_alice_ABC123__message_1.json",
                "your_activity_across_facebook/messages/inbox/alice_ABC123/message_1.json",
                "2 records, 3 messages, 0 calls, 0 missed",
            ),
            (
                "wesm__msgvault__archived_threads_zoe_ARCH__message_1.json",
                "your_activity_across_facebook/messages/archived_threads/zoe_ARCH/message_1.json",
                "2 records, 1 messages, 0 calls, 0 missed",
            ),
            (
                "wesm__msgvault__your_facebook_activity_carol_ALT456__message_1.json",
                "your_facebook_activity/messages/inbox/carol_ALT456/message_1.json",
                "2 records, 1 messages, 0 calls, 0 missed",
            ),
            (
                "wesm__msgvault__inbox_crew_GRP123__message_1.json",
                "messages/inbox/crew_GRP123/message_1.json",
                "3 records, 3 messages, 0 calls, 0 missed",
            ),
            (
                "wesm__msgvault__inbox_dave_MULTI__message_1.json",
                "messages/inbox/dave_MULTI/message_1.json",
                "2 records, 2 messages, 0 calls, 0 missed",
            ),
            (
                "wesm__msgvault__inbox_dave_MULTI__message_2.json",
                "messages/inbox/dave_MULTI/message_2.json",
                "2 records, 1 messages, 0 calls, 0 missed",
            ),
            (
                "wesm__msgvault__inbox_dave_MULTI__message_10.json",
                "messages/inbox/dave_MULTI/message_10.json",
                "2 records, 1 messages, 0 calls, 0 missed",
            ),
            // Sticker, photo and share are messages; one answered call, one
            // missed call; the Unsubscribe notice is not a message.
            (
                "wesm__msgvault__inbox_sam_NONTXT__message_1.json",
                "messages/inbox/sam_NONTXT/message_1.json",
                "2 records, 3 messages, 1 calls, 1 missed",
            ),
            // E2EE flat files: found by content; the unsent message counts.
            (
                "wesm__msgvault__e2ee_flat__alice_1.json",
                "alice_1.json",
                "2 records, 4 messages, 0 calls, 0 missed",
            ),
            (
                "wesm__msgvault__e2ee_flat__group_2.json",
                "group_2.json",
                "3 records, 2 messages, 0 calls, 0 missed",
            ),
            (
                "wesm__msgvault__corrupt_broken_BAD__message_1.json",
                "messages/inbox/broken_BAD/message_1.json",
                "error: messages/inbox/broken_BAD/message_1.json:1: invalid JSON: \
              key must be a string (column 2)",
            ),
            (
                "wesm__msgvault__html_alice_ABC123__message_1.html",
                "message_1.html",
                "html",
            ),
            (
                "wesm__msgvault__html_timestamps_layout1.html",
                "message_1.html",
                "html",
            ),
            (
                "wesm__msgvault__html_timestamps_layout2.html",
                "message_1.html",
                "html",
            ),
            (
                "wesm__msgvault__html_timestamps_layout3.html",
                "message_1.html",
                "html",
            ),
            // JSON Schemas, not samples: at their archive paths they are
            // refused as a whole, naming the key they lack.
            (
                "SamuelePilleri__facebook-schemas__SCHEMA_messages_message.json",
                "messages/inbox/schema_1/message_1.json",
                "error: messages/inbox/schema_1/message_1.json: expected a messenger thread \
              with a \"messages\" list, found none",
            ),
            (
                "SamuelePilleri__facebook-schemas__SCHEMA_friends_friends.json",
                "friends/friends.json",
                "error: friends/friends.json: expected a \"friends\" or \"friends_v2\" list, \
              found none",
            ),
            (
                "SamuelePilleri__facebook-schemas__SCHEMA_profile_information.json",
                "profile_information/profile_information.json",
                "error: profile_information/profile_information.json: expected a \"profile\" \
              or \"profile_v2\" object, found none",
            ),
        ];
        let mut seen = 0;
        for &(file, path, want) in cases {
            let Ok(bytes) = std::fs::read(dir.join(file)) else {
                panic!("corpus file missing: {file}");
            };
            let head = &bytes[..bytes.len().min(8 * 1024)];
            assert!(Facebook.detect(path, head), "{file} not detected at {path}");
            let mut sink = Sink::new();
            let got = match import_bytes(path, &bytes, &mut sink) {
                Ok(()) => format!(
                    "{} records, {} messages, {} calls, {} missed",
                    sink.records.len(),
                    count(&sink, EventKind::Online, &Channel::FacebookMessage),
                    count(&sink, EventKind::Direct, &Channel::MessengerCall),
                    count(&sink, EventKind::Seen, &Channel::MessengerCall),
                ),
                Err(ImportError::HtmlArchive { .. }) => "html".to_owned(),
                Err(e) => format!("error: {e}"),
            };
            assert_eq!(got, want, "{file}");
            assert!(sink.warnings.is_empty(), "{file}: {:?}", sink.warnings);
            if file.starts_with("pedrofuentes") {
                // Mojibake in names: José García, not JosÃ© GarcÃ­a.
                assert_eq!(names(&sink), ["José García", "Me"]);
                assert_eq!(sink.events[0].sender(), Some(0));
            }
            seen += 1;
        }
        // The schemas of files offgrid does not read are not detected.
        for (file, path) in [
            (
                "SamuelePilleri__facebook-schemas__SCHEMA_about_you_your_address_books.json",
                "about_you/your_address_books.json",
            ),
            (
                "SamuelePilleri__facebook-schemas__SCHEMA_calls_and_messages_call_logs.json",
                "calls_and_messages/call_logs.json",
            ),
        ] {
            let bytes = std::fs::read(dir.join(file)).unwrap();
            assert!(!Facebook.detect(path, &bytes), "{file}");
            seen += 1;
        }
        // Every Facebook file in the corpus is covered above.
        let on_disk = std::fs::read_dir(&dir).unwrap().count();
        assert_eq!(seen, on_disk, "a corpus file is not covered by this test");
    }
}
