//! The counting rules and every kind of damage, on small inline archives;
//! the fixtures in `fixtures/mail/`.

use std::io::Cursor;
use std::sync::Arc;

use jiff::tz::TimeZone;

use super::*;
use crate::model::{Event, Region};

fn ctx(owner: &[&str]) -> Context {
    Context {
        region: Region::default(),
        tz: TimeZone::UTC,
        as_of: jiff::civil::date(2026, 6, 30),
        limits: crate::limits::Limits::default(),
        mail: Settings::new(owner.iter().map(|e| Email::parse(e).unwrap()), Some(3)),
    }
}

fn run_bytes(path: &str, bytes: &[u8], ctx: &Context) -> Result<Sink, ImportError> {
    let mut entry = Entry {
        path: path.to_owned(),
        display: Arc::from(path),
        reader: Box::new(Cursor::new(bytes.to_vec())),
    };
    let mut sink = Sink::new();
    Mail.import(&mut entry, ctx, &mut sink)?;
    sink.settle();
    Ok(sink)
}

fn run(text: &str, ctx: &Context) -> Sink {
    run_bytes("Mail/Inbox", text.as_bytes(), ctx).unwrap()
}

/// One mbox message: a `From ` line, the given header lines, a body.
fn msg(headers: &str) -> String {
    format!("From x@xxx Mon May 26 20:18:05 +0000 2025\n{headers}\nhello\n\n")
}

/// A personal message from `from` to `to` on a day of May 2025.
fn mail(from: &str, to: &str, day: u8) -> String {
    msg(&format!(
        "From: {from}\nTo: {to}\nDate: Mon, {day} May 2025 10:00:00 +0000\nMessage-ID: <{from}-{to}-{day}@example.com>\n"
    ))
}

fn email_of(sink: &Sink, r: RecordRef) -> &str {
    sink.records[r as usize].emails[0].as_str()
}

/// Each event as `kind sender: participants day xN`.
fn events(sink: &Sink) -> Vec<String> {
    sink.events
        .iter()
        .map(|e: &Event| {
            let kind = match e.kind {
                EventKind::Online => "online",
                EventKind::Direct => "direct",
                EventKind::Seen => "seen",
            };
            let sender = e.sender().map_or("-", |s| email_of(sink, s));
            let who: Vec<&str> = e
                .participants()
                .iter()
                .map(|&p| email_of(sink, p))
                .collect();
            let day = e.when().date_in(&TimeZone::UTC);
            format!("{kind} {sender}: {} {day} x{}", who.join(" "), e.count())
        })
        .collect()
}

fn warnings(sink: &Sink) -> Vec<String> {
    sink.warnings.iter().map(ToString::to_string).collect()
}

const ME: &str = "me@example.com";

#[test]
fn personal_messages_both_ways_to_cc_and_bcc() {
    let text = [
        mail(ME, "Bo <bo@example.com>", 1),
        mail("Bo <bo@example.com>", ME, 2),
        msg("From: cy@example.com\nTo: dee@example.com\nCc: me@example.com\nDate: Tue, 3 May 2025 09:00:00 +0000\n"),
        // Bcc: the owner is on neither side.
        msg("From: eve@example.com\nTo: fay@example.com\nDate: Wed, 4 May 2025 09:00:00 +0000\n"),
        // A note to self.
        mail(ME, ME, 5),
    ]
    .concat();
    let sink = run(&text, &ctx(&[ME]));
    assert_eq!(
        events(&sink),
        [
            "online me@example.com: me@example.com bo@example.com 2025-05-01 x1",
            "online bo@example.com: bo@example.com me@example.com 2025-05-02 x1",
            "online cy@example.com: cy@example.com me@example.com 2025-05-03 x1",
        ]
    );
    assert!(warnings(&sink).is_empty());
    let owner: Vec<bool> = sink.records.iter().map(|r| r.owner).collect();
    assert_eq!(owner, [true, false, false]);
    assert_eq!(sink.records[1].names, ["Bo"]);
    assert_eq!(sink.records[1].source, Some(SourceKind::Mail));
}

