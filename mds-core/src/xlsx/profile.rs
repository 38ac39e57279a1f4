//! Profile workbooks: a hospital's requirements edited in Excel, and read back.
//!
//! Sheets: requirements (one row per item: assessed or not, expected answers, importance, must,
//! flag, note), settings (title, how N/A counts, points, sections switched off) and
//! adjudications (vendor, item, met or unmet, reason) for free-text and "See Notes" answers.

use indexmap::IndexMap;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Formula, Workbook,
    XlsxError,
};

use super::cell::{Sheet, Workbook as Cells, cell_ref};
use super::style::print;
use super::write::protect;
use super::{LISTS_SHEET, META_SHEET};
use crate::error::{Error, Result};
use crate::finding::{Finding, Lang, Severity};
use crate::model::{
    Adjudication, AdjudicationOutcome, Importance, NaRule, PROFILE_FORMAT, PlannedRule, Points,
    Profile, ProfileQuestionnaire, Questionnaire, Requirement,
};
use crate::normalize::{match_code, normalize};

/// The `kind` recorded in the `_mds` sheet of a profile workbook.
pub const PROFILE_KIND: &str = "profile";

struct L {
    requirements: &'static str,
    settings: &'static str,
    adjudications: &'static str,
    id: &'static str,
    section: &'static str,
    question: &'static str,
    assessed: &'static str,
    expect: &'static str,
    importance: &'static str,
    must: &'static str,
    flag: &'static str,
    note: &'static str,
    setting: &'static str,
    value: &'static str,
    vendor: &'static str,
    outcome: &'static str,
    reason: &'static str,
}

fn l(lang: Lang) -> L {
    match lang {
        Lang::Ja => L {
            requirements: "要件",
            settings: "設定",
            adjudications: "判定",
            id: "項目ID",
            section: "セクション",
            question: "質問",
            assessed: "評価対象",
            expect: "期待する回答",
            importance: "重要度",
            must: "必須",
            flag: "フラグ",
            note: "備考",
            setting: "設定",
            value: "値",
            vendor: "事業者（名前またはファイル名）",
            outcome: "判定",
            reason: "理由",
        },
        Lang::En => L {
            requirements: "Requirements",
            settings: "Settings",
            adjudications: "Adjudications",
            id: "Item ID",
            section: "Section",
            question: "Question",
            assessed: "Assessed",
            expect: "Expected",
            importance: "Importance",
            must: "Must",
            flag: "Flag",
            note: "Note",
            setting: "Setting",
            value: "Value",
            vendor: "Vendor (name or file name)",
            outcome: "Outcome",
            reason: "Reason",
        },
    }
}

const IMPORTANCE: [(Importance, &str, &str); 4] = [
    (Importance::Critical, "重要", "critical"),
    (Importance::Standard, "標準", "standard"),
    (Importance::Minor, "軽微", "minor"),
    (Importance::None, "なし", "none"),
];

fn importance_label(i: Importance, lang: Lang) -> &'static str {
    IMPORTANCE
        .iter()
        .find(|x| x.0 == i)
        .map(|x| lang.pick(x.1, x.2))
        .unwrap_or("")
}

fn yes(lang: Lang) -> &'static str {
    lang.pick("はい", "yes")
}

fn no(lang: Lang) -> &'static str {
    lang.pick("いいえ", "no")
}

/// Writes a profile workbook for `q`, filled from `profile`.
pub fn write_profile_workbook(q: &Questionnaire, profile: &Profile, lang: Lang) -> Result<Vec<u8>> {
    build(q, profile, lang).map_err(|e| Error::Invalid(format!("xlsx: {e}")))
}

