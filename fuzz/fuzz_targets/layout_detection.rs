//! Fuzzes layout detection and the import of foreign workbooks through it, on cell grids built
//! from the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    mds_core::fuzz::detection(data);
});
