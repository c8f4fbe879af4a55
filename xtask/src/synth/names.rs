//! The people invented: names drawn from pools, and each variant a
//! record's name may be written in (case, accents, order, middle names,
//! nicknames, decorations, typos).

use super::*;

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

pub(super) const COMPANIES: &[&str] = &[
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

pub(super) const DECORATIONS: &[(&str, &str)] = &[
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

/// The pool of names and the index that keeps invented people apart.
pub(super) struct Names {
    pub(super) given: Vec<String>,
    pub(super) family: Vec<String>,
    /// Formal names of each nickname (`bob` → `robert`).
    formal: BTreeMap<String, BTreeSet<String>>,
    /// Nicknames of each formal name, as written.
    nicks: BTreeMap<String, Vec<String>>,
    /// Keys of taken names and their one-letter neighbourhoods.
    taken: BTreeSet<String>,
    /// Running sums of the family names' weights: the name of rank `r`
    /// (in `family`'s order) weighs `1 / (r + 20)`, so the commonest is
    /// about one person in a hundred, as Smith is in the United States,
    /// and common names collide.
    family_weights: Vec<u64>,
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
    pub(super) fn new() -> Names {
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
        // Ranked in an order unrelated to the pools' (FNV-1a of the name),
        // so the common names are a mix of both.
        family.sort_by_key(|f| {
            f.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            })
        });
        let mut sum = 0;
        let family_weights = (0..family.len() as u64)
            .map(|r| {
                sum += 1_000_000 / (r + 20);
                sum
            })
            .collect();
        Names {
            given,
            family,
            formal,
            nicks,
            taken: BTreeSet::new(),
            family_weights,
        }
    }

    /// A family name drawn by its weight.
    pub(super) fn pick_family(&self, rng: &mut Rng) -> String {
        let total = self.family_weights.last().copied().unwrap_or(1);
        let at =
            u64::try_from(rng.below(usize::try_from(total).unwrap_or(usize::MAX))).unwrap_or(0);
        let r = self.family_weights.partition_point(|&w| w <= at);
        self.family[r.min(self.family.len() - 1)].clone()
    }

    /// Whether one given name is a nickname of the other (`bob`,
    /// `robert`), they are spellings of one nickname, or the same.
    pub(super) fn direct(&self, a: &str, b: &str) -> bool {
        let (a, b) = (fold(a), fold(b));
        let stands_for = |x: &str, y: &str| self.formal.get(x).is_some_and(|f| f.contains(y));
        // Two spellings of one nickname (`Davy`, `Davey`; `Art`, `Artie`).
        let stem = |x: &str| {
            ["ie", "ey", "y", "i"]
                .iter()
                .find_map(|end| x.strip_suffix(end).filter(|s| s.len() >= 2))
                .unwrap_or(x)
                .to_owned()
        };
        a == b || stands_for(&a, &b) || stands_for(&b, &a) || stem(&a) == stem(&b)
    }

    /// One of the ten commonest family names, by turn.
    pub(super) fn common_family(&self, turn: usize) -> &str {
        &self.family[turn % 10]
    }

    /// The nicknames of a formal given name, as written (none for others).
    pub(super) fn nicknames_of(&self, given: &str) -> &[String] {
        self.nicks.get(&fold(given)).map_or(&[], Vec::as_slice)
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

    pub(super) fn take(&mut self, given: &str, family: &str) {
        for k in self.keys(given, family) {
            self.taken.insert(k);
        }
    }
}

/// A new person whose name fits nobody else's (or shares `family`), with
/// a given name that has at least `nicknames` nicknames.
pub(super) fn invent(
    rng: &mut Rng,
    names: &mut Names,
    id: usize,
    family: Option<&str>,
    nicknames: usize,
) -> Option<Person> {
    for _ in 0..1000 {
        let given = rng.pick(&names.given).clone();
        if names.nicknames_of(&given).len() < nicknames {
            continue;
        }
        let fam = match family {
            Some(f) => f.to_owned(),
            None => names.pick_family(rng),
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
        // The one nickname the person goes by, if any.
        let nick = names.nicks.get(&fold(&given)).map(|n| rng.pick(n).clone());
        // One person in twenty lives abroad: a national number in the
        // address book, beside the card's country.
        let (phone, abroad) = if rng.chance(5) {
            let (international, national, country) = abroad_phone(rng, id);
            (
                international.clone(),
                Some((international, national, country)),
            )
        } else {
            (
                format!("+1 555 {:03} {:04}", 200 + id / 10000, id % 10000),
                None,
            )
        };
        return Some(Person {
            nick,
            abroad,
            company: rng.pick(COMPANIES).to_string(),
            position: rng.pick(POSITIONS).to_string(),
            slug: format!("{slug_base}-{id:x}"),
            email: format!("{}.{id}@example.com", slug_base.replace('-', ".")),
            phone,
            given,
            middle,
            family: fam,
        });
    }
    None
}

/// A number in Berlin, Vienna, London or Paris for person `id`: its
/// international form, its national form, and the country's name.
fn abroad_phone(rng: &mut Rng, id: usize) -> (String, String, &'static str) {
    let n = id % 10_000;
    match rng.below(4) {
        0 => (
            format!("+49 30 2{n:04}{:03}", id / 10_000 % 1000),
            format!("030 2{n:04}{:03}", id / 10_000 % 1000),
            "Germany",
        ),
        1 => (
            format!("+43 1 5{n:04}{:02}", id / 10_000 % 100),
            format!("01 5{n:04}{:02}", id / 10_000 % 100),
            "Österreich",
        ),
        2 => (
            format!("+44 20 7{:03} {n:04}", id / 10_000 % 1000),
            format!("020 7{:03} {n:04}", id / 10_000 % 1000),
            "United Kingdom",
        ),
        _ => (
            format!(
                "+33 1 4{:01} {n:04}{:02}",
                id / 10_000 % 10,
                id / 100_000 % 100
            ),
            format!(
                "01 4{:01} {n:04}{:02}",
                id / 10_000 % 10,
                id / 100_000 % 100
            ),
            "France",
        ),
    }
}

/// Umlauts and Nordic letters spelled out as two letters.
fn spell_out(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        match c {
            'ü' => out.push_str("ue"),
            'Ü' => out.push_str("Ue"),
            'ö' | 'ø' => out.push_str("oe"),
            'Ö' | 'Ø' => out.push_str("Oe"),
            'ä' => out.push_str("ae"),
            'Ä' => out.push_str("Ae"),
            'å' => out.push_str("aa"),
            'Å' => out.push_str("Aa"),
            _ => out.push(c),
        }
    }
    out
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
pub(super) fn typo(rng: &mut Rng, word: &str) -> String {
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
pub(super) fn variant(rng: &mut Rng, p: &Person, order_ok: bool) -> (String, Kind) {
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
    if p.nick.is_some() {
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
        Kind::Accents => {
            // Stripped, or spelled out as a keyboard without them would
            // (`Müller` → `Mueller`, `Åse` → `Aase`).
            let s = if rng.chance(30) {
                strip_accents(&spell_out(&full))
            } else {
                strip_accents(&full)
            };
            (s, Kind::Accents)
        }
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
            let nick = p.nick.as_deref().unwrap_or(&p.given);
            (format!("{nick} {}", p.family), Kind::Nickname)
        }
        _ => (full, Kind::Same),
    }
}
