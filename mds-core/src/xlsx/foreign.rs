//! Workbooks nobody wrote for mds: reading answers through a detected (or given) layout, matching
//! a workbook to a questionnaire by its item ids, and extracting a questionnaire from the user's
//! own copy of an official form.

use std::collections::BTreeMap;

use indexmap::IndexMap;

use super::cells::{CellAt, CellValue, Workbook, cell_ref};
use super::detect::{Detected, Table};
use super::import::{Imported, field_value, read_answer};
use crate::finding::{Finding, Lang, Severity, pointer};
use crate::model::{
    Answer, AnswerKind, Code, CoverField, ExtraField, FieldKind, Item, Pin, QUESTIONNAIRE_FORMAT,
    Questionnaire, RESPONSE_FORMAT, Reference, Response, Rule, Section, Text, Vocabulary,
};
use crate::normalize::{match_code, normalize};

/// Labels that name the vendor on cover sheets, besides the questionnaire's own labels.
const VENDOR_LABELS: [&str; 9] = [
    "事業者名",
    "製造業者名",
    "会社名",
    "企業名",
    "ベンダー名",
    "サービス事業者名",
    "manufacturer name",
    "vendor",
    "solution provider name",
];

/// The ids of the item rows of every table.
pub fn workbook_ids(wb: &Workbook, detected: &Detected) -> Vec<String> {
    let mut out = Vec::new();
    for t in &detected.tables {
        let Some(sheet) = wb.sheet(&t.sheet) else {
            continue;
        };
        for (row, _) in &t.rows {
            let id = sheet.text(*row, t.id).trim().to_string();
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    out
}

/// How many of `ids` a questionnaire knows (items and official cover ids).
pub fn known_ids(q: &Questionnaire, ids: &[String]) -> usize {
    ids.iter()
        .filter(|id| {
            q.item(id).is_some()
                || q.cover
                    .iter()
                    .any(|c| c.official_id.as_deref() == Some(id.as_str()))
        })
        .count()
}

/// The questionnaire with the workbook's legend added to its vocabularies as aliases.
fn with_legend(q: &Questionnaire, legend: &[(String, String)]) -> Questionnaire {
    let mut q = q.clone();
    for v in &mut q.vocabularies {
        for (mark, means) in legend {
            let Some(code) = match_code(v, means).map(|c| c.code.clone()) else {
                continue;
            };
            if let Some(c) = v.codes.iter_mut().find(|c| c.code == code)
                && !c.aliases.contains(mark)
            {
                c.aliases.push(mark.clone());
            }
        }
    }
    q
}

/// The vocabulary most items use: unknown ids (typos such as `SHAD-15`) are read through it.
fn main_vocabulary(q: &Questionnaire) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, item) in q.items() {
        if let AnswerKind::Single { vocabulary, .. } = &item.answer {
            *counts.entry(vocabulary).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(v, _)| v.to_string())
}

/// Remarks as written, with `See Note 3` resolved from the notes block and placeholders (`__`)
/// read as empty.
fn remarks(text: &str, notes: &BTreeMap<String, String>) -> Option<String> {
    let t = text.trim();
    if t.is_empty() || t.chars().all(|c| matches!(c, '_' | '-' | '－' | 'ー')) {
        return None;
    }
    let n = normalize(t);
    if let Some(rest) = n
        .strip_prefix("see note")
        .or_else(|| n.strip_prefix("備考参照"))
    {
        let key = format!("note{}", rest.trim().trim_start_matches(['s', ' ']).trim());
        if let Some(note) = notes.get(&key) {
            return Some(note.clone());
        }
    }
    Some(t.to_string())
}

/// Reads a foreign workbook's answers to `q` through the detected layout.
pub fn import_detected(
    wb: &Workbook,
    detected: &Detected,
    q: &Questionnaire,
    digest: &str,
    lang: Lang,
) -> Imported {
    let q_read = with_legend(q, &detected.legend);
    let fallback = main_vocabulary(&q_read);
    let index = q_read.index();
    let matcher = crate::normalize::Matcher::new(&q_read);
    let mut findings = Vec::new();
    let mut places = super::import::Places::default();
    let mut cover: IndexMap<String, String> = IndexMap::new();
    let mut answers: IndexMap<String, Answer> = IndexMap::new();
    let mut seen = std::collections::BTreeSet::new();
    for t in &detected.tables {
        let Some(sheet) = wb.sheet(&t.sheet) else {
            continue;
        };
        let table_place = places.table(super::import::TablePlace {
            sheet: sheet.name.clone(),
            id: t.id,
            answer: t.answer,
            remarks: t.remarks,
            other: None,
            confirmed: None,
            fields: t.fields.iter().map(|(c, f)| (f.clone(), *c)).collect(),
        });
        for (row, _) in &t.rows {
            let id = sheet.text(*row, t.id).trim().to_string();
            // A formula saved without its result is not an answer (a copy of another sheet).
            let answer_cell = t
                .answer
                .and_then(|c| sheet.get(*row, c))
                .filter(|v| !matches!(v, CellValue::Formula(_)));
            let at = CellAt {
                sheet: &sheet.name,
                row: *row,
                col: t.answer.unwrap_or(t.id),
            };
            if let Some(field) = q
                .cover
                .iter()
                .find(|c| c.official_id.as_deref() == Some(id.as_str()))
            {
                let value = match answer_cell {
                    Some(CellValue::Date(iso)) => iso.clone(),
                    Some(v) if field.kind == FieldKind::Date => {
                        crate::normalize::parse_date(&v.text())
                            .unwrap_or_else(|| v.text().trim().to_string())
                    }
                    Some(v) => v.text().trim().to_string(),
                    None => String::new(),
                };
                places.insert(pointer(&["cover", &field.id]), at.to_string());
                if !value.is_empty() {
                    cover.insert(field.id.clone(), value);
                }
                continue;
            }
            if !seen.insert(id.clone()) {
                // Another sheet showing the same item (an evaluation tab, a copy by formula):
                // the first one is the answer. A second row in the same table is reported.
                if !t
                    .rows
                    .iter()
                    .any(|(r, _)| r < row && sheet.text(*r, t.id).trim() == id)
                {
                    continue;
                }
                findings.push(Finding::new(
                    Severity::Warning,
                    "duplicate-row",
                    cell_ref(&sheet.name, *row, t.id),
                    match lang {
                        Lang::Ja => {
                            format!("項目 {id} の行が重複しています。最初の行を使いました。")
                        }
                        Lang::En => {
                            format!("item {id} appears in more than one row; the first one is used")
                        }
                    },
                ));
                continue;
            }
            places.row(&id, table_place, *row);
            let synthetic;
            let item = match index.get(id.as_str()).copied() {
                Some(item) => Some(item),
                None => {
                    synthetic = fallback.as_ref().map(|v| Item {
                        id: id.clone(),
                        text: Text::default(),
                        answer: AnswerKind::Single {
                            vocabulary: v.clone(),
                            other: None,
                        },
                        optional: true,
                        fields: Vec::new(),
                        rules: Vec::new(),
                        references: Vec::new(),
                        tags: Vec::new(),
                    });
                    synthetic.as_ref()
                }
            };
            let mut answer = Answer {
                remarks: t
                    .remarks
                    .and_then(|c| remarks(&sheet.text(*row, c), &detected.notes)),
                ..Answer::default()
            };
            let mut fields = IndexMap::new();
            for (c, field) in &t.fields {
                if let Some(v) = sheet.get(*row, *c) {
                    fields.insert(field.clone(), field_value(v, FieldKind::Date));
                }
            }
            read_answer(
                &q_read,
                item,
                answer_cell,
                &mut answer,
                &mut fields,
                at,
                lang,
                &mut findings,
                &matcher,
            );
            answer.fields = fields;
            answers.insert(id, answer);
        }
    }
    // Cover fields written beside their labels.
    for field in &q.cover {
        if cover.contains_key(&field.id) {
            continue;
        }
        let mut labels: Vec<String> = vec![normalize(&field.label.ja), normalize(&field.label.en)];
        if field.id == "vendor" {
            labels.extend(VENDOR_LABELS.iter().map(|l| normalize(l)));
        }
        'sheets: for sheet in wb.sheets.iter().filter(|s| !s.hidden) {
            for (&(row, col), value) in &sheet.cells {
                let text = normalize(&value.text());
                let text = text.trim_end_matches([':', '：']).trim();
                if text.is_empty() || !labels.iter().any(|l| l == text) {
                    continue;
                }
                let next = sheet
                    .cells
                    .range((row, col + 1)..(row + 1, 0))
                    .find(|(_, v)| !v.text().trim().is_empty());
                if let Some((&(r, c), v)) = next {
                    let value = match (v, field.kind) {
                        (CellValue::Date(iso), _) => iso.clone(),
                        (v, FieldKind::Date) => crate::normalize::parse_date(&v.text())
                            .unwrap_or_else(|| v.text().trim().to_string()),
                        (v, _) => v.text().trim().to_string(),
                    };
                    places.insert(pointer(&["cover", &field.id]), cell_ref(&sheet.name, r, c));
                    cover.insert(field.id.clone(), value);
                    break 'sheets;
                }
            }
        }
    }
    let mut ordered = IndexMap::new();
    for field in &q.cover {
        if let Some(v) = cover.shift_remove(&field.id) {
            ordered.insert(field.id.clone(), v);
        }
    }
    let response = Response {
        format: RESPONSE_FORMAT.into(),
        questionnaire: Pin {
            id: q.id.clone(),
            version: q.version.clone(),
            digest: Some(digest.to_string()),
        },
        cover: ordered,
        answers,
    };
    Imported {
        response,
        findings,
        places,
    }
}

