#![no_main]
//! SMS/MMS XML (SMS Backup & Restore `sms-*.xml`).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    offgrid_fuzz::import(&offgrid::import::calllog::Calllog, "sms-20260101000000.xml", data);
});
