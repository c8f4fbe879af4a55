//! Identity resolution: link records into people and find the owner.
//!
//! Records are linked by what they share, strongest first
//! (docs/identity.md has the rules as "why ...?" answers):
//!
//! 0. the user's decisions (`[identity] same` / `different` in the config),
//!    which win over every rule below;
//! 1. the owner's records are one person;
//! 2. the same LinkedIn profile, email or phone — unless the names plainly
//!    differ (a family landline, a shared inbox) or the profiles conflict;
//!    a record without a name on a shared identifier goes to the one person
//!    its call log `contact_name` names, or to nobody;
//! 3. names: the same words after folding case, accents, order, titles,
//!    credentials and emoji; then variants (a middle name in one source
//!    only, an initial, a nickname); then a one-letter typo, only with
//!    corroboration (the same company, a conversation of just the two, a
//!    call log `contact_name`). A name links only when exactly one person
//!    fits at its strongest level, and both sides fit only each other;
//!    otherwise it is ambiguous and links nobody.
//!
//! Every link keeps its reason ([`Link`]). The owner is the person holding any
//! record a source marked as the owner's.

mod names;
mod nicknames;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;

use crate::model::{
    Email, Event, EventKind, LinkedinUrl, Phone, Record, RecordRef, Region, SourceKind,
};

pub use names::{normalize_name, parse_name, ParsedName, Variant};
pub use nicknames::pairs as nickname_pairs;

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

/// What backs up a link between two names one letter apart.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Corroboration {
    /// Both records name this company (folded).
    Company(String),
    /// A conversation whose only participants besides the owner are the two.
    Conversation,
    /// A call log or calendar names the one with the other's name.
    ContactName(String),
}

/// Why two records were linked.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    Linkedin(LinkedinUrl),
    Email(Email),
    Phone(Phone),
    /// The same normalized full name, which fits exactly one person.
    Name(String),
    /// Two forms of one name (family name first, a middle name in one only,
    /// an initial, a nickname), which fit only each other.
    NameVariant {
        a: String,
        b: String,
        variant: Variant,
    },
    /// Names one letter apart, with something else that says they are one.
    Typo {
        a: String,
        b: String,
        corroboration: Corroboration,
    },
    /// A number or address shared by several people; the record's
    /// `contact_name` hint names this one.
    SharedIdentifier {
        identifier: String,
        hint: String,
    },
    /// Both records are the account owner's.
    Owner,
    /// The config says so: `[identity] same = [[a, b]]`.
    Decision {
        a: String,
        b: String,
    },
}

impl Reason {
    /// One line for `people` and `explain`.
    pub fn describe(&self) -> String {
        match self {
            Reason::Linkedin(u) => format!("same LinkedIn profile {u}"),
            Reason::Email(e) => format!("same email {e}"),
            Reason::Phone(p) => format!("same phone {p}"),
            Reason::Name(n) => format!("same name \"{n}\", which fits one person only"),
            Reason::NameVariant { a, b, variant } => {
                format!(
                    "name \"{a}\" = \"{b}\" ({}), which fits one person only",
                    variant.as_str()
                )
            }
            Reason::Typo {
                a,
                b,
                corroboration,
            } => {
                let why = match corroboration {
                    Corroboration::Company(c) => format!("same company \"{c}\""),
                    Corroboration::Conversation => "a conversation of just the two".to_owned(),
                    Corroboration::ContactName(n) => format!("a contact name \"{n}\""),
                };
                format!("name \"{a}\" ~ \"{b}\" (one-letter typo), backed by {why}")
            }
            Reason::SharedIdentifier { identifier, hint } => {
                format!("{identifier} is shared by several people; its contact name \"{hint}\" picks this one")
            }
            Reason::Owner => "both are the account owner".to_owned(),
            Reason::Decision { a, b } => format!("config: same = [\"{a}\", \"{b}\"]"),
        }
    }

    /// A short rule name for CSV and JSON: `linkedin`, `email`, `phone`,
    /// `name`, `order`, `middle`, `initial`, `nickname`, `typo`,
    /// `contact-name`, `owner`, `config`.
    pub fn rule(&self) -> &'static str {
        match self {
            Reason::Linkedin(_) => "linkedin",
            Reason::Email(_) => "email",
            Reason::Phone(_) => "phone",
            Reason::Name(_) => "name",
            Reason::NameVariant { variant, .. } => match variant {
                Variant::Order => "order",
                Variant::Middle => "middle",
                Variant::Initial => "initial",
                Variant::Nickname => "nickname",
                Variant::Exact => "name",
                Variant::Typo => "typo",
            },
            Reason::Typo { .. } => "typo",
            Reason::SharedIdentifier { .. } => "contact-name",
            Reason::Owner => "owner",
            Reason::Decision { .. } => "config",
        }
    }
}

/// A link between two records, with its reason.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    pub a: RecordRef,
    pub b: RecordRef,
    pub reason: Reason,
}

/// A name (or a shared phone or email) that fits several people; records
/// with only that name were linked to none of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ambiguity {
    pub name: String,
    /// The people the name fits.
    pub candidates: Vec<usize>,
    /// The people holding the records that were left unlinked.
    pub unlinked: Vec<usize>,
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
    /// Sides of `[identity]` decisions that name no record (a typo in the
    /// config, or an export not given); a `same` pair with such a side
    /// does nothing.
    pub unmatched_decisions: Vec<String>,
}

impl Resolution {
    /// The owner's index, when some source said who the owner is.
    pub fn owner(&self) -> Option<usize> {
        self.persons.iter().position(|p| p.owner)
    }
}

