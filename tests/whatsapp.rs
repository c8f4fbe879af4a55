//! WhatsApp chat exports through `report`: the iOS zip and the Android text
//! files of fixtures/whatsapp, with a vCard of the same people.

use std::path::Path;

use crate::util::{csv_row, fixtures, stderr, stdout, Dir};

const VCARD: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Priya Shah\r\nN:Shah;Priya;;;\r\n\
TEL;TYPE=CELL:+44 7700 900456\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Cole\r\nN:Cole;Dana;;;\r\n\
TEL;TYPE=CELL:+44 7700 900789\r\nEMAIL:dana@example.com\r\nEND:VCARD\r\n";

fn whatsapp(file: &str) -> std::path::PathBuf {
    fixtures().join("whatsapp").join(file)
}

/// The report as CSV, and stderr; `code` is 0, or 3 when an entry had a
/// warning.
fn report_csv(dir: &Dir, inputs: &[&Path], code: i32) -> (String, String) {
    let out = dir.report(inputs, &["--format", "csv", "--all"]);
    assert_eq!(out.status.code(), Some(code), "{}", stderr(&out));
    (stdout(&out), stderr(&out))
}

#[test]
fn an_ios_zip_merges_with_a_vcard_by_name() {
    let dir = Dir::new();
    let vcf = dir.write("contacts.vcf", VCARD);
    let zip = whatsapp("WhatsApp Chat - Priya Shah.zip");
    let (csv, err) = report_csv(&dir, &[&zip, &vcf], 0);
    let priya = csv_row(&csv, "Priya Shah").unwrap_or_else(|| panic!("{csv}"));
    assert_eq!(priya["sources"], "vcard; whatsapp");
    assert_eq!(priya["phones"], "+447700900456");
    // Three of hers and two of the owner's; not the notice, not the
    // missed call (evidence only), not the photo file.
    assert_eq!(priya["online_interactions"], "5");
    assert_eq!(priya["last_online"], "2026-05-20");
    assert_eq!(priya["first_seen"], "2026-05-02");
    assert_eq!(priya["direct_contacts"], "0");
    // The other sender of a one-to-one chat is the owner, never reported.
    assert!(csv_row(&csv, "Alex Kim").is_none(), "{csv}");
    assert!(!err.contains(".zip!_chat.txt"), "{err}");
}

#[test]
fn the_same_chat_exported_twice_counts_each_message_once() {
    let dir = Dir::new();
    let zip = whatsapp("WhatsApp Chat - Priya Shah.zip");
    let again = dir.path().join("WhatsApp Chat - Priya Shah (1).zip");
    std::fs::copy(&zip, &again).unwrap();
    let (csv, _) = report_csv(&dir, &[&zip, &again], 0);
    let priya = csv_row(&csv, "Priya Shah").unwrap_or_else(|| panic!("{csv}"));
    assert_eq!(priya["online_interactions"], "5");
}

#[test]
fn an_android_chat_reads_month_first_from_its_dates() {
    let dir = Dir::new();
    let txt = whatsapp("WhatsApp Chat with Tomás Ruiz.txt");
    let (csv, err) = report_csv(&dir, &[&txt], 0);
    let tomas = csv_row(&csv, "Tomás Ruiz").unwrap_or_else(|| panic!("{csv}"));
    assert_eq!(tomas["online_interactions"], "4");
    assert_eq!(tomas["first_seen"], "2026-01-03");
    assert_eq!(tomas["last_online"], "2026-03-14");
    assert_eq!(tomas["sources"], "whatsapp");
    assert!(csv_row(&csv, "Alex Kim").is_none(), "{csv}");
    assert!(!err.contains("day from month"), "{err}");
}

#[test]
fn a_group_sender_saved_as_a_number_merges_by_phone_and_a_bad_date_is_located() {
    let dir = Dir::new();
    let vcf = dir.write("contacts.vcf", VCARD);
    let group = whatsapp("WhatsApp Chat with Trail Runners.txt");
    let ios = whatsapp("WhatsApp Chat - Priya Shah.zip");
    let (csv, err) = report_csv(&dir, &[&group, &ios, &vcf], 3);
    let dana = csv_row(&csv, "Dana Cole").unwrap_or_else(|| panic!("{csv}"));
    assert_eq!(dana["sources"], "vcard; whatsapp");
    assert_eq!(dana["emails"], "dana@example.com");
    // Her message and the owner's to the group (the owner known from the
    // one-to-one chat); the missed group call is evidence only.
    assert_eq!(dana["online_interactions"], "2");
    assert_eq!(dana["last_online"], "2026-06-18");
    assert_eq!(dana["first_seen"], "2026-06-05");
    assert!(
        err.contains(
            "WhatsApp Chat with Trail Runners.txt:5: expected a date and time, found \
             \"31/06/2026, 08:00\" (dates read as day/month)"
        ),
        "{err}"
    );
    // The rest of the file is kept: Priya's welcome counts.
    let priya = csv_row(&csv, "Priya Shah").unwrap_or_else(|| panic!("{csv}"));
    assert_eq!(priya["online_interactions"], "7");
    assert_eq!(priya["last_online"], "2026-06-18");
}
