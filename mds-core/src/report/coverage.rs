//! Answers per reference (`mds coverage`) as a table, Markdown or CSV.

use super::{csv_cell, md_cell, render_table};
use crate::Lang;
use crate::coverage::CoverageRow;

/// The look of a coverage report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverageStyle {
    /// A table for the terminal.
    Table,
    /// Markdown.
    Md,
    /// CSV (UTF-8 with BOM, CRLF).
    Csv,
}

/// How a response answers the items of each reference (standard, guideline chapter).
pub fn coverage_report(rows: &[CoverageRow], lang: Lang, style: CoverageStyle) -> String {
    let head = [
        lang.pick("参照", "reference"),
        lang.pick("章", "chapter"),
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
                r.title.get(lang).to_string(),
                r.yes.to_string(),
                r.no.to_string(),
                r.na.to_string(),
                r.unanswered.to_string(),
                r.other.to_string(),
                r.total().to_string(),
            ]
        })
        .collect();
    match style {
        CoverageStyle::Md => {
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
        CoverageStyle::Csv => {
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
        CoverageStyle::Table => render_table(&head, &cells),
    }
}
