//! A submission — one vendor's bid, as JSON or as a filled workbook — from its bytes to a
//! checked response, in one pass: the format is sniffed from the bytes, the signature (when a key
//! is given) is checked on those same bytes before anything is parsed, a workbook is read once
//! and imported (our form through its stamp; anybody else's through layout detection, matched to
//! the catalog by its item ids when no questionnaire is given), and the response is validated
//! against its questionnaire, with findings at cells (`回答!D12`) for a workbook, in sheet order.
//!
//! The CLI (`mds validate`, `mds compare`, `mds import`) and the desk call this; neither reads a
//! bid in any other way.
//!
//! ```
//! use mds_core::catalog::Catalog;
//! use mds_core::submission::{Options, load};
//! let catalog = Catalog::builtin();
//! let bid = br#"{"format":"mds-response/1",
//!   "questionnaire":{"id":"sample-sds","version":"1.0"},
//!   "cover":{"vendor":"Example"},"answers":{"SAMPLE-AUTH-01":{"value":"yes"}}}"#;
//! let s = load("example.json", bid, None, &Options::new(&catalog)).unwrap();
//! assert_eq!(s.response.vendor(), Some("Example"));
//! assert!(s.errors() > 0); // most items are unanswered
//! ```

use std::borrow::Cow;

use crate::catalog::{Catalog, Entry};
use crate::json::JsonLimits;
use crate::model::{Layout, Response};
use crate::score::{SignatureCheck, SignatureState};
use crate::xlsx::{Detected, Imported, Limits, Stamp, Workbook, WorkbookKind};
use crate::{Error, Finding, Lang, Result, Severity};

/// What a file holds, by its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A JSON document.
    Json,
    /// An Office Open XML workbook (.xlsx, .xlsm), or a legacy or encrypted Office file (which
    /// the reader refuses with what to do).
    Xlsx,
    /// An OpenDocument spreadsheet (.ods).
    Ods,
    /// A text table saved as CSV.
    Csv,
}

impl Format {
    /// True for every workbook format (everything but JSON).
    pub fn is_workbook(self) -> bool {
        self != Format::Json
    }
}

/// The format of `bytes`: a zip or Office file is a workbook (xlsx or ods by its `mimetype`
/// entry), a text table is CSV, anything else is read as JSON (and explained as such when it
/// is not).
///
/// ```
/// use mds_core::submission::{Format, sniff};
/// assert_eq!(sniff(b"{\"format\": \"mds-response/1\"}"), Format::Json);
/// assert_eq!(sniff("項番,回答\n1,はい\n".as_bytes()), Format::Csv);
/// ```
pub fn sniff(bytes: &[u8]) -> Format {
    if bytes.starts_with(b"PK\x03\x04") {
        // An OpenDocument file stores its media type first, uncompressed.
        let head = &bytes[..bytes.len().min(128)];
        if memchr::memmem::find(head, b"mimetypeapplication/vnd.oasis.opendocument").is_some() {
            return Format::Ods;
        }
        return Format::Xlsx;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Format::Xlsx;
    }
    // JSON at once: an object or array after a byte-order mark and white space.
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if text
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| matches!(b, b'{' | b'['))
    {
        return Format::Json;
    }
    if crate::xlsx::looks_like_csv(bytes) {
        return Format::Csv;
    }
    Format::Json
}

/// How bids are read.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    /// The questionnaire every bid is read against (a profile's, or `--questionnaire`); else each
    /// bid's own pin, or for an unstamped workbook the catalog questionnaire that knows its ids.
    pub questionnaire: Option<&'a Entry>,
    /// Where pins and item ids are looked up.
    pub catalog: &'a Catalog,
    /// A layout file for workbooks that detection cannot read.
    pub layout: Option<&'a Layout>,
    /// Bounds on workbooks.
    pub limits: Limits,
    /// Bounds on JSON.
    pub json_limits: JsonLimits,
    /// The public keys bids are signed with: each bid's signature is checked with the key that
    /// made it.
    pub keys: Option<&'a crate::keys::Keys>,
    /// Refuse a bid whose signature is missing or bad, before reading it.
    pub require_signed: bool,
    /// The day and the fiscal year a checklist's dates are held to (`--as-of`,
    /// `--fiscal-year`).
    pub dates: &'a crate::checklist::Dates,
    /// The language of findings and errors.
    pub lang: Lang,
}

