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

use rayon::prelude::*;

use crate::error::{describe_io, lowercase_first};
use crate::import::{self, facebook, Context, Entry, Scope, IMPORTERS};
use crate::import::{Fold, Sink};
use crate::limits::{self, Guarded, Limits, LineSwitch, Tripped, RATIO_FLOOR};
use crate::model::SourceKind;

/// How many leading bytes `detect` sees.
const HEAD_LEN: usize = 8 * 1024;

/// Why an input or an entry (a file, or one member of an archive) was
/// skipped: the rest of the run goes on without it. `at` is where, as
/// messages name it (`file`, `archive!member`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    /// It could not be opened or read: why, in plain words.
    #[error("{at}: {why}")]
    Unreadable { at: String, why: String },
    /// It holds no byte.
    #[error("{at}: {EMPTY}")]
    Empty { at: String },
    /// A `.zip` by name whose first bytes are not a zip's.
    #[error(
        "{path}: not a zip archive{}",
        if *web_page {
            " but a web page (a sign-in or error page saved in place of the export?): \
             download the export again"
        } else {
            " (is the file complete? download the export again)"
        }
    )]
    NotAZip { path: String, web_page: bool },
    /// A file named on the command line that no importer reads.
    #[error(
        "{path}: not a format offgrid reads (expected a LinkedIn, Facebook, vCard, call log, \
         calendar or touchpoints export)"
    )]
    Unrecognized { path: String },
    /// A folder (or archive) with no file any importer reads.
    #[error("{path}: no file that offgrid reads was found in it")]
    NothingFound { path: String },
    /// A folder (or archive) with no file any importer reads but Facebook
    /// or Instagram messages saved as HTML pages
    /// (`messages/inbox/alice_1/message_1.html`), without the archive's
    /// start page.
    #[error(
        "{path}: no file that offgrid reads was found in it, only {service} messages in HTML \
         format ({example}), which offgrid cannot read; download your information again \
         choosing format JSON"
    )]
    HtmlMessagesOnly {
        path: String,
        /// `Facebook` or `Instagram`.
        service: &'static str,
        example: String,
    },
    /// An archive whose central directory cannot be read; what came before
    /// the damage is salvaged.
    #[error("{path}: not a readable zip archive: {why}")]
    BadZip { path: String, why: String },
    /// One member of a readable archive that cannot be read.
    #[error("{at}: cannot read archive member: {why}")]
    BadMember { at: String, why: String },
    #[error(
        "{at}: archive member is encrypted and offgrid cannot decrypt it (extract the archive \
         with its password and pass the folder instead)"
    )]
    Encrypted { at: String },
    /// A member whose declared size is over `--max-entry-size`.
    #[error(
        "{at}: archive member declares {size} bytes, more than {} (raise the limit with \
         --max-entry-size)",
        limits::show_size(*limit)
    )]
    TooLarge { at: String, size: u64, limit: u64 },
    /// A member whose declared size is over `--max-ratio` times its
    /// compressed size.
    #[error(
        "{at}: archive member declares {size} bytes, more than {ratio} times its compressed \
         size of {compressed} bytes (a zip bomb?) (raise the limit with --max-ratio)"
    )]
    Bomb {
        at: String,
        size: u64,
        compressed: u64,
        ratio: u64,
    },
    /// A limit hit while reading, at `line` ([`crate::limits`]).
    #[error("{at}:{line}: {message}")]
    Limit {
        at: String,
        line: u64,
        message: String,
    },
    /// The importer found the entry unusable as a whole.
    #[error(transparent)]
    Import(#[from] import::ImportError),
}

/// What discovery and import of all inputs produced.
#[derive(Debug, Default)]
pub struct Imported {
    pub sink: Sink,
    /// Entries read, per source kind, with where they came from.
    pub entries: Vec<(SourceKind, Arc<str>)>,
    /// Inputs and entries that failed as a whole; the rest of the run goes
    /// on.
    pub errors: Vec<EntryError>,
}

impl Imported {
    /// How many records and entries were skipped: each warning and each
    /// failed entry (what `--strict` refuses).
    pub fn skipped(&self) -> usize {
        self.sink.warnings.len() + self.errors.len()
    }
}

