//! Name normalization for matching: case, spacing, accents (including
//! letters that do not decompose, such as ł, ø, æ, ß, đ), punctuation and
//! emoji are folded away, so `José  ÁLVAREZ` and `jose alvarez` are one key.

use unicode_normalization::UnicodeNormalization;

/// Titles dropped from the front of a name (`Dr. Ada Lovelace`).
const TITLES: &[&str] = &["dr", "prof", "mr", "mrs", "ms", "mx", "sir", "dame"];

/// Suffixes and credentials dropped from the end of a name, as LinkedIn
/// users put them in their last name (`Schmidt, PhD`; FORMATS.md §1).
const CREDENTIALS: &[&str] = &[
    "phd", "mba", "md", "jr", "sr", "ii", "iii", "iv", "cpa", "pmp", "esq", "msc", "dds", "cfa",
    "pe",
];

/// The matching key of a display name: lowercase ASCII-folded words joined
/// by single spaces, without titles and trailing credentials. Letters with no
/// ASCII fold (CJK, Cyrillic) are kept. A name is never cut below two words.
pub fn normalize_name(name: &str) -> String {
    let folded = fold(name);
    let mut words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    while words.len() > 2 && CREDENTIALS.contains(words.last().unwrap_or(&"")) {
        words.pop();
    }
    if words.len() > 2 && TITLES.contains(&words[0]) {
        words.remove(0);
    }
    words.join(" ")
}

/// Case, accents, punctuation and spacing folded away.
fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_space = false;
    for c in name.nfkd() {
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

/// Whether two normalized names can be the same person: the same family
/// name (last word) and given names (first word) that are equal or where
/// one is the other's initial. A single-word name fits either word.
pub fn compatible(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let wa: Vec<&str> = a.split(' ').collect();
    let wb: Vec<&str> = b.split(' ').collect();
    match (wa.as_slice(), wb.as_slice()) {
        ([], _) | (_, []) => true,
        ([one], other) | (other, [one]) => other.contains(one),
        ([fa, .., la], [fb, .., lb]) => la == lb && given_compatible(fa, fb),
    }
}

fn given_compatible(a: &str, b: &str) -> bool {
    a == b
        || (a.chars().count() == 1 && b.starts_with(a))
        || (b.chars().count() == 1 && a.starts_with(b))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn compatible_names() {
        assert!(compatible("ann smith", "ann smith"));
        assert!(compatible("ann smith", "a smith"));
        assert!(compatible("ann b smith", "ann smith"));
        assert!(compatible("ann", "ann smith"));
        assert!(!compatible("ann smith", "bob smith"));
        assert!(!compatible("ann smith", "ann jones"));
    }
}
