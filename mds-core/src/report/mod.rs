//! Reports of a comparison and of a profile's requirements, as text for the terminal, JSON,
//! Markdown, HTML and CSV. Every report carries its provenance; same input, same bytes.
//!
//! **Invariant:** vendor text is data. It is escaped in HTML and Markdown, neutralised in CSV
//! cells that a spreadsheet would read as a formula, and never evaluated by any template.
//!
//! From bids to every report:
//!
//! ```
//! use mds_core::catalog::Catalog;
//! use mds_core::report::{CompareReport, Provenance, QuestionnaireRef};
//! use mds_core::score::{Bid, compare};
//! use mds_core::submission::{Options, load};
//! let catalog = Catalog::builtin();
//! let entry = catalog.find_spec("sample-sds").unwrap();
//! let profile: mds_core::model::Profile = serde_json::from_str(r#"{"format":"mds-profile/1",
//!   "questionnaire":{"id":"sample-sds","version":"1.0"},
//!   "requirements":{"SAMPLE-AUTH-01":{"expect":["yes"],"importance":"critical","must":true}}}"#).unwrap();
//! let mut options = Options::new(&catalog);
//! options.questionnaire = Some(entry);
//! let a = load("a.json", br#"{"format":"mds-response/1","questionnaire":{"id":"sample-sds",
//!   "version":"1.0"},"cover":{"vendor":"A"},"answers":{"SAMPLE-AUTH-01":{"value":"yes"}}}"#,
//!   None, &options).unwrap();
//! let bids = [Bid { source: &a.name, response: &a.response, errors: a.errors(),
//!   warnings: a.warnings(), signature: None, held: &a.held }];
//! let comparison = compare(&entry.questionnaire, &profile, &bids);
//! assert_eq!(comparison.vendors[0].vendor, "A");
//! let provenance = Provenance {
//!     mds_version: "0".into(),
//!     questionnaire: QuestionnaireRef { id: "sample-sds".into(), version: "1.0".into(),
//!         digest: entry.digest.clone() },
//!     profile: None,
//!     inputs: Vec::new(),
//! };
//! let report = CompareReport { questionnaire: &entry.questionnaire, profile: &profile,
//!     comparison: &comparison, provenance: &provenance, lang: mds_core::Lang::Ja, detail: false };
//! assert!(mds_core::report::table(&report).contains("A"));
//! assert!(mds_core::report::json(&report).contains("\"ranking\""));
//! assert!(mds_core::report::markdown(&report).contains("| "));
//! assert!(mds_core::report::html(&report).starts_with("<!DOCTYPE html>"));
//! assert!(mds_core::report::csv_summary(&report).contains("A"));
//! assert!(mds_core::report::xlsx(&report).unwrap().starts_with(b"PK"));
//! assert!(mds_core::report::docx(&report).unwrap().starts_with(b"PK"));
//! ```

mod coverage;
mod csv;
mod diff;
mod docx;
mod html;
mod json;
mod markdown;
mod register;
mod requirements;
mod table;
pub(crate) mod xlsx;

use serde::Serialize;

use crate::Lang;
use crate::model::{AnswerValue, Importance, Item, Profile, Questionnaire};
use crate::score::{Comparison, Outcome, Reason};

pub use coverage::{CoverageStyle, coverage_report};
pub use csv::{csv_cell, csv_detail, csv_summary};
pub use diff::{DiffStyle, diff_report};
pub use docx::{docx, requirements_docx};
pub use html::{html, html_escape};
pub use json::json;
pub use markdown::{markdown, md_cell};
pub use register::{RegisterStyle, register_report, register_xlsx};
pub use requirements::{
    requirements_csv, requirements_html, requirements_markdown, requirements_xlsx,
};
pub use table::{CONSOLE, render_table, render_table_within, table};
pub use xlsx::{xlsx, xlsx_cut};

/// Where a report comes from: enough to reproduce and to check it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// Version of mds that wrote the report.
    pub mds_version: String,
    /// The questionnaire: `id`, `version`, `digest`.
    pub questionnaire: QuestionnaireRef,
    /// The profile's source and digest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<InputRef>,
    /// Every input file with its SHA-256.
    pub inputs: Vec<InputRef>,
}

