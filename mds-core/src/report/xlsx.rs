//! The comparison as a workbook: a ranking sheet, a matrix of vendors × items with conditional
//! colours and frozen headers, a gaps sheet and a provenance sheet.
//!
//! **Invariant:** every cell that holds vendor text is written as a string; no formula is ever
//! built from vendor text (the conditional colours test the cell's own mark).

use rust_xlsxwriter::{
    Color, ConditionalFormatCell, ConditionalFormatCellRule, Format, Workbook, XlsxError,
};

use super::{
    CompareReport, Provenance, code_labels, importance_label, outcome_label, reason_text, title,
    yes_no,
};
use crate::Lang;
use crate::error::{Error, Result};
use crate::score::Outcome;
use crate::xlsx::style::{Columns, Styles, header, print, properties, styles};

/// The comparison as an .xlsx workbook.
pub fn xlsx(report: &CompareReport<'_>) -> Result<Vec<u8>> {
    build(report).map_err(|e| Error::Invalid(format!("xlsx: {e}")))
}

fn build(report: &CompareReport<'_>) -> std::result::Result<Vec<u8>, XlsxError> {
    let lang = report.lang;
    let q = report.questionnaire;
    let index = q.index();
    let vendors = &report.comparison.vendors;
    let s = styles();
    let mut wb = Workbook::new();
    wb.set_properties(&properties(&title(report.profile, lang), "comparison")?);

    // Ranking.
    {
        let ws = wb.add_worksheet();
        ws.set_name(lang.pick("順位", "Ranking"))?;
        let mut cols = Columns::default();
        ws.write_string_with_format(
            0,
            0,
            crate::xlsx::fit(title(report.profile, lang)),
            &s.title,
        )?;
        ws.set_row_height(0, 24)?;
        ws.write_string(
            1,
            0,
            crate::xlsx::fit(format!(
                "{} {}@{}",
                lang.pick("質問票", "Questionnaire"),
                q.id,
                q.version
            )),
        )?;
        let signatures = super::signatures_shown(report.comparison);
        let mut head = vec![
            lang.pick("順位", "Rank"),
            lang.pick("事業者", "Vendor"),
            lang.pick("検証", "Check"),
        ];
        if signatures {
            head.push(lang.pick("署名", "Signature"));
        }
        head.extend([
            lang.pick("適格", "Qualified"),
            lang.pick("得点", "Score"),
            lang.pick("満点", "Max"),
            lang.pick("達成率(%)", "Percent"),
            lang.pick("足切り項目", "Knock-outs"),
            lang.pick("判定待ち（必須）", "Pending"),
            lang.pick("要判定の項目数", "To judge"),
            lang.pick("フラグ", "Flags"),
            lang.pick("ファイル", "Source"),
        ]);
        header(ws, 3, &head, &s)?;
        for (c, h) in head.iter().enumerate() {
            cols.see(c as u16, h);
        }
        for (i, v) in vendors.iter().enumerate() {
            let r = 4 + i as u32;
            let flags: Vec<String> = v
                .flags
                .iter()
                .map(|f| format!("{} {}", f.item, f.flag))
                .collect();
            ws.write_number_with_format(r, 0, v.rank as f64, &s.number)?;
            cols.put(ws, r, 1, super::vendor_label(v, lang), &s.cell)?;
            cols.put(ws, r, 2, super::check_label(v, lang), &s.cell)?;
            let mut c: u16 = 3;
            if signatures {
                let label = v
                    .signature
                    .as_ref()
                    .map(|x| super::signature_label(x, lang))
                    .unwrap_or_default();
                cols.put(ws, r, c, label, &s.cell)?;
                c += 1;
            }
            cols.put(ws, r, c, yes_no(v.qualified, lang), &s.cell)?;
            ws.write_number_with_format(r, c + 1, v.score as f64, &s.number)?;
            ws.write_number_with_format(r, c + 2, v.max as f64, &s.number)?;
            ws.write_number_with_format(r, c + 3, v.percent, &s.percent)?;
            cols.put(ws, r, c + 4, v.knockouts.join(", "), &s.wrap)?;
            cols.put(ws, r, c + 5, v.pending.join(", "), &s.wrap)?;
            ws.write_number_with_format(r, c + 6, v.review.len() as f64, &s.number)?;
            cols.put(ws, r, c + 7, flags.join(", "), &s.wrap)?;
            cols.put(ws, r, c + 8, &v.source, &s.cell)?;
        }
        ws.set_freeze_panes(4, 2)?;
        ws.autofilter(
            3,
            0,
            3 + vendors.len().max(1) as u32,
            (head.len() - 1) as u16,
        )?;
        let widths = cols.apply(ws, 6.0, 44.0)?;
        print(ws, 0, 3, &widths, 2)?;
    }

    // Matrix: vendors × items, grouped by section, coloured by outcome.
    {
        let ws = wb.add_worksheet();
        ws.set_name(lang.pick("項目別", "Matrix"))?;
        let mut head = vec![
            lang.pick("項目", "Item"),
            lang.pick("質問", "Question"),
            lang.pick("重要度", "Importance"),
        ];
        head.extend(vendors.iter().map(|v| v.vendor.as_str()));
        header(ws, 0, &head, &s)?;
        let mut cols = Columns::default();
        for (c, h) in head.iter().enumerate() {
            // A vendor's name may wrap over two lines of its column.
            let h = if c >= 3 {
                crate::normalize::head(h, 24)
            } else {
                h
            };
            cols.see(c as u16, h);
        }
        let mut r = 1u32;
        for section in &q.sections {
            let items: Vec<_> = section
                .items
                .iter()
                .filter(|i| report.profile.requirements.contains_key(&i.id))
                .collect();
            if items.is_empty() {
                continue;
            }
            cols.put(ws, r, 0, section.title.get(lang), &s.section)?;
            for c in 1..head.len() {
                ws.write_blank(r, c as u16, &s.section)?;
            }
            r += 1;
            for item in items {
                let importance = report
                    .profile
                    .requirements
                    .get(&item.id)
                    .map(|x| x.importance)
                    .unwrap_or_default();
                cols.put(ws, r, 0, &item.id, &s.cell)?;
                cols.put(ws, r, 1, item.text.get(lang), &s.wrap)?;
                cols.put(ws, r, 2, importance_label(importance, lang), &s.cell)?;
                for (k, v) in vendors.iter().enumerate() {
                    let mark = v
                        .items
                        .iter()
                        .find(|x| x.item == item.id)
                        .map(|x| super::result_mark(x, lang))
                        .unwrap_or_default();
                    cols.put(ws, r, 3 + k as u16, mark, &s.cell)?;
                }
                r += 1;
            }
        }
        let last_col = (head.len() - 1) as u16;
        for (mark, colour) in [
            ("○", 0xC8E6C9),
            ("×", 0xFFCDD2),
            ("?", 0xFFF59D),
            ("-", 0xEEEEEE),
        ] {
            let planned = format!("{mark}{}", super::planned_mark(lang));
            for text in [mark, planned.as_str()] {
                let cf = ConditionalFormatCell::new()
                    .set_rule(ConditionalFormatCellRule::EqualTo(text))
                    .set_format(Format::new().set_background_color(Color::RGB(colour)));
                if last_col >= 3 && r > 1 {
                    ws.add_conditional_format(1, 3, r - 1, last_col, &cf)?;
                }
            }
        }
        ws.set_freeze_panes(1, 3)?;
        let widths = cols.apply(ws, 8.0, 56.0)?;
        print(ws, 0, 0, &widths, 2)?;
    }

    // Gaps.
    {
        let ws = wb.add_worksheet();
        ws.set_name(lang.pick("未達項目", "Gaps"))?;
        let head = [
            lang.pick("順位", "Rank"),
            lang.pick("事業者", "Vendor"),
            lang.pick("項目", "Item"),
            lang.pick("判定", "Outcome"),
            lang.pick("理由", "Reason"),
            lang.pick("期待する回答", "Expected"),
            lang.pick("回答", "Given"),
            lang.pick("重要度", "Importance"),
            lang.pick("必須", "Must"),
            lang.pick("フラグ", "Flag"),
            lang.pick("備考", "Remarks"),
        ];
        header(ws, 0, &head, &s)?;
        let mut cols = Columns::default();
        for (c, h) in head.iter().enumerate() {
            cols.see(c as u16, h);
        }
        let mut r = 1u32;
        for v in vendors {
            for g in v.items.iter().filter(|i| in_gaps(i)) {
                let item = index.get(g.item.as_str()).copied();
                ws.write_number_with_format(r, 0, v.rank as f64, &s.number)?;
                cols.put(ws, r, 1, &v.vendor, &s.cell)?;
                cols.put(ws, r, 2, &g.item, &s.cell)?;
                cols.put(ws, r, 3, outcome_label(g.outcome, lang), &s.cell)?;
                cols.put(ws, r, 4, reason_text(&g.reason, lang), &s.wrap)?;
                cols.put(ws, r, 5, code_labels(q, item, &g.expect, lang), &s.cell)?;
                cols.put(ws, r, 6, super::given_with_plan(q, item, g, lang), &s.wrap)?;
                cols.put(ws, r, 7, importance_label(g.importance, lang), &s.cell)?;
                cols.put(ws, r, 8, yes_no(g.must, lang), &s.cell)?;
                cols.put(ws, r, 9, g.flag.as_deref().unwrap_or(""), &s.cell)?;
                cols.put(ws, r, 10, g.remarks.as_deref().unwrap_or(""), &s.wrap)?;
                r += 1;
            }
        }
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, r.max(1), (head.len() - 1) as u16)?;
        let widths = cols.apply(ws, 6.0, 40.0)?;
        print(ws, 0, 0, &widths, 3)?;
    }

    provenance_sheet(&mut wb, report.provenance, lang, &s)?;
    wb.save_to_buffer()
}

