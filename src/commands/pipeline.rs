//! The pipeline every command that reads exports runs, in one place:
//! settle the options (command line over config over environment), then
//! discover → import → resolve.
//!
//! `report`, `people`, `explain` and `log` all load through here, so they
//! read the same inputs with the same limits, show the same progress,
//! refuse the same empty runs and merge the same people. This is also where
//! the clock, the time zone and the locale are read, once, and settled into
//! plain options; no stage reads them, which is what lets `--as-of`
//! reproduce the same bytes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context as _};
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::messages::Messages;
use crate::cli::{LimitsArgs, Place};
use crate::config::Config;
use crate::discover::{discover, Imported};
use crate::import::Context;
use crate::import::Fold;
use crate::limits::Limits;
use crate::model::{Email, Event, Location, Phone, Record, Region, SourceKind};
use crate::resolve::{resolve_with, Resolution, ResolveOptions};

/// What every command that reads exports settles before reading.
pub(crate) struct Settings {
    pub config: Config,
    /// The config file read, if any.
    pub config_path: Option<PathBuf>,
    pub ctx: Context,
    /// The inputs: those given, else the config's, plus the touchpoint log.
    pub inputs: Vec<PathBuf>,
}

impl Settings {
    /// Reads the config (`--config`, else the default file when it
    /// exists), then settles the time zone, the region, the day (`as_of`,
    /// else today in that zone), the inputs and the input limits.
    ///
    /// # Errors
    ///
    /// When the config file cannot be read or is invalid, or no inputs are
    /// given either way.
    pub(crate) fn settle(
        config_flag: Option<&Path>,
        inputs: &[PathBuf],
        place: &Place,
        as_of: Option<Date>,
        limits: &LimitsArgs,
    ) -> anyhow::Result<Settings> {
        let (config, config_path) = Config::load(config_flag)?;
        let mut settings = Settings::without_inputs(config, config_path, place, as_of)?;
        settings.inputs = settle_inputs(inputs, &settings.config)?;
        settings.ctx.limits = settle_limits(limits, &settings.config);
        Ok(settings)
    }

    /// As [`Settings::settle`] for a config already read, with no inputs
    /// yet and the config's limits (no flags).
    pub(crate) fn without_inputs(
        config: Config,
        config_path: Option<PathBuf>,
        place: &Place,
        as_of: Option<Date>,
    ) -> anyhow::Result<Settings> {
        let tz = settle_tz(place.tz.as_ref(), &config, config_path.as_deref())?;
        let region = settle_region(place.region, &config, config_path.as_deref())?;
        let as_of = as_of.unwrap_or_else(|| today(&tz));
        let limits = settle_limits(&LimitsArgs::default(), &config);
        let mail = crate::import::mail::Settings::new(
            config.me.emails.iter().filter_map(|e| Email::parse(e)),
            config.mail.max_recipients,
        );
        Ok(Settings {
            config,
            config_path,
            ctx: Context {
                region,
                tz,
                as_of,
                limits,
                mail,
            },
            inputs: Vec::new(),
        })
    }

    /// The config file as messages name it.
    fn config_name(&self) -> Arc<str> {
        Arc::from(
            self.config_path
                .as_deref()
                .map_or_else(|| "config".to_owned(), |p| p.display().to_string()),
        )
    }
}

/// Today in `tz`.
pub(crate) fn today(tz: &TimeZone) -> Date {
    jiff::Timestamp::now().to_zoned_datetime(tz.clone()).date()
}

/// Discovers and imports the inputs, with a spinner on a terminal.
pub(crate) fn read(settings: &Settings, fold: Fold, messages: &mut Messages) -> Imported {
    messages.start_progress("reading");
    let imported = discover(&settings.inputs, &settings.ctx, fold, &|entry| {
        messages.tick(entry);
    });
    messages.stage("linking records");
    imported
}

/// Refuses a run that read nothing usable: every input missing, damaged
/// or empty. A report of nobody would read as "all clear" and, in a
/// scheduled run, replace last week's; the reasons are printed first.
///
/// `outcome` says what the command does not do then (`nothing written`).
///
/// # Errors
///
/// When no record was read.
pub(crate) fn require_records(
    imported: &Imported,
    messages: &mut Messages,
    outcome: &str,
) -> anyhow::Result<()> {
    if !imported.sink.records.is_empty() {
        return Ok(());
    }
    messages.finish_progress();
    messages.skipped(imported, false);
    match imported.errors.len() {
        0 => bail!("the inputs hold no records (no people, messages or contacts); {outcome}"),
        1 => bail!("nothing usable was read (1 error above); {outcome}"),
        n => bail!("nothing usable was read ({n} errors above); {outcome}"),
    }
}