impl<'a> Options<'a> {
    /// Defaults: no forced questionnaire, default bounds, no key, Japanese.
    pub fn new(catalog: &'a Catalog) -> Self {
        Options {
            questionnaire: None,
            catalog,
            layout: None,
            limits: Limits::default(),
            json_limits: JsonLimits::default(),
            keys: None,
            require_signed: false,
            dates: &crate::checklist::NO_DATES,
            lang: Lang::Ja,
        }
    }
}

/// A bid read and checked.
#[derive(Debug, Clone)]
pub struct Submission<'e> {
    /// The name it was given as (a file name).
    pub name: String,
    /// Its format.
    pub format: Format,
    /// SHA-256 of its bytes (hex).
    pub sha256: String,
    /// The response. A stamped workbook keeps the pin of its stamp, so that a bid for another
    /// version is seen as one.
    pub response: Response,
    /// The questionnaire it was checked against.
    pub entry: Cow<'e, Entry>,
    /// Import and validation findings; a workbook's at cells, in sheet order.
    pub findings: Vec<Finding>,
    /// Its signature's state, when a key was given.
    pub signature: Option<SignatureCheck>,
    /// Items of a workbook whose answer cell shows other than what was saved in it (the
    /// finding `formula-answer`): scored as review, for a person to judge.
    pub held: Vec<String>,
}

impl Submission<'_> {
    /// The number of findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// The number of errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// The number of warnings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }
}

/// Reads one bid: `signature` is the text of its minisign signature (`FILE.minisig`), when
/// there is one.
pub fn load<'e>(
    name: &str,
    bytes: &[u8],
    signature: Option<&[u8]>,
    options: &Options<'e>,
) -> Result<Submission<'e>> {
    let lang = options.lang;
    let format = sniff(bytes);
    // The signature is checked on the bytes that are read, before they are parsed.
    let checked = options.keys.map(|keys| keys.check(bytes, signature));
    let vouched = checked.as_ref().and_then(|(_, digest)| digest.clone());
    let mut signature = checked.map(|(check, _)| check);
    if options.require_signed
        && let Some(check) = &signature
        && check.state != SignatureState::Valid
    {
        return Err(Error::Unsigned {
            state: check.state,
            message: unsigned_message(check.state, lang),
        });
    }
    let (response, entry, findings, held) = if format.is_workbook() {
        let parsed = parse_workbook(
            name,
            bytes,
            options.layout,
            &options.limits,
            lang,
            &crate::parallel::Gate::new(),
        )?;
        let wb = match &parsed {
            Parsed::Stamped(wb, _) | Parsed::Foreign(wb, _) => wb,
        };
        if crate::xlsx::is_profile_workbook(wb) {
            return Err(Error::Unreadable {
                code: "wrong-format",
                location: String::new(),
                message: lang
                    .pick(
                        "要件プロファイルのブックです。開示書（事業者の回答）を指定してください。",
                        "this is a profile workbook; give a submission (a vendor's answers).",
                    )
                    .to_string(),
            });
        }
        let stamp = match &parsed {
            Parsed::Stamped(_, stamp) => Some((stamp.id.clone(), stamp.version.clone())),
            Parsed::Foreign(..) => None,
        };
        let (imported, entry) =
            import_parsed(name, &parsed, options.questionnaire, options.catalog, lang)?;
        let mut findings = located_findings(&imported, &entry, lang);
        if *options.dates != crate::checklist::NO_DATES {
            let dated = crate::checklist::redated(
                &imported.response,
                &entry.questionnaire,
                options.dates,
                findings,
                lang,
            );
            findings = dated
                .into_iter()
                .map(|mut f| {
                    if let Some(cell) = imported.place(&f.location) {
                        f.location = cell;
                    }
                    f
                })
                .collect();
            imported.sort_in_sheet_order(&mut findings);
        }
        let held = imported.held;
        let mut response = imported.response;
        if let Some((id, version)) = stamp {
            response.questionnaire.id = id;
            response.questionnaire.version = version;
        }
        (response, entry, findings, held)
    } else {
        let response: Response = crate::json::load_as_with(
            bytes,
            crate::schema::Kind::Response,
            &options.json_limits,
            lang,
        )?;
        // The catalog's own entry, borrowed: a thousand bids need no thousand copies of it.
        let entry = match options.questionnaire {
            Some(e) => Cow::Borrowed(e),
            None => Cow::Borrowed(
                options
                    .catalog
                    .find(
                        &response.questionnaire.id,
                        Some(&response.questionnaire.version),
                    )
                    .ok_or_else(|| {
                        Error::QuestionnaireNotFound(not_found(
                            &response.questionnaire.name(),
                            options.catalog,
                            lang,
                        ))
                    })?,
            ),
        };
        let mut findings = crate::validate::validate_response(
            &response,
            &entry.questionnaire,
            &entry.digest,
            lang,
        );
        if *options.dates != crate::checklist::NO_DATES {
            findings = crate::checklist::redated(
                &response,
                &entry.questionnaire,
                options.dates,
                findings,
                lang,
            );
        }
        (response, entry, findings, Vec::new())
    };
    // A signature made by mds names the document's canonical digest in its trusted comment: it
    // must be the digest of what was read.
    if let Some(check) = signature.as_mut()
        && check.state == SignatureState::Valid
        && let Some(signed) = vouched
    {
        let read = if format.is_workbook() {
            crate::digest::digest(&response)
        } else {
            crate::json::parse(bytes, lang)
                .map(|v| {
                    format!(
                        "sha256:{}",
                        crate::digest::sha256_hex(crate::digest::canonical_json(&v).as_bytes())
                    )
                })
                .unwrap_or_default()
        };
        if read.trim_start_matches("sha256:") != signed {
            check.state = SignatureState::Invalid;
        }
    }
    // A key bound to a vendor vouches for that vendor's bids only.
    if let (Some(keys), Some(check)) = (options.keys, signature.as_mut()) {
        let valid = check.state == SignatureState::Valid;
        keys.bind(check, response.vendor().unwrap_or(""));
        if options.require_signed && check.state != SignatureState::Valid {
            let message = if valid {
                match lang {
                    Lang::Ja => format!(
                        "署名した鍵（{}）は別の事業者（{}）のものです。表紙の事業者名と鍵が合わないため、--require-signed により読みませんでした。",
                        check.key.as_deref().unwrap_or("-"),
                        check.vendors.join("、")
                    ),
                    Lang::En => format!(
                        "the signing key ({}) belongs to another vendor ({}); the cover's vendor does not match it, so the bid was not read because of --require-signed",
                        check.key.as_deref().unwrap_or("-"),
                        check.vendors.join(", ")
                    ),
                }
            } else {
                unsigned_message(check.state, lang)
            };
            return Err(Error::Unsigned {
                state: check.state,
                message,
            });
        }
    }
    Ok(Submission {
        name: name.to_string(),
        format,
        sha256: crate::digest::sha256_hex(bytes),
        response,
        entry,
        findings,
        signature,
        held,
    })
}

