//! Android call logs and texts: SMS Backup & Restore `calls-*.xml` and
//! `sms-*.xml` (FORMATS.md §3; also the older "Call Logs Backup & Restore",
//! and Signal/Silence plaintext exports, which write the same format).
//!
//! The file is pull-parsed with quick-xml into one reused buffer, never held
//! whole: SMS backups with MMS attachments run to hundreds of megabytes.
//! Every value offgrid uses is an attribute, so text content is skipped and
//! the few attributes read are unescaped here, leniently: Signal and Silence
//! write emoji as surrogate-pair character references (`&#55357;&#56838;`)
//! that strict parsers reject (signalapp/Signal-Android #1546, #7155).
//! No DOCTYPE or entity is ever expanded: an attribute offgrid reads that
//! uses any entity but the five XML predefines (`&nbsp;`, or `&lol;` whether
//! a DOCTYPE declares it or not) has an unknown value, so its element is
//! skipped with a warning (issue 8: before, a number such as `&lol9;`
//! identified nobody and its call vanished uncounted). Entities in
//! attributes offgrid does not read (`body`, `readable_date`) cost nothing.
//!
//! What becomes what:
//! - `<call>`: answered incoming or outgoing (type 1 or 2) with a duration
//!   is [`EventKind::Direct`]; every other type (missed, voicemail,
//!   rejected, blocked, unanswered outgoing, answered elsewhere, unknown
//!   codes) is [`EventKind::Seen`], evidence for first_seen only.
//! - `<sms>` and `<mms>`: [`EventKind::Online`]; received ones name their
//!   sender, sent ones (also outbox, failed and queued) have no sender, which
//!   means the owner sent them. Drafts are skipped.
//! - One [`Record`] per distinct number (E.164, read in `--region`) or email
//!   address per file; `contact_name` is only a name hint, because it is the
//!   address book's name at backup time, not something the caller said.
//! - Hidden and unusable numbers (empty, `null`, `-1`, `-2`, restricted,
//!   alphanumeric sender names, service short codes of six digits or fewer,
//!   `*`/`#` codes) are ignored without a warning: they identify nobody.
//!
//! Every event has a `dedup_key` built from its own attributes, so the same
//! call or message in two overlapping backups counts once.
//!
//! A malformed element costs only itself: every `<call>`, `<sms>` or
//! `<mms>` that is not imported for a reason other than the deliberate ones
//! above (hidden numbers, drafts) gets a located warning
//! `skipped <call>: <reason>`, and is counted as skipped. That includes a
//! tag whose quotes do not pair up: quick-xml reads on to the first `>`
//! outside quotes, swallowing the elements after it (or the rest of the
//! file); the element is skipped and the elements it swallowed are read
//! again from its bytes. A file cut short keeps everything before the cut
//! and warns once.

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::{self, BufRead, BufReader, Read};
use std::sync::Arc;

use jiff::Timestamp;
use quick_xml::events::attributes::AttrError;
use quick_xml::events::{BytesStart, Event as XmlEvent};
use quick_xml::Reader;

use super::{Context, Entry, ImportError, Importer, Scope};
use crate::import::text::quote;
use crate::import::{fingerprint, MessageEvent, Sink};
use crate::model::{
    Channel, Email, EventKind, Location, NewEvent, Phone, Record, RecordRef, Region, SourceKind,
    When,
};
use rustc_hash::FxBuildHasher;

pub struct Calllog;

impl Importer for Calllog {
    fn kind(&self) -> SourceKind {
        SourceKind::Calllog
    }

    /// A `.xml` file whose root element is `<calls>` or `<smses>` (after an
    /// optional declaration, `<!--File Created By ...-->` comment and
    /// `<?xml-stylesheet?>`); when the first bytes show no root (empty, or
    /// cut off), the app's file names `calls-*.xml` / `sms-*.xml` decide.
    fn detect(&self, path: &str, head: &[u8]) -> bool {
        let name = super::file_name(path).to_ascii_lowercase();
        if !name.ends_with(".xml") {
            return false;
        }
        let root = if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
            root_element(super::text::decode(head).as_bytes())
        } else {
            root_element(head)
        };
        match root {
            Some(root) => root == "calls" || root == "smses",
            None => name.starts_with("calls-") || name.starts_with("sms-"),
        }
    }

    /// SMS and MMS: every backup is one scope (two backups overlap).
    fn scope(&self, _path: &str, _head: &[u8]) -> Option<Scope> {
        Some(Scope {
            source: SourceKind::Calllog,
            part: None,
        })
    }

    fn import(
        &self,
        entry: &mut Entry<'_>,
        ctx: &Context,
        sink: &mut Sink,
    ) -> Result<(), ImportError> {
        let location = entry.location(None);
        let head = entry
            .reader
            .fill_buf()
            .map_err(|e| ImportError::io(location, e))?;
        let utf16 = if head.starts_with(b"\xFF\xFE") {
            Some(false)
        } else if head.starts_with(b"\xFE\xFF") {
            Some(true)
        } else {
            None
        };
        let file = Arc::clone(&entry.display);
        match utf16 {
            // signal-back output piped through PowerShell is UTF-16LE
            // (xeals/signal-back #29): transcode, then parse as usual.
            Some(big_endian) => {
                entry.reader.consume(2);
                let utf8 = BufReader::new(Utf16Reader::new(&mut entry.reader, big_endian));
                Parser::new(ctx, file, sink).run(utf8)
            }
            None => Parser::new(ctx, file, sink).run(&mut entry.reader),
        }
    }
}

/// The name of the first element in `head`, skipping a BOM, whitespace, the
/// XML declaration, processing instructions, comments and a DOCTYPE. `None`
/// when `head` ends first or holds something else.
fn root_element(head: &[u8]) -> Option<String> {
    let mut s = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    loop {
        let start = s.iter().position(|b| !b.is_ascii_whitespace())?;
        s = &s[start..];
        let skip_to = |s: &[u8], end: &[u8]| -> Option<usize> {
            s.windows(end.len())
                .position(|w| w == end)
                .map(|p| p + end.len())
        };
        if s.starts_with(b"<?") {
            s = &s[skip_to(s, b"?>")?..];
        } else if s.starts_with(b"<!--") {
            s = &s[skip_to(s, b"-->")?..];
        } else if s.starts_with(b"<!") {
            s = &s[skip_to(s, b">")?..];
        } else if let Some(rest) = s.strip_prefix(b"<") {
            let end = rest
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')?;
            return Some(String::from_utf8_lossy(&rest[..end]).into_owned());
        } else {
            return None;
        }
    }
}

/// Android `CallLog.Calls.TYPE`: answered incoming / outgoing. Only these,
/// with a duration above zero, are conversations (FORMATS.md §3); 3 missed,
/// 4 voicemail, 5 rejected, 6 blocked, 7 answered on another device, an
/// outgoing call of zero seconds and any other code are only evidence that
/// the number is known.
/// What an SMS Backup & Restore file's root must be.
const ROOT: &str = "<calls> or <smses> as the root element";

const CALL_INCOMING: i64 = 1;
const CALL_OUTGOING: i64 = 2;

/// MMS `addrs/addr/@type` (PDU header field codes); 130 cc and 129 bcc
/// are members like any other role.
const ADDR_FROM: u32 = 137;
const ADDR_TO: u32 = 151;

/// Which way a message went, from SMS `type` / MMS `msg_box`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Received,
    /// Sent, and also outbox, failed and queued: the owner wrote it to these
    /// people and pressed send, which DESIGN.md counts ("unsent ones count").
    Sent,
    /// Drafts were never sent: skipped.
    Draft,
}

/// SMS `type`: 1 inbox, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued.
fn sms_direction(code: i64) -> Option<Direction> {
    match code {
        1 => Some(Direction::Received),
        2 | 4..=6 => Some(Direction::Sent),
        3 => Some(Direction::Draft),
        _ => None,
    }
}

/// MMS `msg_box`: 1 inbox, 2 sent, 3 drafts, 4 outbox, 5 failed.
fn mms_direction(code: i64) -> Option<Direction> {
    match code {
        1 => Some(Direction::Received),
        2 | 4 | 5 => Some(Direction::Sent),
        3 => Some(Direction::Draft),
        _ => None,
    }
}

/// A number or address that identifies somebody.
enum Ident {
    Phone(Phone),
    Email(Email),
}

impl Ident {
    /// The normalized form, used as the per-file record key and in dedup keys.
    fn key(&self) -> &str {
        match self {
            Ident::Phone(p) => p.as_str(),
            Ident::Email(e) => e.as_str(),
        }
    }
}

/// Reads a `number` / `address` value, or `None` when it identifies nobody:
/// hidden callers (empty, `null`, `-1`, `-2`, `-3`, "Private"), alphanumeric
/// sender names ("AT&T"), service short codes of six digits or fewer without
/// `+` or `00` (`7535`, `611`), `*`/`#` codes (`*86`), and RCS group ids
/// (`group_8@rcs.google.com`, devadvance corpus file).
fn identify(raw: &str, region: Region) -> Option<Ident> {
    let s = raw.trim();
    if s.contains('@') {
        let email = Email::parse(s)?;
        let domain = email.as_str().rsplit('@').next().unwrap_or("");
        if domain == "rcs.google.com" || domain.ends_with(".rcs.google.com") {
            return None;
        }
        return Some(Ident::Email(email));
    }
    if s.starts_with('-') || s.contains(['*', '#']) {
        return None;
    }
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    if !s.starts_with('+') && !digits.starts_with("00") && digits.len() <= 6 {
        return None;
    }
    Phone::parse(s, region).map(Ident::Phone)
}

/// How a token of an address list appears in a dedup key: normalized when it
/// identifies somebody, else trimmed and lowercased as written.
fn token_key(raw: &str, region: Region) -> String {
    identify(raw, region).map_or_else(|| raw.trim().to_lowercase(), |ident| ident.key().to_owned())
}

