//! `mds validate FILE…`: layer 1 (JSON Schema) and layer 2 (the questionnaire) checks of
//! responses, profiles and questionnaires, printed as text or JSON.

use std::path::Path;

use anyhow::Result;
use mds_core::catalog::{Catalog, Entry};
use mds_core::json::Document;
use mds_core::validate::{check_questionnaire, validate_profile, validate_response};
use mds_core::{Finding, Lang, Severity, has_errors};
use serde::Serialize;

use crate::Exit;
use crate::args::{TextOrJson, ValidateArgs};
use crate::context::Context;
use crate::io::resolve_pin;
use crate::output::json;

/// The result for one file, as printed in JSON.
/// One file's checks, as `mds validate --format json` prints them.
#[derive(Serialize)]
pub struct FileReport {
    source: String,
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    questionnaire: Option<String>,
    findings: Vec<Finding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    signature: Option<crate::signing::Status>,
    /// The key file the signature was checked with.
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    /// The id of the key that made the signature.
    #[serde(skip_serializing_if = "Option::is_none")]
    key_id: Option<String>,
    /// Why the file is refused under `--require-signed`.
    #[serde(skip)]
    refused: Option<String>,
    #[serde(skip)]
    exit: Exit,
}

impl FileReport {
    /// The report of a file that is a report written by mds, given as an input.
    fn a_report(path: &Path, lang: Lang) -> Self {
        FileReport {
            source: path.display().to_string(),
            valid: false,
            questionnaire: None,
            findings: vec![Finding::new(
                Severity::Error,
                "wrong-format",
                String::new(),
                lang.pick(
                    "mds が書いたレポートです。開示書（回答）やプロファイルではありません。",
                    "a report written by mds, not a submission or a profile.",
                )
                .to_string(),
            )],
            signature: None,
            key: None,
            key_id: None,
            refused: None,
            exit: Exit::Failed,
        }
    }

    /// The report of a file refused under `--require-signed` before it was read.
    fn refused(source: String, check: &mds_core::score::SignatureCheck, why: String) -> Self {
        let mut report = FileReport {
            source,
            valid: false,
            questionnaire: None,
            findings: Vec::new(),
            signature: None,
            key: None,
            key_id: None,
            refused: Some(why),
            exit: Exit::No,
        };
        report.signed(check);
        report
    }

    /// Records a signature check: its state and its key.
    fn signed(&mut self, check: &mds_core::score::SignatureCheck) {
        self.signature = Some(crate::signing::status_of(check));
        self.key = check.key.clone();
        self.key_id = check.key_id.clone();
    }
}

/// The keys files are checked with, and whether a file they do not vouch for is refused.
#[derive(Clone, Copy, Default)]
pub struct Signing<'a> {
    /// The keys, when signatures are checked.
    pub keys: Option<&'a mds_core::keys::Keys>,
    /// `--require-signed`.
    pub required: bool,
}

/// The whole report, as printed in JSON.
#[derive(Serialize)]
struct Files<'a> {
    files: &'a [FileReport],
}

pub fn run(args: ValidateArgs, ctx: &Context) -> Result<Exit> {
    let lang = ctx.lang;
    let catalog = ctx.catalog();
    let forced = ctx.questionnaire()?;
    let files = crate::io::expand_folders(&args.files, &ctx.printer)?;
    let json_limits = args.limits.json();
    let limits = args.limits.into();
    let keys = crate::signing::keys(&args.signatures, lang)?;
    let require_signed = args.signatures.require_signed;
    let dates = mds_core::checklist::Dates {
        as_of: args
            .as_of
            .as_deref()
            .map(|d| crate::io::day(d, "--as-of", lang))
            .transpose()?,
        fiscal_year: args.fiscal_year,
    };
    let checks = Checks {
        forced,
        catalog,
        limits: &limits,
        json_limits: &json_limits,
        signing: Signing {
            keys: keys.as_ref(),
            required: require_signed,
        },
        dates: &dates,
        lang,
    };
    let mut skipped = Vec::new();
    let mut checked = Vec::new();
    for f in &files {
        match check_file(f, &checks) {
            Some(report) => checked.push((f.clone(), report)),
            None if f
                .parent()
                .is_some_and(|p| args.files.iter().any(|g| g.is_dir() && g == p)) =>
            {
                skipped.push(f.display().to_string())
            }
            None => checked.push((f.clone(), FileReport::a_report(f, lang))),
        }
    }
    crate::io::notice_reports(&skipped, &ctx.printer);
    let (files, reports): (Vec<std::path::PathBuf>, Vec<FileReport>) = checked.into_iter().unzip();
    if require_signed {
        let refused: Vec<(std::path::PathBuf, String)> = files
            .iter()
            .zip(&reports)
            .filter_map(|(f, r)| r.refused.clone().map(|why| (f.clone(), why)))
            .collect();
        if crate::signing::refuse(&refused, &ctx.printer) {
            return Ok(Exit::No);
        }
    }
    let format = args.format.unwrap_or(if ctx.printer.is_terminal() {
        TextOrJson::Text
    } else {
        TextOrJson::Json
    });
    match format {
        TextOrJson::Json => ctx.printer.out(&json(&Files { files: &reports })),
        TextOrJson::Text => ctx.printer.text(&text(&reports, lang)),
    }
    for r in reports.iter().filter(|r| r.exit == Exit::Failed) {
        for f in &r.findings {
            let at = if f.location.is_empty() {
                String::new()
            } else {
                format!("{}: ", f.location)
            };
            ctx.printer
                .error(&anyhow::anyhow!("{}: {at}{}", r.source, f.message));
        }
    }
    Ok(reports.iter().map(|r| r.exit).max().unwrap_or(Exit::Done))
}

