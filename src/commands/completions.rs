//! `offgrid completions <SHELL>` and `offgrid man`: shell completion scripts
//! and the man page, generated from the clap definitions in `cli.rs`, so
//! they cannot drift from `--help`.

use std::io::Write;

use clap::CommandFactory;

use super::ExitCode;
use crate::cli::{Cli, CompletionsArgs};

/// Prints the completion script for one shell on stdout.
///
/// # Errors
///
/// When stdout cannot be written.
pub fn completions(args: &CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut cmd = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut cmd, "offgrid", &mut out);
    out.flush()?;
    Ok(ExitCode::Success)
}

/// Prints the man page, offgrid(1), in roff on stdout, with a section per
/// visible subcommand.
///
/// # Errors
///
/// When stdout cannot be written.
pub fn man() -> anyhow::Result<ExitCode> {
    let cmd = Cli::command();
    let mut buf = Vec::new();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    man.render_options_section(&mut buf)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_name();
        let page = clap_mangen::Man::new(sub.clone().bin_name(format!("offgrid {name}")));
        let mut section = Vec::new();
        page.render_synopsis_section(&mut section)?;
        page.render_description_section(&mut section)?;
        page.render_options_section(&mut section)?;
        // One page: each subcommand's sections become subsections.
        let section = String::from_utf8_lossy(&section).replace(".SH ", ".SS ");
        writeln!(buf, ".SH \"OFFGRID {}\"", name.to_uppercase())?;
        buf.extend_from_slice(section.as_bytes());
    }
    man.render_version_section(&mut buf)?;
    let mut out = std::io::stdout().lock();
    out.write_all(&buf)?;
    out.flush()?;
    Ok(ExitCode::Success)
}
