//! The second stage of the arguments: what every command needs, resolved once from the raw clap
//! values (as ripgrep's `hiargs` follow its `lowargs`): the language and the catalog, read from
//! the user's catalog folder at most once per run and only by a command that needs it, and the
//! printer the command's words go to, and the questionnaire the command was given
//! (`--questionnaire`, or the questionnaire of `mds form` and `mds profile new`), resolved once on
//! first use.

use std::sync::OnceLock;

use mds_core::Lang;
use mds_core::catalog::{Catalog, Entry};

use crate::output::Printer;

/// What a command runs with.
pub struct Context {
    /// The language of messages and outputs.
    pub lang: Lang,
    /// Where the command's words go.
    pub printer: Printer,
    catalog: OnceLock<Catalog>,
    /// The questionnaire as given, and as resolved (or why it cannot be).
    questionnaire_spec: Option<String>,
    questionnaire: OnceLock<std::result::Result<Entry, String>>,
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
            questionnaire_spec: None,
            questionnaire: OnceLock::new(),
        }
    }

    /// The context of a run that uses this catalog rather than reading the user's folder (the
    /// desk: the catalog read at its start, with the questionnaires dropped on the page).
    pub fn with_catalog(self, catalog: Catalog) -> Self {
        let _ = self.catalog.set(catalog);
        self
    }

    /// The context of a command given this questionnaire (`ID`, `ID@VERSION` or a file).
    pub fn with_questionnaire(mut self, spec: Option<&str>) -> Self {
        self.questionnaire_spec = spec.map(str::to_string);
        self
    }

    /// The questionnaire the command was given, resolved on first use (from a file, or from the
    /// catalog); None when none was given.
    pub fn questionnaire(&self) -> anyhow::Result<Option<&Entry>> {
        let Some(spec) = &self.questionnaire_spec else {
            return Ok(None);
        };
        let resolved = self.questionnaire.get_or_init(|| {
            crate::io::resolve_spec(spec, self.catalog(), self.lang).map_err(|e| format!("{e:#}"))
        });
        match resolved {
            Ok(entry) => Ok(Some(entry)),
            Err(e) => Err(anyhow::anyhow!("{e}")),
        }
    }

    /// The built-in questionnaires and the user's, read on first use.
    pub fn catalog(&self) -> &Catalog {
        self.catalog
            .get_or_init(|| crate::io::load_catalog(&self.printer))
    }
}
