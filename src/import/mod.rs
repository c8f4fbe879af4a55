//! Importers: one module per source kind, behind the tiny [`Importer`] trait.
//!
//! `discover` hands each entry (a file, or a member of a zip archive) to the
//! first importer in [`IMPORTERS`] whose `detect` accepts its name and first
//! bytes. The importer reads the entry and pushes records, events and
//! warnings into a [`Sink`]; it returns an [`ImportError`] only when the whole
//! entry is unusable. A new format is one module plus one line in
//! [`IMPORTERS`].

use std::io::BufRead;
use std::sync::Arc;

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::model::{Location, Region, SourceKind};

pub use sink::{fingerprint, Fold, Later, MessageEvent, Shared, Sink};

pub mod calendar;
pub mod calllog;
pub mod contacts;
mod csv_lines;
pub mod facebook;
pub mod instagram;
pub mod linkedin;
pub mod mail;
pub mod sink;
pub mod text;
pub mod touchpoints;
pub mod vcard;
pub mod whatsapp;

/// Every importer, in detection order: the first whose `detect` says yes
/// reads the entry.
pub static IMPORTERS: &[&dyn Importer] = &[
    &linkedin::Linkedin,
    &facebook::Facebook,
    &instagram::Instagram,
    &vcard::Vcard,
    &calendar::Calendar,
    &touchpoints::Touchpoints,
    &calllog::Calllog,
    // By header shape only, after every importer that claims a CSV by its
    // name (LinkedIn's `Connections.csv`, the touchpoint log).
    &contacts::Contacts,
    // By a mbox `From ` line or a mail header block, or `.eml`/`.mbox`.
    &mail::Mail,
    // Last: it reads `.txt` entries no other importer reads.
    &whatsapp::Whatsapp,
];

/// The importer that reads an entry: the first in [`IMPORTERS`] whose
/// `detect` accepts its path and first bytes.
pub fn detect(path: &str, head: &[u8]) -> Option<&'static dyn Importer> {
    IMPORTERS.iter().copied().find(|imp| imp.detect(path, head))
}

/// One format.
pub trait Importer: Sync {
    /// The source kind this importer produces.
    fn kind(&self) -> SourceKind;

    /// Whether this importer reads the entry, from its path (inside the
    /// archive or folder, `/`-separated) and its first bytes (up to 8 KiB).
    /// Must be cheap.
    fn detect(&self, path: &str, head: &[u8]) -> bool;

    /// Reads one entry into `sink`.
    ///
    /// # Errors
    ///
    /// Only when the whole entry cannot be used (unreadable, wrong format,
    /// missing header); a bad record is a warning in `sink` instead.
    fn import(
        &self,
        entry: &mut Entry<'_>,
        ctx: &Context,
        sink: &mut Sink,
    ) -> Result<(), ImportError>;

    /// Which other entries could hold the same messages as this one, from
    /// the path and first bytes `detect` accepted; `None` when the entry
    /// holds no messages. Every importer that calls
    /// [`Sink::message`] says so here: an entry whose scope no other
    /// entry's overlaps has its messages folded whole
    /// ([`crate::import::Fold::Whole`]).
    fn scope(&self, path: &str, head: &[u8]) -> Option<Scope> {
        let _ = (path, head);
        None
    }

    /// The scope of an entry this importer reads whatever its bytes, when
    /// its path alone says so (a Facebook thread file): `discover` need not
    /// open it to know. No other importer may accept such a path.
    fn scope_by_path(&self, path: &str) -> Option<Scope> {
        let _ = path;
        None
    }
}

/// The entries that could hold the same message: a message read from two
/// of them (two downloads of one archive, two SMS backups) must count once,
/// so their messages keep a fingerprint each until analysis; an entry
/// alone in its scope needs none ([`crate::import::Fold`]).
///
/// An importer's fingerprints start with its own tag, so only entries of
/// the same source can share a message. Facebook's hold the thread's key,
/// the name of its folder, so only the files of that thread can share one;
/// and the files of one download (`message_1.json`, `message_2.json`, in
/// one part or spread over several) hold each message once. So a thread's
/// files overlap only when one of its file names comes twice: the same
/// thread in two downloads.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Scope {
    pub source: SourceKind,
    /// The conversation and the file of it, when the entry holds one
    /// conversation only and its path names both; `None`: any entry of the
    /// source may share its messages.
    pub part: Option<Part>,
}

