//! Layout detection: finding item tables in workbooks nobody wrote for mds (the official JAHIS
//! checklist, a vendor's MDS2, HECVAT, the MHLW checklist, hospital-made variants).
//!
//! A header row is found by its labels (項番 / No. / Question ID; 質問 / 確認項目 / Question;
//! 回答 / Answer; 備考 / See note / Additional Information; 参照 / standards), within the first 40
//! rows of every sheet; hidden columns are ignored. The id column is the labelled one or the one
//! whose cells look like ids; the answer column the labelled one or the one whose values are
//! answers (はい / Yes / ○ …). Rows without an id are title, instruction or category banner
//! rows; a banner names the section of the rows below it, and a category column is carried
//! down over merged (blank) cells. A legend such as `○＝はい` is read from anywhere in the
//! sheet, and MDS2-style notes blocks (`Note 1` | text) from below the tables.

use std::collections::BTreeMap;

use super::cells::{CellValue, Sheet, Workbook, column_letters};
use crate::model::{
    FieldColumn, LAYOUT_FORMAT, Layout, LayoutColumns, LayoutTable, LegendEntry, ReferenceColumn,
};
use crate::normalize::normalize;

/// Roles a header cell can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Id,
    Question,
    Answer,
    Remarks,
    Section,
    Expected,
    Reference,
    CheckedOn,
    TargetDate,
}

const LABELS: &[(Role, &[&str])] = &[
    (
        Role::Id,
        &[
            "項番",
            "no.",
            "no",
            "番号",
            "項目番号",
            "項目id",
            "item no.",
            "item no",
            "item id",
            "question id",
            "new id",
            "id",
            "管理番号",
            "通番",
        ],
    ),
    (
        Role::Question,
        &[
            "質問",
            "確認項目",
            "チェック項目",
            "項目",
            "要求事項",
            "question",
            "questions",
            "requirement",
            "確認内容",
            "設問",
            "質問項目",
            "質問内容",
            "チェック内容",
        ],
    ),
    (
        Role::Answer,
        &[
            "回答",
            "回答欄",
            "対応",
            "answer",
            "response",
            "対応状況",
            "回答結果",
            "確認結果",
            "はい/いいえ",
            "実施状況",
        ],
    ),
    (
        Role::Remarks,
        &[
            "備考",
            "補足",
            "補足説明",
            "コメント",
            "see note",
            "comments",
            "comment",
            "additional information",
            "備考欄",
            "remarks",
            "notes",
            "補足事項",
        ],
    ),
    (
        Role::Section,
        &[
            "分類",
            "カテゴリ",
            "カテゴリー",
            "区分",
            "大項目",
            "category",
            "section",
            "章",
            "大分類",
        ],
    ),
    (
        Role::Expected,
        &["compliant response", "期待する回答", "模範回答"],
    ),
    (
        Role::Reference,
        &[
            "ガイドライン参照",
            "参照",
            "reference",
            "references",
            "関連ガイドライン",
            "ガイドライン",
            "根拠",
        ],
    ),
    (
        Role::CheckedOn,
        &["確認日", "date checked", "点検日", "チェック日"],
    ),
    (
        Role::TargetDate,
        &[
            "目標日",
            "対応予定日",
            "target date",
            "対応期限",
            "改善予定日",
        ],
    ),
];

/// Standards whose names in a header mark a references column (MDS2 maps to these).
const STANDARDS: [&str; 6] = ["iso", "nist", "iec", "jis", "hipaa", "ガイドライン"];

fn role_of(text: &str) -> Option<Role> {
    let t = normalize(text);
    let t = t.trim_end_matches([':', '：', '*']).trim();
    if t.is_empty() || t.chars().count() > 40 {
        return None;
    }
    for (role, labels) in LABELS {
        for label in *labels {
            let l = normalize(label);
            if t == l {
                return Some(*role);
            }
            // "回答（はい／いいえ／対象外）", "備考 (理由)": a label followed by an explanation.
            if let Some(rest) = t.strip_prefix(l.as_str())
                && rest
                    .trim_start()
                    .starts_with(['(', '（', '[', '【', '/', '／'])
                && l.chars().count() >= 2
            {
                return Some(*role);
            }
        }
    }
    if STANDARDS.iter().any(|s| t.starts_with(s)) && t.chars().any(|c| c.is_ascii_digit()) {
        return Some(Role::Reference);
    }
    None
}

