//! Contact CSVs (Google Contacts, Outlook) in a report: their people merge
//! with the same people of a LinkedIn export and lend them their emails and
//! phones.

use crate::util::{fixtures, json, stderr, stdout, Dir};

/// A small LinkedIn export naming two people of the contact fixtures, and
/// those fixtures beside it.
fn inputs(dir: &Dir) -> std::path::PathBuf {
    dir.write(
        "in/Connections.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
         Ottilie,Brandvold,https://www.linkedin.com/in/ottilie-brandvold-example,,Halden Works,Cartographer,12 Mar 2021\n\
         Søren,Ødegård,https://www.linkedin.com/in/soren-odegard-example,,Fjord & Folio,Bookbinder,01 Jun 2022\n",
    );
    dir.write(
        "in/messages.csv",
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n\
         c1,,Ottilie Brandvold,https://www.linkedin.com/in/ottilie-brandvold-example,Me Owner,https://www.linkedin.com/in/me,2026-10-01 10:00:00 UTC,,hi,INBOX\n\
         c2,,Søren Ødegård,https://www.linkedin.com/in/soren-odegard-example,Me Owner,https://www.linkedin.com/in/me,2026-10-02 10:00:00 UTC,,hello,INBOX\n",
    );
    for name in ["google_contacts.csv", "outlook_utf16.csv"] {
        std::fs::copy(
            fixtures().join("contacts").join(name),
            dir.path().join("in").join(name),
        )
        .unwrap();
    }
    dir.path().join("in")
}

/// The report's row for `name`.
fn row<'a>(doc: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    doc["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("no row for {name}: {doc:#}"))
}

#[test]
fn contact_csv_people_merge_with_linkedin() {
    let dir = Dir::new();
    let input = inputs(&dir);
    let out = dir.report(&[&input], &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Both contact files are read, without a warning.
    assert_eq!(
        stderr(&out),
        "offgrid: 4 entries read, 11 records, 6 people, 2 in the report; 0 skipped\n"
    );
    let doc = json(&stdout(&out));
    let rows = doc["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{doc:#}");
    let contacts = doc["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "contacts")
        .expect("contacts among the sources");
    assert_eq!(contacts["entries"], 2);

    // By the LinkedIn profile in a Google website column.
    let ottilie = row(&doc, "Ottilie Brandvold");
    assert_eq!(
        ottilie["sources"],
        serde_json::json!(["contacts", "linkedin"])
    );
    assert_eq!(
        ottilie["emails"],
        serde_json::json!(["o.brandvold@example.com", "ottilie.brandvold@example.com"])
    );
    assert_eq!(ottilie["phones"], serde_json::json!(["+15550100142"]));

    // By name (and company) from a UTF-16 Outlook file.
    let soren = row(&doc, "Søren Ødegård");
    assert_eq!(
        soren["sources"],
        serde_json::json!(["contacts", "linkedin"])
    );
    assert_eq!(
        soren["emails"],
        serde_json::json!(["soren.odegard@example.com"])
    );
    assert_eq!(soren["phones"], serde_json::json!(["+15550100131"]));
}
