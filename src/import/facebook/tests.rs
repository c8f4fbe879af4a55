//! Tests of what the three file kinds share: detection by path and by
//! content, reading a file (byte-order mark, bytes that are not UTF-8,
//! located JSON errors), the HTML archive's error, every fixture archive
//! through the importer, and the shared corpus. The helpers here serve the
//! tests of [`super::threads`], [`super::friends`] and [`super::profile`]
//! too.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::date;
use jiff::tz::TimeZone;

use super::*;
use crate::import::{fingerprint, Fold};
use crate::model::{Channel, Event, EventKind, Record, RecordRef, Region, When};

pub(super) fn ctx() -> Context {
    Context {
        region: Region::default(),
        tz: TimeZone::UTC,
        as_of: date(2026, 1, 1),
        limits: crate::limits::Limits::default(),
        mail: crate::import::mail::Settings::default(),
    }
}

/// Imports `bytes` as the archive member `path`.
pub(super) fn import_bytes(path: &str, bytes: &[u8], sink: &mut Sink) -> Result<(), ImportError> {
    let mut entry = Entry {
        path: path.to_owned(),
        display: Arc::from(path),
        reader: Box::new(Cursor::new(bytes.to_vec())),
    };
    let imported = Facebook.import(&mut entry, &ctx(), sink);
    sink.settle();
    imported
}

pub(super) fn run(path: &str, text: &str) -> Sink {
    let mut sink = Sink::new();
    import_bytes(path, text.as_bytes(), &mut sink).expect("imports");
    sink
}

pub(super) fn run_err(path: &str, text: &str) -> String {
    let mut sink = Sink::new();
    import_bytes(path, text.as_bytes(), &mut sink)
        .expect_err("fails")
        .to_string()
}

/// The Facebook fixtures folder.
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/facebook")
}

/// Every file below `dir`, with its path from `root` (`/`-separated), in
/// sorted order (as discovery visits them).
pub(super) fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let mut children: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    children.sort();
    for child in children {
        if child.is_dir() {
            walk(root, &child, out);
        } else {
            let rel = child.strip_prefix(root).unwrap();
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push((rel.join("/"), child));
        }
    }
}

struct Imported {
    sink: Sink,
    files: Vec<String>,
    errors: Vec<String>,
}

/// Every file of the fixture folder `name` that the importer detects,
/// imported into one sink the way discovery appends them.
fn import_folder(name: &str) -> Imported {
    let root = fixtures().join(name);
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    let mut out = Imported {
        sink: Sink::new(),
        files: Vec::new(),
        errors: Vec::new(),
    };
    for (rel, path) in files {
        let bytes = std::fs::read(&path).unwrap();
        let head = &bytes[..bytes.len().min(8 * 1024)];
        if !Facebook.detect(&rel, head) {
            continue;
        }
        let mut sink = Sink::new();
        if let Err(e) = import_bytes(&rel, &bytes, &mut sink) {
            out.errors.push(e.to_string());
        }
        out.sink.append(sink);
        out.files.push(rel);
    }
    out
}

fn name(sink: &Sink, r: RecordRef) -> &str {
    &sink.records[r as usize].names[0]
}

/// One line per event: kind, channel, UTC time, sender, participants.
pub(super) fn events(sink: &Sink) -> Vec<String> {
    sink.events
        .iter()
        .map(|e| {
            let when = match e.when() {
                When::Instant(t) => t.to_string(),
                other => format!("{other:?}"),
            };
            let sender = e.sender().map_or("-", |s| name(sink, s));
            let parts: Vec<&str> = e.participants().iter().map(|&p| name(sink, p)).collect();
            let times = match e.count() {
                1 => String::new(),
                n => format!(" ×{n}"),
            };
            format!(
                "{:?} {:?} {when} {sender} [{}]{times}",
                e.kind,
                e.channel(),
                parts.join(", ")
            )
        })
        .collect()
}