/// Adds the owner from the config's `[me]` section to what was imported,
/// then links the records into people with the config's identity
/// decisions, with `alongside` run on the events meanwhile: resolution
/// keeps one core busy more than two, and what only needs the events can
/// use the rest.
pub(crate) fn resolve_alongside<T: Send>(
    imported: &mut Imported,
    settings: &Settings,
    alongside: impl FnOnce(&[Event]) -> T + Send,
) -> (Resolution, T) {
    if let Some(me) = owner_record(settings) {
        imported.sink.record(me);
    }
    let sink = &imported.sink;
    let opts = ResolveOptions {
        events: &sink.events,
        same: settings.config.identity.same.clone(),
        different: settings.config.identity.different.clone(),
        region: settings.ctx.region,
    };
    rayon::join(
        || resolve_with(&sink.records, &opts),
        || alongside(&sink.events),
    )
}

/// [`resolve_alongside`] with nothing alongside.
pub(crate) fn resolve(imported: &mut Imported, settings: &Settings) -> Resolution {
    resolve_alongside(imported, settings, |_| ()).0
}

/// The pipeline up to resolution, as `report` runs it.
pub(crate) struct Loaded {
    pub settings: Settings,
    pub imported: Imported,
    pub resolution: Resolution,
}

/// Reads the inputs, refuses a run that read nothing, and resolves.
///
/// # Errors
///
/// When nothing usable was read.
pub(crate) fn load(
    settings: Settings,
    fold: Fold,
    messages: &mut Messages,
) -> anyhow::Result<Loaded> {
    let mut imported = read(&settings, fold, messages);
    require_records(&imported, messages, "nothing to show")?;
    let resolution = resolve(&mut imported, &settings);
    messages.finish_progress();
    Ok(Loaded {
        settings,
        imported,
        resolution,
    })
}

/// The owner as the config's `me` section describes them, if it says anything.
fn owner_record(settings: &Settings) -> Option<Record> {
    let me = &settings.config.me;
    if me.names.is_empty() && me.emails.is_empty() && me.phones.is_empty() {
        return None;
    }
    let mut r = Record::new(
        SourceKind::Config,
        Location::new(settings.config_name(), None),
    );
    r.owner = true;
    for n in &me.names {
        r.add_name(n);
    }
    r.emails
        .extend(me.emails.iter().filter_map(|e| Email::parse(e)));
    r.phones.extend(
        me.phones
            .iter()
            .filter_map(|p| Phone::parse(p, settings.ctx.region)),
    );
    Some(r)
}

/// The input limits for this run: each `--max-*` flag, else its key in the
/// config's `[limits]`, else the default.
fn settle_limits(flags: &LimitsArgs, config: &Config) -> Limits {
    let table = &config.limits;
    Limits::settle(
        flags.max_entry_size.or(table.max_entry_size),
        flags.max_ratio.or(table.max_ratio),
        flags.max_line_length.or(table.max_line_length),
    )
}

/// The time zone: `--tz` (checked by the parser), else the config's, else
/// the system's.
fn settle_tz(
    flag: Option<&TimeZone>,
    config: &Config,
    config_path: Option<&Path>,
) -> anyhow::Result<TimeZone> {
    if let Some(tz) = flag {
        return Ok(tz.clone());
    }
    match &config.tz {
        Some(name) => TimeZone::get(name).with_context(|| {
            format!(
                "{}: tz: unknown time zone {name:?} (expected an IANA name such as Europe/Berlin)",
                shown(config_path)
            )
        }),
        None => Ok(TimeZone::try_system().unwrap_or(TimeZone::UTC)),
    }
}

/// The phone region: `--region` (checked by the parser), else the
/// config's, else the locale's (`LC_ALL`, `LC_MESSAGES`, `LANG`:
/// `de_DE.UTF-8` gives DE), else US.
fn settle_region(
    flag: Option<Region>,
    config: &Config,
    config_path: Option<&Path>,
) -> anyhow::Result<Region> {
    if let Some(region) = flag {
        return Ok(region);
    }
    match &config.region {
        Some(code) => Region::parse(code).with_context(|| {
            format!(
                "{}: region: expected a two-letter region code such as US or DE, found {code:?}",
                shown(config_path)
            )
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

fn shown(config_path: Option<&Path>) -> String {
    config_path.map_or_else(|| "config".to_owned(), |p| p.display().to_string())
}

/// The inputs: those given, else the config's; plus the touchpoint log when
/// it exists and is not already among them.
fn settle_inputs(given: &[PathBuf], config: &Config) -> anyhow::Result<Vec<PathBuf>> {
    let mut inputs = if given.is_empty() {
        config.inputs.clone()
    } else {
        given.to_vec()
    };
    if inputs.is_empty() {
        bail!("no inputs: name export files, folders or zips, or list them as `inputs` in the config file");
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

/// The people WHO names: a person_id, an email, a phone number, a LinkedIn
/// profile or a name (any non-hint name of their records, folded as
/// resolution folds it); indexes into `res.persons`.
pub(super) fn find(records: &[Record], res: &Resolution, who: &str, region: Region) -> Vec<usize> {
    let by_id: Vec<usize> = (0..res.persons.len())
        .filter(|&i| res.persons[i].id.as_str() == who)
        .collect();
    if !by_id.is_empty() {
        return by_id;
    }
    crate::model::Identifier::parse(who, region)
        .map_or_else(Vec::new, |who| res.directory(records).named(&who))
}
