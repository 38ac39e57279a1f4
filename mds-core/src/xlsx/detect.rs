//! Layout detection: finding item tables in workbooks nobody wrote for mds (the official JAHIS
//! checklist, a vendor's MDS2, HECVAT, the MHLW checklist, hospital-made variants).
//!
//! A header row is found by its labels (項番 / No. / Item; 質問 / 確認項目 / Question; 回答 /
//! 御社回答 / Answer / Vendor Response; 備考 / Comments; 参照; 確認日 / 目標日), in Japanese,
//! English or both in one cell, within the first 40 rows of every sheet; hidden columns are
//! ignored. A group row above it (a merged 回答 over はい | いいえ | 対象外, or 1回目 | 2回目 over
//! 回答 | 確認日) completes the labels: the header row is the one whose labels name the columns.
//! The answer is one column, or an option matrix (one column per answer, the vendor's mark in
//! one), or one of several rounds; a column for the hospital's own review (病院確認欄) is never
//! the answer, and two columns that could both be the answer are reported, not guessed. The id
//! column is the labelled one or the one whose cells look like ids; a chapter column merged
//! down beside a number that restarts per chapter makes composite ids (`3-1`). Rows without an
//! id are titles, instructions, memos, examples (記入例) or chapter banners; a banner names the
//! section of the rows below it, and a category column is carried down over merged (blank)
//! cells. A legend such as `記入方法：◎：はい　△：いいえ　／：対象外` is read from anywhere in the
//! sheet, and MDS2-style notes blocks (`Note 1` | text) from below the tables.
use std::collections::BTreeMap;

use super::cell::{CellValue, Sheet, Workbook, column_letters};
use crate::model::{
    FieldColumn, LAYOUT_FORMAT, Layout, LayoutColumns, LayoutRound, LayoutTable, LegendEntry,
    ReferenceColumn,
};
use crate::normalize::normalize;

/// Roles a header cell can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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
    /// The hospital's own review column (病院確認欄): never the vendor's answer.
    Hospital,
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
            "item",
            "item no.",
            "item no",
            "item #",
            "item id",
            "question id",
            "question no.",
            "question #",
            "q#",
            "new id",
            "id",
            "ref",
            "ref.",
            "ref no.",
            "reference no.",
            "#",
            "control id",
            "requirement id",
            "管理番号",
            "通番",
            "設問番号",
            "質問番号",
            "チェック番号",
        ],
    ),
    (
        Role::Question,
        &[
            "質問",
            "確認項目",
            "チェック項目",
            "項目",
            "項目名",
            "要求事項",
            "question",
            "questions",
            "question text",
            "requirement",
            "requirement text",
            "control",
            "control description",
            "item text",
            "description",
            "確認内容",
            "確認事項",
            "設問",
            "質問項目",
            "質問内容",
            "質問事項",
            "チェック内容",
            "内容",
        ],
    ),
    (
        Role::Answer,
        &[
            "回答",
            "回答欄",
            "ご回答",
            "対応",
            "answer",
            "response",
            "reply",
            "対応状況",
            "対応可否",
            "可否",
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
            "説明",
            "see note",
            "comments",
            "comment",
            "additional information",
            "備考欄",
            "remarks",
            "remark",
            "notes",
            "explanation",
            "details",
            "justification",
            "vendor comments",
            "補足事項",
            "特記事項",
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
            "domain",
            "章",
            "大分類",
            "分野",
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
        &[
            "確認日",
            "date checked",
            "点検日",
            "チェック日",
            "確認年月日",
        ],
    ),
    (
        Role::TargetDate,
        &[
            "目標日",
            "対応予定日",
            "target date",
            "対応期限",
            "改善予定日",
            "対応目標日",
        ],
    ),
    (
        Role::Hospital,
        &[
            "病院確認欄",
            "病院確認",
            "病院記入欄",
            "病院使用欄",
            "病院側確認",
            "病院評価",
            "当院チェック",
            "当院確認",
            "当院確認欄",
            "当院記入欄",
            "当院使用欄",
            "院内確認",
            "医療機関確認欄",
            "医療機関記入欄",
            "確認者",
            "確認印",
            "評価",
            "判定",
            "hospital review",
            "hospital use",
            "for hospital use",
            "hospital comments",
            "reviewer",
            "evaluation",
        ],
    ),
];

/// Answer labels that say the column is the vendor's: they win over a plain 回答 (and are
/// answer labels too, see `role_labels`).
const VENDOR_ANSWER: &[&str] = &[
    "御社回答",
    "貴社回答",
    "事業者回答",
    "ベンダー回答",
    "製造業者回答",
    "サービス事業者回答",
    "事業者記入欄",
    "vendor response",
    "vendor answer",
    "supplier response",
    "your response",
    "your answer",
];

/// Standards whose names in a header mark a references column (MDS2 maps to these).
const STANDARDS: [&str; 6] = ["iso", "nist", "iec", "jis", "hipaa", "ガイドライン"];

/// The parts of a bilingual label: split at line breaks and slashes, and where Japanese meets
/// Latin letters (`備考 Remarks`, `回答Answer`).
fn label_parts(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let has_cjk = |s: &str| s.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
    let has_latin = |s: &str| s.chars().any(|c| c.is_ascii_alphabetic());
    // A slash separates languages (`回答/Answer`), not the halves of `N/A`.
    let pieces: Vec<&str> = text
        .split('\n')
        .flat_map(|line| {
            let halves: Vec<&str> = line.split(['/', '／']).collect();
            let mixed = halves.len() == 2
                && ((has_cjk(halves[0]) && has_latin(halves[1]) && !has_cjk(halves[1]))
                    || (has_latin(halves[0]) && !has_cjk(halves[0]) && has_cjk(halves[1])));
            if mixed { halves } else { vec![line] }
        })
        .collect();
    for piece in pieces {
        let mut current = String::new();
        let mut prev: Option<bool> = None;
        for c in piece.chars() {
            let latin = if c.is_ascii_alphabetic() {
                Some(true)
            } else if c.is_alphabetic() {
                Some(false)
            } else {
                None
            };
            if let (Some(p), Some(l)) = (prev, latin)
                && p != l
                && !current.trim().is_empty()
            {
                parts.push(normalize(&current));
                current.clear();
            }
            if latin.is_some() {
                prev = latin;
            }
            current.push(c);
        }
        if !current.trim().is_empty() {
            parts.push(normalize(&current));
        }
    }
    parts
}

/// The labels of every role, normalised once.
fn role_labels() -> &'static [(Role, String)] {
    static NORMALISED: std::sync::OnceLock<Vec<(Role, String)>> = std::sync::OnceLock::new();
    NORMALISED.get_or_init(|| {
        LABELS
            .iter()
            .flat_map(|(role, labels)| labels.iter().map(move |l| (*role, normalize(l))))
            .chain(VENDOR_ANSWER.iter().map(|l| (Role::Answer, normalize(l))))
            .collect()
    })
}

