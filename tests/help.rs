//! Help, completions and the man page, all generated from the clap
//! definitions.

use crate::util::{readme_use_commands, stderr, stdout, Dir};

/// The text of one `.SH` section of a roff page, up to the next `.SH`.
fn man_section<'a>(roff: &'a str, heading: &str) -> &'a str {
    let start = roff
        .find(&format!("\n.SH {heading}\n"))
        .unwrap_or_else(|| panic!("no .SH {heading}"));
    let body = &roff[start + 1..];
    let body = &body[body.find('\n').unwrap() + 1..];
    body.find("\n.SH ").map_or(body, |end| &body[..=end])
}

#[test]
fn completions_and_man_page_name_the_subcommands() {
    let dir = Dir::new();
    for shell in ["bash", "zsh", "fish"] {
        let out = dir.command().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = stdout(&out);
        for sub in ["report", "log", "explain", "completions"] {
            assert!(text.contains(sub), "{shell} completion lacks {sub}");
        }
        assert!(
            text.contains("output-dir"),
            "{shell} completion lacks --output-dir"
        );
    }
    let out = dir.command().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let man = stdout(&out);
    assert!(man.contains(".TH offgrid 1"), "{man}");
    for section in [
        ".SH \"OFFGRID REPORT\"",
        ".SH \"OFFGRID LOG\"",
        ".SH \"OFFGRID CONFIG\"",
        ".SH \"OFFGRID COMPLETIONS\"",
    ] {
        assert!(man.contains(section), "{section} missing");
    }
    assert!(man.contains("output\\-dir"), "{man}");
    assert!(
        !man.contains("OFFGRID SYNTH"),
        "hidden commands stay hidden"
    );
}

#[test]
fn man_page_has_exit_status_environment_files_and_examples() {
    let dir = Dir::new();
    let out = dir.command().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let roff = stdout(&out);
    // The usual order of a man page, after the subcommands' sections.
    let at = |h: &str| {
        roff.find(&format!("\n.SH {h}\n"))
            .unwrap_or_else(|| panic!(".SH {h} missing"))
    };
    let order = [
        "\"OFFGRID MAN\"",
        "\"EXIT STATUS\"",
        "ENVIRONMENT",
        "FILES",
        "EXAMPLES",
        "VERSION",
    ]
    .map(at);
    assert!(order.is_sorted(), "sections out of order: {order:?}");
    // Plain text of a section: roff escapes undone, requests dropped.
    let text = |h: &str| {
        man_section(&roff, h)
            .lines()
            .filter(|l| !l.starts_with('.'))
            .map(|l| {
                l.replace("\\-", "-")
                    .replace("\\e", "\\")
                    .replace("\\&", "")
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let exit = man_section(&roff, "\"EXIT STATUS\"");
    for code in ["0", "1", "2", "3"] {
        assert!(
            exit.contains(&format!(".TP\n{code}\n")),
            "exit {code}: {exit}"
        );
    }
    assert!(text("\"EXIT STATUS\"").contains("--strict"));
    let env = text("ENVIRONMENT");
    for var in [
        "OFFGRID_CONFIG",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "HOME",
        "TZ",
        "LC_ALL",
        "LC_MESSAGES",
        "LANG",
        "NO_COLOR",
        "COLUMNS",
    ] {
        assert!(env.contains(var), "ENVIRONMENT lacks {var}: {env}");
    }
    let files = text("FILES");
    for path in [
        "$XDG_CONFIG_HOME/offgrid/config.toml",
        "~/.config/offgrid/config.toml",
        "$XDG_DATA_HOME/offgrid/touchpoints.csv",
        "~/.local/share/offgrid/touchpoints.csv",
    ] {
        assert!(files.contains(path), "FILES lacks {path}: {files}");
    }
    // EXAMPLES holds the README's Use commands.
    let examples = text("EXAMPLES");
    let examples = examples.split_whitespace().collect::<Vec<_>>().join(" ");
    let examples = examples.replace(" \\ ", " ");
    let readme = readme_use_commands();
    assert!(readme.len() >= 5, "{readme:?}");
    for command in readme {
        assert!(
            examples.contains(&command),
            "EXAMPLES lacks {command}:\n{examples}"
        );
    }

    // groff and man read it without a warning, where they are installed.
    let page = dir.write("offgrid.1", &out.stdout);
    match std::process::Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(&page)
        .output()
    {
        Ok(g) => assert_eq!(stderr(&g), "", "groff warnings"),
        Err(e) => eprintln!("skipped: groff not run ({e})"),
    }
    match std::process::Command::new("man")
        .arg("-l")
        .arg(&page)
        .env("MANWIDTH", "100")
        .env("MAN_KEEP_FORMATTING", "")
        .output()
    {
        Ok(m) => {
            assert_eq!(m.status.code(), Some(0), "{}", stderr(&m));
            assert_eq!(stderr(&m), "", "man warnings");
            let shown = stdout(&m);
            for heading in ["EXIT STATUS", "ENVIRONMENT", "FILES", "EXAMPLES"] {
                assert!(
                    shown.lines().any(|l| l == heading),
                    "man shows no {heading}:\n{shown}"
                );
            }
        }
        Err(e) => eprintln!("skipped: man not run ({e})"),
    }
}

#[test]
fn report_help_lists_its_own_options_before_the_global_config() {
    let dir = Dir::new();
    let out = dir.command().args(["report", "--help"]).output().unwrap();
    let help = stdout(&out);
    let at = |flag: &str| help.find(flag).unwrap_or_else(|| panic!("{flag}\n{help}"));
    assert!(at("--as-of <DATE>") < at("--stale-after <DAYS>"));
    assert!(at("--stale-after <DAYS>") < at("--config <PATH>"), "{help}");
    assert!(
        at("--max-line-length <SIZE>") < at("--config <PATH>"),
        "{help}"
    );
}

/// The shipped binary stays lean: the release profile keeps no debug info
/// and no symbol table (built, it is 48 MB; with polars' line tables it
/// was 500 MB). A release build takes minutes, too long for this suite,
/// so the profile is what is checked; docs/performance.md gives the size
/// and the command that measures it.
#[test]
fn the_release_profile_ships_no_debug_info() {
    let manifest = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"),
    )
    .unwrap();
    let doc: toml::Table = manifest.parse().unwrap();
    let release = &doc["profile"]["release"];
    assert_eq!(release["debug"].as_bool(), Some(false), "{release:?}");
    assert_eq!(release["strip"].as_str(), Some("symbols"), "{release:?}");
}
