//! Discovery: expand the inputs (files, folders, `.zip` archives, in any mix)
//! into entries, detect each entry's format, and run its importer.
//!
//! Zip members are read in place through the decompressor, never extracted
//! to disk. Folders are walked in sorted order and zip members are visited in
//! sorted name order, so the same inputs always give the same sequence of
//! records whatever order the user lists them in (the caller sorts inputs).
//! An entry that no importer recognizes is skipped silently inside a folder
//! or archive (exports hold many files offgrid does not read), but a file
//! named directly on the command line must be recognized.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::import::{Context, Entry, ImportError, Importer, IMPORTERS};
use crate::model::{Sink, SourceKind};

/// How many leading bytes `detect` sees.
const HEAD_LEN: usize = 8 * 1024;

/// Why an input as a whole could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not a readable zip archive: {message}")]
    BadZip { path: String, message: String },
    #[error("{path}: not a format offgrid reads (expected a LinkedIn, Facebook, vCard, call log, calendar or touchpoints export)")]
    Unrecognized { path: String },
    #[error("{path}: no file that offgrid reads was found in it")]
    Empty { path: String },
}

/// What discovery and import of all inputs produced.
#[derive(Debug, Default)]
pub struct Imported {
    pub sink: Sink,
    /// Entries read, per source kind, with where they came from.
    pub entries: Vec<(SourceKind, Arc<str>)>,
    /// Entries that failed as a whole; the rest of the run goes on.
    pub errors: Vec<String>,
}

/// Reads every input into one sink.
///
/// Inputs are processed in sorted order so the result does not depend on
/// the order given. `progress` is called once per entry read.
///
/// # Errors
///
/// When an input does not exist, is not readable, is a broken zip, or is a
/// file (or holds nothing) that no importer recognizes.
pub fn discover(
    inputs: &[PathBuf],
    ctx: &Context,
    progress: &dyn Fn(&str),
) -> Result<Imported, DiscoverError> {
    let mut inputs: Vec<&PathBuf> = inputs.iter().collect();
    inputs.sort();
    inputs.dedup();
    let mut out = Imported::default();
    for input in inputs {
        let before = out.entries.len() + out.errors.len();
        let meta = std::fs::metadata(input).map_err(|source| io_err(input, source))?;
        if meta.is_dir() {
            walk_dir(input, input, ctx, &mut out, progress)?;
        } else if is_zip(input)? {
            read_zip(input, ctx, &mut out, progress)?;
        } else {
            let name = input
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            if !read_file(input, &name, ctx, &mut out, progress)? {
                return Err(DiscoverError::Unrecognized {
                    path: input.display().to_string(),
                });
            }
        }
        // An entry that was recognized but failed (an HTML Facebook archive,
        // a corrupt thread file) has its own error in `out.errors`.
        if out.entries.len() + out.errors.len() == before {
            return Err(DiscoverError::Empty {
                path: input.display().to_string(),
            });
        }
    }
    Ok(out)
}

fn io_err(path: &Path, source: std::io::Error) -> DiscoverError {
    DiscoverError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// A zip is recognized by its magic bytes, whatever its name.
fn is_zip(path: &Path) -> Result<bool, DiscoverError> {
    let mut magic = [0u8; 4];
    let mut f = File::open(path).map_err(|e| io_err(path, e))?;
    let n = read_up_to(&mut f, &mut magic).map_err(|e| io_err(path, e))?;
    Ok(n == 4 && (magic == *b"PK\x03\x04" || magic == *b"PK\x05\x06"))
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

fn walk_dir(
    root: &Path,
    dir: &Path,
    ctx: &Context,
    out: &mut Imported,
    progress: &dyn Fn(&str),
) -> Result<(), DiscoverError> {
    let mut children: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| io_err(dir, e))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| io_err(dir, e))?;
    children.sort();
    for child in children {
        let name = child
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        if name.starts_with('.') {
            continue;
        }
        let meta = std::fs::metadata(&child).map_err(|e| io_err(&child, e))?;
        if meta.is_dir() {
            walk_dir(root, &child, ctx, out, progress)?;
        } else if is_zip(&child)? {
            read_zip(&child, ctx, out, progress)?;
        } else {
            let rel = child.strip_prefix(root).unwrap_or(&child);
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            read_file(&child, &rel, ctx, out, progress)?;
        }
    }
    Ok(())
}

