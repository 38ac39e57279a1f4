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

/// Characters a reader cannot see (a direction override making a name read backwards, ESC,
/// BEL, Word's vertical tab) are shown as markers in every report for people, on the terminal
/// and on stderr, and validation warns about them; JSON keeps the text as it was given.
#[test]
fn invisible_characters_are_shown_wherever_text_is_shown() {
    let sandbox = Sandbox::new();
    let root = crate::util::root();
    let text =
        std::fs::read_to_string(root.join("samples/responses/vendor-a.json")).unwrap_or_default();
    let mut bid: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    bid["cover"]["vendor"] = "\u{202E}社会式株ルプンサ".into();
    bid["answers"]["SAMPLE-RULE-01"]["remarks"] = "説明\u{b}続き\u{1b}[2J\u{7}".into();
    let file = sandbox.write(
        "impostor.json",
        serde_json::to_vec(&bid).unwrap_or_default(),
    );
    let profile = root.join("samples/profiles/hospital.json");
    let raw = |s: &str| s.contains(['\u{202E}', '\u{1b}', '\u{7}', '\u{b}']);

    let run = sandbox.mds("validate").arg(&file).run();
    assert!(
        run.stdout.contains("invisible-character") && run.stdout.contains("⟨U+202E⟩"),
        "{}",
        run.stdout
    );
    assert!(!raw(&run.stdout) && !raw(&run.stderr), "{:?}", run.stdout);
    let json = sandbox
        .mds("validate")
        .arg(&file)
        .args(["--format", "json"])
        .run()
        .json();
    let codes: Vec<(String, String)> = json["files"][0]["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or("").to_string(),
                f["location"].as_str().unwrap_or("").to_string(),
            )
        })
        .filter(|(code, _)| code == "invisible-character")
        .collect();
    assert_eq!(
        codes,
        crate::util::pairs(&[
            ("invisible-character", "/cover/vendor"),
            ("invisible-character", "/answers/SAMPLE-RULE-01/remarks"),
        ])
    );

    for (format, name) in [("md", "r.md"), ("html", "r.html"), ("table", "r.txt")] {
        let out = sandbox.path(name);
        let run = sandbox
            .mds("compare")
            .arg(&file)
            .arg("--profile")
            .arg(&profile)
            .args(["--detail", "--format", format, "-o"])
            .arg(&out)
            .run();
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        let shown = std::fs::read_to_string(&out).unwrap_or_default();
        assert!(shown.contains("⟨U+202E⟩"), "{format}: {shown}");
        assert!(!raw(&shown), "{format} holds a raw control");
        assert!(!raw(&run.stderr), "{:?}", run.stderr);
    }
    // The DOCX opens (no control XML cannot hold) and shows the markers.
    let out = sandbox.path("r.docx");
    let run = sandbox
        .mds("compare")
        .arg(&file)
        .arg("--profile")
        .arg(&profile)
        .args(["--detail", "-o"])
        .arg(&out)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bytes = std::fs::read(&out).unwrap_or_default();
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip
            .by_name("word/document.xml")
            .unwrap_or_else(|e| panic!("{e}")),
        &mut xml,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        xml.contains("⟨U+202E⟩"),
        "the vendor's marker is in the DOCX"
    );
    assert!(!raw(&xml), "the DOCX holds a raw control");
    // JSON keeps the text as given.
    let run = sandbox
        .mds("compare")
        .arg(&file)
        .arg("--profile")
        .arg(&profile)
        .args(["--format", "json"])
        .run();
    assert!(
        run.json()["ranking"][0]["vendor"]
            .as_str()
            .is_some_and(|v| v.starts_with('\u{202E}')),
        "{}",
        run.stdout
    );
}

/// One answer longer than an Excel cell holds (32,767 characters) no longer makes the whole
/// workbook fail: `mds export` and the xlsx report cut it with a visible mark and say which
/// file and item.
#[test]
fn a_text_longer_than_a_cell_is_cut_with_a_mark() {
    let sandbox = Sandbox::new();
    let root = crate::util::root();
    let text =
        std::fs::read_to_string(root.join("samples/responses/vendor-a.json")).unwrap_or_default();
    let mut bid: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    bid["answers"]["SAMPLE-RESP-03"]["value"] = "長".repeat(40_000).into();
    // Unmet, so that the report's gaps sheet shows its remarks.
    bid["answers"]["SAMPLE-RULE-01"]["value"] = "no".into();
    bid["answers"]["SAMPLE-RULE-01"]["remarks"] = "備".repeat(40_000).into();
    let file = sandbox.write("long.json", serde_json::to_vec(&bid).unwrap_or_default());
    let sheet_text = |path: &std::path::Path| -> String {
        let bytes = std::fs::read(path).unwrap_or_default();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut all = String::new();
        for i in 0..zip.len() {
            let mut part = zip.by_index(i).unwrap_or_else(|e| panic!("{e}"));
            if part.name().is_ok_and(|n| n.ends_with(".xml")) {
                let _ = std::io::Read::read_to_string(&mut part, &mut all);
            }
        }
        all
    };
    let out = sandbox.path("long.xlsx");
    let run = sandbox.mds("export").arg(&file).arg("-o").arg(&out).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("SAMPLE-RESP-03") && run.stderr.contains("SAMPLE-RULE-01"),
        "{}",
        run.stderr
    );
    assert!(sheet_text(&out).contains("以下省略: 40000 文字"));
    let report = sandbox.path("report.xlsx");
    let run = sandbox
        .mds("compare")
        .arg(&file)
        .args(["--profile", "samples/profiles/hospital.json", "-o"])
        .arg(&report)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("SAMPLE-RULE-01") && run.stderr.contains("long.json"),
        "{}",
        run.stderr
    );
    assert!(sheet_text(&report).contains("以下省略"));
}

