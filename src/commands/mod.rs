//! One module per subcommand, each with one `run`; this file dispatches and
//! maps outcomes to exit codes.

pub mod completions;
pub mod config;
pub mod explain;
pub mod log;
pub mod people;
pub mod report;
pub mod synth;

use clap::Parser;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::cli::{Cli, Command, LimitsArgs};
use crate::config::Config;
use crate::model::{Email, Location, Phone, Record, Region, SourceKind};

/// The process exit codes (docs/commands.md "Exit codes").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitCode {
    /// Everything was read and the report written.
    Success = 0,
    /// Nothing was written: an input could not be read, or the output failed.
    Failure = 1,
    /// The command line was wrong (clap's own code).
    Usage = 2,
    /// The report was written, but some records or entries were skipped
    /// (each named in a warning).
    Partial = 3,
}

/// Runs offgrid with the process arguments and returns its exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Report(args) => report::run(cli.config.as_deref(), args),
        Command::Log(args) => log::run(cli.config.as_deref(), args),
        Command::Config(cmd) => config::run(cli.config.as_deref(), cmd),
        Command::People(args) => people::run(cli.config.as_deref(), args),
        Command::Explain(args) => explain::run(cli.config.as_deref(), args),
        Command::Synth(args) => synth::run(args),
        Command::Floor(args) => synth::floor(args),
        Command::Completions(args) => completions::completions(args),
        Command::Man => completions::man(),
    };
    match result {
        Ok(code) => code as i32,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::Success as i32;
            }
            let chain: Vec<String> = err.chain().map(ToString::to_string).collect();
            eprintln!("offgrid: {}", chain.join(": "));
            ExitCode::Failure as i32
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Settles the input limits for this run (before anything is read): each
/// `--max-*` flag, else its key in the config's `[limits]`, else the default.
pub(crate) fn settle_limits(flags: &LimitsArgs, config: &Config) {
    let table = &config.limits;
    crate::limits::settle(
        flags.max_entry_size.or(table.max_entry_size),
        flags.max_ratio.or(table.max_ratio),
        flags.max_line_length.or(table.max_line_length),
    );
}

/// The time zone: `--tz`, else the config's, else the system's.
pub(crate) fn settle_tz(flag: Option<&str>, config: &Config) -> anyhow::Result<TimeZone> {
    match flag.or(config.tz.as_deref()) {
        Some(name) => {
            TimeZone::get(name).with_context(|| format!("--tz: unknown time zone {name:?}"))
        }
        None => Ok(TimeZone::try_system().unwrap_or(TimeZone::UTC)),
    }
}

/// The phone region: `--region`, else the config's, else the locale's
/// (`LC_ALL`, `LC_MESSAGES`, `LANG`: `de_DE.UTF-8` gives DE), else US.
pub(crate) fn settle_region(flag: Option<&str>, config: &Config) -> anyhow::Result<Region> {
    match flag.or(config.region.as_deref()) {
        Some(code) => Region::parse(code).with_context(|| {
            format!("--region: expected a two-letter region code such as US or DE, found {code:?}")
        }),
        None => Ok(["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|var| {
                let value = std::env::var(var).ok()?;
                let territory = value.split(['.', '@']).next()?.split('_').nth(1)?;
                Region::parse(territory)
            })
            .unwrap_or_default()),
    }
}

/// A day given on the command line, else today in `tz`.
pub(crate) fn settle_date(flag: Option<&str>, name: &str, tz: &TimeZone) -> anyhow::Result<Date> {
    match flag {
        Some(s) => s
            .parse::<Date>()
            .with_context(|| format!("{name}: expected a date like 2026-03-14, found {s:?}")),
        None => Ok(jiff::Timestamp::now().to_zoned_datetime(tz.clone()).date()),
    }
}

/// Adds the owner from the config's `[me]` section to what was imported,
/// then links the records into people with the config's identity
/// decisions: the one way every command resolves.
pub(crate) fn resolve_imported(
    imported: &mut crate::discover::Imported,
    config: &Config,
    config_path: Option<&Path>,
    region: Region,
) -> crate::resolve::Resolution {
    resolve_imported_alongside(imported, config, config_path, region, |_| ()).0
}

/// [`resolve_imported`], with `alongside` run on the events meanwhile:
/// resolution keeps one core busy more than two, and what only needs the
/// events can use the rest.
pub(crate) fn resolve_imported_alongside<T: Send>(
    imported: &mut crate::discover::Imported,
    config: &Config,
    config_path: Option<&Path>,
    region: Region,
    alongside: impl FnOnce(&[crate::model::Event]) -> T + Send,
) -> (crate::resolve::Resolution, T) {
    if let Some(me) = owner_record(config, config_path, region) {
        imported.sink.record(me);
    }
    let sink = &imported.sink;
    let opts = resolve_options(config, &sink.events, region);
    rayon::join(
        || crate::resolve::resolve_with(&sink.records, &opts),
        || alongside(&sink.events),
    )
}

/// The owner as the config's `me` section describes them, if it says anything.
pub(crate) fn owner_record(
    config: &Config,
    config_path: Option<&Path>,
    region: Region,
) -> Option<Record> {
    let me = &config.me;
    if me.names.is_empty() && me.emails.is_empty() && me.phones.is_empty() {
        return None;
    }
    let file: Arc<str> =
        Arc::from(config_path.map_or_else(|| "config".to_owned(), |p| p.display().to_string()));
    let mut r = Record::new(SourceKind::Config, Location::new(file, None));
    r.owner = true;
    for n in &me.names {
        r.add_name(n);
    }
    r.emails
        .extend(me.emails.iter().filter_map(|e| Email::parse(e)));
    r.phones
        .extend(me.phones.iter().filter_map(|p| Phone::parse(p, region)));
    Some(r)
}

/// What resolution needs beyond the records: the events (for
/// corroboration) and the config's `[identity]` decisions.
pub(crate) fn resolve_options<'a>(
    config: &Config,
    events: &'a [crate::model::Event],
    region: Region,
) -> crate::resolve::ResolveOptions<'a> {
    crate::resolve::ResolveOptions {
        events,
        same: config.identity.same.clone(),
        different: config.identity.different.clone(),
        region,
    }
}

/// The inputs: those given, else the config's; plus the touchpoint log when
/// it exists and is not already among them.
pub(crate) fn settle_inputs(given: &[PathBuf], config: &Config) -> anyhow::Result<Vec<PathBuf>> {
    let mut inputs = if given.is_empty() {
        config.inputs.clone()
    } else {
        given.to_vec()
    };
    if inputs.is_empty() {
        anyhow::bail!("no inputs: name export files, folders or zips, or list them as `inputs` in the config file");
    }
    if let Some(log) = config.touchpoints_path().filter(|p| p.is_file()) {
        let covered = inputs
            .iter()
            .any(|i| match (i.canonicalize(), log.canonicalize()) {
                (Ok(i), Ok(l)) => l.starts_with(i),
                _ => false,
            });
        if !covered {
            inputs.push(log);
        }
    }
    Ok(inputs)
}
