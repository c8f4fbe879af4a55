//! Who attended an instance: the `ORGANIZER` and the `ATTENDEE`s matched
//! by email, without those who declined (`PARTSTAT`) or were only copied
//! for information (`ROLE=NON-PARTICIPANT`), rooms, resources,
//! groups (`CUTYPE`) and pseudo-addresses, with the `CN` as a name hint;
//! and whether the instance is a meeting: not cancelled, at least two
//! people, the calendar's owner (its `X-WR-CALNAME`, when that is an
//! address) among them.

use calcard::icalendar::{
    ICalendarEntry, ICalendarParameterName, ICalendarParameterValue, ICalendarParticipationRole,
    ICalendarParticipationStatus, ICalendarUserTypes,
};

use super::parse::{value_text, Comp};
use super::times::Moment;
use super::FileImport;
use crate::model::{Email, When};

/// A person named by `ORGANIZER` or `ATTENDEE`.
#[derive(Clone, Debug)]
pub(super) struct Person {
    pub(super) email: Email,
    pub(super) name: Option<String>,
    /// Declined, or only copied for information: not at the meeting.
    pub(super) declined: bool,
    pub(super) line: u64,
}

/// The value of the parameter `name`; the first, when it is repeated.
fn param<'e>(
    e: &'e ICalendarEntry,
    name: &ICalendarParameterName,
) -> Option<&'e ICalendarParameterValue> {
    e.params.iter().find(|p| p.name == *name).map(|p| &p.value)
}

/// Whether a parameter calcard kept as text (a spelling it does not know)
/// is one of `want`, in any case.
fn param_text_is(v: Option<&ICalendarParameterValue>, want: &[&str]) -> bool {
    matches!(v, Some(ICalendarParameterValue::Text(t)) if want.iter().any(|w| t.eq_ignore_ascii_case(w)))
}

/// Domains of addresses that are not people: Google rooms, shared and
/// holiday calendars (`*.calendar.google.com`), birthday pseudo-attendees
/// (`@virtual`); docs/formats.md, "iCalendar (.ics)", "What counts as a
/// meeting".
fn is_pseudo_address(email: &Email) -> bool {
    let domain = email.as_str().rsplit('@').next().unwrap_or("");
    domain == "calendar.google.com"
        || domain.ends_with(".calendar.google.com")
        || domain == "virtual"
}

/// Reads an `ORGANIZER` or `ATTENDEE` into a person, or `None` for rooms,
/// resources, groups, pseudo-attendees and values without an email address.
pub(super) fn person(
    e: &ICalendarEntry,
    lines: &[(u64, String)],
    default_line: u64,
) -> Option<Person> {
    let raw = e.values.first().and_then(value_text).unwrap_or("");
    let email = Email::parse(raw).or_else(|| match param(e, &ICalendarParameterName::Email) {
        Some(ICalendarParameterValue::Text(t)) => Email::parse(t),
        _ => None,
    })?;
    let cutype = param(e, &ICalendarParameterName::Cutype);
    if matches!(
        cutype,
        Some(ICalendarParameterValue::Cutype(
            ICalendarUserTypes::Room | ICalendarUserTypes::Resource | ICalendarUserTypes::Group
        ))
    ) || param_text_is(cutype, &["ROOM", "RESOURCE", "GROUP"])
        || is_pseudo_address(&email)
    {
        return None;
    }
    let partstat = param(e, &ICalendarParameterName::Partstat);
    let declined = matches!(
        partstat,
        Some(ICalendarParameterValue::Partstat(
            ICalendarParticipationStatus::Declined
        ))
    ) || param_text_is(partstat, &["DECLINED"]);
    // Copied for information (RFC 5545, 3.2.16): not at the meeting.
    let role = param(e, &ICalendarParameterName::Role);
    let informed = matches!(
        role,
        Some(ICalendarParameterValue::Role(
            ICalendarParticipationRole::NonParticipant
        ))
    ) || param_text_is(role, &["NON-PARTICIPANT"]);
    let name = match param(e, &ICalendarParameterName::Cn) {
        Some(ICalendarParameterValue::Text(cn)) => {
            let cn = cn.trim().trim_matches('"').trim();
            // Google writes the address itself as CN when it knows no name.
            (!cn.is_empty() && Email::parse(cn).is_none()).then(|| cn.to_owned())
        }
        _ => None,
    };
    let needle = email.as_str();
    // The value ends the line; the character before the address must not
    // belong to it (`bo@x.com` is not `jimbo@x.com`).
    let names_it = |text: &str| {
        text.trim_end()
            .strip_suffix(needle)
            .is_some_and(|pre| !pre.ends_with(|c: char| c.is_alphanumeric() || "._%+-".contains(c)))
    };
    let line = lines
        .iter()
        .find(|(_, text)| names_it(text))
        .or_else(|| lines.iter().find(|(_, text)| text.contains(needle)))
        .map_or(default_line, |(no, _)| *no);
    Some(Person {
        email,
        name,
        declined: declined || informed,
        line,
    })
}

