//! The instances of a series: `DTSTART`, the `RRULE`'s occurrences up to
//! `--as-of` (at most [`MAX_INSTANCES`]) and the `RDATE`s, minus the
//! `EXDATE`s, each replaced by its override (`RECURRENCE-ID`, the highest
//! `SEQUENCE` winning); overrides whose master is not in the file stand
//! alone.

use std::collections::{HashMap, HashSet};

use calcard::common::timezone::Tz;
use calcard::common::PartialDateTime;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarEntry, ICalendarProperty,
    ICalendarRecurrenceRule, ICalendarValue,
};
use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ToSpan};

use super::parse::Comp;
use super::times::{civil, value_offset, Frame, Key, Moment};
use super::FileImport;

/// At most this many instances of one recurring event are expanded; an
/// endless `FREQ=SECONDLY` rule must not hang the run.
pub const MAX_INSTANCES: usize = 10_000;

/// The wall times an `RRULE` produces from `comp.wall`, up to `bound`
/// (inclusive), at most [`MAX_INSTANCES`]; `Ok((walls, capped))`.
///
/// calcard's only public expansion is `ICalendar::expand_dates`, which has
/// no end date (only a count limit) and pairs an override with its instance
/// only when both carry the same `SEQUENCE` (overrides normally have a higher
/// one, as in corpus `recur_instances.ics`: the instance would count twice,
/// fullcalendar #6451). So it is given a synthetic event holding only the
/// floating `DTSTART` and the rule with `UNTIL` clamped to `bound`;
/// `RDATE`, `EXDATE` and `RECURRENCE-ID` are applied by the caller, and the
/// wall times are placed in the series' zone with jiff.
fn expand_rule(
    comp: &Comp,
    rule: &ICalendarRecurrenceRule,
    bound: DateTime,
    tz: &TimeZone,
) -> Result<(Vec<DateTime>, bool), String> {
    let all_day = matches!(comp.frame, Frame::Days);
    // UNTIL in the series' wall time, so the rule runs in floating time.
    let mut until = bound;
    if let Some(p) = &rule.until {
        if let Some((date, time)) = civil(p) {
            let wall = match (time, value_offset(p)) {
                (Some(dt), Some(secs)) => {
                    let ts = Offset::from_seconds(secs)
                        .ok()
                        .and_then(|o| o.to_timestamp(dt).ok());
                    match (ts, &comp.frame) {
                        (Some(ts), Frame::Zone(z)) => z.to_datetime(ts),
                        (Some(ts), _) => tz.to_datetime(ts),
                        (None, _) => dt,
                    }
                }
                (Some(dt), None) => dt,
                (None, _) if all_day => date.to_datetime(jiff::civil::Time::midnight()),
                (None, _) => date.to_datetime(jiff::civil::Time::constant(23, 59, 59, 0)),
            };
            until = until.min(wall);
        }
    }
    if until < comp.wall {
        return Ok((Vec::new(), false));
    }
    let floating = |dt: DateTime, with_time: bool| PartialDateTime {
        year: u16::try_from(dt.year()).ok(),
        month: u8::try_from(dt.month()).ok(),
        day: u8::try_from(dt.day()).ok(),
        hour: with_time.then(|| u8::try_from(dt.hour()).unwrap_or(0)),
        minute: with_time.then(|| u8::try_from(dt.minute()).unwrap_or(0)),
        second: with_time.then(|| u8::try_from(dt.second()).unwrap_or(0)),
        ..PartialDateTime::default()
    };
    let mut rule = rule.clone();
    rule.until = Some(floating(until, !all_day));
    rule.count = rule
        .count
        .map(|c| c.min(u32::try_from(MAX_INSTANCES + 1).unwrap_or(u32::MAX)));
    let ical = ICalendar {
        components: vec![ICalendarComponent {
            component_type: ICalendarComponentType::VEvent,
            entries: vec![
                ICalendarEntry {
                    name: ICalendarProperty::Dtstart,
                    params: Vec::new(),
                    values: vec![ICalendarValue::PartialDateTime(Box::new(floating(
                        comp.wall, !all_day,
                    )))],
                },
                ICalendarEntry {
                    name: ICalendarProperty::Rrule,
                    params: Vec::new(),
                    values: vec![ICalendarValue::RecurrenceRule(Box::new(rule))],
                },
            ],
            component_ids: Vec::new(),
        }],
    };
    let expanded = ical.expand_dates(Tz::Floating, MAX_INSTANCES + 1);
    if let Some(err) = expanded.errors.first() {
        let text = err.error.to_string();
        let text = text.strip_prefix("RRule error: ").unwrap_or(&text);
        return Err(crate::error::lowercase_first(text));
    }
    let mut walls: Vec<DateTime> = expanded
        .events
        .iter()
        .filter_map(|e| {
            let secs = e.start.naive_local().and_utc().timestamp();
            Timestamp::from_second(secs)
                .ok()
                .map(|ts| TimeZone::UTC.to_datetime(ts))
        })
        .collect();
    let capped = walls.len() > MAX_INSTANCES;
    walls.truncate(MAX_INSTANCES);
    Ok((walls, capped))
}