#[test]
fn more_recipients_than_the_limit_is_evidence_only() {
    // The limit is 3 in these tests.
    let many = "a@example.com, b@example.com, c@example.com, d@example.com";
    let three = "a@example.com, b@example.com, c@example.com";
    let text = [
        mail(ME, many, 1),
        mail(ME, three, 2),
        msg(&format!(
            "From: z@example.com\nTo: {ME}, {many}\nDate: 3 May 2025 09:00 +0000\n"
        )),
    ]
    .concat();
    let sink = run(&text, &ctx(&[ME]));
    assert_eq!(
        events(&sink),
        [
            "seen me@example.com: me@example.com a@example.com b@example.com c@example.com d@example.com 2025-05-01 x1",
            "online me@example.com: me@example.com a@example.com b@example.com c@example.com 2025-05-02 x1",
            "seen z@example.com: z@example.com me@example.com 2025-05-03 x1",
        ]
    );
    let text = "[mail]\nmax-recipients = 12\n";
    let c = crate::config::Config::parse(std::path::Path::new("c.toml"), text).unwrap();
    assert_eq!(c.mail.max_recipients, Some(12));
    assert_eq!(Settings::default().max_recipients, MAX_RECIPIENTS);
}

#[test]
fn list_posts_count_only_for_people_written_to() {
    let list = |from: &str, day: u8| {
        msg(&format!(
            "From: {from}\nTo: dev@lists.example.com\nList-Id: <dev.lists.example.com>\nDate: {day} Apr 2025 08:00 +0000\n"
        ))
    };
    let text = [
        list("bo@example.com", 1),
        list("bo@example.com", 9),
        list("stranger@example.com", 2),
        msg("From: cy@example.com\nTo: me@example.com\nPrecedence: bulk\nDate: 3 Apr 2025 08:00 +0000\n"),
        mail(ME, "bo@example.com", 20),
    ]
    .concat();
    let sink = run(&text, &ctx(&[ME]));
    assert_eq!(
        events(&sink),
        [
            "seen bo@example.com: bo@example.com 2025-04-01 x1",
            "seen bo@example.com: bo@example.com 2025-04-09 x1",
            "online me@example.com: me@example.com bo@example.com 2025-05-20 x1",
        ]
    );
    // The stranger and the bulk sender are nobody.
    let emails: Vec<&str> = sink.records.iter().map(|r| r.emails[0].as_str()).collect();
    assert_eq!(emails, ["bo@example.com", "me@example.com"]);
}

#[test]
fn newsletters_and_robots_are_never_people() {
    let text = [
        msg("From: News <news@shop.example.com>\nTo: me@example.com\nList-Unsubscribe: <mailto:u@shop.example.com>\nDate: 1 Apr 2025 08:00 +0000\n"),
        msg("From: friend@example.com\nTo: me@example.com\nList-Unsubscribe: <https://x.example.com/u>\nDate: 2 Apr 2025 08:00 +0000\n"),
        mail("no-reply@example.com", ME, 3),
        mail("NoReply@example.com", ME, 4),
        mail("MAILER-DAEMON@mx.example.com", ME, 5),
        mail("do_not_reply@example.com", ME, 6),
        mail(ME, "friend@example.com", 7),
    ]
    .concat();
    let sink = run(&text, &ctx(&[ME]));
    assert_eq!(
        events(&sink),
        [
            // Bulk from someone the owner writes to: seen, never online.
            "seen friend@example.com: friend@example.com 2025-04-02 x1",
            "online me@example.com: me@example.com friend@example.com 2025-05-07 x1",
        ]
    );
    assert!(is_robot(&Email::parse("postmaster@example.com").unwrap()));
    assert!(!is_robot(&Email::parse("reply@example.com").unwrap()));
}