/// One bid as given to [`load_all`]: its name, its bytes and its signature's text.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The name (a file name).
    pub name: &'a str,
    /// The bytes.
    pub bytes: &'a [u8],
    /// The minisign signature (`FILE.minisig`), when there is one.
    pub signature: Option<&'a [u8]>,
}

/// [`load`] over many bids on all cores; results in input order, one per bid (an unreadable
/// bid does not stop the others).
pub fn load_all<'e>(bids: &[Input<'_>], options: &Options<'e>) -> Vec<Result<Submission<'e>>> {
    load_each(bids, options, |_, loaded| loaded).unwrap_or_else(|e| vec![Err(e)])
}

/// [`load`] over many bids on all cores, each result handed to `then` (with the bid's index)
/// on the core that read it; what `then` returns, in input order. A caller that needs only
/// what it makes of each bid (a score, a count) keeps only that, not every response at once.
/// An error only when a reading thread stopped.
pub fn load_each<'e, T, F>(bids: &[Input<'_>], options: &Options<'e>, then: F) -> Result<Vec<T>>
where
    T: Send,
    F: Fn(usize, Result<Submission<'e>>) -> T + Sync,
{
    crate::parallel::map_in_order(bids, 1, 8, |i, b| {
        then(i, load(b.name, b.bytes, b.signature, options))
    })
    .map_err(|_| Error::Invalid("a reading thread stopped".into()))
}

fn unsigned_message(state: SignatureState, lang: Lang) -> String {
    match state {
        SignatureState::Invalid => lang.pick(
            "署名が正しくありません（署名後に変更されたか別の鍵）。--require-signed のため読みませんでした。",
            "bad signature (changed after signing, or another key); not read because of --require-signed",
        ),
        _ => lang.pick(
            "署名がありません。--require-signed のため読みませんでした。",
            "no signature; not read because of --require-signed",
        ),
    }
    .to_string()
}

/// A workbook read, with its stamp or what layout detection (or a layout file) sees in it: the
/// part of an import that needs no questionnaire.
pub enum Parsed {
    /// One of ours.
    Stamped(Workbook, Stamp),
    /// Anybody else's.
    Foreign(Workbook, Detected),
}

/// Reads a workbook and finds its tables. A CSV file's one sheet is named after `name` (as a
/// spreadsheet program names its tab). `strings_read` opens once the workbook's shared strings
/// are read ([`crate::xlsx::read_workbook_with`]).
pub fn parse_workbook(
    name: &str,
    bytes: &[u8],
    layout: Option<&Layout>,
    limits: &Limits,
    lang: Lang,
    strings_read: &crate::parallel::Gate,
) -> Result<Parsed> {
    let mut wb = crate::xlsx::read_workbook_with(bytes, limits, lang, strings_read)?;
    if wb.kind == WorkbookKind::Csv
        && let Some(stem) = std::path::Path::new(name).file_stem()
    {
        wb.sheets[0].name = stem.to_string_lossy().into_owned();
    }
    if layout.is_none()
        && let Some(stamp) = crate::xlsx::stamp(&wb)
    {
        return Ok(Parsed::Stamped(wb, stamp));
    }
    let detected = match layout {
        Some(l) => crate::xlsx::from_layout(&wb, l),
        None => crate::xlsx::detect(&wb, false),
    };
    Ok(Parsed::Foreign(wb, detected))
}

/// Reads the answers of a parsed workbook to its questionnaire: `forced`, else the stamp's or
/// the catalog's that knows its item ids. The questionnaire comes back borrowed when it was
/// given: a large questionnaire is not copied. The workbook is only read: a command that ends
/// after the import may leave its memory to the end of the process.
pub fn import_parsed<'e>(
    name: &str,
    parsed: &Parsed,
    forced: Option<&'e Entry>,
    catalog: &Catalog,
    lang: Lang,
) -> Result<(Imported, Cow<'e, Entry>)> {
    let (wb, detected) = match parsed {
        Parsed::Stamped(wb, stamp) => {
            let entry = match forced {
                Some(entry) => Cow::Borrowed(entry),
                None => Cow::Owned(
                    resolve_pin(catalog, &stamp.id, &stamp.version, lang)
                        .map_err(|e| Error::QuestionnaireNotFound(format!("{name}: {e}")))?,
                ),
            };
            let imported =
                crate::xlsx::import_workbook(wb, &entry.questionnaire, &entry.digest, lang);
            return Ok((imported, entry));
        }
        Parsed::Foreign(wb, detected) => (wb, detected),
    };
    let entry = match forced {
        Some(entry) => Cow::Borrowed(entry),
        None => Cow::Owned(match_by_ids(name, wb, detected, catalog, lang)?),
    };
    // Only a table that is read as answers needs its answer column: evaluation tabs and other
    // views of the answers are not read.
    if !detected.ambiguous.is_empty() {
        let read: Vec<&str> = crate::xlsx::answer_tables(detected, &entry.questionnaire)
            .into_iter()
            .map(|i| detected.tables[i].sheet.as_str())
            .collect();
        if let Some(a) = detected
            .ambiguous
            .iter()
            .find(|a| read.contains(&a.sheet.as_str()))
        {
            return Err(ambiguous(name, a, lang));
        }
    }
    let imported =
        crate::xlsx::import_detected(wb, detected, &entry.questionnaire, &entry.digest, lang);
    Ok((imported, entry))
}

