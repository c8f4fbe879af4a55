//! `offgrid suggest --format ics`: an iCalendar file (RFC 5545) with one
//! reminder event per suggested person, written by hand.
//!
//! Each event falls on the week's reminder day (Friday by default) at the
//! reminder time in the report's zone, written in UTC so no `VTIMEZONE` is
//! needed. Its `UID` is the person_id and the ISO week, so importing the
//! file again (a rerun the same week) updates the events instead of adding
//! copies. A person suggested this week and contacted since is written as a
//! cancelled event (`STATUS:CANCELLED`, `SEQUENCE:1`) with the same `UID`,
//! which takes the reminder out of a calendar that imported it. `DTSTAMP`
//! is midnight UTC of `--as-of`, so the same inputs give the same bytes.
//!
//! Lines end in CRLF and are folded at 75 octets (RFC 5545 3.1), never
//! inside a UTF-8 sequence; text values escape `\`, `;`, `,` and line
//! breaks (3.3.11).

use std::io::{self, Write};

use jiff::civil::{Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan as _};

use super::GENERATED_BY;
use crate::analyze::suggest::Week;

/// When the reminders are.
#[derive(Clone, Debug)]
pub struct Reminder {
    pub weekday: Weekday,
    pub at: Time,
    pub minutes: u32,
    pub tz: TimeZone,
}

/// The event's start and end on the week's reminder day.
fn slot(week: &Week, r: &Reminder) -> io::Result<(Timestamp, Timestamp)> {
    let offset = i64::from(r.weekday.to_monday_zero_offset());
    let day = week
        .monday
        .checked_add(offset.days())
        .map_err(io::Error::other)?;
    let start =
        r.tz.to_timestamp(day.to_datetime(r.at))
            .map_err(io::Error::other)?;
    let end = start
        .checked_add(i64::from(r.minutes).minutes())
        .map_err(io::Error::other)?;
    Ok((start, end))
}

fn utc(ts: Timestamp) -> String {
    ts.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value escaped (RFC 5545 3.3.11).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Writes one content line, folded at 75 octets, ending in CRLF.
fn line(out: &mut dyn Write, text: &str) -> io::Result<()> {
    let mut buf = String::with_capacity(text.len() + 8);
    let mut len = 0;
    for c in text.chars() {
        let n = c.len_utf8();
        if len + n > 75 {
            buf.push_str("\r\n ");
            len = 1;
        }
        buf.push(c);
        len += n;
    }
    buf.push_str("\r\n");
    out.write_all(buf.as_bytes())
}

/// The UID of a person's reminder in a week: the same on every rerun.
pub fn uid(person_id: &str, week: &str) -> String {
    format!("{person_id}-{week}@offgrid")
}

/// Writes the calendar.
///
/// # Errors
///
/// When writing fails, or the reminder's time does not exist in the zone.
pub fn write(week: &Week, r: &Reminder, out: &mut dyn Write) -> io::Result<()> {
    let (start, end) = slot(week, r)?;
    let stamp = TimeZone::UTC
        .to_timestamp(week.as_of.to_datetime(Time::midnight()))
        .map_err(io::Error::other)?;
    line(out, "BEGIN:VCALENDAR")?;
    line(out, "VERSION:2.0")?;
    line(out, &format!("PRODID:-//offgrid//{GENERATED_BY}//EN"))?;
    line(out, "CALSCALE:GREGORIAN")?;
    line(out, "X-WR-CALNAME:offgrid suggestions")?;
    let event = |out: &mut dyn Write,
                 id: &str,
                 summary: &str,
                 description: &str,
                 cancelled: bool|
     -> io::Result<()> {
        line(out, "BEGIN:VEVENT")?;
        line(out, &format!("UID:{}", uid(id, &week.week)))?;
        line(out, &format!("DTSTAMP:{}", utc(stamp)))?;
        line(out, &format!("DTSTART:{}", utc(start)))?;
        line(out, &format!("DTEND:{}", utc(end)))?;
        line(out, &format!("SUMMARY:{}", escape(summary)))?;
        line(out, &format!("DESCRIPTION:{}", escape(description)))?;
        line(
            out,
            if cancelled {
                "STATUS:CANCELLED"
            } else {
                "STATUS:CONFIRMED"
            },
        )?;
        line(
            out,
            if cancelled {
                "SEQUENCE:1"
            } else {
                "SEQUENCE:0"
            },
        )?;
        line(out, "TRANSP:TRANSPARENT")?;
        line(out, "END:VEVENT")
    };
    for s in &week.suggestions {
        let verb = if s.reach.iter().any(|r| r.kind == "phone") {
            "Call"
        } else {
            "Get in touch with"
        };
        let mut description = format!("{}.\n", s.why);
        for r in &s.reach {
            description.push_str(&format!("\n{}: {}", r.kind, r.value));
        }
        event(
            out,
            &s.person_id,
            &format!("{verb} {}", s.name),
            &description,
            false,
        )?;
    }
    for d in &week.done {
        event(
            out,
            &d.person_id,
            &format!("Done: {}", d.name),
            &format!("Direct contact on {}.", d.contacted),
            true,
        )?;
    }
    line(out, "END:VCALENDAR")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = Vec::new();
        let text = format!("DESCRIPTION:{}", "é".repeat(60));
        line(&mut out, &text).unwrap();
        let s = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = s.split("\r\n").collect();
        assert_eq!(lines.last(), Some(&""));
        for l in &lines {
            assert!(l.len() <= 75, "{l:?} is {} octets", l.len());
        }
        assert!(lines[1].starts_with(' '));
        let unfolded = s.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{text}\r\n"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
