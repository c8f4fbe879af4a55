//! The bytes quick-xml reads: a [`LineCounter`] notes where newlines were,
//! so every warning names a line without reading the input twice, and a
//! UTF-16 backup is transcoded to UTF-8 as it is read ([`Utf16Reader`]).
//! Nothing here knows the format.

use std::collections::VecDeque;
use std::io::{self, BufRead, Read};

/// A `BufRead` that notes where newlines were as bytes are consumed, so the
/// byte offsets quick-xml reports (`buffer_position`, `error_position`) map
/// to line numbers without reading the input twice. Offsets must be asked
/// for in increasing order; only the newlines after the last one asked for
/// are kept.
pub(super) struct LineCounter<R> {
    inner: R,
    consumed: u64,
    /// Offsets of newlines consumed but not yet passed by a query.
    newlines: VecDeque<u64>,
    /// Newlines before the first one in `newlines`.
    passed: u64,
}

impl<R: BufRead> LineCounter<R> {
    pub(super) fn new(inner: R) -> LineCounter<R> {
        LineCounter {
            inner,
            consumed: 0,
            newlines: VecDeque::new(),
            passed: 0,
        }
    }

    /// The 1-based line of byte offset `pos`.
    pub(super) fn line_at(&mut self, pos: u64) -> u64 {
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
pub(super) struct Utf16Reader<R> {
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
    pub(super) fn new(inner: R, big_endian: bool) -> Utf16Reader<R> {
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
    use super::*;

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
}
