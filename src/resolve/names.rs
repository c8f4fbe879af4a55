//! Name normalization for matching: case, spacing, accents (including
//! letters that do not decompose, such as ł, ø, æ, ß, đ), punctuation and
//! emoji are folded away, so `José  ÁLVAREZ` and `jose alvarez` are one key.

use unicode_normalization::UnicodeNormalization;

/// Titles dropped from the front of a name (`Dr. Ada Lovelace`).
const TITLES: &[&str] = &[
    "dr", "prof", "mr", "mrs", "ms", "mx", "sir", "dame", "miss", "rev", "fr", "hon", "lord",
    "lady", "capt", "col", "gen", "sgt",
];

/// Suffixes and credentials dropped from the end of a name, as LinkedIn
/// users put them in their last name (`Schmidt, PhD`; docs/formats.md, "Connections.csv").
const CREDENTIALS: &[&str] = &[
    "phd", "mba", "md", "jr", "sr", "ii", "iii", "iv", "cpa", "pmp", "esq", "msc", "dds", "cfa",
    "pe", "rn", "ma", "mph", "mpa", "bsc", "ba", "bs", "ms", "llm", "jd", "mphil", "dphil", "edd",
    "dvm", "cissp", "csm", "cfp", "frm", "acca", "aca", "shrm", "scp", "cp", "ccie", "pmi", "acp",
    "np", "dnp", "pharmd", "facs", "frcs", "mrcp", "ceng", "peng", "cma", "cia", "caia", "psm",
    "itil", "ceo", "cto", "cfo", "coo", "mfa", "med", "msw", "lcsw", "mcp", "mcse", "aws",
];

/// Words that mark a comma-separated part of a LinkedIn name as a
/// decoration, not a given name (`Saleh, Certified Executive Coach`).
const DECORATION_WORDS: &[&str] = &[
    "certified",
    "coach",
    "consultant",
    "expert",
    "speaker",
    "author",
    "founder",
    "advisor",
    "engineer",
    "hiring",
    "open",
    "recruiter",
    "mentor",
    "investor",
    "she",
    "her",
    "he",
    "him",
    "they",
    "them",
];

/// Words that join a family name of several words (`Sánchez de la Peña`,
/// `van der Berg`, `bin Said`): a part before a comma holding one is a
/// family name, so the part after it is the given name.
const PARTICLES: &[&str] = &[
    "de", "del", "della", "la", "las", "los", "da", "das", "do", "dos", "di", "du", "van", "von",
    "der", "den", "ter", "ten", "le", "bin", "ibn", "bint", "al", "el", "y",
];

/// A display name read for matching: folded words in given-name-first
/// order, without titles, credentials, emoji and decorations.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ParsedName {
    pub words: Vec<String>,
    /// Written family name first (`Álvarez, José`).
    pub reordered: bool,
}

impl ParsedName {
    /// The matching key: the words joined by single spaces.
    pub fn key(&self) -> String {
        self.words.join(" ")
    }

    /// A full name has a given and a family name; a single word never
    /// links by itself.
    pub fn is_full(&self) -> bool {
        self.words.len() >= 2
    }

    pub fn given(&self) -> &str {
        self.words.first().map_or("", String::as_str)
    }

    pub fn family(&self) -> &str {
        self.words.last().map_or("", String::as_str)
    }

    fn middles(&self) -> &[String] {
        if self.words.len() > 2 {
            &self.words[1..self.words.len() - 1]
        } else {
            &[]
        }
    }
}

/// How two names of one person differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Variant {
    /// The same words after folding case, accents, spacing, punctuation,
    /// titles, credentials and emoji.
    Exact,
    /// The same words, one written family name first (`Álvarez, José`).
    Order,
    /// A middle name or middle initial in one of them only
    /// (`Ann B. Smith` / `Ann Smith`).
    Middle,
    /// A given name written as its initial (`A. Smith` / `Ann Smith`).
    Initial,
    /// A nickname of the given name (`Bob` / `Robert`).
    Nickname,
    /// One letter different (added, dropped, replaced or two swapped) in
    /// the given or the family name.
    Typo,
}

