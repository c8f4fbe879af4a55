//! How common names are in the user's own data, which weighs a link made
//! on a name variant alone.
//!
//! `Beth Nguyen` / `Elizabeth Nguyen` is good evidence where the data holds
//! one Nguyen, and weak where it holds forty: among forty people of one
//! family name, two with given names that fit each other (an Elizabeth and
//! a Beth, a Jacob and a Jack) are likely, and the two records may well be
//! two of them. In the manner of Fellegi–Sunter record linkage, how many
//! namesakes with a fitting given name to expect by chance is estimated
//! from the data itself,
//!
//! ```text
//! expected = (other people of the family name + 1)
//!          × (share of the other families' names whose given name fits
//!             either of the two)
//! ```
//!
//! counting people of a family name by their given names (a nickname as
//! its formal name: `Pete` and `Peter` are one). A nickname or a given
//! name's initial links only while it is below two
//! ([`NAMESAKE_LIMIT_PER_MILLE`]); from there on it still counts as
//! fitting, so a name it fits besides is ambiguous. Names written the same way, and
//! middle names in one record only, are not weighed: their given names
//! agree.

use rustc_hash::FxHashMap;

use super::*;

/// A link on a nickname or an initial alone is refused from this many
/// expected namesakes on, in thousandths. From about one namesake expected
/// by chance, the variant is as likely another person as the same one; the
/// count runs high (a person written as `Christopher`, `Chris` and `Kit`
/// counts once per formal name, and each form of a name counts in the
/// share), so the cut is at two.
pub(super) const NAMESAKE_LIMIT_PER_MILLE: u32 = 2000;

/// How common a name variant is in the data, for a link's reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Namesakes {
    /// The distinct given names (not initials) written with the family
    /// name, a nickname counted with its formal name (`Pete` as `Peter`):
    /// about how many people of the family name the data holds.
    pub family_givens: u32,
    /// How many namesakes with a fitting given name the data's own
    /// frequencies expect by chance, in thousandths, rounded up.
    pub expected_per_mille: u32,
}

/// Counts over the distinct full names of the data.
pub(super) struct Frequencies<'p> {
    /// Distinct full names.
    total: u32,
    /// Distinct full names per given name, and per given name and family
    /// name.
    by_given: FxHashMap<&'p str, u32>,
    by_family_given: FxHashMap<(&'p str, &'p str), u32>,
    /// Distinct full names per given name's first letter, and per first
    /// letter and family name.
    by_letter: FxHashMap<char, u32>,
    by_family_letter: FxHashMap<(&'p str, char), u32>,
    /// Distinct full names per family name.
    by_family: FxHashMap<&'p str, u32>,
    /// Distinct given names (not initials, nicknames as their formal
    /// name) per family name.
    givens_by_family: FxHashMap<&'p str, u32>,
}

impl<'p> Frequencies<'p> {
    /// Counted over distinct full names, so a name written a thousand
    /// times (the owner's in every thread) counts once.
    pub(super) fn new(names: &[&'p ParsedName]) -> Frequencies<'p> {
        let mut f = Frequencies {
            total: u32::try_from(names.len()).unwrap_or(u32::MAX),
            by_given: FxHashMap::default(),
            by_family_given: FxHashMap::default(),
            by_letter: FxHashMap::default(),
            by_family_letter: FxHashMap::default(),
            by_family: FxHashMap::default(),
            givens_by_family: FxHashMap::default(),
        };
        // (family name, given name as counted): each distinct pair is one
        // person of the family name.
        let mut people: Vec<(&str, &str)> = Vec::with_capacity(names.len());
        for n in names {
            let (given, family) = (n.given(), n.family());
            *f.by_given.entry(given).or_default() += 1;
            *f.by_family.entry(family).or_default() += 1;
            *f.by_family_given.entry((family, given)).or_default() += 1;
            if !names::is_initial(given) {
                people.push((family, nicknames::canonical(given)));
            }
            if let Some(c) = given.chars().next() {
                *f.by_letter.entry(c).or_default() += 1;
                *f.by_family_letter.entry((family, c)).or_default() += 1;
            }
        }
        people.sort_unstable();
        people.dedup();
        for (family, _) in people {
            *f.givens_by_family.entry(family).or_default() += 1;
        }
        f
    }

    /// The namesakes of two names of one family name whose given names
    /// differ as a nickname or an initial; `None` for any other relation,
    /// which is not weighed.
    ///
    /// The share of given names that fit is taken from the other family
    /// names, so the two names weighed (and their family) do not weigh
    /// themselves down: in a small address book it is near zero.
    pub(super) fn namesakes(
        &self,
        a: &ParsedName,
        b: &ParsedName,
        variant: Variant,
    ) -> Option<Namesakes> {
        let (ga, gb, family) = (a.given(), b.given(), a.family());
        let weighed = matches!(variant, Variant::Nickname | Variant::Initial)
            && family == b.family()
            && ga != gb;
        if !weighed {
            return None;
        }
        // Names of other families whose given name fits either one: by its
        // initial, where one is an initial; else the nicknames and formal
        // names of both.
        let fitting: u64 = match [ga, gb].into_iter().find(|g| names::is_initial(g)) {
            Some(initial) => initial.chars().next().map_or(0, |c| {
                count(&self.by_letter, c) - count(&self.by_family_letter, (family, c))
            }),
            None => {
                let mut fit = nicknames::direct_relatives(ga);
                fit.extend(nicknames::direct_relatives(gb));
                fit.sort_unstable();
                fit.dedup();
                fit.iter()
                    .map(|&g| count(&self.by_given, g) - count(&self.by_family_given, (family, g)))
                    .sum()
            }
        };
        let elsewhere = u64::from(self.total) - count(&self.by_family, family);
        let family_givens = self.givens_by_family.get(family).copied().unwrap_or(0);
        let mut own: Vec<&str> = [ga, gb]
            .into_iter()
            .filter(|g| !names::is_initial(g))
            .map(nicknames::canonical)
            .collect();
        own.dedup();
        let own = own.len();
        let others = u64::from(family_givens).saturating_sub(own as u64);
        // (others + 1) × fitting / elsewhere, in thousandths, rounded up.
        let expected = if elsewhere == 0 {
            0
        } else {
            ((others + 1) * fitting * 1000).div_ceil(elsewhere)
        };
        Some(Namesakes {
            family_givens,
            expected_per_mille: u32::try_from(expected).unwrap_or(u32::MAX),
        })
    }

    /// Whether a relation is strong enough to link on the names alone.
    pub(super) fn trusted(&self, a: &ParsedName, b: &ParsedName, variant: Variant) -> bool {
        self.namesakes(a, b, variant)
            .is_none_or(|n| n.expected_per_mille < NAMESAKE_LIMIT_PER_MILLE)
    }
}

/// A count of a map, zero when absent.
fn count<K: std::hash::Hash + Eq>(map: &FxHashMap<K, u32>, key: K) -> u64 {
    u64::from(map.get(&key).copied().unwrap_or(0))
}

impl Namesakes {
    /// `"nguyen": 41 people here, 1.24 namesakes expected to fit by chance
    /// (links below 2)`.
    pub fn describe(&self, family: &str) -> String {
        let expected = self.expected_per_mille;
        format!(
            "\"{family}\": {} {} here, {}.{:02} namesakes expected to fit by chance (links below 2)",
            self.family_givens,
            if self.family_givens == 1 { "person" } else { "people" },
            expected / 1000,
            (expected % 1000).div_ceil(10).min(99),
        )
    }
}
