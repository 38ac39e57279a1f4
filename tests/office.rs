//! Office formats for hospitals, through real clients: comparison xlsx and docx converted by
//! LibreOffice, profile workbooks edited by openpyxl and re-saved by LibreOffice.

use std::path::{Path, PathBuf};

use crate::util::{Sandbox, convert, openpyxl, python, root, soffice};

const PROFILE: &str = "samples/profiles/hospital.json";
const RANKED: [&str; 4] = [
    "サンプル医療クラウド株式会社（架空）",
    "テスト医療情報サービス株式会社（架空）",
    "例示ヘルステック合同会社",
    "架空システムズ株式会社",
];

fn compare_to(sandbox: &Sandbox, out: &Path, extra: &[&Path]) -> crate::util::Run {
    let mut args: Vec<std::ffi::OsString> = vec![
        "compare".into(),
        "--profile".into(),
        PROFILE.into(),
        "-o".into(),
        out.into(),
        "samples/responses".into(),
    ];
    args.extend(extra.iter().map(|p| p.as_os_str().to_owned()));
    sandbox.run(&args)
}

fn in_order(text: &str, names: &[&str]) -> bool {
    let positions: Vec<Option<usize>> = names.iter().map(|n| text.find(n)).collect();
    positions.iter().all(Option::is_some) && positions.windows(2).all(|w| w[0] < w[1])
}

#[test]
fn xlsx_and_docx_are_deterministic() {
    let sandbox = Sandbox::new();
    for ext in ["xlsx", "docx"] {
        let (a, b) = (
            sandbox.path(&format!("a.{ext}")),
            sandbox.path(&format!("b.{ext}")),
        );
        for out in [&a, &b] {
            let run = compare_to(&sandbox, out, &[]);
            assert_eq!(run.code, 0, "{ext}: {}", run.stderr);
        }
        let (x, y) = (
            std::fs::read(&a).unwrap_or_default(),
            std::fs::read(&b).unwrap_or_default(),
        );
        assert!(x.starts_with(b"PK") && x == y, "{ext}: two runs differ");
    }
    // Binary formats need a file.
    let run = sandbox
        .mds("compare")
        .arg("--profile")
        .arg(PROFILE)
        .args(["--format", "docx", "samples/responses"])
        .run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("-o"), "{}", run.stderr);
}

#[test]
fn comparison_workbook_and_annex_hold_the_ranking_in_libreoffice() {
    let Some(soffice) = soffice() else { return };
    let sandbox = Sandbox::new();
    let xlsx = sandbox.path("comparison.xlsx");
    let docx = sandbox.path("annex.docx");
    assert_eq!(compare_to(&sandbox, &xlsx, &[]).code, 0);
    assert_eq!(compare_to(&sandbox, &docx, &[]).code, 0);
    let csv = convert(
        &soffice,
        &xlsx,
        "csv:Text - txt - csv (StarCalc):44,34,76,1",
        &sandbox.path("out"),
    );
    let text = std::fs::read_to_string(&csv).unwrap_or_default();
    assert!(
        in_order(&text, &RANKED),
        "ranking in the converted sheet:\n{text}"
    );
    let txt = convert(
        &soffice,
        &docx,
        "txt:Text (encoded):UTF8",
        &sandbox.path("out"),
    );
    let text = std::fs::read_to_string(&txt).unwrap_or_default();
    assert!(
        in_order(&text, &RANKED),
        "ranking in the converted annex:\n{text}"
    );
    assert!(
        text.contains("SAMPLE-NET-01") && text.contains("出典"),
        "{text}"
    );
    let pdf = convert(&soffice, &docx, "pdf", &sandbox.path("pdf"));
    assert!(std::fs::read(&pdf).unwrap_or_default().starts_with(b"%PDF"));
}

