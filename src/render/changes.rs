//! "Changes since the previous report": what moved between the previous
//! dated JSON report in an `--output-dir` and this run, and which of its
//! sources this run did not read.
//!
//! A report's JSON lists every person it considered (`people`: enough
//! online interactions, any status) with their status. Comparing two such
//! lists by `person_id` gives four groups:
//!
//! - newly lapsed: `lapsed` now, `recent` before;
//! - back in touch: `recent` now, `never` or `lapsed` before;
//! - new online relationships: considered now, absent before;
//! - gone: considered before, absent now (an input dropped, or fewer
//!   interactions counted).
//!
//! This module reads only offgrid's own JSON (docs/report.md "JSON"), and
//! never the inputs; it does not depend on polars.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Serialize;

use crate::analyze::{ReportRow, Status};

/// One considered person, as the next run will compare against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tracked {
    pub person_id: String,
    pub name: String,
    /// `never`, `lapsed` or `recent`.
    pub status: String,
    pub days_without_direct: i64,
}

impl Tracked {
    pub fn from_row(r: &ReportRow) -> Tracked {
        Tracked {
            person_id: r.person_id.clone(),
            name: r.name.clone(),
            status: r.status.as_str().to_owned(),
            days_without_direct: r.days_without_direct,
        }
    }
}

/// One person in a changes group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub person_id: String,
    pub name: String,
}

/// What changed since the previous report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    /// The previous report's `as_of`, `YYYY-MM-DD`.
    pub previous: String,
    /// Its file name in the output folder.
    pub previous_file: String,
    pub newly_lapsed: Vec<Change>,
    pub back_in_touch: Vec<Change>,
    pub new: Vec<Change>,
    pub gone: Vec<Change>,
}

impl Changes {
    /// The four groups with their titles, in display order.
    pub fn groups(&self) -> [(&'static str, &[Change]); 4] {
        [
            ("Newly lapsed", &self.newly_lapsed),
            ("Back in touch", &self.back_in_touch),
            ("New online relationships", &self.new),
            ("Gone", &self.gone),
        ]
    }

    /// `1 newly lapsed, 1 back in touch, 0 new, 0 gone`.
    pub fn summary(&self) -> String {
        format!(
            "{} newly lapsed, {} back in touch, {} new, {} gone",
            self.newly_lapsed.len(),
            self.back_in_touch.len(),
            self.new.len(),
            self.gone.len()
        )
    }
}

/// Compares the previous report's considered people with this run's. Each
/// group is sorted by name, then person_id.
pub fn diff(previous: &[Tracked], current: &[Tracked]) -> Changes {
    let before: BTreeMap<&str, &Tracked> =
        previous.iter().map(|t| (t.person_id.as_str(), t)).collect();
    let now: BTreeMap<&str, &Tracked> = current.iter().map(|t| (t.person_id.as_str(), t)).collect();
    let change = |t: &Tracked| Change {
        person_id: t.person_id.clone(),
        name: t.name.clone(),
    };
    let mut c = Changes::default();
    for (id, t) in &now {
        match before.get(id) {
            None => c.new.push(change(t)),
            Some(b) => {
                let (was, is) = (b.status.as_str(), t.status.as_str());
                if is == Status::Lapsed.as_str() && was == Status::Recent.as_str() {
                    c.newly_lapsed.push(change(t));
                } else if is == Status::Recent.as_str() && was != Status::Recent.as_str() {
                    c.back_in_touch.push(change(t));
                }
            }
        }
    }
    for (id, b) in &before {
        if !now.contains_key(id) {
            c.gone.push(change(b));
        }
    }
    for group in [
        &mut c.newly_lapsed,
        &mut c.back_in_touch,
        &mut c.new,
        &mut c.gone,
    ] {
        group.sort_by(|a, b| a.name.cmp(&b.name).then(a.person_id.cmp(&b.person_id)));
    }
    c
}

/// `offgrid-YYYY-MM-DD.<ext>`.
pub fn dated_name(as_of: Date, ext: &str) -> String {
    format!("offgrid-{as_of}.{ext}")
}

/// The newest dated JSON report in `dir` from before `as_of`, if any.
pub fn previous_report(dir: &Path, as_of: Date) -> Option<(Date, PathBuf)> {
    let entries = std::fs::read_dir(dir).ok()?;
    entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name();
            let date = name
                .to_str()?
                .strip_prefix("offgrid-")?
                .strip_suffix(".json")?
                .parse::<Date>()
                .ok()?;
            (date < as_of).then(|| (date, e.path()))
        })
        .max()
}

