//! `mds form Q -o FILE.json [--prefill OLD.json] [--set cover.FIELD=VALUE]`: a blank response to
//! fill in, pinned to the questionnaire (id, version, digest).

use std::path::Path;

use anyhow::{Result, anyhow, bail};
use indexmap::IndexMap;
use mds_core::Lang;
use mds_core::model::{Answer, FieldKind, Pin, RESPONSE_FORMAT, Response};
use mds_core::normalize::parse_date;
use mds_core::schema::Kind;

use crate::Exit;
use crate::args::FormArgs;
use crate::context::Context;
use crate::io::{located, read, write_atomic};

pub fn run(args: FormArgs, ctx: &Context) -> Result<Exit> {
    let lang = ctx.lang;
    if let Some(list) = &args.vendors {
        return per_vendor(&args, list, ctx);
    }
    let ext = args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    // `-o -` writes JSON to standard output.
    let ext = if crate::output::is_stdout(&args.output) {
        "json".to_string()
    } else {
        ext
    };
    if ext != "json" && ext != "xlsx" {
        bail!(match lang {
            Lang::Ja => format!(
                "出力 {} の形式に対応していません。.xlsx（Excel で記入）か .json のファイル名を指定してください。",
                args.output.display()
            ),
            Lang::En => format!(
                "cannot write {}: give a file name ending in .xlsx (to fill in Excel) or .json",
                args.output.display()
            ),
        });
    }
    // Resolved once, in the context.
    let entry = ctx
        .questionnaire()?
        .ok_or_else(|| anyhow::anyhow!("{}", args.questionnaire))?;
    let q = &entry.questionnaire;
    crate::io::require_items(q, lang)?;
    let mut response = blank(entry);
    let mut inputs: Vec<&Path> = Vec::new();
    if let Some(old) = &args.prefill {
        inputs.push(old);
        let bytes = read(old, lang)?;
        let earlier: Response =
            mds_core::json::load_as(&bytes, Kind::Response, lang).map_err(|e| located(old, &e))?;
        if earlier.questionnaire.id != q.id || earlier.questionnaire.version != q.version {
            bail!(match lang {
                Lang::Ja => format!(
                    "{} は {} への回答で、{} とは異なります。別の版や質問票への引き継ぎは対応表（mapping）で行います。",
                    old.display(),
                    earlier.questionnaire.name(),
                    q.name()
                ),
                Lang::En => format!(
                    "{} answers {}, not {}; carrying answers to another version or questionnaire needs a mapping",
                    old.display(),
                    earlier.questionnaire.name(),
                    q.name()
                ),
            });
        }
        for (key, value) in earlier.cover {
            response.cover.insert(key, value);
        }
        for (id, mut answer) in earlier.answers {
            if !answer.value.is_empty() {
                answer.confirmed = Some(false);
            }
            response.answers.insert(id, answer);
        }
    }
    set_cover(&mut response, q, &args.set, lang)?;
    let bytes = if ext == "xlsx" {
        mds_core::xlsx::write_form(q, &entry.digest, Some(&response), lang)?
    } else {
        crate::output::json(&response).into_bytes()
    };
    crate::io::guard_overwrite(&args.output, args.force, ctx.lang, || ctx.catalog())?;
    write_atomic(&args.output, &bytes, &inputs, &ctx.printer)?;
    Ok(Exit::Done)
}

/// Fills cover fields from `--set cover.FIELD=VALUE`.
fn set_cover(
    response: &mut Response,
    q: &mds_core::model::Questionnaire,
    settings: &[String],
    lang: Lang,
) -> Result<()> {
    for setting in settings {
        let (field, value) = parse_set(setting, lang)?;
        let Some(def) = q.cover_field(field) else {
            let known: Vec<&str> = q.cover.iter().map(|c| c.id.as_str()).collect();
            bail!(match lang {
                Lang::Ja => format!(
                    "表紙項目 {field:?} は {} にありません。使えるのは {} です。",
                    q.name(),
                    known.join(", ")
                ),
                Lang::En => format!(
                    "{} has no cover field {field:?}; use one of {}",
                    q.name(),
                    known.join(", ")
                ),
            });
        };
        let value = match def.kind {
            FieldKind::Date => parse_date(value).ok_or_else(|| match lang {
                Lang::Ja => anyhow!("--set {setting}: {value:?} は日付として読めません（例: 2027-03-31、令和9年3月31日）。"),
                Lang::En => anyhow!("--set {setting}: {value:?} is not a date (e.g. 2027-03-31)"),
            })?,
            _ => value.to_string(),
        };
        response.cover.insert(field.to_string(), value);
    }
    Ok(())
}

