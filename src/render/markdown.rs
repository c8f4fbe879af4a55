//! The Markdown report: the run, the freshness of each source, the changes
//! since the previous report, and the ranked table, for a wiki, a README or
//! an email.
//!
//! Input text is escaped so it shows as written: Markdown punctuation gets a
//! backslash, `<` and `>` become entities (no raw HTML reaches a renderer),
//! line breaks and other control characters become spaces, so a hostile
//! name can neither break the table nor inject markup.

use std::io::{self, Write};

use super::{date_cell, Meta, GENERATED_BY};
use crate::analyze::ReportRow;

/// Writes the document.
///
/// # Errors
///
/// When writing fails.
pub fn write(rows: &[ReportRow], meta: &Meta, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# offgrid report, {}", meta.as_of)?;
    writeln!(out)?;
    writeln!(
        out,
        "{} of {} people, as of {} ({}), lapsed after {}, at least {} online {}; {}.",
        rows.len(),
        meta.people,
        meta.as_of,
        escape(&meta.tz),
        super::days(meta.stale_after),
        meta.min_interactions,
        if meta.min_interactions == 1 {
            "interaction"
        } else {
            "interactions"
        },
        GENERATED_BY
    )?;
    let warnings = meta.freshness_warnings();
    if !warnings.is_empty() {
        writeln!(out)?;
        for w in &warnings {
            writeln!(out, "> **Warning:** {}", escape(w))?;
        }
    }

    if let Some(c) = &meta.changes {
        writeln!(out)?;
        writeln!(
            out,
            "## Changes since {} ({})",
            c.previous,
            escape(&c.previous_file)
        )?;
        writeln!(out)?;
        for (title, people) in c.groups() {
            if people.is_empty() {
                writeln!(out, "- {title}: none")?;
            } else {
                let names: Vec<String> = people
                    .iter()
                    .map(|p| format!("{} (`{}`)", escape(&p.name), p.person_id))
                    .collect();
                writeln!(out, "- {title}: {}", names.join(", "))?;
            }
        }
    }

    writeln!(out)?;
    writeln!(out, "## Sources")?;
    writeln!(out)?;
    writeln!(out, "| source | entries | first | last | people |")?;
    writeln!(out, "| --- | ---: | --- | --- | ---: |")?;
    for s in &meta.sources {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            s.kind,
            s.entries,
            date_cell(s.first),
            date_cell(s.last),
            s.people
        )?;
    }

    writeln!(out)?;
    writeln!(out, "## People")?;
    writeln!(out)?;
    if rows.is_empty() {
        writeln!(out, "Nobody is waiting for a call.")?;
        return Ok(());
    }
    writeln!(
        out,
        "| # | name | status | days | last direct | first seen | last online | online | direct | sources | reach | company |"
    )?;
    writeln!(
        out,
        "| ---: | --- | --- | ---: | --- | --- | --- | ---: | ---: | --- | --- | --- |"
    )?;
    for r in rows {
        let reach = r
            .emails
            .first()
            .or(r.phones.first())
            .or(r.linkedin_url.as_ref())
            .map_or(String::new(), |s| escape(s));
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.rank,
            escape(&r.name),
            r.status.as_str(),
            r.days_without_direct,
            date_cell(r.last_direct),
            r.first_seen,
            date_cell(r.last_online),
            r.online_interactions,
            r.direct_contacts,
            r.sources.join(", "),
            reach,
            escape(r.company.as_deref().unwrap_or("")),
        )?;
    }
    Ok(())
}

/// Makes input text literal in Markdown (and in any HTML it becomes).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '!' | '~' | '(' | ')' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_is_literal() {
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"
        );
        assert_eq!(escape("a|b\nc"), "a\\|b c");
        assert_eq!(escape("José Álvarez"), "José Álvarez");
        assert_eq!(escape("[x](http://e)"), "\\[x\\]\\(http://e\\)");
    }
}
