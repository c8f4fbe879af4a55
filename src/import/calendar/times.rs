//! When an instance starts: dates, date-times in a zone and floating
//! times ([`Moment`]), where a series' wall times live ([`Frame`]), and the
//! zones `TZID`s name ([`Zones`]): calcard's name mapping (IANA, Windows,
//! vendor prefixes), else the calendar's own `VTIMEZONE` rules turned into
//! a POSIX TZ rule for jiff.

use std::collections::HashMap;
use std::str::FromStr;

use calcard::common::timezone::Tz;
use calcard::common::PartialDateTime;
use calcard::icalendar::{
    ICalendar, ICalendarComponentType, ICalendarProperty, ICalendarValue, ICalendarWeekday,
};
use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};
use jiff::Timestamp;

use super::parse::{parse_chunk, Chunk};
use super::FileImport;
use crate::import::text::quote;
use crate::model::When;

/// When an instance starts, as precisely as the calendar says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Moment {
    Day(Date),
    At(Timestamp),
    Floating(DateTime),
}

/// The identity of an instance for matching `EXDATE` and `RECURRENCE-ID`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Key {
    Day(Date),
    At(Timestamp),
}

impl Moment {
    pub(super) fn key(&self, tz: &TimeZone) -> Key {
        match self {
            Moment::Day(d) => Key::Day(*d),
            Moment::At(ts) => Key::At(*ts),
            Moment::Floating(dt) => match tz.to_timestamp(*dt) {
                Ok(ts) => Key::At(ts),
                Err(_) => Key::Day(dt.date()),
            },
        }
    }

    pub(super) fn when(&self) -> When {
        match self {
            Moment::Day(d) => When::Day(*d),
            Moment::At(ts) => When::Instant(*ts),
            Moment::Floating(dt) => When::Floating(*dt),
        }
    }

    /// An instant for sorting: days at their start in `tz`.
    pub(super) fn sort_key(&self, tz: &TimeZone) -> Timestamp {
        let dt = match self {
            Moment::At(ts) => return *ts,
            Moment::Day(d) => d.to_datetime(jiff::civil::Time::midnight()),
            Moment::Floating(dt) => *dt,
        };
        tz.to_timestamp(dt).unwrap_or(Timestamp::MIN)
    }

    pub(super) fn text(&self) -> String {
        match self {
            Moment::Day(d) => d.to_string(),
            Moment::At(ts) => ts.to_string(),
            Moment::Floating(dt) => dt.to_string(),
        }
    }
}

/// The civil date and time of a calcard value; the time is `None` for a
/// `DATE` value (a `Z` on a date, as Google's birthdays write, is ignored).
pub(super) fn civil(p: &PartialDateTime) -> Option<(Date, Option<DateTime>)> {
    let date = Date::new(
        i16::try_from(p.year?).ok()?,
        i8::try_from(p.month?).ok()?,
        i8::try_from(p.day?).ok()?,
    )
    .ok()?;
    if !p.has_time() {
        return Some((date, None));
    }
    let dt = DateTime::new(
        date.year(),
        date.month(),
        date.day(),
        i8::try_from(p.hour?).ok()?,
        i8::try_from(p.minute?).ok()?,
        i8::try_from(p.second.unwrap_or(0).min(59)).ok()?,
        0,
    )
    .ok()?;
    Some((date, Some(dt)))
}

/// The UTC offset a value carries (`Z` or `±hhmm`), in seconds.
pub(super) fn value_offset(p: &PartialDateTime) -> Option<i32> {
    let secs = i32::from(p.tz_hour?) * 3600 + i32::from(p.tz_minute.unwrap_or(0)) * 60;
    Some(if p.tz_minus { -secs } else { secs })
}

/// A calcard zone as a jiff zone; `None` for a floating one.
fn to_jiff(tz: Tz) -> Option<TimeZone> {
    match tz {
        Tz::Floating => None,
        Tz::Fixed(off) => Offset::from_seconds(off.local_minus_utc())
            .ok()
            .map(TimeZone::fixed),
        Tz::Tz(_) => {
            let name = tz.name()?;
            if name == "Etc/UTC" || name == "UTC" {
                return Some(TimeZone::UTC);
            }
            TimeZone::get(&name).ok()
        }
    }
}