/// The role of one normalised label.
fn role_of_one(t: &str) -> Option<Role> {
    let t = t.trim_end_matches([':', '：', '*', '※']).trim();
    if t.is_empty() || t.chars().count() > 40 {
        return None;
    }
    for (role, l) in role_labels() {
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
    if STANDARDS.iter().any(|s| t.starts_with(s)) && t.chars().any(|c| c.is_ascii_digit()) {
        return Some(Role::Reference);
    }
    None
}

fn role_of(text: &str) -> Option<Role> {
    let t = normalize(text);
    if let Some(role) = role_of_one(&t) {
        return Some(role);
    }
    let parts = label_parts(text);
    if parts.len() < 2 {
        return None;
    }
    let found: Vec<Role> = parts.iter().filter_map(|p| role_of_one(p)).collect();
    (!found.is_empty() && found.iter().all(|r| *r == found[0])).then(|| found[0])
}

fn vendor_labelled(text: &str) -> bool {
    static NORMALISED: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let labels = NORMALISED.get_or_init(|| VENDOR_ANSWER.iter().map(|l| normalize(l)).collect());
    let matches = |t: &str| labels.iter().any(|l| l == t);
    matches(&normalize(text)) || label_parts(text).iter().any(|p| matches(p))
}

/// The answer an option column's header names (`はい`, `Yes`, `対応済`, `はい\nYes`), by the
/// common answer words.
fn option_of(text: &str) -> Option<&'static str> {
    let one = |t: &str| -> Option<&'static str> {
        let t = t.trim_end_matches([':', '：', '*']).trim();
        if !t.chars().any(char::is_alphabetic) {
            return None;
        }
        answer_words().get(t).copied()
    };
    if let Some(code) = one(&normalize(text)) {
        return Some(code);
    }
    let parts = label_parts(text);
    let found: Vec<&str> = parts.iter().filter_map(|p| one(p)).collect();
    (parts.len() >= 2 && !found.is_empty() && found.iter().all(|c| *c == found[0]))
        .then(|| found[0])
}

/// A round's label: 1回目, 第2回, 初回, 再確認, 前回 / 今回, 昨年度 / 本年度, R7, 令和8年度,
/// 2025年度, FY2025, 1st.
fn is_round(text: &str) -> bool {
    let t = normalize(text);
    if matches!(t.as_str(), "再確認" | "初回確認" | "最終確認") {
        return true;
    }
    let t = t
        .trim_end_matches("確認")
        .trim_end_matches(['(', '（'])
        .trim();
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if matches!(
        t,
        "初回" | "再確認" | "前回" | "今回" | "昨年度" | "本年度" | "前年度" | "今年度" | "次回"
    ) {
        return true;
    }
    if let Some(n) = t.strip_suffix("回目") {
        return digits(n);
    }
    if let Some(n) = t.strip_prefix('第').and_then(|r| r.strip_suffix('回')) {
        return digits(n);
    }
    let year = t
        .strip_suffix("年度")
        .or_else(|| t.strip_suffix('年'))
        .unwrap_or(t);
    if let Some(n) = year.strip_prefix("令和") {
        return digits(n) || n == "元";
    }
    if let Some(n) = year.strip_prefix(['r', 'h']) {
        return digits(n) && n.len() <= 2;
    }
    if let Some(n) = year.strip_prefix("fy") {
        return digits(n.trim());
    }
    if t.ends_with("年度") && digits(year) && year.len() == 4 {
        return true;
    }
    ["st", "nd", "rd", "th"].iter().any(|s| {
        t.strip_suffix(" round")
            .unwrap_or(t)
            .strip_suffix(s)
            .is_some_and(digits)
    })
}

/// True when a field label (an item's, in either language) names the detected date field
/// (`checked_on`: 確認日, Date checked…; `target_date`: 目標日, Target date…).
pub(crate) fn names_field(field: &str, label: &str) -> bool {
    let role = match field {
        "checked_on" => Role::CheckedOn,
        "target_date" => Role::TargetDate,
        _ => return false,
    };
    !label.trim().is_empty() && role_of(label) == Some(role)
}

/// The round of an answer column labelled with it: `前回回答` -> `前回`, `2回目の回答` -> `2回目`.
fn round_answer(text: &str) -> Option<String> {
    let t = normalize(text);
    [
        "の回答",
        "回答",
        " answer",
        " response",
        "answer",
        "response",
    ]
    .iter()
    .find_map(|suffix| t.strip_suffix(suffix))
    .map(|prefix| prefix.trim().trim_end_matches('の').trim())
    .filter(|prefix| !prefix.is_empty() && is_round(prefix))
    .map(|prefix| {
        // The label as written, without the answer word.
        let written = text.trim();
        written
            .char_indices()
            .map(|(i, _)| i)
            .find(|&i| normalize(&written[..i]).trim_end_matches('の').trim() == prefix)
            .map(|i| written[..i].trim().to_string())
            .unwrap_or_else(|| prefix.to_string())
    })
}

/// True when a cell looks like an item id: `AUDT-2.8.1`, `SHAD-15`, `A-1`, `1-2`, `12`, `GNRL-01`,
/// `7-4-(1)`, `6.5.1(2)`, `3-②`, `Ａ－１`.
pub fn looks_like_id(text: &str) -> bool {
    // ASCII needs no normalising: trimmed, it is an id or not as it stands (inner whitespace,
    // which normalising would keep as one space, is no id either).
    if text.is_ascii() {
        return is_id_shaped(text.trim_ascii());
    }
    is_id_shaped(&fold_dashes(&normalize(text)).to_uppercase())
}

/// [`looks_like_id`] on normalised text, in one pass: ASCII letters, digits and `-_.()` only;
/// brackets that close and do not open the id; one to six parts between those signs, none of
/// more than eight letters, the last with a digit; no empty part between `-`, `_` and `.`; not a
/// decimal number ending in `.0`.
fn is_id_shaped(t: &str) -> bool {
    let b = t.as_bytes();
    if b.is_empty() || b.len() > 24 || b[0] == b'(' {
        return false;
    }
    let (mut opens, mut closes, mut parts) = (0usize, 0usize, 0usize);
    let (mut letters, mut in_part, mut numeric) = (0usize, false, true);
    let (mut part_digit, mut last_digit) = (false, false);
    // At the start of a segment between `-`, `_` and `.`; the byte before.
    let (mut segment_start, mut prev) = (true, 0u8);
    for &c in b {
        match c {
            b'-' | b'_' | b'.' => {
                if segment_start || prev == b'(' {
                    return false;
                }
                segment_start = true;
                in_part = false;
            }
            b'(' | b')' => {
                if c == b'(' {
                    opens += 1;
                } else if segment_start {
                    return false;
                } else {
                    closes += 1;
                }
                segment_start = false;
                in_part = false;
            }
            c if c.is_ascii_alphanumeric() => {
                if !in_part {
                    parts += 1;
                    letters = 0;
                    part_digit = false;
                    in_part = true;
                }
                segment_start = false;
                if c.is_ascii_digit() {
                    part_digit = true;
                } else {
                    letters += 1;
                    numeric = false;
                    if letters > 8 {
                        return false;
                    }
                }
                last_digit = part_digit;
            }
            _ => return false,
        }
        prev = c;
    }
    !(segment_start || prev == b'(')
        && opens == closes
        && (1..=6).contains(&parts)
        && last_digit
        && !(numeric && t.ends_with(".0"))
}

