//! The rules of the MHLW cyber-security checklist (医療機関等におけるサイバーセキュリティ対策
//! チェックリスト): every item is answered はい or いいえ with the date it was checked (確認日,
//! the field `checked_on`); an いいえ needs a target date (目標日, `target_date`) within the fiscal
//! year (April 1 – March 31) of its check, or of the fiscal year asked for; no check lies after
//! the day the register is made up to (`--as-of`). Dates are ISO 8601 (`2026-10-01`).
//!
//! ```
//! assert_eq!(mds_core::checklist::fiscal_year("2027-03-31"), Some(2026));
//! assert_eq!(mds_core::checklist::fiscal_year("2027-04-01"), Some(2027));
//! ```

use crate::Lang;
use crate::finding::{Finding, Severity, pointer};
use crate::model::{AnswerValue, FieldValue, Questionnaire, QuestionnaireKind, Response, Rule};

/// The field of the date an item was checked.
pub const CHECKED_ON: &str = "checked_on";
/// The field of the date an いいえ is to be put right by.
pub const TARGET_DATE: &str = "target_date";

/// The dates the rules are held to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dates {
    /// The day the answers are judged on (`--as-of`, ISO 8601).
    pub as_of: Option<String>,
    /// The fiscal year every target date lies in (`--fiscal-year`), instead of its check's.
    pub fiscal_year: Option<i32>,
}

/// No day and no year given: the rules judged on the answers' own dates.
pub static NO_DATES: Dates = Dates {
    as_of: None,
    fiscal_year: None,
};

/// The fiscal year (April to March) of an ISO date: 2027-03-31 is in 2026.
pub fn fiscal_year(date: &str) -> Option<i32> {
    let year: i32 = date.get(0..4)?.parse().ok()?;
    let month: u32 = date.get(5..7)?.parse().ok()?;
    Some(if month >= 4 { year } else { year - 1 })
}

fn date_of(v: Option<&FieldValue>) -> Option<&str> {
    match v {
        Some(FieldValue::Text(t)) if t.len() >= 10 && t.as_bytes()[4] == b'-' => Some(&t[..10]),
        _ => None,
    }
}

/// One いいえ of a checklist: the item, its target date, and whether that is past `as_of`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OpenItem {
    /// Item id.
    pub item: String,
    /// The target date (目標日), when one is given.
    pub target: Option<String>,
    /// The target date lies before the day judged on (`--as-of`); never without one.
    pub overdue: bool,
}

/// The checklist's open items: every いいえ, with its target date.
pub fn open_items(r: &Response, q: &Questionnaire, as_of: Option<&str>) -> Vec<OpenItem> {
    if q.kind() != QuestionnaireKind::Checklist {
        return Vec::new();
    }
    q.items()
        .filter_map(|(_, item)| {
            let a = r.answers.get(&item.id)?;
            (a.value == AnswerValue::Text("no".into())).then(|| {
                let target = date_of(a.fields.get(TARGET_DATE)).map(str::to_string);
                let overdue = match (&target, as_of) {
                    (Some(t), Some(day)) => t.as_str() < day,
                    _ => false,
                };
                OpenItem {
                    item: item.id.clone(),
                    target,
                    overdue,
                }
            })
        })
        .collect()
}

/// The checklist's findings: a はい or いいえ without its check date, an いいえ without a target
/// date (unless the item's own rules say so already), a target date outside the fiscal year, a
/// check after `as_of`. Nothing for another kind of questionnaire.
pub fn findings(r: &Response, q: &Questionnaire, dates: &Dates, lang: Lang) -> Vec<Finding> {
    let mut out = Vec::new();
    if q.kind() != QuestionnaireKind::Checklist {
        return out;
    }
    let say = |ja: String, en: String| match lang {
        Lang::Ja => ja,
        Lang::En => en,
    };
    for (_, item) in q.items() {
        let Some(a) = r.answers.get(&item.id) else {
            continue;
        };
        let id = &item.id;
        let answered = matches!(&a.value, AnswerValue::Text(v) if v == "yes" || v == "no");
        if !answered {
            continue;
        }
        let at = |field: &str| pointer(&["answers", id, "fields", field]);
        let checked = date_of(a.fields.get(CHECKED_ON));
        if checked.is_none() && item.fields.iter().any(|f| f.id == CHECKED_ON) {
            out.push(Finding::new(
                Severity::Error,
                "checklist-date-missing",
                at(CHECKED_ON),
                say(
                    format!("項目 {id} に確認日がありません。確認した日を記入してください。"),
                    format!("item {id} has no date checked; write the day it was checked."),
                ),
            ));
        }
        if let (Some(day), Some(as_of)) = (checked, dates.as_of.as_deref())
            && day > as_of
        {
            out.push(Finding::new(
                Severity::Warning,
                "date-after-as-of",
                at(CHECKED_ON),
                say(
                    format!("項目 {id} の確認日 {day} は基準日 {as_of} より後です。日付を確かめてください。"),
                    format!("item {id} was checked on {day}, after {as_of}; check the date."),
                ),
            ));
        }
        if a.value != AnswerValue::Text("no".into()) {
            continue;
        }
        let target = date_of(a.fields.get(TARGET_DATE));
        let ruled = item
            .rules
            .iter()
            .any(|rule| matches!(rule, Rule::FieldRequired { field, .. } if field == TARGET_DATE));
        if target.is_none() && !ruled && item.fields.iter().any(|f| f.id == TARGET_DATE) {
            out.push(Finding::new(
                Severity::Error,
                "target-date-missing",
                at(TARGET_DATE),
                say(
                    format!("項目 {id} は「いいえ」なので目標日が必要です。年度内の対応の予定日を記入してください。"),
                    format!("item {id} is answered no, so it needs a target date within the fiscal year."),
                ),
            ));
        }
        let year = dates.fiscal_year.or_else(|| checked.and_then(fiscal_year));
        if let (Some(t), Some(year)) = (target, year)
            && fiscal_year(t) != Some(year)
        {
            out.push(Finding::new(
                Severity::Warning,
                "target-outside-fiscal-year",
                at(TARGET_DATE),
                say(
                    format!(
                        "項目 {id} の目標日 {t} が {year} 年度（{year}年4月1日〜{}年3月31日）の中にありません。年度内の日付にしてください。",
                        year + 1
                    ),
                    format!(
                        "the target date {t} of item {id} is not within fiscal year {year} (April 1, {year} – March 31, {}); give a date within it.",
                        year + 1
                    ),
                ),
            ));
        }
    }
    out
}

/// `findings` of a response with the checklist's findings judged on `dates` instead of without
/// them (those made without them are replaced).
pub fn redated(
    response: &Response,
    q: &Questionnaire,
    dates: &Dates,
    mut findings: Vec<Finding>,
    lang: Lang,
) -> Vec<Finding> {
    let undated = self::findings(response, q, &NO_DATES, lang);
    findings.retain(|f| {
        !undated
            .iter()
            .any(|u| u.code == f.code && u.message == f.message)
    });
    findings.extend(self::findings(response, q, dates, lang));
    findings
}
