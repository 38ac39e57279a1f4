//! Holds the scanner of sheet XML to the full XML reader: on any text, as a sheet or as shared
//! strings, both must give the same cells, strings or error.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    mds_core::fuzz::sheet_xml(data);
});
