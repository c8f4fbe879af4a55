use std::sync::Arc;

use super::*;
use crate::model::{Location, Region};

/// A record in a file of its own (two named records of one file are two
/// people unless an identifier links them).
fn rec(source: SourceKind, name: &str) -> Record {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut r = Record::new(source, Location::new(Arc::from(format!("t{n}")), Some(1)));
    r.add_name(name);
    r
}

fn with_email(mut r: Record, e: &str) -> Record {
    r.add_email(Email::parse(e).unwrap());
    r
}

fn with_phone(mut r: Record, p: &str) -> Record {
    r.add_phone(Phone::parse(p, Region::default()).unwrap());
    r
}

fn with_url(mut r: Record, u: &str) -> Record {
    r.linkedin = LinkedinUrl::parse(u);
    r
}

fn groups(res: &Resolution) -> Vec<Vec<RecordRef>> {
    let mut g: Vec<Vec<RecordRef>> = res.persons.iter().map(|p| p.records.clone()).collect();
    g.sort();
    g
}

#[test]
fn strong_identifiers_link() {
    let records = vec![
        with_url(
            rec(SourceKind::Linkedin, "Ada Lovelace"),
            "https://www.linkedin.com/in/ada",
        ),
        with_url(
            rec(SourceKind::Linkedin, "Ada L."),
            "http://linkedin.com/in/Ada/",
        ),
        with_email(rec(SourceKind::Vcard, "Ada Lovelace"), "ada@example.com"),
        with_email(rec(SourceKind::Calendar, ""), "ADA@example.com"),
    ];
    let res = resolve(&records);
    assert_eq!(groups(&res), vec![vec![0, 1, 2, 3]]);
    assert!(res
        .links
        .iter()
        .any(|l| matches!(l.reason, Reason::Linkedin(_))));
    assert!(res
        .links
        .iter()
        .any(|l| matches!(l.reason, Reason::Email(_))));
    assert!(res
        .links
        .iter()
        .any(|l| matches!(l.reason, Reason::Name(_))));
}

#[test]
fn names_fold_case_accents_and_spacing() {
    let records = vec![
        rec(SourceKind::Linkedin, "José Álvarez"),
        rec(SourceKind::Facebook, "jose  alvarez"),
    ];
    assert_eq!(groups(&resolve(&records)), vec![vec![0, 1]]);
}

#[test]
fn family_landline_does_not_merge_plainly_different_names() {
    let records = vec![
        with_phone(rec(SourceKind::Vcard, "Ann Smith"), "555-010-0001"),
        with_phone(rec(SourceKind::Vcard, "Bob Smith"), "555-010-0001"),
    ];
    assert_eq!(groups(&resolve(&records)), vec![vec![0], vec![1]]);
}

#[test]
fn conflicting_profiles_never_merge_and_the_name_is_ambiguous() {
    let records = vec![
        with_url(
            rec(SourceKind::Linkedin, "John Smith"),
            "https://www.linkedin.com/in/john-smith-1",
        ),
        with_url(
            rec(SourceKind::Linkedin, "John Smith"),
            "https://www.linkedin.com/in/john-smith-2",
        ),
        rec(SourceKind::Facebook, "John Smith"),
        rec(SourceKind::Facebook, "John  SMITH"),
    ];
    let res = resolve(&records);
    // The two name-only records are one person, linked to neither profile.
    assert_eq!(groups(&res), vec![vec![0], vec![1], vec![2, 3]]);
    assert_eq!(res.ambiguous.len(), 1);
    assert_eq!(res.ambiguous[0].name, "john smith");
    assert_eq!(res.ambiguous[0].candidates.len(), 2);
}

#[test]
fn owner_records_are_one_person() {
    let mut a = rec(SourceKind::Linkedin, "Me Myself");
    a.owner = true;
    let mut b = rec(SourceKind::Facebook, "Me M.");
    b.owner = true;
    let res = resolve(&[a, b, rec(SourceKind::Facebook, "Other Person")]);
    assert_eq!(groups(&res), vec![vec![0, 1], vec![2]]);
    assert!(res.persons[res.owner().unwrap()].owner);
}

