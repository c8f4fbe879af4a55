//! vCard 2.1, 3.0 and 4.0 (`.vcf`): one record per card, no events.
//!
//! The entry is read as a stream of PHYSICAL lines (so warnings name the
//! line a user sees in an editor) and cut into one card at a time, from
//! `BEGIN:VCARD` to `END:VCARD`. Each card is parsed alone with `calcard`, so
//! a broken card costs only itself. Before a card reaches `calcard` this
//! module joins every property into one logical line, which is where the
//! format's quirks are settled once (FORMATS.md §4):
//!
//! - RFC 2425 folds (a continuation line starts with one space or tab that is
//!   removed; a second space belongs to the value, as Gmail writes it);
//! - 2.1 quoted-printable soft line breaks, whose continuation is NOT
//!   indented (Android), so generic unfolding would cut the value;
//! - 2.1 base64 blocks whose continuation lines are not indented either;
//! - `PHOTO`, `LOGO`, `SOUND` and `KEY` blobs are dropped as they are read
//!   and never buffered (an iPhone card carries tens of KiB of JPEG);
//! - charsets: a value in a declared non-UTF-8 charset (`CHARSET=
//!   Windows-1251`) that is not already encoded is re-encoded as
//!   quoted-printable so that `calcard` decodes it with that charset;
//!   undeclared bytes that are not UTF-8 are read as Windows-1252; a
//!   quoted-printable value without `CHARSET` whose bytes are UTF-8 is read
//!   as UTF-8 (not Latin-1);
//! - CRLF, LF, CR, `CR CR LF` (iOS 6) and mixed line ends; blank lines and
//!   text between cards; an `AGENT` whose value is a whole embedded card.
//!
//! What it does not do: it keeps no nicknames, addresses, birthdays or
//! notes (nothing in the report uses them), and it produces no events: a
//! vCard records who someone is, never when you talked.

use std::fmt::Write as _;
use std::io::{self, BufRead, Cursor, Read};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use calcard::vcard::{VCard, VCardEntry, VCardKind, VCardParameterName, VCardProperty, VCardValue};

use super::{file_name, text, Context, Entry, ImportError, Importer};
use crate::import::Sink;
use crate::model::{Email, LinkedinUrl, Location, Phone, Record, Region, SourceKind};

/// Longest physical line kept; the rest of a longer line is read and
/// dropped (a hostile file may hold one endless line).
const MAX_LINE: usize = 1 << 20;

/// Largest card kept, photos excluded; a larger card is skipped.
const MAX_CARD: usize = 1 << 20;

/// Properties holding binary blobs: dropped while reading, never parsed.
const BLOBS: [&str; 4] = ["PHOTO", "LOGO", "SOUND", "KEY"];

pub struct Vcard;

impl Importer for Vcard {
    fn kind(&self) -> SourceKind {
        SourceKind::Vcard
    }

    /// A `.vcf` or `.vcard` name, or content starting with `BEGIN:VCARD`
    /// (after a byte-order mark and whitespace, in any case).
    fn detect(&self, path: &str, head: &[u8]) -> bool {
        let name = file_name(path).to_ascii_lowercase();
        if name.ends_with(".vcf") || name.ends_with(".vcard") {
            return true;
        }
        let head = text::decode(&head[..head.len().min(64)]);
        let head = head.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        head.len() >= 11
            && head.is_char_boundary(11)
            && head[..11].eq_ignore_ascii_case("BEGIN:VCARD")
            && head[11..].chars().next().is_none_or(char::is_whitespace)
    }

    fn import(
        &self,
        entry: &mut Entry<'_>,
        ctx: &Context,
        sink: &mut Sink,
    ) -> Result<(), ImportError> {
        let mut run = Run {
            display: Arc::clone(&entry.display),
            region: ctx.region,
            sink,
        };
        let display = Arc::clone(&entry.display);
        let io_err = |line: u64, e: io::Error| {
            ImportError::io(Location::new(Arc::clone(&display), Some(line)), e)
        };
        let head = entry.reader.fill_buf().map_err(|e| io_err(1, e))?;
        if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
            // UTF-16 cannot be cut into lines byte-wise: decode it whole
            // (rare: some Windows tools write it).
            let mut bytes = Vec::new();
            entry
                .reader
                .read_to_end(&mut bytes)
                .map_err(|e| io_err(1, e))?;
            let decoded = text::decode(&bytes).into_owned();
            run.read(Cursor::new(decoded.into_bytes()))
        } else {
            run.read(&mut entry.reader)
        }
        .map_err(|(line, e)| io_err(line, e))
    }
}

/// One import of one entry.
struct Run<'s> {
    display: Arc<str>,
    region: Region,
    sink: &'s mut Sink,
}

impl Run<'_> {
    fn location(&self, line: u64) -> Location {
        Location::new(Arc::clone(&self.display), Some(line))
    }

    fn warn(&mut self, line: u64, message: impl Into<String>) {
        let location = self.location(line);
        self.sink.warn(location, message);
    }

    /// Cuts the stream into cards and imports each one.
    fn read(&mut self, reader: impl BufRead) -> Result<(), (u64, io::Error)> {
        let mut lines = Lines {
            inner: reader,
            line: 0,
        };
        let mut buf = Vec::new();
        let mut card: Option<Card> = None;
        let mut stray_warned = false;
        loop {
            let truncated = match lines.next(&mut buf) {
                Ok(Some(truncated)) => truncated,
                Ok(None) => break,
                Err(e) => return Err((lines.line + 1, e)),
            };
            let n = lines.line;
            let t = trim_line(&buf);
            let Some(c) = card.as_mut() else {
                if t.eq_ignore_ascii_case(b"BEGIN:VCARD") {
                    card = Some(Card::new(n));
                } else if !t.is_empty() && !stray_warned {
                    stray_warned = true;
                    let found = text::quote(&text::decode(t));
                    self.warn(n, format!("expected BEGIN:VCARD, found {found}"));
                }
                continue;
            };
            if c.nested > 0 {
                // Inside a 2.1 AGENT's embedded card: dropped.
                if t.eq_ignore_ascii_case(b"END:VCARD") {
                    c.nested -= 1;
                } else if t.eq_ignore_ascii_case(b"BEGIN:VCARD") {
                    c.nested += 1;
                }
                continue;
            }
            // BEGIN and END always delimit cards, even after a dangling
            // quoted-printable `=`: a broken value must not swallow the end
            // of its card and the next card with it.
            if t.eq_ignore_ascii_case(b"END:VCARD") {
                if let Some(done) = card.take() {
                    self.finish(done);
                }
                continue;
            }
            if t.eq_ignore_ascii_case(b"BEGIN:VCARD") {
                c.flush();
                if c.after_empty_agent {
                    c.nested = 1;
                } else {
                    let first = c.first_line;
                    self.warn(
                        first,
                        format!("expected END:VCARD, found BEGIN:VCARD on line {n}"),
                    );
                    card = Some(Card::new(n));
                }
                continue;
            }
            c.line(&buf, n, truncated);
        }
        if let Some(c) = card {
            self.warn(c.first_line, "expected END:VCARD, found end of file");
        }
        Ok(())
    }

    /// Parses one complete card and pushes its record.
    fn finish(&mut self, mut card: Card) {
        card.flush();
        let line = card.first_line;
        if card.oversized {
            self.warn(line, "card exceeds 1 MiB without its photos");
            return;
        }
        card.text.push_str("END:VCARD\r\n");
        // calcard forbids unsafe code, but a panic on hostile input must
        // cost one card, not the run.
        let parsed = catch_unwind(AssertUnwindSafe(|| {
            calcard::Parser::new(&card.text).entry()
        }));
        let Ok(calcard::Entry::VCard(vcard)) = parsed else {
            self.warn(line, "card cannot be parsed");
            return;
        };
        if is_group(&vcard) {
            return;
        }
        let mut fields = Fields::default();
        let record = fields.record(&vcard, self.location(line), self.region);
        if fields.undecodable {
            match card.charset {
                Some((at, charset)) => {
                    self.warn(
                        at,
                        format!("cannot decode charset {charset:?}, values skipped"),
                    );
                }
                None => self.warn(line, "cannot decode a value, skipped"),
            }
        }
        if record.is_empty() {
            self.warn(line, "card has no name, email or phone");
            return;
        }
        self.sink.record(record);
    }
}