/// Reads every input into one sink.
///
/// Discovery first plans the work — every file below the folders and every
/// member of every archive, in sorted order — then imports the entries on
/// all cores (rayon) and merges the results back in plan order, so the
/// outcome is the same bytes whatever the thread timing and whatever order
/// the inputs were given in. `progress` is called once per entry read, from
/// any thread.
///
/// Messages are folded by day ([`Fold::Day`]), or, when `fold` is
/// [`Fold::Whole`], whole in every entry whose [`Scope`] no other entry's
/// overlaps (see `folds`).
///
/// Nothing here fails the run: an input that does not exist, cannot be
/// read, is a damaged zip or holds nothing offgrid reads is an error in
/// [`Imported::errors`], like a damaged entry, and the other inputs are
/// read. Whether what was read is enough is the caller's call.
pub fn discover(
    inputs: &[PathBuf],
    ctx: &Context,
    fold: Fold,
    progress: &(dyn Fn(&str) + Sync),
) -> Imported {
    let (inputs, plan) = plan(inputs, &ctx.limits);
    let folds = folds(&plan, fold, &ctx.limits);
    let mut out = Imported::default();
    // Per input: whether it gave an entry offgrid reads, or an error that
    // says why not.
    let mut accounted = vec![false; inputs.len()];
    for (ix, job) in &plan {
        if let Job::Broken { .. } = job {
            accounted[*ix] = true;
        }
    }
    // A batch of entries at a time, imported on all cores, then merged in
    // plan order before the next: what the entries read is never held
    // twice over (per entry and merged) for the whole plan.
    for (batch, folds) in plan.chunks(BATCH).zip(folds.chunks(BATCH)) {
        let outcomes: Vec<Outcome> = batch
            .par_iter()
            .zip(folds)
            .map(|((_, job), &fold)| job.run(ctx, fold, progress))
            .collect();
        merge(batch, outcomes, &mut out, &mut accounted);
    }
    for (ix, (input, _)) in inputs
        .iter()
        .zip(&accounted)
        .enumerate()
        .filter(|(_, (_, a))| !**a)
    {
        let path = input.display().to_string();
        let html_page = plan.iter().filter(|(i, _)| *i == ix).find_map(|(_, job)| {
            let rel = job.rel().filter(|rel| facebook::is_html_thread_page(rel))?;
            let instagram = job
                .detect_path()
                .split('/')
                .any(import::instagram::is_instagram_dir);
            Some((rel, if instagram { "Instagram" } else { "Facebook" }))
        });
        out.errors.push(match html_page {
            Some((example, service)) => EntryError::HtmlMessagesOnly {
                path,
                service,
                example: example.to_owned(),
            },
            None => EntryError::NothingFound { path },
        });
    }
    out
}

/// Entries imported at once before their results are merged.
const BATCH: usize = 256;

/// How each job of `plan` folds its messages: `fold`, unless that is
/// [`Fold::Whole`] and another entry's [`Scope`] overlaps the job's; then
/// by day, so that analysis can count a message both hold once.
///
/// The scopes come before any entry is imported: from the path where an
/// importer says it is enough (Facebook's thread files, the bulk of a heavy
/// archive), otherwise from the entry's first bytes, read once more by
/// the importer. An entry whose first bytes cannot be read now might hold
/// anything: then every entry folds by day.
fn folds(plan: &[(usize, Job)], fold: Fold, limits: &Limits) -> Vec<Fold> {
    if fold == Fold::Day {
        return vec![Fold::Day; plan.len()];
    }
    let scopes: Option<Vec<Option<Scope>>> =
        plan.par_iter().map(|(_, job)| job.scope(limits)).collect();
    let Some(scopes) = scopes else {
        return vec![Fold::Day; plan.len()];
    };
    Scope::overlapping(&scopes)
        .into_iter()
        .map(|overlaps| if overlaps { Fold::Day } else { fold })
        .collect()
}

/// Merges the outcomes of `batch` into `out`, in plan order.
fn merge(
    batch: &[(usize, Job)],
    outcomes: Vec<Outcome>,
    out: &mut Imported,
    accounted: &mut [bool],
) {
    for ((ix, job), outcome) in batch.iter().zip(outcomes) {
        match outcome {
            Outcome::Unrecognized { empty } => {
                // Inside folders and archives, files offgrid does not read
                // are passed over; one named on the command line must be an
                // export.
                if let Job::File {
                    named: true, path, ..
                } = job
                {
                    accounted[*ix] = true;
                    let path = path.display().to_string();
                    out.errors.push(if empty {
                        EntryError::Empty { at: path }
                    } else {
                        EntryError::Unrecognized { path }
                    });
                }
            }
            Outcome::Imported {
                kind,
                display,
                sink,
            } => {
                accounted[*ix] = true;
                out.sink.append(sink);
                out.entries.push((kind, display));
            }
            Outcome::Failed { sink, error } => {
                // Whatever the importer read before failing still counts: a
                // truncated file loses only its tail. A recognized entry that
                // failed (an HTML Facebook archive, a corrupt thread file)
                // accounts for its input: its error says why.
                accounted[*ix] = true;
                out.sink.append(sink);
                out.errors.push(error);
            }
        }
    }
}

/// The message for a file with nothing in it.
const EMPTY: &str = "file is empty (was the export complete? download it again)";

