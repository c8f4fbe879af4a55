//! The configuration file: defaults it sets, overrides, and `config check`.

use std::path::Path;
use std::process::Output;

use crate::util::{fixtures, stderr, stdout, Dir};

#[test]
fn config_inputs_and_settings_are_used_and_flags_win() {
    let dir = Dir::new();
    let demo = fixtures().join("demo");
    let explicit = dir.report(
        &[&demo],
        &[
            "--format",
            "csv",
            "--all",
            "--stale-after",
            "30",
            "--min-interactions",
            "2",
        ],
    );
    dir.write(
        ".config/offgrid/config.toml",
        format!("inputs = [{:?}]\nstale-after = 30\nmin-interactions = 2\n\n[direct]\nvideo-meeting = false\n", demo.display().to_string()),
    );
    // No inputs given: the config's.
    let from_config = dir.report(&[], &["--format", "csv", "--all"]);
    assert_eq!(
        from_config.status.code(),
        Some(0),
        "{}",
        stderr(&from_config)
    );
    for line in stdout(&from_config).lines().skip(1) {
        let online: u64 = line.split(',').nth(8).unwrap().parse().unwrap();
        assert!(online >= 2, "{line}");
    }
    // The same numbers, but the config also switches video meetings off:
    // Noah's only direct contact was a Zoom call.
    let noah = |out: &std::process::Output| {
        stdout(out)
            .lines()
            .find(|l| l.contains("Noah Williams"))
            .unwrap()
            .to_owned()
    };
    assert!(
        noah(&explicit).contains(",Noah Williams,lapsed,991,2024-03-10,"),
        "{}",
        noah(&explicit)
    );
    assert!(
        noah(&from_config).contains(",Noah Williams,never,3032,,"),
        "{}",
        noah(&from_config)
    );
    // A flag beats the file.
    let flag = dir.report(&[], &["--format", "csv", "--all", "--stale-after", "5000"]);
    assert!(
        stdout(&flag).contains(",José Álvarez,recent,"),
        "{}",
        stdout(&flag)
    );
}

