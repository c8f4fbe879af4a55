//! `offgrid report`: discover → import → resolve → analyze → render.
//!
//! This is where the clock, the time zone and the locale are read, once, and
//! settled into plain options; no stage reads them (STYLE.md convention 9).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

use super::{
    resolve_imported_alongside, settle_date, settle_inputs, settle_limits, settle_region,
    settle_tz, ExitCode,
};
use crate::analyze::{self, analyze_prepared, AnalyzeOptions, ReportRow, Status};
use crate::cli::ReportArgs;
use crate::config::Config;
use crate::discover::discover;
use crate::import::Context;
use crate::model::{Fold, SourceKind};
use crate::render::changes::{self, Tracked};
use crate::render::{self, Coverage, Format, Meta};
use crate::resolve::normalize_name;

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
    /// Write dated CSV, HTML and JSON reports and `latest.*` here.
    pub output_dir: Option<PathBuf>,
    /// Start CSV with a UTF-8 byte-order mark.
    pub excel: bool,
    /// Days after which a source's newest evidence is stale.
    pub source_max_age: i64,
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
        let tz = settle_tz(args.place.tz.as_deref(), config)?;
        let as_of = settle_date(args.window.as_of.as_deref(), "--as-of", &tz)?;
        let region = settle_region(args.place.region.as_deref(), config)?;
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
                stale_after: args.window.stale_after_or(config.stale_after),
                min_interactions: args
                    .min_interactions
                    .or(config.min_interactions)
                    .unwrap_or(1),
                all: args.all,
                direct: config.direct.clone(),
            },
            format: args.format,
            output: args.output.clone(),
            output_dir: args.output_dir.clone(),
            excel: args.excel,
            source_max_age: i64::from(
                args.source_max_age
                    .or(config.source_max_age)
                    .unwrap_or(DEFAULT_SOURCE_MAX_AGE),
            ),
            quiet: args.quiet,
        })
    }
}