/// What resolution may use besides the records.
#[derive(Clone, Debug, Default)]
pub struct ResolveOptions<'a> {
    /// The events, for corroboration (a conversation of just the two).
    pub events: &'a [Event],
    /// `[identity] same`: each side a name, email, phone or profile URL.
    pub same: Vec<[String; 2]>,
    /// `[identity] different`.
    pub different: Vec<[String; 2]>,
    /// For phone numbers in `same` and `different`.
    pub region: Region,
}

/// Links `records` into people with no events and no user decisions.
pub fn resolve(records: &[Record]) -> Resolution {
    resolve_with(records, &ResolveOptions::default())
}

/// What one side of a `same` / `different` pair names.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Side {
    Email(Email),
    Phone(Phone),
    Linkedin(LinkedinUrl),
    Name(String),
}

impl Side {
    fn parse(raw: &str, region: Region) -> Option<Side> {
        if let Some(u) = LinkedinUrl::parse(raw) {
            return Some(Side::Linkedin(u));
        }
        if let Some(e) = raw.contains('@').then(|| Email::parse(raw)).flatten() {
            return Some(Side::Email(e));
        }
        let digits = raw.chars().filter(char::is_ascii_digit).count();
        if digits >= 5 && !raw.chars().any(char::is_alphabetic) {
            return Phone::parse(raw, region).map(Side::Phone);
        }
        let key = normalize_name(raw);
        (!key.is_empty()).then_some(Side::Name(key))
    }

    fn matches(&self, r: &Record) -> bool {
        match self {
            Side::Email(e) => r.emails.contains(e),
            Side::Phone(p) => r.phones.contains(p),
            Side::Linkedin(u) => r.linkedin.as_ref() == Some(u),
            Side::Name(k) => !r.name_is_hint && r.names.iter().any(|n| normalize_name(n) == *k),
        }
    }
}

/// The records one side of a decision names.
fn side_records(records: &[Record], raw: &str, region: Region) -> Vec<usize> {
    let Some(side) = Side::parse(raw, region) else {
        return Vec::new();
    };
    (0..records.len())
        .filter(|&i| side.matches(&records[i]))
        .collect()
}

/// Links `records` into people.
pub fn resolve_with(records: &[Record], opts: &ResolveOptions<'_>) -> Resolution {
    // Parsing names is a tenth of the work and independent per record.
    let parsed: Vec<Vec<ParsedName>> = records
        .par_iter()
        .map(|r| {
            r.names
                .iter()
                .map(|n| parse_name(n))
                .filter(|p| !p.words.is_empty())
                .collect()
        })
        .collect();
    // What the name rounds compare (each related pair of names, who took
    // part in each conversation) depends on the records alone: found on
    // one core while the other sets up the clusters and links identifiers.
    let ((related, conversations), identified) = rayon::join(
        || {
            (
                Related::new(records, &parsed),
                Conversations::new(opts.events),
            )
        },
        || link_identifiers(records, &parsed, opts),
    );
    let Identified {
        mut uf,
        mut links,
        mut ambiguous,
        unmatched,
    } = identified;

    // 3. Names.
    link_names(
        records,
        &parsed,
        &related,
        &conversations,
        &mut uf,
        &mut links,
        &mut ambiguous,
    );

    let mut resolution = finish(records, &parsed, &mut uf, links, &ambiguous);
    resolution.unmatched_decisions = unmatched.into_iter().collect();
    resolution
}

/// What linking by the user's decisions, the owner and strong identifiers
/// leaves for the name phase.
struct Identified<'a> {
    uf: Clusters<'a>,
    links: Vec<Link>,
    ambiguous: Vec<(String, Vec<usize>, Vec<usize>)>,
    /// Decisions that name no record.
    unmatched: BTreeSet<String>,
}

/// Steps 0 to 2 of [`resolve_with`]: the user's decisions, the owner, and
/// strong identifiers.
fn link_identifiers<'a>(
    records: &'a [Record],
    parsed: &'a [Vec<ParsedName>],
    opts: &ResolveOptions<'_>,
) -> Identified<'a> {
    let mut uf = Clusters::new(records, parsed);
    let mut links = Vec::new();
    let mut ambiguous: Vec<(String, Vec<usize>, Vec<usize>)> = Vec::new();

    // 0. The user's decisions: `different` tags first, so that no rule
    //    (not even `same`) joins what the user kept apart.
    let mut unmatched: BTreeSet<String> = BTreeSet::new();
    let mut sides = |raw: &str| {
        let found = side_records(records, raw, opts.region);
        if found.is_empty() {
            unmatched.insert(raw.to_owned());
        }
        found
    };
    for (n, [a, b]) in opts.different.iter().enumerate() {
        for i in sides(a) {
            uf.tag(i, (n, false));
        }
        for i in sides(b) {
            uf.tag(i, (n, true));
        }
    }
    for [a, b] in &opts.same {
        let (left, right) = (sides(a), sides(b));
        if left.is_empty() || right.is_empty() {
            continue;
        }
        let all: Vec<usize> = left.into_iter().chain(right).collect();
        for &other in all.iter().skip(1) {
            if uf.union(all[0], other, Mode::Force) {
                links.push(link(
                    all[0],
                    other,
                    Reason::Decision {
                        a: a.clone(),
                        b: b.clone(),
                    },
                ));
            }
        }
    }

    // 1. The owner's records are one person, whatever they say.
    let owners: Vec<usize> = (0..records.len()).filter(|&i| records[i].owner).collect();
    for pair in owners.windows(2) {
        if uf.union(pair[0], pair[1], Mode::Force) {
            links.push(link(pair[0], pair[1], Reason::Owner));
        }
    }

    // 2. Strong identifiers, strongest first.
    // (identifier, record) rows sorted: a run is one identifier's holders,
    // in record order.
    let mut by_linkedin: Vec<(&LinkedinUrl, usize)> = Vec::new();
    let mut by_email: Vec<(&Email, usize)> = Vec::new();
    let mut by_phone: Vec<(&Phone, usize)> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        by_linkedin.extend(r.linkedin.iter().map(|u| (u, i)));
        by_email.extend(r.emails.iter().map(|e| (e, i)));
        by_phone.extend(r.phones.iter().map(|p| (p, i)));
    }
    by_linkedin.par_sort_unstable();
    by_email.par_sort_unstable();
    by_phone.par_sort_unstable();
    fn holders<T>(run: &[(T, usize)]) -> Vec<usize> {
        run.iter().map(|&(_, i)| i).collect()
    }
    for run in by_linkedin.chunk_by(|a, b| a.0 == b.0) {
        let (url, first) = run[0];
        for &(_, other) in &run[1..] {
            // A LinkedIn profile is one person: names cannot veto it.
            if uf.union(first, other, Mode::Profile) {
                links.push(link(first, other, Reason::Linkedin(url.clone())));
            }
        }
    }
    for run in by_email.chunk_by(|a, b| a.0 == b.0) {
        let email = run[0].0;
        link_shared(
            &mut uf,
            &holders(run),
            &|| Reason::Email(email.clone()),
            email.as_str(),
            &mut links,
            &mut ambiguous,
        );
    }
    for run in by_phone.chunk_by(|a, b| a.0 == b.0) {
        let phone = run[0].0;
        link_shared(
            &mut uf,
            &holders(run),
            &|| Reason::Phone(phone.clone()),
            phone.as_str(),
            &mut links,
            &mut ambiguous,
        );
    }

    Identified {
        uf,
        links,
        ambiguous,
        unmatched,
    }
}

