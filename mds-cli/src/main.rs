//! `mds`: make, check and compare security disclosure questionnaires (MDS/SDS, MITSF, MDS2).
//!
//! The binary is thin glue: it parses arguments into typed options ([`args`]), reads and writes
//! files ([`io`]), and prints. Decisions are made in `mds-core`.

mod args;
mod commands;
mod io;
mod output;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

/// Reading a workbook or a questionnaire makes many small strings; mimalloc allocates and frees
/// them in about half the time of the system allocator (docs/PERFORMANCE.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes of the product contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Done: the output was written.
    Done = 0,
    /// Done, and the answer is "no" (e.g. validation found errors).
    No = 1,
    /// Could not do it (unreadable input, questionnaire not found, bad arguments).
    Failed = 2,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                Exit::Failed
            } else {
                Exit::Done
            };
            let _ = e.print();
            return ExitCode::from(code as u8);
        }
    };
    let lang = cli.lang.into();
    let result = match cli.command {
        Command::Catalog(a) => commands::catalog::run(a, lang),
        Command::Form(a) => commands::form::run(a, lang),
        Command::Validate(a) => commands::validate::run(a, lang),
        Command::Schema(a) => commands::schema::run(a, lang),
        Command::Import(a) => commands::import::run(a, lang),
        Command::Export(a) => commands::export::run(a, lang),
        Command::Inspect(a) => commands::inspect::run(a, lang),
        Command::Questionnaire(a) => commands::questionnaire::run(a, lang),
        Command::Diff(a) => commands::diff::run(a, lang),
        Command::Migrate(a) => commands::carry::migrate(a, lang),
        Command::Prefill(a) => commands::carry::prefill(a, lang),
        Command::Coverage(a) => commands::coverage::run(a, lang),
        Command::Key(a) => commands::sign::key(a, lang),
        Command::Seal(a) => commands::sign::seal(a, lang),
        Command::Verify(a) => commands::sign::verify(a, lang),
        Command::Profile(a) => commands::profile::run(a, lang),
        Command::Compare(a) => commands::compare::run(a, lang),
    };
    match result {
        Ok(exit) => ExitCode::from(exit as u8),
        Err(e) => {
            output::error(lang, &e);
            ExitCode::from(Exit::Failed as u8)
        }
    }
}
