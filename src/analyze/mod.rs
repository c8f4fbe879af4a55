//! Analysis: per-person aggregates with polars, then the report's filter and
//! order (docs/report.md "Definitions" and "Filter and order").
//!
//! Events are first turned into *credits*: (person, kind, day, count) for
//! every person an event counts for, by the crediting rule — a message counts
//! for its sender, or, when the owner sent it, for every other participant;
//! a direct contact or a piece of evidence counts for every participant but
//! the owner. Only events dated on or before `as_of` (in `tz`) count, and an
//! event seen twice (same `dedup_key`) counts once. The credits stream into
//! one row per person and kind (first day, last day, count); polars then
//! groups those rows by person, computes first_seen, last_direct,
//! last_online, the counts, days_without_direct and status, filters and
//! sorts. This is the only module that uses polars; it hands plain
//! [`ReportRow`]s to `render`.

use std::collections::{BTreeSet, HashSet};
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use polars::prelude::*;
use rayon::prelude::*;

use crate::config::DirectPolicy;
use crate::model::{Channel, Event, EventKind, Location, RecordRef};
use crate::resolve::Resolution;
use rustc_hash::FxBuildHasher;

/// A person's status in the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// No direct contact ever.
    Never,
    /// Last direct contact longer ago than `stale_after` days.
    Lapsed,
    Recent,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Never => "never",
            Status::Lapsed => "lapsed",
            Status::Recent => "recent",
        }
    }
}

/// What the report needs to know beyond the evidence.
#[derive(Clone, Debug)]
pub struct AnalyzeOptions {
    pub as_of: Date,
    pub tz: TimeZone,
    pub stale_after: i64,
    pub min_interactions: u64,
    /// Include `recent` people too.
    pub all: bool,
    /// Which channels count as direct contact; the others still count as
    /// evidence for first_seen.
    pub direct: DirectPolicy,
}

/// One row of the report, in the contract's column order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportRow {
    pub rank: usize,
    pub person_id: String,
    pub name: String,
    pub status: Status,
    pub days_without_direct: i64,
    pub last_direct: Option<Date>,
    pub first_seen: Date,
    pub last_online: Option<Date>,
    pub online_interactions: u64,
    pub direct_contacts: u64,
    pub sources: Vec<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub linkedin_url: Option<String>,
    pub company: Option<String>,
    pub position: Option<String>,
}

const ONLINE: u32 = 0;
const DIRECT: u32 = 1;
const SEEN: u32 = 2;

/// Ranks the people of `resolution` by the evidence in `events`.
///
/// # Errors
///
/// Only if polars fails, which would be a bug.
pub fn analyze(
    events: &[Event],
    resolution: &Resolution,
    opts: &AnalyzeOptions,
) -> PolarsResult<Vec<ReportRow>> {
    analyze_with(events, resolution, opts, &[])
}

/// [`analyze`] with a stale-after per person: `stale_after[i]`, when
/// present and `Some`, replaces `opts.stale_after` for `resolution.persons[i]`
/// (the config's keep-in-touch groups; the smallest of a person's groups).
///
/// # Errors
///
/// Only if polars fails, which would be a bug.
pub fn analyze_with(
    events: &[Event],
    resolution: &Resolution,
    opts: &AnalyzeOptions,
    stale_after: &[Option<i64>],
) -> PolarsResult<Vec<ReportRow>> {
    analyze_prepared(
        events,
        &prepare(events, opts),
        resolution,
        opts,
        stale_after,
    )
}

/// What analysis reads of the events alone, whoever they turn out to be:
/// each event's day in the report's zone and how many of its folded
/// messages are new. Needs no resolution, so `report` computes it while
/// resolving.
pub struct Prepared {
    days: Vec<Date>,
    new_messages: Vec<u32>,
    /// What they were prepared under.
    tz: TimeZone,
    as_of: Date,
}

