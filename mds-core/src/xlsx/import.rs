//! Reading a filled workbook of ours back into a response.
//!
//! Sheets are found through the stamp (or by their names in either language), header rows by
//! their labels, and items by their id: rows may be sorted, inserted or deleted, columns moved.
//! Cells go through the one normalisation ([`crate::normalize`]): labels, codes and aliases in
//! either language; `はい（予定 2027/3/31）` is yes with `planned_by`; a value and a note in one
//! cell (`いいえ：次期更新で対応`, `Yes, optional`) become the value and remarks; the cell text is
//! kept in `raw` where it differs from the canonical label.

use std::collections::BTreeMap;

use indexmap::IndexMap;

use super::cell::{CellAt, CellValue, Sheet, Workbook, cell_ref};
use super::{Labels, META_SHEET, labels};
use crate::finding::{Finding, Lang, Severity};
use crate::model::{
    Answer, AnswerKind, AnswerValue, FieldKind, FieldValue, Item, Pin, Questionnaire,
    RESPONSE_FORMAT, Response, Vocabulary,
};
use crate::normalize::{Matcher, OptionCell, normalize, parse_date};

/// The stamp of one of our workbooks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// Questionnaire id.
    pub id: String,
    /// Questionnaire version.
    pub version: String,
    /// Questionnaire digest, when recorded.
    pub digest: Option<String>,
    /// The cover sheet's name, when recorded.
    pub cover_sheet: Option<String>,
    /// The answer sheet's name, when recorded.
    pub answers_sheet: Option<String>,
}

/// The stamp of a workbook: the `_mds` sheet, else the custom document properties.
pub fn stamp(wb: &Workbook) -> Option<Stamp> {
    let mut values: BTreeMap<String, String> = BTreeMap::new();
    if let Some(meta) = wb.sheet(META_SHEET) {
        for row in meta.rows() {
            let (k, v) = (meta.text(row, 0), meta.text(row, 1));
            if !k.is_empty() {
                values.insert(k.into_owned(), v.into_owned());
            }
        }
    }
    let prop = |k: &str| {
        wb.properties
            .get(&format!("mds.questionnaire.{k}"))
            .cloned()
    };
    let id = values
        .get("questionnaire_id")
        .cloned()
        .or_else(|| prop("id"))
        .filter(|s| !s.is_empty())?;
    let version = values
        .get("questionnaire_version")
        .cloned()
        .or_else(|| prop("version"))
        .filter(|s| !s.is_empty())?;
    Some(Stamp {
        id,
        version,
        digest: values
            .get("questionnaire_digest")
            .cloned()
            .or_else(|| prop("digest"))
            .filter(|s| !s.is_empty()),
        cover_sheet: values.get("cover_sheet").cloned(),
        answers_sheet: values.get("answers_sheet").cloned(),
    })
}

/// A response read from a workbook, with what the import noticed and where each value came from.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The response.
    pub response: Response,
    /// Findings of the import (cells that could not be read), located as `Sheet!A1`.
    pub findings: Vec<Finding>,
    /// Where each value came from, to locate validation findings in the workbook.
    pub places: Places,
    /// The workbook's sheets in their order, to list findings in sheet order.
    pub sheets: Vec<String>,
    /// Items whose answer cell shows something other than what was saved in it (a formula:
    /// the finding `formula-answer`). Their value is left empty and they are scored as review:
    /// a person reads the workbook and judges them.
    pub held: Vec<String>,
}

impl Imported {
    /// Orders findings as a person fixes a workbook: by sheet (in the workbook's order), row and
    /// column; findings that point at no cell (the questionnaire pin, say) come first, in the
    /// order they were found.
    pub fn sort_in_sheet_order(&self, findings: &mut [Finding]) {
        let key = |f: &Finding| -> Option<(usize, u32, u32)> {
            let (sheet, cell) = f.location.rsplit_once('!')?;
            let sheet = sheet.trim_matches('\'');
            let index = self.sheets.iter().position(|s| s == sheet)?;
            let (row, col) = super::cell::parse_ref(cell)?;
            Some((index, row, col))
        };
        findings.sort_by_key(key);
    }

    /// The cell a JSON pointer points at, as precisely as the workbook allows.
    pub fn place(&self, pointer: &str) -> Option<String> {
        self.places.get(pointer)
    }
}

