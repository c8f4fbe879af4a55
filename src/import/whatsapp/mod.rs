//! WhatsApp "Export chat": one chat as text, `_chat.txt` in an iOS zip
//! (`WhatsApp Chat - <Name>.zip`) or `WhatsApp Chat with <Name>.txt` from
//! Android (docs/formats.md, WhatsApp).
//!
//! Gives one record per distinct sender (the name as the owner's phone book
//! writes it, or the phone number of a sender saved under none), an online
//! event per message, media and deleted ones included, a seen event per
//! missed call and a direct event per answered call line; notices
//! (encryption, joins, security codes) count for nothing. The owner is
//! known only in a one-to-one chat whose contact is known: from the file's
//! or its zip's name, or from the notice iOS writes under the contact's
//! name; the one other sender is then the owner.
//!
//! A chat is capped near 40,000 messages, so the file is read whole: the
//! order of day and month is decided from every date of it
//! (`lines::Order::of`), never line by line. Times have no zone and are
//! read in `--tz`. A line that starts like a message but whose date or time
//! cannot be read is a located warning and costs only itself (and the lines
//! that continue it). Message text is read only to classify the line and
//! for the fingerprint.

mod lines;

use std::collections::HashMap;

use jiff::civil::DateTime;

use self::lines::{Line, Order, Prefix, LRM};
use super::text::{decode, quote};
use super::{
    file_name, fingerprint, Context, Entry, ImportError, Importer, MessageEvent, Scope, Sink,
};
use crate::model::{
    Channel, EventKind, Location, NewEvent, Phone, Record, RecordRef, SourceKind, When,
};

/// The WhatsApp importer.
pub struct Whatsapp;

/// Quotation marks, which open the quoted text of a notice and are not in
/// the names a phone book saves.
const QUOTES: &[char] = &['"', '\u{201c}', '\u{201d}', '\u{201e}', '\u{ab}', '\u{bb}'];

/// What an export's file name (Android's `.txt`, the iPhone's `.zip`) says
/// before the chat's name: English and the localized forms seen in public
/// exports (docs/formats.md).
const NAME_PREFIXES: &[&str] = &[
    "WhatsApp Chat with ",
    "WhatsApp Chat - ",
    "Чат WhatsApp с контактом ",
    "Chat WhatsApp s uživatelem ",
];

impl Importer for Whatsapp {
    fn kind(&self) -> SourceKind {
        SourceKind::Whatsapp
    }

    /// A `.txt` entry named `_chat.txt` or with `WhatsApp` in its name, or
    /// whose first line starts as a message does.
    fn detect(&self, path: &str, head: &[u8]) -> bool {
        let name = file_name(path);
        let lower = name.to_lowercase();
        if !lower.ends_with(".txt") {
            return false;
        }
        if lower == "_chat.txt" || lower.contains("whatsapp") {
            return true;
        }
        let text = String::from_utf8_lossy(head);
        let first = text
            .lines()
            .map(|l| l.trim_start_matches('\u{feff}'))
            .find(|l| !l.trim().is_empty());
        first.is_some_and(|l| matches!(lines::line(l), Line::Start(_)))
    }

    /// Any WhatsApp entry: the same chat exported twice may have any two
    /// names (a zip's `_chat.txt`, a renamed download).
    fn scope(&self, _path: &str, _head: &[u8]) -> Option<Scope> {
        Some(Scope {
            source: SourceKind::Whatsapp,
            part: None,
        })
    }

    fn import(
        &self,
        entry: &mut Entry<'_>,
        ctx: &Context,
        sink: &mut Sink,
    ) -> Result<(), ImportError> {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry.reader, &mut bytes)
            .map_err(|e| ImportError::io(entry.location(None), e))?;
        let text = decode(&bytes);
        let chat = chat_name(&entry.display);
        read_chat(&text, chat.as_deref(), &entry.location(None), ctx, sink)
    }
}