/// The inputs, sorted and deduplicated, and the jobs they expand into,
/// each tagged with the index of its input.
type Plan<'a> = (Vec<&'a PathBuf>, Vec<(usize, Job)>);

/// Expands the inputs into jobs. An input that cannot be planned becomes a
/// [`Job::Broken`] with the reason.
fn plan<'a>(inputs: &'a [PathBuf], limits: &Limits) -> Plan<'a> {
    let mut inputs: Vec<&PathBuf> = inputs.iter().collect();
    inputs.sort();
    inputs.dedup();
    let mut plan: Vec<(usize, Job)> = Vec::new();
    for (ix, input) in inputs.iter().enumerate() {
        let mut jobs = Vec::new();
        match std::fs::metadata(input) {
            Err(e) => jobs.push(Job::broken(input, &e)),
            Ok(meta) if meta.is_dir() => {
                plan_dir(input, input, &mut jobs, limits);
                // Its own files; a zip inside was rooted as it was planned.
                let files = jobs.iter_mut().filter(|j| matches!(j, Job::File { .. }));
                root_instagram(input, files);
            }
            Ok(_) => plan_file(input, None, &mut jobs, limits),
        }
        plan.extend(jobs.into_iter().map(|j| (ix, j)));
    }
    (inputs, plan)
}

/// Roots the paths of the entries of an Instagram archive (`input`: the
/// zip or folder they are in) at [`import::instagram::ROOT`] where they do
/// not name Instagram themselves, so that importers tell its threads from
/// Facebook's by path ([`import::instagram::archive_roots`]).
fn root_instagram<'a>(input: &Path, jobs: impl Iterator<Item = &'a mut Job>) {
    let mut jobs: Vec<&mut Job> = jobs.collect();
    let name = input
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let roots = import::instagram::archive_roots(&name, jobs.iter().filter_map(|j| j.rel()));
    if roots.is_empty() {
        return;
    }
    for job in &mut jobs {
        let rooted = job
            .rel()
            .is_some_and(|rel| import::instagram::rooted(rel, &roots).is_some());
        match job {
            Job::File { instagram, .. }
            | Job::Member { instagram, .. }
            | Job::Salvaged { instagram, .. } => *instagram = rooted,
            Job::Broken { .. } => {}
        }
    }
}

/// Plans one file: a zip member by member, anything else as one entry.
/// `rel` is its path below the folder given, `None` when it was named on
/// the command line.
fn plan_file(path: &Path, rel: Option<String>, jobs: &mut Vec<Job>, limits: &Limits) {
    match sniff(path) {
        Err(e) => jobs.push(Job::broken(path, &e)),
        Ok(Sniffed::Zip) => {
            let before = jobs.len();
            plan_zip(path, jobs, limits);
            root_instagram(path, jobs[before..].iter_mut());
        }
        Ok(Sniffed::Other(web_page)) if has_zip_extension(path) => {
            let path = path.display().to_string();
            jobs.push(Job::Broken {
                error: if web_page == Some(false) {
                    EntryError::Empty { at: path }
                } else {
                    EntryError::NotAZip {
                        path,
                        web_page: web_page == Some(true),
                    }
                },
            });
        }
        Ok(Sniffed::Other(_)) => {
            let named = rel.is_none();
            let rel = rel.unwrap_or_else(|| {
                path.file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
            });
            jobs.push(Job::File {
                path: path.to_owned(),
                rel,
                named,
                instagram: false,
            });
        }
    }
}

/// Reads and inflates every entry that offgrid would import, without
/// parsing it: the floor `report` is measured against (docs/performance.md).
/// Returns the number of entries and of bytes read.
///
/// An entry that cannot be read counts as nothing read.
pub fn inflate_only(inputs: &[PathBuf], limits: &Limits) -> (usize, u64) {
    let (_, plan) = plan(inputs, limits);
    let counts: Vec<Option<u64>> = plan
        .par_iter()
        .map(|(_, job)| {
            job.open(limits, |rel, _, reader, _| {
                let head = read_head(reader)?;
                if import::detect(rel, &head).is_none() {
                    return Ok(None);
                }
                let rest = std::io::copy(reader, &mut std::io::sink())?;
                Ok(Some(head.len() as u64 + rest))
            })
            .ok()
            .flatten()
        })
        .collect();
    counts
        .into_iter()
        .flatten()
        .fold((0, 0), |(entries, bytes), n| (entries + 1, bytes + n))
}

/// What a file's first bytes say it is.
enum Sniffed {
    Zip,
    /// Not a zip archive: `Some(true)` when it starts like a web page,
    /// `Some(false)` when it is empty.
    Other(Option<bool>),
}

