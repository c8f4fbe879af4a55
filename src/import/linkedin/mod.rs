//! LinkedIn "Get a copy of your data" export (docs/formats.md, "LinkedIn
//! data export").
//!
//! Reads, from a zip or folder (file names matched case-insensitively, space
//! and underscore equal), one file per module:
//! - `Connections.csv` (`connections.rs`): one record per connection and a
//!   `Seen` event on the day of `Connected On` (first-seen evidence, not an
//!   interaction);
//! - `messages.csv` (`Messages.csv` in 2018; `messages.rs`): one `Online`
//!   event per message, with a deduplicated record per participant;
//! - `Invitations.csv` (`invitations.rs`): records only, no events, since
//!   an invitation is not evidence of a relationship;
//! - `Profile.csv`, `Email Addresses.csv`, `PhoneNumbers.csv`
//!   (`profile.rs`): the owner;
//! - endorsements and recommendations, given and received
//!   (`endorsements.rs`): a record per person and an `Online` event per
//!   person and day.
//!
//! This module decides which file an entry is, finds its header and hands
//! its rows, decoded whatever Excel re-saved them as, to that file's
//! module; `dates.rs` reads the dates of every generation of the export.
//!
//! A CSV is also recognized by content when its first lines hold the
//! Connections or messages header. Columns are always mapped by header name,
//! never by position, because LinkedIn added and removed columns over the
//! years. Every other file of the archive is ignored. Message bodies are
//! never kept: only a hash of them, for the event's dedup key.
//!
//! A bad row (wrong field count, bad date) becomes a located warning and is
//! skipped; only a file without a recognizable header is an error.

use std::borrow::Cow;
use std::io::{BufRead, Cursor, Read};
use std::sync::Arc;

use csv::ByteRecord;

use super::csv_lines::{error_line, row_line, LineEnds};
use super::{name_is, text, Context, Entry, ImportError, Importer, Scope};
use crate::import::Sink;
use crate::model::{LinkedinUrl, Location, Record, SourceKind};

mod connections;
mod dates;
mod endorsements;
mod invitations;
mod messages;
mod profile;
#[cfg(test)]
mod tests;

/// The LinkedIn export importer.
pub struct Linkedin;

/// How many physical lines may precede the header (the `Notes:` preamble
/// takes three; Excel re-saves keep them as `Notes:,,`).
const HEADER_SCAN_LINES: u64 = 10;

/// A header line is short; a longer line is not one (hostile input).
const MAX_HEADER_LINE: u64 = 64 * 1024;

/// The display name LinkedIn gives hidden or deleted members.
const HIDDEN_MEMBER: &str = "LinkedIn Member";

/// Which file of the export an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FileKind {
    Connections,
    Messages,
    Invitations,
    Profile,
    EmailAddresses,
    PhoneNumbers,
    EndorsementsReceived,
    EndorsementsGiven,
    RecommendationsReceived,
    RecommendationsGiven,
}

/// The names a test or fuzz input is tried under (the `linkedin` fuzz
/// target's first byte picks one): every file offgrid reads, then two of
/// the export's files it does not.
pub const TRIED_NAMES: [&str; 12] = [
    "Connections.csv",
    "messages.csv",
    "Invitations.csv",
    "Profile.csv",
    "Email Addresses.csv",
    "PhoneNumbers.csv",
    "Endorsement_Received_Info.csv",
    "Endorsement_Given_Info.csv",
    "Recommendations_Received.csv",
    "Recommendations_Given.csv",
    "Skills.csv",
    "Positions.csv",
];

impl FileKind {
    /// The kind a file name says, if any.
    fn from_name(path: &str) -> Option<FileKind> {
        const NAMES: &[(&str, FileKind)] = &[
            ("Connections.csv", FileKind::Connections),
            ("messages.csv", FileKind::Messages),
            ("Invitations.csv", FileKind::Invitations),
            ("Profile.csv", FileKind::Profile),
            ("Email Addresses.csv", FileKind::EmailAddresses),
            ("PhoneNumbers.csv", FileKind::PhoneNumbers),
            (
                "Endorsement_Received_Info.csv",
                FileKind::EndorsementsReceived,
            ),
            ("Endorsement_Given_Info.csv", FileKind::EndorsementsGiven),
            (
                "Recommendations_Received.csv",
                FileKind::RecommendationsReceived,
            ),
            ("Recommendations_Given.csv", FileKind::RecommendationsGiven),
        ];
        NAMES
            .iter()
            .find(|(name, _)| name_is(path, name))
            .map(|&(_, kind)| kind)
    }

