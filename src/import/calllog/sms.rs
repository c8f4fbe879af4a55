//! `<sms>` and `<mms>`: texts, folded per conversation, sender and day.
//! Received ones name their sender; sent ones (outbox, failed and queued
//! too) have none, which means the owner sent them; drafts are skipped. An
//! `<mms>` is complete only at its end tag, after its `<addr>`s, which also
//! tell which number is the owner's own (docs/formats.md, "Android call log
//! and texts", "What each becomes").

use jiff::Timestamp;
use quick_xml::events::BytesStart;

use super::attrs::{attr_problem, parse_date, Attrs};
use super::numbers::{distinct, distinct_refs, identify, sorted_keys, token_key, Ident};
use super::Held;
use super::Parser;
use crate::import::text::quote;
use crate::import::{fingerprint, MessageEvent};
use crate::model::{Channel, EventKind, RecordRef, When};

/// MMS `addrs/addr/@type` (PDU header field codes); 130 cc and 129 bcc
/// are members like any other role.
const ADDR_FROM: u32 = 137;
const ADDR_TO: u32 = 151;

/// Which way a message went, from SMS `type` / MMS `msg_box`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Received,
    /// Sent, and also outbox, failed and queued: the owner wrote it to these
    /// people and pressed send, and offgrid counts unsent messages as it counts
    /// unsent Messenger messages (docs/report.md, "Definitions").
    Sent,
    /// Drafts were never sent: skipped.
    Draft,
}

/// SMS `type`: 1 inbox, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued.
fn sms_direction(code: i64) -> Option<Direction> {
    match code {
        1 => Some(Direction::Received),
        2 | 4..=6 => Some(Direction::Sent),
        3 => Some(Direction::Draft),
        _ => None,
    }
}

/// MMS `msg_box`: 1 inbox, 2 sent, 3 drafts, 4 outbox, 5 failed.
fn mms_direction(code: i64) -> Option<Direction> {
    match code {
        1 => Some(Direction::Received),
        2 | 4 | 5 => Some(Direction::Sent),
        3 => Some(Direction::Draft),
        _ => None,
    }
}

/// An `<mms>` whose start tag was read, waiting for its `<addr>`s and end.
pub(super) struct PendingMms {
    line: u64,
    attrs: Attrs,
    /// `(address, type)` from `<addrs><addr .../></addrs>`, in file order.
    addrs: Vec<(String, Option<u32>)>,
}

