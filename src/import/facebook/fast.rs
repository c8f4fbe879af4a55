//! A thread file read without serde: the shapes Facebook writes, in one
//! pass over the bytes.
//!
//! Why a second JSON reader: speed, nothing else. Thread files hold most
//! of a heavy user's messages, and serde_json with the thread visitors was about a
//! quarter of the CPU time `report` spent on one; this reader took a
//! Facebook-only run from 2.04 to 1.89 s of CPU (docs/performance.md, the
//! row of 5267643). It earns its place only while a measurement shows the
//! speed target needs it; without it, serde_json reads every file and the
//! output is the same.
//!
//! It takes only what it expects: a JSON error, a field of another type, a
//! known key given twice, an escape in a key, a number that is not a plain
//! integer where one is kept, a lone surrogate in a string that is kept,
//! nesting deeper than [`MAX_DEPTH`] — anything else makes it give up, and
//! the file is read by serde_json, which says what is wrong. So it accepts
//! only files serde_json accepts, and gives the [`Thread`] serde_json
//! gives. Debug and release builds run it the same way, once per file; the
//! tests below hold it to serde_json on every fixture and corpus thread
//! and on hand-made edge cases, and the fuzzer (`cfg(fuzzing)`) reads
//! every thread it takes both ways and compares.

use super::threads::{mark_seen, Key, Kind, Message, Participant, Scalar, Senders, Thread};
use super::Fixed;

/// Deeper than this, the reader gives up (serde_json's own limit is 128).
const MAX_DEPTH: usize = 64;

/// `text` read as a thread, or `None` where serde_json must read it.
pub(super) fn thread(text: &str) -> Option<Thread> {
    let fast = Reader::new(text).thread();
    // The fuzzer only: tests and every build take the one path users run.
    #[cfg(fuzzing)]
    if let Some(fast) = &fast {
        let slow: Thread = serde_json::from_str(text).expect("serde_json reads it too");
        assert_eq!(
            fast, &slow,
            "the fast and the serde reader differ on {text:?}"
        );
    }
    fast
}

