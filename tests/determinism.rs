//! The same inputs in any order give the same bytes.

use crate::util::{fixtures, stderr, stdout, Dir};

#[test]
fn input_order_does_not_change_the_report() {
    let demo = fixtures().join("demo");
    let mut parts: Vec<_> = std::fs::read_dir(&demo)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    parts.sort();
    let dir = Dir::new();
    let refs: Vec<&std::path::Path> = parts.iter().map(|p| p.as_path()).collect();
    let forward = dir.report(&refs, &["--format", "csv", "--all"]);
    let reversed: Vec<&std::path::Path> = refs.iter().rev().copied().collect();
    let backward = dir.report(&reversed, &["--format", "csv", "--all"]);
    let whole = dir.report(&[&demo], &["--format", "csv", "--all"]);
    assert_eq!(forward.status.code(), Some(0), "{}", stderr(&forward));
    assert!(stdout(&forward).lines().count() > 20);
    assert_eq!(stdout(&forward), stdout(&backward));
    assert_eq!(stdout(&forward), stdout(&whole));
    // And twice in a row.
    assert_eq!(
        stdout(&whole),
        stdout(&dir.report(&[&demo], &["--format", "csv", "--all"]))
    );
}