/// Prepares `events` for [`analyze_prepared`] under `opts` (its zone and
/// `as_of`).
pub fn prepare(events: &[Event], opts: &AnalyzeOptions) -> Prepared {
    let days: Vec<Date> = events
        .par_iter()
        .map(|e| e.when().date_in(&opts.tz))
        .collect();
    let new_messages = new_messages(events, &days, opts.as_of);
    Prepared {
        days,
        new_messages,
        tz: opts.tz.clone(),
        as_of: opts.as_of,
    }
}

/// [`analyze_with`] on events already prepared under the same zone and
/// `as_of`.
///
/// # Errors
///
/// Only if polars fails, which would be a bug.
pub fn analyze_prepared(
    events: &[Event],
    prepared: &Prepared,
    resolution: &Resolution,
    opts: &AnalyzeOptions,
    stale_after: &[Option<i64>],
) -> PolarsResult<Vec<ReportRow>> {
    assert!(
        prepared.days.len() == events.len()
            && prepared.tz == opts.tz
            && prepared.as_of == opts.as_of,
        "prepared for these events, in this zone, as of this day"
    );
    let credits = credits(events, prepared, resolution, opts);
    let epoch = jiff::civil::date(1970, 1, 1);
    let as_of = days_since(epoch, opts.as_of);

    let evidence = DataFrame::new_infer_height(vec![
        Column::new("person".into(), credits.person),
        Column::new("kind".into(), credits.kind),
        Column::new("first".into(), credits.first),
        Column::new("last".into(), credits.last),
        Column::new("count".into(), credits.count),
    ])?;
    let people = DataFrame::new_infer_height(vec![
        Column::new(
            "person".into(),
            (0..resolution.persons.len())
                .map(|i| u32::try_from(i).expect("fits u32"))
                .collect::<Vec<u32>>(),
        ),
        Column::new(
            "person_id".into(),
            resolution
                .persons
                .iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<&str>>(),
        ),
        Column::new(
            "name".into(),
            resolution
                .persons
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<&str>>(),
        ),
        Column::new(
            "stale_after".into(),
            (0..resolution.persons.len())
                .map(|i| {
                    stale_after
                        .get(i)
                        .copied()
                        .flatten()
                        .unwrap_or(opts.stale_after)
                })
                .collect::<Vec<i64>>(),
        ),
    ])?;

    let last_or_first = when(col("last_direct").is_null())
        .then(col("first_seen"))
        .otherwise(col("last_direct"));
    let status = when(col("last_direct").is_null())
        .then(lit(Status::Never as u8 as u32))
        .when(col("days").gt(col("stale_after")))
        .then(lit(Status::Lapsed as u8 as u32))
        .otherwise(lit(Status::Recent as u8 as u32));
    let mut keep = col("online").gt_eq(lit(opts.min_interactions));
    if !opts.all {
        keep = keep.and(col("status").neq(lit(Status::Recent as u8 as u32)));
    }
    let ranked = evidence
        .lazy()
        .group_by([col("person")])
        .agg([
            col("first").min().alias("first_seen"),
            col("last")
                .filter(col("kind").eq(lit(DIRECT)))
                .max()
                .alias("last_direct"),
            col("last")
                .filter(col("kind").eq(lit(ONLINE)))
                .max()
                .alias("last_online"),
            col("count")
                .filter(col("kind").eq(lit(ONLINE)))
                .sum()
                .alias("online"),
            col("count")
                .filter(col("kind").eq(lit(DIRECT)))
                .sum()
                .alias("direct"),
        ])
        .with_column(
            (lit(as_of) - last_or_first)
                .cast(DataType::Int64)
                .alias("days"),
        )
        .join(
            people.lazy(),
            [col("person")],
            [col("person")],
            JoinArgs::new(JoinType::Inner),
        )
        .with_column(status.cast(DataType::UInt32).alias("status"))
        .filter(keep)
        .sort_by_exprs(
            [col("days"), col("online"), col("name"), col("person_id")],
            SortMultipleOptions::default()
                .with_order_descending_multi([true, true, false, false])
                .with_maintain_order(true),
        )
        .collect()?;

    let person = ranked.column("person")?.u32()?;
    let first_seen = ranked.column("first_seen")?.i32()?;
    let last_direct = ranked.column("last_direct")?.i32()?;
    let last_online = ranked.column("last_online")?.i32()?;
    let online = ranked.column("online")?.u64()?;
    let direct = ranked.column("direct")?.u64()?;
    let days = ranked.column("days")?.i64()?;
    let status = ranked.column("status")?.u32()?;
    let date = |d: Option<i32>| d.map(|d| epoch + jiff::Span::new().days(d));
    let mut rows = Vec::with_capacity(ranked.height());
    for i in 0..ranked.height() {
        let p = &resolution.persons[person.get(i).expect("person is never null") as usize];
        rows.push(ReportRow {
            rank: i + 1,
            person_id: p.id.to_string(),
            name: p.name.clone(),
            status: match status.get(i) {
                Some(0) => Status::Never,
                Some(1) => Status::Lapsed,
                _ => Status::Recent,
            },
            days_without_direct: days.get(i).unwrap_or_default(),
            last_direct: date(last_direct.get(i)),
            first_seen: date(first_seen.get(i)).unwrap_or(opts.as_of),
            last_online: date(last_online.get(i)),
            online_interactions: online.get(i).unwrap_or_default(),
            direct_contacts: direct.get(i).unwrap_or_default(),
            sources: p.sources.iter().map(|s| s.as_str().to_owned()).collect(),
            emails: p.emails.iter().map(ToString::to_string).collect(),
            phones: p.phones.iter().map(ToString::to_string).collect(),
            linkedin_url: p.linkedin.as_ref().map(ToString::to_string),
            company: p.company.clone(),
            position: p.position.clone(),
        });
    }
    Ok(rows)
}