fn ambiguous(name: &str, a: &crate::xlsx::Ambiguity, lang: Lang) -> Error {
    let letters: Vec<String> = a
        .columns
        .iter()
        .map(|c| crate::xlsx::column_letters(*c))
        .collect();
    let cols: Vec<String> = letters.iter().map(|l| format!("{}!{l}", a.sheet)).collect();
    let first = letters.first().cloned().unwrap_or_default();
    Error::Ambiguous(match lang {
        Lang::Ja => format!(
            "{name}: 回答の列を 1 つに決められません（{}。{} 行目の見出しからは区別できません）。`mds inspect {name} --emit-layout layout.json` で書き出した layout.json の \"answer\" を事業者の回答の列（例: \"answer\": \"{first}\"）にして、`mds import {name} --layout layout.json -o 回答.json` で取り込み、できた 回答.json を使ってください。",
            cols.join(" と "),
            u64::from(a.header_row) + 1,
        ),
        Lang::En => format!(
            "{name}: cannot tell which column holds the answers ({}; the headers in row {} do not say). Write the layout with `mds inspect {name} --emit-layout layout.json`, set its \"answer\" to the vendor's column (e.g. \"answer\": \"{first}\"), import with `mds import {name} --layout layout.json -o response.json`, and use that response.",
            cols.join(" and "),
            u64::from(a.header_row) + 1,
        ),
    })
}