#[test]
fn spam_trash_drafts_and_expunged_are_skipped() {
    let labelled = |labels: &str, day: u8| {
        msg(&format!(
            "X-Gmail-Labels: {labels}\nFrom: bo@example.com\nTo: {ME}\nDate: {day} May 2025 08:00 +0000\n"
        ))
    };
    let text = [
        labelled("Spam", 1),
        labelled("Inbox,Trash", 2),
        labelled("Corbeille", 3),
        labelled("Inbox,Category Personal,Opened", 4),
        msg("X-Mozilla-Status: 0009\nFrom: cy@example.com\nTo: me@example.com\nDate: 5 May 2025 08:00 +0000\n"),
    ]
    .concat();
    let sink = run(&text, &ctx(&[ME]));
    assert_eq!(
        events(&sink),
        ["online bo@example.com: bo@example.com me@example.com 2025-05-04 x1"]
    );
    for (path, want) in [
        ("Mail/Local Folders/Trash", Folder::Discarded),
        (
            "Maildir/.Junk/cur/1700000000.M1P2.host:2,S",
            Folder::Discarded,
        ),
        ("Drafts.mbox/mbox", Folder::Discarded),
        ("Mail/Local Folders/Unsent Messages", Folder::Discarded),
        ("Mail/Local Folders/Templates", Folder::Discarded),
        ("Mail/Local Folders/Sent", Folder::Sent),
        (
            "ImapMail/imap.example.com/[Gmail].sbd/Sent Mail",
            Folder::Sent,
        ),
        ("Maildir/.INBOX.Sent/new/1.eml", Folder::Sent),
        ("Sent Messages.mbox/mbox", Folder::Sent),
        (
            "Takeout/Mail/All mail Including Spam and Trash.mbox",
            Folder::Plain,
        ),
        ("Maildir/cur/1700000000.M1P2.host:2,S", Folder::Plain),
    ] {
        assert_eq!(Folder::of(path), want, "{path}");
    }
    let sink = run_bytes(
        "Mail/Trash",
        mail("bo@example.com", ME, 1).as_bytes(),
        &ctx(&[ME]),
    )
    .unwrap();
    assert!(sink.records.is_empty() && sink.events.is_empty());
}

#[test]
fn the_owner_is_inferred_from_gmail_s_sent_label() {
    let sent = |to: &str, day: u8| {
        msg(&format!(
            "X-Gmail-Labels: Sent\nFrom: Alex <alex@gmail.com>\nTo: {to}\nDate: {day} May 2025 08:00 +0000\n"
        ))
    };
    let text = [
        sent("bo@example.com", 1),
        sent("cy@example.com", 2),
        mail("bo@example.com", "a.lex+work@gmail.com", 3),
        // Not to the owner: Bcc.
        mail("cy@example.com", "dee@example.com", 4),
    ]
    .concat();
    let sink = run(&text, &ctx(&[]));
    assert_eq!(
        events(&sink),
        [
            "online alex@gmail.com: alex@gmail.com bo@example.com 2025-05-01 x1",
            "online alex@gmail.com: alex@gmail.com cy@example.com 2025-05-02 x1",
            "online bo@example.com: bo@example.com alex@gmail.com 2025-05-03 x1",
        ]
    );
    let owner = &sink.records[0];
    assert!(owner.owner);
    assert_eq!(owner.names, ["Alex"]);
    let emails: Vec<&str> = owner.emails.iter().map(Email::as_str).collect();
    assert_eq!(emails, ["alex@gmail.com", "a.lex+work@gmail.com"]);
}

#[test]
fn the_owner_is_inferred_from_a_sent_folder_or_from_most_messages() {
    let text = [mail("me@example.org", "bo@example.com", 1)].concat();
    let sink = run_bytes("Mail/Local Folders/Sent", text.as_bytes(), &ctx(&[])).unwrap();
    assert_eq!(
        events(&sink),
        ["online me@example.org: me@example.org bo@example.com 2025-05-01 x1"]
    );
    assert!(sink.records[0].owner);
    // An inbox: the owner is in every personal message.
    let inbox: String = (1..=5)
        .map(|d| mail(&format!("p{d}@example.com"), "me@example.org", d))
        .collect();
    let sink = run(&inbox, &ctx(&[]));
    assert_eq!(sink.events.len(), 5);
    let owners: Vec<&str> = sink
        .records
        .iter()
        .filter(|r| r.owner)
        .map(|r| r.emails[0].as_str())
        .collect();
    assert_eq!(owners, ["me@example.org"]);
    // Too few to tell: each message counts for its sender, as in any source.
    let few: String = (1..=2)
        .map(|d| mail(&format!("p{d}@example.com"), "me@example.org", d))
        .collect();
    let sink = run(&few, &ctx(&[]));
    assert!(sink.records.iter().all(|r| !r.owner));
    assert_eq!(
        events(&sink)[0],
        "online p1@example.com: p1@example.com me@example.org 2025-05-01 x1"
    );
}