/// One file of one conversation ([`Scope`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Part {
    pub conversation: String,
    pub file: String,
}

impl Scope {
    /// For every scope, whether another entry's scope overlaps it: the
    /// same source, and one of the two unnamed, or the same conversation
    /// with a file name that comes twice in it.
    pub fn overlapping(scopes: &[Option<Scope>]) -> Vec<bool> {
        use std::collections::{HashMap, HashSet};
        #[derive(Default)]
        struct Counts<'a> {
            entries: usize,
            unnamed: usize,
            /// Per conversation, its file names, and whether one came twice.
            named: HashMap<&'a str, (HashSet<&'a str>, bool)>,
        }
        let mut by_source: HashMap<SourceKind, Counts<'_>> = HashMap::new();
        for s in scopes.iter().flatten() {
            let c = by_source.entry(s.source).or_default();
            c.entries += 1;
            match &s.part {
                Some(part) => {
                    let (files, twice) = c.named.entry(&part.conversation).or_default();
                    *twice |= !files.insert(&part.file);
                }
                None => c.unnamed += 1,
            }
        }
        scopes
            .iter()
            .map(|s| {
                let Some(s) = s else { return false };
                let c = &by_source[&s.source];
                match &s.part {
                    None => c.entries > 1,
                    Some(part) => c.unnamed > 0 || c.named[part.conversation.as_str()].1,
                }
            })
            .collect()
    }
}

/// One readable thing: a file, or a member of a zip archive.
pub struct Entry<'a> {
    /// The path inside the archive or below the folder given (`/`-separated),
    /// or the file name for a file given directly.
    pub path: String,
    /// How to name it in messages: `input.zip!member/path` or the file path.
    pub display: Arc<str>,
    pub reader: Box<dyn BufRead + 'a>,
}

impl Entry<'_> {
    /// The location of the whole entry, or of one line of it.
    pub fn location(&self, line: Option<u64>) -> Location {
        Location::new(Arc::clone(&self.display), line)
    }
}

/// Run-wide settings importers need.
#[derive(Clone, Debug)]
pub struct Context {
    /// Region for national phone numbers.
    pub region: Region,
    /// Zone for times written without one.
    pub tz: TimeZone,
    /// Nothing after this day counts; recurrences are expanded up to it.
    pub as_of: Date,
    /// Bounds on what one entry may hold, checked while it is read.
    pub limits: crate::limits::Limits,
    /// The owner's addresses and the recipient limit for mail.
    pub mail: mail::Settings,
}

/// Why a whole entry could not be imported; a bad record is a warning in
/// the [`Sink`] instead.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The entry could not be read: why, in plain words
    /// ([`crate::error::describe_io`]).
    #[error("{location}: {why}")]
    Io { location: Location, why: String },
    /// The entry is not what its name or first bytes promised: its start,
    /// its header or its root element is missing or another one.
    #[error("{location}: expected {expected}, found {found}")]
    Unexpected {
        location: Location,
        expected: String,
        found: String,
    },
    /// JSON or CSV that cannot be parsed (`what`: `invalid JSON`,
    /// `truncated JSON`, `invalid CSV`, ...), with the parser's words.
    #[error("{location}: {what}: {detail}")]
    Syntax {
        location: Location,
        what: &'static str,
        detail: String,
    },
    /// A Facebook archive downloaded in HTML.
    #[error(
        "{location}: this is a facebook archive in HTML format, which offgrid cannot read; \
         download your information again choosing format JSON"
    )]
    HtmlArchive { location: Location },
}

