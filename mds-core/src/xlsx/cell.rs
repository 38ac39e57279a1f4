//! The cells of a workbook as every reader gives them: values, sheets, workbooks, bounds,
//! cell references and Excel dates, and the errors of reading a workbook.

use std::collections::BTreeMap;

use crate::Lang;
use crate::error::Error;

/// Bounds on what a workbook may make mds read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest workbook file, in bytes (`--max-file-mib`).
    pub max_file_bytes: u64,
    /// Largest decompressed part (a sheet, the shared strings), in bytes (`--max-part-mib`).
    pub max_part_bytes: u64,
    /// Most cells with a value kept in one workbook, over all its sheets (`--max-cells`).
    pub max_cells: u64,
    /// Most parts (files) in the workbook archive (`--max-parts`).
    pub max_parts: usize,
    /// Most text in one workbook, in bytes, counted each time a cell shows it: a shared string
    /// shown in many cells, repeated cells and expanded spaces all count (`--max-text-mib`).
    pub max_text_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 100 << 20,
            max_part_bytes: 256 << 20,
            max_cells: 1_000_000,
            max_parts: 10_000,
            max_text_bytes: 256 << 20,
        }
    }
}

/// The value of one cell.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    /// Text (shared, inline or a formula's text result). Cells showing the same shared string
    /// share one copy of it.
    Text(std::sync::Arc<str>),
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// A date, as ISO 8601 (`2027-03-31`): a date-formatted number in .xlsx, a date cell in .ods.
    Date(String),
    /// An error value such as `#N/A`.
    Error(String),
    /// A formula saved without its result (as scripts write them): the formula's text.
    Formula(String),
}

impl CellValue {
    /// The value as text, as a person reads it in the cell.
    pub fn text(&self) -> String {
        self.shown().into_owned()
    }

    /// [`CellValue::text`], borrowed where the cell holds text.
    pub fn shown(&self) -> std::borrow::Cow<'_, str> {
        use std::borrow::Cow;
        match self {
            CellValue::Text(s) => Cow::Borrowed(s),
            CellValue::Date(s) | CellValue::Error(s) => Cow::Borrowed(s),
            CellValue::Formula(f) => Cow::Owned(format!("={f}")),
            CellValue::Number(n) => Cow::Owned(if n.fract() == 0.0 && n.abs() < 1e15 {
                format!("{n:.0}")
            } else {
                n.to_string()
            }),
            CellValue::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
        }
    }
}

/// One sheet: its name, whether it is hidden, and its cells by (row, column), both from 0.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// Hidden (or very hidden).
    pub hidden: bool,
    /// Cells with a value.
    pub cells: Cells,
    /// Hidden columns (0-based).
    pub hidden_cols: std::collections::BTreeSet<u32>,
    /// Hidden rows (0-based): hidden, filtered out or in a collapsed outline group.
    pub hidden_rows: std::collections::BTreeSet<u32>,
    /// Cells whose value is the saved result of a formula (a formula saved without a result is
    /// a [`CellValue::Formula`] instead).
    pub formulas: std::collections::BTreeSet<(u32, u32)>,
}

impl Sheet {
    /// The cell at (row, column).
    pub fn get(&self, row: u32, col: u32) -> Option<&CellValue> {
        self.cells.get(&(row, col))
    }

    /// The text of the cell at (row, column), empty when there is none.
    pub fn text(&self, row: u32, col: u32) -> std::borrow::Cow<'_, str> {
        self.get(row, col).map(CellValue::shown).unwrap_or_default()
    }

    /// Whether the cell's value is not what a person opening the workbook would see: a
    /// formula saved without its result, or a formula's saved result in a workbook that asks
    /// to be recalculated when it is opened (`recalculates`), where the spreadsheet shows what
    /// the formula gives instead.
    pub fn untrusted(&self, row: u32, col: u32, recalculates: bool) -> bool {
        matches!(self.get(row, col), Some(CellValue::Formula(_)))
            || (recalculates && self.formulas.contains(&(row, col)))
    }

    /// The rows that have at least one cell, in order.
    pub fn rows(&self) -> Vec<u32> {
        let mut rows: Vec<u32> = self.cells.keys().map(|(r, _)| *r).collect();
        rows.dedup();
        rows
    }
}