/// True when a cell looks like an item id: `AUDT-2.8.1`, `SHAD-15`, `A-1`, `1-2`, `12`, `GNRL-01`.
pub fn looks_like_id(text: &str) -> bool {
    let t = normalize(text).to_uppercase();
    if t.is_empty()
        || t.len() > 24
        || !t
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return false;
    }
    let parts: Vec<&str> = t.split(['-', '_', '.']).collect();
    if parts.len() > 6 || parts.iter().any(|p| p.is_empty()) {
        return false;
    }
    let last = parts.last().copied().unwrap_or("");
    let numeric = parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()));
    last.chars().any(|c| c.is_ascii_digit())
        && parts
            .iter()
            .all(|p| p.chars().filter(|c| c.is_ascii_alphabetic()).count() <= 8)
        && !(numeric && t.ends_with(".0"))
}

/// Words that answer a yes/no/N/A question, in the forms found in filled forms.
pub(crate) fn looks_like_answer(text: &str) -> bool {
    let t = normalize(text);
    let head = t
        .split([',', ':', '：', '、', '(', '（', ' '])
        .next()
        .unwrap_or("");
    matches!(
        head,
        "はい"
            | "いいえ"
            | "対象外"
            | "yes"
            | "no"
            | "n/a"
            | "na"
            | "see notes"
            | "see note"
            | "○"
            | "×"
            | "-"
            | "✓"
            | "該当なし"
            | "非該当"
            | "see"
    )
}

/// One detected item table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Sheet name.
    pub sheet: String,
    /// Header row (0-based).
    pub header_row: u32,
    /// The id column was named by its header (not only recognised by its values).
    pub labelled_id: bool,
    /// Column of each role.
    pub id: u32,
    /// Question column.
    pub question: Option<u32>,
    /// Answer column.
    pub answer: Option<u32>,
    /// Remarks column.
    pub remarks: Option<u32>,
    /// Category column.
    pub section: Option<u32>,
    /// Expected-answer column.
    pub expected: Option<u32>,
    /// References: column and source name.
    pub references: Vec<(u32, String)>,
    /// Extra fields: column and field id.
    pub fields: Vec<(u32, String)>,
    /// Item rows with their section (banner text), in sheet order.
    pub rows: Vec<(u32, Option<String>)>,
}

/// What detection sees in a workbook.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Detected {
    /// Item tables.
    pub tables: Vec<Table>,
    /// Legend: mark -> meaning as written.
    pub legend: Vec<(String, String)>,
    /// Notes blocks: normalised label (`note 1`) -> text.
    pub notes: BTreeMap<String, String>,
}

impl Detected {
    /// The layout file of what was detected (`mds inspect --emit-layout`).
    pub fn layout(&self) -> Layout {
        let letter = |c: u32| column_letters(c);
        Layout {
            format: LAYOUT_FORMAT.into(),
            tables: self
                .tables
                .iter()
                .map(|t| LayoutTable {
                    sheet: t.sheet.clone(),
                    header_row: t.header_row + 1,
                    columns: LayoutColumns {
                        id: letter(t.id),
                        question: t.question.map(letter),
                        answer: t.answer.map(letter),
                        remarks: t.remarks.map(letter),
                        section: t.section.map(letter),
                        expected: t.expected.map(letter),
                        references: t
                            .references
                            .iter()
                            .map(|(c, s)| ReferenceColumn {
                                column: letter(*c),
                                source: s.clone(),
                            })
                            .collect(),
                        fields: t
                            .fields
                            .iter()
                            .map(|(c, f)| FieldColumn {
                                column: letter(*c),
                                field: f.clone(),
                            })
                            .collect(),
                    },
                })
                .collect(),
            cover: Vec::new(),
            legend: self
                .legend
                .iter()
                .map(|(m, v)| LegendEntry {
                    mark: m.clone(),
                    means: v.clone(),
                })
                .collect(),
        }
    }
}

