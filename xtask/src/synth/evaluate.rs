//! The scoring of identity resolution against the truth the generator
//! wrote: per variant kind, precision and recall.

use super::*;

/// Resolves `dir/exports/` as `offgrid report` does (UTC, US numbers, as
/// of 2026-11-26) and scores it against `dir/truth.json`: the table
/// [`table`] prints, after a line of counts.
///
/// # Errors
///
/// When the exports cannot be read or the truth file is missing.
pub fn evaluate_dir(dir: &Path) -> anyhow::Result<String> {
    use anyhow::Context as _;
    use offgrid::import::{Context, Fold};
    let ctx = Context {
        region: offgrid::model::Region::default(),
        tz: jiff::tz::TimeZone::UTC,
        as_of: jiff::civil::date(2026, 11, 26),
        limits: offgrid::limits::Limits::default(),
        mail: offgrid::import::mail::Settings::default(),
    };
    let exports = dir.join("exports");
    let imported =
        offgrid::discover::discover(std::slice::from_ref(&exports), &ctx, Fold::Day, &|_| {});
    if let Some(e) = imported.errors.first() {
        anyhow::bail!("cannot read {}: {e}", exports.display());
    }
    let opts = offgrid::resolve::ResolveOptions {
        events: &imported.sink.events,
        ..offgrid::resolve::ResolveOptions::default()
    };
    let resolution = offgrid::resolve::resolve_with(&imported.sink.records, &opts);
    let ev = evaluate(dir, &imported.sink.records, &resolution)
        .with_context(|| format!("cannot read {}", dir.join("truth.json").display()))?;
    Ok(format!(
        "{} records, {} people resolved, {} warnings\n\n{}",
        imported.sink.records.len(),
        resolution.persons.len(),
        imported.sink.warnings.len(),
        table(&ev)
    ))
}

/// The score of one variant kind.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Score {
    /// Records of this kind.
    pub records: usize,
    /// Of those that should link: how many ended with their anchor.
    pub linked: usize,
    /// Records whose person holds a record of another true person.
    pub false_merges: usize,
}

impl Score {
    /// Linked / records (for kinds that should link), else 1 - linked
    /// share (records that must stay apart from their anchor).
    pub fn recall(&self) -> f64 {
        ratio(self.linked, self.records)
    }

    pub fn precision(&self) -> f64 {
        1.0 - ratio(self.false_merges, self.records)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        #[allow(clippy::cast_precision_loss)]
        let r = a as f64 / b as f64;
        r
    }
}

/// The whole evaluation.
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    pub per_kind: BTreeMap<Kind, Score>,
    /// Resolved people holding records of two or more true people.
    pub false_merged_people: usize,
    /// Imported records the truth does not name (the owner's).
    pub unlabelled: usize,
    pub pair_precision: f64,
    pub pair_recall: f64,
    /// The first records that did not come out as expected, for reading.
    pub misses: Vec<String>,
}

#[derive(serde::Deserialize)]
struct TruthFile {
    pub(super) records: Vec<TruthRow>,
}

#[derive(serde::Deserialize)]
struct TruthRow {
    pub(super) file: String,
    pub(super) by: String,
    pub(super) key: String,
    pub(super) person: usize,
    pub(super) kind: String,
}

