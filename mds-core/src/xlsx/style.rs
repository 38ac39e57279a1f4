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

/// A4 landscape, one page wide, rows `first..=last` repeated on every page.
pub(crate) fn print(
    ws: &mut Worksheet,
    first: u32,
    last: u32,
) -> std::result::Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(first, last)?;
    Ok(())
}
