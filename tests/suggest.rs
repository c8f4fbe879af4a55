//! `offgrid suggest` on the demo: three people with why and how, a
//! different three the next week, a person logged in between drops out,
//! and the calendar file parses into the expected events.

use std::path::Path;
use std::process::Output;

use calcard::icalendar::{ICalendarComponentType, ICalendarProperty, ICalendarValue};

use crate::util::{fixtures, json, stderr, stdout, Dir};

/// `offgrid suggest --as-of DAY --tz UTC --region US <demo> <extra>`.
fn suggest(dir: &Dir, as_of: &str, extra: &[&str]) -> Output {
    let out = dir
        .command()
        .args(["suggest", "--as-of", as_of, "--tz", "UTC", "--region", "US"])
        .args(extra)
        .arg(fixtures().join("demo"))
        .output()
        .expect("run offgrid");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    out
}

/// The names suggested, in order.
fn names(doc: &serde_json::Value) -> Vec<String> {
    doc["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_demo_gives_three_people_with_why_and_how() {
    let dir = Dir::new();
    let doc = json(&stdout(&suggest(&dir, "2026-11-26", &["--format", "json"])));
    assert_eq!(doc["week"], "2026-W48");
    assert_eq!(doc["decided_on"], "2026-11-22");
    assert_eq!(
        names(&doc),
        ["Leila Farahani", "Noah Williams", "Mehmet Yılmaz"]
    );
    let first = &doc["suggestions"][0];
    assert_eq!(
        first["why"],
        "2 messages since August on LinkedIn, last dinner in December 2023"
    );
    assert_eq!(first["how"][0]["kind"], "email");
    assert_eq!(first["how"][0]["link"], "mailto:leila.f@example.com");
    assert_eq!(first["how"][1]["kind"], "linkedin");
    // Mehmet's phones come first: a phone is the best way to reach anyone.
    let third = &doc["suggestions"][2];
    assert_eq!(third["why"], "last message in March 2026, never a call");
    assert_eq!(third["how"][0]["link"], "tel:+15550100172");
    for s in doc["suggestions"].as_array().unwrap() {
        let score = s["score"].as_f64().unwrap();
        assert!((0.0..=100.0).contains(&score), "{s}");
        assert_eq!(s["again"], false);
    }
}

#[test]
fn the_next_weeks_are_different_people() {
    let dir = Dir::new();
    let mut seen: Vec<String> = Vec::new();
    for (day, want) in [
        (
            "2026-11-26",
            ["Leila Farahani", "Noah Williams", "Mehmet Yılmaz"],
        ),
        (
            "2026-12-03",
            ["Kwame Mensah", "Elena Petrova", "Grace Hopper"],
        ),
        ("2026-12-10", ["Ada Lovelace", "Marta Nowak", "Aroha Ngata"]),
    ] {
        let doc = json(&stdout(&suggest(&dir, day, &["--format", "json"])));
        let got = names(&doc);
        assert_eq!(got, want, "{day}");
        for name in &got {
            assert!(!seen.contains(name), "{name} again in the week of {day}");
        }
        seen.extend(got);
    }
    // Any day of a week gives that week's people: Monday's run and
    // Sunday's agree with Thursday's.
    for day in ["2026-11-23", "2026-11-29"] {
        let doc = json(&stdout(&suggest(&dir, day, &["--format", "json"])));
        assert_eq!(
            names(&doc),
            ["Leila Farahani", "Noah Williams", "Mehmet Yılmaz"],
            "{day}"
        );
    }
}

#[test]
fn with_rotation_off_the_best_stay_on_top() {
    // Kwame Mensah scores highest in the week of 2026-11-26, but was
    // suggested in one of the three weeks before, so by default he steps
    // aside; with rotation off he is first.
    let dir = Dir::new();
    dir.write("config.toml", "[suggest]\nrotation-weeks = 0\ncount = 2\n");
    let config = dir.path().join("config.toml");
    let config = config.to_str().unwrap();
    for day in ["2026-11-26", "2026-12-03"] {
        let doc = json(&stdout(&suggest(
            &dir,
            day,
            &["--config", config, "--format", "json"],
        )));
        assert_eq!(doc["suggestions"].as_array().unwrap().len(), 2);
        assert_eq!(names(&doc)[0], "Kwame Mensah", "{day}");
    }
    // -n wins over the config's count.
    let doc = json(&stdout(&suggest(
        &dir,
        "2026-11-26",
        &["--config", config, "-n", "1", "--format", "json"],
    )));
    assert_eq!(names(&doc), ["Kwame Mensah"]);
}

#[test]
fn a_person_logged_since_their_suggestion_drops_out() {
    let dir = Dir::new();
    let log = dir
        .command()
        .args([
            "log",
            "Leila Farahani",
            "--kind",
            "call",
            "--date",
            "2026-11-24",
            "--tz",
            "UTC",
            "--region",
            "US",
        ])
        .arg(fixtures().join("demo"))
        .output()
        .unwrap();
    assert_eq!(log.status.code(), Some(0), "{}", stderr(&log));
    let doc = json(&stdout(&suggest(&dir, "2026-11-26", &["--format", "json"])));
    assert_eq!(names(&doc), ["Noah Williams", "Mehmet Yılmaz"]);
    assert_eq!(doc["done"][0]["name"], "Leila Farahani");
    assert_eq!(doc["done"][0]["contacted"], "2026-11-24");
    let table = stdout(&suggest(&dir, "2026-11-26", &[]));
    assert!(
        table.contains("Done: Leila Farahani (direct contact on 2026-11-24)"),
        "{table}"
    );
    // On the Monday, before the call, she was still to be called.
    let doc = json(&stdout(&suggest(&dir, "2026-11-23", &["--format", "json"])));
    assert_eq!(
        names(&doc),
        ["Leila Farahani", "Noah Williams", "Mehmet Yılmaz"]
    );
    assert_eq!(doc["done"], serde_json::json!([]));
    let doc = json(&stdout(&suggest(&dir, "2026-11-22", &["--format", "json"])));
    assert!(!names(&doc).contains(&"Leila Farahani".to_owned()));
}

/// Each VEVENT of a calendar: UID, start and end (Unix seconds), status,
/// summary.
fn events(text: &str) -> Vec<(String, i64, i64, String, String)> {
    let calcard::Entry::ICalendar(ical) = calcard::Parser::new(text).entry() else {
        panic!("not a calendar: {text}");
    };
    let mut out = Vec::new();
    for comp in ical
        .components
        .iter()
        .filter(|c| c.component_type == ICalendarComponentType::VEvent)
    {
        let (mut uid, mut start, mut end, mut status, mut summary) =
            (String::new(), 0, 0, String::new(), String::new());
        for e in &comp.entries {
            let text = || {
                e.values
                    .first()
                    .and_then(|v| v.as_text())
                    .unwrap_or("")
                    .to_owned()
            };
            let time = || match e.values.first() {
                Some(ICalendarValue::PartialDateTime(p)) => p.to_timestamp().unwrap(),
                other => panic!("expected a date-time, found {other:?}"),
            };
            match &e.name {
                ICalendarProperty::Uid => uid = text(),
                ICalendarProperty::Dtstart => start = time(),
                ICalendarProperty::Dtend => end = time(),
                ICalendarProperty::Summary => summary = text(),
                ICalendarProperty::Status => status = format!("{:?}", e.values.first().unwrap()),
                _ => {}
            }
        }
        out.push((uid, start, end, status, summary));
    }
    out
}

#[test]
fn the_calendar_file_parses_into_one_reminder_each() {
    let dir = Dir::new();
    let out = suggest(&dir, "2026-11-26", &["-o", "week.ics"]);
    assert_eq!(stdout(&out), "");
    let text = std::fs::read_to_string(dir.path().join("week.ics")).unwrap();
    assert!(text.lines().all(|l| l.len() <= 76), "lines over 75 octets");
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    let got = events(&text);
    // Friday 2026-11-27, 16:00 to 16:30 UTC.
    let (start, end) = (1_795_795_200, 1_795_797_000);
    assert_eq!(
        got,
        [
            (
                "p4111c900d520-2026-W48@offgrid".to_owned(),
                start,
                end,
                "Status(Confirmed)".to_owned(),
                "Get in touch with Leila Farahani".to_owned()
            ),
            (
                "p168fbe490e0c-2026-W48@offgrid".to_owned(),
                start,
                end,
                "Status(Confirmed)".to_owned(),
                "Get in touch with Noah Williams".to_owned()
            ),
            (
                "pe9f666ead58d-2026-W48@offgrid".to_owned(),
                start,
                end,
                "Status(Confirmed)".to_owned(),
                "Call Mehmet Yılmaz".to_owned()
            ),
        ]
    );
    assert!(
        text.contains("phone: +155501001"),
        "the reach is in the description: {text}"
    );
    // A rerun the same week (on Monday) writes the same bytes; the next
    // week has other UIDs.
    let again = stdout(&suggest(&dir, "2026-11-23", &["--format", "ics"]));
    let monday = again.replace("DTSTAMP:20261123", "DTSTAMP:20261126");
    assert_eq!(monday, text);
    let next = stdout(&suggest(&dir, "2026-12-03", &["--format", "ics"]));
    assert!(events(&next)
        .iter()
        .all(|e| e.0.ends_with("-2026-W49@offgrid")));
}

#[test]
fn the_reminder_time_comes_from_the_config_in_the_zone() {
    let dir = Dir::new();
    dir.write(
        "config.toml",
        "[suggest]\nremind-day = \"monday\"\nremind-at = \"09:15\"\nremind-minutes = 15\n",
    );
    let out = dir
        .command()
        .args(["suggest", "--as-of", "2026-11-26", "--tz", "Europe/Berlin"])
        .args([
            "--region",
            "US",
            "--format",
            "ics",
            "--config",
            "config.toml",
        ])
        .arg(fixtures().join("demo"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got = events(&stdout(&out));
    assert_eq!(got.len(), 3);
    // Monday 2026-11-23, 09:15 in Berlin is 08:15 UTC.
    assert_eq!((got[0].1, got[0].2), (1_795_421_700, 1_795_422_600));
}

#[test]
fn a_logged_person_is_cancelled_in_the_calendar() {
    let dir = Dir::new();
    dir.write(
        ".local/share/offgrid/touchpoints.csv",
        "date,name,email,phone,kind,note\n2026-11-25,Noah Williams,noah.w@example.com,,coffee,\n",
    );
    let text = stdout(&suggest(&dir, "2026-11-26", &["--format", "ics"]));
    let got = events(&text);
    let noah = got
        .iter()
        .find(|e| e.0 == "p168fbe490e0c-2026-W48@offgrid")
        .unwrap();
    assert_eq!(noah.3, "Status(Cancelled)");
    assert_eq!(noah.4, "Done: Noah Williams");
    assert!(text.contains("SEQUENCE:1"));
}

#[test]
fn csv_header_matches_the_documented_columns() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report.md"))
        .unwrap();
    let section = doc.split("### Suggestion CSV columns").nth(1).unwrap();
    let documented: Vec<&str> = section
        .lines()
        .take_while(|l| !l.starts_with("##"))
        .filter_map(|l| l.strip_prefix("- `"))
        .filter_map(|l| l.split('`').next())
        .collect();
    let dir = Dir::new();
    let out = stdout(&suggest(&dir, "2026-11-26", &["--format", "csv"]));
    let mut lines = out.lines();
    assert_eq!(lines.next().unwrap(), documented.join(","));
    assert_eq!(lines.count(), 3);
}

#[test]
fn markdown_links_call_and_mail() {
    let dir = Dir::new();
    let out = stdout(&suggest(&dir, "2026-11-26", &["--format", "markdown"]));
    assert!(out.starts_with("## This week (2026-W48)\n"), "{out}");
    assert!(out.contains("[+15550100172](<tel:+15550100172>)"), "{out}");
    assert!(
        out.contains("[leila.f@example.com](<mailto:leila.f@example.com>)"),
        "{out}"
    );
}

#[test]
fn explain_shows_the_suggestion_score_and_standing() {
    let dir = Dir::new();
    let explain = |who: &str| {
        let out = dir
            .command()
            .args(["explain", who, "--as-of", "2026-11-26", "--tz", "UTC"])
            .args(["--region", "US"])
            .arg(fixtures().join("demo"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        stdout(&out)
    };
    let leila = explain("Leila Farahani");
    assert!(
        leila.contains("\n  score                65.2        100 × (1·wait + 2·warmth + 1·overdue + 1·reach) / 5\n  suggested this week, #1\n"),
        "{leila}"
    );
    let kwame = explain("Kwame Mensah");
    assert!(
        kwame.ends_with("  stepping aside: suggested in 2026-W45\n"),
        "{kwame}"
    );
}
