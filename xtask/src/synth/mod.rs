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

mod scale;

pub use scale::{generate_scale, ScaleSummary};

/// Resolves `dir/exports/` as `offgrid report` does (UTC, US numbers, as
/// of 2026-11-26) and scores it against `dir/truth.json`: the table
/// [`table`] prints, after a line of counts.
///
/// # Errors
///
/// When the exports cannot be read or the truth file is missing.
pub fn evaluate_dir(dir: &Path) -> anyhow::Result<String> {
    use anyhow::Context as _;
    use offgrid::import::{Context, Fold};
    let ctx = Context {
        region: offgrid::model::Region::default(),
        tz: jiff::tz::TimeZone::UTC,
        as_of: jiff::civil::date(2026, 11, 26),
        limits: offgrid::limits::Limits::default(),
    };
    let exports = dir.join("exports");
    let imported =
        offgrid::discover::discover(std::slice::from_ref(&exports), &ctx, Fold::Day, &|_| {});
    if let Some(e) = imported.errors.first() {
        anyhow::bail!("cannot read {}: {e}", exports.display());
    }
    let opts = offgrid::resolve::ResolveOptions {
        events: &imported.sink.events,
        ..offgrid::resolve::ResolveOptions::default()
    };
    let resolution = offgrid::resolve::resolve_with(&imported.sink.records, &opts);
    let ev = evaluate(dir, &imported.sink.records, &resolution)
        .with_context(|| format!("cannot read {}", dir.join("truth.json").display()))?;
    Ok(format!(
        "{} records, {} people resolved, {} warnings\n\n{}",
        imported.sink.records.len(),
        resolution.persons.len(),
        imported.sink.warnings.len(),
        table(&ev)
    ))
}

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

/// Given names outside the nickname table, several with accents or letters
/// that do not decompose.
const OTHER_GIVEN: &[&str] = &[
    "José",
    "Zoë",
    "Chloé",
    "Søren",
    "Björn",
    "Jürgen",
    "Inês",
    "François",
    "Hélène",
    "Łucja",
    "Ágnes",
    "Zoltán",
    "Renée",
    "André",
    "Mária",
    "Dörte",
    "Ørjan",
    "Þóra",
    "Đorđe",
    "Ingrid",
    "Aiko",
    "Kenji",
    "Priya",
    "Arjun",
    "Fatima",
    "Omar",
    "Chiara",
    "Luca",
    "Mateo",
    "Lucía",
    "Nadia",
    "Tariq",
    "Yusuf",
    "Elif",
    "Emre",
    "Ngozi",
    "Chidi",
    "Wanjiru",
    "Kofi",
    "Amara",
    "Sven",
    "Astrid",
    "Linnea",
    "Mikko",
    "Aino",
    "Bogdan",
    "Oksana",
    "Dmitri",
    "Irina",
    "Tomasz",
    "Agnieszka",
    "Răzvan",
    "Ștefan",
    "Çağla",
    "Gökhan",
    "Nuñez",
    "Íñigo",
    "Maëlle",
    "Anaïs",
    "Joël",
];

/// Family names with accents and letters that do not decompose.
const ACCENTED_FAMILY: &[&str] = &[
    "Müller",
    "Łukasiewicz",
    "Ødegaard",
    "Gonçalves",
    "Núñez",
    "Šimić",
    "Dvořák",
    "Ångström",
    "Kärkkäinen",
    "Çelik",
    "Öztürk",
    "Jiménez",
    "Pérez",
    "Fernández",
    "Gómez",
    "Żółkiewski",
    "Błaszczyk",
    "Håkansson",
    "Søndergaard",
    "Æbelø",
    "Straße",
    "Đurić",
    "Þórsson",
    "Lefèvre",
    "Béranger",
    "Kovač",
    "Horváth",
    "Szabó",
    "Nagyné",
    "Ramírez",
    "Sánchez",
    "Grüber",
    "Köhler",
    "Schäfer",
    "Wójcik",
    "Nowakówna",
    "Petrović",
    "Jovanović",
    "Mäkelä",
    "Väisänen",
];

const ONSETS: &[&str] = &[
    "Ab", "Bal", "Bran", "Car", "Dal", "Del", "Ed", "Fair", "Gar", "Hal", "Hart", "Ing", "Jar",
    "Kel", "Lan", "Mar", "Mel", "Nor", "Oak", "Pem", "Quin", "Rad", "Ros", "Sal", "Stan", "Tal",
    "Ul", "Van", "Wel", "Wes", "Yar", "Zel", "Ash", "Black", "Brook", "Cole", "Dun", "Els", "Fen",
    "Glen", "Holl", "Kirk", "Lind", "Mont", "Nash", "Pres", "Red", "Shel", "Thorn", "Wyn",
];

const CODAS: &[&str] = &[
    "ford", "wick", "ton", "ley", "more", "dale", "field", "worth", "by", "stead", "ham", "bridge",
    "brook", "croft", "gate", "hurst", "lund", "mark", "nell", "rick", "sby", "thal", "ville",
    "well", "win", "ard", "ek", "enko", "ovic", "ström", "sen", "berg", "stein", "mann", "oglu",
    "ez", "ini", "elli", "aki", "ura",
];