/// One meeting found, before records exist.
pub(super) struct Meeting {
    pub(super) when: When,
    pub(super) video: bool,
    pub(super) people: Vec<usize>,
    pub(super) line: u64,
    pub(super) key: Option<String>,
}

/// One person across the file.
pub(super) struct Acc {
    pub(super) email: Email,
    pub(super) names: Vec<String>,
    pub(super) line: u64,
}

impl FileImport<'_> {
    /// Turns one instance into a meeting when it is one.
    pub(super) fn meeting(&mut self, start: &Moment, comp: &Comp, owner: Option<&Email>) {
        if comp.cancelled {
            return;
        }
        let present: Vec<&Person> = comp.people.iter().filter(|p| !p.declined).collect();
        if present.len() < 2 {
            return;
        }
        if let Some(o) = owner {
            if !present.iter().any(|p| p.email == *o) {
                return;
            }
        } else if !self.mailed_to.is_empty()
            && !present.iter().any(|p| {
                self.mailed_to
                    .iter()
                    .any(|o| o.match_key() == p.email.match_key())
            })
        {
            return;
        }
        let mut people = Vec::with_capacity(present.len());
        for p in present {
            let i = if let Some(&i) = self.index.get(&p.email) {
                i
            } else {
                self.people.push(Acc {
                    email: p.email.clone(),
                    names: Vec::new(),
                    line: p.line,
                });
                self.index.insert(p.email.clone(), self.people.len() - 1);
                self.people.len() - 1
            };
            if let Some(name) = &p.name {
                if !self.people[i].names.contains(name) {
                    self.people[i].names.push(name.clone());
                }
            }
            people.push(i);
        }
        self.meetings.push(Meeting {
            when: start.when(),
            video: comp.video,
            people,
            line: comp.line,
            key: comp
                .uid
                .as_ref()
                .map(|uid| format!("ics:{uid}:{}", start.text())),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{cal, emails, fixture, run, utc, whens, who, PEOPLE};

    #[test]
    fn fixture_declined() {
        let sink = fixture("declined.ics");
        // Jordan declined the coffee (nobody else left); the planning meeting
        // counts without Jordan; the owner declined the review.
        assert_eq!(whens(&sink), ["2026-03-03T15:00:00Z"]);
        assert_eq!(emails(&sink), ["casey@example.com", "alex@example.com"]);
        assert_eq!(sink.records[0].names, ["Casey Kim"]);
        assert!(sink.records[1].owner);
        assert_eq!(
            who(&sink, &sink.events[0]),
            ["casey@example.com", "alex@example.com"]
        );
    }

    #[test]
    fn fixture_valarm_attendee_is_not_a_person() {
        let sink = fixture("valarm_attendee.ics");
        assert_eq!(whens(&sink), ["2026-05-02T08:00:00Z"]);
        assert_eq!(emails(&sink), ["alex@example.com", "kim@example.com"]);
    }

    #[test]
    fn organizer_alone_or_owner_absent_is_not_a_meeting() {
        let alone = "BEGIN:VEVENT\nUID:a\nDTSTART:20260105T100000Z\nORGANIZER:mailto:alex@example.com\nEND:VEVENT\n";
        let others = "BEGIN:VEVENT\nUID:b\nDTSTART:20260105T100000Z\nORGANIZER:mailto:bo@example.com\nATTENDEE:mailto:cy@example.com\nEND:VEVENT\n";
        let sink = run(&cal(&format!("{alone}{others}")), &utc());
        assert!(sink.events.is_empty());
        assert!(sink.records.is_empty());
        // Without X-WR-CALNAME any two people make a meeting.
        let sink = run(&format!("BEGIN:VCALENDAR\n{others}END:VCALENDAR\n"), &utc());
        assert_eq!(sink.events.len(), 1);
    }

    #[test]
    fn pseudo_attendees_and_groups_are_skipped() {
        let body = "BEGIN:VEVENT\nUID:p\nDTSTART:20260105T100000Z\n\
            ORGANIZER:mailto:alex@example.com\n\
            ATTENDEE;CUTYPE=RESOURCE:mailto:projector@example.com\n\
            ATTENDEE;CUTYPE=GROUP:mailto:team@example.com\n\
            ATTENDEE:mailto:c_123@resource.calendar.google.com\n\
            ATTENDEE:mailto:family123@group.calendar.google.com\n\
            ATTENDEE:mailto:bo@virtual\n\
            ATTENDEE;CN=No Address:invalid:nomail\n\
            ATTENDEE;PARTSTAT=DECLINED:mailto:jimbo@example.com\n\
            ATTENDEE;CUTYPE=INDIVIDUAL;CN=Bo:MAILTO:BO@Example.COM\n\
            END:VEVENT\n";
        let sink = run(&cal(body), &utc());
        assert_eq!(emails(&sink), ["alex@example.com", "bo@example.com"]);
        assert_eq!(sink.records[1].names, ["Bo"]);
        assert_eq!(sink.records[1].location.as_ref().unwrap().line, Some(15));
    }

    #[test]
    fn a_non_participant_is_not_met() {
        // Copied for information only (ROLE=NON-PARTICIPANT): Cy was not
        // there; with nobody else but the owner, there was no meeting.
        let body = "BEGIN:VEVENT\nUID:n\nDTSTART:20260105T100000Z\n\
            ORGANIZER:mailto:alex@example.com\n\
            ATTENDEE;ROLE=REQ-PARTICIPANT:mailto:bo@example.com\n\
            ATTENDEE;ROLE=NON-PARTICIPANT;CN=Cy:mailto:cy@example.com\n\
            END:VEVENT\n\
            BEGIN:VEVENT\nUID:m\nDTSTART:20260106T100000Z\n\
            ORGANIZER:mailto:alex@example.com\n\
            ATTENDEE;ROLE=non-participant:mailto:cy@example.com\n\
            END:VEVENT\n";
        let sink = run(&cal(body), &utc());
        assert_eq!(emails(&sink), ["alex@example.com", "bo@example.com"]);
        assert_eq!(whens(&sink), ["2026-01-05T10:00:00Z"]);
    }

    #[test]
    fn per_instance_partstat_in_override() {
        // Bo declines one instance only (linagora/tmail-backend #1655).
        let declined =
            "ORGANIZER:mailto:alex@example.com\nATTENDEE;PARTSTAT=DECLINED:mailto:bo@example.com\n";
        let body = format!(
            "BEGIN:VEVENT\nUID:d\nDTSTART:20260105T100000Z\nRRULE:FREQ=DAILY;COUNT=3\n{PEOPLE}END:VEVENT\n\
             BEGIN:VEVENT\nUID:d\nRECURRENCE-ID:20260106T100000Z\nDTSTART:20260106T100000Z\n{declined}END:VEVENT\n"
        );
        let sink = run(&cal(&body), &utc());
        assert_eq!(
            whens(&sink),
            ["2026-01-05T10:00:00Z", "2026-01-07T10:00:00Z"]
        );
    }
}
