//! Command-line arguments, first as clap parses them. Commands turn them into meanings
//! (questionnaires, paths, languages) before any work is done.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// mds: 医療情報セキュリティ開示書（MDS/SDS など）を作成・検査・比較するツール.
/// Make, check and compare security disclosure questionnaires.
#[derive(Debug, Parser)]
#[command(name = "mds", version, about, long_about = None)]
pub struct Cli {
    /// Language of messages and reports (ja: 日本語, en: English).
    #[arg(long, global = true, value_enum, default_value_t = LangArg::Ja)]
    pub lang: LangArg,
    #[command(subcommand)]
    pub command: Command,
}

/// Language choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// 日本語.
    Ja,
    /// English.
    En,
}

impl From<LangArg> for mds_core::Lang {
    fn from(value: LangArg) -> Self {
        match value {
            LangArg::Ja => mds_core::Lang::Ja,
            LangArg::En => mds_core::Lang::En,
        }
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List questionnaires (built-in and user catalog), or print one: `mds catalog show ID[@VER]`.
    Catalog(CatalogArgs),
    /// Write a blank response to fill in (JSON), optionally carrying earlier answers.
    Form(FormArgs),
    /// Check responses, profiles or questionnaires against their schema and questionnaire.
    Validate(ValidateArgs),
    /// Print the JSON Schema of a document kind: questionnaire, response, profile.
    Schema(SchemaArgs),
    /// Read a filled workbook (.xlsx, .xlsm, .ods) into a response (JSON).
    Import(ImportArgs),
    /// Write a response (JSON) as a filled workbook (.xlsx).
    Export(ExportArgs),
    /// Show what layout detection sees in a workbook (sheets, tables, header rows, column roles).
    Inspect(InspectArgs),
    /// Questionnaires from the user's own copy of an official form: `mds questionnaire extract`.
    Questionnaire(QuestionnaireArgs),
    /// What changed between two submissions (exit 0 same, 1 different).
    Diff(DiffArgs),
    /// Carry a response to a new version of its questionnaire.
    Migrate(MigrateArgs),
    /// A draft for another questionnaire, answered from one already filled (to confirm).
    Prefill(PrefillArgs),
    /// Answers by guideline reference, chapter by chapter.
    Coverage(CoverageArgs),
    /// Signing keys: `mds key new`.
    Key(KeyArgs),
    /// Sign a file: writes FILE.minisig (minisign-compatible).
    Seal(SealArgs),
    /// Check a file's signature (FILE.minisig) with a public key.
    Verify(VerifyArgs),
    /// Hospital requirement profiles: `mds profile new`, `mds profile show`.
    Profile(ProfileArgs),
    /// Rank vendors' responses against a profile and write a report.
    Compare(CompareArgs),
    /// The desk: a page in your browser that does the whole job, served on this PC only.
    App(AppArgs),
    /// A register of every vendor's documents in a folder: what is on file, valid, current, and
    /// what is still open.
    Register(RegisterArgs),
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A table for the terminal.
    Table,
    /// JSON.
    Json,
    /// Markdown, to paste into tender documents.
    Md,
    /// One self-contained HTML page.
    Html,
    /// CSV (UTF-8 with BOM, CRLF).
    Csv,
    /// An Excel workbook (needs -o).
    Xlsx,
    /// A Word document for tender files (needs -o).
    Docx,
}

/// `mds compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The hospital's requirement profile (JSON or a profile workbook).
    #[arg(long)]
    pub profile: PathBuf,
    /// Vendors' responses (JSON or filled workbooks), or folders of them.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Report format (default: from the extension of -o; else a table on a terminal, JSON otherwise).
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// Write the report to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Add per-item outcomes with reasons (JSON, CSV).
    #[arg(long)]
    pub detail: bool,
    /// Exit with code 1 when the best qualified vendor scores below this percentage.
    #[arg(long, value_name = "PCT")]
    pub fail_under: Option<f64>,
    /// Use this questionnaire (`ID@VERSION` or a file) instead of the profile's.
    #[arg(long)]
    pub questionnaire: Option<String>,
    /// A mapping that carries bids on another version to the profile's questionnaire.
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    #[command(flatten)]
    pub signatures: SignatureArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// `mds register`.
#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// The folder of vendors' documents (read with its subfolders).
    pub folder: PathBuf,
    /// Judge on this day: targets before it are overdue (2026-12-01, 令和8年12月1日).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// A list of the hospital's vendors (CSV: vendor, system, contact) that must all be there.
    #[arg(long, value_name = "CSV")]
    pub vendors: Option<PathBuf>,
    /// Format (default: from the extension of -o; else a table on a terminal, JSON otherwise).
    #[arg(long, value_enum)]
    pub format: Option<RegisterFormat>,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub signatures: SignatureArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Formats of `mds register`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RegisterFormat {
    /// A table for the terminal.
    Table,
    /// JSON.
    Json,
    /// Markdown.
    Md,
    /// HTML.
    Html,
    /// CSV.
    Csv,
    /// A workbook (the ledger to file).
    Xlsx,
}

/// `mds app`.
#[derive(Debug, Args)]
pub struct AppArgs {
    /// The port to listen on (127.0.0.1 only); 0 or none: any free port.
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,
    /// Only print the page's address; do not open the browser.
    #[arg(long)]
    pub no_browser: bool,
    /// Largest request (all its files together), in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 256)]
    pub max_body_mib: u64,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// `mds profile`.
#[derive(Debug, Args)]
pub struct ProfileArgs {
    #[command(subcommand)]
    pub action: ProfileAction,
}

impl Command {
    /// The questionnaire the command works with, as given (`ID`, `ID@VERSION` or a file):
    /// resolved once, into the [`crate::context::Context`].
    pub fn questionnaire(&self) -> Option<&str> {
        match self {
            Command::Compare(a) => a.questionnaire.as_deref(),
            Command::Form(a) => Some(&a.questionnaire),
            Command::Validate(a) => a.questionnaire.as_deref(),
            Command::Import(a) => a.questionnaire.as_deref(),
            Command::Export(a) => a.questionnaire.as_deref(),
            Command::Migrate(a) => a.questionnaire.as_deref(),
            Command::Prefill(a) => a.questionnaire.as_deref(),
            Command::Profile(p) => match &p.action {
                ProfileAction::New { questionnaire, .. } => Some(questionnaire),
                ProfileAction::Import { questionnaire, .. }
                | ProfileAction::Show { questionnaire, .. } => questionnaire.as_deref(),
            },
            _ => None,
        }
    }
}

/// Built-in profile presets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Preset {
    /// Every yes/no item expects はい (yes).
    AllYes,
    /// Guideline 7.0 rule: はい or 対象外 expected; an unmet item raises "リスク評価が必要".
    Gl7Annex,
}

/// `mds profile` actions.
#[derive(Debug, Subcommand)]
pub enum ProfileAction {
    /// Write a new profile for a questionnaire.
    New {
        /// The questionnaire: `ID`, `ID@VERSION` or a questionnaire JSON file.
        questionnaire: String,
        /// The profile to write: `.xlsx` (to edit in Excel) or `.json`.
        #[arg(short, long)]
        output: PathBuf,
        /// Overwrite an output file that already holds answers or requirements.
        #[arg(long)]
        force: bool,
        /// Which rule to start from. Without it: the questionnaire's own hints (each item's
        /// compliant answers and default importance, e.g. HECVAT's) where an item has them, else
        /// all-yes.
        #[arg(long, value_enum)]
        preset: Option<Preset>,
        /// Only these items (comma-separated ids).
        #[arg(long, value_delimiter = ',')]
        items: Vec<String>,
        /// Start from an existing profile (JSON) instead of a preset, e.g. to edit it in Excel.
        #[arg(long, conflicts_with_all = ["preset", "items"])]
        from: Option<PathBuf>,
    },
    /// Read a profile workbook back into a profile (JSON).
    Import {
        /// The profile workbook (.xlsx, .ods).
        file: PathBuf,
        /// The profile to write (`.json`).
        #[arg(short, long)]
        output: PathBuf,
        /// Overwrite an output file that already holds answers or requirements.
        #[arg(long)]
        force: bool,
        /// The questionnaire (`ID@VERSION` or a file), when the workbook carries no stamp.
        #[arg(long)]
        questionnaire: Option<String>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Print the requirement table of a profile (for tender specifications).
    Show {
        /// The profile (JSON or a profile workbook).
        profile: PathBuf,
        /// Format (default: from the extension of -o; else a table on a terminal, Markdown otherwise).
        #[arg(long, value_enum)]
        format: Option<ReportFormat>,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Use this questionnaire (`ID@VERSION` or a file) instead of the profile's.
        #[arg(long)]
        questionnaire: Option<String>,
    },
}

/// `mds catalog`.
#[derive(Debug, Args)]
pub struct CatalogArgs {
    #[command(subcommand)]
    pub action: Option<CatalogAction>,
    /// Output format of the list.
    #[arg(long, value_enum)]
    pub format: Option<TextOrJson>,
}

/// `mds catalog show`.
#[derive(Debug, Subcommand)]
pub enum CatalogAction {
    /// Print a questionnaire as JSON.
    Show {
        /// `ID` (newest version) or `ID@VERSION`.
        questionnaire: String,
    },
}

/// Text or JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    /// Human-readable text.
    Text,
    /// JSON.
    Json,
}

/// The keys that files' signatures (FILE.minisig) are checked with.
#[derive(Debug, Clone, Default, Args)]
pub struct SignatureArgs {
    /// A vendor's public key; give it once per vendor. Each file is checked with the key that
    /// signed it.
    #[arg(long = "public-key", value_name = "PUB")]
    pub public_key: Vec<PathBuf>,
    /// A folder of public keys: NAME.pub is the key of the vendor whose cover names NAME.
    #[arg(long, value_name = "DIR")]
    pub keys: Option<PathBuf>,
    /// Refuse unsigned or tampered files, and files signed with another vendor's key (exit 1, no
    /// report).
    #[arg(long)]
    pub require_signed: bool,
}

/// Bounds on reading workbooks; raise them only for files you trust.
#[derive(Debug, Clone, Copy, Args)]
pub struct LimitArgs {
    /// Largest workbook file to read, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 100)]
    pub max_file_mib: u64,
    /// Largest decompressed part of a workbook (a sheet, the shared strings), in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 256)]
    pub max_part_mib: u64,
    /// Most cells with a value read from one workbook (all its sheets together).
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    pub max_cells: u64,
    /// Most text read from one workbook, in MiB, counted each time a cell shows it.
    #[arg(long, value_name = "MIB", default_value_t = 256)]
    pub max_text_mib: u64,
    /// Most parts (files inside the zip) of a workbook.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_parts: usize,
    /// Longest string in a JSON document, in KiB.
    #[arg(long, value_name = "KIB", default_value_t = 1024)]
    pub max_string_kib: usize,
    /// Deepest nesting of a JSON document (at most 127).
    #[arg(long, value_name = "N", default_value_t = 64, value_parser = clap::value_parser!(u8).range(1..=127))]
    pub max_depth: u8,
}

impl LimitArgs {
    /// The bounds on reading JSON.
    pub fn json(&self) -> mds_core::json::JsonLimits {
        mds_core::json::JsonLimits {
            max_bytes: self.max_file_mib << 20,
            max_string: self.max_string_kib << 10,
            max_depth: usize::from(self.max_depth),
        }
    }
}

impl From<LimitArgs> for mds_core::xlsx::Limits {
    fn from(a: LimitArgs) -> Self {
        mds_core::xlsx::Limits {
            max_file_bytes: a.max_file_mib << 20,
            max_part_bytes: a.max_part_mib << 20,
            max_cells: a.max_cells,
            max_parts: a.max_parts,
            max_text_bytes: a.max_text_mib << 20,
        }
    }
}

/// `mds import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The filled workbook (.xlsx, .xlsm, .ods).
    pub file: PathBuf,
    /// The response to write (.json).
    #[arg(short, long)]
    pub output: PathBuf,
    /// The questionnaire (`ID@VERSION` or a file), when the workbook carries no stamp.
    #[arg(long)]
    pub questionnaire: Option<String>,
    /// A layout file (`mds-layout/1`) for what detection cannot see.
    #[arg(long, value_name = "LAYOUT.json")]
    pub layout: Option<PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// `mds inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The workbook (.xlsx, .xlsm, .ods).
    pub file: PathBuf,
    /// Write what was detected as a layout file (`mds-layout/1`) to adjust and pass to
    /// `mds import --layout`.
    #[arg(long, value_name = "LAYOUT.json")]
    pub emit_layout: Option<PathBuf>,
    /// Output format (default: text on a terminal, JSON otherwise).
    #[arg(long, value_enum)]
    pub format: Option<TextOrJson>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// `mds questionnaire`.
#[derive(Debug, Args)]
pub struct QuestionnaireArgs {
    #[command(subcommand)]
    pub action: QuestionnaireAction,
}

/// `mds questionnaire` actions.
#[derive(Debug, Subcommand)]
pub enum QuestionnaireAction {
    /// Build a questionnaire (ids, texts, sections, vocabulary, references) from your own copy
    /// of an official workbook, blank or filled.
    Extract {
        /// The official workbook.
        file: PathBuf,
        /// Write the questionnaire here (`.json`).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Questionnaire id (e.g. `jahis-sds`, `mds2`); a built-in of this id lends its cover fields.
        #[arg(long)]
        id: Option<String>,
        /// Questionnaire version (e.g. `5.0`).
        #[arg(long)]
        version: Option<String>,
        /// Title (default: the workbook's file name).
        #[arg(long)]
        title: Option<String>,
        /// What it is: a vendor's disclosure, the MHLW checklist, or another questionnaire
        /// (default: from the id; `--id mhlw-checklist…` is the checklist).
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// Install it in the user catalog, so that responses pinned to it resolve.
        #[arg(long)]
        install: bool,
        /// With --install: replace a built-in questionnaire of the same id and version (which
        /// the installed one would otherwise hide).
        #[arg(long, requires = "install")]
        replace: bool,
        /// Use this layout file instead of detection.
        #[arg(long, value_name = "LAYOUT.json")]
        layout: Option<PathBuf>,
        #[command(flatten)]
        limits: LimitArgs,
    },
}

/// What a questionnaire is (`mds questionnaire extract --kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// A vendor's security disclosure (JAHIS MDS/SDS, MDS2).
    Disclosure,
    /// The MHLW cyber-security checklist.
    Checklist,
    /// Another questionnaire (MITSF, HECVAT…).
    Questionnaire,
}