/// Detects the item tables of every sheet (hidden sheets too when `hidden` is true).
pub fn detect(wb: &Workbook, hidden: bool) -> Detected {
    let mut out = Detected::default();
    for sheet in wb.sheets.iter().filter(|s| hidden || !s.hidden) {
        if sheet.name == super::META_SHEET || sheet.name == super::LISTS_SHEET {
            continue;
        }
        out.legend.extend(legend(sheet));
        notes(sheet, &mut out.notes);
        if let Some(table) = table(sheet) {
            out.tables.push(table);
        }
    }
    out.legend.sort();
    out.legend.dedup();
    out
}

/// Rebuilds the tables of a layout file against a workbook (item rows and sections are found as
/// in detection).
pub fn from_layout(wb: &Workbook, layout: &Layout) -> Detected {
    let col = |l: &str| -> Option<u32> {
        let mut n: u32 = 0;
        for c in l.trim().chars() {
            if !c.is_ascii_alphabetic() {
                return None;
            }
            n = n * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
        }
        n.checked_sub(1)
    };
    let mut out = Detected::default();
    for t in &layout.tables {
        let Some(sheet) = wb.sheet(&t.sheet) else {
            continue;
        };
        let Some(id) = col(&t.columns.id) else {
            continue;
        };
        let mut table = Table {
            sheet: sheet.name.clone(),
            labelled_id: true,
            header_row: t.header_row.saturating_sub(1),
            id,
            question: t.columns.question.as_deref().and_then(col),
            answer: t.columns.answer.as_deref().and_then(col),
            remarks: t.columns.remarks.as_deref().and_then(col),
            section: t.columns.section.as_deref().and_then(col),
            expected: t.columns.expected.as_deref().and_then(col),
            references: t
                .columns
                .references
                .iter()
                .filter_map(|r| col(&r.column).map(|c| (c, r.source.clone())))
                .collect(),
            fields: t
                .columns
                .fields
                .iter()
                .filter_map(|f| col(&f.column).map(|c| (c, f.field.clone())))
                .collect(),
            rows: Vec::new(),
        };
        table.rows = item_rows(sheet, &table);
        out.tables.push(table);
        notes(sheet, &mut out.notes);
    }
    out.legend = layout
        .legend
        .iter()
        .map(|e| (e.mark.clone(), e.means.clone()))
        .collect();
    out
}

fn visible_cells(sheet: &Sheet, row: u32) -> Vec<(u32, &CellValue)> {
    sheet
        .cells
        .range((row, 0)..(row + 1, 0))
        .filter(|((_, c), _)| !sheet.hidden_cols.contains(c))
        .map(|((_, c), v)| (*c, v))
        .collect()
}

/// A header cell: its column, role and text.
type Labelled = (u32, Role, String);

