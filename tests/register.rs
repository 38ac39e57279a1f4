//! The MHLW checklist per vendor and the register of every vendor's documents: checklist
//! workbooks in the official two-row layout (item, question, then per round 確認結果 / 確認日 /
//! 目標日) written by two writers, three vendors' filled sheets (all はい; いいえ with a target; いいえ without one),
//! disclosures from two of them; the checklist's findings and the register checked exactly.

use std::path::{Path, PathBuf};

use crate::util::{Sandbox, chromium, dump_dom, openpyxl, python, root};

/// A checklist sheet: `python3 - OUT WRITER VENDOR MODE`; WRITER is openpyxl or xlsxwriter,
/// MODE `blank`, `yes` (all はい), `target` (いいえ with target dates, one past, one outside the
/// fiscal year) or `none` (an いいえ without a target date).
const CHECKLIST: &str = r#"
import sys, datetime
out, writer, vendor, mode = sys.argv[1:5]
rows = [['1-1', '例示の確認項目 1（試験用）'], ['1-2', '例示の確認項目 2（試験用）'], ['2-1', '例示の確認項目 3（試験用）']]
first, day = datetime.date(2026, 6, 1), datetime.date(2026, 10, 1)
# The first round, all はい in June; the second, the answer, in October.
earlier = [('はい', first, None)] * 3
answers = {
    'blank': [(None, None, None)] * 3,
    'yes': [('はい', day, None)] * 3,
    'target': [('はい', day, None), ('いいえ', day, datetime.date(2027, 3, 31)), ('いいえ', day, datetime.date(2026, 11, 15))],
    'none': [('はい', day, None), ('いいえ', day, None), ('はい', day, None)],
}[mode]
if mode == 'blank':
    earlier = answers
title = '医療機関等におけるサイバーセキュリティ対策チェックリスト（事業者確認用・試験用の例）'
sub = ['確認結果', '確認日', '目標日'] * 2
if writer == 'openpyxl':
    import openpyxl
    wb = openpyxl.Workbook(); ws = wb.active; ws.title = '事業者確認用'
    ws['A1'] = title; ws['A3'] = '事業者名'; ws['B3'] = vendor
    ws['A5'] = '項番'; ws['B5'] = 'チェック項目'; ws['C5'] = '1回目'; ws['F5'] = '2回目'
    for m in ['A5:A6', 'B5:B6', 'C5:E5', 'F5:H5']:
        ws.merge_cells(m)
    for c, h in enumerate(sub, start=3):
        ws.cell(6, c).value = h
    for r, (row, a, b) in enumerate(zip(rows, earlier, answers), start=7):
        for c, v in enumerate(row + list(a) + list(b), start=1):
            cell = ws.cell(r, c); cell.value = v
            if isinstance(v, datetime.date):
                cell.number_format = 'yyyy/m/d'
    wb.save(out)
else:
    import xlsxwriter
    wb = xlsxwriter.Workbook(out); ws = wb.add_worksheet('事業者確認用')
    date = wb.add_format({'num_format': 'yyyy/m/d'})
    ws.write(0, 0, title); ws.write(2, 0, '事業者名'); ws.write(2, 1, vendor)
    ws.merge_range(4, 0, 5, 0, '項番'); ws.merge_range(4, 1, 5, 1, 'チェック項目')
    ws.merge_range(4, 2, 4, 4, '1回目'); ws.merge_range(4, 5, 4, 7, '2回目')
    for c, h in enumerate(sub, start=2):
        ws.write(5, c, h)
    for r, (row, a, b) in enumerate(zip(rows, earlier, answers), start=6):
        for c, v in enumerate(row + list(a) + list(b)):
            if isinstance(v, datetime.date):
                ws.write_datetime(r, c, datetime.datetime(v.year, v.month, v.day), date)
            elif v is not None:
                ws.write(r, c, v)
    wb.close()
"#;

fn checklist(sandbox: &Sandbox, name: &str, writer: &str, vendor: &str, mode: &str) -> PathBuf {
    let out = sandbox.path(name);
    python(
        CHECKLIST,
        &[&out, Path::new(writer), Path::new(vendor), Path::new(mode)],
    );
    out
}

