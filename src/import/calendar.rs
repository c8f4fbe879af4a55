//! iCalendar (`.ics`, `.ical`, `.ifb`): meetings with the people in a calendar.
//!
//! Reads Google, Outlook/Exchange, Zimbra, Apple and `BlackBerry` exports
//! (FORMATS.md §5). Each instance of a `VEVENT` dated on or before `--as-of`
//! that is not `CANCELLED` and has at least two people in it (the organizer
//! and the attendees who did not decline; when the calendar names its owner,
//! the owner must be one of them) becomes one [`EventKind::Direct`] event,
//! `VideoMeeting` when a meeting link is in the event, `Meeting` otherwise.
//! Each person (matched by email) becomes one record per file, with the `CN`
//! as a name hint.
//!
//! How it reads: the whole entry is read into memory (calendars are small;
//! recurrence overrides may come before their master, so a series can only be
//! resolved once the calendar is complete). An unfolding line reader keeps
//! physical line numbers and cuts the text into one `VEVENT` or `VTIMEZONE` at
//! a time; each is parsed alone with `calcard`, so a broken component costs
//! only itself, with a warning naming its `BEGIN` line. Recurrences
//! (`RRULE`, `RDATE`, `EXDATE`, `RECURRENCE-ID`) are expanded with calcard's
//! rule iterator (see `expand_rule`), bounded by `--as-of` and by
//! [`MAX_INSTANCES`].
//! Time zones: `TZID` names are resolved by calcard (IANA, Windows names such
//! as `Eastern Standard Time`, `X-LIC-LOCATION`, Exchange CDO ids), else from
//! the embedded `VTIMEZONE` rules; floating times are read in `--tz`.
//!
//! Not read: `VTODO`, `VJOURNAL`, `VFREEBUSY`, `VALARM` (an `ATTENDEE` there is
//! an email-reminder recipient), rooms, resources, groups and Google's
//! pseudo-attendees.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::str::FromStr;

use calcard::common::timezone::Tz;
use calcard::common::PartialDateTime;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarEntry, ICalendarParameterName,
    ICalendarParameterValue, ICalendarParticipationStatus, ICalendarPeriod, ICalendarProperty,
    ICalendarRecurrenceRule, ICalendarStatus, ICalendarUserTypes, ICalendarValue, ICalendarWeekday,
    Uri,
};
use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ToSpan};

use super::{file_name, text, Context, Entry, ImportError, Importer};
use crate::import::text::quote;
use crate::import::Sink;
use crate::model::{Channel, Email, EventKind, Location, NewEvent, Record, SourceKind, When};

/// At most this many instances of one recurring event are expanded; an
/// endless `FREQ=SECONDLY` rule must not hang the run.
pub const MAX_INSTANCES: usize = 10_000;

/// Entries larger than this are refused as a whole (a calendar is read into
/// memory).
const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// Substrings of a meeting link (lowercase) that make a meeting a video call.
const VIDEO_HINTS: &[&str] = &[
    "zoom.us/",
    "zoomgov.com/",
    "meet.google.com/",
    "teams.microsoft.com/",
    "teams.live.com/",
    "webex.com/",
    "whereby.com/",
    "gotomeeting.com/",
    "meet.goto.com/",
    "bluejeans.com/",
    "meet.jit.si/",
    "jitsi",
];

/// The iCalendar importer.
pub struct Calendar;

impl Importer for Calendar {
    fn kind(&self) -> SourceKind {
        SourceKind::Calendar
    }

    fn detect(&self, path: &str, head: &[u8]) -> bool {
        let name = file_name(path).to_ascii_lowercase();
        if [".ics", ".ical", ".ifb", ".icalendar"]
            .iter()
            .any(|ext| name.ends_with(ext))
        {
            return true;
        }
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let start = head
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(head.len());
        head[start..]
            .get(..15)
            .is_some_and(|h| h.eq_ignore_ascii_case(b"BEGIN:VCALENDAR"))
    }

    fn import(
        &self,
        entry: &mut Entry<'_>,
        ctx: &Context,
        sink: &mut Sink,
    ) -> Result<(), ImportError> {
        let base = entry.location(None);
        let mut bytes = Vec::new();
        (&mut entry.reader)
            .take(MAX_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| ImportError::io(base.clone(), e))?;
        if bytes.len() as u64 > MAX_BYTES {
            return Err(ImportError::unexpected(
                base,
                "a calendar of at most 256 MiB",
                "a larger file",
            ));
        }
        import_bytes(&bytes, &base, ctx, sink)
    }
}

/// Imports one whole calendar file.
fn import_bytes(
    bytes: &[u8],
    base: &Location,
    ctx: &Context,
    sink: &mut Sink,
) -> Result<(), ImportError> {
    let lines = if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        unfold(text::decode(bytes).as_bytes())
    } else {
        unfold(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
    };
    let mut file = FileImport {
        base,
        ctx,
        warnings: Vec::new(),
        people: Vec::new(),
        index: HashMap::new(),
        owners: HashSet::new(),
        meetings: Vec::new(),
    };
    let calendars = cut(&lines, &mut file.warnings);
    if calendars.is_empty() {
        let found = lines
            .first()
            .map_or_else(|| "an empty file".to_owned(), |l| quote(&l.text));
        return Err(ImportError::unexpected(
            base.clone(),
            "BEGIN:VCALENDAR",
            found,
        ));
    }
    for cal in &calendars {
        file.calendar(cal);
    }
    file.finish(sink);
    Ok(())
}

