//! Input limits: one place for every bound offgrid puts on what it reads, with
//! its default, the flag that raises it and its key in the config's
//! `[limits]` table (docs/errors.md "Limits").
//!
//! Exports come from the web and may be truncated, re-saved or hostile; a
//! limit turns a zip bomb or an endless line into one located error for that
//! entry instead of an exhausted machine, and the rest of the run goes on.
//! The limits are settled once per run, before anything is read, with
//! [`Limits::settle`]: the `--max-*` flags of `report`, `people` and
//! `explain`, else the config's `[limits]` (`log` has only the config), else
//! the defaults; they travel to every reader in the import
//! [`Context`](crate::import::Context).

use std::io::{self, Read};
use std::sync::{Arc, Mutex};

/// The bounds on one entry (a file, or one member of an archive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Bytes one entry may hold once inflated (`--max-entry-size`,
    /// `max-entry-size`).
    pub entry_size: u64,
    /// How many times its compressed size an archive member may inflate to
    /// (`--max-ratio`, `max-ratio`); only checked past [`RATIO_FLOOR`] bytes.
    pub ratio: u64,
    /// Bytes one line may hold (`--max-line-length`, `max-line-length`); a
    /// CSV field, a vCard property or a JSON line is never longer than its
    /// line.
    pub line_length: u64,
}

/// Small members may compress better than any ratio (a file of blanks); the
/// ratio is only checked once a member has inflated past this many bytes.
pub const RATIO_FLOOR: u64 = 1 << 20;

/// JSON nesting depth: serde_json's own limit (128 levels); real exports
/// nest fewer than 10. Not overridable.
pub const JSON_DEPTH: usize = 128;

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            // The largest real exports seen are a few hundred MiB (years of
            // Messenger threads in one JSON file).
            entry_size: 4 << 30,
            // Text exports compress 5 to 20 times; 10 MiB of zeros, 1000.
            ratio: 200,
            // Real lines are under a few KiB; a vCard PHOTO line stays well
            // under this.
            line_length: 16 << 20,
        }
    }
}

impl Limits {
    /// The limits for a run from what the command line and the config give
    /// (flags already merged over config keys): each value given replaces
    /// its default. A ratio of 0 counts as 1.
    pub fn settle(entry_size: Option<u64>, ratio: Option<u64>, line_length: Option<u64>) -> Limits {
        let d = Limits::default();
        Limits {
            entry_size: entry_size.unwrap_or(d.entry_size),
            ratio: ratio.unwrap_or(d.ratio).max(1),
            line_length: line_length.unwrap_or(d.line_length),
        }
    }
}

/// Parses a size flag or config value: bytes, or a number with `K`, `M` or
/// `G` (binary units, `KiB`/`MiB`/`GiB` spelled either way).
///
/// # Errors
///
/// When the value is not such a size, or is zero.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let lower = lower.trim_end_matches("ib").trim_end_matches('b');
    let (digits, shift) = match lower.char_indices().last() {
        Some((i, 'k')) => (&lower[..i], 10),
        Some((i, 'm')) => (&lower[..i], 20),
        Some((i, 'g')) => (&lower[..i], 30),
        _ => (lower, 0),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("expected a size such as 512M or 2G, found {s:?}"))
}

/// Writes a byte count the way the flags take it: `16M`, `4G`, or bytes.
pub fn show_size(n: u64) -> String {
    match n {
        n if n >= 1 << 30 && n % (1 << 30) == 0 => format!("{}G", n >> 30),
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{}M", n >> 20),
        n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{}K", n >> 10),
        n => format!("{n} bytes"),
    }
}

/// Which limit an entry ran into, with the line it was on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exceeded {
    /// The line being read when the limit was hit (1-based).
    pub line: u64,
    pub message: String,
}

/// A reader that enforces [`Limits`] on the bytes passing through it, while
/// they are read: it never hands out a byte past a limit. When one is hit it
/// records why in its shared [`Tripped`] slot, returns one error, and then
/// reports the end of the stream, so an importer that keeps reading after an
/// error ends instead of looping.
pub struct Guarded<R> {
    inner: R,
    limits: Limits,
    /// The compressed size of an archive member, for the ratio check.
    compressed: Option<u64>,
    switch: LineSwitch,
    total: u64,
    line: u64,
    line_len: u64,
    tripped: Tripped,
    /// Bytes past a size limit were seen: the next read fails.
    over: bool,
    done: bool,
}