/// Checks one file; None for a workbook that is an mds report (not an input).
/// The file is read once: its checks and its signature's use the same bytes.
fn check_file(path: &Path, checks: &Checks<'_>) -> Option<FileReport> {
    let bytes = crate::io::read_bounded(path, checks.limits.max_file_bytes, checks.lang);
    let signature = checks
        .signing
        .keys
        .and_then(|_| crate::signing::read_signature(path));
    check_input(path, bytes, signature.as_deref(), checks)
}

/// A file already read: its name, its bytes and its signature's text, when there is one.
pub type Named<'a> = (&'a Path, &'a [u8], Option<&'a [u8]>);

/// The checks of files already read, as `mds validate --format json` prints them: (name, bytes,
/// signature) each. A report written by mds is named as such.
pub fn check_all(inputs: &[Named<'_>], checks: &Checks<'_>) -> String {
    let reports: Vec<FileReport> = inputs
        .iter()
        .map(|(name, bytes, signature)| {
            check_input(name, Ok(bytes.to_vec()), *signature, checks)
                .unwrap_or_else(|| FileReport::a_report(name, checks.lang))
        })
        .collect();
    json(&Files { files: &reports })
}

/// How files are checked: against which questionnaire, within which bounds, with which keys.
pub struct Checks<'a> {
    /// The questionnaire every file is checked against, instead of its own pin.
    pub forced: Option<&'a Entry>,
    /// Where pins are looked up.
    pub catalog: &'a Catalog,
    /// Bounds on workbooks.
    pub limits: &'a mds_core::xlsx::Limits,
    /// Bounds on JSON.
    pub json_limits: &'a mds_core::json::JsonLimits,
    /// The keys signatures are checked with.
    pub signing: Signing<'a>,
    /// The day and the fiscal year a checklist's dates are held to.
    pub dates: &'a mds_core::checklist::Dates,
    /// The language of findings.
    pub lang: Lang,
}

/// Checks one file already read (`path` names it in the report), with its signature's text when
/// there is one; None for a workbook that is an mds report (not an input).
pub fn check_input(
    path: &Path,
    bytes: Result<Vec<u8>>,
    signature: Option<&[u8]>,
    checks: &Checks<'_>,
) -> Option<FileReport> {
    let &Checks {
        forced,
        catalog,
        limits,
        json_limits,
        signing,
        lang,
        ..
    } = checks;
    let Signing {
        keys,
        required: require_signed,
    } = signing;
    let source = path.display().to_string();
    if let Ok(b) = &bytes
        && crate::io::report_of(b).is_some()
    {
        return None;
    }
    // Under --require-signed an unsigned or tampered file is refused before it is parsed.
    if let (Some(keys), true, Ok(b)) = (keys, require_signed, &bytes) {
        let (check, _) = keys.check(b, signature);
        if let Some(why) = crate::signing::why_unsigned(&crate::signing::status_of(&check), lang) {
            return Some(FileReport::refused(source, &check, why.to_string()));
        }
    }
    if let Ok(b) = &bytes
        && crate::io::is_workbook(b)
    {
        return Some(check_workbook(path, b, signature, checks));
    }
    let check = match (keys, &bytes) {
        (Some(keys), Ok(b)) => Some(
            crate::signing::check_bytes(path, b, signature, keys, limits, catalog, lang)
                .map(|(check, _)| check)
                .unwrap_or(mds_core::score::SignatureCheck::new(
                    mds_core::score::SignatureState::Invalid,
                )),
        ),
        _ => None,
    };
    let mut report = check_bytes(
        path,
        bytes,
        forced,
        catalog,
        json_limits,
        checks.dates,
        lang,
    );
    if let Some(check) = &check {
        report.signed(check);
        if require_signed {
            report.refused = crate::signing::why_not_vouched(check, lang);
        }
    }
    Some(report)
}

