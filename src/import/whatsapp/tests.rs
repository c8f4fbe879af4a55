//! One test per quirk of docs/formats.md, WhatsApp, on tiny inline chats.

use std::io::Cursor;
use std::sync::Arc;

use jiff::civil::{date, DateTime};
use jiff::tz::TimeZone;

use super::*;
use crate::model::{Region, Warning};

fn ctx() -> Context {
    Context {
        region: Region::parse("GB").unwrap(),
        tz: TimeZone::UTC,
        as_of: date(2026, 1, 1),
        limits: crate::limits::Limits::default(),
        mail: crate::import::mail::Settings::default(),
    }
}

/// Imports `text` as the entry shown as `display`.
fn run_as(display: &str, text: &str) -> Sink {
    let mut sink = Sink::new();
    let mut entry = Entry {
        path: file_name(display.rsplit('!').next().unwrap()).to_owned(),
        display: Arc::from(display),
        reader: Box::new(Cursor::new(text.as_bytes().to_vec())),
    };
    Whatsapp.import(&mut entry, &ctx(), &mut sink).unwrap();
    sink.settle();
    sink
}

fn run(text: &str) -> Sink {
    run_as("chat.txt", text)
}

fn names(sink: &Sink) -> Vec<String> {
    sink.records
        .iter()
        .map(|r| match r.names.first() {
            Some(n) => n.clone(),
            None => r.phones[0].as_str().to_owned(),
        })
        .collect()
}

/// (kind, channel, sender's name, when, messages) per event.
fn events(sink: &Sink) -> Vec<(EventKind, Channel, String, DateTime, usize)> {
    let all = names(sink);
    sink.events
        .iter()
        .map(|e| {
            let When::Floating(t) = e.when() else {
                panic!("a floating time: {:?}", e.when())
            };
            (
                e.kind,
                e.channel().clone(),
                all[e.sender().unwrap() as usize].clone(),
                t,
                e.count(),
            )
        })
        .collect()
}

fn messages(sink: &Sink) -> usize {
    sink.events
        .iter()
        .filter(|e| e.kind == EventKind::Online)
        .map(Event::count)
        .sum()
}

fn warnings(sink: &Sink) -> Vec<String> {
    sink.warnings.iter().map(Warning::to_string).collect()
}

fn at(y: i16, mo: i8, d: i8, h: i8, mi: i8, s: i8) -> DateTime {
    DateTime::new(y, mo, d, h, mi, s, 0).unwrap()
}

use crate::model::Event;

#[test]
fn ios_lines_with_crlf_marks_and_a_one_to_one_notice() {
    let sink = run_as(
        "WhatsApp Chat - Ann Lee.zip!_chat.txt",
        "[18/03/2022, 14:56:01] Ann Lee: \u{200e}Messages and calls are end-to-end encrypted. \
         No one outside of this chat can read them.\r\n\
         [27/03/2022, 21:41:35] Sam Reed: Hello\r\n\
         \u{200e}[27/03/2022, 21:41:55] Sam Reed: \u{200e}<attached: 00000035-PHOTO-2022-03-27-21-41-55.jpg>\r\n\
         [27/03/2022, 21:43:00] Ann Lee: \u{200e}image omitted\r\n\
         [28/04/2022, 20:17:30] Ann Lee: \u{200e}Your security code with Ann Lee changed. Tap to learn more.\r\n",
    );
    assert_eq!(names(&sink), ["Sam Reed", "Ann Lee"]);
    assert!(sink.records[0].owner, "the other sender of a 1:1 chat");
    assert!(!sink.records[1].owner);
    let ev = events(&sink);
    assert_eq!(
        ev,
        [
            (
                EventKind::Online,
                Channel::WhatsappMessage,
                "Sam Reed".into(),
                at(2022, 3, 27, 21, 41, 35),
                2
            ),
            (
                EventKind::Online,
                Channel::WhatsappMessage,
                "Ann Lee".into(),
                at(2022, 3, 27, 21, 43, 0),
                1
            ),
        ]
    );
    for e in &sink.events {
        assert_eq!(e.participants(), [0, 1]);
    }
    assert!(warnings(&sink).is_empty(), "{:?}", warnings(&sink));
}

