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
