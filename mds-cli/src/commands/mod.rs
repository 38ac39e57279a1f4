//! One module per command: each turns its arguments into meanings, calls `mds-core`, and
//! returns the exit code.

pub mod carry;
pub mod catalog;
pub mod compare;
pub mod coverage;
pub mod diff;
pub mod export;
pub mod form;
pub mod import;
pub mod inspect;
pub mod profile;
pub mod questionnaire;
pub mod register;
pub mod schema;
pub mod sign;
pub mod validate;
