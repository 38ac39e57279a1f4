//! Excel workbooks: fillable forms and filled responses out ([`write_form`]), filled workbooks
//! back in ([`import_workbook`]), over a bounded cell reader ([`read_workbook`]) of .xlsx, .ods
//! and text tables saved as CSV.
//!
//! Our workbooks carry a stamp — the questionnaire's id, version and digest — in a hidden sheet
//! (`_mds`) and in custom document properties, so that a workbook re-saved by LibreOffice or
//! edited by a script is still recognised. Items are found by their id, never by their row:
//! sorted, inserted and deleted rows import the same.

mod cell;
mod csv;
mod detect;
mod foreign;
mod import;
mod ods;
mod ooxml;
mod package;
mod profile;
mod read;
pub(crate) mod sheet;
pub(crate) mod style;
mod write;
mod xml;

pub use cell::{
    At, CellValue, Cells, CellsIter, Limits, Sheet, Workbook, WorkbookKind, cell_ref,
    column_letters, serial_to_iso,
};
pub use csv::{CSV_SHEET, looks_like_csv, read_csv};
pub use detect::{Ambiguity, Detected, Table, detect, from_layout, looks_like_id};
pub use foreign::{answer_tables, extract, import_detected, known_ids, workbook_ids};
pub use import::{Imported, Places, Stamp, import_workbook, stamp};
pub use profile::{
    PROFILE_KIND, ProfileRead, import_profile_workbook, is_profile_workbook, write_profile_workbook,
};
pub use read::{read_workbook, read_workbook_with, report_kind};
pub use sheet::unescape_ooxml;
pub use write::write_form;

use crate::Lang;

/// The `format` value in the `_mds` sheet of our workbooks.
pub const WORKBOOK_FORMAT: &str = "mds-workbook/1";
/// The hidden sheet carrying the stamp.
pub const META_SHEET: &str = "_mds";
/// The hidden sheet carrying the dropdown lists.
pub const LISTS_SHEET: &str = "_lists";

/// Header labels of our sheets in one language.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Labels {
    pub cover_sheet: &'static str,
    pub answers_sheet: &'static str,
    pub id: &'static str,
    pub section: &'static str,
    pub question: &'static str,
    pub answer: &'static str,
    pub remarks: &'static str,
    pub other: &'static str,
    pub confirmed: &'static str,
    pub unconfirmed: &'static str,
    pub field: &'static str,
    pub value: &'static str,
    pub format: &'static str,
}

pub(crate) fn labels(lang: Lang) -> Labels {
    match lang {
        Lang::Ja => Labels {
            cover_sheet: "表紙",
            answers_sheet: "回答",
            id: "項目ID",
            section: "セクション",
            question: "質問",
            answer: "回答",
            remarks: "備考",
            other: "その他の内容",
            confirmed: "確認",
            unconfirmed: "未確認",
            field: "項目",
            value: "記入欄",
            format: "記入方法",
        },
        Lang::En => Labels {
            cover_sheet: "Cover",
            answers_sheet: "Answers",
            id: "Item ID",
            section: "Section",
            question: "Question",
            answer: "Answer",
            remarks: "Remarks",
            other: "Other (details)",
            confirmed: "Confirmed",
            unconfirmed: "unconfirmed",
            field: "Field",
            value: "Value",
            format: "How to fill in",
        },
    }
}

/// True when a cell reads as a yes / no / N/A answer (in any of the usual spellings).
pub(crate) fn detect_answer(text: &str) -> bool {
    detect::looks_like_answer(text)
}

/// The most characters an Excel cell holds.
pub const CELL_CHARS: usize = 32_767;

/// Text as a workbook cell can hold it: a text longer than Excel's 32,767 characters is cut,
/// with a visible mark saying so, rather than making the whole workbook fail to be written.
///
/// ```
/// let long = "あ".repeat(40_000);
/// let cell = mds_core::xlsx::fit(&long);
/// assert_eq!(cell.chars().count(), mds_core::xlsx::CELL_CHARS);
/// assert!(cell.ends_with("…［以下省略: 40000 文字］"));
/// assert_eq!(mds_core::xlsx::fit("短い"), "短い");
/// ```
pub fn fit(text: impl AsRef<str>) -> String {
    let text = text.as_ref();
    let count = text.chars().count();
    if count <= CELL_CHARS {
        return text.to_string();
    }
    let mark = format!("…［以下省略: {count} 文字］");
    let keep = CELL_CHARS - mark.chars().count();
    let mut out: String = text.chars().take(keep).collect();
    out.push_str(&mark);
    out
}

/// True when a text is too long for one workbook cell (and [`fit`] cuts it).
pub fn too_long_for_a_cell(text: &str) -> bool {
    text.len() > CELL_CHARS && text.chars().count() > CELL_CHARS
}
