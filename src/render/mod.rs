//! Renderers: one module per output format, each writing report rows to an
//! `io::Write`, plus the one atomic-write helper every file output goes
//! through.

pub mod csv;
pub mod table;

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

use jiff::civil::Date;

use crate::analyze::ReportRow;

/// The report's output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An aligned table for the terminal.
    Table,
    /// The CSV contract (docs/report.md).
    Csv,
}

/// What a renderer may say about the run besides the rows.
#[derive(Clone, Debug)]
pub struct Meta {
    pub as_of: Date,
    /// Terminal width for the table; CSV ignores it.
    pub width: usize,
    /// People considered (owner excluded) before filtering.
    pub people: usize,
}

/// Writes `rows` in `format` to `out`.
///
/// # Errors
///
/// When writing fails.
pub fn render(
    format: Format,
    rows: &[ReportRow],
    meta: &Meta,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Table => table::write(rows, meta, out),
        Format::Csv => csv::write(rows, out),
    }
}

/// Writes a file atomically: into a temporary file beside `path` that only
/// its owner can read, then renamed over `path`. A failure leaves any
/// previous file untouched.
///
/// # Errors
///
/// When the directory is not writable or the write fails.
pub fn write_atomically(
    path: &Path,
    contents: &dyn Fn(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file: File = options.open(&tmp)?;
        let mut writer = io::BufWriter::new(file);
        contents(&mut writer)?;
        let file = writer
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// `YYYY-MM-DD`, or empty.
pub(crate) fn date_cell(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}