/// Links the holders of one email or phone. Named holders join the first
/// group whose names fit; when the identifier ends up with two or more
/// groups (a family landline), a holder without a name joins the one group
/// its `contact_name` hint names, else none.
fn link_shared(
    uf: &mut Clusters<'_>,
    holders: &[usize],
    reason: &dyn Fn() -> Reason,
    identifier: &str,
    links: &mut Vec<Link>,
    ambiguous: &mut Vec<(String, Vec<usize>, Vec<usize>)>,
) {
    let mut groups: Vec<usize> = Vec::new();
    let mut nameless: Vec<usize> = Vec::new();
    for &h in holders {
        let root = uf.find(h);
        if uf.names[root].is_empty() {
            nameless.push(h);
            continue;
        }
        let mut placed = false;
        for &g in &groups {
            if uf.find(g) == root {
                placed = true;
                break;
            }
            if uf.union(g, h, Mode::Strong) {
                links.push(link(g, h, reason()));
                placed = true;
                break;
            }
        }
        if !placed {
            groups.push(h);
        }
    }
    let mut roots: Vec<usize> = groups.iter().map(|&g| uf.find(g)).collect();
    roots.sort_unstable();
    roots.dedup();
    if roots.len() <= 1 {
        // One person (or nobody named): everyone joins.
        let first = groups
            .first()
            .copied()
            .or_else(|| nameless.first().copied());
        if let Some(first) = first {
            for &h in &nameless {
                if uf.union(first, h, Mode::Strong) {
                    links.push(link(first, h, reason()));
                }
            }
        }
        return;
    }
    // Several people share it: a nameless holder needs its hint.
    let mut unlinked = Vec::new();
    for &h in &nameless {
        let hr = uf.find(h);
        let fits: Vec<usize> = roots
            .iter()
            .copied()
            .filter(|&g| {
                uf.hints[hr].iter().any(|hint| {
                    uf.names[g].iter().any(|n| {
                        hint.is_full() && names::relate(hint, n).is_some_and(|v| v.tier() < 2)
                    })
                })
            })
            .collect();
        match fits.as_slice() {
            [g] => {
                let hint = uf.hints[hr].first().map(|h| h.key()).unwrap_or_default();
                if uf.union(*g, h, Mode::Strong) {
                    links.push(link(
                        *g,
                        h,
                        Reason::SharedIdentifier {
                            identifier: identifier.to_owned(),
                            hint,
                        },
                    ));
                }
            }
            _ => unlinked.push(h),
        }
    }
    ambiguous.push((identifier.to_owned(), roots, unlinked));
}

/// The name phase (rule 3), in rounds: a round links what fits at each
/// node's strongest level; the next round sees the merged people (so a
/// `Tom` on Facebook meets the `Thomas` that LinkedIn and the address book
/// became together). Stops when a round links nothing.
fn link_names(
    records: &[Record],
    parsed: &[Vec<ParsedName>],
    related: &Related<'_>,
    conversations: &Conversations,
    uf: &mut Clusters<'_>,
    links: &mut Vec<Link>,
    ambiguous: &mut Vec<(String, Vec<usize>, Vec<usize>)>,
) {
    merge_same_name_only(records, parsed, uf, links);
    let mut last = Vec::new();
    for _ in 0..16 {
        last.clear();
        if !name_round(records, related, conversations, uf, links, &mut last) {
            break;
        }
    }
    ambiguous.extend(last);
}

