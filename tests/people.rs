//! `offgrid people`: the order of the listing in every format, the CSV's
//! identifiers cell, and what `--ambiguous` shows to tell candidates apart.

use std::process::Output;

use crate::util::{stderr, stdout, Dir};

/// `offgrid people <args> --region US --tz UTC -q`, run from the repository
/// root so fixture paths print short.
fn people(dir: &Dir, args: &[&str]) -> Output {
    let out = dir
        .command()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("people")
        .args(args)
        .args(["--region", "US", "--tz", "UTC", "-q"])
        .output()
        .expect("run offgrid");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    out
}

/// `(name, person_id)` of each person, in the order listed.
fn listed(format: &str, text: &str) -> Vec<(String, String)> {
    match format {
        "table" => text
            .lines()
            .filter(|l| l.starts_with('p') && l.ends_with(')'))
            .map(|l| {
                let (id, rest) = l.split_once("  ").unwrap();
                let name = rest.rsplit_once("  (").unwrap().0;
                let name = name.strip_suffix(" (you)").unwrap_or(name);
                (name.to_owned(), id.to_owned())
            })
            .collect(),
        "csv" => {
            let mut rows: Vec<(String, String)> = csv::Reader::from_reader(text.as_bytes())
                .records()
                .map(|r| {
                    let r = r.unwrap();
                    (r[1].to_owned(), r[0].to_owned())
                })
                .collect();
            rows.dedup();
            rows
        }
        _ => serde_json::from_str::<serde_json::Value>(text)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["name"].as_str().unwrap().to_owned(),
                    p["person_id"].as_str().unwrap().to_owned(),
                )
            })
            .collect(),
    }
}

#[test]
fn people_are_listed_by_name_then_person_id() {
    let dir = Dir::new();
    for format in ["table", "csv", "json"] {
        let out = people(&dir, &["fixtures/demo", "--format", format]);
        let got = listed(format, &stdout(&out));
        // The demo's 46 people and the owner, each once.
        assert_eq!(got.len(), 47, "{format}: {got:?}");
        let mut want = got.clone();
        want.sort();
        assert_eq!(got, want, "{format}: not ordered by name, then person_id");
        // The three Sam Lees (one name) are ordered by person_id.
        let sams: Vec<&str> = got
            .iter()
            .filter(|(n, _)| n == "Sam Lee")
            .map(|(_, id)| id.as_str())
            .collect();
        assert_eq!(
            sams,
            ["p53180108277f", "p784667ee647f", "p7850a9ee6488"],
            "{format}"
        );
    }
}

#[test]
fn people_csv_joins_identifiers_with_semicolons() {
    let dir = Dir::new();
    let out = people(&dir, &["fixtures/demo", "--format", "csv"]);
    let text = stdout(&out);
    let jose_card = text
        .lines()
        .find(|l| l.starts_with("p6108ed1feb0d,") && l.contains(",vcard,"))
        .unwrap();
    assert_eq!(
        jose_card,
        "p6108ed1feb0d,José Álvarez,3,vcard,fixtures/demo/phone/contacts-android.vcf:1,José Álvarez,jose@example.com; +15550100102,1,name,\"same name \"\"jose alvarez\"\", which fits one person only\""
    );
    let priya = text
        .lines()
        .find(|l| l.starts_with("p0adca0e1b7f5,") && l.contains("Connections.csv"))
        .unwrap();
    assert!(
        priya.contains(",https://www.linkedin.com/in/priya-natarajan; priya@example.org,"),
        "{priya}"
    );
}