impl FileImport<'_> {
    /// Every instance of every series, dated on or before `as_of`, in
    /// chronological order.
    pub(super) fn instances<'c>(&mut self, comps: &'c [Comp]) -> Vec<(Moment, &'c Comp)> {
        let tz = &self.ctx.tz;
        let as_of = self.ctx.as_of;
        let bound_date = as_of.checked_add(3.days()).unwrap_or(as_of);
        let bound = bound_date.to_datetime(jiff::civil::Time::midnight());
        // Overrides by UID and instance key; the highest SEQUENCE wins.
        let mut overrides: HashMap<(&str, Key), &Comp> = HashMap::new();
        for c in comps {
            if let (Some(uid), Some(rid)) = (&c.uid, &c.rid) {
                let slot = overrides.entry((uid.as_str(), rid.key(tz))).or_insert(c);
                if c.sequence >= slot.sequence {
                    *slot = c;
                }
            }
        }
        let mut used: HashSet<*const Comp> = HashSet::new();
        let mut seen_master: HashSet<&str> = HashSet::new();
        let mut out = Vec::new();
        for c in comps {
            if c.rid.is_some() {
                continue;
            }
            // A duplicate master (the same series twice) adds nothing.
            if let Some(uid) = &c.uid {
                if !seen_master.insert(uid.as_str()) {
                    continue;
                }
            }
            let mut starts = vec![c.start.clone()];
            if let Some(rule) = &c.rrule {
                match expand_rule(c, rule, bound, tz) {
                    Ok((walls, capped)) => {
                        if capped {
                            self.warnings.push((
                                c.line,
                                format!(
                                    "expected at most {MAX_INSTANCES} instances of a recurring event, found more; later ones ignored"
                                ),
                            ));
                        }
                        starts.extend(walls.into_iter().map(|w| c.frame.moment(w)));
                    }
                    Err(e) => self.warnings.push((
                        c.line,
                        format!("expected a valid RRULE, found {e}; only DTSTART and RDATE used"),
                    )),
                }
            }
            starts.extend(c.rdates.iter().cloned());
            let ex_keys: HashSet<Key> = c.exdates.iter().map(|m| m.key(tz)).collect();
            let ex_days: HashSet<Date> = c
                .exdates
                .iter()
                .filter_map(|m| match m {
                    Moment::Day(d) => Some(*d),
                    _ => None,
                })
                .collect();
            let mut keys = HashSet::new();
            for start in starts {
                let key = start.key(tz);
                if !keys.insert(key) {
                    continue;
                }
                let ov = c
                    .uid
                    .as_deref()
                    .and_then(|u| overrides.get(&(u, key)).copied());
                if let Some(ov) = ov {
                    used.insert(ov);
                    out.push((ov.start.clone(), ov));
                } else if !ex_keys.contains(&key) && !ex_days.contains(&start.when().date_in(tz)) {
                    out.push((start, c));
                }
            }
        }
        // Overrides without a master instance (Google exports holding only the
        // modified instances, python-recurring-ical-events #173) stand alone.
        for c in comps {
            if c.rid.is_some() && !used.contains(&std::ptr::from_ref(c)) {
                let is_winner = c.uid.as_deref().is_none_or(|u| {
                    c.rid.as_ref().is_some_and(|r| {
                        overrides
                            .get(&(u, r.key(tz)))
                            .is_some_and(|w| std::ptr::eq(*w, c))
                    })
                });
                if is_winner {
                    out.push((c.start.clone(), c));
                }
            }
        }
        out.retain(|(start, _)| start.when().date_in(tz) <= as_of);
        out.sort_by_key(|(start, c)| (start.sort_key(tz), c.line));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::calendar::tests::{
        cal, corpus_dir, ctx, emails, fixture, instances, run, run_bytes, utc, warnings, whens,
        PEOPLE,
    };
    use crate::model::{Channel, EventKind};

    #[test]
    fn fixture_weekly_1on1_exdate_moved_and_cancelled() {
        let sink = fixture("weekly_1on1.ics");
        // Eight Tuesdays (Jan 6 .. Feb 24); Jan 20 is an EXDATE, Feb 3 moved
        // to Thursday Feb 5 14:00, Feb 10 cancelled by its override.
        assert_eq!(
            whens(&sink),
            [
                "2026-01-06T15:00:00Z",
                "2026-01-13T15:00:00Z",
                "2026-01-27T15:00:00Z",
                "2026-02-05T19:00:00Z",
                "2026-02-17T15:00:00Z",
                "2026-02-24T15:00:00Z",
            ]
        );
        assert_eq!(emails(&sink), ["alex@example.com", "sam@example.com"]);
        assert!(sink.records[0].owner);
        assert!(sink.records[0].names.is_empty());
        assert!(!sink.records[1].owner);
        assert_eq!(sink.records[1].names, ["Sam Rivera"]);
        assert_eq!(sink.records[1].location.as_ref().unwrap().line, Some(34));
        let e = &sink.events[3];
        assert_eq!(e.kind, EventKind::Direct);
        assert_eq!(*e.channel(), Channel::Meeting);
        assert_eq!(*e.participants(), [0, 1]);
        assert_eq!(e.location().to_string(), "weekly_1on1.ics:42");
        assert_eq!(
            e.dedup_key(),
            Some("ics:weekly-1on1-0001@google.com:2026-02-05T19:00:00Z")
        );
        assert_eq!(sink.events[0].location().to_string(), "weekly_1on1.ics:26");
    }

    #[test]
    fn fixture_weekly_1on1_in_new_york_and_before_as_of() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/calendar/weekly_1on1.ics"
        );
        let bytes = std::fs::read(path).unwrap();
        let sink = run_bytes("w.ics", &bytes, &ctx("America/New_York", "2026-02-05")).unwrap();
        // The moved instance (Feb 5 14:00 local) is on as_of; later ones are not.
        assert_eq!(sink.events.len(), 4);
        assert_eq!(
            sink.events[3]
                .when()
                .date_in(&TimeZone::get("America/New_York").unwrap()),
            jiff::civil::date(2026, 2, 5)
        );
    }

    #[test]
    fn fixture_endless_rrule_bounded_by_as_of() {
        let sink = fixture("endless_rrule.ics");
        let w = whens(&sink);
        assert_eq!(w.len(), 30);
        assert_eq!(w[0], "2026-06-01T09:00:00Z");
        assert_eq!(w[29], "2026-06-30T09:00:00Z");
    }

    #[test]
    fn floating_recurrence_exdate_in_utc_matches_in_tz() {
        // A floating weekly series; the EXDATE is written in UTC and matches
        // the second instance read in --tz (Berlin, UTC+1 in January).
        let body = format!(
            "BEGIN:VEVENT\nUID:f2\nDTSTART:20260105T100000\nRRULE:FREQ=WEEKLY;COUNT=3\nEXDATE:20260112T090000Z\n{PEOPLE}END:VEVENT\n"
        );
        let sink = run(&cal(&body), &ctx("Europe/Berlin", "2026-06-30"));
        assert_eq!(
            whens(&sink),
            [
                "floating 2026-01-05T10:00:00",
                "floating 2026-01-19T10:00:00"
            ]
        );
    }

    #[test]
    fn cancelled_master_keeps_confirmed_override() {
        let body = format!(
            "BEGIN:VEVENT\nUID:c\nDTSTART:20260105T100000Z\nRRULE:FREQ=DAILY;COUNT=3\nSTATUS:CANCELLED\n{PEOPLE}END:VEVENT\n\
             BEGIN:VEVENT\nUID:c\nRECURRENCE-ID:20260106T100000Z\nDTSTART:20260106T120000Z\nSTATUS:CONFIRMED\n{PEOPLE}END:VEVENT\n"
        );
        let sink = run(&cal(&body), &utc());
        assert_eq!(whens(&sink), ["2026-01-06T12:00:00Z"]);
    }

    #[test]
    fn override_before_master_and_override_without_master() {
        // Overrides may precede the master; an override whose master is not
        // in the file stands alone (python-recurring-ical-events #173).
        let body = format!(
            "BEGIN:VEVENT\nUID:o\nRECURRENCE-ID:20260106T100000Z\nDTSTART:20260106T150000Z\nSEQUENCE:3\n{PEOPLE}END:VEVENT\n\
             BEGIN:VEVENT\nUID:o\nDTSTART:20260105T100000Z\nRRULE:FREQ=DAILY;COUNT=2\nSEQUENCE:0\n{PEOPLE}END:VEVENT\n\
             BEGIN:VEVENT\nUID:lonely\nRECURRENCE-ID:20260110T100000Z\nDTSTART:20260110T100000Z\n{PEOPLE}END:VEVENT\n"
        );
        let sink = run(&cal(&body), &utc());
        assert_eq!(
            whens(&sink),
            [
                "2026-01-05T10:00:00Z",
                "2026-01-06T15:00:00Z",
                "2026-01-10T10:00:00Z"
            ]
        );
    }

    #[test]
    fn endless_secondly_rule_is_capped_with_a_warning() {
        let body = format!(
            "BEGIN:VEVENT\nUID:s\nDTSTART:20260601T000000Z\nRRULE:FREQ=SECONDLY\n{PEOPLE}END:VEVENT\n"
        );
        let sink = run(&cal(&body), &utc());
        assert_eq!(sink.events.len(), MAX_INSTANCES);
        assert_eq!(
            warnings(&sink),
            ["t.ics:4: expected at most 10000 instances of a recurring event, found more; later ones ignored"]
        );
    }

    #[test]
    fn warning_invalid_rrule_keeps_dtstart() {
        let body = format!(
            "BEGIN:VEVENT\nUID:r\nDTSTART:20260105T100000Z\nRRULE:FREQ=DAILY;BYMONTHDAY=40\n{PEOPLE}END:VEVENT\n"
        );
        let sink = run(&cal(&body), &utc());
        assert_eq!(sink.events.len(), 1);
        let w = warnings(&sink);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].starts_with("t.ics:4: expected a valid RRULE, found "),
            "{w:?}"
        );
        assert!(w[0].ends_with("; only DTSTART and RDATE used"), "{w:?}");
    }

    #[test]
    fn corpus_daily_recur_is_bounded_by_as_of() {
        let Some(dir) = corpus_dir() else { return };
        let text =
            std::fs::read_to_string(format!("{dir}/kewisch__ical.js__daily_recur.ics")).unwrap();
        // Open-ended DAILY from 2012-08-01: 2012-08-01 ..= 2015-12-31.
        let (all, warnings) = instances(&text, &ctx("UTC", "2015-12-31"));
        assert!(warnings.is_empty());
        assert_eq!(all.len(), 1248);
        // Up to 2026-01-01: 4902 days, still below MAX_INSTANCES.
        let (all, warnings) = instances(&text, &ctx("UTC", "2026-01-01"));
        assert!(warnings.is_empty());
        assert_eq!(all.len(), 4902);
    }

    #[test]
    fn corpus_recur_instances_people() {
        let Some(dir) = corpus_dir() else { return };
        let name = "kewisch__ical.js__recur_instances.ics";
        let bytes = std::fs::read(format!("{dir}/{name}")).unwrap();
        let sink = run_bytes(name, &bytes, &ctx("UTC", "2026-01-01")).unwrap();
        assert_eq!(
            emails(&sink),
            [
                "calmozilla1@gmail.com",
                "james@lightsofapollo.com",
                "iam.revelation@gmail.com",
                "jlal@mozilla.com"
            ]
        );
        // A fold inside the CN value; a CN that is just the email is no name.
        assert_eq!(sink.records[0].names, ["Sahaja Lal"]);
        assert!(sink.records[1].names.is_empty());
        assert_eq!(sink.records[3].names, ["James Lal"]);
        assert!(sink.records.iter().all(|r| r.name_is_hint && !r.owner));
        assert_eq!(sink.records[0].location.as_ref().unwrap().line, Some(31));
        let w = whens(&sink);
        // The moved first instance and the moved RDATE are organizer-only.
        assert_eq!(w[0], "2012-11-06T18:00:00Z");
        assert!(!w.contains(&"2012-10-02T17:00:00Z".to_owned()));
        assert!(!w.contains(&"2012-12-04T18:00:00Z".to_owned()));
        assert_eq!(w.last().unwrap(), "2025-12-02T18:00:00Z");
        let (all, _) = instances(
            &String::from_utf8(bytes).unwrap(),
            &ctx("UTC", "2026-01-01"),
        );
        assert_eq!(all.len(), 161);
        assert_eq!(all[0], "2012-10-02T22:00:00Z 59");
        assert!(all.contains(&"2012-11-07T04:00:00Z 79".to_owned()));
    }
}