/// The attributes of one element that offgrid reads, unescaped.
#[derive(Default)]
struct Attrs {
    values: Vec<(&'static str, String)>,
}

/// Why an element's attributes could not be read: the element is skipped.
enum AttrProblem {
    /// quick-xml could not split them into names and quoted values.
    Syntax(AttrError),
    /// An attribute offgrid reads holds an entity reference that is never
    /// expanded (`&lol;`), so its value is unknown: the attribute's name and
    /// the reference as written.
    Entity(&'static str, String),
}

impl From<AttrError> for AttrProblem {
    fn from(e: AttrError) -> AttrProblem {
        AttrProblem::Syntax(e)
    }
}

impl Attrs {
    /// Reads the attributes named in `wanted`; the first of duplicates wins.
    /// Attributes offgrid does not read (`body`, `readable_date`, MMS
    /// `data`) are not unescaped, so an entity in them costs nothing.
    fn read(e: &BytesStart<'_>, wanted: &[&'static str]) -> Result<Attrs, AttrProblem> {
        let mut values = Vec::with_capacity(wanted.len());
        for attr in e.attributes().with_checks(false) {
            let attr = attr?;
            let key = attr.key.local_name();
            if let Some(name) = wanted.iter().find(|w| w.as_bytes() == key.as_ref()) {
                if !values.iter().any(|(n, _)| n == name) {
                    let value = unescape(&attr.value)
                        .map_err(|entity| AttrProblem::Entity(name, entity))?;
                    values.push((*name, value));
                }
            }
        }
        Ok(Attrs { values })
    }

    /// The value, or `None` when absent, blank or the literal `null` the app
    /// writes for missing values.
    fn get(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty() && *v != "null")
    }

    /// `contact_name`, unless it is the app's `(Unknown)` placeholder.
    fn contact_name(&self) -> Option<&str> {
        self.get("contact_name").filter(|n| *n != "(Unknown)")
    }
}

/// Unescapes an attribute value leniently: the five predefined entities,
/// decimal and hex character references, surrogate pairs written as two
/// references combined into one character, lone surrogates and other
/// invalid references replaced by U+FFFD, and a stray `&` (one not starting
/// `&name;`, as in `AT&T`) or an unreadable character reference (`&#xZZ;`)
/// kept as written.
///
/// # Errors
///
/// Any other entity reference (`&nbsp;`, or `&lol;` declared in a DOCTYPE):
/// offgrid never expands entities, so the value is unknown rather than
/// what is written. The error is the first such reference, as written.
fn unescape(raw: &[u8]) -> Result<String, String> {
    let s = String::from_utf8_lossy(raw);
    if !s.contains('&') {
        return Ok(s.into_owned());
    }
    let mut out = String::with_capacity(s.len());
    let mut rest: &str = &s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        if let Some((name, after)) = entity(rest) {
            out.push(match name {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                "quot" => '"',
                "apos" => '\'',
                _ => return Err(format!("&{name};")),
            });
            rest = after;
            continue;
        }
        let Some((code, after)) = reference(rest).and_then(|(n, a)| char_ref(n).map(|c| (c, a)))
        else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        match code {
            high @ 0xD800..=0xDBFF => {
                let low = reference(after)
                    .and_then(|(n, a)| char_ref(n).map(|c| (c, a)))
                    .filter(|(c, _)| (0xDC00..=0xDFFF).contains(c));
                if let Some((low, after_low)) = low {
                    let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                    rest = after_low;
                    continue;
                }
                out.push('\u{fffd}');
            }
            code => out.push(
                char::from_u32(code)
                    .filter(|c| *c != '\0')
                    .unwrap_or('\u{fffd}'),
            ),
        }
        rest = after;
    }
    out.push_str(rest);
    Ok(out)
}

/// Splits `&name;rest` into `(name, rest)` when `s` starts with an entity
/// reference: `&`, an XML name (a letter, `_` or `:`, then letters, digits,
/// `-`, `.`, `_` or `:`), `;`. Scanning stops at the first character that
/// cannot be in a name, so a value of many `&`s is read in linear time.
fn entity(s: &str) -> Option<(&str, &str)> {
    let body = s.strip_prefix('&')?;
    let first = body.chars().next()?;
    if !(first.is_alphabetic() || first == '_' || first == ':') {
        return None;
    }
    let end = body
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | ':')))
        .unwrap_or(body.len());
    let after = body[end..].strip_prefix(';')?;
    Some((&body[..end], after))
}

/// Splits `&name;rest` into `(name, rest)` when `s` starts with a reference.
fn reference(s: &str) -> Option<(&str, &str)> {
    let body = s.strip_prefix('&')?;
    let end = body.find(';').filter(|&e| e > 0 && e <= 10)?;
    Some((&body[..end], &body[end + 1..]))
}

/// The code point of a character reference body (`#10`, `#x1F30D`).
fn char_ref(name: &str) -> Option<u32> {
    let num = name.strip_prefix('#')?;
    match num.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok(),
        None => num.parse().ok(),
    }
}

/// Parses the `date` attribute (epoch milliseconds, UTC). The app also
/// writes `readable_date`, in the phone's zone and locale without saying
/// which: never read.
fn parse_date(attrs: &Attrs) -> Result<(i64, Timestamp), String> {
    let Some(raw) = attrs.get("date") else {
        return Err("expected a date in epoch milliseconds, found none".to_owned());
    };
    raw.parse::<i64>()
        .ok()
        .filter(|ms| *ms > 0)
        .and_then(|ms| Timestamp::from_millisecond(ms).ok().map(|ts| (ms, ts)))
        .ok_or_else(|| {
            format!(
                "expected a date in epoch milliseconds, found {}",
                quote(raw)
            )
        })
}

/// What is wrong with an element's attributes, in our words.
fn attr_problem(p: &AttrProblem) -> String {
    let syntax = match p {
        AttrProblem::Entity(name, entity) => {
            return format!(
                "expected text in {name}, found the entity {} (entities are never expanded)",
                quote(entity)
            )
        }
        AttrProblem::Syntax(e) => e,
    };
    match syntax {
        AttrError::ExpectedEq(_) => "expected `=` after an attribute name, found something else",
        AttrError::ExpectedValue(_) => "expected an attribute value after `=`, found none",
        AttrError::UnquotedValue(_) => "expected a quoted attribute value, found an unquoted one",
        AttrError::ExpectedQuote(..) => {
            "expected a closing quote in an attribute value, found the end of the element"
        }
        AttrError::Duplicated(..) => "expected each attribute once, found one twice",
    }
    .to_owned()
}

/// What quick-xml found ill-formed (and read past), in our words.
fn ill_formed(e: &quick_xml::errors::IllFormedError) -> String {
    use quick_xml::errors::IllFormedError as E;
    match e {
        E::MissingDoctypeName => "expected a name in <!DOCTYPE>, found none".to_owned(),
        E::MissingDeclVersion(_) => {
            "expected a version in the xml declaration, found none".to_owned()
        }
        E::MismatchedEndTag { expected, found } => format!(
            "expected </{}>, found </{}>",
            expected.escape_debug(),
            found.escape_debug()
        ),
        other => other.to_string(),
    }
}

/// The reader settings, for the document and for what a run-on tag swallowed.
fn configure(config: &mut quick_xml::reader::Config) {
    // Lenient where leniency costs nothing: a mismatched end tag or a bare
    // `&` in text does not stop reading.
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.allow_dangling_amp = true;
    config.expand_empty_elements = false;
    config.trim_text(false);
}

/// The tags of the format, as they follow a `<`.
const TAG_NAMES: [&[u8]; 14] = [
    b"call", b"sms", b"mms", b"addrs", b"addr", b"parts", b"part", b"calls", b"smses", b"/mms",
    b"/addrs", b"/parts", b"/calls", b"/smses",
];

/// How deep run-on tags inside run-on tags are read again; past it, the
/// elements they swallowed are only counted (a hostile file cannot make
/// the reader recurse without end).
const MAX_RUN_ON_DEPTH: u32 = 8;

/// Where, in the bytes of one tag (after its `<`), a tag of the format
/// starts (`<call `, `</mms>`, ...): the byte offset of its `<`. A `<` is
/// never in an attribute value of a well-formed file (the app writes
/// `&lt;`), so such a tag means a quote before it was missing or extra and
/// quick-xml read on past the end of the tag.
fn run_on_at(raw: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = raw[from..].iter().position(|b| *b == b'<') {
        let at = from + p;
        let tail = &raw[at + 1..];
        if TAG_NAMES.iter().any(|n| starts_element(tail, n)) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Whether `tail` (what follows a `<`) starts the tag `name`: the name,
/// then whitespace, `/`, `>` or the end.
fn starts_element(tail: &[u8], name: &[u8]) -> bool {
    tail.strip_prefix(name).is_some_and(|rest| {
        rest.first()
            .is_none_or(|b| b.is_ascii_whitespace() || *b == b'/' || *b == b'>')
    })
}

fn newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|b| **b == b'\n').count() as u64
}

/// Maps increasing byte offsets in what a run-on tag swallowed to lines.
struct FragmentLines<'r> {
    raw: &'r [u8],
    pos: usize,
    line: u64,
}

impl FragmentLines<'_> {
    fn at(&mut self, pos: usize) -> u64 {
        let pos = pos.min(self.raw.len());
        if pos > self.pos {
            self.line += newlines(&self.raw[self.pos..pos]);
            self.pos = pos;
        }
        self.line
    }
}

/// An `<mms>` whose start tag was read, waiting for its `<addr>`s and end.
struct PendingMms {
    line: u64,
    attrs: Attrs,
    /// `(address, type)` from `<addrs><addr .../></addrs>`, in file order.
    addrs: Vec<(String, Option<u32>)>,
}

/// The state of reading one file.
struct Parser<'a> {
    ctx: &'a Context,
    file: Arc<str>,
    sink: &'a mut Sink,
    /// One record per normalized number or address in this file.
    people: HashMap<String, RecordRef, FxBuildHasher>,
    /// Numbers recognized as the owner's own (from sent MMS senders and
    /// received MMS addressed to one number only).
    owner_keys: HashSet<String>,
}

/// Why reading stopped before the end of the document.
enum Stop {
    /// A fatal XML error at this line; everything before it was kept.
    Broken(u64, String),
    Io(io::Error),
}

