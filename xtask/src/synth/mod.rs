//! A seeded generator of labelled synthetic exports, and the measurement of
//! identity resolution against its labels.
//!
//! [`generate`] invents `people` people and writes what their exports would
//! hold, in the real formats offgrid reads — a LinkedIn export
//! (`Connections.csv` with its `Notes:` preamble, `messages.csv`,
//! `Profile.csv`), a Facebook JSON archive (friends, message threads, the
//! profile; every non-ASCII character written as mojibake, as Facebook
//! does), an address book of vCards 3.0, an SMS Backup & Restore
//! `calls.xml`, and a touchpoint log — into `<out>/exports/`, and the truth
//! (which record is which person, and how its name was written) into
//! `<out>/truth.json`. The same `people` and `seed` always give the same
//! bytes.
//!
//! Names are written with the variants and traps identity resolution must
//! handle: case, accents, "Last, First" order, a middle name or initial in
//! one source only, nicknames, titles, credentials and emoji, one-letter
//! typos with and without corroboration; and traps that must *not* merge:
//! a family landline and a shared inbox used by two people, two different
//! people with one name (so a third record with that name is ambiguous),
//! and one name with two conflicting LinkedIn profiles. Apart from the
//! traps, no two people have names that could be one person's (no shared
//! family name with related given names, no one-letter neighbours), so
//! every miss and every false merge is the resolver's.
//!
//! [`evaluate`] reads the exports back through the real pipeline (discover,
//! resolve) and scores the result per variant kind. It is a tool for tests
//! and benchmarks (`xtask synth`, `xtask evaluate`), not part of the
//! product.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io;
use std::path::Path;

use offgrid::model::Record;
use offgrid::resolve::{nickname_pairs, normalize_name, Resolution};

mod evaluate;
mod mbox;
mod names;
mod records;
mod scale;
mod write;

pub use evaluate::{evaluate, evaluate_dir, table, Evaluation, Score};
use names::*;
use records::*;
use write::*;

pub use mbox::{generate_mbox, MboxSummary};
pub use scale::{generate_scale, ScaleSummary};

/// How a record's name was written, relative to the person's own name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// The record every other record of the person is scored against.
    Anchor,
    /// Written exactly as the anchor.
    Same,
    /// Linked by an email or phone the anchor shares.
    Strong,
    Case,
    Accents,
    Order,
    Middle,
    Nickname,
    /// Titles, credentials, emoji, pronouns.
    Decoration,
    /// A one-letter typo, with the same company on both records.
    TypoCorroborated,
    /// A one-letter typo and nothing else: kept apart by design.
    TypoAlone,
    /// A name that fits two people: must merge with nobody.
    Ambiguous,
    /// Two people on one phone number or one email address.
    SharedIdentifier,
    /// The same name with another LinkedIn profile: another person.
    ConflictingProfile,
    /// Another person of a common family name whose given name fits
    /// (two nicknames of one name; a nickname with a whole middle name).
    Namesake,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Anchor => "anchor",
            Kind::Same => "same",
            Kind::Strong => "strong",
            Kind::Case => "case",
            Kind::Accents => "accents",
            Kind::Order => "order",
            Kind::Middle => "middle",
            Kind::Nickname => "nickname",
            Kind::Decoration => "decoration",
            Kind::TypoCorroborated => "typo-corroborated",
            Kind::TypoAlone => "typo-alone",
            Kind::Ambiguous => "ambiguous",
            Kind::SharedIdentifier => "shared-identifier",
            Kind::ConflictingProfile => "conflicting-profile",
            Kind::Namesake => "namesake",
        }
    }

    fn parse(s: &str) -> Option<Kind> {
        ALL_KINDS.iter().copied().find(|k| k.as_str() == s)
    }

    /// Whether a record of this kind should end up with its person's
    /// anchor.
    pub fn should_link(self) -> bool {
        !matches!(
            self,
            Kind::Anchor
                | Kind::TypoAlone
                | Kind::Ambiguous
                | Kind::SharedIdentifier
                | Kind::ConflictingProfile
                | Kind::Namesake
        )
    }
}

