//! One module per subcommand, each with one `run`; this file dispatches and
//! maps outcomes to exit codes.

pub mod report;

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

/// Runs offgrid with the process arguments and returns its exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Report(args) => report::run(&args),
    };
    match result {
        Ok(code) => code as i32,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::Success as i32;
            }
            let chain: Vec<String> = err.chain().map(ToString::to_string).collect();
            eprintln!("offgrid: {}", chain.join(": "));
            ExitCode::Failure as i32
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
