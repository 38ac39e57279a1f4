//! Fuzzes the bounded workbook reader and the importer of our own workbooks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    mds_core::fuzz::workbook(data);
});
