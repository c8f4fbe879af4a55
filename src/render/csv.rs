//! The CSV contract: DESIGN.md "The report", documented in docs/report.md.
//!
//! Columns in a fixed order; multi-valued fields joined with `; `; dates
//! `YYYY-MM-DD`; empty when unknown. Free text from the inputs (names,
//! companies, positions, emails) that a spreadsheet would run as a formula —
//! a cell starting with `=`, `+`, `-`, `@`, tab or CR — is prefixed with `'`
//! as OWASP advises. Phone numbers are written by offgrid itself as `+` and
//! digits only, so they are left as they are.

use std::io::{self, Write};

use super::date_cell;
use crate::analyze::ReportRow;

/// The header, in contract order.
pub const COLUMNS: [&str; 16] = [
    "rank",
    "person_id",
    "name",
    "status",
    "days_without_direct",
    "last_direct",
    "first_seen",
    "last_online",
    "online_interactions",
    "direct_contacts",
    "sources",
    "emails",
    "phones",
    "linkedin_url",
    "company",
    "position",
];

/// Writes the header and one line per row.
///
/// # Errors
///
/// When writing fails.
pub fn write(rows: &[ReportRow], out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS)?;
    for r in rows {
        w.write_record([
            r.rank.to_string(),
            r.person_id.clone(),
            neutralize(&r.name),
            r.status.as_str().to_owned(),
            r.days_without_direct.to_string(),
            date_cell(r.last_direct),
            r.first_seen.to_string(),
            date_cell(r.last_online),
            r.online_interactions.to_string(),
            r.direct_contacts.to_string(),
            r.sources.join("; "),
            neutralize(&r.emails.join("; ")),
            r.phones.join("; "),
            neutralize(r.linkedin_url.as_deref().unwrap_or("")),
            neutralize(r.company.as_deref().unwrap_or("")),
            neutralize(r.position.as_deref().unwrap_or("")),
        ])?;
    }
    w.flush()
}

/// Prefixes a cell a spreadsheet would treat as a formula with `'`.
pub fn neutralize(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_inert() {
        assert_eq!(
            neutralize("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(neutralize("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralize("-1+2"), "'-1+2");
        assert_eq!(neutralize("Ada Lovelace"), "Ada Lovelace");
        assert_eq!(neutralize(""), "");
    }
}
