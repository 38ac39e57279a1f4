//! End-to-end tests of the `mds` binary: they run it on files, as users do.

mod util;

mod catalog;
mod form;
mod hostile;
mod schema;
mod validate;
