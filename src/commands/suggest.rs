//! `offgrid suggest`: the few people to contact this week, each with why
//! and how (docs/report.md "Suggestions"). Reads and resolves as `report`
//! does, credits the evidence by the report's rule (`analyze::credited`),
//! and leaves the choice to `analyze::suggest`.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context as _};
use jiff::civil::{Time, Weekday};

use super::messages::Messages;
use super::pipeline::{self, Loaded, Settings};
use super::report::group_cadences;
use super::{usage, ExitCode};
use crate::analyze::suggest::{Cadence, SuggestOptions, Suggester, Weights};
use crate::analyze::{credited, AnalyzeOptions};
use crate::cli::SuggestArgs;
use crate::config::Config;
use crate::import::Fold;
use crate::render::ics::{self, Reminder};
use crate::render::suggest::{self, SuggestFormat};

/// The choice's options: the config's `[suggest]` over the defaults, with
/// `count` (`-n`) over both.
///
/// # Errors
///
/// When a `[suggest]` value is out of its range.
pub(crate) fn options(config: &Config, count: Option<usize>) -> anyhow::Result<SuggestOptions> {
    let c = &config.suggest;
    let d = SuggestOptions::default();
    let w = Weights::default();
    let non_negative = |key: &str, v: Option<f64>, default: f64| -> anyhow::Result<f64> {
        match v {
            Some(x) if !(x.is_finite() && x >= 0.0) => {
                bail!("config: [suggest] {key}: expected a number of 0 or more, found {x}")
            }
            Some(x) => Ok(x),
            None => Ok(default),
        }
    };
    let positive = |key: &str, v: Option<f64>, default: f64| -> anyhow::Result<f64> {
        match v {
            Some(x) if !(x.is_finite() && x > 0.0) => {
                bail!("config: [suggest] {key}: expected a number above 0, found {x}")
            }
            Some(x) => Ok(x),
            None => Ok(default),
        }
    };
    let one_way = non_negative("one-way", c.one_way, d.one_way)?;
    if one_way > 1.0 {
        bail!("config: [suggest] one-way: expected a number from 0 to 1, found {one_way}");
    }
    let count = count.or(c.count).unwrap_or(d.count);
    if count == 0 {
        return Err(usage("-n: expected 1 or more people"));
    }
    Ok(SuggestOptions {
        count,
        weights: Weights {
            wait: non_negative("weights.wait", c.weights.wait, w.wait)?,
            warmth: non_negative("weights.warmth", c.weights.warmth, w.warmth)?,
            overdue: non_negative("weights.overdue", c.weights.overdue, w.overdue)?,
            reach: non_negative("weights.reach", c.weights.reach, w.reach)?,
        },
        wait_half: positive("wait-half", c.wait_half, d.wait_half)?,
        warm_days: c.warm_days.map_or(d.warm_days, i64::from),
        warm_half: positive("warm-half", c.warm_half, d.warm_half)?,
        one_way,
        min_days: c.min_days.map_or(d.min_days, i64::from),
        rotation_weeks: c.rotation_weeks.unwrap_or(d.rotation_weeks),
        min_interactions: config.min_interactions.unwrap_or(d.min_interactions),
    })
}

/// When the calendar reminders are: the config's `remind-day`,
/// `remind-at` and `remind-minutes`, else Friday at 16:00 for 30 minutes,
/// in the run's zone.
fn reminder(config: &Config, settings: &Settings) -> anyhow::Result<Reminder> {
    let c = &config.suggest;
    let weekday = match c
        .remind_day
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("friday") => Weekday::Friday,
        Some("monday") => Weekday::Monday,
        Some("tuesday") => Weekday::Tuesday,
        Some("wednesday") => Weekday::Wednesday,
        Some("thursday") => Weekday::Thursday,
        Some("saturday") => Weekday::Saturday,
        Some("sunday") => Weekday::Sunday,
        Some(other) => bail!(
            "config: [suggest] remind-day: expected a weekday such as friday, found {other:?}"
        ),
    };
    let at = match &c.remind_at {
        None => Time::constant(16, 0, 0, 0),
        Some(s) => s.trim().parse::<Time>().ok().with_context(|| {
            format!(
                "config: [suggest] remind-at: expected a time of day such as 16:00, found {s:?}"
            )
        })?,
    };
    Ok(Reminder {
        weekday,
        at,
        minutes: c.remind_minutes.unwrap_or(30).max(1),
        tz: settings.ctx.tz.clone(),
    })
}

