//! The second stage of the arguments: what every command needs, resolved once from the raw clap
//! values (as ripgrep's `hiargs` follow its `lowargs`): the language and the catalog, read from
//! the user's catalog folder at most once per run and only by a command that needs it, and the
//! printer the command's words go to.

use std::sync::OnceLock;

use mds_core::Lang;
use mds_core::catalog::Catalog;

use crate::output::Printer;

/// What a command runs with.
pub struct Context {
    /// The language of messages and outputs.
    pub lang: Lang,
    /// Where the command's words go.
    pub printer: Printer,
    catalog: OnceLock<Catalog>,
}

impl Context {
    /// The context of a run in `lang`.
    pub fn new(lang: Lang) -> Self {
        Context::with_printer(Printer::new(lang))
    }

    /// The context of a run whose words go to `printer` (in its language).
    pub fn with_printer(printer: Printer) -> Self {
        Context {
            lang: printer.lang(),
            printer,
            catalog: OnceLock::new(),
        }
    }

    /// The built-in questionnaires and the user's, read on first use.
    pub fn catalog(&self) -> &Catalog {
        self.catalog
            .get_or_init(|| crate::io::load_catalog(&self.printer))
    }
}