pub(super) fn names(sink: &Sink) -> Vec<&str> {
    sink.records.iter().map(|r| r.names[0].as_str()).collect()
}

pub(super) fn count(sink: &Sink, kind: EventKind, channel: &Channel) -> usize {
    sink.events
        .iter()
        .filter(|e| e.kind == kind && e.channel() == channel)
        .map(Event::count)
        .sum()
}

/// The fingerprint of a Facebook message.
pub(super) fn message_print(thread: &str, ms: i64, sender: &str) -> Vec<u64> {
    vec![fingerprint(&[
        b"facebook:message",
        thread.as_bytes(),
        &ms.to_le_bytes(),
        sender.as_bytes(),
    ])]
}

pub(super) fn warnings(sink: &Sink) -> Vec<String> {
    sink.warnings.iter().map(ToString::to_string).collect()
}

pub(super) const INBOX: &str = "messages/inbox/alice_ABC123/message_1.json";

// ------------------------------------------------------------ detection

#[test]
fn detects_every_layout_by_path() {
    let yes = [
        "messages/inbox/alice_ABC123/message_1.json",
        "messages/alice_ABC123/message.json",
        "messages/archived_threads/zoe_ARCH/message_1.json",
        "messages/message_requests/x_1/message_2.json",
        "messages/filtered_threads/x_1/message_10.json",
        "messages/legacy_threads/x_1/message_1.json",
        "your_activity_across_facebook/messages/inbox/a_1/message_1.json",
        "your_facebook_activity/messages/e2ee_cutover/a_1/message_1.json",
        "facebook-ana-2024/your_facebook_activity/messages/inbox/a_1/message_3.json",
        "friends/friends.json",
        "friends_and_followers/friends.json",
        "connections/friends/your_friends.json",
        "profile_information/profile_information.json",
        "personal_information/profile_information/profile_information.json",
        "index.html",
        "facebook-ana-2020/index.html",
        "start_here.html",
        "html/messages.htm",
        "message_1.html",
    ];
    for path in yes {
        assert!(Facebook.detect(path, b""), "{path}");
    }
    let no = [
        "messages/inbox/alice_ABC123/photos/1.jpg",
        "messages/inbox/message_1.json",
        "messages/stickers_used/x/message_1.json",
        "messages/inbox/alice_ABC123/message_1.html",
        "friends_and_followers/removed_friends.json",
        "friends_and_followers/sent_friend_requests.json",
        "about_you/your_address_books.json",
        "your_instagram_activity/messages/inbox/a_1/message_1.json",
        "site/pages/index.html",
        "Connections.csv",
        "message_1.json",
    ];
    for path in no {
        assert!(!Facebook.detect(path, b""), "{path}");
    }
}