/// Records with nothing but one and the same name (a Facebook friend and
/// the same name in each Messenger thread) are one person of their own
/// first, unless two of them come from one file (two friends called Sam
/// Lee). Besides being right, this keeps each later round small: the
/// owner's name in a thousand threads is one node, not a thousand.
fn merge_same_name_only(
    records: &[Record],
    parsed: &[Vec<ParsedName>],
    uf: &mut Clusters<'_>,
    links: &mut Vec<Link>,
) {
    // (words, record, order) rows, sorted by words then record: a run of
    // equal words is one name's holders, in record order.
    let mut rows: Vec<(&[String], usize, bool)> = Vec::new();
    for (i, names) in parsed.iter().enumerate() {
        let r = &records[i];
        if r.name_is_hint || r.owner || has_strong_id(r) {
            continue;
        }
        let mut full = names.iter().filter(|n| n.is_full());
        let Some(first) = full.next() else { continue };
        if full.all(|n| n.words == first.words) {
            rows.push((&first.words, i, first.reordered));
        }
    }
    rows.sort_unstable();
    for run in rows.chunk_by(|a, b| a.0 == b.0) {
        if run.len() < 2 {
            continue;
        }
        let mut files: BTreeSet<u32> = BTreeSet::new();
        let distinct = run.iter().all(|&(_, h, _)| {
            let root = uf.find(h);
            uf.tags[root].is_empty() && uf.files[root].iter().all(|&f| files.insert(f))
        });
        if !distinct {
            continue;
        }
        let key = run[0].0.join(" ");
        let (_, first, first_order) = run[0];
        for &(_, h, order) in &run[1..] {
            if uf.union(first, h, Mode::Name) {
                let reason = if order == first_order {
                    Reason::Name(key.clone())
                } else {
                    Reason::NameVariant {
                        a: key.clone(),
                        b: key.clone(),
                        variant: Variant::Order,
                    }
                };
                links.push(link(first, h, reason));
            }
        }
    }
}

/// The full names of the name phase, numbered, and which of them may be
/// one person's (found once: names do not change between rounds).
struct Related<'p> {
    /// The distinct full names of the records (hints excluded), sorted.
    names: Vec<&'p ParsedName>,
    /// Per record, its full names' numbers in its own order: the record's
    /// run is `record_names[record_starts[i]..record_starts[i + 1]]`.
    record_starts: Vec<usize>,
    record_names: Vec<u32>,
    /// Per name, the names it relates to (itself first among them) with
    /// how, and the strength as seen from it: the name's run is
    /// `related[related_starts[a]..related_starts[a + 1]]`.
    related_starts: Vec<usize>,
    related: Vec<(u32, Variant, (u8, u8))>,
}

impl<'p> Related<'p> {
    fn new(records: &[Record], parsed: &'p [Vec<ParsedName>]) -> Related<'p> {
        let full = |i: usize| {
            let hint = records[i].name_is_hint;
            parsed[i].iter().filter(move |n| !hint && n.is_full())
        };
        // Numbered by sorting (hash, name, place) rows: a run of one name
        // is one number. Hashes first, so names are compared only when
        // their hashes are equal.
        let mut rows: Vec<(u64, &ParsedName, usize)> = (0..records.len())
            .into_par_iter()
            .flat_map_iter(full)
            .map(|n| (name_hash(n), n, 0))
            .collect();
        for (place, row) in rows.iter_mut().enumerate() {
            row.2 = place;
        }
        rows.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
        let mut names: Vec<&ParsedName> = Vec::new();
        let mut record_names = vec![0u32; rows.len()];
        for run in rows.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
            let number = u32::try_from(names.len()).expect("fewer names than u32");
            names.push(run[0].1);
            for &(_, _, place) in run {
                record_names[place] = number;
            }
        }
        drop(rows);
        let mut record_starts = Vec::with_capacity(records.len() + 1);
        record_starts.push(0);
        for i in 0..records.len() {
            record_starts.push(record_starts[i] + full(i).count());
        }
        let pairs = block_pairs(&names);
        let count = u32::try_from(names.len()).expect("fewer names than u32");
        // Each name with itself, and each related pair from both sides.
        let mut related: Vec<(u32, u32, Variant, (u8, u8))> = pairs
            .par_iter()
            .flat_map_iter(|&(a, b)| {
                let (na, nb) = (names[a as usize], names[b as usize]);
                names::relate(na, nb).into_iter().flat_map(move |v| {
                    [
                        (a, b, v, names::strength(na, nb, v)),
                        (b, a, v, names::strength(nb, na, v)),
                    ]
                })
            })
            .chain((0..count).into_par_iter().map(|a| {
                let n = names[a as usize];
                (a, a, Variant::Exact, names::strength(n, n, Variant::Exact))
            }))
            .collect();
        drop(pairs);
        related.par_sort_unstable();
        let related_starts = run_starts(&related, names.len(), |r| r.0);
        Related {
            names,
            record_starts,
            record_names,
            related_starts,
            related: related
                .into_iter()
                .map(|(_, b, v, st)| (b, v, st))
                .collect(),
        }
    }

    fn of_record(&self, i: usize) -> &[u32] {
        &self.record_names[self.record_starts[i]..self.record_starts[i + 1]]
    }

    fn of_name(&self, a: u32) -> &[(u32, Variant, (u8, u8))] {
        &self.related[self.related_starts[a as usize]..self.related_starts[a as usize + 1]]
    }
}

/// Where each key's run starts in `rows`, sorted by a key below `keys`:
/// key `k`'s rows are `rows[starts[k]..starts[k + 1]]` (empty when none).
fn run_starts<T>(rows: &[T], keys: usize, key: impl Fn(&T) -> u32) -> Vec<usize> {
    let mut starts = Vec::with_capacity(keys + 1);
    starts.push(0);
    let mut at = 0;
    for k in 0..keys {
        at += rows[at..]
            .iter()
            .take_while(|r| key(r) as usize == k)
            .count();
        starts.push(at);
    }
    starts
}

/// One round of the name phase; true when it linked anything.
/// Who took part in each conversation: the records of every online
/// event's participants and sender, each distinct set once. A round maps
/// them to its clusters; the events themselves (a heavy archive's million)
/// are read once, not once a round.
struct Conversations(Vec<Box<[RecordRef]>>);

