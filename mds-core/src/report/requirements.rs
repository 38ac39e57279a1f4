//! Requirement tables for tender specifications (調達仕様書): item, question, expected answer,
//! importance, must, flag, note — from a profile and its questionnaire.

use std::fmt::Write;

use super::csv::csv_document;
use super::html::html_escape;
use super::markdown::md_cell;
use super::{code_labels, importance_label, yes_no};
use crate::Lang;
use crate::model::{Profile, Questionnaire};

/// One row of the requirement table.
struct Row {
    section: String,
    item: String,
    question: String,
    expected: String,
    importance: String,
    must: String,
    flag: String,
    note: String,
}

fn rows(q: &Questionnaire, p: &Profile, lang: Lang) -> Vec<Row> {
    let mut out = Vec::new();
    for section in &q.sections {
        if p.sections.get(&section.id) == Some(&false) {
            continue;
        }
        for item in &section.items {
            let Some(r) = p.requirements.get(&item.id) else {
                continue;
            };
            let expected = if item.answer.vocabulary().is_some() {
                code_labels(q, Some(item), &r.expect, lang)
            } else {
                lang.pick("（記述内容を判定）", "(judged on content)")
                    .to_string()
            };
            out.push(Row {
                section: section.title.get(lang).to_string(),
                item: item.id.clone(),
                question: item.text.get(lang).to_string(),
                expected,
                importance: importance_label(r.importance, lang).into(),
                must: yes_no(r.must, lang).into(),
                flag: r.flag.clone().unwrap_or_default(),
                note: r.note.clone().unwrap_or_default(),
            });
        }
    }
    out
}

pub(crate) fn head(lang: Lang) -> [&'static str; 8] {
    [
        lang.pick("セクション", "Section"),
        lang.pick("項目", "Item"),
        lang.pick("質問", "Question"),
        lang.pick("期待する回答", "Expected"),
        lang.pick("重要度", "Importance"),
        lang.pick("必須", "Must"),
        lang.pick("フラグ", "Flag"),
        lang.pick("備考", "Note"),
    ]
}

fn cells(r: &Row) -> [&str; 8] {
    [
        &r.section,
        &r.item,
        &r.question,
        &r.expected,
        &r.importance,
        &r.must,
        &r.flag,
        &r.note,
    ]
}

pub(crate) fn heading(q: &Questionnaire, p: &Profile, lang: Lang) -> String {
    let base = lang.pick("要件一覧", "Requirements");
    let name = p
        .title
        .as_deref()
        .map(|t| format!(": {t}"))
        .unwrap_or_default();
    format!("{base}{name} ({}@{})", q.id, q.version)
}

/// The requirement table as Markdown.
pub fn requirements_markdown(q: &Questionnaire, p: &Profile, lang: Lang) -> String {
    let mut out = format!("# {}\n\n", md_cell(&heading(q, p, lang)));
    out.push_str(&format!(
        "| {} |\n|{}\n",
        head(lang).join(" | "),
        "---|".repeat(8)
    ));
    for r in rows(q, p, lang) {
        let cells: Vec<String> = cells(&r).iter().map(|c| md_cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

/// The requirement table as a self-contained HTML page.
pub fn requirements_html(q: &Questionnaire, p: &Profile, lang: Lang) -> String {
    let title = html_escape(&heading(q, p, lang));
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>body{{font-family:\"Yu Gothic\",\"Meiryo\",\"Noto Sans CJK JP\",sans-serif;margin:1.5rem}}table{{border-collapse:collapse}}th,td{{border:1px solid #bbb;padding:.25rem .5rem;vertical-align:top;text-align:left}}th{{background:#f0f0f0}}@media print{{body{{margin:0;font-size:10pt}}tr{{page-break-inside:avoid}}}}</style>\n</head>\n<body>\n<h1>{title}</h1>\n<table id=\"requirements\">\n<thead><tr>",
        lang.pick("ja", "en")
    );
    for h in head(lang) {
        let _ = write!(out, "<th>{h}</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in rows(q, p, lang) {
        out.push_str("<tr>");
        for c in cells(&r) {
            let _ = write!(out, "<td>{}</td>", html_escape(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out
}

/// The requirement table as CSV (UTF-8 with BOM, CRLF, formulas neutralised).
pub fn requirements_csv(q: &Questionnaire, p: &Profile, lang: Lang) -> String {
    let mut table = vec![head(lang).map(String::from).to_vec()];
    for r in rows(q, p, lang) {
        table.push(cells(&r).map(String::from).to_vec());
    }
    csv_document(&table)
}

/// The rows of the requirement table as text cells.
pub(crate) fn table_rows(q: &Questionnaire, p: &Profile, lang: Lang) -> Vec<Vec<String>> {
    rows(q, p, lang)
        .iter()
        .map(|r| cells(r).map(String::from).to_vec())
        .collect()
}

/// The requirement table as an .xlsx workbook.
pub fn requirements_xlsx(q: &Questionnaire, p: &Profile, lang: Lang) -> crate::Result<Vec<u8>> {
    let build = || -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let s = crate::xlsx::style::styles();
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.set_properties(&crate::xlsx::style::properties(
            &heading(q, p, lang),
            "requirements",
        )?);
        let ws = wb.add_worksheet();
        ws.set_name(lang.pick("要件一覧", "Requirements"))?;
        ws.write_string_with_format(0, 0, crate::xlsx::fit(heading(q, p, lang)), &s.title)?;
        crate::xlsx::style::header(ws, 2, &head(lang), &s)?;
        for (i, row) in table_rows(q, p, lang).iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                ws.write_string_with_format(
                    3 + i as u32,
                    c as u16,
                    crate::xlsx::fit(text),
                    &s.wrap,
                )?;
            }
        }
        let widths =
            crate::xlsx::style::widths(ws, &[20.0, 18.0, 56.0, 16.0, 8.0, 6.0, 20.0, 30.0])?;
        ws.set_freeze_panes(3, 0)?;
        crate::xlsx::style::print(ws, 0, 2, &widths, 1)?;
        wb.save_to_buffer()
    };
    build().map_err(|e| crate::Error::Invalid(format!("xlsx: {e}")))
}