/// The common answer words, normalised once: word -> code.
fn answer_words() -> &'static crate::FastMap<String, &'static str> {
    static NORMALISED: std::sync::OnceLock<crate::FastMap<String, &'static str>> =
        std::sync::OnceLock::new();
    NORMALISED.get_or_init(|| {
        let mut map = crate::FastMap::default();
        for (code, words) in crate::normalize::ANSWER_WORDS {
            for w in *words {
                map.entry(normalize(w)).or_insert(*code);
            }
        }
        map
    })
}

/// Dashes people type into ids (`1ー1`, `1‐2`, `1−4`, `1–5`) as the hyphen they mean.
pub(crate) fn fold_dashes(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'ー' | 'ｰ' | '‐' | '‑' | '−' | '–' | '—' | '―' | '－' => '-',
            c => c,
        })
        .collect()
}

/// Words that answer a yes/no/N/A question, in the forms found in filled forms.
pub(crate) fn looks_like_answer(text: &str) -> bool {
    let t = normalize(text);
    let head = t
        .split([',', ':', '：', '、', '(', '（', ' ', '。', '/'])
        .next()
        .unwrap_or("");
    matches!(
        head,
        "see notes" | "see note" | "see" | "○" | "×" | "-" | "✓" | "n/a"
    ) || answer_words().contains_key(head)
        || answer_words().contains_key(t.as_str())
}

/// The columns of one round of a multi-round sheet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RoundColumns {
    /// The round's label as written.
    pub label: String,
    /// Its answer column.
    pub answer: Option<u32>,
    /// Its option columns: code -> column.
    pub options: Vec<(String, u32)>,
    /// Its date fields: column and field id.
    pub fields: Vec<(u32, String)>,
}

/// One item row of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemRow {
    /// Row (0-based).
    pub row: u32,
    /// The item id as written (with its chapter in front for composite ids).
    pub id: String,
    /// The section: the banner or category above the row.
    pub section: Option<String>,
    /// The row is hidden, filtered out or collapsed.
    pub hidden: bool,
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
    /// Id column.
    pub id: u32,
    /// A chapter column whose value (carried down) goes before the id.
    pub chapter: Option<u32>,
    /// Question column.
    pub question: Option<u32>,
    /// Answer column.
    pub answer: Option<u32>,
    /// Option columns of an answer matrix: code -> column.
    pub options: Vec<(String, u32)>,
    /// Rounds, oldest first (empty for a sheet checked once).
    pub rounds: Vec<RoundColumns>,
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
    /// Item rows, in sheet order.
    pub rows: Vec<ItemRow>,
}

impl Table {
    /// The column a finding about the answer points at: the answer column, else the first
    /// option column (of the latest round, where there are rounds), else the id column.
    pub fn answer_column(&self) -> u32 {
        self.answer
            .or_else(|| self.options.first().map(|o| o.1))
            .unwrap_or(self.id)
    }
}

/// Two or more columns that could each be the answer, with no label to decide.
#[derive(Debug, Clone, PartialEq)]
pub struct Ambiguity {
    /// Sheet name.
    pub sheet: String,
    /// Header row (0-based).
    pub header_row: u32,
    /// The candidate columns.
    pub columns: Vec<u32>,
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
    /// Tables whose answer column could not be decided (import stops and names them).
    pub ambiguous: Vec<Ambiguity>,
}

fn letters_of(options: &[(String, u32)]) -> indexmap::IndexMap<String, String> {
    options
        .iter()
        .map(|(code, c)| (code.clone(), column_letters(*c)))
        .collect()
}