/// A place on a sheet: (row, column), both from 0.
pub type At = (u32, u32);

/// The cells of a sheet that have a value, by place, in reading order (row by row, left to
/// right): a sorted list, looked up by halving. Read as a map: one value a place, the last one
/// given when a place is given twice.
///
/// ```
/// use mds_core::xlsx::{CellValue, Cells};
/// let cells: Cells = [((1, 0), CellValue::Number(2.0)), ((0, 3), CellValue::Bool(true)),
///     ((1, 0), CellValue::Number(3.0))].into_iter().collect();
/// assert_eq!(cells.len(), 2);
/// assert_eq!(cells.get(&(1, 0)), Some(&CellValue::Number(3.0)));
/// assert_eq!(cells.keys().collect::<Vec<_>>(), [&(0, 3), &(1, 0)]);
/// assert_eq!(cells.range((1, 0)..=(1, u32::MAX)).count(), 1);
/// ```
#[derive(Clone, Default, PartialEq)]
pub struct Cells(Vec<(At, CellValue)>);

/// The cells of a [`Cells`] in order, as (place, value).
pub type CellsIter<'a> = std::iter::Map<
    std::slice::Iter<'a, (At, CellValue)>,
    fn(&(At, CellValue)) -> (&At, &CellValue),
>;

impl Cells {
    /// Cells in any order, as a map takes them (the last value of a place kept).
    fn from_list(mut list: Vec<(At, CellValue)>) -> Self {
        if !list.windows(2).all(|w| w[0].0 < w[1].0) {
            // Stable: of a place given twice, the last stays last, and is the one kept.
            list.sort_by_key(|(at, _)| *at);
            let mut kept: Vec<(At, CellValue)> = Vec::with_capacity(list.len());
            for (at, v) in list {
                match kept.last_mut() {
                    Some(last) if last.0 == at => last.1 = v,
                    _ => kept.push((at, v)),
                }
            }
            list = kept;
        }
        Cells(list)
    }

    fn pair((at, v): &(At, CellValue)) -> (&At, &CellValue) {
        (at, v)
    }

    /// The value at a place.
    pub fn get(&self, at: &At) -> Option<&CellValue> {
        self.0
            .binary_search_by(|(k, _)| k.cmp(at))
            .ok()
            .map(|i| &self.0[i].1)
    }

    /// Sets the value at a place; the value it had. Cheap at the end (cells set in reading
    /// order, as readers set them); elsewhere the cells after the place move up one.
    pub fn insert(&mut self, at: At, value: CellValue) -> Option<CellValue> {
        match self.0.binary_search_by(|(k, _)| k.cmp(&at)) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (at, value));
                None
            }
        }
    }

    /// The cells whose places lie in `range`, in order.
    pub fn range(&self, range: impl std::ops::RangeBounds<At>) -> CellsIter<'_> {
        use std::ops::Bound;
        let start = match range.start_bound() {
            Bound::Included(at) => self.0.partition_point(|(k, _)| k < at),
            Bound::Excluded(at) => self.0.partition_point(|(k, _)| k <= at),
            Bound::Unbounded => 0,
        };
        let end = match range.end_bound() {
            Bound::Included(at) => self.0.partition_point(|(k, _)| k <= at),
            Bound::Excluded(at) => self.0.partition_point(|(k, _)| k < at),
            Bound::Unbounded => self.0.len(),
        };
        self.0[start..end.max(start)].iter().map(Self::pair as _)
    }

    /// Every cell, in order.
    pub fn iter(&self) -> CellsIter<'_> {
        self.0.iter().map(Self::pair as _)
    }

    /// The places, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &At> + '_ {
        self.0.iter().map(|(at, _)| at)
    }

    /// The values, in the order of their places.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &CellValue> + '_ {
        self.0.iter().map(|(_, v)| v)
    }

    /// How many cells have a value.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no cell has a value.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Cells {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl FromIterator<(At, CellValue)> for Cells {
    fn from_iter<I: IntoIterator<Item = (At, CellValue)>>(iter: I) -> Self {
        Cells::from_list(iter.into_iter().collect())
    }
}

