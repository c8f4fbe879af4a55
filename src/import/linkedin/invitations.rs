//! `Invitations.csv`: records for both sides of each invitation, no events
//! (docs/formats.md, "Invitations.csv").

use std::collections::HashMap;

use super::{add_display_name, Key, Party, Rows};
use crate::import::text::quote;
use crate::import::{ImportError, Sink};
use crate::model::{Record, RecordRef, SourceKind};

/// Records for both sides of each invitation: the other party, and the
/// owner (the sender of an OUTGOING one, the invitee of an INCOMING one).
/// No events: an invitation is not evidence of a relationship.
pub(super) fn import(rows: &mut Rows<'_>, sink: &mut Sink) -> Result<(), ImportError> {
    let from = rows.col(&["from"]);
    let to = rows.col(&["to"]);
    let from_url = rows.col(&["inviterprofileurl", "inviter profile url"]);
    let to_url = rows.col(&["inviteeprofileurl", "invitee profile url"]);
    let direction = rows.col(&["direction"]);
    let direction_name = rows.name_of(direction, "Direction");
    let loc = rows.loc.clone();
    let mut refs: HashMap<Key, RecordRef> = HashMap::new();
    rows.for_each(sink, |row, sink| {
        let location = loc.at(Some(row.line));
        let inviter = Party::new(&row.get(from), &row.get(from_url));
        let invitee = Party::new(&row.get(to), &row.get(to_url));
        let dir = row.get(direction);
        let (owner, other) = if dir.eq_ignore_ascii_case("outgoing") {
            (inviter, invitee)
        } else if dir.eq_ignore_ascii_case("incoming") {
            (invitee, inviter)
        } else {
            sink.warn(
                location,
                format!(
                    "expected INCOMING or OUTGOING in {direction_name}, found {}",
                    quote(&dir)
                ),
            );
            return;
        };
        for (party, is_owner) in [(other, false), (owner, true)] {
            let Some(party) = party else { continue };
            let key = match (&party.url, &party.name) {
                (Some(u), _) => Key::Url(u.clone()),
                (None, Some(n)) => Key::Name(n.clone()),
                (None, None) => continue,
            };
            if let Some(&r) = refs.get(&key) {
                if let Some(name) = &party.name {
                    add_display_name(&mut sink.records[r as usize], name);
                }
                continue;
            }
            let mut record = Record::new(SourceKind::Linkedin, location.clone());
            if let Some(name) = &party.name {
                add_display_name(&mut record, name);
            }
            record.linkedin = party.url;
            record.owner = is_owner;
            refs.insert(key, sink.record(record));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{fixture, names, owners, run, urls, warnings};

    #[test]
    fn invitations_give_records_but_no_events() {
        let sink = fixture("invitations.csv");
        assert!(sink.events.is_empty());
        assert_eq!(
            names(&sink),
            ["Amir Božić", "Quinn Abernathy", "Noor Haddad",]
        );
        assert_eq!(owners(&sink), ["Quinn Abernathy"]);
        assert_eq!(
            urls(&sink)[2],
            "https://www.linkedin.com/in/noor-haddad-example"
        );
        let sink = run(
            "Invitations.csv",
            "From,To,Sent At,Message,Direction\nAda One,Me,\"8/26/22, 8:56 PM\",,SIDEWAYS\n",
        );
        assert_eq!(
            warnings(&sink),
            ["Invitations.csv:2: expected INCOMING or OUTGOING in Direction, found \"SIDEWAYS\""]
        );
    }
}
