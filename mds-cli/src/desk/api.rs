//! The desk's JSON API (`/api/…`), which the page uses and scripts may use. Every request that
//! carries files is `multipart/form-data` with any number of parts named `file`, sorted by their
//! content (bids, a profile, questionnaires, signatures `NAME.minisig`, public keys `.pub`), and
//! text parts for the rest (`format`, `lang`, `questionnaire`, `preset`, `detail`,
//! `require_signed`). Answers are what the command line would write on the same files:
//! `/api/validate` as `mds validate --format json`, `/api/compare` as `mds compare --format …`.
//! Warnings go in the header `X-Mds-Warnings` (a JSON list, ASCII); a request mds cannot do
//! answers 422 with `{"error": …}`, in the request's language. See docs/desk-api.md.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::{Multipart, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use mds_core::Lang;
use mds_core::catalog::{Catalog, Origin};
use mds_core::model::{Profile, Questionnaire};

use super::{Desk, refuse};
use crate::args::ReportFormat;
use crate::context::Context;

pub(super) fn routes() -> Router<Arc<Desk>> {
    Router::new()
        .route("/catalog", get(catalog))
        .route("/sort", post(sort))
        .route("/validate", post(validate))
        .route("/compare", post(compare))
        .route("/import", post(import))
        .route("/questionnaire", post(questionnaire))
        .route("/profile/new", post(profile_new))
        .route("/profile/xlsx", post(profile_xlsx))
        .route("/form", post(form))
}

/// One file sent with a request.
struct Upload {
    name: String,
    bytes: Vec<u8>,
}

/// A request's parts.
struct Parts {
    files: Vec<Upload>,
    fields: std::collections::BTreeMap<String, String>,
}

impl Parts {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    fn flag(&self, name: &str) -> bool {
        self.field(name).is_some_and(|v| v == "1" || v == "true")
    }

    fn lang(&self, desk: &Desk) -> Lang {
        match self.field("lang") {
            Some("en") => Lang::En,
            Some("ja") => Lang::Ja,
            _ => desk.lang,
        }
    }
}

/// Reads the parts of a request; each file within `--max-file-mib`, as on the command line.
async fn parts(mut multipart: Multipart, desk: &Desk) -> Result<Parts, Response> {
    let max_file = desk.limits.max_file_mib.saturating_mul(1 << 20);
    let mut out = Parts {
        files: Vec::new(),
        fields: Default::default(),
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(refuse(e.status(), &e.body_text())),
        };
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let file_name = field
                .file_name()
                .map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n).to_string())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| format!("file-{}", out.files.len() + 1));
            let bytes = match field.bytes().await {
                Ok(b) => b,
                Err(e) => return Err(refuse(e.status(), &e.body_text())),
            };
            if bytes.len() as u64 > max_file {
                return Err(refuse(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    &format!(
                        "{file_name}: larger than {} MiB (mds app --max-file-mib)",
                        max_file >> 20
                    ),
                ));
            }
            out.files.push(Upload {
                name: file_name,
                bytes: bytes.to_vec(),
            });
        } else {
            let text = match field.text().await {
                Ok(t) => t,
                Err(e) => return Err(refuse(e.status(), &e.body_text())),
            };
            out.fields.insert(name, text.chars().take(4096).collect());
        }
    }
    Ok(out)
}

/// What a file was taken to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
enum Kind {
    /// A vendor's submission (JSON or a filled workbook).
    Bid,
    /// The hospital's requirements (JSON or a profile workbook).
    Profile,
    /// A questionnaire (JSON).
    Questionnaire,
    /// A detached signature (`NAME.minisig`) of another file.
    Signature,
    /// A vendor's public key (`.pub`).
    Key,
    /// A secret key: never to be sent anywhere.
    SecretKey,
    /// A report written by mds.
    Report,
    /// Anything else.
    Unknown,
}

