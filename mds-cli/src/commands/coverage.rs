//! `mds coverage R`: answers by guideline reference, chapter by chapter.

use anyhow::Result;
use mds_core::Lang;
use mds_core::coverage::coverage;
use mds_core::report::{csv_cell, md_cell, render_table};

use crate::Exit;
use crate::args::{CoverageArgs, CoverageFormat};
use crate::io::{load_catalog, read_response, write_atomic};
use crate::output::{json, stdout};

pub fn run(args: CoverageArgs, lang: Lang) -> Result<Exit> {
    let catalog = load_catalog(lang);
    let (response, entry) =
        read_response(&args.response, None, &catalog, &args.limits.into(), lang)?;
    let rows = coverage(&response, &entry.questionnaire);
    let head = [
        lang.pick("参照", "reference"),
        lang.pick("はい", "yes"),
        lang.pick("いいえ", "no"),
        lang.pick("対象外", "N/A"),
        lang.pick("未回答", "unanswered"),
        lang.pick("その他", "other"),
        lang.pick("計", "total"),
    ];
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.reference.clone(),
                r.yes.to_string(),
                r.no.to_string(),
                r.na.to_string(),
                r.unanswered.to_string(),
                r.other.to_string(),
                r.total().to_string(),
            ]
        })
        .collect();
    let format = crate::output::output_format(
        args.format,
        args.output.as_deref(),
        CoverageFormat::Table,
        CoverageFormat::Json,
        lang,
    )?;
    let text = match format {
        CoverageFormat::Json => json(&serde_json::json!({ "coverage": rows })),
        CoverageFormat::Md => {
            let mut out = format!("| {} |\n|{}\n", head.join(" | "), "---|".repeat(head.len()));
            for row in &cells {
                out.push_str(&format!(
                    "| {} |\n",
                    row.iter()
                        .map(|c| md_cell(c))
                        .collect::<Vec<_>>()
                        .join(" | ")
                ));
            }
            out
        }
        CoverageFormat::Csv => {
            let mut out = String::from("\u{feff}");
            for row in std::iter::once(head.map(String::from).to_vec()).chain(cells.iter().cloned())
            {
                out.push_str(
                    &row.iter()
                        .map(|c| csv_cell(c))
                        .collect::<Vec<_>>()
                        .join(","),
                );
                out.push_str("\r\n");
            }
            out
        }
        CoverageFormat::Table => render_table(&head, &cells),
    };
    match &args.output {
        Some(out) => write_atomic(out, text.as_bytes(), &[args.response.as_path()], lang)?,
        None => stdout(&text),
    }
    Ok(Exit::Done)
}