fn build(q: &Questionnaire, p: &Profile, lang: Lang) -> std::result::Result<Vec<u8>, XlsxError> {
    let t = l(lang);
    let f = super::write::formats();
    let (header, locked, input) = (f.header, f.locked_wrap, f.input_wrap);
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(p.title.as_deref().unwrap_or(""))
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?)
            .set_custom_property("mds.format", PROFILE_FORMAT)
            .set_custom_property("mds.questionnaire.id", q.id.as_str())
            .set_custom_property("mds.questionnaire.version", q.version.as_str()),
    );
    // Lists: yes/no, importance, outcomes, then one column per vocabulary.
    let mut names: Vec<(String, String)> = Vec::new();
    {
        let ws = wb.add_worksheet();
        ws.set_name(LISTS_SHEET)?;
        let mut columns: Vec<(String, Vec<String>)> = vec![
            ("mds_yes_no".into(), vec![yes(lang).into(), no(lang).into()]),
            (
                "mds_importance".into(),
                IMPORTANCE
                    .iter()
                    .map(|x| lang.pick(x.1, x.2).to_string())
                    .collect(),
            ),
            (
                "mds_outcome".into(),
                vec![
                    lang.pick("適合", "met").into(),
                    lang.pick("不適合", "unmet").into(),
                ],
            ),
            (
                "mds_na".into(),
                vec![
                    lang.pick("期待する回答で判定", "expect").into(),
                    lang.pick("除外", "exclude").into(),
                ],
            ),
        ];
        let review: Vec<String> = q
            .items()
            .filter(|(_, i)| {
                i.answer.vocabulary().is_none()
                    || i.answer
                        .vocabulary()
                        .and_then(|v| q.vocabulary(v))
                        .is_some_and(|v| v.codes.iter().any(|c| c.review))
            })
            .map(|(_, i)| i.id.clone())
            .collect();
        if !review.is_empty() {
            columns.push(("mds_review_items".into(), review));
        }
        for (k, v) in q.vocabularies.iter().enumerate() {
            columns.push((
                format!("mds_vocab_{}", k + 1),
                v.codes
                    .iter()
                    .map(|c| c.label.get(lang).to_string())
                    .collect(),
            ));
        }
        for (c, (name, values)) in columns.iter().enumerate() {
            for (r, v) in values.iter().enumerate() {
                ws.write_string(r as u32, c as u16, crate::xlsx::fit(v))?;
            }
            if !values.is_empty() {
                let letter = super::column_letters(c as u32);
                names.push((
                    name.clone(),
                    format!("='{LISTS_SHEET}'!${letter}$1:${letter}${}", values.len()),
                ));
            }
        }
        ws.set_hidden(true);
    }
    for (name, formula) in &names {
        wb.define_name(name, formula)?;
    }
    let has = |n: &str| names.iter().any(|(x, _)| x == n);
    let list = |name: &str, message: &str| -> std::result::Result<DataValidation, XlsxError> {
        DataValidation::new()
            .allow_list_formula(Formula::new(format!("={name}")))
            .set_input_message(message.chars().take(200).collect::<String>())
    };

    // Requirements.
    {
        let ws = wb.add_worksheet();
        ws.set_name(t.requirements)?;
        let head = [
            t.id,
            t.section,
            t.question,
            t.assessed,
            t.expect,
            t.importance,
            t.must,
            t.flag,
            t.note,
        ];
        for (c, h) in head.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, crate::xlsx::fit(*h), &header)?;
        }
        let mut row = 1u32;
        for (section, item) in q.items() {
            let r = p.requirements.get(&item.id);
            ws.write_string_with_format(row, 0, crate::xlsx::fit(&item.id), &locked)?;
            ws.write_string_with_format(
                row,
                1,
                crate::xlsx::fit(section.title.get(lang)),
                &locked,
            )?;
            ws.write_string_with_format(row, 2, crate::xlsx::fit(item.text.get(lang)), &locked)?;
            ws.write_string_with_format(
                row,
                3,
                crate::xlsx::fit(if r.is_some() { yes(lang) } else { no(lang) }),
                &input,
            )?;
            let expect = r
                .map(|r| q.code_labels(Some(item), &r.expect, lang, lang.pick("、", ", ")))
                .unwrap_or_default();
            ws.write_string_with_format(row, 4, crate::xlsx::fit(&expect), &input)?;
            ws.write_string_with_format(
                row,
                5,
                crate::xlsx::fit(importance_label(
                    r.map(|r| r.importance).unwrap_or_default(),
                    lang,
                )),
                &input,
            )?;
            ws.write_string_with_format(
                row,
                6,
                crate::xlsx::fit(if r.is_some_and(|r| r.must) {
                    yes(lang)
                } else {
                    no(lang)
                }),
                &input,
            )?;
            ws.write_string_with_format(
                row,
                7,
                crate::xlsx::fit(r.and_then(|r| r.flag.as_deref()).unwrap_or("")),
                &input,
            )?;
            ws.write_string_with_format(
                row,
                8,
                crate::xlsx::fit(r.and_then(|r| r.note.as_deref()).unwrap_or("")),
                &input,
            )?;
            if let Some(k) = item
                .answer
                .vocabulary()
                .and_then(|v| q.vocabularies.iter().position(|x| x.id == v))
            {
                let name = format!("mds_vocab_{}", k + 1);
                if has(&name) {
                    let dv = list(
                        &name,
                        lang.pick(
                            "複数の場合は「、」で区切って記入（例: はい、対象外）",
                            "Several: separate with commas (e.g. Yes, N/A)",
                        ),
                    )?
                    .set_error_style(DataValidationErrorStyle::Information);
                    ws.add_data_validation(row, 4, row, 4, &dv)?;
                }
            }
            row += 1;
        }
        let last = row.saturating_sub(1).max(1);
        ws.add_data_validation(
            1,
            3,
            last,
            3,
            &list(
                "mds_yes_no",
                lang.pick("この項目を評価するか", "Assess this item?"),
            )?,
        )?;
        ws.add_data_validation(
            1,
            5,
            last,
            5,
            &list(
                "mds_importance",
                lang.pick(
                    "重要 20 点、標準 10 点、軽微 5 点、なし 0 点",
                    "critical 20, standard 10, minor 5, none 0 points",
                ),
            )?,
        )?;
        ws.add_data_validation(
            1,
            6,
            last,
            6,
            &list(
                "mds_yes_no",
                lang.pick(
                    "満たさない事業者は足切り",
                    "An unmet must item knocks the vendor out",
                ),
            )?,
        )?;
        let flag_help = DataValidation::new()
            .allow_any_value()
            .set_input_message(lang.pick(
                "満たさないときの注意書き（足切りにはしない）。例: リスク評価が必要",
                "Raised when unmet, without knocking out, e.g. risk assessment required",
            ))?;
        ws.add_data_validation(1, 7, last, 7, &flag_help)?;
        ws.set_freeze_panes(1, 1)?;
        ws.autofilter(0, 0, last, 8)?;
        let widths =
            super::style::widths(ws, &[16.0, 18.0, 50.0, 8.0, 18.0, 8.0, 6.0, 20.0, 24.0])?;
        print(ws, 0, 0, &widths, 3)?;
        protect(ws);
    }

    // Settings.
    {
        let ws = wb.add_worksheet();
        ws.set_name(t.settings)?;
        for (c, h) in [t.id, t.setting, t.value].iter().enumerate() {
            ws.write_string_with_format(0, c as u16, crate::xlsx::fit(*h), &header)?;
        }
        let points = p.points.unwrap_or_default();
        let mut rows: Vec<(String, String, String, Option<&str>)> = vec![
            (
                "title".into(),
                lang.pick("題名", "Title").into(),
                p.title.clone().unwrap_or_default(),
                None,
            ),
            (
                "na".into(),
                lang.pick("対象外の扱い", "How N/A counts").into(),
                match p.na {
                    NaRule::Expect => lang.pick("期待する回答で判定", "expect").into(),
                    NaRule::Exclude => lang.pick("除外", "exclude").into(),
                },
                Some("mds_na"),
            ),
            (
                "planned".into(),
                lang.pick("予定の回答（はい・予定）の扱い", "How a planned yes counts")
                    .into(),
                match p.planned {
                    PlannedRule::Met => lang.pick("適合", "met").into(),
                    PlannedRule::Review => lang.pick("要判定", "review").into(),
                    PlannedRule::Unmet => lang.pick("不適合", "unmet").into(),
                },
                None,
            ),
        ];
        for (imp, ja, en) in IMPORTANCE {
            rows.push((
                format!("points.{en}"),
                format!("{} ({})", lang.pick("配点", "Points"), lang.pick(ja, en)),
                points.of(imp).to_string(),
                None,
            ));
        }
        for s in &q.sections {
            let on = p.sections.get(&s.id) != Some(&false);
            rows.push((
                format!("section:{}", s.id),
                s.title.get(lang).to_string(),
                if on { yes(lang) } else { no(lang) }.into(),
                Some("mds_yes_no"),
            ));
        }
        for (i, (id, label, value, list_name)) in rows.iter().enumerate() {
            let r = 1 + i as u32;
            ws.write_string_with_format(r, 0, crate::xlsx::fit(id), &locked)?;
            ws.write_string_with_format(r, 1, crate::xlsx::fit(label), &locked)?;
            ws.write_string_with_format(r, 2, crate::xlsx::fit(value), &input)?;
            if let Some(name) = list_name {
                ws.add_data_validation(r, 2, r, 2, &list(name, "")?)?;
            }
        }
        ws.set_column_width(0, 18)?;
        ws.set_column_width(1, 36)?;
        ws.set_column_width(2, 30)?;
        protect(ws);
    }

    // Adjudications: existing decisions, then blank rows to fill.
    {
        let ws = wb.add_worksheet();
        ws.set_name(t.adjudications)?;
        for (c, h) in [t.vendor, t.id, t.outcome, t.reason].iter().enumerate() {
            ws.write_string_with_format(0, c as u16, crate::xlsx::fit(*h), &header)?;
        }
        let mut r = 1u32;
        for (vendor, items) in &p.adjudications {
            for (item, a) in items {
                ws.write_string_with_format(r, 0, crate::xlsx::fit(vendor), &input)?;
                ws.write_string_with_format(r, 1, crate::xlsx::fit(item), &input)?;
                let outcome = match a.outcome {
                    AdjudicationOutcome::Met => lang.pick("適合", "met"),
                    AdjudicationOutcome::Unmet => lang.pick("不適合", "unmet"),
                };
                ws.write_string_with_format(r, 2, crate::xlsx::fit(outcome), &input)?;
                ws.write_string_with_format(r, 3, crate::xlsx::fit(&a.reason), &input)?;
                r += 1;
            }
        }
        let last = r + 199;
        for row in r..=last {
            for c in 0..4 {
                ws.write_blank(row, c, &input)?;
            }
        }
        ws.add_data_validation(
            1,
            2,
            last,
            2,
            &list(
                "mds_outcome",
                lang.pick(
                    "自由記述・「備考参照」の回答の判定",
                    "Decision on a free-text or See Notes answer",
                ),
            )?,
        )?;
        if has("mds_review_items") {
            let dv = list(
                "mds_review_items",
                lang.pick("判定が必要な項目", "Items that need a decision"),
            )?
            .set_error_style(DataValidationErrorStyle::Information);
            ws.add_data_validation(1, 1, last, 1, &dv)?;
        }
        ws.set_freeze_panes(1, 0)?;
        for (c, w) in [32, 18, 10, 50].iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(META_SHEET)?;
        let rows = [
            ("format", PROFILE_FORMAT),
            ("kind", PROFILE_KIND),
            ("questionnaire_id", q.id.as_str()),
            ("questionnaire_version", q.version.as_str()),
            ("lang", lang.pick("ja", "en")),
        ];
        for (i, (k, v)) in rows.iter().enumerate() {
            ws.write_string(i as u32, 0, crate::xlsx::fit(*k))?;
            ws.write_string(i as u32, 1, crate::xlsx::fit(*v))?;
        }
        ws.set_hidden(true);
    }
    if let Ok(ws) = wb.worksheet_from_name(t.requirements) {
        ws.set_active(true);
    }
    wb.save_to_buffer()
}

