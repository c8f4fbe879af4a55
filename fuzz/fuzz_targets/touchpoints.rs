#![no_main]
//! The touchpoint log CSV.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    offgrid_fuzz::import(&offgrid::import::touchpoints::Touchpoints, "touchpoints.csv", data);
});
