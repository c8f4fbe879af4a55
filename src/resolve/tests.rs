use std::sync::Arc;

use super::*;
use crate::model::{Location, Region};

fn rec(source: SourceKind, name: &str) -> Record {
    let mut r = Record::new(source, Location::new(Arc::from("t"), Some(1)));
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
