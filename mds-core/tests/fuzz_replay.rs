//! Replays the fuzz corpora and every input that once crashed (`fuzz/corpus/*`,
//! `fuzz/regressions/*`) as ordinary tests: none may panic.

use std::path::PathBuf;

fn replay(target: &str, run: fn(&[u8])) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    let mut seen = 0;
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).unwrap_or_default();
            run(&bytes);
            seen += 1;
        }
    }
    assert!(seen > 0, "no corpus for {target}");
}

#[test]
fn json_reader_corpus() {
    replay("json_reader", mds_core::fuzz::json);
}

#[test]
fn workbook_import_corpus() {
    replay("workbook_import", mds_core::fuzz::workbook);
}

#[test]
fn layout_detection_corpus() {
    replay("layout_detection", mds_core::fuzz::detection);
}

#[test]
fn sheet_xml_corpus() {
    replay("sheet_xml", mds_core::fuzz::sheet_xml);
}
