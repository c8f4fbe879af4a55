//! LinkedIn "Get a copy of your data" export (FORMATS.md §1).
//!
//! Reads, from a zip or folder (file names matched case-insensitively, space
//! and underscore equal):
//! - `Connections.csv`: one record per connection and a `Seen` event on the
//!   day of `Connected On` (first-seen evidence, not an interaction);
//! - `messages.csv` (`Messages.csv` in 2018): one `Online` event per message,
//!   with a deduplicated record per participant;
//! - `Invitations.csv`: records only, no events (an invitation is not
//!   evidence of a relationship, DESIGN.md);
//! - `Profile.csv`, `Email Addresses.csv`, `PhoneNumbers.csv`: the owner.
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
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{BufRead, Cursor, Read};
use std::sync::Arc;

use csv::ByteRecord;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::Offset;
use jiff::Timestamp;

use super::{name_is, text, Context, Entry, ImportError, Importer, Scope};
use crate::import::text::quote;
use crate::import::{fingerprint, Later, Shared, Sink};
use crate::model::{
    Channel, Email, EventKind, LinkedinUrl, Location, NewEvent, Phone, Record, RecordRef,
    SourceKind, When,
};
use rustc_hash::FxBuildHasher;

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
}

/// The names a test or fuzz input is tried under (the `linkedin` fuzz
/// target's first byte picks one): every file offgrid reads, then two of
/// the export's files it does not.
pub const TRIED_NAMES: [&str; 8] = [
    "Connections.csv",
    "messages.csv",
    "Invitations.csv",
    "Profile.csv",
    "Email Addresses.csv",
    "PhoneNumbers.csv",
    "Endorsement_Received_Info.csv",
    "Recommendations_Received.csv",
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

        // An Excel "Unicode text" re-save is UTF-16 with a BOM: such files
        // are rare and small, so they are decoded whole; everything else
        // streams.
        let utf16 = {
            let buf = entry.reader.fill_buf().map_err(io)?;
            buf.starts_with(b"\xFF\xFE") || buf.starts_with(b"\xFE\xFF")
        };
        let mut decoded;
        let reader: &mut dyn BufRead = if utf16 {
            let mut bytes = Vec::new();
            entry.reader.read_to_end(&mut bytes).map_err(io)?;
            decoded = Cursor::new(text::decode(&bytes).into_owned().into_bytes());
            &mut decoded
        } else {
            &mut *entry.reader
        };

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
            FileKind::Connections => import_connections(&mut rows, sink),
            FileKind::Messages => import_messages(&mut rows, sink),
            FileKind::Invitations => import_invitations(&mut rows, sink),
            FileKind::Profile => import_profile(&mut rows, sink),
            FileKind::EmailAddresses | FileKind::PhoneNumbers => {
                import_owner_contacts(&mut rows, ctx, sink)
            }
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
fn guess_delimiter(line: &str) -> u8 {
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
fn split_line(line: &str, delimiter: u8) -> Vec<String> {
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
    reader: csv::Reader<&'r mut dyn BufRead>,
    record: ByteRecord,
    header_line: u64,
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
            .from_reader(reader);
        Rows {
            reader,
            record: ByteRecord::new(),
            header_line: header.line,
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
                    let line = e.position().map(|p| self.header_line + p.line());
                    return Err(ImportError::csv(self.loc.at(line), e));
                }
            }
            let line = self.header_line + self.record.position().map_or(0, csv::Position::line);
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
/// (`"Saleh, Certified Executive Coach"`, `"Ahl, PhD"`, FORMATS.md §1) are
/// cut off for the preferred name; the full display name is kept as well.
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

// ---------------------------------------------------------------------------
// Connections.csv

fn import_connections(rows: &mut Rows<'_>, sink: &mut Sink) -> Result<(), ImportError> {
    let first = rows.col(&["first name"]);
    let last = rows.col(&["last name"]);
    let url = rows.col(&["url", "profile url"]);
    let email = rows.col(&["email address", "email"]);
    let company = rows.col(&["company"]);
    let position = rows.col(&["position"]);
    let connected = rows.col(&["connected on"]);
    let connected_name = rows.name_of(connected, "Connected On");
    let loc = rows.loc.clone();
    rows.for_each(sink, |row, sink| {
        let location = loc.at(Some(row.line));
        let mut record = Record::new(SourceKind::Linkedin, location.clone());
        add_display_name(&mut record, &full_name(&row.get(first), &row.get(last)));
        record.linkedin = LinkedinUrl::parse(&row.get(url));
        // 2018 exports may hold `urn:li:member:<id>` here: not an address.
        if let Some(e) = Email::parse(&row.get(email)) {
            record.add_email(e);
        }
        if record.is_empty() {
            sink.warn(location, "expected a name or profile url, found none");
            return;
        }
        record.company = non_empty(&row.get(company));
        record.position = non_empty(&row.get(position));
        // The connection's identity for its dedup key: the profile, else
        // the name, else the email (a row may hold only an email).
        let key = match (
            &record.linkedin,
            record.names.first(),
            record.emails.first(),
        ) {
            (Some(url), _, _) => url.as_str().to_owned(),
            (None, Some(name), _) => name.clone(),
            (None, None, Some(email)) => email.as_str().to_owned(),
            (None, None, None) => String::new(),
        };
        let r = sink.record(record);
        let Some(col) = connected else { return };
        let raw = row.get(Some(col));
        match parse_stamp(&raw) {
            Some(stamp) => sink.event(NewEvent {
                kind: EventKind::Seen,
                channel: Channel::LinkedinConnection,
                when: When::Day(stamp.date),
                sender: None,
                participants: [r].into(),
                location,
                dedup_key: Some(format!("linkedin-connection|{key}|{}", stamp.date).into()),
            }),
            None => sink.warn(
                location,
                format!("expected a date in {connected_name}, found {}", quote(&raw)),
            ),
        }
    })
}

// ---------------------------------------------------------------------------
// messages.csv

/// Who took part in a message, as the row says it.
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

/// Strings of one file, each stored once and named by number.
#[derive(Default)]
struct Strings {
    ids: HashMap<String, u32, FxBuildHasher>,
    all: Vec<String>,
}

impl Strings {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = u32::try_from(self.all.len()).expect("fewer than 2^32 strings");
        self.all.push(s.to_owned());
        self.ids.insert(s.to_owned(), id);
        id
    }

    fn get(&self, id: u32) -> &str {
        &self.all[id as usize]
    }
}

/// What a message of the first pass is kept by, until its participants
/// are known ([`Later`]): its conversation (a row of its own when unknown),
/// its sender (an index into [`Messages::parties`]), its recipients (into
/// [`Messages::to`]) and, in 2018 files, its direction (`Some(true)` for
/// OUTGOING). Its text lives once in [`Messages`] (a conversation's cells
/// repeat on every row), so a file of a million messages stays small.
type MessageKey = (u32, u32, u32, Option<bool>);

/// What the first pass read besides the messages themselves.
#[derive(Default)]
struct Messages {
    strings: Strings,
    /// Senders, each once.
    parties: Vec<Party>,
    /// Sender by its `FROM` and `SENDER PROFILE URL` cells; `None` for a
    /// hidden member.
    party_ids: HashMap<(u32, u32), Option<u32>, FxBuildHasher>,
    /// `TO` (comma-joined names) and `RECIPIENT PROFILE URLS` (comma-joined)
    /// as written, each pair once.
    to: Vec<(u32, u32)>,
    to_ids: HashMap<(u32, u32), u32, FxBuildHasher>,
}

impl Messages {
    /// The sender of a row; `None` for a hidden member.
    fn sender(&mut self, name: &str, url: &str) -> Option<u32> {
        let cells = (self.strings.id(name), self.strings.id(url));
        if let Some(&p) = self.party_ids.get(&cells) {
            return p;
        }
        let party = Party::new(name, url).map(|party| {
            self.parties.push(party);
            u32::try_from(self.parties.len() - 1).expect("fewer than 2^32 parties")
        });
        self.party_ids.insert(cells, party);
        party
    }

    fn to(&mut self, names: &str, urls: &str) -> u32 {
        let cells = (self.strings.id(names), self.strings.id(urls));
        *self.to_ids.entry(cells).or_insert_with(|| {
            self.to.push(cells);
            u32::try_from(self.to.len() - 1).expect("fewer than 2^32 recipient lists")
        })
    }
}

/// What the last two distinct values of some cells of a row gave, kept
/// while the cells repeat byte for byte. A conversation's rows repeat its
/// id, and its two members take turns in `FROM` and `TO`: deciding those
/// again for every row (decoding, trimming, looking up) was about a tenth
/// of reading the file (docs/performance.md). Equal bytes decode alike,
/// so what was decided stands.
struct Recent<T, const N: usize> {
    /// The newer first.
    slots: [Option<([Vec<u8>; N], T)>; 2],
}

impl<T, const N: usize> Default for Recent<T, N> {
    fn default() -> Self {
        Recent {
            slots: [None, None],
        }
    }
}

impl<T: Copy, const N: usize> Recent<T, N> {
    /// What `cells` gave last time, else what `decide` gives now.
    fn get(&mut self, cells: [&[u8]; N], decide: impl FnOnce() -> T) -> T {
        let same = |slot: &Option<([Vec<u8>; N], T)>| {
            slot.as_ref()
                .is_some_and(|(kept, _)| kept.iter().zip(&cells).all(|(k, c)| k == c))
        };
        if same(&self.slots[0]) {
            return self.slots[0].as_ref().expect("checked").1;
        }
        if same(&self.slots[1]) {
            self.slots.swap(0, 1);
            return self.slots[0].as_ref().expect("checked").1;
        }
        let value = decide();
        // The older slot's buffers are reused for the new cells.
        self.slots.swap(0, 1);
        let kept = match self.slots[0].take() {
            Some((mut kept, _)) => {
                for (k, c) in kept.iter_mut().zip(&cells) {
                    k.clear();
                    k.extend_from_slice(c);
                }
                kept
            }
            None => cells.map(<[u8]>::to_vec),
        };
        self.slots[0] = Some((kept, value));
        value
    }
}

/// Reads messages in two passes: the rows stream into small [`Message`]s
/// (bodies dropped), then participants are resolved with what the whole
/// file says (names that go with a URL, who the owner is), and records and
/// events are pushed in row order.
fn import_messages(rows: &mut Rows<'_>, sink: &mut Sink) -> Result<(), ImportError> {
    let conv = rows.col(&["conversation id"]);
    let from = rows.col(&["from"]);
    let from_url = rows.col(&["sender profile url"]);
    let to = rows.col(&["to"]);
    let to_urls = rows.col(&["recipient profile urls"]);
    let date = rows.col(&["date"]);
    let content = rows.col(&["content"]);
    let direction = rows.col(&["direction"]);
    let draft = rows.col(&["is message draft"]);
    let date_name = rows.name_of(date, "DATE");
    let loc = rows.loc.clone();
    let mut messages = Messages::default();
    let mut later = sink.later::<MessageKey>();
    let mut seen_senders = Recent::default();
    let mut seen_conversations = Recent::default();
    let mut seen_to = Recent::default();
    rows.for_each(sink, |row, sink| {
        if row.get(draft).eq_ignore_ascii_case("yes") {
            return;
        }
        let raw_date = row.get(date);
        let Some(when) = parse_when(&raw_date) else {
            sink.warn(
                loc.at(Some(row.line)),
                format!("expected a date in {date_name}, found {}", quote(&raw_date)),
            );
            return;
        };
        // A message from a hidden member credits nobody: skipped.
        let cells = [row.raw(from), row.raw(from_url)];
        let sender = seen_senders.get(cells, || {
            messages.sender(&row.get(from), &row.get(from_url))
        });
        let Some(sender) = sender else {
            return;
        };
        let party = &messages.parties[sender as usize];
        let sender_key = party
            .url
            .as_ref()
            .map_or_else(|| party.name.as_deref().unwrap_or(""), |u| u.as_str());
        let fingerprint = fingerprint(&[
            b"linkedin-message",
            raw_date.as_bytes(),
            sender_key.as_bytes(),
            row.raw(content),
        ]);
        let conversation = seen_conversations.get([row.raw(conv)], || {
            let c = row.get(conv);
            (!c.is_empty()).then(|| messages.strings.id(&c))
        });
        let conversation =
            conversation.unwrap_or_else(|| messages.strings.id(&format!("line {}", row.line)));
        let to = seen_to.get([row.raw(to), row.raw(to_urls)], || {
            messages.to(&row.get(to), &row.get(to_urls))
        });
        let outgoing = match row.get(direction) {
            d if d.eq_ignore_ascii_case("outgoing") => Some(true),
            d if d.eq_ignore_ascii_case("incoming") => Some(false),
            _ => None,
        };
        let key = (conversation, sender, to, outgoing);
        later.message(sink, key, when, fingerprint, row.line);
    })?;
    push_messages(&messages, later, &loc, sink);
    Ok(())
}

/// The recipients of each distinct `TO` list, names paired with URLs where
/// the row allows it.
fn recipients(m: &Messages) -> Vec<Vec<Party>> {
    // Names known to be whole display names: every sender's, and every
    // `TO` of a message with exactly one recipient URL.
    let mut known: BTreeSet<&str> = m.parties.iter().filter_map(|p| p.name.as_deref()).collect();
    let urls_of = |urls: u32| -> Vec<&str> {
        m.strings
            .get(urls)
            .split(',')
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .collect()
    };
    for &(to, urls) in &m.to {
        let to = m.strings.get(to);
        if !to.is_empty() && urls_of(urls).len() == 1 {
            known.insert(to);
        }
    }
    m.to.iter()
        .map(|&(to, urls)| {
            let to = m.strings.get(to);
            let urls = urls_of(urls);
            if urls.is_empty() {
                return split_names(to, &known)
                    .into_iter()
                    .filter_map(|n| Party::new(&n, ""))
                    .collect();
            }
            let names: Vec<String> = if urls.len() == 1 {
                vec![to.to_owned()]
            } else {
                split_names(to, &known)
            };
            let paired = names.len() == urls.len();
            urls.iter()
                .enumerate()
                .filter_map(|(i, url)| {
                    let name = if paired { names[i].as_str() } else { "" };
                    Party::new(name, url)
                })
                .collect()
        })
        .collect()
}

/// Splits a comma-joined `TO` list of names. `TO` is ambiguous when a name
/// holds a comma (`"Božić, Ph.D."`), so: the longest run of pieces that is
/// a name seen elsewhere in the file wins; otherwise a piece of a single
/// word (`PhD`, `MBA`) is taken as a credential of the name before it.
fn split_names(to: &str, known: &BTreeSet<&str>) -> Vec<String> {
    let to = to.trim();
    if to.is_empty() {
        return Vec::new();
    }
    if known.contains(to) {
        return vec![to.to_owned()];
    }
    let pieces: Vec<&str> = to.split(',').map(str::trim).collect();
    let mut names: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        // A name holds few commas; the bound keeps hostile input linear.
        let longest = (i + 1..=pieces.len().min(i + 4))
            .rev()
            .find(|&j| known.contains(pieces[i..j].join(", ").as_str()));
        if let Some(j) = longest {
            names.push(pieces[i..j].join(", "));
            i = j;
            continue;
        }
        let piece = pieces[i];
        match names.last_mut() {
            Some(prev)
                if !piece.contains(char::is_whitespace) && !known.contains(prev.as_str()) =>
            {
                prev.push_str(", ");
                prev.push_str(piece);
            }
            _ => names.push(piece.to_owned()),
        }
        i += 1;
    }
    names.retain(|n| !n.is_empty());
    names
}

