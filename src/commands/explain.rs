//! `offgrid explain <who>`: how one person was put together and how their
//! report numbers come out.
//!
//! Three parts: the records that make up the person and the link that
//! joined each (the same links `offgrid people` shows); the evidence, as
//! the report credits it (online interactions counted per channel and
//! month, direct contacts listed one by one, other evidence per channel and
//! month); and the report's numbers for them with where each comes from.
//! The numbers are the report's own row (`analyze` with `--all` and no
//! minimum), and the evidence is `analyze::credited`, the report's
//! crediting rule, so nothing here can disagree with the report.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context as _};
use jiff::civil::Date;

use super::messages::Messages;
use super::people::{clean, links_by_record, members, report_warnings, write_member};
use super::pipeline::{self, Settings};
use super::ExitCode;
use crate::analyze::{analyze, credited, AnalyzeOptions, Credit};
use crate::cli::ExplainArgs;
use crate::import::Fold;
use crate::model::{Channel, EventKind, Identifier, Record};
use crate::resolve::Resolution;

/// Runs `offgrid explain`.
///
/// # Errors
///
/// When an input cannot be read, WHO matches nobody or several people, or
/// the output cannot be written.
pub fn run(config_flag: Option<&Path>, args: &ExplainArgs) -> anyhow::Result<ExitCode> {
    let mut messages = Messages::new(args.quiet);
    let settings = Settings::settle(
        config_flag,
        &args.inputs,
        &args.place,
        args.window.as_of,
        &args.limits,
    )?;
    // Messages folded by day: the evidence is shown per day and month.
    let loaded = pipeline::load(settings, Fold::Day, &mut messages)?;
    let records = &loaded.imported.sink.records;
    let res = &loaded.resolution;
    let who = args.who.trim();
    let ctx = &loaded.settings.ctx;
    let found = find(records, res, who, ctx.region);
    let ix = match found.as_slice() {
        [one] => *one,
        [] => bail!("{who:?} matches nobody: give a name, an email address, a phone number or a person_id as `offgrid people` lists them"),
        many => {
            let list: Vec<String> = many
                .iter()
                .map(|&i| format!("{} ({})", res.persons[i].id, clean(&res.persons[i].name)))
                .collect();
            bail!(
                "{who:?} matches {} people: {}; give their email, phone or person_id",
                many.len(),
                list.join(", ")
            );
        }
    };
    let person = &res.persons[ix];
    let config = &loaded.settings.config;
    let opts = AnalyzeOptions {
        as_of: ctx.as_of,
        tz: ctx.tz.clone(),
        stale_after: args.window.stale_after_or(config.stale_after),
        min_interactions: 0,
        all: true,
        direct: config.direct.clone(),
    };
    let events = &loaded.imported.sink.events;
    let rows = analyze(events, res, &opts).context("analysis failed")?;
    let row = rows.iter().find(|r| r.person_id == person.id.as_str());
    let credits: Vec<Credit> = credited(events, res, &opts)
        .into_iter()
        .filter(|c| c.person == ix)
        .collect();

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    writeln!(out, "{} ({})", clean(&person.name), person.id)?;
    if person.owner {
        writeln!(
            out,
            "This is you, the owner of the exports: never in the report."
        )?;
    }

    // 1. Records and links.
    let links_of = links_by_record(res);
    let list = members(records, person, &links_of);
    writeln!(out, "\nRecords ({}), and why each is linked:", list.len())?;
    for (k, m) in list.iter().enumerate() {
        write_member(&mut out, k, &records[m.record as usize], m)?;
    }
    for a in res.ambiguous.iter().filter(|a| a.candidates.contains(&ix)) {
        writeln!(
            out,
            "  note: \"{}\" also fits {} other people, so records with only that name were linked to none of them",
            clean(&a.name),
            a.candidates.len() - 1
        )?;
    }

    // 2. Evidence.
    writeln!(
        out,
        "\nEvidence dated on or before {} (dates in {}):",
        opts.as_of,
        opts.tz.iana_name().unwrap_or("the given zone")
    )?;
    if credits.is_empty() {
        writeln!(out, "  none")?;
    }
    let mut online: BTreeMap<(String, &'static str), u64> = BTreeMap::new();
    let mut seen: BTreeMap<(String, &'static str), (u64, Date)> = BTreeMap::new();
    let mut direct: Vec<&Credit> = Vec::new();
    for c in &credits {
        let month = format!("{:04}-{:02}", c.date.year(), c.date.month());
        match c.kind {
            EventKind::Online => {
                *online
                    .entry((month, channel_label(&c.channel)))
                    .or_default() += c.count
            }
            EventKind::Direct => direct.push(c),
            EventKind::Seen => {
                let e = seen
                    .entry((month, channel_label(&c.channel)))
                    .or_insert((0, c.date));
                e.0 += c.count;
                e.1 = e.1.min(c.date);
            }
        }
    }
    if !online.is_empty() {
        writeln!(out, "  online interactions, per month and channel:")?;
        for ((month, label), n) in online.iter().rev() {
            writeln!(out, "    {month}  {label:<20} {n}")?;
        }
    }
    if !direct.is_empty() {
        writeln!(out, "  direct contacts:")?;
        direct.sort_by(|a, b| b.date.cmp(&a.date).then(a.location.cmp(&b.location)));
        for c in &direct {
            writeln!(
                out,
                "    {}  {:<20} {}",
                c.date,
                channel_label(&c.channel),
                c.location
            )?;
        }
    }
    if !seen.is_empty() {
        writeln!(
            out,
            "  other evidence (counts for first_seen only), per month and channel:"
        )?;
        for ((month, label), (n, _)) in seen.iter().rev() {
            writeln!(out, "    {month}  {label:<20} {n}")?;
        }
    }

    // 3. The numbers.
    writeln!(out, "\nHow the report's numbers come out:")?;
    match row {
        None => writeln!(
            out,
            "  no evidence dated on or before {}: not in the report",
            opts.as_of
        )?,
        Some(row) => {
            let first = credits.iter().min_by_key(|c| c.date);
            writeln!(
                out,
                "  first_seen           {}  the earliest evidence of any kind{}",
                row.first_seen,
                first.map_or(String::new(), |c| format!(
                    " ({})",
                    channel_label(&c.channel)
                ))
            )?;
            writeln!(
                out,
                "  last_online          {}  the latest online interaction",
                date_or_dash(row.last_online)
            )?;
            writeln!(out, "  online_interactions  {}", row.online_interactions)?;
            writeln!(
                out,
                "  last_direct          {}  the latest direct contact",
                date_or_dash(row.last_direct)
            )?;
            writeln!(out, "  direct_contacts      {}", row.direct_contacts)?;
            let basis = match row.last_direct {
                Some(d) => format!("{} − {d} (last_direct)", opts.as_of),
                None => format!(
                    "{} − {} (first_seen: never any direct contact)",
                    opts.as_of, row.first_seen
                ),
            };
            writeln!(
                out,
                "  days_without_direct  {:<10}  {basis}",
                row.days_without_direct
            )?;
            let why = match row.status {
                crate::analyze::Status::Never => "no direct contact ever".to_owned(),
                crate::analyze::Status::Lapsed => format!(
                    "{} > --stale-after {}",
                    crate::render::days(row.days_without_direct),
                    opts.stale_after
                ),
                crate::analyze::Status::Recent => format!(
                    "{} ≤ --stale-after {}",
                    crate::render::days(row.days_without_direct),
                    opts.stale_after
                ),
            };
            writeln!(
                out,
                "  status               {:<10}  {why}",
                row.status.as_str()
            )?;
            let listed =
                row.status != crate::analyze::Status::Recent && row.online_interactions >= 1;
            writeln!(
                out,
                "  {}",
                if person.owner {
                    "never in the report (the owner)".to_owned()
                } else if listed {
                    "in the default report (never or lapsed, at least 1 online interaction)"
                        .to_owned()
                } else if row.status == crate::analyze::Status::Recent {
                    "in the report only with --all (recent)".to_owned()
                } else {
                    "not in the default report: no online interaction".to_owned()
                }
            )?;
        }
    }
    out.flush()?;
    Ok(report_warnings(&loaded.imported, res, &messages))
}

fn date_or_dash(d: Option<Date>) -> String {
    d.map_or_else(|| "—         ".to_owned(), |d| d.to_string())
}

/// The people WHO names: a person_id, an email, a phone number, or a name
/// (any non-hint name of their records, folded as resolution folds it).
fn find(
    records: &[Record],
    res: &Resolution,
    who: &str,
    region: crate::model::Region,
) -> Vec<usize> {
    let by_id: Vec<usize> = (0..res.persons.len())
        .filter(|&i| res.persons[i].id.as_str() == who)
        .collect();
    if !by_id.is_empty() {
        return by_id;
    }
    Identifier::parse(who, region).map_or_else(Vec::new, |who| res.directory(records).named(&who))
}

fn channel_label(c: &Channel) -> &'static str {
    match c {
        Channel::LinkedinMessage => "linkedin message",
        Channel::LinkedinConnection => "linkedin connection",
        Channel::FacebookMessage => "facebook message",
        Channel::FacebookFriend => "facebook friend",
        Channel::MessengerCall => "messenger call",
        Channel::PhoneCall => "phone call",
        Channel::Sms => "sms",
        Channel::Mms => "mms",
        Channel::Meeting => "meeting",
        Channel::VideoMeeting => "video meeting",
        Channel::Touchpoint(_) => "touchpoint",
    }
}
