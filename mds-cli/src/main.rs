//! `mds`: make, check and compare security disclosure questionnaires (MDS/SDS, MITSF, MDS2).
//!
//! The binary is thin glue: it parses arguments into typed options ([`args`]), reads and writes
//! files ([`io`]), and prints. Decisions are made in `mds-core`.

mod args;
mod commands;
mod context;
mod desk;
mod help;
mod io;
mod output;
mod signing;

use std::process::ExitCode;

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

/// The command line; on Windows, `mds.exe` started from Explorer (no arguments, and no shell's
/// `PROMPT` inherited) starts the desk rather than printing help into a window that closes.
fn parse(lang: mds_core::Lang) -> Result<Cli, clap::Error> {
    use clap::FromArgMatches;
    let command = help::command(lang);
    #[cfg(windows)]
    if std::env::args_os().len() == 1 && std::env::var_os("PROMPT").is_none() {
        return Cli::from_arg_matches(&command.try_get_matches_from(["mds", "app"])?);
    }
    Cli::from_arg_matches(&command.try_get_matches()?)
}

fn main() -> ExitCode {
    // The language is known before the arguments are read, so that help and argument errors
    // speak it too (`--lang en`, else MDS_LANG, else Japanese).
    let lang = help::requested();
    let cli = match parse(lang) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                Exit::Failed
            } else {
                Exit::Done
            };
            let shown = matches!(
                e.kind(),
                clap::error::ErrorKind::DisplayHelp
                    | clap::error::ErrorKind::DisplayVersion
                    | clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            );
            if lang == mds_core::Lang::Ja && !shown {
                let mut stderr = std::io::stderr();
                let _ = std::io::Write::write_all(&mut stderr, help::error_text(&e).as_bytes());
            } else {
                let _ = e.print();
            }
            return ExitCode::from(code as u8);
        }
    };
    let _ = cli.lang;
    let ctx = &context::Context::new(lang).with_questionnaire(cli.command.questionnaire());
    let result = match cli.command {
        Command::Catalog(a) => commands::catalog::run(a, ctx),
        Command::Form(a) => commands::form::run(a, ctx),
        Command::Validate(a) => commands::validate::run(a, ctx),
        Command::Schema(a) => commands::schema::run(a, ctx),
        Command::Import(a) => commands::import::run(a, ctx),
        Command::Export(a) => commands::export::run(a, ctx),
        Command::Inspect(a) => commands::inspect::run(a, ctx),
        Command::Questionnaire(a) => commands::questionnaire::run(a, ctx),
        Command::Diff(a) => commands::diff::run(a, ctx),
        Command::Migrate(a) => commands::carry::migrate(a, ctx),
        Command::Prefill(a) => commands::carry::prefill(a, ctx),
        Command::Coverage(a) => commands::coverage::run(a, ctx),
        Command::Key(a) => commands::sign::key(a, ctx),
        Command::Seal(a) => commands::sign::seal(a, ctx),
        Command::Verify(a) => commands::sign::verify(a, ctx),
        Command::Profile(a) => commands::profile::run(a, ctx),
        Command::Compare(a) => commands::compare::run(a, ctx),
        Command::App(a) => desk::run(a, ctx),
        Command::Register(a) => commands::register::run(a, ctx),
    };
    match result {
        Ok(exit) => ExitCode::from(exit as u8),
        Err(e) => {
            ctx.printer.error(&e);
            ExitCode::from(Exit::Failed as u8)
        }
    }
}