#[test]
fn gmail_addresses_are_one_however_written() {
    let text = [
        mail("Bo Smith <bo.smith@gmail.com>", ME, 1),
        mail("bosmith+lists@googlemail.com", ME, 2),
    ]
    .concat();
    let sink = run(&text, &ctx(&[ME]));
    assert_eq!(sink.records.len(), 2);
    let emails: Vec<&str> = sink.records[0].emails.iter().map(Email::as_str).collect();
    assert_eq!(
        emails,
        ["bo.smith@gmail.com", "bosmith+lists@googlemail.com"]
    );
}

#[test]
fn a_message_read_twice_counts_once() {
    let one = mail("bo@example.com", ME, 1);
    let sink = run(&[one.clone(), one].concat(), &ctx(&[ME]));
    assert_eq!(sink.events.len(), 1);
    assert_eq!(sink.events[0].folded.to_vec().len(), 1);
}

#[test]
fn damage_crlf_escaping_folding_encoded_words() {
    let text = "From 1@xxx Mon May 26 20:18:05 +0000 2025\r\n\
        X-GM-THRID: 1\r\n\
        X-Gmail-Labels: Inbox\r\n\
        From: =?UTF-8?Q?Zo=C3=AB_Durand?=\r\n <zoe@example.com>\r\n\
        To:\r\n\tme@example.com\r\n\
        Date: Mon, 26 May 2025 20:18:05 +0000\r\n\
        \r\n\
        From the notes: 10:30 tomorrow\r\n\
        Subject: not a header, a body line\r\n\
        >From mboxrd\r\n\
        \r\n\
        From 2@xxx Tue May 27 08:00:00 +0000 2025\r\n\
        From: bo@example.com\r\n\
        To: me@example.com\r\n\
        Date: Tuesday, 27-May-25 08:00:00 GMT\r\n\
        \r\n\
        body\r\n";
    let sink = run(text, &ctx(&[ME]));
    assert_eq!(
        events(&sink),
        [
            "online zoe@example.com: zoe@example.com me@example.com 2025-05-26 x1",
            "online bo@example.com: bo@example.com me@example.com 2025-05-27 x1",
        ]
    );
    assert_eq!(sink.records[0].names, ["Zoë Durand"]);
    assert_eq!(sink.events[1].location().line, Some(14));
    assert_eq!(warnings(&sink), Vec::<String>::new());
}

#[test]
fn damage_missing_and_bad_dates() {
    let text = [
        // No Date: the From line's.
        "From bo@example.com Sat Jan  3 01:05:34 1996\nFrom: bo@example.com\nTo: me@example.com\n\nhi\n\n".to_owned(),
        // An unreadable Date: the From line's too.
        "From - Mon Jan 01 00:00:00 2024\nFrom: cy@example.com\nTo: me@example.com\nDate: someday\n\nhi\n\n".to_owned(),
    ]
    .concat();
    let sink = run(&text, &ctx(&[ME]));
    assert_eq!(
        events(&sink),
        [
            "online bo@example.com: bo@example.com me@example.com 1996-01-03 x1",
            "online cy@example.com: cy@example.com me@example.com 2024-01-01 x1",
        ]
    );
    // Neither: a located warning; the next message is kept.
    let text = "Date: someday\nFrom: cy@example.com\nTo: me@example.com\n\nhi\n";
    let sink = run_bytes("1.eml", text.as_bytes(), &ctx(&[ME])).unwrap();
    assert_eq!(
        warnings(&sink),
        ["1.eml:1: expected a date in Date: or the `From ` line, found \"someday\"; message skipped"]
    );
    let text = "From x y\nFrom: cy@example.com\nTo: me@example.com\n\nhi\n\n".to_owned()
        + &mail("bo@example.com", ME, 1);
    let sink = run(&text, &ctx(&[ME]));
    assert_eq!(
        warnings(&sink),
        ["Mail/Inbox:1: expected a date in Date: or the `From ` line, found none; message skipped"]
    );
    assert_eq!(sink.events.len(), 1);
}

