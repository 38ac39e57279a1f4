//! Workbooks nobody wrote for mds: reading answers through a detected (or given) layout, matching
//! a workbook to a questionnaire by its item ids, and extracting a questionnaire from the user's
//! own copy of an official form.

use std::collections::BTreeMap;

use indexmap::IndexMap;

use super::cell::{CellAt, CellValue, Workbook, cell_ref, column_letters};
use super::detect::{Detected, Table};
use super::import::{Imported, field_value, read_answer};
use crate::finding::{Finding, Lang, Severity, pointer};
use crate::model::{
    Answer, AnswerKind, Code, CoverField, ExtraField, FieldKind, Importance, Item, Pin,
    QUESTIONNAIRE_FORMAT, Questionnaire, RESPONSE_FORMAT, Reference, Response, Rule, Section, Text,
    Vocabulary,
};
use crate::normalize::{match_code, normalize};

/// Labels that name the vendor on cover sheets, besides the questionnaire's own labels.
const VENDOR_LABELS: &[&str] = &[
    "事業者名",
    "製造業者名",
    "製造販売業者名",
    "会社名",
    "企業名",
    "法人名",
    "社名",
    "貴社名",
    "御社名",
    "ベンダー名",
    "サービス事業者名",
    "提供事業者名",
    "事業者",
    "製造業者",
    "manufacturer",
    "manufacturer name",
    "vendor",
    "vendor name",
    "company",
    "company name",
    "provider",
    "provider name",
    "solution provider name",
    "supplier",
    "supplier name",
];

/// Labels of cover sheets that are no value: every cover field's label, the vendor's labels,
/// and what cover sheets ask beside them.
fn is_cover_label(t: &str, q: &Questionnaire) -> bool {
    const OTHERS: [&str; 16] = [
        "記入日",
        "作成日",
        "提出日",
        "日付",
        "回答日",
        "担当者",
        "担当者名",
        "連絡先",
        "電話番号",
        "メールアドレス",
        "住所",
        "製品名",
        "date",
        "contact",
        "product",
        "product name",
    ];
    let t = t.trim_end_matches([':', '：']).trim();
    OTHERS.contains(&t)
        || VENDOR_LABELS.iter().any(|l| normalize(l) == t)
        || q.cover
            .iter()
            .any(|c| normalize(&c.label.ja) == t || normalize(&c.label.en) == t)
}

/// A cover cell that asks rather than answers: a known label, or one ending as labels do
/// (…名, …日, …先, … Name, … Date, a colon).
fn looks_like_a_label(t: &str, q: &Questionnaire) -> bool {
    is_cover_label(t, q)
        || [
            "名", "名称", "日", "先", "者", "番号", "name", "date", "no.", ":", "：",
        ]
        .iter()
        .any(|end| t.ends_with(end))
}

/// The ids of the item rows of every table.
pub fn workbook_ids(_wb: &Workbook, detected: &Detected) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for t in &detected.tables {
        for r in &t.rows {
            if seen.insert(r.id.clone()) {
                out.push(r.id.clone());
            }
        }
    }
    out
}

/// An id compared without regard to width and spaces (`Ａ－１` is `A-1`).
fn id_key(id: &str) -> String {
    super::detect::fold_dashes(&normalize(id))
        .to_uppercase()
        .replace(' ', "")
}

/// The questionnaire's items by the id as written, then by [`id_key`].
struct Ids<'q> {
    q: &'q Questionnaire,
    exact: crate::FastMap<&'q str, &'q Item>,
    /// Built on the first id not found as written.
    loose: std::cell::OnceCell<crate::FastMap<String, &'q Item>>,
}

impl<'q> Ids<'q> {
    fn new(q: &'q Questionnaire) -> Self {
        Ids {
            q,
            exact: q.index(),
            loose: std::cell::OnceCell::new(),
        }
    }

    fn get(&self, id: &str) -> Option<&'q Item> {
        if let Some(item) = self.exact.get(id) {
            return Some(item);
        }
        let loose = self.loose.get_or_init(|| {
            let mut loose = crate::FastMap::default();
            for (_, item) in self.q.items() {
                loose.entry(id_key(&item.id)).or_insert(item);
            }
            loose
        });
        loose.get(&id_key(id)).copied()
    }
}

/// How many of `ids` a questionnaire knows (items and official cover ids).
pub fn known_ids(q: &Questionnaire, ids: &[String]) -> usize {
    let index = Ids::new(q);
    ids.iter()
        .filter(|id| {
            index.get(id).is_some()
                || q.cover
                    .iter()
                    .any(|c| c.official_id.as_deref() == Some(id.as_str()))
        })
        .count()
}

