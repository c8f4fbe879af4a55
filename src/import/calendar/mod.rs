//! iCalendar (`.ics`, `.ical`, `.ifb`): meetings with the people in a calendar.
//!
//! Reads Google, Outlook/Exchange, Zimbra, Apple and `BlackBerry` exports
//! (the user's side: docs/formats.md, "iCalendar (.ics)"). Each instance of
//! a `VEVENT` dated on or before `--as-of` that is not `CANCELLED` and has
//! at least two people in it (the organizer and the attendees who did not
//! decline; when the calendar names its owner, the owner must be one of
//! them) becomes one [`EventKind::Direct`] event, `VideoMeeting` when a
//! meeting link is in the event, `Meeting` otherwise. Each person (matched
//! by email) becomes one record per file, with the `CN` as a name hint.
//!
//! How it reads: the whole entry is read into memory (calendars are small;
//! recurrence overrides may come before their master, so a series can only be
//! resolved once the calendar is complete). An unfolding line reader keeps
//! physical line numbers and cuts the text into one `VEVENT` or `VTIMEZONE` at
//! a time; each is parsed alone with `calcard`, so a broken component costs
//! only itself, with a warning naming its `BEGIN` line (`parse`).
//! Recurrences (`RRULE`, `RDATE`, `EXDATE`, `RECURRENCE-ID`) are expanded
//! with calcard's rule iterator, bounded by `--as-of` and by
//! [`MAX_INSTANCES`] (`recurrences`). Time zones: `TZID` names are
//! resolved by calcard (IANA, Windows names such as `Eastern Standard
//! Time`, `X-LIC-LOCATION`, Exchange CDO ids), else from the embedded
//! `VTIMEZONE` rules; floating times are read in `--tz` (`times`). Who
//! attended, and who is the calendar's owner: `attendees`.
//!
//! Not read: `VTODO`, `VJOURNAL`, `VFREEBUSY`, `VALARM` (an `ATTENDEE` there is
//! an email-reminder recipient), rooms, resources, groups and Google's
//! pseudo-attendees.
//!
//! [`EventKind::Direct`]: crate::model::EventKind::Direct

mod attendees;
mod parse;
mod recurrences;
mod times;

use std::collections::{HashMap, HashSet};
use std::io::Read;

use self::attendees::{Acc, Meeting};
use self::parse::{cut, unfold, CalendarText, Parsed};
use self::times::Zones;
use super::{file_name, text, Context, Entry, ImportError, Importer};
use crate::import::text::quote;
use crate::import::Sink;
use crate::model::{Channel, Email, EventKind, Location, NewEvent, Record, SourceKind};

pub use self::recurrences::MAX_INSTANCES;

/// Entries larger than this are refused as a whole (a calendar is read into
/// memory).
const MAX_BYTES: u64 = 256 * 1024 * 1024;

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
    let mut file = FileImport::new(base, ctx);
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

/// Reads the calendar of a mailed invitation (a `text/calendar` part) by
/// this importer's rules, for the mail importer: declined attendees and
/// cancelled events are no meeting, and an instance is a meeting only when
/// one of `owners` (the mailbox owner's addresses, when known) attends.
/// Its records are of `source`; they, its events and its warnings are
/// located at `at`, the message (the part's own lines are named in the
/// warnings). The events keep the calendar's `dedup_key`, so a meeting
/// also in an exported calendar counts once.
pub(crate) fn import_invitation(
    bytes: &[u8],
    at: &Location,
    owners: &[Email],
    source: SourceKind,
    ctx: &Context,
    sink: &mut Sink,
) {
    let base = Location::new(std::sync::Arc::clone(&at.file), None);
    let lines = unfold(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
    let mut file = FileImport::new(&base, ctx);
    file.mailed_to = owners.to_vec();
    let calendars = cut(&lines, &mut file.warnings);
    if calendars.is_empty() {
        let found = lines
            .first()
            .map_or_else(|| "an empty part".to_owned(), |l| quote(&l.text));
        sink.warn(
            at.clone(),
            format!("expected BEGIN:VCALENDAR in a text/calendar part, found {found}"),
        );
        return;
    }
    for cal in &calendars {
        file.calendar(cal);
    }
    let mut part = Sink::new();
    file.finish(&mut part);
    for r in &mut part.records {
        r.source = Some(source);
        r.location = Some(at.clone());
    }
    for e in &mut part.events {
        e.line = at.line.and_then(std::num::NonZeroU64::new);
    }
    for w in &mut part.warnings {
        let line = w.location.line.unwrap_or(0);
        w.message = format!("text/calendar part, line {line}: {}", w.message);
        w.location = at.clone();
    }
    sink.append(part);
}

/// What one file has given so far: warnings by line, the people of its
/// meetings, the owners its calendars name, and the meetings.
struct FileImport<'a> {
    base: &'a Location,
    ctx: &'a Context,
    /// `(line, message)`, sorted by line when the file is done.
    warnings: Vec<(u64, String)>,
    /// One per email address, in the order first met in a meeting.
    people: Vec<Acc>,
    index: HashMap<Email, usize>,
    owners: HashSet<Email>,
    /// For an invitation read from mail, the owner's addresses: an
    /// instance is a meeting only when one of them attends.
    mailed_to: Vec<Email>,
    meetings: Vec<Meeting>,
}

