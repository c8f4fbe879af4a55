use std::sync::Arc;

use jiff::civil::date;

use super::*;
use crate::model::{Channel, Location, NewEvent, Prints, Record, SourceKind, When};
use crate::resolve::resolve;

fn loc() -> Location {
    Location::new(Arc::from("t"), Some(1))
}

fn person(name: &str, owner: bool) -> Record {
    let mut r = Record::new(SourceKind::Linkedin, loc());
    r.add_name(name);
    r.owner = owner;
    r
}

fn event(
    kind: EventKind,
    day: Date,
    sender: Option<RecordRef>,
    participants: Vec<RecordRef>,
) -> Event {
    new_event(kind, day, sender, participants).into()
}

fn new_event(
    kind: EventKind,
    day: Date,
    sender: Option<RecordRef>,
    participants: Vec<RecordRef>,
) -> NewEvent {
    NewEvent {
        kind,
        channel: if kind == EventKind::Direct {
            Channel::PhoneCall
        } else {
            Channel::LinkedinMessage
        },
        when: When::Day(day),
        sender,
        participants: participants.into(),
        location: loc(),
        dedup_key: None,
    }
}

fn opts(all: bool) -> AnalyzeOptions {
    AnalyzeOptions {
        as_of: date(2026, 6, 30),
        tz: TimeZone::UTC,
        stale_after: 365,
        min_interactions: 1,
        all,
        direct: DirectPolicy::default(),
    }
}

#[test]
fn crediting_filtering_and_order() {
    // 0 owner, 1 Ada (never), 2 Bob (lapsed), 3 Cy (recent), 4 Di (only a connection).
    let records = vec![
        person("Me Owner", true),
        person("Ada A", false),
        person("Bob B", false),
        person("Cy C", false),
        person("Di D", false),
    ];
    let events = vec![
        // Owner writes in a group with Ada and Bob: both credited.
        event(EventKind::Online, date(2026, 1, 10), Some(0), vec![0, 1, 2]),
        // Ada answers: Ada only.
        event(EventKind::Online, date(2026, 1, 11), Some(1), vec![0, 1, 2]),
        event(EventKind::Seen, date(2020, 5, 1), None, vec![1]),
        event(EventKind::Direct, date(2024, 1, 1), None, vec![2, 0]),
        event(EventKind::Online, date(2026, 2, 1), Some(3), vec![3, 0]),
        event(EventKind::Direct, date(2026, 3, 1), None, vec![3]),
        event(EventKind::Seen, date(2019, 1, 1), None, vec![4]),
        // After as_of: ignored.
        event(EventKind::Direct, date(2026, 7, 1), None, vec![1]),
    ];
    let res = resolve(&records);
    let rows = analyze(&events, &res, &opts(false)).unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Ada A", "Bob B"]);
    let ada = &rows[0];
    assert_eq!(ada.status, Status::Never);
    assert_eq!(ada.first_seen, date(2020, 5, 1));
    assert_eq!(
        ada.days_without_direct,
        i64::from(
            date(2020, 5, 1)
                .until(date(2026, 6, 30))
                .unwrap()
                .get_days()
        )
    );
    assert_eq!(ada.online_interactions, 2);
    assert_eq!(ada.direct_contacts, 0);
    assert_eq!(ada.last_online, Some(date(2026, 1, 11)));
    let bob = &rows[1];
    assert_eq!(bob.status, Status::Lapsed);
    assert_eq!(bob.online_interactions, 1);
    assert_eq!(bob.last_direct, Some(date(2024, 1, 1)));
    assert_eq!(bob.days_without_direct, 911);

    let all = analyze(&events, &res, &opts(true)).unwrap();
    assert_eq!(
        all.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ["Ada A", "Bob B", "Cy C"]
    );
    assert_eq!(all[2].status, Status::Recent);
    assert_eq!(all.iter().map(|r| r.rank).collect::<Vec<_>>(), [1, 2, 3]);
}

#[test]
fn duplicate_events_count_once_and_ties_break_by_name() {
    let records = vec![person("Zed Z", false), person("Amy A", false)];
    let mut e1 = new_event(EventKind::Online, date(2026, 1, 1), Some(0), vec![0]);
    e1.dedup_key = Some("k".into());
    let e1 = Event::from(e1);
    let e2 = e1.clone();
    let e3 = event(EventKind::Online, date(2026, 1, 1), Some(1), vec![1]);
    let rows = analyze(&[e1, e2, e3], &resolve(&records), &opts(false)).unwrap();
    assert_eq!(
        rows.iter()
            .map(|r| (r.name.as_str(), r.online_interactions))
            .collect::<Vec<_>>(),
        [("Amy A", 1), ("Zed Z", 1)]
    );
}

#[test]
fn channel_policy_turns_switched_off_channels_into_evidence() {
    let records = vec![person("Ada A", false)];
    let mut call = new_event(EventKind::Direct, date(2026, 6, 1), None, vec![0]);
    call.channel = Channel::VideoMeeting;
    let call = Event::from(call);
    let message = event(EventKind::Online, date(2026, 6, 2), Some(0), vec![0]);
    let res = resolve(&records);
    let mut o = opts(true);
    let rows = analyze(&[call.clone(), message.clone()], &res, &o).unwrap();
    assert_eq!(
        (rows[0].status, rows[0].direct_contacts),
        (Status::Recent, 1)
    );
    o.direct.video_meeting = false;
    let rows = analyze(&[call, message], &res, &o).unwrap();
    assert_eq!(
        (rows[0].status, rows[0].direct_contacts, rows[0].first_seen),
        (Status::Never, 0, date(2026, 6, 1))
    );
}