#[test]
fn android_lines_twelve_hour_clock_and_narrow_no_break_space() {
    let sink = run(
        "12/31/21, 11:59\u{202f}PM - Messages and calls are end-to-end encrypted. Tap to learn more.\n\
         12/31/21, 11:59\u{202f}PM - Ann Lee: Happy new year\n\
         1/13/22, 12:05\u{a0}AM - Sam Reed: <Media omitted>\n\
         1/14/22, 12:30 PM - Sam Reed: noon\n",
    );
    assert_eq!(names(&sink), ["Ann Lee", "Sam Reed"]);
    let times: Vec<DateTime> = events(&sink).iter().map(|e| e.3).collect();
    assert_eq!(
        times,
        [
            at(2021, 12, 31, 23, 59, 0),
            at(2022, 1, 13, 0, 5, 0),
            at(2022, 1, 14, 12, 30, 0)
        ]
    );
    assert!(warnings(&sink).is_empty(), "{:?}", warnings(&sink));
}

#[test]
fn other_prefixes_the_sources_show() {
    let cases: &[(&str, DateTime)] = &[
        // iOS 2016: no brackets, a colon after the time.
        (
            "4/26/16, 16:23:03: Ann Lee: hi\n",
            at(2016, 4, 26, 16, 23, 3),
        ),
        // Dots in the time, no comma.
        (
            "[3/18/22 14.56.01] Ann Lee: hi\n",
            at(2022, 3, 18, 14, 56, 1),
        ),
        // Finnish.
        (
            "13.6.2018 klo 21.25.15 - Ann Lee: hi\n",
            at(2018, 6, 13, 21, 25, 15),
        ),
        // Spanish `p. m.` with no-break spaces, 4-digit year.
        (
            "25/12/2019, 9:05\u{a0}p.\u{a0}m. - Ann Lee: hola\n",
            at(2019, 12, 25, 21, 5, 0),
        ),
        (
            "25/12/2019, 9:05 a. m. - Ann Lee: hola\n",
            at(2019, 12, 25, 9, 5, 0),
        ),
        // Seconds optional in brackets.
        (
            "[25/12/2019, 09:05] Ann Lee: hi\n",
            at(2019, 12, 25, 9, 5, 0),
        ),
    ];
    for (text, want) in cases {
        let sink = run(text);
        assert_eq!(events(&sink)[0].3, *want, "{text}");
        assert_eq!(names(&sink), ["Ann Lee"], "{text}");
    }
}

#[test]
fn a_colon_in_a_quoted_subject_is_not_a_sender() {
    let sink = run("02/11/2026, 09:12 - Ann Lee: hi\n\
                    02/11/2026, 09:13 - Ann Lee changed the subject to \"Re: dinner\"\n\
                    02/11/2026, 09:14 - Bo changed the group description to \u{201c}Plans: June\u{201d}\n");
    assert_eq!(names(&sink), ["Ann Lee"]);
    assert_eq!(messages(&sink), 1);
}

#[test]
fn day_and_month_are_decided_by_the_whole_file() {
    // Only the last line tells: day first, for every line.
    let sink = run("[01/02/2022, 10:00:00] Ann: a\n[03/04/2022, 10:00:00] Ann: b\n[25/04/2022, 10:00:00] Ann: c\n");
    let days: Vec<DateTime> = events(&sink).iter().map(|e| e.3).collect();
    assert_eq!(
        days,
        [
            at(2022, 2, 1, 10, 0, 0),
            at(2022, 4, 3, 10, 0, 0),
            at(2022, 4, 25, 10, 0, 0)
        ]
    );
    assert!(sink.warnings.is_empty());
    // A second field above 12: month first.
    let sink = run("1/2/22, 9:00 - Ann: a\n4/25/22, 9:00 - Ann: b\n");
    assert_eq!(events(&sink)[0].3, at(2022, 1, 2, 9, 0, 0));
    assert!(sink.warnings.is_empty());
}

