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

mod event;
mod identifiers;

pub use event::*;
pub use identifiers::*;

use std::fmt;
use std::sync::Arc;

/// The kind of export a record or event came from. The lowercase names fill
/// the report's `sources` column and name the importer modules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceKind {
    Calendar,
    Calllog,
    /// The config file's `me` section (the owner only; never reported).
    Config,
    /// Contact CSVs: Google Contacts and Outlook.
    Contacts,
    Facebook,
    Instagram,
    Linkedin,
    /// Mail archives: mbox (Takeout, Thunderbird, Apple Mail), Maildir, `.eml`.
    Mail,
    Touchpoints,
    Vcard,
    Whatsapp,
}

impl SourceKind {
    /// The name used in the `sources` column, in module names and fixtures.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Calendar => "calendar",
            SourceKind::Calllog => "calllog",
            SourceKind::Config => "config",
            SourceKind::Contacts => "contacts",
            SourceKind::Facebook => "facebook",
            SourceKind::Instagram => "instagram",
            SourceKind::Linkedin => "linkedin",
            SourceKind::Mail => "mail",
            SourceKind::Touchpoints => "touchpoints",
            SourceKind::Vcard => "vcard",
            SourceKind::Whatsapp => "whatsapp",
        }
    }

    /// Which source's name a person is shown by, lowest first: the names
    /// people chose themselves (a profile, an address book) before names
    /// typed by the user in passing or taken from an invitation.
    pub fn name_rank(self) -> u8 {
        match self {
            SourceKind::Linkedin => 0,
            SourceKind::Vcard => 1,
            SourceKind::Contacts => 2,
            SourceKind::Facebook => 3,
            SourceKind::Instagram => 4,
            SourceKind::Whatsapp => 5,
            SourceKind::Touchpoints => 6,
            SourceKind::Calendar => 7,
            // A header's display name is whatever the sender's program
            // wrote (`"Bo (Acme)"`, a shared mailbox's name).
            SourceKind::Mail => 8,
            SourceKind::Calllog => 9,
            SourceKind::Config => 10,
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
