//! Cutting a mail entry into messages without reading their bodies.
//!
//! An mbox is a run of messages, each opened by a `From ` line (RFC 4155).
//! The scanner reads a message's header block line by line, then skips its
//! body with a `memchr` search for the next `\nFrom `, counting lines as it
//! goes, so a body is never decoded nor copied. A body the importer asks
//! for (a message that may hold a `text/calendar` part) is kept where it
//! was read, in the scanner's buffer, up to [`MAX_BODY`]. A `.eml` or
//! Maildir file is one message with no `From ` line; its body is not even
//! read unless asked for.
//!
//! A `From ` line counts as a separator only when it carries a time
//! (`20:18:05`, as every writer's asctime date does) and the next line is a
//! header: mboxo writers (Thunderbird's IMAP cache) leave body lines that
//! start with `From ` unescaped, and those rarely look like both. mboxrd's
//! `>From ` never matches. CRLF files work unchanged: the search is for
//! `\n`, and a header block ends at an empty line, `\n` or `\r\n`.

use std::io::{self, Read};

use memchr::memmem;

/// The most bytes one message's header block may hold; past it the
/// message is skipped with a warning (a body without its blank line).
pub(super) const MAX_HEADER: usize = 1 << 20;

/// The most body bytes kept for a message whose body the importer reads:
/// invitations are tens of KiB; a larger body (an attachment beside the
/// invitation) is not kept.
pub(super) const MAX_BODY: usize = 1 << 20;

/// How much is read at a time: small enough that a chunk the kernel has
/// just copied is still in the core's cache when it is searched (256 KiB
/// chunks made reading alone three times slower than `cat`).
const CHUNK: usize = 64 << 10;

/// One message's header block, as the scanner found it.
#[derive(Debug, Default)]
pub(super) struct Head {
    /// The 1-based line the message starts on (its `From ` line, else its
    /// first header).
    pub line: u64,
    /// The `From ` line, without its line end, when the message has one.
    pub from_line: Option<Vec<u8>>,
    /// The header lines, line ends included, without the blank line.
    pub headers: Vec<u8>,
    /// What cut the header block short, if anything.
    pub damage: Option<Damage>,
}

/// Why a header block is incomplete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Damage {
    /// The entry ended inside it (a download cut short).
    EndOfFile,
    /// The next message's `From ` line came before the blank line.
    NextMessage,
    /// Longer than [`MAX_HEADER`]: not a header block.
    TooLong,
}

/// Reads messages from one entry.
pub(super) struct Scanner<R> {
    reader: R,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    eof: bool,
    /// The line `buf[pos]` is on (1-based).
    line: u64,
    /// Whether the entry is an mbox (starts with a `From ` line); else one
    /// message.
    mbox: bool,
    /// A single message's header block was read.
    done: bool,
    /// Where the body being kept starts in `buf`, and where it ended.
    keep: Option<usize>,
    kept_end: usize,
    from: memmem::Finder<'static>,
}

impl<R: Read> Scanner<R> {
    pub(super) fn new(reader: R) -> Scanner<R> {
        Scanner {
            reader,
            buf: vec![0; CHUNK],
            pos: 0,
            end: 0,
            eof: false,
            line: 1,
            mbox: false,
            done: false,
            keep: None,
            kept_end: 0,
            from: memmem::Finder::new(b"\nFrom "),
        }
    }

    /// Whether the entry is an mbox; known after the first [`Scanner::head`].
    pub(super) fn is_mbox(&self) -> bool {
        self.mbox
    }