/// A `VTIMEZONE` without a recognisable name (`GMT +0100 (Standard) / GMT
/// +0200 (Daylight)`, corpus `issue_165`) as a POSIX TZ rule built from its
/// latest `STANDARD` and `DAYLIGHT` observances (yearly `BYMONTH` +
/// `BYDAY=nDD` rules, which is what Outlook and Exchange write).
fn zone_from_observances(ical: &ICalendar) -> Option<TimeZone> {
    struct Obs {
        start: (u16, u8, u8),
        time: (u8, u8, u8),
        offset_to: i32,
        rule: Option<(u8, i16, ICalendarWeekday)>,
    }
    let mut std: Option<Obs> = None;
    let mut dst: Option<Obs> = None;
    for comp in ical.components.iter().skip(1) {
        let is_dst = match comp.component_type {
            ICalendarComponentType::Standard => false,
            ICalendarComponentType::Daylight => true,
            _ => continue,
        };
        let mut start = None;
        let mut offset_to = None;
        let mut rule = None;
        for e in &comp.entries {
            match (&e.name, e.values.first()) {
                (ICalendarProperty::Dtstart, Some(ICalendarValue::PartialDateTime(p))) => {
                    start = Some(p.clone());
                }
                (ICalendarProperty::Tzoffsetto, Some(ICalendarValue::PartialDateTime(p))) => {
                    offset_to = value_offset(p);
                }
                (ICalendarProperty::Rrule, Some(ICalendarValue::RecurrenceRule(r))) => {
                    if let (Some(m), Some(d)) = (r.bymonth.first(), r.byday.first()) {
                        rule = Some((m.month(), d.ordwk.unwrap_or(1), d.weekday));
                    }
                }
                _ => {}
            }
        }
        let (Some(start), Some(offset_to)) = (start, offset_to) else {
            continue;
        };
        let obs = Obs {
            start: (
                start.year.unwrap_or(0),
                start.month.unwrap_or(0),
                start.day.unwrap_or(0),
            ),
            time: (
                start.hour.unwrap_or(0),
                start.minute.unwrap_or(0),
                start.second.unwrap_or(0),
            ),
            offset_to,
            rule,
        };
        let slot = if is_dst { &mut dst } else { &mut std };
        if slot.as_ref().is_none_or(|o| o.start <= obs.start) {
            *slot = Some(obs);
        }
    }
    let std = std.or_else(|| dst.take())?;
    let fixed = || {
        Offset::from_seconds(std.offset_to)
            .ok()
            .map(TimeZone::fixed)
    };
    let Some(dst) = dst else { return fixed() };
    let (Some(srule), Some(drule)) = (std.rule, dst.rule) else {
        return fixed();
    };
    let (Some(start_rule), Some(end_rule)) =
        (posix_rule(drule, dst.time), posix_rule(srule, std.time))
    else {
        return fixed();
    };
    let posix = format!(
        "<STD>{}<DST>{},{start_rule},{end_rule}",
        posix_offset(std.offset_to),
        posix_offset(dst.offset_to)
    );
    TimeZone::posix(&posix).ok().or_else(fixed)
}

/// A UTC offset in POSIX TZ form (west-positive).
fn posix_offset(secs: i32) -> String {
    // POSIX offsets are west-positive.
    let west = -secs;
    let sign = if west < 0 { "-" } else { "" };
    let a = west.abs();
    format!("{sign}{}:{:02}:{:02}", a / 3600, a % 3600 / 60, a % 60)
}
/// A yearly `BYMONTH` + `BYDAY=nDD` rule in POSIX TZ form (`Mm.w.d/time`).
fn posix_rule(rule: (u8, i16, ICalendarWeekday), time: (u8, u8, u8)) -> Option<String> {
    let (month, ord, weekday) = rule;
    let week = match ord {
        1..=4 => ord,
        -1 | 5 => 5,
        _ => return None,
    };
    let day = match weekday {
        ICalendarWeekday::Sunday => 0,
        ICalendarWeekday::Monday => 1,
        ICalendarWeekday::Tuesday => 2,
        ICalendarWeekday::Wednesday => 3,
        ICalendarWeekday::Thursday => 4,
        ICalendarWeekday::Friday => 5,
        ICalendarWeekday::Saturday => 6,
    };
    Some(format!(
        "M{month}.{week}.{day}/{}:{:02}:{:02}",
        time.0, time.1, time.2
    ))
}