/// A zip is recognized by its magic bytes, whatever its name.
fn sniff(path: &Path) -> std::io::Result<Sniffed> {
    let mut head = [0u8; 512];
    let n = read_up_to(&mut File::open(path)?, &mut head)?;
    let head = &head[..n];
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Ok(Sniffed::Zip);
    }
    let text = String::from_utf8_lossy(head)
        .trim_start()
        .to_ascii_lowercase();
    Ok(Sniffed::Other(if n == 0 {
        Some(false)
    } else if text.starts_with("<!doctype html") || text.starts_with("<html") {
        Some(true)
    } else {
        None
    }))
}

/// Whether the file's name ends in `.zip`, in any case.
fn has_zip_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
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

/// One unit of work: a plain file, or one member of an archive.
enum Job {
    File {
        path: PathBuf,
        /// The path below the folder given, `/`-separated.
        rel: String,
        /// Named on the command line: it must be recognized.
        named: bool,
        /// In an Instagram archive whose paths do not say so
        /// ([`Job::detect_path`]).
        instagram: bool,
    },
    Member {
        archive: zip::ZipArchive<SharedFile>,
        path: Arc<Path>,
        index: usize,
        name: String,
        /// As a file's.
        instagram: bool,
        /// Its stored (compressed) size, for the ratio limit.
        compressed: u64,
    },
    /// A member salvaged from a damaged archive, already inflated (within
    /// the limits).
    Salvaged {
        path: Arc<Path>,
        name: String,
        /// As a file's.
        instagram: bool,
        data: Vec<u8>,
    },
    /// An archive or member found unreadable while planning: its error,
    /// reported in plan order.
    Broken { error: EntryError },
}

/// What the reader of one entry reports besides its bytes: the limit it hit,
/// and the switch for the line-length check ([`crate::limits`]).
struct Guard {
    tripped: Tripped,
    lines: LineSwitch,
}

impl Guard {
    fn wrap<R: Read>(
        inner: R,
        limits: &Limits,
        compressed: Option<u64>,
    ) -> (Guard, BufReader<Guarded<R>>) {
        let guarded = Guarded::new(inner, *limits, compressed);
        let guard = Guard {
            tripped: guarded.tripped(),
            lines: guarded.line_switch(),
        };
        (guard, BufReader::with_capacity(64 * 1024, guarded))
    }
}

/// What one job produced.
enum Outcome {
    /// No importer reads it; `empty` when it holds nothing at all.
    Unrecognized {
        empty: bool,
    },
    Imported {
        kind: SourceKind,
        display: Arc<str>,
        sink: Sink,
    },
    Failed {
        sink: Sink,
        error: EntryError,
    },
}

impl Job {
    /// [`EntryError::Unreadable`] for an entry shown as `display`.
    fn unreadable(display: &str, e: &std::io::Error) -> EntryError {
        EntryError::Unreadable {
            at: display.to_owned(),
            why: describe_io(e),
        }
    }

    /// A job that reports why `path` cannot be read.
    fn broken(path: &Path, e: &std::io::Error) -> Job {
        Job::Broken {
            error: EntryError::Unreadable {
                at: path.display().to_string(),
                why: describe_io(e),
            },
        }
    }

    /// Opens the entry and hands its reader to `f`. An entry that cannot be
    /// opened or read is an error of that entry alone.
    fn open<T>(
        &self,
        limits: &Limits,
        f: impl FnOnce(&str, Arc<str>, &mut dyn BufRead, &Guard) -> std::io::Result<T>,
    ) -> Result<T, EntryError> {
        match self {
            Job::File { path, .. } => {
                let display: Arc<str> = Arc::from(path.display().to_string());
                let file = File::open(path).map_err(|e| Job::unreadable(&display, &e))?;
                let (guard, mut reader) = Guard::wrap(file, limits, None);
                f(
                    &self.detect_path(),
                    Arc::clone(&display),
                    &mut reader,
                    &guard,
                )
                .map_err(|e| Job::unreadable(&display, &e))
            }
            Job::Member {
                archive,
                path,
                index,
                name,
                compressed,
                ..
            } => {
                let display: Arc<str> = Arc::from(format!("{}!{name}", path.display()));
                // Each job inflates through its own clone of the archive: the
                // central directory is shared, the read position is not.
                let mut archive = archive.clone();
                let member = archive
                    .by_index(*index)
                    .map_err(|e| EntryError::BadMember {
                        at: display.to_string(),
                        why: zip_message(&e),
                    })?;
                let (guard, mut reader) = Guard::wrap(member, limits, Some(*compressed));
                f(
                    &self.detect_path(),
                    Arc::clone(&display),
                    &mut reader,
                    &guard,
                )
                .map_err(|e| Job::unreadable(&display, &e))
            }
            Job::Salvaged {
                path, name, data, ..
            } => {
                let display: Arc<str> = Arc::from(format!("{}!{name}", path.display()));
                let (guard, mut reader) = Guard::wrap(data.as_slice(), limits, None);
                f(
                    &self.detect_path(),
                    Arc::clone(&display),
                    &mut reader,
                    &guard,
                )
                .map_err(|e| Job::unreadable(&display, &e))
            }
            Job::Broken { error } => Err(error.clone()),
        }
    }

