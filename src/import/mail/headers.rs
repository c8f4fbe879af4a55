//! One message's header block, read into what the counting rules need.
//!
//! Only the header fields used are handed to `mail-parser` (a Gmail
//! message's block is mostly `Received`, `DKIM` and `ARC` lines, which
//! would cost more to parse than the rest): it unfolds them, decodes RFC
//! 2047 encoded words and reads addresses and dates in every RFC 2822
//! variant. A message without a usable `Date:` takes the date of its mbox
//! `From ` line.

use jiff::Timestamp;
use mail_parser::{Address, HeaderValue, MessageParser, MimeHeaders};

use crate::model::Email;

/// The header fields read; any other is skipped unparsed.
const WANTED: &[&[u8]] = &[
    b"from",
    b"to",
    b"cc",
    b"date",
    b"message-id",
    b"list-id",
    b"list-unsubscribe",
    b"list-post",
    b"precedence",
    b"x-gmail-labels",
    b"x-mozilla-status",
    b"content-type",
    b"delivered-to",
];

/// A person named in a header: the address and the display name written
/// beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Party {
    pub email: Email,
    pub name: Option<String>,
}

/// What the rules need from one message.
#[derive(Debug, Default)]
pub(super) struct Headers {
    pub from: Option<Party>,
    /// `To` and `Cc`, in order, each address once.
    pub recipients: Vec<Party>,
    pub delivered_to: Option<Email>,
    pub date: Option<Timestamp>,
    /// A `Date:` field was present but unreadable.
    pub bad_date: Option<String>,
    pub message_id: Option<String>,
    /// `List-Id`, `List-Post`, or `Precedence: list`, `bulk` or `junk`.
    pub list: bool,
    /// `List-Unsubscribe`: a newsletter or another bulk sender.
    pub unsubscribe: bool,
    /// The Gmail labels, as written.
    pub labels: Vec<String>,
    /// Thunderbird marked it deleted (`X-Mozilla-Status` flag 0x0008).
    pub expunged: bool,
    /// Its top `Content-Type` is `multipart/*` or `text/calendar`: it may
    /// carry an invitation.
    pub may_invite: bool,
}

/// The wanted fields of `block`, each with its continuation lines.
fn wanted(block: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(1024);
    let mut keep = false;
    for line in block.split_inclusive(|&b| b == b'\n') {
        if line.first().is_some_and(|&b| b == b' ' || b == b'\t') {
            if keep {
                out.extend_from_slice(line);
            }
            continue;
        }
        let name = line
            .iter()
            .position(|&b| b == b':')
            .map_or(&[][..], |i| &line[..i]);
        keep = WANTED.iter().any(|w| name.eq_ignore_ascii_case(w));
        if keep {
            out.extend_from_slice(line);
            if !line.ends_with(b"\n") {
                out.push(b'\n');
            }
        }
    }
    out.extend_from_slice(b"\n");
    out
}

/// Reads the header block of one message.
pub(super) fn read(block: &[u8]) -> Headers {
    let kept = wanted(block);
    let mut h = Headers::default();
    let Some(msg) = MessageParser::default().parse_headers(&kept) else {
        return h;
    };
    h.from = msg.from().and_then(|a| parties(a).into_iter().next());
    for a in [msg.to(), msg.cc()].into_iter().flatten() {
        for p in parties(a) {
            if !h.recipients.iter().any(|q| q.email == p.email) {
                h.recipients.push(p);
            }
        }
    }
    h.delivered_to = msg
        .header("Delivered-To")
        .and_then(text)
        .and_then(|t| Email::parse(t.trim()));
    match msg.date() {
        Some(d) if d.is_valid() => h.date = Timestamp::from_second(d.to_timestamp()).ok(),
        _ => {}
    }
    if h.date.is_none() {
        let raw = msg.header_raw("Date").map(str::trim);
        h.date = raw.and_then(loose_date);
        if h.date.is_none() {
            h.bad_date = raw.map(str::to_owned);
        }
    }
    h.message_id = msg.message_id().map(str::to_owned);
    h.list = msg.header("List-Id").is_some()
        || msg.header("List-Post").is_some()
        || msg
            .header_raw("Precedence")
            .map(str::trim)
            .is_some_and(|p| {
                ["list", "bulk", "junk"]
                    .iter()
                    .any(|w| p.eq_ignore_ascii_case(w))
            });
    h.unsubscribe = msg.header("List-Unsubscribe").is_some();
    if let Some(labels) = msg.header("X-Gmail-Labels").and_then(text) {
        h.labels = labels
            .split(',')
            .map(|l| l.trim().trim_matches('"').to_owned())
            .filter(|l| !l.is_empty())
            .collect();
    }
    h.expunged = msg
        .header_raw("X-Mozilla-Status")
        .and_then(|s| u32::from_str_radix(s.trim(), 16).ok())
        .is_some_and(|flags| flags & 0x0008 != 0);
    h.may_invite = msg.content_type().is_some_and(|ct| {
        let (kind, sub) = (ct.ctype(), ct.subtype().unwrap_or(""));
        kind.eq_ignore_ascii_case("multipart")
            || (kind.eq_ignore_ascii_case("text") && sub.eq_ignore_ascii_case("calendar"))
    });
    h
}

