//! Identity resolution: link records into people and find the owner.
//!
//! Records are linked by what they share, strongest first: the same LinkedIn
//! profile, the same email, the same phone; then by exact normalized full
//! name. Two safety rules (DESIGN.md "Identity resolution") hold throughout:
//!
//! - no merge across conflicting strong identifiers (two different LinkedIn
//!   profiles), and no merge on a shared email or phone alone when the names
//!   plainly differ (a family landline, a shared inbox);
//! - a name that fits two or more different people links to none of them and
//!   is reported as ambiguous.
//!
//! Every link keeps its reason ([`Link`]). The owner is the person holding any
//! record a source marked as the owner's. Deeper matching (nicknames, name
//! order, typos, user decisions) belongs in this module alone.

mod names;

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Email, LinkedinUrl, Phone, Record, RecordRef, SourceKind};

pub use names::normalize_name;

/// A stable identifier for a person, derived from their identifiers.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PersonId(String);

impl PersonId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for PersonId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One person: the records that are them, and what those records say.
#[derive(Clone, Debug)]
pub struct Person {
    pub id: PersonId,
    /// The display name (LinkedIn's, else the address book's, else ...).
    pub name: String,
    pub emails: BTreeSet<Email>,
    pub phones: BTreeSet<Phone>,
    pub linkedin: Option<LinkedinUrl>,
    pub company: Option<String>,
    pub position: Option<String>,
    pub sources: BTreeSet<SourceKind>,
    pub categories: BTreeSet<String>,
    pub records: Vec<RecordRef>,
    pub owner: bool,
}

/// Why two records were linked.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    Linkedin(LinkedinUrl),
    Email(Email),
    Phone(Phone),
    /// The same normalized full name, which fits exactly one person.
    Name(String),
    /// Both records are the account owner's.
    Owner,
}

/// A link between two records, with its reason.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    pub a: RecordRef,
    pub b: RecordRef,
    pub reason: Reason,
}

/// A name that fits several people; records with only that name were linked
/// to none of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ambiguity {
    pub name: String,
    /// The people the name fits.
    pub candidates: Vec<usize>,
}

/// The outcome of resolution.
#[derive(Debug, Default)]
pub struct Resolution {
    /// Sorted by `PersonId`.
    pub persons: Vec<Person>,
    /// For each record, the index of its person in `persons`.
    pub person_of: Vec<usize>,
    pub links: Vec<Link>,
    pub ambiguous: Vec<Ambiguity>,
}

impl Resolution {
    /// The owner's index, when some source said who the owner is.
    pub fn owner(&self) -> Option<usize> {
        self.persons.iter().position(|p| p.owner)
    }
}