fn days_since(epoch: Date, d: Date) -> i32 {
    epoch.until(d).map_or(0, |s| s.get_days())
}

/// The evidence reduced to one row per person and kind, as columns ready
/// for a frame: the first and last day and the number of interactions.
///
/// The reduction streams over the events and keeps three slots per person,
/// so its memory follows people, not messages; polars then computes the
/// per-person numbers from at most three rows each (docs/performance.md).
#[derive(Default)]
struct Credits {
    person: Vec<u32>,
    kind: Vec<u32>,
    first: Vec<i32>,
    last: Vec<i32>,
    /// How many interactions the rows stand for (folded messages).
    count: Vec<u64>,
}

/// One person's credits of one kind so far.
#[derive(Clone, Copy)]
struct Span {
    first: i32,
    last: i32,
    count: u64,
}

/// Applies the crediting rule to every event dated on or before `as_of`.
fn credits(
    events: &[Event],
    prepared: &Prepared,
    resolution: &Resolution,
    opts: &AnalyzeOptions,
) -> Credits {
    let epoch = jiff::civil::date(1970, 1, 1);
    let mut spans: Vec<[Option<Span>; 3]> = vec![[None; 3]; resolution.persons.len()];
    // Consecutive events mostly share their day: convert it once per run.
    let mut last_day = None;
    each_credit(
        events,
        prepared,
        resolution,
        opts,
        &mut |p, kind, (first, last), count, _| {
            let mut days = |day: Date| match last_day {
                Some((date, d)) if date == day => d,
                _ => {
                    let d = days_since(epoch, day);
                    last_day = Some((day, d));
                    d
                }
            };
            let (first, last) = if first == last {
                let d = days(first);
                (d, d)
            } else {
                (days(first), days(last))
            };
            let slot = &mut spans[p][kind as usize];
            match slot {
                Some(s) => {
                    s.first = s.first.min(first);
                    s.last = s.last.max(last);
                    s.count += count;
                }
                None => {
                    *slot = Some(Span { first, last, count });
                }
            }
        },
    );
    let mut out = Credits::default();
    for (p, slots) in spans.iter().enumerate() {
        for (kind, span) in (0u32..).zip(slots) {
            if let Some(s) = span {
                out.person.push(u32::try_from(p).expect("fits u32"));
                out.kind.push(kind);
                out.first.push(s.first);
                out.last.push(s.last);
                out.count.push(s.count);
            }
        }
    }
    out
}

/// The first and last day an event covers.
type Days = (Date, Date);

