//! `offgrid report`: discover → import → resolve → analyze → render.
//!
//! This is where the clock, the time zone and the locale are read, once, and
//! settled into plain options; no stage reads them (STYLE.md convention 9).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

use super::{owner_record, settle_date, settle_inputs, settle_region, settle_tz, ExitCode};
use crate::analyze::{analyze, AnalyzeOptions};
use crate::cli::ReportArgs;
use crate::config::Config;
use crate::discover::discover;
use crate::import::Context;
use crate::render::{self, Format, Meta};
use crate::resolve::resolve;

/// How many warnings are printed one by one before the rest are counted.
const MAX_WARNINGS_SHOWN: usize = 50;

/// Settled options for one report run.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    pub inputs: Vec<PathBuf>,
    pub ctx: Context,
    pub analyze: AnalyzeOptions,
    pub format: Format,
    pub output: Option<PathBuf>,
    pub quiet: bool,
}

impl ReportOptions {
    /// Validates the command line and fills in what it leaves out from the
    /// config file, then from the environment (time zone, today, locale).
    ///
    /// # Errors
    ///
    /// When a value is malformed: an unknown time zone, a bad date or region.
    pub fn from_args(args: &ReportArgs, config: &Config) -> anyhow::Result<ReportOptions> {
        let tz = settle_tz(args.tz.as_deref(), config)?;
        let as_of = settle_date(args.as_of.as_deref(), "--as-of", &tz)?;
        let region = settle_region(args.region.as_deref(), config)?;
        Ok(ReportOptions {
            inputs: settle_inputs(&args.inputs, config)?,
            ctx: Context {
                region,
                tz: tz.clone(),
                as_of,
            },
            analyze: AnalyzeOptions {
                as_of,
                tz,
                stale_after: i64::from(args.stale_after.or(config.stale_after).unwrap_or(365)),
                min_interactions: args
                    .min_interactions
                    .or(config.min_interactions)
                    .unwrap_or(1),
                all: args.all,
                direct: config.direct.clone(),
            },
            format: args.format,
            output: args.output.clone(),
            quiet: args.quiet,
        })
    }
}

/// Runs `offgrid report`.
///
/// # Errors
///
/// When an input cannot be read or the report cannot be written.
pub fn run(config_path: Option<&Path>, args: &ReportArgs) -> anyhow::Result<ExitCode> {
    let (config, config_path) = Config::load(config_path)?;
    let opts = ReportOptions::from_args(args, &config)?;
    if let Some(out) = &opts.output {
        refuse_input_as_output(out, &opts.inputs)?;
    }
    let progress = Progress::new(opts.quiet);
    let mut imported = discover(&opts.inputs, &opts.ctx, &|entry| progress.tick(entry))?;
    progress.finish();
    if let Some(me) = owner_record(&config, config_path.as_deref(), opts.ctx.region) {
        imported.sink.record(me);
    }

    let resolution = resolve(&imported.sink.records);
    let rows =
        analyze(&imported.sink.events, &resolution, &opts.analyze).context("analysis failed")?;
    let people = resolution.persons.iter().filter(|p| !p.owner).count();
    let width = console::Term::stdout()
        .size_checked()
        .map_or(80, |(_, w)| usize::from(w));
    let meta = Meta {
        as_of: opts.analyze.as_of,
        width,
        people,
    };

    match &opts.output {
        Some(path) => {
            render::write_atomically(path, &|w| render::render(opts.format, &rows, &meta, w))
                .with_context(|| format!("cannot write {}", path.display()))?
        }
        None => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            render::render(opts.format, &rows, &meta, &mut lock)?;
            lock.flush()?;
        }
    }

    let mut stderr = std::io::stderr().lock();
    let skipped = imported.sink.warnings.len() + imported.errors.len();
    if !opts.quiet {
        for e in &imported.errors {
            writeln!(stderr, "offgrid: error: {e}")?;
        }
        for w in imported.sink.warnings.iter().take(MAX_WARNINGS_SHOWN) {
            writeln!(stderr, "offgrid: warning: {w}")?;
        }
        if imported.sink.warnings.len() > MAX_WARNINGS_SHOWN {
            writeln!(
                stderr,
                "offgrid: warning: … and {} more warnings",
                imported.sink.warnings.len() - MAX_WARNINGS_SHOWN
            )?;
        }
        writeln!(
            stderr,
            "offgrid: {} entries read, {} records, {} people, {} in the report; {} skipped",
            imported.entries.len(),
            imported.sink.records.len(),
            people,
            rows.len(),
            skipped
        )?;
    } else {
        for e in &imported.errors {
            writeln!(stderr, "offgrid: error: {e}")?;
        }
    }
    Ok(if skipped > 0 {
        ExitCode::Partial
    } else {
        ExitCode::Success
    })
}

/// The report must never replace one of its own inputs.
fn refuse_input_as_output(out: &Path, inputs: &[PathBuf]) -> anyhow::Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let (Ok(parent), Some(name)) = (parent.canonicalize(), out.file_name()) else {
        return Ok(());
    };
    let out = parent.join(name);
    for input in inputs {
        if let Ok(input) = input.canonicalize() {
            if out == input || (input.is_dir() && out.starts_with(&input)) {
                bail!(
                    "refusing to write the report to {}: it is an input or inside one",
                    out.display()
                );
            }
        }
    }
    Ok(())
}

/// A spinner on stderr while entries are read, only on a terminal.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(quiet: bool) -> Progress {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} entries read  {wide_msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        Progress(Some(bar))
    }

    fn tick(&self, entry: &str) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
            bar.set_message(entry.to_owned());
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