/// Sorts a file by its content, not its name.
fn kind_of(upload: &Upload, desk: &Desk) -> Kind {
    let bytes = &upload.bytes;
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(256)]);
    if head.starts_with("untrusted comment:") {
        let first = head.lines().next().unwrap_or("");
        return if first.contains("secret key") {
            Kind::SecretKey
        } else if first.contains("public key") {
            Kind::Key
        } else {
            Kind::Signature
        };
    }
    if crate::io::report_of(bytes).is_some() {
        return Kind::Report;
    }
    let format = mds_core::submission::sniff(bytes);
    if format.is_workbook() {
        let limits: mds_core::xlsx::Limits = desk.limits.into();
        return match mds_core::xlsx::read_workbook(bytes, &limits, desk.lang) {
            Ok(wb) if mds_core::xlsx::is_profile_workbook(&wb) => Kind::Profile,
            _ => Kind::Bid,
        };
    }
    let tag = mds_core::json::parse(bytes, desk.lang)
        .ok()
        .and_then(|v| v.get("format").and_then(|f| f.as_str()).map(str::to_string));
    match tag.as_deref() {
        Some("mds-questionnaire/1") => Kind::Questionnaire,
        Some("mds-profile/1") => Kind::Profile,
        Some("mds-response/1") => Kind::Bid,
        _ => Kind::Unknown,
    }
}

/// A request's files by kind, and the catalog its questionnaires extend.
struct Sorted {
    kinds: Vec<Kind>,
    files: Vec<Upload>,
    catalog: Catalog,
    /// Questionnaire files that could not be read, with why.
    broken: Vec<(String, String)>,
}

impl Sorted {
    fn of(&self, kind: Kind) -> impl Iterator<Item = &Upload> {
        self.files
            .iter()
            .zip(&self.kinds)
            .filter(move |(_, k)| **k == kind)
            .map(|(f, _)| f)
    }

    /// The signature of a file (`NAME.minisig`), when one was sent.
    fn signature_of(&self, name: &str) -> Option<&[u8]> {
        let wanted = format!("{name}.minisig");
        self.of(Kind::Signature)
            .find(|s| s.name == wanted)
            .map(|s| s.bytes.as_slice())
    }

    /// The public keys sent (bound to no vendor, as `--public-key` is).
    fn keys(&self, lang: Lang) -> Result<Option<mds_core::keys::Keys>, String> {
        let mut keys = mds_core::keys::Keys::default();
        for k in self.of(Kind::Key) {
            let text = String::from_utf8_lossy(&k.bytes);
            let key = minisign::PublicKeyBox::from_string(&text)
                .and_then(|b| b.into_public_key())
                .map_err(|e| match lang {
                    Lang::Ja => format!("{} は公開鍵として読めません（{e}）", k.name),
                    Lang::En => format!("{} cannot be read as a public key ({e})", k.name),
                })?;
            keys.add(key, &k.name, None);
        }
        Ok((!keys.is_empty()).then_some(keys))
    }
}

fn sorted(files: Vec<Upload>, desk: &Desk) -> Sorted {
    let kinds: Vec<Kind> = files.iter().map(|f| kind_of(f, desk)).collect();
    let mut catalog = desk.catalog.clone();
    let mut broken = Vec::new();
    for (f, _) in files
        .iter()
        .zip(&kinds)
        .filter(|(_, k)| **k == Kind::Questionnaire)
    {
        match mds_core::json::load_closed::<Questionnaire>(
            &f.bytes,
            mds_core::schema::Kind::Questionnaire,
            desk.lang,
        ) {
            Ok(q) => catalog.add(q, Origin::User(f.name.clone())),
            Err(e) => broken.push((f.name.clone(), e.to_string())),
        }
    }
    Sorted {
        kinds,
        files,
        catalog,
        broken,
    }
}

