//! Android call logs and texts: SMS Backup & Restore `calls-*.xml` and
//! `sms-*.xml` (also the older "Call Logs Backup & Restore", and
//! Signal/Silence plaintext exports, which write the same format); the
//! user's side of it is docs/formats.md, "Android call log and texts".
//!
//! The file is pull-parsed with quick-xml into one reused buffer, never held
//! whole: SMS backups with MMS attachments run to hundreds of megabytes.
//! Every value offgrid uses is an attribute, so text content is skipped and
//! the few attributes read are unescaped by offgrid (`attrs`), leniently:
//! Signal and Silence write emoji as surrogate-pair character references
//! (`&#55357;&#56838;`) that strict parsers reject (signalapp/Signal-Android
//! #1546, #7155).
//! No DOCTYPE or entity is ever expanded: an attribute offgrid reads that
//! uses any entity but the five XML predefines (`&nbsp;`, or `&lol;` whether
//! a DOCTYPE declares it or not) has an unknown value, so its element is
//! skipped with a warning (a number such as `&lol9;` would otherwise
//! identify nobody and its call vanish uncounted). Entities in
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
//!
//! The parts: this module detects a backup and streams its document,
//! handing each start tag to the element it names; `calls` reads
//! `<call>`, `sms` reads `<sms>` and `<mms>`; `attrs` reads and
//! unescapes the attributes, `numbers` says which numbers identify
//! somebody and keeps one record per number; `run_on` reads again what a
//! tag with unpaired quotes swallowed; `input` turns bytes into what
//! quick-xml reads (UTF-16 transcoded, newlines noted for line numbers).
//!
//! [`EventKind::Direct`]: crate::model::EventKind::Direct
//! [`EventKind::Seen`]: crate::model::EventKind::Seen
//! [`EventKind::Online`]: crate::model::EventKind::Online
//! [`Record`]: crate::model::Record

mod attrs;
mod calls;
mod input;
mod numbers;
mod run_on;
mod sms;

use std::collections::{HashMap, HashSet};
use std::io::{self, BufRead, BufReader};
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event as XmlEvent};
use quick_xml::Reader;
use rustc_hash::FxBuildHasher;

use self::input::{LineCounter, Utf16Reader};
use self::run_on::run_on_at;
use self::sms::PendingMms;
use super::{Context, Entry, ImportError, Importer, Scope};
use crate::import::Sink;
use crate::model::{Location, RecordRef, SourceKind};

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

/// What an SMS Backup & Restore file's root must be.
const ROOT: &str = "<calls> or <smses> as the root element";

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
    /// Rows whose `date` is a date in seconds, waiting for the end of the
    /// file to decide ([`Parser::settle_seconds`]).
    held: Vec<Held>,
    /// Rows whose `date` is in milliseconds, so far.
    ms_dates: u64,
    /// Whether rows with a date in seconds are held: until the end of the
    /// file.
    deciding: bool,
    /// Whether `date` is read in seconds: the whole file holds them.
    seconds: bool,
}

/// A row held until the end of the file: its date is in seconds, which the
/// whole file must hold for it to be read that way.
enum Held {
    Call(attrs::Attrs, u64),
    Sms(attrs::Attrs, u64),
    Mms(sms::PendingMms),
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
            held: Vec::new(),
            ms_dates: 0,
            deciding: true,
            seconds: false,
        }
    }

    /// Whether a row waits for the end of the file: its `date` is a date in
    /// seconds (and the file's unit is not decided yet). A date in
    /// milliseconds is counted.
    fn hold(&mut self, attrs: &attrs::Attrs) -> bool {
        match attrs.get("date").and_then(|d| d.parse::<i64>().ok()) {
            Some(n) if attrs::SECONDS.contains(&n) => self.deciding,
            Some(n) if n >= attrs::SECONDS.end => {
                self.ms_dates += 1;
                false
            }
            _ => false,
        }
    }

    /// Reads the rows held for a date in seconds: as seconds, with one
    /// warning, when no row of the file has a date in milliseconds; else
    /// each is skipped with its warning, as any bad date is.
    fn settle_seconds(&mut self) {
        self.deciding = false;
        let held = std::mem::take(&mut self.held);
        if held.is_empty() {
            return;
        }
        if self.ms_dates == 0 {
            self.seconds = true;
            self.sink.warn(
                Location::new(Arc::clone(&self.file), None),
                "date holds seconds (every value is a date in seconds and before 1973 in \
                 milliseconds): read as seconds",
            );
        }
        for row in held {
            match row {
                Held::Call(attrs, line) => self.call_of(attrs, line),
                Held::Sms(attrs, line) => self.sms_of(attrs, line),
                Held::Mms(mms) => self.mms(mms),
            }
        }
    }

    fn location(&self, line: u64) -> Location {
        Location::new(Arc::clone(&self.file), Some(line))
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
        self.settle_seconds();
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
            b"mms" => self.mms_start(e, empty, line, mms),
            b"addr" => self.addr(e, line, mms),
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
}

#[cfg(test)]
mod tests {
    //! The helpers every test of the importer uses, and the tests of the
    //! whole file: detection, truncation, encodings, the corpus.

    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::model::{Channel, Event, EventKind, Region};

    pub(super) fn ctx() -> Context {
        Context {
            region: Region::default(),
            tz: jiff::tz::TimeZone::UTC,
            as_of: jiff::civil::date(2026, 11, 26),
            limits: crate::limits::Limits::default(),
            mail: crate::import::mail::Settings::default(),
        }
    }

    pub(super) fn run_bytes(name: &str, input: &[u8]) -> Sink {
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

    pub(super) fn run(name: &str, input: &str) -> Sink {
        run_bytes(name, input.as_bytes())
    }

    pub(super) fn fixture(name: &str) -> Sink {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/calllog")
            .join(name);
        let bytes = std::fs::read(&path).unwrap();
        run_bytes(name, &bytes)
    }

    pub(super) fn warnings(sink: &Sink) -> Vec<String> {
        sink.warnings.iter().map(ToString::to_string).collect()
    }

    pub(super) fn count(sink: &Sink, kind: EventKind, channel: &Channel) -> usize {
        sink.events
            .iter()
            .filter(|e| e.kind == kind && e.channel() == channel)
            .count()
    }

    pub(super) fn phone(sink: &Sink, r: RecordRef) -> &str {
        sink.records[r as usize].phones[0].as_str()
    }

    /// Each event's channel and its first participant's phone number.
    pub(super) fn channels_and_first_phones(sink: &Sink) -> Vec<(Channel, &str)> {
        sink.events
            .iter()
            .map(|e| (e.channel().clone(), phone(sink, e.participants()[0])))
            .collect()
    }

    pub(super) fn calls(rows: &str) -> String {
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