impl From<Vec<(At, CellValue)>> for Cells {
    fn from(list: Vec<(At, CellValue)>) -> Self {
        Cells::from_list(list)
    }
}

impl<'a> IntoIterator for &'a Cells {
    type Item = (&'a At, &'a CellValue);
    type IntoIter = CellsIter<'a>;
    fn into_iter(self) -> CellsIter<'a> {
        self.iter()
    }
}

/// The kind of workbook file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WorkbookKind {
    /// Office Open XML (.xlsx, .xlsm).
    #[default]
    Xlsx,
    /// OpenDocument spreadsheet (.ods).
    Ods,
    /// A text table (.csv, .tsv): one sheet, text cells only.
    Csv,
}

/// The cells of a workbook, with its custom document properties.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Workbook {
    /// The file kind.
    pub kind: WorkbookKind,
    /// Sheets in workbook order.
    pub sheets: Vec<Sheet>,
    /// Custom document properties (name -> text).
    pub properties: BTreeMap<String, String>,
    /// The workbook asks to be recalculated in full when it is opened (`fullCalcOnLoad`): the
    /// saved results of its formulas are not what a person sees.
    pub recalculates: bool,
}

impl Workbook {
    /// The sheet with this name.
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.name == name)
    }
}

/// Column letters of a 0-based column: 0 -> `A`, 27 -> `AB`.
///
/// ```
/// assert_eq!(mds_core::xlsx::column_letters(0), "A");
/// assert_eq!(mds_core::xlsx::column_letters(27), "AB");
/// assert_eq!(mds_core::xlsx::column_letters(16383), "XFD");
/// ```
pub fn column_letters(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A cell's place as users see it: `回答!D12`.
pub fn cell_ref(sheet: &str, row: u32, col: u32) -> String {
    format!("{sheet}!{}{}", column_letters(col), u64::from(row) + 1)
}

/// A cell's place, written out (`回答!D12`) only when a message needs it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CellAt<'a> {
    pub sheet: &'a str,
    pub row: u32,
    pub col: u32,
}

impl std::fmt::Display for CellAt<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}!{}{}",
            self.sheet,
            column_letters(self.col),
            u64::from(self.row) + 1
        )
    }
}

impl From<CellAt<'_>> for String {
    fn from(at: CellAt<'_>) -> String {
        at.to_string()
    }
}

/// Parses `D12` into (row 11, column 3).
pub(super) fn parse_ref(r: &str) -> Option<(u32, u32)> {
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut col: u32 = 0;
    for c in letters.chars() {
        if !c.is_ascii_uppercase() {
            return None;
        }
        col = col * 26 + (c as u32 - 'A' as u32 + 1);
    }
    let row: u32 = digits.parse().ok()?;
    (row >= 1 && col >= 1).then(|| (row - 1, col - 1))
}