/// The columns of one item table, to turn a JSON pointer into a cell.
#[derive(Debug, Clone, Default)]
pub(crate) struct TablePlace {
    pub sheet: String,
    pub id: u32,
    pub answer: Option<u32>,
    pub remarks: Option<u32>,
    pub other: Option<u32>,
    pub confirmed: Option<u32>,
    pub fields: Vec<(String, u32)>,
}

/// JSON pointers -> cells. Item rows are kept as (table, row) and resolved when asked, so a
/// large workbook costs one entry per row.
#[derive(Debug, Clone, Default)]
pub struct Places {
    exact: BTreeMap<String, String>,
    tables: Vec<TablePlace>,
    rows: crate::FastMap<String, (usize, u32)>,
}

impl Places {
    pub(crate) fn insert(&mut self, pointer: String, cell: String) {
        self.exact.insert(pointer, cell);
    }

    pub(crate) fn table(&mut self, table: TablePlace) -> usize {
        self.tables.push(table);
        self.tables.len() - 1
    }

    /// Records the row of an item; false (and nothing recorded) when the item already has one.
    pub(crate) fn row(&mut self, id: &str, table: usize, row: u32) -> bool {
        if self.rows.contains_key(id) {
            return false;
        }
        self.rows.insert(id.to_string(), (table, row));
        true
    }

    /// Room for the rows of `n` more items.
    pub(crate) fn reserve(&mut self, n: usize) {
        self.rows.reserve(n);
    }

    /// The cell of a pointer, or of its nearest parent that has one.
    pub fn get(&self, pointer: &str) -> Option<String> {
        let mut p = pointer;
        loop {
            if let Some(cell) = self.exact.get(p) {
                return Some(cell.clone());
            }
            if let Some(cell) = self.row_cell(p) {
                return Some(cell);
            }
            p = &p[..p.rfind('/')?];
            if p.is_empty() {
                return None;
            }
        }
    }

    fn row_cell(&self, pointer: &str) -> Option<String> {
        let rest = pointer.strip_prefix("/answers/")?;
        let mut parts = rest.splitn(2, '/');
        let id = parts.next()?.replace("~1", "/").replace("~0", "~");
        let (t, row) = *self.rows.get(&id)?;
        let table = self.tables.get(t)?;
        let col = match parts.next() {
            None | Some("value") => table.answer.unwrap_or(table.id),
            Some("remarks") => table.remarks?,
            Some("other") => table.other?,
            Some("confirmed") => table.confirmed?,
            Some(field) => {
                let name = field.strip_prefix("fields/")?;
                table.fields.iter().find(|(f, _)| f == name)?.1
            }
        };
        Some(cell_ref(&table.sheet, row, col))
    }
}

fn both() -> [Labels; 2] {
    [labels(Lang::Ja), labels(Lang::En)]
}

fn header_is(text: &str, pick: impl Fn(&Labels) -> &'static str) -> bool {
    let t = normalize(text);
    both().iter().any(|l| normalize(pick(l)) == t)
}

/// The header row of the cover (within the first 30 rows): the row that names the id column, or
/// the label and value columns; its columns by role (`id`, `field`, `value`). The id column may
/// be hidden (the form hides it).
fn cover_header(sheet: &Sheet) -> Option<(u32, BTreeMap<String, u32>)> {
    for row in sheet.rows().into_iter().take(30) {
        let mut roles = BTreeMap::new();
        for ((_, c), v) in sheet.cells.range((row, 0)..=(row, u32::MAX)) {
            let t = v.text();
            let role = if header_is(&t, |l| l.id) {
                "id"
            } else if header_is(&t, |l| l.field) {
                "field"
            } else if header_is(&t, |l| l.value) {
                "value"
            } else {
                continue;
            };
            // Only the id column may be hidden.
            if role != "id" && sheet.hidden_cols.contains(c) {
                continue;
            }
            roles.entry(role.to_string()).or_insert(*c);
        }
        if roles.contains_key("id") || (roles.contains_key("field") && roles.contains_key("value"))
        {
            return Some((row, roles));
        }
    }
    None
}