fn field_columns(fields: &[(u32, String)]) -> Vec<FieldColumn> {
    fields
        .iter()
        .map(|(c, f)| FieldColumn {
            column: column_letters(*c),
            field: f.clone(),
        })
        .collect()
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
                    header_row: t.header_row.saturating_add(1),
                    columns: LayoutColumns {
                        id: letter(t.id),
                        question: t.question.map(letter),
                        answer: if t.rounds.is_empty() {
                            t.answer.map(letter)
                        } else {
                            None
                        },
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
                        fields: if t.rounds.is_empty() {
                            field_columns(&t.fields)
                        } else {
                            Vec::new()
                        },
                        chapter: t.chapter.map(letter),
                        answer_options: if t.rounds.is_empty() {
                            letters_of(&t.options)
                        } else {
                            Default::default()
                        },
                        rounds: t
                            .rounds
                            .iter()
                            .map(|r| LayoutRound {
                                label: r.label.clone(),
                                answer: r.answer.map(letter),
                                answer_options: letters_of(&r.options),
                                fields: field_columns(&r.fields),
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
    // Detection compares cells with labels, ids, answer words and legends, all short: a cell
    // of a megabyte (a shared string shown in every row, say) is looked at by its start, so
    // that it costs no more than a long question does.
    const LOOKED_AT: usize = 4096;
    let long = |v: &CellValue| matches!(v, CellValue::Text(t) if t.len() > LOOKED_AT);
    let shortened;
    let wb = if wb.sheets.iter().any(|s| s.cells.values().any(long)) {
        shortened = Workbook {
            sheets: wb
                .sheets
                .iter()
                .map(|s| super::Sheet {
                    cells: s
                        .cells
                        .iter()
                        .map(|(k, v)| match v {
                            CellValue::Text(t) if t.len() > LOOKED_AT => (
                                *k,
                                CellValue::Text(crate::normalize::head(t, LOOKED_AT).into()),
                            ),
                            v => (*k, v.clone()),
                        })
                        .collect(),
                    name: s.name.clone(),
                    hidden: s.hidden,
                    hidden_cols: s.hidden_cols.clone(),
                    hidden_rows: s.hidden_rows.clone(),
                    formulas: s.formulas.clone(),
                })
                .collect(),
            kind: wb.kind,
            properties: wb.properties.clone(),
            recalculates: wb.recalculates,
        };
        &shortened
    } else {
        wb
    };
    let mut out = Detected::default();
    for sheet in wb.sheets.iter().filter(|s| hidden || !s.hidden) {
        if sheet.name == super::META_SHEET || sheet.name == super::LISTS_SHEET {
            continue;
        }
        out.legend.extend(legend(sheet));
        notes(sheet, &mut out.notes);
        if let Some((table, ambiguity)) = table(sheet) {
            if let Some(a) = ambiguity {
                out.ambiguous.push(a);
            }
            out.tables.push(table);
        }
    }
    out.legend.sort();
    out.legend.dedup();
    out
}

/// A column letter (`D`, `AA`) as a 0-based column.
fn column_of(letters: &str) -> Option<u32> {
    let mut n: u32 = 0;
    for c in letters.trim().chars() {
        if !c.is_ascii_alphabetic() {
            return None;
        }
        n = n
            .checked_mul(26)?
            .checked_add(c.to_ascii_uppercase() as u32 - 'A' as u32 + 1)?;
    }
    n.checked_sub(1)
}

fn options_of(map: &indexmap::IndexMap<String, String>) -> Vec<(String, u32)> {
    map.iter()
        .filter_map(|(code, l)| column_of(l).map(|c| (code.clone(), c)))
        .collect()
}

fn fields_of(fields: &[FieldColumn]) -> Vec<(u32, String)> {
    fields
        .iter()
        .filter_map(|f| column_of(&f.column).map(|c| (c, f.field.clone())))
        .collect()
}

/// Rebuilds the tables of a layout file against a workbook (item rows and sections are found as
/// in detection).
pub fn from_layout(wb: &Workbook, layout: &Layout) -> Detected {
    let col = |l: &str| column_of(l);
    let mut out = Detected::default();
    for t in &layout.tables {
        let Some(sheet) = wb.sheet(&t.sheet) else {
            continue;
        };
        let Some(id) = col(&t.columns.id) else {
            continue;
        };
        let rounds: Vec<RoundColumns> = t
            .columns
            .rounds
            .iter()
            .map(|r| RoundColumns {
                label: r.label.clone(),
                answer: r.answer.as_deref().and_then(col),
                options: options_of(&r.answer_options),
                fields: fields_of(&r.fields),
            })
            .collect();
        let last = rounds.last().cloned();
        let mut table = Table {
            sheet: sheet.name.clone(),
            labelled_id: true,
            header_row: t.header_row.saturating_sub(1),
            id,
            chapter: t.columns.chapter.as_deref().and_then(col),
            question: t.columns.question.as_deref().and_then(col),
            answer: match &last {
                Some(r) => r.answer,
                None => t.columns.answer.as_deref().and_then(col),
            },
            options: match &last {
                Some(r) => r.options.clone(),
                None => options_of(&t.columns.answer_options),
            },
            remarks: t.columns.remarks.as_deref().and_then(col),
            section: t.columns.section.as_deref().and_then(col),
            expected: t.columns.expected.as_deref().and_then(col),
            references: t
                .columns
                .references
                .iter()
                .filter_map(|r| col(&r.column).map(|c| (c, r.source.clone())))
                .collect(),
            fields: match &last {
                Some(r) => r.fields.clone(),
                None => fields_of(&t.columns.fields),
            },
            rounds,
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

/// The visible cells of a row with their text, each cell's text taken once.
fn visible_texts(sheet: &Sheet, row: u32) -> Vec<(u32, String)> {
    sheet
        .cells
        .range((row, 0)..=(row, u32::MAX))
        .filter(|((_, c), _)| !sheet.hidden_cols.contains(c))
        .map(|((_, c), v)| (*c, v.text()))
        .filter(|(_, t)| !t.trim().is_empty())
        .collect()
}

fn visible_cells(sheet: &Sheet, row: u32) -> Vec<(u32, &CellValue)> {
    sheet
        .cells
        .range((row, 0)..=(row, u32::MAX))
        .filter(|((_, c), _)| !sheet.hidden_cols.contains(c))
        .map(|((_, c), v)| (*c, v))
        .collect()
}

/// A header cell: its column, role and text.
type Labelled = (u32, Role, String);

/// What one candidate header row (with the group row above it) names.
#[derive(Debug, Default)]
struct Head {
    row: u32,
    roles: Vec<Labelled>,
    options: Vec<(String, u32)>,
    rounds: Vec<RoundColumns>,
    score: usize,
}

/// The labels of a candidate header row, completed by the group row above it: a column blank in
/// this row takes the label above (merged down), and a group label covers the columns to its
/// right until the next one (merged across).
fn head_at(sheet: &Sheet, row: u32) -> Head {
    let own = visible_texts(sheet, row);
    let above: BTreeMap<u32, String> = match row.checked_sub(1) {
        Some(r) => visible_texts(sheet, r).into_iter().collect(),
        None => BTreeMap::new(),
    };
    let own_map: BTreeMap<u32, String> = own.iter().cloned().collect();
    // Group labels over this row's columns.
    let mut group: BTreeMap<u32, String> = BTreeMap::new();
    let mut prev: Option<(u32, String)> = None;
    for (c, _) in &own {
        let g = match above.get(c) {
            Some(g) => Some(g.clone()),
            None => prev
                .as_ref()
                .filter(|(p, _)| p.checked_add(1) == Some(*c))
                .map(|(_, g)| g.clone()),
        };
        prev = g.clone().map(|g| (*c, g));
        if let Some(g) = g {
            group.insert(*c, g);
        }
    }
    let mut head = Head {
        row,
        ..Head::default()
    };
    let mut own_named = false;
    // Rounds as groups over 回答 | 確認日 | 目標日 (or over option columns).
    let mut rounds: Vec<RoundColumns> = Vec::new();
    let mut in_round: std::collections::BTreeSet<u32> = Default::default();
    for (c, text) in &own {
        let Some(g) = group.get(c).filter(|g| is_round(g)) else {
            continue;
        };
        let role = role_of(text);
        let option = option_of(text);
        if role.is_none() && option.is_none() {
            continue;
        }
        if rounds.last().is_none_or(|r| &r.label != g) {
            rounds.push(RoundColumns {
                label: g.trim().to_string(),
                ..RoundColumns::default()
            });
        }
        let Some(round) = rounds.last_mut() else {
            continue;
        };
        match (role, option) {
            (_, Some(code)) => round.options.push((code.to_string(), *c)),
            (Some(Role::Answer), _) => round.answer = Some(*c),
            (Some(Role::CheckedOn), _) => round.fields.push((*c, "checked_on".into())),
            (Some(Role::TargetDate), _) => round.fields.push((*c, "target_date".into())),
            _ => continue,
        }
        in_round.insert(*c);
    }
    rounds.retain(|r| r.answer.is_some() || r.options.len() >= 2);
    if rounds.len() < 2 {
        rounds.clear();
        in_round.clear();
    }
    // Rounds as sub-columns of one answer group (回答 over 1回目 | 2回目).
    if rounds.is_empty() {
        let subs: Vec<(u32, String)> = own
            .iter()
            .filter(|(c, t)| {
                is_round(t)
                    && group
                        .get(c)
                        .is_some_and(|g| role_of(g) == Some(Role::Answer))
            })
            .cloned()
            .collect();
        if subs.len() >= 2 {
            for (c, t) in subs {
                in_round.insert(c);
                rounds.push(RoundColumns {
                    label: t.trim().to_string(),
                    answer: Some(c),
                    ..RoundColumns::default()
                });
            }
        }
    }
    // Rounds named in the answer columns themselves (前回回答 | 今回回答, 1回目回答 | 2回目回答).
    if rounds.is_empty() {
        let subs: Vec<(u32, String)> = own
            .iter()
            .filter_map(|(c, t)| round_answer(t).map(|label| (*c, label)))
            .collect();
        if subs.len() >= 2 {
            for (c, label) in subs {
                in_round.insert(c);
                rounds.push(RoundColumns {
                    label,
                    answer: Some(c),
                    ..RoundColumns::default()
                });
            }
        }
    }
    // Option columns of a matrix.
    let mut options: Vec<(String, u32)> = own
        .iter()
        .filter(|(c, _)| !in_round.contains(c))
        .filter_map(|(c, t)| option_of(t).map(|code| (code.to_string(), *c)))
        .collect();
    // 該当 | 非該当 | 対象外: beside a column of its own for N/A, 非該当 (does not apply) is the
    // answer no.
    let count =
        |options: &[(String, u32)], code: &str| options.iter().filter(|o| o.0 == code).count();
    if count(&options, "na") >= 2 && count(&options, "no") == 0 && count(&options, "yes") >= 1 {
        for (code, c) in options.iter_mut() {
            let negated = own_map.get(c).is_some_and(|t| {
                matches!(normalize(t).as_str(), "非該当" | "該当しない" | "該当せず")
            });
            if negated && code == "na" {
                *code = "no".into();
            }
        }
    }
    let distinct = |o: &[(String, u32)]| {
        let mut codes: Vec<&str> = o.iter().map(|(c, _)| c.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        codes.len()
    };
    if distinct(&options) >= 2 {
        head.options = options;
        own_named = true;
    }
    if !rounds.is_empty() {
        own_named = true;
    }
    let taken: std::collections::BTreeSet<u32> = in_round
        .iter()
        .copied()
        .chain(head.options.iter().map(|o| o.1))
        .collect();
    // Roles: this row's label, else the one above (merged down).
    let columns: std::collections::BTreeSet<u32> =
        own_map.keys().chain(above.keys()).copied().collect();
    for c in columns {
        if taken.contains(&c) {
            continue;
        }
        let (text, mine) = match own_map.get(&c) {
            Some(t) => (t.clone(), true),
            None => match above.get(&c) {
                Some(t) => (t.clone(), false),
                None => continue,
            },
        };
        if let Some(role) = role_of(&text) {
            // A group label over option columns or rounds is not a column of its own.
            if !mine && role == Role::Answer && (!head.options.is_empty() || !rounds.is_empty()) {
                continue;
            }
            own_named |= mine;
            head.roles.push((c, role, text));
        }
    }
    head.rounds = rounds;
    if !own_named {
        head.roles.clear();
        return head;
    }
    let mut kinds: Vec<Role> = head.roles.iter().map(|x| x.1).collect();
    if !head.options.is_empty() || !head.rounds.is_empty() {
        kinds.push(Role::Answer);
    }
    if head.rounds.iter().any(|r| !r.fields.is_empty()) {
        kinds.push(Role::CheckedOn);
    }
    let strong = kinds
        .iter()
        .any(|r| matches!(r, Role::Id | Role::Question | Role::Answer));
    kinds.sort();
    kinds.dedup();
    kinds.retain(|r| *r != Role::Hospital);
    let structured = usize::from(!head.options.is_empty() || !head.rounds.is_empty());
    head.score = if strong { kinds.len() + structured } else { 0 };
    head
}

fn table(sheet: &Sheet) -> Option<(Table, Option<Ambiguity>)> {
    let rows = sheet.rows();
    let mut best: Option<Head> = None;
    for &row in rows.iter().take_while(|r| **r < 60).take(40) {
        let head = head_at(sheet, row);
        if head.score >= 1 && best.as_ref().is_none_or(|b| head.score > b.score) {
            best = Some(head);
        }
    }
    let head = best?;
    let header = head.row;
    let roles = &head.roles;
    let first = |r: Role| roles.iter().find(|x| x.1 == r).map(|x| x.0);
    let hospital: Vec<u32> = roles
        .iter()
        .filter(|x| x.1 == Role::Hospital)
        .map(|x| x.0)
        .collect();
    let below: Vec<u32> = rows
        .iter()
        .copied()
        .filter(|r| *r > header && !sheet.hidden_rows.contains(r))
        .take(400)
        .collect();
    let answer_cols: Vec<u32> = head
        .options
        .iter()
        .map(|o| o.1)
        .chain(
            head.rounds
                .iter()
                .flat_map(|r| r.answer.into_iter().chain(r.options.iter().map(|o| o.1))),
        )
        .collect();
    // The id column: labelled, else the column whose cells look most like ids.
    let id = first(Role::Id)
        .filter(|c| count(sheet, &below, *c, looks_like_id) >= 1)
        .or_else(|| {
            let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
            for &r in &below {
                for (c, v) in visible_cells(sheet, r) {
                    if !answer_cols.contains(&c) && looks_like_id(&v.text()) {
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
    let taken = |c: u32| {
        c == id
            || answer_cols.contains(&c)
            || hospital.contains(&c)
            || roles.iter().any(|x| x.0 == c && x.1 != Role::Answer)
    };
    let question = first(Role::Question).filter(|c| *c != id).or_else(|| {
        // The column right of the id that most often holds real text on item rows (nearest on
        // a tie): labels repeated on banner rows (HECVAT's "Guidance") do not count.
        let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
        for &r in below.iter().filter(|r| looks_like_id(&sheet.text(**r, id))) {
            for (c, v) in visible_cells(sheet, r) {
                let text = v.text();
                if c > id
                    && !taken(c)
                    && text.trim().chars().count() > 3
                    && !looks_like_answer(&text)
                {
                    *counts.entry(c).or_default() += 1;
                }
            }
        }
        counts
            .into_iter()
            .max_by_key(|(c, n)| (*n, std::cmp::Reverse(*c)))
            .map(|(c, _)| c)
    });
    let mut ambiguity = None;
    let filled = |c: u32| {
        below
            .iter()
            .filter(|r| {
                sheet
                    .get(**r, c)
                    .is_some_and(|v| !v.text().trim().is_empty())
            })
            .count()
    };
    // The answer column: options or rounds; else the labelled one (the vendor's, when the sheet
    // also has a plain or hospital column); else the one whose values are answers.
    let answer = if !head.options.is_empty() || !head.rounds.is_empty() {
        None
    } else {
        let labelled: Vec<(u32, &String)> = roles
            .iter()
            .filter(|x| x.1 == Role::Answer && Some(x.0) != question && x.0 != id)
            .map(|x| (x.0, &x.2))
            .collect();
        let vendor: Vec<u32> = labelled
            .iter()
            .filter(|(_, t)| vendor_labelled(t))
            .map(|(c, _)| *c)
            .collect();
        let candidates: Vec<u32> = if vendor.is_empty() {
            labelled.iter().map(|(c, _)| *c).collect()
        } else {
            vendor
        };
        match candidates.as_slice() {
            [] => {
                let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
                for &r in &below {
                    for (c, v) in visible_cells(sheet, r) {
                        if !taken(c) && Some(c) != question && looks_like_answer(&v.text()) {
                            *counts.entry(c).or_default() += 1;
                        }
                    }
                }
                let mut ranked: Vec<(u32, usize)> =
                    counts.into_iter().filter(|(_, n)| *n >= 2).collect();
                ranked.sort_by_key(|(c, n)| (std::cmp::Reverse(*n), *c));
                if let [(a, n), (b, m), ..] = ranked.as_slice()
                    && m * 5 >= n * 4
                {
                    ambiguity = Some(Ambiguity {
                        sheet: sheet.name.clone(),
                        header_row: header,
                        columns: vec![(*a).min(*b), (*a).max(*b)],
                    });
                }
                ranked.first().map(|(c, _)| *c).or_else(|| {
                    let start = question.unwrap_or(id).saturating_add(1);
                    (start..start.saturating_add(8)).find(|c| {
                        !sheet.hidden_cols.contains(c) && !roles.iter().any(|x| x.0 == *c)
                    })
                })
            }
            [one] => Some(*one),
            many => {
                let used: Vec<u32> = many.iter().copied().filter(|c| filled(*c) > 0).collect();
                match used.as_slice() {
                    [one] => Some(*one),
                    [] => many.first().copied(),
                    several => {
                        ambiguity = Some(Ambiguity {
                            sheet: sheet.name.clone(),
                            header_row: header,
                            columns: several.to_vec(),
                        });
                        several.first().copied()
                    }
                }
            }
        }
    };
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
    let last_round = head.rounds.last().cloned();
    let mut table = Table {
        sheet: sheet.name.clone(),
        labelled_id,
        header_row: header,
        id,
        chapter: None,
        question,
        answer: match &last_round {
            Some(r) => r.answer,
            None => answer,
        },
        options: match &last_round {
            Some(r) => r.options.clone(),
            None => head.options.clone(),
        },
        remarks: first(Role::Remarks),
        section: first(Role::Section).filter(|c| *c != id),
        expected: first(Role::Expected),
        references: roles
            .iter()
            .filter(|x| x.1 == Role::Reference)
            .map(|x| (x.0, x.2.trim().to_string()))
            .collect(),
        fields: match &last_round {
            Some(r) => r.fields.clone(),
            None => roles
                .iter()
                .filter_map(|x| match x.1 {
                    Role::CheckedOn => Some((x.0, "checked_on".to_string())),
                    Role::TargetDate => Some((x.0, "target_date".to_string())),
                    _ => None,
                })
                .collect(),
        },
        rounds: head.rounds.clone(),
        rows: Vec::new(),
    };
    table.chapter = chapter_column(sheet, &table, &below);
    if table.chapter.is_some() && table.section == table.chapter {
        table.section = None;
    }
    table.rows = item_rows(sheet, &table);
    (!table.rows.is_empty()).then_some((table, ambiguity))
}

/// The chapter of a chapter cell: `3`, `A`, `第3章` -> `3`, `【2】` -> `2`.
fn chapter_id(text: &str) -> Option<String> {
    let t = normalize(text);
    let t = t
        .trim_start_matches('第')
        .trim_end_matches('章')
        .trim_matches(['【', '】', '[', ']', '(', ')', '（', '）'])
        .trim();
    let t = t.strip_prefix("chapter").unwrap_or(t).trim();
    (!t.is_empty()
        && t.chars().count() <= 8
        && (looks_like_id(t) || t.chars().all(|c| c.is_ascii_alphabetic())))
    .then(|| t.to_uppercase())
}

/// A column left of the ids, written once per chapter (merged down), that makes ids repeated
/// across chapters (1, 2, 1, 2) unique: the id is then `CHAPTER-NUMBER`.
fn chapter_column(sheet: &Sheet, t: &Table, below: &[u32]) -> Option<u32> {
    let ids: Vec<(u32, String)> = below
        .iter()
        .filter_map(|r| {
            let v = sheet.text(*r, t.id);
            looks_like_id(&v).then(|| (*r, normalize(&v)))
        })
        .collect();
    let mut unique: Vec<&str> = ids.iter().map(|(_, v)| v.as_str()).collect();
    unique.sort_unstable();
    unique.dedup();
    if ids.len() < 2 || unique.len() == ids.len() {
        return None;
    }
    let taken =
        |c: u32| Some(c) == t.question || Some(c) == t.answer || t.options.iter().any(|o| o.1 == c);
    (0..t.id)
        .rev()
        .filter(|c| !taken(*c) && !sheet.hidden_cols.contains(c))
        .find(|&c| {
            let mut chapter: Option<String> = None;
            let mut seen = std::collections::BTreeSet::new();
            let mut written = 0;
            for r in below.iter().copied().filter(|r| *r >= ids[0].0) {
                let v = sheet.text(r, c);
                if !v.trim().is_empty() {
                    match chapter_id(&v) {
                        Some(ch) => {
                            chapter = Some(ch);
                            written += 1;
                        }
                        None => return false,
                    }
                }
                if let Some((_, id)) = ids.iter().find(|(row, _)| *row == r) {
                    let Some(ch) = &chapter else { return false };
                    if !seen.insert(format!("{ch}-{id}")) {
                        return false;
                    }
                }
            }
            written >= 2 && written < ids.len()
        })
}

fn count(sheet: &Sheet, rows: &[u32], col: u32, test: fn(&str) -> bool) -> usize {
    rows.iter()
        .filter(|r| sheet.get(**r, col).is_some_and(|v| test(&v.text())))
        .count()
}

/// An example row (記入例), written to show how to fill the form in.
pub(crate) fn is_example(text: &str) -> bool {
    // Cheap test first: every marker holds 例 or starts with e / s (example, sample, e.g.).
    let opened = text.trim_start_matches(['(', '（', '【', '[', '<', '《', '〈', ' ', '\u{3000}']);
    // A question that opens with （記入例） is an example too, however long.
    if opened.starts_with("記入例") {
        return true;
    }
    if text.len() > 40
        || !matches!(
            opened.chars().next(),
            Some('e' | 'E' | 's' | 'S' | 'ｅ' | 'Ｅ' | 'ｓ' | 'Ｓ')
        ) && !text.contains('例')
    {
        return false;
    }
    let t = normalize(text);
    let t = t.trim_matches([
        '(', ')', '【', '】', '[', ']', '<', '>', '《', '》', '〈', '〉',
    ]);
    t == "例"
        || t.contains("記入例")
        || t == "example"
        || t == "sample"
        || t == "e.g."
        || t == "回答例"
}

/// Text rows that never name a section: notes (※ 注), memos, examples.
fn is_furniture(text: &str) -> bool {
    let t = normalize(text);
    t.starts_with(['※', '*', '＊'])
        || t.starts_with("(注")
        || t.starts_with("注")
        || t.starts_with("メモ")
        || t.starts_with("memo")
        || is_example(&t)
}

/// Rows fewer than this are looked at on one core: a thread costs more than they do.
const ROWS_PER_THREAD: usize = 4096;

/// Item rows below the header, with the section each belongs to: the banner row before them.
/// Of a run of text rows between items, the last short title-like one names the section (a
/// banner followed by a description, or instructions followed by a banner). Example rows,
/// notes, memos and a commentary line right after an item (in the question column) are
/// neither items nor banners.
fn item_rows(sheet: &Sheet, t: &Table) -> Vec<ItemRow> {
    let rows = sheet.rows();
    let mut out = Vec::with_capacity(rows.len());
    let mut banner: Option<String> = None;
    let mut category: Option<String> = None;
    let mut chapter: Option<String> = None;
    let mut run: Vec<String> = Vec::new();
    let mut last_was_item = false;
    // Rows above the header are items only when their ids have the shape of the ids below it
    // (HECVAT's company questions above its repeated header), not a numbered cover table.
    // Computed when a row above the header holds something in the id column.
    let shapes: std::cell::OnceCell<std::collections::BTreeSet<String>> =
        std::cell::OnceCell::new();
    let shapes = || {
        shapes.get_or_init(|| {
            rows.iter()
                .filter(|r| **r > t.header_row)
                .map(|r| sheet.text(*r, t.id))
                .filter(|v| looks_like_id(v))
                .map(|v| id_shape(&v))
                .collect()
        })
    };
    // Of each row, looked at on the cores there are: whether a cell of it marks an example, and
    // whether its id cell looks like an id. The walk below follows banners and sections.
    let looks: Vec<(bool, bool)> =
        crate::parallel::map_in_order(&rows, ROWS_PER_THREAD, usize::MAX, |_, &row| {
            let example = sheet
                .cells
                .range((row, 0)..=(row, u32::MAX))
                .any(|((_, c), v)| {
                    matches!(v, CellValue::Text(t) if !sheet.hidden_cols.contains(c) && is_example(t))
                });
            (example, looks_like_id(&sheet.text(row, t.id)))
        })
        .unwrap_or_else(|e| std::panic::resume_unwind(e));
    for (&row, &(example, id_like)) in rows.iter().zip(&looks) {
        let raw = sheet.text(row, t.id);
        if row == t.header_row {
            // What stands above the header is a title, not a section; a header that names its
            // section in the id column (HECVAT) starts one.
            run.clear();
            if !raw.trim().is_empty() && role_of(&raw).is_none() {
                run.push(raw.trim().to_string());
            }
            continue;
        }
        if row < t.header_row && (!id_like || !shapes().contains(&id_shape(&raw))) {
            continue;
        }
        let hidden = sheet.hidden_rows.contains(&row);
        if let Some(c) = t.section {
            let v = sheet.text(row, c);
            if !v.trim().is_empty() {
                category = Some(v.trim().to_string());
            }
        }
        if let Some(c) = t.chapter {
            let v = sheet.text(row, c);
            if let Some(ch) = chapter_id(&v) {
                chapter = Some(ch);
            }
        }
        // No header label looks like an id (labels hold no digits), so an id needs no role test.
        if !example && id_like {
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
            let id = match (&t.chapter, &chapter) {
                (Some(_), Some(ch)) => format!("{ch}-{}", raw.trim()),
                _ => raw.trim().to_string(),
            };
            out.push(ItemRow {
                row,
                id,
                section: category.clone().or_else(|| banner.clone()),
                hidden,
            });
            last_was_item = true;
            continue;
        }
        if hidden || example {
            continue;
        }
        let cells = visible_texts(sheet, row);
        let Some((col, first)) = cells.first() else {
            continue;
        };
        let text = first.trim().to_string();
        if is_note_label(&text)
            || is_furniture(&text)
            || text.chars().count() > 200
            || role_of(&text).is_some()
        {
            continue;
        }
        // A line under an item that starts in its question column is its commentary.
        if last_was_item && *col > t.id && Some(*col) >= t.question.or(Some(t.id.saturating_add(1)))
        {
            continue;
        }
        last_was_item = false;
        run.push(text);
    }
    out
}

/// The shape of an id: letters as `A`, digits as `9`, runs collapsed (`GNRL-01` -> `A-9`).
fn id_shape(id: &str) -> String {
    let mut out = String::new();
    for c in normalize(id).chars() {
        let k = if c.is_ascii_alphabetic() {
            'A'
        } else if c.is_ascii_digit() {
            '9'
        } else {
            c
        };
        if !out.ends_with(k) || !matches!(k, 'A' | '9') {
            out.push(k);
        }
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
    // Only a short cell starting with note / 注 can be a notes label: rows without one are
    // passed over without collecting their cells.
    let candidate = |v: &CellValue| {
        matches!(v, CellValue::Text(raw) if raw.len() <= 24
            && matches!(raw.trim_start().chars().next(), Some('n' | 'N' | 'ｎ' | 'Ｎ' | '注')))
    };
    let mut rows: Vec<u32> = sheet
        .cells
        .iter()
        .filter(|(_, v)| candidate(v))
        .map(|((r, _), _)| *r)
        .collect();
    rows.dedup();
    for row in rows {
        let cells = visible_cells(sheet, row);
        let Some(pos) = cells.iter().position(|(_, v)| {
            // Only a short cell starting with note / 注 can be a notes label.
            let CellValue::Text(raw) = v else {
                return false;
            };
            let first = raw.trim_start().chars().next();
            if raw.len() > 24 || !matches!(first, Some('n' | 'N' | 'ｎ' | 'Ｎ' | '注')) {
                return false;
            }
            let t = normalize(raw);
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

/// The entries of a legend written in one cell: `○＝はい　×＝いいえ`, `記入方法：◎：はい　△：いいえ
/// ／：対象外`, `○:はい / ×:いいえ / -:対象外`, `●…対応済　▲…未対応`, `Y=はい N=いいえ`.
/// A mark is one symbol (or one Latin letter standing alone) directly before `＝ = : ： …`; what
/// it means runs to the next space, comma or entry.
pub(crate) fn legend_entries(text: &str) -> Vec<(String, String)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let is_equals = |c: char| matches!(c, '＝' | '=' | ':' | '：' | '…' | '⇒' | '→' | '‥');
    let is_mark = |i: usize| -> bool {
        let c = chars[i].1;
        if c.is_whitespace() || is_equals(c) {
            return false;
        }
        // A number standing alone (`1：はい、2：いいえ`), not a time (`10:00`).
        if c.is_ascii_digit() {
            return i == 0 || !chars[i - 1].1.is_alphanumeric();
        }
        if c.is_alphanumeric() {
            // A Latin letter standing alone: `Y=はい`.
            return c.is_ascii_alphabetic() && (i == 0 || !chars[i - 1].1.is_alphanumeric());
        }
        !matches!(
            c,
            ')' | '）' | '」' | '】' | ']' | '、' | ',' | '，' | '(' | '（' | '「' | '【' | '['
        )
    };
    // Entries: (index of the mark, index of the first character after the equals signs).
    let mut entries: Vec<(usize, usize)> = Vec::new();
    let mut i = 1;
    while i < chars.len() {
        if is_equals(chars[i].1) && is_mark(i - 1) && entries.last().is_none_or(|(_, s)| *s < i) {
            let mut start = i;
            while start < chars.len() && is_equals(chars[start].1) {
                start += 1;
            }
            entries.push((i - 1, start));
            i = start;
        } else {
            i += 1;
        }
    }
    let mut out = Vec::new();
    for (k, (mark, start)) in entries.iter().enumerate() {
        let end = entries.get(k + 1).map(|(m, _)| *m).unwrap_or(chars.len());
        let means: String = chars[*start..end]
            .iter()
            .map(|(_, c)| *c)
            .skip_while(|c| c.is_whitespace())
            .take_while(|c| {
                !c.is_whitespace() && !matches!(c, '、' | ',' | '，' | ';' | '；' | '。')
            })
            .collect();
        let means = means
            .trim_end_matches(['/', '／', '・', '|', '｜', ')', '）'])
            .trim();
        if !means.is_empty() && means.chars().count() <= 12 {
            out.push((chars[*mark].1.to_string(), means.to_string()));
        }
    }
    out
}

/// Legends anywhere in the sheet.
fn legend(sheet: &Sheet) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for value in sheet.cells.values() {
        let CellValue::Text(text) = value else {
            continue;
        };
        // Every sign of a legend is `=` or `:`, or a character whose UTF-8 starts with 0xE2
        // (… ⇒ → ‥) or 0xEF (＝ ：): a byte search (many bytes at a time) passes most cells
        // over.
        let bytes = text.as_bytes();
        if text.len() > 600
            || (memchr::memchr3(b'=', b':', 0xEF, bytes).is_none()
                && memchr::memchr(0xE2, bytes).is_none())
            || !text.contains(['＝', '=', ':', '：', '…', '⇒', '→', '‥'])
            || text.chars().count() > 200
        {
            continue;
        }
        out.extend(legend_entries(text));
    }
    out
}

#[cfg(test)]
mod tests {
    /// The shape test as first written, with its allocations: the one-pass test agrees.
    fn reference_shape(t: &str) -> bool {
        if t.is_empty()
            || t.len() > 24
            || !t
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '(' | ')'))
        {
            return false;
        }
        // Brackets hold a number, and close.
        if t.matches('(').count() != t.matches(')').count() || t.starts_with('(') {
            return false;
        }
        let parts = || t.split(['-', '_', '.', '(', ')']).filter(|p| !p.is_empty());
        let count = parts().count();
        if count == 0
            || count > 6
            || t.split(['-', '_', '.'])
                .any(|p| p.is_empty() || p.starts_with(')') || p.ends_with('('))
        {
            return false;
        }
        let last = parts().next_back().unwrap_or("");
        let numeric = parts().all(|p| p.bytes().all(|c| c.is_ascii_digit()));
        last.bytes().any(|c| c.is_ascii_digit())
            && parts().all(|p| p.bytes().filter(u8::is_ascii_alphabetic).count() <= 8)
            && !(numeric && t.ends_with(".0"))
    }

    proptest::proptest! {
        /// ASCII cells are judged as the normalised text would be.
        #[test]
        fn ascii_ids_are_judged_as_normalised(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'A', 'b', 'x', 'X', '1', '0', '9', '-', '_', '.', '(', ')', ' ', '\t', '\u{0B}', '#',
                'Ｃ', '－', 'ー', '１', '（',
            ]), 0..14)
        ) {
            let cell: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(super::is_id_shaped(&cell), reference_shape(&cell), "{:?}", cell);
            let general = reference_shape(
                &super::fold_dashes(&super::normalize(&cell)).to_uppercase(),
            );
            proptest::prop_assert_eq!(super::looks_like_id(&cell), general, "{:?}", cell);
        }
    }

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
        for id in ["7-4-(1)", "6.5.1(2)", "3-②", "１２"] {
            assert!(looks_like_id(id), "{id}");
        }
        for not in ["(1)", "1-(", "3-)", "記入例"] {
            assert!(!looks_like_id(not), "{not}");
        }
    }

    #[test]
    fn bilingual_and_english_labels() {
        for (label, role) in [
            ("回答\nAnswer", Role::Answer),
            ("回答/Answer", Role::Answer),
            ("備考 Remarks", Role::Remarks),
            ("項番\nNo.", Role::Id),
            ("Vendor Response", Role::Answer),
            ("Reply", Role::Answer),
            ("Ref", Role::Id),
            ("#", Role::Id),
            ("Item text", Role::Question),
            ("Control", Role::Question),
            ("Explanation", Role::Remarks),
            ("病院確認欄", Role::Hospital),
            ("当院チェック", Role::Hospital),
            ("Hospital Review", Role::Hospital),
        ] {
            assert_eq!(role_of(label), Some(role), "{label:?}");
        }
        assert!(vendor_labelled("御社回答"));
        assert!(vendor_labelled("Vendor Response"));
        assert!(!vendor_labelled("回答"));
        for (label, code) in [
            ("はい", "yes"),
            ("Yes", "yes"),
            ("はい\nYes", "yes"),
            ("対応済", "yes"),
            ("未対応", "no"),
            ("実施していない", "no"),
            ("該当なし", "na"),
            ("N/A", "na"),
        ] {
            assert_eq!(option_of(label), Some(code), "{label:?}");
        }
        assert_eq!(option_of("回答"), None);
        assert_eq!(option_of("はい/いいえ"), None);
        for round in [
            "1回目",
            "2回目",
            "初回",
            "再確認",
            "昨年度",
            "本年度",
            "R7",
            "R8",
            "令和7年度",
            "2025年度",
            "FY2025",
        ] {
            assert!(is_round(round), "{round}");
        }
        for not in ["回答", "確認日", "Remarks", "R", "2025"] {
            assert!(!is_round(not), "{not}");
        }
        assert_eq!(round_answer("前回回答").as_deref(), Some("前回"));
        assert_eq!(round_answer("今回回答").as_deref(), Some("今回"));
        assert_eq!(round_answer("2回目の回答").as_deref(), Some("2回目"));
        assert_eq!(round_answer("回答"), None);
        assert_eq!(round_answer("御社回答"), None);
    }

    fn check_legend(text: &str, expect: &[(&str, &str)]) {
        let got = legend_entries(text);
        let want: Vec<(String, String)> = expect
            .iter()
            .map(|(m, v)| (m.to_string(), v.to_string()))
            .collect();
        assert_eq!(got, want, "{text:?}");
    }

    #[test]
    fn legends_are_read_whole() {
        check_legend(
            "記入方法：◎：はい　△：いいえ　／：対象外",
            &[("◎", "はい"), ("△", "いいえ"), ("／", "対象外")],
        );
        check_legend(
            "凡例　○＝はい、×＝いいえ、－＝対象外",
            &[("○", "はい"), ("×", "いいえ"), ("－", "対象外")],
        );
        check_legend(
            "○:はい / ×:いいえ / -:対象外",
            &[("○", "はい"), ("×", "いいえ"), ("-", "対象外")],
        );
        check_legend(
            "（凡例）●…対応済　▲…未対応　―…対象外",
            &[("●", "対応済"), ("▲", "未対応"), ("―", "対象外")],
        );
        check_legend("○：はい／×：いいえ", &[("○", "はい"), ("×", "いいえ")]);
        check_legend("Y=はい N=いいえ", &[("Y", "はい"), ("N", "いいえ")]);
        check_legend("会社名：株式会社サンプル", &[]);
        check_legend("10:00", &[]);
        check_legend(
            "回答欄には 1：はい、2：いいえ、3：対象外 の番号を記入してください。",
            &[("1", "はい"), ("2", "いいえ"), ("3", "対象外")],
        );
    }
}
