//! `offgrid config check` and `offgrid config path`.

use std::path::Path;

use anyhow::bail;

use super::ExitCode;
use crate::cli::ConfigCommand;
use crate::config::{default_path, Config};

/// Runs `offgrid config <cmd>`.
///
/// # Errors
///
/// When the file is missing (for `check`), unreadable or invalid.
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
            if !path.is_file() {
                bail!(
                    "{}: no such file (offgrid runs on its defaults)",
                    path.display()
                );
            }
            let config = Config::read(&path)?;
            let mut notes = Vec::new();
            for input in &config.inputs {
                if !input.exists() {
                    notes.push(format!("input {} does not exist", input.display()));
                }
            }
            if let Some(tz) = &config.tz {
                if jiff::tz::TimeZone::get(tz).is_err() {
                    bail!("{}: tz: unknown time zone {tz:?}", path.display());
                }
            }
            if let Some(region) = &config.region {
                if crate::model::Region::parse(region).is_none() {
                    bail!("{}: region: expected a two-letter region code such as US or DE, found {region:?}", path.display());
                }
            }
            for n in &notes {
                eprintln!("offgrid: warning: {}: {n}", path.display());
            }
            println!("{}: ok", path.display());
            Ok(if notes.is_empty() {
                ExitCode::Success
            } else {
                ExitCode::Partial
            })
        }
    }
}
