//! `Endorsement_Received_Info.csv`, `Endorsement_Given_Info.csv`,
//! `Recommendations_Received.csv`, `Recommendations_Given.csv`: one record
//! per person endorsed or recommended (or endorsing, recommending), and an
//! online interaction for each day they did so (docs/formats.md,
//! "Endorsements and recommendations").
//!
//! Endorsements name the other side with a profile URL (since 2023; a 2021
//! copy has none) and are dated to the second; recommendations name them
//! with a name, company and job title, and are dated to the minute. The
//! skill and the recommendation's text are never kept.

use std::collections::HashMap;

use super::dates::parse_when;
use super::{full_name, non_empty, FileKind, Key, Party, Rows};
use crate::import::text::quote;
use crate::import::{ImportError, Sink};
use crate::model::{Channel, EventKind, NewEvent, Record, RecordRef, SourceKind};

/// Who acted, as a file of this kind says it.
#[derive(Clone, Copy)]
enum Side {
    /// The other person acted for the owner: they are the sender.
    Received,
    /// The owner acted for the other person.
    Given,
}

/// Reads one endorsement or recommendation file.
pub(super) fn import(rows: &mut Rows<'_>, sink: &mut Sink) -> Result<(), ImportError> {
    let (channel, side, person) = match rows.kind {
        FileKind::EndorsementsReceived => {
            (Channel::LinkedinEndorsement, Side::Received, "endorser")
        }
        FileKind::EndorsementsGiven => (Channel::LinkedinEndorsement, Side::Given, "endorsee"),
        FileKind::RecommendationsReceived => (Channel::LinkedinRecommendation, Side::Received, ""),
        FileKind::RecommendationsGiven => (Channel::LinkedinRecommendation, Side::Given, ""),
        _ => unreachable!("only endorsement and recommendation files come here"),
    };
    let col = |rows: &Rows<'_>, what: &str| {
        let prefixed = format!("{person} {what}");
        rows.col(&[prefixed.trim(), what])
    };
    let first = col(rows, "first name");
    let last = col(rows, "last name");
    let url = col(rows, "public url");
    let company = rows.col(&["company"]);
    let title = rows.col(&["job title"]);
    let date = rows.col(&["endorsement date", "creation date"]);
    let date_name = rows.name_of(date, "Date");
    let tag = match channel {
        Channel::LinkedinEndorsement => "linkedin-endorsement",
        _ => "linkedin-recommendation",
    };
    let direction = match side {
        Side::Received => "received",
        Side::Given => "given",
    };
    let loc = rows.loc.clone();
    let mut refs: HashMap<Key, RecordRef> = HashMap::new();
    rows.for_each(sink, |row, sink| {
        let location = loc.at(Some(row.line));
        let name = full_name(&row.get(first), &row.get(last));
        let Some(party) = Party::new(&name, &row.get(url)) else {
            sink.warn(location, "expected a name or profile url, found none");
            return;
        };
        let raw = row.get(date);
        let Some(when) = parse_when(&raw) else {
            sink.warn(
                location,
                format!("expected a date in {date_name}, found {}", quote(&raw)),
            );
            return;
        };
        let key = match (&party.url, &party.name) {
            (Some(u), _) => Key::Url(u.clone()),
            (None, Some(n)) => Key::Name(n.clone()),
            (None, None) => unreachable!("a party has a name or a url"),
        };
        let r = match refs.get(&key) {
            Some(&r) => r,
            None => {
                let mut record = Record::new(SourceKind::Linkedin, location.clone());
                if let Some(name) = &party.name {
                    record.add_name(name);
                }
                record.linkedin = party.url;
                record.company = non_empty(&row.get(company));
                record.position = non_empty(&row.get(title));
                let r = sink.record(record);
                refs.insert(key.clone(), r);
                r
            }
        };
        // Several skills endorsed in one sitting are one interaction, and
        // the same act read from two copies of the file counts once.
        let who = match &key {
            Key::Url(u) => u.as_str(),
            Key::Name(n) => n.as_str(),
        };
        let day = when.date_in(&jiff::tz::TimeZone::UTC);
        sink.event(NewEvent {
            kind: EventKind::Online,
            channel: channel.clone(),
            when,
            sender: matches!(side, Side::Received).then_some(r),
            participants: [r].into(),
            location,
            dedup_key: Some(format!("{tag}|{direction}|{who}|{day}").into()),
        });
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{days, fixture, lines, names, run, urls, warnings};
    use crate::model::{Channel, EventKind};

    #[test]
    fn endorsements_received_give_one_interaction_per_endorser_and_day() {
        let sink = fixture("Endorsement_Received_Info.csv");
        assert_eq!(names(&sink), ["Noor Haddad", "Amir Božić", "Ines Duarte"]);
        assert_eq!(
            urls(&sink),
            [
                "https://www.linkedin.com/in/noor-haddad-example",
                "https://www.linkedin.com/in/amir-božić",
                "",
            ]
        );
        assert_eq!(
            days(&sink),
            ["2024-12-07", "2024-12-07", "2023-05-02", "2021-11-30"]
        );
        assert_eq!(lines(&sink), [2, 3, 4, 5]);
        let e = &sink.events[0];
        assert_eq!(
            (e.kind, e.channel(), e.sender()),
            (EventKind::Online, &Channel::LinkedinEndorsement, Some(0))
        );
        // Two skills on one day: one dedup key, so one interaction.
        assert_eq!(sink.events[0].dedup_key(), sink.events[1].dedup_key());
        assert_ne!(sink.events[1].dedup_key(), sink.events[2].dedup_key());
        assert!(warnings(&sink).is_empty());
    }

    #[test]
    fn endorsements_given_credit_the_endorsee_without_a_sender() {
        let sink = run(
            "Endorsement_Given_Info.csv",
            "Endorsement Date,Skill Name,Endorsee First Name,Endorsee Last Name,Endorsee Public Url,Endorsement Status\n\
             2024/03/01 09:00:00 UTC,Rust,Ada,Lindqvist,www.linkedin.com/in/ada-lindqvist,ACCEPTED\n\
             2024/03/01 09:00:05 UTC,Go,Ada,Lindqvist,www.linkedin.com/in/ada-lindqvist,ACCEPTED\n",
        );
        assert_eq!(names(&sink), ["Ada Lindqvist"]);
        assert_eq!(sink.events.len(), 2);
        assert!(sink.events.iter().all(|e| e.sender().is_none()));
        assert_eq!(*sink.events[0].participants(), [0]);
        assert!(sink.events[0]
            .dedup_key()
            .unwrap()
            .starts_with("linkedin-endorsement|given|"));
    }

    #[test]
    fn recommendations_keep_company_and_title_and_read_minute_dates() {
        let sink = fixture("Recommendations_Received.csv");
        assert_eq!(names(&sink), ["Teodor Vance", "Priya Okonkwo-Lind"]);
        assert_eq!(sink.records[0].company.as_deref(), Some("Northwind Audio"));
        assert_eq!(sink.records[0].position.as_deref(), Some("Head of Sound"));
        assert_eq!(sink.records[1].company, None);
        assert_eq!(days(&sink), ["2022-12-09", "2021-01-25"]);
        assert_eq!(sink.events[0].channel(), &Channel::LinkedinRecommendation);
        assert_eq!(sink.events[0].sender(), Some(0));
        let sink = run(
            "Recommendations_Given.csv",
            "First Name,Last Name,Company,Job Title,Text,Creation Date,Status\n\
             Maren,Holloway,,,\"Great to work with,\nreally.\",\"03/04/23, 10:15 AM\",\n",
        );
        assert_eq!(names(&sink), ["Maren Holloway"]);
        assert_eq!(days(&sink), ["2023-03-04"]);
        assert_eq!(sink.events[0].sender(), None);
    }

    #[test]
    fn a_bad_row_costs_only_itself() {
        let sink = run(
            "Recommendations_Received.csv",
            "First Name,Last Name,Company,Job Title,Text,Creation Date,Status\n\
             Maren,Holloway,,,Fine,yesterday,VISIBLE\n\
             ,,,,Anonymous,\"03/04/23, 10:15 AM\",VISIBLE\n\
             Teodor,Vance,,,Fine,\"03/04/23, 10:15 AM\",VISIBLE\n",
        );
        assert_eq!(
            warnings(&sink),
            [
                "Recommendations_Received.csv:2: expected a date in Creation Date, found \"yesterday\"",
                "Recommendations_Received.csv:3: expected a name or profile url, found none",
            ]
        );
        assert_eq!(names(&sink), ["Teodor Vance"]);
    }
}