/// A bid whose vendor name and remarks try markup and formulas.
fn hostile(sandbox: &Sandbox) -> PathBuf {
    let text =
        std::fs::read_to_string(root().join("samples/responses/vendor-b.json")).unwrap_or_default();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    v["cover"]["vendor"] = "=HYPERLINK(\"http://x\",\"y\")".into();
    v["answers"]["SAMPLE-AUTH-02"]["remarks"] = "=1+1".into();
    sandbox.write("hostile.json", serde_json::to_vec(&v).unwrap_or_default())
}

const FORMULAS: &str = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
formulas = [f"{ws.title}!{c.coordinate}" for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == 'f']
texts = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith('=')]
print(len(formulas), len(texts))
"#;

#[test]
fn no_formula_comes_from_vendor_text() {
    if !openpyxl() {
        return;
    }
    let sandbox = Sandbox::new();
    let bid = hostile(&sandbox);
    let xlsx = sandbox.path("comparison.xlsx");
    assert_eq!(compare_to(&sandbox, &xlsx, &[&bid]).code, 0);
    let seen = python(FORMULAS, &[&xlsx]);
    let counts: Vec<usize> = seen
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    assert_eq!(counts.first(), Some(&0), "no formula cell: {seen}");
    assert!(
        counts.get(1).is_some_and(|n| *n >= 2),
        "the vendor's text is there, as text: {seen}"
    );
    // The same for a filled form exported from the hostile response.
    let form = sandbox.path("form.xlsx");
    let run = sandbox
        .mds("export")
        .arg(bid.as_os_str())
        .arg("-o")
        .arg(form.as_os_str())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let seen = python(FORMULAS, &[&form]);
    assert!(seen.starts_with("0 "), "{seen}");
}

/// Edits a profile workbook as a hospital would.
const EDIT_PROFILE: &str = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['要件']
for row in ws.iter_rows(min_row=2):
    if row[0].value == 'SAMPLE-AUTH-01': row[5].value = '軽微'
    if row[0].value == 'SAMPLE-AUTH-03': row[6].value = 'はい'
    if row[0].value == 'SAMPLE-OPS-01': row[3].value = 'いいえ'
    if row[0].value == 'SAMPLE-PHYS-02': row[4].value = 'はい、対象外'
settings = wb['設定']
for row in settings.iter_rows(min_row=2):
    if row[0].value == 'section:NET': row[2].value = 'いいえ'
    if row[0].value == 'points.critical': row[2].value = 30
adj = wb['判定']
r = 2
while adj.cell(r, 1).value:
    r += 1
adj.cell(r, 1).value = '架空システムズ株式会社'
adj.cell(r, 2).value = 'SAMPLE-RESP-03'
adj.cell(r, 3).value = '不適合'
adj.cell(r, 4).value = '分担の記述が不十分'
wb.save(sys.argv[2])
"#;

