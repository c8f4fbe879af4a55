//! Hostile and broken inputs: each fixture in `fixtures/malformed/`
//! is read beside a good export; the test pins the exact message on stderr,
//! the exit code, and that the good export is still reported in full.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::util::{fixtures, stderr, stdout, Dir};

/// The good export read beside every broken one: a small Facebook archive
/// whose report has seven people.
const GOOD: &str = "demo/facebook-morganreyes";

/// Copies a fixture file or folder into the test directory, under `to`.
fn copy(dir: &Dir, from: &Path, to: &str) -> PathBuf {
    let dest = dir.path().join(to);
    if from.is_dir() {
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            copy(dir, &entry.path(), &format!("{to}/{name}"));
        }
    } else {
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(from, &dest).unwrap();
    }
    PathBuf::from(to)
}

/// stderr without the staleness notices (another feature's lines).
fn messages(o: &Output) -> String {
    stderr(o)
        .lines()
        .filter(|l| !l.contains("newest evidence is from"))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Runs `report --format csv` over the malformed fixture `bad` (copied as
/// `name`) and the good export; returns the run and the good export's own
/// report, for comparison.
fn run_beside_good(bad: &str, name: &str, extra: &[&str]) -> (Output, String) {
    let dir = Dir::new();
    let good = copy(&dir, &fixtures().join(GOOD), "good");
    let bad = copy(&dir, &fixtures().join("malformed").join(bad), name);
    let mut args = vec!["--format", "csv"];
    args.extend_from_slice(extra);
    let alone = dir.report(&[&good], &["--format", "csv"]);
    assert_eq!(alone.status.code(), Some(0), "{}", stderr(&alone));
    let out = dir.report(&[&bad, &good], &args);
    (out, stdout(&alone))
}

/// The bad input added nothing: the report is the good export's alone, and
/// stderr is exactly `want`.
fn assert_only_good(bad: &str, name: &str, want_stderr: &str, want_code: i32) {
    let (out, alone) = run_beside_good(bad, name, &[]);
    assert_eq!(messages(&out), want_stderr);
    assert_eq!(
        stdout(&out),
        alone,
        "the good export was not reported in full"
    );
    assert_eq!(out.status.code(), Some(want_code));
}

#[test]
fn truncated_zip_is_an_error_naming_it_and_the_members_before_the_cut_are_read() {
    let (out, alone) = run_beside_good("truncated.zip", "export.zip", &[]);
    assert_eq!(
        messages(&out),
        "offgrid: error: export.zip: not a readable zip archive: invalid Zip archive: Could not \
         find EOCD (is the file complete? download the export again)\n\
         offgrid: error: export.zip!messages.csv: cannot read archive member: incomplete deflate \
         stream\n\
         offgrid: warning: export.zip!messages.csv:6: expected 12 fields, found 7\n\
         offgrid: 12 entries read, 64 records, 40 people, 8 in the report; 3 skipped\n"
    );
    // The people of the good export are all there; some merged with the
    // LinkedIn people read from the archive's first members.
    assert_eq!(
        stdout(&out),
        "\
rank,person_id,name,status,days_without_direct,last_direct,first_seen,last_online,online_interactions,direct_contacts,sources,emails,phones,linkedin_url,company,position\n\
         1,p2ce64cdef272,Ingrid Solberg,never,5808,,2011-01-01,2020-12-24,1,0,facebook,,,,,\n\
         2,p2ebeb145e156,José Álvarez,never,5230,,2012-08-01,2026-08-15,3,0,facebook; linkedin,,,https://www.linkedin.com/in/jose-alvarez-1,Cocina Abierta,Founder\n\
         3,pdd53fd3f689d,Pablo Ruiz,never,4182,,2015-06-15,2026-04-04,1,0,facebook,,,,,\n\
         4,p53180108277f,Sam Lee,never,3334,,2017-10-10,2026-07-08,1,0,facebook,,,,,\n\
         5,pf75489942a42,Marco Bianchi 🌊,never,3163,,2018-03-30,2026-11-11,1,0,facebook,,,,,\n\
         6,pa53cc3101772,Ada Lovelace,never,2814,,2019-03-14,2026-10-03,3,0,linkedin,,,https://www.linkedin.com/in/ada-lovelace,Analytical Engines,Chief Scientist\n\
         7,p47af377a4fa3,Tom Becker,never,2336,,2020-07-04,2023-06-01,2,0,facebook; linkedin,,,https://www.linkedin.com/in/tom-becker,Becker Bikes,Owner\n\
         8,pe148240dfd6d,Lena Müller-Łukasiewicz,lapsed,690,2025-01-05,2016-09-09,2026-10-01,2,1,facebook,,,,,\n"
    );
    assert_ne!(stdout(&out), alone);
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn zip_bomb_is_refused_before_inflating() {
    // 10 MiB of zeros in 10 KB: the central directory says so.
    assert_only_good(
        "bomb.zip",
        "export.zip",
        "offgrid: error: export.zip!messages.csv: archive member declares 10485829 bytes, more \
         than 200 times its compressed size of 10270 bytes (a zip bomb?) (raise the limit with \
         --max-ratio)\n\
         offgrid: 11 entries read, 30 records, 13 people, 7 in the report; 1 skipped\n",
        3,
    );
}

#[test]
fn zip_bomb_lying_about_its_size_is_stopped_while_inflating() {
    // The headers claim 1000 bytes: inflating stops there.
    assert_only_good(
        "bomb_lying.zip",
        "export.zip",
        "offgrid: error: export.zip!messages.csv: file is larger than its declared uncompressed \
         size\n\
         offgrid: 11 entries read, 30 records, 13 people, 7 in the report; 1 skipped\n",
        3,
    );
}

#[test]
fn a_raised_ratio_lets_the_bomb_through_to_the_importer() {
    let (out, alone) = run_beside_good("bomb.zip", "export.zip", &["--max-ratio", "2000"]);
    assert_eq!(
        messages(&out),
        "offgrid: error: export.zip!messages.csv: expected a header with FROM and DATE in the \
         first 10 lines, found none\n\
         offgrid: 11 entries read, 30 records, 13 people, 7 in the report; 1 skipped\n"
    );
    assert_eq!(stdout(&out), alone);
}

#[test]
fn encrypted_member_is_named_and_the_rest_of_the_archive_read() {
    assert_only_good(
        "encrypted.zip",
        "export.zip",
        "offgrid: error: export.zip!messages.csv: archive member is encrypted and offgrid cannot \
         decrypt it (extract the archive with its password and pass the folder instead)\n\
         offgrid: 11 entries read, 30 records, 13 people, 7 in the report; 1 skipped\n",
        3,
    );
}

#[test]
fn empty_files() {
    assert_only_good(
        "empty",
        "in",
        "offgrid: error: in/Connections.csv: file is empty (was the export complete? download it \
         again)\n\
         offgrid: error: in/contacts.vcf: file is empty (was the export complete? download it \
         again)\n\
         offgrid: 10 entries read, 26 records, 9 people, 7 in the report; 2 skipped\n",
        3,
    );
}

#[test]
fn a_png_named_connections_csv() {
    assert_only_good(
        "png_as_csv",
        "in",
        "offgrid: error: in/Connections.csv: expected a header with First Name and Last Name in \
         the first 10 lines, found none\n\
         offgrid: 10 entries read, 26 records, 9 people, 7 in the report; 1 skipped\n",
        3,
    );
}

#[test]
fn missing_header() {
    assert_only_good(
        "noheader",
        "in",
        "offgrid: error: in/Connections.csv: expected a header with First Name and Last Name in \
         the first 10 lines, found none\n\
         offgrid: 10 entries read, 26 records, 9 people, 7 in the report; 1 skipped\n",
        3,
    );
}

/// Excel re-saves: Windows-1252 bytes (invalid UTF-8), UTF-16 with a BOM,
/// `;` as the separator. Each is read, names intact.
#[test]
fn excel_resaves_are_read_with_names_intact() {
    for (file, records) in [
        ("Connections_cp1252.csv", 28),
        ("Connections_utf16.csv", 27),
        ("Connections_semicolon.csv", 27),
    ] {
        let (out, alone) = run_beside_good(file, "Connections.csv", &[]);
        assert_eq!(
            messages(&out),
            format!("offgrid: 11 entries read, {records} records, 10 people, 7 in the report; 0 skipped\n")
                .replace("10 people", if records == 28 { "11 people" } else { "10 people" }),
            "{file}"
        );
        assert_eq!(stdout(&out), alone, "{file}");
        assert_eq!(out.status.code(), Some(0), "{file}");
        let dir = Dir::new();
        let f = copy(
            &dir,
            &fixtures().join("malformed").join(file),
            "Connections.csv",
        );
        let people = dir.run(
            &["people", "--tz", "UTC", "--region", "US", "--format", "csv"],
            &f,
        );
        assert!(
            stdout(&people).contains(",Zoë Marchetti-Ruiz,1,linkedin,Connections.csv:2,"),
            "{file}: {}",
            stdout(&people)
        );
    }
}

#[test]
fn unknown_date_formats_skip_the_row_with_a_located_warning() {
    assert_only_good(
        "Connections_dates.csv",
        "Connections.csv",
        "offgrid: warning: Connections.csv:2: expected a date in Connected On, found \"2024-13-45\"\n\
         offgrid: warning: Connections.csv:3: expected a date in Connected On, found \"yesterday\"\n\
         offgrid: 11 entries read, 29 records, 12 people, 7 in the report; 2 skipped\n",
        3,
    );
}

#[test]
fn unterminated_vcard_keeps_the_complete_cards() {
    assert_only_good(
        "unterminated.vcf",
        "contacts.vcf",
        "offgrid: warning: contacts.vcf:6: expected END:VCARD, found end of file\n\
         offgrid: 11 entries read, 27 records, 10 people, 7 in the report; 1 skipped\n",
        3,
    );
}

#[test]
fn json_nested_deeper_than_any_export_is_an_error_not_a_crash() {
    assert_only_good(
        "deep_json",
        "in",
        "offgrid: error: in/personal_information/profile_information/profile_information.json:1: \
         invalid JSON: recursion limit exceeded (column 191)\n\
         offgrid: 10 entries read, 26 records, 9 people, 7 in the report; 1 skipped\n",
        3,
    );
}

#[test]
fn xml_entities_are_never_expanded() {
    // A billion laughs in the DOCTYPE: the call using them has no known
    // number, so it is skipped and counted (it used to vanish unsaid); the
    // good call beside it is read.
    assert_only_good(
        "calls-20261124070000.xml",
        "calls-20261124070000.xml",
        "offgrid: warning: calls-20261124070000.xml:15: skipped <call>: expected text in number, \
         found the entity \"&lol9;\" (entities are never expanded)\n\
         offgrid: 11 entries read, 27 records, 10 people, 7 in the report; 1 skipped\n",
        3,
    );
}

#[test]
fn endless_rrule_is_cut_at_the_instance_limit() {
    assert_only_good(
        "endless_secondly.ics",
        "calendar.ics",
        "offgrid: warning: calendar.ics:5: expected at most 10000 instances of a recurring event, \
         found more; later ones ignored\n\
         offgrid: 11 entries read, 28 records, 10 people, 7 in the report; 1 skipped\n",
        3,
    );
}

#[test]
fn facebook_html_archive_says_to_download_json() {
    assert_only_good(
        "facebook_html",
        "facebook-html",
        "offgrid: error: facebook-html/index.html: this is a facebook archive in HTML format, \
         which offgrid cannot read; download your information again choosing format JSON\n\
         offgrid: 10 entries read, 26 records, 9 people, 7 in the report; 1 skipped\n",
        3,
    );
}

/// A 100 MiB line, written by the test: stopped at the line limit (16 MiB)
/// without reading the rest; a raised limit is named in the message.
#[test]
fn a_100_mib_line_is_stopped_at_the_line_limit() {
    let dir = Dir::new();
    let good = copy(&dir, &fixtures().join(GOOD), "good");
    {
        use std::io::Write;
        let f = std::fs::File::create(dir.path().join("Connections.csv")).unwrap();
        let mut w = std::io::BufWriter::new(f);
        w.write_all(b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
            .unwrap();
        let chunk = vec![b'A'; 1 << 20];
        for _ in 0..100 {
            w.write_all(&chunk).unwrap();
        }
        w.write_all(b"\n").unwrap();
    }
    let alone = dir.report(&[&good], &["--format", "csv"]);
    let out = dir.report(&[Path::new("Connections.csv"), &good], &["--format", "csv"]);
    assert_eq!(
        messages(&out),
        "offgrid: error: Connections.csv:2: line is longer than 16M (raise the limit with \
         --max-line-length)\n\
         offgrid: 10 entries read, 26 records, 9 people, 7 in the report; 1 skipped\n"
    );
    assert_eq!(stdout(&out), stdout(&alone));
    assert_eq!(out.status.code(), Some(3));
    let out = dir.report(
        &[Path::new("Connections.csv"), &good],
        &["--format", "csv", "--max-line-length", "1M"],
    );
    assert_eq!(
        messages(&out).lines().next(),
        Some(
            "offgrid: error: Connections.csv:2: line is longer than 1M (raise the limit with \
             --max-line-length)"
        )
    );
}

#[test]
fn entry_size_limit_stops_a_plain_file() {
    let dir = Dir::new();
    let good = copy(&dir, &fixtures().join(GOOD), "good");
    let vcf = copy(
        &dir,
        &fixtures().join("vcard/android_21_qp.vcf"),
        "contacts.vcf",
    );
    let out = dir.report(
        &[&vcf, &good],
        &["--format", "csv", "--max-entry-size", "1K"],
    );
    assert_eq!(
        messages(&out).lines().next(),
        Some(
            "offgrid: error: contacts.vcf:31: entry is larger than 1K (raise the limit with \
             --max-entry-size)"
        )
    );
    assert_eq!(out.status.code(), Some(3));
    let bad = dir.report(&[&vcf], &["--max-entry-size", "lots"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn strict_turns_skipped_records_into_failure() {
    let dir = Dir::new();
    let good = copy(&dir, &fixtures().join(GOOD), "good");
    let bad = copy(
        &dir,
        &fixtures().join("malformed/Connections_dates.csv"),
        "Connections.csv",
    );
    let out = dir.report(&[&bad, &good], &["--format", "csv", "--strict"]);
    assert_eq!(stdout(&out), "");
    assert_eq!(
        messages(&out),
        "offgrid: warning: Connections.csv:2: expected a date in Connected On, found \"2024-13-45\"\n\
         offgrid: warning: Connections.csv:3: expected a date in Connected On, found \"yesterday\"\n\
         offgrid: --strict: 2 records or entries skipped; nothing written\n"
    );
    assert_eq!(out.status.code(), Some(1));
    let out = dir.report(&[&good], &["--format", "csv", "--strict"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn output_never_lands_on_or_inside_an_input() {
    let dir = Dir::new();
    let good = copy(&dir, &fixtures().join(GOOD), "good");
    let out = dir.report(&[&good], &["-o", "good/report.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("offgrid: refusing to write the report to "),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("good/report.csv").exists());
    let tp = dir.write("touchpoints.csv", "date,name,email,phone,kind,note\n");
    let out = dir.report(&[&good, &tp], &["-o", "touchpoints.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&tp).unwrap(),
        "date,name,email,phone,kind,note\n"
    );
    // Elsewhere: written, readable only by the owner.
    let out = dir.report(&[&good], &["-o", "report.csv", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("report.csv"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

/// Crash inputs found by fuzzing (`fixtures/malformed/fuzz/<target>/`),
/// each read the way its target reads it: never a panic (exit 101), only a
/// report with or without skipped records.
#[test]
fn fuzz_crash_inputs_are_read_without_panic() {
    // The `linkedin` target's first byte picks the file name.
    const LINKEDIN: &[&str] = &offgrid::import::linkedin::TRIED_NAMES;
    let root = fixtures().join("malformed/fuzz");
    let mut seen = 0;
    for target in std::fs::read_dir(&root).unwrap() {
        let target = target.unwrap().path();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&target)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let bytes = std::fs::read(&file).unwrap();
            let (name, data) = match target.file_name().unwrap().to_str().unwrap() {
                "linkedin" => (
                    LINKEDIN[usize::from(bytes[0]) % LINKEDIN.len()],
                    &bytes[1..],
                ),
                "vcard" => ("contacts.vcf", &bytes[..]),
                "icalendar" => ("calendar.ics", &bytes[..]),
                "calllog" => ("calls-20260101000000.xml", &bytes[..]),
                "sms" => ("sms-20260101000000.xml", &bytes[..]),
                "touchpoints" => ("touchpoints.csv", &bytes[..]),
                // The `mail` target's first byte picks one of four names.
                "mail" => (
                    [
                        "Takeout/Mail/All mail Including Spam and Trash.mbox",
                        "Mail/Local Folders/Sent",
                        "Maildir/cur/1717000000.M1P100.mailhost",
                        "message.eml",
                    ][usize::from(bytes[0]) % 4],
                    &bytes[1..],
                ),
                other => panic!("no reader for fuzz target {other}"),
            };
            let dir = Dir::new();
            let input = dir.write(&format!("in/{name}"), data);
            let out = dir.report(&[input.parent().unwrap()], &["--format", "csv"]);
            // Written (0, 3), or refused for holding nothing usable (1).
            let refused = out.status.code() == Some(1) && stderr(&out).contains("nothing written");
            assert!(
                matches!(out.status.code(), Some(0 | 3)) || refused,
                "{}: {:?}\n{}",
                file.display(),
                out.status,
                stderr(&out)
            );
            assert!(!stderr(&out).contains("panicked"), "{}", file.display());
            seen += 1;
        }
    }
    assert!(seen >= 1);
}
