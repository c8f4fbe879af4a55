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

use crate::model::{Location, Region, Sink, SourceKind};

pub mod calendar;
pub mod calllog;
pub mod facebook;
pub mod linkedin;
pub mod text;
pub mod touchpoints;
pub mod vcard;

/// Every importer, in detection order: the first whose `detect` says yes
/// reads the entry.
pub static IMPORTERS: &[&dyn Importer] = &[
    &linkedin::Linkedin,
    &facebook::Facebook,
    &vcard::Vcard,
    &calendar::Calendar,
    &touchpoints::Touchpoints,
    &calllog::Calllog,
];

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
}

/// Why a whole entry could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{location}: {source}")]
    Io {
        location: Location,
        #[source]
        source: std::io::Error,
    },
    #[error("{location}: {message}")]
    Invalid { location: Location, message: String },
}

impl ImportError {
    pub fn invalid(location: Location, message: impl Into<String>) -> ImportError {
        ImportError::Invalid {
            location,
            message: message.into(),
        }
    }

    pub fn io(location: Location, source: std::io::Error) -> ImportError {
        ImportError::Io { location, source }
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
