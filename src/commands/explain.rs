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

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context as _};

use super::messages::Messages;
use super::pipeline::{self, Settings};
use super::ExitCode;
use crate::analyze::{analyze, credited, AnalyzeOptions, Credit};
use crate::cli::ExplainArgs;
use crate::import::Fold;
use crate::render::clean;
use crate::render::explain::{self, Explained, Suggested};

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
    let region = settings.ctx.region;
    let loaded = pipeline::load(settings, Fold::Day, &mut messages)?;
    let records = &loaded.imported.sink.records;
    let res = &loaded.resolution;
    let who = args.who.trim();
    let ctx = &loaded.settings.ctx;
    let found = pipeline::find(records, res, who, ctx.region);
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

    let suggest_opts = super::suggest::options(config, None)?;
    let (suggester, _) = super::suggest::suggester(&loaded, &opts, suggest_opts);
    let week = suggester.week(ctx.as_of);
    let reach = suggester.best_reach(ix);
    let suggestion = (!person.owner).then(|| Suggested {
        week: &week,
        options: suggester.options(),
        score: suggester.score(ix, week.decided_on),
        cadence: suggester.cadence(ix),
        reach,
        standing: suggester.standing(&week, ix),
    });

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    explain::write(
        &Explained {
            records,
            res,
            person: ix,
            row,
            credits: &credits,
            opts: &opts,
            suggestion,
        },
        &mut out,
    )?;
    out.flush()?;
    Ok(messages.after_resolution(&loaded.imported, res, region))
}
