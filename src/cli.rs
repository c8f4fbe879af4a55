//! Command-line definitions: clap derive types only, with their doc comments
//! as help text. `commands` turns them into plain options.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::render::Format;

/// Rank your online-only relationships by how long they have gone without a
/// phone call, a video call or a coffee.
///
/// offgrid reads the exports you already have (LinkedIn, Facebook, vCards,
/// call logs, calendars, a touchpoint log), merges the records that are the
/// same person, and lists who has waited longest for direct contact.
/// Nothing leaves your machine; inputs are never modified.
#[derive(Debug, Parser)]
#[command(name = "offgrid", version, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Rank people by days without direct contact.
    Report(ReportArgs),
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Export files, folders or .zip archives, in any mix.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Count only evidence dated on or before this day (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    /// Time zone that dates are taken in, e.g. Europe/Berlin [default: the system's].
    #[arg(long, value_name = "TZ")]
    pub tz: Option<String>,

    /// Region for phone numbers written without a country code, e.g. US, DE
    /// [default: from the locale, else US].
    #[arg(long, value_name = "CC")]
    pub region: Option<String>,

    /// Days after the last direct contact when a relationship counts as lapsed.
    #[arg(long, value_name = "DAYS", default_value_t = 365)]
    pub stale_after: u32,

    /// Only list people with at least this many online interactions.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_interactions: u64,

    /// Also list people in recent direct contact.
    #[arg(long)]
    pub all: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Write the report to this file (atomically, readable only by you)
    /// instead of standard output.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Print no progress, warnings or summary; errors only.
    #[arg(short, long)]
    pub quiet: bool,
}