/// Runs the work of a request on a blocking thread, with a context whose words are kept.
async fn work(
    desk: Arc<Desk>,
    parts: Parts,
    job: impl FnOnce(&Desk, &Parts, Sorted, &Context) -> Result<Response, String> + Send + 'static,
) -> Response {
    let handle = tokio::task::spawn_blocking(move || {
        let mut parts = parts;
        let lang = parts.lang(&desk);
        let uploads = std::mem::take(&mut parts.files);
        let sorted = sorted(uploads, &desk);
        let (printer, said) = crate::output::Printer::captured(lang);
        let ctx = Context::with_printer(printer).with_catalog(sorted.catalog.clone());
        let result = job(&desk, &parts, sorted, &ctx);
        let warnings: Vec<String> = said.lock().map(|s| s.err.clone()).unwrap_or_default();
        let mut response = match result {
            Ok(r) => r,
            Err(message) => {
                let body = serde_json::json!({ "error": message, "warnings": warnings });
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                    body.to_string(),
                )
                    .into_response()
            }
        };
        // ASCII only: a header holds no other text reliably.
        let listed = ascii_json(&serde_json::json!(warnings));
        if let Ok(v) = HeaderValue::from_str(&listed) {
            response.headers_mut().insert("x-mds-warnings", v);
        }
        response
    });
    match handle.await {
        Ok(r) => super::secured(r),
        Err(_) => refuse(StatusCode::INTERNAL_SERVER_ERROR, "the request stopped"),
    }
}

/// JSON with every character outside ASCII escaped (`\uXXXX`).
fn ascii_json(value: &serde_json::Value) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() && !c.is_ascii_control() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}

fn json_response(body: String) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

fn file_response(kind: &'static str, bytes: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, kind)], bytes).into_response()
}

fn error_text(e: anyhow::Error) -> String {
    format!("{e:#}")
}

/// The questionnaires at hand: built in, installed on this PC.
async fn catalog(State(desk): State<Arc<Desk>>) -> Response {
    let list: Vec<serde_json::Value> = desk
        .catalog
        .entries()
        .iter()
        .filter(|e| e.questionnaire.items().next().is_some())
        .map(|e| {
            serde_json::json!({
                "id": e.questionnaire.id,
                "version": e.questionnaire.version,
                "title": e.questionnaire.title,
            })
        })
        .collect();
    super::secured(json_response(
        serde_json::json!({ "questionnaires": list }).to_string(),
    ))
}