/// The crediting rule, once: calls `f(person, kind, (first, last), count,
/// event)` for every person (never the owner) an event dated on or before
/// `as_of` counts for, with the days it covers (one day, but for messages
/// folded whole); an event seen twice (same `dedup_key`) counts once, and
/// a folded message already counted (same fingerprint) is not counted
/// again.
fn each_credit(
    events: &[Event],
    prepared: &Prepared,
    resolution: &Resolution,
    opts: &AnalyzeOptions,
    f: &mut dyn FnMut(usize, u32, Days, u64, &Event),
) {
    let owner = resolution.owner();
    let person_of = |r: RecordRef| resolution.person_of[r as usize];
    let mut seen_keys: BTreeSet<&str> = BTreeSet::new();
    let Prepared {
        days, new_messages, ..
    } = prepared;
    let mut credited: Vec<usize> = Vec::new();
    for ((event, &day), &new) in events.iter().zip(days).zip(new_messages) {
        if day > opts.as_of {
            continue;
        }
        if let Some(key) = event.dedup_key() {
            if !seen_keys.insert(key) {
                continue;
            }
        }
        let (days, count) = match event.span() {
            Some(span) => {
                // A span is folded on one side of as_of (`Fold::Whole`).
                assert!(
                    span.last <= opts.as_of,
                    "messages folded whole as of another day than the analysis's"
                );
                ((span.first, span.last), u64::from(span.count))
            }
            None if event.folded.is_empty() => ((day, day), 1),
            None => ((day, day), u64::from(new)),
        };
        if count == 0 {
            continue;
        }
        credited.clear();
        let sender = event.sender().map(person_of);
        let (kind, everyone) = match event.kind {
            EventKind::Online => (ONLINE, sender.is_none() || sender == owner),
            EventKind::Direct if opts.direct.is_direct(event.channel()) => (DIRECT, true),
            EventKind::Direct | EventKind::Seen => (SEEN, true),
        };
        if everyone {
            credited.extend(event.participants().iter().map(|&r| person_of(r)));
            if let Some(s) = sender {
                credited.push(s);
            }
        } else if let Some(s) = sender {
            credited.push(s);
        }
        credited.sort_unstable();
        credited.dedup();
        for &p in credited.iter().filter(|&&p| Some(p) != owner) {
            f(p, kind, days, count, event);
        }
    }
}

/// For each event (on `days[i]` in the report's zone), how many of its
/// folded messages count: those whose fingerprint no earlier event (in
/// input order) on the same day holds, so a message read from two
/// overlapping exports counts once (0 for an event that folds no messages,
/// or is dated after `as_of`). The same message read twice has one instant
/// (every importer puts it in the fingerprint), so one day.
///
/// Two passes over the events, on all cores (a heavy archive's millions of
/// messages must not cost a set of them all, nor a walk through the events
/// in any other order than theirs): the first marks each (day,
/// fingerprint) in a Bloom filter of 16 bits a message and keeps the ones
/// it finds marked already — every repeat, whichever core marks it first,
/// and under 1% false positives — as candidates; the second counts every
/// message that is not a candidate, then, on one core and in input order,
/// a candidate the first time it is met. The filter only narrows down
/// which messages the exact set must hold (docs/performance.md).
fn new_messages(events: &[Event], days: &[Date], as_of: Date) -> Vec<u32> {
    let counted = |(e, &day): (&Event, &Date)| !e.folded.is_empty() && day <= as_of;
    let prints: usize = events
        .par_iter()
        .zip(days)
        .filter(|&pair| counted(pair))
        .map(|(e, _)| e.folded.len())
        .sum();
    let filter = Bloom::new(prints);
    let candidates: HashSet<(Date, u64), FxBuildHasher> = events
        .par_iter()
        .zip(days)
        .filter(|&pair| counted(pair))
        .flat_map_iter(|(e, &day)| {
            let filter = &filter;
            e.folded
                .iter()
                .filter(move |&&print| filter.insert(day, print))
                .map(move |&print| (day, print))
        })
        .collect();
    // Per event, the messages that are no candidate, and in the top bit
    // whether it holds a candidate (an event folds far fewer than 2^31).
    const HOLDS_CANDIDATE: u32 = 1 << 31;
    let mut new: Vec<u32> = events
        .par_iter()
        .zip(days)
        .map(|pair| {
            if !counted(pair) {
                return 0;
            }
            let (e, &day) = pair;
            let n = e
                .folded
                .iter()
                .filter(|&&print| !candidates.contains(&(day, print)))
                .count();
            let n = u32::try_from(n).expect("fewer than 2^31 messages in an event");
            if (n as usize) < e.folded.len() {
                n | HOLDS_CANDIDATE
            } else {
                n
            }
        })
        .collect();
    let mut seen: HashSet<(Date, u64), FxBuildHasher> = HashSet::default();
    for ((e, &day), n) in events.iter().zip(days).zip(&mut new) {
        if *n & HOLDS_CANDIDATE != 0 {
            *n &= !HOLDS_CANDIDATE;
            for &print in e.folded.iter() {
                if candidates.contains(&(day, print)) && seen.insert((day, print)) {
                    *n += 1;
                }
            }
        }
    }
    new
}

