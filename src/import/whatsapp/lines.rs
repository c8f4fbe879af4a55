//! One line of a chat export: its date-and-time prefix, read without
//! deciding the order of day and month (the whole file decides that, in
//! [`Order::of`]), and what the text after it is.
//!
//! Prefixes read (docs/formats.md, WhatsApp): `[31/12/21, 23:59:59] ` (iOS),
//! `12/31/21, 11:59 PM - ` (Android), `4/26/16, 16:23:03: ` (iOS before the
//! brackets), `[3/18/22 14.56.01] `, `13.6.2018 klo 21.25.15 - `; `/`, `.` or
//! `-` between the date's fields, 2- or 4-digit years, seconds optional, a
//! space, U+00A0 or U+202F before `AM`/`PM`/`a. m.`/`p. m.`.

use jiff::civil::{Date, DateTime, Time};

/// A mark WhatsApp writes before media, call and notice lines and their
/// text (U+200E LEFT-TO-RIGHT MARK).
pub(super) const LRM: char = '\u{200e}';

/// What a line is.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Line<'a> {
    /// The first line of a message or notice.
    Start(Prefix<'a>),
    /// A line that starts like one (a date, then a time) but cannot be read
    /// as one: `head` is its start, for the warning.
    Unreadable { head: &'a str },
    /// A line of the message before (or a blank one).
    More,
}

/// The prefix of a line that starts a message, as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Prefix<'a> {
    /// The date's three numbers in the order written, with their digit
    /// counts.
    pub fields: [(u32, u8); 3],
    /// The year is written first (`2021-12-31`).
    pub year_first: bool,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// `Some(true)` for PM, `Some(false)` for AM, `None` for a 24-hour clock.
    pub pm: Option<bool>,
    /// The date and time as written, for warnings.
    pub head: &'a str,
    /// The text after the prefix.
    pub rest: &'a str,
    /// The line starts with U+200E (iOS writes it before media lines).
    pub marked: bool,
}

/// A cursor over a line.
struct Cursor<'a> {
    s: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.at..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn eat_str(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.at += s.len();
            true
        } else {
            false
        }
    }

    /// Spaces as WhatsApp writes them: space, U+00A0 and U+202F.
    fn spaces(&mut self) -> bool {
        let start = self.at;
        while matches!(self.peek(), Some(' ' | '\u{a0}' | '\u{202f}')) {
            self.at += self.peek().map_or(1, char::len_utf8);
        }
        self.at > start
    }

    /// 1 to `max` ASCII digits: the value and how many.
    fn number(&mut self, max: u8) -> Option<(u32, u8)> {
        let digits = self
            .rest()
            .bytes()
            .take_while(u8::is_ascii_digit)
            .take(usize::from(max) + 1)
            .count();
        if digits == 0 || digits > usize::from(max) {
            return None;
        }
        let value = self.rest()[..digits].parse().ok()?;
        self.at += digits;
        Some((value, u8::try_from(digits).ok()?))
    }
}

/// Reads one line (without its line break).
pub(super) fn line(text: &str) -> Line<'_> {
    let trimmed = text.trim_start_matches(['\u{feff}', LRM, '\u{200f}']);
    let marked = trimmed.len() != text.len();
    let mut c = Cursor { s: trimmed, at: 0 };
    let bracket = c.eat('[');
    // The date: three numbers with one separator.
    let Some(first) = c.number(4) else {
        return Line::More;
    };
    let Some(sep) = c.peek().filter(|s| matches!(s, '/' | '.' | '-')) else {
        return Line::More;
    };
    c.at += 1;
    let Some(second) = c.number(2) else {
        return Line::More;
    };
    if !c.eat(sep) {
        return Line::More;
    }
    let Some(third) = c.number(4) else {
        return Line::More;
    };
    // Then a comma or a space, and a digit (or the Finnish `klo`): only
    // then does the line look like a message's start.
    let date_end = c.at;
    c.eat(',');
    c.spaces();
    if c.eat_str("klo") {
        c.spaces();
    }
    if c.at == date_end || !c.peek().is_some_and(|d| d.is_ascii_digit()) {
        return Line::More;
    }
    let unreadable = |c: &Cursor<'_>| Line::Unreadable {
        head: &trimmed[..c.at.min(trimmed.len())],
    };
    let Some((hour, _)) = c.number(2) else {
        return unreadable(&c);
    };
    let Some(tsep) = c.peek().filter(|s| matches!(s, ':' | '.')) else {
        return unreadable(&c);
    };
    c.at += 1;
    let Some((minute, 2)) = c.number(2) else {
        return unreadable(&c);
    };
    let mut second_of_minute = 0;
    let before = c.at;
    if c.eat(tsep) {
        match c.number(2) {
            Some((s, 2)) => second_of_minute = s,
            // `4/26/16, 16:23: Name: …` has no seconds: the colon ends the
            // prefix.
            _ => c.at = before,
        }
    }
    let before = c.at;
    let pm = if c.spaces() {
        let m = meridiem(&mut c);
        if m.is_none() {
            c.at = before;
        }
        m
    } else {
        None
    };
    let head = &trimmed[..c.at];
    let closed = if bracket {
        c.eat(']') && (c.spaces() || c.rest().is_empty())
    } else {
        c.eat_str(" - ") || c.eat_str(": ") || c.eat_str(" \u{2013} ")
    };
    if !closed {
        return unreadable(&c);
    }
    let (year_first, fields) = (first.1 == 4, [first, second, third]);
    Line::Start(Prefix {
        fields,
        year_first,
        hour,
        minute,
        second: second_of_minute,
        pm,
        head,
        rest: c.rest(),
        marked,
    })
}