// ---------------------------------------------------------------------------
// Lines and components

/// One unfolded content line and the physical line it starts on.
struct Line {
    no: u64,
    text: String,
}

/// Unfolds lines (RFC 5545 §3.1: CRLF or LF followed by a space or tab
/// continues the line) on bytes, so a fold inside a multi-byte character
/// (Google folds at 75 octets) does not break decoding. Each logical line is
/// UTF-8, or Windows-1252 when it is not.
fn unfold(bytes: &[u8]) -> Vec<Line> {
    fn push(out: &mut Vec<Line>, cur: Option<(u64, Vec<u8>)>) {
        if let Some((no, buf)) = cur {
            let text = match String::from_utf8(buf) {
                Ok(s) => s,
                Err(e) => text::decode(e.as_bytes()).into_owned(),
            };
            out.push(Line { no, text });
        }
    }
    let mut out = Vec::new();
    let mut cur: Option<(u64, Vec<u8>)> = None;
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let no = u64::try_from(i).unwrap_or(u64::MAX).saturating_add(1);
        if let Some((_, buf)) = cur.as_mut() {
            if let Some(rest) = raw.strip_prefix(b" ").or_else(|| raw.strip_prefix(b"\t")) {
                buf.extend_from_slice(rest);
                continue;
            }
        }
        push(&mut out, cur.take());
        if !raw.iter().all(u8::is_ascii_whitespace) {
            cur = Some((no, raw.to_vec()));
        }
    }
    push(&mut out, cur);
    out
}

/// The property name of a content line, upper-cased.
fn prop_name(line: &str) -> String {
    line.split([';', ':'])
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_uppercase()
}

/// The value of a content line: after the first `:` outside a quoted
/// parameter value.
fn prop_value(line: &str) -> &str {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => return &line[i + 1..],
            _ => {}
        }
    }
    ""
}

/// One `VEVENT` or `VTIMEZONE`, `BEGIN` to `END`.
struct Chunk<'a> {
    line: u64,
    lines: Vec<&'a Line>,
}

/// What one `VCALENDAR` holds (or the components found outside any).
#[derive(Default)]
struct CalendarText<'a> {
    calname: Option<String>,
    timezones: Vec<Chunk<'a>>,
    events: Vec<Chunk<'a>>,
}

/// Cuts the lines into calendars and their `VEVENT` and `VTIMEZONE`
/// components. Unterminated components are dropped with a warning at their
/// `BEGIN` line (the physical line number, STYLE.md convention 8).
fn cut<'a>(lines: &'a [Line], warnings: &mut Vec<(u64, String)>) -> Vec<CalendarText<'a>> {
    let mut done = Vec::new();
    let mut loose = CalendarText::default();
    let mut cal: Option<(u64, CalendarText<'a>)> = None;
    let mut stack: Vec<String> = Vec::new();
    // The component being collected, whether it is a VEVENT, and its depth.
    let mut collecting: Option<(Chunk<'a>, bool, usize)> = None;
    let mut seen_any = false;
    for line in lines {
        let name = prop_name(&line.text);
        if name == "BEGIN" {
            let comp = prop_value(&line.text).trim().to_ascii_uppercase();
            if let Some((chunk, _, _)) = collecting.as_mut() {
                chunk.lines.push(line);
            } else if comp == "VCALENDAR" && stack.is_empty() {
                cal = Some((line.no, CalendarText::default()));
                seen_any = true;
            } else if (comp == "VEVENT" || comp == "VTIMEZONE")
                && (stack.is_empty() || (stack.len() == 1 && stack[0] == "VCALENDAR"))
            {
                collecting = Some((
                    Chunk {
                        line: line.no,
                        lines: vec![line],
                    },
                    comp == "VEVENT",
                    stack.len(),
                ));
                seen_any = true;
            }
            stack.push(comp);
        } else if name == "END" {
            let comp = prop_value(&line.text).trim().to_ascii_uppercase();
            let Some(j) = stack.iter().rposition(|c| *c == comp) else {
                if let Some((chunk, _, _)) = collecting.as_mut() {
                    chunk.lines.push(line);
                }
                continue;
            };
            if let Some((mut chunk, is_event, depth)) = collecting.take() {
                match j.cmp(&depth) {
                    std::cmp::Ordering::Greater => {
                        chunk.lines.push(line);
                        collecting = Some((chunk, is_event, depth));
                    }
                    std::cmp::Ordering::Equal => {
                        chunk.lines.push(line);
                        let target = match cal.as_mut() {
                            Some((_, c)) => c,
                            None => &mut loose,
                        };
                        if is_event {
                            target.events.push(chunk);
                        } else {
                            target.timezones.push(chunk);
                        }
                    }
                    std::cmp::Ordering::Less => {
                        let kind = if is_event { "VEVENT" } else { "VTIMEZONE" };
                        warnings.push((
                            chunk.line,
                            format!("expected END:{kind}, found END:{comp}; component skipped"),
                        ));
                    }
                }
            }
            stack.truncate(j);
            if j == 0 && comp == "VCALENDAR" {
                if let Some((_, c)) = cal.take() {
                    done.push(c);
                }
            }
        } else if let Some((chunk, _, _)) = collecting.as_mut() {
            chunk.lines.push(line);
        } else if stack.len() == 1 && name == "X-WR-CALNAME" {
            if let Some((_, c)) = cal.as_mut() {
                c.calname = Some(prop_value(&line.text).trim().to_owned());
            }
        }
    }
    if let Some((chunk, is_event, _)) = collecting {
        let kind = if is_event { "VEVENT" } else { "VTIMEZONE" };
        warnings.push((
            chunk.line,
            format!("expected END:{kind}, found end of file; component skipped"),
        ));
    }
    if let Some((line, c)) = cal {
        warnings.push((line, "expected END:VCALENDAR, found end of file".to_owned()));
        done.push(c);
    }
    if !loose.events.is_empty() || !loose.timezones.is_empty() {
        done.push(loose);
    }
    if !seen_any {
        done.clear();
    }
    done
}

/// Parses one cut component with calcard.
fn parse_chunk(chunk: &Chunk<'_>) -> Result<ICalendar, String> {
    let mut text = String::new();
    for l in &chunk.lines {
        text.push_str(&l.text);
        text.push_str("\r\n");
    }
    match calcard::Parser::new(&text).entry() {
        calcard::Entry::ICalendar(ical) => Ok(ical),
        calcard::Entry::InvalidLine(s) => Err(format!("invalid line {}", quote(&s))),
        calcard::Entry::UnexpectedComponentEnd { found, .. } => {
            Err(format!("END:{}", found.as_str()))
        }
        calcard::Entry::UnterminatedComponent(c) => Err(format!("unterminated {c}")),
        calcard::Entry::TooManyComponents => Err("too many components".to_owned()),
        _ => Err("no component".to_owned()),
    }
}

// ---------------------------------------------------------------------------
// Times

/// When an instance starts, as precisely as the calendar says.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Moment {
    Day(Date),
    At(Timestamp),
    Floating(DateTime),
}