/// Where a [`Guarded`] reader records the limit it hit; shared with the
/// caller, which turns it into the entry's error.
#[derive(Clone, Debug, Default)]
pub struct Tripped(Arc<Mutex<Option<Exceeded>>>);

impl Tripped {
    /// The limit hit, if any.
    pub fn get(&self) -> Option<Exceeded> {
        self.0.lock().map_or(None, |g| g.clone())
    }

    fn set(&self, e: Exceeded) {
        if let Ok(mut g) = self.0.lock() {
            g.get_or_insert(e);
        }
    }
}

/// Turns off the line-length check of a [`Guarded`] reader after the fact
/// (for formats whose lines may legitimately be huge: the call log's inline
/// MMS attachments).
#[derive(Clone, Debug, Default)]
pub struct LineSwitch(Arc<std::sync::atomic::AtomicBool>);

impl LineSwitch {
    pub fn disable(&self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    fn disabled(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl<R: Read> Guarded<R> {
    /// Wraps `inner`; `compressed` is the stored size of an archive member
    /// (None for a plain file).
    pub fn new(inner: R, limits: Limits, compressed: Option<u64>) -> Guarded<R> {
        Guarded {
            inner,
            limits,
            compressed,
            switch: LineSwitch::default(),
            total: 0,
            line: 1,
            line_len: 0,
            tripped: Tripped::default(),
            over: false,
            done: false,
        }
    }

    /// The slot this reader records a hit limit in.
    pub fn tripped(&self) -> Tripped {
        self.tripped.clone()
    }

    /// A switch that turns the line check off.
    pub fn line_switch(&self) -> LineSwitch {
        self.switch.clone()
    }

    fn trip(&mut self, message: String) -> io::Error {
        self.done = true;
        self.tripped.set(Exceeded {
            line: self.line,
            message: message.clone(),
        });
        io::Error::other(message)
    }

    /// How many bytes may still pass before a size or ratio limit.
    fn room(&self) -> u64 {
        let mut cap = self.limits.entry_size;
        if let Some(c) = self.compressed {
            let by_ratio = c.saturating_mul(self.limits.ratio).max(RATIO_FLOOR);
            cap = cap.min(by_ratio);
        }
        cap.saturating_sub(self.total)
    }

    fn over_size_message(&self) -> String {
        let l = &self.limits;
        match self.compressed {
            Some(c) if c.saturating_mul(l.ratio).max(RATIO_FLOOR) < l.entry_size => format!(
                "archive member inflates to more than {} times its compressed size of {c} bytes \
                 (a zip bomb?); stopped reading it (raise the limit with --max-ratio)",
                l.ratio
            ),
            _ => format!(
                "entry is larger than {} (raise the limit with --max-entry-size)",
                show_size(l.entry_size)
            ),
        }
    }
}

impl<R: Read> Read for Guarded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.done || buf.is_empty() {
            return Ok(0);
        }
        if self.over {
            return Err(self.trip(self.over_size_message()));
        }
        // Ask for one byte more than the room left, so reaching the limit
        // exactly is not an error but passing it is.
        let room = self.room();
        let want = usize::try_from(room.saturating_add(1)).map_or(buf.len(), |r| r.min(buf.len()));
        let n = self.inner.read(&mut buf[..want])?;
        // Lines are counted up to the limit, so the error names the line
        // the limit fell on.
        let ok = usize::try_from(room).map_or(n, |r| n.min(r));
        let check = !self.switch.disabled();
        let mut rest = &buf[..ok];
        // The usual case, a chunk that cannot hold an overlong line: count
        // its newlines (memchr's SIMD count: every byte of every entry passes
        // here) and carry the length after the last one, instead of walking
        // it line by line.
        if self.line_len.saturating_add(rest.len() as u64) <= self.limits.line_length {
            match memchr::memrchr(b'\n', rest) {
                Some(last) => {
                    self.line += memchr::memchr_iter(b'\n', rest).count() as u64;
                    self.line_len = (rest.len() - last - 1) as u64;
                }
                None => self.line_len += rest.len() as u64,
            }
            rest = &[];
        }
        while !rest.is_empty() {
            let newline = memchr::memchr(b'\n', rest);
            let len = newline.unwrap_or(rest.len());
            self.line_len += len as u64;
            if check && self.line_len > self.limits.line_length {
                return Err(self.trip(format!(
                    "line is longer than {} (raise the limit with --max-line-length)",
                    show_size(self.limits.line_length)
                )));
            }
            let Some(i) = newline else { break };
            self.line += 1;
            self.line_len = 0;
            rest = &rest[i + 1..];
        }
        self.total += ok as u64;
        if n > ok {
            // Hand out what fits; the next read reports the limit.
            self.over = true;
            if ok == 0 {
                return Err(self.trip(self.over_size_message()));
            }
        }
        Ok(ok)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Limits {
        Limits {
            entry_size: 100,
            ratio: 10,
            line_length: 8,
        }
    }

    fn drain(r: &mut impl Read) -> (Vec<u8>, Option<String>) {
        let mut out = Vec::new();
        let mut buf = [0u8; 7];
        loop {
            match r.read(&mut buf) {
                Ok(0) => return (out, None),
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => return (out, Some(e.to_string())),
            }
        }
    }

    #[test]
    fn sizes_parse_and_show() {
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("2GiB"), Ok(2 << 30));
        assert_eq!(parse_size("10k"), Ok(10 << 10));
        assert_eq!(parse_size("1234"), Ok(1234));
        assert_eq!(
            parse_size("lots"),
            Err("expected a size such as 512M or 2G, found \"lots\"".to_owned())
        );
        assert!(parse_size("0").is_err());
        assert_eq!(show_size(16 << 20), "16M");
        assert_eq!(show_size(4 << 30), "4G");
        assert_eq!(show_size(1000), "1000 bytes");
    }

    #[test]
    fn exactly_at_the_limit_passes() {
        let data = b"1234567\n".repeat(12); // 96 bytes, lines of 7
        let mut g = Guarded::new(&data[..], small(), None);
        let (out, err) = drain(&mut g);
        assert_eq!((out.len(), err), (96, None));
        assert_eq!(g.tripped().get(), None);
    }

    #[test]
    fn a_long_line_stops_reading_and_names_its_line() {
        let data = b"ok\nok\n123456789\nmore\n";
        let mut g = Guarded::new(&data[..], small(), None);
        let (_, err) = drain(&mut g);
        let want = "line is longer than 8 bytes (raise the limit with --max-line-length)";
        assert_eq!(err.as_deref(), Some(want));
        assert_eq!(
            g.tripped().get(),
            Some(Exceeded {
                line: 3,
                message: want.to_owned()
            })
        );
        // After the error: the end of the stream, never more bytes.
        assert_eq!(g.read(&mut [0u8; 4]).unwrap(), 0);
    }

    #[test]
    fn lines_are_counted_across_chunks_of_any_size() {
        // 50,000 short lines read a chunk at a time (the counting fast
        // path), then a line too long that starts mid-chunk: the error names
        // its line whatever the chunk size.
        let mut data = b"abc\n".repeat(50_000);
        data.extend_from_slice(&[b'x'; 2_000]);
        data.extend_from_slice(b"\nlast\n");
        let limits = Limits {
            entry_size: 1 << 30,
            ratio: 10,
            line_length: 1_000,
        };
        for chunk in [1, 7, 512, 4096, 1 << 20] {
            let mut g = Guarded::new(&data[..], limits, None);
            let mut buf = vec![0u8; chunk];
            let mut read = 0;
            let err = loop {
                match g.read(&mut buf) {
                    Ok(0) => break None,
                    Ok(n) => read += n,
                    Err(e) => break Some(e),
                }
            };
            assert!(err.is_some(), "chunk {chunk}");
            assert_eq!(
                g.tripped().get().map(|e| e.line),
                Some(50_001),
                "chunk {chunk}"
            );
            assert!(read <= 200_000 + 1_000, "chunk {chunk}: read {read}");
        }
    }

    #[test]
    fn size_and_ratio_stop_inflating() {
        let data = vec![b'\n'; 500];
        let mut g = Guarded::new(&data[..], small(), None);
        let (out, err) = drain(&mut g);
        assert!(out.len() <= 100);
        assert_eq!(
            err.as_deref(),
            Some("entry is larger than 100 bytes (raise the limit with --max-entry-size)")
        );
        let limits = Limits {
            entry_size: 1 << 40,
            ratio: 2,
            line_length: 1 << 30,
        };
        let data = vec![b'\n'; (RATIO_FLOOR + 10) as usize];
        let mut g = Guarded::new(&data[..], limits, Some(3));
        let (out, err) = drain(&mut g);
        assert_eq!(out.len() as u64, RATIO_FLOOR);
        assert_eq!(
            err.as_deref(),
            Some(
                "archive member inflates to more than 2 times its compressed size of 3 bytes \
                 (a zip bomb?); stopped reading it (raise the limit with --max-ratio)"
            )
        );
    }
}
