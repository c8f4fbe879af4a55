//! Dates, in every style LinkedIn wrote them and Excel re-saves them
//! (docs/formats.md, "Connections.csv" and "messages.csv").
//!
//! Each style is a `jiff::fmt::strtime` format of [`DATES`] or [`TIMES`].
//! Written by hand is what a format cannot say: which of day and month
//! comes first in `4/9/2023` (the order of [`DATES`]), and where strtime
//! reads more than a date ([`three_words`], [`time_after`],
//! [`parse_time`]). The style of every message since 2021 is also read
//! without the table ([`parse_current`]). Month names are English. Nothing
//! here knows a zone: a time marked UTC makes an instant, one without is
//! a wall time read in `--tz` later, a date alone is a day.

use std::borrow::Cow;

use jiff::civil::{Date, DateTime, Time};
use jiff::fmt::strtime::BrokenDownTime;
use jiff::tz::Offset;
use jiff::Timestamp;

use crate::model::When;

/// Date styles, in the order they are tried, the commonest first (a style
/// that does not match costs strtime an error value): the first that reads
/// the date, followed by nothing or by a time, wins.
///
/// The order of each month-first and day-first pair is the tie-break of a
/// numeric date: with `/` it is month-first, as LinkedIn writes it, unless
/// the first number cannot be a month; with `.` or `-` it is day-first, as
/// European Excel writes it, unless the second number cannot be one.
const DATES: &[&str] = &[
    // `2019-11-06T02:08:20` (2020 messages), `2023-04-23`.
    "%Y-%m-%d",
    // `09 Sep 2022`, `16 Dec 2024` (Connections since 2020).
    "%d %b %Y",
    // `"1/8/18, 6:14 PM"` (2018), `4/23/2023`, `23/4/2023`.
    "%m/%d/%y",
    "%d/%m/%y",
    "%m/%d/%Y",
    "%d/%m/%Y",
    // Excel's re-saves: `9-Sep-22`, `23.04.2023`, `04-09-2023`.
    "%d-%b-%y",
    "%d-%b-%Y",
    "%d.%m.%Y",
    "%m.%d.%Y",
    "%d.%m.%y",
    "%m.%d.%y",
    "%d-%m-%Y",
    "%m-%d-%Y",
    "%d-%m-%y",
    "%m-%d-%y",
    // `Sep 23, 2022`, `September 9, 2022`.
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%b %d, %y",
    "%B %d, %y",
    "%b %d %y",
    "%B %d %y",
    // `9 September 2022`, `9 Sep 22`.
    "%d %B %Y",
    "%d %b %y",
    "%d %B %y",
    "%d-%B-%Y",
    "%d-%B-%y",
    // `2024/12/07 14:51:07 UTC`, `2023.04.23`.
    "%Y/%m/%d",
    "%Y.%m.%d",
];

/// Time styles, in the order they are tried: `14:51:07` (a fraction of a
/// second is dropped), `6:14 PM` and `10:15AM`, `14:51`.
const TIMES: &[&str] = &["%H:%M:%S%.f", "%I:%M %p", "%H:%M", "%I:%M:%S%.f %p"];

/// `2024-03-15 09:30:00 UTC`, as every export since 2021 writes a message
/// date, read without [`parse_stamp`]'s search for a style: one per
/// message, hundreds of thousands in a heavy user's `messages.csv`, and
/// this takes about 30 ns where the table takes about 350 (strtime with
/// this one format, about 250). Anything else, or a date or time out of
/// range, is left to the general path.
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