/// The identity of an instance for matching `EXDATE` and `RECURRENCE-ID`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Key {
    Day(Date),
    At(Timestamp),
}

impl Moment {
    fn key(&self, tz: &TimeZone) -> Key {
        match self {
            Moment::Day(d) => Key::Day(*d),
            Moment::At(ts) => Key::At(*ts),
            Moment::Floating(dt) => match tz.to_timestamp(*dt) {
                Ok(ts) => Key::At(ts),
                Err(_) => Key::Day(dt.date()),
            },
        }
    }

    fn when(&self) -> When {
        match self {
            Moment::Day(d) => When::Day(*d),
            Moment::At(ts) => When::Instant(*ts),
            Moment::Floating(dt) => When::Floating(*dt),
        }
    }

    /// An instant for sorting: days at their start in `tz`.
    fn sort_key(&self, tz: &TimeZone) -> Timestamp {
        let dt = match self {
            Moment::At(ts) => return *ts,
            Moment::Day(d) => d.to_datetime(jiff::civil::Time::midnight()),
            Moment::Floating(dt) => *dt,
        };
        tz.to_timestamp(dt).unwrap_or(Timestamp::MIN)
    }

    fn text(&self) -> String {
        match self {
            Moment::Day(d) => d.to_string(),
            Moment::At(ts) => ts.to_string(),
            Moment::Floating(dt) => dt.to_string(),
        }
    }
}