const COMPANIES: &[&str] = &[
    "Acme Labs",
    "Northwind",
    "Globex",
    "Initech",
    "Umbrella Works",
    "Stark Forge",
    "Wayne Freight",
    "Hooli",
    "Vandelay Imports",
    "Soylent Foods",
    "Cyberdyne",
    "Tyrell Bio",
    "Aperture Science",
    "Black Mesa",
    "Oscorp",
    "Massive Dynamic",
    "Pied Piper",
    "Dunder Supply",
    "Wonka Sweets",
    "Gringotts",
    "Monarch Air",
    "Nakatomi",
    "Blue Sun",
    "Weyland Mining",
    "Virtucon",
];

const POSITIONS: &[&str] = &[
    "Engineer",
    "Product Manager",
    "Designer",
    "Founder",
    "Analyst",
    "Recruiter",
    "Teacher",
    "Nurse",
    "Researcher",
    "Sales Lead",
    "Writer",
    "Consultant",
];

const DECORATIONS: &[(&str, &str)] = &[
    ("", ", PhD"),
    ("", ", MBA"),
    ("Dr. ", ""),
    ("", " 🚀"),
    ("✨ ", " ✨"),
    ("", " (she/her)"),
    ("", " (he/him)"),
    ("", ", Certified Executive Coach"),
    ("", " | Hiring"),
    ("", ", CFA, CAIA"),
];

