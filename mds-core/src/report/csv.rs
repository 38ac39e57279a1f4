//! CSV reports: UTF-8 with a byte order mark, CRLF line ends, cells that a spreadsheet would read
//! as a formula (`= + - @`, also after leading spaces or tabs) neutralised with a leading `'`.

use super::{CompareReport, code_labels, importance_label, outcome_label, reason_text, yes_no};
use crate::Lang;

/// Quotes a CSV cell and neutralises formula starts.
///
/// ```
/// use mds_core::report::csv_cell;
/// assert_eq!(csv_cell("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
/// assert_eq!(csv_cell("-1"), "\"'-1\"");
/// assert_eq!(csv_cell("A社"), "\"A社\"");
/// ```
pub fn csv_cell(text: &str) -> String {
    let risky = text
        .trim_start_matches([' ', '\t', '\r', '\n'])
        .starts_with(['=', '+', '-', '@'])
        || text.starts_with(['\t', '\r']);
    let body = if risky {
        format!("'{text}")
    } else {
        text.to_string()
    };
    format!("\"{}\"", body.replace('"', "\"\""))
}

pub(crate) fn csv_document(rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{feff}");
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

fn provenance_columns(lang: Lang) -> [String; 4] {
    [
        lang.pick("質問票", "questionnaire"),
        lang.pick("質問票ダイジェスト", "questionnaire digest"),
        lang.pick("プロファイルダイジェスト", "profile digest"),
        lang.pick("入力 SHA-256", "input SHA-256"),
    ]
    .map(String::from)
}

fn provenance_values(report: &CompareReport<'_>, source: &str) -> [String; 4] {
    let p = report.provenance;
    [
        format!("{}@{}", p.questionnaire.id, p.questionnaire.version),
        p.questionnaire.digest.clone(),
        p.profile
            .as_ref()
            .map(|x| x.sha256.clone())
            .unwrap_or_default(),
        p.inputs
            .iter()
            .find(|i| i.source == source)
            .map(|i| i.sha256.clone())
            .unwrap_or_default(),
    ]
}

/// The ranking, one row per vendor, with provenance columns (mds version, questionnaire and
/// profile digests, the input's SHA-256).
pub fn csv_summary(report: &CompareReport<'_>) -> String {
    let lang = report.lang;
    let mut head: Vec<String> = [
        lang.pick("順位", "rank"),
        lang.pick("事業者", "vendor"),
        lang.pick("ファイル", "source"),
        lang.pick("検証", "check"),
        lang.pick("署名", "signature"),
        lang.pick("同じ事業者の別ファイル", "same vendor in"),
        lang.pick("適格", "qualified"),
        lang.pick("得点", "score"),
        lang.pick("満点", "max"),
        lang.pick("達成率", "percent"),
        lang.pick("足切り項目", "knockouts"),
        lang.pick("判定待ち（必須）", "pending"),
        lang.pick("要判定の項目数", "to judge"),
        lang.pick("フラグ", "flags"),
        "mds",
    ]
    .map(String::from)
    .to_vec();
    head.extend(provenance_columns(lang));
    let mut rows = vec![head];
    for v in &report.comparison.vendors {
        let flags: Vec<String> = v
            .flags
            .iter()
            .map(|f| format!("{}: {}", f.item, f.flag))
            .collect();
        let mut row = vec![
            v.rank.to_string(),
            v.vendor.clone(),
            v.source.clone(),
            super::check_label(v, lang),
            v.signature
                .as_ref()
                .map(|s| super::signature_label(s, lang))
                .unwrap_or_default(),
            v.same_vendor.join(" "),
            yes_no(v.qualified, lang).into(),
            v.score.to_string(),
            v.max.to_string(),
            format!("{:.1}", v.percent),
            v.knockouts.join(" "),
            v.pending.join(" "),
            v.review.len().to_string(),
            flags.join("; "),
            report.provenance.mds_version.clone(),
        ];
        row.extend(provenance_values(report, &v.source));
        rows.push(row);
    }
    csv_document(&rows)
}

/// One row per vendor and item: outcome, reason, expected, given, importance, points, remarks.
pub fn csv_detail(report: &CompareReport<'_>) -> String {
    let lang = report.lang;
    let q = report.questionnaire;
    let index = q.index();
    let mut head: Vec<String> = [
        lang.pick("順位", "rank"),
        lang.pick("事業者", "vendor"),
        lang.pick("ファイル", "source"),
        lang.pick("セクション", "section"),
        lang.pick("項目", "item"),
        lang.pick("判定", "outcome"),
        lang.pick("理由", "reason"),
        lang.pick("期待する回答", "expected"),
        lang.pick("回答", "given"),
        lang.pick("重要度", "importance"),
        lang.pick("配点", "points"),
        lang.pick("必須", "must"),
        lang.pick("発生したフラグ", "flag raised"),
        lang.pick("備考", "remarks"),
        "mds",
    ]
    .map(String::from)
    .to_vec();
    head.extend(provenance_columns(lang));
    let mut rows = vec![head];
    for v in &report.comparison.vendors {
        for i in &v.items {
            let item = index.get(i.item.as_str()).copied();
            let mut row = vec![
                v.rank.to_string(),
                v.vendor.clone(),
                v.source.clone(),
                i.section.clone(),
                i.item.clone(),
                outcome_label(i.outcome, lang).into(),
                reason_text(&i.reason, lang),
                code_labels(q, item, &i.expect, lang),
                super::given_with_plan(q, item, i, lang),
                importance_label(i.importance, lang).into(),
                i.points.to_string(),
                yes_no(i.must, lang).into(),
                // A flag is raised by an unmet item only.
                if i.outcome == crate::score::Outcome::Unmet {
                    i.flag.clone().unwrap_or_default()
                } else {
                    String::new()
                },
                i.remarks.clone().unwrap_or_default(),
                report.provenance.mds_version.clone(),
            ];
            row.extend(provenance_values(report, &v.source));
            rows.push(row);
        }
    }
    csv_document(&rows)
}