/// Physical lines of a stream, numbered from 1.
struct Lines<R> {
    inner: R,
    /// The number of the last line returned.
    line: u64,
}

impl<R: BufRead> Lines<R> {
    /// Reads the next line into `buf` without its end (`LF`, `CR LF`, a lone
    /// `CR`, or a run of `CR`s with an optional `LF`: iOS 6 writes
    /// `CR CR LF`). Returns whether the line was cut at [`MAX_LINE`], or
    /// `None` at the end of the stream.
    fn next(&mut self, buf: &mut Vec<u8>) -> io::Result<Option<bool>> {
        buf.clear();
        let mut truncated = false;
        let mut any = false;
        loop {
            let avail = match self.inner.fill_buf() {
                Ok(avail) => avail,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                if !any {
                    return Ok(None);
                }
                self.line += 1;
                return Ok(Some(truncated));
            }
            any = true;
            let end = avail.iter().position(|&b| b == b'\n' || b == b'\r');
            let take = end.unwrap_or(avail.len());
            let room = MAX_LINE.saturating_sub(buf.len());
            truncated |= take > room;
            buf.extend_from_slice(&avail[..take.min(room)]);
            let Some(i) = end else {
                let len = avail.len();
                self.inner.consume(len);
                continue;
            };
            let cr = avail[i] == b'\r';
            self.inner.consume(i + 1);
            if cr {
                self.skip_after_cr()?;
            }
            self.line += 1;
            return Ok(Some(truncated));
        }
    }

    /// After a `CR`: consumes further `CR`s and one `LF`.
    fn skip_after_cr(&mut self) -> io::Result<()> {
        loop {
            let next = match self.inner.fill_buf() {
                Ok(avail) => avail.first().copied(),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            match next {
                Some(b'\r') => self.inner.consume(1),
                Some(b'\n') => {
                    self.inner.consume(1);
                    return Ok(());
                }
                _ => return Ok(()),
            }
        }
    }
}

/// A card being read: its properties joined into logical lines, as text
/// for `calcard`.
struct Card {
    first_line: u64,
    text: String,
    /// The property being read; it may continue on the next lines.
    prop: Option<Prop>,
    /// Depth inside an embedded `AGENT` card, whose lines are dropped.
    nested: u32,
    /// The last property was an `AGENT` with an empty value: a 2.1 card
    /// embedded on the next lines follows.
    after_empty_agent: bool,
    /// Larger than [`MAX_CARD`]: its text is dropped and it is skipped.
    oversized: bool,
    /// The first line whose value goes through a declared non-UTF-8
    /// charset, and that charset (to name it when it cannot be decoded).
    charset: Option<(u64, String)>,
}

/// One property, possibly over several physical lines.
struct Prop {
    first_line: u64,
    bytes: Vec<u8>,
    qp: bool,
    base64: bool,
    /// A blob: not kept.
    skip: bool,
    /// The last physical line ended with `=` (a quoted-printable soft break).
    soft_break: bool,
}

impl Card {
    fn new(first_line: u64) -> Card {
        Card {
            first_line,
            text: String::from("BEGIN:VCARD\r\n"),
            prop: None,
            nested: 0,
            after_empty_agent: false,
            oversized: false,
            charset: None,
        }
    }

    /// Takes one physical line that is not `BEGIN`/`END:VCARD`.
    fn line(&mut self, line: &[u8], n: u64, truncated: bool) {
        if let Some(prop) = self.prop.as_mut() {
            if prop.continues(line) {
                prop.append(line);
                if !prop.skip && (truncated || prop.bytes.len() > MAX_CARD) {
                    // Stop buffering; the card is skipped with a warning.
                    self.oversized = true;
                    prop.skip = true;
                    prop.bytes = Vec::new();
                }
                return;
            }
        }
        self.flush();
        if trim_line(line).is_empty() || self.oversized {
            return;
        }
        let head = split_value(line).map_or(line, |(head, _)| head);
        let head = Head::parse(head);
        let skip = BLOBS.iter().any(|b| head.name.eq_ignore_ascii_case(b));
        if truncated && !skip {
            self.oversized = true;
        }
        let mut prop = Prop {
            first_line: n,
            bytes: Vec::new(),
            qp: head.qp,
            base64: head.base64,
            skip,
            soft_break: false,
        };
        prop.append(line);
        self.prop = Some(prop);
    }

    /// Ends the current property and adds it to the card's text.
    fn flush(&mut self) {
        let Some(prop) = self.prop.take() else {
            return;
        };
        self.after_empty_agent = false;
        if prop.skip || self.oversized {
            return;
        }
        let Some(logical) = Logical::prepare(&prop.bytes) else {
            return;
        };
        if logical.empty_agent {
            self.after_empty_agent = true;
            return;
        }
        if let Some(charset) = logical.charset {
            self.charset.get_or_insert((prop.first_line, charset));
        }
        if self.text.len() + logical.line.len() > MAX_CARD {
            self.oversized = true;
            self.text = String::new();
            return;
        }
        self.text.push_str(&logical.line);
    }
}

impl Prop {
    /// Whether `line` continues this property rather than starting one.
    fn continues(&self, line: &[u8]) -> bool {
        if self.qp && self.soft_break {
            return true;
        }
        if matches!(line.first(), Some(b' ' | b'\t')) {
            return true;
        }
        // 2.1 base64 continues with unindented lines of base64 until a
        // blank line (BlackBerry, Android); a property line always has a
        // colon, which base64 never does.
        self.base64 && !line.is_empty() && trim_line(line).iter().all(|&b| is_base64(b))
    }

