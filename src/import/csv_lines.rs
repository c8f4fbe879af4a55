//! The physical line of each CSV row, for warnings.
//!
//! The `csv` crate's own line numbers are off in two ways: in a file with
//! `CR LF` line ends (every Excel save) a row's position points at the
//! `LF` that ends the row before, so every row but the first is named one
//! line early; and the line feeds inside quoted fields are counted only in
//! part, so a multi-line note shifts every later row. [`LineEnds`] notes
//! where the lines end as the bytes go by, and [`row_line`] takes a row's
//! line from them.

use std::collections::VecDeque;
use std::io::Read;

/// A reader that notes the offsets of the line feeds it passes on.
pub(crate) struct LineEnds<R> {
    inner: R,
    /// Bytes read so far.
    read: u64,
    /// Offsets of the line feeds read and not yet passed by a row.
    ends: VecDeque<u64>,
    /// The physical line of the first byte, plus the line feeds passed.
    line: u64,
}

impl<R> LineEnds<R> {
    /// `first_line`: the physical line of the first byte `inner` gives
    /// (1 for a whole file; the line after the header when the header was
    /// read before).
    pub(crate) fn new(inner: R, first_line: u64) -> LineEnds<R> {
        LineEnds {
            inner,
            read: 0,
            ends: VecDeque::new(),
            line: first_line,
        }
    }

    /// The physical line of the byte at `offset`: the first line plus the
    /// line feeds before it. Offsets asked about must not decrease.
    pub(crate) fn line_at(&mut self, offset: u64) -> u64 {
        while self.ends.front().is_some_and(|&end| end < offset) {
            self.ends.pop_front();
            self.line += 1;
        }
        self.line
    }
}

impl<R: Read> Read for LineEnds<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let read = self.read;
        self.ends
            .extend(memchr::memchr_iter(b'\n', &buf[..n]).map(|i| read + i as u64));
        self.read += n as u64;
        Ok(n)
    }
}

/// The first physical line of the row `reader` has just read, whose
/// fields' bytes are `fields` (`ByteRecord::as_slice`): its last line
/// (its last byte is its line end, the `CR` of a `CR LF`, or its last
/// character at the end of the input) less the line feeds inside its
/// quoted fields.
pub(crate) fn row_line<R: Read>(reader: &mut csv::Reader<LineEnds<R>>, fields: &[u8]) -> u64 {
    let end = reader.position().byte().saturating_sub(1);
    let inside = memchr::memchr_iter(b'\n', fields).count() as u64;
    reader.get_mut().line_at(end).saturating_sub(inside)
}

/// The physical line of a CSV error.
pub(crate) fn error_line<R: Read>(
    reader: &mut csv::Reader<LineEnds<R>>,
    e: &csv::Error,
) -> Option<u64> {
    e.position().map(|p| reader.get_mut().line_at(p.byte()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row's first field and line, as `row_line` gives them.
    fn lines(input: &str) -> Vec<(String, u64)> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(LineEnds::new(input.as_bytes(), 1));
        let mut row = csv::ByteRecord::new();
        let mut out = Vec::new();
        while reader.read_byte_record(&mut row).unwrap() {
            let line = row_line(&mut reader, row.as_slice());
            out.push((String::from_utf8_lossy(&row[0]).into_owned(), line));
        }
        out
    }

    #[test]
    fn rows_are_named_by_their_first_physical_line() {
        let want = |v: &[(&str, u64)]| -> Vec<(String, u64)> {
            v.iter().map(|(s, l)| ((*s).to_owned(), *l)).collect()
        };
        assert_eq!(
            lines("a,1\nb,2\nc,3\n"),
            want(&[("a", 1), ("b", 2), ("c", 3)])
        );
        assert_eq!(
            lines("a,1\r\nb,2\r\nc,3\r\n"),
            want(&[("a", 1), ("b", 2), ("c", 3)])
        );
        assert_eq!(
            lines("a,1\r\nb,2\r\nc,3"),
            want(&[("a", 1), ("b", 2), ("c", 3)])
        );
        // Line feeds inside quoted fields, in both line-end styles.
        assert_eq!(
            lines("a,\"x\ny\"\nb,2\n\"c\nd\",3\ne,4\n"),
            want(&[("a", 1), ("b", 3), ("c\nd", 4), ("e", 6)])
        );
        assert_eq!(
            lines("a,\"x\r\ny\"\r\nb,2\r\n\r\nc,3\r\n"),
            want(&[("a", 1), ("b", 3), ("c", 5)])
        );
    }
}
