//! Tags whose quotes do not pair up. quick-xml reads a tag up to the first
//! `>` outside quotes, so one quote too many or too few runs the tag on
//! through the elements after it, or to the end of the file. Such a tag's
//! element is skipped with a warning and the elements it swallowed are read
//! again from its bytes, as the document is, so one bad quote costs one
//! element; nested run-ons are read again up to [`MAX_RUN_ON_DEPTH`] deep,
//! then only counted.

use quick_xml::events::Event as XmlEvent;
use quick_xml::Reader;

use super::sms::PendingMms;
use super::{configure, ill_formed, Parser};

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
pub(super) fn run_on_at(raw: &[u8]) -> Option<usize> {
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

impl Parser<'_> {
    /// A tag whose quotes do not pair up (`raw`, its bytes after `<`, on
    /// `line`). quick-xml reads a tag up to the first `>` outside quotes, so
    /// an odd quote makes it run on through the elements after it (from
    /// byte `at`), or to the end of the input (then `at` is `None` when
    /// nothing followed). Its element is skipped with a warning; what it
    /// swallowed is read as elements, so one bad quote costs one element.
    /// Returns whether the root was closed.
    pub(super) fn run_on(
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
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::import::calllog::tests::{calls, channels_and_first_phones, ctx, run, warnings};
    use crate::import::Sink;
    use crate::model::Channel;

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
}