/// The civil date and time of a calcard value; the time is `None` for a
/// `DATE` value (a `Z` on a date, as Google's birthdays write, is ignored).
fn civil(p: &PartialDateTime) -> Option<(Date, Option<DateTime>)> {
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
fn value_offset(p: &PartialDateTime) -> Option<i32> {
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
struct Zones {
    /// `TZID` -> zone (`None`: known to be unresolvable).
    map: HashMap<String, Option<TimeZone>>,
}

impl Zones {
    fn new(timezones: &[Chunk<'_>]) -> Zones {
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
            if zone.is_some() {
                map.insert(tzid, zone);
            }
        }
        Zones { map }
    }

    /// The zone named `tzid`: the calendar's own `VTIMEZONE`, else calcard's
    /// name mapping (IANA, Windows, `/vendor/.../Area/City`).
    fn get(&mut self, tzid: &str) -> Option<TimeZone> {
        if let Some(z) = self.map.get(tzid) {
            return z.clone();
        }
        let zone = Tz::from_str(tzid.trim()).ok().and_then(to_jiff);
        self.map.insert(tzid.to_owned(), zone.clone());
        zone
    }
}

/// Where a series' wall times live.
#[derive(Clone, Debug)]
enum Frame {
    /// All-day (`VALUE=DATE`).
    Days,
    /// A zone (`TZID`, `Z` or an offset).
    Zone(TimeZone),
    /// Floating: read in `--tz`.
    Floating,
}

impl Frame {
    fn moment(&self, wall: DateTime) -> Moment {
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

// ---------------------------------------------------------------------------
// Components

/// A person named by `ORGANIZER` or `ATTENDEE`.
#[derive(Clone, Debug)]
struct Person {
    email: Email,
    name: Option<String>,
    declined: bool,
    line: u64,
}

/// One parsed `VEVENT`.
struct Comp {
    line: u64,
    uid: Option<String>,
    start: Moment,
    frame: Frame,
    /// The wall time of DTSTART (midnight for all-day).
    wall: DateTime,
    rrule: Option<ICalendarRecurrenceRule>,
    rdates: Vec<Moment>,
    exdates: Vec<Moment>,
    rid: Option<Moment>,
    sequence: i64,
    cancelled: bool,
    video: bool,
    people: Vec<Person>,
}

/// The `TZID` parameter. An unquoted Windows name with commas
/// (`TZID=Canberra, Melbourne, Sydney`) reaches us as several values; they
/// are joined back.
fn tz_id(e: &ICalendarEntry) -> Option<String> {
    let parts: Vec<&str> = e
        .params
        .iter()
        .filter(|p| p.name == ICalendarParameterName::Tzid)
        .filter_map(|p| p.value.as_text())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The text of a property value.
fn value_text(v: &ICalendarValue) -> Option<&str> {
    match v {
        ICalendarValue::Text(s) | ICalendarValue::Uri(Uri::Location(s)) => Some(s),
        _ => None,
    }
}

fn param<'e>(
    e: &'e ICalendarEntry,
    name: &ICalendarParameterName,
) -> Option<&'e ICalendarParameterValue> {
    e.params.iter().find(|p| p.name == *name).map(|p| &p.value)
}

fn param_text_is(v: Option<&ICalendarParameterValue>, want: &[&str]) -> bool {
    matches!(v, Some(ICalendarParameterValue::Text(t)) if want.iter().any(|w| t.eq_ignore_ascii_case(w)))
}

/// Domains of addresses that are not people: Google rooms, shared and
/// holiday calendars (`*.calendar.google.com`), birthday pseudo-attendees
/// (`@virtual`). FORMATS.md §5.
fn is_pseudo_address(email: &Email) -> bool {
    let domain = email.as_str().rsplit('@').next().unwrap_or("");
    domain == "calendar.google.com"
        || domain.ends_with(".calendar.google.com")
        || domain == "virtual"
}

/// Reads an `ORGANIZER` or `ATTENDEE` into a person, or `None` for rooms,
/// resources, groups, pseudo-attendees and values without an email address.
fn person(e: &ICalendarEntry, lines: &[(u64, String)], default_line: u64) -> Option<Person> {
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
        declined,
        line,
    })
}

/// The outcome of reading one `VEVENT`.
enum Parsed {
    Event(Box<Comp>),
    Skipped(String),
}

impl FileImport<'_> {
    /// Reads one cut `VEVENT` into a [`Comp`].
    fn comp(&mut self, chunk: &Chunk<'_>, zones: &mut Zones) -> Parsed {
        let ical = match parse_chunk(chunk) {
            Ok(ical) => ical,
            Err(found) => {
                return Parsed::Skipped(format!("expected a VEVENT, found {found}"));
            }
        };
        let Some(comp) = ical
            .components
            .first()
            .filter(|c| c.component_type == ICalendarComponentType::VEvent)
        else {
            return Parsed::Skipped("expected a VEVENT, found no component".to_owned());
        };
        // ORGANIZER/ATTENDEE lines outside VALARM, for record locations.
        let mut depth = 0usize;
        let mut people_lines = Vec::new();
        for l in &chunk.lines {
            match prop_name(&l.text).as_str() {
                "BEGIN" => depth += 1,
                "END" => depth = depth.saturating_sub(1),
                "ATTENDEE" | "ORGANIZER" if depth == 1 => {
                    people_lines.push((l.no, l.text.to_lowercase()));
                }
                _ => {}
            }
        }
        self.read_comp(comp, chunk.line, &people_lines, zones)
    }

    fn read_comp(
        &mut self,
        comp: &ICalendarComponent,
        line: u64,
        people_lines: &[(u64, String)],
        zones: &mut Zones,
    ) -> Parsed {
        let mut uid = None;
        let mut dtstart: Option<(&PartialDateTime, Option<String>)> = None;
        let mut bad_start: Option<String> = None;
        let mut rrule = None;
        let mut rdates = Vec::new();
        let mut exdates = Vec::new();
        let mut rid: Option<(&PartialDateTime, Option<String>)> = None;
        let mut sequence = 0;
        let mut cancelled = false;
        let mut video = false;
        let mut people: Vec<Person> = Vec::new();
        for e in &comp.entries {
            let tzid = tz_id(e);
            match &e.name {
                ICalendarProperty::Uid => {
                    uid = e
                        .values
                        .first()
                        .and_then(value_text)
                        .map(|s| s.trim().to_owned());
                }
                ICalendarProperty::Dtstart => match e.values.first() {
                    Some(ICalendarValue::PartialDateTime(p)) if p.has_date() => {
                        dtstart = Some((p, tzid.clone()));
                    }
                    other => {
                        bad_start = Some(
                            other
                                .and_then(value_text)
                                .map_or_else(|| "an empty value".to_owned(), quote),
                        );
                    }
                },
                ICalendarProperty::Rrule => {
                    if let Some(ICalendarValue::RecurrenceRule(r)) = e.values.first() {
                        if rrule.is_none() {
                            rrule = Some((**r).clone());
                        }
                    }
                }
                ICalendarProperty::Rdate | ICalendarProperty::Exdate => {
                    let list = if e.name == ICalendarProperty::Rdate {
                        &mut rdates
                    } else {
                        &mut exdates
                    };
                    for v in &e.values {
                        match v {
                            ICalendarValue::PartialDateTime(p) => {
                                list.push(((**p).clone(), tzid.clone()))
                            }
                            ICalendarValue::Period(
                                ICalendarPeriod::Range { start, .. }
                                | ICalendarPeriod::Duration { start, .. },
                            ) => list.push((start.clone(), tzid.clone())),
                            _ => {}
                        }
                    }
                }
                ICalendarProperty::RecurrenceId => {
                    if let Some(ICalendarValue::PartialDateTime(p)) = e.values.first() {
                        rid = Some((p, tzid.clone()));
                    }
                }
                ICalendarProperty::Sequence => {
                    if let Some(ICalendarValue::Integer(n)) = e.values.first() {
                        sequence = *n;
                    }
                }
                ICalendarProperty::Status => {
                    cancelled = match e.values.first() {
                        Some(ICalendarValue::Status(s)) => *s == ICalendarStatus::Cancelled,
                        Some(ICalendarValue::Text(t)) => t.trim().eq_ignore_ascii_case("CANCELLED"),
                        _ => false,
                    };
                }
                ICalendarProperty::Organizer | ICalendarProperty::Attendee => {
                    if let Some(p) = person(e, people_lines, line) {
                        if let Some(known) = people.iter_mut().find(|q| q.email == p.email) {
                            known.declined |= p.declined;
                            if known.name.is_none() {
                                known.name = p.name;
                            }
                        } else {
                            people.push(p);
                        }
                    }
                }
                ICalendarProperty::Location
                | ICalendarProperty::Url
                | ICalendarProperty::Description
                | ICalendarProperty::Conference => {
                    video |= e.values.iter().filter_map(value_text).any(has_video_link);
                }
                ICalendarProperty::Other(name)
                    if name.eq_ignore_ascii_case("X-GOOGLE-CONFERENCE")
                        || name
                            .to_ascii_uppercase()
                            .starts_with("X-MICROSOFT-SKYPETEAMSMEETINGURL")
                        || name.eq_ignore_ascii_case("X-MICROSOFT-ONLINEMEETINGEXTERNALLINK") =>
                {
                    video |= e.values.iter().filter_map(value_text).any(has_video_link);
                }
                _ => {}
            }
        }
        let Some((start_value, start_tzid)) = dtstart.or_else(|| rid.clone()) else {
            return Parsed::Skipped(match bad_start {
                Some(found) => format!("expected a DTSTART date or date-time, found {found}"),
                None => "expected DTSTART, found none".to_owned(),
            });
        };
        let Some((date, time)) = civil(start_value) else {
            return Parsed::Skipped(
                "expected a DTSTART date or date-time, found an invalid date".to_owned(),
            );
        };
        let frame = match (time, value_offset(start_value), start_tzid.as_deref()) {
            (None, _, _) => Frame::Days,
            (Some(_), Some(secs), _) => match Offset::from_seconds(secs) {
                Ok(o) => Frame::Zone(TimeZone::fixed(o)),
                Err(_) => Frame::Floating,
            },
            (Some(_), None, Some(tzid)) => match self.zone(zones, tzid, line) {
                Some(tz) => Frame::Zone(tz),
                None => Frame::Floating,
            },
            (Some(_), None, None) => Frame::Floating,
        };
        let wall = time.unwrap_or_else(|| date.to_datetime(jiff::civil::Time::midnight()));
        let start = frame.moment(wall);
        let mut resolve = |p: &PartialDateTime, tzid: Option<&str>| -> Option<Moment> {
            let (date, time) = civil(p)?;
            let Some(dt) = time else {
                return Some(Moment::Day(date));
            };
            if let Some(secs) = value_offset(p) {
                return Some(
                    Frame::Zone(TimeZone::fixed(Offset::from_seconds(secs).ok()?)).moment(dt),
                );
            }
            let tzid = tzid.or(start_tzid.as_deref());
            Some(match tzid.and_then(|t| self.zone(zones, t, line)) {
                Some(tz) => Frame::Zone(tz).moment(dt),
                None => Moment::Floating(dt),
            })
        };
        let rdates = rdates
            .iter()
            .filter_map(|(p, t)| resolve(p, t.as_deref()))
            .collect();
        let exdates = exdates
            .iter()
            .filter_map(|(p, t)| resolve(p, t.as_deref()))
            .collect();
        let rid = rid.and_then(|(p, t)| resolve(p, t.as_deref()));
        Parsed::Event(Box::new(Comp {
            line,
            uid,
            start,
            frame,
            wall,
            rrule,
            rdates,
            exdates,
            rid,
            sequence,
            cancelled,
            video,
            people,
        }))
    }

    /// Resolves a `TZID`, warning once per calendar and name when unknown.
    fn zone(&mut self, zones: &mut Zones, tzid: &str, line: u64) -> Option<TimeZone> {
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

fn has_video_link(text: &str) -> bool {
    let lower = text.to_lowercase();
    VIDEO_HINTS.iter().any(|h| lower.contains(h))
}

// ---------------------------------------------------------------------------
// Recurrence

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
        let mut chars = text.chars();
        let text = chars
            .next()
            .map(|c| c.to_lowercase().chain(chars).collect::<String>())
            .unwrap_or_default();
        return Err(text);
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

// ---------------------------------------------------------------------------
// The file

/// One meeting found, before records exist.
struct Meeting {
    when: When,
    video: bool,
    people: Vec<usize>,
    line: u64,
    key: Option<String>,
}

/// One person across the file.
struct Acc {
    email: Email,
    names: Vec<String>,
    line: u64,
}

struct FileImport<'a> {
    base: &'a Location,
    ctx: &'a Context,
    warnings: Vec<(u64, String)>,
    people: Vec<Acc>,
    index: HashMap<Email, usize>,
    owners: HashSet<Email>,
    meetings: Vec<Meeting>,
}

impl FileImport<'_> {
    /// Resolves one calendar's series into meetings.
    fn calendar(&mut self, cal: &CalendarText<'_>) {
        let owner = cal.calname.as_deref().and_then(Email::parse);
        if let Some(o) = &owner {
            self.owners.insert(o.clone());
        }
        let mut zones = Zones::new(&cal.timezones);
        let mut comps = Vec::new();
        for chunk in &cal.events {
            match self.comp(chunk, &mut zones) {
                Parsed::Event(c) => comps.push(*c),
                Parsed::Skipped(msg) => self.warnings.push((chunk.line, msg)),
            }
        }
        let instances = self.instances(&comps);
        for (start, comp) in instances {
            self.meeting(&start, comp, owner.as_ref());
        }
    }

    /// Every instance of every series, dated on or before `as_of`, in
    /// chronological order.
    fn instances<'c>(&mut self, comps: &'c [Comp]) -> Vec<(Moment, &'c Comp)> {
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

    /// Turns one instance into a meeting when it is one.
    fn meeting(&mut self, start: &Moment, comp: &Comp, owner: Option<&Email>) {
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

    /// Pushes warnings, records and events into the sink.
    fn finish(self, sink: &mut Sink) {
        let mut warnings = self.warnings;
        warnings.sort_by_key(|(line, _)| *line);
        for (line, message) in warnings {
            sink.warn(self.base.at_line(line), message);
        }
        let mut refs = Vec::with_capacity(self.people.len());
        for acc in self.people {
            let mut record = Record::new(SourceKind::Calendar, self.base.at_line(acc.line));
            for name in &acc.names {
                record.add_name(name);
            }
            record.owner = self.owners.contains(&acc.email);
            record.add_email(acc.email);
            record.name_is_hint = true;
            refs.push(sink.record(record));
        }
        for m in self.meetings {
            sink.event(NewEvent {
                kind: EventKind::Direct,
                channel: if m.video {
                    Channel::VideoMeeting
                } else {
                    Channel::Meeting
                },
                when: m.when,
                sender: None,
                participants: m.people.iter().map(|&i| refs[i]).collect(),
                location: self.base.at_line(m.line),
                dedup_key: m.key.map(String::into_boxed_str),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;
    use std::sync::Arc;

    use super::*;
    use crate::model::{Event, Region};

    fn ctx(tz: &str, as_of: &str) -> Context {
        Context {
            region: Region::default(),
            tz: TimeZone::get(tz).unwrap(),
            as_of: as_of.parse().unwrap(),
            limits: crate::limits::Limits::default(),
        }
    }

    /// The fixed context of the fixtures: `as_of` 2026-06-30 in UTC.
    fn utc() -> Context {
        ctx("UTC", "2026-06-30")
    }

    fn run_bytes(name: &str, bytes: &[u8], ctx: &Context) -> Result<Sink, ImportError> {
        let mut entry = Entry {
            path: name.to_owned(),
            display: Arc::from(name),
            reader: Box::new(Cursor::new(bytes.to_vec())),
        };
        let mut sink = Sink::new();
        Calendar.import(&mut entry, ctx, &mut sink)?;
        Ok(sink)
    }

    fn run(text: &str, ctx: &Context) -> Sink {
        run_bytes("t.ics", text.as_bytes(), ctx).unwrap()
    }

    fn fixture(name: &str) -> Sink {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/calendar/");
        let bytes = std::fs::read(format!("{path}{name}")).unwrap();
        let sink = run_bytes(name, &bytes, &utc()).unwrap();
        assert_eq!(warnings(&sink), Vec::<String>::new(), "{name}");
        sink
    }

    fn warnings(sink: &Sink) -> Vec<String> {
        sink.warnings.iter().map(ToString::to_string).collect()
    }

    fn emails(sink: &Sink) -> Vec<&str> {
        sink.records.iter().map(|r| r.emails[0].as_str()).collect()
    }

    fn whens(sink: &Sink) -> Vec<String> {
        sink.events
            .iter()
            .map(|e| match e.when() {
                When::Instant(ts) => ts.to_string(),
                When::Day(d) => d.to_string(),
                When::Floating(dt) => format!("floating {dt}"),
            })
            .collect()
    }

    fn who(sink: &Sink, e: &Event) -> Vec<String> {
        e.participants()
            .iter()
            .map(|&r| sink.records[r as usize].emails[0].to_string())
            .collect()
    }

    /// Every instance (meeting or not) of a calendar text, as
    /// `start comp-line`, plus the warnings.
    fn instances(text: &str, ctx: &Context) -> (Vec<String>, Vec<String>) {
        let lines = unfold(text.as_bytes());
        let base = Location::new(Arc::from("t.ics"), None);
        let mut file = FileImport {
            base: &base,
            ctx,
            warnings: Vec::new(),
            people: Vec::new(),
            index: HashMap::new(),
            owners: HashSet::new(),
            meetings: Vec::new(),
        };
        let mut out = Vec::new();
        let mut warnings = Vec::new();
        for cal in cut(&lines, &mut warnings) {
            let mut zones = Zones::new(&cal.timezones);
            let mut comps = Vec::new();
            for chunk in &cal.events {
                if let Parsed::Event(c) = file.comp(chunk, &mut zones) {
                    comps.push(*c);
                }
            }
            for (start, comp) in file.instances(&comps) {
                out.push(format!("{} {}", start.text(), comp.line));
            }
        }
        warnings.extend(file.warnings);
        (
            out,
            warnings
                .into_iter()
                .map(|(l, m)| format!("{l}: {m}"))
                .collect(),
        )
    }

    fn corpus_dir() -> Option<String> {
        let dir = std::env::var("OFFGRID_CORPUS").unwrap_or_else(|_| {
            concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus").to_owned()
        });
        let ical = format!("{dir}/ical");
        if std::path::Path::new(&ical).is_dir() {
            Some(ical)
        } else {
            println!("skipped: corpus not found at {ical}");
            None
        }
    }

    #[test]
    fn corpus_every_file_imports() {
        let Some(dir) = corpus_dir() else { return };
        let ctx = ctx("UTC", "2026-01-01");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        assert_eq!(paths.len(), 11);
        let mut counts = Vec::new();
        for p in &paths {
            let name = p.file_name().unwrap().to_str().unwrap();
            assert!(Calendar.detect(name, b""), "{name}");
            let bytes = std::fs::read(p).unwrap();
            let sink = run_bytes(name, &bytes, &ctx).unwrap_or_else(|e| panic!("{name}: {e}"));
            for w in &sink.warnings {
                assert!(w.location.line.is_some(), "{name}: unlocated {w}");
            }
            counts.push((name.to_owned(), sink.events.len(), sink.records.len()));
        }
        let count = |file: &str| {
            counts
                .iter()
                .find(|(n, _, _)| n.contains(file))
                .map(|(_, e, r)| (*e, *r))
                .unwrap()
        };
        // MONTHLY;BYDAY=1TU from 2012-10-02 to 2025-12 (159) + 5 RDATEs - 3
        // EXDATEs = 161 instances; the two overrides list only the organizer.
        assert_eq!(count("recur_instances"), (159, 4));
        // The only ATTENDEE is inside VALARM.
        assert_eq!(count("daily_recur"), (0, 0));
        assert_eq!(count("property_params"), (1, 3));
        // Organizer only: not a meeting.
        assert_eq!(count("issue_101"), (0, 0));
        assert_eq!(count("ms_tzid"), (0, 0));
        // Birthdays: the only attendee is an `@virtual` pseudo-address.
        assert_eq!(count("google_birthday"), (0, 0));
        let birthdays =
            std::fs::read_to_string(format!("{dir}/kewisch__ical.js__google_birthday.ics"))
                .unwrap();
        // DTSTART + 2 RDATEs (`20131210Z`: a Z on a date) and 3 overrides
        // of a series whose master is not in the file.
        let (all, warnings) = instances(&birthdays, &ctx);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(all.len(), 6);
        assert_eq!(all[0], "2012-12-10 8");
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
    fn fixture_video_vs_inperson() {
        let sink = fixture("video_vs_inperson.ics");
        let channels: Vec<_> = sink.events.iter().map(|e| e.channel().clone()).collect();
        assert_eq!(
            channels,
            [
                Channel::VideoMeeting,
                Channel::Meeting,
                Channel::VideoMeeting
            ]
        );
        assert_eq!(emails(&sink), ["alex@example.com", "priya@example.com"]);
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
    fn fixture_valarm_attendee_is_not_a_person() {
        let sink = fixture("valarm_attendee.ics");
        assert_eq!(whens(&sink), ["2026-05-02T08:00:00Z"]);
        assert_eq!(emails(&sink), ["alex@example.com", "kim@example.com"]);
    }

    /// A calendar around `body`, owned by alex@example.com.
    fn cal(body: &str) -> String {
        format!(
            "BEGIN:VCALENDAR\nVERSION:2.0\nX-WR-CALNAME:alex@example.com\n{body}END:VCALENDAR\n"
        )
    }

    const PEOPLE: &str = "ORGANIZER:mailto:alex@example.com\nATTENDEE:mailto:bo@example.com\n";

    #[test]
    fn detect_by_extension_or_content() {
        assert!(Calendar.detect("export/Work.ICS", b""));
        assert!(Calendar.detect("a.ifb", b""));
        assert!(Calendar.detect("calendar.txt", b"\xEF\xBB\xBF\r\nBEGIN:VCALENDAR\r\n"));
        assert!(Calendar.detect("x", b"begin:vcalendar\n"));
        assert!(!Calendar.detect("contacts.vcf", b"BEGIN:VCARD\r\n"));
        assert!(!Calendar.detect("x.csv", b""));
    }

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

    #[test]
    fn same_calendar_twice_gives_the_same_keys() {
        let body = format!("BEGIN:VEVENT\nUID:k\nDTSTART:20260105T100000Z\n{PEOPLE}END:VEVENT\n");
        let once = run(&cal(&body), &utc());
        let twice = run(&format!("{}{}", cal(&body), cal(&body)), &utc());
        assert_eq!(once.events.len(), 1);
        assert_eq!(twice.events.len(), 2);
        assert_eq!(twice.records.len(), 2);
        assert_eq!(twice.events[0].dedup_key(), twice.events[1].dedup_key());
        assert_eq!(
            twice.events[0].dedup_key(),
            Some("ics:k:2026-01-05T10:00:00Z")
        );
    }

    #[test]
    fn bare_vevent_without_vcalendar() {
        let body = format!("BEGIN:VEVENT\nUID:b\nDTSTART:20260105T100000Z\n{PEOPLE}END:VEVENT\n");
        assert_eq!(run(&body, &utc()).events.len(), 1);
    }

    #[test]
    fn fold_inside_utf8_and_latin1_line() {
        // A fold between the two bytes of "é", and a Windows-1252 line.
        let mut bytes = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u\r\nDTSTART:20260105T100000Z\r\nORGANIZER;CN=Ren\xC3\r\n \xA9e:mailto:renee@example.com\r\n".to_vec();
        bytes.extend_from_slice(
            b"ATTENDEE;CN=Jos\xE9:mailto:jose@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        );
        let sink = run_bytes("u.ics", &bytes, &utc()).unwrap();
        assert_eq!(sink.records[0].names, ["Renée"]);
        assert_eq!(sink.records[1].names, ["José"]);
        assert_eq!(sink.records[1].location.as_ref().unwrap().line, Some(7));
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
    fn warning_missing_dtstart() {
        let body = format!("BEGIN:VEVENT\nUID:m\n{PEOPLE}END:VEVENT\n");
        let sink = run(&cal(&body), &utc());
        assert_eq!(warnings(&sink), ["t.ics:4: expected DTSTART, found none"]);
    }

    #[test]
    fn warning_bad_dtstart_costs_only_its_event() {
        let bad = format!("BEGIN:VEVENT\nUID:m\nDTSTART:next tuesday\n{PEOPLE}END:VEVENT\n");
        let good = format!("BEGIN:VEVENT\nUID:g\nDTSTART:20260105T100000Z\n{PEOPLE}END:VEVENT\n");
        let sink = run(&cal(&format!("{bad}{good}")), &utc());
        assert_eq!(
            warnings(&sink),
            ["t.ics:4: expected a DTSTART date or date-time, found \"next tuesday\""]
        );
        assert_eq!(sink.events.len(), 1);
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
    fn warning_unterminated_components() {
        let good = format!("BEGIN:VEVENT\nUID:g\nDTSTART:20260105T100000Z\n{PEOPLE}END:VEVENT\n");
        let text = format!(
            "BEGIN:VCALENDAR\nX-WR-CALNAME:alex@example.com\n{good}BEGIN:VEVENT\nUID:x\nEND:VCALENDAR\n{}BEGIN:VEVENT\nUID:y\n",
            cal(&good)
        );
        let sink = run(&text, &utc());
        assert_eq!(
            warnings(&sink),
            [
                "t.ics:9: expected END:VEVENT, found END:VCALENDAR; component skipped",
                "t.ics:22: expected END:VEVENT, found end of file; component skipped",
            ]
        );
        assert_eq!(sink.events.len(), 2);
    }

    #[test]
    fn warning_unterminated_calendar() {
        let good = format!("BEGIN:VEVENT\nUID:g\nDTSTART:20260105T100000Z\n{PEOPLE}END:VEVENT\n");
        let sink = run(&format!("BEGIN:VCALENDAR\n{good}"), &utc());
        assert_eq!(
            warnings(&sink),
            ["t.ics:1: expected END:VCALENDAR, found end of file"]
        );
        assert_eq!(sink.events.len(), 1);
    }

    #[test]
    fn error_not_a_calendar() {
        let err = run_bytes("x.ics", b"hello\nworld\n", &utc()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.ics: expected BEGIN:VCALENDAR, found \"hello\""
        );
        let err = run_bytes("x.ics", b"", &utc()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.ics: expected BEGIN:VCALENDAR, found an empty file"
        );
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
    fn utf16_file_with_bom() {
        let text = cal("BEGIN:VEVENT\nUID:u\nDTSTART:20260105T100000Z\n\
            ORGANIZER;CN=Zoë:mailto:alex@example.com\nATTENDEE:mailto:bo@example.com\n\
            END:VEVENT\n");
        let mut bytes = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let sink = run_bytes("u.ics", &bytes, &utc()).unwrap();
        assert_eq!(sink.events.len(), 1);
        assert_eq!(sink.records[0].names, ["Zoë"]);
    }
}