impl ImportError {
    /// [`ImportError::Unexpected`].
    pub fn unexpected(
        location: Location,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> ImportError {
        ImportError::Unexpected {
            location,
            expected: expected.into(),
            found: found.into(),
        }
    }

    pub fn io(location: Location, source: std::io::Error) -> ImportError {
        ImportError::Io {
            location,
            why: crate::error::describe_io(&source),
        }
    }

    /// A CSV reader's error, in its words once (no `{:?}` of its insides).
    pub fn csv(location: Location, e: csv::Error) -> ImportError {
        if let csv::ErrorKind::Io(_) = e.kind() {
            if let csv::ErrorKind::Io(io) = e.into_kind() {
                return ImportError::io(location, io);
            }
            unreachable!("checked to be an I/O error");
        }
        ImportError::Syntax {
            location,
            what: "invalid CSV",
            detail: crate::error::lowercase_first(&e.to_string()),
        }
    }
}

/// The last path component, for name-based detection.
pub(crate) fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Compares file names case-insensitively, treating space and underscore as
/// equal (LinkedIn renamed `Phone Numbers.csv` to `PhoneNumbers.csv` and
/// writes both `Endorsement_Received_Info.csv` and the spaced form).
pub(crate) fn name_is(path: &str, want: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != ' ' && *c != '_')
            .flat_map(char::to_lowercase)
            .collect()
    };
    norm(file_name(path)) == norm(want)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fb(conversation: &str, file: &str) -> Option<Scope> {
        Some(Scope {
            source: SourceKind::Facebook,
            part: Some(Part {
                conversation: conversation.to_owned(),
                file: file.to_owned(),
            }),
        })
    }

    fn unnamed(source: SourceKind) -> Option<Scope> {
        Some(Scope { source, part: None })
    }

    #[test]
    fn scopes_overlap_by_source_conversation_and_repeated_file() {
        let li = || unnamed(SourceKind::Linkedin);
        let cases: Vec<(Vec<Option<Scope>>, Vec<bool>)> = vec![
            // One download: a thread's files, in one part or two, and one
            // messages table.
            (
                vec![
                    fb("a_1", "message_1.json"),
                    fb("a_1", "message_2.json"),
                    fb("b_2", "message_1.json"),
                    li(),
                    None,
                    None,
                ],
                vec![false, false, false, false, false, false],
            ),
            // Two downloads: a thread's file names come twice; every file
            // of that thread overlaps, the other thread's do not.
            (
                vec![
                    fb("a_1", "message_1.json"),
                    fb("a_1", "message_2.json"),
                    fb("a_1", "message_1.json"),
                    fb("b_2", "message_1.json"),
                ],
                vec![true, true, true, false],
            ),
            // A thread read by content (no folder) may be any of them.
            (
                vec![
                    fb("a_1", "message_1.json"),
                    unnamed(SourceKind::Facebook),
                    unnamed(SourceKind::Linkedin),
                ],
                vec![true, true, false],
            ),
            // Two messages tables, two SMS backups.
            (
                vec![
                    li(),
                    li(),
                    unnamed(SourceKind::Calllog),
                    unnamed(SourceKind::Calllog),
                ],
                vec![true, true, true, true],
            ),
            (vec![], vec![]),
        ];
        for (scopes, want) in cases {
            assert_eq!(Scope::overlapping(&scopes), want, "{scopes:?}");
        }
    }

    #[test]
    fn a_path_that_decides_a_scope_is_read_by_its_importer_alone() {
        let heads: [&[u8]; 4] = [
            b"",
            b"{\"participants\": [], \"messages\": []}",
            b"From,To,Date,Content\n",
            b"<?xml version=\"1.0\"?><smses count=\"0\"/>",
        ];
        for path in [
            "messages/inbox/alice_ABC123/message_1.json",
            "your_facebook_activity/messages/inbox/bob_1/message_12.json",
            "messages/archived_threads/zoe_ARCH/message_1.json",
        ] {
            let claims: Vec<SourceKind> = IMPORTERS
                .iter()
                .filter_map(|imp| imp.scope_by_path(path).map(|s| (imp, s)))
                .map(|(imp, s)| {
                    assert_eq!(s.source, imp.kind());
                    imp.kind()
                })
                .collect();
            assert_eq!(claims, [SourceKind::Facebook], "{path}");
            for head in heads {
                let readers: Vec<SourceKind> = IMPORTERS
                    .iter()
                    .filter(|imp| imp.detect(path, head))
                    .map(|imp| imp.kind())
                    .collect();
                assert_eq!(readers, [SourceKind::Facebook], "{path}");
            }
        }
        for path in [
            "messages.csv",
            "calls-1.xml",
            "messages/inbox/x/photos/1.jpg",
        ] {
            assert!(
                IMPORTERS
                    .iter()
                    .all(|imp| imp.scope_by_path(path).is_none()),
                "{path}"
            );
        }
    }
}
