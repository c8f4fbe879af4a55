//! offgrid as a person runs it: in a terminal (a pseudo-terminal, with the
//! screen read back through a terminal emulator), in a pipe, and from cron
//! (no terminal, a bare environment, stdin closed).
//!
//! A terminal is where `report` once hung (the stderr lock held across
//! parallel work while the progress spinner waited for it); every command
//! runs here under a bound, so a hang fails the test instead of the suite.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, CommandBuilder, PtySize};

use crate::util::{fixtures, stderr, stdout, Dir};

/// Generous: the demo takes about a second in a debug build.
const BOUND: Duration = Duration::from_secs(60);

/// What a run in a terminal left: the bytes written to it, the screen they
/// draw, and the exit code.
struct Terminal {
    raw: Vec<u8>,
    screen: vt100::Screen,
    code: u32,
}

impl Terminal {
    /// The screen's text, trailing blank lines dropped.
    fn text(&self) -> String {
        self.screen.contents().trim_end().to_owned()
    }

    /// Rows of the table (the screen's first lines, up to the first
    /// blank one) that wrapped: a line longer than the terminal.
    fn wrapped_rows(&self) -> Vec<String> {
        let (rows, cols) = self.screen.size();
        let (rows, cols) = (rows.get(), cols.get());
        let row = |r: u16| self.screen.contents_between(r, 0, r, cols);
        let table = (0..rows).take_while(|&r| !row(r).trim().is_empty()).count();
        (0..table as u16)
            .filter(|&r| self.screen.row_wrapped(r))
            .map(|r| {
                self.screen
                    .contents_between(r, 0, r, cols)
                    .trim_end()
                    .to_owned()
            })
            .collect()
    }

    /// Whether any colour or bold was written (SGR codes other than reset).
    fn coloured(&self) -> bool {
        let raw = String::from_utf8_lossy(&self.raw);
        raw.match_indices("\x1b[").any(|(at, _)| {
            let rest = &raw[at + 2..];
            let code: String = rest.chars().take_while(|c| *c != 'm').collect();
            rest.len() > code.len()
                && !code.is_empty()
                && code.chars().all(|c| c.is_ascii_digit() || c == ';')
                && code != "0"
        })
    }

    /// Whether the progress spinner was drawn at some point.
    fn drew_progress(&self) -> bool {
        spinner_in(&String::from_utf8_lossy(&self.raw))
    }

    /// Whether anything of the spinner is left on the screen.
    fn spinner_left(&self) -> bool {
        spinner_in(&self.text())
    }
}

/// A spinner frame (indicatif's braille dots) or its words.
fn spinner_in(text: &str) -> bool {
    text.chars().any(|c| ('\u{2801}'..='\u{28ff}').contains(&c))
        || text.contains(" entries  ")
        || text.contains("entries read)")
}