impl Variant {
    pub fn as_str(self) -> &'static str {
        match self {
            Variant::Exact => "same name",
            Variant::Order => "family name first",
            Variant::Middle => "middle name in one only",
            Variant::Initial => "initial",
            Variant::Nickname => "nickname",
            Variant::Typo => "one-letter typo",
        }
    }

    /// 0: the same words; 1: a variant; 2: a typo (needs corroboration).
    pub fn tier(self) -> u8 {
        match self {
            Variant::Exact | Variant::Order => 0,
            Variant::Middle | Variant::Initial | Variant::Nickname => 1,
            Variant::Typo => 2,
        }
    }
}

/// Reads a display name for matching.
///
/// - Bracketed and quoted parts are dropped (`Ann (she/her) Smith`,
///   `Robert "Bob" Smith`), and so is everything after `|`, `•` or a
///   spaced dash (`Ann Smith | Hiring`).
/// - Commas: parts after the first that are credentials (`, PhD`, `, CFA`),
///   all capitals, three words or more, or hold a decoration word
///   (`, Certified Executive Coach`) are dropped. Of two parts left, the
///   second is a given name written after the family name (`Álvarez, José`)
///   when the first is one word or the second starts with a known given
///   name; otherwise it is dropped.
/// - Titles in front and credentials at the end are dropped while more
///   than two words remain.
pub fn parse_name(raw: &str) -> ParsedName {
    let cleaned = strip_decorations(raw);
    let mut parts: Vec<(String, Vec<String>)> = cleaned
        .split(',')
        .map(|p| (p.trim().to_owned(), words(&fold(p))))
        .filter(|(_, w)| !w.is_empty())
        .collect();
    let shouting = parts.first().is_some_and(|(raw, _)| all_caps(raw));
    while parts.len() > 1 && is_decoration_part(&parts[parts.len() - 1], shouting) {
        parts.pop();
    }
    let mut reordered = false;
    let mut words: Vec<String> = match parts.len() {
        0 => Vec::new(),
        1 => parts.remove(0).1,
        2 => {
            let (_, right) = parts.pop().unwrap_or_default();
            let (_, left) = parts.pop().unwrap_or_default();
            let right_is_given = right.len() <= 2
                && (left.len() == 1
                    || super::nicknames::is_known_given(&right[0])
                    || left.iter().any(|w| PARTICLES.contains(&w.as_str())));
            if right_is_given {
                reordered = true;
                right.into_iter().chain(left).collect()
            } else {
                left
            }
        }
        _ => parts.into_iter().flat_map(|(_, w)| w).collect(),
    };
    while words.len() > 2
        && words
            .last()
            .is_some_and(|w| CREDENTIALS.contains(&w.as_str()))
    {
        words.pop();
    }
    while words.len() > 2 && TITLES.contains(&words[0].as_str()) {
        words.remove(0);
    }
    ParsedName { words, reordered }
}

/// The matching key of a display name: lowercase ASCII-folded words joined
/// by single spaces, given name first, without titles, trailing credentials
/// and decorations (see [`parse_name`]). Letters with no ASCII fold (CJK,
/// Cyrillic) are kept. A name is never cut below two words.
pub fn normalize_name(name: &str) -> String {
    parse_name(name).key()
}

/// Legal forms at the end of a company's name, dropped when comparing
/// companies (`Acme Labs Inc.` = `Acme Labs`).
const LEGAL_FORMS: &[&str] = &[
    "inc",
    "llc",
    "ltd",
    "limited",
    "gmbh",
    "corp",
    "corporation",
    "co",
    "company",
    "plc",
    "sa",
    "ag",
    "bv",
    "nv",
    "srl",
    "spa",
    "oy",
    "ab",
    "pty",
    "llp",
    "lp",
    "kg",
    "sarl",
    "sas",
    "ug",
];

