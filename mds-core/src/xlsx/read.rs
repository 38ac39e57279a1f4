//! A bounded reader of workbook cells (.xlsx, .xlsm, .ods).
//!
//! Cells are streamed from the XML of each sheet and kept only when they hold a value, so a
//! single cell at XFD1048576 or a used range that claims a million rows costs nothing. Every
//! bound has a limit in [`Limits`] and a clear error that names the flag to raise it: the file
//! size, the number of parts in the archive, the decompressed size of every part, and the
//! number of cells kept per sheet. Password-protected (encrypted) workbooks, legacy `.xls`
//! files, other files and empty workbooks are refused with what to do.

use super::cell::{Limits, Workbook, not_a_workbook, too_large, unreadable};
use super::ods::read_ods;
use super::ooxml::{custom_part, custom_properties, read_xlsx, workbook_part};
use super::package::Zip;
use crate::Lang;
use crate::error::Result;
use crate::parallel::Gate;

/// Reads the cells of a workbook (.xlsx, .xlsm, .ods, or a CSV text table) within `limits`.
///
/// ```
/// use mds_core::{Lang, catalog::Catalog, xlsx};
/// let catalog = Catalog::builtin();
/// let entry = catalog.find_spec("sample-sds").unwrap();
/// // Our own form, written and read back: the stamp names its questionnaire.
/// let bytes = xlsx::write_form(&entry.questionnaire, &entry.digest, None, Lang::Ja).unwrap();
/// let wb = xlsx::read_workbook(&bytes, &xlsx::Limits::default(), Lang::Ja).unwrap();
/// assert!(xlsx::stamp(&wb).is_some());
/// let imported = xlsx::import_workbook(&wb, &entry.questionnaire, &entry.digest, Lang::Ja);
/// assert_eq!(imported.response.questionnaire.id, "sample-sds");
/// // A checklist saved as CSV reads as one sheet.
/// let csv = xlsx::read_workbook("項番,回答\n1,はい\n".as_bytes(), &xlsx::Limits::default(), Lang::Ja).unwrap();
/// assert_eq!(csv.sheets[0].text(1, 1), "はい");
/// ```
pub fn read_workbook(bytes: &[u8], limits: &Limits, lang: Lang) -> Result<Workbook> {
    read_workbook_with(bytes, limits, lang, &Gate::new())
}

/// [`read_workbook`], opening `strings_read` once an .xlsx file's shared strings are read on
/// a core of their own beside its sheets (at once for a workbook that reads none beside them,
/// and in any case before returning): work not needed until the workbook is read, started
/// after it, leaves the cores to the reading.
///
/// ```
/// use mds_core::{Lang, catalog::Catalog, parallel::Gate, xlsx};
/// let catalog = Catalog::builtin();
/// let entry = catalog.find_spec("sample-sds").unwrap();
/// let bytes = xlsx::write_form(&entry.questionnaire, &entry.digest, None, Lang::Ja).unwrap();
/// let gate = Gate::new();
/// let wb = xlsx::read_workbook_with(&bytes, &xlsx::Limits::default(), Lang::Ja, &gate).unwrap();
/// assert!(gate.is_open() && xlsx::stamp(&wb).is_some());
/// ```
pub fn read_workbook_with(
    bytes: &[u8],
    limits: &Limits,
    lang: Lang,
    strings_read: &Gate,
) -> Result<Workbook> {
    strings_read.open_after(|| read_any(bytes, limits, lang, strings_read))
}

fn read_any(bytes: &[u8], limits: &Limits, lang: Lang, strings_read: &Gate) -> Result<Workbook> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(too_large(
            lang,
            "",
            &format!("{} MiB", bytes.len() >> 20),
            "--max-file-mib",
            limits.max_file_bytes >> 20,
        ));
    }
    if bytes.is_empty() {
        return Err(unreadable(
            "empty",
            lang.pick("ファイルが空です。", "the file is empty."),
        ));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(
            if contains_utf16(bytes, "EncryptedPackage") || contains_utf16(bytes, "EncryptionInfo")
            {
                unreadable(
                "encrypted-workbook",
                lang.pick(
                    "パスワードで保護（暗号化）されたブックは読めません。Excel で開き、［ファイル］→［情報］→［ブックの保護］→［パスワードを使用して暗号化］でパスワードを消してから保存し直してください。",
                    "the workbook is encrypted with a password to open; open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password) and save it again.",
                ),
            )
            } else {
                unreadable(
                "xls-not-supported",
                lang.pick(
                    "古い Excel 形式（.xls）です。Excel または LibreOffice で開き、Excel ブック（.xlsx）として保存し直してください。",
                    "this is a legacy Excel file (.xls); open it in Excel or LibreOffice and save it as an Excel workbook (.xlsx).",
                ),
            )
            },
        );
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        if super::looks_like_csv(bytes) {
            strings_read.open();
            return nonempty(super::read_csv(bytes, limits, lang)?, lang);
        }
        return Err(not_a_workbook(lang));
    }
    let mut zip = Zip::open(bytes, limits, lang)?;
    let workbook = if zip.has("mimetype")
        && zip
            .text("mimetype")?
            .starts_with("application/vnd.oasis.opendocument.spreadsheet")
    {
        strings_read.open();
        read_ods(&mut zip, limits, lang)?
    } else if zip.has("word/document.xml") {
        return Err(unreadable(
            "not-a-workbook",
            lang.pick(
                "Word 文書です。Excel のブック（.xlsx）を指定してください。",
                "this is a Word document; give an Excel workbook (.xlsx).",
            ),
        ));
    } else if let Some(part) = workbook_part(&mut zip, lang)? {
        read_xlsx(&mut zip, &part, limits, lang, strings_read)?
    } else {
        return Err(not_a_workbook(lang));
    };
    nonempty(workbook, lang)
}