    /// Whether `keys` (lowercased header fields) is this file's header.
    fn accepts(self, keys: &[String]) -> bool {
        let has = |k: &str| keys.iter().any(|x| x == k);
        match self {
            FileKind::Connections | FileKind::Profile => has("first name") && has("last name"),
            FileKind::Messages => has("from") && has("date"),
            FileKind::Invitations => has("from") && has("to"),
            FileKind::EmailAddresses => has("email address") && !has("first name"),
            FileKind::PhoneNumbers => has("number"),
            FileKind::EndorsementsReceived | FileKind::EndorsementsGiven => has("endorsement date"),
            FileKind::RecommendationsReceived | FileKind::RecommendationsGiven => {
                has("first name") && has("last name") && has("creation date")
            }
        }
    }

    /// The kind a header alone proves, for files not named as LinkedIn
    /// names them: only the two distinctive headers count.
    fn from_header(keys: &[String]) -> Option<FileKind> {
        let has = |k: &str| keys.iter().any(|x| x == k);
        if has("first name") && has("last name") && has("connected on") {
            Some(FileKind::Connections)
        } else if has("from")
            && has("date")
            && (has("conversation id") || (has("to") && has("direction")))
        {
            Some(FileKind::Messages)
        } else {
            None
        }
    }

    /// What the header must hold, for the error when none is found.
    fn expected_header(self) -> &'static str {
        match self {
            FileKind::Connections | FileKind::Profile => "First Name and Last Name",
            FileKind::Messages => "FROM and DATE",
            FileKind::Invitations => "From and To",
            FileKind::EmailAddresses => "Email Address",
            FileKind::PhoneNumbers => "Number",
            FileKind::EndorsementsReceived | FileKind::EndorsementsGiven => "Endorsement Date",
            FileKind::RecommendationsReceived | FileKind::RecommendationsGiven => {
                "First Name, Last Name and Creation Date"
            }
        }
    }

    /// Generic owner files (`Email Addresses.csv`, `PhoneNumbers.csv`) are only
    /// claimed when their first bytes show the header too.
    fn needs_header_to_detect(self) -> bool {
        matches!(self, FileKind::EmailAddresses | FileKind::PhoneNumbers)
    }
}

impl Importer for Linkedin {
    fn kind(&self) -> SourceKind {
        SourceKind::Linkedin
    }

    fn detect(&self, path: &str, head: &[u8]) -> bool {
        let mut head = head;
        match FileKind::from_name(path) {
            Some(kind) if kind.needs_header_to_detect() => {
                matches!(find_header(&mut head, Some(kind)), Ok(Some(_)))
            }
            Some(_) => true,
            // Renamed exports: only text tables are worth a look.
            None => {
                let lower = super::file_name(path).to_ascii_lowercase();
                [".csv", ".tsv", ".txt"].iter().any(|e| lower.ends_with(e))
                    && matches!(find_header(&mut head, None), Ok(Some(_)))
            }
        }
    }

    /// Messages: `messages.csv`, or a renamed file whose first bytes show
    /// no Connections header (a messages header, or none found there).
    /// Every messages table of every export is one scope.
    fn scope(&self, path: &str, head: &[u8]) -> Option<Scope> {
        let messages = match FileKind::from_name(path) {
            Some(kind) => kind == FileKind::Messages,
            // UTF-16 is decoded whole, so the head tells nothing.
            None if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") => true,
            None => !matches!(
                find_header(&mut &head[..], None),
                Ok(Some(Header {
                    kind: FileKind::Connections,
                    ..
                }))
            ),
        };
        messages.then_some(Scope {
            source: SourceKind::Linkedin,
            part: None,
        })
    }