/// A disclosure (the sample) in a vendor's name.
fn disclosure(folder: &Path, name: &str, vendor: &str) {
    let text =
        std::fs::read_to_string(root().join("samples/responses/vendor-a.json")).unwrap_or_default();
    let mut bid: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    bid["cover"]["vendor"] = vendor.into();
    let _ = std::fs::write(
        folder.join(name),
        serde_json::to_vec(&bid).unwrap_or_default(),
    );
}

#[test]
fn the_register_shows_every_vendors_documents_and_what_is_open() {
    if !openpyxl() {
        return;
    }
    let sandbox = Sandbox::new();
    // The user's own copy of the official sheet gives the items: it is the checklist.
    let blank = checklist(&sandbox, "blank.xlsx", "openpyxl", "", "blank");
    let run = sandbox
        .mds("questionnaire")
        .arg("extract")
        .arg(&blank)
        .args(["--id", "mhlw-checklist", "--version", "2026", "--install"])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let q: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(sandbox.path("catalog/mhlw-checklist@2026.json"))
            .unwrap_or_default(),
    )
    .unwrap_or_default();
    assert_eq!(q["kind"], "checklist");
    // The frame lends the vendor's sheet its cover: the hospital, the vendor, the system.
    let cover: Vec<&str> = q["cover"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert!(
        cover.contains(&"hospital") && cover.contains(&"system"),
        "{cover:?}"
    );

    // One 事業者確認用 per vendor of the hospital's list, each reading back.
    let list = sandbox.write(
        "一覧.csv",
        "\u{feff}vendor,system,contact\n株式会社エー保守（架空）,電子カルテ,a@example.invalid\nビー/シー情報（架空）,PACS,b@example.invalid\n",
    );
    let forms = sandbox.path("送付用");
    let run = sandbox
        .mds("form")
        .arg("mhlw-checklist@2026")
        .arg("--vendors")
        .arg(&list)
        .args(["--set", "cover.hospital=架空市民病院", "-o"])
        .arg(&forms)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut made = crate::util::files_in(&forms);
    made.sort();
    assert_eq!(
        made,
        [
            "ビー_シー情報（架空）.xlsx",
            "株式会社エー保守（架空）.xlsx"
        ]
    );
    let back = sandbox.path("back.json");
    let run = sandbox
        .mds("import")
        .arg(forms.join("株式会社エー保守（架空）.xlsx"))
        .arg("-o")
        .arg(&back)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&back).unwrap_or_default())
            .unwrap_or_default();
    assert_eq!(r["cover"]["vendor"], "株式会社エー保守（架空）");
    assert_eq!(r["cover"]["hospital"], "架空市民病院");
    assert_eq!(r["cover"]["system"], "電子カルテ");

    let folder = sandbox.path("書類");
    std::fs::create_dir_all(folder.join("2026年度")).unwrap_or_else(|e| panic!("{e}"));
    let a = checklist(
        &sandbox,
        "a.xlsx",
        "openpyxl",
        "株式会社エー保守（架空）",
        "yes",
    );
    let b = checklist(
        &sandbox,
        "b.xlsx",
        "xlsxwriter",
        "ビー情報（株）（架空）",
        "target",
    );
    let c = checklist(
        &sandbox,
        "c.xlsx",
        "openpyxl",
        "シー電子株式会社（架空）",
        "none",
    );
    for (from, to) in [
        (&a, "a-checklist.xlsx"),
        (&b, "b-checklist.xlsx"),
        (&c, "c-checklist.xlsx"),
    ] {
        std::fs::copy(from, folder.join("2026年度").join(to)).unwrap_or_else(|e| panic!("{e}"));
    }
    disclosure(&folder, "a-sds.json", "株式会社エー保守（架空）");
    // The same vendor, its company type written the other way.
    disclosure(&folder, "b-sds.json", "ビー情報株式会社（架空）");

    // The checklist's findings, each at its cell.
    let run = sandbox
        .mds("validate")
        .args(["--format", "json"])
        .arg(&c)
        .run();
    let findings = crate::util::findings(&run);
    assert!(
        findings.contains(&("missing-field".to_string(), "事業者確認用!H8".to_string())),
        "an いいえ without its target date: {findings:?}"
    );
    let run = sandbox
        .mds("validate")
        .args(["--format", "json", "--fiscal-year", "2027"])
        .arg(&b)
        .run();
    let findings = crate::util::findings(&run);
    assert!(
        findings.contains(&(
            "target-outside-fiscal-year".to_string(),
            "事業者確認用!H8".to_string()
        )),
        "{findings:?}"
    );
    let run = sandbox
        .mds("validate")
        .args(["--format", "json", "--as-of", "2026-09-30"])
        .arg(&a)
        .run();
    let findings = crate::util::findings(&run);
    assert!(
        findings.contains(&(
            "date-after-as-of".to_string(),
            "事業者確認用!G7".to_string()
        )),
        "{findings:?}"
    );

    // The register.
    let vendors = sandbox.write(
        "vendors.csv",
        "\u{feff}vendor,system,contact\n株式会社エー保守（架空）,電子カルテ,a@example.invalid\nディー医療（架空）,PACS,d@example.invalid\n",
    );
    let run = sandbox
        .mds("register")
        .arg(&folder)
        .args(["--as-of", "2026-12-01", "--format", "json", "--vendors"])
        .arg(&vendors)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = run.json();
    assert_eq!(r["as_of"], "2026-12-01");
    let names: Vec<&str> = r["vendors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["vendor"].as_str())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
    let of = |prefix: &str| {
        r["vendors"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|v| v["vendor"].as_str().is_some_and(|n| n.contains(prefix)))
            .cloned()
            .unwrap_or_default()
    };
    let b_entry = of("ビー情報");
    let kinds: Vec<&str> = b_entry["documents"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["checklist", "disclosure"], "{b_entry}");
    let open: Vec<(String, Option<String>, bool)> = b_entry["open_items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| {
            (
                o["item"].as_str().unwrap_or("").to_string(),
                o["target"].as_str().map(str::to_string),
                o["overdue"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    assert_eq!(
        open,
        [
            ("1-2".to_string(), Some("2027-03-31".to_string()), false),
            ("2-1".to_string(), Some("2026-11-15".to_string()), true),
        ]
    );
    let c_entry = of("シー電子");
    assert_eq!(c_entry["open_items"][0]["item"], "1-2");
    assert_eq!(c_entry["open_items"][0]["target"], serde_json::Value::Null);
    assert_eq!(
        of("エー保守")["open_items"].as_array().map(Vec::len),
        Some(0)
    );
    assert_eq!(r["mds_sds"]["all"], false);
    let mut missing: Vec<&str> = r["mds_sds"]["missing"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .collect();
    missing.sort();
    assert_eq!(missing, ["シー電子株式会社（架空）", "ディー医療（架空）"]);
    // Without --as-of nothing is overdue.
    let run = sandbox
        .mds("register")
        .arg(&folder)
        .args(["--format", "json"])
        .run();
    assert!(!run.stdout.contains("\"overdue\": true"), "{}", run.stdout);

    // The ledger to file: xlsx in openpyxl, HTML in Chromium.
    let ledger = sandbox.path("台帳.xlsx");
    let run = sandbox
        .mds("register")
        .arg(&folder)
        .args(["--as-of", "2026-12-01", "-o"])
        .arg(&ledger)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shown = python(
        r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print("\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None))
"#,
        &[&ledger],
    );
    assert!(
        shown.contains("ビー情報") && shown.contains("2026-11-15") && shown.contains("2-③"),
        "{shown}"
    );
    // ... and opens in LibreOffice as it does in Excel.
    if let Some(soffice) = crate::util::soffice() {
        let csv = crate::util::convert(
            &soffice,
            &ledger,
            "csv:Text - txt - csv (StarCalc):44,34,76,1",
            &sandbox.path("ledger-csv"),
        );
        let text = std::fs::read_to_string(csv).unwrap_or_default();
        assert!(text.contains("ビー情報") && text.contains("2-③"), "{text}");
    }
    if let Some(chromium) = chromium() {
        let html = sandbox.path("台帳.html");
        let run = sandbox
            .mds("register")
            .arg(&folder)
            .args(["--as-of", "2026-12-01", "-o"])
            .arg(&html)
            .run();
        assert_eq!(run.code, 0, "{}", run.stderr);
        let dom = dump_dom(&chromium, &html);
        assert!(
            dom.contains("id=\"mds-sds\"") && dom.contains("期限切れ"),
            "{dom}"
        );
    }
}
