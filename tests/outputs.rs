//! Every text output of the demo, pinned as reviewed snapshots
//! (`tests/snapshots/outputs__*.snap`, `cargo insta review` after a change
//! that means to alter them): the table at a terminal's width and piped,
//! Markdown, HTML, JSON, `explain` and `people`. The CSV contract has its
//! own snapshot (`tests/snapshots/demo-all.csv`), which other tests read.

use std::process::Output;

use crate::util::{stderr, stdout, Dir};

/// Runs offgrid from the repository's root (so paths in the output are
/// `fixtures/demo/...`, the same on every machine), with the environment
/// pinned and `extra` variables set.
fn at_repo(dir: &Dir, args: &[&str], extra: &[(&str, &str)]) -> Output {
    let mut cmd = dir.command();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    for (k, v) in extra {
        cmd.env(k, v);
    }
    let out = cmd.args(args).output().expect("run offgrid");
    assert!(
        matches!(out.status.code(), Some(0)),
        "{args:?}: {}",
        stderr(&out)
    );
    out
}

const DEMO: [&str; 8] = [
    "fixtures/demo",
    "--as-of",
    "2026-11-26",
    "--tz",
    "UTC",
    "--region",
    "US",
    "-q",
];

fn report(dir: &Dir, extra: &[&str], env: &[(&str, &str)]) -> String {
    let mut args = vec!["report"];
    args.extend(DEMO);
    args.extend(extra);
    stdout(&at_repo(dir, &args, env))
}

#[test]
fn table_at_80_and_140_columns_and_piped() {
    let dir = Dir::new();
    insta::assert_snapshot!("table-80", report(&dir, &[], &[("COLUMNS", "80")]));
    insta::assert_snapshot!("table-140", report(&dir, &[], &[("COLUMNS", "140")]));
    insta::assert_snapshot!("table-piped-all", report(&dir, &["--all"], &[]));
}

#[test]
fn markdown_html_and_json() {
    let dir = Dir::new();
    insta::assert_snapshot!("markdown", report(&dir, &["--format", "markdown"], &[]));
    insta::assert_snapshot!("html", report(&dir, &["--format", "html"], &[]));
    insta::assert_snapshot!("json", report(&dir, &["--format", "json"], &[]));
}

#[test]
fn explain_of_a_person_met_in_every_source() {
    let dir = Dir::new();
    let mut args = vec!["explain", "jose@example.com"];
    args.extend(DEMO);
    insta::assert_snapshot!("explain-jose", stdout(&at_repo(&dir, &args, &[])));
}

#[test]
fn people_and_the_ambiguous_names() {
    let dir = Dir::new();
    let mut args = vec!["people"];
    args.extend(["fixtures/demo", "--tz", "UTC", "--region", "US", "-q"]);
    insta::assert_snapshot!("people", stdout(&at_repo(&dir, &args, &[])));
    args.push("--ambiguous");
    insta::assert_snapshot!("people-ambiguous", stdout(&at_repo(&dir, &args, &[])));
}
