//! offgrid's own touchpoint log: `date,name,email,phone,kind,note`.
//!
//! Every row is a direct contact with the person it names (a coffee, a call
//! made from another phone, a chance meeting). `offgrid log` appends to this
//! file; users may also edit it in a spreadsheet, so columns are mapped by
//! header name, a BOM and `;` separators are accepted, and a bad row costs
//! only itself.

use std::io::Read;

use jiff::civil::Date;

use super::csv_lines::{error_line, row_line, LineEnds};
use super::{Context, Entry, ImportError, Importer};
use crate::import::text;
use crate::import::Sink;
use crate::model::{Channel, Email, EventKind, NewEvent, Phone, Record, SourceKind, When};

/// The header `offgrid log` writes.
pub const HEADER: [&str; 6] = ["date", "name", "email", "phone", "kind", "note"];

pub struct Touchpoints;

impl Importer for Touchpoints {
    fn kind(&self) -> SourceKind {
        SourceKind::Touchpoints
    }

    fn detect(&self, path: &str, head: &[u8]) -> bool {
        let name = super::file_name(path).to_ascii_lowercase();
        if name.starts_with("touchpoints") && name.ends_with(".csv") {
            return true;
        }
        let head = text::decode(head);
        let first = text::strip_bom(&head)
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        first.starts_with("date,name,email,phone,kind")
            || first.starts_with("date;name;email;phone;kind")
    }

    fn import(
        &self,
        entry: &mut Entry<'_>,
        ctx: &Context,
        sink: &mut Sink,
    ) -> Result<(), ImportError> {
        // Touchpoint logs are small and may be re-saved by spreadsheets in
        // another encoding: decode the whole file once.
        let mut bytes = Vec::new();
        entry
            .reader
            .read_to_end(&mut bytes)
            .map_err(|e| ImportError::io(entry.location(None), e))?;
        let content = text::decode(&bytes);
        let content = text::strip_bom(&content);
        let delimiter = if content
            .lines()
            .next()
            .is_some_and(|l| l.contains(';') && !l.contains(','))
        {
            b';'
        } else {
            b','
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(LineEnds::new(content.as_bytes(), 1));
        let headers = reader
            .headers()
            .map_err(|e| ImportError::csv(entry.location(Some(1)), e))?
            .clone();
        let column = |name: &str| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
        };
        let Some(date_col) = column("date") else {
            return Err(ImportError::unexpected(
                entry.location(Some(1)),
                format!("a header starting with `{}`", HEADER.join(",")),
                crate::import::text::quote(&headers.iter().collect::<Vec<_>>().join(",")),
            ));
        };
        let (name_col, email_col, phone_col, kind_col) = (
            column("name"),
            column("email"),
            column("phone"),
            column("kind"),
        );
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let line = error_line(&mut reader, &e);
                    sink.warn(entry.location(line), format!("skipped row: {e}"));
                    continue;
                }
            }
            let line = row_line(&mut reader, record.as_slice().as_bytes());
            let location = entry.location(Some(line));
            let field = |col: Option<usize>| col.and_then(|c| record.get(c)).map_or("", str::trim);
            if record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let raw_date = field(Some(date_col));
            let Some(date) = parse_date(raw_date) else {
                sink.warn(
                    location,
                    format!("skipped row: expected a date like 2026-03-14, found {raw_date:?}"),
                );
                continue;
            };
            let mut person = Record::new(SourceKind::Touchpoints, location.clone());
            person.add_name(field(name_col));
            if let Some(email) = Email::parse(field(email_col)) {
                person.add_email(email);
            }
            if let Some(phone) = Phone::parse(field(phone_col), ctx.region) {
                person.add_phone(phone);
            }
            if person.is_empty() {
                sink.warn(
                    location,
                    "skipped row: expected a name, email or phone, found none",
                );
                continue;
            }
            let kind = field(kind_col).to_lowercase();
            let kind = if kind.is_empty() {
                "contact".to_owned()
            } else {
                kind
            };
            let who = sink.record(person);
            sink.event(NewEvent {
                kind: EventKind::Direct,
                channel: Channel::Touchpoint(kind),
                when: When::Day(date),
                sender: None,
                participants: [who].into(),
                location,
                dedup_key: None,
            });
        }
        Ok(())
    }
}

