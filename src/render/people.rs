//! `offgrid people` and the records part of `offgrid explain`: every
//! person with the records merged into them and the link that joined each;
//! the names (and shared numbers or addresses) that fit several people,
//! with what tells the candidates apart.
//!
//! Table, CSV and JSON, like the report's renderers: plain text written to
//! an `io::Write`. Text from the inputs has its control characters
//! replaced and spreadsheet formulas neutralized in CSV.

use std::collections::{BTreeMap, VecDeque};
use std::io::Write;

use super::clean;
use super::csv::neutralize;
use crate::model::{Record, RecordRef, SourceKind};
use crate::resolve::{normalize_name, Link, Person, Resolution};

/// `offgrid people` output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PeopleFormat {
    /// One block per person, for the terminal.
    Table,
    /// One row per record: person, record, source, location, name, link rule.
    Csv,
    /// One object per person with their records and links.
    Json,
}

/// Writes every person, by name, with their records and links.
///
/// # Errors
///
/// When writing fails.
pub fn write(
    format: PeopleFormat,
    records: &[Record],
    res: &Resolution,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let links_of = links_by_record(res);
    match format {
        PeopleFormat::Table => write_table(out, records, res, &links_of),
        PeopleFormat::Csv => write_csv(out, records, res, &links_of),
        PeopleFormat::Json => write_json(out, records, res, &links_of),
    }
}

/// One record of a person, in display order, with the link that joined it
/// to a record shown before it.
pub(crate) struct Member<'a> {
    pub record: RecordRef,
    /// Its 1-based number within the person, and the number and link of
    /// the record it was joined to.
    pub via: Option<(usize, &'a Link)>,
}

/// One numbered line for a record of a person (`k` counts from 0), with
/// the link that joined it, as `people` and `explain` print them.
pub(crate) fn write_member(
    out: &mut dyn Write,
    k: usize,
    r: &Record,
    m: &Member<'_>,
) -> std::io::Result<()> {
    let ids = identifiers(r, ", ");
    let ids = if ids.is_empty() {
        String::new()
    } else {
        format!("  [{ids}]")
    };
    writeln!(
        out,
        "  {}. {:<11} {}  {}{ids}",
        k + 1,
        r.source().as_str(),
        location(r),
        shown_name(r)
    )?;
    if let Some((to, link)) = m.via {
        writeln!(out, "     linked to {to}: {}", link.reason.describe())?;
    }
    Ok(())
}

/// A person's records in display order (by source, then location), each
/// with the link that reached it first from the records before it.
pub(crate) fn members<'a>(
    records: &[Record],
    person: &Person,
    links_of: &BTreeMap<RecordRef, Vec<&'a Link>>,
) -> Vec<Member<'a>> {
    let mut order: Vec<RecordRef> = person.records.clone();
    order.sort_by_key(|&r| {
        let rec = &records[r as usize];
        (
            rec.name_is_hint,
            rec.source.map_or(u8::MAX, SourceKind::name_rank),
            rec.location.clone(),
            r,
        )
    });
    let rank: BTreeMap<RecordRef, usize> = order.iter().enumerate().map(|(i, &r)| (r, i)).collect();
    // Breadth first from the first record over the person's links, so every
    // record names one link to a record listed before it.
    let mut number: BTreeMap<RecordRef, usize> = BTreeMap::new();
    let mut out: Vec<Member<'a>> = Vec::new();
    let mut queue: VecDeque<RecordRef> = VecDeque::new();
    for &start in &order {
        if number.contains_key(&start) {
            continue;
        }
        number.insert(start, out.len() + 1);
        out.push(Member {
            record: start,
            via: None,
        });
        queue.push_back(start);
        while let Some(r) = queue.pop_front() {
            let mut next: Vec<(usize, RecordRef, &'a Link)> = links_of
                .get(&r)
                .into_iter()
                .flatten()
                .map(|link| {
                    let other = if link.a == r { link.b } else { link.a };
                    (
                        rank.get(&other).copied().unwrap_or(usize::MAX),
                        other,
                        *link,
                    )
                })
                .collect();
            next.sort_by_key(|(pos, other, _)| (*pos, *other));
            for (_, other, link) in next {
                if number.contains_key(&other) {
                    continue;
                }
                number.insert(other, out.len() + 1);
                out.push(Member {
                    record: other,
                    via: Some((number[&r], link)),
                });
                queue.push_back(other);
            }
        }
    }
    out
}

/// Every link, by each of its two records.
pub(crate) fn links_by_record(res: &Resolution) -> BTreeMap<RecordRef, Vec<&Link>> {
    let mut map: BTreeMap<RecordRef, Vec<&Link>> = BTreeMap::new();
    for l in &res.links {
        map.entry(l.a).or_default().push(l);
        map.entry(l.b).or_default().push(l);
    }
    map
}

