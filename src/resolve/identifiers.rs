//! Steps 0 to 2 of resolution: the user's decisions, the owner, and the
//! strong identifiers (LinkedIn profile, email, phone), with the safety
//! rules that keep a shared landline or inbox from merging a family.

use super::*;

/// What linking by the user's decisions, the owner and strong identifiers
/// leaves for the name phase.
pub(super) struct Identified<'a> {
    pub(super) uf: Clusters<'a>,
    pub(super) links: Vec<Link>,
    pub(super) ambiguous: Vec<(String, Vec<usize>, Vec<usize>)>,
    /// Decisions that name no record.
    pub(super) unmatched: BTreeSet<String>,
}

/// Steps 0 to 2 of [`resolve_with`]: the user's decisions, the owner, and
/// strong identifiers.
pub(super) fn link_identifiers<'a>(
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
    // By the address's match key: Gmail's dots and `+tags` do not count.
    let mut by_email: Vec<(std::borrow::Cow<'_, str>, &Email, usize)> = Vec::new();
    let mut by_phone: Vec<(&Phone, usize)> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        by_linkedin.extend(r.linkedin.iter().map(|u| (u, i)));
        by_email.extend(r.emails.iter().map(|e| (e.match_key(), e, i)));
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
        let email = run[0].1;
        let mut holders: Vec<usize> = run.iter().map(|&(_, _, i)| i).collect();
        holders.sort_unstable();
        holders.dedup();
        link_shared(
            &mut uf,
            &holders,
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
