#![no_main]
//! iCalendar (.ics), recurrence expansion included.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    offgrid_fuzz::import(&offgrid::import::calendar::Calendar, "calendar.ics", data);
});