/// The questionnaire with the workbook's legend added to its vocabularies as aliases.
/// Only the vocabularies are read through it: its items are left out (a large questionnaire is
/// not copied).
fn with_legend(q: &Questionnaire, legend: &[(String, String)]) -> Questionnaire {
    let mut q = Questionnaire {
        format: q.format.clone(),
        id: q.id.clone(),
        version: q.version.clone(),
        title: q.title.clone(),
        complete: q.complete,
        sample: q.sample,
        kind: q.kind,
        notice: None,
        vocabularies: q.vocabularies.clone(),
        cover: Vec::new(),
        sections: Vec::new(),
    };
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
    // Only `See Note N` / 備考参照 refer to a note; other remarks are kept as written.
    if notes.is_empty() || !t.starts_with(['s', 'S', 'ｓ', 'Ｓ', '備']) {
        return Some(t.to_string());
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

/// The item a row answers: one of the questionnaire's, or an id it does not know (read through
/// the vocabulary most items use).
#[derive(Clone, Copy)]
enum RowItem<'q, 'w> {
    Known(&'q Item),
    Unknown(&'w str),
}

/// A row whose answer is to be read.
struct Job<'q, 'w> {
    t: &'w Table,
    sheet: &'w super::cell::Sheet,
    row: u32,
    id: &'w str,
    item: Option<RowItem<'q, 'w>>,
}

/// The import's steps in row order: a finding about a row (rare, so kept aside), or the
/// reading of a job.
enum Event {
    Finding(Box<Finding>),
    Read(usize),
}

/// What a row holds: its answer, the findings of reading it, and whether it is held.
struct Read {
    answer: Answer,
    findings: Vec<Finding>,
    held: bool,
}

/// Rows fewer than this are read on one core: a thread costs more than they do.
const ROWS_PER_THREAD: usize = 4096;

/// Reads the answer of one row: its remarks, then its value (the latest round that holds one,
/// earlier rounds kept beside it).
fn read_row(
    reading: &Reading<'_, '_>,
    t: &Table,
    sheet: &super::cell::Sheet,
    row: u32,
    item: Option<&Item>,
    notes: &BTreeMap<String, String>,
) -> Read {
    let is_held = |f: &[Finding]| f.iter().any(|f| f.code == "formula-answer");
    let mut findings = Vec::new();
    let mut held = false;
    let mut answer = Answer {
        remarks: t.remarks.and_then(|c| remarks(&sheet.text(row, c), notes)),
        ..Answer::default()
    };
    if t.rounds.is_empty() {
        let mut fields = row_fields(sheet, row, &t.fields, item);
        reading.value(
            sheet,
            row,
            t.answer,
            &t.options,
            item,
            &mut answer,
            &mut fields,
            &mut findings,
        );
        answer.fields = fields;
        held = is_held(&findings);
    } else {
        // Every round read; the latest that holds an answer is the answer.
        let mut read: Vec<(Answer, Vec<Finding>, bool)> = Vec::new();
        for round in &t.rounds {
            let mut a = Answer::default();
            let mut f = Vec::new();
            let mut fields = row_fields(sheet, row, &round.fields, item);
            let holds = reading.value(
                sheet,
                row,
                round.answer,
                &round.options,
                item,
                &mut a,
                &mut fields,
                &mut f,
            );
            a.fields = fields;
            read.push((a, f, holds));
        }
        let latest = read.iter().rposition(|(_, _, holds)| *holds);
        for (i, (a, f, holds)) in read.into_iter().enumerate() {
            if Some(i) == latest {
                held = is_held(&f);
                answer.value = a.value;
                answer.raw = a.raw;
                answer.fields = a.fields;
                if let Some(note) = a.remarks {
                    answer.remarks = Some(match answer.remarks.take() {
                        Some(r) => format!("{note}\n{r}"),
                        None => note,
                    });
                }
                findings.extend(f);
            } else if holds && latest.is_some_and(|l| i < l) {
                answer.rounds.push(crate::model::Round {
                    label: t.rounds[i].label.clone(),
                    value: a.value,
                    fields: a.fields,
                });
            } else if latest.is_none() && i + 1 == t.rounds.len() {
                answer.fields = a.fields;
            }
        }
    }
    Read {
        answer,
        findings,
        held,
    }
}

/// What the questionnaire's reading of a workbook needs at hand.
struct Reading<'q, 'm> {
    q: &'q Questionnaire,
    matcher: &'m crate::normalize::Matcher<'q>,
    lang: Lang,
    /// The workbook is recalculated when opened: formulas' saved results are not what is seen.
    recalculates: bool,
}

impl Reading<'_, '_> {
    /// Reads the value in an answer cell or in a row of option columns into `answer`; true when
    /// the row holds an answer (or something that was meant as one).
    #[allow(clippy::too_many_arguments)]
    fn value(
        &self,
        sheet: &super::cell::Sheet,
        row: u32,
        cell_col: Option<u32>,
        options: &[(String, u32)],
        item: Option<&Item>,
        answer: &mut Answer,
        fields: &mut IndexMap<String, crate::model::FieldValue>,
        findings: &mut Vec<Finding>,
    ) -> bool {
        // An answer the spreadsheet shows otherwise than it was saved (a formula) is held for
        // a person to judge.
        let untrusted = cell_col
            .into_iter()
            .chain(options.iter().map(|(_, c)| *c))
            .find(|c| sheet.untrusted(row, *c, self.recalculates));
        if let Some(col) = untrusted {
            let cell = sheet.get(row, col);
            let at = CellAt {
                sheet: &sheet.name,
                row,
                col,
            };
            let id = item.map_or_else(|| at.to_string(), |i| i.id.clone());
            findings.push(super::import::formula_answer(cell, at, &id, self.lang));
            answer.value = crate::model::AnswerValue::Null;
            answer.raw = cell.map(CellValue::text);
            return true;
        }
        if options.is_empty() {
            let cell = cell_col.and_then(|c| sheet.get(row, c));
            let at = CellAt {
                sheet: &sheet.name,
                row,
                col: cell_col.unwrap_or(0),
            };
            read_answer(
                self.q,
                item,
                cell,
                answer,
                fields,
                at,
                self.lang,
                findings,
                self.matcher,
            );
            return !answer.value.is_empty() || answer.raw.is_some();
        }
        let vocabulary = item
            .and_then(|i| i.answer.vocabulary())
            .and_then(|v| self.q.vocabulary(v));
        // Marked options: a mark, TRUE, 1, or the option's own word; any other text counts as
        // written in that option and is kept in `raw`.
        let mut marked: Vec<(&str, u32, String)> = Vec::new();
        for (code, c) in options {
            let Some(v) = sheet.get(row, *c) else {
                continue;
            };
            let text = v.text();
            let is_marked = match crate::normalize::option_mark(&text) {
                Some(m) => m,
                None => !text.trim().is_empty(),
            };
            if is_marked {
                marked.push((code.as_str(), *c, text));
            }
        }
        let code_of = |code: &str| -> Option<String> {
            let v = vocabulary?;
            v.code(code)
                .map(|c| c.code.clone())
                .or_else(|| self.matcher.find(&v.id, code).map(|c| c.code.clone()))
        };
        match marked.as_slice() {
            [] => false,
            [(code, c, text)] => {
                match code_of(code) {
                    Some(code) => {
                        answer.value = crate::model::AnswerValue::Text(code);
                        if crate::normalize::option_mark(text).is_none() {
                            answer.raw = Some(text.clone());
                        }
                    }
                    None => {
                        answer.value = crate::model::AnswerValue::Null;
                        answer.raw = Some(text.clone());
                        findings.push(Finding::new(
                            Severity::Error,
                            "unmapped-value",
                            cell_ref(&sheet.name, row, *c),
                            match self.lang {
                                Lang::Ja => {
                                    format!("列の選択肢「{code}」はこの項目の選択肢にありません。")
                                }
                                Lang::En => format!(
                                    "the column's option “{code}” is not a choice of this item"
                                ),
                            },
                        ));
                    }
                }
                true
            }
            several => {
                let cols: Vec<String> =
                    several.iter().map(|(_, c, _)| column_letters(*c)).collect();
                answer.value = crate::model::AnswerValue::Null;
                answer.raw = Some(
                    several
                        .iter()
                        .map(|(code, _, text)| format!("{code}:{}", text.trim()))
                        .collect::<Vec<_>>()
                        .join(" "),
                );
                findings.push(Finding::new(
                    Severity::Error,
                    "multiple-options",
                    cell_ref(&sheet.name, row, several[0].1),
                    match self.lang {
                        Lang::Ja => format!(
                            "{} 行目で複数の選択肢の列（{}）に印があります。1 つだけに印を付けてください。",
                            u64::from(row) + 1,
                            cols.join("、")
                        ),
                        Lang::En => format!(
                            "row {} marks more than one option ({}); mark exactly one",
                            u64::from(row) + 1,
                            cols.join(", ")
                        ),
                    },
                ));
                true
            }
        }
    }
}

/// Date fields of a row, under the item's own field ids: a 確認日 column fills the item's field
/// labelled 確認日 (or Date checked) whatever its id.
fn row_fields(
    sheet: &super::cell::Sheet,
    row: u32,
    columns: &[(u32, String)],
    item: Option<&Item>,
) -> IndexMap<String, crate::model::FieldValue> {
    let mut fields = IndexMap::new();
    for (c, field) in columns {
        if let Some(v) = sheet.get(row, *c)
            && !v.text().trim().is_empty()
        {
            let id = item
                .filter(|i| !i.fields.iter().any(|f| &f.id == field))
                .and_then(|i| {
                    i.fields.iter().find(|f| {
                        super::detect::names_field(field, &f.label.ja)
                            || super::detect::names_field(field, &f.label.en)
                    })
                })
                .map_or_else(|| field.clone(), |f| f.id.clone());
            fields.insert(id, field_value(v, FieldKind::Date));
        }
    }
    fields
}

/// The tables of `detected` that hold answers to `q`, by index in sheet order. Not read: a table
/// whose ids `q` mostly does not know (a cover table, an evaluation tab numbering its rows) when
/// another table's ids are known, and a view (an evaluation tab, a copy by formula) that shows
/// only items and cover fields of the tables before it.
pub fn answer_tables(detected: &Detected, q: &Questionnaire) -> Vec<usize> {
    answer_tables_by(detected, q, &row_items(detected, &Ids::new(q)))
}

/// The item of each row of each table of `detected`, looked up once.
fn row_items<'q>(detected: &Detected, index: &Ids<'q>) -> Vec<Vec<Option<&'q Item>>> {
    detected
        .tables
        .iter()
        .map(|t| t.rows.iter().map(|r| index.get(&r.id)).collect())
        .collect()
}

fn answer_tables_by(
    detected: &Detected,
    q: &Questionnaire,
    items: &[Vec<Option<&Item>>],
) -> Vec<usize> {
    // Each row's item id (or official cover id).
    let keys: Vec<Vec<Option<&str>>> = detected
        .tables
        .iter()
        .zip(items)
        .map(|(t, items)| {
            t.rows
                .iter()
                .zip(items)
                .map(|(r, item)| match item {
                    Some(item) => Some(item.id.as_str()),
                    None => q
                        .cover
                        .iter()
                        .any(|c| c.official_id.as_deref() == Some(r.id.as_str()))
                        .then_some(r.id.as_str()),
                })
                .collect()
        })
        .collect();
    let known: Vec<usize> = keys
        .iter()
        .map(|k| k.iter().filter(|k| k.is_some()).count())
        .collect();
    let best = known.iter().copied().max().unwrap_or(0);
    let mut shown: crate::FastSet<&str> = crate::FastSet::default();
    let mut out = Vec::new();
    for (i, ((t, n), k)) in detected.tables.iter().zip(&known).zip(&keys).enumerate() {
        if !(best == 0 || *n * 2 >= t.rows.len() || *n == best) {
            continue;
        }
        // A table whose ids all stood in an earlier one (a copy by formula) is left out; the
        // only table needs no such look.
        if detected.tables.len() > 1 {
            let ids: Vec<&str> = k.iter().flatten().copied().collect();
            if best > 0 && !ids.is_empty() && ids.iter().all(|id| shown.contains(id)) {
                continue;
            }
            shown.extend(ids);
        }
        out.push(i);
    }
    out
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
    let fallback = main_vocabulary(q);
    let index = Ids::new(q);
    let matcher = crate::normalize::Matcher::new(&q_read);
    let reading = Reading {
        q: &q_read,
        matcher: &matcher,
        lang,
        recalculates: wb.recalculates,
    };
    let mut findings = Vec::new();
    let mut held = Vec::new();
    let mut places = super::import::Places::default();
    let mut cover: IndexMap<String, String> = IndexMap::new();
    let row_items = row_items(detected, &index);
    let (tables, tables_items): (Vec<&Table>, Vec<&Vec<Option<&Item>>>) =
        answer_tables_by(detected, q, &row_items)
            .into_iter()
            .map(|i| (&detected.tables[i], &row_items[i]))
            .unzip();
    let rows: usize = tables.iter().map(|t| t.rows.len()).sum();
    let mut answers = crate::model::Answers::with_capacity_and_hasher(rows, Default::default());
    // The items read so far, each with the table it was last seen in.
    let mut seen: crate::FastMap<&str, usize> = crate::FastMap::default();
    seen.reserve(rows);
    places.reserve(rows);
    // Items that have a visible row: their hidden rows are set aside (looked for only when a
    // row is hidden).
    let visible: crate::FastSet<&str> = if tables.iter().any(|t| t.rows.iter().any(|r| r.hidden)) {
        tables
            .iter()
            .flat_map(|t| t.rows.iter())
            .zip(tables_items.iter().flat_map(|items| items.iter()))
            .filter(|(r, _)| !r.hidden)
            .map(|(r, item)| item.map_or(r.id.as_str(), |i| i.id.as_str()))
            .collect()
    } else {
        crate::FastSet::default()
    };
    let mut events: Vec<Event> = Vec::with_capacity(rows);
    let mut jobs: Vec<Job<'_, '_>> = Vec::with_capacity(rows);
    for (number, (t, items)) in tables.iter().copied().zip(&tables_items).enumerate() {
        let Some(sheet) = wb.sheet(&t.sheet) else {
            continue;
        };
        let table_place = places.table(super::import::TablePlace {
            sheet: sheet.name.clone(),
            id: t.id,
            answer: Some(t.answer_column()),
            remarks: t.remarks,
            other: None,
            confirmed: None,
            fields: t.fields.iter().map(|(c, f)| (f.clone(), *c)).collect(),
        });
        for (r, known_item) in t.rows.iter().zip(items.iter().copied()) {
            let row = r.row;
            let id: &str = known_item.map_or(r.id.as_str(), |i| i.id.as_str());
            if let Some(field) = q
                .cover
                .iter()
                .find(|c| c.official_id.as_deref() == Some(r.id.as_str()))
            {
                // The first sheet that holds the field is its place; other sheets copy it.
                if cover.contains_key(&field.id) {
                    continue;
                }
                let answer_cell = t
                    .answer
                    .and_then(|c| sheet.get(row, c))
                    .filter(|v| !matches!(v, CellValue::Formula(_)));
                let value = match answer_cell {
                    Some(CellValue::Date(iso)) => iso.clone(),
                    Some(v) if field.kind == FieldKind::Date => {
                        crate::normalize::parse_date(&v.text())
                            .unwrap_or_else(|| v.text().trim().to_string())
                    }
                    Some(v) => v.text().trim().to_string(),
                    None => String::new(),
                };
                let at = pointer(&["cover", &field.id]);
                if !value.is_empty() || places.get(&at).is_none() {
                    places.insert(at, cell_ref(&sheet.name, row, t.answer_column()));
                }
                if !value.is_empty() {
                    cover.insert(field.id.clone(), value);
                }
                continue;
            }
            if r.hidden && visible.contains(id) {
                continue;
            }
            let again = match seen.entry(id) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(number);
                    None
                }
                std::collections::hash_map::Entry::Occupied(mut o) => {
                    Some(std::mem::replace(o.get_mut(), number) == number)
                }
            };
            if let Some(same_table) = again {
                // Another sheet showing the same item (an evaluation tab, a copy by formula):
                // the first one is the answer. A second row in the same table is reported.
                if !same_table {
                    continue;
                }
                events.push(Event::Finding(Box::new(Finding::new(
                    Severity::Warning,
                    "duplicate-row",
                    cell_ref(&sheet.name, row, t.id),
                    match lang {
                        Lang::Ja => {
                            format!("項目 {id} の行が重複しています。最初の行を使いました。")
                        }
                        Lang::En => {
                            format!("item {id} appears in more than one row; the first one is used")
                        }
                    },
                ))));
                continue;
            }
            if r.hidden {
                events.push(Event::Finding(Box::new(Finding::new(
                    Severity::Warning,
                    "hidden-content",
                    cell_ref(&sheet.name, row, t.id),
                    match lang {
                        Lang::Ja => format!(
                            "項目 {id} の行（{} 行目）は非表示（またはフィルタ・折りたたみで隠れた行）ですが、この項目の唯一の行なので読みました。表示して内容を確かめてください。",
                            u64::from(row) + 1
                        ),
                        Lang::En => format!(
                            "the row of item {id} (row {}) is hidden, filtered out or collapsed; it is the item's only row, so it was read: show it and check it",
                            u64::from(row) + 1
                        ),
                    },
                ))));
            }
            places.row(id, table_place, row);
            let item = match known_item {
                Some(item) => Some(RowItem::Known(item)),
                None => fallback.as_ref().map(|_| RowItem::Unknown(id)),
            };
            events.push(Event::Read(jobs.len()));
            jobs.push(Job {
                t,
                sheet,
                row,
                id,
                item,
            });
        }
    }
    // The answers are read on the cores there are (each row on its own), then recorded in row
    // order with the findings of the rows around them, as one pass would.
    let read_one = |job: &Job<'_, '_>| {
        let synthetic;
        let item = match job.item {
            Some(RowItem::Known(item)) => Some(item),
            Some(RowItem::Unknown(id)) => {
                synthetic = fallback.as_ref().map(|v| Item {
                    optional: true,
                    ..Item::new(
                        id,
                        AnswerKind::Single {
                            vocabulary: v.clone(),
                            other: None,
                        },
                    )
                });
                synthetic.as_ref()
            }
            None => None,
        };
        read_row(&reading, job.t, job.sheet, job.row, item, &detected.notes)
    };
    // Each answer is read into its place in the response: the answers are made in row order
    // (each job's id is new, see `seen`), then filled in on the cores there are.
    for job in &jobs {
        answers.insert(job.id.to_string(), Answer::default());
    }
    let mut slots: Vec<&mut Answer> = answers.values_mut().collect();
    let read: Vec<(Vec<Finding>, bool)> = crate::parallel::zip_in_order(
        &jobs,
        &mut slots,
        ROWS_PER_THREAD,
        usize::MAX,
        |_, job, slot| {
            let one = read_one(job);
            **slot = one.answer;
            (one.findings, one.held)
        },
    )
    .unwrap_or_else(|e| std::panic::resume_unwind(e));
    drop(slots);
    let mut read = read.into_iter();
    for event in events {
        match event {
            Event::Finding(f) => findings.push(*f),
            Event::Read(j) => {
                let Some((found, held_row)) = read.next() else {
                    continue;
                };
                if held_row {
                    held.push(jobs[j].id.to_string());
                }
                findings.extend(found);
            }
        }
    }
    // Cover fields written beside their labels (`会社名 | 株式会社…`, or `会社名：株式会社…` in
    // one cell), on any visible sheet: every short cell normalised once.
    // The rows of the items are no cover: they are left out.
    let mut item_rows: crate::FastMap<&str, crate::FastSet<u32>> = crate::FastMap::default();
    for t in &tables {
        item_rows
            .entry(t.sheet.as_str())
            .or_default()
            .extend(t.rows.iter().map(|r| r.row));
    }
    let no_rows = crate::FastSet::default();
    let mut labelled: BTreeMap<String, (String, u32, u32, Option<String>)> = BTreeMap::new();
    let missing = q.cover.iter().any(|c| !cover.contains_key(&c.id));
    // An example sheet (記入例) shows a made-up vendor.
    for sheet in wb
        .sheets
        .iter()
        .filter(|s| missing && !s.hidden && !super::detect::is_example(&s.name))
    {
        let items_here = item_rows.get(sheet.name.as_str()).unwrap_or(&no_rows);
        for (&(row, col), value) in &sheet.cells {
            let CellValue::Text(text) = value else {
                continue;
            };
            if text.len() > 240 || items_here.contains(&row) {
                continue;
            }
            let t = normalize(text);
            let whole = t.trim_end_matches([':', '：']).trim().to_string();
            labelled
                .entry(whole)
                .or_insert_with(|| (sheet.name.clone(), row, col, None));
            if let Some((label, value)) = text.split_once(['：', ':'])
                && !value.trim().is_empty()
            {
                labelled.entry(normalize(label)).or_insert_with(|| {
                    (sheet.name.clone(), row, col, Some(value.trim().to_string()))
                });
            }
        }
    }
    for field in &q.cover {
        if cover.contains_key(&field.id) {
            continue;
        }
        let mut labels: Vec<String> = vec![normalize(&field.label.ja), normalize(&field.label.en)];
        if field.id == "vendor" {
            labels.extend(VENDOR_LABELS.iter().map(|l| normalize(l)));
        }
        for label in labels.iter().filter(|l| !l.is_empty()) {
            let Some((sheet_name, row, col, inline)) = labelled.get(label) else {
                continue;
            };
            let Some(sheet) = wb.sheet(sheet_name) else {
                continue;
            };
            // A value: not a formula saved without its result (nothing a person could read),
            // not punctuation (`会社名 | ： | 株式会社X`).
            let readable = |v: &CellValue| {
                !matches!(v, CellValue::Formula(_)) && v.text().chars().any(|c| c.is_alphanumeric())
            };
            let found = match inline {
                Some(v) => Some((*row, *col, CellValue::Text(v.as_str().into()))),
                None => {
                    let right = sheet
                        .cells
                        .range((*row, col.saturating_add(1))..=(*row, u32::MAX))
                        .find(|(_, v)| readable(v))
                        .map(|(&(r, c), v)| (r, c, v.clone()));
                    // Another label to the right (会社名 | 記入日 over their values): the value
                    // stands under the label.
                    let beside_a_label = right
                        .as_ref()
                        .is_some_and(|(_, _, v)| is_cover_label(&normalize(&v.text()), q));
                    if right.is_some() && !beside_a_label {
                        right
                    } else {
                        sheet
                            .get(row.saturating_add(1), *col)
                            .filter(|v| {
                                readable(v) && !looks_like_a_label(&normalize(&v.text()), q)
                            })
                            .map(|v| (row.saturating_add(1), *col, v.clone()))
                    }
                }
            };
            let Some((r, c, v)) = found else {
                continue;
            };
            let value = match (&v, field.kind) {
                (CellValue::Date(iso), _) => iso.clone(),
                (v, FieldKind::Date) => crate::normalize::parse_date(&v.text())
                    .unwrap_or_else(|| v.text().trim().to_string()),
                (v, _) => v.text().trim().to_string(),
            };
            places.insert(pointer(&["cover", &field.id]), cell_ref(sheet_name, r, c));
            cover.insert(field.id.clone(), value);
            break;
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
    let mut imported = Imported {
        response,
        findings,
        places,
        sheets: wb.sheets.iter().map(|s| s.name.clone()).collect(),
        held,
    };
    let mut findings = std::mem::take(&mut imported.findings);
    imported.sort_in_sheet_order(&mut findings);
    imported.findings = findings;
    imported
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

/// Header labels of a column that holds a question's default importance (HECVAT's
/// "Default Importance"), and of one that holds its weight in points ("Default Weight").
const IMPORTANCE_LABELS: &[&str] = &["default importance", "importance", "重要度", "既定の重要度"];
const WEIGHT_LABELS: &[&str] = &["default weight", "weight", "配点", "重み"];

/// The importance and weight columns in a table's header row, by their labels.
fn hint_columns(sheet: &super::cell::Sheet, t: &Table) -> (Option<u32>, Option<u32>) {
    let find = |labels: &[&str]| {
        sheet
            .cells
            .range((t.header_row, 0)..=(t.header_row, u32::MAX))
            .find(|(_, v)| {
                let text = normalize(&v.text());
                labels.iter().any(|l| normalize(l) == text)
            })
            .map(|(&(_, c), _)| c)
    };
    (find(IMPORTANCE_LABELS), find(WEIGHT_LABELS))
}

/// A default importance as a questionnaire writes it: `Critical Importance`, `Standard`,
/// `Minor Importance`, `Does Not Apply/Do Not Score`; or a weight in the default points
/// (20 / 10 / 5 / 0).
fn importance_of(text: &str, weight: bool) -> Option<Importance> {
    let t = normalize(text);
    if t.is_empty() {
        return None;
    }
    if weight {
        let w = t.parse::<f64>().ok()?;
        if w.fract() != 0.0 {
            return None;
        }
        return match w as i64 {
            20 => Some(Importance::Critical),
            10 => Some(Importance::Standard),
            5 => Some(Importance::Minor),
            0 => Some(Importance::None),
            _ => None,
        };
    }
    let word = t.trim_end_matches("importance").trim();
    match word {
        "critical" | "high" | "高" => Some(Importance::Critical),
        "standard" | "medium" | "中" => Some(Importance::Standard),
        "minor" | "low" | "低" => Some(Importance::Minor),
        "none" => Some(Importance::None),
        _ if t.starts_with("does not apply") || t.contains("do not score") => {
            Some(Importance::None)
        }
        _ => None,
    }
}

/// The codes a cell of the compliant-answer column means (`Yes`, `No`, `Yes, N/A`); empty when
/// any part is not a code of the vocabulary (`Not scored`).
fn compliant_codes(vocabulary: &Vocabulary, text: &str) -> Vec<String> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    if let Some(c) = match_code(vocabulary, text) {
        return vec![c.code.clone()];
    }
    let mut codes: Vec<String> = Vec::new();
    for part in text
        .split([',', '、', ';', '；', '・'])
        .flat_map(|p| p.split(" or "))
    {
        match match_code(vocabulary, part) {
            Some(c) if !codes.contains(&c.code) => codes.push(c.code.clone()),
            Some(_) => {}
            None => return Vec::new(),
        }
    }
    codes
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
                let _ = s;
                t.rows.iter().map(|r| r.id.clone()).collect()
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
    // The compliant answer as written, per item id: read through the vocabulary at the end.
    let mut compliant_text: BTreeMap<String, String> = BTreeMap::new();
    let mut seen = std::collections::BTreeSet::new();
    for t in &tables {
        let Some(sheet) = wb.sheet(&t.sheet) else {
            continue;
        };
        let (importance_col, weight_col) = hint_columns(sheet, t);
        for r in &t.rows {
            let (row, section) = (&r.row, &r.section);
            let item_id = r.id.clone();
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
                    planned: false,
                });
                if field == "target_date" && !free_text {
                    rules.push(Rule::FieldRequired {
                        field: field.clone(),
                        when: vec!["no".into()],
                    });
                }
            }
            let importance = importance_col
                .and_then(|c| importance_of(&sheet.text(*row, c), false))
                .or_else(|| weight_col.and_then(|c| importance_of(&sheet.text(*row, c), true)));
            if !free_text && !expected_text.trim().is_empty() {
                compliant_text.insert(item_id.clone(), expected_text.to_string());
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
                compliant: Vec::new(),
                importance,
            };
            items.push((item, section.clone()));
        }
    }
    // The vendor's name asked as a question (HECVAT's GNRL-01 "Solution Provider Name"): the
    // cover field `vendor`, found by its official id when answers are read.
    let mut vendor_field: Option<CoverField> = None;
    if frame.is_none() {
        let vendor_labels: Vec<String> = VENDOR_LABELS.iter().map(|l| normalize(l)).collect();
        if let Some(i) = items.iter().position(|(item, _)| {
            [&item.text.ja, &item.text.en].into_iter().any(|t| {
                let t = normalize(t);
                let t = t.trim_end_matches([':', '：', '*']).trim();
                vendor_labels.iter().any(|l| l == t)
            })
        }) {
            let (item, _) = items.remove(i);
            vendor_field = Some(CoverField {
                id: "vendor".into(),
                label: Text::new(
                    if item.text.ja.is_empty() {
                        "事業者名"
                    } else {
                        &item.text.ja
                    },
                    if item.text.en.is_empty() {
                        "Vendor"
                    } else {
                        &item.text.en
                    },
                ),
                kind: FieldKind::Text,
                optional: false,
                official_id: Some(item.id),
            });
        }
    }
    // Sections: banners or categories in reading order, else the id's letter prefix, titled by
    // the banners above the same items on the other sheets (HECVAT's answer tabs).
    let prefix_of = |id: &str| -> String {
        let prefix: String = id.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        if prefix.is_empty() {
            "items".to_string()
        } else {
            prefix
        }
    };
    let untitled: std::collections::BTreeSet<&str> = items
        .iter()
        .filter(|(_, section)| section.is_none())
        .map(|(item, _)| item.id.as_str())
        .collect();
    // prefix -> (title, rows under it, first seen), over every table's rows of these items.
    let mut banners: BTreeMap<String, Vec<(String, usize, usize)>> = BTreeMap::new();
    let mut order = 0usize;
    for t in &detected.tables {
        for r in &t.rows {
            let Some(title) = r
                .section
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
            else {
                continue;
            };
            if !untitled.contains(r.id.as_str()) {
                continue;
            }
            let titles = banners.entry(prefix_of(&r.id)).or_default();
            match titles.iter_mut().find(|(x, _, _)| x == title) {
                Some(entry) => entry.1 += 1,
                None => titles.push((title.to_string(), 1, order)),
            }
            order += 1;
        }
    }
    let banner_of = |prefix: &str| -> Option<String> {
        banners
            .get(prefix)?
            .iter()
            .max_by_key(|(_, n, first)| (*n, std::cmp::Reverse(*first)))
            .map(|(title, _, _)| title.clone())
    };
    let mut sections: Vec<Section> = Vec::new();
    let mut by_prefix: BTreeMap<String, usize> = BTreeMap::new();
    for (item, section) in items {
        let Some(title) = section else {
            let prefix = prefix_of(&item.id);
            if let Some(&i) = by_prefix.get(&prefix) {
                sections[i].items.push(item);
                continue;
            }
            let title = banner_of(&prefix).unwrap_or_else(|| prefix.clone());
            let sid = if sections.iter().any(|s| s.id == prefix) {
                format!("S{}", sections.len() + 1)
            } else {
                prefix.clone()
            };
            by_prefix.insert(prefix, sections.len());
            sections.push(Section {
                id: sid,
                title: if has_cjk(&title) {
                    Text::new(title, "")
                } else {
                    Text::new("", title)
                },
                references: Vec::new(),
                items: vec![item],
            });
            continue;
        };
        let sid = code_in_banner(&title).unwrap_or_default();
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
    // The compliant answers, as codes of the vocabulary.
    for section in &mut sections {
        for item in &mut section.items {
            if let Some(text) = compliant_text.get(&item.id) {
                item.compliant = compliant_codes(&vocabulary, text);
            }
        }
    }
    let cover: Vec<CoverField> = match frame {
        Some(f) => f.cover.clone(),
        None => vec![vendor_field.unwrap_or_else(|| CoverField {
            id: "vendor".into(),
            label: Text::new("事業者名", "Vendor"),
            kind: FieldKind::Text,
            optional: false,
            official_id: None,
        })],
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
        kind: None,
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
        let typos = f.typo_index();
        for (_, item) in q.items() {
            if !frame_index.contains_key(item.id.as_str())
                && let Some(likely) = typos.suspected(&item.id)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn importance_as_questionnaires_write_it() {
        let words = [
            ("Critical Importance", Some(Importance::Critical)),
            ("Standard Importance", Some(Importance::Standard)),
            ("minor", Some(Importance::Minor)),
            ("Does Not Apply/Do Not Score", Some(Importance::None)),
            ("", None),
            ("Neutral until evaluated", None),
        ];
        for (text, want) in words {
            assert_eq!(importance_of(text, false), want, "{text}");
        }
        let weights = [
            ("20", Some(Importance::Critical)),
            ("10", Some(Importance::Standard)),
            ("5", Some(Importance::Minor)),
            ("0", Some(Importance::None)),
            ("7", None),
            ("None", None),
        ];
        for (text, want) in weights {
            assert_eq!(importance_of(text, true), want, "{text}");
        }
    }

    #[test]
    fn compliant_answers_become_codes() {
        let v = yes_no_na(false);
        assert_eq!(compliant_codes(&v, "Yes"), vec!["yes"]);
        assert_eq!(compliant_codes(&v, "No"), vec!["no"]);
        assert_eq!(compliant_codes(&v, "N/A"), vec!["na"]);
        assert_eq!(compliant_codes(&v, "Yes, N/A"), vec!["yes", "na"]);
        assert_eq!(compliant_codes(&v, "Yes or No"), vec!["yes", "no"]);
        assert!(compliant_codes(&v, "Not scored").is_empty());
        assert!(compliant_codes(&v, "Yes, maybe").is_empty());
        assert!(compliant_codes(&v, " ").is_empty());
    }
}