    /// The path importers detect the entry by: its path inside its input,
    /// rooted at [`import::instagram::ROOT`] in an Instagram archive whose
    /// paths do not say so.
    fn detect_path(&self) -> std::borrow::Cow<'_, str> {
        let (rel, instagram) = match self {
            Job::File { rel, instagram, .. } => (rel.as_str(), *instagram),
            Job::Member {
                name, instagram, ..
            }
            | Job::Salvaged {
                name, instagram, ..
            } => (name.as_str(), *instagram),
            Job::Broken { .. } => ("", false),
        };
        if instagram {
            format!("{}/{rel}", import::instagram::ROOT).into()
        } else {
            rel.into()
        }
    }

    /// The entry's path inside its input (`None` for a broken archive).
    fn rel(&self) -> Option<&str> {
        match self {
            Job::File { rel, .. } => Some(rel),
            Job::Member { name, .. } | Job::Salvaged { name, .. } => Some(name),
            Job::Broken { .. } => None,
        }
    }

    /// The [`Scope`] of the messages the entry may hold (`Some(None)`: it
    /// holds none), or `None` when its first bytes cannot be read.
    fn scope(&self, limits: &Limits) -> Option<Option<Scope>> {
        if let Job::Broken { .. } = self {
            // Reported, never imported.
            return Some(None);
        }
        let rel = self.detect_path();
        if let Some(scope) = IMPORTERS.iter().find_map(|imp| imp.scope_by_path(&rel)) {
            return Some(Some(scope));
        }
        self.open(limits, |rel, _, reader, _| {
            let head = read_head(reader)?;
            Ok(import::detect(rel, &head).and_then(|imp| imp.scope(rel, &head)))
        })
        .ok()
    }

    fn run(&self, ctx: &Context, fold: Fold, progress: &(dyn Fn(&str) + Sync)) -> Outcome {
        self.open(&ctx.limits, |rel, display, reader, guard| {
            read_entry(rel, display, reader, guard, ctx, fold, progress)
        })
        .unwrap_or_else(|error| Outcome::Failed {
            sink: Sink::new(),
            error,
        })
    }
}

/// Plans every file below `dir`, in sorted order; zips inside are planned
/// member by member. A folder or file that cannot be read is reported,
/// unless its name says it cannot be an export (a photo).
fn plan_dir(root: &Path, dir: &Path, jobs: &mut Vec<Job>, limits: &Limits) {
    let children: std::io::Result<Vec<PathBuf>> =
        std::fs::read_dir(dir).and_then(|entries| entries.map(|e| e.map(|e| e.path())).collect());
    let mut children = match children {
        Ok(c) => c,
        Err(e) => return jobs.push(Job::broken(dir, &e)),
    };
    children.sort();
    for child in children {
        let name = child
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        if name.starts_with('.') {
            continue;
        }
        match std::fs::metadata(&child) {
            Ok(meta) if meta.is_dir() => plan_dir(root, &child, jobs, limits),
            Ok(_) => {
                let rel = child.strip_prefix(root).unwrap_or(&child);
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let before = jobs.len();
                plan_file(&child, Some(rel), jobs, limits);
                let unreadable = matches!(jobs.get(before), Some(Job::Broken { .. }))
                    && !has_zip_extension(&child)
                    && !could_be_text_export(&name);
                if unreadable {
                    jobs.truncate(before);
                }
            }
            Err(e) if could_be_text_export(&name) || has_zip_extension(&child) => {
                jobs.push(Job::broken(&child, &e));
            }
            Err(_) => {}
        }
    }
}