/// A source whose newest evidence is older than this (days before
/// `--as-of`) gets a freshness warning.
pub const DEFAULT_SOURCE_MAX_AGE: u32 = 90;

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
    if let Some(dir) = &opts.output_dir {
        for ext in ["csv", "html", "json"] {
            refuse_input_as_output(&dir.join(format!("latest.{ext}")), &opts.inputs)?;
        }
    }
    let mut stderr = std::io::stderr().lock();
    if !opts.quiet {
        for notice in &config.notices {
            writeln!(stderr, "offgrid: notice: {notice}")?;
        }
    }
    settle_limits(&args.limits, &config);
    let progress = Progress::new(opts.quiet);
    let mut imported = discover(
        &opts.inputs,
        &opts.ctx,
        Fold::Whole {
            as_of: opts.ctx.as_of,
        },
        &|entry| progress.tick(entry),
    )?;
    progress.finish();
    if args.strict && imported.skipped() > 0 {
        // --strict (docs/errors.md): every reason, then fail before writing.
        for e in &imported.errors {
            writeln!(stderr, "offgrid: error: {e}")?;
        }
        for w in &imported.sink.warnings {
            writeln!(stderr, "offgrid: warning: {w}")?;
        }
        bail!(
            "--strict: {} records or entries skipped; nothing written",
            imported.skipped()
        );
    }
    let (resolution, prepared) = resolve_imported_alongside(
        &mut imported,
        &config,
        config_path.as_deref(),
        opts.ctx.region,
        |events| analyze::prepare(events, &opts.analyze),
    );
    let (stale_after, group_notices) = group_stale_after(
        &config,
        &resolution,
        &imported.sink.records,
        opts.ctx.region,
    );
    if !opts.quiet {
        for notice in &group_notices {
            writeln!(stderr, "offgrid: notice: {notice}")?;
        }
        for side in &resolution.unmatched_decisions {
            writeln!(
                stderr,
                "offgrid: warning: config: [identity] {side:?} matches no record"
            )?;
        }
    }
    // Everybody with enough online interactions, whatever their status:
    // the report's rows are the `never` and `lapsed` among them (unless
    // --all), and the next run's "changes" compare against all of them.
    let mut everyone_opts = opts.analyze.clone();
    everyone_opts.all = true;
    let everyone = analyze_prepared(
        &imported.sink.events,
        &prepared,
        &resolution,
        &everyone_opts,
        &stale_after,
    )
    .context("analysis failed")?;
    let rows: Vec<ReportRow> = everyone
        .iter()
        .filter(|r| opts.analyze.all || r.status != Status::Recent)
        .enumerate()
        .map(|(i, r)| ReportRow {
            rank: i + 1,
            ..r.clone()
        })
        .collect();
    let people = resolution.persons.iter().filter(|p| !p.owner).count();
    let width = console::Term::stdout()
        .size_checked()
        .map_or(80, |(_, w)| usize::from(w));
    let mut meta = Meta {
        as_of: opts.analyze.as_of,
        width,
        people,
        tz: opts.ctx.tz.iana_name().unwrap_or("system").to_owned(),
        region: opts.ctx.region.code(),
        stale_after: opts.analyze.stale_after,
        min_interactions: opts.analyze.min_interactions,
        all: opts.analyze.all,
        excel: opts.excel,
        sources: coverage(&imported, &opts, &rows),
        source_max_age: opts.source_max_age,
        tracked: everyone.iter().map(Tracked::from_row).collect(),
        changes: None,
    };

    let mut written = String::new();
    match (&opts.output_dir, &opts.output) {
        (Some(dir), _) => {
            written = write_output_dir(dir, &rows, &mut meta, &mut stderr, opts.quiet)?;
        }
        (None, Some(path)) => {
            render::write_atomically(path, &|w| render::render(opts.format, &rows, &meta, w))
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        (None, None) => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            render::render(opts.format, &rows, &meta, &mut lock)?;
            lock.flush()?;
        }
    }

    let skipped = imported.sink.warnings.len() + imported.errors.len();
    for e in &imported.errors {
        writeln!(stderr, "offgrid: error: {e}")?;
    }
    if !opts.quiet {
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
        for w in meta.freshness_warnings() {
            writeln!(stderr, "offgrid: warning: {w}")?;
        }
        if let Some(c) = &meta.changes {
            writeln!(
                stderr,
                "offgrid: changes since {}: {}",
                c.previous,
                c.summary()
            )?;
        }
        if !written.is_empty() {
            writeln!(stderr, "offgrid: wrote {written}")?;
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
    }
    // The process ends here: freeing a heavy archive's million events one
    // by one would take a tenth of a second, and the people, their rows
    // and the prepared analysis another 20 ms at 3M messages; exiting
    // returns the memory all at once.
    std::mem::forget((imported, resolution, prepared, everyone, rows));
    Ok(if skipped > 0 {
        ExitCode::Partial
    } else {
        ExitCode::Success
    })
}