#[test]
fn undecided_order_is_chosen_by_the_clock_with_one_warning() {
    let sink =
        run("1/2/22, 9:00 AM - Ann: a\n3/4/22, 9:00 PM - Ann: b\n5/6/22, 9:00 PM - Ann: c\n");
    assert_eq!(events(&sink)[0].3, at(2022, 1, 2, 9, 0, 0));
    assert_eq!(
        warnings(&sink),
        [
            "chat.txt: no date tells day from month (none above 12): read as month/day, as phones \
          with a 12-hour clock write in the US"
        ]
    );
    let sink = run("[01/02/2022, 10:00:00] Ann: a\n[03/04/2022, 10:00:00] Ann: b\n");
    assert_eq!(events(&sink)[0].3, at(2022, 2, 1, 10, 0, 0));
    assert_eq!(
        warnings(&sink),
        [
            "chat.txt: no date tells day from month (none above 12): read as day/month, as phones \
          with a 24-hour clock mostly write"
        ]
    );
}

#[test]
fn an_unreadable_date_is_a_located_warning_and_costs_only_its_message() {
    let sink = run("[25/04/2022, 10:00:00] Ann: a\n\
         [31/02/2022, 10:00:00] Ann: no such day\n\
         continued\n\
         [26/04/2022, 25:61:00] Ann: no such time\n\
         [27/04/2022, 10 o'clock] Ann: unreadable\n\
         [28/04/2022, 11:00:00] Ann: b\n\
         [29/04/2565, 11:00:00] Ann: the Buddhist era\n");
    assert_eq!(messages(&sink), 2);
    assert_eq!(
        warnings(&sink),
        [
            "chat.txt:5: expected a date and time, found \"[27/04/2022, 10\"",
            "chat.txt:2: expected a date and time, found \"[31/02/2022, 10:00:00\" (dates read as day/month)",
            "chat.txt:4: expected a date and time, found \"[26/04/2022, 25:61:00\" (dates read as day/month)",
            "chat.txt:7: expected a date and time, found \"[29/04/2565, 11:00:00\" (dates read as day/month)",
        ]
    );
}

#[test]
fn multi_line_messages_and_unordered_lines() {
    let sink = run(
        "[26/04/2022, 10:00:00] Ann: first line\r\n\r\nthird line\r\n\
         [25/04/2022, 09:00:00] Ann: earlier, written later\r\n",
    );
    assert_eq!(messages(&sink), 2);
    let days: Vec<DateTime> = events(&sink).iter().map(|e| e.3).collect();
    assert!(days.contains(&at(2022, 4, 25, 9, 0, 0)));
    assert_eq!(
        sink.events.iter().map(|e| e.location().line).min(),
        Some(Some(1))
    );
}

#[test]
fn group_notices_count_for_nothing() {
    let sink = run(
        "[25/04/2022, 10:00:00] \u{200e}You created group \u{201c}Book Club\u{201d}\n\
         [25/04/2022, 10:00:01] \u{200e}Ann added Sam\n\
         25/04/2022, 10:02 - Sam left\n\
         [25/04/2022, 10:03:00] Ann: hello: everyone\n",
    );
    assert_eq!(names(&sink), ["Ann"]);
    assert_eq!(messages(&sink), 1);
}

#[test]
fn phone_number_senders_are_phones() {
    let sink = run(
        "[25/04/2022, 10:00:00] \u{202a}+44\u{a0}7700\u{a0}900123\u{202c}: hi\n\
         25/04/2022, 10:05 - +44 7700 900124: hello\n\
         [25/04/2022, 10:06:00] Ann: hey\n",
    );
    assert_eq!(sink.records[0].phones[0].as_str(), "+447700900123");
    assert!(sink.records[0].names.is_empty());
    assert_eq!(sink.records[1].phones[0].as_str(), "+447700900124");
    assert_eq!(sink.records[2].names, ["Ann"]);
}

