//! The terminal table: ASCII borders, columns sized by display width (CJK characters count two).

use super::{CompareReport, percent_text, yes_no};
use crate::Lang;

pub(crate) use crate::display::width;

/// Renders rows as an ASCII table with a header row.
///
/// ```
/// let t = mds_core::report::render_table(&["事業者", "n"], &[vec!["A社".into(), "1".into()]]);
/// assert_eq!(t, "+--------+---+\n| 事業者 | n |\n+--------+---+\n| A社    | 1 |\n+--------+---+\n");
/// ```
pub fn render_table(head: &[&str], rows: &[Vec<String>]) -> String {
    let clean = |s: &str| crate::display::visible(&s.replace(['\n', '\r', '\t'], " ")).into_owned();
    let mut widths: Vec<usize> = head.iter().map(|h| width(h)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(width(&clean(cell)));
            }
        }
    }
    let rule: String = widths
        .iter()
        .map(|w| format!("+{}", "-".repeat(w + 2)))
        .collect::<String>()
        + "+\n";
    let line = |cells: Vec<String>| -> String {
        let mut out = String::new();
        for (cell, w) in cells.iter().zip(&widths) {
            let cell = clean(cell);
            out.push_str(&format!(
                "| {cell}{} ",
                " ".repeat(w.saturating_sub(width(&cell)))
            ));
        }
        out + "|\n"
    };
    let mut out = rule.clone();
    out.push_str(&line(head.iter().map(|h| h.to_string()).collect()));
    out.push_str(&rule);
    for row in rows {
        out.push_str(&line(row.clone()));
    }
    if !rows.is_empty() {
        out.push_str(&rule);
    }
    out
}

/// The ranking as a terminal table.
pub fn table(report: &CompareReport<'_>) -> String {
    let lang = report.lang;
    let signatures = super::signatures_shown(report.comparison);
    let mut head = vec![
        lang.pick("順位", "rank"),
        lang.pick("事業者", "vendor"),
        lang.pick("検証", "check"),
    ];
    if signatures {
        head.push(lang.pick("署名", "signature"));
    }
    head.extend([
        lang.pick("適格", "qualified"),
        lang.pick("得点/満点", "score/max"),
        lang.pick("達成率", "percent"),
        lang.pick("足切り項目", "knock-outs"),
        lang.pick("判定待ち(必須)", "pending"),
        lang.pick("フラグ", "flags"),
    ]);
    let rows: Vec<Vec<String>> = report
        .comparison
        .vendors
        .iter()
        .map(|v| {
            let mut row = vec![
                v.rank.to_string(),
                super::vendor_label(v, lang),
                super::check_label(v, lang),
            ];
            if signatures {
                row.push(
                    v.signature
                        .as_ref()
                        .map(|s| super::signature_label(s, lang).to_string())
                        .unwrap_or_default(),
                );
            }
            row.extend([
                yes_no(v.qualified, lang).into(),
                format!("{}/{}", v.score, v.max),
                percent_text(v.percent),
                v.knockouts.join(", "),
                v.pending.join(", "),
                v.flags.len().to_string(),
            ]);
            row
        })
        .collect();
    let mut out = render_table(&head, &rows);
    let q = report.provenance;
    out.push_str(&match lang {
        Lang::Ja => format!(
            "質問票 {}@{}、プロファイル {}\n",
            q.questionnaire.id,
            q.questionnaire.version,
            q.profile.as_ref().map(|p| p.source.as_str()).unwrap_or("-")
        ),
        Lang::En => format!(
            "questionnaire {}@{}, profile {}\n",
            q.questionnaire.id,
            q.questionnaire.version,
            q.profile.as_ref().map(|p| p.source.as_str()).unwrap_or("-")
        ),
    });
    out
}
