//! Union-find over records, with the per-cluster facts the safety rules
//! check before every union.

use super::*;

/// How a union was asked for, which decides the checks it must pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
    /// A user decision or the owner: only `different` can stop it.
    Force,
    /// The same LinkedIn profile: names cannot veto it, conflicting
    /// profiles can.
    Profile,
    /// A shared email or phone: some names of the two must fit.
    Strong,
    /// A name: every pair of the two sides' names must fit, and neither
    /// network nor address book may hold both as separate entries.
    Name,
}

/// Union-find over records, with per-cluster facts for the safety rules.
/// Names are held by reference and small sets as sorted vectors or bits:
/// a million records make a million of each.
pub(super) struct Clusters<'a> {
    parent: Vec<usize>,
    /// Per root: the LinkedIn profiles in the cluster, sorted.
    pub(super) linkedin: Vec<Vec<&'a LinkedinUrl>>,
    /// Per root: every parsed name (hints excluded), sorted.
    pub(super) names: Vec<Vec<&'a ParsedName>>,
    /// Per root: the preferred name of each record (hints excluded), sorted.
    primaries: Vec<Vec<&'a ParsedName>>,
    /// Per root: the names given as hints (call log `contact_name`).
    pub(super) hints: Vec<Vec<&'a ParsedName>>,
    /// Per root: holds an email, phone or profile.
    pub(super) strong: Vec<bool>,
    /// Per root: the source kinds (one bit each) of its records that hold
    /// an email, phone or profile. Two such records of one source that no
    /// identifier linked are two entries of one address book or network:
    /// two people.
    anchored_sources: Vec<u16>,
    /// Per root: the files (numbered in `file_names`) of its named
    /// records, sorted. Two named records of one file (two friends called
    /// Sam Lee) are two people unless an identifier says otherwise.
    pub(super) files: Vec<Vec<u32>>,
    /// Per root: companies, folded.
    pub(super) companies: Vec<BTreeSet<String>>,
    /// Per root: the sides of `different` decisions it holds.
    pub(super) tags: Vec<BTreeSet<(usize, bool)>>,
    pub(super) owner: Vec<bool>,
}

/// Sorts and deduplicates a small set held as a vector.
pub(super) fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort_unstable();
    v.dedup();
    v
}

/// How many times larger one sorted set must be than another for the
/// smaller's elements to be looked up in it one by one ([`disjoint`],
/// [`absorb`]) rather than the two walked or sorted together.
const FEW_AGAINST_MANY: usize = 16;

/// Whether two sorted vectors share no element. A cluster's set grows
/// with every record a long run of unions adds to it (one name in a
/// thousand threads): a few elements against many are looked up, not
/// walked past.
pub(super) fn disjoint<T: Ord>(a: &[T], b: &[T]) -> bool {
    let (few, many) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if few.len() * FEW_AGAINST_MANY < many.len() {
        return few.iter().all(|x| many.binary_search(x).is_err());
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return false,
        }
    }
    true
}

/// Moves `gone`'s set into `keep`'s, sorted and deduplicated. A few
/// elements joining many are inserted where they go (nothing, when they
/// are there already), so that a long run of unions into one cluster is
/// not a sort per union.
pub(super) fn absorb<T: Ord>(sets: &mut [Vec<T>], keep: usize, gone: usize) {
    let mut moved = std::mem::take(&mut sets[gone]);
    let set = &mut sets[keep];
    if moved.len() > set.len() {
        std::mem::swap(set, &mut moved);
    }
    if moved.is_empty() {
        return;
    }
    if moved.len() * FEW_AGAINST_MANY < set.len() {
        for x in moved {
            if let Err(at) = set.binary_search(&x) {
                set.insert(at, x);
            }
        }
    } else {
        set.extend(moved);
        set.sort_unstable();
        set.dedup();
    }
}