fn check_bytes(
    path: &Path,
    bytes: Result<Vec<u8>>,
    forced: Option<&Entry>,
    catalog: &Catalog,
    json_limits: &mds_core::json::JsonLimits,
    dates: &mds_core::checklist::Dates,
    lang: Lang,
) -> FileReport {
    let source = path.display().to_string();
    let fatal = |code: &str, location: String, message: String| FileReport {
        source: source.clone(),
        valid: false,
        questionnaire: None,
        findings: vec![Finding::new(Severity::Error, code, location, message)],
        signature: None,
        key: None,
        key_id: None,
        refused: None,
        exit: Exit::Failed,
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => return fatal("unreadable-file", String::new(), format!("{e:#}")),
    };
    let loaded = match mds_core::json::load_with(&bytes, json_limits, lang) {
        Ok(l) => l,
        Err(e) => return fatal(e.code(), e.location().to_string(), e.to_string()),
    };
    let mut findings = loaded.findings;
    let mut questionnaire = None;
    if let Some(document) = &loaded.document {
        let pin = match document {
            Document::Response(r) => Some((
                r.questionnaire.id.as_str(),
                r.questionnaire.version.as_str(),
            )),
            Document::Profile(p) => Some((
                p.questionnaire.id.as_str(),
                p.questionnaire.version.as_str(),
            )),
            Document::Questionnaire(_) | Document::Layout(_) | Document::Mapping(_) => None,
        };
        let entry = match (forced, pin) {
            (Some(entry), _) => Some(entry.clone()),
            (None, Some((id, version))) => match resolve_pin(id, version, catalog, lang) {
                Ok(entry) => Some(entry),
                Err(e) => {
                    return fatal(
                        "questionnaire-not-found",
                        "/questionnaire".into(),
                        format!("{e:#}"),
                    );
                }
            },
            (None, None) => None,
        };
        questionnaire = entry.as_ref().map(|e| e.questionnaire.name());
        findings.extend(match (document, &entry) {
            (Document::Response(r), Some(e)) => mds_core::checklist::redated(
                r,
                &e.questionnaire,
                dates,
                validate_response(r, &e.questionnaire, &e.digest, lang),
                lang,
            ),
            (Document::Profile(p), Some(e)) => validate_profile(p, &e.questionnaire, lang),
            (Document::Questionnaire(q), _) => check_questionnaire(q, lang),
            (Document::Mapping(m), _) => {
                let from = resolve_pin(&m.from.id, &m.from.version, catalog, lang);
                let to = resolve_pin(&m.to.id, &m.to.version, catalog, lang);
                match (from, to) {
                    (Ok(f), Ok(t)) => mds_core::validate::validate_mapping(
                        m,
                        &f.questionnaire,
                        &t.questionnaire,
                        lang,
                    ),
                    (Err(e), _) | (_, Err(e)) => {
                        return fatal("questionnaire-not-found", "/from".into(), format!("{e:#}"));
                    }
                }
            }
            _ => Vec::new(),
        });
    }
    let valid = !has_errors(&findings);
    FileReport {
        source,
        valid,
        questionnaire,
        findings,
        signature: None,
        key: None,
        key_id: None,
        refused: None,
        exit: if valid { Exit::Done } else { Exit::No },
    }
}

/// A filled workbook: read as a submission (imported, then checked; findings point at cells),
/// or a profile workbook.
fn check_workbook(
    path: &Path,
    bytes: &[u8],
    signature: Option<&[u8]>,
    checks: &Checks<'_>,
) -> FileReport {
    let &Checks {
        forced,
        catalog,
        limits,
        signing: Signing {
            keys,
            required: require_signed,
        },
        lang,
        ..
    } = checks;
    let source = path.display().to_string();
    let mut options = mds_core::submission::Options::new(catalog);
    options.questionnaire = forced;
    options.limits = *limits;
    options.keys = keys;
    options.require_signed = require_signed;
    options.dates = checks.dates;
    options.lang = lang;
    let submission = match mds_core::submission::load(&source, bytes, signature, &options) {
        Ok(s) => s,
        // A profile workbook is checked as a profile.
        Err(e) if e.code() == "wrong-format" => {
            if let Ok(wb) = mds_core::xlsx::read_workbook(bytes, limits, lang)
                && mds_core::xlsx::is_profile_workbook(&wb)
            {
                let mut report = check_profile_workbook(path, &wb, forced, catalog, lang);
                if let Some(keys) = keys
                    && let Ok((check, _)) = crate::signing::check_bytes(
                        path, bytes, signature, keys, limits, catalog, lang,
                    )
                {
                    report.signed(&check);
                    if require_signed {
                        report.refused = crate::signing::why_not_vouched(&check, lang);
                    }
                }
                return report;
            }
            return unreadable(source, path, &e);
        }
        Err(mds_core::Error::Unsigned { message, state }) => {
            let check = mds_core::score::SignatureCheck::new(state);
            return FileReport::refused(source, &check, message);
        }
        Err(e) => return unreadable(source, path, &e),
    };
    let valid = submission.errors() == 0;
    let mut report = FileReport {
        source,
        valid,
        questionnaire: Some(submission.entry.questionnaire.name()),
        signature: None,
        key: None,
        key_id: None,
        refused: None,
        findings: submission.findings,
        exit: if valid { Exit::Done } else { Exit::No },
    };
    if let Some(check) = &submission.signature {
        report.signed(check);
    }
    report
}

