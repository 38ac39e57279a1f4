//! `mds coverage R`: answers by guideline reference, chapter by chapter.

use anyhow::Result;
use mds_core::coverage::coverage;
use mds_core::report::{CoverageStyle, coverage_report};

use crate::Exit;
use crate::args::{CoverageArgs, CoverageFormat};
use crate::context::Context;
use crate::io::{read_response, write_atomic};
use crate::output::json;

pub fn run(args: CoverageArgs, ctx: &Context) -> Result<Exit> {
    let lang = ctx.lang;
    let catalog = ctx.catalog();
    let (response, entry) =
        read_response(&args.response, None, catalog, &args.limits.into(), lang)?;
    let rows = coverage(&response, &entry.questionnaire);
    let format = crate::output::output_format(
        args.format,
        args.output.as_deref(),
        CoverageFormat::Table,
        CoverageFormat::Json,
        &ctx.printer,
    )?;
    let text = match format {
        CoverageFormat::Json => json(&serde_json::json!({ "coverage": rows })),
        CoverageFormat::Md => coverage_report(&rows, lang, CoverageStyle::Md),
        CoverageFormat::Csv => coverage_report(&rows, lang, CoverageStyle::Csv),
        CoverageFormat::Table => coverage_report(&rows, lang, CoverageStyle::Table),
    };
    match &args.output {
        Some(out) => write_atomic(
            out,
            text.as_bytes(),
            &[args.response.as_path()],
            &ctx.printer,
        )?,
        None if matches!(format, CoverageFormat::Json | CoverageFormat::Csv) => {
            ctx.printer.out(&text)
        }
        None => ctx.printer.text(&text),
    }
    Ok(Exit::Done)
}