/// One invented person.
#[derive(Clone, Debug)]
struct Person {
    given: String,
    middle: Option<String>,
    family: String,
    company: String,
    position: String,
    slug: String,
    email: String,
    phone: String,
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

/// The pool of names and the index that keeps invented people apart.
struct Names {
    given: Vec<String>,
    family: Vec<String>,
    /// Formal names of each nickname (`bob` → `robert`).
    formal: BTreeMap<String, BTreeSet<String>>,
    /// Nicknames of each formal name, as written.
    nicks: BTreeMap<String, Vec<String>>,
    /// Keys of taken names and their one-letter neighbourhoods.
    taken: BTreeSet<String>,
}

fn fold(s: &str) -> String {
    normalize_name(s)
}

/// Every string one deletion away from `s`, and `s` itself.
fn deletions(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = vec![s.to_owned()];
    for i in 0..chars.len() {
        out.push(chars[..i].iter().chain(&chars[i + 1..]).collect());
    }
    out
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

impl Names {
    fn new() -> Names {
        let mut formal: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut nicks: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut given: BTreeSet<String> = BTreeSet::new();
        for (f, n) in nickname_pairs() {
            formal.entry(n.to_owned()).or_default().insert(f.to_owned());
            formal.entry(f.to_owned()).or_default().insert(f.to_owned());
            nicks.entry(f.to_owned()).or_default().push(capitalize(n));
            given.insert(capitalize(f));
        }
        let mut given: Vec<String> = given.into_iter().collect();
        given.extend(OTHER_GIVEN.iter().map(|s| (*s).to_owned()));
        let mut family: Vec<String> = ACCENTED_FAMILY.iter().map(|s| (*s).to_owned()).collect();
        for o in ONSETS {
            for c in CODAS {
                family.push(format!("{o}{c}"));
            }
        }
        Names {
            given,
            family,
            formal,
            nicks,
            taken: BTreeSet::new(),
        }
    }

    /// The formal names a given name stands for, folded.
    fn formals(&self, given: &str) -> Vec<String> {
        let g = fold(given);
        match self.formal.get(&g) {
            Some(set) => set.iter().cloned().collect(),
            None => vec![g],
        }
    }

    /// The keys that collide with any name that could be one person's with
    /// `given family`: the same family with a related or one-letter-off
    /// given name, or the same given name with a one-letter-off family.
    fn keys(&self, given: &str, family: &str) -> Vec<String> {
        let (g, f) = (fold(given), fold(family));
        // The formal names and every nickname of them: `Alexander` and
        // `Alexandra` share `Alex`, so they may not share a family name.
        let mut tokens: BTreeSet<String> = BTreeSet::new();
        for formal in self.formals(given) {
            if let Some(nicks) = self.nicks.get(&formal) {
                tokens.extend(nicks.iter().map(|n| fold(n)));
            }
            tokens.insert(formal);
        }
        let mut keys = Vec::new();
        for t in &tokens {
            for fd in deletions(&f) {
                keys.push(format!("gf:{t}|{fd}"));
            }
        }
        for gd in deletions(&g) {
            keys.push(format!("fg:{f}|{gd}"));
        }
        keys
    }

    fn free(&self, given: &str, family: &str) -> bool {
        self.keys(given, family)
            .iter()
            .all(|k| !self.taken.contains(k))
    }

    fn take(&mut self, given: &str, family: &str) {
        for k in self.keys(given, family) {
            self.taken.insert(k);
        }
    }
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
        let Some(p) = invent(&mut rng, &mut names, persons.len(), None) else {
            break;
        };
        persons.push(p);
        let id = persons.len() - 1;
        ordinary_records(&mut rng, &names, &persons[id], id, &mut o);
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

/// A new person whose name fits nobody else's (or shares `family`).
fn invent(rng: &mut Rng, names: &mut Names, id: usize, family: Option<&str>) -> Option<Person> {
    for _ in 0..1000 {
        let given = rng.pick(&names.given).clone();
        let fam = match family {
            Some(f) => f.to_owned(),
            None => rng.pick(&names.family).clone(),
        };
        if !names.free(&given, &fam) {
            continue;
        }
        names.take(&given, &fam);
        let middle = if rng.chance(25) {
            let m = rng.pick(&names.given).clone();
            (fold(&m) != fold(&given)).then_some(m)
        } else {
            None
        };
        let slug_base = fold(&format!("{given} {fam}")).replace(' ', "-");
        return Some(Person {
            company: rng.pick(COMPANIES).to_string(),
            position: rng.pick(POSITIONS).to_string(),
            slug: format!("{slug_base}-{id:x}"),
            email: format!("{}.{id}@example.com", slug_base.replace('-', ".")),
            phone: format!("+1 555 {:03} {:04}", 200 + id / 10000, id % 10000),
            given,
            middle,
            family: fam,
        });
    }
    None
}

fn strip_accents(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'ł' => 'l',
            'Ł' => 'L',
            'ø' => 'o',
            'Ø' => 'O',
            'đ' => 'd',
            'Đ' => 'D',
            _ => c,
        })
        .collect::<String>()
        .replace('ß', "ss")
        .replace('æ', "ae")
        .replace('Æ', "Ae")
        .replace('þ', "th")
        .replace('Þ', "Th")
}

/// One letter replaced, never the first (a `b` for an `a`, or the next
/// letter of the alphabet).
fn typo(rng: &mut Rng, word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let i = 1 + rng.below(chars.len().saturating_sub(1).max(1));
    let i = i.min(chars.len() - 1);
    let mut out = chars.clone();
    let c = chars[i].to_ascii_lowercase();
    out[i] = if c.is_ascii_lowercase() {
        char::from(b'a' + (c as u8 - b'a' + 1 + u8::try_from(rng.below(24)).unwrap_or(0)) % 26)
    } else {
        'x'
    };
    out.into_iter().collect()
}

/// The name a non-anchor record of `p` carries, and its kind.
fn variant(rng: &mut Rng, names: &Names, p: &Person, order_ok: bool) -> (String, Kind) {
    let full = p.full();
    let mut options: Vec<Kind> = vec![Kind::Same, Kind::Case];
    if strip_accents(&full) != full {
        options.extend([Kind::Accents, Kind::Accents]);
    }
    if order_ok {
        options.push(Kind::Order);
    }
    if p.middle.is_some() {
        options.push(Kind::Middle);
    }
    if names.nicks.contains_key(&fold(&p.given)) {
        options.extend([Kind::Nickname, Kind::Nickname]);
    }
    match *rng.pick(&options) {
        Kind::Case => {
            let s = if rng.chance(50) {
                full.to_uppercase()
            } else {
                full.to_lowercase()
            };
            (s, Kind::Case)
        }
        Kind::Accents => (strip_accents(&full), Kind::Accents),
        Kind::Order => {
            let given = match &p.middle {
                Some(m) => format!("{} {m}", p.given),
                None => p.given.clone(),
            };
            (format!("{}, {given}", p.family), Kind::Order)
        }
        Kind::Middle => {
            if rng.chance(50) {
                (format!("{} {}", p.given, p.family), Kind::Middle)
            } else {
                let m = p.middle.as_deref().unwrap_or("X");
                let initial: String = m.chars().take(1).collect();
                (format!("{} {initial}. {}", p.given, p.family), Kind::Middle)
            }
        }
        Kind::Nickname => {
            let nick = rng.pick(&names.nicks[&fold(&p.given)]).clone();
            (format!("{nick} {}", p.family), Kind::Nickname)
        }
        _ => (full, Kind::Same),
    }
}

fn day(rng: &mut Rng) -> (i32, i8, i8) {
    (
        2012 + i32::try_from(rng.below(14)).unwrap_or(0),
        1 + i8::try_from(rng.below(12)).unwrap_or(0),
        1 + i8::try_from(rng.below(28)).unwrap_or(0),
    )
}

fn epoch_ms(rng: &mut Rng) -> i64 {
    // 2013-01-01 .. 2026-11-01
    1_356_998_400_000 + i64::try_from(rng.next() % 436_000_000_000).unwrap_or(0)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn connected_on(rng: &mut Rng) -> String {
    let (y, m, d) = day(rng);
    format!("{d:02} {} {y}", MONTHS[usize::try_from(m - 1).unwrap_or(0)])
}

fn connection(o: &mut Out, rng: &mut Rng, first: &str, last: &str, p: &Person, email: bool) {
    o.connections.push([
        first.to_owned(),
        last.to_owned(),
        format!("https://www.linkedin.com/in/{}", p.slug),
        if email {
            p.email.clone()
        } else {
            String::new()
        },
        p.company.clone(),
        p.position.clone(),
        connected_on(rng),
    ]);
}

fn vcard(
    fn_: &str,
    p: &Person,
    email: Option<&str>,
    phone: Option<&str>,
    org: Option<&str>,
    url: Option<&str>,
) -> String {
    let esc = |s: &str| {
        s.replace('\\', "\\\\")
            .replace(',', "\\,")
            .replace(';', "\\;")
    };
    let mut v = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{}\r\nN:{};{};{};;\r\n",
        esc(fn_),
        esc(&p.family),
        esc(&p.given),
        esc(p.middle.as_deref().unwrap_or(""))
    );
    if let Some(ph) = phone {
        let _ = write!(v, "TEL;TYPE=CELL:{ph}\r\n");
    }
    if let Some(e) = email {
        let _ = write!(v, "EMAIL;TYPE=INTERNET:{e}\r\n");
    }
    if let Some(org) = org {
        let _ = write!(v, "ORG:{}\r\n", esc(org));
    }
    if let Some(u) = url {
        let _ = write!(v, "X-SOCIALPROFILE;type=linkedin:{u}\r\n");
    }
    v.push_str("END:VCARD\r\n");
    v
}

fn xml_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn call(rng: &mut Rng, number: &str, contact: &str) -> String {
    let answered = rng.chance(70);
    format!(
        "  <call number=\"{}\" duration=\"{}\" date=\"{}\" type=\"{}\" presentation=\"1\" contact_name=\"{}\" />\n",
        number.replace(' ', ""),
        if answered { 30 + rng.below(900) } else { 0 },
        epoch_ms(rng),
        if answered { 1 + rng.below(2) } else { 3 },
        xml_attr(contact)
    )
}

/// The records of an ordinary person: one anchor, then name variants.
#[allow(clippy::too_many_lines)]
fn ordinary_records(rng: &mut Rng, names: &Names, p: &Person, id: usize, o: &mut Out) {
    let full = p.full();
    let has_linkedin = rng.chance(70);
    let mut anchored = false;
    let mut linkedin_email = false;
    let mut email_known = false;
    let mut linkedin_name: Option<String> = None;
    if has_linkedin {
        let first = match &p.middle {
            Some(m) if rng.chance(50) => format!("{} {m}", p.given),
            _ => p.given.clone(),
        };
        linkedin_email = rng.chance(20);
        connection(o, rng, &first, &p.family, p, linkedin_email);
        email_known = linkedin_email;
        linkedin_name = Some(format!("{first} {}", p.family));
        let url = format!("https://www.linkedin.com/in/{}", p.slug);
        anchored = true;
        o.truth.push(Truth {
            file: F_CONNECTIONS.to_owned(),
            by: "url",
            key: url.clone(),
            person: id,
            kind: Kind::Anchor,
        });
        if rng.chance(30) {
            for _ in 0..1 + rng.below(3) {
                let ms = epoch_ms(rng);
                let date = jiff::Timestamp::from_millisecond(ms)
                    .map(|t| t.strftime("%Y-%m-%d %H:%M:%S UTC").to_string())
                    .unwrap_or_default();
                o.messages.push([
                    format!("conv-{id}"),
                    String::new(),
                    p.full(),
                    url.clone(),
                    "Morgan Quill".to_owned(),
                    "https://www.linkedin.com/in/morgan-quill".to_owned(),
                    date,
                    String::new(),
                    "hello".to_owned(),
                    "INBOX".to_owned(),
                ]);
            }
            o.truth.push(Truth {
                file: F_MESSAGES.to_owned(),
                by: "url",
                key: url,
                person: id,
                kind: Kind::Strong,
            });
        }
    }
    // The address book: canonical when it is the anchor, else a variant.
    let has_vcard = rng.chance(50) || !has_linkedin;
    let mut vcard_name = None;
    if has_vcard {
        let (name, kind) = if anchored {
            variant(rng, names, p, true)
        } else {
            (full.clone(), Kind::Anchor)
        };
        let typo_case = anchored && rng.chance(6);
        let (name, kind) = if typo_case {
            let fam = typo(rng, &p.family);
            (format!("{} {fam}", p.given), Kind::TypoCorroborated)
        } else {
            (name, kind)
        };
        // A variant must link by its name, not by an email both share.
        let email = (rng.chance(40) && !linkedin_email).then_some(p.email.as_str());
        email_known |= email.is_some();
        // A typo is backed by the same company, or by the phone's contact
        // name, which still has the name right.
        let by_contact = typo_case && rng.chance(50);
        let org = if by_contact {
            None
        } else {
            (typo_case || rng.chance(60)).then_some(p.company.as_str())
        };
        o.vcards
            .push(vcard(&name, p, email, Some(&p.phone), org, None));
        o.truth.push(Truth {
            file: F_VCARDS.to_owned(),
            by: "phone",
            key: p.phone.replace(' ', ""),
            person: id,
            kind,
        });
        vcard_name = Some(if by_contact {
            linkedin_name.clone().unwrap_or(name)
        } else {
            name
        });
        if by_contact {
            o.calls
                .push(call(rng, &p.phone, vcard_name.as_deref().unwrap_or("")));
            o.truth.push(Truth {
                file: F_CALLS.to_owned(),
                by: "phone",
                key: p.phone.replace(' ', ""),
                person: id,
                kind: Kind::Strong,
            });
        }
    }
    // Calls to the address book's number, named by the phone.
    if let Some(contact) = &vcard_name {
        let already = o
            .truth
            .last()
            .is_some_and(|t| t.file == F_CALLS && t.person == id);
        if !already && rng.chance(40) {
            for _ in 0..1 + rng.below(3) {
                o.calls.push(call(rng, &p.phone, contact));
            }
            o.truth.push(Truth {
                file: F_CALLS.to_owned(),
                by: "phone",
                key: p.phone.replace(' ', ""),
                person: id,
                kind: Kind::Strong,
            });
        }
    }
    // Facebook: one display name for the friend list and the threads.
    if rng.chance(55) {
        let typo_alone = rng.chance(4);
        let (name, kind) = if typo_alone {
            (
                format!("{} {}", p.given, typo(rng, &p.family)),
                Kind::TypoAlone,
            )
        } else if has_linkedin && rng.chance(15) {
            let (pre, post) = rng.pick(DECORATIONS);
            (
                format!("{pre}{} {}{post}", p.given, p.family),
                Kind::Decoration,
            )
        } else {
            variant(rng, names, p, false)
        };
        let friend = rng.chance(80);
        if friend {
            o.friends.push((name.clone(), epoch_ms(rng) / 1000));
            o.truth.push(Truth {
                file: F_FRIENDS.to_owned(),
                by: "name",
                key: name.clone(),
                person: id,
                kind,
            });
        }
        if !friend || rng.chance(40) {
            let times: Vec<i64> = (0..1 + rng.below(4)).map(|_| epoch_ms(rng)).collect();
            o.threads.push((name.clone(), times));
            let n = o.threads.len();
            o.truth.push(Truth {
                file: thread_file(n),
                by: "name",
                key: name,
                person: id,
                kind,
            });
        }
    }
    // The touchpoint log: by email, or by name.
    if rng.chance(12) {
        let (y, m, d) = day(rng);
        if email_known && rng.chance(50) {
            o.touchpoints.push([
                format!("{y}-{m:02}-{d:02}"),
                String::new(),
                p.email.clone(),
                String::new(),
                "coffee".to_owned(),
                String::new(),
            ]);
            o.truth.push(Truth {
                file: F_TOUCHPOINTS.to_owned(),
                by: "email",
                key: p.email.clone(),
                person: id,
                kind: Kind::Strong,
            });
        } else {
            let (name, kind) = variant(rng, names, p, true);
            o.touchpoints.push([
                format!("{y}-{m:02}-{d:02}"),
                name.clone(),
                String::new(),
                String::new(),
                "call".to_owned(),
                String::new(),
            ]);
            o.truth.push(Truth {
                file: F_TOUCHPOINTS.to_owned(),
                by: "name",
                key: name,
                person: id,
                kind,
            });
        }
    }
}

/// The file of the n-th thread (1-based).
fn thread_file(n: usize) -> String {
    format!("facebook-owner/your_facebook_activity/messages/inbox/thread_{n}/message_1.json")
}

/// One trap, by turn: a family landline, a shared inbox, two people with
/// one name, conflicting profiles.
fn trap(rng: &mut Rng, names: &mut Names, persons: &mut Vec<Person>, t: usize, o: &mut Out) {
    let n = persons.len();
    match t % 4 {
        0 | 1 => {
            // Two people of one family on one landline (or one inbox).
            let Some(a) = invent(rng, names, n, None) else {
                return;
            };
            let Some(mut b) = invent(rng, names, n + 1, Some(&a.family.clone())) else {
                return;
            };
            let landline = t % 4 == 0;
            if landline {
                b.phone = a.phone.clone();
            } else {
                b.email = a.email.clone();
            }
            persons.push(a.clone());
            persons.push(b.clone());
            for (id, p) in [(n, &a), (n + 1, &b)] {
                let own = format!("{}@own.example.org", p.slug);
                let (email, phone) = if landline {
                    (own.clone(), p.phone.clone())
                } else {
                    (
                        p.email.clone(),
                        format!("+1 555 9{:02} {:04}", id / 10000, id % 10000),
                    )
                };
                o.vcards
                    .push(vcard(&p.full(), p, Some(&email), Some(&phone), None, None));
                o.truth.push(Truth {
                    file: F_VCARDS.to_owned(),
                    by: if landline { "email" } else { "phone" },
                    key: if landline {
                        own
                    } else {
                        phone.replace(' ', "")
                    },
                    person: id,
                    kind: if id == n {
                        Kind::Anchor
                    } else {
                        Kind::SharedIdentifier
                    },
                });
                o.friends.push((p.full(), epoch_ms(rng) / 1000));
                o.truth.push(Truth {
                    file: F_FRIENDS.to_owned(),
                    by: "name",
                    key: p.full(),
                    person: id,
                    kind: if id == n { Kind::Same } else { Kind::Anchor },
                });
            }
            if landline {
                // The phone names one of them: that call is theirs.
                o.calls.push(call(rng, &a.phone, &a.full()));
                o.truth.push(Truth {
                    file: F_CALLS.to_owned(),
                    by: "phone",
                    key: a.phone.replace(' ', ""),
                    person: n,
                    kind: Kind::Strong,
                });
            }
        }
        2 => {
            // Two LinkedIn connections with one name; a Facebook friend with
            // that name fits both.
            let Some(a) = invent(rng, names, n, None) else {
                return;
            };
            let mut b = a.clone();
            b.slug = format!("{}-b", a.slug);
            b.company = rng.pick(COMPANIES).to_string();
            persons.push(a.clone());
            persons.push(b.clone());
            for (id, p) in [(n, &a), (n + 1, &b)] {
                connection(o, rng, &p.given, &p.family, p, false);
                o.truth.push(Truth {
                    file: F_CONNECTIONS.to_owned(),
                    by: "url",
                    key: format!("https://www.linkedin.com/in/{}", p.slug),
                    person: id,
                    kind: Kind::Anchor,
                });
            }
            o.friends.push((a.full(), epoch_ms(rng) / 1000));
            o.truth.push(Truth {
                file: F_FRIENDS.to_owned(),
                by: "name",
                key: a.full(),
                person: n,
                kind: Kind::Ambiguous,
            });
        }
        _ => {
            // One name, two profiles: a connection and an address-book card
            // naming another profile are two people.
            let Some(a) = invent(rng, names, n, None) else {
                return;
            };
            let mut b = a.clone();
            b.slug = format!("{}-other", a.slug);
            b.phone = format!("+1 555 8{:02} {:04}", n / 10000, n % 10000);
            persons.push(a.clone());
            persons.push(b.clone());
            connection(o, rng, &a.given, &a.family, &a, false);
            o.truth.push(Truth {
                file: F_CONNECTIONS.to_owned(),
                by: "url",
                key: format!("https://www.linkedin.com/in/{}", a.slug),
                person: n,
                kind: Kind::Anchor,
            });
            let url = format!("https://www.linkedin.com/in/{}", b.slug);
            o.vcards
                .push(vcard(&b.full(), &b, None, Some(&b.phone), None, Some(&url)));
            o.truth.push(Truth {
                file: F_VCARDS.to_owned(),
                by: "phone",
                key: b.phone.replace(' ', ""),
                person: n + 1,
                kind: Kind::ConflictingProfile,
            });
        }
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn csv_line(fields: &[String]) -> String {
    let mut line = fields
        .iter()
        .map(|f| csv_field(f))
        .collect::<Vec<_>>()
        .join(",");
    line.push('\n');
    line
}

/// A JSON string as Facebook writes it: every non-ASCII character as its
/// UTF-8 bytes, each escaped as `\u00XX` (mojibake).
fn fb_json(s: &str) -> String {
    let mut out = String::from("\"");
    for b in s.bytes() {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x20..=0x7e => out.push(char::from(b)),
            _ => {
                let _ = write!(out, "\\u00{b:02x}");
            }
        }
    }
    out.push('"');
    out
}

fn plain_json(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

fn write_file(root: &Path, rel: &str, contents: &str) -> io::Result<()> {
    let p = root.join(rel);
    if let Some(dir) = p.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(p, contents)
}

/// `Connections.csv` with LinkedIn's `Notes:` preamble.
fn connections_csv(o: &Out) -> String {
    let mut s = String::from("Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address using this setting https://www.linkedin.com/psettings/privacy/email.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
    for c in &o.connections {
        s.push_str(&csv_line(c));
    }
    s
}

const MESSAGES_HEADER: &str = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n";

fn profile_csv(owner: &str) -> String {
    let (first, last) = owner.split_once(' ').unwrap_or((owner, ""));
    format!("First Name,Last Name,Maiden Name,Headline\n{first},{last},,Owner of these exports\n")
}

fn friends_json(o: &Out) -> String {
    let mut s = String::from("{\n  \"friends_v2\": [\n");
    for (i, (name, ts)) in o.friends.iter().enumerate() {
        let sep = if i + 1 < o.friends.len() { "," } else { "" };
        let _ = writeln!(
            s,
            "    {{\"name\": {}, \"timestamp\": {ts}}}{sep}",
            fb_json(name)
        );
    }
    s.push_str("  ]\n}\n");
    s
}

const F_PROFILE_JSON: &str = "personal_information/profile_information/profile_information.json";

fn profile_json(owner: &str) -> String {
    format!(
        "{{\"profile_v2\": {{\"name\": {{\"full_name\": {}}}}}}}\n",
        fb_json(owner)
    )
}

fn calls_xml(o: &Out) -> String {
    let mut s = format!(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count=\"{}\">\n",
        o.calls.len()
    );
    s.push_str(&o.calls.concat());
    s.push_str("</calls>\n");
    s
}

fn touchpoints_csv(o: &Out) -> String {
    let mut s = String::from("date,name,email,phone,kind,note\n");
    for t in &o.touchpoints {
        s.push_str(&csv_line(t));
    }
    s
}

fn write_all(out: &Path, owner: &str, o: &Out, seed: u64, people: usize) -> io::Result<()> {
    let root = out.join("exports");
    // LinkedIn.
    write_file(&root, F_CONNECTIONS, &connections_csv(o))?;
    let mut s = String::from(MESSAGES_HEADER);
    for m in &o.messages {
        s.push_str(&csv_line(m));
    }
    write_file(&root, F_MESSAGES, &s)?;
    write_file(&root, "linkedin/Profile.csv", &profile_csv(owner))?;
    // Facebook.
    write_file(&root, F_FRIENDS, &friends_json(o))?;
    write_file(
        &root,
        &format!("facebook-owner/{F_PROFILE_JSON}"),
        &profile_json(owner),
    )?;
    for (i, (name, times)) in o.threads.iter().enumerate() {
        let mut s = format!(
            "{{\n  \"participants\": [{{\"name\": {}}}, {{\"name\": {}}}],\n  \"messages\": [\n",
            fb_json(name),
            fb_json(owner)
        );
        for (j, t) in times.iter().enumerate() {
            let sender = if j % 2 == 0 { name.as_str() } else { owner };
            let sep = if j + 1 < times.len() { "," } else { "" };
            let _ = writeln!(
                s,
                "    {{\"sender_name\": {}, \"timestamp_ms\": {t}, \"content\": \"hi\"}}{sep}",
                fb_json(sender)
            );
        }
        let _ = write!(
            s,
            "  ],\n  \"title\": {},\n  \"is_still_participant\": true,\n  \"thread_path\": \"inbox/thread_{}\"\n}}\n",
            fb_json(name),
            i + 1
        );
        write_file(&root, &thread_file(i + 1), &s)?;
    }
    // Address book, calls, touchpoints.
    write_file(&root, F_VCARDS, &o.vcards.concat())?;
    write_file(&root, F_CALLS, &calls_xml(o))?;
    write_file(&root, F_TOUCHPOINTS, &touchpoints_csv(o))?;
    // The truth.
    let mut s = format!("{{\n  \"seed\": {seed},\n  \"people\": {people},\n  \"records\": [\n");
    for (i, t) in o.truth.iter().enumerate() {
        let sep = if i + 1 < o.truth.len() { "," } else { "" };
        let _ = writeln!(
            s,
            "    {{\"file\": {}, \"by\": \"{}\", \"key\": {}, \"person\": {}, \"kind\": \"{}\"}}{sep}",
            plain_json(&t.file),
            t.by,
            plain_json(&t.key),
            t.person,
            t.kind.as_str()
        );
    }
    s.push_str("  ]\n}\n");
    write_file(out, "truth.json", &s)
}

/// The score of one variant kind.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Score {
    /// Records of this kind.
    pub records: usize,
    /// Of those that should link: how many ended with their anchor.
    pub linked: usize,
    /// Records whose person holds a record of another true person.
    pub false_merges: usize,
}

impl Score {
    /// Linked / records (for kinds that should link), else 1 - linked
    /// share (records that must stay apart from their anchor).
    pub fn recall(&self) -> f64 {
        ratio(self.linked, self.records)
    }

    pub fn precision(&self) -> f64 {
        1.0 - ratio(self.false_merges, self.records)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        #[allow(clippy::cast_precision_loss)]
        let r = a as f64 / b as f64;
        r
    }
}

/// The whole evaluation.
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    pub per_kind: BTreeMap<Kind, Score>,
    /// Resolved people holding records of two or more true people.
    pub false_merged_people: usize,
    /// Imported records the truth does not name (the owner's).
    pub unlabelled: usize,
    pub pair_precision: f64,
    pub pair_recall: f64,
    /// The first records that did not come out as expected, for reading.
    pub misses: Vec<String>,
}

#[derive(serde::Deserialize)]
struct TruthFile {
    records: Vec<TruthRow>,
}

#[derive(serde::Deserialize)]
struct TruthRow {
    file: String,
    by: String,
    key: String,
    person: usize,
    kind: String,
}

/// Scores `resolution` of `records` (read from `dir/exports`) against
/// `dir/truth.json`.
///
/// # Errors
///
/// When the truth file cannot be read.
pub fn evaluate(dir: &Path, records: &[Record], resolution: &Resolution) -> io::Result<Evaluation> {
    let text = std::fs::read_to_string(dir.join("truth.json"))?;
    let truth: TruthFile = serde_json::from_str(&text).map_err(io::Error::other)?;
    let mut by_key: BTreeMap<(String, String, String), (usize, Kind)> = BTreeMap::new();
    for row in truth.records {
        let kind = Kind::parse(&row.kind).unwrap_or(Kind::Same);
        let key = match row.by.as_str() {
            "url" => offgrid::model::LinkedinUrl::parse(&row.key).map(|u| u.to_string()),
            "email" => offgrid::model::Email::parse(&row.key).map(|e| e.to_string()),
            "phone" => offgrid::model::Phone::parse(&row.key, offgrid::model::Region::default())
                .map(|p| p.to_string()),
            _ => Some(row.key.trim().to_owned()),
        }
        .unwrap_or_default();
        by_key.insert((row.file, row.by, key), (row.person, kind));
    }
    let exports = dir.join("exports");
    let prefix = format!("{}/", exports.display());
    // Each imported record's truth.
    let label: Vec<Option<(usize, Kind)>> = records
        .iter()
        .map(|r| {
            let file = r.location.as_ref()?.file.to_string();
            let file = file.strip_prefix(&prefix).unwrap_or(&file).to_owned();
            let mut tries: Vec<(&str, String)> = Vec::new();
            if let Some(u) = &r.linkedin {
                tries.push(("url", u.to_string()));
            }
            tries.extend(r.emails.iter().map(|e| ("email", e.to_string())));
            tries.extend(r.phones.iter().map(|p| ("phone", p.to_string())));
            tries.extend(r.names.iter().map(|n| ("name", n.trim().to_owned())));
            tries
                .into_iter()
                .find_map(|(by, key)| by_key.get(&(file.clone(), by.to_owned(), key)).copied())
        })
        .collect();
    let mut ev = Evaluation {
        unlabelled: label
            .iter()
            .enumerate()
            .filter(|(i, l)| l.is_none() && !resolution.persons[resolution.person_of[*i]].owner)
            .count(),
        ..Evaluation::default()
    };
    // Per resolved person: the true people in it.
    let mut truths_of: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); resolution.persons.len()];
    let mut anchor_of: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, l) in label.iter().enumerate() {
        if let Some((t, k)) = l {
            truths_of[resolution.person_of[i]].insert(*t);
            if *k == Kind::Anchor {
                anchor_of.insert(*t, resolution.person_of[i]);
            }
        }
    }
    ev.false_merged_people = truths_of.iter().filter(|s| s.len() > 1).count();
    for (i, l) in label.iter().enumerate() {
        let Some((t, k)) = l else { continue };
        let score = ev.per_kind.entry(*k).or_default();
        score.records += 1;
        let person = resolution.person_of[i];
        if truths_of[person].len() > 1 {
            score.false_merges += 1;
        }
        let with_anchor = anchor_of.get(t) == Some(&person);
        let linked = if k.should_link() {
            with_anchor
        } else if *k == Kind::Anchor {
            true
        } else if *k == Kind::Ambiguous {
            // Merged with nobody: its person holds no other labelled record
            // of another kind.
            label.iter().enumerate().all(|(j, m)| {
                j == i
                    || resolution.person_of[j] != person
                    || m.is_some_and(|(_, mk)| mk == Kind::Ambiguous)
            })
        } else {
            // Kept apart from every other true person.
            truths_of[person].len() == 1
        };
        if linked {
            score.linked += 1;
        } else if ev.misses.len() < 40 {
            let r = &records[i];
            let anchor_names: Vec<String> = anchor_of
                .get(t)
                .map(|&ap| {
                    resolution.persons[ap]
                        .records
                        .iter()
                        .flat_map(|&x| records[x as usize].names.iter().take(1).cloned())
                        .collect()
                })
                .unwrap_or_default();
            ev.misses.push(format!(
                "{}: {} {:?} (person {}) is with {:?}; its anchor is with {:?}",
                k.as_str(),
                r.location
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                r.names,
                t,
                resolution.persons[person]
                    .records
                    .iter()
                    .flat_map(|&x| records[x as usize].names.iter().take(1).cloned())
                    .collect::<Vec<_>>(),
                anchor_names
            ));
        }
    }
    // Pairwise precision and recall over labelled records.
    let mut cells: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut per_truth: BTreeMap<usize, usize> = BTreeMap::new();
    let mut per_person: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, l) in label.iter().enumerate() {
        if let Some((t, _)) = l {
            *cells.entry((resolution.person_of[i], *t)).or_default() += 1;
            *per_truth.entry(*t).or_default() += 1;
            *per_person.entry(resolution.person_of[i]).or_default() += 1;
        }
    }
    let pairs = |n: usize| n * n.saturating_sub(1) / 2;
    let tp: usize = cells.values().map(|&n| pairs(n)).sum();
    let predicted: usize = per_person.values().map(|&n| pairs(n)).sum();
    let actual: usize = per_truth.values().map(|&n| pairs(n)).sum();
    ev.pair_precision = ratio(tp, predicted);
    ev.pair_recall = ratio(tp, actual);
    Ok(ev)
}