#[test]
fn config_check_names_unknown_keys_with_their_line() {
    let dir = Dir::new();
    let path = dir.write(
        "c.toml",
        "region = \"DE\"\n\n[direct]\nphone-calls = false\n",
    );
    let out = dir
        .command()
        .arg("--config")
        .arg(&path)
        .args(["config", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "offgrid: {}:4: unknown field `phone-calls`, expected one of `phone-call`, `messenger-call`, `whatsapp-call`, `meeting`, `video-meeting`, `touchpoint-kinds`\n",
            path.display()
        )
    );
    std::fs::write(&path, "region = \"DE\"\ntz = \"Europe/Berlin\"\n").unwrap();
    let out = dir
        .command()
        .arg("--config")
        .arg(&path)
        .args(["config", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), format!("{}: ok\n", path.display()));
    // The report refuses to run on a broken config too.
    std::fs::write(&path, "stale-after = -3\n").unwrap();
    let out = dir
        .command()
        .arg("--config")
        .arg(&path)
        .args(["report", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with(&format!("offgrid: {}:1: ", path.display())),
        "{}",
        stderr(&out)
    );
}

#[test]
fn no_inputs_anywhere_is_explained() {
    let dir = Dir::new();
    let out = dir.command().args(["report"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "offgrid: no inputs: name export files, folders or zips, or list them as `inputs` in the config file\n"
    );
}

/// The first `offgrid: error:` line on stderr.
fn first_error(out: &Output) -> Option<String> {
    stderr(out)
        .lines()
        .find(|l| l.starts_with("offgrid: error: "))
        .map(str::to_owned)
}

#[test]
fn config_limits_let_a_zip_bomb_through_and_the_flag_wins() {
    let dir = Dir::new();
    std::fs::copy(
        fixtures().join("malformed/bomb.zip"),
        dir.path().join("export.zip"),
    )
    .unwrap();
    let export = Path::new("export.zip");
    let refused = "offgrid: error: export.zip!messages.csv: archive member declares 10485829 \
                   bytes, more than 200 times its compressed size of 10270 bytes (a zip bomb?) \
                   (raise the limit with --max-ratio)";
    // Inflated, the member reaches the importer, which finds no header.
    let inflated = "offgrid: error: export.zip!messages.csv: expected a header with FROM and \
                    DATE in the first 10 lines, found none";
    let out = dir.report(&[export], &["--format", "csv"]);
    assert_eq!(first_error(&out).as_deref(), Some(refused));
    assert_eq!(out.status.code(), Some(3));

    dir.write(
        ".config/offgrid/config.toml",
        "[limits]\nmax-ratio = 2000\n",
    );
    let out = dir.report(&[export], &["--format", "csv"]);
    assert_eq!(first_error(&out).as_deref(), Some(inflated));
    assert_eq!(out.status.code(), Some(3));
    // The flag wins over the config, on `report` and on `people`.
    let out = dir.report(&[export], &["--format", "csv", "--max-ratio", "200"]);
    assert_eq!(first_error(&out).as_deref(), Some(refused));
    let people = |extra: &[&str]| {
        dir.command()
            .args(["people", "--tz", "UTC", "--region", "US"])
            .args(extra)
            .arg(export)
            .output()
            .unwrap()
    };
    assert_eq!(first_error(&people(&[])).as_deref(), Some(inflated));
    assert_eq!(
        first_error(&people(&["--max-ratio", "200"])).as_deref(),
        Some(refused)
    );
}

#[test]
fn config_limits_apply_to_every_command_that_reads_exports() {
    let dir = Dir::new();
    std::fs::copy(
        fixtures().join("vcard/android_21_qp.vcf"),
        dir.path().join("contacts.vcf"),
    )
    .unwrap();
    // 1107 bytes: 1K cuts the last card, Łucja Wąs (555-010-0004).
    dir.write(
        ".config/offgrid/config.toml",
        "[limits]\nmax-entry-size = \"1K\"\n",
    );
    let too_large = "offgrid: error: contacts.vcf:31: entry is larger than 1K (raise the limit \
                     with --max-entry-size)";
    let run = |args: &[&str]| dir.command().args(args).output().unwrap();
    let place = ["--tz", "UTC", "--region", "US"];

    // The one input stopped at the limit: nothing else was read.
    let out = dir.report(&[Path::new("contacts.vcf")], &["--format", "csv"]);
    assert_eq!(first_error(&out).as_deref(), Some(too_large));
    assert_eq!(out.status.code(), Some(1));

    let out = run(&[&["people"][..], &place, &["contacts.vcf"]].concat());
    assert_eq!(first_error(&out).as_deref(), Some(too_large));
    assert!(!stdout(&out).contains("Łucja"), "{}", stdout(&out));
    let out = run(&[
        &["people", "--max-entry-size", "2K"][..],
        &place,
        &["contacts.vcf"],
    ]
    .concat());
    assert_eq!(first_error(&out), None, "{}", stderr(&out));
    assert!(stdout(&out).contains("Łucja Wąs"), "{}", stdout(&out));

    let explain = [
        "explain",
        "555-010-0004",
        "contacts.vcf",
        "--as-of",
        "2026-11-26",
    ];
    let out = run(&[&explain[..], &place].concat());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(first_error(&out).as_deref(), Some(too_large));
    assert!(
        stderr(&out)
            .ends_with("offgrid: nothing usable was read (1 error above); nothing to show\n"),
        "{}",
        stderr(&out)
    );
    let out = run(&[&explain[..], &place, &["--max-entry-size", "2K"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Łucja Wąs"), "{}", stdout(&out));

    // `log` has no limit flags: the config's limits decide what it matches.
    let log = |file: &str| {
        run(&[
            &[
                "log",
                "555-010-0004",
                "--date",
                "2026-11-20",
                "--file",
                file,
            ][..],
            &place,
            &["contacts.vcf"],
        ]
        .concat())
    };
    let out = log("a.csv");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).ends_with("; it matches nobody known yet\n"),
        "{}",
        stdout(&out)
    );
    dir.write(
        ".config/offgrid/config.toml",
        "[limits]\nmax-entry-size = 2048\n",
    );
    let out = log("b.csv");
    assert!(
        stdout(&out).starts_with("logged contact with Łucja Wąs (p"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn config_limits_with_bad_values_name_the_file_and_line() {
    let dir = Dir::new();
    let path = dir.write("c.toml", "tz = \"UTC\"\n\n[limits]\nmax-ratio = 0\n");
    let run = |args: &[&str]| {
        dir.command()
            .arg("--config")
            .arg(&path)
            .args(args)
            .output()
            .unwrap()
    };
    for args in [&["config", "check"][..], &["report", "x"], &["people", "x"]] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert_eq!(
            stderr(&out),
            format!(
                "offgrid: {}:4: [limits] max-ratio: expected a whole number of 1 or more, found 0\n",
                path.display()
            ),
            "{args:?}"
        );
    }
    std::fs::write(
        &path,
        "[limits]\nmax-ratio = 50\nmax-entry-size = \"lots\"\n",
    )
    .unwrap();
    for args in [&["config", "check"][..], &["log", "Ada", "--file", "t.csv"]] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert_eq!(
            stderr(&out),
            format!(
                "offgrid: {}:3: [limits] max-entry-size: expected a size such as 512M or 2G, found \"lots\"\n",
                path.display()
            ),
            "{args:?}"
        );
    }
    assert!(!dir.path().join("t.csv").exists());
    // On the command line, a ratio of 0 is a usage error too.
    std::fs::write(&path, "").unwrap();
    let out = run(&["report", "--max-ratio", "0", "x"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn config_check_without_a_file_is_fine_and_a_missing_input_is_a_problem() {
    let dir = Dir::new();
    // No file at the default path: the defaults are a valid configuration.
    let out = dir.command().args(["config", "check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!(
            "{}: no configuration file; offgrid runs on its defaults\n",
            dir.path().join(".config/offgrid/config.toml").display()
        )
    );
    // A file that names an input that is not there fails the check (1),
    // with the problem named, not the undocumented 3 of a partial report.
    let path = dir.write(
        ".config/offgrid/config.toml",
        "inputs = [\"gone.zip\"]\ntz = \"Mars/Olympus\"\n",
    );
    let out = dir.command().args(["config", "check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let p = path.display();
    let gone = dir.path().join(".config/offgrid/gone.zip");
    assert_eq!(
        stderr(&out),
        format!(
            "offgrid: error: {p}: input {} does not exist\n\
             offgrid: error: {p}: tz: unknown time zone \"Mars/Olympus\"\n\
             offgrid: {p}: 2 problems found\n",
            gone.display()
        )
    );
    // Given with --config, a missing file is an error, said once.
    let out = dir
        .command()
        .args(["--config", "nope.toml", "config", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "offgrid: nope.toml: no such file or folder (check the path)\n"
    );
}