/// Reads one plain file; returns whether an importer recognized it.
fn read_file(
    path: &Path,
    rel: &str,
    ctx: &Context,
    out: &mut Imported,
    progress: &dyn Fn(&str),
) -> Result<bool, DiscoverError> {
    let file = File::open(path).map_err(|e| io_err(path, e))?;
    let display: Arc<str> = Arc::from(path.display().to_string());
    read_entry(
        rel,
        display,
        BufReader::with_capacity(64 * 1024, file),
        ctx,
        out,
        progress,
    )
    .map_err(|e| io_err(path, e))
}

fn read_zip(
    path: &Path,
    ctx: &Context,
    out: &mut Imported,
    progress: &dyn Fn(&str),
) -> Result<(), DiscoverError> {
    let file = File::open(path).map_err(|e| io_err(path, e))?;
    let mut zip =
        zip::ZipArchive::new(BufReader::new(file)).map_err(|e| DiscoverError::BadZip {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
    let mut names: Vec<(String, usize)> = (0..zip.len())
        .filter_map(|i| {
            zip.name_for_index(i)
                .and_then(Result::ok)
                .map(|n| (n.into_owned(), i))
        })
        .filter(|(n, _)| !n.ends_with('/'))
        .collect();
    names.sort();
    for (name, index) in names {
        let display: Arc<str> = Arc::from(format!("{}!{name}", path.display()));
        // Media and other binary members are never inflated.
        if !could_be_text_export(&name) {
            continue;
        }
        let member = match zip.by_index(index) {
            Ok(m) => m,
            Err(e) => {
                out.errors
                    .push(format!("{display}: cannot read archive member: {e}"));
                continue;
            }
        };
        if let Err(e) = read_entry(
            &name,
            Arc::clone(&display),
            BufReader::with_capacity(64 * 1024, member),
            ctx,
            out,
            progress,
        ) {
            out.errors.push(format!("{display}: {e}"));
        }
    }
    Ok(())
}

/// Whether a member's extension could be a text export worth reading the
/// first bytes of; photos, videos and the like are skipped unread.
fn could_be_text_export(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        ".csv", ".vcf", ".vcard", ".ics", ".xml", ".json", ".txt", ".htm", ".html",
    ]
    .iter()
    .any(|ext| lower.ends_with(ext))
}

/// Detects and imports one entry. Returns `Ok(false)` when no importer
/// recognized it; an importer's failure is recorded in `out.errors`.
fn read_entry<R: BufRead>(
    rel: &str,
    display: Arc<str>,
    mut reader: R,
    ctx: &Context,
    out: &mut Imported,
    progress: &dyn Fn(&str),
) -> std::io::Result<bool> {
    let head = {
        let mut head = Vec::with_capacity(HEAD_LEN);
        while head.len() < HEAD_LEN {
            let buf = reader.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            let take = buf.len().min(HEAD_LEN - head.len());
            head.extend_from_slice(&buf[..take]);
            reader.consume(take);
        }
        head
    };
    let Some(importer) = IMPORTERS.iter().find(|imp| imp.detect(rel, &head)) else {
        return Ok(false);
    };
    progress(&display);
    let reader = std::io::Cursor::new(head).chain(reader);
    let mut entry = Entry {
        path: rel.to_owned(),
        display: Arc::clone(&display),
        reader: Box::new(BufReader::new(reader)),
    };
    let mut sink = Sink::new();
    match run(*importer, &mut entry, ctx, &mut sink) {
        Ok(()) => {
            out.sink.append(sink);
            out.entries.push((importer.kind(), display));
        }
        Err(e) => {
            // Whatever the importer read before failing still counts: a
            // truncated file loses only its tail.
            out.sink.append(sink);
            out.errors.push(e.to_string());
        }
    }
    Ok(true)
}

fn run(
    importer: &dyn Importer,
    entry: &mut Entry<'_>,
    ctx: &Context,
    sink: &mut Sink,
) -> Result<(), ImportError> {
    importer.import(entry, ctx, sink)
}