/// Scores `resolution` of `records` (read from `dir/exports`) against
/// `dir/truth.json`.
///
/// # Errors
///
/// When the truth file cannot be read.
pub fn evaluate(dir: &Path, records: &[Record], resolution: &Resolution) -> io::Result<Evaluation> {
    let text = std::fs::read_to_string(dir.join("truth.json"))?;
    let truth: TruthFile = serde_json::from_str(&text).map_err(io::Error::other)?;
    let mut by_key: BTreeMap<(String, String, String), (usize, Kind)> = BTreeMap::new();
    for row in truth.records {
        let kind = Kind::parse(&row.kind).unwrap_or(Kind::Same);
        let key = match row.by.as_str() {
            "url" => offgrid::model::LinkedinUrl::parse(&row.key).map(|u| u.to_string()),
            "email" => offgrid::model::Email::parse(&row.key).map(|e| e.to_string()),
            "phone" => offgrid::model::Phone::parse(&row.key, offgrid::model::Region::default())
                .map(|p| p.to_string()),
            _ => Some(row.key.trim().to_owned()),
        }
        .unwrap_or_default();
        by_key.insert((row.file, row.by, key), (row.person, kind));
    }
    let exports = dir.join("exports");
    let prefix = format!("{}/", exports.display());
    // Each imported record's truth.
    let label: Vec<Option<(usize, Kind)>> = records
        .iter()
        .map(|r| {
            let file = r.location.as_ref()?.file.to_string();
            let file = file.strip_prefix(&prefix).unwrap_or(&file).to_owned();
            let mut tries: Vec<(&str, String)> = Vec::new();
            if let Some(u) = &r.linkedin {
                tries.push(("url", u.to_string()));
            }
            tries.extend(r.emails.iter().map(|e| ("email", e.to_string())));
            tries.extend(r.phones.iter().map(|p| ("phone", p.to_string())));
            tries.extend(r.names.iter().map(|n| ("name", n.trim().to_owned())));
            tries
                .into_iter()
                .find_map(|(by, key)| by_key.get(&(file.clone(), by.to_owned(), key)).copied())
        })
        .collect();
    let mut ev = Evaluation {
        unlabelled: label
            .iter()
            .enumerate()
            .filter(|(i, l)| l.is_none() && !resolution.persons[resolution.person_of[*i]].owner)
            .count(),
        ..Evaluation::default()
    };
    // Per resolved person: the true people in it.
    let mut truths_of: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); resolution.persons.len()];
    let mut anchor_of: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, l) in label.iter().enumerate() {
        if let Some((t, k)) = l {
            truths_of[resolution.person_of[i]].insert(*t);
            if *k == Kind::Anchor {
                anchor_of.insert(*t, resolution.person_of[i]);
            }
        }
    }
    ev.false_merged_people = truths_of.iter().filter(|s| s.len() > 1).count();
    for (i, l) in label.iter().enumerate() {
        let Some((t, k)) = l else { continue };
        let score = ev.per_kind.entry(*k).or_default();
        score.records += 1;
        let person = resolution.person_of[i];
        if truths_of[person].len() > 1 {
            score.false_merges += 1;
        }
        let with_anchor = anchor_of.get(t) == Some(&person);
        let linked = if k.should_link() {
            with_anchor
        } else if *k == Kind::Anchor {
            true
        } else if *k == Kind::Ambiguous {
            // Merged with nobody: its person holds no other labelled record
            // of another kind.
            label.iter().enumerate().all(|(j, m)| {
                j == i
                    || resolution.person_of[j] != person
                    || m.is_some_and(|(_, mk)| mk == Kind::Ambiguous)
            })
        } else {
            // Kept apart from every other true person.
            truths_of[person].len() == 1
        };
        if linked {
            score.linked += 1;
        } else if ev.misses.len() < 40 {
            let r = &records[i];
            let anchor_names: Vec<String> = anchor_of
                .get(t)
                .map(|&ap| {
                    resolution.persons[ap]
                        .records
                        .iter()
                        .flat_map(|&x| records[x as usize].names.iter().take(1).cloned())
                        .collect()
                })
                .unwrap_or_default();
            ev.misses.push(format!(
                "{}: {} {:?} (person {}) is with {:?}; its anchor is with {:?}",
                k.as_str(),
                r.location
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                r.names,
                t,
                resolution.persons[person]
                    .records
                    .iter()
                    .flat_map(|&x| records[x as usize].names.iter().take(1).cloned())
                    .collect::<Vec<_>>(),
                anchor_names
            ));
        }
    }
    // Pairwise precision and recall over labelled records.
    let mut cells: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut per_truth: BTreeMap<usize, usize> = BTreeMap::new();
    let mut per_person: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, l) in label.iter().enumerate() {
        if let Some((t, _)) = l {
            *cells.entry((resolution.person_of[i], *t)).or_default() += 1;
            *per_truth.entry(*t).or_default() += 1;
            *per_person.entry(resolution.person_of[i]).or_default() += 1;
        }
    }
    let pairs = |n: usize| n * n.saturating_sub(1) / 2;
    let tp: usize = cells.values().map(|&n| pairs(n)).sum();
    let predicted: usize = per_person.values().map(|&n| pairs(n)).sum();
    let actual: usize = per_truth.values().map(|&n| pairs(n)).sum();
    ev.pair_precision = ratio(tp, predicted);
    ev.pair_recall = ratio(tp, actual);
    Ok(ev)
}

/// The evaluation as a Markdown table, kinds in a fixed order.
pub fn table(ev: &Evaluation) -> String {
    let mut s = String::from(
        "| kind | records | expected | as expected | false merges | precision | recall |\n| --- | ---: | --- | ---: | ---: | ---: | ---: |\n",
    );
    for (kind, score) in &ev.per_kind {
        let expected = if kind.should_link() {
            "linked"
        } else if *kind == Kind::Anchor {
            "-"
        } else if *kind == Kind::Ambiguous {
            "merged with nobody"
        } else {
            "kept apart"
        };
        let _ = writeln!(
            s,
            "| {} | {} | {expected} | {} | {} | {:.4} | {:.4} |",
            kind.as_str(),
            score.records,
            score.linked,
            score.false_merges,
            score.precision(),
            score.recall()
        );
    }
    let _ = writeln!(
        s,
        "\npairwise precision {:.4}, pairwise recall {:.4}; people holding records of two or more true people: {}; records the truth does not name, outside the owner: {}",
        ev.pair_precision, ev.pair_recall, ev.false_merged_people, ev.unlabelled
    );
    if !ev.misses.is_empty() {
        let _ = writeln!(s, "\nnot as expected (first {}):", ev.misses.len());
        for m in &ev.misses {
            let _ = writeln!(s, "- {m}");
        }
    }
    s
}