/// The time zones one calendar knows, by `TZID`.
pub(super) struct Zones {
    /// `TZID` -> zone (`None`: known to be unresolvable).
    map: HashMap<String, Option<TimeZone>>,
}

impl Zones {
    pub(super) fn new(timezones: &[Chunk<'_>]) -> Zones {
        let mut map = HashMap::new();
        for chunk in timezones {
            let Ok(ical) = parse_chunk(chunk) else {
                continue;
            };
            let Some(comp) = ical.components.first() else {
                continue;
            };
            let tzid = comp
                .entries
                .iter()
                .find_map(|e| match (&e.name, e.values.first()) {
                    (ICalendarProperty::Tzid, Some(ICalendarValue::Text(t))) => Some(t.clone()),
                    _ => None,
                });
            let Some(tzid) = tzid else { continue };
            let zone = comp
                .timezone()
                .and_then(|(_, tz)| to_jiff(tz))
                .or_else(|| zone_from_observances(&ical));
            // Keyed without surrounding spaces, as looked up: GroupWise
            // writes `TZID:Mitteleuropäische Zeit ` with a trailing space.
            if zone.is_some() {
                map.insert(tzid.trim().to_owned(), zone);
            }
        }
        Zones { map }
    }

    /// The zone named `tzid`: the calendar's own `VTIMEZONE`, else calcard's
    /// name mapping (IANA, Windows, `/vendor/.../Area/City`).
    pub(super) fn get(&mut self, tzid: &str) -> Option<TimeZone> {
        let tzid = tzid.trim();
        if let Some(z) = self.map.get(tzid) {
            return z.clone();
        }
        let zone = Tz::from_str(tzid).ok().and_then(to_jiff);
        self.map.insert(tzid.to_owned(), zone.clone());
        zone
    }
}

/// Where a series' wall times live.
#[derive(Clone, Debug)]
pub(super) enum Frame {
    /// All-day (`VALUE=DATE`).
    Days,
    /// A zone (`TZID`, `Z` or an offset).
    Zone(TimeZone),
    /// Floating: read in `--tz`.
    Floating,
}

impl Frame {
    pub(super) fn moment(&self, wall: DateTime) -> Moment {
        match self {
            Frame::Days => Moment::Day(wall.date()),
            Frame::Zone(tz) => match tz.to_timestamp(wall) {
                Ok(ts) => Moment::At(ts),
                Err(_) => Moment::Floating(wall),
            },
            Frame::Floating => Moment::Floating(wall),
        }
    }
}

impl FileImport<'_> {
    /// Resolves a `TZID`, warning once per calendar and name when unknown.
    pub(super) fn zone(&mut self, zones: &mut Zones, tzid: &str, line: u64) -> Option<TimeZone> {
        let known = zones.map.contains_key(tzid);
        let zone = zones.get(tzid);
        if zone.is_none() && !known {
            self.warnings.push((
                line,
                format!(
                    "expected a known TZID, found {}; its times are read in --tz",
                    quote(tzid)
                ),
            ));
        }
        zone
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::calendar::tests::{
        cal, corpus_dir, ctx, emails, fixture, instances, run, utc, warnings, whens, PEOPLE,
    };

    #[test]
    fn floating_time_is_kept_floating() {
        let body = format!("BEGIN:VEVENT\nUID:f1\nDTSTART:20260105T100000\n{PEOPLE}END:VEVENT\n");
        let sink = run(&cal(&body), &ctx("Europe/Berlin", "2026-06-30"));
        assert_eq!(whens(&sink), ["floating 2026-01-05T10:00:00"]);
        assert_eq!(
            sink.events[0].dedup_key(),
            Some("ics:f1:2026-01-05T10:00:00")
        );
    }

    #[test]
    fn fixture_all_day() {
        let sink = fixture("all_day.ics");
        // The second all-day event is after as_of.
        assert_eq!(sink.events.len(), 1);
        assert_eq!(
            sink.events[0].when(),
            When::Day(jiff::civil::date(2026, 3, 15))
        );
        assert_eq!(
            sink.events[0].dedup_key(),
            Some("ics:all-day-0001@example.com:2026-03-15")
        );
        assert_eq!(emails(&sink), ["alex@example.com", "robin@example.com"]);
        assert_eq!(sink.records[0].names, ["Alex Moreno"]);
        // No X-WR-CALNAME: nobody is marked owner.
        assert!(sink.records.iter().all(|r| !r.owner));
    }

    #[test]
    fn warning_unknown_tzid_reads_in_tz_once() {
        let body = format!(
            "BEGIN:VEVENT\nUID:z\nDTSTART;TZID=Mars/Olympus:20260105T100000\nRRULE:FREQ=DAILY;COUNT=2\nEXDATE;TZID=Mars/Olympus:20260106T100000\n{PEOPLE}END:VEVENT\n"
        );
        let sink = run(&cal(&body), &utc());
        assert_eq!(
            warnings(&sink),
            ["t.ics:4: expected a known TZID, found \"Mars/Olympus\"; its times are read in --tz"]
        );
        assert_eq!(whens(&sink), ["floating 2026-01-05T10:00:00"]);
    }

    #[test]
    fn custom_vtimezone_rules_are_used() {
        // No IANA or Windows name: the STANDARD/DAYLIGHT rules decide.
        let text = "BEGIN:VCALENDAR\n\
            BEGIN:VTIMEZONE\nTZID:Custom Eastern\n\
            BEGIN:STANDARD\nDTSTART:16010101T020000\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500\n\
            RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\nEND:STANDARD\n\
            BEGIN:DAYLIGHT\nDTSTART:16010101T020000\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400\n\
            RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\nEND:DAYLIGHT\nEND:VTIMEZONE\n\
            BEGIN:VTIMEZONE\nTZID:Fixed Plus Five Thirty\n\
            BEGIN:STANDARD\nDTSTART:16010101T000000\nTZOFFSETFROM:+0530\nTZOFFSETTO:+0530\nEND:STANDARD\n\
            END:VTIMEZONE\n\
            BEGIN:VEVENT\nUID:w\nDTSTART;TZID=Custom Eastern:20260112T090000\nEND:VEVENT\n\
            BEGIN:VEVENT\nUID:s\nDTSTART;TZID=Custom Eastern:20260713T090000\nEND:VEVENT\n\
            BEGIN:VEVENT\nUID:i\nDTSTART;TZID=Fixed Plus Five Thirty:20260713T090000\nEND:VEVENT\n\
            END:VCALENDAR\n";
        let (all, warnings) = instances(text, &ctx("UTC", "2026-12-31"));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            all,
            [
                "2026-01-12T14:00:00Z 25",
                "2026-07-13T03:30:00Z 33",
                "2026-07-13T13:00:00Z 29"
            ]
        );
    }

