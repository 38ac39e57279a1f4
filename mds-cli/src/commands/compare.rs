//! `mds compare --profile P FILE…`: scores every vendor's response (JSON or filled workbook)
//! against the hospital's profile (JSON or profile workbook), ranks them, and writes the report
//! (table, JSON, Markdown, HTML, CSV, XLSX, DOCX).

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};
use mds_core::digest::sha256_hex;
use mds_core::report::{CompareReport, InputRef, Provenance, QuestionnaireRef};
use mds_core::score::{Bid, rank_results, score_bid_adjudged};
use mds_core::validate::{validate_profile, validate_response};
use mds_core::{Lang, Severity, has_errors};

use crate::Exit;
use crate::args::{CompareArgs, ReportFormat};
use crate::context::Context;
use crate::io::{expand_folders, located, read, require_output, write_atomic};

/// What became of one bid.
enum Outcome {
    /// Read (and scored when it answers the profile's questionnaire).
    Scored(Box<Scored>),
    /// Refused unread: `--require-signed` and no good signature.
    /// Refused under `--require-signed`, and why.
    Unsigned(String),
    /// Unreadable, or the mapping does not fit it.
    Failed(anyhow::Error),
}

/// A bid read and scored, without its response.
struct Scored {
    source: String,
    sha256: String,
    signature: Option<mds_core::score::SignatureCheck>,
    /// Validation errors.
    errors: usize,
    /// Validation warnings.
    warnings: usize,
    /// The questionnaire it answers, `ID@VERSION`.
    pin: String,
    /// Its score; `None` when it answers another questionnaire than the profile's.
    result: Option<mds_core::score::VendorResult>,
    /// The vendor it names.
    vendor: String,
    /// The adjudications that name it seen alone (applied in `result`).
    named: Vec<String>,
    /// Its response and its held items, kept only while adjudications that name it are
    /// decided.
    kept: Option<(mds_core::model::Response, Vec<String>)>,
}

pub fn run(args: CompareArgs, ctx: &Context) -> Result<Exit> {
    let lang = ctx.lang;
    let limits: mds_core::xlsx::Limits = args.limits.into();
    let profile_bytes = read(&args.profile, lang)?;
    let format = crate::output::output_format(
        args.format,
        args.output.as_deref(),
        ReportFormat::Table,
        ReportFormat::Json,
        &ctx.printer,
    )?;
    match format {
        ReportFormat::Xlsx => require_output(args.output.as_deref(), "xlsx", lang)?,
        ReportFormat::Docx => require_output(args.output.as_deref(), "docx", lang)?,
        _ => {}
    }
    let mut files = expand_folders(&args.files, &ctx.printer)?;
    // Every file is read once; each bid (JSON or workbook) is then read, checked and its
    // signature verified on those same bytes, on all cores.
    let mut contents: Vec<Vec<u8>> = files
        .iter()
        .map(|p| crate::io::read_bounded(p, limits.max_file_bytes, lang))
        .collect::<Result<_>>()?;
    crate::io::drop_reports(&mut files, &mut contents, &args.files, &ctx.printer)?;
    let keys = crate::signing::keys(&args.signatures, lang)?;
    let signatures: Vec<Option<Vec<u8>>> = files
        .iter()
        .map(|p| {
            keys.as_ref()
                .and_then(|_| crate::signing::read_signature(p))
        })
        .collect();
    let mapping = match &args.mapping {
        Some(path) => Some(crate::io::read_mapping(path, lang)?),
        None => None,
    };
    let request = Request {
        profile: &args.profile,
        profile_bytes: &profile_bytes,
        files: &files,
        contents: &contents,
        signatures: &signatures,
        mapping: mapping.as_ref(),
        keys: keys.as_ref(),
        require_signed: args.signatures.require_signed,
        detail: args.detail,
        limits,
        json_limits: args.limits.json(),
    };
    let Some(Compared {
        bytes,
        table,
        comparison,
    }) = compare(&request, format, ctx)?
    else {
        return Ok(Exit::No);
    };
    match &args.output {
        Some(out) => {
            let mut all: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
            all.push(&args.profile);
            write_atomic(out, &bytes, &all, &ctx.printer)?;
            if ctx.printer.is_terminal() && format != ReportFormat::Table {
                ctx.printer.text(&table);
                ctx.printer.text(&match lang {
                    Lang::Ja => format!("{} に書き出しました。\n", out.display()),
                    Lang::En => format!("wrote {}\n", out.display()),
                });
            }
        }
        None => ctx.printer.out(&String::from_utf8_lossy(&bytes)),
    }
    if let Some(threshold) = args.fail_under {
        let best = comparison.vendors.iter().find(|v| v.qualified);
        // The percentage as shown in the report (one decimal) is what the threshold is held to.
        let below = best.is_none_or(|v| v.percent < threshold);
        if below {
            ctx.printer.warning(&match (lang, best) {
                (Lang::Ja, Some(v)) => format!(
                    "最上位の適格事業者 {} の達成率 {:.1}% が基準 {threshold}% を下回っています",
                    v.vendor, v.percent
                ),
                (Lang::Ja, None) => format!("適格な事業者がいません（基準 {threshold}%）"),
                (Lang::En, Some(v)) => format!(
                    "the best qualified vendor {} scores {:.1}%, below {threshold}%",
                    v.vendor, v.percent
                ),
                (Lang::En, None) => format!("no vendor is qualified (threshold {threshold}%)"),
            });
            return Ok(Exit::No);
        }
    }
    Ok(Exit::Done)
}

