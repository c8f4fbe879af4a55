//! `offgrid log` and its effect on `offgrid report`.

use crate::util::{stderr, stdout, Dir};

const LOG: &str = ".local/share/offgrid/touchpoints.csv";

fn exports(dir: &Dir) -> std::path::PathBuf {
    dir.write(
        "in/messages.csv",
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n\
         c1,,Ada Lovelace,https://www.linkedin.com/in/ada,Me Owner,https://www.linkedin.com/in/me,2026-10-01 10:00:00 UTC,,hi,INBOX\n\
         c2,,Grace Hopper,https://www.linkedin.com/in/grace,Me Owner,https://www.linkedin.com/in/me,2026-10-02 10:00:00 UTC,,hi,INBOX\n",
    );
    dir.write(
        "in/contacts.vcf",
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nEMAIL:ada@example.com\nTEL:555-010-0001\nEND:VCARD\n\
         BEGIN:VCARD\nVERSION:3.0\nFN:Sam Lee\nTEL:555-010-0002\nEND:VCARD\n\
         BEGIN:VCARD\nVERSION:3.0\nFN:Sam Lee\nTEL:555-010-0003\nEND:VCARD\n",
    );
    dir.path().join("in")
}

#[test]
fn log_then_report_shows_the_new_contact() {
    let dir = Dir::new();
    let input = exports(&dir);
    let before = dir.report(&[&input], &["--format", "csv"]);
    assert!(
        stdout(&before).contains("Ada Lovelace,never"),
        "{}",
        stdout(&before)
    );

    let out = dir.run(
        &[
            "log",
            "ada@example.com",
            "--kind",
            "coffee",
            "--date",
            "2026-11-20",
            "--note",
            "at last",
        ],
        &input,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(
        said.starts_with("logged coffee with Ada Lovelace (p"),
        "{said}"
    );
    assert!(
        said.ends_with(&format!(
            " on 2026-11-20 in {}\n",
            dir.path().join(LOG).display()
        )),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(LOG)).unwrap(),
        "date,name,email,phone,kind,note\n2026-11-20,Ada Lovelace,ada@example.com,,coffee,at last\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(dir.path().join(LOG))
                .unwrap()
                .permissions()
                .mode()
                & 0o777,
            0o600
        );
    }

    // The report reads the log by itself: Ada is now recent (hidden by default).
    let after = dir.report(&[&input], &["--format", "csv", "--all"]);
    let ada = stdout(&after)
        .lines()
        .find(|l| l.contains("Ada Lovelace"))
        .unwrap()
        .to_owned();
    assert!(ada.contains(",Ada Lovelace,recent,6,2026-11-20,"), "{ada}");
    assert!(ada.contains("linkedin; touchpoints; vcard"), "{ada}");
    assert!(!stdout(&dir.report(&[&input], &["--format", "csv"])).contains("Ada Lovelace"));
}

#[test]
fn log_says_when_nobody_or_several_people_match() {
    let dir = Dir::new();
    let input = exports(&dir);
    let out = dir.run(&["log", "Sam Lee", "--date", "2026-11-01"], &input);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(
        said.contains("; \"Sam Lee\" matches 2 people: Sam Lee (p"),
        "{said}"
    );
    assert!(
        said.ends_with("; log an email or phone to say which\n"),
        "{said}"
    );

    let out = dir.run(
        &[
            "log",
            "Alan Turing",
            "--kind",
            "Video",
            "--date",
            "2026-11-02",
        ],
        &input,
    );
    assert!(
        stdout(&out).ends_with("; \"Alan Turing\" matches nobody known yet\n"),
        "{}",
        stdout(&out)
    );

    let out = dir.run(
        &[
            "log",
            "555 010 0003",
            "--date",
            "2026-11-03",
            "--region",
            "US",
        ],
        &input,
    );
    assert!(
        stdout(&out).starts_with("logged contact with Sam Lee (p"),
        "{}",
        stdout(&out)
    );

    assert_eq!(
        std::fs::read_to_string(dir.path().join(LOG)).unwrap(),
        "date,name,email,phone,kind,note\n\
         2026-11-01,Sam Lee,,,contact,\n\
         2026-11-02,Alan Turing,,,video,\n\
         2026-11-03,Sam Lee,,+15550100003,contact,\n"
    );
}

#[test]
fn log_rejects_bad_values_and_leaves_the_file_alone() {
    let dir = Dir::new();
    let file = dir.write(
        "tp.csv",
        "date,name,email,phone,kind,note\n2020-01-01,Ada,,,coffee,\n",
    );
    let out = dir.run(&["log", "Ada", "--date", "tomorrow", "--file"], &file);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with(
            "error: invalid value 'tomorrow' for '--date <DATE>': expected a day written YYYY-MM-DD"
        ),
        "{}",
        stderr(&out)
    );
    let out = dir.run(&["log", "Ada", "--kind", "a,b", "--file"], &file);
    assert_eq!(
        stderr(&out),
        "offgrid: --kind: expected one word such as call, video or coffee, found \"a,b\"\n"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "date,name,email,phone,kind,note\n2020-01-01,Ada,,,coffee,\n"
    );
    // A file without a final newline gets one before the new row.
    std::fs::write(
        &file,
        "date,name,email,phone,kind,note\n2020-01-01,Ada,,,coffee,",
    )
    .unwrap();
    let out = dir.run(&["log", "Ada", "--date", "2021-01-01", "--file"], &file);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "date,name,email,phone,kind,note\n2020-01-01,Ada,,,coffee,\n2021-01-01,Ada,,,contact,\n"
    );
}
