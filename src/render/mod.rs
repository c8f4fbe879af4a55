//! Renderers: one module per output format, each writing report rows to an
//! `io::Write`, plus the one atomic-write helper every file output goes
//! through.

pub mod changes;
pub mod csv;
pub mod explain;
pub mod html;
pub mod ics;
pub mod json;
pub mod markdown;
pub mod people;
pub mod suggest;
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
    /// The versioned JSON document (docs/report.md "JSON").
    Json,
    /// A Markdown document: run, sources, changes, the ranked table.
    Markdown,
    /// One self-contained HTML page: sortable, filterable table and charts.
    Html,
}

impl Format {
    /// The format's name, as `--format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }
}

/// What a renderer may say about the run besides the rows.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    pub as_of: Date,
    /// The table's width: the terminal's (or `COLUMNS`); `None` off a
    /// terminal, where lines are left whole. Other formats ignore it.
    pub width: Option<usize>,
    /// Whether the table is coloured (a terminal, no `NO_COLOR`, or
    /// `--color always`). Other formats ignore it.
    pub color: bool,
    /// People considered (owner excluded) before filtering.
    pub people: usize,
    /// The IANA name of the zone dates were taken in.
    pub tz: String,
    /// The region national phone numbers were read in.
    pub region: String,
    pub stale_after: i64,
    pub min_interactions: u64,
    /// Whether `recent` people are listed too.
    pub all: bool,
    /// CSV only (`--excel`): start with a UTF-8 byte-order mark and write
    /// phone numbers as text formulas, so Excel keeps accents and the `+`.
    pub excel: bool,
    /// What each source kind's evidence covers, sorted by kind.
    pub sources: Vec<Coverage>,
    /// A source whose newest evidence is more than this many days older
    /// than `as_of` gets a freshness warning.
    pub source_max_age: i64,
    /// Every person the report considered (enough online interactions),
    /// whatever their status: what the next run compares against.
    pub tracked: Vec<changes::Tracked>,
    /// What changed since the previous report in `--output-dir`.
    pub changes: Option<changes::Changes>,
}

/// The evidence one source kind gave, for the freshness section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coverage {
    /// `calendar`, `calllog`, ... (the `sources` column's words).
    pub kind: String,
    /// Entries (files, archive members) read of this kind.
    pub entries: usize,
    /// Earliest and latest evidence dated on or before `as_of`; `None`
    /// when the source gave no dated evidence (an address book).
    pub first: Option<Date>,
    pub last: Option<Date>,
    /// People in the report this source knows.
    pub people: usize,
}

impl Coverage {
    /// Days between the newest evidence and `as_of`, when that is more than
    /// `max_age`: the source is stale and days without contact may be
    /// overstated for people reached that way.
    pub fn stale_by(&self, as_of: Date, max_age: i64) -> Option<i64> {
        let last = self.last?;
        let days = last.until(as_of).ok()?.get_days().into();
        (days > max_age).then_some(days)
    }

    /// The freshness warning, one sentence, when the source is stale.
    pub fn warning(&self, as_of: Date, max_age: i64) -> Option<String> {
        let days_old = self.stale_by(as_of, max_age)?;
        let last = self.last?;
        Some(format!(
            "{}: newest evidence is from {last}, {} before {as_of}; days without contact may be overstated for the {} {} reached that way",
            self.kind,
            days(days_old),
            self.people,
            if self.people == 1 { "person" } else { "people" }
        ))
    }
}

impl Meta {
    /// The freshness warnings, in source order.
    pub fn freshness_warnings(&self) -> Vec<String> {
        self.sources
            .iter()
            .filter_map(|c| c.warning(self.as_of, self.source_max_age))
            .collect()
    }
}

/// `offgrid x.y.z`, as the reports name their generator.
pub const GENERATED_BY: &str = concat!("offgrid ", env!("CARGO_PKG_VERSION"));

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
        Format::Csv if meta.excel => csv::write_excel(rows, out),
        Format::Csv => csv::write(rows, out),
        Format::Json => json::write(rows, meta, out),
        Format::Markdown => markdown::write(rows, meta, out),
        Format::Html => html::write(rows, meta, out),
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

/// `1 day`, `2 days`: a count of days as a sentence says it.
pub fn days(n: i64) -> String {
    if n == 1 || n == -1 {
        format!("{n} day")
    } else {
        format!("{n} days")
    }
}

/// Text from the inputs with its control characters replaced, so a hostile
/// name cannot move the cursor or rewrite the terminal.
pub(crate) fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

/// `YYYY-MM-DD`, or empty.
pub(crate) fn date_cell(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_is_stale_after_max_age_days() {
        let day = |s: &str| s.parse::<Date>().unwrap();
        let c = Coverage {
            kind: "calllog".into(),
            entries: 1,
            first: Some(day("2020-01-01")),
            last: Some(day("2026-08-28")),
            people: 1,
        };
        assert_eq!(c.stale_by(day("2026-11-26"), 90), None);
        assert_eq!(c.stale_by(day("2026-11-27"), 90), Some(91));
        assert_eq!(
            c.warning(day("2026-11-27"), 90).unwrap(),
            "calllog: newest evidence is from 2026-08-28, 91 days before 2026-11-27; days without contact may be overstated for the 1 person reached that way"
        );
        assert_eq!(
            c.warning(day("2026-08-29"), 0).unwrap(),
            "calllog: newest evidence is from 2026-08-28, 1 day before 2026-08-29; days without contact may be overstated for the 1 person reached that way"
        );
        assert_eq!(days(1), "1 day");
        assert_eq!(days(0), "0 days");
        let undated = Coverage {
            last: None,
            first: None,
            ..c
        };
        assert_eq!(undated.warning(day("2030-01-01"), 90), None);
    }
}