#[test]
fn damage_a_message_cut_off() {
    let text = mail("bo@example.com", ME, 1)
        + "From x@xxx Mon May 26 20:18:05 +0000 2025\nFrom: cy@example.com\nTo: me@exa";
    let sink = run(&text, &ctx(&[ME]));
    assert_eq!(sink.events.len(), 1);
    assert_eq!(
        warnings(&sink),
        ["Mail/Inbox:9: message cut off in its headers; skipped"]
    );
    // Cut in the body: nothing lost.
    let second = mail("cy@example.com", ME, 2);
    let text = mail("bo@example.com", ME, 1) + &second[..second.find("hello").unwrap() + 3];
    let sink = run(&text, &ctx(&[ME]));
    assert_eq!(sink.events.len(), 2);
    assert!(warnings(&sink).is_empty());
    // Cut in the headers by the next message.
    let text = "From x@xxx Mon May 26 20:18:05 +0000 2025\nFrom: cy@example.com\n".to_owned()
        + &mail("bo@example.com", ME, 1);
    let sink = run(&text, &ctx(&[ME]));
    assert_eq!(sink.events.len(), 1);
    assert_eq!(
        warnings(&sink),
        ["Mail/Inbox:1: message cut off in its headers by the next `From ` line; skipped"]
    );
}

#[test]
fn a_message_without_a_sender_is_a_warning() {
    let text = msg("To: me@example.com\nDate: 1 May 2025 08:00 +0000\n");
    let sink = run(&text, &ctx(&[ME]));
    assert_eq!(
        warnings(&sink),
        ["Mail/Inbox:1: expected a From: address, found none; message skipped"]
    );
}

#[test]
fn not_mail_is_an_error() {
    let err = run_bytes("x.mbox", b"hello world\nsecond\n", &ctx(&[])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "x.mbox: expected a mbox `From ` line or a mail header, found \"hello world\""
    );
    let err = run_bytes("x.eml", b"", &ctx(&[])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "x.eml: expected a mail message, found an empty file"
    );
    // An empty mbox is no error: no messages.
    let sink = run_bytes("x.mbox", b"From - Mon Jan 01 00:00:00 2024\n", &ctx(&[])).unwrap();
    assert!(sink.records.is_empty());
}

#[test]
fn detection() {
    let mbox = b"From 1@xxx Mon May 26 20:18:05 +0000 2025\r\nX-GM-THRID: 1\r\n";
    assert!(Mail.detect("Takeout/Mail/All mail Including Spam and Trash.mbox", b""));
    assert!(Mail.detect("Mail/Local Folders/Inbox", mbox));
    assert!(Mail.detect("a/b.eml", b""));
    let eml = b"Return-Path: <a@example.com>\nReceived: by x\nFrom: a@example.com\n\nbody";
    assert!(Mail.detect("Maildir/cur/1700000000.M1P2.host:2,S", eml));
    assert!(!Mail.detect("notes.txt", b"From here on we go\nno header\n"));
    assert!(!Mail.detect("x.vcf", b"BEGIN:VCARD\nFN:A\nEND:VCARD\n"));
    assert!(!Mail.detect("Inbox.msf", b"// <!-- <mdb:mork:z v=\"1.4\"/> -->\n"));
    assert!(!Mail.detect("x", b"Subject: hi\nTo: a@example.com\n\n"));
    // Earlier importers keep their entries.
    for (path, head) in [
        ("c.vcf", &b"BEGIN:VCARD\r\n"[..]),
        ("cal.ics", b"BEGIN:VCALENDAR\r\n"),
        ("_chat.txt", b"[18/03/2022, 14:56:01] Bo: hi\n"),
    ] {
        assert_ne!(
            crate::import::detect(path, head).map(|i| i.kind()),
            Some(SourceKind::Mail)
        );
    }
    assert_eq!(
        crate::import::detect("Mail/Inbox", mbox).map(|i| i.kind()),
        Some(SourceKind::Mail)
    );
}

