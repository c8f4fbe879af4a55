//! Everything offgrid says on stderr, in one place: the progress spinner,
//! errors, warnings, notices and the summary line.
//!
//! stdout carries the report and nothing else; every other line goes
//! through [`Messages`], which
//!
//! - prefixes it (`offgrid: error: …`, `offgrid: warning: …`);
//! - escapes control characters, so a name or a zip member name from a
//!   hostile input cannot move the cursor or rewrite the terminal;
//! - keeps quiet runs quiet (`--quiet` leaves errors only);
//! - caps the warnings printed one by one ([`MAX_WARNINGS_SHOWN`]);
//! - and, while the spinner is drawn, clears it for the line and draws it
//!   again after, so nothing is printed over it.
//!
//! No lock on stderr is ever held across work: the spinner is drawn from
//! other threads (rayon workers, indicatif's ticker), and a lock held by
//! the main thread while it waits for them would deadlock the run.

use std::fmt::Display;
use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::ExitCode;
use crate::discover::Imported;
use crate::model::Region;
use crate::resolve::Resolution;

/// How many warnings are printed one by one before the rest are counted.
pub const MAX_WARNINGS_SHOWN: usize = 50;

/// The stderr of one run.
pub(crate) struct Messages {
    quiet: bool,
    /// Drawn only on a terminal, and never with `--quiet`.
    bar: Option<ProgressBar>,
}

impl Messages {
    /// Messages for a run; `quiet` keeps errors only.
    pub(crate) fn new(quiet: bool) -> Messages {
        Messages { quiet, bar: None }
    }