    #[test]
    fn a_tzid_with_a_trailing_space_meets_its_own_vtimezone() {
        // GroupWise: the definition's TZID ends in a space, the reference's
        // too (quoted) or not; either way the calendar's own rules apply.
        let text = "BEGIN:VCALENDAR\n\
            BEGIN:VTIMEZONE\nTZID:Mitteleuropäische Zeit \n\
            BEGIN:STANDARD\nDTSTART:16011028T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\n\
            RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\nEND:STANDARD\n\
            BEGIN:DAYLIGHT\nDTSTART:16010325T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\n\
            RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\nEND:DAYLIGHT\nEND:VTIMEZONE\n\
            BEGIN:VEVENT\nUID:q\nDTSTART;TZID=\"Mitteleuropäische Zeit \":20260112T090000\nEND:VEVENT\n\
            BEGIN:VEVENT\nUID:u\nDTSTART;TZID=Mitteleuropäische Zeit:20260713T090000\nEND:VEVENT\n\
            END:VCALENDAR\n";
        let (all, warnings) = instances(text, &ctx("America/New_York", "2026-12-31"));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(all, ["2026-01-12T08:00:00Z 17", "2026-07-13T07:00:00Z 21"]);
    }

    #[test]
    fn tzid_spellings_without_vtimezone() {
        let text = "BEGIN:VCALENDAR\n\
            BEGIN:VEVENT\nUID:a\nDTSTART;TZID=/mozilla.org/20050126_1/America/New_York:20260112T090000\nEND:VEVENT\n\
            BEGIN:VEVENT\nUID:b\nDTSTART;TZID=\"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna\":20260112T090000\nEND:VEVENT\n\
            BEGIN:VEVENT\nUID:c\nDTSTART;TZID=Canberra, Melbourne, Sydney:20260112T090000\nEND:VEVENT\n\
            END:VCALENDAR\n";
        let (all, warnings) = instances(text, &utc());
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            all,
            [
                "2026-01-11T22:00:00Z 10",
                "2026-01-12T08:00:00Z 6",
                "2026-01-12T14:00:00Z 2"
            ]
        );
    }

    #[test]
    fn fixture_windows_tzid() {
        let sink = fixture("windows_tzid.ics");
        // 09:00 Eastern Standard Time on 2026-03-12 is EDT (after Mar 8).
        assert_eq!(whens(&sink), ["2026-03-12T13:00:00Z"]);
        // Upper-case MAILTO:, a quoted CN with a comma, the room skipped.
        assert_eq!(
            emails(&sink),
            ["morgan.lee@example.com", "alex@example.com"]
        );
        assert_eq!(sink.records[0].names, ["Lee, Morgan"]);
        assert_eq!(sink.records[1].names, ["Alex Moreno"]);
        assert_eq!(sink.records[1].location.as_ref().unwrap().line, Some(22));
    }

    #[test]
    fn corpus_umlaut_cn_and_time_zones() {
        let Some(dir) = corpus_dir() else { return };
        let read = |f: &str| std::fs::read_to_string(format!("{dir}/{f}")).unwrap();
        let ctx = ctx("UTC", "2026-01-01");
        // Quoted CN with a comma and an umlaut; organizer-only, so no meeting,
        // but the event resolves (UTC).
        let text =
            read("collective__icalendar__issue_101_icalendar_chokes_on_umlauts_in_organizer.ics");
        assert_eq!(instances(&text, &ctx).0, ["2013-04-16T10:00:00Z 1"]);
        let with_guest = text.replace(
            "STATUS:CONFIRMED",
            "ATTENDEE:mailto:guest@example.com\nSTATUS:CONFIRMED",
        );
        let sink = run(&with_guest, &ctx);
        assert_eq!(sink.records[0].names, ["acme, ädmin"]);
        assert_eq!(sink.records[0].emails[0].as_str(), "adm-acme@mydomain.de");
        // Windows TZID with commas, quoted.
        let text = read("py-vobject__vobject__ms_tzid.ics");
        assert_eq!(instances(&text, &ctx).0, ["2008-05-30T05:00:00Z 35"]);
        // Windows TZID unquoted: Eastern Standard Time, EDT on 2024-10-28.
        let text = read("collective__icalendar__issue_836_do_not_quote_tzid.ics");
        assert_eq!(instances(&text, &ctx).0, ["2024-10-28T21:00:00Z 20"]);
        // A custom TZID only the VTIMEZONE rules explain, and BYDAY with
        // spaces: weekdays 2015-07-03 .. 2015-07-22 10:00 CEST.
        let text = read("collective__icalendar__issue_165_missing_event.ics");
        let (all, warnings) = instances(&text, &ctx);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(all.len(), 14);
        assert_eq!(all[0], "2015-07-03T08:00:00Z 20");
        assert_eq!(all[13], "2015-07-22T08:00:00Z 20");
        // Five EXDATE lines on a weekly series: 15 Tuesdays - 5.
        let text =
            read("collective__icalendar__event_with_recurrence_exdates_on_different_lines.ics");
        let (all, _) = instances(&text, &ctx);
        assert_eq!(all.len(), 10);
        assert_eq!(all[0], "2012-03-27T08:00:00Z 1");
        assert_eq!(all[9], "2012-07-03T08:00:00Z 1");
    }
}
