//! `offgrid suggest`'s output: this week's people, each with why and how,
//! as a terminal listing, JSON, Markdown or CSV (`render::ics` writes the
//! calendar file). docs/report.md "Suggestions" documents each shape.
//!
//! Text from the inputs is cleaned for the terminal, escaped for Markdown
//! and neutralized for spreadsheets, as in the report's renderers.

use std::io::{self, Write};

use serde::Serialize;

use super::csv::neutralize;
use super::markdown::escape;
use super::{clean, date_cell, GENERATED_BY};
use crate::analyze::suggest::{Suggestion, Week};

/// `suggest`'s output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SuggestFormat {
    /// A listing for the terminal: each person with why and how.
    Table,
    /// One versioned JSON document.
    Json,
    /// A Markdown section, for a note or an email.
    Markdown,
    /// One row per person (docs/report.md "Suggestions").
    Csv,
    /// An iCalendar file: one reminder per person, in the week's Friday
    /// afternoon by default.
    Ics,
}

impl SuggestFormat {
    /// The format's name, as `--format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            SuggestFormat::Table => "table",
            SuggestFormat::Json => "json",
            SuggestFormat::Markdown => "markdown",
            SuggestFormat::Csv => "csv",
            SuggestFormat::Ics => "ics",
        }
    }
}

/// The CSV header.
pub const COLUMNS: [&str; 13] = [
    "rank",
    "person_id",
    "name",
    "score",
    "why",
    "how",
    "phones",
    "emails",
    "linkedin_url",
    "days_without_direct",
    "last_direct",
    "last_online",
    "recent_interactions",
];

/// A score as every format shows it: one decimal.
pub fn score(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A score part: two decimals.
fn part(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Each way to reach a person, best first, as one line.
fn how(s: &Suggestion) -> String {
    s.reach
        .iter()
        .map(|r| r.value.as_str())
        .collect::<Vec<_>>()
        .join(" · ")
}

fn of_kind(s: &Suggestion, kind: &str) -> Vec<String> {
    s.reach
        .iter()
        .filter(|r| r.kind == kind)
        .map(|r| r.value.clone())
        .collect()
}

/// The terminal listing.
///
/// # Errors
///
/// When writing fails.
pub fn write_table(week: &Week, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "This week ({}), chosen on the evidence up to {}:",
        week.week, week.decided_on
    )?;
    if week.suggestions.is_empty() && week.done.is_empty() {
        writeln!(out, "\nNobody to suggest: nobody qualifies.")?;
    }
    let width = week
        .suggestions
        .iter()
        .map(|s| console::measure_text_width(&clean(&s.name)))
        .max()
        .unwrap_or(0);
    for s in &week.suggestions {
        let name = clean(&s.name);
        let pad = width - console::measure_text_width(&name);
        writeln!(
            out,
            "\n{:>2}  {name}{}  score {:.1}{}",
            s.rank,
            " ".repeat(pad),
            score(s.score.total),
            if s.again {
                "  (again: nobody else qualifies)"
            } else {
                ""
            }
        )?;
        writeln!(out, "    why: {}", clean(&s.why))?;
        writeln!(out, "    how: {}", clean(&how(s)))?;
    }
    if !week.done.is_empty() {
        writeln!(out)?;
        for d in &week.done {
            writeln!(
                out,
                "Done: {} (direct contact on {})",
                clean(&d.name),
                d.contacted
            )?;
        }
    }
    Ok(())
}

/// The Markdown section.
///
/// # Errors
///
/// When writing fails.
pub fn write_markdown(week: &Week, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## This week ({})", week.week)?;
    writeln!(out)?;
    if week.suggestions.is_empty() && week.done.is_empty() {
        writeln!(out, "Nobody to suggest: nobody qualifies.")?;
        return Ok(());
    }
    for s in &week.suggestions {
        let links: Vec<String> = s
            .reach
            .iter()
            .map(|r| match r.link() {
                Some(link) => format!("[{}](<{}>)", escape(&r.value), link.replace('>', "%3E")),
                None => escape(&r.value),
            })
            .collect();
        writeln!(
            out,
            "{}. **{}** — {}. {}",
            s.rank,
            escape(&s.name),
            escape(&s.why),
            links.join(" · ")
        )?;
    }
    for d in &week.done {
        writeln!(
            out,
            "- Done: {} (direct contact on {})",
            escape(&d.name),
            d.contacted
        )?;
    }
    Ok(())
}

/// The CSV: the header, then one row per suggestion.
///
/// # Errors
///
/// When writing fails.
pub fn write_csv(week: &Week, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS)?;
    for s in &week.suggestions {
        w.write_record([
            s.rank.to_string(),
            s.person_id.clone(),
            neutralize(&s.name),
            format!("{:.1}", score(s.score.total)),
            neutralize(&s.why),
            neutralize(
                &s.reach
                    .iter()
                    .map(|r| r.value.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            of_kind(s, "phone").join("; "),
            neutralize(&of_kind(s, "email").join("; ")),
            of_kind(s, "linkedin").join("; "),
            s.stats.days_without_direct.to_string(),
            date_cell(s.stats.last_direct),
            date_cell(s.stats.last_online),
            s.stats.recent.to_string(),
        ])?;
    }
    w.flush()
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    week: &'a str,
    as_of: String,
    decided_on: String,
    generated_by: &'static str,
    qualified: usize,
    suggestions: Vec<Row<'a>>,
    done: Vec<DoneRow<'a>>,
}

#[derive(Serialize)]
struct Row<'a> {
    rank: usize,
    person_id: &'a str,
    name: &'a str,
    score: f64,
    parts: Parts,
    why: &'a str,
    how: Vec<HowRow<'a>>,
    days_without_direct: i64,
    last_direct: Option<String>,
    last_online: Option<String>,
    online_interactions: u64,
    recent_interactions: u64,
    cadence: i64,
    group: Option<&'a str>,
    again: bool,
}

#[derive(Serialize)]
struct Parts {
    wait: f64,
    warmth: f64,
    overdue: f64,
    reach: f64,
}

#[derive(Serialize)]
struct HowRow<'a> {
    kind: &'a str,
    value: &'a str,
    link: Option<String>,
}