/// The first row (within the first 30) that holds a cell equal to the id label; its columns by
/// label. `extra` holds further columns: (field id, label normalised), in order of preference.
fn header(sheet: &Sheet, extra: &[(&str, String)]) -> Option<(u32, BTreeMap<String, u32>)> {
    for row in sheet.rows().into_iter().take(30) {
        let cells: Vec<(u32, String)> = sheet
            .cells
            .range((row, 0)..=(row, u32::MAX))
            // A hidden column is never read: what is scored is what a person sees.
            .filter(|((_, c), _)| !sheet.hidden_cols.contains(c))
            .map(|((_, c), v)| (*c, v.text()))
            .collect();
        if !cells.iter().any(|(_, t)| header_is(t, |l| l.id)) {
            continue;
        }
        let mut roles = BTreeMap::new();
        for (c, t) in &cells {
            let role = if header_is(t, |l| l.id) {
                Some("id".to_string())
            } else if header_is(t, |l| l.answer) {
                Some("answer".into())
            } else if header_is(t, |l| l.remarks) {
                Some("remarks".into())
            } else if header_is(t, |l| l.other) {
                Some("other".into())
            } else if header_is(t, |l| l.confirmed) {
                Some("confirmed".into())
            } else if header_is(t, |l| l.value) {
                Some("value".into())
            } else {
                let t = normalize(t);
                extra
                    .iter()
                    .find(|(_, label)| *label == t)
                    .map(|(id, _)| format!("field:{id}"))
            };
            if let Some(role) = role {
                roles.entry(role).or_insert(*c);
            }
        }
        return Some((row, roles));
    }
    None
}

