//! `offgrid explain`: how one person was put together and how their report
//! numbers come out, in three parts — the records that make up the person
//! and the link that joined each (as `offgrid people` shows them); the
//! evidence as the report credits it (online interactions per channel and
//! month, direct contacts one by one, other evidence per channel and
//! month); and the report's numbers with where each comes from.

use std::collections::BTreeMap;
use std::io::{self, Write};

use jiff::civil::Date;

use super::clean;
use super::people::{links_by_record, members, write_member};
use crate::analyze::suggest::{Cadence, Score, Standing, Stats, SuggestOptions, Week};
use crate::analyze::{AnalyzeOptions, Credit, ReportRow};
use crate::model::{Channel, EventKind, Record};
use crate::resolve::Resolution;

/// What `explain` shows of one person.
pub struct Explained<'a> {
    pub records: &'a [Record],
    pub res: &'a Resolution,
    /// The person's index in `res.persons`.
    pub person: usize,
    /// The report's row for them (`--all`, no minimum), when they have
    /// evidence on or before as_of.
    pub row: Option<&'a ReportRow>,
    /// Their evidence as the report credits it.
    pub credits: &'a [Credit],
    pub opts: &'a AnalyzeOptions,
    /// How `offgrid suggest` sees them this week; `None` for the owner.
    pub suggestion: Option<Suggested<'a>>,
}

/// A person's suggestion score this week and where they stand.
pub struct Suggested<'a> {
    pub week: &'a Week,
    pub options: &'a SuggestOptions,
    /// Their numbers and score on the decision day; `None` before any
    /// evidence.
    pub score: Option<(Stats, Score)>,
    pub cadence: &'a Cadence,
    pub reach: Option<&'a str>,
    pub standing: Standing,
}

/// Writes the explanation.
///
/// # Errors
///
/// When writing fails.
pub fn write(e: &Explained<'_>, out: &mut dyn Write) -> io::Result<()> {
    let (records, res, ix, row, credits, opts) =
        (e.records, e.res, e.person, e.row, e.credits, e.opts);
    let person = &res.persons[ix];
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
        write_member(out, k, &records[m.record as usize], m)?;
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
    for c in credits {
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
    if let Some(sg) = &e.suggestion {
        write_suggestion(sg, out)?;
    }
    Ok(())
}

/// The suggestion score's parts, each with where it comes from
/// (docs/report.md "Suggestions"), then where the person stands this week.
fn write_suggestion(sg: &Suggested<'_>, out: &mut dyn Write) -> io::Result<()> {
    let (week, o) = (sg.week, sg.options);
    writeln!(
        out,
        "\nThis week's suggestion ({}, chosen on the evidence up to {}):",
        week.week, week.decided_on
    )?;
    if let Some((s, score)) = &sg.score {
        let w = &o.weights;
        writeln!(
            out,
            "  wait                 {:.2}        {} days / ({} + wait-half {})",
            score.wait, s.days_without_direct, s.days_without_direct, o.wait_half
        )?;
        let ways = if s.recent == 0 {
            String::new()
        } else if s.recent_theirs == s.recent {
            format!(", all from them: × one-way {}", o.one_way)
        } else if s.recent_theirs == 0 {
            format!(", all from you: × one-way {}", o.one_way)
        } else {
            ", both ways".to_owned()
        };
        writeln!(
            out,
            "  warmth               {:.2}        {} online interactions in the last {} days / ({} + warm-half {}){ways}",
            score.warmth, s.recent, o.warm_days, s.recent, o.warm_half
        )?;
        let cadence = match &sg.cadence.group {
            Some(g) => format!("the {g} group's {} days", sg.cadence.days),
            None => format!("the stale-after of {} days", sg.cadence.days),
        };
        writeln!(
            out,
            "  overdue              {:.2}        {} days against {cadence}, 0 within it, 1 at twice it",
            score.overdue, s.days_without_direct
        )?;
        writeln!(
            out,
            "  reach                {:.2}        {}",
            score.reach,
            sg.reach.unwrap_or("no known way")
        )?;
        writeln!(
            out,
            "  score                {:<10.1}  100 × ({}·wait + {}·warmth + {}·overdue + {}·reach) / {}",
            super::suggest::score(score.total),
            w.wait,
            w.warmth,
            w.overdue,
            w.reach,
            w.wait + w.warmth + w.overdue + w.reach
        )?;
    }
    let standing = match &sg.standing {
        Standing::Suggested { rank, again: false } => format!("suggested this week, #{rank}"),
        Standing::Suggested { rank, again: true } => {
            format!("suggested this week, #{rank}, again: too few others qualify")
        }
        Standing::Done { contacted } => {
            format!("suggested this week, and done: direct contact on {contacted}")
        }
        Standing::SteppedAside { week } => {
            format!("stepping aside: suggested in {week}")
        }
        Standing::Outscored => format!(
            "a candidate, not among this week's {}: others scored higher",
            o.count
        ),
        Standing::Out(why) => format!("not a candidate: {why}"),
    };
    writeln!(out, "  {standing}")
}

fn date_or_dash(d: Option<Date>) -> String {
    d.map_or_else(|| "—         ".to_owned(), |d| d.to_string())
}

fn channel_label(c: &Channel) -> &'static str {
    match c {
        Channel::LinkedinMessage => "linkedin message",
        Channel::LinkedinConnection => "linkedin connection",
        Channel::LinkedinEndorsement => "linkedin endorsement",
        Channel::LinkedinRecommendation => "linkedin recommendation",
        Channel::FacebookMessage => "facebook message",
        Channel::FacebookFriend => "facebook friend",
        Channel::InstagramMessage => "instagram message",
        Channel::MessengerCall => "messenger call",
        Channel::PhoneCall => "phone call",
        Channel::Sms => "sms",
        Channel::Mms => "mms",
        Channel::Meeting => "meeting",
        Channel::VideoMeeting => "video meeting",
        Channel::WhatsappMessage => "whatsapp message",
        Channel::WhatsappCall => "whatsapp call",
        Channel::Email => "email",
        Channel::Touchpoint(_) => "touchpoint",
    }
}