fn unreadable(source: String, path: &Path, e: &mds_core::Error) -> FileReport {
    FileReport {
        source,
        valid: false,
        questionnaire: None,
        findings: vec![Finding::new(
            Severity::Error,
            "unreadable-workbook",
            String::new(),
            crate::io::located(path, e).to_string(),
        )],
        signature: None,
        key: None,
        key_id: None,
        refused: None,
        exit: Exit::Failed,
    }
}

/// A profile workbook: cells that cannot be read, then the profile's own checks.
fn check_profile_workbook(
    path: &Path,
    wb: &mds_core::xlsx::Workbook,
    forced: Option<&Entry>,
    catalog: &Catalog,
    lang: Lang,
) -> FileReport {
    let source = path.display().to_string();
    let entry = match (forced, mds_core::xlsx::stamp(wb)) {
        (Some(e), _) => Ok(e.clone()),
        (None, Some(stamp)) => resolve_pin(&stamp.id, &stamp.version, catalog, lang),
        (None, None) => Err(anyhow::anyhow!(
            "{}",
            lang.pick(
                "質問票の印がありません。--questionnaire で指定してください。",
                "no questionnaire stamp; give --questionnaire"
            )
        )),
    };
    let entry = match entry {
        Ok(e) => e,
        Err(e) => {
            return FileReport {
                source,
                valid: false,
                questionnaire: None,
                findings: vec![Finding::new(
                    Severity::Error,
                    "questionnaire-not-found",
                    String::new(),
                    format!("{e:#}"),
                )],
                signature: None,
                key: None,
                key_id: None,
                refused: None,
                exit: Exit::Failed,
            };
        }
    };
    let read = mds_core::xlsx::import_profile_workbook(wb, &entry.questionnaire, lang);
    let mut findings = read.findings;
    if let Some(profile) = &read.profile {
        findings.extend(validate_profile(profile, &entry.questionnaire, lang));
    }
    let valid = !has_errors(&findings);
    FileReport {
        source,
        valid,
        questionnaire: Some(entry.questionnaire.name()),
        findings,
        signature: None,
        key: None,
        key_id: None,
        refused: None,
        exit: if valid { Exit::Done } else { Exit::No },
    }
}

fn text(reports: &[FileReport], lang: Lang) -> String {
    let mut out = String::new();
    for r in reports {
        let count = |s: Severity| r.findings.iter().filter(|f| f.severity == s).count();
        let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
        let against = r
            .questionnaire
            .as_deref()
            .map(|q| format!(" ({q})"))
            .unwrap_or_default();
        let status = match (r.exit, lang) {
            (Exit::Failed, Lang::Ja) => "[読めません]".to_string(),
            (Exit::Failed, Lang::En) => "[UNREADABLE]".to_string(),
            (_, _) if r.valid => "[OK]".to_string(),
            _ => "[NG]".to_string(),
        };
        let summary = match lang {
            Lang::Ja => format!("エラー {errors} 件、警告 {warnings} 件"),
            Lang::En => format!("{errors} errors, {warnings} warnings"),
        };
        let signed = match &r.signature {
            Some(crate::signing::Status::Valid) => {
                lang.pick(" [署名: 正しい]", " [signature: good]")
            }
            Some(crate::signing::Status::Missing) => {
                lang.pick(" [署名: なし]", " [signature: missing]")
            }
            Some(crate::signing::Status::Invalid) => {
                lang.pick(" [署名: 不正]", " [signature: BAD]")
            }
            None => "",
        };
        out.push_str(&format!(
            "{status} {}{against}: {summary}{signed}\n",
            r.source
        ));
        for f in &r.findings {
            let at = if f.location.is_empty() {
                "-"
            } else {
                f.location.as_str()
            };
            out.push_str(&format!(
                "  {} {} [{}] {}\n",
                f.severity.label(lang),
                at,
                f.code,
                f.message
            ));
        }
    }
    let valid = reports.iter().filter(|r| r.valid).count();
    out.push_str(&match lang {
        Lang::Ja => format!("{} 件中 {valid} 件が有効です。\n", reports.len()),
        Lang::En => format!("{valid} of {} files are valid.\n", reports.len()),
    });
    out
}
