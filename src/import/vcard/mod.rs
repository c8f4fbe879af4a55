//! vCard 2.1, 3.0 and 4.0 (`.vcf`): one record per card, no events.
//!
//! The entry is read as a stream of PHYSICAL lines (so warnings name the
//! line a user sees in an editor) and cut into one card at a time, from
//! `BEGIN:VCARD` to `END:VCARD`. Each card is parsed alone with `calcard`, so
//! a broken card costs only itself. Before a card reaches `calcard` this
//! module joins every property into one logical line, which is where the
//! format's quirks are settled once (docs/formats.md, "vCard"):
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

use crate::import::{file_name, text, Context, Entry, ImportError, Importer, Sink};
use crate::model::{Email, LinkedinUrl, Location, Phone, Record, Region, SourceKind};

mod card;
pub(crate) mod fields;

use card::*;
use fields::*;

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

#[cfg(test)]
mod tests;