/// `--format`, else what `--output`'s extension says, else the listing.
fn settle_format(
    format: Option<SuggestFormat>,
    output: Option<&Path>,
) -> anyhow::Result<SuggestFormat> {
    super::settle_format(
        format,
        output,
        SuggestFormat::Table,
        &[
            (&["csv"], SuggestFormat::Csv),
            (&["json"], SuggestFormat::Json),
            (&["md", "markdown"], SuggestFormat::Markdown),
            (&["ics"], SuggestFormat::Ics),
        ],
        "table, json, markdown, csv or ics",
    )
}

/// The analysis options `suggest` credits evidence under: the report's,
/// with everyone kept.
pub(crate) fn analyze_options(settings: &Settings, stale_after: i64) -> AnalyzeOptions {
    AnalyzeOptions {
        as_of: settings.ctx.as_of,
        tz: settings.ctx.tz.clone(),
        stale_after,
        min_interactions: 0,
        all: true,
        direct: settings.config.direct.clone(),
    }
}

/// The suggester for a loaded run, with the notices its groups give.
pub(crate) fn suggester<'a>(
    loaded: &'a Loaded,
    opts: &AnalyzeOptions,
    suggest: SuggestOptions,
) -> (Suggester<'a>, Vec<String>) {
    let res = &loaded.resolution;
    let records = &loaded.imported.sink.records;
    let credits = credited(&loaded.imported.sink.events, res, opts);
    let (groups, notices) = group_cadences(
        &loaded.settings.config,
        res,
        records,
        loaded.settings.ctx.region,
    );
    let cadences: Vec<Cadence> = groups
        .into_iter()
        .map(|g| {
            g.unwrap_or(Cadence {
                days: opts.stale_after,
                group: None,
            })
        })
        .collect();
    (Suggester::new(res, &credits, cadences, suggest), notices)
}

/// Runs `offgrid suggest`.
///
/// # Errors
///
/// When nothing usable could be read, the config's `[suggest]` is out of
/// range, or the output cannot be written.
pub fn run(config_flag: Option<&Path>, args: &SuggestArgs) -> anyhow::Result<ExitCode> {
    let mut messages = Messages::new(args.quiet);
    let settings = Settings::settle(
        config_flag,
        &args.inputs,
        &args.place,
        args.window.as_of,
        &args.limits,
    )?;
    let format = settle_format(args.format, args.output.as_deref())?;
    let suggest_opts = options(&settings.config, args.count)?;
    let reminder = reminder(&settings.config, &settings)?;
    let stale_after = args.window.stale_after_or(settings.config.stale_after);
    let opts = analyze_options(&settings, stale_after);
    for notice in &settings.config.notices {
        messages.notice(notice);
    }
    let region = settings.ctx.region;
    // Messages folded by day: earlier weeks are chosen on earlier days.
    let loaded = pipeline::load(settings, Fold::Day, &mut messages)?;
    let (suggester, notices) = suggester(&loaded, &opts, suggest_opts);
    for n in &notices {
        messages.notice(n);
    }
    let week = suggester.week(opts.as_of);
    let render = |out: &mut dyn Write| match format {
        SuggestFormat::Table => suggest::write_table(&week, out),
        SuggestFormat::Json => suggest::write_json(&week, out),
        SuggestFormat::Markdown => suggest::write_markdown(&week, out),
        SuggestFormat::Csv => suggest::write_csv(&week, out),
        SuggestFormat::Ics => ics::write(&week, &reminder, out),
    };
    match &args.output {
        Some(path) => crate::render::write_atomically(path, &render)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            render(&mut lock)?;
            lock.flush()?;
        }
    }
    messages.info(format_args!(
        "{}: {} suggested of {} who qualify, chosen on the evidence up to {}",
        week.week,
        week.suggestions.len(),
        week.qualified,
        week.decided_on
    ));
    Ok(messages.after_resolution(&loaded.imported, &loaded.resolution, region))
}
