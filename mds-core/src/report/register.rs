//! The register of vendor documents (`mds register`) as a terminal table, Markdown, CSV, HTML
//! and a workbook — the ledger a hospital files for the on-site inspection.

use super::{csv_cell, html_escape, md_cell, render_table_within};
use crate::Lang;
use crate::register::{Register, document_rows, mds_sds_line, open_rows};

/// The look of a register report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisterStyle {
    /// A table for the terminal.
    Table,
    /// Markdown.
    Md,
    /// CSV (UTF-8 with BOM, CRLF): one row per document, then the open items.
    Csv,
    /// One HTML page.
    Html,
}

fn heading(r: &Register, lang: Lang) -> String {
    match (&r.as_of, lang) {
        (Some(d), Lang::Ja) => format!("事業者の書類の台帳（{d} 時点）"),
        (None, Lang::Ja) => "事業者の書類の台帳".into(),
        (Some(d), Lang::En) => format!("Register of vendor documents (as of {d})"),
        (None, Lang::En) => "Register of vendor documents".into(),
    }
}

/// The register in a text format.
pub fn register_report(r: &Register, lang: Lang, style: RegisterStyle) -> String {
    let (doc_head, docs) = document_rows(r, lang);
    let (open_head, open) = open_rows(r, lang);
    let title = heading(r, lang);
    let open_title = lang.pick(
        "チェックリストの未対応項目（いいえ）",
        "Open checklist items (no)",
    );
    let line = mds_sds_line(r, lang);
    match style {
        RegisterStyle::Table => {
            let mut out = format!("{title}\n");
            out.push_str(&render_table_within(&doc_head, &docs, super::CONSOLE));
            if !open.is_empty() {
                out.push_str(&format!("{open_title}\n"));
                out.push_str(&render_table_within(&open_head, &open, super::CONSOLE));
            }
            out.push_str(&format!("{line}\n"));
            out
        }
        RegisterStyle::Md => {
            let table = |head: &[&str], rows: &[Vec<String>]| {
                let mut out = format!("| {} |\n|{}\n", head.join(" | "), "---|".repeat(head.len()));
                for row in rows {
                    out.push_str(&format!(
                        "| {} |\n",
                        row.iter()
                            .map(|c| md_cell(c))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    ));
                }
                out
            };
            let mut out = format!("# {}\n\n{}", md_cell(&title), table(&doc_head, &docs));
            if !open.is_empty() {
                out.push_str(&format!(
                    "\n## {open_title}\n\n{}",
                    table(&open_head, &open)
                ));
            }
            out.push_str(&format!("\n{}\n", md_cell(&line)));
            out
        }
        RegisterStyle::Csv => {
            let mut out = String::from("\u{feff}");
            let mut put = |row: Vec<String>| {
                out.push_str(
                    &row.iter()
                        .map(|c| csv_cell(c))
                        .collect::<Vec<_>>()
                        .join(","),
                );
                out.push_str("\r\n");
            };
            put(doc_head.iter().map(|h| h.to_string()).collect());
            for row in docs {
                put(row);
            }
            if !open.is_empty() {
                put(Vec::new());
                put(open_head.iter().map(|h| h.to_string()).collect());
                for row in open {
                    put(row);
                }
            }
            put(Vec::new());
            put(vec![line]);
            out
        }
        RegisterStyle::Html => {
            let table = |id: &str, head: &[&str], rows: &[Vec<String>]| {
                let mut out = format!("<table id=\"{id}\"><thead><tr>");
                for h in head {
                    out.push_str(&format!("<th>{}</th>", html_escape(h)));
                }
                out.push_str("</tr></thead><tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for c in row {
                        out.push_str(&format!("<td>{}</td>", html_escape(c)));
                    }
                    out.push_str("</tr>\n");
                }
                out + "</tbody></table>\n"
            };
            let mut out = format!(
                "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>@page {{ size: A4 landscape; margin: 12mm; }} body{{font-family:\"Yu Gothic\",\"Meiryo\",\"Noto Sans CJK JP\",sans-serif;margin:1.5rem}}table{{border-collapse:collapse;margin:.5rem 0}}td,th{{border:1px solid #bbb;padding:.2rem .5rem;vertical-align:top}}th{{background:#f0f0f0}}thead{{display:table-header-group}}tr{{page-break-inside:avoid}}</style></head><body><h1>{}</h1>\n",
                lang.pick("ja", "en"),
                html_escape(&title),
                html_escape(&title)
            );
            out.push_str(&table("documents", &doc_head, &docs));
            if !open.is_empty() {
                out.push_str(&format!("<h2>{}</h2>\n", html_escape(open_title)));
                out.push_str(&table("open-items", &open_head, &open));
            }
            out.push_str(&format!(
                "<p id=\"mds-sds\">{}</p>\n</body></html>\n",
                html_escape(&line)
            ));
            out
        }
    }
}

/// The register as a workbook: a sheet of documents, one of open items, and the answer to
/// item 2-③.
pub fn register_xlsx(r: &Register, lang: Lang) -> crate::Result<Vec<u8>> {
    use crate::xlsx::style::{Columns, header, print, properties, styles};
    let build = || -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let s = styles();
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.set_properties(&properties(&heading(r, lang), "register")?);
        for (name, (head, rows)) in [
            (lang.pick("書類", "Documents"), document_rows(r, lang)),
            (lang.pick("未対応項目", "Open items"), open_rows(r, lang)),
        ] {
            let ws = wb.add_worksheet();
            ws.set_name(name)?;
            ws.write_string_with_format(0, 0, crate::xlsx::fit(heading(r, lang)), &s.title)?;
            ws.set_row_height(0, 24)?;
            ws.write_string(1, 0, crate::xlsx::fit(mds_sds_line(r, lang)))?;
            header(ws, 3, &head, &s)?;
            let mut cols = Columns::default();
            for (c, h) in head.iter().enumerate() {
                cols.see(c as u16, h);
            }
            for (i, row) in rows.iter().enumerate() {
                for (c, text) in row.iter().enumerate() {
                    cols.put(ws, 4 + i as u32, c as u16, text, &s.wrap)?;
                }
            }
            ws.set_freeze_panes(4, 1)?;
            let widths = cols.apply(ws, 8.0, 48.0)?;
            print(ws, 0, 3, &widths, 1)?;
        }
        wb.save_to_buffer()
    };
    build().map_err(|e| crate::Error::Invalid(format!("xlsx: {e}")))
}
