//! Message threads: `message_N.json` files and the E2EE download's
//! `<Name>_<N>.json`, read into typed structs that keep only the fields
//! used, then one message at a time into events.
//!
//! A thread file gives one record per participant name, an online event
//! per message credited to its sender, a direct event per answered
//! Messenger call and a seen event per missed one; join and leave notices
//! count for nothing (docs/formats.md, Facebook, "What each becomes").
//! A bad message is a located warning (`messages[3]: …`) and costs only
//! itself; a file that is not JSON, or has no `messages` list, is an
//! error.
//!
//! The file is read by [`super::fast`] where it has the shapes Facebook
//! writes, else by serde_json through the hand-written visitors below;
//! both give the same [`Thread`]. Sender names are interned and repaired
//! for mojibake once per distinct name, as they are read, so a message
//! holds no string. Nothing here reads message text, reactions or media.

use std::collections::HashMap;
use std::fmt;

use jiff::Timestamp;
use rustc_hash::FxBuildHasher;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::{as_integer, fast, parse_with, thread_key, Fixed, Platform};
use crate::import::text::repair_mojibake;
use crate::import::{fingerprint, Entry, ImportError, MessageEvent, Sink};
use crate::model::{Channel, EventKind, Location, NewEvent, Record, RecordRef, SourceKind, When};

/// Reads one thread file into `sink`.
///
/// # Errors
///
/// When the file cannot be read, is not JSON of a thread's shape, or has
/// no `messages` list.
pub(crate) fn import(
    entry: &mut Entry<'_>,
    platform: Platform,
    sink: &mut Sink,
) -> Result<(), ImportError> {
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
    let mut people = People::new(platform.kind(), location.clone());
    let mut members: Vec<RecordRef> = Vec::new();
    for p in &thread.participants {
        if let Some(r) = p.name().and_then(|n| people.get(n, sink)) {
            if !members.contains(&r) {
                members.push(r);
            }
        }
    }
    let mut participants: Vec<RecordRef> = Vec::with_capacity(members.len() + 1);
    let message_channel = platform.message_channel();
    let unit = TimeUnit::of(&messages);
    if unit == TimeUnit::Seconds {
        sink.warn(
            location.clone(),
            "timestamp_ms holds seconds (every value is a date in seconds and before 1973 in \
             milliseconds): read as seconds",
        );
    }
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
        let when = match message_time(m, unit, &at) {
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
                    platform.message_tag(),
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
                    "{}:call:{key}:{}:{sender_name}",
                    platform.kind(),
                    when.as_millisecond()
                )
                .into(),
            ),
        });
    }
    Ok(())
}

/// Timestamps above this are milliseconds, below it seconds (10^11 seconds
/// is the year 5138; 10^11 milliseconds is 1973).
const MILLIS_THRESHOLD: i64 = 100_000_000_000;

/// What a thread file's `timestamp_ms` holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TimeUnit {
    Millis,
    /// Every `timestamp_ms` of the file is [`seconds_shaped`]: a converter
    /// that wrote seconds.
    Seconds,
}

/// A value that is a date since 2001 in seconds and would be before 1973
/// in milliseconds: plausible only as seconds.
fn seconds_shaped(n: i64) -> bool {
    (1_000_000_000..MILLIS_THRESHOLD).contains(&n)
}

impl TimeUnit {
    /// Decided from the whole file, never message by message.
    fn of(messages: &[Message]) -> TimeUnit {
        let mut values = messages
            .iter()
            .filter_map(|m| m.timestamp_ms.as_ref()?.integer())
            .peekable();
        if values.peek().is_some() && values.all(seconds_shaped) {
            TimeUnit::Seconds
        } else {
            TimeUnit::Millis
        }
    }
}