/// Runs `sh -c script` in a pseudo-terminal `cols` wide (and tall enough
/// to keep every line on screen), in `dir`, with the environment pinned as
/// [`Dir::command`] pins it plus `TERM` and `env`. Fails the test when it
/// runs longer than `bound`.
fn in_terminal(
    dir: &Dir,
    cols: u16,
    script: &str,
    env: &[(&str, &str)],
    bound: Duration,
) -> Terminal {
    // Tall enough to hold a whole report of thousands of rows.
    let rows = 8000;
    let pair = native_pty_system()
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::new("sh");
    cmd.args(["-c", script]);
    cmd.cwd(dir.path());
    cmd.env_clear();
    let bin = Path::new(env!("CARGO_BIN_EXE_offgrid")).parent().unwrap();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![bin.to_path_buf()];
    paths.extend(std::env::split_paths(&path));
    cmd.env("PATH", std::env::join_paths(paths).unwrap());
    cmd.env("HOME", dir.path());
    cmd.env("XDG_CONFIG_HOME", dir.path().join(".config"));
    cmd.env("TZ", "UTC");
    cmd.env("LANG", "C.UTF-8");
    cmd.env("TERM", "xterm-256color");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = pair
        .slave
        .spawn_command(cmd)
        .expect("spawn in the terminal");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("terminal reader");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut raw = Vec::new();
        // Linux ends a closed terminal with EIO; what came before is kept.
        let _ = reader.read_to_end(&mut raw);
        let _ = tx.send(raw);
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > bound {
            let _ = child.kill();
            panic!("`{script}` still running in a terminal after {bound:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let raw = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("terminal output");
    drop(pair.master);
    let nonzero = |n: u16| std::num::NonZeroU16::new(n).expect("a size");
    let mut parser = vt100::Parser::new(nonzero(rows), nonzero(cols), 0);
    parser.process(&raw);
    Terminal {
        raw,
        screen: parser.screen().clone(),
        code: status.exit_code(),
    }
}

fn demo() -> PathBuf {
    fixtures().join("demo")
}

/// The README's first command, typed into a terminal.
fn readme_command() -> String {
    format!("offgrid report '{}' --as-of 2026-11-26", demo().display())
}

#[test]
fn report_in_a_terminal_prints_the_table_and_exits() {
    let dir = Dir::new();
    for cols in [80, 140] {
        let t = in_terminal(&dir, cols, &readme_command(), &[], BOUND);
        assert_eq!(t.code, 0, "{}", t.text());
        let text = t.text();
        assert!(text.starts_with(" #  NAME"), "{text}");
        assert!(
            text.contains(
                "32 of 46 people as of 2026-11-26: 21 never met off the grid, 11 lapsed."
            ),
            "{text}"
        );
        // The spinner is gone from the screen: nothing of it is left
        // above, inside or below the table.
        assert!(!t.spinner_left(), "{text}");
        // It fits: no line wrapped, and the wide columns only when there
        // is room for them.
        assert_eq!(t.wrapped_rows(), Vec::<String>::new(), "{cols} columns");
        assert_eq!(text.contains("COMPANY"), cols >= 120, "{text}");
        assert!(t.coloured(), "a terminal gets colour");
        assert!(
            text.ends_with(
                "offgrid: 27 entries read, 152 records, 46 people, 32 in the report; 0 skipped"
            ),
            "{text}"
        );
    }
}

#[test]
fn no_color_and_color_never_keep_the_terminal_plain() {
    let dir = Dir::new();
    let t = in_terminal(&dir, 100, &readme_command(), &[("NO_COLOR", "1")], BOUND);
    assert_eq!(t.code, 0, "{}", t.text());
    assert!(!t.coloured(), "NO_COLOR is honoured");
    let t = in_terminal(
        &dir,
        100,
        &format!("{} --color never", readme_command()),
        &[],
        BOUND,
    );
    assert!(!t.coloured(), "--color never is honoured");
    // Piped, no colour unless asked for.
    let out = dir.report(&[&demo()], &[]);
    assert!(!stdout(&out).contains('\x1b'));
    let out = dir.report(&[&demo()], &["--color", "always"]);
    assert!(
        stdout(&out).contains("\x1b[31mnever\x1b[0m"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn only_the_report_goes_to_stdout_and_progress_to_the_terminal() {
    let dir = Dir::new();
    // stdout to a file, stderr (and so the spinner) on the terminal.
    let t = in_terminal(
        &dir,
        80,
        &format!(
            "{} --format csv --all --tz UTC --region US > out.csv",
            readme_command()
        ),
        &[],
        BOUND,
    );
    assert_eq!(t.code, 0, "{}", t.text());
    let csv = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
    let want = crate::util::snapshot();
    assert_eq!(csv, want, "stdout holds the report and nothing else");
    // What the terminal shows once the run is over: the warning and the
    // summary, the spinner cleared.
    assert_eq!(
        t.text(),
        "offgrid: notice: 1 name (\"Sam Lee\") fits several people: records with only that \
         name are linked to none of them; `offgrid people --ambiguous` shows them\n\
         offgrid: warning: calendar: newest evidence is from 2026-08-03, 115 days before \
         2026-11-26; days without contact may be overstated for the 4 people reached that way\n\
         offgrid: 27 entries read, 152 records, 46 people, 41 in the report; 0 skipped"
    );
}

#[test]
fn every_command_finishes_in_a_terminal() {
    let dir = Dir::new();
    let d = demo();
    let demo = d.display();
    let place = "--tz UTC --region US";
    let cases: Vec<(String, u32, &str)> = vec![
        (format!("offgrid people '{demo}' {place}"), 0, "Ada Lovelace"),
        (
            format!("offgrid people --ambiguous '{demo}' {place}"),
            0,
            "fits 2 people",
        ),
        (
            format!("offgrid explain 'Ada Lovelace' '{demo}' {place} --as-of 2026-11-26"),
            0,
            "How the report's numbers come out:",
        ),
        (
            format!("offgrid log 'Ada Lovelace' --kind coffee --date 2026-11-20 --file tp.csv '{demo}' {place}"),
            0,
            "logged coffee with Ada Lovelace",
        ),
        (
            format!("offgrid report '{demo}' {place} --as-of 2026-11-26 --format markdown"),
            0,
            "# offgrid report, 2026-11-26",
        ),
        ("offgrid config path".to_owned(), 0, ".config/offgrid/config.toml"),
        ("offgrid config check".to_owned(), 0, "offgrid runs on its defaults"),
        ("offgrid completions bash".to_owned(), 0, "_offgrid()"),
        ("offgrid man".to_owned(), 0, "offgrid"),
        ("offgrid --help".to_owned(), 0, "Usage: offgrid"),
    ];
    for (script, code, want) in cases {
        let t = in_terminal(&dir, 100, &script, &[], BOUND);
        assert_eq!(t.code, code, "{script}\n{}", t.text());
        assert!(t.text().contains(want), "{script}\n{}", t.text());
        assert!(!t.spinner_left(), "{script}: spinner left\n{}", t.text());
    }
}

/// The scale set: long enough that the spinner must show while entries
/// are read, then be gone before the table. 200,000 messages by default;
/// `OFFGRID_TEST_SCALE_MESSAGES=3000000` (`just test-scale`, in a release
/// build) runs it on the benchmarks' 3M set. Generated once per size into
/// `target/test-data/` (seeded), then reused.
#[test]
fn progress_shows_on_a_large_export_and_is_cleared() {
    let messages: u64 = std::env::var("OFFGRID_TEST_SCALE_MESSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let people = if messages >= 1_000_000 { 20_000 } else { 2_000 };
    let data = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("target/test-data/p{people}-m{messages}"));
    if !data.join(".complete").exists() {
        let _ = std::fs::remove_dir_all(&data);
        xtask::synth::generate_scale(people, messages, 1, &data).expect("scale set written");
        std::fs::write(data.join(".complete"), "").unwrap();
    }
    let dir = Dir::new();
    let t = in_terminal(
        &dir,
        80,
        &format!(
            "offgrid report '{}' --as-of 2026-11-26 --tz UTC",
            data.join("exports").display()
        ),
        &[],
        Duration::from_secs(300),
    );
    assert!(matches!(t.code, 0 | 3), "{}", t.text());
    assert!(t.drew_progress(), "no progress was drawn");
    let text = t.text();
    assert!(
        text.trim_start().starts_with("#  NAME"),
        "{}",
        &text[..text.len().min(2000)]
    );
    assert!(!t.spinner_left(), "spinner left on screen");
    assert_eq!(t.wrapped_rows(), Vec::<String>::new());
}

/// cron: no terminal anywhere, a bare environment (`env -i` with cron's
/// few variables), stdin closed, the inputs from the config file.
#[test]
fn a_cron_run_writes_the_reports_and_says_only_what_matters() {
    let dir = Dir::new();
    dir.write(
        ".config/offgrid/config.toml",
        format!(
            "inputs = [\"{}\"]\ntz = \"UTC\"\nregion = \"US\"\n",
            demo().display()
        ),
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_offgrid"))
        .args([
            "report",
            "--quiet",
            "--as-of",
            "2026-11-26",
            "--output-dir",
            "reports",
        ])
        .current_dir(dir.path())
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", dir.path())
        .env("LOGNAME", "offgrid")
        .env("SHELL", "/bin/sh")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "cron mails stdout");
    assert_eq!(stderr(&out), "", "--quiet: errors only");
    for name in [
        "latest.csv",
        "latest.html",
        "latest.json",
        "offgrid-2026-11-26.csv",
    ] {
        assert!(dir.path().join("reports").join(name).is_file(), "{name}");
    }
}
