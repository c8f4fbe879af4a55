#![no_main]
//! vCard 2.1 / 3.0 / 4.0.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    offgrid_fuzz::import(&offgrid::import::vcard::Vcard, "contacts.vcf", data);
});