/// True when a workbook is a profile workbook of ours.
pub fn is_profile_workbook(wb: &Cells) -> bool {
    wb.sheet(META_SHEET).is_some_and(|m| {
        m.rows()
            .into_iter()
            .any(|r| m.text(r, 0) == "kind" && m.text(r, 1) == PROFILE_KIND)
    })
}

/// Picks one label out of a language's labels.
type Pick = fn(&L) -> &'static str;

/// Columns by header label (either language) in the first 20 rows of a sheet.
fn columns(sheet: &Sheet, wanted: &[(&str, Pick)]) -> Option<(u32, Vec<Option<u32>>)> {
    let langs = [l(Lang::Ja), l(Lang::En)];
    for row in sheet.rows().into_iter().take(20) {
        let cells: Vec<(u32, String)> = sheet
            .cells
            .range((row, 0)..=(row, u32::MAX))
            .map(|((_, c), v)| (*c, normalize(&v.text())))
            .collect();
        let find = |pick: fn(&L) -> &'static str| {
            cells
                .iter()
                .find(|(_, t)| langs.iter().any(|x| normalize(pick(x)) == *t))
                .map(|(c, _)| *c)
        };
        let found: Vec<Option<u32>> = wanted.iter().map(|(_, pick)| find(*pick)).collect();
        if found.first().copied().flatten().is_some() {
            return Some((row, found));
        }
    }
    None
}