/// The key a company is compared by: folded like a name, without a legal
/// form at the end (`Acme Labs, Inc.`, `ACME LABS LLC` = `acme labs`).
pub fn normalize_company(company: &str) -> String {
    let mut w = words(&fold(company));
    while w.len() > 1 && w.last().is_some_and(|x| LEGAL_FORMS.contains(&x.as_str())) {
        w.pop();
    }
    w.join(" ")
}

fn words(folded: &str) -> Vec<String> {
    folded
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Drops bracketed and quoted parts and everything after a separator.
fn strip_decorations(raw: &str) -> String {
    let mut cut = raw;
    for sep in ["|", "•", " - ", " – ", " — ", "/"] {
        if let Some((head, _)) = cut.split_once(sep) {
            if !head.trim().is_empty() {
                cut = head;
            }
        }
    }
    let mut out = String::with_capacity(cut.len());
    let mut depth = 0usize;
    let mut quoted = false;
    for c in cut.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            '"' | '“' | '”' => quoted = !quoted,
            _ if depth == 0 && !quoted => out.push(c),
            _ => {}
        }
    }
    out
}

/// Two letters or more, all capitals.
fn all_caps(raw: &str) -> bool {
    let letters: Vec<char> = raw.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// Whether a comma-separated part after the first is a decoration. A part
/// in capitals is an acronym (`, CFA`) unless the whole name is in capitals.
fn is_decoration_part((raw, words): &(String, Vec<String>), shouting: bool) -> bool {
    words.iter().all(|w| CREDENTIALS.contains(&w.as_str()))
        || (!shouting && all_caps(raw))
        || words.len() >= 3
        || words.iter().any(|w| DECORATION_WORDS.contains(&w.as_str()))
}

/// How `a` and `b` may be one person's names on the strength of the names
/// alone, if at all. Both must be full names (two words or more).
///
/// Stricter than [`compatible`], which a shared email or phone backs up:
/// a nickname must stand for the other's name (`Beth` / `Elizabeth`; not
/// `Beth` / `Lisa`, both Elizabeth: a person goes by one of them), and a
/// nickname written with a whole middle name the other lacks (`Lars
/// Alexander Thornbury` / `Lawrence Thornbury`) is two differences at
/// once, not one: people who write their middle name in full write their
/// formal given name with it.
pub fn relate(a: &ParsedName, b: &ParsedName) -> Option<Variant> {
    let v = relate_any(a, b)?;
    if v != Variant::Nickname {
        return Some(v);
    }
    if !super::nicknames::direct(a.given(), b.given()) {
        return None;
    }
    // The side written with the nickname has a whole middle name (not an
    // initial) that the other lacks.
    let extra_middle = |nick: &ParsedName, formal: &ParsedName| {
        super::nicknames::stands_for(nick.given(), formal.given())
            && nick.middles().iter().any(|m| {
                !is_initial(m)
                    && !formal
                        .middles()
                        .iter()
                        .any(|f| f == m || is_initial_of(f, m))
            })
    };
    if extra_middle(a, b) || extra_middle(b, a) {
        return None;
    }
    Some(v)
}

/// [`relate`] as a shared identifier backs it up: any one variant, a
/// nickname of either kind, with any middle names that fit.
fn relate_any(a: &ParsedName, b: &ParsedName) -> Option<Variant> {
    if !a.is_full() || !b.is_full() {
        return None;
    }
    if a.words == b.words
        || (a.words.len() == b.words.len()
            && a.words.iter().chain(&b.words).any(|w| has_spelled_out(w))
            && same_but_spelled_out(a, b))
    {
        return Some(if a.reordered == b.reordered {
            Variant::Exact
        } else {
            Variant::Order
        });
    }
    let (ga, gb) = (a.given(), b.given());
    let same_family = same_word(a.family(), b.family());
    let middles = middles_fit(a.middles(), b.middles());
    if same_family && middles {
        if same_word(ga, gb) {
            return Some(Variant::Middle);
        }
        if is_initial_of(ga, gb) || is_initial_of(gb, ga) {
            return Some(Variant::Initial);
        }
        if super::nicknames::related(ga, gb) {
            return Some(Variant::Nickname);
        }
        if ga.chars().count() >= 3 && gb.chars().count() >= 3 && one_edit(ga, gb) {
            return Some(Variant::Typo);
        }
        return None;
    }
    if !same_family
        && middles
        && ga == gb
        && (is_initial_of(a.family(), b.family()) || is_initial_of(b.family(), a.family()))
    {
        return Some(Variant::Initial);
    }
    if !same_family
        && middles
        && ga == gb
        && a.family().chars().count() >= 4
        && b.family().chars().count() >= 4
        && one_edit(a.family(), b.family())
    {
        return Some(Variant::Typo);
    }
    None
}

/// Whether two names differ only by letters spelled out as two where the
/// keyboard lacked them (`Mueller` / `Müller`, `Joergen` / `Jørgen`,
/// `Aase` / `Åse`): `ue`, `oe`, `ae` and `aa` against the one letter they
/// stand for, folded to `u`, `o`, `a`.
fn same_but_spelled_out(a: &ParsedName, b: &ParsedName) -> bool {
    a.words.iter().zip(&b.words).all(|(x, y)| same_word(x, y))
}

/// The same word, or the same but for letters spelled out as two.
///
/// On the path of every name comparison: words that differ in their first
/// letter, or have no two letters to spell out, are told apart without
/// allocating.
fn same_word(x: &str, y: &str) -> bool {
    if x == y {
        return true;
    }
    x.as_bytes().first() == y.as_bytes().first()
        && (has_spelled_out(x) || has_spelled_out(y))
        && spelled_in_one(x) == spelled_in_one(y)
}

/// Whether a word has `ue`, `oe`, `ae` or `aa` (one pass over its bytes,
/// before [`spelled_in_one`] allocates).
pub fn has_spelled_out(w: &str) -> bool {
    w.as_bytes()
        .windows(2)
        .any(|p| matches!(p, [b'u' | b'o' | b'a', b'e'] | [b'a', b'a']))
}

/// A word with `ue`, `oe`, `ae` and `aa` written as `u`, `o`, `a`.
pub fn spelled_in_one(word: &str) -> String {
    word.replace("ue", "u")
        .replace("oe", "o")
        .replace("ae", "a")
        .replace("aa", "a")
}

/// Whether two full names may be one person's at all, each part allowing
/// any one variant: family names equal, one letter apart or an initial;
/// given names equal, an initial, one a nickname of the other (not two
/// nicknames of a third name) or one letter apart; middle names that fit. The guard every name link checks against all the names
/// of both sides, so that a chain (`Ann Smith` – `A. Smith` – `Alice
/// Smith`) never joins two people.
pub fn loosely_related(a: &ParsedName, b: &ParsedName) -> bool {
    if !a.is_full() || !b.is_full() {
        return true;
    }
    let part = |x: &str, y: &str| {
        same_word(x, y)
            || is_initial_of(x, y)
            || is_initial_of(y, x)
            || (x.chars().count() >= 3
                && y.chars().count() >= 3
                && (one_edit(x, y)
                    || (has_spelled_out(x) || has_spelled_out(y))
                        && one_edit(&spelled_in_one(x), &spelled_in_one(y))))
    };
    let given = |x: &str, y: &str| part(x, y) || super::nicknames::direct(x, y);
    part(a.family(), b.family())
        && given(a.given(), b.given())
        && middles_fit(a.middles(), b.middles())
}

/// Middle names fit when the fewer of them are, in order, among the
/// others, each equal or an initial of its match (`Agnieszka Sánchez de la
/// Peña` has the middle words of `Agnieszka Marie Sánchez de la Peña` but
/// `Marie`); so one side without any always fits.
fn middles_fit(a: &[String], b: &[String]) -> bool {
    let (few, many) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut rest = many.iter();
    few.iter()
        .all(|x| rest.any(|y| same_word(x, y) || is_initial_of(x, y) || is_initial_of(y, x)))
}

/// `a` for `ann`; also the two-letter folds of one letter (`th` for `Þ.`,
/// `ae` for `Æ.`) when `name` is longer.
fn is_initial_of(initial: &str, name: &str) -> bool {
    is_initial(initial)
        && name.chars().count() > initial.chars().count()
        && name.starts_with(initial)
}

/// One letter, or the two-letter fold of one letter (`th` for `Þ`).
pub fn is_initial(word: &str) -> bool {
    let n = word.chars().count();
    n == 1 || (n == 2 && ["th", "ae", "oe", "ss"].contains(&word))
}

/// Damerau–Levenshtein distance exactly 1 (one letter added, dropped,
/// replaced, or two neighbours swapped).
pub fn one_edit(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return one_edit_units(a.as_bytes(), b.as_bytes());
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    one_edit_units(&a, &b)
}

/// [`one_edit`] over letters: bytes for ASCII names (most of them, and no
/// allocation), chars otherwise.
fn one_edit_units<T: Eq>(a: &[T], b: &[T]) -> bool {
    if a == b {
        return false;
    }
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if la == lb {
        let rest_a = &a[prefix + 1..];
        let rest_b = &b[prefix + 1..];
        if rest_a == rest_b {
            return true;
        }
        // A swap of two neighbours.
        prefix + 1 < la
            && a[prefix] == b[prefix + 1]
            && a[prefix + 1] == b[prefix]
            && a[prefix + 2..] == b[prefix + 2..]
    } else {
        let (long, short) = if la > lb { (a, b) } else { (b, a) };
        long[prefix + 1..] == short[prefix..]
    }
}

/// Case, accents, punctuation and spacing folded away.
fn fold(name: &str) -> String {
    // ASCII decomposes to itself: most names skip the decomposition.
    if name.is_ascii() {
        fold_chars(name.chars(), name.len())
    } else {
        fold_chars(name.nfkd(), name.len())
    }
}

/// [`fold`] over a name's decomposed letters.
fn fold_chars(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut pending_space = false;
    for c in chars {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let folded: Option<&str> = match c {
            'ł' | 'Ł' => Some("l"),
            'ø' | 'Ø' => Some("o"),
            'æ' | 'Æ' => Some("ae"),
            'œ' | 'Œ' => Some("oe"),
            'ß' | 'ẞ' => Some("ss"),
            'đ' | 'Đ' | 'ð' | 'Ð' => Some("d"),
            'þ' | 'Þ' => Some("th"),
            'ı' => Some("i"),
            _ => None,
        };
        if let Some(f) = folded {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push_str(f);
        } else if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else if c == '\'' || c == '’' {
            // O'Brien and OBrien are one name.
        } else {
            pending_space = true;
        }
    }
    out
}

/// Whether two names can be the same person when something else (an
/// email, a phone) says so: [`relate_any`] finds any relation, or one side is a
/// single word found in the other.
pub fn compatible(a: &ParsedName, b: &ParsedName) -> bool {
    if a.words.is_empty() || b.words.is_empty() || a.words == b.words {
        return true;
    }
    match (a.words.as_slice(), b.words.as_slice()) {
        ([one], other) | (other, [one]) => other.contains(one),
        _ => relate_any(a, b).is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII shortcut in `fold` gives what decomposing gives.
    #[test]
    fn ascii_folds_as_if_decomposed() {
        let all: String = (0u8..128).map(char::from).collect();
        for s in [
            all.as_str(),
            "Dr. Ann  O'Brien-Smith, PhD",
            "ANN | Hiring (she/her)",
        ] {
            assert_eq!(fold_chars(s.chars(), 0), fold_chars(s.nfkd(), 0), "{s:?}");
        }
    }

    #[test]
    fn folds_case_accents_spacing_and_letters_without_decomposition() {
        assert_eq!(normalize_name("  José   ÁLVAREZ "), "jose alvarez");
        assert_eq!(
            normalize_name("José Müller-Łukasiewicz"),
            "jose muller lukasiewicz"
        );
        assert_eq!(normalize_name("Søren Kærgaard"), "soren kaergaard");
        assert_eq!(normalize_name("Straße Đorđe"), "strasse dorde");
        assert_eq!(normalize_name("Anna 🚀 Schmidt"), "anna schmidt");
        assert_eq!(normalize_name("Seán O'Brien"), "sean obrien");
        assert_eq!(normalize_name("ｆｕｌｌｗｉｄｔｈ"), "fullwidth");
        assert_eq!(normalize_name("山田 太郎"), "山田 太郎");
        assert_eq!(normalize_name("Hannah Schmidt, PhD"), "hannah schmidt");
        assert_eq!(normalize_name("Dr. Ada Lovelace"), "ada lovelace");
        assert_eq!(
            normalize_name("Martin Luther King, Jr."),
            "martin luther king"
        );
        assert_eq!(normalize_name("Md Rahman"), "md rahman");
    }

    fn rel(a: &str, b: &str) -> Option<Variant> {
        relate(&parse_name(a), &parse_name(b))
    }

    #[test]
    fn compatible_names() {
        let c = |a: &str, b: &str| compatible(&parse_name(a), &parse_name(b));
        assert!(c("ann smith", "ann smith"));
        assert!(c("ann smith", "a smith"));
        assert!(c("ann b smith", "ann smith"));
        assert!(c("ann", "ann smith"));
        assert!(!c("ann smith", "bob smith"));
        assert!(!c("ann smith", "ann jones"));
    }

    #[test]
    fn order_credentials_and_decorations() {
        assert_eq!(normalize_name("Álvarez, José"), "jose alvarez");
        assert!(parse_name("Álvarez, José").reordered);
        assert_eq!(normalize_name("Smith, John A."), "john a smith");
        assert_eq!(normalize_name("van der Berg, Jan"), "jan van der berg");
        assert_eq!(
            normalize_name("Mona Saleh, Certified Executive Coach"),
            "mona saleh"
        );
        assert_eq!(normalize_name("Saleh, Certified Executive Coach"), "saleh");
        assert_eq!(normalize_name("Ahl, PhD"), "ahl");
        assert_eq!(normalize_name("Erik Ahl, PhD"), "erik ahl");
        assert_eq!(normalize_name("Nina Patel, CFA, CAIA"), "nina patel");
        assert_eq!(normalize_name("Ann Smith (she/her)"), "ann smith");
        assert_eq!(normalize_name("Ann Smith | Hiring!"), "ann smith");
        assert_eq!(normalize_name("✨ Ann Smith ✨"), "ann smith");
        assert_eq!(normalize_name("Robert \"Bob\" Smith"), "robert smith");
        assert_eq!(normalize_name("Prof. Dr. Hans Weber"), "hans weber");
        assert_eq!(normalize_name("Smith, John, Jr."), "john smith");
        assert_eq!(normalize_name("ÁLVAREZ, JOSÉ"), "jose alvarez");
        assert_eq!(
            normalize_name("Sánchez de la Peña, Agnieszka Marie"),
            "agnieszka marie sanchez de la pena"
        );
        assert_eq!(normalize_name("van der Berg, Femke"), "femke van der berg");
    }

    #[test]
    fn companies_compare_without_legal_forms() {
        assert_eq!(normalize_company("Acme Labs, Inc."), "acme labs");
        assert_eq!(normalize_company("ACME LABS LLC"), "acme labs");
        assert_eq!(normalize_company("Müller GmbH & Co. KG"), "muller");
        assert_eq!(normalize_company("Co"), "co");
        assert_eq!(normalize_company("Harbor & Finch LLP"), "harbor finch");
    }

    #[test]
    fn variants() {
        assert_eq!(rel("José Álvarez", "jose alvarez"), Some(Variant::Exact));
        assert_eq!(rel("José Álvarez", "Álvarez, José"), Some(Variant::Order));
        assert_eq!(
            rel("Jürgen Müller", "Juergen Mueller"),
            Some(Variant::Exact)
        );
        assert_eq!(rel("Åse Sørensen", "Aase Soerensen"), Some(Variant::Exact));
        assert_eq!(
            rel("Anaïs Gökhan Shelsby", "Anais Goekhan Shelsby"),
            Some(Variant::Exact)
        );
        assert!(loosely_related(
            &parse_name("Anaïs Gökhan Shelsby"),
            &parse_name("Anais Goekhan Shelsby")
        ));
        assert_eq!(
            rel("Evelyn Jessica Vanstroem", "Evelyn Vanström"),
            Some(Variant::Middle)
        );
        // A typo of the one-letter form still fits the spelled-out one.
        assert!(loosely_related(
            &parse_name("André Kirkströf"),
            &parse_name("Andre Kirkstroem")
        ));
        assert_eq!(rel("Ann Beth Smith", "Ann Smith"), Some(Variant::Middle));
        assert_eq!(rel("Ann B. Smith", "Ann Beth Smith"), Some(Variant::Middle));
        assert_eq!(rel("Ann B. Smith", "Ann C. Smith"), None);
        assert_eq!(rel("A. Smith", "Ann Smith"), Some(Variant::Initial));
        assert_eq!(rel("Ada L.", "Ada Lovelace"), Some(Variant::Initial));
        assert_eq!(rel("Bob Smith", "Robert Smith"), Some(Variant::Nickname));
        assert_eq!(rel("Bob J. Smith", "Robert Smith"), Some(Variant::Nickname));
        assert_eq!(
            rel("Bob Smith", "Robert James Smith"),
            Some(Variant::Nickname)
        );
        // Two differences at once: a nickname with a whole middle name the
        // other lacks; two nicknames of a third name.
        assert_eq!(rel("Lars Alexander Thornbury", "Lawrence Thornbury"), None);
        assert_eq!(rel("Beth Nguyen", "Lisa Nguyen"), None);
        assert_eq!(
            rel("Beth Nguyen", "Elizabeth Nguyen"),
            Some(Variant::Nickname)
        );
        // Middle words of a compound family name.
        assert_eq!(
            rel(
                "Agnieszka Marie Sánchez de la Peña",
                "Agnieszka Sánchez de la Peña"
            ),
            Some(Variant::Middle)
        );
        assert_eq!(rel("Ann B. C. Smith", "Ann C. B. Smith"), None);
        assert_eq!(rel("Jon Smith", "Joan Smith"), Some(Variant::Typo));
        assert_eq!(rel("Maria Gonzales", "Maria Gonzalez"), Some(Variant::Typo));
        assert_eq!(rel("Maria Gonzalez", "Maira Gonzalez"), Some(Variant::Typo));
        assert_eq!(rel("Ann Smith", "Bob Smith"), None);
        assert_eq!(rel("Ann Smith", "Ann Jones"), None);
        assert_eq!(rel("Smith", "Ann Smith"), None);
        assert!(one_edit("abcd", "abdc"));
        assert!(one_edit("abc", "abcd"));
        assert!(!one_edit("abc", "abc"));
        assert!(!one_edit("abc", "xyz"));
        // Letters, not bytes, outside ASCII: one Cyrillic letter is two
        // bytes, and `е` and `и` share the first.
        assert!(one_edit("андрей", "андрий"));
        assert!(one_edit("андрей", "андре"));
        assert!(one_edit("андрей", "андерй"));
        assert!(!one_edit("андрей", "андрей"));
        assert!(!one_edit("андрей", "андр"));
        assert!(one_edit("zoë", "zoe"));
    }
}
