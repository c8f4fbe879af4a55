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

#[test]
fn ambiguous_candidates_show_what_tells_them_apart_on_the_demo() {
    let dir = Dir::new();
    let out = people(&dir, &["fixtures/demo", "--ambiguous"]);
    assert_eq!(
        stdout(&out),
        "\"Sam Lee\" fits 2 people:\n\
         \x20 p784667ee647f  Sam Lee  (vcard)  [+15550100142]\n\
         \x20 p7850a9ee6488  Sam Lee  (calllog, vcard)  [+15550100141]\n\
         \x20 linked to none of them: p53180108277f (Sam Lee)\n"
    );
}

/// Two address-book cards named Sam Lee (one with a company, an email and a
/// LinkedIn profile) and a touchpoint row written `SAM LEE`, which fits both.
fn two_sams(dir: &Dir) {
    dir.write(
        "in/contacts.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Sam Lee\r\nTEL:555-010-0101\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Sam Lee\r\nORG:Northwind Traders\r\n\
         EMAIL:sam.lee@example.com\r\nTEL:555-010-0102\r\n\
         URL:https://www.linkedin.com/in/sam-lee-nw\r\nEND:VCARD\r\n",
    );
    dir.write(
        "in/touchpoints.csv",
        "date,name,email,phone,kind,note\n2026-01-02,SAM LEE,,,coffee,\n",
    );
}

/// `offgrid people in --ambiguous --format <format>` in `dir`.
fn ambiguous_in(dir: &Dir, format: &str) -> String {
    let out = dir
        .command()
        .args(["people", "in", "--ambiguous", "--format", format])
        .args(["--region", "US", "--tz", "UTC", "-q"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn ambiguous_candidates_show_sources_company_and_identifiers() {
    let dir = Dir::new();
    two_sams(&dir);
    let table = ambiguous_in(&dir, "table");
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 4, "{table}");
    // The name as the inputs write it (the cards' form, the most common),
    // not the folded key "sam lee".
    assert_eq!(lines[0], "\"Sam Lee\" fits 2 people:");
    let plain = lines.iter().find(|l| l.contains("+15550100101")).unwrap();
    assert!(
        plain.ends_with("  Sam Lee  (vcard)  [+15550100101]"),
        "{plain}"
    );
    let nw = lines.iter().find(|l| l.contains("+15550100102")).unwrap();
    assert!(
        nw.ends_with(
            "  Sam Lee  (vcard)  at Northwind Traders  [https://www.linkedin.com/in/sam-lee-nw, sam.lee@example.com, +15550100102]"
        ),
        "{nw}"
    );
    assert!(
        lines[3].starts_with("  linked to none of them: p"),
        "{table}"
    );
    assert!(lines[3].ends_with(" (SAM LEE)"), "{table}");

    // CSV: one row per candidate, with the same facts in their own columns.
    let csv = ambiguous_in(&dir, "csv");
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        rows.headers().unwrap(),
        vec![
            "name",
            "person_id",
            "person_name",
            "sources",
            "company",
            "emails",
            "phones",
            "linkedin_url",
            "unlinked"
        ]
    );
    let rows: Vec<Vec<String>> = rows
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(rows.len(), 2, "{csv}");
    let nw = rows.iter().find(|r| r[6] == "'+15550100102").unwrap();
    assert_eq!(
        nw[..9],
        [
            "Sam Lee",
            &nw[1],
            "Sam Lee",
            "vcard",
            "Northwind Traders",
            "sam.lee@example.com",
            "'+15550100102",
            "https://www.linkedin.com/in/sam-lee-nw",
            &nw[8],
        ]
    );
    assert!(nw[1].starts_with('p') && nw[8].starts_with('p'), "{csv}");
    let plain = rows.iter().find(|r| r[6] == "'+15550100101").unwrap();
    assert_eq!(plain[4..6], ["", ""]);
    assert_eq!(plain[7], "");

    // JSON: the same as fields of each candidate.
    let json: serde_json::Value = serde_json::from_str(&ambiguous_in(&dir, "json")).unwrap();
    let a = &json[0];
    assert_eq!(a["name"], "Sam Lee");
    let nw = a["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["company"] == "Northwind Traders")
        .unwrap();
    assert_eq!(nw["name"], "Sam Lee");
    assert_eq!(nw["sources"], serde_json::json!(["vcard"]));
    assert_eq!(nw["emails"], serde_json::json!(["sam.lee@example.com"]));
    assert_eq!(nw["phones"], serde_json::json!(["+15550100102"]));
    assert_eq!(nw["linkedin_url"], "https://www.linkedin.com/in/sam-lee-nw");
    let plain = a["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["company"].is_null())
        .unwrap();
    assert_eq!(plain["phones"], serde_json::json!(["+15550100101"]));
    assert!(plain["linkedin_url"].is_null());
}

/// A national number that is not one of the region's is kept as its
/// digits, never given a made-up `+1`, and a notice counts such numbers.
#[test]
fn numbers_foreign_to_the_region_keep_their_digits_and_are_counted() {
    let dir = Dir::new();
    let cards = dir.write(
        "c.vcf",
        "BEGIN:VCARD\nVERSION:3.0\nFN:Hans Meier\nTEL:(0221) 9999123\nEND:VCARD\n\
         BEGIN:VCARD\nVERSION:3.0\nFN:Anna Gruber\nTEL:06612341234\nEND:VCARD\n\
         BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nTEL:555-010-0001\nEND:VCARD\n",
    );
    let run = |region: &str| {
        dir.command()
            .args(["people", "--format", "csv", "--region", region])
            .arg(&cards)
            .output()
            .unwrap()
    };
    let out = run("US");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains(",Hans Meier,02219999123,"), "{text}");
    assert!(text.contains(",Anna Gruber,06612341234,"), "{text}");
    assert!(text.contains(",Ada Lovelace,'+15550100001,"), "{text}");
    assert!(!text.contains("+1022") && !text.contains("+1066"), "{text}");
    assert!(
        stderr(&out).starts_with(&format!(
            "offgrid: notice: 2 phone numbers are not valid in region US (the first: 02219999123 in {}:1)",
            cards.display()
        )),
        "{}",
        stderr(&out)
    );
    // Read in their own region, they are numbers of it.
    let out = run("DE");
    assert!(
        stdout(&out).contains(",Hans Meier,'+492219999123,"),
        "{}",
        stdout(&out)
    );
}