#[test]
fn person_ids_do_not_depend_on_record_order() {
    let a = with_email(rec(SourceKind::Vcard, "Ada Lovelace"), "ada@example.com");
    let b = rec(SourceKind::Facebook, "Grace Hopper");
    let one = resolve(&[a.clone(), b.clone()]);
    let two = resolve(&[b, a]);
    let ids = |r: &Resolution| {
        r.persons
            .iter()
            .map(|p| (p.name.clone(), p.id.clone()))
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(ids(&one), ids(&two));
    // `log` tells an id from a name by its shape.
    assert!(one
        .persons
        .iter()
        .all(|p| PersonId::has_shape(p.id.as_str())));
    assert!(!PersonId::has_shape("Pat Lee") && !PersonId::has_shape("p0123456789ag"));
}

#[test]
fn hint_names_do_not_link() {
    let mut hint = with_phone(
        Record::new(SourceKind::Calllog, Location::new(Arc::from("t"), None)),
        "555-010-0009",
    );
    hint.add_name("Ada Lovelace");
    hint.name_is_hint = true;
    let res = resolve(&[rec(SourceKind::Facebook, "Ada Lovelace"), hint]);
    assert_eq!(groups(&res), vec![vec![0], vec![1]]);
}

#[test]
fn two_address_book_entries_with_one_name_are_two_people() {
    let records = vec![
        with_phone(rec(SourceKind::Vcard, "Sam Lee"), "555-010-0101"),
        with_phone(rec(SourceKind::Vcard, "Sam Lee"), "555-010-0102"),
        rec(SourceKind::Facebook, "Sam Lee"),
        // One LinkedIn Sam Lee and one vCard Sam Lee alone would be one person.
        with_url(
            rec(SourceKind::Linkedin, "Kim Park"),
            "https://www.linkedin.com/in/kim",
        ),
        with_phone(rec(SourceKind::Vcard, "Kim Park"), "555-010-0103"),
    ];
    let res = resolve(&records);
    assert_eq!(groups(&res), vec![vec![0], vec![1], vec![2], vec![3, 4]]);
    assert_eq!(res.ambiguous.len(), 1);
}

#[test]
fn nicknames_order_and_middle_names_link_when_one_person_fits() {
    let records = vec![
        with_url(
            rec(SourceKind::Linkedin, "Robert James Smith"),
            "https://www.linkedin.com/in/rjs",
        ),
        rec(SourceKind::Facebook, "Bob Smith"),
        with_phone(rec(SourceKind::Vcard, "Smith, Robert"), "555-010-0007"),
        rec(SourceKind::Touchpoints, "Robert J. Smith"),
    ];
    let res = resolve(&records);
    assert_eq!(groups(&res), vec![vec![0, 1, 2, 3]]);
    let rules: BTreeSet<&str> = res.links.iter().map(|l| l.reason.rule()).collect();
    assert_eq!(
        rules,
        BTreeSet::from(["middle", "nickname"]),
        "{:?}",
        res.links
    );
}

#[test]
fn a_nickname_that_fits_two_people_links_to_neither() {
    let records = vec![
        with_url(
            rec(SourceKind::Linkedin, "Alexander Grey"),
            "https://www.linkedin.com/in/alexander-grey",
        ),
        with_url(
            rec(SourceKind::Linkedin, "Alexandra Grey"),
            "https://www.linkedin.com/in/alexandra-grey",
        ),
        rec(SourceKind::Facebook, "Alex Grey"),
    ];
    let res = resolve(&records);
    assert_eq!(groups(&res), vec![vec![0], vec![1], vec![2]]);
    assert_eq!(res.ambiguous.len(), 1);
    assert_eq!(res.ambiguous[0].name, "alex grey");
    assert_eq!(res.ambiguous[0].candidates.len(), 2);
}

#[test]
fn a_typo_links_only_with_corroboration() {
    let mut linkedin = with_url(
        rec(SourceKind::Linkedin, "Maria Gonzalez"),
        "https://www.linkedin.com/in/maria-g",
    );
    linkedin.company = Some("Acme Labs".into());
    let mut card = with_phone(rec(SourceKind::Vcard, "Maria Gonzales"), "555-010-0008");
    card.company = Some("ACME LABS, Inc.".into());
    let friend = rec(SourceKind::Facebook, "Maria Gonzalex");
    let res = resolve(&[linkedin, card, friend]);
    assert_eq!(groups(&res), vec![vec![0, 1], vec![2]]);
    assert!(res.links.iter().any(|l| l.reason
        == Reason::Typo {
            a: "maria gonzalez".into(),
            b: "maria gonzales".into(),
            corroboration: Corroboration::Company("acme labs".into()),
        }
        || l.reason
            == Reason::Typo {
                a: "maria gonzales".into(),
                b: "maria gonzalez".into(),
                corroboration: Corroboration::Company("acme labs".into()),
            }));
}

/// A letter added or dropped in the family name (`Müller` written
/// `Muller` folds to `mueller` / `muller`) is met by blocking too: one
/// side's name is a deletion of the other's, not only a shared deletion.
#[test]
fn a_family_name_with_a_letter_dropped_is_compared() {
    for (a, b) in [
        ("Ann Mueller", "Ann Muller"),
        ("Ann Kowalski", "Ann Kowalsky"),
        ("Ann Lee", "Ann Lees"),
    ] {
        let mut linkedin = with_url(
            rec(SourceKind::Linkedin, a),
            "https://www.linkedin.com/in/ann-m",
        );
        linkedin.company = Some("Acme Labs".into());
        let mut card = with_phone(rec(SourceKind::Vcard, b), "555-010-0008");
        card.company = Some("Acme Labs".into());
        let res = resolve(&[linkedin, card]);
        // `Lee` / `Lees`: three letters, too short for a typo.
        let expected = if a == "Ann Lee" {
            vec![vec![0], vec![1]]
        } else {
            vec![vec![0, 1]]
        };
        assert_eq!(groups(&res), expected, "{a} / {b}");
    }
}

#[test]
fn a_shared_landline_goes_to_the_person_its_contact_name_names() {
    let mut hint = with_phone(
        Record::new(SourceKind::Calllog, Location::new(Arc::from("calls"), None)),
        "555-010-0001",
    );
    hint.add_name("Bob Smith");
    hint.name_is_hint = true;
    let mut unknown = with_phone(
        Record::new(
            SourceKind::Calllog,
            Location::new(Arc::from("calls2"), None),
        ),
        "555-010-0001",
    );
    unknown.name_is_hint = true;
    let records = vec![
        with_phone(rec(SourceKind::Vcard, "Ann Smith"), "555-010-0001"),
        with_phone(rec(SourceKind::Vcard, "Bob Smith"), "555-010-0001"),
        hint,
        unknown,
    ];
    let res = resolve(&records);
    assert_eq!(groups(&res), vec![vec![0], vec![1, 2], vec![3]]);
    assert_eq!(res.ambiguous.len(), 1);
    assert_eq!(res.ambiguous[0].name, "+15550100001");
}

#[test]
fn user_decisions_win_over_every_rule() {
    let records = vec![
        with_email(rec(SourceKind::Vcard, "Bob Smith"), "bob@example.com"),
        with_email(
            rec(SourceKind::Touchpoints, "Rob Smyth"),
            "robert@example.com",
        ),
        rec(SourceKind::Facebook, "Bob Smith"),
        with_phone(rec(SourceKind::Vcard, "Sam Lee"), "555-010-0101"),
        rec(SourceKind::Facebook, "Sam Lee"),
    ];
    let opts = ResolveOptions {
        same: vec![["Bob Smith".into(), "robert@example.com".into()]],
        different: vec![["Sam Lee".into(), "+1 555 010 0101".into()]],
        ..ResolveOptions::default()
    };
    let res = resolve_with(&records, &opts);
    // Sam Lee of Facebook is named by the left side only; the card holds
    // both sides and so is kept with itself.
    assert_eq!(groups(&res), vec![vec![0, 1, 2], vec![3], vec![4]]);
    assert!(res
        .links
        .iter()
        .any(|l| matches!(&l.reason, Reason::Decision { a, .. } if a == "Bob Smith")));
    // Without the decisions, Sam Lee is one person and Rob Smyth another.
    assert_eq!(
        groups(&resolve(&records)),
        vec![vec![0, 2], vec![1], vec![3, 4]]
    );
}

#[test]
fn two_friends_of_one_name_in_one_file_are_two_people() {
    let file: Arc<str> = Arc::from("your_friends.json");
    let a = {
        let mut r = Record::new(SourceKind::Facebook, Location::new(Arc::clone(&file), None));
        r.add_name("Sam Lee");
        r
    };
    let res = resolve(&[a.clone(), a]);
    assert_eq!(groups(&res), vec![vec![0], vec![1]]);
}

/// A touchpoint log names one person on as many rows as they met: two
/// rows of one name are one person, whether the name fits somebody else
/// or (two address-book cards of that name) fits several and so nobody.
#[test]
fn rows_of_one_name_in_the_touchpoint_log_are_one_person() {
    let log: Arc<str> = Arc::from("touchpoints.csv");
    let row = |line: u64, name: &str| {
        let mut r = Record::new(
            SourceKind::Touchpoints,
            Location::new(Arc::clone(&log), Some(line)),
        );
        r.add_name(name);
        r
    };
    let res = resolve(&[row(2, "Richard Holtley"), row(3, "Richard Holtley")]);
    assert_eq!(groups(&res), vec![vec![0, 1]]);

    let book: Arc<str> = Arc::from("contacts.vcf");
    let card = |line: u64, phone: &str| {
        let mut r = Record::new(
            SourceKind::Vcard,
            Location::new(Arc::clone(&book), Some(line)),
        );
        r.add_name("Sam Lee");
        with_phone(r, phone)
    };
    // A row with one card's phone joins that card; the name-only rows
    // still fit both cards, so they join neither and stay together.
    let pinned = with_phone(row(4, "Sam Lee"), "+1 555 010 0141");
    let res = resolve(&[
        card(1, "+1 555 010 0141"),
        card(2, "+1 555 010 0142"),
        row(2, "Sam Lee"),
        pinned,
        row(5, "Sam Lee"),
    ]);
    assert_eq!(groups(&res), vec![vec![0, 3], vec![1], vec![2, 4]]);
}

#[test]
fn a_conversation_of_just_the_two_corroborates_a_typo() {
    let mut owner = rec(SourceKind::Facebook, "Morgan Quill");
    owner.owner = true;
    let records = vec![
        rec(SourceKind::Facebook, "Jonh Smith"),
        rec(SourceKind::Facebook, "John Smith"),
        owner,
        // Another thread: a typo with nobody to back it stays apart.
        rec(SourceKind::Facebook, "Jhon Smith"),
    ];
    let event = crate::model::Event::from(crate::model::NewEvent {
        kind: crate::model::EventKind::Online,
        channel: crate::model::Channel::FacebookMessage,
        when: crate::model::When::Day(jiff::civil::date(2026, 1, 1)),
        sender: Some(0),
        participants: [0, 1, 2].into(),
        location: Location::new(Arc::from("thread"), None),
        dedup_key: None,
    });
    let opts = ResolveOptions {
        events: std::slice::from_ref(&event),
        ..ResolveOptions::default()
    };
    let res = resolve_with(&records, &opts);
    assert_eq!(groups(&res), vec![vec![0, 1], vec![2], vec![3]]);
    assert!(res.links.iter().any(|l| matches!(
        &l.reason,
        Reason::Typo {
            corroboration: Corroboration::Conversation,
            ..
        }
    )));
}

#[test]
fn a_decision_naming_nothing_is_reported_and_does_nothing() {
    let records = vec![
        rec(SourceKind::Facebook, "Bob Smith"),
        rec(SourceKind::Vcard, "Bob Smith"),
    ];
    let opts = ResolveOptions {
        same: vec![["Bob Smith".into(), "nobody@example.com".into()]],
        ..ResolveOptions::default()
    };
    let res = resolve_with(&records, &opts);
    assert_eq!(res.unmatched_decisions, ["nobody@example.com"]);
    assert!(res.links.iter().all(|l| l.reason.rule() == "name"));
}

#[test]
fn linkedin_credentials_after_a_comma_do_not_become_a_given_name() {
    let records = vec![
        with_url(
            rec(
                SourceKind::Linkedin,
                "Mona Saleh, Certified Executive Coach",
            ),
            "https://www.linkedin.com/in/mona",
        ),
        rec(SourceKind::Facebook, "Mona Saleh"),
        rec(SourceKind::Touchpoints, "Saleh, Mona"),
    ];
    let res = resolve(&records);
    assert_eq!(groups(&res), vec![vec![0, 1, 2]]);
    assert!(
        res.links.iter().any(|l| l.reason.rule() == "order"),
        "{:?}",
        res.links
    );
}

/// The id's keys hold `normalize_name` of every name, an emoji-only name
/// (no words) included, though matching never sees it.
#[test]
fn identity_keys_hold_every_name_normalized() {
    let mut r = with_email(rec(SourceKind::Vcard, "🙂"), "ann@example.com");
    r.add_name("Dr. Ann LEE, PhD");
    r.add_name("Lee, Ann");
    let records = vec![r];
    let res = resolve(&records);
    let parsed: Vec<Vec<ParsedName>> = vec![records[0]
        .names
        .iter()
        .map(|n| parse_name(n))
        .filter(|p| !p.words.is_empty())
        .collect()];
    let keys = identity_keys(&records, &parsed, &res.persons[0]);
    let mut expected: Vec<String> = records[0]
        .names
        .iter()
        .map(|n| format!("name:{}", normalize_name(n)))
        .chain(["email:ann@example.com".to_owned()])
        .collect();
    expected.sort();
    expected.dedup();
    assert_eq!(keys, expected);
    assert!(keys.contains(&"name:".to_owned()), "{keys:?}");
}

/// Blocking loses nothing: over names built to be near each other (short
/// family names from three letters, initials, nicknames, middle names,
/// family name first), every pair `relate` relates shares a block. A
/// seeded search, all pairs against the blocks.
#[test]
fn blocking_meets_every_pair_that_relates() {
    let mut state: u64 = 0x005e_ed0f_b10c;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    const GIVEN: &[&str] = &[
        "Ann", "Anne", "A.", "Bob", "Robert", "Rob", "Th.", "Thomas", "Abby",
    ];
    let mut raw: Vec<String> = Vec::new();
    for _ in 0..600 {
        let len = 1 + next(6);
        let family: String = (0..len).map(|_| ['a', 'b', 'c'][next(3)]).collect();
        let mut family = family;
        family[..1].make_ascii_uppercase();
        let given = GIVEN[next(GIVEN.len())];
        raw.push(match next(4) {
            0 => format!("{family}, {given}"),
            1 => format!("{given} {} {family}", ["B.", "Bea", "C."][next(3)]),
            _ => format!("{given} {family}"),
        });
    }
    let mut parsed: Vec<ParsedName> = raw
        .iter()
        .map(|r| parse_name(r))
        .filter(ParsedName::is_full)
        .collect();
    parsed.sort();
    parsed.dedup();
    let names: Vec<&ParsedName> = parsed.iter().collect();
    let pairs: BTreeSet<(u32, u32)> = block_pairs(&names).into_iter().collect();
    let mut related = 0;
    for a in 0..names.len() {
        for b in a + 1..names.len() {
            if names::relate(names[a], names[b]).is_some() {
                related += 1;
                let pair = (u32::try_from(a).unwrap(), u32::try_from(b).unwrap());
                assert!(
                    pairs.contains(&pair),
                    "{:?} and {:?} relate but share no block",
                    names[a].key(),
                    names[b].key()
                );
            }
        }
    }
    // The search means something: many pairs relate, of every kind.
    assert!(related > 1_000, "only {related} related pairs");
}

/// The set helpers give what sorting the union gives, whichever side is
/// small, and `disjoint` what a naive check gives: the lookup paths and
/// the merge paths agree.
#[test]
fn set_unions_and_disjointness_agree_with_the_naive_ones() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    for _ in 0..3000 {
        let set = |next: &mut dyn FnMut(u64) -> u64| {
            let len = [0, 1, 2, 3, 40, 100][next(6) as usize];
            let range = [5, 50, 1000][next(3) as usize];
            let v: Vec<u64> = (0..len).map(|_| next(range)).collect();
            super::sorted(v)
        };
        let (a, b) = (set(&mut next), set(&mut next));
        let naive_disjoint = !a.iter().any(|x| b.contains(x));
        assert_eq!(super::disjoint(&a, &b), naive_disjoint, "{a:?} {b:?}");
        assert_eq!(super::disjoint(&b, &a), naive_disjoint, "{b:?} {a:?}");
        let want = super::sorted(a.iter().chain(&b).copied().collect());
        for (keep, gone) in [(0, 1), (1, 0)] {
            let mut sets = vec![a.clone(), b.clone()];
            super::absorb(&mut sets, keep, gone);
            assert_eq!(sets[keep], want, "{a:?} {b:?}");
            assert!(sets[gone].is_empty());
        }
    }
}

