//! The owner: `Profile.csv`, `Email Addresses.csv` and `PhoneNumbers.csv`
//! (docs/formats.md, "Profile.csv and owner contacts").

use super::{add_display_name, full_name, FileKind, Rows};
use crate::import::{Context, ImportError, Sink};
use crate::model::{Email, Phone, Record, SourceKind};

/// The owner's record from the first row: names (and the maiden name, which
/// older records of other sources may carry).
pub(super) fn import(rows: &mut Rows<'_>, sink: &mut Sink) -> Result<(), ImportError> {
    let first = rows.col(&["first name"]);
    let last = rows.col(&["last name"]);
    let maiden = rows.col(&["maiden name"]);
    let loc = rows.loc.clone();
    let mut done = false;
    rows.for_each(sink, |row, sink| {
        if done {
            return;
        }
        done = true;
        let mut record = Record::new(SourceKind::Linkedin, loc.at(Some(row.line)));
        let first = row.get(first);
        add_display_name(&mut record, &full_name(&first, &row.get(last)));
        let maiden = row.get(maiden);
        if !maiden.is_empty() {
            record.add_name(&full_name(&first, &maiden));
        }
        if record.is_empty() {
            sink.warn(
                loc.at(Some(row.line)),
                "expected a name or profile url, found none",
            );
            return;
        }
        record.owner = true;
        sink.record(record);
    })
}

/// One owner record holding every address or number of the file.
pub(super) fn import_owner_contacts(
    rows: &mut Rows<'_>,
    ctx: &Context,
    sink: &mut Sink,
) -> Result<(), ImportError> {
    let email = rows.col(&["email address"]);
    let number = rows.col(&["number"]);
    let phones = rows.kind == FileKind::PhoneNumbers;
    let loc = rows.loc.clone();
    let mut record: Option<Record> = None;
    rows.for_each(sink, |row, _| {
        let rec =
            record.get_or_insert_with(|| Record::new(SourceKind::Linkedin, loc.at(Some(row.line))));
        if phones {
            if let Some(p) = Phone::parse(&row.get(number), ctx.region) {
                rec.add_phone(p);
            }
        } else if let Some(e) = Email::parse(&row.get(email)) {
            rec.add_email(e);
        }
    })?;
    if let Some(mut record) = record.filter(|r| !r.is_empty()) {
        record.owner = true;
        sink.record(record);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::tests::{fixture, names, owners, run};

    #[test]
    fn profile_is_the_owner() {
        let sink = fixture("Profile.csv");
        assert_eq!(names(&sink), ["Quinn Abernathy | Quinn Lowell"]);
        assert_eq!(owners(&sink), ["Quinn Abernathy"]);
        assert!(sink.events.is_empty());
    }

    #[test]
    fn owner_emails_and_phones() {
        let sink = run(
            "Email Addresses.csv",
            "Email Address,Confirmed,Primary,Updated On\nme@example.com,Yes,Yes,1/1/20\nME@example.com,Yes,No,\n",
        );
        assert_eq!(sink.records.len(), 1);
        assert!(sink.records[0].owner);
        assert_eq!(sink.records[0].emails.len(), 1);
        let sink = run(
            "PhoneNumbers.csv",
            "Extension,Number,Type\n, 555-555-0123,Mobile\n",
        );
        assert_eq!(sink.records[0].phones[0].as_str(), "+15555550123");
        let sink = run("PhoneNumbers.csv", "Extension,Number,Type\n,,\n");
        assert!(sink.records.is_empty());
    }
}