/// Reads a workbook of ours as a response to `q`.
pub fn import_workbook(wb: &Workbook, q: &Questionnaire, digest: &str, lang: Lang) -> Imported {
    let found = stamp(wb);
    let mut findings = Vec::new();
    let mut held = Vec::new();
    let mut places = Places::default();
    // A hidden sheet is never read as the cover or the answers, whatever the stamp says.
    let named = |name: Option<&String>, pick: fn(&Labels) -> &'static str| {
        name.and_then(|n| wb.sheet(n))
            .or_else(|| both().iter().find_map(|l| wb.sheet(pick(l))))
            .filter(|s| !s.hidden)
    };
    for name in found
        .iter()
        .flat_map(|s| [s.cover_sheet.as_ref(), s.answers_sheet.as_ref()])
        .flatten()
    {
        if wb.sheet(name).is_some_and(|s| s.hidden) {
            findings.push(Finding::new(
                Severity::Warning,
                "hidden-content",
                name.clone(),
                match lang {
                    Lang::Ja => format!(
                        "シート {name} は非表示なので読みませんでした。回答は表示されているシートから読みます。シートを表示して、中身を確かめてください。"
                    ),
                    Lang::En => format!(
                        "the sheet {name} is hidden, so it was not read; answers are read from visible sheets. Show the sheet and check it."
                    ),
                },
            ));
        }
    }
    let cover_sheet = named(found.as_ref().and_then(|s| s.cover_sheet.as_ref()), |l| {
        l.cover_sheet
    });
    let answers_sheet = named(found.as_ref().and_then(|s| s.answers_sheet.as_ref()), |l| {
        l.answers_sheet
    })
    .or_else(|| {
        wb.sheets
            .iter()
            .find(|s| !s.hidden && header(s, &[]).is_some_and(|(_, r)| r.contains_key("answer")))
    });

    let mut cover = IndexMap::new();
    // A value column that is hidden is not read: what is read is what a person sees.
    if let Some(sheet) = cover_sheet
        && let Some((head, roles)) = cover_header(sheet)
        && let Some(value_col) = roles.get("value").copied()
    {
        let id_col = roles.get("id").copied();
        // The form keeps the field ids in a hidden column: a row is then the field its visible
        // label names, so that what is read is what a person sees beside the value.
        let label_col = roles
            .get("field")
            .copied()
            .filter(|_| id_col.is_none_or(|c| sheet.hidden_cols.contains(&c)));
        let labels: Vec<(String, String, &str)> = q
            .cover
            .iter()
            .map(|f| {
                (
                    normalize(&f.label.ja),
                    normalize(&f.label.en),
                    f.id.as_str(),
                )
            })
            .collect();
        for row in sheet.rows().into_iter().filter(|r| *r > head) {
            let id = match label_col {
                Some(c) => {
                    let label = normalize(&sheet.text(row, c));
                    let Some((_, _, id)) = labels
                        .iter()
                        .find(|(ja, en, _)| !label.is_empty() && (*ja == label || *en == label))
                    else {
                        continue;
                    };
                    id.to_string()
                }
                None => sheet.text(row, id_col.unwrap_or(0)).trim().to_string(),
            };
            let Some(field) = q.cover_field(&id) else {
                continue;
            };
            let value = match (sheet.get(row, value_col), field.kind) {
                (None, _) => String::new(),
                (Some(CellValue::Date(iso)), _) => iso.clone(),
                (Some(v), FieldKind::Date) => {
                    let text = v.text();
                    parse_date(&text).unwrap_or_else(|| text.trim().to_string())
                }
                (Some(v), _) => v.text().trim().to_string(),
            };
            places.insert(
                crate::finding::pointer(&["cover", &id]),
                cell_ref(&sheet.name, row, value_col),
            );
            if !value.is_empty() {
                cover.insert(id, value);
            }
        }
    }
    // Keep the questionnaire's order of cover fields.
    let mut ordered = IndexMap::new();
    for field in &q.cover {
        if let Some(v) = cover.shift_remove(&field.id) {
            ordered.insert(field.id.clone(), v);
        }
    }
    ordered.extend(cover);

    let mut answers =
        crate::model::Answers::with_capacity_and_hasher(q.items().count(), Default::default());
    if let Some(sheet) = answers_sheet {
        // The items' extra fields by their labels in either language, each pair once (items
        // mostly share their fields).
        let mut seen = std::collections::HashSet::<_, foldhash::fast::RandomState>::default();
        let extra: Vec<(&str, String)> = q
            .items()
            .flat_map(|(_, i)| i.fields.iter())
            .flat_map(|x| [(x.id.as_str(), &x.label.ja), (x.id.as_str(), &x.label.en)])
            .filter(|pair| seen.insert(*pair))
            .map(|(id, label)| (id, normalize(label)))
            .collect();
        if let Some((head, roles)) = header(sheet, &extra) {
            let col = |role: &str| roles.get(role).copied();
            let id_col = col("id").unwrap_or(0);
            let index = q.index();
            let matcher = Matcher::new(q);
            let table_place = places.table(TablePlace {
                sheet: sheet.name.clone(),
                id: id_col,
                answer: col("answer"),
                remarks: col("remarks"),
                other: col("other"),
                confirmed: col("confirmed"),
                fields: roles
                    .iter()
                    .filter_map(|(r, c)| r.strip_prefix("field:").map(|f| (f.to_string(), *c)))
                    .collect(),
            });
            // The columns, looked up once rather than for every row.
            let (answer_col, remarks_col, other_col, confirmed_col) = (
                col("answer"),
                col("remarks"),
                col("other"),
                col("confirmed"),
            );
            let field_cols: Vec<(&str, u32)> = roles
                .iter()
                .filter_map(|(r, c)| r.strip_prefix("field:").map(|f| (f, *c)))
                .collect();
            let unconfirmed: Vec<String> =
                both().iter().map(|l| normalize(l.unconfirmed)).collect();
            // Items that have a visible row: their hidden rows are set aside.
            let visible: crate::FastSet<String> = sheet
                .rows()
                .into_iter()
                .filter(|r| *r > head && !sheet.hidden_rows.contains(r))
                .map(|r| sheet.text(r, id_col).trim().to_string())
                .filter(|id| !id.is_empty())
                .collect();
            for row in sheet.rows().into_iter().filter(|r| *r > head) {
                let id = sheet.text(row, id_col).trim().to_string();
                if id.is_empty() {
                    continue;
                }
                if sheet.hidden_rows.contains(&row) {
                    let set_aside = visible.contains(&id);
                    findings.push(Finding::new(
                        Severity::Warning,
                        "hidden-content",
                        cell_ref(&sheet.name, row, id_col),
                        match (lang, set_aside) {
                            (Lang::Ja, true) => format!(
                                "項目 {id} の非表示の行（{} 行目）は読みませんでした。表示されている行の回答を使います。",
                                u64::from(row) + 1
                            ),
                            (Lang::En, true) => format!(
                                "the hidden row {} of item {id} was not read; the visible row's answer is used",
                                u64::from(row) + 1
                            ),
                            (Lang::Ja, false) => format!(
                                "項目 {id} の行（{} 行目）は非表示ですが、この項目の唯一の行なので読みました。表示して内容を確かめてください。",
                                u64::from(row) + 1
                            ),
                            (Lang::En, false) => format!(
                                "the row of item {id} (row {}) is hidden; it is the item's only row, so it was read: show it and check it",
                                u64::from(row) + 1
                            ),
                        },
                    ));
                    if set_aside {
                        continue;
                    }
                }
                if !places.row(&id, table_place, row) {
                    findings.push(Finding::new(
                        Severity::Warning,
                        "duplicate-row",
                        cell_ref(&sheet.name, row, id_col),
                        match lang {
                            Lang::Ja => {
                                format!("項目 {id} の行が重複しています。最初の行を使いました。")
                            }
                            Lang::En => format!(
                                "item {id} appears in more than one row; the first one is used"
                            ),
                        },
                    ));
                    continue;
                }
                let item = index.get(id.as_str()).copied();
                let mut answer = Answer::default();
                let mut fields = IndexMap::new();
                for &(field_id, c) in &field_cols {
                    let Some(v) = sheet.get(row, c) else {
                        continue;
                    };
                    let kind = item
                        .and_then(|i| i.fields.iter().find(|x| x.id == field_id))
                        .map(|x| x.kind)
                        .unwrap_or_default();
                    fields.insert(field_id.to_string(), field_value(v, kind));
                }
                answer.remarks = remarks_col
                    .and_then(|c| sheet.get(row, c))
                    .map(CellValue::text)
                    .filter(|s| !s.is_empty());
                answer.other = other_col
                    .and_then(|c| sheet.get(row, c))
                    .map(CellValue::text)
                    .filter(|s| !s.is_empty());
                answer.confirmed = confirmed_col
                    .and_then(|c| sheet.get(row, c))
                    .filter(|v| {
                        let t = normalize(&v.text());
                        unconfirmed.contains(&t)
                    })
                    .map(|_| false);
                let cell = answer_col.and_then(|c| sheet.get(row, c));
                let at = CellAt {
                    sheet: &sheet.name,
                    row,
                    col: answer_col.unwrap_or(3),
                };
                if answer_col.is_some_and(|c| sheet.untrusted(row, c, wb.recalculates)) {
                    findings.push(formula_answer(cell, at, &id, lang));
                    answer.raw = cell.map(CellValue::text);
                    held.push(id.clone());
                } else {
                    read_answer(
                        q,
                        item,
                        cell,
                        &mut answer,
                        &mut fields,
                        at,
                        lang,
                        &mut findings,
                        &matcher,
                    );
                }
                answer.fields = fields;
                // A row with nothing filled in is no answer at all.
                if answer != Answer::default() {
                    answers.insert(id, answer);
                }
            }
        }
    }
    let response = Response {
        format: RESPONSE_FORMAT.into(),
        questionnaire: Pin {
            id: q.id.clone(),
            version: q.version.clone(),
            digest: Some(
                found
                    .and_then(|s| s.digest)
                    .unwrap_or_else(|| digest.to_string()),
            ),
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

/// The finding for an answer cell whose saved value is not what a person sees (see
/// [`Sheet::untrusted`]): the item is not scored from it but goes to review.
pub(crate) fn formula_answer(
    cell: Option<&CellValue>,
    at: CellAt<'_>,
    id: &str,
    lang: Lang,
) -> Finding {
    let saved = match cell {
        Some(CellValue::Formula(_)) | None => None,
        Some(v) => Some(crate::normalize::head(&v.text(), 80).to_string()),
    };
    Finding::new(
        Severity::Warning,
        "formula-answer",
        at,
        match (lang, saved) {
            (Lang::Ja, Some(saved)) => format!(
                "項目 {id} の回答は数式です。このブックは開くたびに再計算されるため、保存されている値（{saved}）が画面に見える値と同じとは限りません。この項目は採点せず、判定に回します。数式を値に置き換えて（コピーして［値の貼り付け］）保存したブックを事業者に求めてください。"
            ),
            (Lang::Ja, None) => format!(
                "項目 {id} の回答は数式で、その結果が保存されていません。この項目は採点せず、判定に回します。数式を値に置き換えて（コピーして［値の貼り付け］）保存したブックを事業者に求めてください。"
            ),
            (Lang::En, Some(saved)) => format!(
                "the answer of item {id} is a formula in a workbook that is recalculated whenever it is opened, so its saved value ({saved}) need not be what a reader sees; the item is not scored but goes to review. Ask the vendor for the workbook with the formula replaced by its value (copy, then Paste Values)."
            ),
            (Lang::En, None) => format!(
                "the answer of item {id} is a formula saved without its result; the item is not scored but goes to review. Ask the vendor for the workbook with the formula replaced by its value (copy, then Paste Values)."
            ),
        },
    )
}

pub(crate) fn field_value(v: &CellValue, kind: FieldKind) -> FieldValue {
    match (v, kind) {
        (CellValue::Date(iso), _) => FieldValue::Text(iso.clone()),
        (CellValue::Number(n), FieldKind::Number) => FieldValue::Number(*n),
        (v, FieldKind::Date) => {
            let text = v.text();
            FieldValue::Text(parse_date(&text).unwrap_or(text))
        }
        (v, FieldKind::Number) => {
            let text = v.text();
            normalize(&text)
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map(FieldValue::Number)
                .unwrap_or(FieldValue::Text(text))
        }
        (v, FieldKind::Text) => FieldValue::Text(v.text()),
    }
}

/// Separators between a value and a note in one cell.
const SPLIT: [char; 8] = ['：', ':', '、', ',', '，', '（', '(', ' '];

/// Splits "いいえ：次期更新で対応" into ("いいえ", "次期更新で対応").
fn split_note(text: &str) -> Option<(&str, &str)> {
    let t = text.trim();
    let at = t.find(|c: char| SPLIT.contains(&c) || c == '\u{3000}')?;
    let (head, rest) = t.split_at(at);
    let sep = rest.chars().next()?;
    let mut tail = rest[sep.len_utf8()..].trim();
    if matches!(sep, '（' | '(') {
        tail = tail.strip_suffix(['）', ')']).unwrap_or(tail).trim();
    } else {
        tail = tail.trim_start_matches(['：', ':', '、', ',', '，']).trim();
    }
    (!head.trim().is_empty()).then_some((head.trim(), tail))
}

/// A note that makes a yes a promise (予定, 次期更新, planned, scheduled), with the first date
/// in it, if any.
fn planned(note: &str) -> Option<Option<String>> {
    let n = normalize(note);
    let marked = [
        "予定",
        "次期更新",
        "次期バージョン",
        "次回更新",
        "planned",
        "scheduled",
    ]
    .iter()
    .any(|m| n.contains(m))
        || n == "plan"
        || n.starts_with("plan ");
    // 予定なし, 予定はない, not planned: no promise at all.
    let denied = [
        "予定なし",
        "予定無し",
        "予定はな",
        "予定はありません",
        "予定していない",
    ]
    .iter()
    .any(|m| n.contains(m))
        || n.contains("not planned")
        || n.contains("no plan");
    if !marked || denied {
        return None;
    }
    let date = note
        .split(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '：' | ':' | '（' | '）' | '(' | ')' | '、' | ',' | '，' | '　'
                )
        })
        .map(|t| {
            let mut t = t.trim_start_matches("予定");
            while let Some(rest) = ["まで", "迄", "予定", "に", "頃", "までに"]
                .iter()
                .find_map(|s| t.strip_suffix(s))
            {
                t = rest;
            }
            t
        })
        .find_map(parse_date);
    Some(date)
}

