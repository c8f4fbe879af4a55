//! `offgrid people`: every person (by name, then `person_id`) with the
//! records merged into them and the reason for each link; `--ambiguous`
//! lists the names (and shared numbers or addresses) that fit several
//! people, with what tells the candidates apart (sources, company,
//! identifiers).
//!
//! It runs the report's pipeline up to resolution (discover, resolve) with
//! the same options, so what it shows is exactly what the report merged.

use std::io::Write;
use std::path::Path;

use anyhow::Context as _;

use super::messages::Messages;
use super::pipeline::{self, Settings};
use super::ExitCode;
use crate::cli::PeopleArgs;
use crate::import::Fold;
use crate::render::people;

/// Runs `offgrid people`.
///
/// # Errors
///
/// When an input cannot be read or the output cannot be written.
pub fn run(config_flag: Option<&Path>, args: &PeopleArgs) -> anyhow::Result<ExitCode> {
    let mut messages = Messages::new(args.quiet);
    let settings = Settings::settle(config_flag, &args.inputs, &args.place, None, &args.limits)?;
    let as_of = settings.ctx.as_of;
    // Messages folded whole where no other entry can hold them, as `report`
    // reads them: people only needs who took part.
    let region = settings.ctx.region;
    let loaded = pipeline::load(settings, Fold::Whole { as_of }, &mut messages)?;
    let records = &loaded.imported.sink.records;
    let res = &loaded.resolution;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.ambiguous {
        people::write_ambiguous(&mut out, records, res, args.format)?;
    } else {
        people::write(args.format, records, res, &mut out)?;
    }
    out.flush().context("cannot write to standard output")?;
    let code = messages.after_resolution(&loaded.imported, res, region);
    messages.info(format_args!(
        "{} records, {} people, {} ambiguous",
        records.len(),
        res.persons.iter().filter(|p| !p.owner).count(),
        res.ambiguous.len()
    ));
    Ok(code)
}