/// Plans the members of one archive that could be text exports, in sorted
/// name order; photos and videos are never inflated.
fn plan_zip(path: &Path, jobs: &mut Vec<Job>, limits: &Limits) {
    let broken = |why: String| Job::Broken {
        error: EntryError::BadZip {
            path: path.display().to_string(),
            why,
        },
    };
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return jobs.push(broken(describe_io(&e))),
    };
    let mut archive = match zip::ZipArchive::new(SharedFile::new(file)) {
        Ok(a) => a,
        Err(e) => {
            let message = format!(
                "{} (is the file complete? download the export again)",
                zip_message(&e)
            );
            return salvage(path, jobs, broken(message), limits);
        }
    };
    let shared_path: Arc<Path> = Arc::from(path);
    let mut names: Vec<(String, usize)> = (0..archive.len())
        .filter_map(|i| {
            archive
                .name_for_index(i)
                .and_then(Result::ok)
                .map(|n| (n.into_owned(), i))
        })
        .filter(|(n, _)| !n.ends_with('/') && could_be_text_export(n))
        .collect();
    names.sort();
    for (name, index) in names {
        let display = format!("{}!{name}", path.display());
        let (encrypted, size, compressed) = match archive.by_index_raw(index) {
            Ok(m) => (m.encrypted(), m.size(), m.compressed_size()),
            Err(e) => {
                jobs.push(Job::Broken {
                    error: EntryError::BadMember {
                        at: display,
                        why: zip_message(&e),
                    },
                });
                continue;
            }
        };
        if let Some(error) = member_problem(display, encrypted, size, compressed, limits) {
            jobs.push(Job::Broken { error });
            continue;
        }
        jobs.push(Job::Member {
            archive: archive.clone(),
            path: Arc::clone(&shared_path),
            index,
            name,
            instagram: false,
            compressed,
        });
    }
}

