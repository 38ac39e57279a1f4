//! Fuzzes the JSON reader and the validation of whatever document it yields.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    mds_core::fuzz::json(data);
});