/// The owner's keys: 2018 files say it (`Direction` OUTGOING: `From` is the
/// owner); later files do not, so the one participant present in every
/// conversation, when there are at least two, is taken as the owner.
fn owners(
    later: &Later<MessageKey>,
    sender_keys: &[Option<Key>],
    to_keys: &[Vec<Key>],
) -> BTreeSet<Key> {
    if later
        .keys()
        .any(|(&(_, _, _, outgoing), _)| outgoing.is_some())
    {
        return later
            .keys()
            .filter(|(&(_, _, _, outgoing), _)| outgoing == Some(true))
            .filter_map(|(&(_, sender, _, _), _)| sender_keys[sender as usize].clone())
            .collect();
    }
    let mut seen: HashSet<(u32, u32, u32)> = HashSet::new();
    let mut by_conversation: HashMap<u32, BTreeSet<&Key>> = HashMap::new();
    for (&(conversation, sender, to, _), _) in later.keys() {
        if seen.insert((conversation, sender, to)) {
            by_conversation.entry(conversation).or_default().extend(
                sender_keys[sender as usize]
                    .iter()
                    .chain(&to_keys[to as usize]),
            );
        }
    }
    if by_conversation.len() < 2 {
        return BTreeSet::new();
    }
    let mut sets = by_conversation.into_values();
    let mut common = sets.next().unwrap_or_default();
    for set in sets {
        common.retain(|k| set.contains(k));
    }
    if common.len() == 1 {
        common.into_iter().cloned().collect()
    } else {
        BTreeSet::new()
    }
}