/// What this run needs of a previous JSON report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Previous {
    /// The people it considered.
    pub people: Vec<Tracked>,
    /// The source kinds it read entries of (`sources[].kind`).
    pub sources: Vec<String>,
}

/// Reads a previous JSON report.
///
/// # Errors
///
/// When the file cannot be read or is not an offgrid JSON report of a
/// known version; the message names what is wrong.
pub fn read_previous(path: &Path) -> Result<Previous, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let doc: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("invalid JSON: {e}"))?;
    match doc.get("version").and_then(serde_json::Value::as_u64) {
        Some(1) => {}
        other => {
            return Err(format!(
                "expected an offgrid report of version 1, found version {}",
                other.map_or_else(|| "none".to_owned(), |v| v.to_string())
            ))
        }
    }
    let people = doc
        .get("people")
        .and_then(serde_json::Value::as_array)
        .ok_or_else(|| "expected a `people` list, found none".to_owned())?;
    let people = people
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let field = |k: &str| {
                p.get(k)
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned)
                    .ok_or_else(|| format!("people[{i}]: expected {k}, found none"))
            };
            Ok(Tracked {
                person_id: field("person_id")?,
                name: field("name")?,
                status: field("status")?,
                days_without_direct: p
                    .get("days_without_direct")
                    .and_then(serde_json::Value::as_i64)
                    .unwrap_or_default(),
            })
        })
        .collect::<Result<_, String>>()?;
    let sources = doc
        .get("sources")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter(|s| s.get("entries").and_then(serde_json::Value::as_u64) != Some(0))
        .filter_map(|s| s.get("kind").and_then(serde_json::Value::as_str))
        .map(str::to_owned)
        .collect();
    Ok(Previous { people, sources })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(id: &str, name: &str, status: &str) -> Tracked {
        Tracked {
            person_id: id.into(),
            name: name.into(),
            status: status.into(),
            days_without_direct: 0,
        }
    }

    fn names(c: &[Change]) -> Vec<&str> {
        c.iter().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn four_groups_by_person_id() {
        let before = [
            t("p1", "Ada", "recent"),
            t("p2", "Bob", "lapsed"),
            t("p3", "Cy", "never"),
            t("p4", "Dee", "recent"),
            t("p5", "Eve", "never"),
        ];
        let now = [
            t("p1", "Ada", "lapsed"),
            t("p2", "Bob", "recent"),
            t("p3", "Cy", "recent"),
            t("p4", "Dee", "recent"),
            t("p6", "Fay", "never"),
        ];
        let c = diff(&before, &now);
        assert_eq!(names(&c.newly_lapsed), ["Ada"]);
        assert_eq!(names(&c.back_in_touch), ["Bob", "Cy"]);
        assert_eq!(names(&c.new), ["Fay"]);
        assert_eq!(names(&c.gone), ["Eve"]);
        assert_eq!(
            c.summary(),
            "1 newly lapsed, 2 back in touch, 1 new, 1 gone"
        );
    }

    #[test]
    fn a_foreign_json_is_refused_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("offgrid-2026-01-01.json");
        std::fs::write(&p, "{\"version\": 7}").unwrap();
        assert_eq!(
            read_previous(&p).unwrap_err(),
            "expected an offgrid report of version 1, found version 7"
        );
        std::fs::write(&p, "{\"version\": 1}").unwrap();
        assert_eq!(
            read_previous(&p).unwrap_err(),
            "expected a `people` list, found none"
        );
        std::fs::write(dir.path().join("offgrid-2025-12-01.json"), "{}").unwrap();
        std::fs::write(dir.path().join("offgrid-2026-02-01.json"), "{}").unwrap();
        std::fs::write(dir.path().join("latest.json"), "{}").unwrap();
        let date = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(
            previous_report(dir.path(), date("2026-02-01")),
            Some((date("2026-01-01"), p))
        );
        assert_eq!(previous_report(dir.path(), date("2025-12-01")), None);
    }
}
