//! `offgrid log <who>`: append one direct contact to the touchpoint log;
//! `--list` shows the log, `--undo` and `--remove N` take an entry out.
//!
//! WHO is written in the column it belongs to (an email, a phone number, or
//! a name), so the next report links it exactly as it links any other
//! touchpoint. Before writing, WHO is matched against the known people of
//! the exports (the INPUTs, else the config's inputs, and the log itself).
//! A row must name one person or someone new, never leave the choice to
//! the next report: a name that fits several people or nobody, or a
//! number several people share, is refused (exit 2) with the candidates,
//! unless the user picks one (their person_id, email or phone) or says
//! `--new`. A person picked is written with their email or phone beside
//! the name, so the row stays theirs when a namesake appears later.
//!
//! The file is rewritten through a temporary file and a rename, so an
//! interrupted run leaves the old file whole.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context as _};

use super::messages::Messages;
use super::pipeline::{self, Settings};
use super::{usage, ExitCode};
use crate::cli::LogArgs;
use crate::config::Config;
use crate::import::touchpoints::HEADER;
use crate::import::Fold;
use crate::model::Identifier;
use crate::render::people::candidate_line;
use crate::render::{clean, csv::neutralize, write_atomically};
use crate::resolve::{Person, PersonId};

/// Runs `offgrid log`.
///
/// # Errors
///
/// When the options are malformed, WHO does not name one person (a usage
/// error), an input cannot be read, or the log cannot be written.
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
    if args.list {
        return list(&file);
    }
    if args.undo || args.remove.is_some() {
        return remove(&file, args.remove);
    }
    let who = args.who.as_deref().unwrap_or_default().trim();
    if who.is_empty() {
        bail!("WHO is empty: give a name, an email address, a phone number or a person_id");
    }
    let kind = args.kind.trim().to_lowercase();
    if kind.is_empty() || kind.contains([',', '\n', '\r']) {
        bail!(
            "--kind: expected one word such as call, video or coffee, found {:?}",
            args.kind
        );
    }
    let Some(identifier) = Identifier::parse(who, region) else {
        bail!("WHO is empty: give a name, an email address, a phone number or a person_id");
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
    // Whether someone else has the name of the one person matched.
    let mut name_shared = false;
    if !inputs.is_empty() {
        settings.inputs = inputs.clone();
        let mut messages = Messages::new(false);
        let mut imported = pipeline::read(&settings, Fold::Day, &mut messages);
        let resolution = pipeline::resolve(&mut imported, &settings);
        messages.finish_progress();
        for e in &imported.errors {
            messages.warning(format_args!("cannot match against {e}"));
        }
        matches = pipeline::find(&imported.sink.records, &resolution, who, region)
            .into_iter()
            .map(|i| &resolution.persons[i])
            .filter(|p| !p.owner)
            .cloned()
            .collect();
        if let [one] = matches.as_slice() {
            let namesakes = pipeline::find(&imported.sink.records, &resolution, &one.name, region);
            name_shared = namesakes
                .iter()
                .any(|&i| resolution.persons[i].id != one.id);
        }
    }
    let by_id = matches.len() == 1 && matches[0].id.as_str() == who;

    // The row's name, email and phone.
    let (name, email, phone) = match (&identifier, matches.as_slice()) {
        (_, [one]) if args.new && !by_id => {
            return Err(usage(format!(
                "{} is already {} ({}): log them without --new, or give the new person's email or phone",
                quoted(who),
                clean(&one.name),
                one.id
            )));
        }
        (_, [one]) => pinned(one, &identifier, by_id && name_shared)?,
        (_, []) if PersonId::has_shape(who) => {
            return Err(usage(format!(
                "no person {} in the exports: `offgrid people` lists everyone with their person_id",
                quoted(who)
            )));
        }
        (Identifier::Email(e), []) => (String::new(), Some(e.to_string()), None),
        (Identifier::Phone(p), []) => (String::new(), None, Some(p.to_string())),
        (Identifier::Name(_), []) if args.new => (who.to_owned(), None, None),
        (Identifier::Name(_), []) => {
            let searched = if inputs.is_empty() {
                "no exports to match against (give INPUTs or set `inputs` in the config)".to_owned()
            } else {
                format!("{} matches nobody in the exports", quoted(who))
            };
            return Err(usage(format!(
                "{searched}; check the spelling, or pass --new to log someone who is not in them"
            )));
        }
        (Identifier::Linkedin(_), []) => {
            return Err(usage(format!(
                "{} matches nobody in the exports, and the log has no column for a profile: give a name, email or phone",
                quoted(who)
            )));
        }
        (Identifier::Name(_), _) if args.new => (who.to_owned(), None, None),
        (_, several) => {
            let lines: Vec<String> = several
                .iter()
                .map(|p| format!("  {}", candidate_line(p)))
                .collect();
            let new = if matches!(identifier, Identifier::Name(_)) {
                ", or --new for someone else"
            } else {
                ""
            };
            return Err(usage(format!(
                "{} fits {} people; say which with their person_id, email or phone{new}:\n{}",
                quoted(who),
                several.len(),
                lines.join("\n")
            )));
        }
    };
    let row = [
        date.to_string(),
        neutralize(&name),
        email.unwrap_or_default(),
        phone.unwrap_or_default(),
        kind.clone(),
        neutralize(&args.note),
    ];
    append_row(&file, &row).with_context(|| format!("cannot append to {}", file.display()))?;

    let mut out = std::io::stdout().lock();
    match matches.as_slice() {
        [one] => writeln!(
            out,
            "logged {kind} with {} ({}) on {date} in {}",
            clean(&one.name),
            one.id,
            file.display()
        )?,
        [] if args.new => writeln!(
            out,
            "logged {kind} with {} (someone new) on {date} in {}",
            clean(who),
            file.display()
        )?,
        [] => writeln!(
            out,
            "logged {kind} with {} on {date} in {}; it matches nobody known yet",
            clean(who),
            file.display()
        )?,
        several => writeln!(
            out,
            "logged {kind} with {} (someone new) on {date} in {}; {} known people have that name: `offgrid people --ambiguous` shows how the report places it",
            clean(who),
            file.display(),
            several.len()
        )?,
    }
    Ok(ExitCode::Success)
}

