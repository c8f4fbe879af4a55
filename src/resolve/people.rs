//! The people: each final cluster of records becomes a [`Person`] with a
//! display name, the identifiers of its records and a stable id.

use super::*;

/// Builds the people from the final clusters, with stable ids.
pub(super) fn finish(
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

fn build_person(records: &[Record], members: &[usize]) -> Person {
    let mut ordered: Vec<usize> = members.to_vec();
    ordered.sort_by(|&a, &b| {
        let key = |i: usize| {
            let r = &records[i];
            (r.name_is_hint, r.source().name_rank(), &r.location, i)
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
pub(super) fn identity_keys(
    records: &[Record],
    parsed: &[Vec<ParsedName>],
    person: &Person,
) -> Vec<String> {
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