impl<'a> Clusters<'a> {
    pub(super) fn new(records: &'a [Record], parsed: &'a [Vec<ParsedName>]) -> Clusters<'a> {
        let mut file_numbers: HashMap<&str, u32> = HashMap::new();
        let mut files = Vec::with_capacity(records.len());
        for r in records {
            files.push(match &r.location {
                Some(l)
                    if !r.name_is_hint
                        && !r.names.is_empty()
                        && !r.owner
                        && lists_each_person_once(r.source()) =>
                {
                    let next = u32::try_from(file_numbers.len()).expect("fewer files than u32");
                    vec![*file_numbers.entry(&l.file).or_insert(next)]
                }
                _ => Vec::new(),
            });
        }
        // Each record's names, split by whether they are its own or hints,
        // and its companies folded: on every core, then dealt out.
        let per_record: Vec<_> = records
            .par_iter()
            .zip(parsed)
            .map(|(r, parsed)| {
                let all = sorted(parsed.iter().collect());
                let (names, primaries, hints) = if r.name_is_hint {
                    (Vec::new(), Vec::new(), all)
                } else {
                    (all, parsed.first().into_iter().collect(), Vec::new())
                };
                let companies: BTreeSet<String> = r
                    .company
                    .iter()
                    .map(|c| names::normalize_company(c))
                    .filter(|c| !c.is_empty())
                    .collect();
                (names, primaries, hints, companies)
            })
            .collect();
        let (mut names, mut primaries, mut hints, mut companies) = (
            Vec::with_capacity(records.len()),
            Vec::with_capacity(records.len()),
            Vec::with_capacity(records.len()),
            Vec::with_capacity(records.len()),
        );
        for (n, p, h, c) in per_record {
            names.push(n);
            primaries.push(p);
            hints.push(h);
            companies.push(c);
        }
        Clusters {
            parent: (0..records.len()).collect(),
            linkedin: records
                .iter()
                .map(|r| r.linkedin.iter().collect())
                .collect(),
            names,
            primaries,
            hints,
            strong: records.iter().map(has_strong_id).collect(),
            anchored_sources: records
                .iter()
                .map(|r| {
                    if has_strong_id(r) && !r.owner && lists_each_person_once(r.source()) {
                        source_bit(r.source())
                    } else {
                        0
                    }
                })
                .collect(),
            files,
            companies,
            tags: vec![BTreeSet::new(); records.len()],
            owner: records.iter().map(|r| r.owner).collect(),
        }
    }

    pub(super) fn tag(&mut self, i: usize, tag: (usize, bool)) {
        let root = self.find(i);
        self.tags[root].insert(tag);
    }

    pub(super) fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// Whether two clusters (roots) may be one person.
    pub(super) fn joinable(&self, a: usize, b: usize, mode: Mode) -> bool {
        if self.tags[a]
            .iter()
            .any(|&(n, side)| self.tags[b].contains(&(n, !side)))
        {
            return false;
        }
        if mode == Mode::Force {
            return true;
        }
        let (la, lb) = (&self.linkedin[a], &self.linkedin[b]);
        if !la.is_empty() && !lb.is_empty() && la != lb {
            return false;
        }
        let some_fit = names_compatible(&self.names[a], &self.names[b]);
        // The owner is never merged with somebody else through a shared
        // identifier unless the names agree.
        if self.owner[a] != self.owner[b] && !some_fit {
            return false;
        }
        match mode {
            Mode::Force | Mode::Profile => true,
            Mode::Strong => some_fit,
            Mode::Name => {
                self.anchored_sources[a] & self.anchored_sources[b] == 0
                    && disjoint(&self.files[a], &self.files[b])
                    && self.primaries[a].iter().all(|x| {
                        self.primaries[b].iter().all(|y| {
                            x.words.len() < 2 || y.words.len() < 2 || names::loosely_related(x, y)
                        })
                    })
            }
        }
    }

    /// Whether two clusters that one name fits may be the one person it
    /// means: joinable by name, and each pair of their full names related
    /// on its own by a name alone (the same, a middle name, an initial, a
    /// nickname of the other), not only as loosely as a chain allows. `Alex`
    /// and `Alec`, both fitting `Alexander`, are two people: the name that
    /// fits both is ambiguous.
    pub(super) fn could_be_one(&self, a: usize, b: usize) -> bool {
        self.joinable(a, b, Mode::Name)
            && self.primaries[a].iter().all(|x| {
                self.primaries[b].iter().all(|y| {
                    !x.is_full()
                        || !y.is_full()
                        || names::relate(x, y).is_some_and(|v| v.tier() < 2)
                })
            })
    }

    /// Joins the clusters of `a` and `b` when allowed; true if they were
    /// separate and are now one.
    pub(super) fn union(&mut self, a: usize, b: usize, mode: Mode) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb || !self.joinable(ra, rb, mode) {
            return false;
        }
        let (keep, gone) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[gone] = keep;
        absorb(&mut self.linkedin, keep, gone);
        absorb(&mut self.names, keep, gone);
        absorb(&mut self.primaries, keep, gone);
        let h = std::mem::take(&mut self.hints[gone]);
        self.hints[keep].extend(h);
        self.strong[keep] |= self.strong[gone];
        self.anchored_sources[keep] |= self.anchored_sources[gone];
        absorb(&mut self.files, keep, gone);
        let companies = std::mem::take(&mut self.companies[gone]);
        self.companies[keep].extend(companies);
        let tags = std::mem::take(&mut self.tags[gone]);
        self.tags[keep].extend(tags);
        self.owner[keep] |= self.owner[gone];
        true
    }
}

/// Whether two records of one file of this source are two people unless an
/// identifier links them: true of address books, networks, friend lists,
/// threads and call logs; not of the touchpoint log, whose rows name one
/// person as often as the user met them (two rows "Richard Holtley" are
/// one person, and a row written with a phone joins that phone's person
/// without keeping a name-only row of the log from fitting them too).
fn lists_each_person_once(kind: SourceKind) -> bool {
    kind != SourceKind::Touchpoints
}

/// One bit per source kind, for [`Clusters::anchored_sources`].
fn source_bit(kind: SourceKind) -> u16 {
    1 << (kind as u16)
}

pub(super) fn has_strong_id(r: &Record) -> bool {
    r.linkedin.is_some() || !r.emails.is_empty() || !r.phones.is_empty()
}

/// Whether two sets of names can belong to one person: either side has
/// none, or some pair fits.
fn names_compatible(a: &[&ParsedName], b: &[&ParsedName]) -> bool {
    if a.is_empty() || b.is_empty() {
        return true;
    }
    a.iter().any(|x| b.iter().any(|y| names::compatible(x, y)))
}
