//! `offgrid report` end to end.

use std::path::Path;

use crate::util::{fixtures, stderr, stdout, Dir};

const HEADER: &str = "rank,person_id,name,status,days_without_direct,last_direct,first_seen,last_online,online_interactions,direct_contacts,sources,emails,phones,linkedin_url,company,position";

#[test]
fn csv_header_matches_the_documented_contract() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/report.md"))
        .unwrap();
    let documented: Vec<&str> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .collect();
    assert_eq!(
        documented.join(","),
        HEADER,
        "docs/report.md column table drifted from the CSV header"
    );
    let dir = Dir::new();
    let out = dir.report(
        &[&fixtures().join("demo")],
        &["--format", "csv", "--min-interactions", "1000000"],
    );
    assert_eq!(stdout(&out), format!("{HEADER}\n"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn touchpoints_and_linkedin_make_a_ranked_csv() {
    let dir = Dir::new();
    dir.write(
        "in/touchpoints.csv",
        "date,name,email,phone,kind,note\n2025-11-01,Ada Lovelace,ada@example.com,,coffee,\n2026-11-01,Grace Hopper,,555-010-0104,call,\n",
    );
    dir.write(
        "in/messages.csv",
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n\
         c1,,Ada Lovelace,https://www.linkedin.com/in/ada,Me Owner,https://www.linkedin.com/in/me,2026-10-01 10:00:00 UTC,,hi,INBOX\n\
         c2,,Grace Hopper,https://www.linkedin.com/in/grace,Me Owner,https://www.linkedin.com/in/me,2026-10-02 10:00:00 UTC,,hi,INBOX\n\
         c3,,Me Owner,https://www.linkedin.com/in/me,Alan Turing,https://www.linkedin.com/in/alan,2026-10-03 10:00:00 UTC,,hi,INBOX\n",
    );
    let out = dir.report(&[&dir.path().join("in")], &["--format", "csv", "--all"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let summary: Vec<(&str, &str, &str, &str)> =
        rows.iter().map(|r| (r[0], r[2], r[3], r[4])).collect();
    // Alan: never, first seen 2026-10-03 → 54 days. Ada: lapsed? no: last
    // direct 2025-11-01 → 390 days > 365. Grace: recent, 25 days.
    assert_eq!(
        summary,
        [
            ("1", "Ada Lovelace", "lapsed", "390"),
            ("2", "Alan Turing", "never", "54"),
            ("3", "Grace Hopper", "recent", "25")
        ]
    );
    let ada = &rows[0];
    assert_eq!(ada[5], "2025-11-01");
    assert_eq!(ada[10], "linkedin; touchpoints");
    assert_eq!(ada[11], "ada@example.com");
    assert_eq!(ada[13], "https://www.linkedin.com/in/ada");
}

#[test]
fn output_file_is_written_atomically_for_its_owner_only() {
    let dir = Dir::new();
    let tp = dir.write(
        "in/touchpoints.csv",
        "date,name,email,phone,kind,note\n2020-01-01,Ada Lovelace,,,coffee,\n",
    );
    let target = dir.path().join("out/report.csv");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    let out = dir.report(
        &[&tp],
        &[
            "--format",
            "csv",
            "--min-interactions",
            "0",
            "-o",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.starts_with(HEADER));
    assert!(written.contains("Ada Lovelace,lapsed"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&target).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(target.parent().unwrap())
        .unwrap()
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

#[test]
fn refuses_to_write_over_an_input() {
    let dir = Dir::new();
    let tp = dir.write(
        "in/touchpoints.csv",
        "date,name,email,phone,kind,note\n2020-01-01,Ada Lovelace,,,coffee,\n",
    );
    let out = dir.report(&[&tp], &["-o", tp.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("refusing to write the report to"),
        "{}",
        stderr(&out)
    );
    assert!(
        std::fs::read_to_string(&tp)
            .unwrap()
            .contains("Ada Lovelace"),
        "the input is untouched"
    );
}

#[test]
fn an_unrecognized_file_is_an_error_naming_it() {
    let dir = Dir::new();
    let f = dir.write("notes.txt", "just some notes\n");
    let out = dir.report(&[&f], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "offgrid: error: {}: not a format offgrid reads (expected a LinkedIn, Facebook, vCard, call log, calendar or touchpoints export)\n\
             offgrid: nothing usable was read (1 error above); nothing written\n",
            f.display()
        )
    );
}

#[test]
fn a_missing_input_is_an_error_naming_it() {
    let dir = Dir::new();
    let out = dir.report(&[&dir.path().join("nope.zip")], &[]);
    assert_eq!(out.status.code(), Some(1));
    // The operating system's error once, in plain words, with what to do.
    assert_eq!(
        stderr(&out),
        format!(
            "offgrid: error: {}: no such file or folder (check the path)\n\
             offgrid: nothing usable was read (1 error above); nothing written\n",
            dir.path().join("nope.zip").display()
        )
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn a_bad_row_is_skipped_with_a_located_warning_and_exit_code_3() {
    let dir = Dir::new();
    let tp = dir.write(
        "touchpoints.csv",
        "date,name,email,phone,kind,note\nsoon,Ada Lovelace,,,coffee,\n2020-01-01,Grace Hopper,,,coffee,\n",
    );
    let out = dir.report(&[&tp], &["--format", "csv", "--min-interactions", "0"]);
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("offgrid: warning: {}:2: skipped row: expected a date like 2026-03-14, found \"soon\"\n", tp.display())),
        "{err}"
    );
    assert!(stdout(&out).contains("Grace Hopper"));
}

#[test]
fn bad_options_are_explained() {
    let dir = Dir::new();
    let tp = dir.write("touchpoints.csv", "date,name,email,phone,kind,note\n");
    let mut cmd = dir.command();
    let out = cmd
        .args(["report", "--as-of", "26/11/2026"])
        .arg(&tp)
        .output()
        .unwrap();
    // Usage errors, in clap's words, exit 2: no parser internals.
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: invalid value '26/11/2026' for '--as-of <DATE>': expected a day written \
         YYYY-MM-DD, such as 2026-03-14\n\nFor more information, try '--help'.\n"
    );
    let out = dir.run(&["report", "--tz", "Mars/Olympus"], &tp);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with(
            "error: invalid value 'Mars/Olympus' for '--tz <TZ>': expected a time zone name \
             such as Europe/Berlin"
        ),
        "{}",
        stderr(&out)
    );
    let out = dir.run(&["report", "--region", "XX1"], &tp);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with(
            "error: invalid value 'XX1' for '--region <CC>': expected a two-letter region code"
        ),
        "{}",
        stderr(&out)
    );
    let out = dir.run(&["report", "--as-of", "2026-02-30"], &tp);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn demo_report_matches_the_reviewed_snapshot() {
    let dir = Dir::new();
    let out = dir.report(&[&fixtures().join("demo")], &["--format", "csv", "--all"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let want = crate::util::snapshot();
    assert_eq!(stdout(&out), want);
}

#[test]
fn the_output_format_follows_the_file_extension() {
    let dir = Dir::new();
    let demo = fixtures().join("demo");
    for (name, starts) in [
        ("out.csv", "rank,person_id,name,"),
        ("out.json", "{\n  \"version\": 1,"),
        ("out.md", "# offgrid report, 2026-11-26"),
        ("out.html", "<!DOCTYPE html>"),
        ("out.txt", " #  NAME"),
        ("out", " #  NAME"),
    ] {
        let path = dir.path().join(name);
        let out = dir.report(&[&demo], &["-o", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with(starts),
            "{name}: {}",
            &text[..80.min(text.len())]
        );
    }
    // --format wins over the extension.
    let path = dir.path().join("table.csv");
    let out = dir.report(
        &[&demo],
        &["-o", path.to_str().unwrap(), "--format", "table"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .starts_with(" #  NAME"));
    // An extension that names no format, and --excel for anything but CSV,
    // are usage errors; nothing is written.
    let path = dir.path().join("out.xlsx");
    let out = dir.report(&[&demo], &["-o", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "error: cannot tell the format of {} from its extension .xlsx: give --format (table, csv, json, markdown or html)\n",
            path.display()
        )
    );
    assert!(!path.exists());
    let path = dir.path().join("out.json");
    let out = dir.report(&[&demo], &["-o", path.to_str().unwrap(), "--excel"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: --excel applies to CSV only, and this report is json: add --format csv or write to a .csv file\n"
    );
    let out = dir.report(&[&demo], &["--excel"]);
    assert_eq!(out.status.code(), Some(2), "the table is not CSV either");
}

#[test]
fn a_piped_table_is_whole_and_columns_is_honoured() {
    let dir = Dir::new();
    let demo = fixtures().join("demo");
    // Piped: nothing cut, every column.
    let out = dir.report(&[&demo], &[]);
    let text = stdout(&out);
    assert!(!text.contains('…'), "{text}");
    assert!(text.contains("linkedin.com/in/liam-obrien"), "{text}");
    assert!(text.lines().next().unwrap().contains("COMPANY"), "{text}");
    // COLUMNS sets the width, terminal or not.
    let out = dir
        .command()
        .env("COLUMNS", "80")
        .args([
            "report",
            "--as-of",
            "2026-11-26",
            "--tz",
            "UTC",
            "--region",
            "US",
        ])
        .arg(&demo)
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains("linkedin.com/in/liam-ob…"), "{text}");
    for line in text.lines() {
        assert!(console::measure_text_width(line) <= 80, "{line}");
    }
}

#[test]
fn a_day_before_every_export_says_so() {
    let dir = Dir::new();
    let mut cmd = dir.command();
    let out = cmd
        .args([
            "report",
            "--as-of",
            "1900-01-01",
            "--tz",
            "UTC",
            "--region",
            "US",
        ])
        .arg(fixtures().join("demo"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Nobody is waiting for a call as of 1900-01-01: no online-only or lapsed relationships found.\n"
    );
    assert!(
        stderr(&out).contains(
            "offgrid: notice: no evidence is dated on or before 1900-01-01 (the earliest is from 2011-01-01): the report is empty because --as-of is before the exports begin\n"
        ),
        "{}",
        stderr(&out)
    );
}
