//! `<call>`: one event per call with a number that identifies somebody. An
//! answered call with a duration is direct contact; every other kind is
//! evidence for first_seen only (docs/formats.md, "Android call log and
//! texts", "What each becomes").

use quick_xml::events::BytesStart;

use super::attrs::{attr_problem, parse_date, Attrs};
use super::numbers::identify;
use super::Held;
use super::Parser;
use crate::import::text::quote;
use crate::model::{Channel, EventKind, NewEvent, When};

/// Android `CallLog.Calls.TYPE`: answered incoming / outgoing. Only these,
/// with a duration above zero, are conversations; 3 missed, 4 voicemail,
/// 5 rejected, 6 blocked, 7 answered on another device, an outgoing call of
/// zero seconds and any other code are only evidence that the number is
/// known.
const CALL_INCOMING: i64 = 1;
const CALL_OUTGOING: i64 = 2;

impl Parser<'_> {
    /// `<call number duration date type presentation contact_name>`.
    pub(super) fn call(&mut self, e: &BytesStart<'_>, line: u64) {
        let attrs = match Attrs::read(e, &["number", "duration", "date", "type", "contact_name"]) {
            Ok(a) => a,
            Err(err) => return self.warn(line, format!("skipped <call>: {}", attr_problem(&err))),
        };
        if self.hold(&attrs) {
            return self.held.push(Held::Call(attrs, line));
        }
        self.call_of(attrs, line);
    }

    /// A call from its attributes.
    pub(super) fn call_of(&mut self, attrs: Attrs, line: u64) {
        // Hidden callers (presentation 2-5 leave the number empty, `null`,
        // `-1` or `-2`) identify nobody: ignored, not warned about.
        let Some(ident) = attrs
            .get("number")
            .and_then(|n| identify(n, self.ctx.region))
        else {
            return;
        };
        let (ms, when) = match parse_date(&attrs, self.seconds) {
            Ok(d) => d,
            Err(message) => return self.warn(line, format!("skipped <call>: {message}")),
        };
        let duration = match attrs.get("duration") {
            None => 0,
            Some(raw) => match raw.parse::<i64>() {
                Ok(d) => d.max(0),
                Err(_) => {
                    return self.warn(
                        line,
                        format!(
                            "skipped <call>: expected a duration in seconds, found {}",
                            quote(raw)
                        ),
                    )
                }
            },
        };
        let type_raw = attrs.get("type").unwrap_or("");
        let answered = matches!(type_raw.parse::<i64>(), Ok(CALL_INCOMING | CALL_OUTGOING));
        let kind = if answered && duration > 0 {
            EventKind::Direct
        } else {
            EventKind::Seen
        };
        let who = self.person(&ident, attrs.contact_name(), line);
        let key = format!("call:{ms}:{}:{type_raw}:{duration}", ident.key());
        let location = self.location(line);
        self.sink.event(NewEvent {
            kind,
            channel: Channel::PhoneCall,
            when: When::Instant(when),
            sender: None,
            participants: [who].into(),
            location,
            dedup_key: Some(key.into()),
        });
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::sync::Arc;

    use jiff::Timestamp;

    use super::*;
    use crate::import::calllog::tests::{calls, count, ctx, fixture, phone, run, warnings};
    use crate::import::calllog::Calllog;
    use crate::import::{Context, Entry, Importer, Sink};
    use crate::model::{Location, Region};

    #[test]
    fn every_call_type() {
        let sink = fixture("calls_types.xml");
        assert!(warnings(&sink).is_empty(), "{:?}", warnings(&sink));
        // 1 and 2 with a duration: direct. 2 with 0 s, 3, 4, 5, 6, 7 and 99:
        // seen only. The five hidden callers: nothing.
        let kinds: Vec<(EventKind, &str)> = sink
            .events
            .iter()
            .map(|e| (e.kind, phone(&sink, e.participants()[0])))
            .collect();
        assert_eq!(
            kinds,
            [
                (EventKind::Direct, "+15555550101"),
                (EventKind::Seen, "+15555550101"),
                (EventKind::Direct, "+15555550102"),
                (EventKind::Seen, "+15555550103"),
                (EventKind::Seen, "+15555550104"),
                (EventKind::Seen, "+15555550105"),
                (EventKind::Seen, "+15555550106"),
                (EventKind::Seen, "+15555550107"),
                (EventKind::Seen, "+15555550108"),
            ]
        );
        assert!(sink
            .events
            .iter()
            .all(|e| *e.channel() == Channel::PhoneCall && e.sender().is_none()));
        assert_eq!(sink.records.len(), 8);
        let names: Vec<&[String]> = sink.records.iter().map(|r| r.names.as_slice()).collect();
        // `(Unknown)` and `null` are no names.
        assert_eq!(names[0], ["Ada Example"]);
        assert!(names[2].is_empty() && names[3].is_empty());
        assert_eq!(names[4], ["Cleo Placeholder"]);
        assert!(sink.records.iter().all(|r| r.name_is_hint && !r.owner));
        assert_eq!(
            sink.records[0].location,
            Some(Location::new(Arc::from("calls_types.xml"), Some(5)))
        );
        let first = &sink.events[0];
        assert_eq!(
            first.when(),
            When::Instant(Timestamp::from_millisecond(1_704_103_200_000).unwrap())
        );
        assert_eq!(
            first.dedup_key(),
            Some("call:1704103200000:+15555550101:1:125")
        );
        assert_eq!(first.location().line, Some(5));
    }

    #[test]
    fn national_and_international_numbers_are_one_person() {
        let sink = fixture("calls_formats.xml");
        assert!(warnings(&sink).is_empty(), "{:?}", warnings(&sink));
        let phones: Vec<&str> = sink.records.iter().map(|r| r.phones[0].as_str()).collect();
        // 611 (a carrier short code) and *86 (voicemail) identify nobody.
        assert_eq!(phones, ["+15555550113", "+49301234567"]);
        assert_eq!(sink.events.len(), 6);
        assert_eq!(count(&sink, EventKind::Direct, &Channel::PhoneCall), 4);
        assert_eq!(sink.records[1].names, ["Felix Beispiel"]);
        // A German number in a US phone's log, and the same number read
        // with --region DE.
        let de = Context {
            region: Region::parse("DE").unwrap(),
            ..ctx()
        };
        let input = calls("<call number=\"030 1234567\" duration=\"5\" date=\"1706709600000\" type=\"2\" contact_name=\"Felix Beispiel\" />\n");
        let mut entry = Entry {
            path: "calls.xml".into(),
            display: Arc::from("calls.xml"),
            reader: Box::new(input.as_bytes()),
        };
        let mut sink = Sink::new();
        Calllog.import(&mut entry, &de, &mut sink).unwrap();
        assert_eq!(sink.records[0].phones[0].as_str(), "+49301234567");
    }

    #[test]
    fn overlapping_backups_share_dedup_keys() {
        let a = fixture("calls_overlap_a.xml");
        let b = fixture("calls_overlap_b.xml");
        assert_eq!((a.events.len(), b.events.len()), (5, 5));
        let keys = |s: &Sink| -> BTreeSet<String> {
            s.events
                .iter()
                .filter_map(|e| e.dedup_key().map(str::to_owned))
                .collect()
        };
        let (ka, kb) = (keys(&a), keys(&b));
        // Two calls are in both files, one spelled `+15555550112` in the
        // second and `5555550112` in the first.
        assert_eq!(ka.intersection(&kb).count(), 2);
        assert_eq!(ka.union(&kb).count(), 8);
        assert!(ka.contains("call:1709298000000:+15555550112:3:0"));
    }

    #[test]
    fn hidden_numbers_are_ignored_silently() {
        let sink = run(
            "calls.xml",
            &calls(concat!(
                "<call number=\"\" duration=\"10\" date=\"1\" type=\"1\" presentation=\"2\" />\n",
                "<call number=\"null\" duration=\"0\" date=\"2\" type=\"3\" presentation=\"3\" />\n",
                "<call number=\"-2\" duration=\"0\" date=\"3\" type=\"3\" />\n",
                "<call number=\"Unknown\" duration=\"0\" date=\"4\" type=\"3\" presentation=\"5\" />\n",
                "<call duration=\"0\" date=\"bad\" type=\"3\" presentation=\"4\" />\n",
            )),
        );
        assert!(sink.records.is_empty() && sink.events.is_empty() && sink.warnings.is_empty());
    }

    #[test]
    fn bad_calls_cost_only_themselves() {
        let sink = run(
            "calls.xml",
            &calls(concat!(
                "<call number=\"5555550141\" duration=\"10\" date=\"yesterday\" type=\"1\" />\n",
                "<call number=\"5555550141\" duration=\"ten\" date=\"1704103200000\" type=\"1\" />\n",
                "<call number=\"5555550141\" duration=\"10\" type=\"1\" />\n",
                "<call number=\"5555550141\" duration=10 date=\"1704103200000\" type=\"1\" />\n",
                "<call number=\"5555550142\" duration=\"10\" date=\"1704103200000\" type=\"1\" />\n",
                // Seconds where milliseconds belong: not a 1970 call.
                "<call number=\"5555550143\" duration=\"10\" date=\"1704103200\" type=\"1\" />\n",
            )),
        );
        assert_eq!(
            warnings(&sink),
            [
                "calls.xml:3: skipped <call>: expected a date in epoch milliseconds, found \"yesterday\"",
                "calls.xml:4: skipped <call>: expected a duration in seconds, found \"ten\"",
                "calls.xml:5: skipped <call>: expected a date in epoch milliseconds, found none",
                "calls.xml:6: skipped <call>: expected a quoted attribute value, found an unquoted one",
                "calls.xml:8: skipped <call>: expected a date in epoch milliseconds, found 1704103200 (before 1973; seconds?)",
            ]
        );
        assert_eq!(sink.records.len(), 1);
        assert_eq!(sink.events.len(), 1);
    }

    #[test]
    fn a_backup_of_seconds_is_read_as_seconds_with_one_warning() {
        let sink = run(
            "calls.xml",
            &calls(concat!(
                "<call number=\"5555550141\" duration=\"10\" date=\"1704103200\" type=\"1\" />\n",
                "<call number=\"5555550142\" duration=\"0\" date=\"1704189600\" type=\"3\" />\n",
            )),
        );
        assert_eq!(
            warnings(&sink),
            ["calls.xml: date holds seconds (every value is a date in seconds and before 1973 in milliseconds): read as seconds"]
        );
        let days: Vec<String> = sink
            .events
            .iter()
            .map(|e| e.when().date_in(&jiff::tz::TimeZone::UTC).to_string())
            .collect();
        assert_eq!(days, ["2024-01-01", "2024-01-02"]);
        assert_eq!(
            (sink.events[0].kind, sink.events[0].location().line),
            (EventKind::Direct, Some(3))
        );
    }
}
