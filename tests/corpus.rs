//! The public corpus (../shared/corpus or OFFGRID_CORPUS), read in place:
//! every folder imports with no failure and no panic. Per-file counts are
//! asserted by the unit tests beside each importer.

use crate::util::{corpus, stderr, Dir};

#[test]
fn every_corpus_folder_imports() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: corpus not found (set OFFGRID_CORPUS or place it at ../shared/corpus)");
        return;
    };
    let dir = Dir::new();
    for kind in ["linkedin", "vcard", "facebook", "calllog", "ical"] {
        let path = corpus.join(kind);
        if !path.is_dir() {
            eprintln!("skipped: {} not found", path.display());
            continue;
        }
        let out = dir.report(&[&path], &["--format", "csv", "--all"]);
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{kind}: {err}");
        // 0: everything read; 3: read, with deliberately broken parts
        // skipped and named in warnings.
        assert!(
            matches!(out.status.code(), Some(0 | 3)),
            "{kind}: exit {:?}: {err}",
            out.status.code()
        );
    }
}