#[test]
fn detects_e2ee_and_bare_thread_files_by_content() {
    let e2ee = br#"{"participants": ["A B", "C D"], "threadName": "C D", "messages": []}"#;
    assert!(Facebook.detect("alice_1.json", e2ee));
    assert!(Facebook.detect("secure/Alice_Example_2.json", e2ee));
    let bare = br#"{"participants": [{"name": "A"}], "messages": [{"sender_name": "A"#;
    assert!(Facebook.detect("message_1.json", bare));
    assert!(!Facebook.detect("alice_1.csv", e2ee));
    assert!(!Facebook.detect("alice_1.json", br#"{"participants": []}"#));
    assert!(!Facebook.detect("your_instagram_activity/x/alice_1.json", e2ee));
}

// ------------------------------------------------------------ reading

#[test]
fn corrupt_thread_is_a_located_error() {
    assert_eq!(
        run_err(INBOX, "{this is not: valid json"),
        format!("{INBOX}:1: invalid JSON: key must be a string (column 2)")
    );
    assert_eq!(
        run_err(INBOX, "{\"participants\": [\n{\"name\": \"A\"}"),
        format!("{INBOX}:2: truncated JSON: EOF while parsing a list (column 13)")
    );
    assert_eq!(
        run_err(INBOX, r#"{"participants": "Ana", "messages": []}"#),
        format!(
            "{INBOX}:1: unexpected JSON structure: invalid type: string \"Ana\", \
             expected a sequence (column 22)"
        )
    );
    assert_eq!(
        run_err(INBOX, r#"{"participants": [{"name": "A"}]}"#),
        format!("{INBOX}: expected a messenger thread with a \"messages\" list, found none")
    );
    assert_eq!(
        run_err(INBOX, ""),
        format!("{INBOX}:1: truncated JSON: EOF while parsing a value")
    );
}

#[test]
fn bytes_that_are_not_utf8_fail_only_where_read() {
    // In a message's text, which is never read: the thread imports.
    let mut sink = Sink::new();
    let text = b"{\"participants\": [{\"name\": \"Ana\"}], \"messages\": [\
                 {\"sender_name\": \"Ana\", \"timestamp_ms\": 1, \"content\": \"caf\xe9\"}]}";
    import_bytes(INBOX, text, &mut sink).unwrap();
    assert_eq!(
        events(&sink),
        ["Online FacebookMessage 1970-01-01T00:00:00.001Z Ana [Ana]"]
    );
    // In a name: the file's error says where.
    let mut sink = Sink::new();
    let text = b"{\"participants\": [{\"name\": \"Jos\xe9\"}], \"messages\": []}";
    let err = import_bytes(INBOX, text, &mut sink)
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        format!("{INBOX}:1: invalid JSON: invalid unicode code point (column 32)")
    );
}

#[test]
fn byte_order_mark_is_skipped() {
    let sink = run(
        INBOX,
        "\u{feff}{\"participants\": [{\"name\": \"Ana\"}], \"messages\": []}",
    );
    assert_eq!(names(&sink), ["Ana"]);
}

#[test]
fn html_archive_gets_the_json_advice() {
    for path in [
        "index.html",
        "facebook-ana/start_here.html",
        "message_1.html",
    ] {
        assert_eq!(
            run_err(path, "<!DOCTYPE html><html></html>"),
            format!(
                "{path}: this is a facebook archive in HTML format, which offgrid cannot \
                 read; download your information again choosing format JSON"
            )
        );
    }
}

// ------------------------------------------------------------ fixtures

const ANA: &str = "Ana Ribeiro-Sørensen";

fn owner(sink: &Sink) -> Vec<&Record> {
    sink.records.iter().filter(|r| r.owner).collect()
}

#[test]
fn fixture_2018_layout() {
    let out = import_folder("2018");
    assert_eq!(
        out.files,
        [
            "friends/friends.json",
            "messages/inbox/josemullerlukasiewicz_a1b2c3d4e5/message_1.json",
            "messages/inbox/triviaknights_f6e5d4c3b2/message_1.json",
            "profile_information/profile_information.json",
        ]
    );
    assert!(out.errors.is_empty() && out.sink.warnings.is_empty());
    let jose = "José Müller-Łukasiewicz";
    let group = format!("{ANA}, {jose}, Chloé Dubois, Bartholomew Quill");
    assert_eq!(
        events(&out.sink),
        [
            format!("Seen FacebookFriend 2016-05-01T12:00:00Z - [{jose}]"),
            "Seen FacebookFriend 2017-09-10T08:30:00Z - [Chloé Dubois]".to_owned(),
            "Seen FacebookFriend 2015-01-20T21:00:00Z - [Bartholomew Quill]".to_owned(),
            format!("Online FacebookMessage 2018-03-05T19:02:00Z {jose} [{jose}, {ANA}]"),
            format!("Direct MessengerCall 2018-03-05T18:40:00Z {ANA} [{jose}, {ANA}]"),
            format!("Seen MessengerCall 2018-03-05T18:30:00Z {jose} [{jose}, {ANA}]"),
            format!("Online FacebookMessage 2018-03-04T09:15:00Z {ANA} [{jose}, {ANA}]"),
            format!(
                "Online FacebookMessage 2018-04-02T20:05:00Z Kenji Watanabe \
                 [{group}, Kenji Watanabe]"
            ),
            format!("Online FacebookMessage 2018-04-01T18:00:00Z Chloé Dubois [{group}]"),
            format!("Online FacebookMessage 2018-04-01T17:00:00Z Bartholomew Quill [{group}]"),
        ]
    );
    let owners = owner(&out.sink);
    assert_eq!(owners.len(), 1);
    assert_eq!(owners[0].names, [ANA]);
    assert_eq!(owners[0].emails.len(), 2);
    assert_eq!(owners[0].phones[0].as_str(), "+15550100100");
}

#[test]
fn fixture_2020_layout() {
    let out = import_folder("2020");
    assert_eq!(
        out.files,
        [
            "friends_and_followers/friends.json",
            "messages/archived_threads/chloedubois_4k3j2h1g0f/message_1.json",
            "messages/inbox/miaokafor_9z8y7x6w5v/message_1.json",
            "profile_information/profile_information.json",
        ]
    );
    assert!(out.errors.is_empty() && out.sink.warnings.is_empty());
    let mia = "Mia Okafor 🌻";
    assert_eq!(
        events(&out.sink),
        [
            format!("Seen FacebookFriend 2019-08-30T16:00:00Z - [{mia}]"),
            "Seen FacebookFriend 2017-09-10T08:30:00Z - [Chloé Dubois]".to_owned(),
            format!(
                "Online FacebookMessage 2019-11-02T10:00:00Z Chloé Dubois [Chloé Dubois, {ANA}]"
            ),
            format!("Online FacebookMessage 2020-06-12T21:00:00Z {mia} [{mia}, {ANA}]"),
            format!("Direct MessengerCall 2020-06-12T20:30:00Z {ANA} [{mia}, {ANA}]"),
            // The unsent message counts.
            format!("Online FacebookMessage 2020-06-12T20:00:00Z {ANA} [{mia}, {ANA}]"),
            format!("Online FacebookMessage 2020-06-11T09:00:00Z {mia} [{mia}, {ANA}]"),
        ]
    );
    assert_eq!(owner(&out.sink)[0].names, [ANA]);
}

#[test]
fn fixture_2022_layout_multi_file_thread_and_calls_without_type() {
    let out = import_folder("2022");
    let thread = "your_activity_across_facebook/messages/inbox/bartholomewquill_5551234567890123";
    assert_eq!(
        out.files,
        [
            "connections/friends/your_friends.json".to_owned(),
            "your_activity_across_facebook/messages/filtered_threads/\
             kenjiwatanabe_5559876543210987/message_1.json"
                .to_owned(),
            format!("{thread}/message_1.json"),
            format!("{thread}/message_10.json"),
            format!("{thread}/message_2.json"),
        ]
    );
    assert!(out.errors.is_empty() && out.sink.warnings.is_empty());
    let bart = "Bartholomew Quill";
    assert_eq!(
        events(&out.sink),
        [
            format!("Seen FacebookFriend 2019-07-15T09:00:00Z - [{bart}]"),
            "Seen FacebookFriend 2016-05-01T12:00:00Z - [José Müller-Łukasiewicz]".to_owned(),
            format!(
                "Online FacebookMessage 2022-02-02T02:02:00Z Kenji Watanabe \
                 [Kenji Watanabe, {ANA}]"
            ),
            format!("Online FacebookMessage 2022-10-05T12:00:00Z {bart} [{bart}, {ANA}]"),
            format!("Direct MessengerCall 2022-10-05T11:30:00Z {ANA} [{bart}, {ANA}]"),
            format!("Seen MessengerCall 2022-10-05T11:00:00Z {bart} [{bart}, {ANA}]"),
            format!("Online FacebookMessage 2019-07-14T15:00:00Z {bart} [{bart}, {ANA}]"),
            format!("Online FacebookMessage 2021-03-01T08:00:00Z {ANA} [{bart}, {ANA}]"),
        ]
    );
    // No profile in this archive: no owner record.
    assert!(owner(&out.sink).is_empty());
}

#[test]
fn fixture_2024_layout_with_e2ee_cutover() {
    let out = import_folder("2024");
    assert_eq!(
        out.files,
        [
            "connections/friends/your_friends.json",
            "personal_information/profile_information/profile_information.json",
            "your_facebook_activity/messages/e2ee_cutover/josemullerlukasiewicz_10001234567890/\
             message_1.json",
            "your_facebook_activity/messages/message_requests/kenjiwatanabe_10009999999999/\
             message_1.json",
        ]
    );
    assert!(out.errors.is_empty() && out.sink.warnings.is_empty());
    let jose = "José Müller-Łukasiewicz";
    assert_eq!(
        events(&out.sink),
        [
            format!("Seen FacebookFriend 2016-05-01T12:00:00Z - [{jose}]"),
            "Seen FacebookFriend 2019-08-30T16:00:00Z - [Mia Okafor 🌻]".to_owned(),
            format!("Direct MessengerCall 2023-12-01T18:00:00Z {ANA} [{jose}, {ANA}]"),
            format!("Online FacebookMessage 2023-11-30T10:00:00Z {jose} [{jose}, {ANA}]"),
            format!(
                "Online FacebookMessage 2024-01-10T10:00:00Z Kenji Watanabe \
                 [Kenji Watanabe, {ANA}]"
            ),
        ]
    );
    let owners = owner(&out.sink);
    assert_eq!(owners.len(), 1);
    assert_eq!(owners[0].names, [ANA, "Ana Ribeiro"]);
}

#[test]
fn fixture_e2ee_download() {
    let out = import_folder("e2ee");
    assert_eq!(out.files, ["JoseMullerLukasiewicz_1.json"]);
    assert_eq!(names(&out.sink), [ANA, "José Müller-Łukasiewicz"]);
    assert_eq!(out.sink.events.len(), 2);
}

#[test]
fn fixture_broken_thread_costs_only_itself() {
    let out = import_folder("broken");
    assert_eq!(
        out.errors,
        [
            "messages/inbox/chloedubois_0b0b0b0b0b/message_1.json:7: truncated JSON: \
          EOF while parsing an object (column 65)"
        ]
    );
    assert_eq!(names(&out.sink), ["Mia Okafor 🌻", ANA]);
    assert_eq!(out.sink.events.len(), 1);
    assert_eq!(
        warnings(&out.sink),
        [
            "messages/inbox/miaokafor_0c0c0c0c0c/message_1.json: messages[1]: \
          expected timestamp_ms, found none"
        ]
    );
}

#[test]
fn fixture_html_archive_gives_one_error() {
    let out = import_folder("html");
    assert_eq!(out.files, ["index.html"]);
    assert_eq!(
        out.errors,
        [
            "index.html: this is a facebook archive in HTML format, which offgrid cannot read; \
          download your information again choosing format JSON"
        ]
    );
}

#[test]
fn fixture_multipart_zips_through_discovery() {
    let dir = fixtures().join("multipart");
    let as_folder =
        crate::discover::discover(std::slice::from_ref(&dir), &ctx(), Fold::Day, &|_| {});
    let as_parts = crate::discover::discover(
        &[
            dir.join("facebook-part2.zip"),
            dir.join("facebook-part1.zip"),
        ],
        &ctx(),
        Fold::Day,
        &|_| {},
    );
    for imported in [&as_folder, &as_parts] {
        assert!(imported.errors.is_empty(), "{:?}", imported.errors);
        let entries: Vec<&str> = imported
            .entries
            .iter()
            .map(|(_, d)| d.rsplit('/').next().unwrap())
            .collect();
        assert_eq!(
            entries,
            [
                "profile_information.json",
                "message_1.json",
                "your_friends.json",
                "message_2.json",
            ]
        );
        let sink = &imported.sink;
        let chloe = "Chloé Dubois";
        assert_eq!(
            events(sink),
            [
                format!("Online FacebookMessage 2024-05-02T12:00:00Z {chloe} [{chloe}, {ANA}]"),
                format!("Direct MessengerCall 2024-05-02T11:00:00Z {ANA} [{chloe}, {ANA}]"),
                format!("Seen FacebookFriend 2017-09-10T08:30:00Z - [{chloe}]"),
                format!("Online FacebookMessage 2023-01-15T19:00:00Z {ANA} [{chloe}, {ANA}]"),
            ]
        );
        // Both halves of the thread share one thread key.
        assert_eq!(
            *sink.events[3].folded,
            message_print(
                "chloedubois_10007777777777",
                1_673_809_200_000,
                "Ana Ribeiro-Sørensen"
            )
        );
        assert_eq!(owner(sink).len(), 1);
    }
}

// ------------------------------------------------------------ corpus

/// Every Facebook file of the shared corpus, imported under a realistic
/// archive path (the corpus names are flat).
#[test]
fn corpus_files() {
    let root = std::env::var_os("OFFGRID_CORPUS").map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus")),
        PathBuf::from,
    );
    let dir = root.join("facebook");
    if !dir.is_dir() {
        eprintln!("skipped: corpus not found at {}", dir.display());
        return;
    }
    // (corpus file, path in an archive, what it gives)
    let cases: &[(&str, &str, &str)] = &[
        (
            "pedrofuentes__kawsay__inbox_jose_abc__message_1.json",
            "messages/inbox/jose_abc/message_1.json",
            "2 records, 3 messages, 0 calls, 0 missed",
        ),
        (
            "wesm__msgvault__inbox_alice_ABC123__message_1.json",
            "your_activity_across_facebook/messages/inbox/alice_ABC123/message_1.json",
            "2 records, 3 messages, 0 calls, 0 missed",
        ),
        (
            "wesm__msgvault__archived_threads_zoe_ARCH__message_1.json",
            "your_activity_across_facebook/messages/archived_threads/zoe_ARCH/message_1.json",
            "2 records, 1 messages, 0 calls, 0 missed",
        ),
        (
            "wesm__msgvault__your_facebook_activity_carol_ALT456__message_1.json",
            "your_facebook_activity/messages/inbox/carol_ALT456/message_1.json",
            "2 records, 1 messages, 0 calls, 0 missed",
        ),
        (
            "wesm__msgvault__inbox_crew_GRP123__message_1.json",
            "messages/inbox/crew_GRP123/message_1.json",
            "3 records, 3 messages, 0 calls, 0 missed",
        ),
        (
            "wesm__msgvault__inbox_dave_MULTI__message_1.json",
            "messages/inbox/dave_MULTI/message_1.json",
            "2 records, 2 messages, 0 calls, 0 missed",
        ),
        (
            "wesm__msgvault__inbox_dave_MULTI__message_2.json",
            "messages/inbox/dave_MULTI/message_2.json",
            "2 records, 1 messages, 0 calls, 0 missed",
        ),
        (
            "wesm__msgvault__inbox_dave_MULTI__message_10.json",
            "messages/inbox/dave_MULTI/message_10.json",
            "2 records, 1 messages, 0 calls, 0 missed",
        ),
        // Sticker, photo and share are messages; one answered call, one
        // missed call; the Unsubscribe notice is not a message.
        (
            "wesm__msgvault__inbox_sam_NONTXT__message_1.json",
            "messages/inbox/sam_NONTXT/message_1.json",
            "2 records, 3 messages, 1 calls, 1 missed",
        ),
        // E2EE flat files: found by content; the unsent message counts.
        (
            "wesm__msgvault__e2ee_flat__alice_1.json",
            "alice_1.json",
            "2 records, 4 messages, 0 calls, 0 missed",
        ),
        (
            "wesm__msgvault__e2ee_flat__group_2.json",
            "group_2.json",
            "3 records, 2 messages, 0 calls, 0 missed",
        ),
        (
            "wesm__msgvault__corrupt_broken_BAD__message_1.json",
            "messages/inbox/broken_BAD/message_1.json",
            "error: messages/inbox/broken_BAD/message_1.json:1: invalid JSON: \
          key must be a string (column 2)",
        ),
        (
            "wesm__msgvault__html_alice_ABC123__message_1.html",
            "message_1.html",
            "html",
        ),
        (
            "wesm__msgvault__html_timestamps_layout1.html",
            "message_1.html",
            "html",
        ),
        (
            "wesm__msgvault__html_timestamps_layout2.html",
            "message_1.html",
            "html",
        ),
        (
            "wesm__msgvault__html_timestamps_layout3.html",
            "message_1.html",
            "html",
        ),
        // JSON Schemas, not samples: at their archive paths they are
        // refused as a whole, naming the key they lack.
        (
            "SamuelePilleri__facebook-schemas__SCHEMA_messages_message.json",
            "messages/inbox/schema_1/message_1.json",
            "error: messages/inbox/schema_1/message_1.json: expected a messenger thread \
          with a \"messages\" list, found none",
        ),
        (
            "SamuelePilleri__facebook-schemas__SCHEMA_friends_friends.json",
            "friends/friends.json",
            "error: friends/friends.json: expected a \"friends\" or \"friends_v2\" list, \
          found none",
        ),
        (
            "SamuelePilleri__facebook-schemas__SCHEMA_profile_information.json",
            "profile_information/profile_information.json",
            "error: profile_information/profile_information.json: expected a \"profile\" \
          or \"profile_v2\" object, found none",
        ),
    ];
    let mut seen = 0;
    for &(file, path, want) in cases {
        let Ok(bytes) = std::fs::read(dir.join(file)) else {
            panic!("corpus file missing: {file}");
        };
        let head = &bytes[..bytes.len().min(8 * 1024)];
        assert!(Facebook.detect(path, head), "{file} not detected at {path}");
        let mut sink = Sink::new();
        let got = match import_bytes(path, &bytes, &mut sink) {
            Ok(()) => format!(
                "{} records, {} messages, {} calls, {} missed",
                sink.records.len(),
                count(&sink, EventKind::Online, &Channel::FacebookMessage),
                count(&sink, EventKind::Direct, &Channel::MessengerCall),
                count(&sink, EventKind::Seen, &Channel::MessengerCall),
            ),
            Err(ImportError::HtmlArchive { .. }) => "html".to_owned(),
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(got, want, "{file}");
        assert!(sink.warnings.is_empty(), "{file}: {:?}", sink.warnings);
        if file.starts_with("pedrofuentes") {
            // Mojibake in names: José García, not JosÃ© GarcÃ­a.
            assert_eq!(names(&sink), ["José García", "Me"]);
            assert_eq!(sink.events[0].sender(), Some(0));
        }
        seen += 1;
    }
    // The schemas of files offgrid does not read are not detected.
    for (file, path) in [
        (
            "SamuelePilleri__facebook-schemas__SCHEMA_about_you_your_address_books.json",
            "about_you/your_address_books.json",
        ),
        (
            "SamuelePilleri__facebook-schemas__SCHEMA_calls_and_messages_call_logs.json",
            "calls_and_messages/call_logs.json",
        ),
    ] {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        assert!(!Facebook.detect(path, &bytes), "{file}");
        seen += 1;
    }
    // Every Facebook file in the corpus is covered above.
    let on_disk = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(seen, on_disk, "a corpus file is not covered by this test");
}