impl Conversations {
    fn new(events: &[Event]) -> Conversations {
        let mut sets: Vec<Box<[RecordRef]>> = Vec::new();
        let mut set: Vec<RecordRef> = Vec::new();
        for e in events.iter().filter(|e| e.kind == EventKind::Online) {
            set.clear();
            set.extend(e.participants().iter().chain(e.sender().iter()));
            set.sort_unstable();
            set.dedup();
            // A thread's events are consecutive: most sets repeat the last.
            if sets.last().map(AsRef::as_ref) != Some(set.as_slice()) {
                sets.push(set.as_slice().into());
            }
        }
        sets.sort_unstable();
        sets.dedup();
        Conversations(sets)
    }

    fn iter(&self) -> impl Iterator<Item = &[RecordRef]> {
        self.0.iter().map(AsRef::as_ref)
    }
}

fn name_round(
    records: &[Record],
    related: &Related<'_>,
    conversations: &Conversations,
    uf: &mut Clusters<'_>,
    links: &mut Vec<Link>,
    ambiguous: &mut Vec<(String, Vec<usize>, Vec<usize>)>,
) -> bool {
    let mut changed = false;
    let roots: Vec<usize> = (0..records.len()).map(|i| uf.find(i)).collect();
    // Nodes: today's clusters, numbered in the order of their roots, with
    // their distinct full names and the first record holding each.
    let mut rows: Vec<(usize, usize, u32)> = Vec::new();
    for (i, &root) in roots.iter().enumerate() {
        rows.extend(related.of_record(i).iter().map(|&a| (root, i, a)));
    }
    // Stable: one record's names keep their order.
    rows.sort_by_key(|&(root, i, _)| (root, i));
    let mut node_root: Vec<usize> = Vec::new();
    let mut starts: Vec<usize> = Vec::new();
    let mut held: Vec<(u32, usize)> = Vec::with_capacity(rows.len());
    for run in rows.chunk_by(|a, b| a.0 == b.0) {
        node_root.push(run[0].0);
        starts.push(held.len());
        let from = held.len();
        for &(_, i, a) in run {
            if !held[from..].iter().any(|&(m, _)| m == a) {
                held.push((a, i));
            }
        }
    }
    starts.push(held.len());
    drop(rows);
    let names_of = |x: u32| &held[starts[x as usize]..starts[x as usize + 1]];
    let nodes = u32::try_from(node_root.len()).expect("fewer clusters than u32");
    // Per name, the nodes holding it, with its place in each node's list.
    let mut holders: Vec<(u32, u32, u32)> = (0..nodes)
        .flat_map(|x| {
            names_of(x)
                .iter()
                .enumerate()
                .map(move |(i, &(a, _))| (a, x, u32::try_from(i).expect("few names")))
        })
        .collect();
    holders.par_sort_unstable();
    let holder_starts = run_starts(&holders, related.names.len(), |h| h.0);
    let holders_of = |a: u32| &holders[holder_starts[a as usize]..holder_starts[a as usize + 1]];
    // Conversations of exactly two people besides the owner, as roots.
    let mut talked: Vec<(usize, usize)> = Vec::new();
    let mut who: Vec<usize> = Vec::new();
    for set in conversations.iter() {
        who.clear();
        who.extend(set.iter().map(|&r| roots[r as usize]));
        who.retain(|&r| !uf.owner[r]);
        who.sort_unstable();
        who.dedup();
        if let [a, b] = who.as_slice() {
            talked.push((*a, *b));
        }
    }
    talked.sort_unstable();
    talked.dedup();

    // Candidates: for each pair of nodes holding related names, the best
    // relation (the first of the strongest, in the order of each node's
    // names), when the two may be one person. Independent per node: on all
    // cores, in node order.
    let uf_now: &Clusters<'_> = uf;
    let found: Vec<Found> = (0..nodes)
        .into_par_iter()
        .flat_map_iter(|x| {
            let mut best: Vec<Seen> = Vec::new();
            for (i, &(a, _)) in names_of(x).iter().enumerate() {
                let i = u32::try_from(i).expect("few names");
                for &(b, v, st) in related.of_name(a) {
                    let hs = holders_of(b);
                    for &(_, y, j) in &hs[hs.partition_point(|h| h.1 <= x)..] {
                        best.push((y, st, v, i, j));
                    }
                }
            }
            best.sort_unstable();
            best.dedup_by_key(|b| b.0);
            let found: Vec<Found> = best
                .into_iter()
                .filter_map(|(y, strength, variant, i, j)| {
                    let (rx, ry) = (node_root[x as usize], node_root[y as usize]);
                    if !uf_now.joinable(rx, ry, Mode::Name) {
                        return None;
                    }
                    // A typo without corroboration cannot link, and so
                    // does not count as fitting either.
                    let corroboration = if variant == Variant::Typo {
                        Some(corroborate(uf_now, rx, ry, &talked)?)
                    } else {
                        None
                    };
                    let (a, ra) = names_of(x)[i as usize];
                    let (b, rb) = names_of(y)[j as usize];
                    Some(Found {
                        x,
                        y,
                        strength,
                        variant,
                        names: (
                            (related.names[a as usize], ra),
                            (related.names[b as usize], rb),
                        ),
                        corroboration,
                    })
                })
                .collect();
            found
        })
        .collect();
    // Each pair as seen from both sides, sorted by (node, other node): a
    // node's run is its candidates. Names by reference: a large address
    // book has millions of candidates.
    let mut cands: Vec<Cand> = Vec::with_capacity(found.len() * 2);
    for (ix, f) in found.iter().enumerate() {
        cands.push(Cand {
            me: f.x,
            other: f.y,
            found: ix,
            fits: false,
        });
        cands.push(Cand {
            me: f.y,
            other: f.x,
            found: ix,
            fits: false,
        });
    }
    cands.par_sort_unstable_by_key(|c| (c.me, c.other));
    // Each node fits the candidates at its best tier.
    let mut run_of: Vec<(usize, usize)> = vec![(0, 0); node_root.len()];
    let mut at = 0;
    for run in cands.chunk_by_mut(|a, b| a.me == b.me) {
        let best = run
            .iter()
            .map(|c| found[c.found].strength)
            .min()
            .unwrap_or((u8::MAX, 0));
        for c in run.iter_mut() {
            c.fits = found[c.found].strength == best;
        }
        run_of[run[0].me as usize] = (at, at + run.len());
        at += run.len();
    }
    let fits_of = |x: u32| {
        let (from, to) = run_of[x as usize];
        cands[from..to].iter().filter(|c| c.fits)
    };
    // A node is ambiguous when two people it fits cannot be one.
    let amb: Vec<bool> = (0..nodes)
        .into_par_iter()
        .map(|x| {
            let v: Vec<u32> = fits_of(x).map(|c| c.other).collect();
            v.iter().enumerate().any(|(i, &y)| {
                v[i + 1..].iter().any(|&z| {
                    !uf_now.joinable(node_root[y as usize], node_root[z as usize], Mode::Name)
                })
            })
        })
        .collect();
    // A node links to the people it fits, when neither side is ambiguous
    // and it does not conflict with what the other side fits best (a
    // `Robert Smith` card does not take the `Bob Smith` whom a `Bob Smith`
    // card fits exactly).
    let mut edges: Vec<(u8, u32, u32, usize)> = (0..nodes)
        .into_par_iter()
        .filter(|&x| !amb[x as usize])
        .flat_map_iter(|x| {
            let rx = node_root[x as usize];
            let mut out = Vec::new();
            for c in fits_of(x).filter(|c| !amb[c.other as usize]) {
                let agrees = fits_of(c.other).all(|z| {
                    z.other == x || uf_now.joinable(rx, node_root[z.other as usize], Mode::Name)
                });
                let f = &found[c.found];
                if agrees && (f.variant != Variant::Typo || f.corroboration.is_some()) {
                    out.push((f.variant.tier(), f.x, f.y, c.found));
                }
            }
            out
        })
        .collect();
    edges.sort_unstable();
    edges.dedup();
    for (_, _, _, ix) in edges {
        let f = &found[ix];
        let ((na, a), (nb, b)) = f.names;
        if uf.union(a, b, Mode::Name) {
            changed = true;
            let (ka, kb) = (na.key(), nb.key());
            let reason = match (f.variant, &f.corroboration) {
                (Variant::Exact, _) => Reason::Name(ka),
                (Variant::Typo, Some(corr)) => Reason::Typo {
                    a: ka,
                    b: kb,
                    corroboration: corr.clone(),
                },
                (variant, _) => Reason::NameVariant {
                    a: ka,
                    b: kb,
                    variant,
                },
            };
            links.push(link(a, b, reason));
        }
    }
    // Ambiguous nodes: listed with the people they fit; those without a
    // strong identifier still join the others of exactly their name.
    let mut floating_by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for x in (0..nodes).filter(|&x| amb[x as usize]) {
        let (first, holder) = names_of(x)[0];
        let key = related.names[first as usize].key();
        let candidates: Vec<usize> = fits_of(x)
            .filter(|c| !amb[c.other as usize])
            .map(|c| node_root[c.other as usize])
            .collect();
        ambiguous.push((key.clone(), candidates, vec![node_root[x as usize]]));
        let root = uf.find(node_root[x as usize]);
        if !uf.strong[root] {
            floating_by_key.entry(key).or_default().push(holder);
        }
    }
    for (key, holders) in floating_by_key {
        for &h in &holders[1..] {
            if uf.union(holders[0], h, Mode::Name) {
                changed = true;
                links.push(link(holders[0], h, Reason::Name(key.clone())));
            }
        }
    }
    changed
}