    /// Starts the spinner with `what` beside it, when stderr is a terminal
    /// and the run is not quiet. It turns by itself while the run is busy
    /// between ticks (linking records, ranking them).
    pub(crate) fn start_progress(&mut self, what: &str) {
        if self.quiet || !std::io::stderr().is_terminal() {
            return;
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(style("{spinner} {prefix} {pos} entries  {wide_msg}"));
        bar.set_prefix(what.to_owned());
        bar.enable_steady_tick(Duration::from_millis(100));
        self.bar = Some(bar);
    }

    /// One entry read: counted, and its name shown. Called from any thread.
    pub(crate) fn tick(&self, entry: &str) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
            bar.set_message(escape(entry));
        }
    }

    /// What the run is doing now, once reading is over, beside the spinner.
    pub(crate) fn stage(&self, what: &str) {
        if let Some(bar) = &self.bar {
            bar.set_style(style("{spinner} {msg}"));
            bar.set_message(format!("{what} ({} entries read)", bar.position()));
        }
    }

    /// Clears the spinner for good: before the report is printed, so the
    /// two never share a line of the terminal.
    pub(crate) fn finish_progress(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }

    /// `offgrid: error: …`, printed even when quiet.
    pub(crate) fn error(&self, message: impl Display) {
        self.line(&format!("offgrid: error: {message}"));
    }

    /// `offgrid: warning: …`, unless quiet.
    pub(crate) fn warning(&self, message: impl Display) {
        if !self.quiet {
            self.line(&format!("offgrid: warning: {message}"));
        }
    }

    /// `offgrid: notice: …`, unless quiet.
    pub(crate) fn notice(&self, message: impl Display) {
        if !self.quiet {
            self.line(&format!("offgrid: notice: {message}"));
        }
    }

    /// `offgrid: …` (the summary and what was written), unless quiet.
    pub(crate) fn info(&self, message: impl Display) {
        if !self.quiet {
            self.line(&format!("offgrid: {message}"));
        }
    }

    /// What import skipped: every entry that failed (errors, even when
    /// quiet), then the records skipped (warnings: every one when `all`,
    /// else the first [`MAX_WARNINGS_SHOWN`] one by one and the rest
    /// counted).
    pub(crate) fn skipped(&self, imported: &Imported, all: bool) {
        for e in &imported.errors {
            self.error(e);
        }
        let warnings = &imported.sink.warnings;
        let shown = if all { usize::MAX } else { MAX_WARNINGS_SHOWN };
        for w in warnings.iter().take(shown) {
            self.warning(w);
        }
        if warnings.len() > shown {
            self.warning(format_args!(
                "… and {} more warnings",
                warnings.len() - MAX_WARNINGS_SHOWN
            ));
        }
    }

    /// What a command that resolved prints after its output: `[identity]`
    /// decisions in the config that name no record, then what import
    /// skipped; returns the exit code (3 when anything was skipped).
    pub(crate) fn after_resolution(
        &self,
        imported: &Imported,
        res: &Resolution,
        region: Region,
    ) -> ExitCode {
        self.foreign_phones(imported, region);
        for side in &res.unmatched_decisions {
            self.warning(format_args!(
                "config: [identity] {side:?} matches no record"
            ));
        }
        self.skipped(imported, false);
        ExitCode::of(imported)
    }

    /// A notice naming the people whose records could not be placed: their
    /// name fits several people, so they are kept apart from all of them
    /// (docs/identity.md), and the report may list them as never met.
    pub(crate) fn unplaced(&self, res: &Resolution) {
        let mut unplaced: Vec<&str> = res
            .ambiguous
            .iter()
            .flat_map(|a| &a.unlinked)
            .map(|&i| &res.persons[i])
            .filter(|p| !p.owner)
            .map(|p| p.name.as_str())
            .collect();
        unplaced.sort_unstable();
        unplaced.dedup();
        if unplaced.is_empty() {
            return;
        }
        const SHOWN: usize = 3;
        let mut names: Vec<String> = unplaced
            .iter()
            .take(SHOWN)
            .map(|n| format!("{n:?}"))
            .collect();
        if unplaced.len() > SHOWN {
            names.push(format!("{} more", unplaced.len() - SHOWN));
        }
        let (count, verb) = match unplaced.len() {
            1 => ("1 name".to_owned(), "fits"),
            n => (format!("{n} names"), "fit"),
        };
        self.notice(format_args!(
            "{count} ({}) {verb} several people: records with only that name are linked to none of them; `offgrid people --ambiguous` shows them",
            names.join(", ")
        ));
    }

    /// A notice counting the phone numbers that are not numbers of the
    /// region they were read in: kept as their digits, they match only the
    /// same digits, never the number written with its country code.
    pub(crate) fn foreign_phones(&self, imported: &Imported, region: Region) {
        let mut count = 0usize;
        let mut first = None;
        for r in &imported.sink.records {
            for p in r.phones.iter().filter(|p| p.is_foreign_to_region()) {
                count += 1;
                if first.is_none() {
                    first = Some((p.as_str().to_owned(), r.location.clone()));
                }
            }
        }
        let Some((number, location)) = first else {
            return;
        };
        let at = location.map_or_else(String::new, |l| format!(" in {l}"));
        let what = if count == 1 {
            "1 phone number is".to_owned()
        } else {
            format!("{count} phone numbers are")
        };
        self.notice(format_args!(
            "{what} not valid in region {} (the first: {number}{at}): kept as written, they match only the same digits; if they are from another country, write them with its code or set --region",
            region.code()
        ));
    }

    /// Writes one line to stderr, with the spinner (if any) cleared while
    /// it is written.
    fn line(&self, text: &str) {
        let text = escape(text);
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{text}")),
            None => eprintln!("{text}"),
        }
    }
}

impl Drop for Messages {
    fn drop(&mut self) {
        self.finish_progress();
    }
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner())
}

/// Control characters (from names, file names and zip member names in the
/// inputs) written as `\u{1b}`-style escapes; everything else as it is.
pub(crate) fn escape(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape("Ada Lovelace"), "Ada Lovelace");
        assert_eq!(
            escape("evil\u{1b}[2Jname\n.csv"),
            "evil\\u{1b}[2Jname\\u{a}.csv"
        );
        assert_eq!(escape("José 🌊"), "José 🌊");
    }
}