/// Links `records` into people.
pub fn resolve(records: &[Record]) -> Resolution {
    let mut uf = Clusters::new(records);
    let mut links = Vec::new();

    // 1. The owner's records are one person, whatever they say.
    let owners: Vec<usize> = (0..records.len()).filter(|&i| records[i].owner).collect();
    for pair in owners.windows(2) {
        if uf.union(pair[0], pair[1], true) {
            links.push(link(pair[0], pair[1], Reason::Owner));
        }
    }

    // 2. Strong identifiers, strongest first. Each key links every record
    //    holding it to the first record holding it, unless that would join
    //    conflicting profiles or plainly different names.
    let mut by_linkedin: BTreeMap<&LinkedinUrl, Vec<usize>> = BTreeMap::new();
    let mut by_email: BTreeMap<&Email, Vec<usize>> = BTreeMap::new();
    let mut by_phone: BTreeMap<&Phone, Vec<usize>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        if let Some(url) = &r.linkedin {
            by_linkedin.entry(url).or_default().push(i);
        }
        for e in &r.emails {
            by_email.entry(e).or_default().push(i);
        }
        for p in &r.phones {
            by_phone.entry(p).or_default().push(i);
        }
    }
    for (url, holders) in &by_linkedin {
        for &other in &holders[1..] {
            // A LinkedIn profile is one person: names cannot veto it.
            if uf.union(holders[0], other, true) {
                links.push(link(holders[0], other, Reason::Linkedin((*url).clone())));
            }
        }
    }
    for (email, holders) in &by_email {
        for &other in &holders[1..] {
            if uf.union(holders[0], other, false) {
                links.push(link(holders[0], other, Reason::Email((*email).clone())));
            }
        }
    }
    for (phone, holders) in &by_phone {
        for &other in &holders[1..] {
            if uf.union(holders[0], other, false) {
                links.push(link(holders[0], other, Reason::Phone((*phone).clone())));
            }
        }
    }

    // 3. Exact normalized names. For each name, the clusters holding it must
    //    all be joinable into one person; otherwise the name is ambiguous and
    //    links nobody.
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        if r.name_is_hint {
            continue;
        }
        let keys: BTreeSet<String> = r
            .names
            .iter()
            .map(|n| normalize_name(n))
            .filter(|k| k.contains(' '))
            .collect();
        for key in keys {
            by_name.entry(key).or_default().push(i);
        }
    }
    let mut ambiguous_names = Vec::new();
    for (key, holders) in &by_name {
        let mut roots: Vec<usize> = holders.iter().map(|&i| uf.find(i)).collect();
        roots.sort_unstable();
        roots.dedup();
        if roots.len() < 2 {
            continue;
        }
        let anchored: Vec<usize> = roots.iter().copied().filter(|&r| uf.anchored(r)).collect();
        if anchored.len() >= 2 && !uf.all_joinable(&anchored) {
            // The name-only records (a Facebook friend and the same name in
            // a thread) are still one another, just not any anchored person.
            let floating: Vec<usize> = holders
                .iter()
                .copied()
                .filter(|&h| !uf.anchored(uf.find_const(h)))
                .collect();
            for &h in floating.iter().skip(1) {
                if uf.union(floating[0], h, true) {
                    links.push(link(floating[0], h, Reason::Name(key.clone())));
                }
            }
            ambiguous_names.push((key.clone(), anchored));
            continue;
        }
        for &h in &holders[1..] {
            if uf.union(holders[0], h, true) {
                links.push(link(holders[0], h, Reason::Name(key.clone())));
            }
        }
    }

    finish(records, &mut uf, links, &ambiguous_names)
}

fn link(a: usize, b: usize, reason: Reason) -> Link {
    let a = RecordRef::try_from(a).expect("record index fits u32");
    let b = RecordRef::try_from(b).expect("record index fits u32");
    Link {
        a: a.min(b),
        b: a.max(b),
        reason,
    }
}

/// Builds the people from the final clusters, with stable ids.
fn finish(
    records: &[Record],
    uf: &mut Clusters<'_>,
    mut links: Vec<Link>,
    ambiguous: &[(String, Vec<usize>)],
) -> Resolution {
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..records.len() {
        members.entry(uf.find(i)).or_default().push(i);
    }
    let mut persons: Vec<(Person, usize)> = members
        .into_iter()
        .map(|(root, recs)| (build_person(records, &recs), root))
        .collect();
    assign_ids(records, &mut persons);
    persons.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    let mut person_of = vec![0; records.len()];
    let mut index_of_root = BTreeMap::new();
    for (ix, (p, root)) in persons.iter().enumerate() {
        index_of_root.insert(*root, ix);
        for &r in &p.records {
            person_of[r as usize] = ix;
        }
    }
    let ambiguous = ambiguous
        .iter()
        .map(|(name, roots)| {
            let mut candidates: Vec<usize> =
                roots.iter().map(|r| index_of_root[&uf.find(*r)]).collect();
            candidates.sort_unstable();
            candidates.dedup();
            Ambiguity {
                name: name.clone(),
                candidates,
            }
        })
        .filter(|a| a.candidates.len() > 1)
        .collect();
    links.sort();
    Resolution {
        persons: persons.into_iter().map(|(p, _)| p).collect(),
        person_of,
        links,
        ambiguous,
    }
}

/// Display preference: the source whose names people chose themselves first.
fn name_rank(source: SourceKind) -> u8 {
    match source {
        SourceKind::Linkedin => 0,
        SourceKind::Vcard => 1,
        SourceKind::Facebook => 2,
        SourceKind::Touchpoints => 3,
        SourceKind::Calendar => 4,
        SourceKind::Calllog => 5,
        SourceKind::Config => 6,
    }
}