#[test]
fn folded_messages_count_each_fingerprint_once() {
    let records = vec![person("Me Owner", true), person("Ada A", false)];
    // The same day's messages read from two overlapping exports: 1 and 2
    // are in both, so Ada has 4 messages, not 6.
    let mut a = event(EventKind::Online, date(2026, 1, 10), Some(1), vec![0, 1]);
    a.folded = vec![1, 2, 3].into();
    let mut b = event(EventKind::Online, date(2026, 1, 10), Some(1), vec![0, 1]);
    b.folded = vec![1, 2, 4].into();
    // Everything already counted: the event adds nothing.
    let mut c = event(EventKind::Online, date(2026, 1, 10), Some(1), vec![0, 1]);
    c.folded = vec![4].into();
    let res = resolve(&records);
    let rows = analyze(&[a, b, c], &res, &opts(true)).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].online_interactions, 4);
    assert_eq!(rows[0].last_online, Some(date(2026, 1, 10)));
}

#[test]
fn fingerprints_are_compared_within_their_day() {
    // Every importer puts the message's instant in its fingerprint, so one
    // message read twice is on one day; fingerprints are compared a day at
    // a time (the set holds a day, not the archive), in input order.
    let records = vec![person("Me Owner", true), person("Ada A", false)];
    let mut late = event(EventKind::Online, date(2026, 3, 2), Some(1), vec![0, 1]);
    late.folded = vec![7, 8].into();
    let mut early = event(EventKind::Online, date(2026, 3, 1), Some(1), vec![0, 1]);
    early.folded = vec![7].into();
    let mut again = event(EventKind::Online, date(2026, 3, 2), Some(1), vec![0, 1]);
    again.folded = vec![8, 9].into();
    let res = resolve(&records);
    let rows = analyze(&[late, early, again], &res, &opts(true)).unwrap();
    // 7 and 8 on March 2, 7 on March 1, then only 9 is new.
    assert_eq!(rows[0].online_interactions, 4);
    assert_eq!(rows[0].last_online, Some(date(2026, 3, 2)));
}

#[test]
fn each_kind_keeps_its_first_and_last_day_whatever_the_order() {
    // Events out of date order, several of each kind for one person: the
    // per-person reduction must take the extremes and the sums, not the
    // first or last event it meets.
    let records = vec![person("Me Owner", true), person("Ada A", false)];
    let events = vec![
        event(EventKind::Online, date(2025, 3, 1), Some(1), vec![0, 1]),
        event(EventKind::Direct, date(2023, 6, 1), None, vec![0, 1]),
        event(EventKind::Online, date(2025, 9, 1), Some(1), vec![0, 1]),
        event(EventKind::Seen, date(2021, 2, 1), None, vec![1]),
        event(EventKind::Direct, date(2024, 1, 5), None, vec![0, 1]),
        event(EventKind::Online, date(2024, 12, 1), Some(0), vec![0, 1]),
        event(EventKind::Direct, date(2022, 8, 1), None, vec![0, 1]),
        event(EventKind::Seen, date(2022, 1, 1), None, vec![1]),
    ];
    let rows = analyze(&events, &resolve(&records), &opts(true)).unwrap();
    assert_eq!(rows.len(), 1);
    let ada = &rows[0];
    assert_eq!(ada.first_seen, date(2021, 2, 1));
    assert_eq!(ada.last_direct, Some(date(2024, 1, 5)));
    assert_eq!(ada.last_online, Some(date(2025, 9, 1)));
    assert_eq!(ada.online_interactions, 3);
    assert_eq!(ada.direct_contacts, 3);
    assert_eq!(ada.status, Status::Lapsed);
}

#[test]
fn repeated_messages_are_found_exactly_whatever_the_filter_says() {
    // new_messages narrows the exact check down with a Bloom filter; at
    // 16 bits a message it has false positives in a set this size. The
    // counts must be exactly those of one set of (day, fingerprint) walked
    // in input order.
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let as_of = date(2026, 6, 30);
    let mut events = Vec::new();
    let mut days = Vec::new();
    for _ in 0..20_000 {
        let day = date(2026, 6, 1) + jiff::Span::new().days(i64::try_from(next() % 40).unwrap());
        let mut e = event(EventKind::Online, day, Some(1), vec![0, 1]);
        let n = 1 + next() % 4;
        // A pool small enough that prints repeat, on the same day or not.
        e.folded = (0..n).map(|_| next() % 30_000).collect::<Vec<_>>().into();
        if next() % 10 == 0 {
            e.folded = Prints::default();
        }
        days.push(day);
        events.push(e);
    }
    let mut seen = HashSet::new();
    let want: Vec<u32> = events
        .iter()
        .zip(&days)
        .map(|(e, &day)| {
            if day > as_of {
                return 0;
            }
            let n = e.folded.iter().filter(|&&p| seen.insert((day, p))).count();
            u32::try_from(n).unwrap()
        })
        .collect();
    let got = new_messages(&events, &days, as_of);
    assert_eq!(got, want);
    // The set is not trivial: some prints repeat, most do not.
    let total: usize = events.iter().map(|e| e.folded.len()).sum();
    let counted: u32 = want.iter().sum();
    assert!(counted as usize > total / 2 && (counted as usize) < total);
}