/// The text of an unstructured field.
fn text<'a>(v: &'a HeaderValue<'_>) -> Option<&'a str> {
    match v {
        HeaderValue::Text(t) => Some(t.as_ref()),
        HeaderValue::TextList(l) => l.first().map(AsRef::as_ref),
        _ => None,
    }
}

/// The people of an address field that have a usable address.
fn parties(a: &Address<'_>) -> Vec<Party> {
    a.iter()
        .filter_map(|addr| {
            let email = Email::parse(addr.address()?)?;
            let name = addr
                .name()
                .map(|n| n.trim().trim_matches(['"', '\'']).trim())
                .filter(|n| !n.is_empty() && !n.contains('@'))
                .map(str::to_owned);
            Some(Party { email, name })
        })
        .collect()
}

/// The date of an mbox `From ` line (asctime, UTC unless a zone is
/// written): `From 1@xxx Mon May 26 20:18:05 +0000 2025` (Takeout),
/// `From - Mon Jan 01 00:00:00 2024` (Thunderbird), `From a@b Sat Jan  3
/// 01:05:34 1996`.
pub(super) fn from_line_date(line: &[u8]) -> Option<Timestamp> {
    let line = std::str::from_utf8(line).ok()?;
    let rest: Vec<&str> = line.split_whitespace().skip(2).collect();
    loose_date(&rest.join(" "))
}

