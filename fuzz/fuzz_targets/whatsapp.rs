#![no_main]
//! WhatsApp chat exports: the first byte picks the name (and so whether
//! the chat's name, and the owner, can be known).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    offgrid_fuzz::import_named(
        &offgrid::import::whatsapp::Whatsapp,
        &[
            "_chat.txt",
            "WhatsApp Chat with Ann Lee.txt",
            "WhatsApp Chat - Ann Lee.zip!_chat.txt",
        ],
        data,
    );
});