/// The chat's name from the entry's name (`WhatsApp Chat with Ann Lee.txt`)
/// or, for `_chat.txt` in a zip, the zip's (`WhatsApp Chat - Ann Lee.zip`);
/// a download's copy number (` (1)`) is dropped.
fn chat_name(display: &str) -> Option<String> {
    let (archive, member) = match display.rsplit_once('!') {
        Some((archive, member)) => (Some(archive), member),
        None => (None, display),
    };
    let mut name = file_name(member);
    if name.eq_ignore_ascii_case("_chat.txt") {
        name = file_name(archive?);
    }
    let stem = strip_suffix_ignore_case(name, ".txt")
        .or_else(|| strip_suffix_ignore_case(name, ".zip"))?;
    let chat = NAME_PREFIXES
        .iter()
        .find_map(|p| stem.strip_prefix(p))?
        .trim();
    // ` (1)`, ` (12)`: the download's copy number, not the chat's.
    let chat = match chat.rsplit_once(" (") {
        Some((head, n))
            if n.strip_suffix(')')
                .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())) =>
        {
            head.trim_end()
        }
        _ => chat,
    };
    (!chat.is_empty()).then(|| clean(chat))
}

fn strip_suffix_ignore_case<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    (s.is_char_boundary(cut) && s[cut..].eq_ignore_ascii_case(suffix)).then(|| &s[..cut])
}

/// A sender's name as written, without the direction marks iOS wraps phone
/// numbers in (U+202A…U+202C) and with its no-break spaces as spaces.
fn clean(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .map(|c| if matches!(c, '\u{a0}' | '\u{202f}') { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A sender saved under no name: `+44 7700 900123`, `(555) 010-0123`.
fn as_phone(name: &str, ctx: &Context) -> Option<Phone> {
    let digits = name.bytes().filter(u8::is_ascii_digit).count();
    let shaped = name
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')' | '.'));
    (shaped && digits >= 7)
        .then(|| Phone::parse(name, ctx.region))
        .flatten()
}

/// What a message's line says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum What {
    /// A message: text, media (attached or omitted), a deleted message.
    Message,
    /// `Missed voice call`, `Missed group video call`, `Voice call, no
    /// answer`: evidence for first_seen only, as Messenger's missed calls.
    MissedCall,
    /// `Voice call, 12 min`: direct contact, as Messenger's answered calls.
    Call,
    /// A notice under a name (iOS one-to-one chats): not an interaction.
    /// `contact`: its words are the encryption or security-code notice,
    /// which iOS writes under the contact's name, so it names the contact.
    Notice { contact: bool },
}

/// How a message's text is classified: call lines and notices by their
/// English words and iOS's U+200E mark (docs/formats.md, WhatsApp).
fn classify(text: &str, line_marked: bool) -> What {
    let marked = text.starts_with(LRM);
    let bare: String = text.chars().filter(|&c| c != LRM).collect();
    let lower = bare.trim().to_lowercase();
    for missed in [
        "missed voice call",
        "missed video call",
        "missed group voice call",
        "missed group video call",
    ] {
        if lower.starts_with(missed) {
            return What::MissedCall;
        }
    }
    for call in ["voice call", "video call"] {
        if let Some(after) = lower.strip_prefix(call) {
            let after = after.trim_start_matches([',', '.', ' ']);
            if after.starts_with("no answer") {
                return What::MissedCall;
            }
            if is_duration(after) {
                return What::Call;
            }
        }
    }
    const NOTICES: &[&str] = &[
        "messages and calls are end-to-end encrypted",
        "messages to this chat and calls are now secured",
        "messages to this group are now secured",
        "your security code with ",
    ];
    if NOTICES.iter().any(|n| lower.starts_with(n)) {
        return What::Notice { contact: true };
    }
    // Deleted messages were messages, as Messenger's unsent ones.
    if lower.starts_with("this message was deleted")
        || lower.starts_with("you deleted this message")
    {
        return What::Message;
    }
    // iOS marks media lines at the line's start and before the text; a
    // notice only before the text.
    if marked && !line_marked && !is_media(text) {
        return What::Notice { contact: false };
    }
    What::Message
}

/// `12 min`, `1 hr`, `45 sec`, `1:02:03`.
fn is_duration(s: &str) -> bool {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return false;
    }
    let unit = s[digits..].trim_start();
    unit.starts_with(':')
        || ["sec", "min", "hr", "h", "hour"]
            .iter()
            .any(|u| unit.starts_with(u))
}