/// A comparison asked for: the profile and the bids, already read (each file once), with what
/// the command line gave besides.
pub struct Request<'a> {
    /// The profile's name (its path).
    pub profile: &'a Path,
    /// The profile's bytes.
    pub profile_bytes: &'a [u8],
    /// The bids' names (paths).
    pub files: &'a [PathBuf],
    /// The bids' bytes, in the same order.
    pub contents: &'a [Vec<u8>],
    /// The bids' signatures (`FILE.minisig`), in the same order.
    pub signatures: &'a [Option<Vec<u8>>],
    /// A mapping that carries bids on another version to the profile's questionnaire.
    pub mapping: Option<&'a mds_core::model::Mapping>,
    /// The keys bids are checked with.
    pub keys: Option<&'a mds_core::keys::Keys>,
    /// Refuse a bid the keys do not vouch for.
    pub require_signed: bool,
    /// Per-item results in JSON and CSV.
    pub detail: bool,
    /// Bounds on workbooks.
    pub limits: mds_core::xlsx::Limits,
    /// Bounds on JSON.
    pub json_limits: mds_core::json::JsonLimits,
}

/// A comparison made.
pub struct Compared {
    /// The report in the format asked for.
    pub bytes: Vec<u8>,
    /// The ranking as a terminal table.
    pub table: String,
    /// The comparison itself.
    pub comparison: mds_core::score::Comparison,
}