/// A date of [`DATES`], then optionally a time of [`TIMES`], then
/// optionally ` UTC`, ` GMT` or `Z`: `09 Sep 2022`, `"1/8/18, 6:14 PM"`,
/// `9-Sep-22`, `23.04.2023`, `2022-09-09`, `2024-03-15 09:30:00 UTC`,
/// `2024/12/07 14:51:07 UTC`, `Sep 23, 2022 12:00 PM`.
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
    let s = sept(s);
    for format in DATES {
        let Ok((mut tm, end)) = BrokenDownTime::parse_prefix(format, s.as_bytes()) else {
            continue;
        };
        let (Some(date), Some(rest), Some(year)) = (s.get(..end), s.get(end..), tm.year()) else {
            continue;
        };
        let iso = *format == "%Y-%m-%d" && date.len() == 10;
        let Some(time) = time_after(rest, iso) else {
            continue;
        };
        if !three_words(format, date, year) {
            continue;
        }
        // Two-digit years are this century's: LinkedIn began in 2003, and
        // `%y` reads 69 to 99 as 1969 to 1999.
        if format.ends_with("%y") && year < 2000 {
            tm.set_year(Some(year + 100)).ok()?;
        }
        // Out of range, a numeric date may still read in the other order.
        let Ok(date) = tm.to_date() else {
            continue;
        };
        let time = if time.is_empty() {
            None
        } else {
            Some(parse_time(time)?)
        };
        return Some(Stamp { date, time, utc });
    }
    None
}

/// Whether `date` is three words (digits, or letters, between spaces,
/// commas, `/`, `-` and `.`) whose year, as strtime read it, is the whole
/// of its word: four digits, or two for `%y`. strtime alone reads more: a
/// space of the format matches none (`9Sep2022`), `%Y` reads one to four
/// digits after a sign (`1/8/018`, `-2023-04-23`), `%y` one or two.
fn three_words(format: &str, date: &str, year: i16) -> bool {
    let mut words = date
        .split([' ', ',', '/', '-', '.'])
        .filter(|w| !w.is_empty());
    let (Some(first), Some(second), Some(last), None) =
        (words.next(), words.next(), words.next(), words.next())
    else {
        return false;
    };
    let plain = |w: &str| {
        w.bytes().all(|b| b.is_ascii_digit()) || w.bytes().all(|b| b.is_ascii_alphabetic())
    };
    let (word, width, year) = if format.starts_with("%Y") {
        (first, 4, year)
    } else if format.ends_with("%y") {
        (last, 2, year % 100)
    } else {
        (last, 4, year)
    };
    [first, second, last].into_iter().all(plain) && word.len() == width && word.parse() == Ok(year)
}

/// The time in what follows a date, when a separator comes first: after
/// an ISO date (`2019-11-06T02:08:20`), `T` or spaces, or nothing; after
/// any other, whitespace, and commas before it (`"1/8/18, 6:14 PM"`).
/// Empty for a date alone.
fn time_after(rest: &str, iso: bool) -> Option<&str> {
    if iso {
        return Some(rest.trim_start_matches(['T', 't', ' ']));
    }
    let time = rest.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
    let between = &rest[..rest.len() - time.len()];
    (rest.is_empty() || between.ends_with(char::is_whitespace)).then_some(time)
}

/// `Sept` as `Sep`: strtime knows a month by three letters or its whole
/// name.
fn sept(s: &str) -> Cow<'_, str> {
    let at = s
        .as_bytes()
        .windows(4)
        .position(|w| w.eq_ignore_ascii_case(b"sept"));
    match at {
        Some(i) if !s[i + 4..].starts_with(|c: char| c.is_ascii_alphabetic()) => {
            Cow::Owned(format!("{}{}", &s[..i + 3], &s[i + 4..]))
        }
        _ => Cow::Borrowed(s),
    }
}

