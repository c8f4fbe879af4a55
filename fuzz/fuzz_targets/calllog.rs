#![no_main]
//! Call log XML (SMS Backup & Restore `calls-*.xml`).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    offgrid_fuzz::import(&offgrid::import::calllog::Calllog, "calls-20260101000000.xml", data);
});
