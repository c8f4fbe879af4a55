//! Step 3 of resolution, the name phase: records linked by their names, in
//! rounds from the strongest level of agreement (the same words) to the
//! weakest (a one-letter typo, only with corroboration), each name linking
//! only where exactly one person fits.

use super::*;

/// The name phase (rule 3), in rounds: a round links what fits at each
/// node's strongest level; the next round sees the merged people (so a
/// `Tom` on Facebook meets the `Thomas` that LinkedIn and the address book
/// became together). Stops when a round links nothing.
pub(super) fn link_names(
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
                        namesakes: None,
                    }
                };
                links.push(link(first, h, reason));
            }
        }
    }
}

/// The full names of the name phase, numbered, and which of them may be
/// one person's (found once: names do not change between rounds).
pub(super) struct Related<'p> {
    /// The distinct full names of the records (hints excluded), sorted.
    pub(super) names: Vec<&'p ParsedName>,
    /// Per record, its full names' numbers in its own order: the record's
    /// run is `record_names[record_starts[i]..record_starts[i + 1]]`.
    record_starts: Vec<usize>,
    record_names: Vec<u32>,
    /// Per name, the names it relates to (itself first among them) with
    /// how: the name's run is
    /// `related[related_starts[a]..related_starts[a + 1]]`.
    related_starts: Vec<usize>,
    pub(super) related: Vec<(u32, Variant)>,
    /// How common the names are, which weighs a nickname or an initial.
    frequencies: Frequencies<'p>,
}

