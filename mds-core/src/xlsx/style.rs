//! The look of the workbooks mds writes: cell styles, print setup, document properties. The
//! form, the profile workbook and the report workbooks share them.

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Worksheet, XlsxError,
};

/// The cell styles of a workbook.
pub(crate) struct Styles {
    pub title: Format,
    pub header: Format,
    pub cell: Format,
    pub wrap: Format,
    pub number: Format,
    /// A percentage, one decimal (the report's 66.7).
    pub percent: Format,
    pub section: Format,
}

pub(crate) fn styles() -> Styles {
    let base = Format::new()
        .set_font_name("Yu Gothic")
        .set_font_size(10)
        .set_align(FormatAlign::Top);
    let bordered = base
        .clone()
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBFBFBF));
    Styles {
        title: base.clone().set_bold().set_font_size(14),
        header: bordered
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(0xDDE6F0))
            .set_text_wrap(),
        cell: bordered.clone(),
        wrap: bordered.clone().set_text_wrap(),
        number: bordered.clone().set_align(FormatAlign::Right),
        percent: bordered
            .clone()
            .set_align(FormatAlign::Right)
            .set_num_format("0.0"),
        section: bordered
            .set_bold()
            .set_background_color(Color::RGB(0xEEF2F7)),
    }
}

/// Document properties of a report workbook; `mds.report` names its kind, so that a report
/// left in a folder of bids is recognised and not read as one.
pub(crate) fn properties(title: &str, kind: &str) -> std::result::Result<DocProperties, XlsxError> {
    Ok(DocProperties::new()
        .set_title(title)
        .set_custom_property("mds.report", kind)
        .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?))
}

pub(crate) fn header(
    ws: &mut Worksheet,
    row: u32,
    cells: &[&str],
    s: &Styles,
) -> std::result::Result<(), XlsxError> {
    for (c, h) in cells.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, crate::xlsx::fit(*h), &s.header)?;
    }
    Ok(())
}

/// The width of the printable area of an A4 landscape page at 100 %, in pixels of Excel's
/// column widths (default margins of 0.7 inch on each side).
const PAGE_PIXELS: f64 = 988.0;

/// The smallest scale a sheet is shrunk to so that it fits one page wide: 10 pt text stays at
/// 8 pt or more on paper.
const READABLE: f64 = 0.8;

/// A4 landscape, rows `first..=last` repeated on every page. A sheet whose columns (`widths`,
/// in Excel's units) fit one page wide at a readable size is fitted to it; a wider one prints
/// at full size over as many pages as it needs, its first `keep` columns repeated on each.
pub(crate) fn print(
    ws: &mut Worksheet,
    first: u32,
    last: u32,
    widths: &[f64],
    keep: u16,
) -> std::result::Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_repeat_rows(first, last)?;
    let pixels: f64 = widths.iter().map(|w| w * 7.0 + 5.0).sum();
    if pixels * READABLE <= PAGE_PIXELS {
        ws.set_print_fit_to_pages(1, 0);
    } else if keep > 0 {
        ws.set_repeat_columns(0, keep - 1)?;
    }
    Ok(())
}

/// Column widths set on a sheet, kept for [`print`].
pub(crate) fn widths(
    ws: &mut Worksheet,
    widths: &[f64],
) -> std::result::Result<Vec<f64>, XlsxError> {
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    Ok(widths.to_vec())
}

/// The widths of a sheet's columns, from the text written in them.
#[derive(Debug, Default)]
pub(crate) struct Columns {
    widths: Vec<usize>,
}

impl Columns {
    /// Writes a string cell (cut to what a cell holds) and remembers how wide it is.
    pub fn put(
        &mut self,
        ws: &mut Worksheet,
        row: u32,
        col: u16,
        text: impl AsRef<str>,
        format: &Format,
    ) -> std::result::Result<(), XlsxError> {
        let text = text.as_ref();
        ws.write_string_with_format(row, col, crate::xlsx::fit(text), format)?;
        self.see(col, text);
        Ok(())
    }

    /// Remembers the width of a text shown in a column: its longest line.
    pub fn see(&mut self, col: u16, text: &str) {
        let c = usize::from(col);
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0);
        }
        let w = text
            .split('\n')
            .map(|l| crate::display::width(crate::normalize::head(l, 400)))
            .max()
            .unwrap_or(0);
        self.widths[c] = self.widths[c].max(w);
    }

    /// Sets each column as wide as its text (Excel's units are about one half-width
    /// character), between `min` and `max` (longer text wraps); the widths, for [`print`].
    pub fn apply(
        &self,
        ws: &mut Worksheet,
        min: f64,
        max: f64,
    ) -> std::result::Result<Vec<f64>, XlsxError> {
        let widths: Vec<f64> = self
            .widths
            .iter()
            .map(|w| (*w as f64 * 1.1 + 2.0).clamp(min, max))
            .collect();
        self::widths(ws, &widths)
    }
}