impl From<KindArg> for mds_core::model::QuestionnaireKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Disclosure => Self::Disclosure,
            KindArg::Checklist => Self::Checklist,
            KindArg::Questionnaire => Self::Questionnaire,
        }
    }
}

/// `mds export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The response (JSON).
    pub response: PathBuf,
    /// The workbook to write (.xlsx).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Overwrite an output file that already holds answers or requirements.
    #[arg(long)]
    pub force: bool,
    /// Use this questionnaire (`ID@VERSION` or a file) instead of the response's.
    #[arg(long)]
    pub questionnaire: Option<String>,
}

/// `mds form`.
#[derive(Debug, Args)]
pub struct FormArgs {
    /// The questionnaire: `ID`, `ID@VERSION` or a questionnaire JSON file.
    pub questionnaire: String,
    /// The form to write: `.xlsx` (a workbook to fill in Excel) or `.json`.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Overwrite an output file that already holds answers or requirements.
    #[arg(long)]
    pub force: bool,
    /// An earlier response to the same questionnaire whose answers are carried over (marked
    /// unconfirmed).
    #[arg(long)]
    pub prefill: Option<PathBuf>,
    /// Fill a cover field: `cover.FIELD=VALUE` (repeatable).
    #[arg(long = "set", value_name = "cover.FIELD=VALUE")]
    pub set: Vec<String>,
    /// One workbook per vendor of this list (CSV: vendor, system, contact), written into the
    /// folder given with -o and named after the vendor.
    #[arg(long, value_name = "CSV")]
    pub vendors: Option<PathBuf>,
}

