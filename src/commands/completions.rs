//! `offgrid completions <SHELL>` and `offgrid man`: shell completion scripts
//! and the man page, generated from the clap definitions in `cli.rs`, so
//! they cannot drift from `--help`. The man page's closing sections (exit
//! status, environment, files, examples) have no clap counterpart and are
//! written here; a test keeps the examples equal to the README's.

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
/// visible subcommand, then EXIT STATUS, ENVIRONMENT, FILES and EXAMPLES.
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
    write_closing_sections(&mut buf)?;
    man.render_version_section(&mut buf)?;
    let mut out = std::io::stdout().lock();
    out.write_all(&buf)?;
    out.flush()?;
    Ok(ExitCode::Success)
}

/// Exit codes, as `docs/errors.md` defines them.
const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Success: everything was read and the output written."),
    (
        "1",
        "Failure, nothing written: an input does not exist or is a single file offgrid cannot read, \
         an option is malformed, the output cannot be written, or --strict found skipped records.",
    ),
    (
        "2",
        "Usage error: an unknown flag, a missing argument, a limit that is not a size.",
    ),
    (
        "3",
        "The report was written, but some records or archive entries were skipped; each is named \
         on standard error as file!entry:line: what is wrong (with --strict this is exit 1 instead).",
    ),
];

/// The environment variables offgrid reads.
const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "OFFGRID_CONFIG",
        "The configuration file, as --config gives it (the flag wins).",
    ),
    (
        "XDG_CONFIG_HOME",
        "The folder holding offgrid/config.toml; when unset or empty, ~/.config.",
    ),
    (
        "XDG_DATA_HOME",
        "The folder holding offgrid/touchpoints.csv; when unset or empty, ~/.local/share.",
    ),
    (
        "HOME",
        "The home folder: the base of the two defaults above, and what a leading ~ in the \
         configuration file means.",
    ),
    (
        "TZ",
        "The system's time zone, in which dates are taken when neither --tz nor the \
         configuration's tz is given (else /etc/localtime, else UTC).",
    ),
    (
        "LC_ALL, LC_MESSAGES, LANG",
        "The first of these whose locale names a territory (en_GB.UTF-8 gives GB) gives the region \
         for phone numbers written without a country code, when neither --region nor the \
         configuration's region is given; else US.",
    ),
    (
        "NO_COLOR",
        "When set, the report's table is not coloured (unless --color always).",
    ),
    (
        "COLUMNS",
        "The width of the report's table on standard output, in place of the terminal's \
         (off a terminal, lines are otherwise left whole).",
    ),
];

/// The files offgrid reads and writes of its own.
const FILES: &[(&str, &str)] = &[
    (
        "$XDG_CONFIG_HOME/offgrid/config.toml (~/.config/offgrid/config.toml)",
        "The configuration file, read when it exists, unless --config or OFFGRID_CONFIG names \
         another; offgrid config path prints where it is looked for.",
    ),
    (
        "$XDG_DATA_HOME/offgrid/touchpoints.csv (~/.local/share/offgrid/touchpoints.csv)",
        "The touchpoint log: offgrid log appends to it, and every command reads it when it \
         exists. The configuration's touchpoints key names another.",
    ),
];

/// The README's Use section: what each example is for, and its command
/// lines (`tests/reports.rs` checks that the two agree).
const EXAMPLES: &[(&str, &[&str])] = &[
    (
        "One-off: point it at what you downloaded, in any mix of zips, folders, files.",
        &[
            "offgrid report ~/Downloads/Complete_LinkedInDataExport_11-24-2026.zip \\",
            "               ~/Downloads/facebook-me-2026-11-20/ ~/phone/contacts.vcf",
        ],
    ),
    (
        "CSV for a spreadsheet or a script, as of a fixed day, with everybody.",
        &["offgrid report --format csv --all --as-of 2026-11-26 -o network.csv ~/exports/"],
    ),
    (
        "Only people you exchanged at least 3 messages with, lapsed after 6 months.",
        &["offgrid report --min-interactions 3 --stale-after 180 ~/exports/"],
    ),
    (
        "Log a coffee, then see who is who and why.",
        &[
            "offgrid log \"Ada Lovelace\" --kind coffee ~/exports/",
            "offgrid people --ambiguous ~/exports/",
            "offgrid explain \"Ada Lovelace\" ~/exports/",
        ],
    ),
    (
        "Weekly, from cron: dated reports and what changed since last week.",
        &["offgrid report --quiet --output-dir ~/reports/offgrid ~/exports/"],
    ),
    (
        "Friday: three people to call this week, why, and how to reach them; or as reminders in your calendar.",
        &[
            "offgrid suggest ~/exports/",
            "offgrid suggest --format ics -o ~/this-week.ics ~/exports/",
        ],
    ),
];

/// Text as roff prints it: backslashes and hyphens escaped, and a line
/// that would start with a control character made plain.
fn roff_text(s: &str) -> String {
    let escaped = s.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

/// EXIT STATUS, ENVIRONMENT, FILES and EXAMPLES, in roff.
fn write_closing_sections(out: &mut Vec<u8>) -> std::io::Result<()> {
    let tagged = |out: &mut Vec<u8>, heading: &str, font: &str, items: &[(&str, &str)]| {
        writeln!(out, ".SH {heading}")?;
        for (tag, body) in items {
            let tag = roff_text(tag);
            let tag = if font.is_empty() {
                tag
            } else {
                format!("\\f{font}{tag}\\fR")
            };
            writeln!(out, ".TP\n{tag}\n{}", roff_text(body))?;
        }
        std::io::Result::Ok(())
    };
    tagged(out, "\"EXIT STATUS\"", "", EXIT_STATUS)?;
    tagged(out, "ENVIRONMENT", "B", ENVIRONMENT)?;
    tagged(out, "FILES", "I", FILES)?;
    writeln!(out, ".SH EXAMPLES")?;
    for (what, lines) in EXAMPLES {
        writeln!(out, ".PP\n{}\n.RS 4\n.nf", roff_text(what))?;
        for line in *lines {
            writeln!(out, "{}", roff_text(line))?;
        }
        writeln!(out, ".fi\n.RE")?;
    }
    Ok(())
}
