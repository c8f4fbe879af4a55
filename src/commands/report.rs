//! `offgrid report`: discover → import → resolve → analyze → render.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

use super::messages::Messages;
use super::pipeline::{self, Settings};
use super::{usage, ExitCode, Leftovers};
use crate::analyze::suggest::Cadence;
use crate::analyze::{self, analyze_prepared, AnalyzeOptions, ReportRow, Status};
use crate::cli::{ColorChoice, ReportArgs};
use crate::config::Config;
use crate::import::Fold;
use crate::model::SourceKind;
use crate::render::changes::{self, Tracked};
use crate::render::{self, Coverage, Format, Meta};

/// Settled options for one report run, beyond [`Settings`].
#[derive(Clone, Debug)]
pub(crate) struct ReportOptions {
    pub analyze: AnalyzeOptions,
    pub format: Format,
    pub output: Option<PathBuf>,
    /// Write dated CSV, HTML and JSON reports and `latest.*` here.
    pub output_dir: Option<PathBuf>,
    /// Replace `latest.*` even when a source of the previous report is
    /// missing.
    pub accept_missing: bool,
    /// CSV for Excel.
    pub excel: bool,
    /// Days after which a source's newest evidence is stale.
    pub source_max_age: i64,
    /// Whether the table is coloured.
    pub color: bool,
    /// The table's width; `None` leaves lines whole.
    pub width: Option<usize>,
}

impl ReportOptions {
    /// Validates the command line and fills in what it leaves out from the
    /// config file, then from the environment (`COLUMNS`, the terminal).
    ///
    /// # Errors
    ///
    /// A usage error when the output's format cannot be told from its
    /// extension, or `--excel` is given for anything but CSV.
    pub(crate) fn new(args: &ReportArgs, settings: &Settings) -> anyhow::Result<ReportOptions> {
        let config = &settings.config;
        let format = settle_format(args.format, args.output.as_deref())?;
        if args.excel && format != Format::Csv && args.output_dir.is_none() {
            return Err(usage(format!(
                "--excel applies to CSV only, and this report is {}: add --format csv or write to a .csv file",
                format.name()
            )));
        }
        let to_stdout = args.output.is_none() && args.output_dir.is_none();
        let terminal = to_stdout && std::io::stdout().is_terminal();
        Ok(ReportOptions {
            analyze: AnalyzeOptions {
                as_of: settings.ctx.as_of,
                tz: settings.ctx.tz.clone(),
                stale_after: args.window.stale_after_or(config.stale_after),
                min_interactions: args
                    .min_interactions
                    .or(config.min_interactions)
                    .unwrap_or(1),
                all: args.all,
                direct: config.direct.clone(),
            },
            format,
            output: args.output.clone(),
            output_dir: args.output_dir.clone(),
            accept_missing: args.accept_missing,
            excel: args.excel,
            source_max_age: i64::from(
                args.source_max_age
                    .or(config.source_max_age)
                    .unwrap_or(DEFAULT_SOURCE_MAX_AGE),
            ),
            color: match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => terminal && console::colors_enabled(),
            },
            width: if to_stdout {
                columns().or_else(|| {
                    terminal
                        .then(|| console::Term::stdout().size_checked())
                        .flatten()
                        .map(|(_, w)| usize::from(w))
                })
            } else {
                None
            },
        })
    }
}

/// `COLUMNS`, when it is set to a width.
fn columns() -> Option<usize> {
    std::env::var("COLUMNS")
        .ok()?
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|&w| w > 0)
}

/// `--format`, else what `--output`'s extension says, else the table.
fn settle_format(format: Option<Format>, output: Option<&Path>) -> anyhow::Result<Format> {
    super::settle_format(
        format,
        output,
        Format::Table,
        &[
            (&["csv"], Format::Csv),
            (&["json"], Format::Json),
            (&["md", "markdown"], Format::Markdown),
            (&["html", "htm"], Format::Html),
        ],
        "table, csv, json, markdown or html",
    )
}

/// A source whose newest evidence is older than this (days before
/// `--as-of`) gets a freshness warning.
pub const DEFAULT_SOURCE_MAX_AGE: u32 = 90;