impl Parser<'_> {
    /// An SMS or MMS, folded with the others of its day. Overlapping
    /// backups hold the same message under the same `key`, so the same
    /// fingerprint: it counts once.
    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        channel: &Channel,
        kind: EventKind,
        sender: Option<RecordRef>,
        participants: &[RecordRef],
        when: Timestamp,
        line: u64,
        key: &str,
    ) {
        let location = self.location(line);
        self.sink.message(&MessageEvent {
            kind,
            channel,
            when: When::Instant(when),
            sender,
            participants,
            location: &location,
            fingerprint: fingerprint(&[key.as_bytes()]),
        });
    }

    /// An `<mms>` start tag, `empty` when it is also its end: its
    /// attributes wait for its `<addr>`s and its end tag.
    pub(super) fn mms_start(
        &mut self,
        e: &BytesStart<'_>,
        empty: bool,
        line: u64,
        mms: &mut Option<PendingMms>,
    ) {
        // A previous <mms> without its end tag ends here.
        self.flush_mms(mms);
        match Attrs::read(e, &["date", "msg_box", "address", "contact_name"]) {
            Ok(attrs) => {
                *mms = Some(PendingMms {
                    line,
                    attrs,
                    addrs: Vec::new(),
                });
                if empty {
                    self.flush_mms(mms);
                }
            }
            Err(err) => {
                self.warn(line, format!("skipped <mms>: {}", attr_problem(&err)));
            }
        }
    }

    /// An `<addr>` of the `<mms>` being read; outside one, nothing.
    pub(super) fn addr(&mut self, e: &BytesStart<'_>, line: u64, mms: &mut Option<PendingMms>) {
        if let Some(pending) = mms.as_mut() {
            match Attrs::read(e, &["address", "type"]) {
                Ok(attrs) => {
                    if let Some(address) = attrs.get("address") {
                        let kind = attrs.get("type").and_then(|t| t.parse().ok());
                        pending.addrs.push((address.to_owned(), kind));
                    }
                }
                Err(err) => {
                    self.warn(line, format!("skipped <addr>: {}", attr_problem(&err)));
                }
            }
        }
    }

    /// `<sms address date type contact_name>`.
    pub(super) fn sms(&mut self, e: &BytesStart<'_>, line: u64) {
        let attrs = match Attrs::read(e, &["address", "date", "type", "contact_name"]) {
            Ok(a) => a,
            Err(err) => return self.warn(line, format!("skipped <sms>: {}", attr_problem(&err))),
        };
        if self.hold(&attrs) {
            return self.held.push(Held::Sms(attrs, line));
        }
        self.sms_of(attrs, line);
    }

    /// A text from its attributes.
    pub(super) fn sms_of(&mut self, attrs: Attrs, line: u64) {
        let type_raw = attrs.get("type").unwrap_or("");
        let Some(direction) = type_raw.parse().ok().and_then(sms_direction) else {
            let found = if type_raw.is_empty() {
                "none".to_owned()
            } else {
                quote(type_raw)
            };
            return self.warn(
                line,
                format!("skipped <sms>: expected a type from 1 to 6, found {found}"),
            );
        };
        if direction == Direction::Draft {
            return;
        }
        let region = self.ctx.region;
        let tokens: Vec<&str> = attrs
            .get("address")
            .map(|a| a.split('~').collect())
            .unwrap_or_default();
        let idents = distinct(tokens.iter().filter_map(|t| identify(t, region)));
        if idents.is_empty() {
            return;
        }
        let (ms, when) = match parse_date(&attrs, self.seconds) {
            Ok(d) => d,
            Err(message) => return self.warn(line, format!("skipped <sms>: {message}")),
        };
        let name = if idents.len() == 1 {
            attrs.contact_name()
        } else {
            None
        };
        let participants: Vec<RecordRef> =
            idents.iter().map(|i| self.person(i, name, line)).collect();
        let key = format!(
            "sms:{ms}:{}:{type_raw}",
            sorted_keys(idents.iter().map(|i| i.key().to_owned()))
        );
        let (kind, sender) = match direction {
            Direction::Received if participants.len() == 1 => {
                (EventKind::Online, Some(participants[0]))
            }
            // A received text with several addresses does not say which one
            // sent it: evidence for first_seen only.
            Direction::Received => (EventKind::Seen, None),
            _ => (EventKind::Online, None),
        };
        self.text(&Channel::Sms, kind, sender, &participants, when, line, &key);
    }

    pub(super) fn flush_mms(&mut self, pending: &mut Option<PendingMms>) {
        if let Some(mms) = pending.take() {
            self.mms(mms);
        }
    }

    /// `<mms date msg_box address contact_name>` with its
    /// `<addrs><addr address type/></addrs>`.
    ///
    /// Who took part, and who is the owner: the `address` attribute lists the
    /// conversation's other members joined by `~` (Android's thread
    /// recipients; the owner's own number is not in it), while `addrs` lists
    /// everybody by role: 137 from, 151 to, 130 cc, 129 bcc, the owner
    /// included. When `address` names at least one of the `addrs` it is
    /// trusted: its members are the participants and an `addr` it leaves out
    /// is the owner's (or noise, as in a hand-made fixture whose `from` is a
    /// service centre). When it names none of them (an RCS group id such as
    /// `group_8@rcs.google.com`), every `addr` is a participant. Then:
    /// - sent (msg_box 2, 4, 5): the `from` address is the owner's own
    ///   number (record marked `owner`); the owner sent it (sender `None`);
    /// - received (msg_box 1): the sender is the `from` address (else the
    ///   only member of `address`); a single `to` address other than the
    ///   members is the owner's own number (marked `owner`); a number already
    ///   known to be the owner's from an earlier message is the owner;
    /// - no `addrs` at all (older backups): the members of `address`.
    pub(super) fn mms(&mut self, mms: PendingMms) {
        if self.hold(&mms.attrs) {
            return self.held.push(Held::Mms(mms));
        }
        let PendingMms { line, attrs, addrs } = mms;
        let box_raw = attrs.get("msg_box").unwrap_or("");
        let Some(direction) = box_raw.parse().ok().and_then(mms_direction) else {
            let found = if box_raw.is_empty() {
                "none".to_owned()
            } else {
                quote(box_raw)
            };
            return self.warn(
                line,
                format!("skipped <mms>: expected a msg_box from 1 to 5, found {found}"),
            );
        };
        if direction == Direction::Draft {
            return;
        }
        let (ms, when) = match parse_date(&attrs, self.seconds) {
            Ok(d) => d,
            Err(message) => return self.warn(line, format!("skipped <mms>: {message}")),
        };
        let region = self.ctx.region;
        let raw_tokens: Vec<&str> = attrs
            .get("address")
            .map(|a| a.split('~').filter(|t| !t.trim().is_empty()).collect())
            .unwrap_or_default();
        let tokens = distinct(raw_tokens.iter().filter_map(|t| identify(t, region)));
        let in_tokens = |ident: &Ident| tokens.iter().any(|t| t.key() == ident.key());
        let addrs: Vec<(Ident, Option<u32>)> = addrs
            .iter()
            .filter_map(|(a, t)| identify(a, region).map(|i| (i, *t)))
            .collect();
        let usable = addrs.iter().any(|(i, _)| in_tokens(i));
        let is_member = |ident: &Ident| !usable || in_tokens(ident);
        let same = |a: &Ident, b: Option<&Ident>| b.is_some_and(|b| a.key() == b.key());

        let from = addrs
            .iter()
            .find(|(_, k)| *k == Some(ADDR_FROM))
            .map(|(i, _)| i);
        // The sender of a received message; the owner's number, when this
        // message says which it is.
        let (sender, owner): (Option<&Ident>, Option<&Ident>) = match direction {
            Direction::Sent => (None, from.filter(|f| !in_tokens(f))),
            _ => {
                let sender = from
                    .filter(|f| is_member(f))
                    .or_else(|| (tokens.len() == 1).then(|| &tokens[0]));
                let to: Vec<&Ident> = addrs
                    .iter()
                    .filter(|(i, k)| {
                        *k == Some(ADDR_TO) && !same(i, sender) && (!usable || !in_tokens(i))
                    })
                    .map(|(i, _)| i)
                    .collect();
                let to = distinct_refs(&to);
                (sender, (to.len() == 1).then(|| to[0]))
            }
        };

        // Who the message names, as (ident, is the owner), in file order.
        let mut members: Vec<(&Ident, bool)> = Vec::new();
        if let Some(s) = sender {
            members.push((s, self.owner_keys.contains(s.key())));
        }
        for (ident, _) in &addrs {
            if same(ident, sender) {
                continue;
            }
            if same(ident, owner) || self.owner_keys.contains(ident.key()) {
                members.push((ident, true));
            } else if is_member(ident) {
                members.push((ident, false));
            }
        }
        if addrs.is_empty() || usable {
            for t in &tokens {
                members.push((t, self.owner_keys.contains(t.key())));
            }
        }

        let name = if tokens.len() == 1 {
            attrs.contact_name()
        } else {
            None
        };
        let mut participants: Vec<RecordRef> = Vec::new();
        let mut sender_ref = None;
        for (ident, is_owner) in members {
            let r = if is_owner {
                self.owner(ident, line)
            } else {
                let name = name.filter(|_| in_tokens(ident));
                self.person(ident, name, line)
            };
            if same(ident, sender) {
                sender_ref = Some(r);
            }
            if !participants.contains(&r) {
                participants.push(r);
            }
        }
        if participants
            .iter()
            .all(|r| self.sink.records[*r as usize].owner)
        {
            return;
        }
        let members_key = if raw_tokens.is_empty() {
            sorted_keys(addrs.iter().map(|(i, _)| i.key().to_owned()))
        } else {
            sorted_keys(raw_tokens.iter().map(|t| token_key(t, region)))
        };
        let key = format!("mms:{ms}:{members_key}:{box_raw}");
        let (kind, sender) = match direction {
            Direction::Received if sender_ref.is_some() => (EventKind::Online, sender_ref),
            // Received, but nothing says from whom: first_seen only.
            Direction::Received => (EventKind::Seen, None),
            _ => (EventKind::Online, None),
        };
        self.text(&Channel::Mms, kind, sender, &participants, when, line, &key);
    }
}

