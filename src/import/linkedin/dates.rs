//! Dates, in every style LinkedIn wrote them and Excel re-saves them
//! (docs/formats.md, "Connections.csv" and "messages.csv").

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::Offset;
use jiff::Timestamp;

use crate::model::When;

/// `2024-03-15 09:30:00 UTC`, as every export since 2021 writes a message
/// date, read without [`parse_stamp`]'s search for a style. Anything else,
/// or a date or time out of range, is left to the general path.
fn parse_current(s: &str) -> Option<When> {
    let b = s.as_bytes();
    if b.len() != 23 || &b[19..] != b" UTC" {
        return None;
    }
    let punctuation = [(4, b'-'), (7, b'-'), (10, b' '), (13, b':'), (16, b':')];
    if punctuation.iter().any(|&(i, c)| b[i] != c) {
        return None;
    }
    let number = |at: usize, len: usize| -> Option<i16> {
        b[at..at + len].iter().try_fold(0i16, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + i16::from(c - b'0'))
        })
    };
    let two = |at: usize| number(at, 2).and_then(|n| i8::try_from(n).ok());
    let date = Date::new(number(0, 4)?, two(5)?, two(8)?).ok()?;
    let time = Time::new(two(11)?, two(14)?, two(17)?, 0).ok()?;
    let instant = Offset::UTC.to_timestamp(date.to_datetime(time)).ok()?;
    Some(When::Instant(instant))
}

/// A date with an optional wall time, and whether it was marked UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Stamp {
    pub(super) date: Date,
    time: Option<Time>,
    utc: bool,
}

/// A message date: `2024-03-15 09:30:00 UTC` (2021+) is an instant;
/// `"10/16/18, 8:36 AM"` (2018) and `2019-11-06T02:08:20` (2020) carry no
/// zone and float; a bare date is a day.
pub(super) fn parse_when(raw: &str) -> Option<When> {
    let raw = raw.trim();
    parse_current(raw).or_else(|| parse_any(raw))
}

/// [`parse_when`] for every style.
fn parse_any(raw: &str) -> Option<When> {
    // A timestamp has an offset (`Z`, `+01:00`, `-05:00`) after its time;
    // without one jiff's parse can only fail, and its failure formats a
    // whole error message.
    let tail = raw.as_bytes().get(10..).unwrap_or_default();
    let offset = tail
        .iter()
        .any(|&c| matches!(c, b'Z' | b'z' | b'+' | b'-') || !c.is_ascii());
    if offset {
        if let Ok(ts) = raw.parse::<Timestamp>() {
            return Some(When::Instant(ts));
        }
    }
    from_stamp(raw)
}

/// A date without an offset, in any style of [`parse_stamp`].
fn from_stamp(raw: &str) -> Option<When> {
    let stamp = parse_stamp(raw)?;
    Some(match (stamp.time, stamp.utc) {
        (Some(time), true) => When::Instant(
            Offset::UTC
                .to_timestamp(stamp.date.to_datetime(time))
                .ok()?,
        ),
        (Some(time), false) => When::Floating(DateTime::from_parts(stamp.date, time)),
        (None, _) => When::Day(stamp.date),
    })
}