/// The instant of one message, or a warning text.
fn message_time(m: &Message, unit: TimeUnit, at: &dyn Fn() -> String) -> Result<Timestamp, String> {
    let (field, value) = match (&m.timestamp_ms, &m.timestamp) {
        (Some(v), _) => ("timestamp_ms", v),
        (None, Some(v)) => ("timestamp", v),
        (None, None) => return Err(format!("{}: expected timestamp_ms, found none", at())),
    };
    let seconds = field == "timestamp" || unit == TimeUnit::Seconds;
    if let (false, Some(n)) = (seconds, value.integer()) {
        // One value that is plausible only in seconds among milliseconds:
        // neither reading is safe.
        if seconds_shaped(n) {
            return Err(format!(
                "{}: expected timestamp_ms in epoch milliseconds, found {n} (before 1973; \
                 seconds?)",
                at()
            ));
        }
    }
    let millis = value.integer().map(|n| {
        if seconds && n.abs() < MILLIS_THRESHOLD {
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
/// is in the account's language and is never read (docs/formats.md,
/// Facebook, "What each becomes").
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
    kind: SourceKind,
    location: Location,
}

impl People {
    fn new(kind: SourceKind, location: Location) -> People {
        People {
            by_name: HashMap::default(),
            kind,
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
        let mut record = Record::new(self.kind, self.location.clone());
        record.add_name(name);
        let r = sink.record(record);
        self.by_name.insert(name.to_owned(), r);
        Some(r)
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
pub(super) struct Thread {
    pub(super) participants: Vec<Participant>,
    pub(super) messages: Option<Vec<Message>>,
    pub(super) title: Option<Fixed>,
    /// Every distinct sender name, repaired, in order of first sight; a
    /// message's `sender` indexes it.
    pub(super) senders: Vec<String>,
}

/// `{"name": …}` in archives; a plain string in E2EE downloads and the
/// earliest JSON archives.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(untagged, expecting = "a participant name or an object with a name")]
pub(super) enum Participant {
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
pub(super) struct Message {
    /// Index into [`Thread::senders`].
    pub(super) sender: Option<u32>,
    pub(super) timestamp_ms: Option<Scalar>,
    /// E2EE downloads (milliseconds) and the earliest archives (seconds).
    pub(super) timestamp: Option<Scalar>,
    pub(super) call_duration: Option<Scalar>,
    pub(super) kind: Kind,
    /// `missed` is `true`.
    pub(super) missed: bool,
}

/// A number field as read: an integer as it is (nearly always), anything
/// else whole, for [`as_integer`] and a warning's quote.
#[derive(Debug, PartialEq)]
pub(super) enum Scalar {
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

    /// The value as written, shortened for a warning
    /// ([`crate::import::text::shorten`]).
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
pub(super) enum Kind {
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
pub(super) struct Senders {
    index: HashMap<Box<str>, u32, FxBuildHasher>,
    pub(super) names: Vec<String>,
}

impl Senders {
    pub(super) fn intern(&mut self, raw: &str) -> u32 {
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
pub(super) enum Key {
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
    pub(super) fn of(kind: &str) -> Kind {
        match kind {
            "Subscribe" | "Unsubscribe" => Kind::Notice,
            "Call" => Kind::Call,
            _ => Kind::Other,
        }
    }
}

impl Key {
    pub(super) fn thread(key: &str) -> Key {
        match key {
            "participants" => Key::Participants,
            "messages" => Key::Messages,
            "title" | "threadName" => Key::Title,
            _ => Key::Other,
        }
    }

    pub(super) fn message(key: &str) -> Key {
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
pub(super) fn mark_seen(seen: &mut u16, key: Key) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::facebook::tests::{
        count, events, message_print, names, run, run_err, warnings, INBOX,
    };

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
    fn seconds_in_timestamp_ms_are_read_as_seconds_when_every_value_is() {
        // A converter wrote seconds: every value is a date in seconds and
        // before 1973 in milliseconds. One warning for the file.
        let sink = run(
            INBOX,
            r#"{"participants": [{"name": "Ana"}, {"name": "Bo"}],
                "messages": [{"sender_name": "Ana", "timestamp_ms": 1700000000, "content": "a"},
                             {"sender_name": "Ana", "timestamp_ms": 1600000000, "type": "Call", "call_duration": 60}]}"#,
        );
        assert_eq!(
            events(&sink),
            [
                "Online FacebookMessage 2023-11-14T22:13:20Z Ana [Ana, Bo]",
                "Direct MessengerCall 2020-09-13T12:26:40Z Ana [Ana, Bo]",
            ]
        );
        assert_eq!(
            warnings(&sink),
            [format!(
                "{INBOX}: timestamp_ms holds seconds (every value is a date in seconds and \
                 before 1973 in milliseconds): read as seconds"
            )]
        );
        // Among milliseconds, a value in seconds is neither: skipped where
        // it is, never a 1970 date.
        let sink = run(
            INBOX,
            r#"{"participants": [{"name": "Ana"}, {"name": "Bo"}],
                "messages": [{"sender_name": "Ana", "timestamp_ms": 1700000000000, "content": "a"},
                             {"sender_name": "Ana", "timestamp_ms": 1600000000, "content": "b"}]}"#,
        );
        assert_eq!(
            events(&sink),
            ["Online FacebookMessage 2023-11-14T22:13:20Z Ana [Ana, Bo]"]
        );
        assert_eq!(
            warnings(&sink),
            [format!(
                "{INBOX}: messages[1]: expected timestamp_ms in epoch milliseconds, found \
                 1600000000 (before 1973; seconds?)"
            )]
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
}