fn table(sheet: &Sheet) -> Option<Table> {
    let rows = sheet.rows();
    let mut best: Option<(usize, u32, Vec<Labelled>)> = None;
    for &row in rows.iter().take_while(|r| **r < 60).take(40) {
        let roles: Vec<(u32, Role, String)> = visible_cells(sheet, row)
            .into_iter()
            .filter_map(|(c, v)| role_of(&v.text()).map(|r| (c, r, v.text())))
            .collect();
        let has = |r: Role| roles.iter().any(|x| x.1 == r);
        let strong = has(Role::Id) || has(Role::Question) || has(Role::Answer);
        let distinct = {
            let mut kinds: Vec<u8> = roles.iter().map(|x| x.1 as u8).collect();
            kinds.sort();
            kinds.dedup();
            kinds.len()
        };
        if strong && distinct >= 1 && best.as_ref().is_none_or(|b| distinct > b.0) {
            best = Some((distinct, row, roles));
        }
    }
    let (_, header, roles) = best?;
    let first = |r: Role| roles.iter().find(|x| x.1 == r).map(|x| x.0);
    let below: Vec<u32> = rows
        .iter()
        .copied()
        .filter(|r| *r > header)
        .take(400)
        .collect();
    // The id column: labelled, else the column whose cells look most like ids.
    let id = first(Role::Id)
        .filter(|c| count(sheet, &below, *c, looks_like_id) >= 1)
        .or_else(|| {
            let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
            for &r in &below {
                for (c, v) in visible_cells(sheet, r) {
                    if looks_like_id(&v.text()) {
                        *counts.entry(c).or_default() += 1;
                    }
                }
            }
            counts
                .into_iter()
                .filter(|(_, n)| *n >= 2)
                .max_by_key(|(c, n)| (*n, std::cmp::Reverse(*c)))
                .map(|(c, _)| c)
        })?;
    let taken = |c: u32, roles: &[(u32, Role, String)]| {
        c == id || roles.iter().any(|x| x.0 == c && x.1 != Role::Answer)
    };
    let question = first(Role::Question).filter(|c| *c != id).or_else(|| {
        // The column right of the id that most often holds real text (nearest on a tie).
        let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
        for &r in &below {
            for (c, v) in visible_cells(sheet, r) {
                if c > id && v.text().trim().chars().count() > 3 && !looks_like_answer(&v.text()) {
                    *counts.entry(c).or_default() += 1;
                }
            }
        }
        counts
            .into_iter()
            .max_by_key(|(c, n)| (*n, std::cmp::Reverse(*c)))
            .map(|(c, _)| c)
    });
    // The answer column: labelled, else the one whose values are answers, else the first
    // unlabelled column right of the question.
    let answer = first(Role::Answer).or_else(|| {
        let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
        for &r in &below {
            for (c, v) in visible_cells(sheet, r) {
                if !taken(c, &roles) && Some(c) != question && looks_like_answer(&v.text()) {
                    *counts.entry(c).or_default() += 1;
                }
            }
        }
        counts
            .into_iter()
            .filter(|(_, n)| *n >= 2)
            .max_by_key(|(c, n)| (*n, std::cmp::Reverse(*c)))
            .map(|(c, _)| c)
            .or_else(|| {
                let start = question.unwrap_or(id) + 1;
                (start..start + 8)
                    .find(|c| !sheet.hidden_cols.contains(c) && !roles.iter().any(|x| x.0 == *c))
            })
    });
    // Forms that repeat the header above every section (HECVAT) start at the first of them.
    let header = rows
        .iter()
        .copied()
        .take_while(|r| *r <= header)
        .find(|r| {
            let labelled = |c: Option<u32>, role: Role| {
                c.is_some_and(|c| role_of(&sheet.text(*r, c)) == Some(role))
            };
            labelled(answer, Role::Answer) || labelled(Some(id), Role::Id)
        })
        .unwrap_or(header);
    let labelled_id = first(Role::Id) == Some(id);
    let mut table = Table {
        sheet: sheet.name.clone(),
        labelled_id,
        header_row: header,
        id,
        question,
        answer,
        remarks: first(Role::Remarks),
        section: first(Role::Section).filter(|c| *c != id),
        expected: first(Role::Expected),
        references: roles
            .iter()
            .filter(|x| x.1 == Role::Reference)
            .map(|x| (x.0, x.2.trim().to_string()))
            .collect(),
        fields: roles
            .iter()
            .filter_map(|x| match x.1 {
                Role::CheckedOn => Some((x.0, "checked_on".to_string())),
                Role::TargetDate => Some((x.0, "target_date".to_string())),
                _ => None,
            })
            .collect(),
        rows: Vec::new(),
    };
    table.rows = item_rows(sheet, &table);
    (!table.rows.is_empty()).then_some(table)
}

fn count(sheet: &Sheet, rows: &[u32], col: u32, test: fn(&str) -> bool) -> usize {
    rows.iter()
        .filter(|r| sheet.get(**r, col).is_some_and(|v| test(&v.text())))
        .count()
}

