//! `offgrid log <who>`: append one direct contact to the touchpoint log.
//!
//! WHO is written in the column it belongs to (an email, a phone number, or
//! a name), so the next report links it exactly as it links any other
//! touchpoint. Before writing, WHO is matched against the known people of
//! the exports (the INPUTs, else the config's inputs) and the command says
//! whom it matched, or that it matched nobody or several people. The file is
//! rewritten through a temporary file and a rename, so an interrupted run
//! leaves the old file whole.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context as _};

use super::messages::Messages;
use super::pipeline::{self, Settings};
use super::ExitCode;
use crate::cli::LogArgs;
use crate::config::Config;
use crate::import::touchpoints::HEADER;
use crate::import::Fold;
use crate::model::Identifier;
use crate::render::{csv::neutralize, write_atomically};
use crate::resolve::Person;

/// Runs `offgrid log`.
///
/// # Errors
///
/// When the options are malformed, an input cannot be read, or the log
/// cannot be written.
pub fn run(config_flag: Option<&Path>, args: &LogArgs) -> anyhow::Result<ExitCode> {
    let (config, config_path) = Config::load(config_flag)?;
    // No limit flags here: the config's `[limits]`, else the defaults.
    let mut settings = Settings::without_inputs(config, config_path, &args.place, args.date)?;
    let (date, region) = (settings.ctx.as_of, settings.ctx.region);
    let Some(file) = args
        .file
        .clone()
        .or_else(|| settings.config.touchpoints_path())
    else {
        bail!("no touchpoint log: give --file PATH, or set `touchpoints` in the config file");
    };
    let who = args.who.trim();
    if who.is_empty() {
        bail!("WHO is empty: give a name, an email address or a phone number");
    }
    let kind = args.kind.trim().to_lowercase();
    if kind.is_empty() || kind.contains([',', '\n', '\r']) {
        bail!(
            "--kind: expected one word such as call, video or coffee, found {:?}",
            args.kind
        );
    }

    // Which column WHO goes in.
    let Some(identifier) = Identifier::parse(who, region) else {
        bail!("WHO is empty: give a name, an email address or a phone number");
    };
    let (email, phone) = match &identifier {
        Identifier::Email(e) => (Some(e.clone()), None),
        Identifier::Phone(p) => (None, Some(p.clone())),
        Identifier::Linkedin(_) | Identifier::Name(_) => (None, None),
    };

    // Whom it matches among the known people.
    let mut inputs = if args.inputs.is_empty() {
        settings.config.inputs.clone()
    } else {
        args.inputs.clone()
    };
    if file.is_file() {
        inputs.push(file.clone());
    }
    let mut matches: Vec<Person> = Vec::new();
    if !inputs.is_empty() {
        settings.inputs = inputs;
        let mut messages = Messages::new(false);
        let mut imported = pipeline::read(&settings, Fold::Day, &mut messages);
        let resolution = pipeline::resolve(&mut imported, &settings);
        messages.finish_progress();
        for e in &imported.errors {
            messages.warning(format_args!("cannot match against {e}"));
        }
        matches = resolution
            .directory(&imported.sink.records)
            .named(&identifier)
            .into_iter()
            .map(|i| &resolution.persons[i])
            .filter(|p| !p.owner)
            .cloned()
            .collect();
    }

    // The row: WHO in its column; a unique match's name beside an email or
    // phone so the log reads well.
    let name = match (&identifier, matches.as_slice()) {
        (Identifier::Name(_), _) => who.to_owned(),
        (_, [one]) => one.name.clone(),
        (Identifier::Linkedin(_), _) => who.to_owned(),
        _ => String::new(),
    };
    let row = [
        date.to_string(),
        neutralize(&name),
        email.as_ref().map(ToString::to_string).unwrap_or_default(),
        phone.as_ref().map(ToString::to_string).unwrap_or_default(),
        kind.clone(),
        neutralize(&args.note),
    ];
    append_row(&file, &row).with_context(|| format!("cannot append to {}", file.display()))?;

    let mut out = std::io::stdout().lock();
    match matches.as_slice() {
        [one] => writeln!(
            out,
            "logged {kind} with {} ({}) on {date} in {}",
            one.name,
            one.id,
            file.display()
        )?,
        [] => writeln!(
            out,
            "logged {kind} with {who} on {date} in {}; {who:?} matches nobody known yet",
            file.display()
        )?,
        several => {
            let names: Vec<String> = several
                .iter()
                .map(|p| format!("{} ({})", p.name, p.id))
                .collect();
            writeln!(
                out,
                "logged {kind} with {who} on {date} in {}; {who:?} matches {} people: {}; log an email or phone to say which",
                file.display(),
                several.len(),
                names.join(", ")
            )?;
        }
    }
    Ok(ExitCode::Success)
}

/// Appends `row` to the CSV at `path`, creating it with the header; the
/// old content and the new row are written to a temporary file that
/// replaces the log only once complete.
fn append_row(path: &Path, row: &[String]) -> anyhow::Result<()> {
    let old = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut line = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    if old.is_empty() {
        line.write_record(HEADER)?;
    }
    line.write_record(row)?;
    let line = line
        .into_inner()
        .map_err(|e| anyhow::anyhow!("{}", e.error()))?;
    write_atomically(path, &|w| {
        w.write_all(&old)?;
        if !old.is_empty() && !old.ends_with(b"\n") {
            w.write_all(b"\n")?;
        }
        w.write_all(&line)
    })?;
    Ok(())
}