impl<'a> Parser<'a> {
    fn new(ctx: &'a Context, file: Arc<str>, sink: &'a mut Sink) -> Parser<'a> {
        Parser {
            ctx,
            file,
            sink,
            people: HashMap::default(),
            owner_keys: HashSet::new(),
        }
    }

    fn location(&self, line: u64) -> Location {
        Location::new(Arc::clone(&self.file), Some(line))
    }

    /// An SMS or MMS, folded with the others of its day. Overlapping
    /// backups hold the same message under the same `key`, so the same
    /// fingerprint: it counts once.
    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        channel: &Channel,
        kind: EventKind,
        sender: Option<RecordRef>,
        participants: &[RecordRef],
        when: Timestamp,
        line: u64,
        key: &str,
    ) {
        let location = self.location(line);
        self.sink.message(&MessageEvent {
            kind,
            channel,
            when: When::Instant(when),
            sender,
            participants,
            location: &location,
            fingerprint: fingerprint(&[key.as_bytes()]),
        });
    }

    fn warn(&mut self, line: u64, message: impl Into<String>) {
        let location = self.location(line);
        self.sink.warn(location, message);
    }

    /// Streams the document; returns once it ends, however it ends.
    fn run<R: BufRead>(mut self, input: R) -> Result<(), ImportError> {
        let mut reader = Reader::from_reader(LineCounter::new(input));
        configure(reader.config_mut());
        let mut buf = Vec::new();
        let mut root: Option<String> = None;
        let mut root_closed = false;
        let mut mms: Option<PendingMms> = None;
        let stop = loop {
            buf.clear();
            let start = reader.buffer_position();
            let event = reader.read_event_into(&mut buf);
            let line = reader.get_mut().line_at(start);
            let (event, empty) = match event {
                Ok(XmlEvent::Empty(e)) => (Ok(XmlEvent::Start(e)), true),
                other => (other, false),
            };
            match event {
                Ok(XmlEvent::Start(e)) => {
                    let local = e.local_name();
                    let name = local.as_ref();
                    let Some(root) = root.as_deref() else {
                        let name: String = String::from_utf8_lossy(name).chars().take(40).collect();
                        if name != "calls" && name != "smses" {
                            return Err(ImportError::unexpected(
                                self.location(line),
                                ROOT,
                                format!("<{}>", name.escape_debug()),
                            ));
                        }
                        root_closed = empty;
                        if let Some(at) = run_on_at(&e) {
                            // `<calls count="2>`: what it swallowed is read.
                            root_closed = self.run_on(&e, Some(at), line, &name, &mut mms, 0);
                        }
                        root = Some(name);
                        continue;
                    };
                    root_closed |= self.tag(&e, empty, line, root, &mut mms, 0);
                }
                Ok(XmlEvent::End(e)) => {
                    root_closed |= self.end(e.local_name().as_ref(), root.as_deref(), &mut mms);
                }
                Ok(XmlEvent::Eof) => break None,
                // Text, declarations, comments, stylesheet PIs and DOCTYPEs
                // carry nothing offgrid reads; entities are never expanded.
                Ok(_) => {}
                // Ill-formed but readable (quick-xml says these are not
                // fatal): note it and read on.
                Err(quick_xml::Error::IllFormed(err)) => {
                    let at = reader.error_position();
                    let at = reader.get_mut().line_at(at);
                    self.warn(at, format!("malformed xml: {}", ill_formed(&err)));
                }
                Err(quick_xml::Error::Io(err)) => {
                    break Some(Stop::Io(io::Error::new(err.kind(), err.to_string())));
                }
                Err(quick_xml::Error::Syntax(err)) => {
                    let at = reader.error_position();
                    let at = reader.get_mut().line_at(at);
                    // A tag that runs to the end of the file because its
                    // quotes do not pair up, swallowing the elements after
                    // it: not a truncated file. They are read from the
                    // bytes it took.
                    let raw = buf.strip_prefix(b"<").unwrap_or(&buf);
                    let run_on = run_on_at(raw);
                    if let (Some(root), Some(_), quick_xml::errors::SyntaxError::UnclosedTag) =
                        (root.as_deref(), run_on, &err)
                    {
                        root_closed |= self.run_on(raw, run_on, at, root, &mut mms, 0);
                        break None;
                    }
                    let message = match err {
                        quick_xml::errors::SyntaxError::UnclosedTag => {
                            "truncated file: expected the rest of an element, found end of file"
                                .to_owned()
                        }
                        other => format!("truncated file: {other}"),
                    };
                    break Some(Stop::Broken(at, message));
                }
                Err(err) => {
                    let at = reader.error_position();
                    let at = reader.get_mut().line_at(at);
                    break Some(Stop::Broken(at, format!("malformed xml: {err}")));
                }
            }
        };
        let end_line = {
            let end = reader.buffer_position();
            reader.get_mut().line_at(end)
        };
        let Some(root) = root else {
            // Nothing was read: the whole entry is unusable.
            return Err(match stop {
                Some(Stop::Io(e)) => ImportError::io(self.location(end_line), e),
                Some(Stop::Broken(line, message)) => {
                    ImportError::unexpected(self.location(line), ROOT, format!("none ({message})"))
                }
                None => ImportError::unexpected(self.location(end_line), ROOT, "none"),
            });
        };
        // An <mms> whose start tag was read is kept even when the file ends
        // inside it: its date, box and `address` members are complete, and
        // a truncated backup should lose only what is missing.
        self.flush_mms(&mut mms);
        match stop {
            Some(Stop::Broken(line, message)) => {
                self.warn(line, format!("{message}; everything before it was read"));
            }
            Some(Stop::Io(e)) => {
                self.warn(end_line, format!("cannot read the rest of the file: {e}"));
            }
            None if !root_closed => {
                self.warn(
                    end_line,
                    format!("truncated file: expected </{root}>, found end of file; everything before it was read"),
                );
            }
            None => {}
        }
        Ok(())
    }

    /// One start tag inside the root, at `line`; returns whether the root
    /// was closed (only ever by elements a run-on tag swallowed).
    fn tag(
        &mut self,
        e: &BytesStart<'_>,
        empty: bool,
        line: u64,
        root: &str,
        mms: &mut Option<PendingMms>,
        depth: u32,
    ) -> bool {
        if let Some(at) = run_on_at(e) {
            return self.run_on(e, Some(at), line, root, mms, depth);
        }
        let local = e.local_name();
        match local.as_ref() {
            b"call" => {
                self.flush_mms(mms);
                self.call(e, line);
            }
            b"sms" => {
                self.flush_mms(mms);
                self.sms(e, line);
            }
            b"mms" => {
                // A previous <mms> without its end tag ends here.
                self.flush_mms(mms);
                match Attrs::read(e, &["date", "msg_box", "address", "contact_name"]) {
                    Ok(attrs) => {
                        *mms = Some(PendingMms {
                            line,
                            attrs,
                            addrs: Vec::new(),
                        });
                        if empty {
                            self.flush_mms(mms);
                        }
                    }
                    Err(err) => {
                        self.warn(line, format!("skipped <mms>: {}", attr_problem(&err)));
                    }
                }
            }
            b"addr" => {
                if let Some(pending) = mms.as_mut() {
                    match Attrs::read(e, &["address", "type"]) {
                        Ok(attrs) => {
                            if let Some(address) = attrs.get("address") {
                                let kind = attrs.get("type").and_then(|t| t.parse().ok());
                                pending.addrs.push((address.to_owned(), kind));
                            }
                        }
                        Err(err) => {
                            self.warn(line, format!("skipped <addr>: {}", attr_problem(&err)));
                        }
                    }
                }
            }
            _ => {}
        }
        false
    }

    /// An end tag; returns whether it closed the root.
    fn end(&mut self, name: &[u8], root: Option<&str>, mms: &mut Option<PendingMms>) -> bool {
        if name == b"mms" {
            self.flush_mms(mms);
        } else if root.is_some_and(|r| r.as_bytes() == name) {
            self.flush_mms(mms);
            return true;
        }
        false
    }

    /// A tag whose quotes do not pair up (`raw`, its bytes after `<`, on
    /// `line`). quick-xml reads a tag up to the first `>` outside quotes, so
    /// an odd quote makes it run on through the elements after it (from
    /// byte `at`), or to the end of the input (then `at` is `None` when
    /// nothing followed). Its element is skipped with a warning; what it
    /// swallowed is read as elements, so one bad quote costs one element.
    /// Returns whether the root was closed.
    fn run_on(
        &mut self,
        raw: &[u8],
        at: Option<usize>,
        line: u64,
        root: &str,
        mms: &mut Option<PendingMms>,
        depth: u32,
    ) -> bool {
        let name_end = raw
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/' || *b == b'>')
            .unwrap_or(raw.len());
        let name = &raw[..name_end];
        let name = name.rsplit(|b| *b == b':').next().unwrap_or(name);
        let next = at.map(|at| line + newlines(&raw[..at]));
        let problem = match next {
            Some(next) => format!(
                "expected quotes in pairs in its tag, found an odd number (the tag runs on \
                 into line {next}; read on from there)"
            ),
            None => "expected quotes in pairs in its tag, found an odd number".to_owned(),
        };
        match name {
            b"call" | b"sms" | b"mms" => {
                self.flush_mms(mms);
                let name = String::from_utf8_lossy(name);
                self.warn(line, format!("skipped <{name}>: {problem}"));
            }
            b"addr" if mms.is_some() => self.warn(line, format!("skipped <addr>: {problem}")),
            _ => {}
        }
        let (Some(at), Some(next)) = (at, next) else {
            return false;
        };
        if depth >= MAX_RUN_ON_DEPTH {
            self.lost(&raw[at..], next, line);
            return false;
        }
        self.fragment(&raw[at..], next, root, mms, depth + 1)
    }

    /// Reads `raw`, elements a run-on tag swallowed, from the `<` of the
    /// first of them on `line`, as the document is read. Returns whether
    /// the root was closed among them.
    fn fragment(
        &mut self,
        raw: &[u8],
        line: u64,
        root: &str,
        mms: &mut Option<PendingMms>,
        depth: u32,
    ) -> bool {
        let mut reader = Reader::from_reader(raw);
        configure(reader.config_mut());
        let mut lines = FragmentLines { raw, pos: 0, line };
        let mut closed = false;
        loop {
            let start = usize::try_from(reader.buffer_position()).unwrap_or(raw.len());
            let event = reader.read_event();
            let line = lines.at(start);
            match event {
                Ok(XmlEvent::Start(e)) => closed |= self.tag(&e, false, line, root, mms, depth),
                Ok(XmlEvent::Empty(e)) => closed |= self.tag(&e, true, line, root, mms, depth),
                Ok(XmlEvent::End(e)) => {
                    closed |= self.end(e.local_name().as_ref(), Some(root), mms)
                }
                Ok(XmlEvent::Eof) => break,
                Ok(_) => {}
                Err(quick_xml::Error::IllFormed(err)) => {
                    let at = usize::try_from(reader.error_position()).unwrap_or(raw.len());
                    let at = lines.at(at);
                    self.warn(at, format!("malformed xml: {}", ill_formed(&err)));
                }
                // The last tag ends where the run-on tag ended: inside it.
                // Its quotes do not pair up either (they paired the run-on
                // tag's): skipped, and what it swallowed read.
                Err(_) => {
                    let from = raw[start.min(raw.len())..]
                        .iter()
                        .position(|b| *b == b'<')
                        .map_or(raw.len(), |p| start + p + 1);
                    let tag = &raw[from.min(raw.len())..];
                    let line = lines.at(from);
                    closed |= self.run_on(tag, run_on_at(tag), line, root, mms, depth + 1);
                    break;
                }
            }
        }
        closed
    }

    /// Past [`MAX_RUN_ON_DEPTH`] run-on tags inside each other: every
    /// element start in `raw` (from `line`) is skipped with a warning
    /// naming the tag, on `outer`, it was swallowed by.
    fn lost(&mut self, raw: &[u8], line: u64, outer: u64) {
        let mut rest = raw;
        let mut line = line;
        while let Some(at) = run_on_at(rest) {
            line += newlines(&rest[..at]);
            let tail = &rest[at + 1..];
            for name in ["call", "sms", "mms"] {
                if starts_element(tail, name.as_bytes()) {
                    self.warn(
                        line,
                        format!(
                            "skipped <{name}>: expected a tag of its own, found it inside the \
                             tag on line {outer}, whose quotes do not pair up"
                        ),
                    );
                }
            }
            rest = tail;
        }
    }

    /// The record for `ident`, created at `line` when first seen; `name` is
    /// added as a hint.
    fn person(&mut self, ident: &Ident, name: Option<&str>, line: u64) -> RecordRef {
        let r = match self.people.get(ident.key()) {
            Some(&r) => r,
            None => {
                let mut record = Record::new(SourceKind::Calllog, self.location(line));
                record.name_is_hint = true;
                match ident {
                    Ident::Phone(p) => record.add_phone(p.clone()),
                    Ident::Email(e) => record.add_email(e.clone()),
                }
                let r = self.sink.record(record);
                self.people.insert(ident.key().to_owned(), r);
                r
            }
        };
        if let Some(name) = name {
            self.sink.records[r as usize].add_name(name);
        }
        r
    }

    /// The owner's record for their own number, marking an existing record
    /// for it as the owner's.
    fn owner(&mut self, ident: &Ident, line: u64) -> RecordRef {
        self.owner_keys.insert(ident.key().to_owned());
        let r = self.person(ident, None, line);
        self.sink.records[r as usize].owner = true;
        r
    }

    /// `<call number duration date type presentation contact_name>`.
    fn call(&mut self, e: &BytesStart<'_>, line: u64) {
        let attrs = match Attrs::read(e, &["number", "duration", "date", "type", "contact_name"]) {
            Ok(a) => a,
            Err(err) => return self.warn(line, format!("skipped <call>: {}", attr_problem(&err))),
        };
        // Hidden callers (presentation 2-5 leave the number empty, `null`,
        // `-1` or `-2`) identify nobody: ignored, not warned about.
        let Some(ident) = attrs
            .get("number")
            .and_then(|n| identify(n, self.ctx.region))
        else {
            return;
        };
        let (ms, when) = match parse_date(&attrs) {
            Ok(d) => d,
            Err(message) => return self.warn(line, format!("skipped <call>: {message}")),
        };
        let duration = match attrs.get("duration") {
            None => 0,
            Some(raw) => match raw.parse::<i64>() {
                Ok(d) => d.max(0),
                Err(_) => {
                    return self.warn(
                        line,
                        format!(
                            "skipped <call>: expected a duration in seconds, found {}",
                            quote(raw)
                        ),
                    )
                }
            },
        };
        let type_raw = attrs.get("type").unwrap_or("");
        let answered = matches!(type_raw.parse::<i64>(), Ok(CALL_INCOMING | CALL_OUTGOING));
        let kind = if answered && duration > 0 {
            EventKind::Direct
        } else {
            EventKind::Seen
        };
        let who = self.person(&ident, attrs.contact_name(), line);
        let key = format!("call:{ms}:{}:{type_raw}:{duration}", ident.key());
        let location = self.location(line);
        self.sink.event(NewEvent {
            kind,
            channel: Channel::PhoneCall,
            when: When::Instant(when),
            sender: None,
            participants: [who].into(),
            location,
            dedup_key: Some(key.into()),
        });
    }

    /// `<sms address date type contact_name>`.
    fn sms(&mut self, e: &BytesStart<'_>, line: u64) {
        let attrs = match Attrs::read(e, &["address", "date", "type", "contact_name"]) {
            Ok(a) => a,
            Err(err) => return self.warn(line, format!("skipped <sms>: {}", attr_problem(&err))),
        };
        let type_raw = attrs.get("type").unwrap_or("");
        let Some(direction) = type_raw.parse().ok().and_then(sms_direction) else {
            let found = if type_raw.is_empty() {
                "none".to_owned()
            } else {
                quote(type_raw)
            };
            return self.warn(
                line,
                format!("skipped <sms>: expected a type from 1 to 6, found {found}"),
            );
        };
        if direction == Direction::Draft {
            return;
        }
        let region = self.ctx.region;
        let tokens: Vec<&str> = attrs
            .get("address")
            .map(|a| a.split('~').collect())
            .unwrap_or_default();
        let idents = distinct(tokens.iter().filter_map(|t| identify(t, region)));
        if idents.is_empty() {
            return;
        }
        let (ms, when) = match parse_date(&attrs) {
            Ok(d) => d,
            Err(message) => return self.warn(line, format!("skipped <sms>: {message}")),
        };
        let name = if idents.len() == 1 {
            attrs.contact_name()
        } else {
            None
        };
        let participants: Vec<RecordRef> =
            idents.iter().map(|i| self.person(i, name, line)).collect();
        let key = format!(
            "sms:{ms}:{}:{type_raw}",
            sorted_keys(idents.iter().map(|i| i.key().to_owned()))
        );
        let (kind, sender) = match direction {
            Direction::Received if participants.len() == 1 => {
                (EventKind::Online, Some(participants[0]))
            }
            // A received text with several addresses does not say which one
            // sent it: evidence for first_seen only.
            Direction::Received => (EventKind::Seen, None),
            _ => (EventKind::Online, None),
        };
        self.text(&Channel::Sms, kind, sender, &participants, when, line, &key);
    }

    fn flush_mms(&mut self, pending: &mut Option<PendingMms>) {
        if let Some(mms) = pending.take() {
            self.mms(mms);
        }
    }

    /// `<mms date msg_box address contact_name>` with its
    /// `<addrs><addr address type/></addrs>`.
    ///
    /// Who took part, and who is the owner: the `address` attribute lists the
    /// conversation's other members joined by `~` (Android's thread
    /// recipients; the owner's own number is not in it), while `addrs` lists
    /// everybody by role: 137 from, 151 to, 130 cc, 129 bcc, the owner
    /// included. When `address` names at least one of the `addrs` it is
    /// trusted: its members are the participants and an `addr` it leaves out
    /// is the owner's (or noise, as in a hand-made fixture whose `from` is a
    /// service centre). When it names none of them (an RCS group id such as
    /// `group_8@rcs.google.com`), every `addr` is a participant. Then:
    /// - sent (msg_box 2, 4, 5): the `from` address is the owner's own
    ///   number (record marked `owner`); the owner sent it (sender `None`);
    /// - received (msg_box 1): the sender is the `from` address (else the
    ///   only member of `address`); a single `to` address other than the
    ///   members is the owner's own number (marked `owner`); a number already
    ///   known to be the owner's from an earlier message is the owner;
    /// - no `addrs` at all (older backups): the members of `address`.
    fn mms(&mut self, mms: PendingMms) {
        let PendingMms { line, attrs, addrs } = mms;
        let box_raw = attrs.get("msg_box").unwrap_or("");
        let Some(direction) = box_raw.parse().ok().and_then(mms_direction) else {
            let found = if box_raw.is_empty() {
                "none".to_owned()
            } else {
                quote(box_raw)
            };
            return self.warn(
                line,
                format!("skipped <mms>: expected a msg_box from 1 to 5, found {found}"),
            );
        };
        if direction == Direction::Draft {
            return;
        }
        let (ms, when) = match parse_date(&attrs) {
            Ok(d) => d,
            Err(message) => return self.warn(line, format!("skipped <mms>: {message}")),
        };
        let region = self.ctx.region;
        let raw_tokens: Vec<&str> = attrs
            .get("address")
            .map(|a| a.split('~').filter(|t| !t.trim().is_empty()).collect())
            .unwrap_or_default();
        let tokens = distinct(raw_tokens.iter().filter_map(|t| identify(t, region)));
        let in_tokens = |ident: &Ident| tokens.iter().any(|t| t.key() == ident.key());
        let addrs: Vec<(Ident, Option<u32>)> = addrs
            .iter()
            .filter_map(|(a, t)| identify(a, region).map(|i| (i, *t)))
            .collect();
        let usable = addrs.iter().any(|(i, _)| in_tokens(i));
        let is_member = |ident: &Ident| !usable || in_tokens(ident);
        let same = |a: &Ident, b: Option<&Ident>| b.is_some_and(|b| a.key() == b.key());

        let from = addrs
            .iter()
            .find(|(_, k)| *k == Some(ADDR_FROM))
            .map(|(i, _)| i);
        // The sender of a received message; the owner's number, when this
        // message says which it is.
        let (sender, owner): (Option<&Ident>, Option<&Ident>) = match direction {
            Direction::Sent => (None, from.filter(|f| !in_tokens(f))),
            _ => {
                let sender = from
                    .filter(|f| is_member(f))
                    .or_else(|| (tokens.len() == 1).then(|| &tokens[0]));
                let to: Vec<&Ident> = addrs
                    .iter()
                    .filter(|(i, k)| {
                        *k == Some(ADDR_TO) && !same(i, sender) && (!usable || !in_tokens(i))
                    })
                    .map(|(i, _)| i)
                    .collect();
                let to = distinct_refs(&to);
                (sender, (to.len() == 1).then(|| to[0]))
            }
        };

        // Who the message names, as (ident, is the owner), in file order.
        let mut members: Vec<(&Ident, bool)> = Vec::new();
        if let Some(s) = sender {
            members.push((s, self.owner_keys.contains(s.key())));
        }
        for (ident, _) in &addrs {
            if same(ident, sender) {
                continue;
            }
            if same(ident, owner) || self.owner_keys.contains(ident.key()) {
                members.push((ident, true));
            } else if is_member(ident) {
                members.push((ident, false));
            }
        }
        if addrs.is_empty() || usable {
            for t in &tokens {
                members.push((t, self.owner_keys.contains(t.key())));
            }
        }

        let name = if tokens.len() == 1 {
            attrs.contact_name()
        } else {
            None
        };
        let mut participants: Vec<RecordRef> = Vec::new();
        let mut sender_ref = None;
        for (ident, is_owner) in members {
            let r = if is_owner {
                self.owner(ident, line)
            } else {
                let name = name.filter(|_| in_tokens(ident));
                self.person(ident, name, line)
            };
            if same(ident, sender) {
                sender_ref = Some(r);
            }
            if !participants.contains(&r) {
                participants.push(r);
            }
        }
        if participants
            .iter()
            .all(|r| self.sink.records[*r as usize].owner)
        {
            return;
        }
        let members_key = if raw_tokens.is_empty() {
            sorted_keys(addrs.iter().map(|(i, _)| i.key().to_owned()))
        } else {
            sorted_keys(raw_tokens.iter().map(|t| token_key(t, region)))
        };
        let key = format!("mms:{ms}:{members_key}:{box_raw}");
        let (kind, sender) = match direction {
            Direction::Received if sender_ref.is_some() => (EventKind::Online, sender_ref),
            // Received, but nothing says from whom: first_seen only.
            Direction::Received => (EventKind::Seen, None),
            _ => (EventKind::Online, None),
        };
        self.text(&Channel::Mms, kind, sender, &participants, when, line, &key);
    }
}