/// RFC 4648 base64, in lines of 76.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (n, chunk) in bytes.chunks(3).enumerate() {
        if n > 0 && n % 19 == 0 {
            out.push('\n');
        }
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let v = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(v >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A mailed invitation: a multipart message whose `text/calendar` part is
/// base64, as Google Calendar and Outlook send them.
fn invitation(from: &str, method: &str, partstat: &str, status: &str, day: u8) -> String {
    let ics = format!(
        "BEGIN:VCALENDAR\r\nMETHOD:{method}\r\nBEGIN:VEVENT\r\nUID:meet-1@example.com\r\n\
         DTSTART:20250610T100000Z\r\nSTATUS:{status}\r\nORGANIZER;CN=Bo:mailto:bo@example.com\r\n\
         ATTENDEE;PARTSTAT=ACCEPTED:mailto:bo@example.com\r\n\
         ATTENDEE;PARTSTAT={partstat};CN=Me:mailto:me@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    );
    let b64 = base64(ics.as_bytes());
    msg(&format!(
        "From: {from}\nTo: me@example.com\nDate: {day} Jun 2025 08:00 +0000\n\
         Message-ID: <inv-{day}@example.com>\n\
         Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nJoin us\n\
         --b\nContent-Type: text/calendar; charset=UTF-8; method={method}\n\
         Content-Transfer-Encoding: base64\n\n{b64}\n--b--"
    ))
}

#[test]
fn invitations_are_meetings_by_the_calendar_rules() {
    let sink = run(
        &invitation("bo@example.com", "REQUEST", "ACCEPTED", "CONFIRMED", 1),
        &ctx(&[ME]),
    );
    let direct: Vec<&Event> = sink
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Direct)
        .collect();
    assert_eq!(direct.len(), 1);
    assert_eq!(
        direct[0].dedup_key(),
        Some("ics:meet-1@example.com:2025-06-10T10:00:00Z")
    );
    assert_eq!(direct[0].location().line, Some(1));
    assert_eq!(*direct[0].channel(), Channel::Meeting);
    let owners: Vec<bool> = direct[0]
        .participants()
        .iter()
        .map(|&p| sink.records[p as usize].owner)
        .collect();
    assert_eq!(owners, [false, true]);
    assert!(sink
        .records
        .iter()
        .all(|r| r.source == Some(SourceKind::Mail)));
    // Declined by the owner, or cancelled by a later message: no meeting.
    let declined = invitation(ME, "REPLY", "DECLINED", "CONFIRMED", 2);
    let sink = run(&declined, &ctx(&[ME]));
    assert!(sink.events.iter().all(|e| e.kind != EventKind::Direct));
    let text = invitation("bo@example.com", "REQUEST", "ACCEPTED", "CONFIRMED", 1)
        + &invitation("bo@example.com", "CANCEL", "ACCEPTED", "CANCELLED", 3);
    let sink = run(&text, &ctx(&[ME]));
    assert!(sink.events.iter().all(|e| e.kind != EventKind::Direct));
    // Not the owner's meeting: forwarded for information.
    let sink = run(
        &invitation("bo@example.com", "REQUEST", "ACCEPTED", "CONFIRMED", 1),
        &ctx(&["other@example.com"]),
    );
    assert!(sink.events.iter().all(|e| e.kind != EventKind::Direct));
}

#[test]
fn fixtures() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/mail/");
    let read = |name: &str| -> Sink {
        let bytes = std::fs::read(format!("{dir}{name}")).unwrap();
        let head = &bytes[..bytes.len().min(8192)];
        assert!(Mail.detect(name, head), "{name}");
        run_bytes(name, &bytes, &ctx(&[])).unwrap()
    };
    let sink = read("gmail-takeout.mbox");
    assert!(warnings(&sink).is_empty(), "{:?}", warnings(&sink));
    assert_eq!(
        events(&sink),
        [
            "online alex.morgan@gmail.com: alex.morgan@gmail.com bo.lindqvist@example.com 2025-03-01 x1",
            "online bo.lindqvist@example.com: bo.lindqvist@example.com alex.morgan@gmail.com 2025-03-02 x1",
            "online alex.morgan@gmail.com: alex.morgan@gmail.com chloe.martin@example.com 2025-04-10 x1",
            "online chloe.martin@example.com: chloe.martin@example.com alex.morgan@gmail.com 2025-04-11 x1",
        ]
    );
    let names: Vec<&str> = sink.records.iter().map(|r| r.names[0].as_str()).collect();
    // The first name met: the owner's address book's, on the sent copy.
    assert_eq!(names, ["Alex Morgan", "Bo Lindqvist", "Chloé Martin"]);
    let sink = read("thunderbird/Inbox");
    assert!(warnings(&sink).is_empty(), "{:?}", warnings(&sink));
    assert_eq!(sink.events.len(), 2);
    let sink = read("maildir/new/1717000000.M1P100.mailhost");
    assert_eq!(
        events(&sink),
        ["online sam.lee@example.com: sam.lee@example.com alex@example.net 2024-05-29 x1"]
    );
    let sink = read("maildir/cur/1717000100.M2P100.mailhost!2,S");
    assert_eq!(sink.events.len(), 1);
    let sink = read("apple/Sent Messages.mbox/mbox");
    assert_eq!(
        events(&sink),
        ["online alex@example.net: alex@example.net priya.raman@example.org 2025-03-07 x1"]
    );
    assert!(sink.records[0].owner);
    let sink = read("message.eml");
    assert_eq!(
        events(&sink),
        ["online jordan.kim@example.com: jordan.kim@example.com alex@example.net someone.else@example.com 2025-02-02 x1"]
    );
    assert_eq!(sink.records[0].names, ["Kim, Jordan"]);
    let sink = read("damaged.mbox");
    assert_eq!(
        warnings(&sink),
        ["damaged.mbox:17: message cut off in its headers; skipped"]
    );
    assert_eq!(sink.events.len(), 2);
}