/// `mds form Q --vendors vendors.csv -o DIR`: one workbook per vendor of the list, named after
/// it, with the vendor (and its system and contact, where the cover has them) on the cover.
fn per_vendor(args: &FormArgs, list: &Path, ctx: &Context) -> Result<Exit> {
    let lang = ctx.lang;
    let entry = ctx
        .questionnaire()?
        .ok_or_else(|| anyhow!("{}", args.questionnaire))?;
    let q = &entry.questionnaire;
    crate::io::require_items(q, lang)?;
    let vendors = crate::io::vendor_rows(list, lang)?;
    if vendors.is_empty() {
        bail!(match lang {
            Lang::Ja => format!(
                "{} に事業者がありません。1 行目に vendor（事業者名）, system, contact の見出しを置き、2 行目から 1 行に 1 事業者を書いてください。",
                list.display()
            ),
            Lang::En => format!(
                "{} lists no vendor; head it vendor, system, contact and give one vendor per row.",
                list.display()
            ),
        });
    }
    let dir = &args.output;
    std::fs::create_dir_all(dir)
        .map_err(|e| anyhow!("{}: {}", dir.display(), crate::output::os_error(&e, lang)))?;
    let mut base = blank(entry);
    set_cover(&mut base, q, &args.set, lang)?;
    let mut written = Vec::new();
    for v in &vendors {
        let mut response = base.clone();
        for (field, value) in [
            ("vendor", &v.vendor),
            ("system", &v.system),
            ("contact", &v.contact),
        ] {
            if !value.is_empty() && q.cover_field(field).is_some() {
                response.cover.insert(field.to_string(), value.clone());
            }
        }
        // A file name Windows takes: no \ / : * ? " < > |.
        let name: String = v
            .vendor
            .chars()
            .map(|c| {
                if "\\/:*?\"<>|".contains(c) || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let out = dir.join(format!("{}.xlsx", name.trim()));
        let bytes = mds_core::xlsx::write_form(q, &entry.digest, Some(&response), lang)?;
        crate::io::guard_overwrite(&out, args.force, lang, || ctx.catalog())?;
        write_atomic(&out, &bytes, &[list], &ctx.printer)?;
        written.push(out.display().to_string());
    }
    ctx.printer.text(&match lang {
        Lang::Ja => format!(
            "{} 件の様式を書き出しました: {}\n",
            written.len(),
            written.join("、")
        ),
        Lang::En => format!("wrote {} forms: {}\n", written.len(), written.join(", ")),
    });
    Ok(Exit::Done)
}

/// A blank response to a questionnaire: every cover field and every item, unanswered.
pub fn blank(entry: &mds_core::catalog::Entry) -> Response {
    let q = &entry.questionnaire;
    let cover: IndexMap<String, String> = q
        .cover
        .iter()
        .map(|c| (c.id.clone(), String::new()))
        .collect();
    let answers: mds_core::model::Answers = q
        .items()
        .map(|(_, i)| (i.id.clone(), Answer::default()))
        .collect();
    Response {
        format: RESPONSE_FORMAT.into(),
        questionnaire: Pin {
            id: q.id.clone(),
            version: q.version.clone(),
            digest: Some(entry.digest.clone()),
        },
        cover,
        answers,
    }
}

fn parse_set(setting: &str, lang: Lang) -> Result<(&str, &str)> {
    setting
        .split_once('=')
        .and_then(|(key, value)| key.strip_prefix("cover.").map(|field| (field, value)))
        .filter(|(field, _)| !field.is_empty())
        .ok_or_else(|| match lang {
            Lang::Ja => anyhow!("--set {setting:?} は cover.項目=値 の形で指定してください（例: --set cover.vendor=株式会社サンプル）。"),
            Lang::En => anyhow!("--set {setting:?}: write it as cover.FIELD=VALUE (e.g. --set cover.vendor=Example)"),
        })
}