/// `mds validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files to check (responses as JSON or workbooks, profiles, questionnaires), or folders of them.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output format (default: text on a terminal, JSON otherwise).
    #[arg(long, value_enum)]
    pub format: Option<TextOrJson>,
    /// Check against this questionnaire (`ID@VERSION` or a file) instead of each file's pin.
    #[arg(long)]
    pub questionnaire: Option<String>,
    /// Judge a checklist's dates on this day: no date checked after it (2026-12-01, 令和8年12月1日).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Every target date of a checklist lies in this fiscal year (April to March), e.g. 2026.
    #[arg(long, value_name = "YYYY")]
    pub fiscal_year: Option<i32>,
    #[command(flatten)]
    pub signatures: SignatureArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// `mds schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// questionnaire, response or profile.
    pub name: String,
}

/// `mds diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier submission (JSON or workbook).
    pub old: PathBuf,
    /// The later submission (JSON or workbook).
    pub new: PathBuf,
    /// Mark each change as a regression, improvement or neutral against this profile.
    #[arg(long)]
    pub profile: Option<PathBuf>,
    /// A mapping from the earlier submission's questionnaire to the later one's.
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// Output format (default: text on a terminal, JSON otherwise).
    #[arg(long, value_enum)]
    pub format: Option<DiffFormat>,
    /// Write the report to this file.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Formats of `mds diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Text.
    Text,
    /// JSON.
    Json,
    /// Markdown.
    Md,
    /// HTML.
    Html,
}