const ALL_KINDS: &[Kind] = &[
    Kind::Anchor,
    Kind::Same,
    Kind::Strong,
    Kind::Case,
    Kind::Accents,
    Kind::Order,
    Kind::Middle,
    Kind::Nickname,
    Kind::Decoration,
    Kind::TypoCorroborated,
    Kind::TypoAlone,
    Kind::Ambiguous,
    Kind::SharedIdentifier,
    Kind::ConflictingProfile,
    Kind::Namesake,
];

/// SplitMix64: small, seeded, the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One invented person.
#[derive(Clone, Debug)]
struct Person {
    given: String,
    /// The nickname the person goes by where not formal (one: people are
    /// `Beth` or `Lisa`, not both).
    nick: Option<String>,
    middle: Option<String>,
    family: String,
    company: String,
    position: String,
    slug: String,
    email: String,
    /// International form (`+1 555 ...`, `+49 30 ...`).
    phone: String,
    /// For a person abroad: their number internationally and as the
    /// address book writes it (nationally, `030 2...`), and the country of
    /// the card's address.
    abroad: Option<(String, String, &'static str)>,
}

impl Person {
    fn full(&self) -> String {
        match &self.middle {
            Some(m) => format!("{} {m} {}", self.given, self.family),
            None => format!("{} {}", self.given, self.family),
        }
    }
}

/// One generated record and who it really is.
#[derive(Clone, Debug)]
struct Truth {
    file: String,
    by: &'static str,
    key: String,
    person: usize,
    kind: Kind,
}

/// Where the generated records go before they are written.
#[derive(Default)]
struct Out {
    connections: Vec<[String; 7]>,
    messages: Vec<[String; 10]>,
    friends: Vec<(String, i64)>,
    threads: Vec<(String, Vec<i64>)>,
    vcards: Vec<String>,
    calls: Vec<String>,
    touchpoints: Vec<[String; 6]>,
    truth: Vec<Truth>,
}

const F_CONNECTIONS: &str = "linkedin/Connections.csv";
const F_MESSAGES: &str = "linkedin/messages.csv";
const F_FRIENDS: &str = "facebook-owner/connections/friends/your_friends.json";
const F_VCARDS: &str = "contacts.vcf";
const F_CALLS: &str = "calls-20261120.xml";
const F_TOUCHPOINTS: &str = "touchpoints.csv";

/// What [`generate`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub people: usize,
    pub records: usize,
}

/// Writes `people` invented people's exports into `out/exports/` and the
/// truth into `out/truth.json`.
///
/// # Errors
///
/// When a file cannot be written.
pub fn generate(people: usize, seed: u64, out: &Path) -> io::Result<Summary> {
    let built = build(people, seed);
    write_all(out, OWNER, &built.out, seed, built.people)?;
    Ok(Summary {
        people: built.people,
        records: built.out.truth.len(),
    })
}

/// The owner of every synthetic export.
const OWNER: &str = "Morgan Quill";

/// Invented people and their records, before anything is written.
struct Built {
    people: usize,
    persons: Vec<Person>,
    out: Out,
}

fn build(people: usize, seed: u64) -> Built {
    let mut rng = Rng(seed ^ 0x006f_6666_6772_6964);
    let mut names = Names::new();
    let mut persons: Vec<Person> = Vec::new();
    let mut o = Out::default();
    // Traps take about one person in 25; the rest are ordinary.
    let traps = (people / 25).max(5);
    let ordinary = people.saturating_sub(traps * 2).max(1);
    for _ in 0..ordinary {
        let Some(p) = invent(&mut rng, &mut names, persons.len(), None, 0) else {
            break;
        };
        persons.push(p);
        let id = persons.len() - 1;
        ordinary_records(&mut rng, &persons[id], id, &mut o);
    }
    for t in 0..traps {
        trap(&mut rng, &mut names, &mut persons, t, &mut o);
    }
    Built {
        people: persons.len(),
        persons,
        out: o,
    }
}
