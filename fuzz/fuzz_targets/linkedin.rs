#![no_main]
//! LinkedIn CSV: the first byte picks the file name (and so the file kind).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    offgrid_fuzz::import_named(
        &offgrid::import::linkedin::Linkedin,
        &[
            "Connections.csv",
            "messages.csv",
            "Invitations.csv",
            "Profile.csv",
            "Email Addresses.csv",
            "PhoneNumbers.csv",
            "Endorsement_Received_Info.csv",
            "Recommendations_Received.csv",
        ],
        data,
    );
});
