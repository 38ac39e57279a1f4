//! OpenDocument spreadsheets (.ods): `content.xml` with repeated rows and columns expanded only
//! where they hold a value, hidden tables, rows and columns, and user-defined properties.

use std::collections::BTreeMap;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::cell::{
    CellValue, Limits, Sheet, Workbook, WorkbookKind, cell_ref, corrupt, unreadable,
};
use super::package::Zip;
use super::xml::{attr, push_text, xml_err};
use crate::Lang;
use crate::error::Result;

pub(super) fn read_ods(zip: &mut Zip<'_>, limits: &Limits, lang: Lang) -> Result<Workbook> {
    let part = "content.xml";
    if !zip.has(part) {
        return Err(corrupt(lang, part, "missing"));
    }
    // A file saved with a password lists how each part is encrypted in its manifest.
    let manifest = "META-INF/manifest.xml";
    if zip.has(manifest)
        && memchr::memmem::find(&zip.bytes(manifest)?, b"encryption-data").is_some()
    {
        return Err(unreadable(
            "encrypted-workbook",
            lang.pick(
                "パスワードで保護（暗号化）されたブックは読めません。LibreOffice で開き、［ファイル］→［名前を付けて保存］で「パスワード付きで保存」を外して保存し直してください。",
                "the workbook is encrypted with a password to open; open it in LibreOffice and save it again with File > Save As, without \"Save with password\".",
            ),
        ));
    }
    let xml = zip.bytes(part)?;
    let budget = super::cell::Budget::new(limits, lang);
    let mut hidden_ranges: Vec<(u32, u32)> = Vec::new();
    let mut reader = Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    let mut hidden_styles: Vec<String> = Vec::new();
    let mut current_style: Option<String> = None;
    let mut sheets = Vec::new();
    let mut sheet: Option<Sheet> = None;
    let (mut row, mut col): (u32, u32) = (0, 0);
    let mut row_repeat: u32 = 1;
    let mut row_hidden = false;
    let mut column_count: u32 = 0;
    let mut row_cells: Vec<(u32, CellValue)> = Vec::new();
    // The row's columns whose value is a formula's saved result.
    let mut row_formulas: Vec<u32> = Vec::new();
    // The cell being read: (columns repeated, typed value, formula).
    let mut cell: Option<(u32, Option<CellValue>, Option<String>)> = None;
    let mut text = String::new();
    let mut paragraphs = 0u32;
    let mut in_p = false;
    let mut in_annotation = 0u32;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_err(lang, part, e))?;
        let is_start = matches!(event, Event::Start(_));
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "style" if attr(e, "family").as_deref() == Some("table") => {
                    current_style = attr(e, "name");
                }
                "table-properties" => {
                    if attr(e, "display").as_deref() == Some("false")
                        && let Some(s) = &current_style
                    {
                        hidden_styles.push(s.clone());
                    }
                }
                "table" if is_start => {
                    let hidden = attr(e, "style-name").is_some_and(|s| hidden_styles.contains(&s));
                    sheet = Some(Sheet {
                        name: attr(e, "name").unwrap_or_default(),
                        hidden,
                        ..Default::default()
                    });
                    row = 0;
                    column_count = 0;
                    hidden_ranges.clear();
                }
                "table-column" => {
                    let repeat: u32 = attr(e, "number-columns-repeated")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1)
                        .max(1);
                    if attr(e, "visibility").is_some_and(|v| v == "collapse" || v == "filter")
                        && sheet.is_some()
                    {
                        hidden_ranges.push((column_count, column_count.saturating_add(repeat - 1)));
                    }
                    column_count = column_count.saturating_add(repeat);
                }
                "table-row" => {
                    row_repeat = attr(e, "number-rows-repeated")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1)
                        .max(1);
                    col = 0;
                    row_cells.clear();
                    row_formulas.clear();
                    row_hidden =
                        attr(e, "visibility").is_some_and(|v| v == "collapse" || v == "filter");
                    if !is_start {
                        row = row.saturating_add(row_repeat);
                    }
                }
                "table-cell" | "covered-table-cell" => {
                    let repeat: u32 = attr(e, "number-columns-repeated")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1)
                        .max(1);
                    let typed = match attr(e, "value-type").as_deref() {
                        Some("float" | "percentage" | "currency") => attr(e, "value")
                            .and_then(|v| v.parse().ok())
                            .map(CellValue::Number),
                        Some("date") => attr(e, "date-value")
                            .map(|v| CellValue::Date(v.chars().take(10).collect())),
                        Some("boolean") => {
                            attr(e, "boolean-value").map(|v| CellValue::Bool(v == "true"))
                        }
                        _ => None,
                    };
                    let formula = attr(e, "formula");
                    if is_start {
                        cell = Some((repeat, typed, formula));
                        text.clear();
                        paragraphs = 0;
                    } else {
                        let is_result = typed.is_some() && formula.is_some();
                        // A formula saved without its result reads as its text.
                        let value = typed.or_else(|| formula.map(formula_text));
                        if let Some(v) = value {
                            for k in 0..repeat.min(16_384) {
                                take(&budget, &sheet, row, col.saturating_add(k), &v)?;
                                row_cells.push((col.saturating_add(k), v.clone()));
                                if is_result {
                                    row_formulas.push(col.saturating_add(k));
                                }
                            }
                        }
                        col = col.saturating_add(repeat);
                    }
                }
                "annotation" if is_start => in_annotation += 1,
                "p" if cell.is_some() && in_annotation == 0 => {
                    if paragraphs > 0 {
                        text.push('\n');
                    }
                    paragraphs += 1;
                    in_p = is_start;
                }
                "s" if in_p => {
                    let n: usize = attr(e, "c").and_then(|v| v.parse().ok()).unwrap_or(1);
                    let n = n.min(1000);
                    // The cell's text is bounded as it grows, not only once it is whole.
                    if (text.len() + n) as u64 > budget.text_left() {
                        budget.text(&|| place(&sheet, row, col), text.len() + n)?;
                    }
                    text.push_str(&" ".repeat(n));
                }
                "tab" if in_p => text.push('\t'),
                "line-break" if in_p => text.push('\n'),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "p" => in_p = false,
                "annotation" => in_annotation = in_annotation.saturating_sub(1),
                "table-cell" | "covered-table-cell" => {
                    if let Some((repeat, typed, formula)) = cell.take() {
                        let saved = typed.or_else(|| {
                            (!text.is_empty()).then(|| CellValue::Text(text.as_str().into()))
                        });
                        let is_result = saved.is_some() && formula.is_some();
                        // A formula saved without its result reads as its text.
                        let value = saved.or_else(|| formula.map(formula_text));
                        if let Some(v) = value {
                            for k in 0..repeat.min(16_384) {
                                take(&budget, &sheet, row, col.saturating_add(k), &v)?;
                                row_cells.push((col.saturating_add(k), v.clone()));
                                if is_result {
                                    row_formulas.push(col.saturating_add(k));
                                }
                            }
                        }
                        col = col.saturating_add(repeat);
                    }
                }
                "table-row" => {
                    if let Some(s) = sheet.as_mut() {
                        let copies = if row_cells.is_empty() { 0 } else { row_repeat };
                        for r in 0..copies {
                            // Bounded: every copy holds a cell, and cells are bounded below
                            // (the first copy was counted as its cells were read).
                            if row_hidden {
                                s.hidden_rows.insert(row.saturating_add(r));
                            }
                            for (c, v) in &row_cells {
                                if r > 0 {
                                    budget.cell(
                                        &|| cell_ref(&s.name, row.saturating_add(r), *c),
                                        super::cell::text_len(v),
                                    )?;
                                }
                                s.cells.insert((row.saturating_add(r), *c), v.clone());
                            }
                            for c in &row_formulas {
                                s.formulas.insert((row.saturating_add(r), *c));
                            }
                        }
                    }
                    row = row.saturating_add(row_repeat);
                }
                "table" => {
                    if let Some(mut s) = sheet.take() {
                        s.hidden_cols =
                            super::cell::hidden_columns(std::mem::take(&mut hidden_ranges));
                        sheets.push(s);
                    }
                }
                "style" => current_style = None,
                _ => {}
            },
            Event::Eof => break,
            other if in_p && in_annotation == 0 => push_text(&mut text, other),
            _ => {}
        }
        buf.clear();
    }
    let properties = if zip.has("meta.xml") {
        ods_properties(zip, lang)?
    } else {
        BTreeMap::new()
    };
    Ok(Workbook {
        kind: WorkbookKind::Ods,
        sheets,
        properties,
        // LibreOffice keeps the saved results of an OpenDocument file unless told otherwise.
        recalculates: false,
    })
}

