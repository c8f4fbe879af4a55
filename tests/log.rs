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

/// The id on the line of `people`'s or `log`'s candidates that holds `phone`.
fn id_with(listing: &str, phone: &str) -> String {
    let line = listing.lines().find(|l| l.contains(phone)).expect(phone);
    line.split_whitespace().next().unwrap().to_owned()
}

#[test]
fn log_refuses_a_name_that_fits_several_people_or_nobody() {
    let dir = Dir::new();
    let input = exports(&dir);
    let log = dir.path().join(LOG);

    // Two address-book cards called Sam Lee: refused, both listed with
    // what tells them apart, nothing written.
    let out = dir.run(&["log", "Sam Lee", "--date", "2026-11-01"], &input);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.starts_with("error: \"Sam Lee\" fits 2 people; say which with their person_id, email or phone, or --new for someone else:\n  p"),
        "{said}"
    );
    assert!(
        said.contains("  Sam Lee  (vcard)  [+15550100002]\n"),
        "{said}"
    );
    assert!(
        said.contains("  Sam Lee  (vcard)  [+15550100003]\n"),
        "{said}"
    );
    assert!(stdout(&out).is_empty());
    assert!(!log.exists());

    // Nobody of that name: refused, unless --new.
    let out = dir.run(&["log", "Alan Turing", "--date", "2026-11-02"], &input);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: \"Alan Turing\" matches nobody in the exports; check the spelling, or pass --new to log someone who is not in them\n"
    );
    assert!(!log.exists());
    let out = dir.run(
        &[
            "log",
            "Alan Turing",
            "--new",
            "--kind",
            "Video",
            "--date",
            "2026-11-02",
        ],
        &input,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("logged video with Alan Turing (someone new) on 2026-11-02 in "),
        "{}",
        stdout(&out)
    );
    // --new for someone the exports already hold once is refused.
    let out = dir.run(&["log", "Ada Lovelace", "--new"], &input);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: \"Ada Lovelace\" is already Ada Lovelace (p"),
        "{}",
        stderr(&out)
    );

    // Picked by phone, or by person_id: the row holds the phone, so it
    // stays that Sam Lee's.
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
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("logged contact with Sam Lee (p"),
        "{}",
        stdout(&out)
    );
    let id = id_with(&said, "+15550100002");
    let out = dir.run(
        &["log", &id, "--date", "2026-11-04", "--region", "US"],
        &input,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!(
            "logged contact with Sam Lee ({id}) on 2026-11-04 in {}\n",
            log.display()
        )
    );
    // Someone else of that name, said so.
    let out = dir.run(&["log", "Sam Lee", "--new", "--date", "2026-11-05"], &input);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).ends_with("; 2 known people have that name: `offgrid people --ambiguous` shows how the report places it\n"),
        "{}",
        stdout(&out)
    );
    // An unknown person_id.
    let out = dir.run(&["log", "p000000000000"], &input);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("error: no person \"p000000000000\""));

    let written = "date,name,email,phone,kind,note\n\
         2026-11-02,Alan Turing,,,video,\n\
         2026-11-03,Sam Lee,,+15550100003,contact,\n\
         2026-11-04,Sam Lee,,+15550100002,contact,\n\
         2026-11-05,Sam Lee,,,contact,\n";
    assert_eq!(std::fs::read_to_string(&log).unwrap(), written);

    // The log's rows keep the two cards apart and join neither.
    let people = dir.run(&["people", "--ambiguous", "-q"], &input);
    assert!(
        stdout(&people).starts_with("\"Sam Lee\" fits 2 people:\n"),
        "{}",
        stdout(&people)
    );
}

#[test]
fn log_lists_and_removes_entries() {
    let dir = Dir::new();
    let file = dir.write(
        "tp.csv",
        "date,name,email,phone,kind,note\n\
         2026-01-02,Ada Lovelace,,,coffee,\"at the lab, finally\"\n\
         2026-01-03,,grace@example.com,,call,\n\
         2026-01-04,Sam Lee,,+15550100002,video,\n",
    );
    let out = dir.run(&["log", "--list", "--file"], &file);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        concat!(
            "   1  2026-01-02  coffee  Ada Lovelace  (at the lab, finally)\n",
            "   2  2026-01-03  call  grace@example.com\n",
            "   3  2026-01-04  video  Sam Lee, +15550100002\n",
        )
    );
    let out = dir.run(&["log", "--remove", "2", "--file"], &file);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!(
            "removed entry 2 from {}: 2026-01-03  call  grace@example.com\n",
            file.display()
        )
    );
    let out = dir.run(&["log", "--undo", "--file"], &file);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Every other byte kept, the quoted note included.
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "date,name,email,phone,kind,note\n2026-01-02,Ada Lovelace,,,coffee,\"at the lab, finally\"\n"
    );
    let out = dir.run(&["log", "--remove", "2", "--file"], &file);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("holds 1 entry"), "{}", stderr(&out));
    let out = dir.run(&["log", "--undo", "--file"], &file);
    assert_eq!(out.status.code(), Some(0));
    let out = dir.run(&["log", "--undo", "--file"], &file);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).ends_with("holds no entries: nothing to undo\n"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "date,name,email,phone,kind,note\n"
    );
}

/// On the demo, a name-only row for a "Sam Lee" (who fits three people)
/// and a later row with one Sam Lee's phone merge nobody: the people count
/// stays as it was.
#[test]
fn log_rows_never_merge_the_people_a_name_fits() {
    let dir = Dir::new();
    let demo = crate::util::fixtures().join("demo");
    let file = dir.path().join("tp.csv");
    let count = |extra: &[&std::path::Path]| {
        let mut inputs = vec![demo.as_path()];
        inputs.extend_from_slice(extra);
        let out = dir.report(&inputs, &["--format", "csv"]);
        let err = stderr(&out);
        err.split(" people,")
            .next()
            .and_then(|s| s.rsplit(' ').next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or_else(|| panic!("{err}"))
    };
    let before = count(&[]);
    let log = |args: &[&str]| {
        let out = dir
            .command()
            .arg("log")
            .args(args)
            .args(["--region", "US", "--date", "2026-11-20", "--file"])
            .arg(&file)
            .arg(&demo)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    };
    log(&["Sam Lee", "--new"]);
    log(&["+1 555 010 0141"]);
    log(&["Sam Lee", "--new"]);
    // The name-only rows are one (unplaced) person at most; nobody merged.
    let after = count(&[&file]);
    assert!(
        after == before || after == before + 1,
        "{before} -> {after}"
    );
    let people = dir
        .command()
        .args(["people", "--ambiguous", "-q"])
        .arg(&demo)
        .arg(&file)
        .output()
        .unwrap();
    let text = stdout(&people);
    assert!(text.starts_with("\"Sam Lee\" fits 2 people:\n"), "{text}");
    assert!(text.contains("[+15550100141]"), "{text}");
    assert!(text.contains("[+15550100142]"), "{text}");
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