/// A name unique in the data, on LinkedIn (a profile), Facebook (a friend
/// and a thread) and two rows of the touchpoint log, is one person. While
/// two rows of one log counted as two people, each side fitted both rows,
/// every node was ambiguous, and this made four people.
#[test]
fn one_name_on_linkedin_facebook_and_the_log_is_one_person() {
    let at = |file: &str, line: Option<u64>, source: SourceKind, name: &str| {
        let mut r = Record::new(source, Location::new(Arc::from(file), line));
        r.add_name(name);
        r
    };
    let records = vec![
        with_url(
            at(
                "Connections.csv",
                Some(5),
                SourceKind::Linkedin,
                "Hiroshi Thornton",
            ),
            "https://www.linkedin.com/in/hiroshi-thornton",
        ),
        at(
            "your_friends.json",
            None,
            SourceKind::Facebook,
            "Hiroshi Thornton",
        ),
        at(
            "inbox/hiroshi_1/message_1.json",
            None,
            SourceKind::Facebook,
            "Hiroshi Thornton",
        ),
        at(
            "touchpoints.csv",
            Some(2),
            SourceKind::Touchpoints,
            "Hiroshi Thornton",
        ),
        at(
            "touchpoints.csv",
            Some(3),
            SourceKind::Touchpoints,
            "Hiroshi Thornton",
        ),
    ];
    let res = resolve(&records);
    assert_eq!(groups(&res), vec![vec![0, 1, 2, 3, 4]]);
}