fn push_messages(m: &Messages, later: Later<MessageKey>, loc: &Loc, sink: &mut Sink) {
    let recipients = recipients(m);

    // Names that go with each URL, in order of appearance; a name-only
    // mention resolves to a URL when that name goes with exactly one. Each
    // sender and each recipient list is looked at once, at its first
    // message.
    let mut url_names: HashMap<&LinkedinUrl, Vec<&str>> = HashMap::new();
    let mut name_urls: HashMap<&str, BTreeSet<&LinkedinUrl>> = HashMap::new();
    let mut party_seen = vec![false; m.parties.len()];
    let mut to_seen = vec![false; m.to.len()];
    for (&(_, sender, to, _), _) in later.keys() {
        let mut parties: Vec<&Party> = Vec::new();
        if !std::mem::replace(&mut party_seen[sender as usize], true) {
            parties.push(&m.parties[sender as usize]);
        }
        if !std::mem::replace(&mut to_seen[to as usize], true) {
            parties.extend(&recipients[to as usize]);
        }
        for p in parties {
            if let (Some(name), Some(url)) = (p.name.as_deref(), p.url.as_ref()) {
                let names = url_names.entry(url).or_default();
                if !names.contains(&name) {
                    names.push(name);
                }
                name_urls.entry(name).or_default().insert(url);
            }
        }
    }
    let key_of = |p: &Party| -> Option<Key> {
        if let Some(url) = &p.url {
            return Some(Key::Url(url.clone()));
        }
        let name = p.name.as_deref()?;
        match name_urls.get(name) {
            Some(urls) if urls.len() == 1 => urls.iter().next().map(|u| Key::Url((*u).clone())),
            _ => Some(Key::Name(name.to_owned())),
        }
    };
    let sender_keys: Vec<Option<Key>> = m.parties.iter().map(&key_of).collect();
    let to_keys: Vec<Vec<Key>> = recipients
        .iter()
        .map(|to| to.iter().filter_map(&key_of).collect())
        .collect();
    let owners = owners(&later, &sender_keys, &to_keys);

    let mut refs: HashMap<Key, RecordRef> = HashMap::new();
    let mut record_for = |key: &Key, line: u64, sink: &mut Sink| -> RecordRef {
        if let Some(&r) = refs.get(key) {
            return r;
        }
        let mut record = Record::new(SourceKind::Linkedin, loc.at(Some(line)));
        match key {
            Key::Url(url) => {
                for name in url_names.get(url).into_iter().flatten() {
                    add_display_name(&mut record, name);
                }
                record.linkedin = Some(url.clone());
            }
            Key::Name(name) => add_display_name(&mut record, name),
        }
        record.owner = owners.contains(key);
        let r = sink.record(record);
        refs.insert(key.clone(), r);
        r
    };
    // Records are made at the first message that names them, in row order.
    let mut sender_refs: Vec<Option<RecordRef>> = vec![None; m.parties.len()];
    let mut to_refs: Vec<Option<Vec<RecordRef>>> = vec![None; m.to.len()];
    let channel = Channel::LinkedinMessage;
    let mut participants = Vec::new();
    sink.take(later, |&(_, sender, to, _), line, sink, push| {
        let Some(key) = &sender_keys[sender as usize] else {
            return;
        };
        let sender = match sender_refs[sender as usize] {
            Some(r) => r,
            None => {
                let r = record_for(key, line, sink);
                sender_refs[sender as usize] = Some(r);
                r
            }
        };
        let to = to_refs[to as usize].get_or_insert_with(|| {
            to_keys[to as usize]
                .iter()
                .map(|k| record_for(k, line, sink))
                .collect()
        });
        participants.clear();
        participants.push(sender);
        for &r in to.iter() {
            if !participants.contains(&r) {
                participants.push(r);
            }
        }
        push(
            sink,
            Shared {
                kind: EventKind::Online,
                channel: &channel,
                sender: Some(sender),
                participants: &participants,
                location: &loc.at(Some(line)),
            },
        );
    });
}

// ---------------------------------------------------------------------------
// Invitations.csv

/// Records for both sides of each invitation: the other party, and the
/// owner (the sender of an OUTGOING one, the invitee of an INCOMING one).
/// No events: an invitation is not evidence of a relationship.
fn import_invitations(rows: &mut Rows<'_>, sink: &mut Sink) -> Result<(), ImportError> {
    let from = rows.col(&["from"]);
    let to = rows.col(&["to"]);
    let from_url = rows.col(&["inviterprofileurl", "inviter profile url"]);
    let to_url = rows.col(&["inviteeprofileurl", "invitee profile url"]);
    let direction = rows.col(&["direction"]);
    let direction_name = rows.name_of(direction, "Direction");
    let loc = rows.loc.clone();
    let mut refs: HashMap<Key, RecordRef> = HashMap::new();
    rows.for_each(sink, |row, sink| {
        let location = loc.at(Some(row.line));
        let inviter = Party::new(&row.get(from), &row.get(from_url));
        let invitee = Party::new(&row.get(to), &row.get(to_url));
        let dir = row.get(direction);
        let (owner, other) = if dir.eq_ignore_ascii_case("outgoing") {
            (inviter, invitee)
        } else if dir.eq_ignore_ascii_case("incoming") {
            (invitee, inviter)
        } else {
            sink.warn(
                location,
                format!(
                    "expected INCOMING or OUTGOING in {direction_name}, found {}",
                    quote(&dir)
                ),
            );
            return;
        };
        for (party, is_owner) in [(other, false), (owner, true)] {
            let Some(party) = party else { continue };
            let key = match (&party.url, &party.name) {
                (Some(u), _) => Key::Url(u.clone()),
                (None, Some(n)) => Key::Name(n.clone()),
                (None, None) => continue,
            };
            if let Some(&r) = refs.get(&key) {
                if let Some(name) = &party.name {
                    add_display_name(&mut sink.records[r as usize], name);
                }
                continue;
            }
            let mut record = Record::new(SourceKind::Linkedin, location.clone());
            if let Some(name) = &party.name {
                add_display_name(&mut record, name);
            }
            record.linkedin = party.url;
            record.owner = is_owner;
            refs.insert(key, sink.record(record));
        }
    })
}

// ---------------------------------------------------------------------------
// Profile.csv, Email Addresses.csv, PhoneNumbers.csv: the owner

/// The owner's record from the first row: names (and the maiden name, which
/// older records of other sources may carry).
fn import_profile(rows: &mut Rows<'_>, sink: &mut Sink) -> Result<(), ImportError> {
    let first = rows.col(&["first name"]);
    let last = rows.col(&["last name"]);
    let maiden = rows.col(&["maiden name"]);
    let loc = rows.loc.clone();
    let mut done = false;
    rows.for_each(sink, |row, sink| {
        if done {
            return;
        }
        done = true;
        let mut record = Record::new(SourceKind::Linkedin, loc.at(Some(row.line)));
        let first = row.get(first);
        add_display_name(&mut record, &full_name(&first, &row.get(last)));
        let maiden = row.get(maiden);
        if !maiden.is_empty() {
            record.add_name(&full_name(&first, &maiden));
        }
        if record.is_empty() {
            sink.warn(
                loc.at(Some(row.line)),
                "expected a name or profile url, found none",
            );
            return;
        }
        record.owner = true;
        sink.record(record);
    })
}

/// One owner record holding every address or number of the file.
fn import_owner_contacts(
    rows: &mut Rows<'_>,
    ctx: &Context,
    sink: &mut Sink,
) -> Result<(), ImportError> {
    let email = rows.col(&["email address"]);
    let number = rows.col(&["number"]);
    let phones = rows.kind == FileKind::PhoneNumbers;
    let loc = rows.loc.clone();
    let mut record: Option<Record> = None;
    rows.for_each(sink, |row, _| {
        let rec =
            record.get_or_insert_with(|| Record::new(SourceKind::Linkedin, loc.at(Some(row.line))));
        if phones {
            if let Some(p) = Phone::parse(&row.get(number), ctx.region) {
                rec.add_phone(p);
            }
        } else if let Some(e) = Email::parse(&row.get(email)) {
            rec.add_email(e);
        }
    })?;
    if let Some(mut record) = record.filter(|r| !r.is_empty()) {
        record.owner = true;
        sink.record(record);
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Dates

/// `2024-03-15 09:30:00 UTC`, as every export since 2021 writes a message
/// date, read without [`parse_stamp`]'s search for a style. Anything else,
/// or a date or time out of range, is left to the general path.
fn parse_current(s: &str) -> Option<When> {
    let b = s.as_bytes();
    if b.len() != 23 || &b[19..] != b" UTC" {
        return None;
    }
    let punctuation = [(4, b'-'), (7, b'-'), (10, b' '), (13, b':'), (16, b':')];
    if punctuation.iter().any(|&(i, c)| b[i] != c) {
        return None;
    }
    let number = |at: usize, len: usize| -> Option<i16> {
        b[at..at + len].iter().try_fold(0i16, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + i16::from(c - b'0'))
        })
    };
    let two = |at: usize| number(at, 2).and_then(|n| i8::try_from(n).ok());
    let date = Date::new(number(0, 4)?, two(5)?, two(8)?).ok()?;
    let time = Time::new(two(11)?, two(14)?, two(17)?, 0).ok()?;
    let instant = Offset::UTC.to_timestamp(date.to_datetime(time)).ok()?;
    Some(When::Instant(instant))
}