fn label_of(v: &Vocabulary, code: &str, lang_of_cell: &str) -> bool {
    v.code(code)
        .is_some_and(|c| c.label.ja == lang_of_cell || c.label.en == lang_of_cell)
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn read_answer(
    q: &Questionnaire,
    item: Option<&Item>,
    cell: Option<&CellValue>,
    answer: &mut Answer,
    fields: &mut IndexMap<String, FieldValue>,
    at: CellAt<'_>,
    lang: Lang,
    findings: &mut Vec<Finding>,
    matcher: &Matcher<'_>,
) {
    let Some(cell) = cell else { return };
    let text = cell.text();
    if text.trim().is_empty() {
        return;
    }
    let unmapped =
        |answer: &mut Answer, findings: &mut Vec<Finding>, code: &str, ja: String, en: String| {
            answer.value = AnswerValue::Null;
            answer.raw = Some(text.clone());
            findings.push(Finding::new(
                Severity::Error,
                code,
                at,
                match lang {
                    Lang::Ja => ja,
                    Lang::En => en,
                },
            ));
        };
    let Some(item) = item else {
        // An item the questionnaire does not know: keep the text.
        answer.value = AnswerValue::Text(text.clone());
        return;
    };
    let vocabulary = item.answer.vocabulary().and_then(|v| q.vocabulary(v));
    match (&item.answer, vocabulary) {
        (AnswerKind::Single { other, .. }, Some(v)) => {
            if let Some(code) = matcher.find(&v.id, &text) {
                answer.value = AnswerValue::Text(code.code.clone());
                if !label_of(v, &code.code, &text) {
                    answer.raw = Some(text.clone());
                }
                return;
            }
            match matcher.options_in_cell(&v.id, &text) {
                Some(OptionCell::Chosen(code)) => {
                    answer.value = AnswerValue::Text(code.code.clone());
                    answer.raw = Some(text.clone());
                    return;
                }
                Some(OptionCell::Blank) => return,
                Some(OptionCell::Several(codes)) => {
                    let names: Vec<&str> = codes.iter().map(|c| c.label.get(lang)).collect();
                    unmapped(
                        answer,
                        findings,
                        "multiple-options",
                        format!(
                            "「{text}」では複数の選択肢（{}）に印があります。1 つだけに印を付けてください。",
                            names.join("、")
                        ),
                        format!(
                            "“{text}” marks more than one option ({}); mark exactly one",
                            names.join(", ")
                        ),
                    );
                    return;
                }
                None => {}
            }
            // A promise written without the word for yes: 対応予定, 次期更新で対応, planned.
            let choice = matcher.choice_after_miss(&v.id, &text).or_else(|| {
                v.code("yes")
                    .filter(|_| planned(&text).is_some())
                    .map(|code| crate::normalize::Choice {
                        code,
                        note: Some(text.trim().to_string()),
                    })
            });
            if let Some(choice) = choice {
                let code = choice.code;
                let note = choice.note.as_deref().unwrap_or("");
                answer.value = AnswerValue::Text(code.code.clone());
                answer.raw = Some(text.clone());
                if let Some(date) = (code.code == "yes" && !note.is_empty())
                    .then(|| planned(note))
                    .flatten()
                {
                    let planned_field =
                        item.fields.iter().find(|x| x.planned).map(|x| x.id.clone());
                    match date {
                        // The date goes to the planned-date field where the item has one,
                        // else beside the value.
                        Some(iso) => match planned_field {
                            Some(field) => {
                                fields.entry(field).or_insert(FieldValue::Text(iso));
                            }
                            None => answer.planned = Some(iso),
                        },
                        None => {
                            // The planned-date field already holds the promise's date.
                            let dated = planned_field.and_then(|f| fields.get(&f).cloned());
                            match dated {
                                Some(FieldValue::Text(_)) => {}
                                _ => {
                                    answer.planned = Some(note.to_string());
                                    findings.push(Finding::new(Severity::Warning, "planned-without-date", at, match lang {
                                        Lang::Ja => format!("予定による回答「{text}」に予定日がありません。導入予定日を記入してください。"),
                                        Lang::En => format!("the planned answer “{text}” has no date; fill in the planned date"),
                                    }));
                                }
                            }
                        }
                    }
                } else if other.as_deref() == Some(code.code.as_str()) && answer.other.is_none() {
                    answer.other = Some(note.to_string());
                } else if !note.is_empty() {
                    answer.remarks = Some(match answer.remarks.take() {
                        Some(r) => format!("{note}\n{r}"),
                        None => note.to_string(),
                    });
                }
                return;
            }
            let choices: Vec<String> = v
                .codes
                .iter()
                .map(|c| c.label.get(lang).to_string())
                .collect();
            unmapped(
                answer,
                findings,
                "unmapped-value",
                format!(
                    "「{text}」を選択肢（{}）に対応付けられません。一覧から選び直してください。",
                    choices.join("、")
                ),
                format!(
                    "“{text}” matches none of the choices ({}); choose from the list",
                    choices.join(", ")
                ),
            );
        }
        (AnswerKind::Multiple { other, .. }, Some(v)) => {
            let mut codes: Vec<String> = Vec::new();
            let mut bad = Vec::new();
            let mut exact = true;
            for part in text
                .split(['、', ',', '，', ';', '；', '\n', '/', '／'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                let code = match matcher.find(&v.id, part) {
                    Some(c) => {
                        exact &= label_of(v, &c.code, part);
                        Some(c.code.clone())
                    }
                    None => split_note(part).and_then(|(head, note)| {
                        let c = matcher.find(&v.id, head)?;
                        if other.as_deref() == Some(c.code.as_str()) {
                            answer.other.get_or_insert_with(|| note.to_string());
                            exact = false;
                            Some(c.code.clone())
                        } else {
                            None
                        }
                    }),
                };
                match code {
                    Some(c) if !codes.contains(&c) => codes.push(c),
                    Some(_) => exact = false,
                    None => bad.push(part.to_string()),
                }
            }
            if bad.is_empty() {
                answer.value = AnswerValue::Codes(codes);
                if !exact || (text.contains(',') && text.contains('、')) {
                    answer.raw = Some(text.clone());
                } else {
                    let joined_ja = labels_joined(v, &answer.value, Lang::Ja);
                    let joined_en = labels_joined(v, &answer.value, Lang::En);
                    if text != joined_ja && text != joined_en {
                        answer.raw = Some(text.clone());
                    }
                }
            } else {
                unmapped(
                    answer,
                    findings,
                    "unmapped-value",
                    format!(
                        "「{}」を選択肢に対応付けられません。選択肢を「、」で区切って記入してください。",
                        bad.join("」「")
                    ),
                    format!(
                        "“{}” matches none of the choices; separate choices with commas",
                        bad.join("”, “")
                    ),
                );
            }
        }
        (AnswerKind::Date, _) => match cell {
            CellValue::Date(iso) => answer.value = AnswerValue::Text(iso.clone()),
            _ => match parse_date(&text) {
                Some(iso) => {
                    if iso != text {
                        answer.raw = Some(text.clone());
                    }
                    answer.value = AnswerValue::Text(iso);
                }
                None => unmapped(
                    answer,
                    findings,
                    "invalid-date",
                    format!(
                        "「{text}」は日付として読めません。2027-03-31 の形式で記入してください。"
                    ),
                    format!("“{text}” is not a date; write it as 2027-03-31"),
                ),
            },
        },
        (AnswerKind::Number, _) => match cell {
            CellValue::Number(n) => answer.value = AnswerValue::Number(*n),
            _ => match normalize(&text)
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
            {
                Some(n) => {
                    answer.value = AnswerValue::Number(n);
                    answer.raw = Some(text.clone());
                }
                None => unmapped(
                    answer,
                    findings,
                    "invalid-number",
                    format!("「{text}」は数値ではありません。数値で記入してください。"),
                    format!("“{text}” is not a number; write a number"),
                ),
            },
        },
        _ => answer.value = AnswerValue::Text(text.clone()),
    }
}

fn labels_joined(v: &Vocabulary, value: &AnswerValue, lang: Lang) -> String {
    value
        .codes()
        .iter()
        .filter_map(|c| v.code(c))
        .map(|c| c.label.get(lang).to_string())
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_and_note() {
        assert_eq!(
            split_note("いいえ：次期更新で対応"),
            Some(("いいえ", "次期更新で対応"))
        );
        assert_eq!(split_note("Yes, optional"), Some(("Yes", "optional")));
        assert_eq!(split_note("はい（予定）"), Some(("はい", "予定")));
        assert_eq!(split_note("はい"), None);
        assert_eq!(planned("予定 2027/3/31"), Some(Some("2027-03-31".into())));
        assert_eq!(
            planned("予定：令和9年3月31日まで"),
            Some(Some("2027-03-31".into()))
        );
        assert_eq!(planned("予定"), Some(None));
        assert_eq!(planned("対応予定なし"), None);
        assert_eq!(planned("not planned"), None);
        assert_eq!(planned("optional"), None);
    }
}