/// A time of [`TIMES`], without its fraction of a second. strtime alone
/// reads more: a number after spaces (`6: 14`), and a leap second (`:60`)
/// as `:59`, which [`Time`] refuses.
fn parse_time(s: &str) -> Option<Time> {
    let odd =
        |field: &str| !field.starts_with(|c: char| c.is_ascii_digit()) || field.starts_with("60");
    if s.split(':').skip(1).any(odd) {
        return None;
    }
    TIMES.iter().find_map(|format| {
        let tm = BrokenDownTime::parse(format, s).ok()?;
        Time::new(tm.hour()?, tm.minute()?, tm.second().unwrap_or(0), 0).ok()
    })
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

    /// What the styles above leave open: the tie-break both ways, short
    /// years, month spellings, the 12-hour clock, and what is not a date.
    #[test]
    fn date_edges() {
        let day = |y, m, d| Some(When::Day(date(y, m, d)));
        let wall = |y, mo, d, h, mi, s| {
            Some(When::Floating(
                DateTime::new(y, mo, d, h, mi, s, 0).unwrap(),
            ))
        };
        let utc = |s: &str| Some(When::Instant(s.parse().unwrap()));
        for (raw, want) in [
            // Month-first with `/` unless the first number cannot be a
            // month; day-first with `.` and `-` unless the second cannot.
            ("13/4/2023", day(2023, 4, 13)),
            ("4/13/2023", day(2023, 4, 13)),
            ("04/09/2023", day(2023, 4, 9)),
            ("04.09.2023", day(2023, 9, 4)),
            ("04-13-2023", day(2023, 4, 13)),
            ("13.04.23", day(2023, 4, 13)),
            // Two-digit years are this century's.
            ("1/8/70", day(2070, 1, 8)),
            ("8-Jan-99", day(2099, 1, 8)),
            ("Jan 8, 00", day(2000, 1, 8)),
            ("29-Feb-96", day(2096, 2, 29)),
            // Month names of three letters, `Sept`, or whole, in any case.
            ("Sept 9, 2022", day(2022, 9, 9)),
            ("9 SEPT 2022", day(2022, 9, 9)),
            ("9 september 2022", day(2022, 9, 9)),
            ("9-September-22", day(2022, 9, 9)),
            ("DEC 16 2024", day(2024, 12, 16)),
            ("16 Dec 2024", day(2024, 12, 16)),
            // Times: the 12-hour clock, seconds, fractions dropped, `T`
            // after an ISO date, a zone marked UTC or GMT.
            ("1/8/18, 12:05 AM", wall(2018, 1, 8, 0, 5, 0)),
            ("1/8/18 12:00 PM", wall(2018, 1, 8, 12, 0, 0)),
            ("1/8/18, 6:14PM", wall(2018, 1, 8, 18, 14, 0)),
            ("1/8/18, 6:14:09 pm", wall(2018, 1, 8, 18, 14, 9)),
            ("2019-11-06t02:08:20.75", wall(2019, 11, 6, 2, 8, 20)),
            ("2019-11-06 2:08", wall(2019, 11, 6, 2, 8, 0)),
            ("Sep 23, 2022 12:00 PM", wall(2022, 9, 23, 12, 0, 0)),
            ("23.04.2023 14:03", wall(2023, 4, 23, 14, 3, 0)),
            ("2024/12/07 14:51:07.5 UTC", utc("2024-12-07T14:51:07Z")),
            ("1/8/18, 6:14 PM GMT", utc("2018-01-08T18:14:00Z")),
            ("2023-04-20 14:03:55 utc", utc("2023-04-20T14:03:55Z")),
            ("2023-04-20T14:03:55Z", utc("2023-04-20T14:03:55Z")),
            // A day marked UTC is still a day.
            ("09 Sep 2022 UTC", day(2022, 9, 9)),
        ] {
            assert_eq!(parse_when(raw), want, "{raw}");
        }
        for bad in [
            // A year of one or three digits, or glued to the day.
            "1/8/8",
            "1/8/018",
            "9-Sep-022",
            "9Sep2022",
            "September2022",
            "0/1/04",
            // A month or day of 0, the 30th of February.
            "0/5/2023",
            "5/0/2023",
            "2/30/2023",
            "30.02.2023",
            // A leap second, 0 and 13 o'clock on the 12-hour clock, 24:00.
            "1/8/18, 23:59:60",
            "1/8/18, 0:30 AM",
            "1/8/18, 13:00 PM",
            "2023-04-23 24:00",
            // A time not set apart, broken, or followed by more.
            "1/8/18,6:14 PM",
            "Sep 23, 2022T12:00",
            "1/8/18 6: 14 PM",
            "1/8/18 6:14 PM later",
            "09 Sep 2022 noon",
            // A month misspelt, a stray separator.
            "Janury 9, 2022",
            "/2023-04-23",
            "1/1//2023",
        ] {
            assert_eq!(parse_when(bad), None, "{bad}");
        }
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