#[cfg(test)]
mod tests {
    use crate::import::calllog::tests::{fixture, run, warnings};
    use crate::import::fingerprint;
    use crate::model::{Channel, EventKind, RecordRef};

    #[test]
    fn sms_and_group_mms() {
        let sink = fixture("sms.xml");
        assert_eq!(
            warnings(&sink),
            ["sms.xml:10: skipped <sms>: expected a type from 1 to 6, found \"9\""]
        );
        let phones: Vec<&str> = sink.records.iter().map(|r| r.phones[0].as_str()).collect();
        // The short code 72345 and the sender name "AT&T" identify nobody.
        assert_eq!(
            phones,
            [
                "+15555550121",
                "+15555550122",
                "+15555550100",
                "+15555550123"
            ]
        );
        assert_eq!(sink.records[0].names, ["Kim Fixture \u{1F600}"]);
        assert_eq!(sink.records[1].names, ["Lou Synthetic"]);
        // The group's contact_name lists everybody; only the 1:1 one names Max.
        assert_eq!(sink.records[3].names, ["Max Sample"]);
        // The group's one `to` address missing from `address` is the
        // owner's own number: one record, marked.
        let owners: Vec<bool> = sink.records.iter().map(|r| r.owner).collect();
        assert_eq!(owners, [false, false, true, false]);
        assert!(sink.records[2].names.is_empty());
        let summary: Vec<(EventKind, Channel, Option<RecordRef>, Vec<RecordRef>)> = sink
            .events
            .iter()
            .map(|e| {
                (
                    e.kind,
                    e.channel().clone(),
                    e.sender(),
                    e.participants().to_vec(),
                )
            })
            .collect();
        use Channel::{Mms, Sms};
        use EventKind::Online;
        assert_eq!(
            summary,
            [
                (Online, Sms, Some(0), vec![0]),       // received
                (Online, Sms, None, vec![0]),          // sent; the draft is skipped
                (Online, Sms, None, vec![1]),          // outbox
                (Online, Mms, Some(1), vec![1, 2, 3]), // group, received
                (Online, Mms, None, vec![2, 1, 3]),    // group, sent by the owner
                (Online, Mms, Some(3), vec![3, 2]),    // 1:1, received
            ]
        );
        assert_eq!(
            *sink.events[0].folded,
            [fingerprint(&[b"sms:1714471200000:+15555550121:1"])]
        );
        assert_eq!(
            *sink.events[4].folded,
            [fingerprint(&[
                b"mms:1714500000000:+15555550122~+15555550123:2"
            ])]
        );
    }

