//! The CSV contract, documented in docs/report.md "CSV columns".
//!
//! Columns in a fixed order; multi-valued fields joined with `; `; dates
//! `YYYY-MM-DD`; empty when unknown. Free text from the inputs (names,
//! companies, positions, emails) that a spreadsheet would run as a formula —
//! a cell starting with `=`, `+`, `-`, `@`, tab or CR — is prefixed with `'`
//! as OWASP advises. Phone numbers are written by offgrid itself as `+` and
//! digits only, so they are left as they are.
//!
//! [`write_excel`] (`--excel`) is the same file for Excel: a UTF-8
//! byte-order mark first, and each phones cell as a formula whose value is
//! the text (`="+15550100107"`), which spreadsheets would otherwise read as
//! a number ([`excel_text`] says why this form).

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
    write_rows(rows, str::to_owned, out)
}

/// Writes the CSV for Excel: a UTF-8 byte-order mark (Excel otherwise reads
/// a CSV in the system's legacy code page), then the header and rows with
/// each phones cell as [`excel_text`].
///
/// # Errors
///
/// When writing fails.
pub fn write_excel(rows: &[ReportRow], out: &mut dyn Write) -> io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    write_rows(rows, excel_text, out)
}

fn write_rows(
    rows: &[ReportRow],
    phones: fn(&str) -> String,
    out: &mut dyn Write,
) -> io::Result<()> {
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
            phones(&r.phones.join("; ")),
            neutralize(r.linkedin_url.as_deref().unwrap_or("")),
            neutralize(r.company.as_deref().unwrap_or("")),
            neutralize(r.position.as_deref().unwrap_or("")),
        ])?;
    }
    w.flush()
}

/// A phones cell that Excel keeps as text: `="+15550100107"`.
///
/// Opened from a CSV, a lone `+15550100107` becomes the number
/// 15550100107 in Excel, LibreOffice and Google Sheets (the `+` is lost),
/// and Excel shows twelve digits or more in scientific notation
/// (`2.33241E+11`). A cell is read as it would be typed, so neither quoting
/// it nor a leading `'` helps: the quote marks are CSV syntax, and the
/// apostrophe stays in the cell. A text formula is the form that Excel
/// (on opening the file), Google Sheets (importing with "convert text to
/// numbers, dates and formulas") and LibreOffice (with "Evaluate formulas"
/// ticked; 7.4's command line evaluates unless told not to) all turn into
/// the text itself;
/// a spreadsheet that does not evaluate it still keeps the digits and the
/// `+`, between `="` and `"`. Only a cell of `+`, digits and `; ` becomes a
/// formula, so nothing from an input can run; anything else is neutralized
/// as free text. Excel caps a text constant in a formula at 255 characters,
/// so a longer cell (fifteen numbers or more) is joined from pieces with
/// `&`. Several numbers in one cell are text already (`; ` is no number),
/// but get the same form, so the column reads the same throughout.
pub fn excel_text(cell: &str) -> String {
    let phone_chars = |b: u8| b.is_ascii_digit() || matches!(b, b'+' | b';' | b' ');
    if cell.is_empty() || !cell.bytes().all(phone_chars) {
        return neutralize(cell);
    }
    let pieces: Vec<String> = cell
        .as_bytes()
        .chunks(255)
        .map(|piece| format!("\"{}\"", String::from_utf8_lossy(piece)))
        .collect();
    format!("={}", pieces.join("&"))
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

    #[test]
    fn phones_for_excel_are_text_formulas() {
        assert_eq!(excel_text("+15550100107"), "=\"+15550100107\"");
        assert_eq!(
            excel_text("+491712345678; +4930123456789"),
            "=\"+491712345678; +4930123456789\""
        );
        assert_eq!(excel_text(""), "");
        // Not a phones cell: never a formula.
        assert_eq!(
            excel_text("+1\"&HYPERLINK(\"x\")"),
            "'+1\"&HYPERLINK(\"x\")"
        );
        // Seventeen numbers: two pieces, each within Excel's 255 characters.
        let many = vec!["+4930123456789"; 17].join("; ");
        let cell = excel_text(&many);
        assert_eq!(cell, format!("=\"{}\"&\"{}\"", &many[..255], &many[255..]));
    }
}
