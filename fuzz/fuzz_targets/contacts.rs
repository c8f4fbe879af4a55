#![no_main]
//! Contact CSVs: Google Contacts and Outlook.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    offgrid_fuzz::import(&offgrid::import::contacts::Contacts, "contacts.csv", data);
});