/// Runs `offgrid report`.
///
/// # Errors
///
/// When nothing usable could be read or the report cannot be written.
pub fn run(
    config_flag: Option<&Path>,
    args: &ReportArgs,
    leftovers: &mut Leftovers,
) -> anyhow::Result<ExitCode> {
    let mut messages = Messages::new(args.quiet);
    let settings = Settings::settle(
        config_flag,
        &args.inputs,
        &args.place,
        args.window.as_of,
        &args.limits,
    )?;
    let opts = ReportOptions::new(args, &settings)?;
    if let Some(out) = &opts.output {
        refuse_input_as_output(out, &settings.inputs)?;
    }
    if let Some(dir) = &opts.output_dir {
        for ext in ["csv", "html", "json"] {
            refuse_input_as_output(&dir.join(format!("latest.{ext}")), &settings.inputs)?;
        }
    }
    for notice in &settings.config.notices {
        messages.notice(notice);
    }
    let as_of = settings.ctx.as_of;
    let mut imported = pipeline::read(&settings, Fold::Whole { as_of }, &mut messages);
    pipeline::require_records(&imported, &mut messages, "nothing written")?;
    if args.strict && imported.skipped() > 0 {
        // --strict (docs/errors.md): every reason, then fail before writing.
        messages.finish_progress();
        messages.skipped(&imported, true);
        bail!(
            "--strict: {} records or entries skipped; nothing written",
            imported.skipped()
        );
    }
    let (resolution, prepared) = pipeline::resolve_alongside(&mut imported, &settings, |events| {
        analyze::prepare(events, &opts.analyze)
    });
    messages.stage("ranking");
    let (stale_after, group_notices) = group_stale_after(
        &settings.config,
        &resolution,
        &imported.sink.records,
        settings.ctx.region,
    );
    for notice in &group_notices {
        messages.notice(notice);
    }
    for side in &resolution.unmatched_decisions {
        messages.warning(format_args!(
            "config: [identity] {side:?} matches no record"
        ));
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
    let mut meta = Meta {
        as_of,
        width: opts.width,
        color: opts.color,
        people,
        tz: settings.ctx.tz.iana_name().unwrap_or("system").to_owned(),
        region: settings.ctx.region.code(),
        stale_after: opts.analyze.stale_after,
        min_interactions: opts.analyze.min_interactions,
        all: opts.analyze.all,
        excel: opts.excel,
        sources: coverage(&imported, &settings, &rows),
        source_max_age: opts.source_max_age,
        tracked: everyone.iter().map(Tracked::from_row).collect(),
        changes: None,
    };
    messages.finish_progress();

    let mut written = None;
    let mut missing = false;
    match (&opts.output_dir, &opts.output) {
        (Some(dir), _) => {
            let w = write_output_dir(dir, &rows, &mut meta, opts.accept_missing, &messages)?;
            missing = w.kept_latest;
            written = Some(w.summary);
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

    messages.skipped(&imported, false);
    messages.unplaced(&resolution);
    messages.foreign_phones(&imported, settings.ctx.region);
    for w in meta.freshness_warnings() {
        messages.warning(w);
    }
    if let Some(note) = no_evidence_yet(&meta, &imported, &settings) {
        messages.notice(note);
    }
    if let Some(c) = &meta.changes {
        messages.info(format_args!(
            "changes since {}: {}",
            c.previous,
            c.summary()
        ));
    }
    if let Some(written) = &written {
        messages.info(format_args!("wrote {written}"));
    }
    let skipped = imported.skipped();
    messages.info(format_args!(
        "{} entries read, {} records, {} people, {} in the report; {} skipped",
        imported.entries.len(),
        imported.sink.records.len(),
        people,
        rows.len(),
        skipped
    ));
    *leftovers = Leftovers::new((imported, resolution, prepared, everyone, rows));
    Ok(if skipped > 0 || missing {
        ExitCode::Partial
    } else {
        ExitCode::Success
    })
}

/// When no evidence at all is dated on or before `as_of`: a note that the
/// report is empty because the day is before the inputs begin.
fn no_evidence_yet(
    meta: &Meta,
    imported: &crate::discover::Imported,
    settings: &Settings,
) -> Option<String> {
    if meta.sources.iter().any(|c| c.last.is_some()) {
        return None;
    }
    let tz = &settings.ctx.tz;
    let earliest = imported
        .sink
        .events
        .iter()
        .map(|e| e.span().map_or_else(|| e.when().date_in(tz), |s| s.first))
        .min()?;
    Some(format!(
        "no evidence is dated on or before {} (the earliest is from {earliest}): the report is empty because --as-of is before the exports begin",
        meta.as_of
    ))
}

/// What `--output-dir` wrote.
struct Written {
    /// The files, for the summary line.
    summary: String,
    /// Whether `latest.*` was kept because a source of the previous report
    /// is missing.
    kept_latest: bool,
}

/// `--output-dir`: compares with the previous dated JSON report there,
/// renders CSV, HTML and JSON in memory (so a failure writes nothing), then
/// writes `offgrid-<as_of>.*` and replaces `latest.*`, each atomically and
/// readable only by the owner.
///
/// When a source kind the previous report read is missing from this run
/// (a download that failed), each is named in a warning and, unless
/// `accept_missing`, the reports are written as
/// `offgrid-<as_of>.incomplete.*`, which the next run never compares
/// against, and `latest.*` is left as it was.
fn write_output_dir(
    dir: &Path,
    rows: &[ReportRow],
    meta: &mut Meta,
    accept_missing: bool,
    messages: &Messages,
) -> anyhow::Result<Written> {
    if !dir.is_dir() {
        create_private_dir(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut missing: Vec<String> = Vec::new();
    if let Some((date, path)) = changes::previous_report(dir, meta.as_of) {
        match changes::read_previous(&path) {
            Ok(previous) => {
                let mut c = changes::diff(&previous.people, &meta.tracked);
                c.previous = date.to_string();
                c.previous_file = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let read_now: BTreeSet<&str> = meta
                    .sources
                    .iter()
                    .filter(|s| s.entries > 0)
                    .map(|s| s.kind.as_str())
                    .collect();
                missing = previous
                    .sources
                    .into_iter()
                    .filter(|k| !read_now.contains(k.as_str()))
                    .collect();
                for kind in &missing {
                    messages.warning(format_args!(
                        "{kind}: read for the previous report ({}) but nothing of it this time (a failed or missing download?)",
                        c.previous_file
                    ));
                }
                meta.changes = Some(c);
            }
            Err(e) => messages.warning(format_args!("{}: {e}; no changes section", path.display())),
        }
    }
    let kept_latest = !missing.is_empty() && !accept_missing;
    let stem = if kept_latest {
        format!("offgrid-{}.incomplete", meta.as_of)
    } else {
        format!("offgrid-{}", meta.as_of)
    };
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
        let mut names = vec![format!("{stem}.{ext}")];
        if !kept_latest {
            names.push(format!("latest.{ext}"));
        }
        for name in names {
            let path = dir.join(&name);
            render::write_atomically(&path, &|w| w.write_all(buf))
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    let dated = dir.join(format!("{stem}.{{csv,html,json}}"));
    let summary = if kept_latest {
        messages.warning(format_args!(
            "latest.* left as it was, since {} of the previous report {} missing; pass --accept-missing to replace it",
            missing.join(", "),
            if missing.len() == 1 { "is" } else { "are" }
        ));
        dated.display().to_string()
    } else {
        format!("{} and latest.{{csv,html,json}}", dated.display())
    };
    Ok(Written {
        summary,
        kept_latest,
    })
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
    let (groups, notices) = group_cadences(config, resolution, records, region);
    (
        groups.into_iter().map(|g| g.map(|c| c.days)).collect(),
        notices,
    )
}

/// Each person's keep-in-touch group cadence: the smallest stale-after of
/// the groups they are in (the first such group named), `None` for people
/// in no group; and a notice for every member that matches nobody.
pub(crate) fn group_cadences(
    config: &Config,
    resolution: &crate::resolve::Resolution,
    records: &[crate::model::Record],
    region: crate::model::Region,
) -> (Vec<Option<Cadence>>, Vec<String>) {
    use crate::model::Identifier;
    let mut out: Vec<Option<Cadence>> = vec![None; resolution.persons.len()];
    let mut notices = Vec::new();
    if config.groups.is_empty() {
        return (out, notices);
    }
    let directory = resolution.directory(records);
    for group in &config.groups {
        let days = i64::from(group.stale_after);
        for member in &group.members {
            let raw = member.trim();
            let matches: Vec<usize> = match raw.strip_prefix("category:") {
                Some(label) => (0..resolution.persons.len())
                    .filter(|&i| {
                        let label = label.trim();
                        resolution.persons[i]
                            .categories
                            .iter()
                            .any(|c| c.eq_ignore_ascii_case(label))
                    })
                    .collect(),
                None => Identifier::parse(raw, region)
                    .map(|who| directory.named(&who))
                    .unwrap_or_default(),
            }
            .into_iter()
            .filter(|&i| !resolution.persons[i].owner)
            .collect();
            if matches.is_empty() {
                notices.push(format!(
                    "group {:?}: member {:?} matches nobody",
                    group.name, raw
                ));
            }
            for i in matches {
                if out[i].as_ref().is_none_or(|c| days < c.days) {
                    out[i] = Some(Cadence {
                        days,
                        group: Some(group.name.clone()),
                    });
                }
            }
        }
    }
    (out, notices)
}

/// Per source kind: the entries read and the first and last dated evidence
/// (on or before as_of); an event belongs to the source of its records.
fn coverage(
    imported: &crate::discover::Imported,
    settings: &Settings,
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
                let day = event.when().date_in(&settings.ctx.tz);
                (day, day)
            }
        };
        if last > settings.ctx.as_of {
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
