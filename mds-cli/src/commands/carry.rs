//! `mds migrate R --to Q [--mapping M] -o OUT` and `mds prefill --from R --mapping M --to Q -o
//! DRAFT`: carrying answers to a new version or another questionnaire, with a report of every
//! answer carried, transformed or dropped and every item left to answer.

use std::path::Path;

use anyhow::{Result, anyhow, bail};
use mds_core::Lang;
use mds_core::carry::{CarryReport, carry};
use mds_core::catalog::Entry;
use mds_core::model::Response;

use crate::Exit;
use crate::args::{LimitArgs, MigrateArgs, PrefillArgs, TextOrJson};
use crate::context::Context;
use crate::io::{read_mapping, read_response, resolve_spec, write_atomic};
use crate::output::json;

pub fn migrate(args: MigrateArgs, ctx: &Context) -> Result<Exit> {
    let _lang = ctx.lang;
    run(
        &args.response,
        &args.to,
        args.mapping.as_deref(),
        &args.output,
        args.format,
        args.limits,
        false,
        args.force,
        ctx,
    )
}

pub fn prefill(args: PrefillArgs, ctx: &Context) -> Result<Exit> {
    let _lang = ctx.lang;
    run(
        &args.from,
        &args.to,
        Some(&args.mapping),
        &args.output,
        args.format,
        args.limits,
        true,
        args.force,
        ctx,
    )
}

#[allow(clippy::too_many_arguments)]
fn run(
    source: &Path,
    to: &str,
    mapping: Option<&Path>,
    output: &Path,
    format: Option<TextOrJson>,
    limits: LimitArgs,
    prefill: bool,
    force: bool,
    ctx: &Context,
) -> Result<Exit> {
    let lang = ctx.lang;
    let catalog = ctx.catalog();
    let target = resolve_spec(to, catalog, lang)?;
    let mapping = mapping.map(|m| read_mapping(m, lang)).transpose()?;
    // The source's questionnaire (`--questionnaire`), resolved once in the context.
    let forced = ctx.questionnaire()?;
    let (response, _) = read_response(source, forced, catalog, &limits.into(), lang)?;
    if let Some(m) = &mapping {
        crate::io::check_mapping(m, &response, &target, lang)?;
    } else if response.questionnaire.id != target.questionnaire.id {
        // Without a mapping only identical ids carry: across questionnaires, nothing would.
        bail!(match lang {
            Lang::Ja => format!(
                "{} は {}@{} への回答で、{} とは別の質問票です。マッピングがないと何も引き継げません。--mapping で質問票どうしの対応表（mds-mapping/1）を指定してください。",
                source.display(),
                response.questionnaire.id,
                response.questionnaire.version,
                target.questionnaire.name()
            ),
            Lang::En => format!(
                "{} answers {}@{}, another questionnaire than {}: without a mapping nothing would carry over. Give a mapping between the two (mds-mapping/1) with --mapping.",
                source.display(),
                response.questionnaire.id,
                response.questionnaire.version,
                target.questionnaire.name()
            ),
        });
    }
    crate::io::guard_overwrite(output, force, ctx.lang, || ctx.catalog())?;
    let carried = carry(
        &response,
        &target.questionnaire,
        &target.digest,
        mapping.as_ref(),
        prefill,
        lang,
    )
    .map_err(|e| anyhow!("{e}"))?;
    write_response(output, &carried.response, &target, &[source], ctx)?;
    let format = format.unwrap_or(if ctx.printer.is_terminal() {
        TextOrJson::Text
    } else {
        TextOrJson::Json
    });
    match format {
        TextOrJson::Json => ctx.printer.out(&json(&carried.report)),
        TextOrJson::Text => ctx
            .printer
            .text(&text(&carried.report, &response, &target, lang)),
    }
    Ok(Exit::Done)
}

/// Writes a response as JSON or as a workbook, by the output's extension.
pub fn write_response(
    output: &Path,
    r: &Response,
    target: &Entry,
    inputs: &[&Path],
    ctx: &Context,
) -> Result<()> {
    let lang = ctx.lang;
    crate::output::expect_extension(output, &["json", "xlsx"], lang)?;
    let ext = output
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let bytes = if ext == "xlsx" {
        mds_core::xlsx::write_form(&target.questionnaire, &target.digest, Some(r), lang)?
    } else {
        json(r).into_bytes()
    };
    write_atomic(output, &bytes, inputs, &ctx.printer)
}

fn text(report: &CarryReport, r: &Response, target: &Entry, lang: Lang) -> String {
    let mut out = match lang {
        Lang::Ja => format!(
            "{} → {}\n",
            r.questionnaire.name(),
            target.questionnaire.name()
        ),
        Lang::En => format!(
            "{} -> {}\n",
            r.questionnaire.name(),
            target.questionnaire.name()
        ),
    };
    out.push_str(&format!(
        "  {} {}\n",
        lang.pick("そのまま引き継ぎ:", "carried:"),
        report.carried.len()
    ));
    for t in &report.transformed {
        let conflict = if t.conflict {
            lang.pick(
                "（回答が食い違うため空欄）",
                " (sources disagree: left empty)",
            )
        } else {
            ""
        };
        out.push_str(&format!(
            "  {} {} → {}{conflict}\n",
            lang.pick("変換:", "transformed:"),
            t.from.join("+"),
            t.to
        ));
    }
    for d in &report.dropped {
        let why = match d.reason.as_str() {
            "unmapped" => lang.pick("対応なし（対応表）", "unmapped (mapping)"),
            "unknown-target" => lang.pick("行き先の項目がない", "target item missing"),
            _ => lang.pick("対応する項目がない", "no counterpart"),
        };
        let rationale = d
            .rationale
            .as_deref()
            .map(|r| format!(" — {r}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {} {} ({why}){rationale}\n",
            lang.pick("引き継がない:", "dropped:"),
            d.id
        ));
    }
    if !report.to_answer.is_empty() {
        out.push_str(&format!(
            "  {} {} {}\n",
            lang.pick("新たに回答が必要:", "to answer:"),
            report.to_answer.len(),
            report.to_answer.join(", ")
        ));
    }
    out
}
