//! Entry points shared by the fuzz targets (`fuzz/`) and the tests that replay their corpora:
//! each takes arbitrary bytes and must neither panic nor run unbounded.

use std::collections::BTreeMap;

use crate::Lang;
use crate::catalog::Catalog;
use crate::xlsx::{CellValue, Limits, Sheet, Workbook, WorkbookKind};

/// Small bounds, so that a fuzzer explores shapes rather than sizes.
fn limits() -> Limits {
    Limits {
        max_file_bytes: 4 << 20,
        max_part_bytes: 8 << 20,
        max_cells: 50_000,
        max_parts: 200,
        max_text_bytes: 16 << 20,
    }
}

/// The JSON reader, then layer-2 validation of a response or profile against `sample-sds`.
pub fn json(data: &[u8]) {
    let Ok(loaded) = crate::json::load(data, Lang::Ja) else {
        return;
    };
    let catalog = Catalog::builtin();
    let Some(entry) = catalog.find_spec("sample-sds") else {
        return;
    };
    match loaded.document {
        Some(crate::json::Document::Response(r)) => {
            let _ = crate::validate::validate_response(
                &r,
                &entry.questionnaire,
                &entry.digest,
                Lang::En,
            );
        }
        Some(crate::json::Document::Profile(p)) => {
            let _ = crate::validate::validate_profile(&p, &entry.questionnaire, Lang::En);
        }
        Some(crate::json::Document::Questionnaire(q)) => {
            let _ = crate::validate::check_questionnaire(&q, Lang::En);
        }
        _ => {}
    }
}

/// The two readers of sheet XML (the scanner and the full XML reader) on the input as a sheet
/// and as shared strings: they must give the same cells, strings or error.
pub fn sheet_xml(data: &[u8]) {
    let Ok(xml) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(difference) = crate::xlsx::sheet::readers_differ(xml) {
        panic!("the sheet readers differ on {xml:?}: {difference}");
    }
}

/// The bounded workbook reader, then our importer, detection and the foreign importer.
pub fn workbook(data: &[u8]) {
    let Ok(wb) = crate::xlsx::read_workbook(data, &limits(), Lang::Ja) else {
        return;
    };
    import_all(&wb);
}

fn import_all(wb: &Workbook) {
    let catalog = Catalog::builtin();
    let Some(entry) = catalog.find_spec("sample-sds") else {
        return;
    };
    let _ = crate::xlsx::import_workbook(wb, &entry.questionnaire, &entry.digest, Lang::Ja);
    let detected = crate::xlsx::detect(wb, true);
    let _ =
        crate::xlsx::import_detected(wb, &detected, &entry.questionnaire, &entry.digest, Lang::Ja);
    let _ = crate::xlsx::extract(wb, &detected, "fuzz", "1", "fuzz", None, Lang::Ja);
}

/// Layout detection on a grid of cells decoded from the bytes: each cell is (row, column,
/// text) with short texts drawn from header words, ids, answers and the input itself.
pub fn detection(data: &[u8]) {
    const WORDS: [&str; 16] = [
        "項番",
        "質問",
        "回答",
        "備考",
        "Question ID",
        "Answer",
        "See note",
        "はい",
        "いいえ",
        "対象外",
        "○",
        "A-1",
        "SAMPLE-AUTH-01",
        "分類 1",
        "Note 1",
        "○：はい　×：いいえ",
    ];
    let mut cells = BTreeMap::new();
    for chunk in data.chunks(4).take(4_000) {
        if chunk.len() < 4 {
            break;
        }
        let row = u32::from(chunk[0]) % 64;
        let col = u32::from(chunk[1]) % 12;
        let text = match chunk[2] % 4 {
            0 => WORDS[usize::from(chunk[3]) % WORDS.len()].to_string(),
            1 => format!("Q-{}", chunk[3]),
            2 => String::from_utf8_lossy(&data[..data.len().min(usize::from(chunk[3]) % 24)])
                .into_owned(),
            _ => chunk[3].to_string(),
        };
        cells.insert((row, col), CellValue::Text(text.into()));
    }
    let hidden_cols = data
        .first()
        .map(|b| [u32::from(*b) % 12].into_iter().collect())
        .unwrap_or_default();
    let wb = Workbook {
        kind: WorkbookKind::Xlsx,
        sheets: vec![Sheet {
            name: "fuzz".into(),
            hidden: false,
            cells: cells.into_iter().collect(),
            hidden_cols,
            ..Default::default()
        }],
        properties: BTreeMap::new(),
        ..Default::default()
    };
    import_all(&wb);
}