/// The pairs of names (by their place in `names`, smaller first, sorted)
/// that share a block and so may relate; never all pairs of a given name,
/// so the phase stays near-linear however many people there are. Every
/// pair that [`names::relate`] relates is among them.
fn block_pairs(names: &[&ParsedName]) -> Vec<(u32, u32)> {
    let count = u32::try_from(names.len()).expect("fewer names than u32");
    let Blocks {
        mut keyed,
        mut by_initial,
        initials,
    } = (0..count)
        .into_par_iter()
        .fold(Blocks::default, |mut blocks, a| {
            blocks.add(a, names[a as usize]);
            blocks
        })
        .reduce(Blocks::default, Blocks::merge);
    keyed.par_sort_unstable();
    keyed.dedup();
    by_initial.par_sort_unstable();
    by_initial.dedup();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for block in keyed.chunk_by(|a, b| a.0 == b.0) {
        for (ix, &(_, x)) in block.iter().enumerate() {
            pairs.extend(block[ix + 1..].iter().map(|&(_, y)| (x.min(y), x.max(y))));
        }
    }
    drop(keyed);
    for &(k, x) in &initials {
        let from = by_initial.partition_point(|&(bk, _)| bk < k);
        for &(_, y) in by_initial[from..].iter().take_while(|&&(bk, _)| bk == k) {
            if y != x {
                pairs.push((x.min(y), x.max(y)));
            }
        }
    }
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
}