/// The one catalog questionnaire that knows most of the workbook's item ids.
fn match_by_ids(
    name: &str,
    wb: &Workbook,
    detected: &Detected,
    catalog: &Catalog,
    lang: Lang,
) -> Result<Entry> {
    let ids = crate::xlsx::workbook_ids(wb, detected);
    let mut scored: Vec<(usize, &Entry)> = catalog
        .entries()
        .iter()
        .map(|e| (crate::xlsx::known_ids(&e.questionnaire, &ids), e))
        .filter(|(n, _)| *n > 0 && *n * 2 >= ids.len())
        .collect();
    scored.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
    match scored.as_slice() {
        [(n, e), rest @ ..] if rest.first().is_none_or(|(m, _)| m < n) => Ok((*e).clone()),
        [] => Err(Error::QuestionnaireNotFound(match lang {
            Lang::Ja => format!(
                "{name}: このブックの項目 ID（{} 件）に合う質問票がカタログにありません。公式様式なら `mds questionnaire extract {name} --install` で質問票を取り込むか、--questionnaire で指定してください。",
                ids.len(),
            ),
            Lang::En => format!(
                "{name}: no questionnaire in the catalog matches the workbook's {} item ids; bring the official form in with `mds questionnaire extract {name} --install`, or give --questionnaire.",
                ids.len(),
            ),
        })),
        many => {
            let names: Vec<String> = many
                .iter()
                .take(5)
                .map(|(n, e)| format!("{} ({n})", e.questionnaire.name()))
                .collect();
            Err(Error::QuestionnaireNotFound(match lang {
                Lang::Ja => format!(
                    "{name}: 項目 ID に合う質問票が 1 つに決まりません（{}）。--questionnaire で指定するか、`mds questionnaire extract` で取り込んでください。",
                    names.join(", ")
                ),
                Lang::En => format!(
                    "{name}: the item ids match more than one questionnaire ({}); give --questionnaire, or use `mds questionnaire extract`.",
                    names.join(", ")
                ),
            }))
        }
    }
}

/// The catalog entry a pin names, or an error that says what is known and what to do.
pub fn resolve_pin(catalog: &Catalog, id: &str, version: &str, lang: Lang) -> Result<Entry> {
    catalog.find(id, Some(version)).cloned().ok_or_else(|| {
        Error::QuestionnaireNotFound(not_found(&format!("{id}@{version}"), catalog, lang))
    })
}

/// Why a questionnaire spec (`ID` or `ID@VERSION`) is not in the catalog, and what to do.
pub fn not_found(spec: &str, catalog: &Catalog, lang: Lang) -> String {
    let (id, _) = crate::catalog::split_spec(spec);
    let versions = catalog.versions(id).join(", ");
    let known = if versions.is_empty() {
        String::new()
    } else {
        match lang {
            Lang::Ja => format!("（{id} の既知の版: {versions}）"),
            Lang::En => format!(" (known versions of {id}: {versions})"),
        }
    };
    match lang {
        Lang::Ja => format!(
            "質問票 {spec} が見つかりません{known}。公式のワークブックをお持ちなら `mds questionnaire extract 公式.xlsx --install` で利用者カタログに取り込むか、質問票の JSON を --questionnaire で指定してください。一覧は `mds catalog` で確認できます。"
        ),
        Lang::En => format!(
            "questionnaire {spec} not found{known}. If you have the official workbook, install it with `mds questionnaire extract OFFICIAL.xlsx --install`, or give a questionnaire JSON file with --questionnaire. `mds catalog` lists what is available."
        ),
    }
}

/// The import's findings and the validation's, each at its cell where it has one; a cell the
/// import already reported (an unreadable value) is not reported twice. In sheet order.
pub fn located_findings(imported: &Imported, entry: &Entry, lang: Lang) -> Vec<Finding> {
    let mut findings = imported.findings.clone();
    let reported: crate::FastSet<&str> = imported
        .findings
        .iter()
        .map(|f| f.location.as_str())
        .collect();
    let mut more = Vec::new();
    for mut f in crate::validate::validate_response(
        &imported.response,
        &entry.questionnaire,
        &entry.digest,
        lang,
    ) {
        if let Some(cell) = imported.place(&f.location) {
            let again = matches!(
                f.code.as_str(),
                "unmapped-value" | "invalid-date" | "invalid-number"
            );
            if again && reported.contains(cell.as_str()) {
                continue;
            }
            f.location = cell;
        }
        more.push(f);
    }
    findings.extend(more);
    imported.sort_in_sheet_order(&mut findings);
    findings
}