/// A date `mail-parser` does not read: RFC 850 (`Tuesday, 27-May-25
/// 08:00:00 GMT`), asctime (`Mon Jan  6 10:00:00 2025`), a two-digit year
/// without seconds (`3 Feb 24 9:05 EST`), ISO 8601. Found by its parts in
/// any order: a month name, a day, a year, `hh:mm[:ss]` and a zone
/// (`+hhmm`, `UT`, `GMT`, `Z` or a North American name; none is UTC).
/// Two-digit years are 20xx below 50 and 19xx above (RFC 5322 4.3).
pub(super) fn loose_date(text: &str) -> Option<Timestamp> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    const ZONES: [(&str, i32); 12] = [
        ("ut", 0),
        ("utc", 0),
        ("gmt", 0),
        ("z", 0),
        ("est", -5),
        ("edt", -4),
        ("cst", -6),
        ("cdt", -5),
        ("mst", -7),
        ("mdt", -6),
        ("pst", -8),
        ("pdt", -7),
    ];
    if let Ok(t) = text.trim().parse::<Timestamp>() {
        return Some(t);
    }
    let (mut month, mut day, mut year, mut time) = (None, None, None, None);
    let mut offset = 0i32;
    let text = text.split('(').next().unwrap_or(text);
    for token in text.split(|c: char| c.is_whitespace() || c == ',') {
        let lower = token.to_ascii_lowercase();
        if lower.is_empty() {
            continue;
        }
        // RFC 850 writes the day, month and year as one `27-May-25`.
        let parts: Vec<&str> = if lower.matches('-').count() == 2 && !lower.starts_with('-') {
            lower.split('-').collect()
        } else {
            vec![lower.as_str()]
        };
        for t in parts {
            if let Some(m) = MONTHS.iter().position(|m| t.starts_with(m)) {
                if month.is_none() && t.len() <= 9 {
                    month = Some(m);
                    continue;
                }
            }
            if t.contains(':') {
                let mut hms = t.split(':').map(str::parse::<i8>);
                let h = hms.next()?.ok()?;
                let m = hms.next()?.ok()?;
                let s = hms.next().and_then(Result::ok).unwrap_or(0);
                time = Some((h, m, s));
            } else if let Some(digits) = t.strip_prefix(['+', '-']) {
                if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
                    let v: i32 = digits.parse().ok()?;
                    let secs = (v / 100) * 3600 + (v % 100) * 60;
                    offset = if t.starts_with('-') { -secs } else { secs };
                }
            } else if t.bytes().all(|b| b.is_ascii_digit()) {
                let v: i32 = t.parse().ok()?;
                if t.len() <= 2 && day.is_none() && (1..=31).contains(&v) {
                    day = Some(v);
                } else if t.len() == 4 || t.len() == 2 {
                    year = Some(match (t.len(), v) {
                        (2, v) if v < 50 => 2000 + v,
                        (2, v) => 1900 + v,
                        _ => v,
                    });
                }
            } else if let Some(&(_, h)) = ZONES.iter().find(|(z, _)| *z == t) {
                offset = h * 3600;
            }
        }
    }
    let (h, m, s) = time?;
    let month = i8::try_from(month? + 1).ok()?;
    let dt = jiff::civil::DateTime::new(
        i16::try_from(year?).ok()?,
        month,
        i8::try_from(day?).ok()?,
        h,
        m,
        s,
        0,
    )
    .ok()?;
    let utc = jiff::tz::TimeZone::UTC.to_timestamp(dt).ok()?;
    utc.checked_sub(jiff::SignedDuration::from_secs(i64::from(offset)))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Option<Timestamp> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn from_line_dates_of_every_writer() {
        for (line, want) in [
            (
                "From 1791@xxx Mon May 26 20:18:05 +0000 2025",
                "2025-05-26T20:18:05Z",
            ),
            ("From - Mon Jan 01 00:00:00 2024", "2024-01-01T00:00:00Z"),
            (
                "From bo@example.com Sat Jan  3 01:05:34 1996",
                "1996-01-03T01:05:34Z",
            ),
            (
                "From bo@example.com Tue Mar 04 10:00:00 -0500 2025",
                "2025-03-04T15:00:00Z",
            ),
        ] {
            assert_eq!(from_line_date(line.as_bytes()), ts(want), "{line}");
        }
        assert_eq!(from_line_date(b"From - nothing here"), None);
        assert_eq!(from_line_date(b"From - Mon Feb 31 00:00:00 2024"), None);
    }

    #[test]
    fn folded_encoded_and_unusual_fields() {
        let block = b"Received: from x by y;\r\n\tMon, 1 Jan 2024 00:00:00 +0000\r\n\
            From: =?UTF-8?B?Wm/DqyBEdXJhbmQ=?= <zoe@example.com>\r\n\
            To: \"Alex\" <ALEX@example.com>,\r\n Bo <bo@example.com>\r\n\
            cc: alex@example.com, undisclosed-recipients:;\r\n\
            Date: 3 Feb 24 9:05 EST\r\n\
            X-Gmail-Labels: Inbox,Important,\"Category Personal\",Opened\r\n\
            Content-Type: multipart/alternative; boundary=x\r\n";
        let h = read(block);
        let from = h.from.unwrap();
        assert_eq!(from.email.as_str(), "zoe@example.com");
        assert_eq!(from.name.as_deref(), Some("Zoë Durand"));
        let to: Vec<&str> = h.recipients.iter().map(|p| p.email.as_str()).collect();
        assert_eq!(to, ["alex@example.com", "bo@example.com"]);
        assert_eq!(h.recipients[0].name.as_deref(), Some("Alex"));
        assert_eq!(h.date, ts("2024-02-03T14:05:00Z"));
        assert_eq!(
            h.labels,
            ["Inbox", "Important", "Category Personal", "Opened"]
        );
        assert!(h.may_invite && !h.list && !h.unsubscribe && !h.expunged);
    }

    #[test]
    fn list_bulk_and_thunderbird_flags() {
        let h = read(b"From: a@example.com\nList-Id: <dev.lists.example.com>\n");
        assert!(h.list);
        let h = read(b"From: a@example.com\nPrecedence: Bulk\n");
        assert!(h.list);
        let h = read(b"From: a@example.com\nList-Unsubscribe: <mailto:u@example.com>\n");
        assert!(h.unsubscribe && !h.list);
        let h = read(b"From: a@example.com\nX-Mozilla-Status: 0009\n");
        assert!(h.expunged);
        let h = read(b"From: a@example.com\nX-Mozilla-Status: 0001\n");
        assert!(!h.expunged);
    }

    #[test]
    fn dates_in_every_variant() {
        for (raw, want) in [
            ("Sat, 3 Feb 2024 9:05:00 EST", "2024-02-03T14:05:00Z"),
            ("3 Feb 24 9:05 EST", "2024-02-03T14:05:00Z"),
            ("Tuesday, 27-May-25 08:00:00 GMT", "2025-05-27T08:00:00Z"),
            (
                "Mon, 26 May 2025 20:18:05 +0000 (UTC)",
                "2025-05-26T20:18:05Z",
            ),
            ("Mon,  6 Jan 2025 10:00 +0100", "2025-01-06T09:00:00Z"),
            ("06 Jan 2025 10:00:00 +0100", "2025-01-06T09:00:00Z"),
            ("Mon Jan  6 10:00:00 2025", "2025-01-06T10:00:00Z"),
            ("2025-01-06T10:00:00Z", "2025-01-06T10:00:00Z"),
            ("Mon, 6 Jan 99 10:00:00 PST", "1999-01-06T18:00:00Z"),
            ("6 Jan 2025 10:00:00 UT", "2025-01-06T10:00:00Z"),
            ("Mon, 6 Jan 2025 10:00:00 Z", "2025-01-06T10:00:00Z"),
            ("Jan 6, 2025 10:00:00 -0800", "2025-01-06T18:00:00Z"),
        ] {
            let block = format!("From: a@example.com\nDate: {raw}\n");
            assert_eq!(read(block.as_bytes()).date, ts(want), "{raw}");
        }
    }

    #[test]
    fn a_bad_date_is_kept_for_the_warning() {
        let h = read(b"From: a@example.com\nDate: sometime soon\n");
        assert_eq!(h.date, None);
        assert_eq!(h.bad_date.as_deref(), Some("sometime soon"));
        let h = read(b"From: a@example.com\n");
        assert_eq!(h.bad_date, None);
    }
}
