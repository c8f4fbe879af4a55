//! From bytes to parsed `VEVENT`s: lines unfolded with their physical line
//! numbers kept, cut into one `VEVENT` or `VTIMEZONE` at a time (and the
//! `VCALENDAR`s around them), each parsed alone with calcard so a broken
//! component costs only itself; then the properties offgrid uses read into
//! a [`Comp`].

use calcard::common::PartialDateTime;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarEntry, ICalendarParameterName,
    ICalendarPeriod, ICalendarProperty, ICalendarRecurrenceRule, ICalendarStatus, ICalendarValue,
    Uri,
};
use jiff::civil::DateTime;
use jiff::tz::{Offset, TimeZone};

use super::attendees::{person, Person};
use super::times::{civil, value_offset, Frame, Moment, Zones};
use super::{text, FileImport};
use crate::import::text::quote;

/// One unfolded content line and the physical line it starts on.
pub(super) struct Line {
    pub(super) no: u64,
    pub(super) text: String,
}

/// Unfolds lines (RFC 5545 §3.1: CRLF or LF followed by a space or tab
/// continues the line) on bytes, so a fold inside a multi-byte character
/// (Google folds at 75 octets) does not break decoding. Each logical line is
/// UTF-8, or Windows-1252 when it is not.
pub(super) fn unfold(bytes: &[u8]) -> Vec<Line> {
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
pub(super) struct Chunk<'a> {
    pub(super) line: u64,
    pub(super) lines: Vec<&'a Line>,
}

/// What one `VCALENDAR` holds (or the components found outside any).
#[derive(Default)]
pub(super) struct CalendarText<'a> {
    pub(super) calname: Option<String>,
    pub(super) timezones: Vec<Chunk<'a>>,
    pub(super) events: Vec<Chunk<'a>>,
}

/// Cuts the lines into calendars and their `VEVENT` and `VTIMEZONE`
/// components. Unterminated components are dropped with a warning at their
/// `BEGIN` line (the physical line, as every warning names it).
pub(super) fn cut<'a>(
    lines: &'a [Line],
    warnings: &mut Vec<(u64, String)>,
) -> Vec<CalendarText<'a>> {
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
pub(super) fn parse_chunk(chunk: &Chunk<'_>) -> Result<ICalendar, String> {
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

/// One parsed `VEVENT`.
pub(super) struct Comp {
    pub(super) line: u64,
    pub(super) uid: Option<String>,
    pub(super) start: Moment,
    pub(super) frame: Frame,
    /// The wall time of DTSTART (midnight for all-day).
    pub(super) wall: DateTime,
    pub(super) rrule: Option<ICalendarRecurrenceRule>,
    pub(super) rdates: Vec<Moment>,
    pub(super) exdates: Vec<Moment>,
    pub(super) rid: Option<Moment>,
    pub(super) sequence: i64,
    pub(super) cancelled: bool,
    pub(super) video: bool,
    pub(super) people: Vec<Person>,
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
pub(super) fn value_text(v: &ICalendarValue) -> Option<&str> {
    match v {
        ICalendarValue::Text(s) | ICalendarValue::Uri(Uri::Location(s)) => Some(s),
        _ => None,
    }
}

/// The outcome of reading one `VEVENT`.
pub(super) enum Parsed {
    Event(Box<Comp>),
    Skipped(String),
}

impl FileImport<'_> {
    /// Reads one cut `VEVENT` into a [`Comp`].
    pub(super) fn comp(&mut self, chunk: &Chunk<'_>, zones: &mut Zones) -> Parsed {
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
}

fn has_video_link(text: &str) -> bool {
    let lower = text.to_lowercase();
    VIDEO_HINTS.iter().any(|h| lower.contains(h))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{cal, emails, fixture, run, run_bytes, utc, warnings, PEOPLE};
    use crate::model::Channel;

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
}