/// An item shown on the gaps sheet: unmet, to review, or a planned yes.
fn in_gaps(i: &crate::score::ItemResult) -> bool {
    matches!(i.outcome, Outcome::Unmet | Outcome::Review) || i.planned.is_some()
}

/// The (file, item) of every answer or remark the xlsx report cuts because it is longer than an
/// Excel cell holds (see [`crate::xlsx::fit`]), for a warning that names them.
pub fn xlsx_cut(report: &CompareReport<'_>) -> Vec<(String, String)> {
    let mut cut = Vec::new();
    for v in &report.comparison.vendors {
        for g in v.items.iter().filter(|i| in_gaps(i)) {
            let given = match &g.given {
                crate::model::AnswerValue::Text(t) => t.as_str(),
                _ => "",
            };
            if crate::xlsx::too_long_for_a_cell(given)
                || g.remarks
                    .as_deref()
                    .is_some_and(crate::xlsx::too_long_for_a_cell)
            {
                cut.push((v.source.clone(), g.item.clone()));
            }
        }
    }
    cut
}

pub(crate) fn provenance_sheet(
    wb: &mut Workbook,
    p: &Provenance,
    lang: Lang,
    s: &Styles,
) -> std::result::Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("出典", "Provenance"))?;
    header(
        ws,
        0,
        &[
            lang.pick("項目", "What"),
            lang.pick("値", "Value"),
            "SHA-256",
        ],
        s,
    )?;
    let mut rows: Vec<(String, String, String)> = vec![
        ("mds".into(), p.mds_version.clone(), String::new()),
        (
            lang.pick("質問票", "Questionnaire").into(),
            format!("{}@{}", p.questionnaire.id, p.questionnaire.version),
            p.questionnaire.digest.clone(),
        ),
    ];
    if let Some(profile) = &p.profile {
        rows.push((
            lang.pick("プロファイル", "Profile").into(),
            profile.source.clone(),
            profile.sha256.clone(),
        ));
    }
    for input in &p.inputs {
        rows.push((
            lang.pick("入力", "Input").into(),
            input.source.clone(),
            input.sha256.clone(),
        ));
    }
    let mut cols = Columns::default();
    for (i, (a, b, c)) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        cols.put(ws, r, 0, a, &s.cell)?;
        cols.put(ws, r, 1, b, &s.cell)?;
        cols.put(ws, r, 2, c, &s.cell)?;
    }
    let widths = cols.apply(ws, 10.0, 72.0)?;
    print(ws, 0, 0, &widths, 1)?;
    Ok(())
}
