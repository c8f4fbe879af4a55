#![no_main]
//! Facebook JSON: the first byte picks the path (and so the layout).

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    offgrid_fuzz::import_named(
        &offgrid::import::facebook::Facebook,
        &[
            "your_facebook_activity/messages/inbox/someone_1/message_1.json",
            "messages/inbox/someone_1/message_1.json",
            "connections/friends/your_friends.json",
            "friends_and_followers/friends.json",
            "personal_information/profile_information/profile_information.json",
            "profile_information/profile_information.json",
            "SomeOne_1.json",
        ],
        data,
    );
});
