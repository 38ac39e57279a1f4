//! mds-core: the model, formats, catalog and validation of security disclosure questionnaires
//! exchanged in Japanese healthcare procurement (JAHIS/JIRA MDS/SDS, MITSF, MHLW checklist,
//! MDS2).
//!
//! The flow of data follows the modules: [`model`] -> [`catalog`] -> [`json`] / [`xlsx`] ->
//! [`validate`] -> [`score`] -> [`submission`] -> [`report`]. A bid is read through
//! [`submission::load`], from its bytes to a checked response.
//!
//! **Invariant:** the library does no file IO, reads no clock and no environment. It takes bytes
//! and values and returns values; the `mds` binary does the talking.

pub mod carry;
pub mod catalog;
pub mod checklist;
pub mod coverage;
pub mod diff;
pub mod digest;
pub mod display;
mod error;
mod finding;
#[doc(hidden)]
pub mod fuzz;
pub mod json;
pub mod keys;
pub mod model;
pub mod normalize;
pub mod parallel;
pub mod register;
pub mod report;
pub mod schema;
pub mod score;
pub mod submission;
pub mod validate;
pub mod xlsx;

pub use error::{Error, Result};
pub use finding::{Finding, Lang, Severity, has_errors, pointer};

/// The text of `bytes` if they are UTF-8: checked with the processor's vector instructions
/// where it has them (a large questionnaire or sheet is mostly Japanese text, which the
/// standard check reads byte by byte); the error as the standard library gives it (with where
/// the text stops being UTF-8) otherwise.
pub(crate) fn utf8(bytes: &[u8]) -> std::result::Result<&str, std::str::Utf8Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(bytes),
    }
}

/// A hash map with a fast hasher, for lookups by id in loops over thousands of items. The
/// hasher is seeded per process, so crafted ids cannot make it slow.
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// A hash set with the same fast seeded hasher as [`FastMap`].
pub type FastSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// The vector check accepts and refuses what the standard one does, with its error.
        #[test]
        fn utf8_is_checked_as_the_standard_library_checks_it(
            text in "\\PC{0,64}",
            cut in 0usize..80,
            junk in proptest::collection::vec(any::<u8>(), 0..8),
        ) {
            let mut bytes = text.into_bytes();
            let at = cut.min(bytes.len());
            bytes.splice(at..at, junk);
            prop_assert_eq!(super::utf8(&bytes), std::str::from_utf8(&bytes));
        }
    }
}
