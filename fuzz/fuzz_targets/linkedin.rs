#![no_main]
//! LinkedIn CSV: the first byte picks the file name (and so the file kind).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    offgrid_fuzz::import_named(
        &offgrid::import::linkedin::Linkedin,
        &offgrid::import::linkedin::TRIED_NAMES,
        data,
    );
});