fn build_person(records: &[Record], members: &[usize]) -> Person {
    let mut ordered: Vec<usize> = members.to_vec();
    ordered.sort_by_key(|&i| {
        (
            records[i].name_is_hint,
            name_rank(records[i].source()),
            records[i].location.clone(),
            i,
        )
    });
    let first_with =
        |f: &dyn Fn(&Record) -> Option<String>| ordered.iter().find_map(|&i| f(&records[i]));
    let emails: BTreeSet<Email> = members
        .iter()
        .flat_map(|&i| records[i].emails.iter().cloned())
        .collect();
    let phones: BTreeSet<Phone> = members
        .iter()
        .flat_map(|&i| records[i].phones.iter().cloned())
        .collect();
    let linkedins: BTreeSet<&LinkedinUrl> = members
        .iter()
        .filter_map(|&i| records[i].linkedin.as_ref())
        .collect();
    let name = first_with(&|r| r.names.first().cloned())
        .or_else(|| emails.first().map(ToString::to_string))
        .or_else(|| phones.first().map(ToString::to_string))
        .or_else(|| linkedins.first().map(ToString::to_string))
        .unwrap_or_default();
    Person {
        id: PersonId(String::new()),
        name,
        linkedin: linkedins.first().map(|u| (*u).clone()),
        company: first_with(&|r| r.company.clone().filter(|c| !c.trim().is_empty())),
        position: first_with(&|r| r.position.clone().filter(|c| !c.trim().is_empty())),
        sources: members.iter().map(|&i| records[i].source()).collect(),
        categories: members
            .iter()
            .flat_map(|&i| records[i].categories.iter().cloned())
            .collect(),
        records: members
            .iter()
            .map(|&i| RecordRef::try_from(i).expect("fits u32"))
            .collect(),
        owner: members.iter().any(|&i| records[i].owner),
        emails,
        phones,
    }
}

/// Every identifier a person is known by, as `kind:value` keys, sorted.
fn identity_keys(records: &[Record], person: &Person) -> Vec<String> {
    let mut keys = BTreeSet::new();
    for url in person
        .records
        .iter()
        .filter_map(|&r| records[r as usize].linkedin.as_ref())
    {
        keys.insert(format!("linkedin:{url}"));
    }
    keys.extend(person.emails.iter().map(|e| format!("email:{e}")));
    keys.extend(person.phones.iter().map(|p| format!("phone:{p}")));
    for &r in &person.records {
        let rec = &records[r as usize];
        if !rec.name_is_hint {
            keys.extend(
                rec.names
                    .iter()
                    .map(|n| format!("name:{}", normalize_name(n))),
            );
        }
    }
    keys.into_iter().collect()
}

/// A person's id hashes their strongest, smallest identifier (not discovery
/// order), so the same inputs always give the same ids and adding a source
/// rarely changes one. Should two people share that key (a family landline
/// kept apart), the next keys break the tie.
fn assign_ids(records: &[Record], persons: &mut [(Person, usize)]) {
    let keyed: Vec<Vec<String>> = persons
        .iter()
        .map(|(p, _)| identity_keys(records, p))
        .collect();
    let mut taken = BTreeSet::new();
    let mut order: Vec<usize> = (0..persons.len()).collect();
    order.sort_by(|&a, &b| keyed[a].cmp(&keyed[b]).then(a.cmp(&b)));
    for i in order {
        let keys = &keyed[i];
        let mut basis = String::new();
        let mut id;
        let mut n = 0;
        loop {
            match keys.get(n) {
                Some(k) => {
                    basis.push_str(k);
                    basis.push('\n');
                }
                None => basis.push('#'),
            }
            id = format!("p{:012x}", fnv1a(basis.as_bytes()) >> 16);
            n += 1;
            if taken.insert(id.clone()) {
                break;
            }
        }
        persons[i].0.id = PersonId(id);
    }
}

