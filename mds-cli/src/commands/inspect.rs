//! `mds inspect FILE [--emit-layout L.json]`: what layout detection sees in a workbook.

use anyhow::Result;
use mds_core::xlsx::column_letters;
use serde::Serialize;

use crate::Exit;
use crate::args::{InspectArgs, TextOrJson};
use crate::context::Context;
use crate::io::{located, read, write_atomic};
use crate::output::json;

#[derive(Serialize)]
struct SheetView {
    name: String,
    hidden: bool,
    cells: usize,
    hidden_columns: Vec<String>,
}

#[derive(Serialize)]
struct TableView {
    sheet: String,
    header_row: u32,
    columns: mds_core::model::LayoutColumns,
    items: usize,
    sections: Vec<String>,
}

#[derive(Serialize)]
struct View {
    source: String,
    stamp: Option<String>,
    sheets: Vec<SheetView>,
    tables: Vec<TableView>,
    legend: Vec<(String, String)>,
    notes: usize,
}

pub fn run(args: InspectArgs, ctx: &Context) -> Result<Exit> {
    let lang = ctx.lang;
    let bytes = read(&args.file, lang)?;
    let wb = mds_core::xlsx::read_workbook(&bytes, &args.limits.into(), lang)
        .map_err(|e| located(&args.file, &e))?;
    let detected = mds_core::xlsx::detect(&wb, true);
    let layout = detected.layout();
    let view = View {
        source: args.file.display().to_string(),
        stamp: mds_core::xlsx::stamp(&wb).map(|s| format!("{}@{}", s.id, s.version)),
        sheets: wb
            .sheets
            .iter()
            .map(|s| SheetView {
                name: s.name.clone(),
                hidden: s.hidden,
                cells: s.cells.len(),
                hidden_columns: ranges(&s.hidden_cols),
            })
            .collect(),
        tables: detected
            .tables
            .iter()
            .zip(&layout.tables)
            .map(|(t, l)| {
                let mut sections: Vec<String> =
                    t.rows.iter().filter_map(|r| r.section.clone()).collect();
                sections.dedup();
                TableView {
                    sheet: t.sheet.clone(),
                    header_row: t.header_row.saturating_add(1),
                    columns: l.columns.clone(),
                    items: t.rows.len(),
                    sections,
                }
            })
            .collect(),
        legend: detected.legend.clone(),
        notes: detected.notes.len(),
    };
    if let Some(out) = &args.emit_layout {
        crate::output::expect_extension(out, &["json"], lang)?;
        write_atomic(
            out,
            json(&layout).as_bytes(),
            &[args.file.as_path()],
            &ctx.printer,
        )?;
    }
    let format = args.format.unwrap_or(if ctx.printer.is_terminal() {
        TextOrJson::Text
    } else {
        TextOrJson::Json
    });
    if format == TextOrJson::Json {
        ctx.printer.out(&json(&view));
        return Ok(Exit::Done);
    }
    let mut out = format!("{}\n", view.source);
    if let Some(stamp) = &view.stamp {
        out.push_str(&format!(
            "  {} {stamp}\n",
            lang.pick("mds の印:", "mds stamp:")
        ));
    }
    out.push_str(&format!("  {}\n", lang.pick("シート:", "sheets:")));
    for s in &view.sheets {
        let hidden = if s.hidden {
            lang.pick("（非表示）", " (hidden)")
        } else {
            ""
        };
        let cols = if s.hidden_columns.is_empty() {
            String::new()
        } else {
            format!(
                " {} {}",
                lang.pick("非表示の列", "hidden columns"),
                s.hidden_columns.join(",")
            )
        };
        out.push_str(&format!(
            "    {}{hidden}: {} {}{cols}\n",
            s.name,
            s.cells,
            lang.pick("セル", "cells")
        ));
    }
    out.push_str(&format!("  {}\n", lang.pick("項目の表:", "item tables:")));
    if view.tables.is_empty() {
        out.push_str(&format!(
            "    {}\n",
            lang.pick(
                "見つかりません。--emit-layout で書き出したレイアウトを直して --layout で渡してください。",
                "none found; write a layout with --emit-layout, adjust it and pass it with --layout."
            )
        ));
    }
    for t in &view.tables {
        let c = &t.columns;
        let role = |name: &str, col: &Option<String>| {
            col.as_ref()
                .map(|x| format!(" {name}={x}"))
                .unwrap_or_default()
        };
        out.push_str(&format!(
            "    {} {} {}: id={}{}{}{}{}{} — {} {}, {} {}\n",
            t.sheet,
            lang.pick("見出し行", "header row"),
            t.header_row,
            c.id,
            role(lang.pick("質問", "question"), &c.question),
            role(lang.pick("回答", "answer"), &c.answer),
            role(lang.pick("備考", "remarks"), &c.remarks),
            role(lang.pick("分類", "section"), &c.section),
            if c.references.is_empty() {
                String::new()
            } else {
                format!(
                    " {}={}",
                    lang.pick("参照", "references"),
                    c.references
                        .iter()
                        .map(|r| r.column.clone())
                        .collect::<Vec<_>>()
                        .join(",")
                )
            },
            t.items,
            lang.pick("項目", "items"),
            t.sections.len(),
            lang.pick("区分", "sections"),
        ));
    }
    if !view.legend.is_empty() {
        let legend: Vec<String> = view
            .legend
            .iter()
            .map(|(m, v)| format!("{m}={v}"))
            .collect();
        out.push_str(&format!(
            "  {} {}\n",
            lang.pick("凡例:", "legend:"),
            legend.join(" ")
        ));
    }
    if view.notes > 0 {
        out.push_str(&format!(
            "  {} {}\n",
            lang.pick("注記:", "notes:"),
            view.notes
        ));
    }
    ctx.printer.text(&out);
    Ok(Exit::Done)
}

/// Hidden columns as ranges: `H:XFD`, `C`.
fn ranges(cols: &std::collections::BTreeSet<u32>) -> Vec<String> {
    let mut out = Vec::new();
    let mut iter = cols.iter().copied().peekable();
    while let Some(start) = iter.next() {
        let mut end = start;
        while iter.peek() == Some(&(end + 1)) {
            end += 1;
            iter.next();
        }
        out.push(if start == end {
            column_letters(start)
        } else {
            format!("{}:{}", column_letters(start), column_letters(end))
        });
    }
    out
}