/// `AM`, `PM`, `am`, `a.m.`, `a. m.` (with any WhatsApp space).
fn meridiem(c: &mut Cursor<'_>) -> Option<bool> {
    let pm = match c.peek()? {
        'a' | 'A' => false,
        'p' | 'P' => true,
        _ => return None,
    };
    let start = c.at;
    c.at += 1;
    let dotted = c.eat('.');
    if dotted {
        c.spaces();
    }
    if !(c.eat('m') || c.eat('M')) || (dotted && !c.eat('.')) {
        c.at = start;
        return None;
    }
    // A word that merely starts with `am` or `pm` is not a marker.
    if c.peek().is_some_and(char::is_alphanumeric) {
        c.at = start;
        return None;
    }
    Some(pm)
}

/// Which of the first two date fields is the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Order {
    DayFirst,
    MonthFirst,
}

impl Order {
    /// Decided from every prefix of the file, never line by line: a first
    /// field above 12 anywhere means day first, a second above 12 month
    /// first. When nothing decides, a 12-hour clock means month first (as US
    /// phones write it), a 24-hour one day first; the text says so for a
    /// warning. When the file says both, the more frequent wins, and the
    /// lines that disagree are unreadable dates.
    pub(super) fn of<'a>(
        prefixes: impl Iterator<Item = &'a Prefix<'a>>,
    ) -> (Order, Option<String>) {
        let (mut day_first, mut month_first, mut twelve_hour) = (0usize, 0usize, false);
        for p in prefixes.filter(|p| !p.year_first) {
            day_first += usize::from(p.fields[0].0 > 12);
            month_first += usize::from(p.fields[1].0 > 12);
            twelve_hour |= p.pm.is_some();
        }
        match (day_first, month_first) {
            (0, 0) if twelve_hour => (
                Order::MonthFirst,
                Some(
                    "no date tells day from month (none above 12): read as month/day, as \
                     phones with a 12-hour clock write in the US"
                        .to_owned(),
                ),
            ),
            (0, 0) => (
                Order::DayFirst,
                Some(
                    "no date tells day from month (none above 12): read as day/month, as \
                     phones with a 24-hour clock mostly write"
                        .to_owned(),
                ),
            ),
            (_, 0) => (Order::DayFirst, None),
            (0, _) => (Order::MonthFirst, None),
            (d, m) => {
                let order = if m > d {
                    Order::MonthFirst
                } else {
                    Order::DayFirst
                };
                let (name, other) = match order {
                    Order::DayFirst => ("day/month", "month/day"),
                    Order::MonthFirst => ("month/day", "day/month"),
                };
                (
                    order,
                    Some(format!(
                        "{} dates read only as day/month and {} only as month/day: read as \
                         {name}; the {} other dates are skipped as {other}",
                        d,
                        m,
                        d.min(m)
                    )),
                )
            }
        }
    }
}

impl Prefix<'_> {
    /// The wall-clock time, with day and month in `order`; `None` when it is
    /// no calendar date or no time of day.
    pub(super) fn datetime(&self, order: Order) -> Option<DateTime> {
        let [a, b, c] = self.fields;
        let (year, month, day) = if self.year_first {
            (a, b, c)
        } else {
            match order {
                Order::DayFirst => (c, b, a),
                Order::MonthFirst => (c, a, b),
            }
        };
        // 2-digit years are 20xx; a 4-digit year past 2100 is another
        // calendar's (the Buddhist era's 2565), not read.
        let year = match year {
            (y, 2) => 2000 + y,
            (y, 4) if y <= 2100 => y,
            _ => return None,
        };
        let hour = match self.pm {
            None if self.hour < 24 => self.hour,
            Some(pm) if (1..=12).contains(&self.hour) => self.hour % 12 + if pm { 12 } else { 0 },
            _ => return None,
        };
        let date = Date::new(
            i16::try_from(year).ok()?,
            i8::try_from(month.0).ok()?,
            i8::try_from(day.0).ok()?,
        )
        .ok()?;
        let time = Time::new(
            i8::try_from(hour).ok()?,
            i8::try_from(self.minute).ok()?,
            i8::try_from(self.second).ok()?,
            0,
        )
        .ok()?;
        Some(date.to_datetime(time))
    }
}