/// A questionnaire named in provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuestionnaireRef {
    /// Id.
    pub id: String,
    /// Version.
    pub version: String,
    /// `sha256:…` of its canonical JSON.
    pub digest: String,
}

/// An input named in provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputRef {
    /// The path as given.
    pub source: String,
    /// Hex SHA-256 of the file (for a profile: `sha256:…` of its canonical JSON).
    pub sha256: String,
}

/// Everything a comparison report shows.
#[derive(Debug, Clone, Copy)]
pub struct CompareReport<'a> {
    /// The questionnaire.
    pub questionnaire: &'a Questionnaire,
    /// The profile.
    pub profile: &'a Profile,
    /// The scored and ranked vendors.
    pub comparison: &'a Comparison,
    /// Provenance.
    pub provenance: &'a Provenance,
    /// Language of labels.
    pub lang: Lang,
    /// Per-item detail (JSON and CSV).
    pub detail: bool,
}

/// Label of an outcome.
pub fn outcome_label(outcome: Outcome, lang: Lang) -> &'static str {
    match outcome {
        Outcome::Met => lang.pick("適合", "met"),
        Outcome::Unmet => lang.pick("不適合", "unmet"),
        Outcome::Review => lang.pick("要判定", "review"),
        Outcome::Excluded => lang.pick("除外", "excluded"),
    }
}

/// A one-character mark of an outcome for matrices.
pub fn outcome_mark(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Met => "○",
        Outcome::Unmet => "×",
        Outcome::Review => "?",
        Outcome::Excluded => "-",
    }
}

/// The mark of an item's result in a matrix, with `予` (`p` in English) for a planned yes.
pub fn result_mark(r: &crate::score::ItemResult, lang: Lang) -> String {
    let mark = outcome_mark(r.outcome);
    match r.planned {
        Some(_) => format!("{mark}{}", planned_mark(lang)),
        None => mark.to_string(),
    }
}

/// The suffix that marks a planned yes in matrices.
pub fn planned_mark(lang: Lang) -> &'static str {
    lang.pick("予", "p")
}

/// Label of an importance.
pub fn importance_label(importance: Importance, lang: Lang) -> &'static str {
    importance.label(lang)
}

/// An explanation of a reason.
pub fn reason_text(reason: &Reason, lang: Lang) -> String {
    match reason {
        Reason::Expected => lang.pick("期待する回答です", "an expected answer").into(),
        Reason::NotExpected => lang
            .pick("期待する回答ではありません", "not an expected answer")
            .into(),
        Reason::Unanswered => lang.pick("未回答です", "unanswered").into(),
        Reason::NotApplicable => lang
            .pick("条件により対象外です", "does not apply under its condition")
            .into(),
        Reason::SectionOff => lang
            .pick("評価対象外のセクションです", "section switched off")
            .into(),
        Reason::NaExcluded => lang
            .pick(
                "対象外の回答は除外します（na: exclude）",
                "N/A left out (na: exclude)",
            )
            .into(),
        Reason::NeedsReview => lang
            .pick("内容の判定が必要です", "needs a person's judgement")
            .into(),
        Reason::Planned { planned } => match lang {
            Lang::Ja => format!("予定による「はい」です（{}）", planned_text(planned, lang)),
            Lang::En => format!("a planned yes ({})", planned_text(planned, lang)),
        },
        Reason::Held { .. } => lang
            .pick(
                "回答のセルが数式で、見える値と保存された値が同じとは限りません。ブックを開いて判定してください",
                "the answer's cell is a formula whose saved value need not be what is seen: open the workbook and judge it",
            )
            .into(),
        Reason::Adjudicated { reason } => match lang {
            Lang::Ja => format!("病院の判定: {reason}"),
            Lang::En => format!("adjudicated: {reason}"),
        },
    }
}

/// Labels of codes in an item's vocabulary, joined by `・` (ja) or `, ` (en).
pub fn code_labels(q: &Questionnaire, item: Option<&Item>, codes: &[String], lang: Lang) -> String {
    q.code_labels(item, codes, lang, lang.pick("・", ", "))
}