/// Reads, checks and scores every bid of `request` against its profile and renders the report;
/// None when `--require-signed` refused a bid (said on the printer). Warnings go to the printer.
pub fn compare(
    request: &Request<'_>,
    format: ReportFormat,
    ctx: &Context,
) -> Result<Option<Compared>> {
    let lang = ctx.lang;
    let catalog = ctx.catalog();
    let (profile, profile_digest, entry) = crate::io::read_profile_bytes(
        request.profile,
        request.profile_bytes,
        ctx.questionnaire()?,
        catalog,
        &request.limits,
        lang,
    )?;
    let q = &entry.questionnaire;
    let profile_findings = validate_profile(&profile, q, lang);
    if has_errors(&profile_findings) {
        let list: Vec<String> = profile_findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| format!("{} [{}] {}", f.location, f.code, f.message))
            .collect();
        bail!(
            "{}: {}\n  {}",
            request.profile.display(),
            lang.pick(
                "プロファイルに誤りがあります。直してから比較してください（mds validate で確認できます）",
                "the profile has errors; fix them before comparing (see mds validate)"
            ),
            list.join("\n  ")
        );
    }
    let names: Vec<String> = request
        .files
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let bids_in: Vec<mds_core::submission::Input<'_>> = names
        .iter()
        .zip(request.contents)
        .zip(request.signatures)
        .map(|((name, bytes), signature)| mds_core::submission::Input {
            name,
            bytes,
            signature: signature.as_deref(),
        })
        .collect();
    let mut options = mds_core::submission::Options::new(catalog);
    options.questionnaire = Some(&entry);
    options.limits = request.limits;
    options.json_limits = request.json_limits;
    options.keys = request.keys;
    options.require_signed = request.require_signed;
    options.lang = lang;
    // Per-item results are kept where the report shows them.
    let items = request.detail
        || matches!(
            format,
            ReportFormat::Md | ReportFormat::Html | ReportFormat::Xlsx | ReportFormat::Docx
        );
    let wanted = format!(
        "{}@{}",
        profile.questionnaire.id, profile.questionnaire.version
    );
    // Each bid is read, carried through the mapping, checked and scored on the core that read
    // it; only its result is kept, not its response.
    let outcomes = mds_core::submission::load_each(&bids_in, &options, |i, loaded| {
        let path = &request.files[i];
        let submission = match loaded {
            Ok(s) => s,
            Err(mds_core::Error::Unsigned { message, .. }) => return Outcome::Unsigned(message),
            Err(e) => return Outcome::Failed(located(path, &e)),
        };
        let signature = submission.signature.clone();
        let (mut errors, mut warnings) = (submission.errors(), submission.warnings());
        let mut response = submission.response;
        let mut held = submission.held;
        // Bids on another version are carried through the mapping to the profile's
        // questionnaire, and checked against it.
        if let Some(m) = request.mapping {
            let pin = &response.questionnaire;
            if pin.id == m.from.id && pin.version == m.from.version {
                if let Err(e) = crate::io::check_mapping(m, &response, &entry, lang) {
                    return Outcome::Failed(e);
                }
                response =
                    match mds_core::carry::carry(&response, q, &entry.digest, Some(m), false, lang)
                    {
                        Ok(carried) => carried.response,
                        Err(e) => return Outcome::Failed(anyhow!("{e}")),
                    };
                // Held items stay held under the ids they are carried to.
                held = m
                    .entries
                    .iter()
                    .filter(|e| e.from.iter().any(|f| held.contains(f)))
                    .filter_map(|e| e.to.clone())
                    .collect();
            }
            let findings = validate_response(&response, q, &entry.digest, lang);
            let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
            (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
        }
        let pin = response.questionnaire.name();
        // The adjudications that name this bid seen alone (its file, its SHA-256, a name it
        // claims); which apply is decided over all the bids below, so a bid that some name
        // keeps its response to be scored again.
        let vendor = mds_core::score::vendor_name(&submission.name, &response);
        let alone = mds_core::score::claims(
            &profile,
            &[mds_core::score::Claimant {
                source: &submission.name,
                sha256: Some(&submission.sha256),
                vendor: &vendor,
            }],
        );
        let named = alone.keys.into_iter().next().unwrap_or_default();
        let result = (pin == wanted).then(|| {
            let bid = Bid {
                source: &submission.name,
                response: &response,
                errors,
                warnings,
                signature: signature.as_ref(),
                held: &held,
            };
            score_bid_adjudged(q, &profile, &bid, items, &named)
        });
        Outcome::Scored(Box::new(Scored {
            source: submission.name,
            sha256: submission.sha256,
            signature,
            errors,
            warnings,
            pin,
            result,
            vendor,
            kept: (!named.is_empty()).then_some((response, held)),
            named,
        }))
    })
    .map_err(|e| anyhow!("{e}"))?;
    let mut scored = Vec::new();
    let mut unsigned = Vec::new();
    for (path, outcome) in request.files.iter().zip(outcomes) {
        match outcome {
            Outcome::Scored(s) => {
                if let Some(check) = &s.signature {
                    let label = mds_core::report::signature_label(check, lang);
                    ctx.printer.warning(&format!("{}: {label}", path.display()));
                }
                scored.push(*s);
            }
            Outcome::Unsigned(why) => unsigned.push((path.clone(), why)),
            Outcome::Failed(e) => return Err(e),
        }
    }
    if crate::signing::refuse(&unsigned, &ctx.printer) {
        return Ok(None);
    }
    check_pins(&scored, &wanted, lang)?;
    // Adjudications decided over all the bids: a name two bids claim applies to neither.
    let claims = {
        let claimants: Vec<mds_core::score::Claimant<'_>> = scored
            .iter()
            .map(|s| mds_core::score::Claimant {
                source: &s.source,
                sha256: Some(&s.sha256),
                vendor: &s.vendor,
            })
            .collect();
        mds_core::score::claims(&profile, &claimants)
    };
    for (s, keys) in scored.iter_mut().zip(&claims.keys) {
        if *keys != s.named
            && let (Some((response, held)), Some(_)) = (&s.kept, &s.result)
        {
            let bid = Bid {
                source: &s.source,
                response,
                errors: s.errors,
                warnings: s.warnings,
                signature: s.signature.as_ref(),
                held,
            };
            s.result = Some(score_bid_adjudged(q, &profile, &bid, items, keys));
        }
        s.kept = None;
    }
    for (key, files) in &claims.contested {
        ctx.printer.warning(&match lang {
            Lang::Ja => format!(
                "判定（adjudications）の {key:?} は複数の開示書が名乗っています（{}）。どれにも当てはめませんでした。ファイルのパスか SHA-256 で指定してください。",
                files.join("、")
            ),
            Lang::En => format!(
                "the adjudications for {key:?} are claimed by more than one submission ({}); they were applied to none. Key them by the file's path or SHA-256.",
                files.join(", ")
            ),
        });
    }
    let mut vendors = Vec::with_capacity(scored.len());
    for s in &mut scored {
        if s.errors > 0 {
            ctx.printer.warning(
                &match lang {
                    Lang::Ja => format!(
                        "{}: 不備が {} 件あります（未回答は不適合として比較を続けます。詳細は mds validate で確認できます）",
                        s.source, s.errors
                    ),
                    Lang::En => format!(
                        "{}: {} errors (compared all the same, unanswered items count as unmet; see mds validate)",
                        s.source, s.errors
                    ),
                },
            );
        }
        vendors.extend(s.result.take());
    }
    let comparison = rank_results(vendors, &claims);
    // The same vendor twice: said once per pair of files.
    for v in &comparison.vendors {
        for other in v.same_vendor.iter().filter(|o| v.source < **o) {
            ctx.printer.warning(
                &match lang {
                    Lang::Ja => format!(
                        "{} と {} は同じ事業者（{}）の開示書です。どちらも比較に含め、レポートに印を付けました。古い方を外すなら、そのファイルを入力から除いてください。",
                        v.source, other, v.vendor
                    ),
                    Lang::En => format!(
                        "{} and {} are from the same vendor ({}); both are compared and marked in the report. Leave the older one out of the inputs to compare only one.",
                        v.source, other, v.vendor
                    ),
                },
            );
        }
    }
    for key in &comparison.unmatched_adjudications {
        ctx.printer.warning(&match lang {
            Lang::Ja => format!(
                "判定（adjudications）の {key:?} に一致する事業者名・ファイル名がありません"
            ),
            Lang::En => {
                format!("the adjudications for {key:?} match no vendor name or file name")
            }
        });
    }
    let mut provenance_inputs = vec![InputRef {
        source: request.profile.display().to_string(),
        sha256: sha256_hex(request.profile_bytes),
    }];
    provenance_inputs.extend(scored.iter().map(|s| InputRef {
        source: s.source.clone(),
        sha256: s.sha256.clone(),
    }));
    let provenance = Provenance {
        mds_version: env!("CARGO_PKG_VERSION").to_string(),
        questionnaire: QuestionnaireRef {
            id: q.id.clone(),
            version: q.version.clone(),
            digest: entry.digest.clone(),
        },
        profile: Some(InputRef {
            source: request.profile.display().to_string(),
            sha256: profile_digest,
        }),
        inputs: provenance_inputs,
    };
    let report = CompareReport {
        questionnaire: q,
        profile: &profile,
        comparison: &comparison,
        provenance: &provenance,
        lang,
        detail: request.detail,
    };
    // A text longer than a workbook cell holds is cut with a mark in an xlsx report.
    if format == ReportFormat::Xlsx {
        for (source, item) in mds_core::report::xlsx_cut(&report) {
            ctx.printer.warning(&match lang {
                Lang::Ja => format!(
                    "{source}: 項目 {item} の回答か備考が Excel のセルの上限（32,767 文字）を超えるため、レポートでは切り詰め、末尾に「以下省略」と記しました。"
                ),
                Lang::En => format!(
                    "{source}: the answer or remarks of item {item} hold more than an Excel cell can (32,767 characters); the report shows them cut, marked as such."
                ),
            });
        }
    }
    let bytes: Vec<u8> = match format {
        ReportFormat::Table => mds_core::report::table(&report).into_bytes(),
        ReportFormat::Json => mds_core::report::json(&report).into_bytes(),
        ReportFormat::Md => mds_core::report::markdown(&report).into_bytes(),
        ReportFormat::Html => mds_core::report::html(&report).into_bytes(),
        ReportFormat::Csv if request.detail => mds_core::report::csv_detail(&report).into_bytes(),
        ReportFormat::Csv => mds_core::report::csv_summary(&report).into_bytes(),
        ReportFormat::Xlsx => mds_core::report::xlsx(&report)?,
        ReportFormat::Docx => mds_core::report::docx(&report)?,
    };
    let table = mds_core::report::table(&report);
    Ok(Some(Compared {
        bytes,
        table,
        comparison,
    }))
}

fn check_pins(scored: &[Scored], wanted: &str, lang: Lang) -> Result<()> {
    let wrong: Vec<String> = scored
        .iter()
        .filter(|s| s.pin != wanted)
        .map(|s| format!("{} ({})", s.source, s.pin))
        .collect();
    if wrong.is_empty() {
        return Ok(());
    }
    Err(match lang {
        Lang::Ja => anyhow!(
            "プロファイルは {wanted} 向けですが、次のファイルは別の質問票・版への回答です: {}。同じ版の回答どうしを比較するか、その版のプロファイルを用意してください（版をまたぐ比較には対応表 mapping が必要です）。",
            wrong.join(", ")
        ),
        Lang::En => anyhow!(
            "the profile is for {wanted} but these files answer another questionnaire or version: {}. Compare responses to the same version, or make a profile for theirs (comparing across versions needs a mapping).",
            wrong.join(", ")
        ),
    })
}