/// What each file was taken to be: `{"files": [{"name", "kind", "detail"}]}`; a profile comes
/// with its requirements as JSON (a profile workbook read), for the page to edit.
async fn sort(State(desk): State<Arc<Desk>>, multipart: Multipart) -> Response {
    let parts = match parts(multipart, &desk).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    work(desk, parts, |desk, _, sorted, ctx| {
        let lang = ctx.lang;
        let limits: mds_core::xlsx::Limits = desk.limits.into();
        let mut files = Vec::new();
        for (f, kind) in sorted.files.iter().zip(&sorted.kinds) {
            let mut entry = serde_json::json!({ "name": f.name, "kind": kind });
            match kind {
                Kind::Questionnaire => {
                    if let Some((_, why)) = sorted.broken.iter().find(|(n, _)| *n == f.name) {
                        entry["error"] = why.clone().into();
                    } else if let Ok(q) = mds_core::json::load_closed::<Questionnaire>(
                        &f.bytes,
                        mds_core::schema::Kind::Questionnaire,
                        lang,
                    ) {
                        entry["detail"] = q.name().into();
                    }
                }
                Kind::Profile => {
                    match crate::io::read_profile_bytes(
                        Path::new(&f.name),
                        &f.bytes,
                        None,
                        &sorted.catalog,
                        &limits,
                        lang,
                    ) {
                        Ok((profile, _, entry_q)) => {
                            entry["detail"] = entry_q.questionnaire.name().into();
                            entry["profile"] = serde_json::to_value(&profile).unwrap_or_default();
                        }
                        Err(e) => entry["error"] = error_text(e).into(),
                    }
                }
                Kind::Bid => {
                    let mut options = mds_core::submission::Options::new(&sorted.catalog);
                    options.limits = limits;
                    options.json_limits = desk.limits.json();
                    options.lang = lang;
                    match mds_core::submission::load(&f.name, &f.bytes, None, &options) {
                        Ok(s) => {
                            entry["detail"] = s.response.vendor().unwrap_or("").into();
                            entry["questionnaire"] = s.entry.questionnaire.name().into();
                        }
                        Err(e) => entry["error"] = e.to_string().into(),
                    }
                }
                Kind::Signature => {
                    entry["detail"] = f.name.trim_end_matches(".minisig").into();
                }
                Kind::SecretKey => {
                    entry["error"] = lang
                        .pick(
                            "秘密鍵です。秘密鍵は事業者の手元から出さないでください（ここでは使いません）。",
                            "a secret key: it never leaves its owner (not used here).",
                        )
                        .into();
                }
                Kind::Report => {
                    entry["error"] = lang
                        .pick(
                            "mds が書いたレポートです（入力ではありません）。",
                            "a report written by mds (not an input).",
                        )
                        .into();
                }
                Kind::Unknown => {
                    entry["error"] = lang
                        .pick(
                            "開示書・プロファイル・質問票のどれとしても読めません。",
                            "not readable as a submission, a profile or a questionnaire.",
                        )
                        .into();
                }
                Kind::Key => {}
            }
            files.push(entry);
        }
        Ok(json_response(
            serde_json::json!({ "files": files }).to_string(),
        ))
    })
    .await
}

/// `mds validate --format json` on the files sent (bids, profiles, questionnaires).
async fn validate(State(desk): State<Arc<Desk>>, multipart: Multipart) -> Response {
    let parts = match parts(multipart, &desk).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    work(desk, parts, |desk, parts, sorted, ctx| {
        let limits: mds_core::xlsx::Limits = desk.limits.into();
        let json_limits = desk.limits.json();
        let keys = sorted.keys(ctx.lang)?;
        let checks = crate::commands::validate::Checks {
            forced: None,
            catalog: &sorted.catalog,
            limits: &limits,
            json_limits: &json_limits,
            signing: crate::commands::validate::Signing {
                keys: keys.as_ref(),
                required: parts.flag("require_signed"),
            },
            dates: &mds_core::checklist::NO_DATES,
            lang: ctx.lang,
        };
        let inputs: Vec<crate::commands::validate::Named<'_>> = sorted
            .files
            .iter()
            .zip(&sorted.kinds)
            .filter(|(_, k)| matches!(k, Kind::Bid | Kind::Profile | Kind::Questionnaire))
            .map(|(f, _)| {
                (
                    Path::new(f.name.as_str()),
                    f.bytes.as_slice(),
                    sorted.signature_of(&f.name),
                )
            })
            .collect();
        Ok(json_response(crate::commands::validate::check_all(
            &inputs, &checks,
        )))
    })
    .await
}

