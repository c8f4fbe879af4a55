//! What the LinkedIn importer's tests share, and the tests of the whole
//! importer: detection, scope, headers, encodings, and the fixtures and
//! corpus read through it.

use std::io::Cursor;
use std::sync::Arc;

use jiff::civil::date;
use jiff::tz::TimeZone;

use super::*;
use crate::import::Fold;
use crate::model::Region;

pub(super) fn ctx() -> Context {
    Context {
        region: Region::default(),
        tz: TimeZone::UTC,
        as_of: date(2026, 11, 1),
        limits: crate::limits::Limits::default(),
        mail: crate::import::mail::Settings::default(),
    }
}

pub(super) fn run_bytes(path: &str, input: &[u8]) -> Result<Sink, ImportError> {
    let mut entry = Entry {
        path: path.to_owned(),
        display: Arc::from(path),
        reader: Box::new(Cursor::new(input.to_vec())),
    };
    let mut sink = Sink::new();
    Linkedin.import(&mut entry, &ctx(), &mut sink)?;
    sink.settle();
    Ok(sink)
}

pub(super) fn run(path: &str, input: &str) -> Sink {
    run_bytes(path, input.as_bytes()).expect("imports")
}

pub(super) fn fixture(name: &str) -> Sink {
    let path = format!("{}/fixtures/linkedin/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).expect("fixture exists");
    assert!(Linkedin.detect(name, &bytes), "{name} detected");
    run_bytes(name, &bytes).expect("fixture imports")
}

pub(super) fn names(sink: &Sink) -> Vec<String> {
    sink.records.iter().map(|r| r.names.join(" | ")).collect()
}

pub(super) fn urls(sink: &Sink) -> Vec<String> {
    sink.records
        .iter()
        .map(|r| r.linkedin.as_ref().map_or("", |u| u.as_str()).to_owned())
        .collect()
}

pub(super) fn warnings(sink: &Sink) -> Vec<String> {
    sink.warnings.iter().map(ToString::to_string).collect()
}

pub(super) fn days(sink: &Sink) -> Vec<String> {
    sink.events
        .iter()
        .map(|e| e.when().date_in(&TimeZone::UTC).to_string())
        .collect()
}

pub(super) fn owners(sink: &Sink) -> Vec<String> {
    sink.records
        .iter()
        .filter(|r| r.owner)
        .map(|r| r.names.first().cloned().unwrap_or_default())
        .collect()
}

pub(super) fn lines(sink: &Sink) -> Vec<u64> {
    sink.events
        .iter()
        .filter_map(|e| e.location().line)
        .collect()
}

/// The participants of each event by first name, sender first.
pub(super) fn who(sink: &Sink) -> Vec<String> {
    sink.events
        .iter()
        .map(|e| {
            assert_eq!(e.sender(), e.participants().first().copied());
            e.participants()
                .iter()
                .map(|&p| {
                    let r = &sink.records[p as usize];
                    r.names.first().cloned().unwrap_or_else(|| {
                        r.linkedin.as_ref().map_or("?", |u| u.as_str()).to_owned()
                    })
                })
                .collect::<Vec<_>>()
                .join(" > ")
        })
        .collect()
}

#[test]
fn messages_tables_share_one_scope_and_other_tables_have_none() {
    let messages = Some(Scope {
        source: SourceKind::Linkedin,
        part: None,
    });
    let connections = b"Notes:\n\"When exporting...\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n";
    let table = b"CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n";
    for (path, head, want) in [
        ("messages.csv", &table[..], &messages),
        (
            "Basic_LinkedInDataExport_09-12-2022/Messages.csv",
            b"",
            &messages,
        ),
        ("Connections.csv", &connections[..], &None),
        ("Connections.csv", &table[..], &None),
        ("Profile.csv", b"First Name,Last Name\n", &None),
        // Renamed: the header decides; no header found may be messages.
        ("export (1).csv", &table[..], &messages),
        ("export (1).csv", &connections[..], &None),
        ("export (1).csv", b"a,b\n", &messages),
        ("export (1).csv", b"\xFF\xFEF\x00", &messages),
    ] {
        assert_eq!(&Linkedin.scope(path, head), want, "{path} {head:?}");
    }
}

#[test]
fn detects_by_name_and_by_content() {
    for name in [
        "Connections.csv",
        "Basic_LinkedInDataExport_09-12-2022/connections.csv",
        "messages.csv",
        "Messages.csv",
        "Invitations.csv",
        "Profile.csv",
        "Endorsement_Received_Info.csv",
        "Endorsement Given Info.csv",
        "Recommendations_Received.csv",
        "recommendations_given.csv",
    ] {
        assert!(Linkedin.detect(name, b""), "{name}");
    }
    assert!(!Linkedin.detect("coach_messages.csv", b""));
    assert!(!Linkedin.detect("Skills.csv", b"Name\n"));
    // Renamed files, found by their header.
    let connections = "\u{feff}Notes:\n\"text\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n";
    assert!(Linkedin.detect("export (1).csv", connections.as_bytes()));
    assert!(Linkedin.detect(
        "dm.csv",
        b"CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER\n"
    ));
    assert!(Linkedin.detect(
        "old.csv",
        b"From,To,Date,Subject,Content,Direction,Folder\n"
    ));
    // Profile-like and recommendation headers are not claimed by content.
    assert!(!Linkedin.detect("x.csv", b"First Name,Last Name,Company,Job Title,Text\n"));
    assert!(!Linkedin.detect("touchpoints.csv", b"date,name,email,phone,kind,note\n"));
    assert!(!Linkedin.detect(
        "photo.json",
        b"From,To,Date,Subject,Content,Direction,Folder\n"
    ));
    // Generic owner files need their header too.
    assert!(Linkedin.detect(
        "Email Addresses.csv",
        b"Email Address,Confirmed,Primary,Updated On\n"
    ));
    assert!(Linkedin.detect("Phone_Numbers.csv", b"Extension,Number,Type\n"));
    assert!(!Linkedin.detect("Email Addresses.csv", b"name,email\n"));
}

#[test]
fn connections_windows_1252_and_utf16_resaves() {
    let sink = run_bytes(
        "Connections.csv",
        b"First Name;Last Name;Connected On\nJos\xe9;M\xfcller;01.02.2023\n",
    )
    .unwrap();
    assert_eq!(names(&sink), ["José Müller"]);
    let text = "First Name\tLast Name\tConnected On\r\nZoë\tÅkesson\t09 Sep 2022\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let sink = run_bytes("Connections.csv", &bytes).unwrap();
    assert_eq!(names(&sink), ["Zoë Åkesson"]);
    assert_eq!(days(&sink), ["2022-09-09"]);
}

#[test]
fn missing_header_is_an_error() {
    let err = run_bytes("Connections.csv", b"Notes:\nno header here\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "Connections.csv: expected a header with First Name and Last Name in the first 10 lines, found none"
    );
    let err = run_bytes("messages.csv", b"").unwrap_err();
    assert_eq!(
        err.to_string(),
        "messages.csv: expected a header with FROM and DATE in the first 10 lines, found none"
    );
    let err = run_bytes("Invitations.csv", b"a,b\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "Invitations.csv: expected a header with From and To in the first 10 lines, found none"
    );
    let err = run_bytes("other.csv", b"a,b\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "other.csv: expected a LinkedIn Connections or messages header in the first 10 lines, found none"
    );
}

#[test]
fn rows_of_a_crlf_save_are_named_by_their_own_lines() {
    let sink = run(
        "Connections.csv",
        "Notes:\r\n\"Two lines\r\nof notes\"\r\n\r\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n\
         Ada,One,,,,,01 Mar 2019\r\nBob,Two,,,,,01 Mar 2019\r\nCy,Three,,,,,yesterday\r\n",
    );
    assert_eq!(
        warnings(&sink),
        ["Connections.csv:8: expected a date in Connected On, found \"yesterday\""]
    );
    assert_eq!(lines(&sink), [6, 7]);
}

#[test]
fn fixtures_folder_through_discovery() {
    let dir = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/linkedin"));
    let out = crate::discover::discover(&[dir], &ctx(), Fold::Day, &|_| {});
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    // Every CSV but README.md, all as LinkedIn.
    assert_eq!(out.entries.len(), 12);
    assert!(out.entries.iter().all(|(k, _)| *k == SourceKind::Linkedin));
    assert!(out.sink.warnings.is_empty());
}

/// The public samples in ../shared/corpus/linkedin/, read in place.
#[test]
fn corpus() {
    let root = std::env::var("OFFGRID_CORPUS")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus").to_owned());
    let dir = std::path::Path::new(&root).join("linkedin");
    if !dir.is_dir() {
        println!("skipped: corpus not found at {}", dir.display());
        return;
    }
    // (file, records, events, warnings)
    let want = [
        ("Timurtek__tekjobs__Connections.csv", 4, 4, 0),
        ("Timurtek__tekjobs__Invitations.csv", 2, 0, 0),
        ("Timurtek__tekjobs__messages.csv", 3, 3, 0),
        ("pedrofuentes__kawsay__Connections.csv", 2, 2, 0),
        ("pedrofuentes__kawsay__messages.csv", 2, 2, 1),
    ];
    for (file, records, events, warns) in want {
        let bytes = std::fs::read(dir.join(file)).expect("corpus file readable");
        // The corpus prefixes names with their origin; the export's own
        // name is the part after the last `__`.
        let name = file.rsplit("__").next().unwrap();
        assert!(Linkedin.detect(name, &bytes), "{file} detected by name");
        assert!(
            file.contains("Invitations") || Linkedin.detect(file, &bytes),
            "{file} detected by content"
        );
        let sink = run_bytes(name, &bytes).expect("corpus imports");
        assert_eq!(
            (sink.records.len(), sink.events.len(), sink.warnings.len()),
            (records, events, warns),
            "{file}: {:?}",
            warnings(&sink)
        );
        match file {
            "pedrofuentes__kawsay__messages.csv" => {
                assert_eq!(
                    warnings(&sink),
                    ["messages.csv:5: expected 10 fields, found 1"]
                );
                // Both people are in both conversations: no owner.
                assert!(owners(&sink).is_empty());
                assert_eq!(lines(&sink), [2, 3]);
            }
            "Timurtek__tekjobs__messages.csv" => {
                assert_eq!(owners(&sink), ["Avery Sample"]);
                assert_eq!(
                    who(&sink),
                    [
                        "Jane Doe > Avery Sample",
                        "Avery Sample > Jane Doe",
                        "Sam Lee > Avery Sample"
                    ]
                );
            }
            "Timurtek__tekjobs__Invitations.csv" => {
                assert_eq!(names(&sink), ["Mina Park", "Avery Sample"]);
                assert_eq!(owners(&sink), ["Avery Sample"]);
            }
            "pedrofuentes__kawsay__Connections.csv" => {
                assert_eq!(names(&sink), ["José García", "Æsop Fontaine"]);
                assert_eq!(sink.records[0].company.as_deref(), Some("Acme, Inc."));
                assert_eq!(days(&sink), ["2024-01-15", "2024-02-03"]);
                assert_eq!(lines(&sink), [5, 6]);
            }
            _ => {}
        }
    }
}
