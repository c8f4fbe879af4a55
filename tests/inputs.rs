//! Inputs that give nothing: a bad input among good ones costs only itself;
//! a run that read nothing fails rather than report "all clear"; a
//! scheduled run after a failed download keeps last week's `latest.*`.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::{copy_dir, fixtures, stderr, stdout, Dir};

/// The good export read beside each bad input: the demo's Facebook archive.
fn good(dir: &Dir) -> PathBuf {
    let to = dir.path().join("facebook");
    copy_dir(&fixtures().join("demo/facebook-morganreyes"), &to);
    to
}

/// stderr without the staleness warnings (another feature's lines).
fn messages(o: &Output) -> String {
    stderr(o)
        .lines()
        .filter(|l| !l.contains("newest evidence is from"))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The report of the good export alone, as CSV.
fn good_alone(dir: &Dir, good: &Path) -> String {
    let out = dir.report(&[good], &["--format", "csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn a_bad_input_among_good_ones_is_skipped_with_its_reason() {
    let dir = Dir::new();
    let good = good(&dir);
    let alone = good_alone(&dir, &good);
    let random: Vec<u8> = (0u32..4096)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let empty_folder = dir.path().join("empty-folder");
    std::fs::create_dir_all(&empty_folder).unwrap();
    // Facebook thread pages in HTML, without the archive's start page.
    dir.write(
        "html-threads/messages/inbox/alice_1/message_1.html",
        "<html><body><div>Alice</div></body></html>\n",
    );
    let html_threads = dir.path().join("html-threads");
    // The same, given as the inbox folder itself.
    let inbox = html_threads.join("messages/inbox");
    let cases: Vec<(PathBuf, String)> = vec![
        (
            dir.write("random.zip", &random),
            "not a zip archive (is the file complete? download the export again)".to_owned(),
        ),
        (
            dir.write("zero.zip", ""),
            "file is empty (was the export complete? download it again)".to_owned(),
        ),
        (
            dir.write(
                "signin.zip",
                "<!DOCTYPE html>\n<html><head><title>Sign in</title></head></html>\n",
            ),
            "not a zip archive but a web page (a sign-in or error page saved in place of the \
             export?): download the export again"
                .to_owned(),
        ),
        (
            dir.write("Connections.csv", ""),
            "file is empty (was the export complete? download it again)".to_owned(),
        ),
        (
            empty_folder.clone(),
            "no file that offgrid reads was found in it".to_owned(),
        ),
        (
            html_threads.clone(),
            "no file that offgrid reads was found in it, only Facebook messages in HTML format \
             (messages/inbox/alice_1/message_1.html), which offgrid cannot read; download your \
             information again choosing format JSON"
                .to_owned(),
        ),
        (
            inbox.clone(),
            "no file that offgrid reads was found in it, only Facebook messages in HTML format \
             (alice_1/message_1.html), which offgrid cannot read; download your information \
             again choosing format JSON"
                .to_owned(),
        ),
        (
            dir.path().join("gone.zip"),
            "no such file or folder (check the path)".to_owned(),
        ),
    ];
    for (bad, why) in &cases {
        let out = dir.report(&[bad, &good], &["--format", "csv"]);
        assert_eq!(
            messages(&out),
            format!(
                "offgrid: error: {}: {why}\n\
                 offgrid: 10 entries read, 26 records, 9 people, 7 in the report; 1 skipped\n",
                bad.display()
            ),
            "{}",
            bad.display()
        );
        assert_eq!(out.status.code(), Some(3), "{}", bad.display());
        assert_eq!(stdout(&out), alone, "the good export is reported in full");
        // --strict refuses it instead, and writes nothing.
        let out = dir.report(&[bad, &good], &["--format", "csv", "--strict"]);
        assert_eq!(out.status.code(), Some(1), "{}", bad.display());
        assert_eq!(stdout(&out), "");
    }
}

#[cfg(unix)]
#[test]
fn an_unreadable_input_is_skipped_with_its_reason() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Dir::new();
    let good = good(&dir);
    let locked = dir.write(
        "contacts.vcf",
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nEND:VCARD\n",
    );
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        // Root reads anything: there is no unreadable file to test with.
        println!("skipped: running as root, every file is readable");
        return;
    }
    let out = dir.report(&[&locked, &good], &["--format", "csv"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(messages(&out).starts_with(&format!(
        "offgrid: error: {}: permission denied (offgrid needs to read it: check its permissions)\n",
        locked.display()
    )));
}

#[test]
fn a_run_that_reads_nothing_fails_and_writes_nothing() {
    let dir = Dir::new();
    // An empty Connections.csv: the export was cut to nothing.
    let empty = dir.write("in/Connections.csv", "");
    let encrypted = dir.path().join("locked.zip");
    encrypted_zip(
        &encrypted,
        &[
            (
                "Connections.csv",
                "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
                 Ada,Lovelace,https://www.linkedin.com/in/ada,,,,01 Jan 2020\n",
            ),
            ("messages.csv", "CONVERSATION ID,FROM,TO,DATE,CONTENT\n"),
        ],
    );
    // A LinkedIn export whose connections file holds the header alone.
    let header_only = dir.write(
        "header/Connections.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
    );
    let reports = dir.path().join("reports");
    for (input, first) in [
        (
            &empty,
            format!(
                "offgrid: error: {}: file is empty (was the export complete? download it again)\n",
                empty.display()
            ),
        ),
        (&header_only, String::new()),
    ] {
        let out = dir.report(&[input], &["--output-dir", reports.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert_eq!(stdout(&out), "");
        let err = stderr(&out);
        assert!(err.starts_with(&first), "{err}");
        assert!(err.ends_with("; nothing written\n"), "{err}");
        assert!(!err.contains("Nobody is waiting"), "{err}");
        assert!(!reports.exists(), "nothing written");
    }
    // A zip whose every member is encrypted.
    let out = dir.report(&[&encrypted], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("Connections.csv: archive member is encrypted"),
        "{err}"
    );
    assert!(
        err.contains("messages.csv: archive member is encrypted"),
        "{err}"
    );
    assert!(
        err.ends_with("offgrid: nothing usable was read (2 errors above); nothing written\n"),
        "{err}"
    );
}

/// A zip of `members` (stored), each flagged as encrypted in its local and
/// central headers, as an archive tool writes a password-protected one.
fn encrypted_zip(path: &Path, members: &[(&str, &str)]) {
    let mut bytes = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut bytes);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, text) in members {
            w.start_file(*name, opts).unwrap();
            std::io::Write::write_all(&mut w, text.as_bytes()).unwrap();
        }
        w.finish().unwrap();
    }
    let mut bytes = bytes.into_inner();
    let mut i = 0;
    while i + 10 < bytes.len() {
        match &bytes[i..i + 4] {
            b"PK\x03\x04" => bytes[i + 6] |= 1,
            b"PK\x01\x02" => bytes[i + 8] |= 1,
            _ => {}
        }
        i += 1;
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_scheduled_run_missing_a_source_keeps_latest_unless_told() {
    let dir = Dir::new();
    let full = dir.path().join("exports");
    copy_dir(&fixtures().join("demo"), &full);
    let reports = dir.path().join("reports");
    let out_dir = ["--output-dir", reports.to_str().unwrap()];
    let run = |as_of: &str, extra: &[&str]| -> Output {
        let mut cmd = dir.command();
        cmd.args(["report", "--as-of", as_of, "--tz", "UTC", "--region", "US"]);
        cmd.args(out_dir).args(extra).arg(&full);
        cmd.output().unwrap()
    };
    let first = run("2026-11-19", &[]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let latest = std::fs::read(reports.join("latest.json")).unwrap();

    // The LinkedIn download failed this week: its zip is gone.
    std::fs::remove_file(full.join("Complete_LinkedInDataExport_11-24-2026.zip")).unwrap();
    let second = run("2026-11-26", &[]);
    assert_eq!(second.status.code(), Some(3), "{}", stderr(&second));
    let err = stderr(&second);
    assert!(
        err.contains(
            "offgrid: warning: linkedin: read for the previous report (offgrid-2026-11-19.json) \
             but nothing of it this time (a failed or missing download?)\n"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "offgrid: warning: latest.* left as it was, since linkedin of the previous report is \
             missing; pass --accept-missing to replace it\n"
        ),
        "{err}"
    );
    assert_eq!(
        std::fs::read(reports.join("latest.json")).unwrap(),
        latest,
        "latest.* kept"
    );
    let mut names: Vec<String> = std::fs::read_dir(&reports)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "latest.csv",
            "latest.html",
            "latest.json",
            "offgrid-2026-11-19.csv",
            "offgrid-2026-11-19.html",
            "offgrid-2026-11-19.json",
            "offgrid-2026-11-26.incomplete.csv",
            "offgrid-2026-11-26.incomplete.html",
            "offgrid-2026-11-26.incomplete.json",
        ]
    );

    // A week later, still without it: the comparison is still with the
    // last complete report, so the loss is still named.
    let third = run("2026-12-03", &[]);
    assert_eq!(third.status.code(), Some(3));
    assert!(
        stderr(&third).contains("linkedin: read for the previous report (offgrid-2026-11-19.json)")
    );

    // The user accepts it: latest.* is replaced, and the dated report is
    // a normal one.
    let accepted = run("2026-12-03", &["--accept-missing"]);
    assert_eq!(accepted.status.code(), Some(0), "{}", stderr(&accepted));
    assert_ne!(std::fs::read(reports.join("latest.json")).unwrap(), latest);
    assert!(reports.join("offgrid-2026-12-03.json").is_file());
    // --accept-missing means nothing without --output-dir.
    let out = dir.report(&[&full], &["--accept-missing"]);
    assert_eq!(out.status.code(), Some(2));
}