    /// Reads more bytes after those not consumed (and the body being
    /// kept); false at the end. At most [`CHUNK`] bytes at a time, so what
    /// the kernel copies in is still in the core's cache when searched.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        let from = self.keep.map_or(self.pos, |k| k.min(self.pos));
        if from > 0 {
            self.buf.copy_within(from..self.end, 0);
            self.end -= from;
            self.pos -= from;
            self.keep = self.keep.map(|k| k - from);
        }
        if self.end == self.buf.len() {
            let more = self.buf.len();
            self.buf.resize(self.buf.len() + more, 0);
        }
        let stop = (self.end + CHUNK).min(self.buf.len());
        loop {
            match self.reader.read(&mut self.buf[self.end..stop]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// The end (after its `\n`) of the line at `pos`, reading as needed;
    /// `None` past `limit` bytes. At the end of the entry, a last line
    /// without `\n` ends there.
    fn line_end(&mut self, limit: usize) -> io::Result<Option<usize>> {
        let mut from = self.pos;
        loop {
            if let Some(i) = memchr::memchr(b'\n', &self.buf[from..self.end]) {
                let end = from + i + 1;
                return Ok((end - self.pos <= limit).then_some(end));
            }
            if self.end - self.pos > limit {
                return Ok(None);
            }
            let scanned = self.end - self.pos;
            if !self.fill()? {
                return Ok(Some(self.end));
            }
            from = self.pos + scanned;
        }
    }

    /// Moves past `n` bytes, counting their lines; a body kept past
    /// [`MAX_BODY`] is let go.
    fn consume(&mut self, n: usize) {
        self.line += count_lines(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        if self.keep.is_some_and(|k| self.pos - k > MAX_BODY) {
            self.keep = None;
        }
    }

    /// The body [`Scanner::body`] kept, if asked to and not longer than
    /// [`MAX_BODY`]; empty otherwise. Valid until the next
    /// [`Scanner::head`].
    pub(super) fn kept(&self) -> &[u8] {
        match self.keep {
            Some(k) => &self.buf[k..self.kept_end],
            None => &[],
        }
    }

    /// The next message's header block, or `None` at the end of the entry.
    ///
    /// # Errors
    ///
    /// When the entry cannot be read.
    pub(super) fn head(&mut self) -> io::Result<Option<Head>> {
        self.keep = None;
        if self.done {
            return Ok(None);
        }
        let first = self.line == 1 && self.pos == 0 && self.end == 0;
        // Blank lines between messages (and a byte-order mark at the start).
        loop {
            if self.pos == self.end && !self.fill()? {
                return Ok(None);
            }
            if first && self.line == 1 && self.buf[self.pos..self.end].starts_with(b"\xEF\xBB\xBF")
            {
                self.pos += 3;
                continue;
            }
            let Some(end) = self.line_end(MAX_HEADER)? else {
                break;
            };
            if is_blank(&self.buf[self.pos..end]) {
                self.consume(end - self.pos);
                continue;
            }
            break;
        }
        if first {
            self.mbox = self.buf[self.pos..self.end].starts_with(b"From ");
        }
        let mut head = Head {
            line: self.line,
            ..Head::default()
        };
        if self.mbox && self.buf[self.pos..self.end].starts_with(b"From ") {
            if let Some(end) = self.line_end(MAX_HEADER)? {
                head.from_line = Some(trim_eol(&self.buf[self.pos..end]).to_vec());
                self.consume(end - self.pos);
            }
        }
        loop {
            if self.pos == self.end && !self.fill()? {
                head.damage = Some(Damage::EndOfFile);
                break;
            }
            let Some(end) = self.line_end(MAX_HEADER)? else {
                head.damage = Some(Damage::TooLong);
                break;
            };
            let line = &self.buf[self.pos..end];
            if is_blank(line) {
                self.consume(end - self.pos);
                break;
            }
            if self.mbox && line.starts_with(b"From ") {
                head.damage = Some(Damage::NextMessage);
                return Ok(Some(head));
            }
            if head.headers.len() + line.len() > MAX_HEADER {
                head.damage = Some(Damage::TooLong);
                break;
            }
            head.headers.extend_from_slice(line);
            let ended = line.ends_with(b"\n");
            self.consume(end - self.pos);
            if !ended {
                head.damage = Some(Damage::EndOfFile);
                break;
            }
        }
        if !self.mbox {
            self.done = true;
        }
        Ok(Some(head))
    }

    /// Skips the body of the message whose head was just read, up to the
    /// next separator or the end of the entry, keeping it
    /// ([`Scanner::kept`]) when `keep`. A single message's body is read
    /// only when kept.
    ///
    /// # Errors
    ///
    /// When the entry cannot be read.
    pub(super) fn body(&mut self, keep: bool) -> io::Result<()> {
        self.keep = keep.then_some(self.pos);
        let result = self.skip_body(keep);
        self.kept_end = self.pos;
        result
    }

    fn skip_body(&mut self, keep: bool) -> io::Result<()> {
        if !self.mbox {
            if !keep {
                return Ok(());
            }
            loop {
                let n = self.end - self.pos;
                self.consume(n);
                if self.keep.is_none() || !self.fill()? {
                    return Ok(());
                }
            }
        }
        // The body starts at a line start: a separator may come first.
        if self.at_separator()? {
            return Ok(());
        }
        loop {
            match self.from.find(&self.buf[self.pos..self.end]) {
                Some(i) => {
                    // Up to and including the `\n`.
                    self.consume(i + 1);
                    if self.at_separator()? {
                        return Ok(());
                    }
                    // A body line that starts with `From `: past `From`.
                    self.consume(4);
                }
                None => {
                    // Keep the last bytes: a `\nFrom ` may straddle the
                    // chunks.
                    let n = (self.end - self.pos).saturating_sub(5);
                    self.consume(n);
                    if !self.fill()? {
                        let n = self.end - self.pos;
                        self.consume(n);
                        return Ok(());
                    }
                }
            }
        }
    }

    /// Whether a separator `From ` line starts at `pos` (which is at a line
    /// start): one with a time, followed by a header line.
    fn at_separator(&mut self) -> io::Result<bool> {
        while self.end - self.pos < 5 {
            if !self.fill()? {
                break;
            }
        }
        if !self.buf[self.pos..self.end].starts_with(b"From ") {
            return Ok(false);
        }
        // The `From ` line and the next, within 64 KiB.
        const LOOK: usize = 64 << 10;
        loop {
            let hay = &self.buf[self.pos..self.end];
            let mut ends = memchr::memchr_iter(b'\n', hay);
            if let (Some(first), Some(second)) = (ends.next(), ends.next()) {
                let from_line = &hay[..=first];
                let next = &hay[first + 1..=second];
                return Ok(has_time(from_line) && is_header_start(next));
            }
            if hay.len() > LOOK || !self.fill()? {
                // A `From ` line last in the entry, or one followed by a
                // last line without its `\n`.
                let hay = &self.buf[self.pos..self.end];
                return Ok(match memchr::memchr(b'\n', hay) {
                    Some(first) => has_time(&hay[..first]) && is_header_start(&hay[first + 1..]),
                    None => false,
                });
            }
        }
    }
}

/// The number of `\n` in `bytes` (`memchr`'s vector search beats a
/// counting loop here).
fn count_lines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

fn is_blank(line: &[u8]) -> bool {
    matches!(line, b"\n" | b"\r\n" | b"\r" | b"")
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Whether a `From ` line carries a date: a time of day, `d:dd`, and a
/// month's name as a word (asctime's `Mon May 26 20:18:05`).
fn has_time(line: &[u8]) -> bool {
    const MONTHS: [&[u8]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    line.windows(4).any(|w| {
        w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit() && w[3].is_ascii_digit()
    }) && line
        .split(|b| b.is_ascii_whitespace())
        .any(|word| MONTHS.iter().any(|m| word.eq_ignore_ascii_case(m)))
}

/// Whether `line` starts a header field: a name of letters, digits and
/// `-`, then `:`.
pub(super) fn is_header_start(line: &[u8]) -> bool {
    let name_len = line
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b'_')
        .count();
    name_len > 0 && line.get(name_len) == Some(&b':')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One message as (line, from line, headers, damage, body kept).
    type Scanned = (u64, Option<String>, String, Option<Damage>, String);

    /// Every message.
    fn scan(bytes: &[u8], chunk: usize) -> Vec<Scanned> {
        struct Slow<'a>(&'a [u8], usize);
        impl Read for Slow<'_> {
            fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(out.len()).min(self.1);
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut sc = Scanner::new(Slow(bytes, chunk));
        let mut out = Vec::new();
        while let Some(h) = sc.head().unwrap() {
            sc.body(true).unwrap();
            let body = sc.kept().to_vec();
            out.push((
                h.line,
                h.from_line.map(|l| String::from_utf8(l).unwrap()),
                String::from_utf8(h.headers).unwrap(),
                h.damage,
                String::from_utf8(body).unwrap(),
            ));
        }
        out
    }

    const MBOX: &str = "From a@example.com Mon May 26 20:18:05 +0000 2025\r\n\
        From: A <a@example.com>\r\n\
        Subject: hi\r\n\
        \r\n\
        From here on, no header.\r\n\
        From the start: 10:30 sharp\r\n\
        Note: a body line\r\n\
        >From quoted\r\n\
        \r\n\
        From - Mon Jan 01 00:00:00 2024\r\n\
        X-Mozilla-Status: 0001\r\n\
        \r\n\
        body\r\n";

    #[test]
    fn messages_split_at_separators_only_in_any_chunking() {
        for chunk in [1, 2, 3, 5, 7, 64, 1 << 20] {
            let got = scan(MBOX.as_bytes(), chunk);
            assert_eq!(got.len(), 2, "chunk {chunk}");
            assert_eq!(got[0].0, 1);
            assert_eq!(
                got[0].1.as_deref(),
                Some("From a@example.com Mon May 26 20:18:05 +0000 2025")
            );
            assert_eq!(got[0].2, "From: A <a@example.com>\r\nSubject: hi\r\n");
            assert_eq!(
                got[0].4,
                "From here on, no header.\r\nFrom the start: 10:30 sharp\r\nNote: a body line\r\n>From quoted\r\n\r\n"
            );
            assert_eq!(got[1].0, 10);
            assert_eq!(got[1].2, "X-Mozilla-Status: 0001\r\n");
            assert_eq!(got[1].4, "body\r\n");
            assert!(got.iter().all(|m| m.3.is_none()));
        }
    }

    #[test]
    fn a_message_cut_in_its_headers() {
        let text = "From x 1 00:00:00 2024\nFrom: a@example.com\nTo: b@exa";
        let got = scan(text.as_bytes(), 3);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].3, Some(Damage::EndOfFile));
        let text = "From x Jan 1 00:00:00 2024\nFrom: a@example.com\nFrom y Jan 1 00:00:00 2024\nFrom: c@example.com\n\n";
        let got = scan(text.as_bytes(), 1 << 20);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].3, Some(Damage::NextMessage));
        assert_eq!(got[1].0, 3);
        assert_eq!(got[1].3, None);
    }

    #[test]
    fn one_message_without_from_line() {
        let text = "\u{feff}Date: Mon, 1 Jan 2024 10:00:00 +0000\nFrom: a@example.com\n\nFrom x 1 00:00:00 2024\nTo: z@example.com\n";
        let got = scan(text.as_bytes(), 4);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, None);
        assert!(got[0].2.starts_with("Date:"));
        assert_eq!(got[0].4, "From x 1 00:00:00 2024\nTo: z@example.com\n");
    }

    #[test]
    fn lines_are_counted_across_chunks() {
        let mut text = String::new();
        for i in 0..50 {
            text.push_str(&format!(
                "From x Mon Jan 1 00:00:{i:02} 2024\nFrom: a{i}@example.com\n\nline\nline\n\n"
            ));
        }
        for chunk in [1, 13, 1 << 20] {
            let got = scan(text.as_bytes(), chunk);
            let lines: Vec<u64> = got.iter().map(|m| m.0).collect();
            let want: Vec<u64> = (0..50).map(|i| 1 + 6 * i).collect();
            assert_eq!(lines, want);
        }
    }

    #[test]
    fn a_body_over_the_limit_is_not_kept() {
        let mut text = b"From x Mon Jan 1 00:00:00 2024\nFrom: a@example.com\n\n".to_vec();
        for _ in 0..(MAX_BODY / 64 + 10) {
            text.extend_from_slice(&[b'b'; 63]);
            text.push(b'\n');
        }
        text.extend_from_slice(b"From y Mon Jan 1 00:00:00 2024\nFrom: b@example.com\n\nshort\n");
        let got = scan(&text, 1 << 20);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].4, "");
        assert_eq!(got[1].4, "short\n");
        assert_eq!(got[1].0, 4 + (MAX_BODY / 64 + 10) as u64);
    }

    #[test]
    fn a_header_block_without_end_is_too_long() {
        let mut text = b"From x Mon Jan 1 00:00:00 2024\n".to_vec();
        text.extend(std::iter::repeat_n(b'a', MAX_HEADER + 10));
        text.extend_from_slice(b"\n\nFrom y Mon Jan 1 00:00:00 2024\nFrom: b@example.com\n\n");
        let got = scan(&text, 1 << 16);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].3, Some(Damage::TooLong));
        assert_eq!(got[1].0, 4);
    }
}
