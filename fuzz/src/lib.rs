//! Shared harness for the fuzz targets: an [`Entry`] from the fuzz bytes,
//! handed to one importer's `import`, exactly as `discover` would.

use std::sync::Arc;

use offgrid::import::{Context, Entry, Importer};
use offgrid::model::{Region, Sink};

/// The context every target runs in: fixed region, zone and day.
pub fn ctx() -> Context {
    Context {
        region: Region::default(),
        tz: jiff::tz::TimeZone::UTC,
        as_of: jiff::civil::date(2026, 6, 30),
    }
}

/// Imports `data` as the entry named `path` with `importer`; any outcome but
/// a panic, a hang or running out of memory is fine.
pub fn import(importer: &dyn Importer, path: &str, data: &[u8]) {
    let mut entry = Entry {
        path: path.to_owned(),
        display: Arc::from(path),
        reader: Box::new(data),
    };
    let mut sink = Sink::new();
    let _ = importer.import(&mut entry, &ctx(), &mut sink);
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
