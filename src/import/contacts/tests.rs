use std::io::Cursor;

use super::*;
use crate::model::Email;

fn ctx() -> Context {
    Context {
        region: Region::parse("US").unwrap(),
        tz: jiff::tz::TimeZone::UTC,
        as_of: jiff::civil::date(2026, 1, 1),
        limits: crate::limits::Limits::default(),
        mail: crate::import::mail::Settings::default(),
    }
}

fn import_bytes(path: &str, input: &[u8]) -> Result<Sink, ImportError> {
    let mut entry = Entry {
        path: path.to_owned(),
        display: Arc::from(path),
        reader: Box::new(Cursor::new(input.to_vec())),
    };
    let mut sink = Sink::new();
    Contacts.import(&mut entry, &ctx(), &mut sink)?;
    Ok(sink)
}

fn run(input: &[u8]) -> Sink {
    let sink = import_bytes("contacts.csv", input).expect("imports");
    assert!(sink.events.is_empty(), "contacts give no events");
    sink
}

fn fixture(name: &str) -> Sink {
    let path = format!("{}/fixtures/contacts/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).expect("fixture exists");
    let head = &bytes[..bytes.len().min(8 * 1024)];
    assert_eq!(
        crate::import::detect(name, head).map(|i| i.kind()),
        Some(SourceKind::Contacts),
        "{name} detected"
    );
    let sink = import_bytes(name, &bytes).expect("fixture imports");
    assert!(sink.events.is_empty());
    sink
}

fn warnings(sink: &Sink) -> Vec<String> {
    sink.warnings.iter().map(ToString::to_string).collect()
}

fn names(sink: &Sink) -> Vec<String> {
    sink.records.iter().map(|r| r.names.join(" | ")).collect()
}

fn emails(r: &Record) -> Vec<&str> {
    r.emails.iter().map(Email::as_str).collect()
}

fn phones(r: &Record) -> Vec<&str> {
    r.phones.iter().map(Phone::as_str).collect()
}

fn lines(sink: &Sink) -> Vec<u64> {
    sink.records
        .iter()
        .map(|r| r.location.as_ref().and_then(|l| l.line).unwrap())
        .collect()
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

/// Headers of other files, each with the importer that must read it (or
/// none): a contact CSV's detection takes none of them.
const OTHER_HEADERS: [(&str, &str, Option<SourceKind>); 8] = [
    (
        "Connections.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
        Some(SourceKind::Linkedin),
    ),
    (
        "connections.csv",
        "First Name,Last Name,Email Address,Company,Position,Connected On\n",
        Some(SourceKind::Linkedin),
    ),
    // A renamed Connections.csv is recognized by LinkedIn's header.
    (
        "export.csv",
        "\u{feff}First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
        Some(SourceKind::Linkedin),
    ),
    // LinkedIn's synced address book (2022) and its 2018 name: not read.
    (
        "Contacts.csv",
        "Source,FirstName,LastName,Companies,Title,Emails,PhoneNumbers,CreatedAt,\
         Addresses,Sites,InstantMessageHandles,FullName,Birthday,Location,BookmarkedAt,\
         Profiles\n",
        None,
    ),
    (
        "Imported Contacts.csv",
        "First Name,Last Name,Companies,Title,Email Address,Phone Numbers,Created At,\
         Addresses,Sites,Instant Message Handles,Full Name,Birthday,Location,Bookmarked At,\
         Profiles\n",
        None,
    ),
    (
        "Recommendations_Received.csv",
        "First Name,Last Name,Company,Job Title,Text,Creation Date,Status\n",
        Some(SourceKind::Linkedin),
    ),
    (
        "touchpoints.csv",
        "date,name,email,phone,kind,note\n",
        Some(SourceKind::Touchpoints),
    ),
    (
        "log.csv",
        "date;name;email;phone;kind;note\n",
        Some(SourceKind::Touchpoints),
    ),
];

#[test]
fn detection_takes_no_linkedin_or_touchpoints_file() {
    for (path, head, want) in OTHER_HEADERS {
        assert!(!Contacts.detect(path, head.as_bytes()), "{path}: {head}");
        assert_eq!(
            crate::import::detect(path, head.as_bytes()).map(|i| i.kind()),
            want,
            "{path}"
        );
    }
}

#[test]
fn detection_by_header_shape() {
    let yes: [&[u8]; 7] = [
        b"First Name,Middle Name,Last Name,Phonetic First Name,Nickname,File As,Labels\n",
        b"Name,Given Name,Additional Name,Family Name,Group Membership\n",
        // Google's numbered groups alone.
        b"Notes,E-mail 1 - Label,E-mail 1 - Value\n",
        b"\"Title\",\"First Name\",\"Last Name\",\"E-mail Address\"\r\n",
        b"First Name;Last Name;Mobile Phone\r\n",
        b"\xEF\xBB\xBFFirst Name,Last Name,E-mail Display Name\n",
        // A first line cut by the end of the head still shows its shape.
        b"First Name,Last Name,Business Phone,Home Ph",
    ];
    for head in yes {
        assert!(
            Contacts.detect("contacts.csv", head),
            "{}",
            String::from_utf8_lossy(head)
        );
    }
    let outlook16 = utf16le("First Name\tLast Name\tE-mail Address\r\n");
    assert!(Contacts.detect("contacts.txt", &outlook16));
    // The shape must be on the first line; the name alone never decides.
    assert!(!Contacts.detect("contacts.csv", b""));
    assert!(!Contacts.detect(
        "contacts.csv",
        b"a,b\nFirst Name,Last Name,E-mail Address\n"
    ));
    assert!(!Contacts.detect("contacts.vcf", b"First Name,Last Name,E-mail Address\n"));
    // A first or last name alone, or Outlook columns without one, is not it.
    assert!(!Contacts.detect("x.csv", b"First Name,Last Name,Email,Phone\n"));
    assert!(!Contacts.detect("x.csv", b"Company,Business Phone\n"));
}

#[test]
fn google_current_fixture() {
    let sink = fixture("google_contacts.csv");
    assert!(warnings(&sink).is_empty(), "{:?}", sink.warnings);
    // The fourth data row (labels and a note only) is skipped silently; the
    // multi-line notes keep the physical line numbers right.
    assert_eq!(
        names(&sink),
        ["Ottilie Rue Brandvold", "", "", "Zélie Fontaine-Okafor"]
    );
    assert_eq!(lines(&sink), [2, 4, 5, 8]);
    let [ottilie, quentin, number, zelie] = &sink.records[..] else {
        panic!("{:?}", sink.records)
    };
    assert_eq!(ottilie.source, Some(SourceKind::Contacts));
    assert_eq!(
        ottilie.location.as_ref().unwrap().to_string(),
        "google_contacts.csv:2"
    );
    assert_eq!(
        emails(ottilie),
        ["ottilie.brandvold@example.com", "o.brandvold@example.com"]
    );
    assert_eq!(phones(ottilie), ["+15550100142"]);
    assert_eq!(
        ottilie.linkedin.as_ref().map(LinkedinUrl::as_str),
        Some("https://www.linkedin.com/in/ottilie-brandvold-example")
    );
    assert_eq!(ottilie.company.as_deref(), Some("Halden Works"));
    assert_eq!(ottilie.position.as_deref(), Some("Cartographer"));
    assert_eq!(ottilie.categories, ["Friends", "Keep in touch"]);
    assert!(!ottilie.owner && !ottilie.name_is_hint);

    assert_eq!(emails(quentin), ["quentin.marsh@example.com"]);
    assert!(quentin.categories.is_empty());
    // `File As` holding a number is that number, not a name.
    assert_eq!(phones(number), ["+15550100177", "+15550100178"]);
    // No nickname; the national number is read in the address's country.
    assert_eq!(zelie.names, ["Zélie Fontaine-Okafor"]);
    assert_eq!(phones(zelie), ["+442079460123"]);
    assert_eq!(zelie.categories, ["family"]);
}

#[test]
fn google_legacy_fixture() {
    let sink = fixture("google_legacy.csv");
    assert!(warnings(&sink).is_empty(), "{:?}", sink.warnings);
    assert_eq!(names(&sink), ["Barnaby T. Quist", "Wren Achterberg", ""]);
    let [barnaby, wren, ines] = &sink.records[..] else {
        panic!("{:?}", sink.records)
    };
    // `E-mail 3 - Value` with `E-mail 2` empty: mapped by name.
    assert_eq!(
        emails(barnaby),
        ["barnaby.quist@example.com", "bq@example.com"]
    );
    assert_eq!(phones(barnaby), ["+15550100155"]);
    assert_eq!(barnaby.company.as_deref(), Some("Quist & Daughters"));
    assert_eq!(barnaby.position.as_deref(), Some("Founder"));
    assert_eq!(
        barnaby.linkedin.as_ref().map(LinkedinUrl::as_str),
        Some("https://www.linkedin.com/in/barnaby-quist-example")
    );
    assert_eq!(barnaby.categories, ["Work"]);
    // Only the legacy `Name`.
    assert_eq!(phones(wren), ["+15550100163"]);
    // A `Name` that is the address: no name.
    assert!(ines.names.is_empty());
    assert_eq!(emails(ines), ["ines.holm@example.com"]);
    assert_eq!(lines(&sink), [2, 3, 4]);
}

#[test]
fn outlook_fixture() {
    let sink = fixture("outlook.csv");
    assert!(warnings(&sink).is_empty(), "{:?}", sink.warnings);
    // The switchboard row has only a company and a shared number.
    assert_eq!(names(&sink), ["Desmond Aalto", "Priyanka Velloso"]);
    let [desmond, priyanka] = &sink.records[..] else {
        panic!("{:?}", sink.records)
    };
    // Not the display name, the assistant's, the company's or the fax.
    assert_eq!(emails(desmond), ["desmond.aalto@example.com"]);
    assert_eq!(phones(desmond), ["+15550100191", "+15550100192"]);
    assert_eq!(desmond.company.as_deref(), Some("Brightwater Ltd"));
    assert_eq!(desmond.position.as_deref(), Some("Surveyor"));
    assert_eq!(desmond.categories, ["Work", "Keep in touch"]);
    assert_eq!(
        desmond.linkedin.as_ref().map(LinkedinUrl::as_str),
        Some("https://www.linkedin.com/in/desmond-aalto-example")
    );
    assert_eq!(emails(priyanka), ["p.velloso@example.com"]);
    assert_eq!(lines(&sink), [2, 4]);
}

#[test]
fn outlook_utf16_fixture() {
    let sink = fixture("outlook_utf16.csv");
    assert!(warnings(&sink).is_empty(), "{:?}", sink.warnings);
    assert_eq!(names(&sink), ["Søren Ødegård", "Aurelio Nakamura-Reyes"]);
    let [soren, aurelio] = &sink.records[..] else {
        panic!("{:?}", sink.records)
    };
    assert_eq!(emails(soren), ["soren.odegard@example.com"]);
    assert_eq!(phones(soren), ["+15550100131"]);
    assert_eq!(soren.company.as_deref(), Some("Fjord & Folio"));
    assert_eq!(soren.categories, ["Friends"]);
    assert_eq!(phones(aurelio), ["+15550100134"]);
    assert_eq!(lines(&sink), [2, 4]);
}

#[test]
fn joined_values_are_split() {
    let sink = run(
        b"First Name,Last Name,Labels,E-mail 1 - Value,Phone 1 - Value,Website 1 - Value\n\
        Ada,Quill,Friends ::: * starred ::: Friends ::: Work,\
        a@example.com ::: b@example.com :::  ::: not an address,\
        555-010-0101 ::: sip:ada@example.com ::: +1 555 010 0102,\
        https://ada.example.com ::: https://linkedin.com/in/ada-quill-example\n",
    );
    let r = &sink.records[0];
    assert_eq!(emails(r), ["a@example.com", "b@example.com"]);
    assert_eq!(phones(r), ["+15550100101", "+15550100102"]);
    assert_eq!(r.categories, ["Friends", "Work"]);
    assert_eq!(
        r.linkedin.as_ref().map(LinkedinUrl::as_str),
        Some("https://www.linkedin.com/in/ada-quill-example")
    );
}

#[test]
fn groups_are_mapped_by_pattern_not_position() {
    // More groups than any fixture, in another order, with a gap.
    let sink = run(
        b"Phone 7 - Value,Labels,E-mail 12 - Value,Last Name,First Name,\
        Organization 2 - Name,E-mail 2 - Label\n\
        555-010-0107,,ada@example.com,Quill,Ada,Acme,Work\n",
    );
    let r = &sink.records[0];
    assert_eq!(r.names, ["Ada Quill"]);
    assert_eq!(emails(r), ["ada@example.com"]);
    assert_eq!(phones(r), ["+15550100107"]);
    assert_eq!(r.company.as_deref(), Some("Acme"));
}

#[test]
fn bom_utf8_and_missing_columns() {
    let sink = run(
        "\u{feff}\"First Name\",\"Last Name\",\"E-mail Address\"\r\n\"Bea\",\"Ström\",\"BEA@example.com\"\r\n"
            .as_bytes(),
    );
    assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
    let r = &sink.records[0];
    assert_eq!(r.names, ["Bea Ström"]);
    assert_eq!(emails(r), ["bea@example.com"]);
    assert!(r.phones.is_empty() && r.company.is_none() && r.categories.is_empty());
}

#[test]
fn utf16le_with_bom_and_tabs() {
    let sink = run(&utf16le(
        "First Name\tLast Name\tMobile Phone\tCategories\r\nCyrille\tDuchêne\t555-010-0111\tFamily; Work\r\n",
    ));
    let r = &sink.records[0];
    assert_eq!(r.names, ["Cyrille Duchêne"]);
    assert_eq!(phones(r), ["+15550100111"]);
    assert_eq!(r.categories, ["Family", "Work"]);
    assert_eq!(lines(&sink), [2]);
}

#[test]
fn windows_1252_and_semicolons() {
    let sink = run(b"First Name;Last Name;Company;E-mail Address\r\nJos\xe9;N\xfa\xf1ez;\"A; B\";jose@example.com\r\n");
    let r = &sink.records[0];
    assert_eq!(r.names, ["José Núñez"]);
    assert_eq!(r.company.as_deref(), Some("A; B"));
    assert_eq!(emails(r), ["jose@example.com"]);
}

#[test]
fn multi_line_notes_keep_rows_and_lines() {
    let sink = run(b"First Name,Last Name,Notes,E-mail Address\n\
        Ada,One,\"first line\nsecond, with a comma\n\"\"quoted\"\"\",ada@example.com\n\
        Bea,Two,,bea@example.com\n");
    assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
    assert_eq!(names(&sink), ["Ada One", "Bea Two"]);
    assert_eq!(lines(&sink), [2, 5]);
}

#[test]
fn crlf_notes_and_blank_lines_keep_physical_lines() {
    let sink = run(b"First Name,Last Name,Notes,E-mail Address\r\n\r\n\
        Ada,One,\"first\r\nsecond\r\n\",ada@example.com\r\n\r\n\r\n\
        Bea,Two,\"x\ny\",bea@example.com\r\n\
        Cy,Three,,cy@example.com");
    assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
    assert_eq!(names(&sink), ["Ada One", "Bea Two", "Cy Three"]);
    assert_eq!(lines(&sink), [3, 8, 10]);
}

#[test]
fn a_bad_row_costs_only_itself() {
    let sink = run(b"First Name,Last Name,E-mail Address\n\
        Ada,One,ada@example.com\n\
        Bea,Two\n\
        Cy,Three,cy@example.com,extra\n\
        ,,\n\
        Di,Four,di@example.com,,\n\
        ,,not an address\n");
    assert_eq!(names(&sink), ["Ada One", "Di Four"]);
    assert_eq!(lines(&sink), [2, 6]);
    assert_eq!(
        warnings(&sink),
        [
            "contacts.csv:3: expected 3 fields, found 2",
            "contacts.csv:4: expected 3 fields, found 4",
        ]
    );
}

#[test]
fn a_header_that_is_not_a_contact_csv_is_an_error() {
    for (input, found) in [
        (
            &b"date,name,email\n2026-01-01,Ada,\n"[..],
            "\"date,name,email\"",
        ),
        (b"", "nothing"),
    ] {
        let err = import_bytes("contacts.csv", input).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "contacts.csv:1: expected a Google Contacts or Outlook CSV header, found {found}"
            )
        );
    }
}