#[test]
fn folding_by_day_or_whole_reads_the_same() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/mail/");
    let mut inputs: Vec<(String, Vec<u8>)> = [
        "gmail-takeout.mbox",
        "thunderbird/Inbox",
        "damaged.mbox",
        "message.eml",
    ]
    .iter()
    .map(|n| ((*n).to_owned(), std::fs::read(format!("{dir}{n}")).unwrap()))
    .collect();
    let one = mail("bo@example.com", ME, 1);
    inputs.push((
        "Mail/Inbox".to_owned(),
        [one.clone(), one].concat().into_bytes(),
    ));
    inputs.push((
        "Mail/Inbox".to_owned(),
        invitation("bo@example.com", "REQUEST", "ACCEPTED", "CONFIRMED", 1).into_bytes(),
    ));
    for (path, bytes) in inputs {
        let read = |fold: crate::import::Fold| {
            let mut entry = Entry {
                path: path.clone(),
                display: Arc::from(path.as_str()),
                reader: Box::new(Cursor::new(bytes.clone())),
            };
            let mut sink = Sink::folding(fold, TimeZone::UTC);
            let _ = Mail.import(&mut entry, &ctx(&[]), &mut sink);
            sink.settle();
            sink
        };
        let by_day = read(crate::import::Fold::Day);
        let whole = read(crate::import::Fold::Whole {
            as_of: jiff::civil::date(2026, 6, 30),
        });
        assert_eq!(by_day.records, whole.records, "{path}");
        assert_eq!(by_day.warnings, whole.warnings, "{path}");
        let prints: HashSet<u64> = by_day
            .events
            .iter()
            .flat_map(|e| e.folded.iter().copied())
            .collect();
        let counted: u64 = whole
            .events
            .iter()
            .filter_map(Event::span)
            .map(|s| u64::from(s.count))
            .sum();
        assert_eq!(prints.len() as u64, counted, "{path}");
    }
}

/// A fuzz input (`fixtures/malformed/fuzz/mail/`) holding one `Message-ID`
/// twice, the first time in a message that counts for nobody: folded by
/// day and whole, the entry counts the same messages.
#[test]
fn a_repeated_message_id_counts_alike_folded_by_day_and_whole() {
    use crate::import::Fold;
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/malformed/fuzz/mail/crash-11084854d25215e7d0f5d73056cc8d55dc8f6d99"
    );
    let bytes = std::fs::read(path).unwrap();
    let run = |fold: Fold| {
        let mut entry = Entry {
            path: "Mail/Local Folders/Sent".into(),
            display: std::sync::Arc::from("Sent"),
            reader: Box::new(&bytes[1..]),
        };
        let mut sink = Sink::folding(fold, jiff::tz::TimeZone::UTC);
        let _ = Mail.import(&mut entry, &ctx(&[]), &mut sink);
        sink.settle();
        sink
    };
    let by_day = run(Fold::Day);
    let whole = run(Fold::Whole {
        as_of: ctx(&[]).as_of,
    });
    let prints: std::collections::HashSet<u64> = by_day
        .events
        .iter()
        .flat_map(|e| e.folded.iter().copied())
        .collect();
    let counted: u32 = whole
        .events
        .iter()
        .filter_map(|e| e.span())
        .map(|s| s.count)
        .sum();
    assert_eq!(prints.len(), counted as usize);
}
