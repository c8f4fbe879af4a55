//! `offgrid config check` and `offgrid config path`.

use std::path::Path;

use anyhow::bail;

use super::ExitCode;
use crate::cli::ConfigCommand;
use crate::config::{default_path, Config};

/// Runs `offgrid config <cmd>`.
///
/// `check` exits 0 when there is no config file at the default path
/// (offgrid runs on its defaults) and when the file is valid; 1 when it is
/// unreadable, invalid, or names an input that does not exist or a zone or
/// region offgrid does not know.
///
/// # Errors
///
/// When the file is missing (given with `--config`), unreadable or
/// invalid, or has problems.
pub fn run(explicit: Option<&Path>, cmd: &ConfigCommand) -> anyhow::Result<ExitCode> {
    let path = explicit.map(Path::to_path_buf).or_else(default_path);
    match cmd {
        ConfigCommand::Path => {
            match &path {
                Some(p) => println!("{}", p.display()),
                None => bail!("no configuration path: set --config, XDG_CONFIG_HOME or HOME"),
            }
            Ok(ExitCode::Success)
        }
        ConfigCommand::Check => {
            let Some(path) = path else {
                bail!("no configuration path: set --config, XDG_CONFIG_HOME or HOME");
            };
            if explicit.is_none() && !path.exists() {
                println!(
                    "{}: no configuration file; offgrid runs on its defaults",
                    path.display()
                );
                return Ok(ExitCode::Success);
            }
            let config = Config::read(&path)?;
            let mut problems = Vec::new();
            for input in &config.inputs {
                if !input.exists() {
                    problems.push(format!("input {} does not exist", input.display()));
                }
            }
            if let Some(tz) = &config.tz {
                if jiff::tz::TimeZone::get(tz).is_err() {
                    problems.push(format!("tz: unknown time zone {tz:?}"));
                }
            }
            if let Some(region) = &config.region {
                if crate::model::Region::parse(region).is_none() {
                    problems.push(format!(
                        "region: expected a two-letter region code such as US or DE, found {region:?}"
                    ));
                }
            }
            for n in &config.notices {
                eprintln!("offgrid: notice: {}", super::messages::escape(n));
            }
            if problems.is_empty() {
                println!("{}: ok", path.display());
                return Ok(ExitCode::Success);
            }
            for p in &problems {
                eprintln!(
                    "offgrid: error: {}: {}",
                    path.display(),
                    super::messages::escape(p)
                );
            }
            bail!(
                "{}: {} {} found",
                path.display(),
                problems.len(),
                if problems.len() == 1 {
                    "problem"
                } else {
                    "problems"
                }
            )
        }
    }
}
