//! The JSON report: one versioned document (docs/report.md "JSON").
//!
//! ```json
//! {
//!   "version": 1,
//!   "run": {"as_of": "2026-11-26", "tz": "UTC", "region": "US",
//!           "generated_by": "offgrid 0.1.0", "stale_after": 365,
//!           "min_interactions": 1, "all": false, "source_max_age": 90,
//!           "people_considered": 47, "rows": 30},
//!   "sources": [{"kind": "calllog", "entries": 2, "first": "2015-01-20",
//!                "last": "2026-11-21", "people": 9, "stale": false}],
//!   "warnings": ["calllog: newest evidence is from ..."],
//!   "changes": null,
//!   "rows": [{"rank": 1, "person_id": "p2ce64cdef272", ...}],
//!   "people": [{"person_id": "...", "name": "...", "status": "never",
//!               "days_without_direct": 5808}]
//! }
//! ```
//!
//! Dates are `YYYY-MM-DD` strings or `null`; multi-valued fields are arrays.
//! `version` changes only when a field is removed or changes meaning; new
//! fields may be added within a version. Nothing here depends on the
//! terminal or the clock: the same inputs and `--as-of` give the same bytes.

use std::io::{self, Write};

use serde::Serialize;

use super::changes::{Changes, Tracked};
use super::{Meta, GENERATED_BY};
use crate::analyze::ReportRow;

/// The shape's version.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    run: Run<'a>,
    sources: Vec<Source<'a>>,
    warnings: Vec<String>,
    changes: Option<&'a Changes>,
    rows: Vec<Row<'a>>,
    people: &'a [Tracked],
}

#[derive(Serialize)]
struct Run<'a> {
    as_of: String,
    tz: &'a str,
    region: &'a str,
    generated_by: &'a str,
    stale_after: i64,
    min_interactions: u64,
    all: bool,
    source_max_age: i64,
    people_considered: usize,
    rows: usize,
}

#[derive(Serialize)]
struct Source<'a> {
    kind: &'a str,
    entries: usize,
    first: Option<String>,
    last: Option<String>,
    people: usize,
    stale: bool,
}

#[derive(Serialize)]
struct Row<'a> {
    rank: usize,
    person_id: &'a str,
    name: &'a str,
    status: &'a str,
    days_without_direct: i64,
    last_direct: Option<String>,
    first_seen: String,
    last_online: Option<String>,
    online_interactions: u64,
    direct_contacts: u64,
    sources: &'a [String],
    emails: &'a [String],
    phones: &'a [String],
    linkedin_url: Option<&'a str>,
    company: Option<&'a str>,
    position: Option<&'a str>,
}

/// Writes the document, pretty-printed, with a final newline.
///
/// # Errors
///
/// When writing fails.
pub fn write(rows: &[ReportRow], meta: &Meta, out: &mut dyn Write) -> io::Result<()> {
    let doc = Document {
        version: VERSION,
        run: Run {
            as_of: meta.as_of.to_string(),
            tz: &meta.tz,
            region: &meta.region,
            generated_by: GENERATED_BY,
            stale_after: meta.stale_after,
            min_interactions: meta.min_interactions,
            all: meta.all,
            source_max_age: meta.source_max_age,
            people_considered: meta.people,
            rows: rows.len(),
        },
        sources: meta
            .sources
            .iter()
            .map(|c| Source {
                kind: &c.kind,
                entries: c.entries,
                first: c.first.map(|d| d.to_string()),
                last: c.last.map(|d| d.to_string()),
                people: c.people,
                stale: c.stale_by(meta.as_of, meta.source_max_age).is_some(),
            })
            .collect(),
        warnings: meta.freshness_warnings(),
        changes: meta.changes.as_ref(),
        rows: rows
            .iter()
            .map(|r| Row {
                rank: r.rank,
                person_id: &r.person_id,
                name: &r.name,
                status: r.status.as_str(),
                days_without_direct: r.days_without_direct,
                last_direct: r.last_direct.map(|d| d.to_string()),
                first_seen: r.first_seen.to_string(),
                last_online: r.last_online.map(|d| d.to_string()),
                online_interactions: r.online_interactions,
                direct_contacts: r.direct_contacts,
                sources: &r.sources,
                emails: &r.emails,
                phones: &r.phones,
                linkedin_url: r.linkedin_url.as_deref(),
                company: r.company.as_deref(),
                position: r.position.as_deref(),
            })
            .collect(),
        people: &meta.tracked,
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::other)?;
    writeln!(out)
}