/// The workbook, unless it holds no data.
fn nonempty(workbook: Workbook, lang: Lang) -> Result<Workbook> {
    if workbook.sheets.iter().all(|s| s.cells.is_empty()) {
        return Err(unreadable(
            "empty-workbook",
            lang.pick(
                "ブックにデータがありません。記入済みのブックを指定してください。",
                "the workbook holds no data; give a filled workbook.",
            ),
        ));
    }
    Ok(workbook)
}

/// The kind of report mds wrote into a workbook (`comparison`, `requirements`), read from its
/// custom properties only: an mds report in a folder of bids is not a bid.
///
/// ```
/// assert_eq!(mds_core::xlsx::report_kind(b"{}"), None);
/// ```
pub fn report_kind(bytes: &[u8]) -> Option<String> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    let limits = Limits::default();
    let mut zip = Zip::open(bytes, &limits, Lang::En).ok()?;
    let part = custom_part(&mut zip, Lang::En).ok()??;
    custom_properties(&mut zip, &part, Lang::En)
        .ok()?
        .get("mds.report")
        .cloned()
}

fn contains_utf16(bytes: &[u8], needle: &str) -> bool {
    let pattern: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes
        .windows(pattern.len())
        .any(|w| w == pattern.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xlsx::CellValue;
    use std::io::Write;

    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    fn package(parts: &[(&str, String)]) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut out);
            let options = zip::write::SimpleFileOptions::default();
            for (name, text) in parts {
                zip.start_file(*name, options)
                    .unwrap_or_else(|e| panic!("{e}"));
                zip.write_all(text.as_bytes())
                    .unwrap_or_else(|e| panic!("{e}"));
            }
            zip.finish().unwrap_or_else(|e| panic!("{e}"));
        }
        out.into_inner()
    }

    fn workbook_xml() -> String {
        format!(
            r#"<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="回答" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        )
    }

    fn rels(items: &[(&str, &str, &str)]) -> String {
        let mut s = String::from(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        );
        for (id, kind, target) in items {
            s.push_str(&format!(
                r#"<Relationship Id="{id}" Type="{REL}/{kind}" Target="{target}"/>"#
            ));
        }
        s + "</Relationships>"
    }

    fn sheet_xml() -> String {
        format!(
            r#"<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>7</v></c></row></sheetData></worksheet>"#
        )
    }

    fn shared_xml() -> String {
        format!(r#"<sst xmlns="{MAIN}"><si><t>はい</t></si></sst>"#)
    }

    fn cells(bytes: &[u8]) -> Vec<String> {
        let wb =
            read_workbook(bytes, &Limits::default(), Lang::En).unwrap_or_else(|e| panic!("{e}"));
        wb.sheets[0].cells.values().map(|v| v.text()).collect()
    }

    #[test]
    fn parts_are_found_through_the_relationships() {
        // The workbook part at the package root, its parts beside it under other names.
        let bytes = package(&[
            (
                "_rels/.rels",
                rels(&[("rId1", "officeDocument", "/book.xml")]),
            ),
            ("book.xml", workbook_xml()),
            (
                "_rels/book.xml.rels",
                rels(&[
                    ("rId1", "worksheet", "tabs/one.xml"),
                    ("rId2", "sharedStrings", "strings.xml"),
                ]),
            ),
            ("tabs/one.xml", sheet_xml()),
            ("strings.xml", shared_xml()),
        ]);
        assert_eq!(cells(&bytes), ["はい", "7"]);
    }

    #[test]
    fn part_names_ignore_case_and_read_backslashes_as_slashes() {
        let bytes = package(&[
            ("xl/workbook.xml", workbook_xml()),
            (
                "xl/_rels/workbook.xml.rels",
                rels(&[("rId1", "worksheet", "worksheets/sheet1.xml")]),
            ),
            ("xl/worksheets/sheet1.xml", sheet_xml()),
            ("xl/SharedStrings.xml", shared_xml()),
        ]);
        assert_eq!(cells(&bytes), ["はい", "7"]);
        let bytes = package(&[
            (
                "_rels\\.rels",
                rels(&[("rId1", "officeDocument", "xl/workbook.xml")]),
            ),
            ("xl\\workbook.xml", workbook_xml()),
            (
                "xl\\_rels\\workbook.xml.rels",
                rels(&[
                    ("rId1", "worksheet", "worksheets/sheet1.xml"),
                    ("rId2", "sharedStrings", "sharedStrings.xml"),
                ]),
            ),
            ("xl\\worksheets\\sheet1.xml", sheet_xml()),
            ("xl\\sharedStrings.xml", shared_xml()),
        ]);
        assert_eq!(cells(&bytes), ["はい", "7"]);
    }

    #[test]
    fn a_missing_sheet_is_an_error_not_a_silent_gap() {
        let bytes = package(&[
            ("xl/workbook.xml", workbook_xml()),
            (
                "xl/_rels/workbook.xml.rels",
                rels(&[("rId1", "worksheet", "worksheets/sheet9.xml")]),
            ),
        ]);
        let err = read_workbook(&bytes, &Limits::default(), Lang::En).expect_err("refused");
        assert_eq!(err.code(), "corrupt-workbook", "{err}");
        assert!(err.to_string().contains("回答"), "{err}");
    }

    #[test]
    fn an_encrypted_ods_says_so() {
        let bytes = package(&[
            (
                "mimetype",
                "application/vnd.oasis.opendocument.spreadsheet".into(),
            ),
            ("content.xml", "\u{1}\u{2}binary".into()),
            (
                "META-INF/manifest.xml",
                r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>"#.into(),
            ),
        ]);
        let err = read_workbook(&bytes, &Limits::default(), Lang::En).expect_err("refused");
        assert_eq!(err.code(), "encrypted-workbook", "{err}");
    }

    #[test]
    fn the_main_part_of_a_presentation_is_no_workbook() {
        let bytes = package(&[
            (
                "_rels/.rels",
                rels(&[("rId1", "officeDocument", "ppt/presentation.xml")]),
            ),
            (
                "ppt/presentation.xml",
                "<p:presentation xmlns:p=\"x\"/>".into(),
            ),
        ]);
        let err = read_workbook(&bytes, &Limits::default(), Lang::En).expect_err("refused");
        assert_eq!(err.code(), "not-a-workbook", "{err}");
    }

    #[test]
    fn formula_cells_are_known_with_or_without_a_saved_result() {
        // OOXML: a formula with its result, a share of it (`<f t="shared" si="0"/>`), one
        // saved without a result, and the request to recalculate on opening.
        let sheet = format!(
            r#"<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="str"><f t="shared" ref="A1:B1" si="0">"x"</f><v>はい</v></c><c r="B1" t="str"><f t="shared" si="0"/><v>はい</v></c><c r="C1"><f>1+1</f><v/></c><c r="D1"><v>3</v></c></row></sheetData></worksheet>"#
        );
        let book = format!(
            r#"<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="回答" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="1" fullCalcOnLoad="1"/></workbook>"#
        );
        let bytes = package(&[
            (
                "_rels/.rels",
                rels(&[("rId1", "officeDocument", "xl/workbook.xml")]),
            ),
            ("xl/workbook.xml", book),
            (
                "xl/_rels/workbook.xml.rels",
                rels(&[("rId1", "worksheet", "s.xml")]),
            ),
            ("xl/s.xml", sheet),
        ]);
        let wb =
            read_workbook(&bytes, &Limits::default(), Lang::En).unwrap_or_else(|e| panic!("{e}"));
        let s = &wb.sheets[0];
        assert!(wb.recalculates);
        assert_eq!(s.formulas, [(0, 0), (0, 1)].into_iter().collect());
        assert_eq!(s.get(0, 2), Some(&CellValue::Formula("1+1".into())));
        let trusted: Vec<bool> = (0..4)
            .map(|c| !s.untrusted(0, c, wb.recalculates))
            .collect();
        assert_eq!(trusted, [false, false, false, true]);
        assert!(
            !s.untrusted(0, 0, false),
            "a saved result in an ordinary workbook is read"
        );

        // OpenDocument: a formula with its result and one without.
        let content = r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="回答"><table:table-row><table:table-cell table:formula="of:=IF(TRUE();&quot;x&quot;)" office:value-type="string"><text:p>はい</text:p></table:table-cell><table:table-cell table:formula="of:=1+1"/><table:table-cell office:value-type="float" office:value="3"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
        let bytes = package(&[
            (
                "mimetype",
                "application/vnd.oasis.opendocument.spreadsheet".into(),
            ),
            ("content.xml", content.into()),
        ]);
        let wb =
            read_workbook(&bytes, &Limits::default(), Lang::En).unwrap_or_else(|e| panic!("{e}"));
        let s = &wb.sheets[0];
        assert_eq!(s.formulas, [(0, 0)].into_iter().collect());
        assert_eq!(s.get(0, 1), Some(&CellValue::Formula("1+1".into())));
        assert_eq!(s.text(0, 0), "はい");
        assert!(!s.untrusted(0, 0, wb.recalculates) && s.untrusted(0, 1, wb.recalculates));
    }
}