fn bool_cell(text: &str) -> Option<bool> {
    match normalize(text).as_str() {
        "" | "いいえ" | "no" | "n" | "×" | "false" | "0" | "-" => Some(false),
        "はい" | "yes" | "y" | "○" | "true" | "1" | "✓" | "必須" | "must" => Some(true),
        _ => None,
    }
}

/// A profile workbook read back: the profile, when no cell is in error, and the findings
/// located at cells.
#[derive(Debug, Clone)]
pub struct ProfileRead {
    /// The profile; `None` when a finding is an error.
    pub profile: Option<Profile>,
    /// What was found, at cells.
    pub findings: Vec<Finding>,
}

/// Reads a profile workbook back. Errors are findings located at cells; the profile is given
/// only when there is no error.
pub fn import_profile_workbook(wb: &Cells, q: &Questionnaire, lang: Lang) -> ProfileRead {
    let mut findings = Vec::new();
    let langs = [l(Lang::Ja), l(Lang::En)];
    let sheet = |pick: fn(&L) -> &'static str| langs.iter().find_map(|x| wb.sheet(pick(x)));
    let mut err = |at: String, ja: String, en: String| {
        findings.push(Finding::new(
            Severity::Error,
            "invalid-cell",
            at,
            match lang {
                Lang::Ja => ja,
                Lang::En => en,
            },
        ));
    };
    let mut requirements = IndexMap::new();
    match sheet(|x| x.requirements).and_then(|s| {
        columns(
            s,
            &[
                ("id", |x| x.id),
                ("assessed", |x| x.assessed),
                ("expect", |x| x.expect),
                ("importance", |x| x.importance),
                ("must", |x| x.must),
                ("flag", |x| x.flag),
                ("note", |x| x.note),
            ],
        )
        .map(|c| (s, c))
    }) {
        None => err(
            String::new(),
            "「要件」シートの見出し（項目ID）が見つかりません。".into(),
            "the Requirements sheet and its header (Item ID) are missing".into(),
        ),
        Some((s, (head, cols))) => {
            for row in s.rows().into_iter().filter(|r| *r > head) {
                let text = |k: usize| cols[k].map(|c| s.text(row, c)).unwrap_or_default();
                let at = |k: usize| cell_ref(&s.name, row, cols[k].unwrap_or(0));
                let id = text(0).trim().to_string();
                if id.is_empty() {
                    continue;
                }
                let Some(item) = q.item(&id) else {
                    err(
                        at(0),
                        format!("項目 {id:?} は {} にありません。", q.name()),
                        format!("item {id:?} is not in {}", q.name()),
                    );
                    continue;
                };
                match bool_cell(&text(1)) {
                    Some(false) => continue,
                    Some(true) => {}
                    None => {
                        err(
                            at(1),
                            format!("「{}」は はい／いいえ で記入してください。", text(1)),
                            format!("write yes or no, not “{}”", text(1)),
                        );
                        continue;
                    }
                }
                let mut expect = Vec::new();
                let vocabulary = item.answer.vocabulary().and_then(|v| q.vocabulary(v));
                for part in text(2)
                    .split(['、', ',', '，', ';', '；', '/', '\n'])
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                {
                    match vocabulary.and_then(|v| match_code(v, part)) {
                        Some(c) if !expect.contains(&c.code) => expect.push(c.code.clone()),
                        Some(_) => {}
                        None => err(
                            at(2),
                            format!("「{part}」は項目 {id} の選択肢にありません。"),
                            format!("“{part}” is not a choice of item {id}"),
                        ),
                    }
                }
                let importance = match normalize(&text(3)).as_str() {
                    "" => Importance::Standard,
                    t => match IMPORTANCE
                        .iter()
                        .find(|x| normalize(x.1) == t || normalize(x.2) == t)
                    {
                        Some(x) => x.0,
                        None => {
                            err(
                                at(3),
                                format!(
                                    "重要度「{}」は 重要／標準／軽微／なし のいずれかで記入してください。",
                                    text(3)
                                ),
                                format!(
                                    "importance “{}” must be critical, standard, minor or none",
                                    text(3)
                                ),
                            );
                            Importance::Standard
                        }
                    },
                };
                let must = bool_cell(&text(4)).unwrap_or_else(|| {
                    err(
                        at(4),
                        format!("「{}」は はい／いいえ で記入してください。", text(4)),
                        format!("write yes or no, not “{}”", text(4)),
                    );
                    false
                });
                let opt = |t: std::borrow::Cow<'_, str>| {
                    Some(t.trim().to_string()).filter(|t| !t.is_empty())
                };
                requirements.insert(
                    id,
                    Requirement {
                        expect,
                        importance,
                        must,
                        flag: opt(text(5)),
                        note: opt(text(6)),
                    },
                );
            }
        }
    }
    let mut title = None;
    let mut na = NaRule::Expect;
    let mut planned = PlannedRule::Met;
    let mut points = Points::default();
    let mut sections = std::collections::BTreeMap::new();
    if let Some((s, (head, cols))) = sheet(|x| x.settings)
        .and_then(|s| columns(s, &[("id", |x| x.id), ("value", |x| x.value)]).map(|c| (s, c)))
    {
        for row in s.rows().into_iter().filter(|r| *r > head) {
            let key = cols[0].map(|c| s.text(row, c)).unwrap_or_default();
            let value = cols[1].map(|c| s.text(row, c)).unwrap_or_default();
            let at = cell_ref(&s.name, row, cols[1].unwrap_or(2));
            match key.trim() {
                "title" => title = Some(value.trim().to_string()).filter(|t| !t.is_empty()),
                "na" => match normalize(&value).as_str() {
                    "" | "期待する回答で判定" | "expect" => na = NaRule::Expect,
                    "除外" | "exclude" => na = NaRule::Exclude,
                    _ => err(
                        at,
                        format!(
                            "「{value}」は「期待する回答で判定」か「除外」で記入してください。"
                        ),
                        format!("write expect or exclude, not “{value}”"),
                    ),
                },
                "planned" => match normalize(&value).as_str() {
                    "" | "適合" | "met" => planned = PlannedRule::Met,
                    "要判定" | "review" => planned = PlannedRule::Review,
                    "不適合" | "unmet" => planned = PlannedRule::Unmet,
                    _ => err(
                        at,
                        format!(
                            "「{value}」は「適合」「要判定」「不適合」のどれかで記入してください。"
                        ),
                        format!("write met, review or unmet, not “{value}”"),
                    ),
                },
                k if k.starts_with("points.") => {
                    let n = normalize(&value);
                    let Ok(v) = n
                        .parse::<f64>()
                        .map(|f| f as i64)
                        .map_err(|_| ())
                        .and_then(|v| u32::try_from(v).map_err(|_| ()))
                    else {
                        err(
                            at,
                            format!("配点「{value}」は 0 以上の整数で記入してください。"),
                            format!("points “{value}” must be a whole number, 0 or more"),
                        );
                        continue;
                    };
                    let default = match &k[7..] {
                        "critical" => 20,
                        "standard" => 10,
                        "minor" => 5,
                        _ => 0,
                    };
                    let slot = match &k[7..] {
                        "critical" => &mut points.critical,
                        "standard" => &mut points.standard,
                        "minor" => &mut points.minor,
                        _ => &mut points.none,
                    };
                    if v != default {
                        *slot = Some(v);
                    }
                }
                k if k.starts_with("section:") => match bool_cell(&value) {
                    Some(false) => {
                        sections.insert(k[8..].to_string(), false);
                    }
                    Some(true) => {}
                    None => err(
                        at,
                        format!("「{value}」は はい／いいえ で記入してください。"),
                        format!("write yes or no, not “{value}”"),
                    ),
                },
                _ => {}
            }
        }
    }
    let mut adjudications: IndexMap<String, IndexMap<String, Adjudication>> = IndexMap::new();
    if let Some((s, (head, cols))) = sheet(|x| x.adjudications).and_then(|s| {
        columns(
            s,
            &[
                ("vendor", |x| x.vendor),
                ("id", |x| x.id),
                ("outcome", |x| x.outcome),
                ("reason", |x| x.reason),
            ],
        )
        .map(|c| (s, c))
    }) {
        for row in s.rows().into_iter().filter(|r| *r > head) {
            let text = |k: usize| {
                cols[k]
                    .map(|c| s.text(row, c))
                    .unwrap_or_default()
                    .trim()
                    .to_string()
            };
            let at = |k: usize| cell_ref(&s.name, row, cols[k].unwrap_or(0));
            let (vendor, item, outcome, reason) = (text(0), text(1), text(2), text(3));
            if vendor.is_empty() && item.is_empty() && outcome.is_empty() && reason.is_empty() {
                continue;
            }
            let outcome = match normalize(&outcome).as_str() {
                "適合" | "met" | "○" => AdjudicationOutcome::Met,
                "不適合" | "unmet" | "×" => AdjudicationOutcome::Unmet,
                _ => {
                    err(
                        at(2),
                        format!("判定「{outcome}」は 適合／不適合 で記入してください。"),
                        format!("outcome “{outcome}” must be met or unmet"),
                    );
                    continue;
                }
            };
            if vendor.is_empty() || item.is_empty() {
                err(
                    at(0),
                    "事業者と項目ID を記入してください。".into(),
                    "fill in the vendor and the item id".into(),
                );
                continue;
            }
            if reason.is_empty() {
                err(
                    at(3),
                    "判定の理由を記入してください（監査で説明できるように）。".into(),
                    "give the reason for the decision (it is kept for audits)".into(),
                );
                continue;
            }
            adjudications
                .entry(vendor)
                .or_default()
                .insert(item, Adjudication { outcome, reason });
        }
    }
    if findings.iter().any(|f| f.severity == Severity::Error) {
        return ProfileRead {
            profile: None,
            findings,
        };
    }
    let points = (points != Points::default()).then_some(points);
    let profile = Profile {
        format: PROFILE_FORMAT.into(),
        questionnaire: ProfileQuestionnaire {
            id: q.id.clone(),
            version: q.version.clone(),
        },
        title,
        requirements,
        sections,
        points,
        na,
        planned,
        adjudications,
    };
    ProfileRead {
        profile: Some(profile),
        findings,
    }
}