/// Every date style seen in LinkedIn exports and their Excel re-saves:
/// `09 Sep 2022`, `"1/8/18, 6:14 PM"`, `9-Sep-22`, `dd.mm.yyyy`,
/// `2022-09-09`, `2024-03-15 09:30:00 UTC`, `2024/12/07 14:51:07 UTC`,
/// `Sep 23, 2022 12:00 PM`.
pub(super) fn parse_stamp(raw: &str) -> Option<Stamp> {
    let mut s = raw.trim();
    let mut utc = false;
    for suffix in [" UTC", " GMT", "Z"] {
        if s.len() > suffix.len()
            && s.is_char_boundary(s.len() - suffix.len())
            && s[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
        {
            s = s[..s.len() - suffix.len()].trim_end();
            utc = true;
            break;
        }
    }
    // ISO `YYYY-MM-DD`, then `T` or a space before the time.
    let b = s.as_bytes();
    let (date_part, time_part) = if b.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b[..4].iter().all(u8::is_ascii_digit)
        && s.is_char_boundary(10)
    {
        (&s[..10], s[10..].trim_start_matches(['T', 't', ' ']))
    } else {
        // The time starts at the first token holding a colon.
        let mut start = s.len();
        let mut pos = 0;
        for token in s.split_whitespace() {
            let at = pos + s[pos..].find(token)?;
            if token.contains(':') {
                start = at;
                break;
            }
            pos = at + token.len();
        }
        (&s[..start], &s[start..])
    };
    let date = parse_date(date_part.trim().trim_end_matches(','))?;
    let time_part = time_part.trim();
    let time = if time_part.is_empty() {
        None
    } else {
        Some(parse_time(time_part)?)
    };
    Some(Stamp { date, time, utc })
}

/// A date alone, in any of the styles of [`parse_stamp`]. Numeric dates
/// with `/` are month-first as LinkedIn writes them, unless the first number
/// cannot be a month; with `.` or `-` they are day-first (European Excel).
fn parse_date(s: &str) -> Option<Date> {
    let tokens: Vec<&str> = s
        .split(['/', '-', '.', ' ', ','])
        .filter(|t| !t.is_empty())
        .collect();
    let [a, b, c] = tokens[..] else { return None };
    let num = |t: &str| -> Option<i16> {
        (t.len() <= 4 && t.bytes().all(|c| c.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let year = |t: &str| -> Option<i16> {
        match t.len() {
            2 => num(t).map(|y| 2000 + y),
            4 => num(t),
            _ => None,
        }
    };
    let (y, m, d) = if a.len() == 4 && num(a).is_some() {
        (num(a)?, month(b).or_else(|| num(b))?, num(c)?)
    } else if let Some(m) = month(b) {
        (year(c)?, m, num(a)?)
    } else if let Some(m) = month(a) {
        (year(c)?, m, num(b)?)
    } else {
        let (x, z) = (num(a)?, num(b)?);
        // Day first when the first number cannot be a month, or when the
        // separator is European and the second one can be.
        let day_first = x > 12 || (z <= 12 && !s.contains('/'));
        let (m, d) = if day_first { (z, x) } else { (x, z) };
        (year(c)?, m, d)
    };
    Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

/// An English month name or abbreviation (`Sep`, `Sept`, `September`).
fn month(t: &str) -> Option<i16> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = t.to_ascii_lowercase();
    if lower.len() < 3 || !lower.bytes().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let i = MONTHS.iter().position(|m| lower.starts_with(m))?;
    i16::try_from(i + 1).ok()
}

/// `14:51:07`, `6:14 PM`, `10:15AM`; fractions of a second are dropped.
fn parse_time(s: &str) -> Option<Time> {
    let lower = s.trim().to_ascii_lowercase();
    let (clock, pm) = if let Some(x) = lower.strip_suffix("pm") {
        (x.trim(), Some(true))
    } else if let Some(x) = lower.strip_suffix("am") {
        (x.trim(), Some(false))
    } else {
        (lower.as_str(), None)
    };
    let mut parts = clock.split(':');
    let num = |t: Option<&str>| -> Option<i8> {
        let t = t?;
        (!t.is_empty() && t.len() <= 2 && t.bytes().all(|c| c.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let mut hour = num(parts.next())?;
    let minute = num(parts.next())?;
    let second = match parts.next() {
        Some(sec) => num(sec.split('.').next())?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    match pm {
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(true) if hour < 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ => {}
    }
    Time::new(hour, minute, second, 0).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// Found by the `linkedin` fuzz target: a non-ASCII char straddling
    /// byte 10 after `YYYY-MM-D` panicked on slicing
    /// (fixtures/malformed/fuzz/linkedin/).
    #[test]
    fn iso_prefix_cut_inside_a_char_is_no_date() {
        assert!(parse_stamp("2023-04-2\u{ff}\u{ff}1 10:00:00").is_none());
        assert!(parse_stamp("2023-04-2\u{ff}").is_none());
    }

    #[test]
    fn date_styles() {
        let day = |s: &str| parse_stamp(s).map(|st| st.date.to_string());
        for (raw, want) in [
            ("09 Sep 2022", "2022-09-09"),
            ("1/8/18, 6:14 PM", "2018-01-08"),
            ("9-Sep-22", "2022-09-09"),
            ("23-Apr-23", "2023-04-23"),
            ("23.04.2023", "2023-04-23"),
            ("2023-04-23", "2023-04-23"),
            ("2024/12/07 14:51:07 UTC", "2024-12-07"),
            ("Sep 23, 2022 12:00 PM", "2022-09-23"),
            ("23/4/2023", "2023-04-23"),
            ("September 9, 2022", "2022-09-09"),
            ("4/23/2023", "2023-04-23"),
            ("04-09-2023", "2023-09-04"),
        ] {
            assert_eq!(day(raw).as_deref(), Some(want), "{raw}");
        }
        for bad in [
            "",
            "soon",
            "13/13/2020",
            "1/8",
            "99 Foo 2022",
            "1/8/18, 25:00",
        ] {
            assert_eq!(day(bad), None, "{bad}");
        }
        assert_eq!(
            parse_when("12/9/22, 12:05 AM"),
            Some(When::Floating(
                DateTime::new(2022, 12, 9, 0, 5, 0, 0).unwrap()
            ))
        );
        assert_eq!(
            parse_when("2024-03-15 09:30:00 UTC"),
            Some(When::Instant("2024-03-15T09:30:00Z".parse().unwrap()))
        );
        assert_eq!(
            parse_when("2024-03-15T09:30:00+01:00"),
            Some(When::Instant("2024-03-15T08:30:00Z".parse().unwrap()))
        );
        assert_eq!(parse_when("2024-03-15"), Some(When::Day(date(2024, 3, 15))));
    }

    /// The short cuts of [`parse_when`] (the current style read directly,
    /// jiff tried only where an offset can be) give what trying jiff and
    /// then [`parse_stamp`] on everything gives.
    #[test]
    fn dates_read_by_short_cuts_read_the_same() {
        let general = |raw: &str| {
            let raw = raw.trim();
            raw.parse::<Timestamp>()
                .ok()
                .map(When::Instant)
                .or_else(|| from_stamp(raw))
        };
        let mut raws = Vec::new();
        for (y, mo, d) in [
            ("2024", "03", "15"),
            ("2024", "02", "29"),
            ("2023", "02", "29"),
            ("1999", "12", "31"),
            ("2024", "13", "01"),
            ("2024", "00", "10"),
            ("2024", "04", "31"),
            ("0000", "01", "01"),
            ("9999", "12", "31"),
            ("2024", "1a", "15"),
        ] {
            for (h, mi, s) in [
                ("09", "30", "00"),
                ("00", "00", "00"),
                ("23", "59", "59"),
                ("24", "00", "00"),
                ("12", "60", "00"),
                ("12", "00", "60"),
                ("-1", "00", "00"),
            ] {
                let at = format!("{y}-{mo}-{d} {h}:{mi}:{s}");
                for tail in [
                    " UTC",
                    " utc",
                    " GMT",
                    "Z",
                    "+01:00",
                    "-05:00",
                    "\u{2212}05:00",
                    "",
                ] {
                    raws.push(format!("{at}{tail}"));
                    raws.push(format!(" {at}{tail} "));
                    raws.push(at.replace(' ', "T") + tail);
                }
            }
        }
        raws.extend(
            [
                "",
                "2024-03-15 09:30:00 UT",
                "2024-03-15  9:30:00 UTC",
                "2024/03/15 09:30:00 UTC",
            ]
            .map(String::from),
        );
        let mut current = 0;
        for raw in &raws {
            assert_eq!(parse_when(raw), general(raw), "{raw:?}");
            current += usize::from(parse_current(raw.trim()).is_some());
        }
        // The direct read took every in-range date of its own style: four
        // dates (9999-12-31 is past jiff's last instant), three times, with
        // and without spaces around.
        assert_eq!(current, 4 * 3 * 2, "{current}");
    }
}
