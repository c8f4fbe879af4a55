//! One module per subcommand, each with one `run`; this file dispatches and
//! maps outcomes to exit codes.

pub mod completions;
pub mod config;
pub mod explain;
pub mod log;
pub mod people;
pub mod report;
pub mod suggest;

mod messages;
mod pipeline;

use clap::Parser;

use crate::cli::{Cli, Command};

/// The process exit codes (docs/commands.md "Exit codes").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitCode {
    /// Everything was read and the report written.
    Success = 0,
    /// Nothing was written: an input could not be read, or the output failed.
    Failure = 1,
    /// The command line was wrong (clap's own code).
    Usage = 2,
    /// The report was written, but some records or entries were skipped
    /// (each named in a warning).
    Partial = 3,
}

impl ExitCode {
    /// Success, or [`ExitCode::Partial`] when import skipped any record or
    /// entry.
    pub(crate) fn of(imported: &crate::discover::Imported) -> ExitCode {
        if imported.skipped() == 0 {
            ExitCode::Success
        } else {
            ExitCode::Partial
        }
    }
}

/// What a command leaves for the process exit to free: the run's records,
/// events and people. Freed value by value they would take about a tenth
/// of a second at 3M messages (docs/performance.md); `main.rs` exits with
/// them alive, and the system takes the memory back at once.
#[derive(Default)]
pub struct Leftovers {
    /// Held, never read.
    _data: Option<Box<dyn std::any::Any>>,
}

impl Leftovers {
    pub(crate) fn new(data: impl std::any::Any) -> Leftovers {
        Leftovers {
            _data: Some(Box::new(data)),
        }
    }
}

/// Runs offgrid with the process arguments and returns its exit code, with
/// what the command leaves for the exit to free.
pub fn main() -> (i32, Leftovers) {
    let cli = Cli::parse();
    let mut leftovers = Leftovers::default();
    let result = match &cli.command {
        Command::Report(args) => report::run(cli.config.as_deref(), args, &mut leftovers),
        Command::Suggest(args) => suggest::run(cli.config.as_deref(), args),
        Command::Log(args) => log::run(cli.config.as_deref(), args),
        Command::Config(cmd) => config::run(cli.config.as_deref(), cmd),
        Command::People(args) => people::run(cli.config.as_deref(), args),
        Command::Explain(args) => explain::run(cli.config.as_deref(), args),
        Command::Completions(args) => completions::completions(args),
        Command::Man => completions::man(),
    };
    (exit_code(result), leftovers)
}

/// The exit code of a command's outcome; an error is printed first.
fn exit_code(result: anyhow::Result<ExitCode>) -> i32 {
    match result {
        Ok(code) => code as i32,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::Success as i32;
            }
            if let Some(usage) = err.downcast_ref::<clap::Error>() {
                let _ = usage.print();
                return ExitCode::Usage as i32;
            }
            let chain: Vec<String> = err.chain().map(ToString::to_string).collect();
            eprintln!("offgrid: {}", messages::escape(&chain.join(": ")));
            ExitCode::Failure as i32
        }
    }
}

/// A usage error found once the command line is parsed (a flag that does
/// not fit the others): printed as clap prints its own, exit 2.
pub(crate) fn usage(message: impl std::fmt::Display) -> anyhow::Error {
    clap::Error::raw(
        clap::error::ErrorKind::ArgumentConflict,
        format!("{message}\n"),
    )
    .into()
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The format an output file is written in: `format` when given, else the
/// one `output`'s extension names in `by_extension` (none, or `.txt`: the
/// table), else the table; `names` lists the formats for the error.
///
/// # Errors
///
/// A usage error for an extension that names no format.
pub(crate) fn settle_format<F: Copy>(
    format: Option<F>,
    output: Option<&std::path::Path>,
    table: F,
    by_extension: &[(&[&str], F)],
    names: &str,
) -> anyhow::Result<F> {
    if let Some(f) = format {
        return Ok(f);
    }
    let Some(path) = output else {
        return Ok(table);
    };
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let Some(ext) = ext.filter(|e| e != "txt") else {
        return Ok(table);
    };
    by_extension
        .iter()
        .find(|(exts, _)| exts.contains(&ext.as_str()))
        .map(|&(_, f)| f)
        .ok_or_else(|| {
            usage(format!(
                "cannot tell the format of {} from its extension .{ext}: give --format ({names})",
                path.display()
            ))
        })
}