impl<'a> FileImport<'a> {
    fn new(base: &'a Location, ctx: &'a Context) -> FileImport<'a> {
        FileImport {
            base,
            ctx,
            warnings: Vec::new(),
            people: Vec::new(),
            index: HashMap::new(),
            owners: HashSet::new(),
            mailed_to: Vec::new(),
            meetings: Vec::new(),
        }
    }

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
            record.owner = self.owners.contains(&acc.email)
                || self
                    .mailed_to
                    .iter()
                    .any(|o| o.match_key() == acc.email.match_key());
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
    //! The helpers every test of the importer uses, and the tests of the
    //! whole file: detection, encodings, keys, the corpus.

    use std::io::Cursor;
    use std::sync::Arc;

    use jiff::tz::TimeZone;

    use super::*;
    use crate::model::{Event, Region, When};

    pub(super) fn ctx(tz: &str, as_of: &str) -> Context {
        Context {
            region: Region::default(),
            tz: TimeZone::get(tz).unwrap(),
            as_of: as_of.parse().unwrap(),
            limits: crate::limits::Limits::default(),
            mail: crate::import::mail::Settings::default(),
        }
    }

    /// The fixed context of the fixtures: `as_of` 2026-06-30 in UTC.
    pub(super) fn utc() -> Context {
        ctx("UTC", "2026-06-30")
    }

    pub(super) fn run_bytes(name: &str, bytes: &[u8], ctx: &Context) -> Result<Sink, ImportError> {
        let mut entry = Entry {
            path: name.to_owned(),
            display: Arc::from(name),
            reader: Box::new(Cursor::new(bytes.to_vec())),
        };
        let mut sink = Sink::new();
        Calendar.import(&mut entry, ctx, &mut sink)?;
        Ok(sink)
    }

    pub(super) fn run(text: &str, ctx: &Context) -> Sink {
        run_bytes("t.ics", text.as_bytes(), ctx).unwrap()
    }

    pub(super) fn fixture(name: &str) -> Sink {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/calendar/");
        let bytes = std::fs::read(format!("{path}{name}")).unwrap();
        let sink = run_bytes(name, &bytes, &utc()).unwrap();
        assert_eq!(warnings(&sink), Vec::<String>::new(), "{name}");
        sink
    }

    pub(super) fn warnings(sink: &Sink) -> Vec<String> {
        sink.warnings.iter().map(ToString::to_string).collect()
    }

    pub(super) fn emails(sink: &Sink) -> Vec<&str> {
        sink.records.iter().map(|r| r.emails[0].as_str()).collect()
    }

    pub(super) fn whens(sink: &Sink) -> Vec<String> {
        sink.events
            .iter()
            .map(|e| match e.when() {
                When::Instant(ts) => ts.to_string(),
                When::Day(d) => d.to_string(),
                When::Floating(dt) => format!("floating {dt}"),
            })
            .collect()
    }

    pub(super) fn who(sink: &Sink, e: &Event) -> Vec<String> {
        e.participants()
            .iter()
            .map(|&r| sink.records[r as usize].emails[0].to_string())
            .collect()
    }

    /// Every instance (meeting or not) of a calendar text, as
    /// `start comp-line`, plus the warnings.
    pub(super) fn instances(text: &str, ctx: &Context) -> (Vec<String>, Vec<String>) {
        let lines = unfold(text.as_bytes());
        let base = Location::new(Arc::from("t.ics"), None);
        let mut file = FileImport::new(&base, ctx);
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

    pub(super) fn corpus_dir() -> Option<String> {
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

    /// A calendar around `body`, owned by alex@example.com.
    pub(super) fn cal(body: &str) -> String {
        format!(
            "BEGIN:VCALENDAR\nVERSION:2.0\nX-WR-CALNAME:alex@example.com\n{body}END:VCALENDAR\n"
        )
    }

    pub(super) const PEOPLE: &str =
        "ORGANIZER:mailto:alex@example.com\nATTENDEE:mailto:bo@example.com\n";

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
}
