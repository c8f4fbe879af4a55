//! Command-line definitions: clap derive types only, with their doc comments
//! as help text. `commands` turns them into plain options.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::model::Region;
use crate::render::people::PeopleFormat;
use crate::render::suggest::SuggestFormat;
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
    // Listed after each command's own options in its help.
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        env = "OFFGRID_CONFIG",
        display_order = 900
    )]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Rank people by days without direct contact.
    Report(ReportArgs),
    /// Pick the few people to contact this week, with why and how.
    Suggest(SuggestArgs),
    /// Record a direct contact (a call, a coffee) in the touchpoint log; list or undo entries.
    Log(LogArgs),
    /// Inspect the configuration file.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// List every person: the records merged into them, and why.
    People(PeopleArgs),
    /// Show how one person was put together and how their report numbers come out.
    Explain(ExplainArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the man page (roff), generated from these definitions.
    Man,
}

/// Where dates and phone numbers are read: shared by every command that
/// reads exports.
#[derive(Debug, Args)]
pub struct Place {
    /// Time zone that dates are taken in, e.g. Europe/Berlin [default: the
    /// config's, else the system's].
    #[arg(long, value_name = "TZ", value_parser = parse_tz)]
    pub tz: Option<TimeZone>,

    /// Region for phone numbers written without a country code, e.g. US, DE
    /// [default: the config's, else from the locale, else US].
    #[arg(long, value_name = "CC", value_parser = parse_region)]
    pub region: Option<Region>,
}

/// `--as-of`, `--date`: a day, `YYYY-MM-DD`.
///
/// # Errors
///
/// When the value is not such a day, in plain words.
pub fn parse_date(s: &str) -> Result<Date, String> {
    s.trim()
        .parse::<Date>()
        .map_err(|_| "expected a day written YYYY-MM-DD, such as 2026-03-14".to_owned())
}

/// `--tz`: an IANA time zone name.
///
/// # Errors
///
/// When the zone is unknown.
pub fn parse_tz(s: &str) -> Result<TimeZone, String> {
    TimeZone::get(s.trim()).map_err(|_| {
        "expected a time zone name such as Europe/Berlin, America/New_York or UTC".to_owned()
    })
}

/// `--region`: a two-letter region code.
///
/// # Errors
///
/// When the code names no region.
pub fn parse_region(s: &str) -> Result<Region, String> {
    Region::parse(s).ok_or_else(|| "expected a two-letter region code such as US or DE".to_owned())
}

/// When to colour the terminal table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Only when standard output is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always, even into a pipe (for `less -R`).
    Always,
    /// Never.
    Never,
}

/// The day the numbers are taken on, and when a relationship counts as
/// lapsed: shared by `report` and `explain`, which must agree.
#[derive(Debug, Default, Args)]
pub struct Window {
    /// Count only evidence dated on or before this day (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,

    /// Days after the last direct contact when a relationship counts as lapsed
    /// [default: the config's, else 365].
    #[arg(long, value_name = "DAYS")]
    pub stale_after: Option<u32>,
}

impl Window {
    /// `--stale-after`, else the config's `stale-after`, else 365 days.
    pub fn stale_after_or(&self, config: Option<u32>) -> i64 {
        i64::from(self.stale_after.or(config).unwrap_or(365))
    }
}

/// Bounds on what one input entry may hold (docs/errors.md "Limits"): shared
/// by the commands that read exports. Each flag wins over its key in the
/// config's `[limits]` table.
#[derive(Debug, Default, Args)]
pub struct LimitsArgs {
    /// Largest size one file or archive member may inflate to, e.g. 8G
    /// [default: the config's, else 4G] (docs/errors.md "Limits").
    #[arg(long, value_name = "SIZE", value_parser = crate::limits::parse_size)]
    pub max_entry_size: Option<u64>,

    /// How many times its compressed size an archive member may inflate to
    /// [default: the config's, else 200].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_ratio: Option<u64>,