/// A blocked Bloom filter of (day, fingerprint) pairs: two bits in one
/// 64-bit word per pair, 16 bits per pair expected. Marked from all cores:
/// both bits of a pair are set in one atomic step, so of two cores marking
/// the same pair, one finds it marked.
struct Bloom {
    words: Vec<AtomicU64>,
}

impl Bloom {
    fn new(pairs: usize) -> Bloom {
        Bloom {
            words: std::iter::repeat_with(|| AtomicU64::new(0))
                .take((pairs / 4).max(1))
                .collect(),
        }
    }

    /// Marks the pair; true when it may have been marked before.
    fn insert(&self, day: Date, print: u64) -> bool {
        let day =
            i64::from(day.year()) * 10_000 + i64::from(day.month()) * 100 + i64::from(day.day());
        let day = u64::from_ne_bytes(day.to_ne_bytes());
        let mut h = (print ^ day.rotate_left(40)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h ^= h >> 29;
        h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h ^= h >> 32;
        let len = self.words.len() as u64;
        // The high half of h times len: a word index, uniform in 0..len.
        let word = ((u128::from(h) * u128::from(len)) >> 64) as usize;
        let mask = (1u64 << (h & 63)) | (1u64 << ((h >> 6) & 63));
        self.words[word].fetch_or(mask, AtomicOrdering::Relaxed) & mask == mask
    }
}

/// One piece of evidence as the report counts it, for `offgrid explain`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credit {
    /// Index into `resolution.persons`.
    pub person: usize,
    /// Online, Direct (under the channel policy), or Seen (evidence for
    /// first_seen only, including direct channels the policy switched off).
    pub kind: EventKind,
    pub date: Date,
    /// How many interactions: more than one for messages folded by day.
    /// (`explain`, which lists credits, folds by day; messages folded
    /// whole would be credited on their last day.)
    pub count: u64,
    pub channel: Channel,
    pub location: Location,
    /// An online interaction this person sent (rather than the owner, to
    /// them); false for every other kind.
    pub theirs: bool,
}

/// Every credit the report's numbers are computed from, in event order:
/// the same rule [`analyze`] applies, as plain rows.
pub fn credited(events: &[Event], resolution: &Resolution, opts: &AnalyzeOptions) -> Vec<Credit> {
    let mut out = Vec::new();
    let person_of = |r: RecordRef| resolution.person_of[r as usize];
    each_credit(
        events,
        &prepare(events, opts),
        resolution,
        opts,
        &mut |person, kind, (_, date), count, event| {
            out.push(Credit {
                count,
                person,
                kind: match kind {
                    ONLINE => EventKind::Online,
                    DIRECT => EventKind::Direct,
                    _ => EventKind::Seen,
                },
                date,
                channel: event.channel().clone(),
                location: event.location(),
                theirs: kind == ONLINE && event.sender().map(person_of) == Some(person),
            });
        },
    );
    out
}

pub mod suggest;

#[cfg(test)]
mod tests;