/// Point 2 of issue 21: a nickname or a middle name in one source only,
/// with no identifier in common, still links where one person fits.
#[test]
fn nickname_and_middle_name_variants_link_across_linkedin_and_facebook() {
    for (linkedin, facebook) in [
        ("Richard Holtley", "Rick Holtley"),
        ("Jacqueline R. Selfield", "Jacqueline Selfield"),
        (
            "Agnieszka Marie Sánchez de la Peña",
            "Agnieszka Sánchez de la Peña",
        ),
    ] {
        let records = vec![
            with_url(
                rec(SourceKind::Linkedin, linkedin),
                "https://www.linkedin.com/in/someone",
            ),
            rec(SourceKind::Facebook, facebook),
            rec(SourceKind::Touchpoints, &facebook.to_lowercase()),
        ];
        assert_eq!(
            groups(&resolve(&records)),
            vec![vec![0, 1, 2]],
            "{linkedin}"
        );
    }
}

/// Point 4 of issue 21: two nicknames of one name are two people, so the
/// formal name that fits both links to neither; a nickname written with a
/// whole middle name the other lacks is not one variant but two.
#[test]
fn chains_through_nicknames_do_not_merge_people() {
    let records = vec![
        with_url(
            rec(SourceKind::Linkedin, "Beth Nguyen"),
            "https://www.linkedin.com/in/beth",
        ),
        rec(SourceKind::Facebook, "Elizabeth Nguyen"),
        with_phone(rec(SourceKind::Vcard, "Lisa Nguyen"), "555-010-0031"),
    ];
    let res = resolve(&records);
    assert_eq!(groups(&res), vec![vec![0], vec![1], vec![2]]);
    assert_eq!(res.ambiguous[0].name, "elizabeth nguyen");
    let records = vec![
        with_url(
            rec(SourceKind::Linkedin, "Lawrence Thornbury"),
            "https://www.linkedin.com/in/lawrence",
        ),
        with_phone(
            rec(SourceKind::Vcard, "Lars Alexander Thornbury"),
            "555-010-0032",
        ),
    ];
    assert_eq!(groups(&resolve(&records)), vec![vec![0], vec![1]]);
    // Two nicknames one letter apart are still two people's.
    let records = vec![
        rec(SourceKind::Facebook, "Alexander Grey"),
        with_url(
            rec(SourceKind::Linkedin, "Alex Grey"),
            "https://www.linkedin.com/in/alex-grey",
        ),
        with_phone(rec(SourceKind::Vcard, "Alec Grey"), "555-010-0034"),
    ];
    assert_eq!(groups(&resolve(&records)), vec![vec![0], vec![1], vec![2]]);
}