/// `idents` without repeats, in first-seen order.
fn distinct(idents: impl Iterator<Item = Ident>) -> Vec<Ident> {
    let mut out: Vec<Ident> = Vec::new();
    for ident in idents {
        if !out.iter().any(|o| o.key() == ident.key()) {
            out.push(ident);
        }
    }
    out
}

fn distinct_refs<'i>(idents: &[&'i Ident]) -> Vec<&'i Ident> {
    let mut out: Vec<&Ident> = Vec::new();
    for ident in idents {
        if !out.iter().any(|o| o.key() == ident.key()) {
            out.push(ident);
        }
    }
    out
}

/// Keys sorted and deduplicated, joined with `~`, so a dedup key does not
/// depend on the order a backup lists the members in.
fn sorted_keys(keys: impl Iterator<Item = String>) -> String {
    let mut keys: Vec<String> = keys.collect();
    keys.sort();
    keys.dedup();
    keys.join("~")
}

/// A `BufRead` that notes where newlines were as bytes are consumed, so the
/// byte offsets quick-xml reports (`buffer_position`, `error_position`) map
/// to line numbers without reading the input twice. Offsets must be asked
/// for in increasing order; only the newlines after the last one asked for
/// are kept.
struct LineCounter<R> {
    inner: R,
    consumed: u64,
    /// Offsets of newlines consumed but not yet passed by a query.
    newlines: VecDeque<u64>,
    /// Newlines before the first one in `newlines`.
    passed: u64,
}