    fn import(
        &self,
        entry: &mut Entry<'_>,
        ctx: &Context,
        sink: &mut Sink,
    ) -> Result<(), ImportError> {
        let loc = Loc(Arc::clone(&entry.display));
        let by_name = FileKind::from_name(&entry.path);
        let io = |e| ImportError::io(loc.at(None), e);

        // An Excel "Unicode text" re-save is UTF-16 with a BOM.
        let mut whole = Cursor::new(Vec::new());
        let reader = text::utf8_lines(&mut *entry.reader, &mut whole).map_err(io)?;

        let Some(header) = find_header(reader, by_name).map_err(io)? else {
            let expected = match by_name {
                Some(kind) => format!(
                    "a header with {} in the first {HEADER_SCAN_LINES} lines",
                    kind.expected_header()
                ),
                None => format!(
                    "a LinkedIn Connections or messages header in the first \
                     {HEADER_SCAN_LINES} lines"
                ),
            };
            return Err(ImportError::unexpected(loc.at(None), expected, "none"));
        };
        let mut rows = Rows::new(reader, &header, loc.clone());
        match header.kind {
            FileKind::Connections => connections::import(&mut rows, sink),
            FileKind::Messages => messages::import(&mut rows, sink),
            FileKind::Invitations => invitations::import(&mut rows, sink),
            FileKind::Profile => profile::import(&mut rows, sink),
            FileKind::EmailAddresses | FileKind::PhoneNumbers => {
                profile::import_owner_contacts(&mut rows, ctx, sink)
            }
            FileKind::EndorsementsReceived
            | FileKind::EndorsementsGiven
            | FileKind::RecommendationsReceived
            | FileKind::RecommendationsGiven => endorsements::import(&mut rows, sink),
        }
    }
}

/// Names places in the entry.
#[derive(Clone)]
struct Loc(Arc<str>);

impl Loc {
    fn at(&self, line: Option<u64>) -> Location {
        Location::new(Arc::clone(&self.0), line)
    }
}

/// A header found in the first lines.
struct Header {
    kind: FileKind,
    /// The fields as written (for messages), trimmed.
    names: Vec<String>,
    /// The fields lowercased, for lookups.
    keys: Vec<String>,
    /// Its physical line, 1-based; data lines are counted from here.
    line: u64,
    delimiter: u8,
}

/// Scans the first lines for a header: the one `want` accepts, or, when
/// `want` is `None`, a Connections or messages header. The reader is left
/// just after the header line.
fn find_header(
    reader: &mut dyn BufRead,
    want: Option<FileKind>,
) -> std::io::Result<Option<Header>> {
    let mut buf = Vec::new();
    for line in 1..=HEADER_SCAN_LINES {
        buf.clear();
        let n = Read::take(&mut *reader, MAX_HEADER_LINE).read_until(b'\n', &mut buf)?;
        if n == 0 {
            break;
        }
        let decoded = text::decode(&buf);
        let text = text::strip_bom(decoded.trim_end_matches(['\r', '\n']));
        let delimiter = guess_delimiter(text);
        let names = split_line(text, delimiter);
        let keys: Vec<String> = names.iter().map(|k| k.to_lowercase()).collect();
        let kind = match want {
            Some(kind) => Some(kind).filter(|k| k.accepts(&keys)),
            None => FileKind::from_header(&keys),
        };
        if let Some(kind) = kind {
            return Ok(Some(Header {
                kind,
                names,
                keys,
                line,
                delimiter,
            }));
        }
        if !buf.ends_with(b"\n") {
            // A line longer than any header, or the end of the input.
            break;
        }
    }
    Ok(None)
}

/// The separator a header line uses: `,` as LinkedIn writes it, `;` from a
/// European Excel re-save, TAB from an Excel "Unicode text" save.
pub(crate) fn guess_delimiter(line: &str) -> u8 {
    let (mut comma, mut semi, mut tab, mut quoted) = (0, 0, 0, false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => comma += 1,
            ';' if !quoted => semi += 1,
            '\t' if !quoted => tab += 1,
            _ => {}
        }
    }
    if semi > comma && semi >= tab {
        b';'
    } else if tab > comma && tab > semi {
        b'\t'
    } else {
        b','
    }
}

/// The trimmed fields of one CSV line.
pub(crate) fn split_line(line: &str, delimiter: u8) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(line.as_bytes());
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => record.iter().map(|f| f.trim().to_owned()).collect(),
        _ => Vec::new(),
    }
}

/// The data rows after a header, one reused record at a time.
struct Rows<'r> {
    reader: csv::Reader<LineEnds<&'r mut dyn BufRead>>,
    record: ByteRecord,
    width: usize,
    kind: FileKind,
    names: Vec<String>,
    keys: Vec<String>,
    loc: Loc,
}

/// One data row: its physical line and fields.
struct Row<'a> {
    line: u64,
    record: &'a ByteRecord,
}