/// Point 4 of issue 21: a nickname of a family name the data holds many
/// people of is weak evidence; the same records with a rare family name
/// link, and the link says how common the name is.
#[test]
fn a_nickname_of_a_common_family_name_does_not_link_on_the_name_alone() {
    let people = |family: &str| {
        let mut records = vec![
            with_url(
                rec(SourceKind::Linkedin, &format!("jack {family}")),
                "https://www.linkedin.com/in/jack",
            ),
            rec(SourceKind::Facebook, &format!("jack {family}")),
            with_email(
                with_phone(
                    rec(SourceKind::Vcard, &format!("Jacob {family}")),
                    "555-010-0033",
                ),
                "jacob@example.com",
            ),
        ];
        // Other people of the family name, and elsewhere given names that
        // fit Jacob or Jack (a John, a Jake) among others.
        let givens = [
            "Ann", "Bea", "Carl", "Dora", "Emil", "Fay", "Hugo", "Ida", "Jude", "Kurt", "Lena",
            "Milo", "Nina", "Otto", "Pia", "Quinn", "Rosa", "Saul", "Tess", "Uma", "Vera", "Wade",
            "Yuri", "Zane", "Abel", "Cleo", "Dirk", "Enzo", "Gwen", "Hans",
        ];
        for (n, g) in givens.iter().enumerate() {
            let phone = format!("555-010-{:04}", 1000 + n);
            records.push(with_phone(
                rec(SourceKind::Vcard, &format!("{g} Walham")),
                &phone,
            ));
            let other = if n % 6 == 0 { "John" } else { g };
            records.push(rec(SourceKind::Facebook, &format!("{other} Family{n}")));
        }
        records
    };
    let res = resolve(&people("Walham"));
    let with = |res: &Resolution, i: usize| res.person_of[i];
    assert_ne!(with(&res, 0), with(&res, 2), "a common family name");
    assert_eq!(with(&res, 0), with(&res, 1));
    let res = resolve(&people("Rarename")[..3]);
    assert_eq!(groups(&res), vec![vec![0, 1, 2]]);
    let reason = res
        .links
        .iter()
        .find(|l| l.reason.rule() == "nickname")
        .map(|l| l.reason.describe())
        .unwrap_or_default();
    assert!(
        reason.ends_with(
            "; \"rarename\": 1 person here, 0.00 namesakes expected to fit by chance (links below 2)"
        ),
        "{reason}"
    );
}