#[test]
fn missed_calls_are_evidence_and_answered_calls_direct() {
    let sink = run("[25/04/2022, 10:00:00] Ann: \u{200e}Missed voice call\n\
         [25/04/2022, 10:01:00] Ann: \u{200e}Missed group video call\n\
         [25/04/2022, 10:02:00] Sam: \u{200e}Voice call, no answer\n\
         [25/04/2022, 10:03:00] Sam: \u{200e}Video call, \u{200e}12 min\n\
         [25/04/2022, 10:04:00] Sam: voice call me later\n");
    let kinds: Vec<(EventKind, Channel)> = events(&sink).into_iter().map(|e| (e.0, e.1)).collect();
    assert_eq!(
        kinds,
        [
            (EventKind::Seen, Channel::WhatsappCall),
            (EventKind::Seen, Channel::WhatsappCall),
            (EventKind::Seen, Channel::WhatsappCall),
            (EventKind::Direct, Channel::WhatsappCall),
            (EventKind::Online, Channel::WhatsappMessage),
        ]
    );
}

#[test]
fn the_owner_is_inferred_only_in_a_known_one_to_one_chat() {
    let chat = "[25/04/2022, 10:00:00] Ann Lee: hi\n[25/04/2022, 10:01:00] Sam Reed: hey\n";
    let owners = |display: &str| -> Vec<bool> {
        run_as(display, chat)
            .records
            .iter()
            .map(|r| r.owner)
            .collect()
    };
    assert_eq!(owners("WhatsApp Chat with Ann Lee.txt"), [false, true]);
    assert_eq!(owners("WhatsApp Chat with Ann Lee (1).txt"), [false, true]);
    assert_eq!(
        owners("x/WhatsApp Chat - Sam Reed.zip!_chat.txt"),
        [true, false]
    );
    assert_eq!(
        owners("Чат WhatsApp с контактом Ann Lee.txt"),
        [false, true]
    );
    // A group (the name is nobody's), or no name: nobody.
    assert_eq!(owners("WhatsApp Chat with Book Club.txt"), [false, false]);
    assert_eq!(owners("chat.txt"), [false, false]);
    // Three senders: not one to one.
    let sink = run_as(
        "WhatsApp Chat with Ann Lee.txt",
        "[25/04/2022, 10:00:00] Ann Lee: hi\n[25/04/2022, 10:01:00] Sam: a\n[25/04/2022, 10:02:00] Kim: b\n",
    );
    assert!(sink.records.iter().all(|r| !r.owner));
    // The chat named by a number, the sender too (written differently).
    let sink = run_as(
        "WhatsApp Chat with +44 7700 900123.txt",
        "25/04/2022, 10:05 - \u{202a}+44\u{a0}7700\u{a0}900123\u{202c}: hi\n25/04/2022, 10:06 - Sam: hey\n",
    );
    assert_eq!(
        sink.records.iter().map(|r| r.owner).collect::<Vec<_>>(),
        [false, true]
    );
}

#[test]
fn a_contact_who_only_has_a_notice_is_credited_with_the_owners_messages() {
    let sink = run(
        "[18/03/2022, 14:56:01] Ann Lee: \u{200e}Messages and calls are end-to-end encrypted.\n\
         [27/03/2022, 21:41:35] Sam Reed: Hello?\n",
    );
    assert_eq!(names(&sink), ["Sam Reed", "Ann Lee"]);
    assert!(sink.records[0].owner);
    assert_eq!(sink.events[0].participants(), [0, 1]);
}

#[test]
fn only_the_known_notices_name_the_contact() {
    // The owner's deleted message and an unknown marked line under the
    // owner's name: neither makes the owner the contact.
    let sink = run(
        "[18/03/2022, 14:56:01] Sam Reed: \u{200e}You deleted this message.\n\
         [18/03/2022, 14:57:01] Sam Reed: \u{200e}Something new WhatsApp writes\n\
         [18/03/2022, 14:58:01] Ann Lee: \u{200e}Your security code with Ann Lee changed.\n\
         [27/03/2022, 21:41:35] Ann Lee: Hello?\n",
    );
    assert_eq!(names(&sink), ["Sam Reed", "Ann Lee"]);
    assert_eq!(
        sink.records.iter().map(|r| r.owner).collect::<Vec<_>>(),
        [true, false]
    );
    assert_eq!(messages(&sink), 2, "the deleted message and Ann's");
}