impl<R: BufRead> LineCounter<R> {
    fn new(inner: R) -> LineCounter<R> {
        LineCounter {
            inner,
            consumed: 0,
            newlines: VecDeque::new(),
            passed: 0,
        }
    }

    /// The 1-based line of byte offset `pos`.
    fn line_at(&mut self, pos: u64) -> u64 {
        while self.newlines.front().is_some_and(|&n| n < pos) {
            self.newlines.pop_front();
            self.passed += 1;
        }
        self.passed + 1
    }
}

impl<R: BufRead> Read for LineCounter<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let buf = self.fill_buf()?;
            let n = buf.len().min(out.len());
            out[..n].copy_from_slice(&buf[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for LineCounter<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        // The bytes being consumed are still at the front of the buffer.
        if let Ok(buf) = self.inner.fill_buf() {
            let take = amt.min(buf.len());
            for (i, _) in buf[..take].iter().enumerate().filter(|(_, b)| **b == b'\n') {
                self.newlines.push_back(self.consumed + i as u64);
            }
        }
        self.consumed += amt as u64;
        self.inner.consume(amt);
    }
}

/// Transcodes UTF-16 (after its byte-order mark) to UTF-8 as it is read;
/// unpaired surrogates become U+FFFD.
struct Utf16Reader<R> {
    inner: R,
    big_endian: bool,
    /// UTF-8 bytes ready to hand out, from `out_pos`.
    out: Vec<u8>,
    out_pos: usize,
    /// An odd byte or a high surrogate left over from the previous chunk.
    odd: Option<u8>,
    high: Option<u16>,
}

impl<R: BufRead> Utf16Reader<R> {
    fn new(inner: R, big_endian: bool) -> Utf16Reader<R> {
        Utf16Reader {
            inner,
            big_endian,
            out: Vec::new(),
            out_pos: 0,
            odd: None,
            high: None,
        }
    }

    fn push_unit(&mut self, unit: u16) {
        let mut tmp = [0u8; 4];
        if let Some(high) = self.high.take() {
            if (0xDC00..=0xDFFF).contains(&unit) {
                let c = 0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                let c = char::from_u32(c).unwrap_or('\u{fffd}');
                self.out
                    .extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
                return;
            }
            self.out
                .extend_from_slice('\u{fffd}'.encode_utf8(&mut tmp).as_bytes());
        }
        if (0xD800..=0xDBFF).contains(&unit) {
            self.high = Some(unit);
            return;
        }
        let c = char::from_u32(u32::from(unit)).unwrap_or('\u{fffd}');
        self.out
            .extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
    }

    /// Converts the next chunk of input; `false` at the end of input.
    fn refill(&mut self) -> io::Result<bool> {
        self.out.clear();
        self.out_pos = 0;
        let chunk = self.inner.fill_buf()?.to_vec();
        if chunk.is_empty() {
            if self.odd.take().is_some() || self.high.take().is_some() {
                self.out.extend_from_slice("\u{fffd}".as_bytes());
                return Ok(true);
            }
            return Ok(false);
        }
        self.inner.consume(chunk.len());
        let mut bytes = chunk.iter().copied();
        let mut first = self.odd.take().or_else(|| bytes.next());
        while let Some(a) = first {
            let Some(b) = bytes.next() else {
                self.odd = Some(a);
                break;
            };
            let unit = if self.big_endian {
                u16::from_be_bytes([a, b])
            } else {
                u16::from_le_bytes([a, b])
            };
            self.push_unit(unit);
            first = bytes.next();
        }
        Ok(true)
    }
}

impl<R: BufRead> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_pos >= self.out.len() {
            if !self.refill()? {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.out.len() - self.out_pos);
        buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::model::Event;

    fn ctx() -> Context {
        Context {
            region: Region::default(),
            tz: jiff::tz::TimeZone::UTC,
            as_of: jiff::civil::date(2026, 11, 26),
            limits: crate::limits::Limits::default(),
        }
    }

    fn run_bytes(name: &str, input: &[u8]) -> Sink {
        let mut entry = Entry {
            path: name.into(),
            display: Arc::from(name),
            reader: Box::new(input),
        };
        let mut sink = Sink::new();
        Calllog.import(&mut entry, &ctx(), &mut sink).unwrap();
        sink.settle();
        sink
    }

    fn run(name: &str, input: &str) -> Sink {
        run_bytes(name, input.as_bytes())
    }

    fn fixture(name: &str) -> Sink {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/calllog")
            .join(name);
        let bytes = std::fs::read(&path).unwrap();
        run_bytes(name, &bytes)
    }

    fn warnings(sink: &Sink) -> Vec<String> {
        sink.warnings.iter().map(ToString::to_string).collect()
    }

    fn count(sink: &Sink, kind: EventKind, channel: &Channel) -> usize {
        sink.events
            .iter()
            .filter(|e| e.kind == kind && e.channel() == channel)
            .count()
    }

    fn phone(sink: &Sink, r: RecordRef) -> &str {
        sink.records[r as usize].phones[0].as_str()
    }

    /// Each event's channel and its first participant's phone number.
    fn channels_and_first_phones(sink: &Sink) -> Vec<(Channel, &str)> {
        sink.events
            .iter()
            .map(|e| (e.channel().clone(), phone(sink, e.participants()[0])))
            .collect()
    }

    fn calls(rows: &str) -> String {
        format!("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count=\"1\">\n{rows}</calls>\n")
    }

    #[test]
    fn detects_by_root_element_or_app_file_name() {
        let head = b"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<!--File Created By Call Logs Backup & Restore v3.51 on 18/04/2015 08:00:56-->\n<?xml-stylesheet type=\"text/xsl\" href=\"calls.xsl\"?>\n<calls count=\"56\">";
        assert!(Calllog.detect("backup/anything.xml", head));
        assert!(Calllog.detect("x.XML", b"\xEF\xBB\xBF<smses count=\"1\">"));
        assert!(!Calllog.detect("calls.csv", head));
        assert!(!Calllog.detect("feed.xml", b"<?xml version=\"1.0\"?><rss><calls/></rss>"));
        // No root in the first bytes: the app's file names decide.
        assert!(Calllog.detect("calls-20240101.xml", b""));
        assert!(Calllog.detect("sms-20240101120000.xml", b"<?xml version='1.0'"));
        assert!(!Calllog.detect("other.xml", b""));
        // A root that is not ours wins over the name.
        assert!(!Calllog.detect("sms-1.xml", b"<html>"));
        // UTF-16LE with its byte-order mark.
        let utf16: Vec<u8> = "\u{feff}<calls count=\"0\"/>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(Calllog.detect("calls.xml", &utf16));
    }

    #[test]
    fn every_call_type() {
        let sink = fixture("calls_types.xml");
        assert!(warnings(&sink).is_empty(), "{:?}", warnings(&sink));
        // 1 and 2 with a duration: direct. 2 with 0 s, 3, 4, 5, 6, 7 and 99:
        // seen only. The five hidden callers: nothing.
        let kinds: Vec<(EventKind, &str)> = sink
            .events
            .iter()
            .map(|e| (e.kind, phone(&sink, e.participants()[0])))
            .collect();
        assert_eq!(
            kinds,
            [
                (EventKind::Direct, "+15555550101"),
                (EventKind::Seen, "+15555550101"),
                (EventKind::Direct, "+15555550102"),
                (EventKind::Seen, "+15555550103"),
                (EventKind::Seen, "+15555550104"),
                (EventKind::Seen, "+15555550105"),
                (EventKind::Seen, "+15555550106"),
                (EventKind::Seen, "+15555550107"),
                (EventKind::Seen, "+15555550108"),
            ]
        );
        assert!(sink
            .events
            .iter()
            .all(|e| *e.channel() == Channel::PhoneCall && e.sender().is_none()));
        assert_eq!(sink.records.len(), 8);
        let names: Vec<&[String]> = sink.records.iter().map(|r| r.names.as_slice()).collect();
        // `(Unknown)` and `null` are no names.
        assert_eq!(names[0], ["Ada Example"]);
        assert!(names[2].is_empty() && names[3].is_empty());
        assert_eq!(names[4], ["Cleo Placeholder"]);
        assert!(sink.records.iter().all(|r| r.name_is_hint && !r.owner));
        assert_eq!(
            sink.records[0].location,
            Some(Location::new(Arc::from("calls_types.xml"), Some(5)))
        );
        let first = &sink.events[0];
        assert_eq!(
            first.when(),
            When::Instant(Timestamp::from_millisecond(1_704_103_200_000).unwrap())
        );
        assert_eq!(
            first.dedup_key(),
            Some("call:1704103200000:+15555550101:1:125")
        );
        assert_eq!(first.location().line, Some(5));
    }

