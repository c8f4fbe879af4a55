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
            for i in memchr::memchr_iter(b'\n', &buf[..take]) {
                self.newlines.push_back(self.consumed + i as u64);
            }
        }
        self.consumed += amt as u64;
        self.inner.consume(amt);
    }
}

/// Transcodes UTF-16 (after its byte-order mark) to UTF-8 as it is read,
/// with `encoding_rs`: unpaired surrogates and a last odd byte become
/// U+FFFD.
pub(super) struct Utf16Reader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    /// UTF-8 decoded and not yet handed out: `out[pos..filled]`.
    out: Box<[u8]>,
    pos: usize,
    filled: usize,
    /// The input has ended and the decoder is flushed.
    done: bool,
}

impl<R: BufRead> Utf16Reader<R> {
    pub(super) fn new(inner: R, big_endian: bool) -> Utf16Reader<R> {
        let encoding = if big_endian {
            encoding_rs::UTF_16BE
        } else {
            encoding_rs::UTF_16LE
        };
        Utf16Reader {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            out: vec![0; 16 * 1024].into_boxed_slice(),
            pos: 0,
            filled: 0,
            done: false,
        }
    }
}

impl<R: BufRead> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.filled {
            if self.done {
                return Ok(0);
            }
            let chunk = self.inner.fill_buf()?;
            let last = chunk.is_empty();
            // As much of the chunk as fits; the decoder keeps an odd byte
            // or a high surrogate for the next one.
            let (_, read, written, _) = self.decoder.decode_to_utf8(chunk, &mut self.out, last);
            self.inner.consume(read);
            (self.pos, self.filled, self.done) = (0, written, last);
        }
        let n = buf.len().min(self.filled - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
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

    #[test]
    fn utf16_is_transcoded_whatever_the_chunks() {
        let text = "a\u{e9}\u{1F600}\nb";
        for big_endian in [false, true] {
            let unit = |u: u16| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            };
            let utf16: Vec<u8> = text.encode_utf16().flat_map(unit).collect();
            // Unpaired surrogates, then an odd byte at the end.
            let mut broken: Vec<u8> = [0x61, 0xD83D, 0x62, 0xDE00, 0x63]
                .into_iter()
                .flat_map(unit)
                .collect();
            broken.push(0x64);
            for capacity in [1, 3, 8192] {
                let read = |bytes: &[u8]| {
                    let input = io::BufReader::with_capacity(capacity, bytes);
                    let mut out = String::new();
                    Utf16Reader::new(input, big_endian)
                        .read_to_string(&mut out)
                        .unwrap();
                    out
                };
                assert_eq!(read(&utf16), text);
                assert_eq!(read(&broken), "a\u{fffd}b\u{fffd}c\u{fffd}");
            }
        }
    }
}