#[derive(Serialize)]
struct DoneRow<'a> {
    person_id: &'a str,
    name: &'a str,
    contacted: String,
}

/// The JSON document, pretty-printed, with a final newline.
///
/// # Errors
///
/// When writing fails.
pub fn write_json(week: &Week, out: &mut dyn Write) -> io::Result<()> {
    let doc = Document {
        version: 1,
        week: &week.week,
        as_of: week.as_of.to_string(),
        decided_on: week.decided_on.to_string(),
        generated_by: GENERATED_BY,
        qualified: week.qualified,
        suggestions: week
            .suggestions
            .iter()
            .map(|s| Row {
                rank: s.rank,
                person_id: &s.person_id,
                name: &s.name,
                score: score(s.score.total),
                parts: Parts {
                    wait: part(s.score.wait),
                    warmth: part(s.score.warmth),
                    overdue: part(s.score.overdue),
                    reach: part(s.score.reach),
                },
                why: &s.why,
                how: s
                    .reach
                    .iter()
                    .map(|r| HowRow {
                        kind: r.kind,
                        value: &r.value,
                        link: r.link(),
                    })
                    .collect(),
                days_without_direct: s.stats.days_without_direct,
                last_direct: s.stats.last_direct.map(|d| d.to_string()),
                last_online: s.stats.last_online.map(|d| d.to_string()),
                online_interactions: s.stats.online,
                recent_interactions: s.stats.recent,
                cadence: s.cadence.days,
                group: s.cadence.group.as_deref(),
                again: s.again,
            })
            .collect(),
        done: week
            .done
            .iter()
            .map(|d| DoneRow {
                person_id: &d.person_id,
                name: &d.name,
                contacted: d.contacted.to_string(),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::other)?;
    writeln!(out)
}