/// `mds compare` on the bids and the one profile sent; `format` (default json) and `detail`.
async fn compare(State(desk): State<Arc<Desk>>, multipart: Multipart) -> Response {
    let parts = match parts(multipart, &desk).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    work(desk, parts, |desk, parts, sorted, ctx| {
        let lang = ctx.lang;
        let format = match parts.field("format").unwrap_or("json") {
            "json" => ReportFormat::Json,
            "html" => ReportFormat::Html,
            "md" => ReportFormat::Md,
            "csv" => ReportFormat::Csv,
            "xlsx" => ReportFormat::Xlsx,
            "docx" => ReportFormat::Docx,
            "table" => ReportFormat::Table,
            other => {
                return Err(match lang {
                    Lang::Ja => format!(
                        "形式 {other:?} は書けません。json・html・md・csv・xlsx・docx のどれかです。"
                    ),
                    Lang::En => format!(
                        "cannot write the format {other:?}: json, html, md, csv, xlsx or docx"
                    ),
                });
            }
        };
        let profiles: Vec<&Upload> = sorted.of(Kind::Profile).collect();
        let [profile] = profiles.as_slice() else {
            return Err(if profiles.is_empty() {
                lang.pick(
                    "要件プロファイルがありません。プロファイル（JSON かブック）を加えるか、ページで作ってください。",
                    "there is no profile: add one (JSON or a workbook), or make one in the page.",
                )
                .to_string()
            } else {
                let names: Vec<&str> = profiles.iter().map(|p| p.name.as_str()).collect();
                match lang {
                    Lang::Ja => format!(
                        "プロファイルが {} 件あります（{}）。比較に使う 1 件だけを残してください。",
                        names.len(),
                        names.join("、")
                    ),
                    Lang::En => format!(
                        "{} profiles were given ({}); keep the one to compare with.",
                        names.len(),
                        names.join(", ")
                    ),
                }
            });
        };
        let bids: Vec<&Upload> = sorted.of(Kind::Bid).collect();
        if bids.is_empty() {
            return Err(lang
                .pick(
                    "開示書（事業者の回答）がありません。JSON か記入済みのブックを加えてください。",
                    "there is no submission: add vendors' answers (JSON or filled workbooks).",
                )
                .to_string());
        }
        let files: Vec<PathBuf> = bids.iter().map(|b| PathBuf::from(&b.name)).collect();
        let contents: Vec<Vec<u8>> = bids.iter().map(|b| b.bytes.clone()).collect();
        let keys = sorted.keys(lang)?;
        let signatures: Vec<Option<Vec<u8>>> = bids
            .iter()
            .map(|b| {
                keys.as_ref()
                    .and_then(|_| sorted.signature_of(&b.name).map(<[u8]>::to_vec))
            })
            .collect();
        let request = crate::commands::compare::Request {
            profile: Path::new(&profile.name),
            profile_bytes: &profile.bytes,
            files: &files,
            contents: &contents,
            signatures: &signatures,
            mapping: None,
            keys: keys.as_ref(),
            require_signed: parts.flag("require_signed"),
            detail: parts.field("detail").is_none_or(|d| d != "0"),
            limits: desk.limits.into(),
            json_limits: desk.limits.json(),
        };
        let compared = crate::commands::compare::compare(&request, format, ctx)
            .map_err(error_text)?
            .ok_or_else(|| {
                lang.pick(
                    "署名が正しくない開示書があるため、比較しませんでした。",
                    "a submission's signature is missing or bad; nothing was compared.",
                )
                .to_string()
            })?;
        let kind = match format {
            ReportFormat::Json => "application/json; charset=utf-8",
            ReportFormat::Html => "text/html; charset=utf-8",
            ReportFormat::Md => "text/markdown; charset=utf-8",
            ReportFormat::Csv => "text/csv; charset=utf-8",
            ReportFormat::Table => "text/plain; charset=utf-8",
            ReportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            ReportFormat::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        };
        Ok(file_response(kind, compared.bytes))
    })
    .await
}

/// A bid as a response (JSON), read from a workbook or checked as JSON.
async fn import(State(desk): State<Arc<Desk>>, multipart: Multipart) -> Response {
    let parts = match parts(multipart, &desk).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    work(desk, parts, |desk, _, sorted, ctx| {
        let lang = ctx.lang;
        let Some(bid) = sorted.of(Kind::Bid).next() else {
            return Err(lang
                .pick("開示書がありません。", "there is no submission.")
                .to_string());
        };
        let mut options = mds_core::submission::Options::new(&sorted.catalog);
        options.limits = desk.limits.into();
        options.json_limits = desk.limits.json();
        options.lang = lang;
        let s = mds_core::submission::load(&bid.name, &bid.bytes, None, &options)
            .map_err(|e| format!("{}: {e}", bid.name))?;
        Ok(json_response(crate::output::json(&s.response)))
    })
    .await
}