/// The blocks of the name phase, as (hashed key, node) rows:
/// - `keyed`: the same family name (case, accents, order, middle names,
///   and the given name's initial, nickname or typo); the same given name
///   and a family name one edit apart (a letter added or dropped: one
///   name is a deletion of the other; replaced or two neighbours swapped:
///   the two share a deletion);
/// - `initials` meet `by_initial`: the same given name and a family name
///   that is an initial (`Ann S.`) with every family name starting with it.
///
/// Keys are hashed, never built as strings: a collision only costs a
/// comparison that `relate` then turns down. A run of one key is a block:
/// no map of blocks, so no allocation per key (most keys hold one node).
#[derive(Default)]
struct Blocks {
    keyed: Vec<(u64, u32)>,
    by_initial: Vec<(u64, u32)>,
    initials: Vec<(u64, u32)>,
}

impl Blocks {
    fn add(&mut self, x: u32, n: &ParsedName) {
        let (given, family) = (n.given(), n.family());
        let chars: Vec<char> = family.chars().collect();
        self.keyed.push((block_key(b'f', "", &chars), x));
        if chars.len() >= 4 {
            // The name itself meets the other's deletions (a letter added
            // or dropped); two deletions meet for a letter replaced or two
            // neighbours swapped.
            self.keyed.push((block_key(b't', given, &chars), x));
            let mut deleted = Vec::with_capacity(chars.len());
            for i in 0..chars.len() {
                deleted.clear();
                deleted.extend_from_slice(&chars[..i]);
                deleted.extend_from_slice(&chars[i + 1..]);
                self.keyed.push((block_key(b't', given, &deleted), x));
            }
        }
        if names::is_initial(family) {
            self.initials.push((block_key(b'i', given, &chars), x));
        } else {
            for len in 1..=2.min(chars.len().saturating_sub(1)) {
                let prefix: String = chars[..len].iter().collect();
                if names::is_initial(&prefix) {
                    self.by_initial
                        .push((block_key(b'i', given, &chars[..len]), x));
                }
            }
        }
    }

    fn merge(mut self, other: Blocks) -> Blocks {
        self.keyed.extend(other.keyed);
        self.by_initial.extend(other.by_initial);
        self.initials.extend(other.initials);
        self
    }
}

/// A hash of a parsed name, for numbering names (FxHash's mixing).
fn name_hash(n: &ParsedName) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = u64::from(n.reordered).wrapping_mul(K);
    let mut mix = |v: u64| h = (h.rotate_left(5) ^ v).wrapping_mul(K);
    for w in &n.words {
        for b in w.bytes() {
            mix(u64::from(b));
        }
        mix(0xff);
    }
    h
}

/// A block key: the kind of block, a given name, a family name's letters
/// (FxHash's mixing: fast, and a collision only costs a comparison).
fn block_key(tag: u8, given: &str, family: &[char]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = u64::from(tag).wrapping_mul(K);
    let mut mix = |v: u64| h = (h.rotate_left(5) ^ v).wrapping_mul(K);
    for b in given.bytes() {
        mix(u64::from(b));
    }
    // Not a char: ends the given name.
    mix(u64::from(u32::MAX));
    for &c in family {
        mix(u64::from(u32::from(c)));
    }
    h
}

/// A relation from a node: the other node, the strength and variant, and
/// the places of the two names in the nodes' lists.
type Seen = (u32, (u8, u8), Variant, u32, u32);

/// A pair of nodes whose names relate, and may be one person.
struct Found<'p> {
    x: u32,
    y: u32,
    strength: (u8, u8),
    variant: Variant,
    /// The two names that relate best, each with the record holding it.
    names: ((&'p ParsedName, usize), (&'p ParsedName, usize)),
    corroboration: Option<Corroboration>,
}

/// A [`Found`] pair from one side.
struct Cand {
    me: u32,
    other: u32,
    found: usize,
    /// At `me`'s best tier.
    fits: bool,
}