/// Reads what can still be read of an archive without a central directory
/// (a download cut short): the members before the damage, from their local
/// headers, in name order after the archive's own error.
fn salvage(path: &Path, jobs: &mut Vec<Job>, error: Job, limits: &Limits) {
    jobs.push(error);
    let Ok(file) = File::open(path) else {
        return;
    };
    let shared_path: Arc<Path> = Arc::from(path);
    let mut reader = BufReader::new(file);
    // (name, job), sorted by name at the end like a readable archive's.
    let mut found: Vec<(String, Job)> = Vec::new();
    while let Ok(Some(mut member)) = zip::read::read_zipfile_from_stream(&mut reader) {
        let Ok(name) = member.name().map(std::borrow::Cow::into_owned) else {
            break;
        };
        let display = format!("{}!{name}", path.display());
        let wanted = !name.ends_with('/') && could_be_text_export(&name);
        let problem = member_problem(
            display.clone(),
            member.encrypted(),
            member.size(),
            member.compressed_size(),
            limits,
        );
        if !wanted || problem.is_some() {
            if let Some(error) = problem.filter(|_| wanted) {
                found.push((name, Job::Broken { error }));
            }
            // Skipping a member still inflates it in a stream, within the
            // declared size, which the zip reader enforces.
            if std::io::copy(&mut member, &mut std::io::sink()).is_err() {
                break;
            }
            continue;
        }
        let compressed = member.compressed_size();
        let mut guarded = Guarded::new(&mut member, *limits, Some(compressed));
        let mut data = Vec::new();
        let read = guarded.read_to_end(&mut data);
        if let Err(e) = &read {
            let error = EntryError::BadMember {
                at: display,
                why: describe_io(e),
            };
            found.push((name.clone(), Job::Broken { error }));
        }
        // A member cut short keeps what came before the cut, like a
        // truncated file.
        if read.is_ok() || !data.is_empty() {
            let job = Job::Salvaged {
                path: Arc::clone(&shared_path),
                name: name.clone(),
                instagram: false,
                data,
            };
            found.push((name, job));
        }
        if read.is_err() {
            break;
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    jobs.extend(found.into_iter().map(|(_, job)| job));
}

/// Why a member cannot be read, from its central directory entry alone:
/// encrypted, or declaring an inflated size over the limits. A member that
/// lies about its size is still stopped while inflating.
fn member_problem(
    at: String,
    encrypted: bool,
    size: u64,
    compressed: u64,
    limits: &Limits,
) -> Option<EntryError> {
    if encrypted {
        return Some(EntryError::Encrypted { at });
    }
    if size > limits.entry_size {
        return Some(EntryError::TooLarge {
            at,
            size,
            limit: limits.entry_size,
        });
    }
    if size > RATIO_FLOOR && size > compressed.saturating_mul(limits.ratio) {
        return Some(EntryError::Bomb {
            at,
            size,
            compressed,
            ratio: limits.ratio,
        });
    }
    None
}

/// The zip crate's message, lowercased at its start, as offgrid's are.
fn zip_message(e: &zip::result::ZipError) -> String {
    lowercase_first(&e.to_string())
}

/// A file handle many threads read at once: each clone keeps its own
/// position and reads with positional reads, so no lock is needed.
#[derive(Clone)]
struct SharedFile {
    file: Arc<File>,
    pos: u64,
    len: u64,
}

impl SharedFile {
    fn new(file: File) -> SharedFile {
        let len = file.metadata().map_or(0, |m| m.len());
        SharedFile {
            file: Arc::new(file),
            pos: 0,
            len,
        }
    }
}

impl Read for SharedFile {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(&*self.file, buf, self.pos)?;
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(&*self.file, buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl std::io::Seek for SharedFile {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        let next = match to {
            std::io::SeekFrom::Start(p) => Some(p),
            std::io::SeekFrom::End(d) => self.len.checked_add_signed(d),
            std::io::SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        match next {
            Some(p) => {
                self.pos = p;
                Ok(p)
            }
            None => Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "seek before the start of the file",
            )),
        }
    }
}

/// Whether a member's name could be a text export worth reading the
/// first bytes of; photos, videos and the like are skipped unread. Mail
/// comes in names without an extension (Thunderbird's `Inbox`, Apple Mail's
/// `mbox`), in `.mbox` and `.eml`, and in Maildir's `cur/` and `new/`
/// folders, whose file names hold dots and flags.
fn could_be_text_export(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let mut parts = lower.rsplit('/');
    let file = parts.next().unwrap_or_default();
    let parent = parts.next().unwrap_or_default();
    [
        ".csv", ".vcf", ".vcard", ".ics", ".xml", ".json", ".txt", ".htm", ".html", ".mbox", ".eml",
    ]
    .iter()
    .any(|ext| file.ends_with(ext))
        || !file.contains('.')
        || parent == "cur"
        || parent == "new"
}

/// The first bytes of an entry, for detection.
fn read_head(reader: &mut dyn BufRead) -> std::io::Result<Vec<u8>> {
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
    Ok(head)
}

/// Detects and imports one entry.
///
/// The entry is read through a [`Guarded`] reader that stops at the first
/// limit passed ([`crate::limits`]); what the importer read before then is
/// kept, and the entry's error names the limit and the line.
fn read_entry(
    rel: &str,
    display: Arc<str>,
    reader: &mut dyn BufRead,
    guard: &Guard,
    ctx: &Context,
    fold: Fold,
    progress: &(dyn Fn(&str) + Sync),
) -> std::io::Result<Outcome> {
    let head = match read_head(reader) {
        Err(e) => match guard.tripped.get() {
            Some(hit) => {
                return Ok(Outcome::Failed {
                    sink: Sink::new(),
                    error: EntryError::Limit {
                        at: display.to_string(),
                        line: hit.line,
                        message: hit.message,
                    },
                })
            }
            None => return Err(e),
        },
        Ok(head) => head,
    };
    let Some(importer) = import::detect(rel, &head) else {
        return Ok(Outcome::Unrecognized {
            empty: head.is_empty(),
        });
    };
    if head.is_empty() && importer.kind() != SourceKind::Touchpoints {
        // Recognized by its name alone: an export cut to nothing. (An empty
        // touchpoint log is just a log with no rows yet.)
        return Ok(Outcome::Failed {
            sink: Sink::new(),
            error: EntryError::Empty {
                at: display.to_string(),
            },
        });
    }
    if matches!(importer.kind(), SourceKind::Calllog | SourceKind::Mail) {
        // SMS backups carry MMS attachments inline, one base64 attribute per
        // line: only the entry size bounds them. Mail bodies are skipped
        // unread, whatever their lines (an HTML part may be one line), and
        // the mail importer bounds header blocks itself.
        guard.lines.disable();
    }
    progress(&display);
    let reader = std::io::Cursor::new(head).chain(reader);
    let mut entry = Entry {
        path: rel.to_owned(),
        display: Arc::clone(&display),
        reader: Box::new(BufReader::new(reader)),
    };
    let mut sink = Sink::folding(fold, ctx.tz.clone());
    let result = importer.import(&mut entry, ctx, &mut sink);
    crate::model::settle_foreign_phones(&mut sink.records, ctx.region);
    // On this core, not the one merging.
    sink.settle();
    if let Some(hit) = guard.tripped.get() {
        return Ok(Outcome::Failed {
            sink,
            error: EntryError::Limit {
                at: display.to_string(),
                line: hit.line,
                message: hit.message,
            },
        });
    }
    Ok(match result {
        Ok(()) => Outcome::Imported {
            kind: importer.kind(),
            display,
            sink,
        },
        Err(e) => Outcome::Failed {
            sink,
            error: e.into(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_members_are_opened_photos_never() {
        for name in [
            "Takeout/Mail/All mail Including Spam and Trash.mbox",
            "Thunderbird/Mail/Local Folders/Inbox",
            "Archive.mbox/mbox",
            "mail/1.eml",
            "Maildir/cur/1700000000.M1P2.host:2,S",
            "Maildir/.Sent/new/1700000001.M3P4.host",
            "Connections.csv",
        ] {
            assert!(could_be_text_export(name), "{name}");
        }
        for name in [
            "photos/IMG_0001.jpg",
            "media/clip.mp4",
            "Mail/Local Folders/Inbox.msf",
            "messages/inbox/a_1/photos/1.png",
        ] {
            assert!(!could_be_text_export(name), "{name}");
        }
    }
    use crate::model::{Channel, Region};

    fn ctx() -> Context {
        Context {
            region: Region::default(),
            tz: jiff::tz::TimeZone::UTC,
            as_of: jiff::civil::date(2026, 11, 26),
            limits: crate::limits::Limits::default(),
            mail: crate::import::mail::Settings::default(),
        }
    }

    #[test]
    fn the_floor_reads_exactly_the_entries_import_reads() {
        let demo = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/demo"));
        let imported = discover(std::slice::from_ref(&demo), &ctx(), Fold::Day, &|_| {});
        let (entries, bytes) = inflate_only(&[demo], &Limits::default());
        assert_eq!(entries, imported.entries.len() + imported.errors.len());
        assert_eq!(entries, 27);
        assert!(bytes > 10_000, "{bytes}");
    }

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                copy_dir(&e.path(), &to.join(e.file_name()));
            } else {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    }

    /// The report's rows from `inputs`, imported with `fold`.
    fn rows(
        inputs: &[PathBuf],
        ctx: &Context,
        fold: Fold,
    ) -> (Vec<crate::analyze::ReportRow>, Sink) {
        use crate::analyze::{analyze, AnalyzeOptions};
        let imported = discover(inputs, ctx, fold, &|_| {});
        let sink = imported.sink;
        let opts = crate::resolve::ResolveOptions {
            events: &sink.events,
            ..Default::default()
        };
        let resolution = crate::resolve::resolve_with(&sink.records, &opts);
        let analyze_opts = AnalyzeOptions {
            as_of: ctx.as_of,
            tz: ctx.tz.clone(),
            stale_after: 90,
            min_interactions: 0,
            all: true,
            direct: crate::config::DirectPolicy::default(),
        };
        let rows = analyze(&sink.events, &resolution, &analyze_opts).unwrap();
        (rows, sink)
    }

    #[test]
    fn messages_folded_whole_give_the_report_folded_by_day() {
        let demo = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/demo"));
        // The demo's Facebook archive given twice more: the same threads
        // in three downloads, whose messages must count once.
        let tmp = tempfile::tempdir().unwrap();
        for copy in ["a", "b"] {
            copy_dir(
                &demo.join("facebook-morganreyes"),
                &tmp.path().join(copy).join("facebook-morganreyes"),
            );
        }
        let overlapping = vec![demo.clone(), tmp.path().join("a"), tmp.path().join("b")];
        for (inputs, overlap) in [(vec![demo], false), (overlapping, true)] {
            for tz in ["UTC", "America/New_York"] {
                for as_of in [
                    jiff::civil::date(2026, 11, 26),
                    jiff::civil::date(2025, 3, 1),
                ] {
                    let ctx = Context {
                        tz: jiff::tz::TimeZone::get(tz).unwrap(),
                        as_of,
                        ..ctx()
                    };
                    let (by_day, day_sink) = rows(&inputs, &ctx, Fold::Day);
                    let (whole, whole_sink) = rows(&inputs, &ctx, Fold::Whole { as_of });
                    assert_eq!(by_day, whole, "{inputs:?} {tz} {as_of}");
                    assert!(by_day.iter().any(|r| r.online_interactions > 1));
                    let spans =
                        |sink: &Sink| sink.events.iter().filter(|e| e.span().is_some()).count();
                    // (The demo's two call-log files share a scope: its SMS
                    // keep theirs.)
                    let prints = |sink: &Sink| -> usize {
                        sink.events
                            .iter()
                            .filter(|e| *e.channel() == Channel::FacebookMessage)
                            .map(|e| e.folded.len())
                            .sum()
                    };
                    assert_eq!(spans(&day_sink), 0);
                    assert!(spans(&whole_sink) > 0);
                    assert!(whole_sink.events.len() < day_sink.events.len());
                    // Only the Facebook threads read three times keep
                    // fingerprints.
                    assert_eq!(prints(&whole_sink) > 0, overlap, "{inputs:?}");
                }
            }
        }
    }

    #[test]
    fn zip_members_are_read_in_parallel_and_merged_in_name_order() {
        let zip = PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/demo/Complete_LinkedInDataExport_11-24-2026.zip"
        ));
        let imported = discover(&[zip], &ctx(), Fold::Day, &|_| {});
        let names: Vec<&str> = imported
            .entries
            .iter()
            .map(|(_, d)| d.rsplit('!').next().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "Connections.csv",
                "Endorsement_Received_Info.csv",
                "Invitations.csv",
                "Profile.csv",
                "Recommendations_Given.csv",
                "messages.csv",
            ]
        );
    }
}
