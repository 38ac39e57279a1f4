//! Workbooks through real clients: `mds form` -> filled by openpyxl (rows reversed, a row
//! inserted and one deleted) -> re-saved by LibreOffice as .xlsx and .ods -> `mds import`.

use std::path::Path;

use crate::util::{Sandbox, convert, openpyxl, python, soffice};

/// Fills the form as a vendor's script would, moving rows around.
const FILL: &str = r#"
import sys, datetime, openpyxl
src, dst = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(src)
cover = wb['表紙']
for row in cover.iter_rows(min_row=1):
    fid = row[0].value
    if fid == 'vendor': row[2].value = '株式会社テスト（架空）'
    if fid == 'product': row[2].value = 'テスト電子カルテ'
    if fid == 'product_version': row[2].value = '2.0'
    if fid == 'created_on': row[2].value = datetime.date(2026, 11, 1)
    if fid == 'contact': row[2].value = 'security@test.example'
ws = wb['回答']
head = [c.value for c in ws[1]]
col = {h: i for i, h in enumerate(head)}
answers = {
    'SAMPLE-RULE-01': {'回答': 'はい'},
    'SAMPLE-RULE-02': {'回答': '〇'},
    'SAMPLE-RULE-03': {'回答': 'いいえ：次期更新で対応'},
    'SAMPLE-AUTH-02': {'回答': 'はい（予定）', '導入予定日': '2027/3/31'},
    'SAMPLE-NET-02': {'回答': 'IP-VPN、その他', 'その他の内容': '閉域モバイル'},
    'SAMPLE-RISK-02': {'回答': datetime.date(2026, 6, 15)},
    'SAMPLE-RESP-03': {'回答': '当社が基盤を運用し、端末は病院が管理する。'},
    'SAMPLE-PHYS-02': {'回答': '対象外', '備考': 'クラウドのため\n2行目'},
    'SAMPLE-OPS-01': {'回答': 'Yes, optional'},
    'SAMPLE-OPS-02': {'回答': 'たぶん'},
    'SAMPLE-MAINT-03': {'回答': '×', '備考': '=HYPERLINK("http://x","y")', '対応予定日': datetime.date(2027, 3, 31)},
}
rows = []
for r in range(2, ws.max_row + 1):
    rows.append([ws.cell(r, c + 1).value for c in range(len(head))])
for values in rows:
    fill = answers.get(values[0], {})
    for name, value in fill.items():
        values[col[name]] = value
# Rows sorted the other way round, one item row deleted, a blank row inserted.
rows = [v for v in reversed(rows) if v[0] != 'SAMPLE-OPS-03']
for r, values in enumerate(rows, start=2):
    for c, value in enumerate(values):
        cell = ws.cell(r, c + 1)
        cell.value = value
        if isinstance(value, str) and value.startswith('='):
            cell.data_type = 's'  # typed text, as with a leading apostrophe in Excel
        if isinstance(value, datetime.date):
            cell.number_format = 'yyyy/m/d'
for c in range(len(head)):
    ws.cell(len(rows) + 2, c + 1).value = None
ws.insert_rows(10)
wb.save(dst)
"#;

/// What survived a re-save: dropdowns, protection, hidden sheets.
const INSPECT: &str = r#"
import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['回答']
lists = [dv for dv in ws.data_validations.dataValidation if dv.type == 'list']
print(json.dumps({
    'list_validations': len(lists),
    'list_formula': lists[0].formula1 if lists else None,
    'answers_protected': bool(ws.protection.sheet),
    'cover_protected': bool(wb['表紙'].protection.sheet),
    'answer_cell_locked': ws['D2'].protection.locked,
    'id_cell_locked': ws['A2'].protection.locked,
    'hidden': sorted(s.title for s in wb.worksheets if s.sheet_state != 'visible'),
    'freeze': ws.freeze_panes,
}))
"#;