    #[test]
    fn mms_without_addrs_uses_the_address_list() {
        let sink = run(
            "sms.xml",
            concat!(
                "<smses count=\"3\">\n",
                "<mms date=\"1714496400000\" msg_box=\"1\" address=\"+15555550161\" contact_name=\"Nia Mock\"><parts/></mms>\n",
                "<mms date=\"1714496400001\" msg_box=\"2\" address=\"+15555550161~+15555550162\" contact_name=\"(Unknown)\"><parts/></mms>\n",
                "<mms date=\"1714496400002\" msg_box=\"1\" address=\"+15555550161~+15555550162\"><parts/></mms>\n",
                "<mms date=\"1714496400003\" msg_box=\"1\" address=\"group_8@rcs.google.com\"><parts/></mms>\n",
                "</smses>\n",
            ),
        );
        assert!(sink.warnings.is_empty());
        assert_eq!(sink.records.len(), 2);
        assert_eq!(sink.records[0].names, ["Nia Mock"]);
        let kinds: Vec<(EventKind, Option<RecordRef>, usize)> = sink
            .events
            .iter()
            .map(|e| (e.kind, e.sender(), e.participants().len()))
            .collect();
        // A received group message that does not say who sent it is only
        // evidence for first_seen.
        assert_eq!(
            kinds,
            [
                (EventKind::Online, Some(0), 1),
                (EventKind::Online, None, 2),
                (EventKind::Seen, None, 2)
            ]
        );
    }

