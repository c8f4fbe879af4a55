//! The terminal table: what a person needs to act, fitted to the terminal.
//!
//! At 80 columns: rank, name, status, days, last direct contact and how to
//! reach them (an email, else a phone, else the LinkedIn profile). From 120
//! columns on, the online interaction count and the company are added. Long
//! values are cut with `…` by display width, so accented, CJK and emoji
//! names keep the columns aligned. Control characters from the inputs are
//! replaced, so a hostile name cannot move the cursor. Off a terminal
//! (`meta.width` is `None`) nothing is cut and every column is shown. With
//! `meta.color`, the header is bold and each status has its colour.

use std::io::{self, Write};

use console::{measure_text_width, truncate_str, Style};

use super::{clean, date_cell, Meta};
use crate::analyze::{ReportRow, Status};

struct Col {
    title: &'static str,
    /// Minimum and preferred widths; flexible columns share what is left.
    min: usize,
    flexible: bool,
    right: bool,
}

/// Writes the table, then a one-line summary.
///
/// # Errors
///
/// When writing fails.
pub fn write(rows: &[ReportRow], meta: &Meta, out: &mut dyn Write) -> io::Result<()> {
    if rows.is_empty() {
        writeln!(
            out,
            "Nobody is waiting for a call as of {}: no online-only or lapsed relationships found.",
            meta.as_of
        )?;
        return Ok(());
    }
    let wide = meta.width.is_none_or(|w| w >= 120);
    let mut cols = vec![
        Col {
            title: "#",
            min: 1,
            flexible: false,
            right: true,
        },
        Col {
            title: "NAME",
            min: 12,
            flexible: true,
            right: false,
        },
        Col {
            title: "STATUS",
            min: 6,
            flexible: false,
            right: false,
        },
        Col {
            title: "DAYS",
            min: 4,
            flexible: false,
            right: true,
        },
        Col {
            title: "LAST DIRECT",
            min: 11,
            flexible: false,
            right: false,
        },
    ];
    if wide {
        cols.push(Col {
            title: "ONLINE",
            min: 6,
            flexible: false,
            right: true,
        });
        cols.push(Col {
            title: "COMPANY",
            min: 8,
            flexible: true,
            right: false,
        });
    }
    cols.push(Col {
        title: "REACH",
        min: 10,
        flexible: true,
        right: false,
    });

    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut c = vec![
                r.rank.to_string(),
                clean(&r.name),
                r.status.as_str().to_owned(),
                r.days_without_direct.to_string(),
                if r.last_direct.is_some() {
                    date_cell(r.last_direct)
                } else {
                    "—".to_owned()
                },
            ];
            if wide {
                c.push(r.online_interactions.to_string());
                c.push(clean(r.company.as_deref().unwrap_or("")));
            }
            c.push(clean(&reach(r)));
            c
        })
        .collect();

    let widths = fit(&cols, &cells, meta.width.map_or(usize::MAX, |w| w.max(40)));
    let paint = |style: Style, text: &str| -> String {
        if meta.color {
            style.force_styling(true).apply_to(text).to_string()
        } else {
            text.to_owned()
        }
    };
    // Each line's cells, fitted; `style` colours a cell's text, not its
    // padding, so colour never changes the alignment.
    let line = |out: &mut dyn Write,
                values: &[&str],
                style: &dyn Fn(usize, &str) -> Option<Style>|
     -> io::Result<()> {
        let mut text = String::new();
        for (i, (v, col)) in values.iter().zip(&cols).enumerate() {
            let w = widths[i];
            let v = truncate_str(v, w, "…");
            let pad = w.saturating_sub(measure_text_width(&v));
            let shown = match style(i, &v) {
                Some(s) => paint(s, &v),
                None => v.into_owned(),
            };
            if i > 0 {
                text.push_str("  ");
            }
            if col.right {
                text.push_str(&" ".repeat(pad));
                text.push_str(&shown);
            } else {
                text.push_str(&shown);
                if i + 1 < values.len() {
                    text.push_str(&" ".repeat(pad));
                }
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    let titles: Vec<&str> = cols.iter().map(|c| c.title).collect();
    line(out, &titles, &|_, _| Some(Style::new().bold()))?;
    for row in &cells {
        let refs: Vec<&str> = row.iter().map(String::as_str).collect();
        line(out, &refs, &|i, v| (i == STATUS).then(|| status_style(v)))?;
    }
    writeln!(out)?;
    let count = |status: Status| rows.iter().filter(|r| r.status == status).count();
    let recent = if meta.all {
        format!(", {} in recent contact", count(Status::Recent))
    } else {
        String::new()
    };
    writeln!(
        out,
        "{} of {} people as of {}: {} never met off the grid, {} lapsed{recent}.",
        rows.len(),
        meta.people,
        meta.as_of,
        count(Status::Never),
        count(Status::Lapsed),
    )
}

/// The status column's index.
const STATUS: usize = 2;

/// A status's colour: the longer the wait, the warmer.
fn status_style(status: &str) -> Style {
    match status {
        "never" => Style::new().red(),
        "lapsed" => Style::new().yellow(),
        _ => Style::new().green(),
    }
}

/// How to get in touch: the first email, else phone, else LinkedIn.
fn reach(r: &ReportRow) -> String {
    r.emails
        .first()
        .or(r.phones.first())
        .cloned()
        .or_else(|| {
            r.linkedin_url
                .as_ref()
                .map(|u| u.trim_start_matches("https://www.").to_owned())
        })
        .unwrap_or_default()
}

/// Column widths: each column its natural width, then the flexible ones
/// shrink (widest first) until the line fits `total`.
fn fit(cols: &[Col], cells: &[Vec<String>], total: usize) -> Vec<usize> {
    let mut widths: Vec<usize> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| {
            cells
                .iter()
                .map(|r| measure_text_width(&r[i]))
                .max()
                .unwrap_or(0)
                .max(measure_text_width(c.title))
                .max(if c.flexible { 0 } else { c.min })
        })
        .collect();
    let gaps = 2 * (cols.len() - 1);
    while widths.iter().sum::<usize>() + gaps > total {
        let Some((i, _)) = widths
            .iter()
            .enumerate()
            .filter(|(i, w)| cols[*i].flexible && **w > cols[*i].min)
            .max_by_key(|(i, w)| (**w, std::cmp::Reverse(*i)))
        else {
            break;
        };
        widths[i] -= 1;
    }
    widths
}