#[test]
fn the_same_message_in_two_exports_has_the_same_fingerprint() {
    let prints = |display: &str, text: &str| -> Vec<u64> {
        let sink = run_as(display, text);
        sink.events.iter().flat_map(|e| e.folded.to_vec()).collect()
    };
    let first = "[25/04/2022, 10:00:00] Ann: ok\n[25/04/2022, 10:00:00] Ann: ok\n\
                 \u{200e}[25/04/2022, 10:01:00] Ann: \u{200e}<attached: 00000001-PHOTO.jpg>\n";
    let later = "\u{feff}[25/04/2022, 10:00:00] Ann: ok\r\n[25/04/2022, 10:00:00] Ann: ok\r\n\
                 [25/04/2022, 10:01:00] Ann: \u{200e}image omitted\r\n[25/05/2022, 10:00:00] Ann: new\r\n";
    let a = prints("WhatsApp Chat - Ann.zip!_chat.txt", first);
    let b = prints("WhatsApp Chat - Ann (1).zip!_chat.txt", later);
    assert_eq!(a.len(), 3, "two `ok` in one second are two messages");
    assert!(a.iter().all(|p| b.contains(p)));
    assert_eq!(b.len(), 4);
    // Another chat: other messages.
    let c = prints("WhatsApp Chat - Bob.zip!_chat.txt", first);
    assert!(c.iter().all(|p| !a.contains(p)));
}

#[test]
fn detection_is_by_txt_name_or_first_line() {
    let imp = Whatsapp;
    assert!(imp.detect("_chat.txt", b""));
    assert!(imp.detect("WhatsApp Chat with Ann.txt", b""));
    assert!(imp.detect(
        "notes.txt",
        "\u{feff}[25/04/2022, 10:00:00] Ann: hi".as_bytes()
    ));
    assert!(imp.detect("notes.txt", b"12/31/21, 11:59 PM - Ann: hi\n"));
    assert!(!imp.detect(
        "notes.txt",
        b"shopping list\n12/31/21, 11:59 PM - Ann: hi\n"
    ));
    assert!(!imp.detect("chat.csv", b"12/31/21, 11:59 PM - Ann: hi\n"));
    assert!(!imp.detect("WhatsApp Chat with Ann.zip", b""));
}

#[test]
fn a_file_without_one_message_line_is_an_error() {
    let mut entry = Entry {
        path: "_chat.txt".into(),
        display: Arc::from("_chat.txt"),
        reader: Box::new(Cursor::new(b"hello\nworld\n".to_vec())),
    };
    let err = Whatsapp
        .import(&mut entry, &ctx(), &mut Sink::new())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "_chat.txt: expected a whatsapp chat line such as \"[31/12/21, 23:59:59] Name: text\", \
         found \"hello\""
    );
}

#[test]
fn conflicting_orders_keep_the_majority_and_say_so() {
    let sink = run(
        "[25/04/2022, 10:00:00] Ann: a\n[26/04/2022, 10:00:00] Ann: b\n[04/27/2022, 10:00:00] Ann: c\n",
    );
    assert_eq!(messages(&sink), 2);
    let w = warnings(&sink);
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(w[0].starts_with("chat.txt: 2 dates read only as day/month and 1 only as month/day"));
    assert!(w[1].starts_with("chat.txt:3: expected a date and time"));
}

#[test]
fn no_panic_on_odd_input() {
    for text in [
        "",
        "\n\n",
        "[",
        "[1/1/1",
        "[1/1/1, 1",
        "[1/1/1, 1:",
        "[99999/1/1, 1:00] a: b",
        "[1/1/123, 1:00] a: b",
        "1/1/22, 1:00 - : b",
        "1/1/22, 0:00 AM - a: b",
        "\u{200e}\u{200e}",
        "1/1/22, 1:00 p. - a: b",
        "1/1/22, 1:00 p.\u{a0}m - a: b",
        "0/0/22, 1:00 - a: b",
    ] {
        let mut entry = Entry {
            path: "_chat.txt".into(),
            display: Arc::from("_chat.txt"),
            reader: Box::new(Cursor::new(text.as_bytes().to_vec())),
        };
        let _ = Whatsapp.import(&mut entry, &ctx(), &mut Sink::new());
    }
}
