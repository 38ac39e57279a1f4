//! A workbook layout (`mds-layout/1`): where the item tables, cover cells and value legend of a
//! workbook are, for what layout detection cannot see. `mds inspect --emit-layout` writes one to
//! adjust; `mds import --layout` uses it.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The layout of a workbook.
///
/// ```
/// let json = r#"{"format":"mds-layout/1","tables":[{"sheet":"回答","header_row":3,
///   "columns":{"id":"A","question":"B","answer":"D","remarks":"E"}}]}"#;
/// let layout: mds_core::model::Layout = serde_json::from_str(json).unwrap();
/// assert_eq!(layout.tables[0].columns.answer.as_deref(), Some("D"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// Always `mds-layout/1`.
    #[schemars(extend("const" = "mds-layout/1"))]
    pub format: String,
    /// Item tables, in reading order.
    pub tables: Vec<LayoutTable>,
    /// Cover fields read from single cells.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cover: Vec<CoverCell>,
    /// Marks and words the workbook uses for answers, e.g. `○` -> `yes` (from a legend such as
    /// ○＝はい).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub legend: Vec<LegendEntry>,
}

/// One item table: a sheet, its header row and the role of each column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LayoutTable {
    /// Sheet name.
    pub sheet: String,
    /// Header row, counted from 1 as in spreadsheet software.
    pub header_row: u32,
    /// Column letters by role.
    pub columns: LayoutColumns,
}

/// Column letters by role; a role left out is absent from the sheet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LayoutColumns {
    /// Item ids (項番, Question ID).
    pub id: String,
    /// Question text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// Answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// Remarks (備考, See note).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
    /// Category or section, carried down over merged or blank cells.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The expected (compliant) answer, where the form states one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// Guideline or standard references: column letter and the header that names the source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<ReferenceColumn>,
    /// Typed extra fields: column letter and field id (e.g. `checked_on`, `target_date`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldColumn>,
    /// A chapter column (merged or written once per chapter) whose value, carried down, is put
    /// before the number in the id column: chapter `3` and number `1` make the id `3-1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapter: Option<String>,
    /// An answer matrix: one column per option, the vendor's mark (○, ✓, ■, 1, TRUE …) in one
    /// of them: code -> column letter, e.g. `{"yes": "C", "no": "D", "na": "E"}`.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub answer_options: IndexMap<String, String>,
    /// Rounds of a sheet checked more than once (1回目 | 2回目, 昨年度 | 本年度), oldest first:
    /// the latest round that holds an answer is the answer, earlier ones are kept in `rounds`.
    /// When given, `answer`, `answer_options` and `fields` above are not used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<LayoutRound>,
}

/// The columns of one round of a multi-round sheet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LayoutRound {
    /// The round's label as the sheet writes it (`1回目`, `R7`).
    pub label: String,
    /// The round's answer column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// The round's option columns, as in [`LayoutColumns::answer_options`].
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub answer_options: IndexMap<String, String>,
    /// The round's date fields (`checked_on`, `target_date`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldColumn>,
}

/// A references column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferenceColumn {
    /// Column letter.
    pub column: String,
    /// The source named by the header, e.g. `NIST SP 800-53 Rev. 4`.
    pub source: String,
}

/// An extra-field column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldColumn {
    /// Column letter.
    pub column: String,
    /// Field id.
    pub field: String,
}

/// A cover field read from one cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoverCell {
    /// Cover field id, e.g. `vendor`.
    pub field: String,
    /// The cell, e.g. `表紙!C5`.
    pub cell: String,
}

/// A legend entry: what a mark or word in the answer cells means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LegendEntry {
    /// The mark or word, e.g. `○`.
    pub mark: String,
    /// What it means, as written in the legend, e.g. `はい`.
    pub means: String,
}