/// What a record says about who it is: its LinkedIn profile, emails and
/// phones, joined with `sep` (`", "` in a listing, `"; "` in a CSV cell, as
/// in the report's CSV).
pub(crate) fn identifiers(r: &Record, sep: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(u) = &r.linkedin {
        parts.push(u.to_string());
    }
    parts.extend(r.emails.iter().map(ToString::to_string));
    parts.extend(r.phones.iter().map(ToString::to_string));
    parts.join(sep)
}

/// Every person, ordered by name, then `person_id` (a total order, as the
/// report's: names compared as text).
fn by_name(res: &Resolution) -> Vec<&Person> {
    let mut people: Vec<&Person> = res.persons.iter().collect();
    people.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
    people
}

/// The record's name as shown: its first name, marked when only a hint.
pub(crate) fn shown_name(r: &Record) -> String {
    match r.names.first() {
        Some(n) if r.name_is_hint => format!("{} (contact name)", clean(n)),
        Some(n) => clean(n),
        None => String::new(),
    }
}

pub(crate) fn location(r: &Record) -> String {
    r.location
        .as_ref()
        .map_or_else(|| "config".to_owned(), ToString::to_string)
}

fn person_title(p: &Person) -> String {
    let you = if p.owner { " (you)" } else { "" };
    format!("{}  {}{you}", p.id, clean(&p.name))
}

fn write_table(
    out: &mut dyn Write,
    records: &[Record],
    res: &Resolution,
    links_of: &BTreeMap<RecordRef, Vec<&Link>>,
) -> std::io::Result<()> {
    for (i, p) in by_name(res).into_iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let n = p.records.len();
        writeln!(
            out,
            "{}  ({n} record{})",
            person_title(p),
            if n == 1 { "" } else { "s" }
        )?;
        for (k, m) in members(records, p, links_of).iter().enumerate() {
            write_member(out, k, &records[m.record as usize], m)?;
        }
    }
    Ok(())
}

fn write_csv(
    out: &mut dyn Write,
    records: &[Record],
    res: &Resolution,
    links_of: &BTreeMap<RecordRef, Vec<&Link>>,
) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "person_id",
        "person_name",
        "record",
        "source",
        "location",
        "name",
        "identifiers",
        "linked_to",
        "rule",
        "reason",
    ])?;
    for p in by_name(res) {
        for (k, m) in members(records, p, links_of).iter().enumerate() {
            let r = &records[m.record as usize];
            let (to, rule, reason) = match m.via {
                Some((to, link)) => (
                    to.to_string(),
                    link.reason.rule().to_owned(),
                    link.reason.describe(),
                ),
                None => (String::new(), String::new(), String::new()),
            };
            w.write_record([
                p.id.to_string(),
                neutralize(&p.name),
                (k + 1).to_string(),
                r.source().as_str().to_owned(),
                neutralize(&location(r)),
                neutralize(&shown_name(r)),
                neutralize(&identifiers(r, "; ")),
                to,
                rule,
                neutralize(&reason),
            ])?;
        }
    }
    w.flush()
}

fn write_json(
    out: &mut dyn Write,
    records: &[Record],
    res: &Resolution,
    links_of: &BTreeMap<RecordRef, Vec<&Link>>,
) -> std::io::Result<()> {
    use serde_json::{json, Value};
    let people: Vec<Value> = by_name(res)
        .into_iter()
        .map(|p| {
            let recs: Vec<Value> = members(records, p, links_of)
                .iter()
                .enumerate()
                .map(|(k, m)| {
                    let r = &records[m.record as usize];
                    json!({
                        "record": k + 1,
                        "source": r.source().as_str(),
                        "location": location(r),
                        "names": r.names,
                        "name_is_hint": r.name_is_hint,
                        "emails": r.emails.iter().map(ToString::to_string).collect::<Vec<_>>(),
                        "phones": r.phones.iter().map(ToString::to_string).collect::<Vec<_>>(),
                        "linkedin_url": r.linkedin.as_ref().map(ToString::to_string),
                        "linked_to": m.via.map(|(to, _)| to),
                        "rule": m.via.map(|(_, l)| l.reason.rule()),
                        "reason": m.via.map(|(_, l)| l.reason.describe()),
                    })
                })
                .collect();
            json!({
                "person_id": p.id.to_string(),
                "name": p.name,
                "owner": p.owner,
                "records": recs,
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &Value::Array(people))?;
    writeln!(out)
}

/// A name (or shared number or address) that fits several people, as
/// `--ambiguous` shows it.
struct Shown<'a> {
    /// The name as the inputs write it (or the number or address).
    name: String,
    candidates: Vec<&'a Person>,
    unlinked: Vec<&'a Person>,
}

/// The ambiguities with their names as written and their people ordered by
/// name, then `person_id`.
fn shown_ambiguities<'a>(records: &[Record], res: &'a Resolution) -> Vec<Shown<'a>> {
    let people = |ix: &[usize]| -> Vec<&'a Person> {
        let mut v: Vec<&Person> = ix.iter().map(|&i| &res.persons[i]).collect();
        v.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
        v
    };
    res.ambiguous
        .iter()
        .map(|a| {
            let candidates = people(&a.candidates);
            let unlinked = people(&a.unlinked);
            let name = written_name(records, &a.name, unlinked.iter().chain(&candidates));
            Shown {
                name,
                candidates,
                unlinked,
            }
        })
        .collect()
}