    #[test]
    fn mms_lone_to_address_is_the_owner() {
        // RCS group (devadvance corpus shape): cc lists the others, the one
        // `to` address is the owner's number.
        let sink = run(
            "sms.xml",
            concat!(
                "<smses count=\"1\">\n",
                "<mms date=\"1714496400000\" msg_box=\"1\" address=\"group_8@rcs.google.com\" contact_name=\"(Unknown)\">\n",
                "<addrs>\n",
                "<addr address=\"+15555550171\" type=\"130\" charset=\"106\" />\n",
                "<addr address=\"+15555550172\" type=\"130\" charset=\"106\" />\n",
                "<addr address=\"+15555550172\" type=\"137\" charset=\"106\" />\n",
                "<addr address=\"+15555550100\" type=\"151\" charset=\"106\" />\n",
                "</addrs>\n",
                "</mms>\n",
                "</smses>\n",
            ),
        );
        let phones: Vec<(&str, bool)> = sink
            .records
            .iter()
            .map(|r| (r.phones[0].as_str(), r.owner))
            .collect();
        assert_eq!(
            phones,
            [
                ("+15555550172", false),
                ("+15555550171", false),
                ("+15555550100", true)
            ]
        );
        assert_eq!(sink.events[0].sender(), Some(0));
        assert_eq!(*sink.events[0].participants(), [0, 1, 2]);
        assert_eq!(
            *sink.events[0].folded,
            [fingerprint(&[
                b"mms:1714496400000:group_8@rcs.google.com:1"
            ])]
        );
    }

    #[test]
    fn unfinished_mms_is_kept_and_bad_msg_box_skipped() {
        let sink = run(
            "sms.xml",
            concat!(
                "<smses count=\"2\">\n",
                "<mms date=\"1714496400000\" msg_box=\"7\" address=\"+15555550181\"></mms>\n",
                "<mms date=\"1714496400000\" msg_box=\"1\" address=\"+15555550181\">\n",
                "<addrs>\n",
                "<addr address=\"+15555550181\" type=\"137\" />\n",
                "<addr address=\"+1555",
            ),
        );
        assert_eq!(
            warnings(&sink),
            [
                "sms.xml:2: skipped <mms>: expected a msg_box from 1 to 5, found \"7\"",
                "sms.xml:6: truncated file: expected the rest of an element, found end of file; everything before it was read",
            ]
        );
        assert_eq!(sink.events.len(), 1);
        assert_eq!(sink.events[0].sender(), Some(0));
        assert_eq!(sink.events[0].location().line, Some(3));
    }

    #[test]
    fn dates_in_seconds_are_read_so_only_when_the_whole_file_has_them() {
        let rows = concat!(
            "<sms address=\"+15555550191\" date=\"1714496400\" type=\"1\" />\n",
            "<mms date=\"1714582800\" msg_box=\"2\" address=\"+15555550191\">\n",
            "<addrs><addr address=\"+15555550191\" type=\"151\" /></addrs>\n",
            "</mms>\n",
        );
        let sink = run("sms.xml", &format!("<smses count=\"2\">\n{rows}</smses>\n"));
        assert_eq!(
            warnings(&sink),
            ["sms.xml: date holds seconds (every value is a date in seconds and before 1973 in milliseconds): read as seconds"]
        );
        let days: Vec<String> = sink
            .events
            .iter()
            .map(|e| e.when().date_in(&jiff::tz::TimeZone::UTC).to_string())
            .collect();
        assert_eq!(days, ["2024-04-30", "2024-05-01"]);
        // The same text in a backup of milliseconds is the same message.
        assert_eq!(
            *sink.events[0].folded,
            [fingerprint(&[b"sms:1714496400000:+15555550191:1"])]
        );
        // One date in milliseconds: the others are seconds among
        // milliseconds, each skipped where it is.
        let sink = run(
            "sms.xml",
            &format!(
                "<smses count=\"3\">\n<sms address=\"+15555550192\" date=\"1714496400000\" type=\"1\" />\n{rows}</smses>\n"
            ),
        );
        assert_eq!(
            warnings(&sink),
            [
                "sms.xml:3: skipped <sms>: expected a date in epoch milliseconds, found 1714496400 (before 1973; seconds?)",
                "sms.xml:4: skipped <mms>: expected a date in epoch milliseconds, found 1714582800 (before 1973; seconds?)",
            ]
        );
        assert_eq!(sink.events.len(), 1);
    }
}