/// The answer as shown in reports: labels for codes, the text or number otherwise.
pub fn given_text(
    q: &Questionnaire,
    item: Option<&Item>,
    value: &AnswerValue,
    lang: Lang,
) -> String {
    match value {
        AnswerValue::Null => lang.pick("（未回答）", "(unanswered)").into(),
        AnswerValue::Text(text) => {
            let is_choice = item.is_some_and(|i| i.answer.vocabulary().is_some());
            if is_choice {
                code_labels(q, item, std::slice::from_ref(text), lang)
            } else {
                text.clone()
            }
        }
        AnswerValue::Codes(codes) => code_labels(q, item, codes, lang),
        AnswerValue::Number(n) => n.to_string(),
    }
}

/// A planned yes as reports show it beside the outcome: `予定 2027-03-31` (`planned 2027-03-31`),
/// or the promise's own words when it has no date.
pub fn planned_text(planned: &str, lang: Lang) -> String {
    if crate::normalize::is_iso_date(planned) {
        format!("{} {planned}", lang.pick("予定", "planned"))
    } else {
        format!("{}: {planned}", lang.pick("予定", "planned"))
    }
}

/// The answer given, with the promise of a planned yes beside it.
pub(crate) fn given_with_plan(
    q: &Questionnaire,
    item: Option<&Item>,
    result: &crate::score::ItemResult,
    lang: Lang,
) -> String {
    let given = given_text(q, item, &result.given, lang);
    match &result.planned {
        Some(p) => format!("{given}（{}）", planned_text(p, lang)),
        None => given,
    }
}

/// Section title by id.
pub fn section_title(q: &Questionnaire, id: &str, lang: Lang) -> String {
    q.sections
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.title.get(lang).to_string())
        .unwrap_or_else(|| id.into())
}

/// Yes / no label.
pub fn yes_no(value: bool, lang: Lang) -> &'static str {
    match (value, lang) {
        (true, Lang::Ja) => "はい",
        (false, Lang::Ja) => "いいえ",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
    }
}

/// The title of a comparison report.
pub fn title(profile: &Profile, lang: Lang) -> String {
    let base = lang.pick("開示書の比較", "Comparison of disclosures");
    match &profile.title {
        Some(t) => format!("{base}: {t}"),
        None => base.to_string(),
    }
}

/// A percentage with one decimal.
pub fn percent_text(percent: f64) -> String {
    format!("{percent:.1}%")
}

/// A bid's validation state as every ranking shows it: `OK`, or `不備 N 件` (`N errors`).
pub fn check_label(v: &crate::score::VendorResult, lang: Lang) -> String {
    if v.errors == 0 {
        "OK".into()
    } else {
        match lang {
            Lang::Ja => format!("不備 {} 件", v.errors),
            Lang::En if v.errors == 1 => "1 error".into(),
            Lang::En => format!("{} errors", v.errors),
        }
    }
}

/// A signature state as reports show it, with the key it was checked with (its file and key
/// id) or, for a key none of the given ones, the key id that signed it.
pub fn signature_label(s: &crate::score::SignatureCheck, lang: Lang) -> String {
    use crate::score::SignatureState;
    let state = match s.state {
        SignatureState::Valid => lang.pick("署名あり（正しい）", "signed (good)"),
        SignatureState::Missing => lang.pick("署名なし", "not signed"),
        SignatureState::Invalid => lang.pick("署名が不正", "BAD signature"),
    };
    let id = s.key_id.as_deref().unwrap_or("-");
    let key = match (&s.key, lang) {
        (Some(file), Lang::Ja) => format!("鍵 {file}、ID {id}"),
        (Some(file), Lang::En) => format!("key {file}, ID {id}"),
        (None, Lang::Ja) if s.key_id.is_some() => format!("指定されていない鍵 ID {id}"),
        (None, Lang::En) if s.key_id.is_some() => format!("a key not given, ID {id}"),
        (None, _) => return state.to_string(),
    };
    let owner = if s.other_vendor {
        match lang {
            Lang::Ja => format!("。{} の鍵", s.vendors.join("、")),
            Lang::En => format!("; the key of {}", s.vendors.join(", ")),
        }
    } else {
        String::new()
    };
    match lang {
        Lang::Ja => format!("{state}（{key}{owner}）"),
        Lang::En => format!("{state} ({key}{owner})"),
    }
}

