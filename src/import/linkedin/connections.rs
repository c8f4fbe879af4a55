//! `Connections.csv`: one record per connection, and a `Seen` event on the
//! day it was made (docs/formats.md, "Connections.csv").
//!
//! The day is evidence for first-seen, not an interaction; a connection
//! whose `Connected On` cannot be read keeps its record, without the event.

use super::dates::parse_stamp;
use super::{add_display_name, full_name, non_empty, Rows};
use crate::import::text::quote;
use crate::import::{ImportError, Sink};
use crate::model::{Channel, Email, EventKind, LinkedinUrl, NewEvent, Record, SourceKind, When};

pub(super) fn import(rows: &mut Rows<'_>, sink: &mut Sink) -> Result<(), ImportError> {
    let first = rows.col(&["first name"]);
    let last = rows.col(&["last name"]);
    let url = rows.col(&["url", "profile url"]);
    let email = rows.col(&["email address", "email"]);
    let company = rows.col(&["company"]);
    let position = rows.col(&["position"]);
    let connected = rows.col(&["connected on"]);
    let connected_name = rows.name_of(connected, "Connected On");
    let loc = rows.loc.clone();
    rows.for_each(sink, |row, sink| {
        let location = loc.at(Some(row.line));
        let mut record = Record::new(SourceKind::Linkedin, location.clone());
        add_display_name(&mut record, &full_name(&row.get(first), &row.get(last)));
        record.linkedin = LinkedinUrl::parse(&row.get(url));
        // 2018 exports may hold `urn:li:member:<id>` here: not an address.
        if let Some(e) = Email::parse(&row.get(email)) {
            record.add_email(e);
        }
        if record.is_empty() {
            sink.warn(location, "expected a name or profile url, found none");
            return;
        }
        record.company = non_empty(&row.get(company));
        record.position = non_empty(&row.get(position));
        // The connection's identity for its dedup key: the profile, else
        // the name, else the email (a row may hold only an email).
        let key = match (
            &record.linkedin,
            record.names.first(),
            record.emails.first(),
        ) {
            (Some(url), _, _) => url.as_str().to_owned(),
            (None, Some(name), _) => name.clone(),
            (None, None, Some(email)) => email.as_str().to_owned(),
            (None, None, None) => String::new(),
        };
        let r = sink.record(record);
        let Some(col) = connected else { return };
        let raw = row.get(Some(col));
        match parse_stamp(&raw) {
            Some(stamp) => sink.event(NewEvent {
                kind: EventKind::Seen,
                channel: Channel::LinkedinConnection,
                when: When::Day(stamp.date),
                sender: None,
                participants: [r].into(),
                location,
                dedup_key: Some(format!("linkedin-connection|{key}|{}", stamp.date).into()),
            }),
            None => sink.warn(
                location,
                format!("expected a date in {connected_name}, found {}", quote(&raw)),
            ),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{days, fixture, lines, names, run, urls, warnings};
    use crate::model::{Channel, EventKind};

    #[test]
    fn connections_2018_header_first_and_slash_dates() {
        let sink = fixture("connections_2018.csv");
        assert_eq!(
            names(&sink),
            ["Maren Holloway", "Teodor Vance", "Priya Okonkwo-Lind"]
        );
        assert_eq!(days(&sink), ["2018-01-08", "2017-12-03", "2018-10-16"]);
        assert_eq!(lines(&sink), [2, 3, 4]);
        // `urn:li:member:` is not an address.
        assert_eq!(
            sink.records[0].emails[0].as_str(),
            "maren.holloway@example.com"
        );
        assert!(sink.records[1].emails.is_empty());
        assert_eq!(sink.records[2].position.as_deref(), Some("Producer, Audio"));
        let e = &sink.events[0];
        assert_eq!(
            (e.kind, e.channel()),
            (EventKind::Seen, &Channel::LinkedinConnection)
        );
        assert_eq!(*e.participants(), [0]);
        assert!(warnings(&sink).is_empty());
    }

    #[test]
    fn connections_2022_preamble_without_url_keeps_true_lines() {
        let sink = fixture("connections_2022.csv");
        assert_eq!(
            names(&sink),
            ["Lucan Ferreira", "Imogen Tsai", "Dario Kowal"]
        );
        assert_eq!(days(&sink), ["2022-09-09", "2022-03-21", "2021-06-02"]);
        assert_eq!(lines(&sink), [5, 6, 7]);
        assert_eq!(
            sink.records[0].location.as_ref().unwrap().to_string(),
            "connections_2022.csv:5"
        );
        assert!(sink.records.iter().all(|r| r.linkedin.is_none()));
        assert_eq!(sink.records[2].company, None);
        assert_eq!(
            sink.events[0].dedup_key(),
            Some("linkedin-connection|Lucan Ferreira|2022-09-09")
        );
    }

    #[test]
    fn connections_2024_bom_url_quoted_company_and_credentials() {
        let sink = fixture("connections_2024.csv");
        assert_eq!(
            names(&sink),
            [
                "Zoë Marchetti-Ruiz",
                "Björn 🚀 Åkesson",
                "Halima Saleh | Halima Saleh, Certified Executive Coach",
                "Ansel Ahl | Ansel Ahl, PhD",
            ]
        );
        assert_eq!(
            urls(&sink),
            [
                "https://www.linkedin.com/in/zoë-marchetti-ruiz",
                "https://www.linkedin.com/in/bjorn-akesson-example",
                "https://www.linkedin.com/in/halima-saleh-example",
                "https://www.linkedin.com/in/ansel-ahl-example",
            ]
        );
        assert_eq!(
            sink.records[0].company.as_deref(),
            Some("Fernwood Systems, Inc.")
        );
        assert_eq!(
            sink.records[1].emails[0].as_str(),
            "bjorn.akesson@example.com"
        );
        assert_eq!(
            days(&sink),
            ["2024-12-16", "2024-02-03", "2024-01-15", "2023-11-30"]
        );
        assert_eq!(lines(&sink), [5, 6, 7, 8]);
    }

    #[test]
    fn connections_excel_semicolons_and_dotted_dates() {
        let sink = fixture("connections_excel_semicolon.csv");
        assert_eq!(names(&sink), ["Sanne de Vries", "Jonas Brandt"]);
        assert_eq!(days(&sink), ["2022-09-09", "2023-04-23"]);
        assert_eq!(
            sink.records[1].position.as_deref(),
            Some("Entwickler, Backend")
        );
        assert_eq!(lines(&sink), [5, 6]);
        assert!(warnings(&sink).is_empty());
    }

    #[test]
    fn connections_excel_us_resave() {
        let sink = run(
            "Connections.csv",
            "Notes:,,,,,\r\n\"Some text\",,,,,\r\n,,,,,\r\n\
             First Name,Last Name,Email Address,Company,Position,Connected On\r\n\
             Ada,One,,,,9-Sep-22\r\nBea,Two,,,,23-Apr-23\r\nCy,Three,,,,2023-04-23\r\n\
             Di,Four,,,,\"Sep 23, 2022\"\r\n,,,,,\r\n",
        );
        assert_eq!(
            days(&sink),
            ["2022-09-09", "2023-04-23", "2023-04-23", "2022-09-23"]
        );
        assert!(warnings(&sink).is_empty());
    }

    #[test]
    fn connections_bad_date_keeps_the_record() {
        let sink = run(
            "Connections.csv",
            "First Name,Last Name,Connected On\nAda,One,soon\nBea,Two,\nCy,Three,31 Feb 2022\n",
        );
        assert_eq!(names(&sink), ["Ada One", "Bea Two", "Cy Three"]);
        assert!(sink.events.is_empty());
        assert_eq!(
            warnings(&sink),
            [
                "Connections.csv:2: expected a date in Connected On, found \"soon\"",
                "Connections.csv:3: expected a date in Connected On, found nothing",
                "Connections.csv:4: expected a date in Connected On, found \"31 Feb 2022\"",
            ]
        );
    }

    #[test]
    fn connections_bad_rows_cost_only_themselves() {
        let sink = run(
            "Connections.csv",
            "Notes:\n\nFirst Name,Last Name,URL,Connected On\nAda,One\n,,,01 Jan 2020\n\
             Bea,Two,,02 Jan 2020,extra\nCy,Three,,03 Jan 2020,\n",
        );
        assert_eq!(names(&sink), ["Cy Three"]);
        assert_eq!(
            warnings(&sink),
            [
                "Connections.csv:4: expected 4 fields, found 2",
                "Connections.csv:5: expected a name or profile url, found none",
                "Connections.csv:6: expected 4 fields, found 5",
            ]
        );
    }

    /// Found by the `linkedin` fuzz target: a connection with an email
    /// address and neither a name nor a profile URL panicked building its
    /// key (fixtures/malformed/fuzz/linkedin/crash-8605…).
    #[test]
    fn connection_with_only_an_email_is_a_record() {
        let sink = run(
            "Connections.csv",
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
             ,,,ada@example.com,,,23 Apr 2023\n",
        );
        assert_eq!(sink.records.len(), 1);
        assert_eq!(sink.records[0].emails[0].as_str(), "ada@example.com");
        assert_eq!(sink.events.len(), 1);
        assert!(sink.warnings.is_empty());
    }
}