/// A formula of OpenFormula (`of:=IF(…)`) as a cell's text, without its namespace.
fn formula_text(formula: String) -> CellValue {
    let text = formula.strip_prefix("of:").unwrap_or(&formula);
    CellValue::Formula(text.strip_prefix('=').unwrap_or(text).to_string())
}

fn ods_properties(zip: &mut Zip<'_>, lang: Lang) -> Result<BTreeMap<String, String>> {
    let part = "meta.xml";
    let xml = zip.bytes(part)?;
    let mut reader = Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    let mut out = BTreeMap::new();
    let mut name: Option<String> = None;
    let mut value = String::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_err(lang, part, e))?;
        match &event {
            Event::Start(e) if e.local_name().as_ref() == "user-defined" => {
                name = attr(e, "name");
                value.clear();
            }
            Event::End(e) if e.local_name().as_ref() == "user-defined" => {
                if let Some(n) = name.take() {
                    out.insert(n, std::mem::take(&mut value));
                }
            }
            Event::Eof => break,
            other if name.is_some() => push_text(&mut value, other),
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// The place of a cell of the table being read, for a message.
fn place(sheet: &Option<Sheet>, row: u32, col: u32) -> String {
    cell_ref(sheet.as_ref().map_or("", |s| s.name.as_str()), row, col)
}

/// Counts one cell of the table being read against the workbook's bounds.
fn take(
    budget: &super::cell::Budget,
    sheet: &Option<Sheet>,
    row: u32,
    col: u32,
    value: &CellValue,
) -> Result<()> {
    budget.cell(&|| place(sheet, row, col), super::cell::text_len(value))
}