    fn append(&mut self, line: &[u8]) {
        let first = self.bytes.is_empty();
        let soft_break = self.qp && self.soft_break;
        self.soft_break = self.qp && trim_end(line).ends_with(b"=");
        if self.skip {
            return;
        }
        if first {
            self.bytes.extend_from_slice(line);
        } else if soft_break {
            // "=" then line end is a soft break: both go, the next line
            // is taken as is (RFC 2045 §6.7, rule 5).
            let keep = trim_end(&self.bytes).len() - 1;
            self.bytes.truncate(keep);
            self.bytes.extend_from_slice(line);
        } else if matches!(line.first(), Some(b' ' | b'\t')) {
            self.bytes.extend_from_slice(&line[1..]);
        } else {
            self.bytes.extend_from_slice(trim_line(line));
        }
    }
}

/// What a property's head says: `[group.]NAME;param;param=value...`.
#[derive(Debug, Default)]
struct Head {
    /// The name without its group.
    name: String,
    qp: bool,
    /// `QUOTED-PRINTABLE` is a bare parameter, which `calcard` does not
    /// read as an encoding.
    bare_qp: bool,
    base64: bool,
    charset: Option<String>,
}

impl Head {
    fn parse(head: &[u8]) -> Head {
        let mut parts = split_unquoted(head, b';');
        let name = parts.next().unwrap_or_default();
        let name = name.rsplit(|&b| b == b'.').next().unwrap_or(name);
        let mut out = Head {
            name: String::from_utf8_lossy(trim_line(name)).to_ascii_uppercase(),
            ..Head::default()
        };
        for param in parts {
            let (key, value) = match param.iter().position(|&b| b == b'=') {
                Some(i) => (trim_line(&param[..i]), Some(trim_line(&param[i + 1..]))),
                None => (trim_line(param), None),
            };
            let value = value.map(|v| {
                let v = v.strip_prefix(b"\"").unwrap_or(v);
                v.strip_suffix(b"\"").unwrap_or(v)
            });
            let is = |a: &[u8], b: &str| a.eq_ignore_ascii_case(b.as_bytes());
            match value {
                None if is(key, "QUOTED-PRINTABLE") => {
                    out.qp = true;
                    out.bare_qp = true;
                }
                None if is(key, "BASE64") => out.base64 = true,
                Some(v) if is(key, "ENCODING") => {
                    if is(v, "QUOTED-PRINTABLE") || is(v, "Q") {
                        out.qp = true;
                    } else if is(v, "BASE64") || is(v, "B") {
                        out.base64 = true;
                    }
                }
                Some(v) if is(key, "CHARSET") && !v.is_empty() => {
                    out.charset = Some(String::from_utf8_lossy(v).into_owned());
                }
                _ => {}
            }
        }
        out
    }
}

/// One property as a single line of text, ready for `calcard`.
#[derive(Debug)]
struct Logical {
    /// The line with its `CR LF`.
    line: String,
    /// The declared non-UTF-8 charset `calcard` will decode the value with.
    charset: Option<String>,
    /// An `AGENT` with an empty value.
    empty_agent: bool,
}

impl Logical {
    /// Settles encodings and charsets of one joined property. `None` for a
    /// line without a colon (stray continuation text such as an ADR broken
    /// with trailing backslashes), which is dropped.
    fn prepare(bytes: &[u8]) -> Option<Logical> {
        let (head_bytes, value) = split_value(bytes)?;
        let head = Head::parse(head_bytes);
        if head.name == "AGENT" && trim_line(value).is_empty() {
            return Some(Logical {
                line: String::new(),
                charset: None,
                empty_agent: true,
            });
        }
        let foreign = head.charset.clone().filter(|c| !is_utf8_charset(c));
        let encoded = head.qp || head.base64;
        let mut extra = String::new();
        if head.bare_qp {
            extra.push_str(";ENCODING=QUOTED-PRINTABLE");
        }
        let mut charset = None;
        let line = if std::str::from_utf8(bytes).is_ok() {
            if head.qp && head.charset.is_none() {
                // calcard reads an undeclared quoted-printable value as
                // Latin-1; bytes that are valid UTF-8 are UTF-8.
                let decoded = qp_decode(value);
                if !decoded.is_ascii() && std::str::from_utf8(&decoded).is_ok() {
                    extra.push_str(";CHARSET=UTF-8");
                }
            }
            if encoded {
                charset = foreign;
            }
            let text = String::from_utf8_lossy(bytes);
            join_head(
                &text[..head_bytes.len()],
                &extra,
                &text[head_bytes.len() + 1..],
            )
        } else if let (Some(cs), false) = (foreign, encoded) {
            // Raw bytes in a declared charset: quoted-printable makes
            // calcard decode them with that charset.
            extra.push_str(";ENCODING=QUOTED-PRINTABLE");
            charset = Some(cs);
            let head_text = text::decode(head_bytes);
            join_head(&head_text, &extra, &qp_encode(value))
        } else {
            // Undeclared bytes that are not UTF-8: Windows-1252.
            let head_text = text::decode(head_bytes);
            let value_text = text::decode(value);
            join_head(&head_text, &extra, &value_text)
        };
        Some(Logical {
            line,
            charset,
            empty_agent: false,
        })
    }
}

fn join_head(head: &str, extra: &str, value: &str) -> String {
    let mut line = String::with_capacity(head.len() + extra.len() + value.len() + 3);
    line.push_str(head);
    line.push_str(extra);
    line.push(':');
    line.push_str(value);
    line.push_str("\r\n");
    line
}

/// Splits a property line at the colon that ends its head (colons inside
/// quoted parameter values do not count).
fn split_value(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut quoted = false;
    for (i, &b) in line.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b':' if !quoted => return Some((&line[..i], &line[i + 1..])),
            _ => {}
        }
    }
    None
}

/// Splits at `sep` outside double quotes.
fn split_unquoted(s: &[u8], sep: u8) -> impl Iterator<Item = &[u8]> {
    let mut quoted = false;
    s.split(move |&b| {
        if b == b'"' {
            quoted = !quoted;
        }
        b == sep && !quoted
    })
}

fn is_utf8_charset(charset: &str) -> bool {
    ["UTF-8", "UTF8", "US-ASCII", "ASCII"]
        .iter()
        .any(|c| charset.eq_ignore_ascii_case(c))
}

fn is_base64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')
}

/// Encodes bytes as quoted-printable, leaving the value separators `;`
/// and `,` (and escapes) in place so the value keeps its structure. Written
/// here, with its decoder: the value must stay on its one logical line,
/// and the quoted-printable crates' encoders break lines at 76 columns and
/// their robust decoders drop trailing blanks.
fn qp_encode(value: &[u8]) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for &b in value {
        if b >= 0x80 || b == b'=' || b < 0x20 {
            let _ = write!(out, "={b:02X}");
        } else {
            out.push(char::from(b));
        }
    }
    out
}

/// Decodes quoted-printable `=XX` escapes; anything else is kept.
fn qp_decode(value: &[u8]) -> Vec<u8> {
    let hex = |b: u8| char::from(b).to_digit(16);
    let mut out = Vec::with_capacity(value.len());
    let mut i = 0;
    while i < value.len() {
        if value[i] == b'=' {
            if let (Some(h), Some(l)) = (
                value.get(i + 1).copied().and_then(hex),
                value.get(i + 2).copied().and_then(hex),
            ) {
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
                continue;
            }
        }
        out.push(value[i]);
        i += 1;
    }
    out
}

/// Trims ASCII whitespace and a leading UTF-8 byte-order mark.
fn trim_line(line: &[u8]) -> &[u8] {
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    trim_end(line.trim_ascii_start())
}

fn trim_end(line: &[u8]) -> &[u8] {
    line.trim_ascii_end()
}

