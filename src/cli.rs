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
    /// Configuration file [default: $XDG_CONFIG_HOME/offgrid/config.toml when it exists].
    #[arg(long, global = true, value_name = "PATH", env = "OFFGRID_CONFIG")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Rank people by days without direct contact.
    Report(ReportArgs),
    /// Record a direct contact (a call, a coffee) in the touchpoint log.
    Log(LogArgs),
    /// Inspect the configuration file.
    #[command(subcommand)]
    Config(ConfigCommand),
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Validate the configuration file; unknown keys are reported with their line.
    Check,
    /// Print where the configuration file is looked for.
    Path,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Who: a name, an email address or a phone number.
    pub who: String,

    /// What it was: call, video, meeting, coffee, ... (any word).
    #[arg(long, default_value = "contact")]
    pub kind: String,

    /// The day it happened (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,

    /// A note kept with the row.
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub note: String,

    /// The touchpoint log to append to [default: from the config, else
    /// $XDG_DATA_HOME/offgrid/touchpoints.csv].
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,

    /// Exports to match WHO against [default: the config's inputs].
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Time zone for "today" and for matching [default: the system's].
    #[arg(long, value_name = "TZ")]
    pub tz: Option<String>,

    /// Region for a national phone number [default: from the locale, else US].
    #[arg(long, value_name = "CC")]
    pub region: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Export files, folders or .zip archives, in any mix [default: the
    /// config's inputs]. The touchpoint log is always read when it exists.
    #[arg(value_name = "INPUT")]
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
    /// [default: the config's, else 365]
    #[arg(long, value_name = "DAYS")]
    pub stale_after: Option<u32>,

    /// Only list people with at least this many online interactions.
    /// [default: the config's, else 1]
    #[arg(long, value_name = "N")]
    pub min_interactions: Option<u64>,

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