impl Row<'_> {
    /// A field, decoded (UTF-8, else Windows-1252) and trimmed; empty when
    /// the column is absent.
    fn get(&self, col: Option<usize>) -> Cow<'_, str> {
        match col.and_then(|i| self.record.get(i)) {
            Some(bytes) => match text::decode(bytes) {
                Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
                Cow::Owned(s) => Cow::Owned(s.trim().to_owned()),
            },
            None => Cow::Borrowed(""),
        }
    }

    fn raw(&self, col: Option<usize>) -> &[u8] {
        col.and_then(|i| self.record.get(i)).unwrap_or_default()
    }
}

impl<'r> Rows<'r> {
    fn new(reader: &'r mut dyn BufRead, header: &Header, loc: Loc) -> Rows<'r> {
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(header.delimiter)
            .from_reader(LineEnds::new(reader, header.line + 1));
        Rows {
            reader,
            record: ByteRecord::new(),
            width: header.keys.len(),
            kind: header.kind,
            names: header.names.clone(),
            keys: header.keys.clone(),
            loc,
        }
    }

    fn col(&self, keys: &[&str]) -> Option<usize> {
        keys.iter()
            .find_map(|k| self.keys.iter().position(|x| x == k))
    }

    /// The header's own spelling of a column, for messages.
    fn name_of(&self, col: Option<usize>, default: &str) -> String {
        col.and_then(|i| self.names.get(i))
            .cloned()
            .unwrap_or_else(|| default.to_owned())
    }

    /// Calls `f` for every well-formed row; a row with the wrong number of
    /// fields becomes a warning, a blank row (Excel's `,,,,`) is skipped.
    ///
    /// # Errors
    ///
    /// When the input cannot be read.
    fn for_each(
        &mut self,
        sink: &mut Sink,
        mut f: impl FnMut(&Row<'_>, &mut Sink),
    ) -> Result<(), ImportError> {
        loop {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => return Ok(()),
                Err(e) => {
                    let line = error_line(&mut self.reader, &e);
                    return Err(ImportError::csv(self.loc.at(line), e));
                }
            }
            let line = row_line(&mut self.reader, self.record.as_slice());
            if self
                .record
                .iter()
                .all(|f| f.iter().all(u8::is_ascii_whitespace))
            {
                continue;
            }
            let found = self.record.len();
            let extra_blank = self
                .record
                .iter()
                .skip(self.width)
                .all(|f| f.iter().all(u8::is_ascii_whitespace));
            if found < self.width || !extra_blank {
                sink.warn(
                    self.loc.at(Some(line)),
                    format!("expected {} fields, found {found}", self.width),
                );
                continue;
            }
            f(
                &Row {
                    line,
                    record: &self.record,
                },
                sink,
            );
        }
    }
}

/// Adds a LinkedIn display name. Credentials written into the last name
/// (`"Saleh, Certified Executive Coach"`, `"Ahl, PhD"`; docs/formats.md,
/// "Connections.csv") are cut off for the preferred name; the full display
/// name is kept as well.
fn add_display_name(record: &mut Record, display: &str) {
    let display = display.trim();
    if let Some((head, _)) = display.split_once(',') {
        record.add_name(head);
    }
    record.add_name(display);
}

/// `First Last`, trimmed, either part optional.
fn full_name(first: &str, last: &str) -> String {
    match (first.trim(), last.trim()) {
        ("", l) => l.to_owned(),
        (f, "") => f.to_owned(),
        (f, l) => format!("{f} {l}"),
    }
}

/// Some(trimmed) unless blank.
fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// Who a row names (the sender or a recipient of a message, either side
/// of an invitation), as the row says it.
#[derive(Clone, Debug, Default)]
struct Party {
    name: Option<String>,
    url: Option<LinkedinUrl>,
}

impl Party {
    /// A participant from a name and a profile URL cell; `None` for hidden
    /// members (`LinkedIn Member` or an empty name, without a URL).
    fn new(name: &str, url: &str) -> Option<Party> {
        let name = name.trim();
        let name = (!name.is_empty() && name != HIDDEN_MEMBER).then(|| name.to_owned());
        let url = LinkedinUrl::parse(url);
        (name.is_some() || url.is_some()).then_some(Party { name, url })
    }
}

/// A participant's identity within the entry: the canonical profile URL,
/// else the exact display name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Key {
    Url(LinkedinUrl),
    Name(String),
}