    #[test]
    fn national_and_international_numbers_are_one_person() {
        let sink = fixture("calls_formats.xml");
        assert!(warnings(&sink).is_empty(), "{:?}", warnings(&sink));
        let phones: Vec<&str> = sink.records.iter().map(|r| r.phones[0].as_str()).collect();
        // 611 (a carrier short code) and *86 (voicemail) identify nobody.
        assert_eq!(phones, ["+15555550113", "+49301234567"]);
        assert_eq!(sink.events.len(), 6);
        assert_eq!(count(&sink, EventKind::Direct, &Channel::PhoneCall), 4);
        assert_eq!(sink.records[1].names, ["Felix Beispiel"]);
        // A German number in a US phone's log, and the same number read
        // with --region DE.
        let de = Context {
            region: Region::parse("DE").unwrap(),
            ..ctx()
        };
        let input = calls("<call number=\"030 1234567\" duration=\"5\" date=\"1706709600000\" type=\"2\" contact_name=\"Felix Beispiel\" />\n");
        let mut entry = Entry {
            path: "calls.xml".into(),
            display: Arc::from("calls.xml"),
            reader: Box::new(input.as_bytes()),
        };
        let mut sink = Sink::new();
        Calllog.import(&mut entry, &de, &mut sink).unwrap();
        assert_eq!(sink.records[0].phones[0].as_str(), "+49301234567");
    }

    #[test]
    fn overlapping_backups_share_dedup_keys() {
        let a = fixture("calls_overlap_a.xml");
        let b = fixture("calls_overlap_b.xml");
        assert_eq!((a.events.len(), b.events.len()), (5, 5));
        let keys = |s: &Sink| -> BTreeSet<String> {
            s.events
                .iter()
                .filter_map(|e| e.dedup_key().map(str::to_owned))
                .collect()
        };
        let (ka, kb) = (keys(&a), keys(&b));
        // Two calls are in both files, one spelled `+15555550112` in the
        // second and `5555550112` in the first.
        assert_eq!(ka.intersection(&kb).count(), 2);
        assert_eq!(ka.union(&kb).count(), 8);
        assert!(ka.contains("call:1709298000000:+15555550112:3:0"));
    }

    #[test]
    fn hidden_numbers_are_ignored_silently() {
        let sink = run(
            "calls.xml",
            &calls(concat!(
                "<call number=\"\" duration=\"10\" date=\"1\" type=\"1\" presentation=\"2\" />\n",
                "<call number=\"null\" duration=\"0\" date=\"2\" type=\"3\" presentation=\"3\" />\n",
                "<call number=\"-2\" duration=\"0\" date=\"3\" type=\"3\" />\n",
                "<call number=\"Unknown\" duration=\"0\" date=\"4\" type=\"3\" presentation=\"5\" />\n",
                "<call duration=\"0\" date=\"bad\" type=\"3\" presentation=\"4\" />\n",
            )),
        );
        assert!(sink.records.is_empty() && sink.events.is_empty() && sink.warnings.is_empty());
    }

    #[test]
    fn bad_calls_cost_only_themselves() {
        let sink = run(
            "calls.xml",
            &calls(concat!(
                "<call number=\"5555550141\" duration=\"10\" date=\"yesterday\" type=\"1\" />\n",
                "<call number=\"5555550141\" duration=\"ten\" date=\"1704103200000\" type=\"1\" />\n",
                "<call number=\"5555550141\" duration=\"10\" type=\"1\" />\n",
                "<call number=\"5555550141\" duration=10 date=\"1704103200000\" type=\"1\" />\n",
                "<call number=\"5555550142\" duration=\"10\" date=\"1704103200000\" type=\"1\" />\n",
            )),
        );
        assert_eq!(
            warnings(&sink),
            [
                "calls.xml:3: skipped <call>: expected a date in epoch milliseconds, found \"yesterday\"",
                "calls.xml:4: skipped <call>: expected a duration in seconds, found \"ten\"",
                "calls.xml:5: skipped <call>: expected a date in epoch milliseconds, found none",
                "calls.xml:6: skipped <call>: expected a quoted attribute value, found an unquoted one",
            ]
        );
        assert_eq!(sink.records.len(), 1);
        assert_eq!(sink.events.len(), 1);
    }

    #[test]
    fn truncated_backup_keeps_what_came_before() {
        let sink = fixture("calls_truncated.xml");
        assert_eq!(
            warnings(&sink),
            ["calls_truncated.xml:7: truncated file: expected the rest of an element, found end of file; everything before it was read"]
        );
        assert_eq!(sink.events.len(), 2);
        assert_eq!(count(&sink, EventKind::Direct, &Channel::PhoneCall), 2);
        // Cut between elements: the missing end tag is the warning.
        let sink = run("calls.xml", "<calls count=\"2\">\n<call number=\"5555550151\" duration=\"9\" date=\"1704103200000\" type=\"2\" />\n");
        assert_eq!(
            warnings(&sink),
            ["calls.xml:3: truncated file: expected </calls>, found end of file; everything before it was read"]
        );
        assert_eq!(sink.events.len(), 1);
    }