struct Reader<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    /// A string with escapes, unescaped.
    scratch: String,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Reader<'a> {
        Reader {
            text,
            b: text.as_bytes(),
            i: 0,
            scratch: String::new(),
        }
    }

    fn thread(&mut self) -> Option<Thread> {
        let mut thread = Thread::default();
        let mut senders = Senders::default();
        let mut seen = 0u16;
        self.object(|r, key| {
            let key = Key::thread(key);
            first_time(&mut seen, key)?;
            match key {
                Key::Participants => thread.participants = r.participants()?,
                Key::Messages => {
                    thread.messages = if r.null()? {
                        None
                    } else {
                        Some(r.messages(&mut senders)?)
                    };
                }
                Key::Title => {
                    thread.title = if r.null()? {
                        None
                    } else {
                        Some(Fixed::new(r.string()?.to_owned()))
                    };
                }
                _ => r.skip(1)?,
            }
            Some(())
        })?;
        self.space();
        if self.i != self.b.len() {
            return None;
        }
        thread.senders = senders.names;
        Some(thread)
    }

    fn participants(&mut self) -> Option<Vec<Participant>> {
        let mut list = Vec::new();
        self.array(|r| {
            list.push(match r.peek()? {
                b'"' => Participant::Plain(Fixed::new(r.string()?.to_owned())),
                b'{' => {
                    let mut name = None;
                    let mut named = false;
                    r.object(|r, key| {
                        if key != "name" {
                            return r.skip_parsed(2);
                        }
                        if std::mem::replace(&mut named, true) {
                            return None;
                        }
                        if !r.null()? {
                            name = Some(Fixed::new(r.string()?.to_owned()));
                        }
                        Some(())
                    })?;
                    Participant::Named { name }
                }
                _ => return None,
            });
            Some(())
        })?;
        Some(list)
    }

    fn messages(&mut self, senders: &mut Senders) -> Option<Vec<Message>> {
        let mut list = Vec::new();
        self.array(|r| {
            let mut m = Message::default();
            let mut seen = 0u16;
            r.object(|r, key| {
                let key = Key::message(key);
                first_time(&mut seen, key)?;
                match key {
                    Key::Sender => {
                        if !r.null()? {
                            m.sender = Some(senders.intern(r.string()?));
                        }
                    }
                    Key::TimestampMs => m.timestamp_ms = r.integer()?,
                    Key::Timestamp => m.timestamp = r.integer()?,
                    Key::CallDuration => m.call_duration = r.integer()?,
                    Key::Type => {
                        if !r.null()? {
                            m.kind = Kind::of(r.string()?);
                        }
                    }
                    Key::Missed => m.missed = r.boolean()?,
                    _ => r.skip(3)?,
                }
                Some(())
            })?;
            list.push(m);
            Some(())
        })?;
        Some(list)
    }

    // ------------------------------------------------------------ JSON

    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    /// The next byte that is not white space, not consumed.
    fn peek(&mut self) -> Option<u8> {
        self.space();
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn word(&mut self, w: &[u8]) -> Option<()> {
        let end = self.i + w.len();
        (self.b.get(self.i..end)? == w).then(|| self.i = end)
    }

    /// `null`, consumed, or `false` with nothing consumed.
    fn null(&mut self) -> Option<bool> {
        if self.peek()? == b'n' {
            self.word(b"null")?;
            return Some(true);
        }
        Some(false)
    }

    /// `true` or `false`; `null` as `false`.
    fn boolean(&mut self) -> Option<bool> {
        match self.peek()? {
            b't' => self.word(b"true").map(|()| true),
            b'f' => self.word(b"false").map(|()| false),
            b'n' => self.word(b"null").map(|()| false),
            _ => None,
        }
    }

    /// A plain non-negative integer that fits an `i64`, or `null`.
    fn integer(&mut self) -> Option<Option<Scalar>> {
        if self.null()? {
            return Some(None);
        }
        let start = self.i;
        let mut n: i64 = 0;
        while let Some(&c @ b'0'..=b'9') = self.b.get(self.i) {
            n = n.checked_mul(10)?.checked_add(i64::from(c - b'0'))?;
            self.i += 1;
        }
        let digits = self.i - start;
        // No digits, a leading zero, or a fraction or exponent: serde_json's.
        if digits == 0 || (digits > 1 && self.b[start] == b'0') {
            return None;
        }
        if let Some(b'.' | b'e' | b'E') = self.b.get(self.i) {
            return None;
        }
        Some(Some(Scalar::Int(n)))
    }

    /// A string, unescaped: borrowed from the text where it has no
    /// escapes, else from the scratch buffer.
    fn string(&mut self) -> Option<&str> {
        if !self.eat(b'"') {
            return None;
        }
        let start = self.i;
        let end = self.plain_run()?;
        if self.b[end] == b'"' {
            self.i = end + 1;
            return Some(&self.text[start..end]);
        }
        self.scratch.clear();
        self.scratch.push_str(&self.text[start..end]);
        self.i = end;
        loop {
            match self.b[self.i] {
                b'"' => {
                    self.i += 1;
                    return Some(&self.scratch);
                }
                b'\\' => {
                    self.i += 1;
                    let c = self.escape()?;
                    self.scratch.push(c);
                }
                _ => return None,
            }
            let from = self.i;
            let end = self.plain_run()?;
            self.scratch.push_str(&self.text[from..end]);
            self.i = end;
        }
    }

    /// Skips a string's characters up to the next `"`, `\` or control
    /// character, and gives where that is; `None` at the end of the text.
    fn plain_run(&self) -> Option<usize> {
        // Eight bytes at a time: a byte is flagged by the high bit of its
        // lane where it is `"` or `\` (zero after the xor) or below 0x20.
        // Only the lowest flag is exact, and only it is used.
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let below = |v: u64, n: u8| v.wrapping_sub(ONES * u64::from(n)) & !v;
        let mut i = self.i;
        while let Some(chunk) = self.b.get(i..i + 8) {
            let v = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            let found = (below(v ^ (ONES * u64::from(b'"')), 1)
                | below(v ^ (ONES * u64::from(b'\\')), 1)
                | below(v, 0x20))
                & HIGH;
            if found != 0 {
                return Some(i + found.trailing_zeros() as usize / 8);
            }
            i += 8;
        }
        self.b[i..]
            .iter()
            .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
            .map(|p| i + p)
    }

    /// One escape after its `\`, as serde_json reads it in a string it
    /// keeps: a lone surrogate gives up.
    fn escape(&mut self) -> Option<char> {
        let c = *self.b.get(self.i)?;
        self.i += 1;
        Some(match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.hex4()?;
                match high {
                    0xD800..=0xDBFF => {
                        self.word(b"\\u")?;
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return None;
                        }
                        let c = 0x1_0000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                        char::from_u32(c)?
                    }
                    0xDC00..=0xDFFF => return None,
                    c => char::from_u32(c)?,
                }
            }
            _ => return None,
        })
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.b.get(self.i..self.i + 4)?;
        let mut n = 0;
        for &d in digits {
            n = n * 16 + char::from(d).to_digit(16)?;
        }
        self.i += 4;
        Some(n)
    }

    /// Skips a string without keeping it; escapes are checked as
    /// serde_json checks those of a string it skips (any four hex digits).
    fn skip_string(&mut self) -> Option<()> {
        // The opening quote is consumed.
        loop {
            self.i = self.plain_run()?;
            let c = self.b[self.i];
            self.i += 1;
            match c {
                b'"' => return Some(()),
                b'\\' => match *self.b.get(self.i)? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.i += 1,
                    b'u' => {
                        self.i += 1;
                        self.hex4()?;
                    }
                    _ => return None,
                },
                _ => return None,
            }
        }
    }

    /// Skips a value serde_json parses in full though it is not kept: the
    /// other keys of a participant, which serde reads into a buffer before
    /// it tries the participant's two shapes. Its strings must unescape
    /// (no lone surrogate) and its numbers must be in range, so only
    /// numbers without an exponent, of at most 18 digits, are taken.
    fn skip_parsed(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            b'{' => self.object(|r, _| r.skip_parsed(depth + 1)),
            b'[' => self.array(|r| r.skip_parsed(depth + 1)),
            b'-' | b'0'..=b'9' => {
                let start = self.i;
                self.skip_number()?;
                let number = &self.b[start..self.i];
                let digits = number.iter().filter(|c| c.is_ascii_digit()).count();
                let exponent = number.iter().any(|&c| c == b'e' || c == b'E');
                (!exponent && digits <= 18).then_some(())
            }
            _ => self.skip(depth),
        }
    }

    /// Skips any JSON value at nesting `depth`, as serde_json skips a value
    /// it ignores.
    fn skip(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'"' => {
                self.i += 1;
                self.skip_string()
            }
            b'{' => self.object(|r, _| r.skip(depth + 1)),
            b'[' => self.array(|r| r.skip(depth + 1)),
            b't' => self.word(b"true"),
            b'f' => self.word(b"false"),
            b'n' => self.word(b"null"),
            b'-' | b'0'..=b'9' => self.skip_number(),
            _ => None,
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn skip_number(&mut self) -> Option<()> {
        let digits = |r: &mut Reader<'_>| {
            let start = r.i;
            while let Some(b'0'..=b'9') = r.b.get(r.i) {
                r.i += 1;
            }
            r.i - start
        };
        if self.b[self.i] == b'-' {
            self.i += 1;
        }
        let start = self.i;
        let n = digits(self);
        if n == 0 || (n > 1 && self.b[start] == b'0') {
            return None;
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if digits(self) == 0 {
                return None;
            }
        }
        if let Some(b'e' | b'E') = self.b.get(self.i) {
            self.i += 1;
            if let Some(b'+' | b'-') = self.b.get(self.i) {
                self.i += 1;
            }
            if digits(self) == 0 {
                return None;
            }
        }
        Some(())
    }

    /// An object, `each` called with the reader at every value and its key.
    fn object(&mut self, mut each: impl FnMut(&mut Self, &str) -> Option<()>) -> Option<()> {
        if !self.eat(b'{') {
            return None;
        }
        if self.eat(b'}') {
            return Some(());
        }
        loop {
            // Keys are plain ASCII in every export; one with an escape is
            // left to serde_json.
            if !self.eat(b'"') {
                return None;
            }
            let start = self.i;
            let end = self.plain_run()?;
            if self.b[end] != b'"' {
                return None;
            }
            self.i = end + 1;
            if !self.eat(b':') {
                return None;
            }
            let key = &self.text[start..end];
            each(self, key)?;
            if self.eat(b'}') {
                return Some(());
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    /// An array, `each` called with the reader at every element.
    fn array(&mut self, mut each: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        if !self.eat(b'[') {
            return None;
        }
        if self.eat(b']') {
            return Some(());
        }
        loop {
            each(self)?;
            if self.eat(b']') {
                return Some(());
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }
}

/// A known key's first time; a second is left to serde_json's error.
fn first_time(seen: &mut u16, key: Key) -> Option<()> {
    mark_seen(seen, key).then_some(())
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::import::facebook::tests::walk;
    use crate::import::facebook::{classify, Facebook, FileKind};
    use crate::import::Importer;

    /// The fast reader's answer, checked against serde_json's whenever it
    /// gives one: serde_json must read the same text, and read it the same.
    fn both(text: &str) -> Option<Thread> {
        let fast = Reader::new(text).thread();
        if let Some(fast) = &fast {
            let slow: Result<Thread, _> = serde_json::from_str(text);
            match slow {
                Ok(slow) => assert_eq!(fast, &slow, "{text:?}"),
                Err(e) => panic!("fast reader took what serde_json refuses ({e}): {text:?}"),
            }
        }
        fast
    }

    /// Every thread file below `dir` as the importer routes it (by path,
    /// or by content where the path says nothing), zip members included:
    /// (where it was found, its text after a byte-order mark). A file that
    /// is not UTF-8 never reaches this reader and is left out.
    fn thread_files(dir: &Path, out: &mut Vec<(String, String)>) {
        let is_thread = |path: &str, bytes: &[u8]| {
            let head = &bytes[..bytes.len().min(8 * 1024)];
            Facebook.detect(path, head) && matches!(classify(path), Some(FileKind::Thread) | None)
        };
        let mut keep = |name: String, bytes: Vec<u8>| {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            if let Ok(text) = std::str::from_utf8(bytes) {
                out.push((name, text.to_owned()));
            }
        };
        let mut files = Vec::new();
        walk(dir, dir, &mut files);
        for (rel, path) in files {
            let bytes = std::fs::read(&path).unwrap();
            if rel.ends_with(".zip") {
                let file = std::fs::File::open(&path).unwrap();
                let mut zip = zip::ZipArchive::new(file).unwrap();
                for i in 0..zip.len() {
                    let mut member = zip.by_index(i).unwrap();
                    let mut bytes = Vec::new();
                    std::io::Read::read_to_end(&mut member, &mut bytes).unwrap();
                    let name = member.name().unwrap().into_owned();
                    if is_thread(&name, &bytes) {
                        keep(format!("{rel}!{name}"), bytes);
                    }
                }
            } else if is_thread(&rel, &bytes) {
                keep(rel, bytes);
            }
        }
    }

    /// Every thread file of the Facebook fixtures, the demo's archive and
    /// the shared corpus (where it is beside the project): whatever the
    /// fast reader takes, it reads as serde_json does. The fixtures' and
    /// the demo's well-formed threads it must take, so the comparison is
    /// made on real shapes and the fast path cannot quietly stop applying.
    #[test]
    fn fast_reader_takes_real_threads_as_serde_does() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut corpus = std::env::var_os("OFFGRID_CORPUS")
            .map_or_else(|| root.join("../shared/corpus"), PathBuf::from);
        corpus.push("facebook");
        let mut sets = vec![
            root.join("fixtures/facebook"),
            root.join("fixtures/demo/facebook-morganreyes"),
        ];
        if corpus.is_dir() {
            sets.push(corpus.clone());
        } else {
            eprintln!("skipped: corpus not found at {}", corpus.display());
        }
        for dir in sets {
            let ours = dir != corpus;
            let mut files = Vec::new();
            thread_files(&dir, &mut files);
            let mut taken = 0;
            for (name, text) in &files {
                let serde_reads = serde_json::from_str::<Thread>(text).is_ok();
                match both(text) {
                    Some(_) => taken += 1,
                    None => assert!(!(ours && serde_reads), "{name}: left to serde_json"),
                }
            }
            eprintln!(
                "{}: {taken} of {} threads taken",
                dir.display(),
                files.len()
            );
            assert!(taken > 0, "{}: no thread compared", dir.display());
        }
    }

    /// Every prefix of a thread, every byte of it replaced by a few
    /// others, and every byte dropped: whatever the fast reader takes, it
    /// reads as serde_json does (and serde_json takes it too).
    #[test]
    fn damaged_threads_are_read_as_serde_does_or_left_to_it() {
        let text = r#"{
  "participants": [{"name": "Jos\u00c3\u00a9 M\u00c3\u00bcller"}, {"name": "Ana", "x": [1, {"y": null}]}, "Bo"],
  "messages": [
    {"sender_name": "Jos\u00c3\u00a9 M\u00c3\u00bcller", "timestamp_ms": 1600000000000, "content": "a\"b\\c\/\n\u00f0\u009f\u0098\u0080", "reactions": [{"reaction": "\u00e2\u009d\u00a4", "actor": "Ana"}]},
    {"sender_name": "Ana", "timestamp_ms": 1599999999000, "type": "Call", "call_duration": 0, "missed": true, "n": -1.5e-3},
    {"senderName": "Bo", "timestamp": 1599999, "type": null, "is_unsent": false, "photos": []},
    {"sender_name": null, "timestamp_ms": 0, "type": "Subscribe", "users": [{}], "x": 0.5E+2}
  ],
  "title": "Caf\u00c3\u00a9 \ud83d\ude00",
  "is_still_participant": true,
  "thread_path": "inbox/x_1"
}"#;
        assert!(both(text).is_some(), "the undamaged thread is taken");
        let replacements = [
            "",
            " ",
            "\"",
            "\\",
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "0",
            "9",
            "-",
            ".",
            "e",
            "u",
            "n",
            "\u{1}",
            "\u{e9}",
            "1e400",
            "\\ud800",
            "\\u00e9",
            "null",
            "-0",
            "9223372036854775808",
        ];
        let (mut taken, mut left) = (0, 0);
        let mut check = |damaged: &str| match both(damaged) {
            Some(_) => taken += 1,
            None => left += 1,
        };
        for (i, _) in text.char_indices() {
            check(&text[..i]);
            let rest = &text[i + text[i..].chars().next().map_or(0, char::len_utf8)..];
            for r in replacements {
                check(&format!("{}{r}{rest}", &text[..i]));
            }
        }
        // Both kinds happen: the test reaches the comparison.
        assert!(taken > 1000 && left > 1000, "{taken} taken, {left} left");
    }

    #[test]
    fn what_serde_refuses_or_reads_otherwise_is_left_to_it() {
        for text in [
            // Duplicate keys: serde_json's error.
            r#"{"messages": [], "messages": []}"#,
            r#"{"messages": [{"type": "A", "type": "B"}]}"#,
            r#"{"participants": [{"name": "A", "name": "B"}]}"#,
            // Numbers serde_json reads as floats, refuses, or keeps whole.
            r#"{"messages": [{"timestamp_ms": -0}]}"#,
            r#"{"messages": [{"timestamp_ms": 0123}]}"#,
            r#"{"messages": [{"timestamp_ms": 1e3}]}"#,
            r#"{"messages": [{"timestamp_ms": 1.0}]}"#,
            r#"{"messages": [{"timestamp_ms": 9223372036854775808}]}"#,
            r#"{"messages": [{"timestamp_ms": "1600000000000"}]}"#,
            r#"{"messages": [{"missed": 1}]}"#,
            // What serde_json parses in a participant though it is not kept.
            r#"{"participants": [{"name": "A", "x": 1e400}]}"#,
            r#"{"participants": [{"name": "A", "x": [{"y": "\ud800"}]}]}"#,
            // Lone surrogates in a kept string; an escape in a key.
            r#"{"title": "\ud83d"}"#,
            r#"{"title": "\ude00x"}"#,
            r#"{"messages": [{"sender\u005fname": "A"}]}"#,
            // Not a thread, or not only one.
            r#"[]"#,
            r#"{"participants": null}"#,
            r#"{"messages": {}}"#,
            r#"{"messages": [null]}"#,
            r#"{} {}"#,
            "{\"title\": \"a\u{1}b\"}",
        ] {
            assert!(both(text).is_none(), "{text}");
        }
        // Nesting: as deep as MAX_DEPTH is taken, deeper left.
        let nested = |n: usize| format!(r#"{{"x": {}{}}}"#, "[".repeat(n), "]".repeat(n));
        assert!(both(&nested(MAX_DEPTH)).is_some());
        assert!(both(&nested(MAX_DEPTH + 1)).is_none());
        // And what it does take, for contrast.
        for text in [
            r#"{}"#,
            r#" {"messages": null, "title": null, "participants": []} "#,
            r#"{"messages": [{"timestamp_ms": 9223372036854775807, "missed": null}]}"#,
            // Where serde_json only skips, anything well-formed goes.
            r#"{"x": 1e400, "messages": [{"y": 1e400, "z": "\ud800"}]}"#,
            r#"{"participants": [{"name": "A", "x": [1.5, -0, "\u00e9", {"y": true}]}]}"#,
        ] {
            assert!(both(text).is_some(), "{text}");
        }
    }

    /// Edge cases by hand, each read as serde_json reads it: escapes in
    /// every kept string, `null` in every kept field, unknown keys given
    /// twice, and nesting at every depth in each place a value is skipped.
    #[test]
    fn edge_cases_are_read_as_serde_does() {
        // Escapes: a sender written with and without them is one sender.
        let thread = both(
            r#"{"participants": [{"name": "A\"B\\C\/D\n\t\b\f\r\u00c3\u00a9"}, "\u0041 \ud83d\ude00"],
                "messages": [{"sender_name": "A\u0042", "timestamp_ms": 2},
                             {"senderName": "AB", "timestamp_ms": 1, "type": "C\u0061ll"}],
                "title": "\u00c3\u00a9\\"}"#,
        )
        .expect("taken");
        assert_eq!(thread.senders, ["AB"]);
        let messages = thread.messages.expect("messages");
        assert_eq!(messages[0].sender, Some(0));
        assert_eq!(messages[1].sender, Some(0));
        assert_eq!(messages[1].kind, Kind::Call);
        assert_eq!(thread.title, Some(Fixed("é\\".to_owned())));
        let named = |s: &str| Participant::Named {
            name: Some(Fixed(s.to_owned())),
        };
        assert_eq!(
            thread.participants,
            [
                named("A\"B\\C/D\n\t\u{8}\u{c}\ré"),
                Participant::Plain(Fixed("A 😀".to_owned()))
            ]
        );
        // Nulls: no value, wherever one is kept.
        let thread = both(
            r#"{"participants": [{"name": null}],
                "messages": [{"sender_name": null, "timestamp_ms": null, "timestamp": null,
                              "type": null, "call_duration": null, "missed": null}],
                "title": null}"#,
        )
        .expect("taken");
        assert_eq!(thread.messages, Some(vec![Message::default()]));
        assert_eq!(thread.participants, [Participant::Named { name: None }]);
        // Unknown keys given twice are skipped both times; a known key
        // twice, under any of its names, is serde_json's error to give.
        assert!(both(
            r#"{"x": 1, "x": [2], "participants": [{"x": 1, "x": 2, "name": "A"}],
                "messages": [{"content": "a", "content": "b", "timestamp_ms": 1}]}"#
        )
        .is_some());
        for text in [
            r#"{"title": "a", "threadName": "b"}"#,
            r#"{"messages": [{"timestamp_ms": 1, "timestamp_ms": 2}]}"#,
            r#"{"messages": [{"call_duration": 1, "callDuration": 2}]}"#,
            r#"{"messages": [{"missed": true, "missed": false}]}"#,
            r#"{"participants": [null]}"#,
        ] {
            assert!(both(text).is_none(), "{text}");
        }
        // Nesting in a skipped value of the thread, of a participant and
        // of a message: shallow is taken, deeper than serde_json's own
        // limit is left, and every depth between reads the same.
        for wrap in [
            |v: &str| format!(r#"{{"x": {v}}}"#),
            |v: &str| format!(r#"{{"participants": [{{"name": "A", "x": {v}}}]}}"#),
            |v: &str| format!(r#"{{"messages": [{{"x": {v}}}]}}"#),
        ] {
            let nested = |n: usize| wrap(&format!("{}{}", "[".repeat(n), "]".repeat(n)));
            assert!(both(&nested(1)).is_some(), "{}", nested(1));
            assert!(both(&nested(130)).is_none(), "{}", nested(130));
            for n in 2..130 {
                both(&nested(n));
            }
        }
    }

    /// Random documents of a thread's shape, built from the pieces where
    /// the two readers could part (numbers at the edge of their types,
    /// escapes, surrogates, duplicate and escaped keys, wrong types in
    /// every known field): whatever the fast reader takes, serde_json
    /// takes and reads the same.
    #[test]
    fn random_threads_are_read_as_serde_does_or_left_to_it() {
        struct Gen(u64);
        impl Gen {
            fn next(&mut self) -> u64 {
                self.0 ^= self.0 << 13;
                self.0 ^= self.0 >> 7;
                self.0 ^= self.0 << 17;
                self.0
            }
            fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
                from[(self.next() % from.len() as u64) as usize]
            }
            fn scalar(&mut self) -> String {
                self.pick(&[
                    "0",
                    "-0",
                    "7",
                    "01",
                    "1.5",
                    "1e400",
                    "1e5",
                    "-1",
                    "1600000000000",
                    "9223372036854775807",
                    "9223372036854775808",
                    "18446744073709551616",
                    "1.",
                    "-",
                    "1E+2",
                    "1e-400",
                    "true",
                    "false",
                    "null",
                    "nul",
                    "\"\"",
                    "\"Ana\"",
                    "\"Call\"",
                    "\"Subscribe\"",
                    "\"Jos\\u00c3\\u00a9\"",
                    "\"\\ud83d\\ude00\"",
                    "\"\\ud800\"",
                    "\"\\udc00x\"",
                    "\"\\u00\"",
                    "\"\\x\"",
                    "\"a\u{1}b\"",
                    "\"\u{e9}\"",
                    "\"\\\"\\\\\\/\"",
                ])
                .to_owned()
            }
            fn value(&mut self, depth: u32) -> String {
                match self.next() % 8 {
                    0 if depth < 4 => {
                        let n = self.next() % 4;
                        let items: Vec<String> = (0..n).map(|_| self.value(depth + 1)).collect();
                        format!("[{}]", items.join(", "))
                    }
                    1 if depth < 4 => self.object(depth + 1, &["name", "x", "y", "n\\u0061me"]),
                    _ => self.scalar(),
                }
            }
            fn object(&mut self, depth: u32, keys: &[&str]) -> String {
                let n = self.next() % 5;
                let fields: Vec<String> = (0..n)
                    .map(|_| {
                        let key = self.pick(keys);
                        format!("\"{key}\": {}", self.value(depth))
                    })
                    .collect();
                format!("{{{}}}", fields.join(", "))
            }
            fn list(&mut self, item: impl Fn(&mut Gen) -> String) -> String {
                if self.next() % 10 == 0 {
                    return self.value(2);
                }
                let n = self.next() % 4;
                let items: Vec<String> = (0..n).map(|_| item(self)).collect();
                format!("[{}]", items.join(", "))
            }
        }
        let message_keys = [
            "sender_name",
            "senderName",
            "timestamp_ms",
            "timestamp",
            "type",
            "call_duration",
            "callDuration",
            "missed",
            "content",
            "sender\\u005fname",
        ];
        let mut g = Gen(0x2545_f491_4f6c_dd1d);
        let (mut taken, mut left) = (0, 0);
        for _ in 0..20_000 {
            let mut fields = Vec::new();
            for _ in 0..g.next() % 5 {
                let field = match g.next() % 6 {
                    0 | 1 => format!(
                        "\"participants\": {}",
                        g.list(|g| match g.next() % 3 {
                            0 => g.scalar(),
                            1 => g.object(1, &["name", "x"]),
                            _ => g.value(1),
                        })
                    ),
                    2 | 3 => format!(
                        "\"messages\": {}",
                        g.list(|g| if g.next() % 8 == 0 {
                            g.value(2)
                        } else {
                            g.object(2, &message_keys)
                        })
                    ),
                    4 => format!("\"{}\": {}", g.pick(&["title", "threadName"]), g.scalar()),
                    _ => format!("\"{}\": {}", g.pick(&["x", "thread_path"]), g.value(1)),
                };
                fields.push(field);
            }
            let text = format!("{{{}}}", fields.join(",\n "));
            match both(&text) {
                Some(_) => taken += 1,
                None => left += 1,
            }
        }
        assert!(taken > 2000 && left > 2000, "{taken} taken, {left} left");
    }

    /// The eight-bytes-at-a-time search finds what a byte-by-byte one
    /// finds, wherever the stop is and whatever surrounds it.
    #[test]
    fn plain_runs_end_where_a_byte_loop_ends_them() {
        let alphabet: &[u8] = b"a \"\\\x01\x1f\x20\x7f~";
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for len in 0..40 {
            for _ in 0..200 {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        alphabet[(seed % alphabet.len() as u64) as usize]
                    })
                    .collect();
                let text = String::from_utf8(bytes).expect("ASCII");
                for start in 0..=text.len() {
                    let mut r = Reader::new(&text);
                    r.i = start;
                    let want = text.as_bytes()[start..]
                        .iter()
                        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
                        .map(|p| start + p);
                    assert_eq!(r.plain_run(), want, "{text:?} from {start}");
                }
            }
        }
    }
}