/// A date with an optional wall time, and whether it was marked UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    date: Date,
    time: Option<Time>,
    utc: bool,
}

/// A message date: `2024-03-15 09:30:00 UTC` (2021+) is an instant;
/// `"10/16/18, 8:36 AM"` (2018) and `2019-11-06T02:08:20` (2020) carry no
/// zone and float; a bare date is a day.
fn parse_when(raw: &str) -> Option<When> {
    let raw = raw.trim();
    parse_current(raw).or_else(|| parse_any(raw))
}

/// [`parse_when`] for every style.
fn parse_any(raw: &str) -> Option<When> {
    // A timestamp has an offset (`Z`, `+01:00`, `-05:00`) after its time;
    // without one jiff's parse can only fail, and its failure formats a
    // whole error message.
    let tail = raw.as_bytes().get(10..).unwrap_or_default();
    let offset = tail
        .iter()
        .any(|&c| matches!(c, b'Z' | b'z' | b'+' | b'-') || !c.is_ascii());
    if offset {
        if let Ok(ts) = raw.parse::<Timestamp>() {
            return Some(When::Instant(ts));
        }
    }
    from_stamp(raw)
}

/// A date without an offset, in any style of [`parse_stamp`].
fn from_stamp(raw: &str) -> Option<When> {
    let stamp = parse_stamp(raw)?;
    Some(match (stamp.time, stamp.utc) {
        (Some(time), true) => When::Instant(
            Offset::UTC
                .to_timestamp(stamp.date.to_datetime(time))
                .ok()?,
        ),
        (Some(time), false) => When::Floating(DateTime::from_parts(stamp.date, time)),
        (None, _) => When::Day(stamp.date),
    })
}