    #[test]
    fn not_a_backup_is_an_error() {
        let mut entry = Entry {
            path: "calls-1.xml".into(),
            display: Arc::from("calls-1.xml"),
            reader: Box::new(&b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\"/>"[..]),
        };
        let err = Calllog
            .import(&mut entry, &ctx(), &mut Sink::new())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "calls-1.xml:2: expected <calls> or <smses> as the root element, found <rss>"
        );
        let mut entry = Entry {
            path: "calls-1.xml".into(),
            display: Arc::from("calls-1.xml"),
            reader: Box::new(&b""[..]),
        };
        let err = Calllog
            .import(&mut entry, &ctx(), &mut Sink::new())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "calls-1.xml:1: expected <calls> or <smses> as the root element, found none"
        );
    }

    #[test]
    fn undefined_entity_skips_its_element_only() {
        let sink = run(
            "calls.xml",
            &calls(concat!(
                "<call number=\"5555550101\" duration=\"5\" date=\"1704103200000\" type=\"1\" contact_name=\"Ada\" />\n",
                "<call number=\"5555550102\" duration=\"5\" date=\"1704103200001\" type=\"1\" contact_name=\"&lol;\" />\n",
                // In the number: before, it identified nobody and the call
                // vanished without a word.
                "<call number=\"&lol;\" duration=\"5\" date=\"1704103200002\" type=\"1\" />\n",
                "<call number=\"5555550104\" duration=\"5\" date=\"1704103200003\" type=\"1\" contact_name=\"Cy &amp; Dee\" />\n",
            )),
        );
        assert_eq!(
            warnings(&sink),
            [
                "calls.xml:4: skipped <call>: expected text in contact_name, found the entity \"&lol;\" (entities are never expanded)",
                "calls.xml:5: skipped <call>: expected text in number, found the entity \"&lol;\" (entities are never expanded)",
            ]
        );
        let kept: Vec<(&str, &[String])> = sink
            .events
            .iter()
            .map(|e| {
                let r = &sink.records[e.participants()[0] as usize];
                (r.phones[0].as_str(), r.names.as_slice())
            })
            .collect();
        assert_eq!(
            kept,
            [
                ("+15555550101", &["Ada".to_owned()][..]),
                ("+15555550104", &["Cy & Dee".to_owned()][..]),
            ]
        );
        // Texts: in an <sms> address, an <mms> contact_name, an <addr>.
        let sink = run(
            "sms.xml",
            concat!(
                "<smses count=\"4\">\n",
                "<sms address=\"&x;5555550121\" date=\"1714471200000\" type=\"1\" />\n",
                "<mms date=\"1714496400000\" msg_box=\"1\" address=\"+15555550161\" contact_name=\"&nbsp;Nia\"><parts/></mms>\n",
                "<mms date=\"1714496400001\" msg_box=\"1\" address=\"+15555550162\">\n",
                "<addrs><addr address=\"&me;\" type=\"151\" /></addrs>\n",
                "</mms>\n",
                "<sms address=\"5555550122\" date=\"1714471200001\" type=\"1\" contact_name=\"AT&T &#x1F600;\" />\n",
                "</smses>\n",
            ),
        );
        assert_eq!(
            warnings(&sink),
            [
                "sms.xml:2: skipped <sms>: expected text in address, found the entity \"&x;\" (entities are never expanded)",
                "sms.xml:3: skipped <mms>: expected text in contact_name, found the entity \"&nbsp;\" (entities are never expanded)",
                "sms.xml:5: skipped <addr>: expected text in address, found the entity \"&me;\" (entities are never expanded)",
            ]
        );
        // The <mms> around the skipped <addr> is kept, and the last <sms>.
        let kept = channels_and_first_phones(&sink);
        assert_eq!(
            kept,
            [
                (Channel::Mms, "+15555550162"),
                (Channel::Sms, "+15555550122")
            ]
        );
        assert_eq!(sink.records[1].names, ["AT&T \u{1F600}"]);
    }

    #[test]
    fn declared_entities_are_never_expanded() {
        // A "billion laughs" DOCTYPE: its entities are not expanded, so a
        // value using one is as unknown as an undefined entity.
        let sink = run(
            "calls.xml",
            concat!(
                "<?xml version=\"1.0\"?>\n",
                "<!DOCTYPE calls [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>\n",
                "<calls count=\"3\">\n",
                "<call number=\"5555550101\" duration=\"5\" date=\"1704103200000\" type=\"1\" contact_name=\"&lol2; Ada\" />\n",
                "<call number=\"5555550102\" duration=\"5\" date=\"1704103200001\" type=\"1\" contact_name=\"Bea\" readable_date=\"&lol2;\" />\n",
                "<call number=\"5555550103\" duration=\"5\" date=\"1704103200002\" type=\"1\" contact_name=\"&lol;\" />\n",
                "</calls>\n",
            ),
        );
        assert_eq!(
            warnings(&sink),
            [
                "calls.xml:4: skipped <call>: expected text in contact_name, found the entity \"&lol2;\" (entities are never expanded)",
                "calls.xml:6: skipped <call>: expected text in contact_name, found the entity \"&lol;\" (entities are never expanded)",
            ]
        );
        // An entity in an attribute offgrid does not read costs nothing.
        assert_eq!(sink.events.len(), 1);
        assert_eq!(sink.events[0].location().line, Some(5));
        assert_eq!(sink.records.len(), 1);
        assert_eq!(sink.records[0].names, ["Bea"]);
    }

    #[test]
    fn odd_quotes_cost_only_their_element() {
        // A quote too many on line 3 runs its tag on through line 4 until
        // the odd quote on line 5 pairs it: lines 3 and 5 are skipped,
        // line 4 (swallowed) and line 6 are read.
        let sink = run(
            "calls.xml",
            &calls(concat!(
                "<call number=\"5555550141\" duration=\"10\"\" date=\"1704103200000\" type=\"1\" />\n",
                "<call number=\"5555550142\" duration=\"10\" date=\"1704103200001\" type=\"1\" />\n",
                "<call number=\"5555550143\" duration=\"10\" date=\"1704103200002\" type=\"1\" contact_name=\"O\"Neil\" />\n",
                "<call number=\"5555550144\" duration=\"10\" date=\"1704103200003\" type=\"1\" />\n",
            )),
        );
        assert_eq!(
            warnings(&sink),
            [
                "calls.xml:3: skipped <call>: expected quotes in pairs in its tag, found an odd number (the tag runs on into line 4; read on from there)",
                "calls.xml:5: skipped <call>: expected quotes in pairs in its tag, found an odd number",
            ]
        );
        let lines: Vec<Option<u64>> = sink.events.iter().map(|e| e.location().line).collect();
        assert_eq!(lines, [Some(4), Some(6)]);
        // A quote too few runs the tag to the end of the file: not a
        // truncated file; what follows is read, the root's end included.
        let sink = run(
            "calls.xml",
            &calls(concat!(
                "<call number=\"5555550141 duration=\"10\" date=\"1704103200000\" type=\"1\" />\n",
                "<call number=\"5555550142\" duration=\"10\" date=\"1704103200001\" type=\"1\" />\n",
            )),
        );
        assert_eq!(
            warnings(&sink),
            ["calls.xml:3: skipped <call>: expected quotes in pairs in its tag, found an odd number (the tag runs on into line 4; read on from there)"]
        );
        assert_eq!(sink.events.len(), 1);
        assert_eq!(sink.events[0].location().line, Some(4));
        // In a text backup: the odd quote of an MMS part (not read) runs
        // its tag on until the odd quote of the <sms> on line 6 pairs it;
        // the <mms>, the <sms> on line 5 it swallowed and line 7 are read.
        let sink = run(
            "sms.xml",
            concat!(
                "<smses count=\"3\">\n",
                "<mms date=\"1714496400000\" msg_box=\"1\" address=\"+15555550161\">\n",
                "<parts><part ct=\"text/plain\" text=\"5\" tall\" /></parts>\n",
                "</mms>\n",
                "<sms address=\"5555550122\" date=\"1714471200001\" type=\"1\" />\n",
                "<sms address=\"5555550123\" date=\"1714471200002\" type=\"1\" body=\"a \"b\" />\n",
                "<sms address=\"5555550124\" date=\"1714471200003\" type=\"1\" />\n",
                "</smses>\n",
            ),
        );
        assert_eq!(
            warnings(&sink),
            ["sms.xml:6: skipped <sms>: expected quotes in pairs in its tag, found an odd number"]
        );
        let kept = channels_and_first_phones(&sink);
        assert_eq!(
            kept,
            [
                (Channel::Mms, "+15555550161"),
                (Channel::Sms, "+15555550122"),
                (Channel::Sms, "+15555550124")
            ]
        );
    }

    #[test]
    fn run_on_tags_past_the_depth_limit_are_only_counted() {
        let ctx = ctx();
        let mut sink = Sink::new();
        let mut parser = Parser::new(&ctx, Arc::from("calls.xml"), &mut sink);
        let raw = b"call x=\"1 />\n<call number=\"5555550101\" />\n<sms address=\"5555550102\" />";
        let at = run_on_at(raw);
        assert_eq!(at, Some(13));
        let closed = parser.run_on(raw, at, 5, "calls", &mut None, MAX_RUN_ON_DEPTH);
        assert!(!closed);
        assert_eq!(
            warnings(&sink),
            [
                "calls.xml:5: skipped <call>: expected quotes in pairs in its tag, found an odd number (the tag runs on into line 6; read on from there)",
                "calls.xml:6: skipped <call>: expected a tag of its own, found it inside the tag on line 5, whose quotes do not pair up",
                "calls.xml:7: skipped <sms>: expected a tag of its own, found it inside the tag on line 5, whose quotes do not pair up",
            ]
        );
        assert!(sink.events.is_empty());
        // A `<` that starts no tag of the format is no run-on.
        assert_eq!(run_on_at(b"sms body=\"a<b, <smses>x\" "), Some(15));
        assert_eq!(run_on_at(b"sms body=\"a<b <smsx <callback\" "), None);
    }

    #[test]
    fn every_call_is_read_or_warned_about_whatever_its_quotes() {
        // Twelve calls, each with an attribute of random quotes (a fixed
        // seed): however the quotes run tags into each other, each call is
        // either an event or a `skipped <call>` warning, never lost unsaid.
        let pieces = ["'\"'", "\"'\"", "\"", "'", " ", "\"a'", "'b\""];
        let mut seed: u64 = 12345;
        for _ in 0..2000 {
            let mut rows = String::new();
            for i in 0..12 {
                let mut quotes = String::new();
                for _ in 0..3 {
                    seed = seed
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    quotes.push_str(pieces[usize::try_from(seed >> 33).unwrap() % pieces.len()]);
                }
                rows.push_str(&format!(
                    "<call x={quotes} number=\"55555501{i:02}\" duration=\"10\" date=\"17041032{i:05}\" type=\"1\" />\n"
                ));
            }
            let sink = run("calls.xml", &calls(&rows));
            let skipped = sink
                .warnings
                .iter()
                .filter(|w| w.to_string().contains(": skipped <call>: "))
                .count();
            assert_eq!(
                sink.events.len() + skipped,
                12,
                "{rows}{:#?}",
                warnings(&sink)
            );
        }
    }

    #[test]
    fn ill_formed_but_readable_xml_reads_on() {
        let sink = run(
            "sms.xml",
            concat!(
                "<smses count=\"2\">\n",
                "<sms address=\"5555550121\" date=\"1714471200000\" type=\"1\" body=\"a < b > c\" />\n",
                "</mms></wrong>\n",
                "<!DOCTYPE>\n",
                "<sms address=\"5555550121\" date=\"1714471200001\" type=\"2\" body=\"AT&T\" />\n",
                "</smses>\n",
            ),
        );
        assert_eq!(
            warnings(&sink),
            ["sms.xml:4: malformed xml: expected a name in <!DOCTYPE>, found none"]
        );
        assert_eq!(sink.events.len(), 2);
        assert_eq!(sink.events[1].location().line, Some(5));
    }

    #[test]
    fn surrogate_pair_references_are_combined() {
        let text = |raw: &[u8]| unescape(raw).unwrap();
        assert_eq!(
            text(b"Hi &#55357;&#56838;&#10;there"),
            "Hi \u{1F606}\nthere"
        );
        assert_eq!(text(b"&#xD83D;&#xDE00;"), "\u{1F600}");
        // Lone halves become U+FFFD, the text around them survives.
        assert_eq!(text(b"a&#55357;b&#56838;c"), "a\u{fffd}b\u{fffd}c");
        assert_eq!(text(b"&#55357;"), "\u{fffd}");
        assert_eq!(
            text(b"&lt;&gt;&amp;&quot;&apos;&#x1F30D;&#0;"),
            "<>&\"'\u{1F30D}\u{fffd}"
        );
        // Stray ampersands and unreadable character references are kept
        // as written; any entity but the five is an error naming it.
        assert_eq!(
            unescape(b"AT&T & Co; &#xZZ; &; &&amp;"),
            Ok("AT&T & Co; &#xZZ; &; &&".to_owned())
        );
        assert_eq!(unescape(b"a &nbsp; b"), Err("&nbsp;".to_owned()));
        assert_eq!(unescape(b"&lt;&lol2;&lol;"), Err("&lol2;".to_owned()));
        assert_eq!(
            unescape("&pr\u{e9}nom; &x".as_bytes()),
            Err("&pr\u{e9}nom;".to_owned())
        );
    }

    #[test]
    fn sms_and_group_mms() {
        let sink = fixture("sms.xml");
        assert_eq!(
            warnings(&sink),
            ["sms.xml:10: skipped <sms>: expected a type from 1 to 6, found \"9\""]
        );
        let phones: Vec<&str> = sink.records.iter().map(|r| r.phones[0].as_str()).collect();
        // The short code 72345 and the sender name "AT&T" identify nobody.
        assert_eq!(
            phones,
            [
                "+15555550121",
                "+15555550122",
                "+15555550100",
                "+15555550123"
            ]
        );
        assert_eq!(sink.records[0].names, ["Kim Fixture \u{1F600}"]);
        assert_eq!(sink.records[1].names, ["Lou Synthetic"]);
        // The group's contact_name lists everybody; only the 1:1 one names Max.
        assert_eq!(sink.records[3].names, ["Max Sample"]);
        // The group's one `to` address missing from `address` is the
        // owner's own number: one record, marked.
        let owners: Vec<bool> = sink.records.iter().map(|r| r.owner).collect();
        assert_eq!(owners, [false, false, true, false]);
        assert!(sink.records[2].names.is_empty());
        let summary: Vec<(EventKind, Channel, Option<RecordRef>, Vec<RecordRef>)> = sink
            .events
            .iter()
            .map(|e| {
                (
                    e.kind,
                    e.channel().clone(),
                    e.sender(),
                    e.participants().to_vec(),
                )
            })
            .collect();
        use Channel::{Mms, Sms};
        use EventKind::Online;
        assert_eq!(
            summary,
            [
                (Online, Sms, Some(0), vec![0]),       // received
                (Online, Sms, None, vec![0]),          // sent; the draft is skipped
                (Online, Sms, None, vec![1]),          // outbox
                (Online, Mms, Some(1), vec![1, 2, 3]), // group, received
                (Online, Mms, None, vec![2, 1, 3]),    // group, sent by the owner
                (Online, Mms, Some(3), vec![3, 2]),    // 1:1, received
            ]
        );
        assert_eq!(
            *sink.events[0].folded,
            [fingerprint(&[b"sms:1714471200000:+15555550121:1"])]
        );
        assert_eq!(
            *sink.events[4].folded,
            [fingerprint(&[
                b"mms:1714500000000:+15555550122~+15555550123:2"
            ])]
        );
    }

    #[test]
    fn mms_without_addrs_uses_the_address_list() {
        let sink = run(
            "sms.xml",
            concat!(
                "<smses count=\"3\">\n",
                "<mms date=\"1714496400000\" msg_box=\"1\" address=\"+15555550161\" contact_name=\"Nia Mock\"><parts/></mms>\n",
                "<mms date=\"1714496400001\" msg_box=\"2\" address=\"+15555550161~+15555550162\" contact_name=\"(Unknown)\"><parts/></mms>\n",
                "<mms date=\"1714496400002\" msg_box=\"1\" address=\"+15555550161~+15555550162\"><parts/></mms>\n",
                "<mms date=\"1714496400003\" msg_box=\"1\" address=\"group_8@rcs.google.com\"><parts/></mms>\n",
                "</smses>\n",
            ),
        );
        assert!(sink.warnings.is_empty());
        assert_eq!(sink.records.len(), 2);
        assert_eq!(sink.records[0].names, ["Nia Mock"]);
        let kinds: Vec<(EventKind, Option<RecordRef>, usize)> = sink
            .events
            .iter()
            .map(|e| (e.kind, e.sender(), e.participants().len()))
            .collect();
        // A received group message that does not say who sent it is only
        // evidence for first_seen.
        assert_eq!(
            kinds,
            [
                (EventKind::Online, Some(0), 1),
                (EventKind::Online, None, 2),
                (EventKind::Seen, None, 2)
            ]
        );
    }

    #[test]
    fn mms_lone_to_address_is_the_owner() {
        // RCS group (devadvance corpus shape): cc lists the others, the one
        // `to` address is the owner's number.
        let sink = run(
            "sms.xml",
            concat!(
                "<smses count=\"1\">\n",
                "<mms date=\"1714496400000\" msg_box=\"1\" address=\"group_8@rcs.google.com\" contact_name=\"(Unknown)\">\n",
                "<addrs>\n",
                "<addr address=\"+15555550171\" type=\"130\" charset=\"106\" />\n",
                "<addr address=\"+15555550172\" type=\"130\" charset=\"106\" />\n",
                "<addr address=\"+15555550172\" type=\"137\" charset=\"106\" />\n",
                "<addr address=\"+15555550100\" type=\"151\" charset=\"106\" />\n",
                "</addrs>\n",
                "</mms>\n",
                "</smses>\n",
            ),
        );
        let phones: Vec<(&str, bool)> = sink
            .records
            .iter()
            .map(|r| (r.phones[0].as_str(), r.owner))
            .collect();
        assert_eq!(
            phones,
            [
                ("+15555550172", false),
                ("+15555550171", false),
                ("+15555550100", true)
            ]
        );
        assert_eq!(sink.events[0].sender(), Some(0));
        assert_eq!(*sink.events[0].participants(), [0, 1, 2]);
        assert_eq!(
            *sink.events[0].folded,
            [fingerprint(&[
                b"mms:1714496400000:group_8@rcs.google.com:1"
            ])]
        );
    }

    #[test]
    fn unfinished_mms_is_kept_and_bad_msg_box_skipped() {
        let sink = run(
            "sms.xml",
            concat!(
                "<smses count=\"2\">\n",
                "<mms date=\"1714496400000\" msg_box=\"7\" address=\"+15555550181\"></mms>\n",
                "<mms date=\"1714496400000\" msg_box=\"1\" address=\"+15555550181\">\n",
                "<addrs>\n",
                "<addr address=\"+15555550181\" type=\"137\" />\n",
                "<addr address=\"+1555",
            ),
        );
        assert_eq!(
            warnings(&sink),
            [
                "sms.xml:2: skipped <mms>: expected a msg_box from 1 to 5, found \"7\"",
                "sms.xml:6: truncated file: expected the rest of an element, found end of file; everything before it was read",
            ]
        );
        assert_eq!(sink.events.len(), 1);
        assert_eq!(sink.events[0].sender(), Some(0));
        assert_eq!(sink.events[0].location().line, Some(3));
    }

    #[test]
    fn utf16_backup_is_transcoded() {
        let text = "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<smses count=\"1\">\n<sms address=\"5555550191\" date=\"1714496400000\" type=\"1\" body=\"\u{1F600}\" contact_name=\"Oli \u{e9}\u{1F600}\" />\n</smses>\n";
        let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let sink = run_bytes("sms.xml", &bytes);
        assert!(sink.warnings.is_empty(), "{:?}", warnings(&sink));
        assert_eq!(sink.records[0].names, ["Oli \u{e9}\u{1F600}"]);
        assert_eq!(sink.events[0].location().line, Some(3));
        // A UTF-8 byte-order mark is skipped.
        let utf8 = run("sms.xml", text);
        assert!(utf8.warnings.is_empty(), "{:?}", warnings(&utf8));
        assert_eq!(utf8.events.len(), 1);
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(
            run_bytes("sms.xml", &be).records[0].names,
            ["Oli \u{e9}\u{1F600}"]
        );
    }

    #[test]
    fn line_counter_maps_offsets() {
        let mut lines = LineCounter::new(&b"a\nbb\n\nc"[..]);
        let mut all = Vec::new();
        lines.read_to_end(&mut all).unwrap();
        assert_eq!(lines.line_at(0), 1);
        assert_eq!(lines.line_at(1), 1);
        assert_eq!(lines.line_at(2), 2);
        assert_eq!(lines.line_at(5), 3);
        assert_eq!(lines.line_at(6), 4);
    }

    fn corpus_dir() -> PathBuf {
        std::env::var_os("OFFGRID_CORPUS")
            .map_or_else(
                || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus")),
                PathBuf::from,
            )
            .join("calllog")
    }

    /// (file name suffix, direct calls, seen-only calls, SMS events, MMS
    /// events, records, owner records, warnings)
    type Want = (
        &'static str,
        usize,
        usize,
        usize,
        usize,
        usize,
        usize,
        usize,
    );

    #[test]
    fn corpus() {
        let dir = corpus_dir();
        let Ok(read) = std::fs::read_dir(&dir) else {
            println!("skipped: corpus not found at {}", dir.display());
            return;
        };
        let mut files: Vec<PathBuf> = read.map(|e| e.unwrap().path()).collect();
        files.sort();
        // (file name suffix, direct calls, seen-only calls, SMS events, MMS
        // events, records, owner records, warnings)
        let want: [Want; 9] = [
            ("archive_calls.xml", 10, 6, 0, 0, 13, 0, 0),
            ("to_process_00_calls-test.xml", 9, 3, 0, 0, 10, 0, 0),
            ("to_process_01_calls-test.xml", 9, 3, 0, 0, 8, 0, 0),
            ("minimal_calls.xml", 1, 0, 0, 0, 1, 0, 0),
            // Short code 7535 ignored; the group MMS's owner is +15555550002.
            ("sms-test.xml", 0, 0, 3, 9, 7, 1, 0),
            ("sms_small.xml", 0, 0, 12, 0, 3, 0, 0),
            // The file is cut inside its last <mms>: one warning, kept.
            ("sms_and_mms.xml", 0, 0, 41, 9, 11, 1, 1),
            ("edge_cases.xml", 0, 0, 3, 1, 4, 0, 0),
            // The draft is skipped; the MMS's odd `from` is not a member.
            ("mixed.xml", 0, 0, 2, 1, 1, 0, 0),
        ];
        let mut keys: Vec<(String, BTreeSet<String>)> = Vec::new();
        let mut checked = 0;
        for path in &files {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(path).unwrap();
            assert!(
                Calllog.detect(&name, &bytes[..bytes.len().min(8192)]),
                "{name} not detected"
            );
            // Every file imports (`run_bytes` unwraps) or warns.
            let sink = run_bytes(&name, &bytes);
            let got = (
                count(&sink, EventKind::Direct, &Channel::PhoneCall),
                count(&sink, EventKind::Seen, &Channel::PhoneCall),
                sink.events
                    .iter()
                    .filter(|e| *e.channel() == Channel::Sms)
                    .map(Event::count)
                    .sum::<usize>(),
                sink.events
                    .iter()
                    .filter(|e| *e.channel() == Channel::Mms)
                    .map(Event::count)
                    .sum::<usize>(),
                sink.records.len(),
                sink.records.iter().filter(|r| r.owner).count(),
                sink.warnings.len(),
            );
            if let Some(w) = want.iter().find(|w| name.ends_with(w.0)) {
                assert_eq!(
                    got,
                    (w.1, w.2, w.3, w.4, w.5, w.6, w.7),
                    "{name}: {:?}",
                    warnings(&sink)
                );
                checked += 1;
            }
            assert!(sink
                .events
                .iter()
                .all(|e| e.dedup_key().is_some() || !e.folded.is_empty()));
            keys.push((
                name,
                sink.events
                    .iter()
                    .filter_map(|e| e.dedup_key().map(str::to_owned))
                    .collect(),
            ));
        }
        assert_eq!(checked, want.len());
        let union = |suffixes: &[&str]| -> usize {
            keys.iter()
                .filter(|(n, _)| suffixes.iter().any(|s| n.ends_with(s)))
                .flat_map(|(_, k)| k.iter())
                .collect::<BTreeSet<_>>()
                .len()
        };
        // The two overlapping backups hold 12 calls each, 2 of them in both.
        assert_eq!(
            union(&[
                "to_process_00_calls-test.xml",
                "to_process_01_calls-test.xml"
            ]),
            22
        );
        // The archive's 16 calls are all in those two backups already.
        let all = [
            "to_process_00_calls-test.xml",
            "to_process_01_calls-test.xml",
            "archive_calls.xml",
        ];
        assert_eq!(union(&all), 22);
        let sms = warnings(&run_bytes(
            "sms_and_mms.xml",
            &std::fs::read(dir.join("devadvance__sms-backup-reader-2__sms_and_mms.xml")).unwrap(),
        ));
        assert_eq!(
            sms,
            ["sms_and_mms.xml:136: truncated file: expected </smses>, found end of file; everything before it was read"]
        );
    }
}
