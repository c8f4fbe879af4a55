//! The README's commands: its first two stay as they are, and every command
//! of its Use section that reads `~/exports/` works on the demo, so the
//! people it names are people of the demo.

use std::path::Path;

use crate::util::{fixtures, readme_use_commands, stderr, stdout, Dir};

/// A command line split into words, as a shell would split this one (plain
/// words and double-quoted strings).
fn words(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in command.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    out.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(word);
    }
    out
}

#[test]
fn readme_starts_with_the_demo_and_the_tests() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let blocks: Vec<&str> = readme
        .split("```sh\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .collect();
    assert_eq!(
        blocks[0],
        "cargo run -- report fixtures/demo --as-of 2026-11-26\n"
    );
    assert_eq!(blocks[1], "cargo test --workspace\n");
}

#[test]
fn readme_use_commands_work_on_the_demo() {
    let dir = Dir::new();
    let demo = fixtures().join("demo");
    let home = dir.path().display().to_string();
    let on_demo: Vec<String> = readme_use_commands()
        .into_iter()
        .filter(|c| c.ends_with(" ~/exports/"))
        .collect();
    assert!(on_demo.len() >= 5, "{on_demo:?}");
    for command in &on_demo {
        let args: Vec<String> = words(command)
            .into_iter()
            .skip(1)
            .map(|w| match w.as_str() {
                "~/exports/" => demo.display().to_string(),
                _ => w.replacen("~/", &format!("{home}/"), 1),
            })
            .collect();
        let out = dir.command().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{command}: {}", stderr(&out));
        let (text, err) = (stdout(&out), stderr(&out));
        match args[0].as_str() {
            "log" => assert!(
                err.contains("logged coffee with Ada Lovelace (pa53cc3101772)")
                    || text.contains("logged coffee with Ada Lovelace (pa53cc3101772)"),
                "{command}: {text}{err}"
            ),
            "people" => assert!(text.starts_with("\"Sam Lee\" fits 2 people:"), "{text}"),
            "explain" => assert!(
                text.starts_with("Ada Lovelace (pa53cc3101772)\n"),
                "{command}: {text}"
            ),
            _ => {}
        }
    }
    assert!(dir.path().join("network.csv").is_file());
    assert!(dir.path().join("reports/offgrid").is_dir());
}
