//! `offgrid synth` and `offgrid floor` (hidden): write labelled synthetic
//! exports or the scale set, score identity resolution on them, and read
//! what `report` would read without parsing it. For tests and benchmarks;
//! see `crate::synth`, docs/identity.md "Measured" and docs/performance.md.

use std::io::Write;

use anyhow::Context as _;

use super::ExitCode;
use crate::cli::{FloorArgs, SynthArgs};
use crate::discover::{discover, inflate_only};
use crate::import::Context;
use crate::import::Fold;
use crate::model::Region;
use crate::resolve::{resolve_with, ResolveOptions};
use crate::synth;

/// Runs `offgrid synth`.
///
/// # Errors
///
/// When the exports cannot be written or read, or the truth file is missing.
pub fn run(args: &SynthArgs) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    if let Some(dir) = &args.evaluate {
        let ctx = Context {
            region: Region::default(),
            tz: jiff::tz::TimeZone::UTC,
            as_of: jiff::civil::date(2026, 11, 26),
            limits: crate::limits::Limits::default(),
        };
        let exports = dir.join("exports");
        let imported = discover(std::slice::from_ref(&exports), &ctx, Fold::Day, &|_| {});
        if let Some(e) = imported.errors.first() {
            anyhow::bail!("cannot read {}: {e}", exports.display());
        }
        let opts = ResolveOptions {
            events: &imported.sink.events,
            ..ResolveOptions::default()
        };
        let resolution = resolve_with(&imported.sink.records, &opts);
        let ev = synth::evaluate(dir, &imported.sink.records, &resolution)
            .with_context(|| format!("cannot read {}", dir.join("truth.json").display()))?;
        writeln!(
            out,
            "{} records, {} people resolved, {} warnings\n",
            imported.sink.records.len(),
            resolution.persons.len(),
            imported.sink.warnings.len()
        )?;
        out.write_all(synth::table(&ev).as_bytes())?;
        return Ok(ExitCode::Success);
    }
    let dir = args.out.as_ref().context("--out DIR is required")?;
    if let Some(messages) = args.messages {
        let s = synth::generate_scale(args.people, messages, args.seed, dir)
            .with_context(|| format!("cannot write {}", dir.display()))?;
        writeln!(
            out,
            "wrote {} people, {} Facebook messages ({} of them calls) in {} threads, {} files and {} photos, {} LinkedIn messages: {} bytes in {}",
            s.people,
            s.facebook_messages,
            s.facebook_calls,
            s.threads,
            s.thread_files,
            s.media_entries,
            s.linkedin_messages,
            s.bytes,
            dir.join("exports").display()
        )?;
        return Ok(ExitCode::Success);
    }
    let summary = synth::generate(args.people, args.seed, dir)
        .with_context(|| format!("cannot write {}", dir.display()))?;
    writeln!(
        out,
        "wrote {} people, {} labelled records to {}",
        summary.people,
        summary.records,
        dir.display()
    )?;
    Ok(ExitCode::Success)
}

/// Runs `offgrid floor`: reads and inflates what `report` would import.
///
/// # Errors
///
/// When an input cannot be read.
pub fn floor(args: &FloorArgs) -> anyhow::Result<ExitCode> {
    let (entries, bytes) = inflate_only(&args.inputs, &crate::limits::Limits::default());
    writeln!(
        std::io::stdout().lock(),
        "{entries} entries, {bytes} bytes inflated"
    )?;
    Ok(ExitCode::Success)
}