/// How the inputs write the name whose folded form is `key`: the most
/// common form among the records of `people` (the earliest as text on a
/// tie), or `key` itself when no record name folds to it (a shared number or
/// address).
fn written_name<'a>(
    records: &[Record],
    key: &str,
    people: impl Iterator<Item = &'a &'a Person>,
) -> String {
    let mut forms: BTreeMap<&str, usize> = BTreeMap::new();
    for p in people {
        for &r in &p.records {
            for n in &records[r as usize].names {
                if normalize_name(n) == key {
                    *forms.entry(n.as_str()).or_default() += 1;
                }
            }
        }
    }
    // `max_by_key` keeps the last of equal counts: go from the end so the
    // earliest form wins.
    forms
        .into_iter()
        .rev()
        .max_by_key(|&(_, count)| count)
        .map_or_else(|| key.to_owned(), |(form, _)| form.to_owned())
}

/// One candidate's line: id, name, sources, company and identifiers, so two
/// people of one name can be told apart.
pub(crate) fn candidate_line(p: &Person) -> String {
    let sources: Vec<&str> = p.sources.iter().map(|s| s.as_str()).collect();
    let mut line = format!("{}  {}  ({})", p.id, clean(&p.name), sources.join(", "));
    if let Some(c) = &p.company {
        line.push_str(&format!("  at {}", clean(c)));
    }
    let ids = person_identifiers(p);
    if !ids.is_empty() {
        line.push_str(&format!("  [{}]", clean(&ids.join(", "))));
    }
    line
}

/// A person's LinkedIn profile, emails and phones, in that order (as
/// [`identifiers`] gives a record's).
fn person_identifiers(p: &Person) -> Vec<String> {
    p.linkedin
        .iter()
        .map(ToString::to_string)
        .chain(p.emails.iter().map(ToString::to_string))
        .chain(p.phones.iter().map(ToString::to_string))
        .collect()
}

pub fn write_ambiguous(
    out: &mut dyn Write,
    records: &[Record],
    res: &Resolution,
    format: PeopleFormat,
) -> std::io::Result<()> {
    let shown = shown_ambiguities(records, res);
    let ids = |people: &[&Person]| -> String {
        people
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    };
    match format {
        PeopleFormat::Table => {
            if shown.is_empty() {
                writeln!(out, "No name fits several people.")?;
            }
            for a in &shown {
                writeln!(
                    out,
                    "\"{}\" fits {} people:",
                    clean(&a.name),
                    a.candidates.len()
                )?;
                for p in &a.candidates {
                    writeln!(out, "  {}", candidate_line(p))?;
                }
                if !a.unlinked.is_empty() {
                    let list: Vec<String> = a
                        .unlinked
                        .iter()
                        .map(|p| format!("{} ({})", p.id, clean(&p.name)))
                        .collect();
                    writeln!(out, "  linked to none of them: {}", list.join(", "))?;
                }
            }
        }
        PeopleFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                "name",
                "person_id",
                "person_name",
                "sources",
                "company",
                "emails",
                "phones",
                "linkedin_url",
                "unlinked",
            ])?;
            for a in &shown {
                let unlinked = ids(&a.unlinked);
                for p in &a.candidates {
                    let join = |v: Vec<String>| neutralize(&v.join("; "));
                    w.write_record([
                        neutralize(&a.name),
                        p.id.to_string(),
                        neutralize(&p.name),
                        p.sources
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join("; "),
                        neutralize(p.company.as_deref().unwrap_or_default()),
                        join(p.emails.iter().map(ToString::to_string).collect()),
                        join(p.phones.iter().map(ToString::to_string).collect()),
                        p.linkedin
                            .as_ref()
                            .map(ToString::to_string)
                            .unwrap_or_default(),
                        unlinked.clone(),
                    ])?;
                }
            }
            w.flush()?;
        }
        PeopleFormat::Json => {
            use serde_json::json;
            let list: Vec<serde_json::Value> = shown
                .iter()
                .map(|a| {
                    let candidates: Vec<serde_json::Value> = a
                        .candidates
                        .iter()
                        .map(|p| {
                            json!({
                                "person_id": p.id.as_str(),
                                "name": p.name,
                                "sources": p.sources.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
                                "company": p.company,
                                "emails": p.emails.iter().map(ToString::to_string).collect::<Vec<_>>(),
                                "phones": p.phones.iter().map(ToString::to_string).collect::<Vec<_>>(),
                                "linkedin_url": p.linkedin.as_ref().map(ToString::to_string),
                            })
                        })
                        .collect();
                    json!({
                        "name": a.name,
                        "candidates": candidates,
                        "unlinked": a.unlinked.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &list)?;
            writeln!(out)?;
        }
    }
    Ok(())
}