/// `2026-03-14`, or an RFC 3339 / ISO date-time of which the date is kept.
fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    s.parse::<Date>()
        .ok()
        .or_else(|| s.get(..10).and_then(|d| d.parse::<Date>().ok()))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::model::Region;

    fn run(input: &str) -> Sink {
        let ctx = Context {
            region: Region::default(),
            tz: jiff::tz::TimeZone::UTC,
            as_of: jiff::civil::date(2026, 11, 26),
            limits: crate::limits::Limits::default(),
            mail: crate::import::mail::Settings::default(),
        };
        let mut entry = Entry {
            path: "touchpoints.csv".into(),
            display: Arc::from("touchpoints.csv"),
            reader: Box::new(input.as_bytes()),
        };
        let mut sink = Sink::new();
        Touchpoints.import(&mut entry, &ctx, &mut sink).unwrap();
        sink
    }

    #[test]
    fn rows_become_direct_contacts() {
        let sink = run("date,name,email,phone,kind,note\n2026-03-14,Ada Lovelace,ADA@example.com,555-010-2345,Coffee,\"at the café, finally\"\n");
        assert_eq!(sink.records.len(), 1);
        assert_eq!(sink.records[0].names, ["Ada Lovelace"]);
        assert_eq!(sink.records[0].emails[0].as_str(), "ada@example.com");
        assert_eq!(sink.records[0].phones[0].as_str(), "+15550102345");
        assert_eq!(sink.events[0].kind, EventKind::Direct);
        assert_eq!(
            *sink.events[0].channel(),
            Channel::Touchpoint("coffee".into())
        );
        assert_eq!(
            sink.events[0].when(),
            When::Day(jiff::civil::date(2026, 3, 14))
        );
        assert!(sink.warnings.is_empty());
    }

    #[test]
    fn bom_semicolons_and_reordered_columns() {
        let sink = run("\u{feff}name;date;kind\nGrace Hopper;2025-01-02T10:00:00Z;call\n");
        assert_eq!(sink.records[0].names, ["Grace Hopper"]);
        assert_eq!(
            sink.events[0].when(),
            When::Day(jiff::civil::date(2025, 1, 2))
        );
    }

    #[test]
    fn a_bad_row_is_named_by_its_own_line_in_a_spreadsheet_save() {
        // CR LF line ends and a note over two lines, as a spreadsheet saves.
        let sink = run("date,name,email,phone,kind,note\r\n2026-01-02,Ada,,,coffee,\"first\r\nsecond\"\r\n2026-01-03,Alan,,,call,\r\nsoon,Grace,,,call,\r\n");
        let warnings: Vec<String> = sink.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            ["touchpoints.csv:5: skipped row: expected a date like 2026-03-14, found \"soon\""]
        );
        let lines: Vec<u64> = sink
            .events
            .iter()
            .filter_map(|e| e.location().line)
            .collect();
        assert_eq!(lines, [2, 4]);
    }

    #[test]
    fn bad_rows_cost_only_themselves() {
        let sink = run("date,name,email,phone,kind,note\nyesterday,Ada,,,,\n2026-01-01,,,,coffee,\n2026-01-02,Alan Turing,,,,\n");
        assert_eq!(sink.records.len(), 1);
        let warnings: Vec<String> = sink.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "touchpoints.csv:2: skipped row: expected a date like 2026-03-14, found \"yesterday\"",
                "touchpoints.csv:3: skipped row: expected a name, email or phone, found none",
            ]
        );
        assert_eq!(
            *sink.events[0].channel(),
            Channel::Touchpoint("contact".into())
        );
    }

    #[test]
    fn missing_header_is_an_error() {
        let ctx = Context {
            region: Region::default(),
            tz: jiff::tz::TimeZone::UTC,
            as_of: jiff::civil::date(2026, 11, 26),
            limits: crate::limits::Limits::default(),
            mail: crate::import::mail::Settings::default(),
        };
        let mut entry = Entry {
            path: "touchpoints.csv".into(),
            display: Arc::from("touchpoints.csv"),
            reader: Box::new(&b"when,who\n1,2\n"[..]),
        };
        let err = Touchpoints
            .import(&mut entry, &ctx, &mut Sink::new())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "touchpoints.csv:1: expected a header starting with `date,name,email,phone,kind,note`, \
             found \"when,who\""
        );
    }
}