    /// Longest line (or CSV field) read, e.g. 64M [default: the config's,
    /// else 16M].
    #[arg(long, value_name = "SIZE", value_parser = crate::limits::parse_size)]
    pub max_line_length: Option<u64>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct PeopleArgs {
    /// Export files, folders or .zip archives [default: the config's inputs].
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = PeopleFormat::Table)]
    pub format: PeopleFormat,

    /// List only the names (and shared numbers or addresses) that fit
    /// several people, with the candidates.
    #[arg(long)]
    pub ambiguous: bool,

    #[command(flatten)]
    pub place: Place,

    #[command(flatten)]
    pub limits: LimitsArgs,

    /// Print no warnings or summary; errors only.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Who: a name, an email address, a phone number or a person_id.
    pub who: String,

    /// Export files, folders or .zip archives [default: the config's inputs].
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    #[command(flatten)]
    pub window: Window,

    #[command(flatten)]
    pub place: Place,

    #[command(flatten)]
    pub limits: LimitsArgs,

    /// Print no warnings; errors only.
    #[arg(short, long)]
    pub quiet: bool,
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
    /// Who: a name, an email address, a phone number or a person_id (as
    /// `people` and the report show it).
    #[arg(required_unless_present_any = ["list", "undo", "remove"])]
    pub who: Option<String>,

    /// WHO is someone not in your exports (a name that matches nobody, or
    /// one that fits several people and is none of them).
    #[arg(long)]
    pub new: bool,

    /// Print the log's entries, numbered, and change nothing.
    #[arg(long, conflicts_with_all = ["who", "new", "undo", "remove"])]
    pub list: bool,

    /// Remove the last entry of the log.
    #[arg(long, conflicts_with_all = ["who", "new", "remove"])]
    pub undo: bool,

    /// Remove entry N of the log (its number in `--list`).
    #[arg(long, value_name = "N", conflicts_with_all = ["who", "new"])]
    pub remove: Option<usize>,

    /// What it was: call, video, meeting, coffee, ... (any word).
    #[arg(long, default_value = "contact")]
    pub kind: String,

    /// The day it happened (YYYY-MM-DD) [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<Date>,

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

    #[command(flatten)]
    pub place: Place,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Export files, folders or .zip archives, in any mix [default: the
    /// config's inputs]. The touchpoint log is always read when it exists.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    #[command(flatten)]
    pub window: Window,

    #[command(flatten)]
    pub place: Place,

    /// Only list people with at least this many online interactions.
    /// [default: the config's, else 1]
    #[arg(long, value_name = "N")]
    pub min_interactions: Option<u64>,

    /// Also list people in recent direct contact.
    #[arg(long)]
    pub all: bool,

    /// Output format [default: from the extension of --output (.csv,
    /// .json, .md, .html), else table].
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Write the report to this file (atomically, readable only by you)
    /// instead of standard output.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Write dated reports (offgrid-YYYY-MM-DD.csv, .html, .json) into this
    /// folder and replace latest.*, with the changes since the previous one.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["output", "format"])]
    pub output_dir: Option<PathBuf>,

    /// With --output-dir: replace latest.* even when a source of the
    /// previous report was not read this time (a failed download).
    #[arg(long, requires = "output_dir")]
    pub accept_missing: bool,

    /// CSV for Excel: a UTF-8 byte-order mark, so accents show right, and
    /// phone numbers kept as text.
    #[arg(long)]
    pub excel: bool,

    /// When to colour the table.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Warn when a source's newest evidence is more than this many days
    /// before --as-of. [default: the config's, else 90]
    #[arg(long, value_name = "DAYS")]
    pub source_max_age: Option<u32>,

    /// Print no progress, warnings or summary; errors only.
    #[arg(short, long)]
    pub quiet: bool,

    /// Fail (exit 1, nothing written) when any record or entry is skipped,
    /// instead of writing the report and exiting 3.
    #[arg(long)]
    pub strict: bool,

    #[command(flatten)]
    pub limits: LimitsArgs,
}

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// Export files, folders or .zip archives [default: the config's
    /// inputs]. The touchpoint log is always read when it exists.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// How many people [default: the config's, else 3].
    #[arg(short = 'n', long = "count", value_name = "N")]
    pub count: Option<usize>,

    #[command(flatten)]
    pub window: Window,

    #[command(flatten)]
    pub place: Place,

    /// Output format [default: from the extension of --output (.csv,
    /// .json, .md, .ics), else table].
    #[arg(long, value_enum)]
    pub format: Option<SuggestFormat>,

    /// Write to this file (atomically, readable only by you) instead of
    /// standard output.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Print no progress, warnings or summary; errors only.
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub limits: LimitsArgs,
}