/// What backs up a typo between clusters `x` and `y`, if anything.
fn corroborate(
    uf: &Clusters<'_>,
    x: usize,
    y: usize,
    talked: &[(usize, usize)],
) -> Option<Corroboration> {
    if let Some(c) = uf.companies[x].intersection(&uf.companies[y]).next() {
        return Some(Corroboration::Company(c.clone()));
    }
    if talked.binary_search(&(x.min(y), x.max(y))).is_ok() {
        return Some(Corroboration::Conversation);
    }
    for (a, b) in [(x, y), (y, x)] {
        for hint in &uf.hints[a] {
            if uf.names[b]
                .iter()
                .any(|n| n.is_full() && n.words == hint.words)
            {
                return Some(Corroboration::ContactName(hint.key()));
            }
        }
    }
    None
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
    parsed: &[Vec<ParsedName>],
    uf: &mut Clusters<'_>,
    mut links: Vec<Link>,
    ambiguous: &[(String, Vec<usize>, Vec<usize>)],
) -> Resolution {
    // (root, record) rows sorted: a run is one person's records, in order.
    let mut rows: Vec<(usize, usize)> = (0..records.len()).map(|i| (uf.find(i), i)).collect();
    rows.par_sort_unstable();
    let members: Vec<&[(usize, usize)]> = rows.chunk_by(|a, b| a.0 == b.0).collect();
    let mut persons: Vec<(Person, usize)> = members
        .par_iter()
        .map(|run| {
            let recs: Vec<usize> = run.iter().map(|&(_, i)| i).collect();
            (build_person(records, &recs), run[0].0)
        })
        .collect();
    drop(members);
    drop(rows);
    assign_ids(records, parsed, &mut persons);
    persons.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    let mut person_of = vec![0; records.len()];
    let mut index_of_root = BTreeMap::new();
    for (ix, (p, root)) in persons.iter().enumerate() {
        index_of_root.insert(*root, ix);
        for &r in &p.records {
            person_of[r as usize] = ix;
        }
    }
    let to_people = |uf: &mut Clusters<'_>, roots: &[usize]| -> Vec<usize> {
        let mut v: Vec<usize> = roots.iter().map(|r| index_of_root[&uf.find(*r)]).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let mut merged: BTreeMap<String, (BTreeSet<usize>, BTreeSet<usize>)> = BTreeMap::new();
    for (name, roots, unlinked) in ambiguous {
        let candidates = to_people(uf, roots);
        let unlinked = to_people(uf, unlinked);
        let entry = merged.entry(name.clone()).or_default();
        entry.0.extend(candidates);
        entry.1.extend(unlinked);
    }
    let ambiguous = merged
        .into_iter()
        .map(|(name, (candidates, unlinked))| Ambiguity {
            name,
            candidates: candidates.into_iter().collect(),
            unlinked: unlinked.into_iter().collect(),
        })
        .filter(|a| a.candidates.len() > 1)
        .collect();
    links.sort();
    Resolution {
        persons: persons.into_iter().map(|(p, _)| p).collect(),
        person_of,
        links,
        ambiguous,
        unmatched_decisions: Vec::new(),
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
    ordered.sort_by(|&a, &b| {
        let key = |i: usize| {
            let r = &records[i];
            (r.name_is_hint, name_rank(r.source()), &r.location, i)
        };
        key(a).cmp(&key(b))
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
fn identity_keys(records: &[Record], parsed: &[Vec<ParsedName>], person: &Person) -> Vec<String> {
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
    // `normalize_name` of each name: its parse, kept in `parsed` unless it
    // has no words. Each distinct one is written once (the owner's name
    // comes once per thread).
    let mut names: Vec<&[String]> = Vec::new();
    for &r in &person.records {
        let rec = &records[r as usize];
        if !rec.name_is_hint {
            let parsed = &parsed[r as usize];
            names.extend(parsed.iter().map(|n| n.words.as_slice()));
            if parsed.len() < rec.names.len() {
                names.push(&[]);
            }
        }
    }
    names.sort_unstable();
    names.dedup();
    keys.extend(
        names
            .into_iter()
            .map(|words| format!("name:{}", words.join(" "))),
    );
    keys.into_iter().collect()
}

/// A person's id hashes their strongest, smallest identifier (not discovery
/// order), so the same inputs always give the same ids and adding a source
/// rarely changes one. Should two people share that key (a family landline
/// kept apart), the next keys break the tie.
fn assign_ids(records: &[Record], parsed: &[Vec<ParsedName>], persons: &mut [(Person, usize)]) {
    let keyed: Vec<Vec<String>> = persons
        .par_iter()
        .map(|(p, _)| identity_keys(records, parsed, p))
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

/// How a union was asked for, which decides the checks it must pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
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
struct Clusters<'a> {
    parent: Vec<usize>,
    /// Per root: the LinkedIn profiles in the cluster, sorted.
    linkedin: Vec<Vec<&'a LinkedinUrl>>,
    /// Per root: every parsed name (hints excluded), sorted.
    names: Vec<Vec<&'a ParsedName>>,
    /// Per root: the preferred name of each record (hints excluded), sorted.
    primaries: Vec<Vec<&'a ParsedName>>,
    /// Per root: the names given as hints (call log `contact_name`).
    hints: Vec<Vec<&'a ParsedName>>,
    /// Per root: holds an email, phone or profile.
    strong: Vec<bool>,
    /// Per root: the source kinds (one bit each) of its records that hold
    /// an email, phone or profile. Two such records of one source that no
    /// identifier linked are two entries of one address book or network:
    /// two people.
    anchored_sources: Vec<u8>,
    /// Per root: the files (numbered in `file_names`) of its named
    /// records, sorted. Two named records of one file (two friends called
    /// Sam Lee) are two people unless an identifier says otherwise.
    files: Vec<Vec<u32>>,
    /// Per root: companies, folded.
    companies: Vec<BTreeSet<String>>,
    /// Per root: the sides of `different` decisions it holds.
    tags: Vec<BTreeSet<(usize, bool)>>,
    owner: Vec<bool>,
}

/// Sorts and deduplicates a small set held as a vector.
fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
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
fn disjoint<T: Ord>(a: &[T], b: &[T]) -> bool {
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
fn absorb<T: Ord>(sets: &mut [Vec<T>], keep: usize, gone: usize) {
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
    fn new(records: &'a [Record], parsed: &'a [Vec<ParsedName>]) -> Clusters<'a> {
        let mut file_numbers: HashMap<&str, u32> = HashMap::new();
        let mut files = Vec::with_capacity(records.len());
        for r in records {
            files.push(match &r.location {
                Some(l) if !r.name_is_hint && !r.names.is_empty() && !r.owner => {
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
                    .map(|c| normalize_name(c))
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
                    if has_strong_id(r) && !r.owner {
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

    fn tag(&mut self, i: usize, tag: (usize, bool)) {
        let root = self.find(i);
        self.tags[root].insert(tag);
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// Whether two clusters (roots) may be one person.
    fn joinable(&self, a: usize, b: usize, mode: Mode) -> bool {
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

    /// Joins the clusters of `a` and `b` when allowed; true if they were
    /// separate and are now one.
    fn union(&mut self, a: usize, b: usize, mode: Mode) -> bool {
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

/// One bit per source kind, for [`Clusters::anchored_sources`].
fn source_bit(kind: SourceKind) -> u8 {
    1 << (kind as u8)
}

fn has_strong_id(r: &Record) -> bool {
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

#[cfg(test)]
mod tests;