/// The ISO date of an Excel serial number (1900 or 1904 date system).
///
/// ```
/// assert_eq!(mds_core::xlsx::serial_to_iso(46477.0, false).as_deref(), Some("2027-03-31"));
/// assert_eq!(mds_core::xlsx::serial_to_iso(1.0, false).as_deref(), Some("1900-01-01"));
/// ```
pub fn serial_to_iso(serial: f64, date1904: bool) -> Option<String> {
    if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let whole = serial.floor() as i64;
    // Days since 1970-01-01. The 1900 system counts a 29 February 1900 that never was (serial
    // 60), so serials before it are one day off.
    let days = match (date1904, whole < 60) {
        (true, _) => whole - 24107,
        (false, true) => whole - 25568,
        (false, false) => whole - 25569,
    };
    let (y, m, d) = civil_from_days(days);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Howard Hinnant's algorithm: days since 1970-01-01 to (year, month, day).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

pub(super) fn unreadable(code: &'static str, message: &str) -> Error {
    Error::Unreadable {
        code,
        location: String::new(),
        message: message.to_string(),
    }
}

pub(super) fn not_a_workbook(lang: Lang) -> Error {
    unreadable(
        "not-a-workbook",
        lang.pick(
            "Excel（.xlsx）や OpenDocument（.ods）のブックではありません。ファイルを確認してください。",
            "not an Excel (.xlsx) or OpenDocument (.ods) workbook; check the file.",
        ),
    )
}

pub(super) fn corrupt(lang: Lang, part: &str, detail: &str) -> Error {
    Error::Unreadable {
        code: "corrupt-workbook",
        location: part.to_string(),
        message: match lang {
            Lang::Ja => format!(
                "ブックが壊れていて読めません（{part}: {detail}）。Excel で開いて保存し直してください。"
            ),
            Lang::En => format!(
                "the workbook is damaged ({part}: {detail}); open it in Excel and save it again."
            ),
        },
    }
}

pub(super) fn too_large(lang: Lang, place: &str, what: &str, flag: &str, limit: u64) -> Error {
    Error::Unreadable {
        code: "too-large",
        location: place.to_string(),
        message: match lang {
            Lang::Ja => format!(
                "上限を超えています（{what}、上限 {limit}）。信頼できるファイルなら {flag} で上限を上げてください。"
            ),
            Lang::En => format!(
                "over a limit ({what}, limit {limit}); if you trust the file, raise it with {flag}."
            ),
        },
    }
}

/// What is left of a workbook's bounds while it is read. Cells and text are counted over all
/// its sheets, each time they are shown: a sheet part listed many times, repeated rows and
/// columns and a shared string shown in many cells all count again, so that a small file
/// cannot make mds hold more than the bounds allow.
pub(super) struct Budget {
    cells: std::cell::Cell<u64>,
    text: std::cell::Cell<u64>,
    limits: Limits,
    lang: Lang,
}

impl Budget {
    pub(super) fn new(limits: &Limits, lang: Lang) -> Self {
        Budget {
            cells: std::cell::Cell::new(limits.max_cells),
            text: std::cell::Cell::new(limits.max_text_bytes),
            limits: *limits,
            lang,
        }
    }

    /// How many more cells with a value the workbook may have.
    pub(super) fn cells_left(&self) -> u64 {
        self.cells.get()
    }

    /// One more cell (at `place`, e.g. `回答!D12`) showing `text` bytes of text.
    pub(super) fn cell(&self, place: &dyn Fn() -> String, text: usize) -> Result<(), Error> {
        let left = self.cells.get();
        if left == 0 {
            return Err(too_large(
                self.lang,
                &place(),
                &match self.lang {
                    Lang::Ja => format!(
                        "ブック全体で値のあるセルが {} 個を超えます",
                        self.limits.max_cells
                    ),
                    Lang::En => format!(
                        "more than {} cells with a value in the workbook",
                        self.limits.max_cells
                    ),
                },
                "--max-cells",
                self.limits.max_cells,
            ));
        }
        self.cells.set(left - 1);
        self.text(place, text)
    }

    /// `bytes` more bytes of text (at `place`).
    pub(super) fn text(&self, place: &dyn Fn() -> String, bytes: usize) -> Result<(), Error> {
        let left = self.text.get();
        let bytes = bytes as u64;
        if bytes > left {
            return Err(too_large(
                self.lang,
                &place(),
                &match self.lang {
                    Lang::Ja => format!(
                        "ブック全体の文字が {} MiB を超えます（共有文字列や繰り返しはセルごとに数えます）",
                        self.limits.max_text_bytes >> 20
                    ),
                    Lang::En => format!(
                        "more than {} MiB of text in the workbook (a shared or repeated text counts in every cell that shows it)",
                        self.limits.max_text_bytes >> 20
                    ),
                },
                "--max-text-mib",
                self.limits.max_text_bytes >> 20,
            ));
        }
        self.text.set(left - bytes);
        Ok(())
    }

    /// Bytes of text still allowed.
    pub(super) fn text_left(&self) -> u64 {
        self.text.get()
    }

    /// What is left now, to go back to when a part is read again another way.
    pub(super) fn save(&self) -> (u64, u64) {
        (self.cells.get(), self.text.get())
    }

    /// Back to what [`Budget::save`] saw.
    pub(super) fn restore(&self, (cells, text): (u64, u64)) {
        self.cells.set(cells);
        self.text.set(text);
    }
}

/// The bytes of text a cell shows.
pub(super) fn text_len(value: &CellValue) -> usize {
    match value {
        CellValue::Text(t) => t.len(),
        CellValue::Date(s) | CellValue::Error(s) | CellValue::Formula(s) => s.len(),
        CellValue::Number(_) | CellValue::Bool(_) => 0,
    }
}

/// Distinct columns of hidden ranges, merged: each range is clamped to the 16,384 columns a
/// sheet can have, so that thousands of overlapping ranges cost their number, not their width.
pub(super) fn hidden_columns(mut ranges: Vec<(u32, u32)>) -> std::collections::BTreeSet<u32> {
    const COLUMNS: u32 = 16_384;
    ranges.retain(|(a, _)| *a < COLUMNS);
    ranges.sort_unstable();
    let mut out = std::collections::BTreeSet::new();
    let mut next = 0u32;
    for (a, b) in ranges {
        let b = b.min(COLUMNS - 1);
        for c in a.max(next)..=b {
            out.insert(c);
        }
        next = next.max(b.saturating_add(1));
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::{At, CellValue, Cells};

    proptest! {
        /// The list of cells reads as a map of them would: built from cells in any order
        /// (a place given twice keeps its last value), set one by one, looked up and cut.
        #[test]
        fn cells_read_as_a_map(
            given in proptest::collection::vec(((0u32..6, 0u32..6), 0u8..50), 0..40),
            set in proptest::collection::vec(((0u32..7, 0u32..7), 50u8..60), 0..8),
            from in (0u32..7, 0u32..7),
            to in (0u32..7, 0u32..7),
        ) {
            let value = |n: u8| CellValue::Number(f64::from(n));
            let mut map: BTreeMap<At, CellValue> = BTreeMap::new();
            for (at, n) in &given {
                map.insert(*at, value(*n));
            }
            let mut cells: Cells = given.iter().map(|(at, n)| (*at, value(*n))).collect();
            for (at, n) in &set {
                prop_assert_eq!(cells.insert(*at, value(*n)), map.insert(*at, value(*n)));
            }
            prop_assert_eq!(format!("{cells:?}"), format!("{map:?}"));
            prop_assert_eq!(cells.len(), map.len());
            for row in 0..7 {
                for col in 0..7 {
                    prop_assert_eq!(cells.get(&(row, col)), map.get(&(row, col)));
                }
            }
            if from <= to {
                let list = |r: Vec<(&At, &CellValue)>| format!("{r:?}");
                prop_assert_eq!(list(cells.range(from..=to).collect()), list(map.range(from..=to).collect()));
                prop_assert_eq!(list(cells.range(from..to).collect()), list(map.range(from..to).collect()));
                prop_assert_eq!(list(cells.range(from..).collect()), list(map.range(from..).collect()));
                prop_assert_eq!(list(cells.range(..to).collect()), list(map.range(..to).collect()));
            }
        }
    }
}
