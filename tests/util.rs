//! A scratch directory and a command builder for the real binary, with the
//! environment pinned so runs are reproducible.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project's fixtures folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The shared public corpus, if present (`OFFGRID_CORPUS` or `../shared/corpus`).
pub fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("OFFGRID_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.is_dir().then_some(dir)
}

/// Copies a folder and everything below it.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// A temporary directory that holds a test's files and HOME.
pub struct Dir {
    pub tmp: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            tmp: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// Writes a file below the directory, creating folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, contents).unwrap();
        p
    }

    /// `offgrid` with HOME, XDG dirs inside this directory, a pinned locale
    /// and time zone, and no OFFGRID_* variables.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_offgrid"));
        cmd.current_dir(self.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.path().join(".config"))
            .env("TZ", "UTC")
            .env("LANG", "C");
        cmd
    }

    /// Runs offgrid with `args` and then `path`.
    pub fn run(&self, args: &[&str], path: &Path) -> Output {
        self.command()
            .args(args)
            .arg(path)
            .output()
            .expect("run offgrid")
    }

    /// `offgrid report --as-of 2026-11-26 --tz UTC --region US <inputs>`.
    pub fn report(&self, inputs: &[&Path], extra: &[&str]) -> Output {
        let mut cmd = self.command();
        cmd.args([
            "report",
            "--as-of",
            "2026-11-26",
            "--tz",
            "UTC",
            "--region",
            "US",
        ]);
        cmd.args(extra);
        cmd.args(inputs);
        cmd.output().expect("run offgrid")
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

/// The commands in the README's Use section, one string each (continued
/// lines joined, comments dropped).
pub fn readme_use_commands() -> Vec<String> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let use_section = readme.split("\n## Use\n").nth(1).unwrap();
    let block = use_section
        .split("```sh\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let mut commands = Vec::new();
    let mut pending = String::new();
    for line in block.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.strip_suffix('\\') {
            Some(head) => pending.push_str(head),
            None => {
                pending.push_str(line);
                commands.push(pending.split_whitespace().collect::<Vec<_>>().join(" "));
                pending.clear();
            }
        }
    }
    commands
}

/// The demo's report as `report --format csv --all` gives it
/// (`tests/snapshots/demo-all.csv`, kept by tests/outputs.rs).
pub fn snapshot() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/demo-all.csv"),
    )
    .unwrap()
}

pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("valid JSON")
}

/// Chromium for the browser tests; `None` (saying so) where it is missing,
/// unless CI is set: then the test fails.
pub fn chromium() -> Option<PathBuf> {
    let chromium = Path::new("/usr/bin/chromium");
    if chromium.exists() {
        return Some(chromium.to_path_buf());
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but /usr/bin/chromium is missing: .ci/run installs it"
    );
    println!("skipped: /usr/bin/chromium not found (apt-get install chromium)");
    None
}

/// A row of the report's CSV by name (the third column): every column by
/// its header.
pub fn csv_row(csv_text: &str, name: &str) -> Option<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    reader.records().map(Result::unwrap).find_map(|r| {
        (r.get(2) == Some(name)).then(|| {
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect()
        })
    })
}

/// Writes a zip at `path` of `members` (name, bytes), deflated, in order.
pub fn write_zip(path: &Path, members: &[(&str, &[u8])]) {
    use std::io::Write as _;
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in members {
        w.start_file(*name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap();
}