#[test]
fn profile_workbook_round_trips_through_libreoffice() {
    let Some(soffice) = soffice() else { return };
    if !openpyxl() {
        return;
    }
    let sandbox = Sandbox::new();
    let book = sandbox.path("profile.xlsx");
    let run = sandbox
        .mds("profile")
        .args(["new", "sample-sds", "--from"])
        .arg(PROFILE)
        .arg("-o")
        .arg(book.as_os_str())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Unchanged, it reads back exactly.
    let back = sandbox.path("back.json");
    let run = sandbox
        .mds("profile")
        .arg("import")
        .arg(book.as_os_str())
        .arg("-o")
        .arg(back.as_os_str())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read(&back).ok(),
        std::fs::read(root().join(PROFILE)).ok()
    );
    // Edited by openpyxl, re-saved by LibreOffice.
    let edited = sandbox.path("edited.xlsx");
    python(EDIT_PROFILE, &[&book, &edited]);
    let resaved = convert(
        &soffice,
        &edited,
        "xlsx:Calc MS Excel 2007 XML",
        &sandbox.path("lo"),
    );
    let out = sandbox.path("edited.json");
    let run = sandbox
        .mds("profile")
        .arg("import")
        .arg(resaved.as_os_str())
        .arg("-o")
        .arg(out.as_os_str())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let got: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out).unwrap_or_default()).unwrap_or_default();
    let mut want: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root().join(PROFILE)).unwrap_or_default())
            .unwrap_or_default();
    want["requirements"]["SAMPLE-AUTH-01"]["importance"] = "minor".into();
    want["requirements"]["SAMPLE-AUTH-03"]["must"] = true.into();
    want["requirements"]
        .as_object_mut()
        .map(|m| m.shift_remove("SAMPLE-OPS-01"));
    want["requirements"]["SAMPLE-PHYS-02"]["expect"] = serde_json::json!(["yes", "na"]);
    want["sections"]["NET"] = false.into();
    want["points"] = serde_json::json!({"critical": 30});
    want["adjudications"]["架空システムズ株式会社"] =
        serde_json::json!({"SAMPLE-RESP-03": {"outcome": "unmet", "reason": "分担の記述が不十分"}});
    assert_eq!(got, want);
    // The re-saved workbook is used directly by compare.
    let run = sandbox
        .mds("compare")
        .arg("--profile")
        .arg(resaved.as_os_str())
        .args(["--format", "json", "samples/responses"])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let vendor_b = run.json()["ranking"].as_array().and_then(|r| {
        r.iter()
            .find(|v| v["vendor"] == "架空システムズ株式会社")
            .cloned()
    });
    assert!(
        vendor_b.is_some_and(|v| v["knockouts"] == serde_json::json!(["SAMPLE-AUTH-02"])),
        "NET is switched off now"
    );
}

#[test]
fn profile_workbook_errors_point_at_cells() {
    if !openpyxl() {
        return;
    }
    let sandbox = Sandbox::new();
    let book = sandbox.path("profile.xlsx");
    let run = sandbox
        .mds("profile")
        .args(["new", "sample-sds", "-o"])
        .arg(book.as_os_str())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let broken = sandbox.path("broken.xlsx");
    python(
        r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['要件']
ws['F2'] = 'とても重要'
ws['E3'] = 'たぶん'
wb['判定']['A2'] = 'A社'
wb['判定']['B2'] = 'SAMPLE-RESP-03'
wb['判定']['C2'] = '適合'
wb.save(sys.argv[2])
"#,
        &[&book, &broken],
    );
    let out = sandbox.path("p.json");
    let run = sandbox
        .mds("profile")
        .arg("import")
        .arg(broken.as_os_str())
        .arg("-o")
        .arg(out.as_os_str())
        .run();
    assert_eq!(run.code, 2);
    for cell in ["要件!F2", "要件!E3", "判定!D2"] {
        assert!(run.stderr.contains(cell), "{cell}: {}", run.stderr);
    }
    assert!(!out.exists());
    let run = sandbox
        .mds("validate")
        .args(["--format", "json"])
        .arg(broken.as_os_str())
        .run();
    assert_eq!(run.code, 1);
    let locations: Vec<String> = run.json()["files"][0]["findings"]
        .as_array()
        .map(|f| {
            f.iter()
                .filter_map(|x| x["location"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(locations, ["要件!F2", "要件!E3", "判定!D2"]);
}

#[test]
fn compare_reads_filled_workbooks() {
    let sandbox = Sandbox::new();
    let book = sandbox.path("vendor-a.xlsx");
    let run = sandbox
        .mds("export")
        .args(["samples/responses/vendor-a.json", "-o"])
        .arg(book.as_os_str())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = sandbox
        .mds("compare")
        .arg("--profile")
        .arg(PROFILE)
        .args(["--format", "json"])
        .arg(book.as_os_str())
        .arg("samples/responses/vendor-a.json")
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ranking = run.json()["ranking"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(ranking.len(), 2);
    assert_eq!(ranking[0]["score"], ranking[1]["score"]);
    assert_eq!(
        ranking[0]["rank"], ranking[1]["rank"],
        "the workbook and its JSON score the same"
    );
}
