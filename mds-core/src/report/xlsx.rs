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
use crate::xlsx::style::{Styles, header, print, properties, styles};

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
        ws.write_string_with_format(
            0,
            0,
            crate::xlsx::fit(title(report.profile, lang)),
            &s.title,
        )?;
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
        let mut widths = vec![6, 36, 12];
        if signatures {
            head.push(lang.pick("署名", "Signature"));
            widths.push(18);
        }
        head.extend([
            lang.pick("適格", "Qualified"),
            lang.pick("得点", "Score"),
            lang.pick("満点", "Max"),
            lang.pick("達成率(%)", "Percent"),
            lang.pick("足切り項目", "Knock-outs"),
            lang.pick("判定待ち（必須）", "Pending"),
            lang.pick("フラグ", "Flags"),
            lang.pick("ファイル", "Source"),
        ]);
        widths.extend([8, 8, 8, 10, 28, 20, 40, 30]);
        header(ws, 3, &head, &s)?;
        for (i, v) in vendors.iter().enumerate() {
            let r = 4 + i as u32;
            let flags: Vec<String> = v
                .flags
                .iter()
                .map(|f| format!("{} {}", f.item, f.flag))
                .collect();
            ws.write_number_with_format(r, 0, v.rank as f64, &s.number)?;
            ws.write_string_with_format(
                r,
                1,
                crate::xlsx::fit(super::vendor_label(v, lang)),
                &s.cell,
            )?;
            ws.write_string_with_format(
                r,
                2,
                crate::xlsx::fit(super::check_label(v, lang)),
                &s.cell,
            )?;
            let mut c: u16 = 3;
            if signatures {
                let label = v
                    .signature
                    .as_ref()
                    .map(|x| super::signature_label(x, lang))
                    .unwrap_or_default();
                ws.write_string_with_format(r, c, crate::xlsx::fit(label), &s.cell)?;
                c += 1;
            }
            ws.write_string_with_format(
                r,
                c,
                crate::xlsx::fit(yes_no(v.qualified, lang)),
                &s.cell,
            )?;
            ws.write_number_with_format(r, c + 1, v.score as f64, &s.number)?;
            ws.write_number_with_format(r, c + 2, v.max as f64, &s.number)?;
            ws.write_number_with_format(r, c + 3, v.percent, &s.number)?;
            ws.write_string_with_format(
                r,
                c + 4,
                crate::xlsx::fit(v.knockouts.join(", ")),
                &s.wrap,
            )?;
            ws.write_string_with_format(r, c + 5, crate::xlsx::fit(v.pending.join(", ")), &s.wrap)?;
            ws.write_string_with_format(r, c + 6, crate::xlsx::fit(flags.join(", ")), &s.wrap)?;
            ws.write_string_with_format(r, c + 7, crate::xlsx::fit(&v.source), &s.cell)?;
        }
        ws.set_freeze_panes(4, 2)?;
        ws.autofilter(
            3,
            0,
            3 + vendors.len().max(1) as u32,
            (head.len() - 1) as u16,
        )?;
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        print(ws, 0, 3)?;
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
            ws.write_string_with_format(
                r,
                0,
                crate::xlsx::fit(section.title.get(lang)),
                &s.section,
            )?;
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
                ws.write_string_with_format(r, 0, crate::xlsx::fit(&item.id), &s.cell)?;
                ws.write_string_with_format(r, 1, crate::xlsx::fit(item.text.get(lang)), &s.wrap)?;
                ws.write_string_with_format(
                    r,
                    2,
                    crate::xlsx::fit(importance_label(importance, lang)),
                    &s.cell,
                )?;
                for (k, v) in vendors.iter().enumerate() {
                    let mark = v
                        .items
                        .iter()
                        .find(|x| x.item == item.id)
                        .map(|x| super::result_mark(x, lang))
                        .unwrap_or_default();
                    ws.write_string_with_format(r, 3 + k as u16, crate::xlsx::fit(mark), &s.cell)?;
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
        ws.set_column_width(0, 18)?;
        ws.set_column_width(1, 50)?;
        ws.set_column_width(2, 8)?;
        for k in 0..vendors.len() {
            ws.set_column_width(3 + k as u16, 16)?;
        }
        print(ws, 0, 0)?;
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
        let mut r = 1u32;
        for v in vendors {
            for g in v.items.iter().filter(|i| in_gaps(i)) {
                let item = index.get(g.item.as_str()).copied();
                ws.write_number_with_format(r, 0, v.rank as f64, &s.number)?;
                ws.write_string_with_format(r, 1, crate::xlsx::fit(&v.vendor), &s.cell)?;
                ws.write_string_with_format(r, 2, crate::xlsx::fit(&g.item), &s.cell)?;
                ws.write_string_with_format(
                    r,
                    3,
                    crate::xlsx::fit(outcome_label(g.outcome, lang)),
                    &s.cell,
                )?;
                ws.write_string_with_format(
                    r,
                    4,
                    crate::xlsx::fit(reason_text(&g.reason, lang)),
                    &s.wrap,
                )?;
                ws.write_string_with_format(
                    r,
                    5,
                    crate::xlsx::fit(code_labels(q, item, &g.expect, lang)),
                    &s.cell,
                )?;
                ws.write_string_with_format(
                    r,
                    6,
                    crate::xlsx::fit(super::given_with_plan(q, item, g, lang)),
                    &s.wrap,
                )?;
                ws.write_string_with_format(
                    r,
                    7,
                    crate::xlsx::fit(importance_label(g.importance, lang)),
                    &s.cell,
                )?;
                ws.write_string_with_format(r, 8, crate::xlsx::fit(yes_no(g.must, lang)), &s.cell)?;
                ws.write_string_with_format(
                    r,
                    9,
                    crate::xlsx::fit(g.flag.as_deref().unwrap_or("")),
                    &s.cell,
                )?;
                ws.write_string_with_format(
                    r,
                    10,
                    crate::xlsx::fit(g.remarks.as_deref().unwrap_or("")),
                    &s.wrap,
                )?;
                r += 1;
            }
        }
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, r.max(1), (head.len() - 1) as u16)?;
        for (c, w) in [6, 30, 18, 8, 24, 14, 30, 8, 6, 18, 40].iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        print(ws, 0, 0)?;
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
    for (i, (a, b, c)) in rows.iter().enumerate() {
        let r = 1 + i as u32;
        ws.write_string_with_format(r, 0, crate::xlsx::fit(a), &s.cell)?;
        ws.write_string_with_format(r, 1, crate::xlsx::fit(b), &s.cell)?;
        ws.write_string_with_format(r, 2, crate::xlsx::fit(c), &s.cell)?;
    }
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 48)?;
    ws.set_column_width(2, 72)?;
    Ok(())
}