/// Point 7 of issue 21: a typo is also backed up by an email address or a
/// LinkedIn profile whose words spell the other's name; a name alone with
/// the typo still stays apart.
#[test]
fn an_address_that_spells_the_other_name_corroborates_a_typo() {
    let records = vec![
        with_url(
            rec(SourceKind::Linkedin, "Richard Holtley"),
            "https://www.linkedin.com/in/rholtley",
        ),
        with_email(
            with_phone(rec(SourceKind::Vcard, "Richard Holtly"), "555-010-0041"),
            "richard.holtley@example.com",
        ),
        rec(SourceKind::Facebook, "Richard Holtey"),
        with_url(
            rec(SourceKind::Linkedin, "Ana Perez"),
            "https://www.linkedin.com/in/ana-peres-12ab",
        ),
        with_phone(rec(SourceKind::Vcard, "Ana Peres"), "555-010-0042"),
    ];
    let res = resolve(&records);
    assert_eq!(groups(&res), vec![vec![0, 1], vec![2], vec![3, 4]]);
    let reasons: Vec<String> = res.links.iter().map(|l| l.reason.describe()).collect();
    assert!(
        reasons.contains(
            &"name \"richard holtley\" ~ \"richard holtly\" (one-letter typo), backed by richard.holtley@example.com, which spells the other"
                .to_owned()
        ),
        "{reasons:?}"
    );
}
