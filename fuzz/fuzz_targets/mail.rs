#![no_main]
//! Mail archives: the first byte picks the path (a Takeout mbox, a
//! Thunderbird sent folder, so the owner is inferred, a Maildir message, a
//! `.eml`).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    offgrid_fuzz::import_named(
        &offgrid::import::mail::Mail,
        &[
            "Takeout/Mail/All mail Including Spam and Trash.mbox",
            "Mail/Local Folders/Sent",
            "Maildir/cur/1717000000.M1P100.mailhost",
            "message.eml",
        ],
        data,
    );
});
