//! Shared harness for the fuzz targets: an [`Entry`] from the fuzz bytes,
//! handed to one importer's `import`, exactly as `discover` would.

use std::collections::HashSet;
use std::sync::Arc;

use offgrid::import::{Context, Entry, Fold, Importer, Sink};
use offgrid::model::Region;

/// The context every target runs in: fixed region, zone and day.
pub fn ctx() -> Context {
    Context {
        region: Region::default(),
        tz: jiff::tz::TimeZone::UTC,
        as_of: jiff::civil::date(2026, 6, 30),
        limits: offgrid::limits::Limits::default(),
        mail: offgrid::import::mail::Settings::default(),
    }
}

/// Imports `data` as the entry named `path` with `importer`, folding its
/// messages by day and whole (as `report` does where no other entry can
/// hold them); any outcome but a panic, a hang or running out of memory is
/// fine, and both must read the same records and count the same messages.
pub fn import(importer: &dyn Importer, path: &str, data: &[u8]) {
    let run = |fold: Fold| {
        let mut entry = Entry {
            path: path.to_owned(),
            display: Arc::from(path),
            reader: Box::new(data),
        };
        let mut sink = Sink::folding(fold, jiff::tz::TimeZone::UTC);
        let _ = importer.import(&mut entry, &ctx(), &mut sink);
        sink.settle();
        sink
    };
    let by_day = run(Fold::Day);
    let whole = run(Fold::Whole { as_of: ctx().as_of });
    assert_eq!(by_day.records, whole.records);
    assert_eq!(by_day.warnings, whole.warnings);
    let prints: HashSet<u64> = by_day
        .events
        .iter()
        .flat_map(|e| e.folded.iter().copied())
        .collect();
    let counted: u64 = whole
        .events
        .iter()
        .filter_map(|e| e.span())
        .map(|s| u64::from(s.count))
        .sum();
    assert_eq!(prints.len() as u64, counted, "each message counted once");
    let _ = importer.scope(path, &data[..data.len().min(8 * 1024)]);
}

/// Picks the entry name from the first byte (so one target covers every file
/// kind of an export) and imports the rest.
pub fn import_named(importer: &dyn Importer, names: &[&str], data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let name = names[usize::from(first) % names.len()];
    import(importer, name, rest);
}