/// The vendor's name, marked when another input of the comparison is from the same vendor.
pub fn vendor_label(v: &crate::score::VendorResult, lang: Lang) -> String {
    if v.same_vendor.is_empty() {
        return v.vendor.clone();
    }
    match lang {
        Lang::Ja => format!(
            "{}（同じ事業者の開示書が {} 件）",
            v.vendor,
            v.same_vendor.len() + 1
        ),
        Lang::En => format!(
            "{} ({} submissions from this vendor)",
            v.vendor,
            v.same_vendor.len() + 1
        ),
    }
}

/// True when any vendor of the comparison had its signature checked.
pub(crate) fn signatures_shown(c: &Comparison) -> bool {
    c.vendors.iter().any(|v| v.signature.is_some())
}

/// Headers of the ranking table, shared by every report that shows one.
pub(crate) fn ranking_head(lang: Lang, signatures: bool) -> Vec<&'static str> {
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
        lang.pick("達成率", "Percent"),
        lang.pick("足切り項目", "Knock-outs"),
        lang.pick("判定待ち（必須）", "Pending"),
        lang.pick("要判定の項目数", "To judge"),
        lang.pick("フラグ", "Flags"),
    ]);
    head
}

/// One row of the ranking table as plain text (each format escapes it as it needs).
pub(crate) fn ranking_cells(
    v: &crate::score::VendorResult,
    lang: Lang,
    flag_separator: &str,
    signatures: bool,
) -> Vec<String> {
    let flags: Vec<String> = v
        .flags
        .iter()
        .map(|f| format!("{} {}", f.item, f.flag))
        .collect();
    let mut cells = vec![
        v.rank.to_string(),
        vendor_label(v, lang),
        check_label(v, lang),
    ];
    if signatures {
        cells.push(
            v.signature
                .as_ref()
                .map(|s| signature_label(s, lang))
                .unwrap_or_default(),
        );
    }
    cells.extend([
        yes_no(v.qualified, lang).into(),
        v.score.to_string(),
        v.max.to_string(),
        percent_text(v.percent),
        v.knockouts.join(", "),
        v.pending.join(", "),
        v.review.len().to_string(),
        flags.join(flag_separator),
    ]);
    cells
}

/// Headers of a vendor's gaps table.
pub(crate) fn gaps_head(lang: Lang) -> [&'static str; 7] {
    [
        lang.pick("項目", "Item"),
        lang.pick("判定", "Outcome"),
        lang.pick("期待する回答", "Expected"),
        lang.pick("回答", "Given"),
        lang.pick("重要度", "Importance"),
        lang.pick("必須・フラグ", "Must / flag"),
        lang.pick("備考", "Remarks"),
    ]
}

/// A vendor's unmet and review items, and its planned yeses, as plain-text rows, with their
/// outcome.
pub(crate) fn gap_rows(
    q: &Questionnaire,
    index: &crate::FastMap<&str, &Item>,
    v: &crate::score::VendorResult,
    lang: Lang,
) -> Vec<(Outcome, [String; 7])> {
    v.items
        .iter()
        .filter(|i| matches!(i.outcome, Outcome::Unmet | Outcome::Review) || i.planned.is_some())
        .map(|g| {
            let item = index.get(g.item.as_str()).copied();
            let mut must_flag = Vec::new();
            if g.must {
                must_flag.push(lang.pick("必須", "must").to_string());
            }
            if let Some(flag) = &g.flag {
                must_flag.push(flag.clone());
            }
            (
                g.outcome,
                [
                    g.item.clone(),
                    outcome_label(g.outcome, lang).into(),
                    code_labels(q, item, &g.expect, lang),
                    given_with_plan(q, item, g, lang),
                    importance_label(g.importance, lang).into(),
                    must_flag.join(lang.pick("、", ", ")),
                    g.remarks.clone().unwrap_or_default(),
                ],
            )
        })
        .collect()
}
