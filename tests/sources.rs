//! Sources read beside the main ones, each through `report` together with
//! another source that knows the same people: LinkedIn endorsements and
//! recommendations, Instagram.

use std::path::Path;

use crate::util::{fixtures, json, stderr, stdout, Dir};

/// The report's rows as JSON, by name (as of 2026-11-26).
fn rows_by_name(dir: &Dir, inputs: &[&Path]) -> serde_json::Map<String, serde_json::Value> {
    let out = dir.report(inputs, &["--format", "json", "--all"]);
    assert!(matches!(out.status.code(), Some(0 | 3)), "{}", stderr(&out));
    let doc = json(&stdout(&out));
    doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].as_str().unwrap().to_owned(), r.clone()))
        .collect()
}

#[test]
fn endorsements_and_recommendations_are_interactions_with_the_connection() {
    let dir = Dir::new();
    let linkedin = fixtures().join("linkedin");
    dir.write(
        "in/Connections.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
         Noor,Haddad,https://www.linkedin.com/in/noor-haddad-example,,Cedar Labs,CTO,01 Mar 2019\n\
         Teodor,Vance,https://www.linkedin.com/in/teodor-vance,,Northwind Audio,Head of Sound,02 Apr 2018\n",
    );
    for name in [
        "Endorsement_Received_Info.csv",
        "Recommendations_Received.csv",
    ] {
        dir.write(
            &format!("in/{name}"),
            std::fs::read(linkedin.join(name)).unwrap(),
        );
    }
    let rows = rows_by_name(&dir, &[&dir.path().join("in")]);
    // Two skills on one day are one interaction.
    let noor = &rows["Noor Haddad"];
    assert_eq!(noor["online_interactions"], 1, "{noor}");
    assert_eq!(noor["last_online"], "2024-12-07");
    assert_eq!(noor["first_seen"], "2019-03-01");
    assert_eq!(noor["sources"], serde_json::json!(["linkedin"]));
    // A recommendation names its writer by name and company only.
    let teodor = &rows["Teodor Vance"];
    assert_eq!(teodor["online_interactions"], 1, "{teodor}");
    assert_eq!(teodor["last_online"], "2022-12-09");
    assert_eq!(rows.len(), 5, "{:?}", rows.keys().collect::<Vec<_>>());
}

/// A zip of every file below `dir`, named as below it.
fn zip_dir(dir: &Path, to: &Path) {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let mut children: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        children.sort();
        for child in children {
            if child.is_dir() {
                walk(root, &child, out);
            } else {
                let rel = child
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read(&child).unwrap()));
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files);
    let members: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    crate::util::write_zip(to, &members);
}

/// A vCard of Ana López with her phone, for Instagram's names to meet.
const ANA_VCARD: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana López\r\nN:López;Ana;;;\r\nTEL;TYPE=CELL:+1 555 010 0123\r\nEND:VCARD\r\n";

#[test]
fn instagram_messages_merge_with_the_address_book() {
    let dir = Dir::new();
    let vcf = dir.write("contacts.vcf", ANA_VCARD);
    let rows = rows_by_name(&dir, &[&fixtures().join("instagram/2024"), &vcf]);
    let ana = &rows["Ana López"];
    assert_eq!(
        ana["sources"],
        serde_json::json!(["instagram", "vcard"]),
        "{ana}"
    );
    assert_eq!(ana["phones"], serde_json::json!(["+15550100123"]));
    // Three messages (one of them the owner's share), and an answered call.
    assert_eq!(ana["online_interactions"], 3, "{ana}");
    assert_eq!(ana["last_online"], "2025-11-07");
    assert_eq!(ana["direct_contacts"], 1);
    assert_eq!(ana["last_direct"], "2025-02-19");
    let tomasz = &rows["Tomasz Wiśniewski"];
    assert_eq!(tomasz["sources"], serde_json::json!(["instagram"]));
    // The owner is not a row; followers (user names) are not read.
    assert_eq!(rows.len(), 2, "{:?}", rows.keys().collect::<Vec<_>>());
}

#[test]
fn an_older_instagram_archive_is_told_from_a_facebook_one() {
    let dir = Dir::new();
    let layout = fixtures().join("instagram/2022");
    // By its name (the 2020–2023 archives' `<user>_<YYYYMMDD>.zip`), and by
    // the files only Instagram writes, under a neutral name.
    let named = dir.path().join("janeroe_20220301.zip");
    zip_dir(&layout, &named);
    let neutral = dir.path().join("download (1).zip");
    zip_dir(&layout, &neutral);
    for zip in [&named, &neutral] {
        let rows = rows_by_name(&dir, &[zip]);
        let ana = &rows["Ana López"];
        assert_eq!(
            ana["sources"],
            serde_json::json!(["instagram"]),
            "{}",
            zip.display()
        );
        assert_eq!(ana["online_interactions"], 2);
        assert_eq!(ana["last_online"], "2022-02-27");
    }
    // Side by side with a Facebook archive of the same layout in one folder:
    // each keeps its source.
    let both = dir.path().join("both");
    crate::util::copy_dir(&layout, &both.join("instagram-janeroe"));
    crate::util::copy_dir(&fixtures().join("facebook/2020"), &both.join("fb"));
    let out = dir.report(&[&both], &["--format", "json", "--all"]);
    let doc = json(&stdout(&out));
    let kinds: Vec<&str> = doc["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["facebook", "instagram"], "{}", stderr(&out));
}

#[test]
fn instagram_messages_in_html_get_the_json_advice() {
    let dir = Dir::new();
    dir.write(
        "ig/your_instagram_activity/messages/inbox/ana_1/message_1.html",
        "<html><body>Ana López</body></html>",
    );
    let out = dir.report(&[&dir.path().join("ig")], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("only Instagram messages in HTML format"),
        "{}",
        stderr(&out)
    );
}