/// Puts a formula in the answer cell of SAMPLE-RULE-01: the formula gives いいえ, the value saved
/// with it (mode `recalc` and `cached`) says はい. `bare` keeps openpyxl's formula without a
/// saved value; `recalc` keeps openpyxl's request to recalculate on opening; `cached` drops it,
/// as a workbook saved by Excel does.
const FORMULA: &str = r#"
import sys, re, zipfile, openpyxl
path, mode = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(path)
ws = wb["回答"]
head = [c.value for c in ws[1]]
col = head.index("回答") + 1
row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == "SAMPLE-RULE-01")
ref = ws.cell(row=row, column=col).coordinate
ws.cell(row=row, column=col, value='=IF(TRUE,"いいえ","はい")')
wb.save(path)
if mode != "bare":
    parts = {}
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            parts[n] = z.read(n)
    for n in parts:
        if n.startswith("xl/worksheets/") and n.endswith(".xml"):
            x = parts[n].decode()
            x = re.sub(r'<c r="%s"([^>]*)><f>(.*?)</f><v\s*/>' % ref,
                       r'<c r="%s"\1 t="str"><f>\2</f><v>はい</v>' % ref, x)
            parts[n] = x.encode()
    if mode == "cached":
        wbx = parts["xl/workbook.xml"].decode()
        parts["xl/workbook.xml"] = re.sub(r'\s*fullCalcOnLoad="1"', "", wbx).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)
"#;

/// An answer written as a formula is scored only when its saved value is what a person sees: a
/// formula saved without a value, or one in a workbook that recalculates when opened (where
/// LibreOffice shows the formula's いいえ, not the saved はい), is the finding `formula-answer`
/// and goes to review; a saved value in an ordinary workbook (HECVAT's auto-responses) is read.
#[test]
fn formula_answers_are_held_for_review_unless_their_value_can_be_trusted() {
    if !openpyxl() {
        return;
    }
    let sandbox = Sandbox::new();
    let profile = crate::util::root().join("samples/profiles/hospital.json");
    for mode in ["bare", "recalc", "cached"] {
        let book = sandbox.path(&format!("{mode}.xlsx"));
        let run = sandbox
            .mds("export")
            .arg("samples/responses/vendor-a.json")
            .arg("-o")
            .arg(&book)
            .run();
        assert_eq!(run.code, 0, "{}", run.stderr);
        python(FORMULA, &[&book, std::path::Path::new(mode)]);
        let run = sandbox
            .mds("compare")
            .arg(&book)
            .arg("--profile")
            .arg(&profile)
            .args(["--detail", "--format", "json"])
            .run();
        assert_eq!(run.code, 0, "{mode}: {}", run.stderr);
        let report = run.json();
        let vendor = &report["ranking"][0];
        let item = vendor["items"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|i| i["item"] == "SAMPLE-RULE-01")
            .cloned()
            .unwrap_or_default();
        let validate = sandbox
            .mds("validate")
            .arg(&book)
            .args(["--format", "json"])
            .run()
            .json();
        let held = validate["files"][0]["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|f| f["code"] == "formula-answer" && f["location"] == "回答!D2");
        if mode == "cached" {
            assert_eq!(item["outcome"], "met", "{mode}: {item}");
            assert!(!held, "{mode}: {validate}");
        } else {
            assert_eq!(item["outcome"], "review", "{mode}: {item}");
            assert_eq!(item["reason"]["why"], "held", "{mode}: {item}");
            assert!(held, "{mode}: {validate}");
            assert!(
                vendor["warnings"].as_u64().unwrap_or(0) >= 1,
                "{mode}: {vendor}"
            );
            assert!(
                vendor["review"]
                    .as_array()
                    .is_some_and(|r| r.iter().any(|i| i == "SAMPLE-RULE-01")),
                "{mode}: {vendor}"
            );
        }
    }
    // LibreOffice, opening the bare formula, computes it and saves its result (いいえ) in a
    // workbook that no longer asks to be recalculated: that value is the one read.
    if let Some(soffice) = crate::util::soffice() {
        let resaved = crate::util::convert(
            &soffice,
            &sandbox.path("bare.xlsx"),
            "xlsx",
            &sandbox.path("resaved"),
        );
        let out = sandbox.path("resaved.json");
        let run = sandbox
            .mds("import")
            .arg(&resaved)
            .arg("-o")
            .arg(&out)
            .run();
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(!run.stderr.contains("formula-answer"), "{}", run.stderr);
        let got: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&out).unwrap_or_default())
                .unwrap_or_default();
        assert_eq!(got["answers"]["SAMPLE-RULE-01"]["value"], "no", "{got}");
    }
}