/// `--output-dir`: compares with the previous dated JSON report there,
/// renders CSV, HTML and JSON in memory (so a failure writes nothing), then
/// writes `offgrid-<as_of>.*` and replaces `latest.*`, each atomically and
/// readable only by the owner. Returns what was written, for the summary.
fn write_output_dir(
    dir: &Path,
    rows: &[ReportRow],
    meta: &mut Meta,
    stderr: &mut dyn Write,
    quiet: bool,
) -> anyhow::Result<String> {
    if !dir.is_dir() {
        create_private_dir(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    if let Some((date, path)) = changes::previous_report(dir, meta.as_of) {
        match changes::read_tracked(&path) {
            Ok(previous) => {
                let mut c = changes::diff(&previous, &meta.tracked);
                c.previous = date.to_string();
                c.previous_file = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                meta.changes = Some(c);
            }
            Err(e) if !quiet => writeln!(
                stderr,
                "offgrid: warning: {}: {e}; no changes section",
                path.display()
            )?,
            Err(_) => {}
        }
    }
    let mut files: Vec<(&str, Vec<u8>)> = Vec::new();
    for (ext, format) in [
        ("csv", Format::Csv),
        ("html", Format::Html),
        ("json", Format::Json),
    ] {
        let mut buf = Vec::new();
        render::render(format, rows, meta, &mut buf)?;
        files.push((ext, buf));
    }
    for (ext, buf) in &files {
        for name in [
            changes::dated_name(meta.as_of, ext),
            format!("latest.{ext}"),
        ] {
            let path = dir.join(&name);
            render::write_atomically(&path, &|w| w.write_all(buf))
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    Ok(format!(
        "{} and latest.{{csv,html,json}}",
        dir.join(format!("offgrid-{}.{{csv,html,json}}", meta.as_of))
            .display()
    ))
}

/// Creates the report folder (and its parents), readable only by the owner.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// Each person's stale-after from the config's keep-in-touch groups: the
/// smallest of the groups they are in, `None` for people in no group. Also
/// returns a notice for every member that matches nobody.
fn group_stale_after(
    config: &Config,
    resolution: &crate::resolve::Resolution,
    records: &[crate::model::Record],
    region: crate::model::Region,
) -> (Vec<Option<i64>>, Vec<String>) {
    use crate::model::{Email, Phone};
    let mut out: Vec<Option<i64>> = vec![None; resolution.persons.len()];
    let mut notices = Vec::new();
    if config.groups.is_empty() {
        return (out, notices);
    }
    // Each person's name keys: the display name and every record's names
    // (hints from call logs and calendars excepted).
    let keys: Vec<BTreeSet<String>> = resolution
        .persons
        .iter()
        .map(|p| {
            let mut k: BTreeSet<String> = BTreeSet::new();
            k.insert(normalize_name(&p.name));
            for &r in &p.records {
                let r = &records[r as usize];
                if !r.name_is_hint {
                    k.extend(r.names.iter().map(|n| normalize_name(n)));
                }
            }
            k
        })
        .collect();
    for group in &config.groups {
        let days = i64::from(group.stale_after);
        for member in &group.members {
            let raw = member.trim();
            let matches: Vec<usize> = (0..resolution.persons.len())
                .filter(|&i| {
                    let p = &resolution.persons[i];
                    if p.owner {
                        return false;
                    }
                    if let Some(label) = raw.strip_prefix("category:") {
                        let label = label.trim();
                        return p.categories.iter().any(|c| c.eq_ignore_ascii_case(label));
                    }
                    if raw.contains('@') {
                        return Email::parse(raw).is_some_and(|e| p.emails.contains(&e));
                    }
                    let digits = raw.chars().filter(char::is_ascii_digit).count();
                    if digits >= 5 && !raw.chars().any(char::is_alphabetic) {
                        return Phone::parse(raw, region).is_some_and(|ph| p.phones.contains(&ph));
                    }
                    let key = normalize_name(raw);
                    !key.is_empty() && keys[i].contains(&key)
                })
                .collect();
            if matches.is_empty() {
                notices.push(format!(
                    "group {:?}: member {:?} matches nobody",
                    group.name, raw
                ));
            }
            for i in matches {
                out[i] = Some(out[i].map_or(days, |d: i64| d.min(days)));
            }
        }
    }
    (out, notices)
}

/// Per source kind: the entries read and the first and last dated evidence
/// (on or before as_of); an event belongs to the source of its records.
fn coverage(
    imported: &crate::discover::Imported,
    opts: &ReportOptions,
    rows: &[ReportRow],
) -> Vec<Coverage> {
    let records = &imported.sink.records;
    let mut by_kind: BTreeMap<SourceKind, Coverage> = BTreeMap::new();
    let blank = |kind: SourceKind| Coverage {
        kind: kind.as_str().to_owned(),
        entries: 0,
        first: None,
        last: None,
        people: 0,
    };
    for (kind, _) in &imported.entries {
        by_kind.entry(*kind).or_insert_with(|| blank(*kind)).entries += 1;
    }
    for event in &imported.sink.events {
        let Some(r) = event
            .sender()
            .or_else(|| event.participants().first().copied())
        else {
            continue;
        };
        let Some(kind) = records.get(r as usize).and_then(|r| r.source) else {
            continue;
        };
        let (first, last) = match event.span() {
            Some(span) => (span.first, span.last),
            None => {
                let day = event.when().date_in(&opts.ctx.tz);
                (day, day)
            }
        };
        if last > opts.ctx.as_of {
            continue;
        }
        let c = by_kind.entry(kind).or_insert_with(|| blank(kind));
        c.first = Some(c.first.map_or(first, |f| f.min(first)));
        c.last = Some(c.last.map_or(last, |l| l.max(last)));
    }
    by_kind.remove(&SourceKind::Config);
    for c in by_kind.values_mut() {
        c.people = rows.iter().filter(|r| r.sources.contains(&c.kind)).count();
    }
    by_kind.into_values().collect()
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