/// A contact group (`KIND:group`, Apple's `X-ADDRESSBOOKSERVER-KIND:group`)
/// lists members; it is not a person and is skipped without a warning.
fn is_group(card: &VCard) -> bool {
    card.entries.iter().any(|e| match &e.name {
        VCardProperty::Kind => e
            .values
            .iter()
            .any(|v| matches!(v, VCardValue::Kind(VCardKind::Group))),
        VCardProperty::Other(name) => {
            name.eq_ignore_ascii_case("X-ADDRESSBOOKSERVER-KIND")
                && e.values.iter().any(|v| {
                    v.as_text()
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("group"))
                })
        }
        _ => false,
    })
}

/// Builds a record from a parsed card.
#[derive(Default)]
struct Fields {
    /// A value used for the record could not be decoded (its charset is
    /// unknown to this build) and was skipped.
    undecodable: bool,
}

impl Fields {
    /// The text of a value, or `None` when it is binary, empty or holds
    /// U+FFFD (a charset `calcard` could not decode).
    fn text<'v>(&mut self, value: &'v VCardValue) -> Option<&'v str> {
        let text = match value {
            VCardValue::Text(t) => t.as_str(),
            VCardValue::Component(parts) => parts.first().map_or("", String::as_str),
            _ => return None,
        };
        if text.contains('\u{FFFD}') {
            self.undecodable = true;
            return None;
        }
        let text = text.trim();
        (!text.is_empty()).then_some(text)
    }

    fn record(&mut self, card: &VCard, location: Location, region: Region) -> Record {
        let mut record = Record::new(SourceKind::Vcard, location);
        for e in card.properties(&VCardProperty::Fn) {
            for v in &e.values {
                let Some(name) = self.text(v) else { continue };
                // Google and Android fill FN with the address or number of
                // a contact that has no name: that is not a name.
                if let Some(email) = name.contains('@').then(|| Email::parse(name)).flatten() {
                    record.add_email(email);
                } else if let Some(phone) = looks_like_number(name)
                    .then(|| Phone::parse(name, region))
                    .flatten()
                {
                    record.add_phone(phone);
                } else {
                    record.add_name(name);
                }
            }
        }
        if record.names.is_empty() {
            if let Some(n) = card.property(&VCardProperty::N) {
                let name = self.compose_n(n);
                record.add_name(&name);
            }
        }
        for e in &card.entries {
            match &e.name {
                VCardProperty::Email => {
                    for v in &e.values {
                        if let Some(email) = self.text(v).and_then(email_of) {
                            record.add_email(email);
                        }
                    }
                }
                VCardProperty::Tel => {
                    for v in &e.values {
                        // `TEL;VALUE=uri:tel:+1-555-...` (4.0) is handled by
                        // Phone::parse; a SIP address is no number.
                        let phone = self
                            .text(v)
                            .filter(|t| !t.contains('@'))
                            .and_then(|t| Phone::parse(t, region));
                        if let Some(phone) = phone {
                            record.add_phone(phone);
                        }
                    }
                }
                VCardProperty::Org if record.company.is_none() => {
                    record.company = e
                        .values
                        .first()
                        .and_then(|v| self.text(v))
                        .map(str::to_owned);
                }
                VCardProperty::Title if record.position.is_none() => {
                    record.position = e
                        .values
                        .first()
                        .and_then(|v| self.text(v))
                        .map(str::to_owned);
                }
                VCardProperty::Categories => {
                    for v in &e.values {
                        if let Some(c) = self.text(v) {
                            if !record.categories.iter().any(|have| have == c) {
                                record.categories.push(c.to_owned());
                            }
                        }
                    }
                }
                _ => {
                    if record.linkedin.is_none() {
                        record.linkedin = linkedin_of(e);
                    }
                }
            }
        }
        record
    }

    /// "given additional family" from `N` (family;given;additional;prefix;
    /// suffix); prefixes and suffixes are left out, as names elsewhere
    /// rarely carry them.
    fn compose_n(&mut self, n: &VCardEntry) -> String {
        let mut part = |i: usize| -> String {
            match n.values.get(i) {
                Some(VCardValue::Component(parts)) => parts
                    .iter()
                    .map(|p| p.trim())
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(" "),
                Some(v) => self.text(v).unwrap_or_default().to_owned(),
                None => String::new(),
            }
        };
        let (family, given, additional) = (part(0), part(1), part(2));
        [given, additional, family]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Whether an `FN` is a phone number: no letters and at least 7 digits.
fn looks_like_number(name: &str) -> bool {
    !name.chars().any(char::is_alphabetic) && name.chars().filter(char::is_ascii_digit).count() >= 7
}

/// An email address, also from `"Name" <address>`.
fn email_of(raw: &str) -> Option<Email> {
    let inner = match (raw.rfind('<'), raw.rfind('>')) {
        (Some(open), Some(close)) if open < close => &raw[open + 1..close],
        _ => raw,
    };
    Email::parse(inner)
}

/// A LinkedIn profile from `X-SOCIALPROFILE`/`SOCIALPROFILE` (its URL, else
/// its `x-user`/`USERNAME` when typed linkedin), or from a `URL` or `IMPP`
/// holding a `linkedin.com/in/` address (FORMATS.md §4).
fn linkedin_of(e: &VCardEntry) -> Option<LinkedinUrl> {
    let profile = match &e.name {
        VCardProperty::Socialprofile => true,
        VCardProperty::Other(name) => name.eq_ignore_ascii_case("X-SOCIALPROFILE"),
        VCardProperty::Url | VCardProperty::Impp => false,
        _ => return None,
    };
    let texts = || e.values.iter().filter_map(VCardValue::as_text);
    if let Some(url) = texts().find_map(LinkedinUrl::parse) {
        return Some(url);
    }
    if !profile || !says_linkedin(e) {
        return None;
    }
    let user = e.params.iter().find_map(|p| match &p.name {
        VCardParameterName::Username => p.value.as_text(),
        VCardParameterName::Other(name) if name.eq_ignore_ascii_case("x-user") => p.value.as_text(),
        _ => None,
    });
    // A bare slug as the value: `X-SOCIALPROFILE;type=linkedin:ann-example`.
    let bare = || {
        texts().find(|t| {
            !t.is_empty() && !t.contains([':', '/']) && !t.chars().any(char::is_whitespace)
        })
    };
    let slug = user.or_else(bare)?;
    LinkedinUrl::parse(&format!("linkedin.com/in/{}", slug.trim()))
}

fn says_linkedin(e: &VCardEntry) -> bool {
    e.params.iter().any(|p| {
        let value_is = || {
            p.value
                .as_text()
                .is_some_and(|t| t.eq_ignore_ascii_case("linkedin"))
        };
        match &p.name {
            VCardParameterName::Type | VCardParameterName::ServiceType => value_is(),
            VCardParameterName::Other(name) => {
                name.eq_ignore_ascii_case("linkedin")
                    || (name.eq_ignore_ascii_case("X-SERVICE-TYPE") && value_is())
            }
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Context {
        Context {
            region: Region::parse("US").unwrap(),
            tz: jiff::tz::TimeZone::UTC,
            as_of: jiff::civil::date(2026, 1, 1),
            limits: crate::limits::Limits::default(),
        }
    }

    fn run_named(path: &str, input: &[u8]) -> Sink {
        let mut entry = Entry {
            path: path.to_owned(),
            display: Arc::from(path),
            reader: Box::new(Cursor::new(input.to_vec())),
        };
        let mut sink = Sink::new();
        Vcard.import(&mut entry, &ctx(), &mut sink).unwrap();
        sink
    }

    fn run(input: &[u8]) -> Sink {
        run_named("c.vcf", input)
    }

    fn warnings(sink: &Sink) -> Vec<String> {
        sink.warnings.iter().map(ToString::to_string).collect()
    }

    fn phones(r: &Record) -> Vec<&str> {
        r.phones.iter().map(Phone::as_str).collect()
    }

    fn emails(r: &Record) -> Vec<&str> {
        r.emails.iter().map(Email::as_str).collect()
    }

    #[test]
    fn detect_by_name_and_content() {
        assert!(Vcard.detect("Contacts/All Contacts.VCF", b""));
        assert!(Vcard.detect("x.vcard", b""));
        assert!(Vcard.detect("export", b"\xEF\xBB\xBF\r\n begin:vcard\r\nVERSION:3.0"));
        assert!(Vcard.detect("export", b"BEGIN:VCARD"));
        assert!(Vcard.detect(
            "export",
            b"\xFF\xFEB\0E\0G\0I\0N\0:\0V\0C\0A\0R\0D\0\r\0\n\0"
        ));
        assert!(!Vcard.detect("cal.ics", b"BEGIN:VCALENDAR\r\n"));
        assert!(!Vcard.detect("export", b"BEGIN:VCARDS\r\n"));
        assert!(!Vcard.detect("notes.txt", b"hello"));
    }

    #[test]
    fn v30_basic_fields() {
        let sink = run(
            b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Quill\r\nN:Quill;Ada;;;\r\n\
            ORG:Acme Labs;Research\r\nTITLE:Chemist\r\nEMAIL;TYPE=INTERNET:Ada@Example.org\r\n\
            TEL;TYPE=CELL:(555) 010-2345\r\nCATEGORIES:Friends,Work\r\nCATEGORIES:Work\r\n\
            END:VCARD\r\n",
        );
        assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
        assert!(sink.events.is_empty());
        let [r] = &sink.records[..] else {
            panic!("{:?}", sink.records)
        };
        assert_eq!(r.source, Some(SourceKind::Vcard));
        assert_eq!(r.location.as_ref().unwrap().to_string(), "c.vcf:1");
        assert_eq!(r.names, ["Ada Quill"]);
        assert_eq!(emails(r), ["ada@example.org"]);
        assert_eq!(phones(r), ["+15550102345"]);
        assert_eq!(r.company.as_deref(), Some("Acme Labs"));
        assert_eq!(r.position.as_deref(), Some("Chemist"));
        assert_eq!(r.categories, ["Friends", "Work"]);
        assert!(!r.owner && !r.name_is_hint);
    }

    #[test]
    fn name_composed_from_n_without_prefix_and_suffix() {
        let sink = run(
            b"BEGIN:VCARD\nVERSION:3.0\nN:Quill;Ada;Mae,Lou;Dr.;PhD\nEMAIL:a@b.org\nEND:VCARD\n",
        );
        assert_eq!(sink.records[0].names, ["Ada Mae Lou Quill"]);
    }

    #[test]
    fn fn_holding_an_address_is_not_a_name() {
        let sink = run(b"BEGIN:VCARD\nVERSION:3.0\nFN:ada@example.org\nEND:VCARD\n\
            BEGIN:VCARD\nVERSION:3.0\nFN:+1 555 010 2345\nEND:VCARD\n");
        assert!(sink.records[0].names.is_empty());
        assert_eq!(emails(&sink.records[0]), ["ada@example.org"]);
        assert_eq!(phones(&sink.records[1]), ["+15550102345"]);
    }

    #[test]
    fn qp_soft_breaks_are_joined_and_decoded() {
        // Android 2.1: the continuation after "=" is not indented.
        let sink = run(b"BEGIN:VCARD\r\nVERSION:2.1\r\n\
            N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=81lvarez;Jos=C3=A9;;;\r\n\
            FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9 =C3=81lva=\r\n\
            rez Pe=C3=B1a\r\n\
            TEL;CELL;PREF:555-010-2345\r\nEND:VCARD\r\n");
        assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
        assert_eq!(sink.records[0].names, ["José Álvarez Peña"]);
    }

    #[test]
    fn qp_continuation_keeps_leading_space() {
        let sink = run(
            b"BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:Ada=\n Quill\nEND:VCARD\n",
        );
        assert_eq!(sink.records[0].names, ["Ada Quill"]);
    }

    #[test]
    fn bare_quoted_printable_param() {
        let sink = run(b"BEGIN:VCARD\nVERSION:2.1\nFN;QUOTED-PRINTABLE;CHARSET=UTF-8:Ren=C3=A9e Roy\nEND:VCARD\n");
        assert_eq!(sink.records[0].names, ["Renée Roy"]);
    }

    #[test]
    fn qp_without_charset_is_utf8_when_it_decodes_as_utf8() {
        let sink = run(
            b"BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:Ren=C3=A9e Roy\nEND:VCARD\n\
            BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:Ren=E9e Roy\nEND:VCARD\n",
        );
        assert_eq!(sink.records[0].names, ["Renée Roy"]);
        // Not UTF-8: the 2.1 default, Latin-1.
        assert_eq!(sink.records[1].names, ["Renée Roy"]);
    }

    #[test]
    fn raw_bytes_in_declared_charset() {
        // "Анна Петрова" in Windows-1251, not quoted-printable.
        let mut card = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=WINDOWS-1251:".to_vec();
        card.extend_from_slice(b"\xC0\xED\xED\xE0 \xCF\xE5\xF2\xF0\xEE\xE2\xE0\r\nEND:VCARD\r\n");
        let sink = run(&card);
        assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
        assert_eq!(sink.records[0].names, ["Анна Петрова"]);
    }

    #[test]
    fn qp_in_declared_charset() {
        let sink = run(b"BEGIN:VCARD\nVERSION:2.1\n\
            FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Jos=E9 Pe=F1a\nEND:VCARD\n");
        assert_eq!(sink.records[0].names, ["José Peña"]);
    }

    #[test]
    fn undeclared_non_utf8_is_windows_1252() {
        let sink = run(b"BEGIN:VCARD\nVERSION:3.0\nFN:Jos\xe9 \x93Pepe\x94 Pe\xf1a\nEND:VCARD\n");
        assert_eq!(sink.records[0].names, ["José \u{201c}Pepe\u{201d} Peña"]);
    }

    #[test]
    fn shift_jis_is_honoured() {
        // CHARSET=SHIFT_JIS (Japanese Android 2.1 exports; FORMATS.md §4).
        let sink = run(
            b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=SHIFT_JIS:\x88\xc0\x93\xa1\r\n\
            TEL:555-010-2345\r\nEND:VCARD\r\n",
        );
        assert!(warnings(&sink).is_empty(), "{:?}", warnings(&sink));
        assert_eq!(sink.records[0].names, ["安藤"]);
        assert_eq!(phones(&sink.records[0]), ["+15550102345"]);
    }

    #[test]
    fn value_broken_in_the_file_warns() {
        let sink = run("BEGIN:VCARD\nFN:Ada \u{FFFD}\nTEL:555-010-2345\nEND:VCARD\n".as_bytes());
        assert_eq!(warnings(&sink), ["c.vcf:1: cannot decode a value, skipped"]);
        assert!(sink.records[0].names.is_empty());
        assert_eq!(sink.records.len(), 1);
    }

    #[test]
    fn short_numeric_fn_stays_a_name() {
        let sink = run(b"BEGIN:VCARD\nFN:2024\nEND:VCARD\n");
        assert_eq!(sink.records[0].names, ["2024"]);
    }

    #[test]
    fn folded_lines_are_unfolded() {
        // One space is the fold; a second belongs to the value (Gmail).
        let sink = run(
            b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Qu\r\n ill\r\nTITLE:Head of\r\n  Research\r\n\
            EMAIL;TYPE=INTERNET:ada@exa\r\n\tmple.org\r\nEND:VCARD\r\n",
        );
        let r = &sink.records[0];
        assert_eq!(r.names, ["Ada Quill"]);
        assert_eq!(r.position.as_deref(), Some("Head of Research"));
        assert_eq!(emails(r), ["ada@example.org"]);
    }

    #[test]
    fn line_ends_lf_crlf_cr_and_crcrlf_keep_physical_numbers() {
        let sink =
            run(b"BEGIN:VCARD\r\r\nVERSION:3.0\rFN:Ada\nEND:VCARD\r\n\nBEGIN:VCARD\nEND:VCARD\n");
        assert_eq!(sink.records[0].names, ["Ada"]);
        assert_eq!(
            warnings(&sink),
            ["c.vcf:6: card has no name, email or phone"]
        );
    }

    #[test]
    fn item_groups_and_bare_types() {
        let sink = run(b"BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nitem1.TEL:555-010-2345\n\
            item1.X-ABLabel:_$!<Mobile>!$_\nTEL;CELL;PREF:555-010-9999\nitem2.EMAIL;type=INTERNET;type=pref:a@b.org\n\
            END:VCARD\n");
        let r = &sink.records[0];
        assert_eq!(phones(r), ["+15550102345", "+15550109999"]);
        assert_eq!(emails(r), ["a@b.org"]);
    }

    #[test]
    fn tel_uri_and_extension() {
        let sink = run(b"BEGIN:VCARD\nVERSION:4.0\nFN:Ada\nTEL;VALUE=uri;TYPE=\"voice,cell\":tel:+1-555-010-2345;ext=12\n\
            TEL;VALUE=uri:sip:ada@example.org\nEND:VCARD\n");
        assert_eq!(phones(&sink.records[0]), ["+15550102345"]);
    }

    #[test]
    fn email_with_display_name_split_over_two_lines() {
        // AOSP v21_invalid_multiple_line: `"Omega"` then `  <omega@...>`.
        let sink = run(b"BEGIN:VCARD\nVERSION:2.1\nFN:Omega\nEMAIL;INTERNET:\"Omega\"\n  <omega@example.com>\nEND:VCARD\n");
        assert_eq!(emails(&sink.records[0]), ["omega@example.com"]);
    }

    #[test]
    fn linkedin_from_socialprofile_url_and_impp() {
        let card = |prop: &str| {
            let s = format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\n{prop}\r\nEND:VCARD\r\n");
            run(s.as_bytes()).records[0]
                .linkedin
                .as_ref()
                .map(|u| u.as_str().to_owned())
        };
        let want = Some("https://www.linkedin.com/in/ada-quill".to_owned());
        assert_eq!(card("X-SOCIALPROFILE;type=linkedin;x-user=ada-quill:http\\://www.linkedin.com/in/ada-quill"), want);
        assert_eq!(
            card("X-SOCIALPROFILE;type=linkedin;x-user=ada-quill:x-apple:ada-quill"),
            want
        );
        assert_eq!(card("X-SOCIALPROFILE;type=linkedin:ada-quill"), want);
        assert_eq!(
            card("SOCIALPROFILE;SERVICE-TYPE=LinkedIn:https://www.linkedin.com/in/Ada-Quill/"),
            want
        );
        assert_eq!(
            card("item3.URL:https\\://de.linkedin.com/in/ada-quill"),
            want
        );
        assert_eq!(
            card("IMPP;X-SERVICE-TYPE=LinkedIn:https://linkedin.com/in/ada-quill"),
            want
        );
        assert_eq!(
            card("X-SOCIALPROFILE;type=twitter;x-user=ada:http://twitter.com/ada"),
            None
        );
        assert_eq!(card("URL:https://www.linkedin.com/company/acme"), None);
    }

    #[test]
    fn linkedin_only_card_is_kept() {
        let sink = run(
            b"BEGIN:VCARD\nVERSION:3.0\nURL:https://www.linkedin.com/in/ada-quill\nEND:VCARD\n",
        );
        assert!(sink.warnings.is_empty());
        assert_eq!(sink.records.len(), 1);
    }

    #[test]
    fn photo_blobs_are_dropped() {
        // 3.0 folded, 2.1 unindented base64 ended by a blank line, and a
        // 2.1 indented block: none may leak into other properties.
        let sink = run(b"BEGIN:VCARD\r\nVERSION:3.0\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ\r\n SkZJRg==\r\n\
            FN:Ada\r\nEND:VCARD\r\n\
            BEGIN:VCARD\r\nVERSION:2.1\r\nPHOTO;ENCODING=BASE64;JPEG:/9j/4AAQ\r\nSkZJRgAB\r\nAQAAAQ==\r\n\r\n\
            FN:Bea\r\nEND:VCARD\r\n\
            BEGIN:VCARD\r\nVERSION:2.1\r\nPHOTO;TYPE=JPEG;ENCODING=BASE64:\r\n /9j/4AAQ\r\n SkZJRg==\r\n\r\n\
            EMAIL;PREF;INTERNET:cy@example.org\r\nEND:VCARD\r\n");
        assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
        assert_eq!(sink.records[0].names, ["Ada"]);
        assert_eq!(sink.records[1].names, ["Bea"]);
        assert_eq!(emails(&sink.records[2]), ["cy@example.org"]);
    }

    #[test]
    fn blank_lines_and_garbage_between_cards() {
        let sink = run(
            b"junk before\r\n\r\nBEGIN:VCARD\r\nFN:Ada\r\nEND:VCARD\r\n\r\nmore junk\r\n\r\n\
            BEGIN:VCARD\r\nFN:Bea\r\nEND:VCARD\r\n",
        );
        assert_eq!(sink.records.len(), 2);
        assert_eq!(
            warnings(&sink),
            ["c.vcf:1: expected BEGIN:VCARD, found \"junk before\""]
        );
    }

    #[test]
    fn unterminated_card_before_next_card() {
        let sink = run(b"BEGIN:VCARD\nFN:Ada\nEND:VCARD\nBEGIN:VCARD\nFN:Broken\nBEGIN:VCARD\nFN:Cy\nEND:VCARD\n");
        let names: Vec<_> = sink.records.iter().map(|r| r.names[0].as_str()).collect();
        assert_eq!(names, ["Ada", "Cy"]);
        assert_eq!(
            warnings(&sink),
            ["c.vcf:4: expected END:VCARD, found BEGIN:VCARD on line 6"]
        );
    }

    #[test]
    fn unterminated_card_at_eof() {
        let sink = run(b"BEGIN:VCARD\nFN:Ada\nEND:VCARD\n\nBEGIN:VCARD\nFN:Cut Off\nTEL:555");
        assert_eq!(sink.records.len(), 1);
        assert_eq!(
            warnings(&sink),
            ["c.vcf:5: expected END:VCARD, found end of file"]
        );
    }

    #[test]
    fn dangling_soft_break_does_not_swallow_end() {
        let sink = run(b"BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:Ada=\nEND:VCARD\nBEGIN:VCARD\nFN:Bea\nEND:VCARD\n");
        assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
        assert_eq!(sink.records.len(), 2);
    }

    #[test]
    fn card_without_identity_warns() {
        let sink = run(b"BEGIN:VCARD\nVERSION:3.0\nORG:Acme\nNOTE:hello\nEND:VCARD\n");
        assert!(sink.records.is_empty());
        assert_eq!(
            warnings(&sink),
            ["c.vcf:1: card has no name, email or phone"]
        );
    }

    #[test]
    fn embedded_agent_card_is_dropped() {
        let sink = run(
            b"BEGIN:VCARD\nVERSION:2.1\nFN:Ada\nAGENT:\nBEGIN:VCARD\nVERSION:2.1\nFN:Her Agent\n\
            END:VCARD\nTEL:555-010-2345\nEND:VCARD\n",
        );
        assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
        let [r] = &sink.records[..] else {
            panic!("{:?}", sink.records)
        };
        assert_eq!(r.names, ["Ada"]);
        assert_eq!(phones(r), ["+15550102345"]);
    }

    #[test]
    fn contact_groups_are_skipped() {
        let sink = run(
            b"BEGIN:VCARD\nVERSION:4.0\nKIND:group\nFN:Family\nMEMBER:urn:uuid:1\nEND:VCARD\n\
            BEGIN:VCARD\nVERSION:3.0\nX-ADDRESSBOOKSERVER-KIND:group\nFN:Team\nEND:VCARD\n",
        );
        assert!(sink.records.is_empty());
        assert!(sink.warnings.is_empty());
    }

    #[test]
    fn oversized_card_warns() {
        let mut input = b"BEGIN:VCARD\nFN:Ada\nNOTE:".to_vec();
        input.resize(input.len() + MAX_CARD + 10, b'a');
        input.extend_from_slice(b"\nEND:VCARD\nBEGIN:VCARD\nFN:Bea\nEND:VCARD\n");
        let sink = run(&input);
        assert_eq!(
            warnings(&sink),
            ["c.vcf:1: card exceeds 1 MiB without its photos"]
        );
        assert_eq!(sink.records[0].names, ["Bea"]);
    }

    #[test]
    fn oversized_folded_property_warns() {
        let mut input = b"BEGIN:VCARD\nFN:Ada\nNOTE:x".to_vec();
        for _ in 0..(MAX_CARD / 1000 + 1) {
            input.extend_from_slice(b"\n ");
            input.resize(input.len() + 1000, b'a');
        }
        input.extend_from_slice(b"\nEND:VCARD\n");
        let sink = run(&input);
        assert_eq!(
            warnings(&sink),
            ["c.vcf:1: card exceeds 1 MiB without its photos"]
        );
        assert!(sink.records.is_empty());
    }

    #[test]
    fn huge_photo_is_no_problem() {
        let mut input = b"BEGIN:VCARD\nFN:Ada\nPHOTO;ENCODING=b:".to_vec();
        input.resize(input.len() + 3 * MAX_LINE, b'A');
        input.extend_from_slice(b"\nEND:VCARD\n");
        let sink = run(&input);
        assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
        assert_eq!(sink.records[0].names, ["Ada"]);
    }

    #[test]
    fn utf16_file_is_decoded() {
        let text = "BEGIN:VCARD\r\nFN:Zoë\r\nEND:VCARD\r\n";
        let mut input = b"\xFF\xFE".to_vec();
        input.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let sink = run(&input);
        assert_eq!(sink.records[0].names, ["Zoë"]);
    }

    #[test]
    fn bom_before_first_card() {
        let sink = run(b"\xEF\xBB\xBFBEGIN:VCARD\nFN:Ada\nEND:VCARD\n");
        assert!(sink.warnings.is_empty());
        assert_eq!(sink.records.len(), 1);
    }

    /// Runs every fixture of fixtures/vcard/ and checks what it is for.
    #[test]
    fn fixtures() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/vcard");
        let read = |name: &str| {
            let bytes = std::fs::read(format!("{dir}/{name}")).unwrap();
            run_named(name, &bytes)
        };

        let s = read("android_21_qp.vcf");
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
        let names: Vec<_> = s.records.iter().map(|r| r.names.join("|")).collect();
        assert_eq!(
            names,
            ["José Álvarez Peña", "Zoë Ångström-Öberg", "", "Łucja Wąs"]
        );
        assert_eq!(emails(&s.records[2]), ["noname@example.org"]);

        let s = read("ios_30_folded.vcf");
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
        let [r] = &s.records[..] else {
            panic!("{:?}", s.records)
        };
        assert_eq!(r.names, ["Marguerite Okonkwo-Villanueva"]);
        assert_eq!(phones(r), ["+15550100101", "+15550100102"]);
        assert_eq!(emails(r), ["marguerite.okonkwo@example.com"]);
        assert_eq!(
            r.linkedin.as_ref().unwrap().as_str(),
            "https://www.linkedin.com/in/marguerite-okonkwo"
        );
        assert_eq!(r.company.as_deref(), Some("Northwind Ceramics"));
        assert_eq!(r.position.as_deref(), Some("Director of Kiln Operations"));

        let s = read("google_30.vcf");
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
        let [a, b] = &s.records[..] else {
            panic!("{:?}", s.records)
        };
        assert_eq!(a.names, ["Tobias Fenwick"]);
        assert_eq!(a.categories, ["myContacts", "Climbing"]);
        assert_eq!(phones(a), ["+15550100201"]);
        assert!(b.names.is_empty());
        assert_eq!(emails(b), ["only.an.address@example.net"]);

        let s = read("outlook_21.vcf");
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
        let [r] = &s.records[..] else {
            panic!("{:?}", s.records)
        };
        assert_eq!(r.names, ["Priya Raman-Holt"]);
        assert_eq!(phones(r), ["+15550100301", "+15550100302"]);
        assert_eq!(emails(r), ["priya.raman@example.com"]);
        assert_eq!(r.company.as_deref(), Some("Harbor & Finch LLP"));

        let s = read("v40.vcf");
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
        let [r] = &s.records[..] else {
            panic!("{:?}", s.records)
        };
        assert_eq!(r.names, ["Élodie Brandt"]);
        assert_eq!(phones(r), ["+15550100401", "+15550100402"]);
        assert_eq!(
            r.linkedin.as_ref().unwrap().as_str(),
            "https://www.linkedin.com/in/elodie-brandt"
        );

        let s = read("broken_card.vcf");
        let names: Vec<_> = s.records.iter().map(|r| r.names.join("|")).collect();
        assert_eq!(names, ["Hugo Lindqvist", "Ines Carvalho"]);
        assert_eq!(
            warnings(&s),
            ["broken_card.vcf:8: expected END:VCARD, found BEGIN:VCARD on line 12"]
        );

        let s = read("crlf_mixed.vcf");
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
        let names: Vec<_> = s.records.iter().map(|r| r.names.join("|")).collect();
        assert_eq!(names, ["Kofi Mensah", "Lena Voss", "Mateo Ruiz"]);
    }

    /// Every file of ../shared/corpus/vcard/ (FORMATS.md §4): card counts,
    /// decoded values, and no panic.
    #[test]
    fn corpus() {
        let root = std::env::var("OFFGRID_CORPUS")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus").into());
        let dir = std::path::Path::new(&root).join("vcard");
        let Ok(listing) = std::fs::read_dir(&dir) else {
            println!("skipped: corpus not found at {}", dir.display());
            return;
        };
        let mut files: Vec<_> = listing.map(|e| e.unwrap().path()).collect();
        files.sort();
        let mut seen = std::collections::BTreeMap::new();
        for path in &files {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = std::fs::read(path).unwrap();
            assert!(
                Vcard.detect(&name, &bytes[..bytes.len().min(8192)]),
                "{name}"
            );
            assert!(
                Vcard.detect("no-extension", &bytes[..bytes.len().min(8192)]),
                "{name}"
            );
            let sink = run_named(&name, &bytes);
            println!(
                "{name}: {} records, {:?}",
                sink.records.len(),
                warnings(&sink)
            );
            for r in &sink.records {
                println!(
                    "  {:?} {:?} {:?} {:?} {:?} {:?}",
                    r.names,
                    emails(r),
                    phones(r),
                    r.company,
                    r.position,
                    r.linkedin
                );
            }
            seen.insert(name, sink);
        }
        assert_eq!(seen.len(), 17);
        let get = |suffix: &str| {
            seen.iter()
                .find(|(name, _)| name.ends_with(suffix))
                .map(|(_, sink)| sink)
                .unwrap_or_else(|| panic!("{suffix} missing"))
        };
        let counts = |suffix: &str| {
            let s = get(suffix);
            (s.records.len(), s.warnings.len())
        };

        // Android 2.1: 6 cards; QP names with soft breaks.
        let s = get("John_Doe_ANDROID.vcf");
        assert_eq!(counts("John_Doe_ANDROID.vcf"), (6, 0), "{:?}", s.warnings);
        assert_eq!(emails(&s.records[0]), ["john.doe@company.com"]);
        assert_eq!(s.records[0].categories, ["My Contacts"]);
        assert_eq!(s.records[2].names, ["Ñ Ñ Ñ Ñ Ñ"]);
        assert_eq!(s.records[3].names, ["Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ"]);
        assert_eq!(s.records[3].location.as_ref().unwrap().line, Some(18));
        assert_eq!(phones(&s.records[3]).len(), 4);
        assert_eq!(s.records[5].company.as_deref(), Some(&*"Ñ".repeat(44)));

        // iPhone 3.0: itemN TEL, escaped URL, 46 KB photo skipped.
        let s = get("John_Doe_IPHONE.vcf");
        assert_eq!(counts("John_Doe_IPHONE.vcf"), (1, 0), "{:?}", s.warnings);
        let r = &s.records[0];
        assert_eq!(r.names, ["Mr. John Richter James Doe Sr."]);
        assert!(phones(r).contains(&"+19052221234"), "{:?}", r.phones);
        assert_eq!(phones(r).len(), 7);
        assert_eq!(emails(r), ["john.doe@ibm.com"]);
        assert_eq!(r.company.as_deref(), Some("IBM"));
        assert_eq!(r.position.as_deref(), Some("Money Counter"));

        // Shift_JIS: decoded with the declared charset.
        let s = get("v21_japanese_2.vcf");
        assert!(warnings(s).is_empty(), "{:?}", warnings(s));
        assert_eq!(s.records.len(), 1);
        assert_eq!(s.records[0].names, ["安藤 ロイド 1"]);
        // Three Shift_JIS cards (named; their TELs are 1-2 digit test
        // values, too short to be numbers).
        assert_eq!(counts("v21_multiple_entry.vcf"), (3, 0));
        assert!(get("v21_multiple_entry.vcf")
            .records
            .iter()
            .all(|r| r.names.len() == 1 && r.phones.is_empty()));

        let s = get("v21_complicated.vcf");
        assert_eq!(counts("v21_complicated.vcf"), (1, 0), "{:?}", s.warnings);
        let r = &s.records[0];
        assert_eq!(r.names, ["Joe Due"]);
        assert_eq!(r.company.as_deref(), Some("Gump Shrimp Co."));
        assert_eq!(r.position.as_deref(), Some("Shrimp Man"));
        assert_eq!(
            emails(r),
            ["forrestgump@walladalla.com", "cell@example.com"]
        );

        let s = get("v21_invalid_multiple_line.vcf");
        assert_eq!(emails(&s.records[0]), ["omega@example.com"]);
        assert_eq!(counts("v21_adr_multiple_line.vcf"), (1, 0));
        assert_eq!(get("v21_adr_multiple_line.vcf").records[0].names, ["bogus"]);
        // Only X-ANDROID-CUSTOM lines: nothing to identify.
        assert_eq!(counts("v21_android_custom_prop.vcf"), (0, 1));
        let s = get("v21_pref_handling.vcf");
        assert_eq!(s.records[0].company.as_deref(), Some("Company"));
        assert_eq!(s.records[0].position.as_deref(), Some("Engineer"));
        let s = get("v30_ios_613_multiline.vcf");
        assert_eq!(s.records[0].names, ["Bob Smith"]);
        assert_eq!(phones(&s.records[0]), ["+16505551212"]);

        let s = get("John_Doe_GMAIL.vcf");
        assert_eq!(counts("John_Doe_GMAIL.vcf"), (1, 0));
        assert_eq!(s.records[0].names, ["Mr. John Richter, James Doe Sr."]);
        let s = get("gmail-single2.vcf");
        assert_eq!(emails(&s.records[0]).len(), 5);
        assert_eq!(phones(&s.records[0]).len(), 11);
        let s = get("John_Doe_MAC_ADDRESS_BOOK.vcf");
        assert_eq!(s.records[0].names, ["Mr. John Richter,James Doe Sr."]);
        let s = get("John_Doe_MS_OUTLOOK.vcf");
        assert_eq!(emails(&s.records[0]), ["john.doe@ibm.cm"]);
        let s = get("outlook-2007.vcf");
        assert_eq!(s.records[0].names, ["Mr. Michael Angstadt Jr."]);
        assert_eq!(emails(&s.records[0]), ["mike.angstadt@gmail.com"]);
        let s = get("John_Doe_BLACK_BERRY.vcf");
        assert_eq!(phones(&s.records[0]), ["+96123456789"]);
        let s = get("vcard3.vcf");
        assert_eq!(s.records[0].names, ["Mr. John Q. Public, Esq."]);
        assert_eq!(emails(&s.records[0]).len(), 3);
        assert_eq!(
            s.records[0].categories,
            [
                "TRAVEL AGENT",
                "INTERNET",
                "IETF",
                "INDUSTRY",
                "INFORMATION TECHNOLOGY"
            ]
        );

        let total: usize = seen.values().map(|s| s.records.len()).sum();
        assert_eq!(total, 23);
    }
}