/// Item rows (below the header, and any directly above it, as where a form repeats its header
/// per section), with the section each belongs to: the banner row before them. Of a run of text
/// rows between items, the last short title-like one names the section (a banner followed by a
/// description, or instructions followed by a banner).
fn item_rows(sheet: &Sheet, t: &Table) -> Vec<(u32, Option<String>)> {
    let mut out = Vec::new();
    let mut banner: Option<String> = None;
    let mut category: Option<String> = None;
    let mut run: Vec<String> = Vec::new();
    for row in sheet.rows() {
        let id = sheet.text(row, t.id);
        if row == t.header_row {
            // What stands above the header is a title, not a section; a header that names its
            // section in the id column (HECVAT) starts one.
            run.clear();
            if !id.trim().is_empty() && role_of(&id).is_none() {
                run.push(id.trim().to_string());
            }
            continue;
        }
        if let Some(c) = t.section {
            let v = sheet.text(row, c);
            if !v.trim().is_empty() && row > t.header_row {
                category = Some(v.trim().to_string());
            }
        }
        if looks_like_id(&id) && role_of(&id).is_none() {
            if !run.is_empty() {
                let title_like = |s: &&String| s.chars().count() <= 80 && !s.ends_with(['.', '。']);
                banner = run
                    .iter()
                    .rev()
                    .find(title_like)
                    .or_else(|| run.first())
                    .cloned();
                run.clear();
            }
            out.push((row, category.clone().or_else(|| banner.clone())));
            continue;
        }
        let cells = visible_cells(sheet, row);
        let Some((_, first)) = cells.iter().find(|(_, v)| !v.text().trim().is_empty()) else {
            continue;
        };
        let text = first.text().trim().to_string();
        if is_note_label(&text) || text.chars().count() > 200 || role_of(&text).is_some() {
            continue;
        }
        run.push(text);
    }
    out
}

fn is_note_label(text: &str) -> bool {
    let t = normalize(text);
    ["note", "注", "notes:", "notes"]
        .iter()
        .any(|p| t.starts_with(p))
}

/// `Note 1` | text rows anywhere in the sheet.
fn notes(sheet: &Sheet, out: &mut BTreeMap<String, String>) {
    for row in sheet.rows() {
        let cells = visible_cells(sheet, row);
        let Some(pos) = cells.iter().position(|(_, v)| {
            let t = normalize(&v.text());
            let digits = t.trim_start_matches("note").trim_start_matches('注').trim();
            t != digits && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
        }) else {
            continue;
        };
        if let Some((_, text)) = cells.get(pos + 1) {
            let key = normalize(&cells[pos].1.text()).replace(' ', "");
            out.entry(key)
                .or_insert_with(|| text.text().trim().to_string());
        }
    }
}

/// `○＝はい　×＝いいえ` and the like, anywhere in the sheet.
fn legend(sheet: &Sheet) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for value in sheet.cells.values() {
        let text = value.text();
        if text.chars().count() > 200 {
            continue;
        }
        for part in text.split([' ', '\u{3000}', '、', ',', '，', '/', '／', '\n', '　']) {
            let Some((mark, means)) = part.split_once(['＝', '=', ':', '：']) else {
                continue;
            };
            let (mark, means) = (mark.trim(), means.trim());
            let is_mark = mark.chars().count() <= 2
                && !mark.is_empty()
                && !mark.chars().any(|c| c.is_alphanumeric());
            if is_mark && !means.is_empty() && means.chars().count() <= 12 {
                out.push((mark.to_string(), means.to_string()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_labels() {
        for id in [
            "AUDT-2.8.1",
            "SHAD-15",
            "A-1",
            "1-2",
            "12",
            "GNRL-01",
            "DOC-11.4",
            "Ａ－１",
        ] {
            assert!(looks_like_id(id), "{id}");
        }
        for not in [
            "",
            "Question ID",
            "はい",
            "Note 1",
            "2027/3/31",
            "A-",
            "ABCDEFGHIJ-1",
            "1.0",
        ] {
            assert!(!looks_like_id(not), "{not}");
        }
        assert_eq!(role_of("Question ID"), Some(Role::Id));
        assert_eq!(role_of("回答（はい／いいえ／対象外）"), Some(Role::Answer));
        assert_eq!(role_of("See note"), Some(Role::Remarks));
        assert_eq!(role_of("NIST SP 800-53 Rev. 4"), Some(Role::Reference));
        assert_eq!(role_of("項目名ではない長い見出しの例"), None);
        assert_eq!(role_of("確認日"), Some(Role::CheckedOn));
    }
}
