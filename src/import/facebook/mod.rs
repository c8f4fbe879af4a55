//! Facebook "Download Your Information" archive, JSON format
//! (docs/formats.md, Facebook).
//!
//! Reads three kinds of file, recognized by their path inside the archive or
//! folder, whatever the layout generation (2018 `messages/`, 2019–2021
//! `messages/` with `friends_and_followers/`, 2022–2023
//! `your_activity_across_facebook/`, 2024+ `your_facebook_activity/`):
//!
//! - message threads, `messages/<folder>/<thread>/message_N.json`, in
//!   `threads.rs`: one record per participant, an online event per
//!   message, a direct event per answered Messenger call and a seen event
//!   per missed one;
//! - friends lists (`friends` / `friends_v2`), in `friends.rs`: a record
//!   and a seen event ("friends since") per friend;
//! - the profile (`profile` / `profile_v2`), in `profile.rs`: the owner's
//!   record.
//!
//! End-to-end-encrypted Messenger downloads (flat `<Name>_<N>.json` files
//! with camelCase keys) are recognized by content and read like threads.
//! An archive downloaded in HTML format is recognized and refused with one
//! error that tells the user to download it again as JSON.
//!
//! This module holds what the three share: detection and the path rules of
//! every layout, the thread key, the JSON reading with its located errors,
//! and `Fixed`, through which every string is repaired for Facebook's
//! mojibake as it is deserialized, so no name reaches a record un-repaired.
//! A file is parsed with serde_json into structs holding only the fields
//! used, so memory is bounded by one thread file, not by the archive; a
//! thread file is first tried by `fast.rs`, a reader of the shapes
//! Facebook writes. The owner is not guessed from the threads: `resolve` links the
//! profile record to the owner's name in the threads.

use std::borrow::Cow;
use std::io::Read;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

mod fast;
mod friends;
mod profile;
pub(crate) mod threads;

use super::text::repair_mojibake;
use super::{file_name, Context, Entry, ImportError, Importer, Part, Scope};
use crate::import::Sink;
use crate::model::{Channel, SourceKind};

/// The Facebook importer.
pub struct Facebook;

/// The service a thread file comes from: Facebook's Messenger, or
/// Instagram, whose archive writes its direct messages in Messenger's
/// shape ([`crate::import::instagram`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Platform {
    Facebook,
    Instagram,
}

impl Platform {
    /// The source its records and events are credited to.
    pub(crate) fn kind(self) -> SourceKind {
        match self {
            Platform::Facebook => SourceKind::Facebook,
            Platform::Instagram => SourceKind::Instagram,
        }
    }

    /// The first part of its messages' fingerprints.
    fn message_tag(self) -> &'static [u8] {
        match self {
            Platform::Facebook => b"facebook:message",
            Platform::Instagram => b"instagram:message",
        }
    }

    /// The channel of its messages; calls are Messenger calls on both.
    fn message_channel(self) -> Channel {
        match self {
            Platform::Facebook => Channel::FacebookMessage,
            Platform::Instagram => Channel::InstagramMessage,
        }
    }
}

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
        (classify(path) == Some(FileKind::Thread)).then(|| thread_scope(Platform::Facebook, path))
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
            Some(FileKind::Friends) => friends::import(entry, sink),
            Some(FileKind::Profile) => profile::import(entry, ctx, sink),
            // A thread by path, or an E2EE file or bare thread file by content.
            Some(FileKind::Thread) | None => threads::import(entry, Platform::Facebook, sink),
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

/// Whether `path` is a thread page of a Facebook archive downloaded in
/// HTML (`messages/inbox/alice_1/message_1.html`, or `alice_1/message_1.html`
/// below the `inbox` folder given).
pub fn is_html_thread_page(path: &str) -> bool {
    let segs: Vec<&str> = path.split(['/', '\\']).collect();
    let Some((name, dirs)) = segs.split_last() else {
        return false;
    };
    let name = name.to_ascii_lowercase();
    // A thread's folder is its name and a number (`alice_1`,
    // `alicesmith_10105`), whether or not `messages/inbox` is above it.
    let thread_like = |d: &&str| {
        d.rsplit_once('_').is_some_and(|(n, id)| {
            !n.is_empty() && !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())
        })
    };
    name.strip_suffix(".html")
        .or_else(|| name.strip_suffix(".htm"))
        .is_some_and(is_message_stem)
        && (in_thread_folder(dirs) || dirs.last().is_some_and(thread_like))
}

/// `message`, `message_1`, `message_10`, …
pub(crate) fn is_message_stem(stem: &str) -> bool {
    stem == "message"
        || stem
            .strip_prefix("message_")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether the directories end in `messages/<folder>/<thread>` (2019+) or
/// `messages/<thread>` (2018).
pub(crate) fn in_thread_folder(dirs: &[&str]) -> bool {
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

/// Instagram's archive uses the same thread format: its files are
/// Instagram's ([`crate::import::instagram`]).
fn is_instagram(dirs: &[&str]) -> bool {
    dirs.iter()
        .any(|d| crate::import::instagram::is_instagram_dir(d))
}

/// The scope of a thread file found by its path: its thread (the folder
/// name, as in its messages' fingerprints) and file.
pub(crate) fn thread_scope(platform: Platform, path: &str) -> Scope {
    Scope {
        source: platform.kind(),
        part: Some(Part {
            conversation: thread_key(path, None),
            file: file_name(path).to_owned(),
        }),
    }
}

/// The thread's folder name (`alice_ABC123`), which stays the same in every
/// part of a multi-part archive; else the title or file name.
pub(crate) fn thread_key(path: &str, title: Option<&Fixed>) -> String {
    let segs: Vec<&str> = path.split(['/', '\\']).filter(|s| !s.is_empty()).collect();
    match classify(path) {
        Some(FileKind::Thread) if segs.len() >= 2 => segs[segs.len() - 2].to_owned(),
        _ => match title {
            Some(t) if !t.0.trim().is_empty() => t.0.trim().to_owned(),
            _ => file_name(path).to_owned(),
        },
    }
}

/// A string repaired for mojibake as it is deserialized: the one place where
/// every Facebook string passes (docs/formats.md, Facebook, "Quirks
/// handled").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Fixed(String);

impl Fixed {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

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

/// Parses the whole entry as one JSON document of type `T`.
///
/// The entry is read into memory first and parsed from the slice, several
/// times faster than serde_json's byte-at-a-time reader; Facebook splits a
/// thread into files of 10,000 messages (a few MiB), and the entry size
/// limit bounds the rest. Only the fields of `T` are kept.
pub(crate) fn parse<T: DeserializeOwned>(entry: &mut Entry<'_>) -> Result<T, ImportError> {
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

#[cfg(test)]
mod tests;
