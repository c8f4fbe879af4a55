//! Scheduled reports: `--output-dir` with the changes since the previous
//! report, freshness warnings, keep-in-touch groups, and glob inputs that
//! pick the newest download.

use std::path::Path;
use std::process::Output;

use crate::util::{copy_dir, fixtures, json, snapshot, stderr, stdout, Dir};

fn names(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect()
}

/// `report` over `inputs` as of `as_of`, with the environment pinned.
fn report_as_of(dir: &Dir, as_of: &str, inputs: &[&Path], extra: &[&str]) -> Output {
    let mut cmd = dir.command();
    cmd.args(["report", "--as-of", as_of, "--tz", "UTC", "--region", "US"]);
    cmd.args(extra);
    cmd.args(inputs);
    cmd.output().unwrap()
}

#[test]
fn source_max_age_moves_the_freshness_threshold() {
    let dir = Dir::new();
    let out = dir.report(
        &[&fixtures().join("demo")],
        &["--format", "json", "--source-max-age", "120"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&stdout(&out))["warnings"], serde_json::json!([]));
    assert!(!stderr(&out).contains("newest evidence"));
}

#[test]
fn two_runs_a_week_apart_show_what_changed() {
    let dir = Dir::new();
    let demo = dir.path().join("demo");
    copy_dir(&fixtures().join("demo"), &demo);
    let log = demo.join("touchpoints.csv");
    // Elena's one call, a year and three days before the second run: recent
    // on the 19th (362 days), lapsed on the 26th (369 days).
    let mut text = std::fs::read_to_string(&log).unwrap();
    text.push_str("2025-11-22,Elena Petrova,,,call,\n");
    std::fs::write(&log, &text).unwrap();
    let reports = dir.path().join("reports");
    let dir_arg = ["--output-dir", reports.to_str().unwrap()];

    let first = report_as_of(&dir, "2026-11-19", &[&demo], &dir_arg);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert_eq!(stdout(&first), "");
    assert!(!stderr(&first).contains("changes since"));

    // During the week: coffee with Ada, and a new LinkedIn contact writes.
    text.push_str("2026-11-24,Ada Lovelace,,,coffee,\n");
    std::fs::write(&log, &text).unwrap();
    dir.write(
        "demo/more/messages.csv",
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n\
         2-NEW1==,,Nora Quist,https://www.linkedin.com/in/nora-quist,Morgan Reyes,https://www.linkedin.com/in/morgan-reyes,2026-11-22 09:00:00 UTC,Hi,Coffee?,INBOX\n",
    );
    let second = report_as_of(&dir, "2026-11-26", &[&demo], &dir_arg);
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert!(
        stderr(&second).contains(
            "offgrid: changes since 2026-11-19: 1 newly lapsed, 2 back in touch, 1 new, 0 gone\n"
        ),
        "{}",
        stderr(&second)
    );

    let mut listing: Vec<String> = std::fs::read_dir(&reports)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    listing.sort();
    assert_eq!(
        listing,
        [
            "latest.csv",
            "latest.html",
            "latest.json",
            "offgrid-2026-11-19.csv",
            "offgrid-2026-11-19.html",
            "offgrid-2026-11-19.json",
            "offgrid-2026-11-26.csv",
            "offgrid-2026-11-26.html",
            "offgrid-2026-11-26.json",
        ]
    );
    #[cfg(unix)]
    for name in &listing {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(reports.join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{name}");
    }
    for ext in ["csv", "html", "json"] {
        assert_eq!(
            std::fs::read(reports.join(format!("latest.{ext}"))).unwrap(),
            std::fs::read(reports.join(format!("offgrid-2026-11-26.{ext}"))).unwrap(),
            "latest.{ext} is the newest report"
        );
    }

    let doc = json(&std::fs::read_to_string(reports.join("latest.json")).unwrap());
    let changes = &doc["changes"];
    assert_eq!(changes["previous"], "2026-11-19");
    assert_eq!(changes["previous_file"], "offgrid-2026-11-19.json");
    assert_eq!(names(&changes["newly_lapsed"]), ["Elena Petrova"]);
    // Tom Becker's call of 2026-11-21 (in the call log) brings him back too.
    assert_eq!(
        names(&changes["back_in_touch"]),
        ["Ada Lovelace", "Tom Becker"]
    );
    assert_eq!(names(&changes["new"]), ["Nora Quist"]);
    assert_eq!(names(&changes["gone"]), Vec::<String>::new());
    assert_eq!(
        json(&std::fs::read_to_string(reports.join("offgrid-2026-11-19.json")).unwrap())["changes"],
        serde_json::Value::Null
    );

    let html = std::fs::read_to_string(reports.join("latest.html")).unwrap();
    assert!(
        html.contains("<h2>Changes since 2026-11-19 <small>(offgrid-2026-11-19.json)</small></h2>")
    );
    assert!(
        html.contains(
            "<dt>Newly lapsed (1)</dt>\n<dd>Elena Petrova <code>pa46141e4bcc8</code></dd>"
        ),
        "{html}"
    );
    assert!(html.contains("<dt>Gone (0)</dt>\n<dd class=\"none\">none</dd>"));

    // The CSV is the contract's, unchanged by the changes section.
    let csv = std::fs::read_to_string(reports.join("latest.csv")).unwrap();
    assert!(csv.starts_with("rank,person_id,name,status,"));

    // A run that fails leaves every report as it was.
    let before: Vec<Vec<u8>> = listing
        .iter()
        .map(|n| std::fs::read(reports.join(n)).unwrap())
        .collect();
    let strict = [dir_arg[0], dir_arg[1], "--strict"];
    let failed = report_as_of(
        &dir,
        "2026-12-03",
        &[&demo, &dir.path().join("missing.zip")],
        &strict,
    );
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    let mut after_listing: Vec<String> = std::fs::read_dir(&reports)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    after_listing.sort();
    assert_eq!(after_listing, listing);
    let after: Vec<Vec<u8>> = listing
        .iter()
        .map(|n| std::fs::read(reports.join(n)).unwrap())
        .collect();
    assert!(before == after, "a failed run changed a report");
}

#[test]
fn keep_in_touch_groups_lapse_on_their_own_schedule() {
    let dir = Dir::new();
    let demo = fixtures().join("demo");
    dir.write(
        ".config/offgrid/config.toml",
        "[[groups]]\nname = \"close\"\nmembers = [\"category:friends\", \"priya@example.org\", \"Nobody Here\"]\nstale-after = 60\n\n\
         [[groups]]\nname = \"acquaintances\"\nmembers = [\"Mateo Rossi\", \"+1 555 010 0105\"]\nstale-after = 730\n",
    );
    let out = dir.report(&[&demo], &["--format", "csv", "--all"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("offgrid: notice: group \"close\": member \"Nobody Here\" matches nobody\n"),
        "{}",
        stderr(&out)
    );
    let status = |name: &str| -> String {
        let text = stdout(&out);
        let line = text
            .lines()
            .find(|l| l.split(',').nth(2) == Some(name))
            .unwrap();
        let f: Vec<&str> = line.split(',').collect();
        format!("{} {}", f[3], f[4])
    };
    // friends (category): Mateo lapses after 60 days, the smaller of his
    // two groups; Tom is still recent.
    assert_eq!(status("Mateo Rossi"), "lapsed 86");
    assert_eq!(status("Tom Becker"), "recent 5");
    // By email: Priya, 315 days.
    assert_eq!(status("Priya Natarajan"), "lapsed 315");
    // By phone, in a 730-day group: Linus stays recent.
    assert_eq!(status("Linus Berg"), "recent 42");
    // Nobody else moves.
    assert_eq!(status("Isabel Costa"), "recent 115");
    let lapsed = stdout(&out)
        .lines()
        .filter(|l| l.contains(",lapsed,"))
        .count();
    let snapshot_lapsed = snapshot()
        .lines()
        .filter(|l| l.contains(",lapsed,"))
        .count();
    assert_eq!(lapsed, snapshot_lapsed + 2);
}

#[test]
fn a_glob_input_reads_the_newest_export_and_names_the_others() {
    let dir = Dir::new();
    let old = dir.write(
        "exports/touchpoints-2025.csv",
        "date,name,email,phone,kind,note\n2025-01-01,Old Friend,,,coffee,\n",
    );
    let new = dir.write(
        "exports/touchpoints-2026.csv",
        "date,name,email,phone,kind,note\n2026-01-01,New Friend,,,coffee,\n",
    );
    dir.write("exports/notes.txt", "not matched\n");
    let set = |p: &Path, secs: u64| {
        let f = std::fs::File::options().write(true).open(p).unwrap();
        f.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs))
            .unwrap();
    };
    // The newer file by name is the older by mtime: mtime decides.
    set(&old, 1_800_000_000);
    set(&new, 1_700_000_000);
    dir.write(
        ".config/offgrid/config.toml",
        "inputs = [\"../../exports/touchpoints-*.csv\"]\n",
    );
    let out = report_as_of(
        &dir,
        "2026-11-26",
        &[],
        &["--format", "csv", "--min-interactions", "0"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains(",Old Friend,"), "{}", stdout(&out));
    assert!(!stdout(&out).contains("New Friend"));
    let pattern = dir
        .path()
        .join(".config/offgrid/../../exports/touchpoints-*.csv");
    assert_eq!(
        stderr(&out).lines().next().unwrap(),
        format!(
            "offgrid: notice: {}: 2 files match; reading the newest, touchpoints-2025.csv, not touchpoints-2026.csv",
            pattern.display()
        )
    );
}