impl<'p> Related<'p> {
    pub(super) fn new(records: &[Record], parsed: &'p [Vec<ParsedName>]) -> Related<'p> {
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
        let frequencies = Frequencies::new(&names);
        let count = u32::try_from(names.len()).expect("fewer names than u32");
        // Each name with itself, and each related pair from both sides.
        let mut related: Vec<(u32, u32, Variant)> = pairs
            .par_iter()
            .flat_map_iter(|&(a, b)| {
                let (na, nb) = (names[a as usize], names[b as usize]);
                names::relate(na, nb)
                    .into_iter()
                    .flat_map(move |v| [(a, b, v), (b, a, v)])
            })
            .chain((0..count).into_par_iter().map(|a| (a, a, Variant::Exact)))
            .collect();
        drop(pairs);
        related.par_sort_unstable();
        let related_starts = run_starts(&related, names.len(), |r| r.0);
        Related {
            names,
            record_starts,
            record_names,
            related_starts,
            related: related.into_iter().map(|(_, b, v)| (b, v)).collect(),
            frequencies,
        }
    }

    fn of_record(&self, i: usize) -> &[u32] {
        &self.record_names[self.record_starts[i]..self.record_starts[i + 1]]
    }

    fn of_name(&self, a: u32) -> &[(u32, Variant)] {
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
pub(super) struct Conversations(Vec<Box<[RecordRef]>>);

impl Conversations {
    pub(super) fn new(events: &[Event]) -> Conversations {
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

    pub(super) fn iter(&self) -> impl Iterator<Item = &[RecordRef]> {
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
    let evidence = Evidence {
        records,
        roots: &roots,
        talked: &talked,
        spellers: std::sync::OnceLock::new(),
    };

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
                for &(b, v) in related.of_name(a) {
                    let hs = holders_of(b);
                    for &(_, y, j) in &hs[hs.partition_point(|h| h.1 <= x)..] {
                        best.push((y, v, i, j));
                    }
                }
            }
            best.sort_unstable();
            best.dedup_by_key(|b| b.0);
            let found: Vec<Found> = best
                .into_iter()
                .filter_map(|(y, variant, i, j)| {
                    let (rx, ry) = (node_root[x as usize], node_root[y as usize]);
                    if !uf_now.joinable(rx, ry, Mode::Name) {
                        return None;
                    }
                    // A typo without corroboration cannot link, and so
                    // does not count as fitting either.
                    let corroboration = if variant == Variant::Typo {
                        Some(evidence.corroborate(uf_now, rx, ry)?)
                    } else {
                        None
                    };
                    let (a, ra) = names_of(x)[i as usize];
                    let (b, rb) = names_of(y)[j as usize];
                    Some(Found {
                        x,
                        y,
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
            .map(|c| found[c.found].variant.tier())
            .min()
            .unwrap_or(u8::MAX);
        for c in run.iter_mut() {
            c.fits = found[c.found].variant.tier() == best;
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
                v[i + 1..]
                    .iter()
                    .any(|&z| !uf_now.could_be_one(node_root[y as usize], node_root[z as usize]))
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
                // A nickname or an initial of a common family name fits
                // (so a name it also fits is ambiguous) but does not link.
                let ((na, _), (nb, _)) = f.names;
                let weighty = related.frequencies.trusted(na, nb, f.variant);
                if agrees && weighty && (f.variant != Variant::Typo || f.corroboration.is_some()) {
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
                    namesakes: related.frequencies.namesakes(na, nb, variant),
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
pub(super) fn block_pairs(names: &[&ParsedName]) -> Vec<(u32, u32)> {
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
///   and the given name's initial, nickname or typo), also with `ue`, `oe`,
///   `ae`, `aa` as one letter (`Mueller` / `Müller`); the same given name
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
    pub(super) keyed: Vec<(u64, u32)>,
    by_initial: Vec<(u64, u32)>,
    pub(super) initials: Vec<(u64, u32)>,
}

impl Blocks {
    fn add(&mut self, x: u32, n: &ParsedName) {
        let (given, family) = (n.given(), n.family());
        let chars: Vec<char> = family.chars().collect();
        self.keyed.push((block_key(b'f', "", &chars), x));
        // `Mueller` meets `Müller` (folded `muller`).
        if names::has_spelled_out(family) {
            let squeezed: Vec<char> = names::spelled_in_one(family).chars().collect();
            self.keyed.push((block_key(b'f', "", &squeezed), x));
        }
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

/// A relation from a node: the other node, the variant (in order of
/// strength), and the places of the two names in the nodes' lists.
type Seen = (u32, Variant, u32, u32);

/// A pair of nodes whose names relate, and may be one person.
struct Found<'p> {
    pub(super) x: u32,
    pub(super) y: u32,
    pub(super) variant: Variant,
    /// The two names that relate best, each with the record holding it.
    pub(super) names: ((&'p ParsedName, usize), (&'p ParsedName, usize)),
    pub(super) corroboration: Option<Corroboration>,
}

/// A [`Found`] pair from one side.
struct Cand {
    me: u32,
    pub(super) other: u32,
    pub(super) found: usize,
    /// At `me`'s best tier.
    pub(super) fits: bool,
}

/// What a round knows besides names that may back up a typo.
struct Evidence<'r> {
    records: &'r [Record],
    /// Conversations of just two people besides the owner, as roots.
    talked: &'r [(usize, usize)],
    /// Per record, its cluster.
    roots: &'r [usize],
    /// (root, record) of the records holding an email or a LinkedIn
    /// profile, sorted; made when a typo first needs them.
    spellers: std::sync::OnceLock<Vec<(usize, usize)>>,
}

impl Evidence<'_> {
    /// What backs up a typo between clusters `x` and `y`, if anything.
    fn corroborate(&self, uf: &Clusters<'_>, x: usize, y: usize) -> Option<Corroboration> {
        if let Some(c) = uf.companies[x].intersection(&uf.companies[y]).next() {
            return Some(Corroboration::Company(c.clone()));
        }
        if self.talked.binary_search(&(x.min(y), x.max(y))).is_ok() {
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
        for (a, b) in [(x, y), (y, x)] {
            if let Some(id) = self.spelled(a, &uf.names[b]) {
                return Some(Corroboration::Spelled(id));
            }
        }
        None
    }

    /// An email address or LinkedIn profile of cluster `a` whose words (the
    /// address before the `@`, the profile's name in its URL) hold the
    /// given and the family name of one of `names` as written there:
    /// `richard.holtley@example.com` spells `Richard Holtley`, so a
    /// `Richard Holtly` holding it is a typo of him.
    fn spelled(&self, a: usize, names: &[&ParsedName]) -> Option<String> {
        let spellers = self.spellers.get_or_init(|| {
            let mut rows: Vec<(usize, usize)> = self
                .roots
                .iter()
                .enumerate()
                .filter(|&(i, _)| {
                    self.records[i].linkedin.is_some() || !self.records[i].emails.is_empty()
                })
                .map(|(i, &root)| (root, i))
                .collect();
            rows.sort_unstable();
            rows
        });
        let from = spellers.partition_point(|&(root, _)| root < a);
        for &(_, i) in spellers[from..].iter().take_while(|&&(root, _)| root == a) {
            let r = &self.records[i];
            // The address before the `@`, the profile's name after the last
            // `/`: their words, compared without allocating (a large
            // address book meets many typo candidates).
            let ids = r
                .emails
                .iter()
                .map(|e| (e.as_str(), e.as_str().split('@').next().unwrap_or("")))
                .chain(r.linkedin.iter().map(|u| {
                    let s = u.as_str();
                    (s, s.rsplit('/').next().unwrap_or(""))
                }));
            for (id, local) in ids {
                let has = |word: &str| {
                    local
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|w| w.eq_ignore_ascii_case(word))
                };
                let spells = |n: &&ParsedName| {
                    n.is_full()
                        && !names::is_initial(n.given())
                        && has(n.given())
                        && has(n.family())
                };
                if names.iter().any(spells) {
                    return Some(id.to_owned());
                }
            }
        }
        None
    }
}
