//! `xtask`: offgrid's development tools (not shipped).
//!
//! ```sh
//! cargo run -p xtask -- synth --people 300 --seed 1 --out target/synth-1
//! cargo run -p xtask -- evaluate target/synth-1
//! cargo run -p xtask --release -- synth --people 20000 --messages 3000000 --out target/bench-data/x
//! cargo run -p xtask --release -- floor target/bench-data/x/exports
//! ```

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use xtask::synth;

/// offgrid's development tools: labelled synthetic exports, their scoring,
/// and the benchmark's floor.
#[derive(Debug, Parser)]
#[command(name = "xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write labelled synthetic exports (`DIR/exports/`, `DIR/truth.json`),
    /// or with --messages the scale set the benchmarks read.
    Synth {
        /// How many people to invent.
        #[arg(long, default_value_t = 300)]
        people: usize,
        /// The seed: the same seed and size give the same bytes.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where to write.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Write the scale set instead: the same people with this many
        /// messages, packed as downloaded (a LinkedIn zip, a Facebook
        /// archive in two parts with photos), and no truth file.
        #[arg(long, value_name = "N")]
        messages: Option<u64>,
    },
    /// Resolve `DIR/exports/` and score it against `DIR/truth.json`, per
    /// variant kind.
    Evaluate {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Write the mail scale set: one Takeout-shaped mbox of the same people
    /// as `synth` (docs/performance.md, "Mail").
    Mbox {
        /// How many people to invent (the same as `synth`'s for one seed).
        #[arg(long, default_value_t = 20_000)]
        people: usize,
        /// How many messages.
        #[arg(long, value_name = "N")]
        messages: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The mbox file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Read and inflate exactly the entries `offgrid report` would import,
    /// without parsing them: the benchmark's floor (docs/performance.md).
    Floor {
        /// Export files, folders or zips, as given to `report`.
        #[arg(required = true, value_name = "PATH")]
        inputs: Vec<PathBuf>,
    },
}

fn main() -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match Cli::parse().command {
        Command::Synth {
            people,
            seed,
            out: dir,
            messages: Some(messages),
        } => {
            let s = synth::generate_scale(people, messages, seed, &dir)
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
        }
        Command::Synth {
            people,
            seed,
            out: dir,
            messages: None,
        } => {
            let s = synth::generate(people, seed, &dir)
                .with_context(|| format!("cannot write {}", dir.display()))?;
            writeln!(
                out,
                "wrote {} people, {} labelled records to {}",
                s.people,
                s.records,
                dir.display()
            )?;
        }
        Command::Evaluate { dir } => {
            let text = synth::evaluate_dir(&dir)?;
            out.write_all(text.as_bytes())?;
        }
        Command::Mbox {
            people,
            messages,
            seed,
            out: file,
        } => {
            let s = synth::generate_mbox(people, messages, seed, &file)
                .with_context(|| format!("cannot write {}", file.display()))?;
            writeln!(
                out,
                "wrote {} messages ({} personal, {} list posts, {} newsletters, {} spam or trash; {} with attachments): {} bytes in {}",
                s.messages,
                s.personal,
                s.lists,
                s.newsletters,
                s.junk,
                s.attachments,
                s.bytes,
                file.display()
            )?;
        }
        Command::Floor { inputs } => {
            let (entries, bytes) =
                offgrid::discover::inflate_only(&inputs, &offgrid::limits::Limits::default());
            writeln!(out, "{entries} entries, {bytes} bytes inflated")?;
        }
    }
    Ok(())
}