/// A questionnaire by `questionnaire` (`ID@VERSION`, or one sent), as JSON.
async fn questionnaire(State(desk): State<Arc<Desk>>, multipart: Multipart) -> Response {
    let parts = match parts(multipart, &desk).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    work(desk, parts, |_, parts, sorted, ctx| {
        let entry = resolve(parts, &sorted, ctx)?;
        Ok(json_response(crate::output::json(&entry.questionnaire)))
    })
    .await
}

/// The questionnaire a request names (`questionnaire`), in its catalog.
fn resolve<'s>(
    parts: &Parts,
    sorted: &'s Sorted,
    ctx: &Context,
) -> Result<&'s mds_core::catalog::Entry, String> {
    let spec = parts.field("questionnaire").unwrap_or("");
    sorted
        .catalog
        .find_spec(spec)
        .ok_or_else(|| mds_core::submission::not_found(spec, &sorted.catalog, ctx.lang).to_string())
}

/// A new profile for `questionnaire` from `preset` (`all-yes`, `gl7-annex`; none: the
/// questionnaire's own hints), as JSON.
async fn profile_new(State(desk): State<Arc<Desk>>, multipart: Multipart) -> Response {
    let parts = match parts(multipart, &desk).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    work(desk, parts, |_, parts, sorted, ctx| {
        let entry = resolve(parts, &sorted, ctx)?;
        let preset = match parts.field("preset") {
            None => None,
            Some(name) => Some(
                <crate::args::Preset as clap::ValueEnum>::from_str(name, true)
                    .map_err(|_| format!("preset {name:?}: all-yes, gl7-annex"))?,
            ),
        };
        let profile =
            crate::commands::profile::new_profile(&entry.questionnaire, preset, &[], ctx.lang)
                .map_err(error_text)?;
        Ok(json_response(crate::output::json(&profile)))
    })
    .await
}

/// The profile sent (JSON) as a profile workbook.
async fn profile_xlsx(State(desk): State<Arc<Desk>>, multipart: Multipart) -> Response {
    let parts = match parts(multipart, &desk).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    work(desk, parts, |desk, _, sorted, ctx| {
        let lang = ctx.lang;
        let Some(file) = sorted.of(Kind::Profile).next() else {
            return Err(lang
                .pick("プロファイルがありません。", "there is no profile.")
                .to_string());
        };
        let limits: mds_core::xlsx::Limits = desk.limits.into();
        let (profile, _, entry): (Profile, String, _) = crate::io::read_profile_bytes(
            Path::new(&file.name),
            &file.bytes,
            None,
            &sorted.catalog,
            &limits,
            lang,
        )
        .map_err(error_text)?;
        let bytes = mds_core::xlsx::write_profile_workbook(&entry.questionnaire, &profile, lang)
            .map_err(|e| e.to_string())?;
        Ok(file_response(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            bytes,
        ))
    })
    .await
}

/// A blank form (xlsx) for `questionnaire`, for a vendor to fill in.
async fn form(State(desk): State<Arc<Desk>>, multipart: Multipart) -> Response {
    let parts = match parts(multipart, &desk).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    work(desk, parts, |_, parts, sorted, ctx| {
        let entry = resolve(parts, &sorted, ctx)?;
        crate::io::require_items(&entry.questionnaire, ctx.lang).map_err(error_text)?;
        let blank = crate::commands::form::blank(entry);
        let bytes =
            mds_core::xlsx::write_form(&entry.questionnaire, &entry.digest, Some(&blank), ctx.lang)
                .map_err(|e| e.to_string())?;
        Ok(file_response(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            bytes,
        ))
    })
    .await
}