fn expected() -> serde_json::Value {
    serde_json::json!({
        "SAMPLE-RULE-01": {"value": "yes"},
        "SAMPLE-RULE-02": {"value": "yes", "raw": "〇"},
        "SAMPLE-RULE-03": {"value": "no", "remarks": "次期更新で対応", "raw": "いいえ：次期更新で対応"},
        "SAMPLE-AUTH-02": {"value": "yes", "fields": {"planned_by": "2027-03-31"}, "raw": "はい（予定）"},
        "SAMPLE-NET-02": {"value": ["ip-vpn", "other"], "other": "閉域モバイル"},
        "SAMPLE-RISK-02": {"value": "2026-06-15"},
        "SAMPLE-RESP-03": {"value": "当社が基盤を運用し、端末は病院が管理する。"},
        "SAMPLE-PHYS-02": {"value": "na", "remarks": "クラウドのため\n2行目"},
        "SAMPLE-OPS-01": {"value": "yes", "remarks": "optional", "raw": "Yes, optional"},
        "SAMPLE-OPS-02": {"value": null, "raw": "たぶん"},
        "SAMPLE-MAINT-03": {"value": "no", "remarks": "=HYPERLINK(\"http://x\",\"y\")", "fields": {"target_date": "2027-03-31"}, "raw": "×"},
    })
}

fn import(sandbox: &Sandbox, file: &Path) -> serde_json::Value {
    let out = sandbox.path(&format!(
        "{}.json",
        file.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    ));
    let run = sandbox
        .mds("import")
        .arg(file.as_os_str())
        .arg("-o")
        .arg(out.as_os_str())
        .run();
    assert_eq!(run.code, 0, "{}: {}", file.display(), run.stderr);
    assert!(
        run.stderr.contains("unmapped-value") && run.stderr.contains("たぶん"),
        "the unreadable cell is reported: {}",
        run.stderr
    );
    serde_json::from_slice(&std::fs::read(&out).unwrap_or_default()).unwrap_or_default()
}

fn check_response(r: &serde_json::Value, from: &str) {
    let expected = expected();
    let answers = r["answers"].as_object().cloned().unwrap_or_default();
    let got: serde_json::Map<String, serde_json::Value> = answers
        .into_iter()
        .filter(|(k, _)| expected.get(k).is_some())
        .collect();
    assert_eq!(serde_json::Value::Object(got), expected, "{from}");
    assert_eq!(
        r["answers"].as_object().map(|m| m.len()),
        Some(expected.as_object().map(|m| m.len()).unwrap_or(0)),
        "{from}: only filled rows"
    );
    assert_eq!(r["cover"]["vendor"], "株式会社テスト（架空）", "{from}");
    assert_eq!(r["cover"]["created_on"], "2026-11-01", "{from}");
    assert_eq!(r["questionnaire"]["id"], "sample-sds", "{from}");
}

/// The sample questionnaire's blank form, as `mds form` writes it.
fn blank_form(sandbox: &Sandbox) -> std::path::PathBuf {
    let form = sandbox.path("form.xlsx");
    let run = sandbox
        .mds("form")
        .args(["sample-sds", "-o"])
        .arg(form.as_os_str())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    form
}

