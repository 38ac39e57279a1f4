//! What is scored is what a person sees in the workbook: a hidden answer column, a hidden
//! answers sheet named by the stamp, and a hidden row placed before an item's visible row are
//! never the answer; each is named in a warning.

use crate::util::{Sandbox, openpyxl, python};

/// Edits our filled form: `mode` is `column`, `row` or `sheet`.
const EDIT: &str = r#"
import sys, openpyxl
path, mode = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(path)
ws = wb["回答"]
if mode == "column":
    # A hidden column left of the answers, headed 回答 too, saying the opposite.
    ws.insert_cols(4)
    ws.cell(row=1, column=4, value="回答")
    for r in range(2, ws.max_row + 1):
        if ws.cell(row=r, column=1).value:
            ws.cell(row=r, column=4, value="いいえ")
    ws.column_dimensions["D"].hidden = True
elif mode == "row":
    # A hidden row for the first item, before its visible row, saying the opposite.
    ws.insert_rows(2)
    ws.cell(row=2, column=1, value=ws.cell(row=3, column=1).value)
    ws.cell(row=2, column=4, value="いいえ")
    ws.row_dimensions[2].hidden = True
elif mode == "sheet":
    # The answers sheet hidden, a visible copy answering the opposite.
    copy = wb.copy_worksheet(ws)
    copy.title = "Answers"
    for r in range(2, copy.max_row + 1):
        if copy.cell(row=r, column=1).value:
            copy.cell(row=r, column=4, value="いいえ")
    ws.sheet_state = "hidden"
wb.save(path)
"#;

#[test]
fn hidden_columns_rows_and_sheets_are_not_scored() {
    if !openpyxl() {
        return;
    }
    let sandbox = Sandbox::new();
    for mode in ["column", "row", "sheet"] {
        let book = sandbox.path(&format!("{mode}.xlsx"));
        let run = sandbox
            .mds("export")
            .arg("samples/responses/vendor-a.json")
            .arg("-o")
            .arg(&book)
            .run();
        assert_eq!(run.code, 0, "{}", run.stderr);
        python(EDIT, &[&book, std::path::Path::new(mode)]);
        let out = sandbox.path(&format!("{mode}.json"));
        let run = sandbox.mds("import").arg(&book).arg("-o").arg(&out).run();
        assert_eq!(run.code, 0, "{mode}: {}", run.stderr);
        let got: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&out).unwrap_or_default())
                .unwrap_or_default();
        let first = &got["answers"]["SAMPLE-RULE-01"]["value"];
        match mode {
            // The hidden answers sheet is not read; the visible copy is not ours to guess.
            "sheet" => {
                assert_ne!(first, "yes", "{mode}: the hidden sheet was scored");
                assert!(
                    run.stderr.contains("hidden-content"),
                    "{mode}: {}",
                    run.stderr
                );
            }
            _ => {
                assert_eq!(first, "yes", "{mode}: {}", got["answers"]["SAMPLE-RULE-01"]);
                if mode == "row" {
                    assert!(
                        run.stderr.contains("hidden-content"),
                        "{mode}: {}",
                        run.stderr
                    );
                }
            }
        }
    }
}