fn yes_no_na(see_notes: bool) -> Vocabulary {
    let code = |code: &str, ja: &str, en: &str, aliases: &[&str], review: bool| Code {
        code: code.into(),
        label: Text::new(ja, en),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        review,
    };
    let mut codes = vec![
        code("yes", "はい", "Yes", &["○", "y", "✓", "対応"], false),
        code("no", "いいえ", "No", &["×", "n", "未対応"], false),
        code(
            "na",
            "対象外",
            "N/A",
            &["-", "n/a", "na", "該当なし", "非該当", "not applicable"],
            false,
        ),
    ];
    if see_notes {
        codes.push(code(
            "see-notes",
            "備考参照",
            "See Notes",
            &["see note", "see notes"],
            true,
        ));
    }
    Vocabulary {
        id: "yes-no-na".into(),
        codes,
    }
}

fn has_cjk(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c as u32, 0x3040..=0x30FF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF))
}

/// `AUTOMATIC LOGOFF (ALOF)` -> `ALOF`.
fn code_in_banner(text: &str) -> Option<String> {
    let inner = text.trim().strip_suffix(')')?.rsplit_once('(')?.1.trim();
    (inner.len() <= 8
        && !inner.is_empty()
        && inner
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
    .then(|| inner.to_string())
}

/// Extracts a questionnaire from the user's own copy of an official form. `frame`, when given
/// (a built-in of the same id), supplies cover fields (ids that are its official cover numbers
/// become cover fields, not items), and unknown ids one edit away from its items are reported.
pub fn extract(
    wb: &Workbook,
    detected: &Detected,
    id: &str,
    version: &str,
    title: &str,
    frame: Option<&Questionnaire>,
    lang: Lang,
) -> (Questionnaire, Vec<Finding>) {
    let mut findings = Vec::new();
    // The master table is the largest; other tables add their items only when their id column is
    // labelled and they are mostly new items (a second item sheet), not views of the same items
    // (answer tabs, evaluation tabs) or lookup tables.
    let mut tables: Vec<&Table> = detected.tables.iter().collect();
    tables.sort_by_key(|t| std::cmp::Reverse(t.rows.len()));
    let ids_of = |t: &Table| -> Vec<String> {
        wb.sheet(&t.sheet)
            .map(|s| {
                t.rows
                    .iter()
                    .map(|(r, _)| s.text(*r, t.id).trim().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    let master: Vec<String> = tables.first().map(|t| ids_of(t)).unwrap_or_default();
    let tables: Vec<&Table> = tables
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            if *i == 0 {
                return true;
            }
            let ids = ids_of(t);
            let shared = ids.iter().filter(|id| master.contains(id)).count();
            t.labelled_id && shared * 2 < ids.len()
        })
        .map(|(_, t)| *t)
        .collect();
    let mut values_seen_see_notes = false;
    let mut items: Vec<(Item, Option<String>)> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for t in &tables {
        let Some(sheet) = wb.sheet(&t.sheet) else {
            continue;
        };
        for (row, section) in &t.rows {
            let item_id = sheet.text(*row, t.id).trim().to_string();
            if frame.is_some_and(|f| {
                f.cover
                    .iter()
                    .any(|c| c.official_id.as_deref() == Some(item_id.as_str()))
            }) {
                continue;
            }
            if !seen.insert(item_id.clone()) {
                continue;
            }
            let question = t
                .question
                .map(|c| sheet.text(*row, c))
                .unwrap_or_default()
                .trim()
                .to_string();
            if t.answer
                .is_some_and(|c| normalize(&sheet.text(*row, c)).starts_with("see note"))
            {
                values_seen_see_notes = true;
            }
            let text = if has_cjk(&question) {
                Text::new(question, "")
            } else {
                Text::new("", question)
            };
            let expected_text = t.expected.map(|c| sheet.text(*row, c)).unwrap_or_default();
            let free_text =
                !expected_text.trim().is_empty() && !super::detect_answer(&expected_text);
            let answer = if free_text {
                AnswerKind::Text
            } else {
                AnswerKind::Single {
                    vocabulary: "yes-no-na".into(),
                    other: None,
                }
            };
            let references = t
                .references
                .iter()
                .filter_map(|(c, source)| {
                    let at = sheet.text(*row, *c).trim().to_string();
                    (!at.is_empty() && !at.chars().all(|x| x == '_')).then(|| Reference {
                        source: source.clone(),
                        at,
                    })
                })
                .collect();
            let mut fields = Vec::new();
            let mut rules = Vec::new();
            for (_, field) in &t.fields {
                let label = match field.as_str() {
                    "checked_on" => Text::new("確認日", "Date checked"),
                    "target_date" => Text::new("目標日", "Target date"),
                    other => Text::new(other, other),
                };
                fields.push(ExtraField {
                    id: field.clone(),
                    label,
                    kind: FieldKind::Date,
                });
                if field == "target_date" && !free_text {
                    rules.push(Rule::FieldRequired {
                        field: field.clone(),
                        when: vec!["no".into()],
                    });
                }
            }
            let item = Item {
                id: item_id,
                text,
                answer,
                optional: false,
                fields,
                rules,
                references,
                tags: Vec::new(),
            };
            items.push((item, section.clone()));
        }
    }
    // Sections: banners or categories in reading order, else the id's letter prefix.
    let mut sections: Vec<Section> = Vec::new();
    for (item, section) in items {
        let (sid, title) = match &section {
            Some(title) => (code_in_banner(title).unwrap_or_default(), title.clone()),
            None => {
                let prefix: String = item
                    .id
                    .chars()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect();
                let prefix = if prefix.is_empty() {
                    "items".to_string()
                } else {
                    prefix
                };
                (prefix.clone(), prefix)
            }
        };
        let existing = sections
            .iter()
            .position(|s| s.title.ja == title || s.title.en == title);
        match existing {
            Some(i) => sections[i].items.push(item),
            None => {
                // A banner without a code in brackets: the items' id prefix, if free.
                let prefix: String = item
                    .id
                    .chars()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect();
                let sid = if sid.is_empty() && !prefix.is_empty() {
                    prefix
                } else {
                    sid
                };
                let sid = if sid.is_empty() || sections.iter().any(|s| s.id == sid) {
                    format!("S{}", sections.len() + 1)
                } else {
                    sid
                };
                let t = if has_cjk(&title) {
                    Text::new(title, "")
                } else {
                    Text::new("", title)
                };
                sections.push(Section {
                    id: sid,
                    title: t,
                    references: Vec::new(),
                    items: vec![item],
                });
            }
        }
    }
    let mut vocabulary = yes_no_na(
        values_seen_see_notes
            || frame.is_some_and(|f| {
                f.vocabularies
                    .iter()
                    .any(|v| v.codes.iter().any(|c| c.review))
            }),
    );
    for (mark, means) in &detected.legend {
        if let Some(code) = match_code(&vocabulary, means).map(|c| c.code.clone())
            && let Some(c) = vocabulary.codes.iter_mut().find(|c| c.code == code)
            && !c.aliases.contains(mark)
        {
            c.aliases.push(mark.clone());
        }
    }
    let cover: Vec<CoverField> = match frame {
        Some(f) => f.cover.clone(),
        None => vec![CoverField {
            id: "vendor".into(),
            label: Text::new("事業者名", "Vendor"),
            kind: FieldKind::Text,
            optional: false,
            official_id: None,
        }],
    };
    let q = Questionnaire {
        format: QUESTIONNAIRE_FORMAT.into(),
        id: id.to_string(),
        version: version.to_string(),
        title: if has_cjk(title) {
            Text::new(title, "")
        } else {
            Text::new("", title)
        },
        complete: true,
        sample: false,
        notice: Some(Text::new(
            "利用者が持つ公式のワークブックから取り出した質問票です。公式の文言を含むため、再配布しないでください。",
            "Extracted from the user's own copy of the official workbook; it holds official wording, do not redistribute it.",
        )),
        vocabularies: vec![vocabulary],
        cover,
        sections,
    };
    if let Some(f) = frame {
        let frame_index = f.index();
        for (_, item) in q.items() {
            if !frame_index.contains_key(item.id.as_str())
                && let Some(likely) = crate::validate::suspected_typo(f, &item.id)
            {
                findings.push(Finding::new(
                        Severity::Warning,
                        "suspected-typo",
                        pointer(&["items", &item.id]),
                        match lang {
                            Lang::Ja => format!("項目 ID {:?} は {} にありません。{likely:?} の誤記と思われます（ID はそのまま残しました）。", item.id, f.name()),
                            Lang::En => format!("item id {:?} is not in {}; likely a typo for {likely:?} (kept as is)", item.id, f.name()),
                        },
                    ));
            }
        }
    }
    (q, findings)
}