/// FNV-1a, 64 bit: tiny, stable across versions and platforms.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Union-find over records, with per-cluster facts for the safety rules.
struct Clusters<'a> {
    parent: Vec<usize>,
    /// Per root: the LinkedIn profiles in the cluster.
    linkedin: Vec<BTreeSet<&'a LinkedinUrl>>,
    /// Per root: the normalized names in the cluster (hints excluded).
    names: Vec<BTreeSet<String>>,
    /// Per root: holds an email, phone or profile.
    strong: Vec<bool>,
    /// Per root: the source kinds of its records that hold an email, phone
    /// or profile. Two such records of one source that no identifier
    /// linked are two entries of one address book or network: two people.
    anchored_sources: Vec<BTreeSet<SourceKind>>,
    owner: Vec<bool>,
}

impl<'a> Clusters<'a> {
    fn new(records: &'a [Record]) -> Clusters<'a> {
        Clusters {
            parent: (0..records.len()).collect(),
            linkedin: records
                .iter()
                .map(|r| r.linkedin.iter().collect())
                .collect(),
            names: records
                .iter()
                .map(|r| {
                    if r.name_is_hint {
                        BTreeSet::new()
                    } else {
                        r.names
                            .iter()
                            .map(|n| normalize_name(n))
                            .filter(|n| !n.is_empty())
                            .collect()
                    }
                })
                .collect(),
            strong: records.iter().map(has_strong_id).collect(),
            anchored_sources: records
                .iter()
                .map(|r| {
                    if has_strong_id(r) {
                        BTreeSet::from([r.source()])
                    } else {
                        BTreeSet::new()
                    }
                })
                .collect(),
            owner: records.iter().map(|r| r.owner).collect(),
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// The root of `i` without path compression, for use in filters.
    fn find_const(&self, mut i: usize) -> usize {
        while self.parent[i] != i {
            i = self.parent[i];
        }
        i
    }

    fn anchored(&self, root: usize) -> bool {
        self.strong[root]
    }

    /// Whether two clusters may be one person. `names_agree` skips the name
    /// check (the link itself is a name or a profile).
    fn joinable(&self, a: usize, b: usize, names_agree: bool) -> bool {
        let (la, lb) = (&self.linkedin[a], &self.linkedin[b]);
        if !la.is_empty() && !lb.is_empty() && la != lb {
            return false;
        }
        // The owner is never merged with somebody else through a shared
        // identifier unless the names agree.
        if self.owner[a] != self.owner[b] && !names_compatible(&self.names[a], &self.names[b]) {
            return false;
        }
        names_agree || names_compatible(&self.names[a], &self.names[b])
    }

    fn all_joinable(&mut self, roots: &[usize]) -> bool {
        let mut profiles: BTreeSet<&LinkedinUrl> = BTreeSet::new();
        for &r in roots {
            profiles.extend(self.linkedin[r].iter().copied());
        }
        let mut sources: BTreeSet<SourceKind> = BTreeSet::new();
        for &r in roots {
            for &s in &self.anchored_sources[r] {
                if !sources.insert(s) {
                    return false;
                }
            }
        }
        profiles.len() <= 1 && roots.iter().all(|&r| self.owner[r] == self.owner[roots[0]])
    }

    /// Joins the clusters of `a` and `b` when allowed; true if they were
    /// separate and are now one.
    fn union(&mut self, a: usize, b: usize, names_agree: bool) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb || !self.joinable(ra, rb, names_agree) {
            return false;
        }
        let (keep, gone) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[gone] = keep;
        let linkedin = std::mem::take(&mut self.linkedin[gone]);
        self.linkedin[keep].extend(linkedin);
        let names = std::mem::take(&mut self.names[gone]);
        self.names[keep].extend(names);
        self.strong[keep] |= self.strong[gone];
        let sources = std::mem::take(&mut self.anchored_sources[gone]);
        self.anchored_sources[keep].extend(sources);
        self.owner[keep] |= self.owner[gone];
        true
    }
}

fn has_strong_id(r: &Record) -> bool {
    r.linkedin.is_some() || !r.emails.is_empty() || !r.phones.is_empty()
}

/// Whether two sets of normalized names can belong to one person: either
/// side has none, or some pair has compatible given and family names.
fn names_compatible(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    if a.is_empty() || b.is_empty() {
        return true;
    }
    a.iter().any(|x| b.iter().any(|y| names::compatible(x, y)))
}

#[cfg(test)]
mod tests;