#[test]
fn system_labels_are_dropped_and_unmarked() {
    assert_eq!(label("* myContacts"), None);
    assert_eq!(label("* My Contacts"), None);
    assert_eq!(label("*  Starred "), None);
    assert_eq!(label("* friends"), Some("friends"));
    assert_eq!(label("Book club"), Some("Book club"));
    assert_eq!(label("*"), None);
    assert_eq!(label(" "), None);
}

#[test]
fn numbered_groups() {
    assert_eq!(group("e-mail 1 - value"), Some(("e-mail", "value")));
    assert_eq!(
        group("custom field 12 - label"),
        Some(("custom field", "label"))
    );
    assert_eq!(group("e-mail - value"), None);
    assert_eq!(group("e-mail x - value"), None);
    assert_eq!(group("e-mail address"), None);
}

#[test]
fn a_first_line_too_long_for_a_header_is_an_error() {
    let mut input = b"First Name,Last Name,E-mail Address".to_vec();
    input.extend(b",x".repeat(200 * 1024));
    input.extend_from_slice(b"\nAda,One,ada@example.com\n");
    let err = import_bytes("contacts.csv", &input).unwrap_err();
    assert_eq!(
        err.to_string(),
        "contacts.csv:1: expected a header line of at most 256 KiB, found a longer line"
    );
}