/// `mds migrate`.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The response to carry (JSON or workbook).
    pub response: PathBuf,
    /// The questionnaire of that response (`ID@VERSION` or a file), for a workbook that carries
    /// no stamp and whose item ids do not pick one from the catalog.
    #[arg(long)]
    pub questionnaire: Option<String>,
    /// The new questionnaire (`ID@VERSION` or a file).
    #[arg(long)]
    pub to: String,
    /// A mapping; without one, identical item ids carry over.
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// The migrated response (`.json` or `.xlsx`).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Overwrite an output file that already holds answers or requirements.
    #[arg(long)]
    pub force: bool,
    /// Report format (default: text on a terminal, JSON otherwise).
    #[arg(long, value_enum)]
    pub format: Option<TextOrJson>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// `mds prefill`.
#[derive(Debug, Args)]
pub struct PrefillArgs {
    /// The response already filled (JSON or workbook).
    #[arg(long)]
    pub from: PathBuf,
    /// The questionnaire of that response (`ID@VERSION` or a file), for a workbook that carries
    /// no stamp and whose item ids do not pick one from the catalog.
    #[arg(long)]
    pub questionnaire: Option<String>,
    /// The mapping from its questionnaire to the target one.
    #[arg(long)]
    pub mapping: PathBuf,
    /// The target questionnaire (`ID@VERSION` or a file).
    #[arg(long)]
    pub to: String,
    /// The draft (`.json` or `.xlsx`); every prefilled answer is unconfirmed.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Overwrite an output file that already holds answers or requirements.
    #[arg(long)]
    pub force: bool,
    /// Report format (default: text on a terminal, JSON otherwise).
    #[arg(long, value_enum)]
    pub format: Option<TextOrJson>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Formats of `mds coverage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CoverageFormat {
    /// A table for the terminal.
    Table,
    /// JSON.
    Json,
    /// Markdown.
    Md,
    /// CSV (UTF-8 with BOM, CRLF).
    Csv,
}

/// `mds coverage`.
#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// The response (JSON or workbook).
    pub response: PathBuf,
    /// Output format (default: from the extension of -o; else a table on a terminal, JSON otherwise).
    #[arg(long, value_enum)]
    pub format: Option<CoverageFormat>,
    /// Write to this file.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// `mds key`.
#[derive(Debug, Args)]
pub struct KeyArgs {
    #[command(subcommand)]
    pub action: KeyAction,
}

/// `mds key` actions.
#[derive(Debug, Subcommand)]
pub enum KeyAction {
    /// Make a key pair: NAME.key (secret, keep it safe) and NAME.pub (give it to hospitals).
    New {
        /// Base name of the key files.
        #[arg(short, long, default_value = "mds")]
        output: PathBuf,
        /// Do not protect the secret key with a password (for automation).
        #[arg(long)]
        no_password: bool,
    },
}

/// `mds seal`.
#[derive(Debug, Args)]
pub struct SealArgs {
    /// The file to sign.
    pub file: PathBuf,
    /// The secret key (from `mds key new`, or minisign's).
    #[arg(long)]
    pub secret_key: PathBuf,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// `mds verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The signed file (its signature is FILE.minisig).
    pub file: PathBuf,
    /// The signer's public key.
    #[arg(long)]
    pub public_key: PathBuf,
    #[command(flatten)]
    pub limits: LimitArgs,
}
