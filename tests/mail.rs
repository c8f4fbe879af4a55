//! Mail archives through `report`: a Google Takeout zip (built here, the
//! mbox inside read in place), a Thunderbird profile folder, and mailed
//! invitations beside an exported calendar; the people merge with LinkedIn
//! and address-book records of the same people.

use std::path::Path;

use crate::util::{csv_row, fixtures, stderr, stdout, Dir};

fn mail(file: &str) -> String {
    std::fs::read_to_string(fixtures().join("mail").join(file)).unwrap()
}

/// A Takeout part holding `mbox` where Google puts it, deflated.
fn takeout_zip(path: &Path, mbox: &str) {
    crate::util::write_zip(
        path,
        &[
            (
                "Takeout/archive_browser.html",
                b"<html><body>Takeout</body></html>",
            ),
            (
                "Takeout/Mail/All mail Including Spam and Trash.mbox",
                mbox.as_bytes(),
            ),
            ("Takeout/Mail/photo.jpg", b"\xFF\xD8\xFF\xE0 not text"),
        ],
    );
}

const CONNECTIONS: &str = "Notes:\n\"...\"\n\n\
First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
Bo,Lindqvist,https://www.linkedin.com/in/bo-lindqvist-example,,Fjord Works,Engineer,12 Jan 2025\n";

const VCARD: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Chloe Martin\r\nN:Martin;Chloe;;;\r\n\
EMAIL:chloe.martin@example.com\r\nEND:VCARD\r\n";

/// `report --all --format csv`, asserting its exit code.
fn report_csv(dir: &Dir, inputs: &[&Path], extra: &[&str], code: i32) -> (String, String) {
    let mut args = vec!["--format", "csv", "--all"];
    args.extend_from_slice(extra);
    let out = dir.report(inputs, &args);
    assert_eq!(out.status.code(), Some(code), "{}", stderr(&out));
    (stdout(&out), stderr(&out))
}

#[test]
fn a_takeout_zip_merges_with_linkedin_and_a_vcard() {
    let dir = Dir::new();
    let zip = dir.path().join("takeout-20250601T120000Z-001.zip");
    takeout_zip(&zip, &mail("gmail-takeout.mbox"));
    let connections = dir.write("linkedin/Connections.csv", CONNECTIONS);
    let vcf = dir.write("contacts.vcf", VCARD);
    let (csv, err) = report_csv(&dir, &[&zip, &connections, &vcf], &[], 0);
    // Bo: by name with LinkedIn ("Lindqvist, Bo" in one header, "Bo
    // Lindqvist" in another); one message each way.
    let bo = csv_row(&csv, "Bo Lindqvist").unwrap_or_else(|| panic!("{csv}\n{err}"));
    assert_eq!(bo["sources"], "linkedin; mail");
    assert_eq!(bo["emails"], "bo.lindqvist@example.com");
    assert_eq!(bo["online_interactions"], "2");
    assert_eq!(bo["first_seen"], "2025-01-12");
    assert_eq!(bo["last_online"], "2025-03-02");
    assert_eq!(bo["status"], "never");
    // Chloé: by address with the vCard; her message to Dana with the owner
    // in Cc counts.
    let chloe = csv_row(&csv, "Chloe Martin").unwrap_or_else(|| panic!("{csv}"));
    assert_eq!(chloe["sources"], "mail; vcard");
    assert_eq!(chloe["online_interactions"], "2");
    assert_eq!(chloe["last_online"], "2025-04-11");
    // The owner (known from the Sent label, written three ways), the
    // newsletter, the spam, and Dana (only in Cc beside the owner, and in
    // the trash) are not in the report.
    for name in ["Alex Morgan", "Shop News", "Prize Desk", "Dana Okafor"] {
        assert!(csv_row(&csv, name).is_none(), "{name}: {csv}");
    }
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(!err.contains("photo.jpg"), "{err}");
}

