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
    render_table_within(head, rows, usize::MAX)
}

/// The columns of a console: the ranking fits a Windows console of 120.
pub const CONSOLE: usize = 120;

/// [`render_table`] no wider than `most` columns where it can be: a heading wider than its
/// column's cells wraps first, then the widest columns are narrowed (not below 8), their cells
/// wrapping over lines, between the items of a list where they can.
///
/// ```
/// let rows = vec![vec!["1".into(), "SAMPLE-NET-01, SAMPLE-AUTH-02".into()]];
/// let t = mds_core::report::render_table_within(&["順位", "足切り項目"], &rows, 30);
/// assert!(t.lines().all(|l| mds_core::display::width(l) <= 30), "{t}");
/// assert!(t.contains("SAMPLE-NET-01,") && t.contains("SAMPLE-AUTH-02"));
/// ```
pub fn render_table_within(head: &[&str], rows: &[Vec<String>], most: usize) -> String {
    let clean = |s: &str| crate::display::visible(&s.replace(['\n', '\r', '\t'], " ")).into_owned();
    let mut widths: Vec<usize> = head.iter().map(|h| width(h)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(width(&clean(cell)));
            }
        }
    }
    let total = |w: &[usize]| w.iter().map(|w| w + 3).sum::<usize>() + 1;
    // First a heading wider than what its column holds wraps (down to 6 columns).
    if total(&widths) > most {
        for (i, h) in head.iter().enumerate() {
            let content = rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(|c| width(&clean(c)))
                .max()
                .unwrap_or(0);
            if width(h) > content {
                widths[i] = content.max(6).min(widths[i]);
            }
        }
    }
    // Then the widest columns are narrowed, down to 8.
    let floors: Vec<usize> = widths.iter().map(|w| (*w).min(8)).collect();
    while total(&widths) > most {
        let Some((i, _)) = widths
            .iter()
            .enumerate()
            .filter(|(i, w)| **w > floors[*i])
            .max_by_key(|(i, w)| (**w, std::cmp::Reverse(*i)))
        else {
            break;
        };
        widths[i] -= 1;
    }
    let rule: String = widths
        .iter()
        .map(|w| format!("+{}", "-".repeat(w + 2)))
        .collect::<String>()
        + "+\n";
    let line = |cells: Vec<String>| -> String {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(&widths)
            .map(|(cell, w)| wrap(&clean(cell), *w))
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let mut out = String::new();
        for k in 0..height {
            for (lines, w) in wrapped.iter().zip(&widths) {
                let cell = lines.get(k).map(String::as_str).unwrap_or("");
                out.push_str(&format!(
                    "| {cell}{} ",
                    " ".repeat(w.saturating_sub(width(cell)))
                ));
            }
            out.push_str("|\n");
        }
        out
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

/// A cell's text in lines of at most `w` columns: broken after `, ` where it can be, else
/// between characters.
fn wrap(text: &str, w: usize) -> Vec<String> {
    if width(text) <= w || w == 0 {
        return vec![text.to_string()];
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    for piece in text.split_inclusive(", ") {
        let candidate = format!("{line}{piece}");
        if width(candidate.trim_end()) <= w {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(line.trim_end().to_string());
            line = String::new();
        }
        for c in piece.chars() {
            if width(&line) + width(&c.to_string()) > w {
                lines.push(line.trim_end().to_string());
                line = String::new();
            }
            line.push(c);
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
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
        lang.pick("要判定", "to judge"),
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
                v.review.len().to_string(),
                v.flags.len().to_string(),
            ]);
            row
        })
        .collect();
    let mut out = render_table_within(&head, &rows, CONSOLE);
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