#[test]
fn form_filled_by_openpyxl_and_resaved_by_libreoffice_imports_exactly() {
    let Some(soffice) = soffice() else { return };
    if !openpyxl() {
        return;
    }
    let sandbox = Sandbox::new();
    let form = blank_form(&sandbox);
    let filled = sandbox.path("filled.xlsx");
    python(FILL, &[&form, &filled]);
    // As written by openpyxl.
    check_response(&import(&sandbox, &filled), "openpyxl");
    // Re-saved by LibreOffice as .xlsx and as .ods.
    let resaved = convert(
        &soffice,
        &filled,
        "xlsx:Calc MS Excel 2007 XML",
        &sandbox.path("lo"),
    );
    check_response(&import(&sandbox, &resaved), "LibreOffice xlsx");
    let ods = convert(&soffice, &filled, "ods", &sandbox.path("lo"));
    check_response(&import(&sandbox, &ods), "LibreOffice ods");
    // Dropdowns, protection and hidden sheets survive the re-save.
    let seen: serde_json::Value =
        serde_json::from_str(&python(INSPECT, &[&resaved])).unwrap_or_default();
    assert!(
        seen["list_validations"].as_u64().unwrap_or(0) >= 40,
        "{seen}"
    );
    assert!(
        seen["list_formula"]
            .as_str()
            .is_some_and(|f| f.contains("mds_list_")),
        "{seen}"
    );
    assert_eq!(seen["answers_protected"], true, "{seen}");
    assert_eq!(seen["cover_protected"], true, "{seen}");
    assert_eq!(seen["answer_cell_locked"], false, "{seen}");
    assert_eq!(seen["id_cell_locked"], true, "{seen}");
    assert_eq!(
        seen["hidden"],
        serde_json::json!(["_lists", "_mds"]),
        "{seen}"
    );
    // The form itself as LibreOffice sees it.
    let seen: serde_json::Value =
        serde_json::from_str(&python(INSPECT, &[&form])).unwrap_or_default();
    assert_eq!(seen["freeze"], "A2", "{seen}");
    // Validation of the re-saved workbook points at cells.
    let run = sandbox
        .mds("validate")
        .args(["--format", "json"])
        .arg(resaved.as_os_str())
        .run();
    assert_eq!(run.code, 1);
    let findings = run.json()["files"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        findings.iter().any(|f| f["code"] == "unmapped-value"
            && f["location"]
                .as_str()
                .is_some_and(|l| l.starts_with("回答!D"))),
        "{findings:?}"
    );
    assert!(
        findings.iter().any(|f| f["code"] == "missing-answer"
            && f["location"]
                .as_str()
                .is_some_and(|l| l.starts_with("回答!D"))),
        "{findings:?}"
    );
}

/// Edits the form's cover as argv[3] says: `swap` swaps the hidden ids of two rows (the labels
/// stay), `shown` shows the id column as earlier forms did, `hidden-value` hides the value
/// column; then fills it by label.
const COVER: &str = r#"
import sys, openpyxl
src, dst, mode = sys.argv[1], sys.argv[2], sys.argv[3]
wb = openpyxl.load_workbook(src)
ws = wb['表紙']
rows = {r[1].value: r for r in ws.iter_rows(min_row=1)}
if mode == 'swap':
    a, b = rows['事業者名'][0], rows['連絡先'][0]
    a.value, b.value = b.value, a.value
if mode == 'shown':
    ws.column_dimensions['A'].hidden = False
rows['事業者名'][2].value = '株式会社見たとおり（架空）'
rows['連絡先'][2].value = 'security@seen.example'
if mode == 'hidden-value':
    ws.column_dimensions['C'].hidden = True
wb.save(dst)
"#;

#[test]
fn the_cover_is_read_as_a_person_sees_it() {
    if !openpyxl() {
        return;
    }
    let sandbox = Sandbox::new();
    let form = blank_form(&sandbox);
    let hidden: String = python(
        "import sys, openpyxl\nws = openpyxl.load_workbook(sys.argv[1])['表紙']\nprint(ws.column_dimensions['A'].hidden, ws['A5'].value, ws['B5'].value)",
        &[&form],
    );
    assert!(
        hidden.starts_with("True vendor "),
        "the ids are out of sight: {hidden}"
    );
    let cover = |mode: &str| {
        let edited = sandbox.path(&format!("{mode}.xlsx"));
        python(COVER, &[&form, &edited, Path::new(mode)]);
        let out = sandbox.path(&format!("{mode}.json"));
        let run = sandbox.mds("import").arg(&edited).arg("-o").arg(&out).run();
        assert_eq!(run.code, 0, "{mode}: {}", run.stderr);
        let r: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&out).unwrap_or_default()).unwrap_or_default();
        r["cover"].clone()
    };
    for mode in ["swap", "shown", "as-is"] {
        let c = cover(mode);
        assert_eq!(c["vendor"], "株式会社見たとおり（架空）", "{mode}: {c}");
        assert_eq!(c["contact"], "security@seen.example", "{mode}: {c}");
    }
    // Values in a hidden column are not read.
    let c = cover("hidden-value");
    assert!(c.get("vendor").is_none(), "{c}");
}
