#![no_main]
//! Zip discovery: the bytes are written to a temporary `.zip` and discovered
//! like any input (archive planning, limits, detection, every importer).

use std::io::Write;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = std::env::temp_dir().join(format!("offgrid-fuzz-{}.zip", std::process::id()));
    let mut f = std::fs::File::create(&path).expect("temp file");
    f.write_all(data).expect("write temp file");
    drop(f);
    // As `report` reads: each entry's scope first, messages folded whole
    // where no other entry's scope overlaps.
    let ctx = offgrid_fuzz::ctx();
    let fold = offgrid::import::Fold::Whole { as_of: ctx.as_of };
    let _ = offgrid::discover::discover(&[path], &ctx, fold, &|_| {});
});