/// The evaluation as a Markdown table, kinds in a fixed order.
pub fn table(ev: &Evaluation) -> String {
    let mut s = String::from(
        "| kind | records | expected | as expected | false merges | precision | recall |\n| --- | ---: | --- | ---: | ---: | ---: | ---: |\n",
    );
    for (kind, score) in &ev.per_kind {
        let expected = if kind.should_link() {
            "linked"
        } else if *kind == Kind::Anchor {
            "-"
        } else if *kind == Kind::Ambiguous {
            "merged with nobody"
        } else {
            "kept apart"
        };
        let _ = writeln!(
            s,
            "| {} | {} | {expected} | {} | {} | {:.4} | {:.4} |",
            kind.as_str(),
            score.records,
            score.linked,
            score.false_merges,
            score.precision(),
            score.recall()
        );
    }
    let _ = writeln!(
        s,
        "\npairwise precision {:.4}, pairwise recall {:.4}; people holding records of two or more true people: {}; records the truth does not name, outside the owner: {}",
        ev.pair_precision, ev.pair_recall, ev.false_merged_people, ev.unlabelled
    );
    if !ev.misses.is_empty() {
        let _ = writeln!(s, "\nnot as expected (first {}):", ev.misses.len());
        for m in &ev.misses {
            let _ = writeln!(s, "- {m}");
        }
    }
    s
}