/// One message line with its continuation lines, as read.
struct Message<'a> {
    line: u64,
    prefix: Prefix<'a>,
    /// The sender as written, or `None` for a notice without one.
    sender: Option<&'a str>,
    /// The text, continuation lines included.
    text: String,
}

/// Reads a whole chat into `sink`.
fn read_chat(
    text: &str,
    chat: Option<&str>,
    location: &Location,
    ctx: &Context,
    sink: &mut Sink,
) -> Result<(), ImportError> {
    let mut messages: Vec<Message<'_>> = Vec::new();
    // Whether the lines after an unreadable one continue it (and go with it).
    let mut open = false;
    let mut first_line = None;
    for (i, raw) in text.split('\n').enumerate() {
        let number = i as u64 + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if first_line.is_none() && !raw.trim().is_empty() {
            first_line = Some(raw);
        }
        match lines::line(raw) {
            Line::Start(prefix) => {
                // A notice has no `Name: ` (Android, iOS groups), or starts
                // with the mark right after the prefix (iOS groups). A
                // `: ` inside quotation marks is a notice's quoted text
                // (`Ann changed the subject to "Re: dinner"`), not the end
                // of a name.
                let (sender, body) = match prefix.rest.split_once(": ") {
                    Some((name, body))
                        if !prefix.rest.starts_with(LRM)
                            && !clean(name).is_empty()
                            && !name.contains(QUOTES) =>
                    {
                        (Some(name), body)
                    }
                    _ => (None, prefix.rest),
                };
                messages.push(Message {
                    line: number,
                    prefix,
                    sender,
                    text: body.to_owned(),
                });
                open = true;
            }
            Line::Unreadable { head } => {
                sink.warn(
                    location.at_line(number),
                    format!("expected a date and time, found {}", quote(head)),
                );
                open = false;
            }
            Line::More => {
                if let (true, Some(m)) = (open, messages.last_mut()) {
                    m.text.push('\n');
                    m.text.push_str(raw);
                }
            }
        }
    }
    if messages.is_empty() {
        return Err(ImportError::unexpected(
            location.clone(),
            "a whatsapp chat line such as \"[31/12/21, 23:59:59] Name: text\"",
            first_line.map_or_else(|| "nothing".to_owned(), quote),
        ));
    }
    let (order, why) = Order::of(messages.iter().map(|m| &m.prefix));
    if let Some(why) = why {
        sink.warn(location.clone(), why);
    }
    // Every message's time and kind; unreadable dates are warnings.
    let mut read: Vec<(&Message<'_>, DateTime, What)> = Vec::with_capacity(messages.len());
    for m in &messages {
        let Some(when) = m.prefix.datetime(order) else {
            sink.warn(
                location.at_line(m.line),
                format!(
                    "expected a date and time, found {} (dates read as {})",
                    quote(m.prefix.head),
                    match order {
                        Order::DayFirst => "day/month",
                        Order::MonthFirst => "month/day",
                    }
                ),
            );
            continue;
        };
        let what = match m.sender {
            Some(_) => classify(&m.text, m.prefix.marked),
            None => continue,
        };
        read.push((m, when, what));
    }
    let people = People::of(&read, chat, ctx, location, sink);
    let channel = Channel::WhatsappMessage;
    let chat_key = chat.unwrap_or("");
    // The same sender, time and text more than once in the chat (two `ok`
    // in one minute): each its own message, numbered.
    let mut seen: HashMap<u64, u32> = HashMap::new();
    for &(m, when, what) in &read {
        let Some(sender) = m
            .sender
            .and_then(|s| people.by_name.get(&clean(s)).copied())
        else {
            continue;
        };
        let stamp = when.to_string();
        let at = location.at_line(m.line);
        match what {
            What::Notice { .. } => {}
            What::Message => {
                // Media reads `<attached: …>` in an export with media and
                // `image omitted` in one without: the same message.
                let body = if is_media(&m.text) {
                    "\0media"
                } else {
                    m.text.trim_end()
                };
                let base = fingerprint(&[
                    b"whatsapp:message",
                    chat_key.as_bytes(),
                    clean(m.sender.unwrap_or("")).as_bytes(),
                    stamp.as_bytes(),
                    body.as_bytes(),
                ]);
                let n = seen.entry(base).or_insert(0);
                *n += 1;
                let print = fingerprint(&[&base.to_le_bytes(), &n.to_le_bytes()]);
                sink.message(&MessageEvent {
                    kind: EventKind::Online,
                    channel: &channel,
                    when: When::Floating(when),
                    sender: Some(sender),
                    participants: &people.all,
                    location: &at,
                    fingerprint: print,
                });
            }
            What::MissedCall | What::Call => {
                let kind = if what == What::Call {
                    EventKind::Direct
                } else {
                    EventKind::Seen
                };
                sink.event(NewEvent {
                    kind,
                    channel: Channel::WhatsappCall,
                    when: When::Floating(when),
                    sender: Some(sender),
                    participants: people.all.as_slice().into(),
                    location: at,
                    dedup_key: Some(
                        format!(
                            "whatsapp:call:{chat_key}:{stamp}:{}",
                            clean(m.sender.unwrap_or(""))
                        )
                        .into(),
                    ),
                });
            }
        }
    }
    Ok(())
}

/// Whether a message is media: attached, or omitted from the export.
fn is_media(text: &str) -> bool {
    let bare: String = text.chars().filter(|&c| c != LRM).collect();
    let lower = bare.trim().to_lowercase();
    lower.contains("<attached:")
        || lower.ends_with("omitted")
        || lower.ends_with("omitted>")
        || lower.ends_with("(file attached)")
}

/// The chat's records, by cleaned sender name.
struct People {
    by_name: HashMap<String, RecordRef>,
    /// Everyone in the chat, in order of first sight.
    all: Vec<RecordRef>,
}

impl People {
    /// One record per distinct sender (and for the contact a notice names,
    /// who may have sent nothing); the owner marked when the chat is one to
    /// one with a known contact.
    fn of(
        read: &[(&Message<'_>, DateTime, What)],
        chat: Option<&str>,
        ctx: &Context,
        location: &Location,
        sink: &mut Sink,
    ) -> People {
        let mut senders: Vec<String> = Vec::new();
        let mut noticed: Option<String> = None;
        for (m, _, what) in read {
            let Some(name) = m.sender.map(clean) else {
                continue;
            };
            match what {
                What::Notice { contact: true } => {
                    noticed.get_or_insert(name);
                }
                What::Notice { contact: false } => {}
                _ if !senders.contains(&name) => senders.push(name),
                _ => {}
            }
        }
        let same = |a: &str, b: &str| {
            a == b
                || as_phone(a, ctx)
                    .zip(as_phone(b, ctx))
                    .is_some_and(|(x, y)| x == y)
        };
        // The contact: the sender with the chat's name, else the one the
        // encryption or security-code notice is written under; with one
        // other sender, that one is the owner.
        let contact = chat
            .and_then(|c| senders.iter().find(|s| same(s, c)).cloned())
            .or(noticed);
        let owner = contact.as_ref().and_then(|c| {
            let others: Vec<&String> = senders.iter().filter(|s| !same(s, c)).collect();
            match others.as_slice() {
                [one] => Some((*one).clone()),
                _ => None,
            }
        });
        let mut names = senders;
        // A contact who sent nothing is in the chat all the same: the
        // owner's messages are to them.
        if let (Some(c), Some(_)) = (&contact, &owner) {
            if !names.iter().any(|n| same(n, c)) {
                names.push(c.clone());
            }
        }
        let mut people = People {
            by_name: HashMap::new(),
            all: Vec::with_capacity(names.len()),
        };
        for name in names {
            let mut record = Record::new(SourceKind::Whatsapp, location.clone());
            match as_phone(&name, ctx) {
                Some(phone) => record.add_phone(phone),
                None => record.add_name(&name),
            }
            record.owner = owner.as_ref() == Some(&name);
            let r = sink.record(record);
            people.by_name.insert(name, r);
            people.all.push(r);
        }
        people
    }
}

#[cfg(test)]
mod tests;
