//! The configuration file: defaults it sets, overrides, and `config check`.

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
    let from_config = dir
        .command()
        .args([
            "report",
            "--as-of",
            "2026-11-26",
            "--tz",
            "UTC",
            "--format",
            "csv",
            "--all",
        ])
        .output()
        .unwrap();
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
    let flag = dir
        .command()
        .args([
            "report",
            "--as-of",
            "2026-11-26",
            "--tz",
            "UTC",
            "--format",
            "csv",
            "--all",
            "--stale-after",
            "5000",
        ])
        .output()
        .unwrap();
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
            "offgrid: {}:4: unknown field `phone-calls`, expected one of `phone-call`, `messenger-call`, `meeting`, `video-meeting`, `touchpoint-kinds`\n",
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