/// Every date style seen in LinkedIn exports and their Excel re-saves:
/// `09 Sep 2022`, `"1/8/18, 6:14 PM"`, `9-Sep-22`, `dd.mm.yyyy`,
/// `2022-09-09`, `2024-03-15 09:30:00 UTC`, `2024/12/07 14:51:07 UTC`,
/// `Sep 23, 2022 12:00 PM`.
fn parse_stamp(raw: &str) -> Option<Stamp> {
    let mut s = raw.trim();
    let mut utc = false;
    for suffix in [" UTC", " GMT", "Z"] {
        if s.len() > suffix.len()
            && s.is_char_boundary(s.len() - suffix.len())
            && s[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
        {
            s = s[..s.len() - suffix.len()].trim_end();
            utc = true;
            break;
        }
    }
    // ISO `YYYY-MM-DD`, then `T` or a space before the time.
    let b = s.as_bytes();
    let (date_part, time_part) = if b.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b[..4].iter().all(u8::is_ascii_digit)
        && s.is_char_boundary(10)
    {
        (&s[..10], s[10..].trim_start_matches(['T', 't', ' ']))
    } else {
        // The time starts at the first token holding a colon.
        let mut start = s.len();
        let mut pos = 0;
        for token in s.split_whitespace() {
            let at = pos + s[pos..].find(token)?;
            if token.contains(':') {
                start = at;
                break;
            }
            pos = at + token.len();
        }
        (&s[..start], &s[start..])
    };
    let date = parse_date(date_part.trim().trim_end_matches(','))?;
    let time_part = time_part.trim();
    let time = if time_part.is_empty() {
        None
    } else {
        Some(parse_time(time_part)?)
    };
    Some(Stamp { date, time, utc })
}

/// A date alone, in any of the styles of [`parse_stamp`]. Numeric dates
/// with `/` are month-first as LinkedIn writes them, unless the first number
/// cannot be a month; with `.` or `-` they are day-first (European Excel).
fn parse_date(s: &str) -> Option<Date> {
    let tokens: Vec<&str> = s
        .split(['/', '-', '.', ' ', ','])
        .filter(|t| !t.is_empty())
        .collect();
    let [a, b, c] = tokens[..] else { return None };
    let num = |t: &str| -> Option<i16> {
        (t.len() <= 4 && t.bytes().all(|c| c.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let year = |t: &str| -> Option<i16> {
        match t.len() {
            2 => num(t).map(|y| 2000 + y),
            4 => num(t),
            _ => None,
        }
    };
    let (y, m, d) = if a.len() == 4 && num(a).is_some() {
        (num(a)?, month(b).or_else(|| num(b))?, num(c)?)
    } else if let Some(m) = month(b) {
        (year(c)?, m, num(a)?)
    } else if let Some(m) = month(a) {
        (year(c)?, m, num(b)?)
    } else {
        let (x, z) = (num(a)?, num(b)?);
        // Day first when the first number cannot be a month, or when the
        // separator is European and the second one can be.
        let day_first = x > 12 || (z <= 12 && !s.contains('/'));
        let (m, d) = if day_first { (z, x) } else { (x, z) };
        (year(c)?, m, d)
    };
    Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

/// An English month name or abbreviation (`Sep`, `Sept`, `September`).
fn month(t: &str) -> Option<i16> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = t.to_ascii_lowercase();
    if lower.len() < 3 || !lower.bytes().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let i = MONTHS.iter().position(|m| lower.starts_with(m))?;
    i16::try_from(i + 1).ok()
}

/// `14:51:07`, `6:14 PM`, `10:15AM`; fractions of a second are dropped.
fn parse_time(s: &str) -> Option<Time> {
    let lower = s.trim().to_ascii_lowercase();
    let (clock, pm) = if let Some(x) = lower.strip_suffix("pm") {
        (x.trim(), Some(true))
    } else if let Some(x) = lower.strip_suffix("am") {
        (x.trim(), Some(false))
    } else {
        (lower.as_str(), None)
    };
    let mut parts = clock.split(':');
    let num = |t: Option<&str>| -> Option<i8> {
        let t = t?;
        (!t.is_empty() && t.len() <= 2 && t.bytes().all(|c| c.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let mut hour = num(parts.next())?;
    let minute = num(parts.next())?;
    let second = match parts.next() {
        Some(sec) => num(sec.split('.').next())?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    match pm {
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(true) if hour < 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ => {}
    }
    Time::new(hour, minute, second, 0).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Fold;
    use crate::model::Region;
    use jiff::civil::date;
    use jiff::tz::TimeZone;

    fn ctx() -> Context {
        Context {
            region: Region::default(),
            tz: TimeZone::UTC,
            as_of: date(2026, 11, 1),
            limits: crate::limits::Limits::default(),
        }
    }

    /// `Recent` gives what deciding afresh gives, and decides only for
    /// cells unlike both of the last two distinct ones: over random runs
    /// of a few cell pairs, turns taken, and empty and prefix cells (which
    /// only the whole bytes tell apart).
    #[test]
    fn recent_cells_give_what_deciding_afresh_gives() {
        let alphabet: [&[u8]; 5] = [b"", b"a", b"ab", b"b", b"a\xff"];
        let decide = |cells: [&[u8]; 2]| -> u64 {
            cells.iter().fold(7, |h, c| {
                c.iter().fold(h * 31 + 1, |h, &b| h * 131 + u64::from(b))
            })
        };
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut asked = 0;
        for _ in 0..200 {
            let mut recent: Recent<u64, 2> = Recent::default();
            let mut last_two: Vec<[&[u8]; 2]> = Vec::new();
            for _ in 0..50 {
                // Mostly two values taking turns, sometimes another.
                let cells = if next(4) == 0 || last_two.len() < 2 {
                    [alphabet[next(5)], alphabet[next(5)]]
                } else {
                    last_two[next(2)]
                };
                let mut decided = false;
                let got = recent.get(cells, || {
                    decided = true;
                    decide(cells)
                });
                assert_eq!(got, decide(cells), "{cells:?}");
                assert_eq!(
                    decided,
                    !last_two.contains(&cells),
                    "{cells:?} after {last_two:?}"
                );
                asked += usize::from(decided);
                last_two.retain(|c| *c != cells);
                last_two.insert(0, cells);
                last_two.truncate(2);
            }
        }
        // Both paths ran.
        assert!(asked > 500 && asked < 200 * 50 / 2, "{asked} decided");
    }

    fn run_bytes(path: &str, input: &[u8]) -> Result<Sink, ImportError> {
        let mut entry = Entry {
            path: path.to_owned(),
            display: Arc::from(path),
            reader: Box::new(Cursor::new(input.to_vec())),
        };
        let mut sink = Sink::new();
        Linkedin.import(&mut entry, &ctx(), &mut sink)?;
        sink.settle();
        Ok(sink)
    }

    fn run(path: &str, input: &str) -> Sink {
        run_bytes(path, input.as_bytes()).expect("imports")
    }

    fn fixture(name: &str) -> Sink {
        let path = format!("{}/fixtures/linkedin/{name}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).expect("fixture exists");
        assert!(Linkedin.detect(name, &bytes), "{name} detected");
        run_bytes(name, &bytes).expect("fixture imports")
    }

    fn names(sink: &Sink) -> Vec<String> {
        sink.records.iter().map(|r| r.names.join(" | ")).collect()
    }

    fn urls(sink: &Sink) -> Vec<String> {
        sink.records
            .iter()
            .map(|r| r.linkedin.as_ref().map_or("", |u| u.as_str()).to_owned())
            .collect()
    }

    fn warnings(sink: &Sink) -> Vec<String> {
        sink.warnings.iter().map(ToString::to_string).collect()
    }

    fn days(sink: &Sink) -> Vec<String> {
        sink.events
            .iter()
            .map(|e| e.when().date_in(&TimeZone::UTC).to_string())
            .collect()
    }

    fn owners(sink: &Sink) -> Vec<String> {
        sink.records
            .iter()
            .filter(|r| r.owner)
            .map(|r| r.names.first().cloned().unwrap_or_default())
            .collect()
    }

    fn lines(sink: &Sink) -> Vec<u64> {
        sink.events
            .iter()
            .filter_map(|e| e.location().line)
            .collect()
    }

    /// The participants of each event by first name, sender first.
    fn who(sink: &Sink) -> Vec<String> {
        sink.events
            .iter()
            .map(|e| {
                assert_eq!(e.sender(), e.participants().first().copied());
                e.participants()
                    .iter()
                    .map(|&p| {
                        let r = &sink.records[p as usize];
                        r.names.first().cloned().unwrap_or_else(|| {
                            r.linkedin.as_ref().map_or("?", |u| u.as_str()).to_owned()
                        })
                    })
                    .collect::<Vec<_>>()
                    .join(" > ")
            })
            .collect()
    }

    #[test]
    fn messages_tables_share_one_scope_and_other_tables_have_none() {
        let messages = Some(Scope {
            source: SourceKind::Linkedin,
            part: None,
        });
        let connections = b"Notes:\n\"When exporting...\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n";
        let table = b"CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n";
        for (path, head, want) in [
            ("messages.csv", &table[..], &messages),
            (
                "Basic_LinkedInDataExport_09-12-2022/Messages.csv",
                b"",
                &messages,
            ),
            ("Connections.csv", &connections[..], &None),
            ("Connections.csv", &table[..], &None),
            ("Profile.csv", b"First Name,Last Name\n", &None),
            // Renamed: the header decides; no header found may be messages.
            ("export (1).csv", &table[..], &messages),
            ("export (1).csv", &connections[..], &None),
            ("export (1).csv", b"a,b\n", &messages),
            ("export (1).csv", b"\xFF\xFEF\x00", &messages),
        ] {
            assert_eq!(&Linkedin.scope(path, head), want, "{path} {head:?}");
        }
    }

    #[test]
    fn detects_by_name_and_by_content() {
        for name in [
            "Connections.csv",
            "Basic_LinkedInDataExport_09-12-2022/connections.csv",
            "messages.csv",
            "Messages.csv",
            "Invitations.csv",
            "Profile.csv",
        ] {
            assert!(Linkedin.detect(name, b""), "{name}");
        }
        assert!(!Linkedin.detect("coach_messages.csv", b""));
        assert!(!Linkedin.detect("Endorsement_Received_Info.csv", b"a,b\n"));
        // Renamed files, found by their header.
        let connections = "\u{feff}Notes:\n\"text\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n";
        assert!(Linkedin.detect("export (1).csv", connections.as_bytes()));
        assert!(Linkedin.detect(
            "dm.csv",
            b"CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER\n"
        ));
        assert!(Linkedin.detect(
            "old.csv",
            b"From,To,Date,Subject,Content,Direction,Folder\n"
        ));
        // Profile-like and recommendation headers are not claimed by content.
        assert!(!Linkedin.detect("x.csv", b"First Name,Last Name,Company,Job Title,Text\n"));
        assert!(!Linkedin.detect("touchpoints.csv", b"date,name,email,phone,kind,note\n"));
        assert!(!Linkedin.detect(
            "photo.json",
            b"From,To,Date,Subject,Content,Direction,Folder\n"
        ));
        // Generic owner files need their header too.
        assert!(Linkedin.detect(
            "Email Addresses.csv",
            b"Email Address,Confirmed,Primary,Updated On\n"
        ));
        assert!(Linkedin.detect("Phone_Numbers.csv", b"Extension,Number,Type\n"));
        assert!(!Linkedin.detect("Email Addresses.csv", b"name,email\n"));
    }

    #[test]
    fn connections_2018_header_first_and_slash_dates() {
        let sink = fixture("connections_2018.csv");
        assert_eq!(
            names(&sink),
            ["Maren Holloway", "Teodor Vance", "Priya Okonkwo-Lind"]
        );
        assert_eq!(days(&sink), ["2018-01-08", "2017-12-03", "2018-10-16"]);
        assert_eq!(lines(&sink), [2, 3, 4]);
        // `urn:li:member:` is not an address.
        assert_eq!(
            sink.records[0].emails[0].as_str(),
            "maren.holloway@example.com"
        );
        assert!(sink.records[1].emails.is_empty());
        assert_eq!(sink.records[2].position.as_deref(), Some("Producer, Audio"));
        let e = &sink.events[0];
        assert_eq!(
            (e.kind, e.channel()),
            (EventKind::Seen, &Channel::LinkedinConnection)
        );
        assert_eq!(*e.participants(), [0]);
        assert!(warnings(&sink).is_empty());
    }

    #[test]
    fn connections_2022_preamble_without_url_keeps_true_lines() {
        let sink = fixture("connections_2022.csv");
        assert_eq!(
            names(&sink),
            ["Lucan Ferreira", "Imogen Tsai", "Dario Kowal"]
        );
        assert_eq!(days(&sink), ["2022-09-09", "2022-03-21", "2021-06-02"]);
        assert_eq!(lines(&sink), [5, 6, 7]);
        assert_eq!(
            sink.records[0].location.as_ref().unwrap().to_string(),
            "connections_2022.csv:5"
        );
        assert!(sink.records.iter().all(|r| r.linkedin.is_none()));
        assert_eq!(sink.records[2].company, None);
        assert_eq!(
            sink.events[0].dedup_key(),
            Some("linkedin-connection|Lucan Ferreira|2022-09-09")
        );
    }

    #[test]
    fn connections_2024_bom_url_quoted_company_and_credentials() {
        let sink = fixture("connections_2024.csv");
        assert_eq!(
            names(&sink),
            [
                "Zoë Marchetti-Ruiz",
                "Björn 🚀 Åkesson",
                "Halima Saleh | Halima Saleh, Certified Executive Coach",
                "Ansel Ahl | Ansel Ahl, PhD",
            ]
        );
        assert_eq!(
            urls(&sink),
            [
                "https://www.linkedin.com/in/zoë-marchetti-ruiz",
                "https://www.linkedin.com/in/bjorn-akesson-example",
                "https://www.linkedin.com/in/halima-saleh-example",
                "https://www.linkedin.com/in/ansel-ahl-example",
            ]
        );
        assert_eq!(
            sink.records[0].company.as_deref(),
            Some("Fernwood Systems, Inc.")
        );
        assert_eq!(
            sink.records[1].emails[0].as_str(),
            "bjorn.akesson@example.com"
        );
        assert_eq!(
            days(&sink),
            ["2024-12-16", "2024-02-03", "2024-01-15", "2023-11-30"]
        );
        assert_eq!(lines(&sink), [5, 6, 7, 8]);
    }

    #[test]
    fn connections_excel_semicolons_and_dotted_dates() {
        let sink = fixture("connections_excel_semicolon.csv");
        assert_eq!(names(&sink), ["Sanne de Vries", "Jonas Brandt"]);
        assert_eq!(days(&sink), ["2022-09-09", "2023-04-23"]);
        assert_eq!(
            sink.records[1].position.as_deref(),
            Some("Entwickler, Backend")
        );
        assert_eq!(lines(&sink), [5, 6]);
        assert!(warnings(&sink).is_empty());
    }

    #[test]
    fn connections_excel_us_resave() {
        let sink = run(
            "Connections.csv",
            "Notes:,,,,,\r\n\"Some text\",,,,,\r\n,,,,,\r\n\
             First Name,Last Name,Email Address,Company,Position,Connected On\r\n\
             Ada,One,,,,9-Sep-22\r\nBea,Two,,,,23-Apr-23\r\nCy,Three,,,,2023-04-23\r\n\
             Di,Four,,,,\"Sep 23, 2022\"\r\n,,,,,\r\n",
        );
        assert_eq!(
            days(&sink),
            ["2022-09-09", "2023-04-23", "2023-04-23", "2022-09-23"]
        );
        assert!(warnings(&sink).is_empty());
    }

    #[test]
    fn connections_bad_date_keeps_the_record() {
        let sink = run(
            "Connections.csv",
            "First Name,Last Name,Connected On\nAda,One,soon\nBea,Two,\nCy,Three,31 Feb 2022\n",
        );
        assert_eq!(names(&sink), ["Ada One", "Bea Two", "Cy Three"]);
        assert!(sink.events.is_empty());
        assert_eq!(
            warnings(&sink),
            [
                "Connections.csv:2: expected a date in Connected On, found \"soon\"",
                "Connections.csv:3: expected a date in Connected On, found nothing",
                "Connections.csv:4: expected a date in Connected On, found \"31 Feb 2022\"",
            ]
        );
    }

    #[test]
    fn connections_bad_rows_cost_only_themselves() {
        let sink = run(
            "Connections.csv",
            "Notes:\n\nFirst Name,Last Name,URL,Connected On\nAda,One\n,,,01 Jan 2020\n\
             Bea,Two,,02 Jan 2020,extra\nCy,Three,,03 Jan 2020,\n",
        );
        assert_eq!(names(&sink), ["Cy Three"]);
        assert_eq!(
            warnings(&sink),
            [
                "Connections.csv:4: expected 4 fields, found 2",
                "Connections.csv:5: expected a name or profile url, found none",
                "Connections.csv:6: expected 4 fields, found 5",
            ]
        );
    }

    #[test]
    fn connections_windows_1252_and_utf16_resaves() {
        let sink = run_bytes(
            "Connections.csv",
            b"First Name;Last Name;Connected On\nJos\xe9;M\xfcller;01.02.2023\n",
        )
        .unwrap();
        assert_eq!(names(&sink), ["José Müller"]);
        let text = "First Name\tLast Name\tConnected On\r\nZoë\tÅkesson\t09 Sep 2022\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let sink = run_bytes("Connections.csv", &bytes).unwrap();
        assert_eq!(names(&sink), ["Zoë Åkesson"]);
        assert_eq!(days(&sink), ["2022-09-09"]);
    }

    #[test]
    fn missing_header_is_an_error() {
        let err = run_bytes("Connections.csv", b"Notes:\nno header here\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Connections.csv: expected a header with First Name and Last Name in the first 10 lines, found none"
        );
        let err = run_bytes("messages.csv", b"").unwrap_err();
        assert_eq!(
            err.to_string(),
            "messages.csv: expected a header with FROM and DATE in the first 10 lines, found none"
        );
        let err = run_bytes("Invitations.csv", b"a,b\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invitations.csv: expected a header with From and To in the first 10 lines, found none"
        );
        let err = run_bytes("other.csv", b"a,b\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "other.csv: expected a LinkedIn Connections or messages header in the first 10 lines, found none"
        );
    }

    #[test]
    fn messages_2018_direction_names_the_owner() {
        let sink = fixture("messages_2018.csv");
        assert_eq!(
            names(&sink),
            ["Maren Holloway", "Quinn Abernathy", "Teodor Vance"]
        );
        assert_eq!(owners(&sink), ["Quinn Abernathy"]);
        assert_eq!(
            who(&sink),
            [
                "Maren Holloway > Quinn Abernathy",
                "Quinn Abernathy > Maren Holloway",
                "Teodor Vance > Quinn Abernathy",
            ]
        );
        let floating = DateTime::new(2018, 10, 16, 8, 36, 0, 0).unwrap();
        assert_eq!(sink.events[0].when(), When::Floating(floating));
        assert_eq!(
            sink.events[2].when(),
            When::Floating(DateTime::new(2018, 3, 2, 16, 15, 0, 0).unwrap())
        );
        let e = &sink.events[0];
        assert_eq!(
            (e.kind, e.channel()),
            (EventKind::Online, &Channel::LinkedinMessage)
        );
        assert!(warnings(&sink).is_empty());
    }

    #[test]
    fn messages_2020_upper_case_iso_without_zone() {
        let sink = run(
            "messages.csv",
            "FROM,TO,DATE,SUBJECT,CONTENT,DIRECTION,FOLDER\n\
             Ada One,Me Myself,2019-11-06T02:08:20,,hi,INCOMING,INBOX\n\
             Me Myself,Ada One,2019-11-06T03:00:00,,hello,OUTGOING,SENT\n",
        );
        assert_eq!(owners(&sink), ["Me Myself"]);
        assert_eq!(
            sink.events[0].when(),
            When::Floating(DateTime::new(2019, 11, 6, 2, 8, 20, 0).unwrap())
        );
        assert_eq!(who(&sink), ["Ada One > Me Myself", "Me Myself > Ada One"]);
    }

    #[test]
    fn messages_2021_names_resolve_to_urls_and_owner_is_in_every_conversation() {
        let sink = fixture("messages_2021.csv");
        assert_eq!(
            names(&sink),
            [
                "Lucan Ferreira",
                "Quinn Abernathy",
                "Amir Božić | Amir Božić, Ph.D.",
                "Ines Marlow | Ines Marlow, MBA",
            ]
        );
        assert_eq!(
            urls(&sink),
            [
                "https://www.linkedin.com/in/lucan-ferreira-example",
                "https://www.linkedin.com/in/quinn-abernathy-example",
                "https://www.linkedin.com/in/amir-bozic-example",
                "",
            ]
        );
        assert_eq!(owners(&sink), ["Quinn Abernathy"]);
        assert_eq!(
            who(&sink),
            [
                "Lucan Ferreira > Quinn Abernathy",
                "Quinn Abernathy > Lucan Ferreira",
                "Amir Božić > Quinn Abernathy > Ines Marlow",
                "Quinn Abernathy > Amir Božić > Ines Marlow",
            ]
        );
        let ts: Timestamp = "2021-06-14T17:20:05Z".parse().unwrap();
        assert_eq!(sink.events[0].when(), When::Instant(ts));
    }

    #[test]
    fn messages_2023_recipient_urls_are_preferred() {
        let sink = fixture("messages_2023.csv");
        assert_eq!(
            names(&sink),
            [
                "Imogen Tsai",
                "Quinn Abernathy",
                "Halima Saleh | Halima Saleh, Certified Executive Coach",
                "Dario Kowal",
            ]
        );
        assert_eq!(owners(&sink), ["Quinn Abernathy"]);
        assert_eq!(
            who(&sink),
            [
                "Imogen Tsai > Quinn Abernathy",
                "Quinn Abernathy > Halima Saleh > Dario Kowal",
                "Halima Saleh > Quinn Abernathy > Dario Kowal",
                "Dario Kowal > Quinn Abernathy > Halima Saleh",
            ]
        );
    }

    #[test]
    fn messages_folded_whole_give_the_report_folded_by_day() {
        use crate::analyze::{analyze, AnalyzeOptions};
        // Repeats: the same row twice, and the same date, sender and body
        // in another conversation; days on both sides of the as-of days.
        let crafted = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER
c1,,Ann Lee,https://www.linkedin.com/in/ann,Me Owner,https://www.linkedin.com/in/me,2024-03-15 09:30:00 UTC,,hi,INBOX
c1,,Me Owner,https://www.linkedin.com/in/me,Ann Lee,https://www.linkedin.com/in/ann,2024-03-14 09:30:00 UTC,,yo,INBOX
c1,,Ann Lee,https://www.linkedin.com/in/ann,Me Owner,https://www.linkedin.com/in/me,2024-03-15 09:30:00 UTC,,hi,INBOX
c2,,Ann Lee,https://www.linkedin.com/in/ann,Me Owner,https://www.linkedin.com/in/me,2024-03-15 09:30:00 UTC,,hi,INBOX
c2,,Bo Ray,https://www.linkedin.com/in/bo,Me Owner,https://www.linkedin.com/in/me,2024-01-02 23:30:00 UTC,,hey,INBOX
c3,,Bo Ray,https://www.linkedin.com/in/bo,Me Owner,https://www.linkedin.com/in/me,2023-12-31 10:00:00 UTC,,old,INBOX
c3,,Me Owner,https://www.linkedin.com/in/me,Bo Ray,https://www.linkedin.com/in/bo,2024-06-01 10:00:00 UTC,,late,INBOX
";
        let mut inputs: Vec<(String, Vec<u8>)> =
            vec![("messages.csv".to_owned(), crafted.as_bytes().to_vec())];
        for name in [
            "messages_2018.csv",
            "messages_2021.csv",
            "messages_2023.csv",
            "messages_2024.csv",
        ] {
            let path = format!("{}/fixtures/linkedin/{name}", env!("CARGO_MANIFEST_DIR"));
            inputs.push((name.to_owned(), std::fs::read(path).unwrap()));
        }
        let import = |name: &str, bytes: &[u8], ctx: &Context, fold: Fold| {
            let mut entry = Entry {
                path: name.to_owned(),
                display: Arc::from(name),
                reader: Box::new(Cursor::new(bytes.to_vec())),
            };
            let mut sink = Sink::folding(fold, ctx.tz.clone());
            Linkedin.import(&mut entry, ctx, &mut sink).unwrap();
            sink.settle();
            sink
        };
        for (name, bytes) in &inputs {
            for tz in [TimeZone::UTC, TimeZone::get("Asia/Tokyo").unwrap()] {
                for as_of in [
                    date(2019, 1, 1),
                    date(2024, 1, 2),
                    date(2024, 3, 14),
                    date(2026, 11, 1),
                ] {
                    let ctx = Context {
                        tz: tz.clone(),
                        as_of,
                        ..ctx()
                    };
                    let by_day = import(name, bytes, &ctx, Fold::Day);
                    let whole = import(name, bytes, &ctx, Fold::Whole { as_of });
                    assert_eq!(by_day.records, whole.records, "{name}");
                    assert!(whole.events.iter().all(|e| e.span().is_some()));
                    let rows = |sink: &Sink| {
                        let opts = crate::resolve::ResolveOptions {
                            events: &sink.events,
                            ..Default::default()
                        };
                        let resolution = crate::resolve::resolve_with(&sink.records, &opts);
                        let opts = AnalyzeOptions {
                            as_of,
                            tz: tz.clone(),
                            stale_after: 90,
                            min_interactions: 0,
                            all: true,
                            direct: crate::config::DirectPolicy::default(),
                        };
                        analyze(&sink.events, &resolution, &opts).unwrap()
                    };
                    assert_eq!(rows(&by_day), rows(&whole), "{name} {as_of}");
                }
            }
        }
        // The crafted file as of 2024-03-15: Ann's "hi" counts once.
        let ctx = Context {
            as_of: date(2024, 3, 15),
            ..ctx()
        };
        let whole = import(
            "messages.csv",
            crafted.as_bytes(),
            &ctx,
            Fold::Whole { as_of: ctx.as_of },
        );
        let spans: Vec<(u32, String, String)> = whole
            .events
            .iter()
            .map(|e| {
                let s = e.span().unwrap();
                (s.count, s.first.to_string(), s.last.to_string())
            })
            .collect();
        assert_eq!(
            spans,
            [
                (1, "2024-03-15".into(), "2024-03-15".into()),
                (1, "2024-03-14".into(), "2024-03-14".into()),
                (2, "2023-12-31".into(), "2024-01-02".into()),
                (1, "2024-06-01".into(), "2024-06-01".into()),
            ]
        );
    }

    #[test]
    fn messages_2024_drafts_multiline_and_hidden_members() {
        let sink = fixture("messages_2024.csv");
        assert_eq!(
            names(&sink),
            ["Zoë Marchetti-Ruiz", "Quinn Abernathy", "Björn Åkesson"]
        );
        assert_eq!(owners(&sink), ["Quinn Abernathy"]);
        // The draft (line 6) and the hidden member's message (line 7) are
        // not messages; line numbers follow the multi-line body.
        assert_eq!(lines(&sink), [2, 8, 9]);
        assert_eq!(
            who(&sink),
            [
                "Zoë Marchetti-Ruiz > Quinn Abernathy",
                "Quinn Abernathy",
                "Björn Åkesson > Quinn Abernathy",
            ]
        );
        assert!(warnings(&sink).is_empty());
        let prints: BTreeSet<_> = sink.events.iter().flat_map(|e| e.folded.iter()).collect();
        assert_eq!(prints.len(), 3);
    }

    #[test]
    fn messages_bad_rows_cost_only_themselves() {
        let sink = run(
            "messages.csv",
            "CONVERSATION ID,FROM,SENDER PROFILE URL,TO,DATE,CONTENT\n\
             c1,Ada One,,Me,yesterday,hi\n\
             c1,Ada One,,Me,2024-01-01 10:00:00 UTC,\"two\nlines\"\n\
             BADROW\n\
             c1,,,Me,2024-01-02 10:00:00 UTC,sponsored\n",
        );
        assert_eq!(
            warnings(&sink),
            [
                "messages.csv:2: expected a date in DATE, found \"yesterday\"",
                "messages.csv:5: expected 6 fields, found 1",
            ]
        );
        assert_eq!(who(&sink), ["Ada One > Me"]);
        // A single conversation does not say who the owner is.
        assert!(owners(&sink).is_empty());
    }

    #[test]
    fn messages_with_attachments_column() {
        let sink = run(
            "messages.csv",
            "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,\
             DATE,SUBJECT,CONTENT,FOLDER,ATTACHMENTS\n\
             c-1,,Ada One,https://www.linkedin.com/in/ada-one-example,Me Myself,\
             https://www.linkedin.com/in/me-example,2026-09-18 14:02:11 UTC,,hi,INBOX,\n",
        );
        assert_eq!(who(&sink), ["Ada One > Me Myself"]);
        assert!(warnings(&sink).is_empty());
    }

    #[test]
    fn owner_needs_one_participant_common_to_all_conversations() {
        let sink = run(
            "messages.csv",
            "CONVERSATION ID,FROM,TO,DATE\n\
             a,Ada One,Bea Two,2024-01-01 10:00:00 UTC\n\
             b,Bea Two,Ada One,2024-01-02 10:00:00 UTC\n",
        );
        assert!(owners(&sink).is_empty());
    }

    #[test]
    fn to_names_split_with_known_names_then_credentials() {
        let known: BTreeSet<&str> = ["Amir Božić, Ph.D.", "Ana Lopez"].into_iter().collect();
        assert_eq!(
            split_names(
                "Amir Božić, Ph.D., Ana Lopez, Ines Marlow, MBA, Sam Lee",
                &known
            ),
            [
                "Amir Božić, Ph.D.",
                "Ana Lopez",
                "Ines Marlow, MBA",
                "Sam Lee"
            ]
        );
        // A credential of several words cannot be told from a name.
        assert_eq!(
            split_names("Halima Saleh, Certified Executive Coach", &BTreeSet::new()),
            ["Halima Saleh", "Certified Executive Coach"]
        );
        assert!(split_names("", &known).is_empty());
    }

    #[test]
    fn invitations_give_records_but_no_events() {
        let sink = fixture("invitations.csv");
        assert!(sink.events.is_empty());
        assert_eq!(
            names(&sink),
            ["Amir Božić", "Quinn Abernathy", "Noor Haddad",]
        );
        assert_eq!(owners(&sink), ["Quinn Abernathy"]);
        assert_eq!(
            urls(&sink)[2],
            "https://www.linkedin.com/in/noor-haddad-example"
        );
        let sink = run(
            "Invitations.csv",
            "From,To,Sent At,Message,Direction\nAda One,Me,\"8/26/22, 8:56 PM\",,SIDEWAYS\n",
        );
        assert_eq!(
            warnings(&sink),
            ["Invitations.csv:2: expected INCOMING or OUTGOING in Direction, found \"SIDEWAYS\""]
        );
    }

    #[test]
    fn profile_is_the_owner() {
        let sink = fixture("Profile.csv");
        assert_eq!(names(&sink), ["Quinn Abernathy | Quinn Lowell"]);
        assert_eq!(owners(&sink), ["Quinn Abernathy"]);
        assert!(sink.events.is_empty());
    }

    #[test]
    fn owner_emails_and_phones() {
        let sink = run(
            "Email Addresses.csv",
            "Email Address,Confirmed,Primary,Updated On\nme@example.com,Yes,Yes,1/1/20\nME@example.com,Yes,No,\n",
        );
        assert_eq!(sink.records.len(), 1);
        assert!(sink.records[0].owner);
        assert_eq!(sink.records[0].emails.len(), 1);
        let sink = run(
            "PhoneNumbers.csv",
            "Extension,Number,Type\n, 555-555-0123,Mobile\n",
        );
        assert_eq!(sink.records[0].phones[0].as_str(), "+15555550123");
        let sink = run("PhoneNumbers.csv", "Extension,Number,Type\n,,\n");
        assert!(sink.records.is_empty());
    }

    /// Found by the `linkedin` fuzz target: a connection with an email
    /// address and neither a name nor a profile URL panicked building its
    /// key (fixtures/malformed/fuzz/linkedin/crash-8605…).
    #[test]
    fn connection_with_only_an_email_is_a_record() {
        let sink = run(
            "Connections.csv",
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
             ,,,ada@example.com,,,23 Apr 2023\n",
        );
        assert_eq!(sink.records.len(), 1);
        assert_eq!(sink.records[0].emails[0].as_str(), "ada@example.com");
        assert_eq!(sink.events.len(), 1);
        assert!(sink.warnings.is_empty());
    }

    /// Found by the `linkedin` fuzz target: a non-ASCII char straddling
    /// byte 10 after `YYYY-MM-D` panicked on slicing
    /// (fixtures/malformed/fuzz/linkedin/).
    #[test]
    fn iso_prefix_cut_inside_a_char_is_no_date() {
        assert!(parse_stamp("2023-04-2\u{ff}\u{ff}1 10:00:00").is_none());
        assert!(parse_stamp("2023-04-2\u{ff}").is_none());
    }

    #[test]
    fn date_styles() {
        let day = |s: &str| parse_stamp(s).map(|st| st.date.to_string());
        for (raw, want) in [
            ("09 Sep 2022", "2022-09-09"),
            ("1/8/18, 6:14 PM", "2018-01-08"),
            ("9-Sep-22", "2022-09-09"),
            ("23-Apr-23", "2023-04-23"),
            ("23.04.2023", "2023-04-23"),
            ("2023-04-23", "2023-04-23"),
            ("2024/12/07 14:51:07 UTC", "2024-12-07"),
            ("Sep 23, 2022 12:00 PM", "2022-09-23"),
            ("23/4/2023", "2023-04-23"),
            ("September 9, 2022", "2022-09-09"),
            ("4/23/2023", "2023-04-23"),
            ("04-09-2023", "2023-09-04"),
        ] {
            assert_eq!(day(raw).as_deref(), Some(want), "{raw}");
        }
        for bad in [
            "",
            "soon",
            "13/13/2020",
            "1/8",
            "99 Foo 2022",
            "1/8/18, 25:00",
        ] {
            assert_eq!(day(bad), None, "{bad}");
        }
        assert_eq!(
            parse_when("12/9/22, 12:05 AM"),
            Some(When::Floating(
                DateTime::new(2022, 12, 9, 0, 5, 0, 0).unwrap()
            ))
        );
        assert_eq!(
            parse_when("2024-03-15 09:30:00 UTC"),
            Some(When::Instant("2024-03-15T09:30:00Z".parse().unwrap()))
        );
        assert_eq!(
            parse_when("2024-03-15T09:30:00+01:00"),
            Some(When::Instant("2024-03-15T08:30:00Z".parse().unwrap()))
        );
        assert_eq!(parse_when("2024-03-15"), Some(When::Day(date(2024, 3, 15))));
    }

    /// The short cuts of [`parse_when`] (the current style read directly,
    /// jiff tried only where an offset can be) give what trying jiff and
    /// then [`parse_stamp`] on everything gives.
    #[test]
    fn dates_read_by_short_cuts_read_the_same() {
        let general = |raw: &str| {
            let raw = raw.trim();
            raw.parse::<Timestamp>()
                .ok()
                .map(When::Instant)
                .or_else(|| from_stamp(raw))
        };
        let mut raws = Vec::new();
        for (y, mo, d) in [
            ("2024", "03", "15"),
            ("2024", "02", "29"),
            ("2023", "02", "29"),
            ("1999", "12", "31"),
            ("2024", "13", "01"),
            ("2024", "00", "10"),
            ("2024", "04", "31"),
            ("0000", "01", "01"),
            ("9999", "12", "31"),
            ("2024", "1a", "15"),
        ] {
            for (h, mi, s) in [
                ("09", "30", "00"),
                ("00", "00", "00"),
                ("23", "59", "59"),
                ("24", "00", "00"),
                ("12", "60", "00"),
                ("12", "00", "60"),
                ("-1", "00", "00"),
            ] {
                let at = format!("{y}-{mo}-{d} {h}:{mi}:{s}");
                for tail in [
                    " UTC",
                    " utc",
                    " GMT",
                    "Z",
                    "+01:00",
                    "-05:00",
                    "\u{2212}05:00",
                    "",
                ] {
                    raws.push(format!("{at}{tail}"));
                    raws.push(format!(" {at}{tail} "));
                    raws.push(at.replace(' ', "T") + tail);
                }
            }
        }
        raws.extend(
            [
                "",
                "2024-03-15 09:30:00 UT",
                "2024-03-15  9:30:00 UTC",
                "2024/03/15 09:30:00 UTC",
            ]
            .map(String::from),
        );
        let mut current = 0;
        for raw in &raws {
            assert_eq!(parse_when(raw), general(raw), "{raw:?}");
            current += usize::from(parse_current(raw.trim()).is_some());
        }
        // The direct read took every in-range date of its own style: four
        // dates (9999-12-31 is past jiff's last instant), three times, with
        // and without spaces around.
        assert_eq!(current, 4 * 3 * 2, "{current}");
    }

    #[test]
    fn fixtures_folder_through_discovery() {
        let dir =
            std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/linkedin"));
        let out = crate::discover::discover(&[dir], &ctx(), Fold::Day, &|_| {});
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        // Every CSV but README.md, all as LinkedIn.
        assert_eq!(out.entries.len(), 10);
        assert!(out.entries.iter().all(|(k, _)| *k == SourceKind::Linkedin));
        assert!(out.sink.warnings.is_empty());
    }

    /// The public samples in ../shared/corpus/linkedin/, read in place.
    #[test]
    fn corpus() {
        let root = std::env::var("OFFGRID_CORPUS").unwrap_or_else(|_| {
            concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus").to_owned()
        });
        let dir = std::path::Path::new(&root).join("linkedin");
        if !dir.is_dir() {
            println!("skipped: corpus not found at {}", dir.display());
            return;
        }
        // (file, records, events, warnings)
        let want = [
            ("Timurtek__tekjobs__Connections.csv", 4, 4, 0),
            ("Timurtek__tekjobs__Invitations.csv", 2, 0, 0),
            ("Timurtek__tekjobs__messages.csv", 3, 3, 0),
            ("pedrofuentes__kawsay__Connections.csv", 2, 2, 0),
            ("pedrofuentes__kawsay__messages.csv", 2, 2, 1),
        ];
        for (file, records, events, warns) in want {
            let bytes = std::fs::read(dir.join(file)).expect("corpus file readable");
            // The corpus prefixes names with their origin; the export's own
            // name is the part after the last `__`.
            let name = file.rsplit("__").next().unwrap();
            assert!(Linkedin.detect(name, &bytes), "{file} detected by name");
            assert!(
                file.contains("Invitations") || Linkedin.detect(file, &bytes),
                "{file} detected by content"
            );
            let sink = run_bytes(name, &bytes).expect("corpus imports");
            assert_eq!(
                (sink.records.len(), sink.events.len(), sink.warnings.len()),
                (records, events, warns),
                "{file}: {:?}",
                warnings(&sink)
            );
            match file {
                "pedrofuentes__kawsay__messages.csv" => {
                    assert_eq!(
                        warnings(&sink),
                        ["messages.csv:5: expected 10 fields, found 1"]
                    );
                    // Both people are in both conversations: no owner.
                    assert!(owners(&sink).is_empty());
                    assert_eq!(lines(&sink), [2, 3]);
                }
                "Timurtek__tekjobs__messages.csv" => {
                    assert_eq!(owners(&sink), ["Avery Sample"]);
                    assert_eq!(
                        who(&sink),
                        [
                            "Jane Doe > Avery Sample",
                            "Avery Sample > Jane Doe",
                            "Sam Lee > Avery Sample"
                        ]
                    );
                }
                "Timurtek__tekjobs__Invitations.csv" => {
                    assert_eq!(names(&sink), ["Mina Park", "Avery Sample"]);
                    assert_eq!(owners(&sink), ["Avery Sample"]);
                }
                "pedrofuentes__kawsay__Connections.csv" => {
                    assert_eq!(names(&sink), ["José García", "Æsop Fontaine"]);
                    assert_eq!(sink.records[0].company.as_deref(), Some("Acme, Inc."));
                    assert_eq!(days(&sink), ["2024-01-15", "2024-02-03"]);
                    assert_eq!(lines(&sink), [5, 6]);
                }
                _ => {}
            }
        }
    }
}