/// The name, email and phone that pin a row on `person`: WHO's own
/// identifier where it is one, else their first email, else their first
/// phone. A person known by name alone is written by name, unless WHO was
/// their person_id and another person has the same name: then no row
/// could say which of them it was.
fn pinned(
    person: &Person,
    who: &Identifier,
    by_id_among_namesakes: bool,
) -> anyhow::Result<(String, Option<String>, Option<String>)> {
    let name = person.name.clone();
    Ok(match who {
        Identifier::Email(e) => (name, Some(e.to_string()), None),
        Identifier::Phone(p) => (name, None, Some(p.to_string())),
        _ => match (person.emails.first(), person.phones.first()) {
            (Some(e), _) => (name, Some(e.to_string()), None),
            (None, Some(p)) => (name, None, Some(p.to_string())),
            (None, None) if by_id_among_namesakes => {
                return Err(usage(format!(
                    "{} ({}) has no email or phone in the exports, and others share the name, so a row could not say which of them it was; add their email or phone to your address book first",
                    clean(&person.name),
                    person.id
                )));
            }
            (None, None) => (name, None, None),
        },
    })
}

/// `who` in quotes, cleaned for the terminal.
fn quoted(who: &str) -> String {
    format!("\"{}\"", clean(who))
}

/// Prints the log's entries, numbered from 1 as `--remove` takes them.
fn list(file: &Path) -> anyhow::Result<ExitCode> {
    let entries = entries(file)?;
    let mut out = std::io::stdout().lock();
    if entries.rows.is_empty() {
        writeln!(out, "{} holds no entries", file.display())?;
    }
    for (i, row) in entries.rows.iter().enumerate() {
        writeln!(out, "{:>4}  {}", i + 1, describe(&row.fields))?;
    }
    Ok(ExitCode::Success)
}

/// Removes entry `n` (from 1), or the last one, keeping every other byte.
fn remove(file: &Path, n: Option<usize>) -> anyhow::Result<ExitCode> {
    let entries = entries(file)?;
    let count = entries.rows.len();
    let index = match n {
        None if count == 0 => bail!("{} holds no entries: nothing to undo", file.display()),
        None => count - 1,
        Some(n) if n == 0 || n > count => {
            return Err(usage(format!(
                "--remove {n}: {} holds {count} {} (`offgrid log --list` numbers them)",
                file.display(),
                if count == 1 { "entry" } else { "entries" }
            )));
        }
        Some(n) => n - 1,
    };
    let row = &entries.rows[index];
    let (start, end) = (
        row.start,
        entries
            .rows
            .get(index + 1)
            .map_or(entries.bytes.len(), |r| r.start),
    );
    write_atomically(file, &|w| {
        w.write_all(&entries.bytes[..start])?;
        w.write_all(&entries.bytes[end..])
    })
    .with_context(|| format!("cannot rewrite {}", file.display()))?;
    writeln!(
        std::io::stdout().lock(),
        "removed entry {} from {}: {}",
        index + 1,
        file.display(),
        describe(&row.fields)
    )?;
    Ok(ExitCode::Success)
}

/// A log's bytes and its rows, each with where it starts.
struct Entries {
    bytes: Vec<u8>,
    rows: Vec<Entry>,
}

struct Entry {
    start: usize,
    fields: Vec<String>,
}

fn entries(file: &Path) -> anyhow::Result<Entries> {
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => {
            return Err(anyhow::Error::new(e).context(format!("cannot read {}", file.display())))
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(bytes.as_slice());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                bail!("{}:{line}: {e}; nothing changed", file.display());
            }
        }
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let start = record
            .position()
            .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(0));
        rows.push(Entry {
            start,
            fields: record.iter().map(str::to_owned).collect(),
        });
    }
    Ok(Entries { bytes, rows })
}

/// One entry as a line: date, kind, who (name, email, phone), note.
fn describe(fields: &[String]) -> String {
    let at = |i: usize| fields.get(i).map_or("", |f| f.trim());
    let who: Vec<&str> = [at(1), at(2), at(3)]
        .into_iter()
        .filter(|f| !f.is_empty())
        .collect();
    let mut line = format!("{}  {}  {}", at(0), at(4), who.join(", "));
    if !at(5).is_empty() {
        line.push_str(&format!("  ({})", at(5)));
    }
    clean(&line)
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
