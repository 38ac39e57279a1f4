//! End-to-end tests of the `mds` binary: they run it on files, as users do.

#![allow(clippy::print_stderr)] // tests print a notice when they skip a real client

mod util;

mod catalog;
mod compare;
mod desk;
mod filed;
mod form;
mod hostile;
mod keys;
mod layouts;
mod lifecycle;
mod office;
mod official;
mod output;
mod planned;
mod profile;
mod reads;
mod register;
mod safety;
mod schema;
mod seen;
mod silent;
mod snapshots;
mod validate;
mod workbooks;
mod workflow;
mod xlsx;