#[test]
fn the_owner_from_the_config_is_in_people_and_never_reported() {
    let dir = Dir::new();
    let mbox = dir.write("Mail/Local Folders/Inbox", mail("thunderbird/Inbox"));
    dir.write(
        "Mail/Local Folders/Inbox.msf",
        mail("thunderbird/Inbox.msf"),
    );
    let config = dir.write(
        ".config/offgrid/config.toml",
        "[me]\nemails = [\"alex@example.net\"]\n[mail]\nmax-recipients = 5\n",
    );
    let folder = mbox.parent().unwrap().parent().unwrap().to_owned();
    let (csv, err) = report_csv(&dir, &[&folder], &["--config", config.to_str().unwrap()], 0);
    let priya = csv_row(&csv, "Priya Raman").unwrap_or_else(|| panic!("{csv}\n{err}"));
    assert_eq!(priya["online_interactions"], "1");
    assert_eq!(priya["sources"], "mail");
    assert!(csv_row(&csv, "José Álvarez").is_some(), "{csv}");
    // Expunged, never compacted: gone.
    assert!(csv_row(&csv, "Gone Person").is_none(), "{csv}");
    assert_eq!(csv.lines().count(), 3, "{csv}");
    let people = dir
        .command()
        .args([
            "people",
            "--config",
            config.to_str().unwrap(),
            "--format",
            "csv",
        ])
        .arg(&folder)
        .output()
        .unwrap();
    let listed = stdout(&people);
    assert!(listed.contains("alex@example.net"), "{listed}");
}

#[test]
fn a_mailed_invitation_and_the_exported_calendar_count_once() {
    let dir = Dir::new();
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:lunch-7@example.com\r\n\
        DTSTART:20250610T120000Z\r\nORGANIZER;CN=Sam Lee:mailto:sam.lee@example.com\r\n\
        ATTENDEE;PARTSTAT=ACCEPTED:mailto:alex@example.net\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let message = format!(
        "From: Sam Lee <sam.lee@example.com>\r\nTo: alex@example.net\r\n\
         Date: Mon, 2 Jun 2025 08:00:00 +0000\r\nMessage-ID: <inv-7@example.com>\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\
         Content-Type: text/calendar; method=REQUEST; charset=UTF-8\r\n\r\n{ics}--b--\r\n"
    );
    let eml = dir.write("mail/invite.eml", &message);
    let cal = dir.write("calendar.ics", ics);
    let config = dir.write(
        ".config/offgrid/config.toml",
        "[me]\nemails = [\"alex@example.net\"]\n",
    );
    let args = ["--config", config.to_str().unwrap()];
    let (csv, err) = report_csv(&dir, &[&eml, &cal], &args, 0);
    let sam = csv_row(&csv, "Sam Lee").unwrap_or_else(|| panic!("{csv}\n{err}"));
    assert_eq!(sam["direct_contacts"], "1");
    assert_eq!(sam["last_direct"], "2025-06-10");
    assert_eq!(sam["online_interactions"], "1");
    assert_eq!(sam["sources"], "calendar; mail");
    // From the mail alone: the same meeting.
    let (csv, _) = report_csv(&dir, &[&eml], &args, 0);
    let sam = csv_row(&csv, "Sam Lee").unwrap_or_else(|| panic!("{csv}"));
    assert_eq!(sam["direct_contacts"], "1");
    assert_eq!(sam["sources"], "mail");
}

#[test]
fn a_damaged_mbox_warns_with_its_line_and_keeps_the_rest() {
    let dir = Dir::new();
    let mbox = dir.write("damaged.mbox", mail("damaged.mbox"));
    let (csv, err) = report_csv(&dir, &[&mbox], &[], 3);
    assert!(
        err.contains("damaged.mbox:17: message cut off in its headers; skipped"),
        "{err}"
    );
    assert!(csv_row(&csv, "Rosa Diaz").is_some(), "{csv}");
    assert!(csv_row(&csv, "Tom Berg").is_some(), "{csv}");
}

#[test]
fn a_body_line_longer_than_the_line_limit_is_skipped_unread() {
    let dir = Dir::new();
    // Past the first 64 KiB, which are read (and checked) to tell the
    // format before the importer is known.
    let lines = "a short line of text\n".repeat(5000);
    let long = "x".repeat(4096);
    let text = format!(
        "From bo@example.com Mon Feb 03 08:00:00 2025\nFrom: Bo Lindqvist <bo@example.com>\n\
         To: alex@example.net\nDate: Mon, 3 Feb 2025 08:00:00 +0000\n\n{lines}<p>{long}</p>\n\n\
         From cy@example.com Tue Feb 04 08:00:00 2025\nFrom: Cy Park <cy@example.com>\n\
         To: alex@example.net\nDate: Tue, 4 Feb 2025 08:00:00 +0000\n\nhi\n"
    );
    let mbox = dir.write("Inbox.mbox", text);
    let (csv, err) = report_csv(&dir, &[&mbox], &["--max-line-length", "1K"], 0);
    assert!(csv_row(&csv, "Bo Lindqvist").is_some(), "{csv}\n{err}");
    assert!(csv_row(&csv, "Cy Park").is_some(), "{csv}\n{err}");
}
