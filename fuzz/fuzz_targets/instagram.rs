#![no_main]
//! Instagram JSON: the first byte picks the path (a thread of either
//! layout, rooted as `discover` roots it, or the owner's file).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    offgrid_fuzz::import_named(
        &offgrid::import::instagram::Instagram,
        &[
            "your_instagram_activity/messages/inbox/someone_17841400000000000/message_1.json",
            "instagram/messages/message_requests/someone_1/message_1.json",
            "instagram/personal_information/personal_information/personal_information.json",
            "your_instagram_activity/personal_information.json",
        ],
        data,
    );
});
