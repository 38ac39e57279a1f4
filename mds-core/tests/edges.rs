//! Cells at the last row and the last column a reader can give (`u32::MAX`) go through every
//! reader of cells — our import, layout detection, the foreign import, extraction, the profile
//! workbook — without a panic: a step to the next row or column never wraps.

use std::collections::BTreeMap;

use mds_core::Lang;
use mds_core::catalog::Catalog;
use mds_core::xlsx::{CellValue, Sheet, Workbook, WorkbookKind};

/// A small answers table (header, ids, answers, remarks) whose last row or column is at the
/// edge: `rows` and `cols` are the first row and column.
fn table_at(row: u32, col: u32) -> Workbook {
    let mut cells = BTreeMap::new();
    let mut put = |r: u32, c: u32, t: &str| {
        cells.insert(
            (row.saturating_add(r), col.saturating_add(c)),
            CellValue::Text(t.into()),
        );
    };
    put(0, 0, "凡例：○：はい　×：いいえ");
    put(1, 0, "項番");
    put(1, 1, "質問");
    put(1, 2, "回答");
    put(1, 3, "備考");
    for (k, id) in ["SAMPLE-AUTH-01", "SAMPLE-AUTH-02", "SAMPLE-NET-01"]
        .iter()
        .enumerate()
    {
        let r = 2 + k as u32;
        put(r, 0, id);
        put(r, 1, "質問文");
        put(
            r,
            2,
            if k % 2 == 0 {
                "○"
            } else {
                "はい（予定 2027/3/31）"
            },
        );
        put(r, 3, "補足");
    }
    Workbook {
        kind: WorkbookKind::Xlsx,
        sheets: vec![Sheet {
            name: "回答".into(),
            hidden: false,
            cells: cells.into_iter().collect(),
            hidden_cols: [u32::MAX].into_iter().collect(),
            hidden_rows: [u32::MAX].into_iter().collect(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn read_every_way(wb: &Workbook) {
    let catalog = Catalog::builtin();
    let entry = catalog.find_spec("sample-sds").expect("built in");
    let q = &entry.questionnaire;
    let _ = mds_core::xlsx::import_workbook(wb, q, &entry.digest, Lang::Ja);
    for hidden in [false, true] {
        let detected = mds_core::xlsx::detect(wb, hidden);
        let _ = mds_core::xlsx::import_detected(wb, &detected, q, &entry.digest, Lang::Ja);
        let _ = mds_core::xlsx::extract(wb, &detected, "edge", "1", "edge", None, Lang::En);
        let _ = mds_core::xlsx::answer_tables(&detected, q);
        let _ = mds_core::xlsx::workbook_ids(wb, &detected);
    }
    let _ = mds_core::xlsx::import_profile_workbook(wb, q, Lang::Ja);
}

#[test]
fn tables_at_the_last_row_and_column_are_read_without_a_panic() {
    let edges = [0, 1, 2, 3, 4, 5, 6];
    for dr in edges {
        for dc in edges {
            let row = u32::MAX - dr;
            let col = u32::MAX - dc;
            read_every_way(&table_at(row, 0));
            read_every_way(&table_at(0, col));
            read_every_way(&table_at(row, col));
        }
    }
}

/// `<row r="4294967295"/>` followed by a row without a number: the second row is the one after
/// the last; the reader and everything after it must not wrap.
#[test]
fn a_row_after_the_last_row_is_no_panic() {
    use std::io::Write;
    let sheet = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="4294967295"><c r="A4294967295" t="inlineStr"><is><t>項番</t></is></c><c r="B4294967295" t="inlineStr"><is><t>回答</t></is></c></row><row><c t="inlineStr"><is><t>SAMPLE-AUTH-01</t></is></c><c t="inlineStr"><is><t>はい</t></is></c></row></sheetData></worksheet>"#;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default();
        for (name, text) in [
            (
                "xl/workbook.xml",
                r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="回答" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
            ),
            (
                "xl/_rels/workbook.xml.rels",
                r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#,
            ),
            ("xl/worksheets/sheet1.xml", sheet),
        ] {
            zip.start_file(name, options).expect("zip");
            zip.write_all(text.as_bytes()).expect("zip");
        }
        zip.finish().expect("zip");
    }
    let bytes = out.into_inner();
    if let Ok(wb) = mds_core::xlsx::read_workbook(&bytes, &Default::default(), Lang::Ja) {
        read_every_way(&wb);
    }
}
