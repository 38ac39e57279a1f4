//! Official and foreign workbooks: NEMA's MDS2 example, HECVAT 4.1.4 (both from
//! `../shared/realdata`), an MHLW-checklist-style sheet and seeded layout variants generated here.

use std::path::Path;

use serde_json::json;

use crate::util::{Sandbox, convert, openpyxl, python, realdata, soffice};

fn json_of(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_default()).unwrap_or_default()
}

fn import(sandbox: &Sandbox, file: &Path, extra: &[&str]) -> (crate::util::Run, serde_json::Value) {
    let out = sandbox.path("imported.json");
    let _ = std::fs::remove_file(&out);
    let mut args: Vec<std::ffi::OsString> = vec![
        "import".into(),
        file.into(),
        "-o".into(),
        out.clone().into(),
    ];
    args.extend(extra.iter().map(|a| a.into()));
    let run = sandbox.run(&args);
    (run, json_of(&out))
}

fn count_values(r: &serde_json::Value) -> std::collections::BTreeMap<String, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for a in r["answers"]
        .as_object()
        .map(|m| m.values().cloned().collect::<Vec<_>>())
        .unwrap_or_default()
    {
        let key = a["value"]
            .as_str()
            .map(String::from)
            .unwrap_or_else(|| "blank".into());
        *counts.entry(key).or_insert(0) += 1;
    }
    counts
}

#[test]
fn nema_mds2_example_imports_as_its_source_counts_it() {
    let Some(file) = realdata("mds2-nema-example/Example-MDS2-Worksheet.xlsx") else {
        return;
    };
    let sandbox = Sandbox::new();
    // No stamp, no --questionnaire: matched to the built-in mds2 by its item ids.
    let (run, r) = import(&sandbox, &file, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(r["questionnaire"]["id"], "mds2");
    let counts = count_values(&r);
    let want: std::collections::BTreeMap<String, usize> = [
        ("no", 112),
        ("na", 90),
        ("yes", 29),
        ("see-notes", 1),
        ("blank", 1),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), *v))
    .collect();
    assert_eq!(
        counts, want,
        "112 No, 90 N/A, 29 Yes, 1 See Notes, 1 blank (DOC-10)"
    );
    assert_eq!(r["answers"]["DOC-10"]["value"], serde_json::Value::Null);
    // DOC-1…DOC-7 are the cover; DOC-1 is the vendor.
    assert_eq!(r["cover"]["vendor"], "Hidden");
    assert_eq!(r["cover"]["release_date"], "2019-10-09");
    assert_eq!(r["cover"].as_object().map(|m| m.len()), Some(7));
    // NEMA's typo is kept as it is; a note reference is resolved from the notes block.
    assert!(r["answers"].get("SHAD-15").is_some() && r["answers"].get("SAHD-15").is_none());
    let see = r["answers"]
        .as_object()
        .and_then(|m| m.values().find(|a| a["value"] == "see-notes").cloned())
        .unwrap_or_default();
    assert!(
        see["remarks"]
            .as_str()
            .is_some_and(|t| !t.to_lowercase().starts_with("see note")),
        "{see}"
    );
    // Validation flags the typo with its likely id, at its cell.
    let run = sandbox
        .mds("validate")
        .args(["--format", "json"])
        .arg(file.as_os_str())
        .run();
    let findings = run.json()["files"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let typo = findings
        .iter()
        .find(|f| f["code"] == "suspected-typo")
        .cloned()
        .unwrap_or_default();
    assert!(
        typo["message"]
            .as_str()
            .is_some_and(|m| m.contains("SAHD-15")),
        "{findings:?}"
    );
    assert!(
        typo["location"]
            .as_str()
            .is_some_and(|l| l.starts_with("mds2-form!")),
        "{typo}"
    );
}

#[test]
fn nema_mds2_example_extracts_240_ids() {
    let Some(file) = realdata("mds2-nema-example/Example-MDS2-Worksheet.xlsx") else {
        return;
    };
    let sandbox = Sandbox::new();
    let out = sandbox.path("q.json");
    let run = sandbox
        .mds("questionnaire")
        .arg("extract")
        .arg(file.as_os_str())
        .args(["--id", "mds2", "--version", "2019-nema", "-o"])
        .arg(out.as_os_str())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("SHAD-15") && run.stderr.contains("SAHD-15"),
        "the typo is warned about: {}",
        run.stderr
    );
    let q = json_of(&out);
    let items: Vec<serde_json::Value> = q["sections"]
        .as_array()
        .map(|s| {
            s.iter()
                .flat_map(|x| x["items"].as_array().cloned().unwrap_or_default())
                .collect()
        })
        .unwrap_or_default();
    let cover = q["cover"].as_array().map(Vec::len).unwrap_or(0);
    assert_eq!(items.len() + cover, 240);
    assert!(items.iter().any(|i| i["id"] == "SHAD-15"));
    let mpii = items
        .iter()
        .find(|i| i["id"] == "MPII-2")
        .cloned()
        .unwrap_or_default();
    assert!(
        mpii["text"]["en"]
            .as_str()
            .is_some_and(|t| t.ends_with('?')),
        "{mpii}"
    );
    assert!(
        mpii["references"].as_array().is_some_and(|r| !r.is_empty()),
        "{mpii}"
    );
    let sections: Vec<&str> = q["sections"]
        .as_array()
        .map(|s| s.iter().filter_map(|x| x["id"].as_str()).collect())
        .unwrap_or_default();
    for code in ["DOC", "ALOF", "AUDT", "CSUP", "SAHD", "RMOT"] {
        assert!(sections.contains(&code), "{code} in {sections:?}");
    }
    // The extracted questionnaire validates and the workbook's own answers import against it.
    let run = sandbox.mds("validate").arg(out.as_os_str()).run();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

const FILL_HECVAT: &str = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
def put(sheet, qid, answer, note=None):
    ws = wb[sheet]
    for row in ws.iter_rows(min_row=1):
        if row[0].value == qid:
            row[2].value = answer
            if note is not None:
                row[3].value = note
            return
    raise SystemExit('not found: ' + qid)
put('START HERE', 'GNRL-01', 'Example Health Cloud (fictional)')
put('START HERE', 'GNRL-02', 'Example EHR')
put('Organization', 'DOCU-01', 'Yes', 'A dedicated team of six.')
put('Organization', 'DOCU-02', 'No', 'One outage in 2025.')
put('Product', 'AAAI-01', 'N/A')
put('Infrastructure', 'APPL-01', 'Yes')
wb.save(sys.argv[2])
"#;

/// The sheets of HECVAT 4.1.4 that vendors answer on; every other tab is a view of the answers
/// (evaluation tabs, lookups, scoring).
const HECVAT_ANSWER_TABS: &[&str] = &[
    "START HERE",
    "Organization",
    "Product",
    "Infrastructure",
    "IT Accessibility",
    "Case-Specific",
    "AI",
    "Privacy",
];

/// `mds validate --format json` of a HECVAT copy: every finding is a missing answer or cover
/// field on an answer tab (or an item no tab shows), none comes from an evaluation tab.
fn hecvat_findings_only_on_answer_tabs(sandbox: &Sandbox, file: &Path) -> Vec<serde_json::Value> {
    let run = sandbox
        .mds("validate")
        .arg(file.as_os_str())
        .args(["--format", "json"])
        .run();
    assert!(run.code <= 1, "{}{}", run.stdout, run.stderr);
    let findings = run.json()["files"][0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!findings.is_empty(), "{}", run.stdout);
    for f in &findings {
        let location = f["location"].as_str().unwrap_or_default();
        let sheet = location.split('!').next().unwrap_or_default();
        assert!(
            ["missing-answer", "missing-cover"].contains(&f["code"].as_str().unwrap_or_default()),
            "{f}"
        );
        assert!(
            HECVAT_ANSWER_TABS.contains(&sheet) || location.starts_with("/answers/"),
            "a finding from a view of the answers: {f}"
        );
    }
    findings
}

#[test]
fn hecvat_extracts_331_questions_and_a_filled_copy_imports_exactly() {
    let Some(file) = realdata("hecvat-4.1.4/HECVAT414.xlsx") else {
        return;
    };
    let sandbox = Sandbox::new();
    let run = sandbox
        .mds("questionnaire")
        .arg("extract")
        .arg(file.as_os_str())
        .args(["--id", "hecvat", "--version", "4.1.4", "--install"])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "", "the extracted questionnaire is consistent");
    let installed = sandbox.path("catalog/hecvat@4.1.4.json");
    let q = json_of(&installed);
    let items: Vec<serde_json::Value> = q["sections"]
        .as_array()
        .map(|s| {
            s.iter()
                .flat_map(|x| x["items"].as_array().cloned().unwrap_or_default())
                .collect()
        })
        .unwrap_or_default();
    let item = |id: &str| {
        items
            .iter()
            .find(|i| i["id"] == id)
            .cloned()
            .unwrap_or_default()
    };
    // 332 questions on the hidden Questions sheet: GNRL-01 (Solution Provider Name) is the
    // vendor, a cover field found by its id; the other 331 are items.
    assert_eq!(items.len(), 331, "from the hidden Questions sheet");
    assert_eq!(
        q["cover"],
        serde_json::json!([{"id": "vendor", "label": {"ja": "事業者名", "en": "Solution Provider Name"},
            "official_id": "GNRL-01"}])
    );
    assert!(item("GNRL-01").is_null());
    assert_eq!(
        item("GNRL-02")["answer"]["kind"],
        "text",
        "not scored: free text"
    );
    assert_eq!(item("GNRL-02")["text"]["en"], "Solution Name", "column B");
    // 35 sections, one per id prefix, titled as the banners of the answer tabs.
    let sections: Vec<(&str, &str)> = q["sections"]
        .as_array()
        .map(|s| {
            s.iter()
                .map(|x| {
                    (
                        x["id"].as_str().unwrap_or_default(),
                        x["title"]["en"].as_str().unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(sections.len(), 35, "35 id prefixes: {sections:?}");
    for want in [
        ("GNRL", "General Information"),
        ("COMP", "Company Information"),
        ("DOCU", "Documentation"),
        (
            "AAAI",
            "Authentication, Authorization, and Account Management",
        ),
        ("HIPA", "HIPAA Compliance"),
        (
            "PCID",
            "Payment Card Industry Data Security Standard (PCI DSS)",
        ),
        ("AILM", "AI Large Language Model (LLM)"),
    ] {
        assert!(sections.contains(&want), "{want:?} in {sections:?}");
    }
    assert!(
        sections.iter().all(|(id, title)| id != title),
        "{sections:?}"
    );
    // The compliant answer and the default importance of every scored question.
    let hint = |id: &str| {
        let i = item(id);
        (i["compliant"].clone(), i["importance"].clone())
    };

    assert_eq!(hint("DOCU-02"), (json!(["yes"]), json!("critical")));
    assert_eq!(hint("CONS-01"), (json!(["no"]), json!("critical")));
    assert_eq!(hint("COMP-01"), (json!(["yes"]), json!("standard")));
    assert_eq!(hint("GNRL-02"), (json!(null), json!(null)));
    let scored: Vec<&serde_json::Value> = items
        .iter()
        .filter(|i| i["answer"]["kind"] == "single")
        .collect();
    assert_eq!(scored.len(), 287);
    assert!(
        scored.iter().all(|i| i["importance"].is_string()),
        "all weighted"
    );
    let no = scored
        .iter()
        .filter(|i| i["compliant"] == json!(["no"]))
        .count();
    let yes = scored
        .iter()
        .filter(|i| i["compliant"] == json!(["yes"]))
        .count();
    assert_eq!((yes, no), (247, 40));
    // The answer tabs' question column is B (A: id, C: answer, D: additional information).
    let run = sandbox.mds("inspect").arg(file.as_os_str()).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let inspected = run.json();
    for tab in HECVAT_ANSWER_TABS {
        let table = inspected["tables"]
            .as_array()
            .and_then(|t| t.iter().find(|t| t["sheet"] == *tab).cloned())
            .unwrap_or_default();
        assert_eq!(
            table["columns"],
            json!({"id": "A", "question": "B", "answer": "C", "remarks": "D"}),
            "{tab}"
        );
    }
    // A profile from the questionnaire's own hints; with a preset, the preset wins.
    let profile = sandbox.path("hecvat-profile.json");
    let run = sandbox
        .mds("profile")
        .arg("new")
        .arg(installed.as_os_str())
        .arg("-o")
        .arg(profile.as_os_str())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let p = json_of(&profile);
    let requirements = p["requirements"].as_object().cloned().unwrap_or_default();
    assert_eq!(requirements.len(), 287, "every scored question");
    assert_eq!(
        requirements["CONS-01"],
        json!({"expect": ["no"], "importance": "critical"})
    );
    assert_eq!(
        requirements["DOCU-02"],
        json!({"expect": ["yes"], "importance": "critical"})
    );
    assert_eq!(requirements["COMP-01"], json!({"expect": ["yes"]}));
    assert_eq!(
        requirements
            .values()
            .filter(|r| r["expect"] == json!(["no"]))
            .count(),
        40
    );
    let preset = sandbox.path("hecvat-all-yes.json");
    let run = sandbox
        .mds("profile")
        .args(["new", "hecvat", "-o"])
        .arg(preset.as_os_str())
        .args(["--preset", "all-yes"])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let p = json_of(&preset);
    assert_eq!(p["requirements"]["CONS-01"], json!({"expect": ["yes"]}));
    assert_eq!(p["requirements"]["DOCU-02"], json!({"expect": ["yes"]}));
    // The blank workbook as EDUCAUSE ships it (cached formula values, evaluation tabs whose
    // answer column is ambiguous) imports: the evaluation tabs are not answers.
    let (run, r) = import(&sandbox, &file, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(r["cover"], json!({}));
    let findings = hecvat_findings_only_on_answer_tabs(&sandbox, &file);
    assert!(
        findings
            .iter()
            .any(|f| f["code"] == "missing-cover" && f["location"] == "START HERE!C13"),
        "the vendor's place is GNRL-01 on START HERE: {findings:?}"
    );
    if !openpyxl() {
        return;
    }
    // A copy filled and saved by openpyxl, which drops every cached formula value: the vendor
    // is still GNRL-01, read by its id.
    let filled = sandbox.path("filled.xlsx");
    python(FILL_HECVAT, &[&file, &filled]);
    let want: std::collections::BTreeMap<&str, serde_json::Value> = [
        ("GNRL-02", json!({"value": "Example EHR"})),
        (
            "DOCU-01",
            json!({"value": "yes", "remarks": "A dedicated team of six."}),
        ),
        (
            "DOCU-02",
            json!({"value": "no", "remarks": "One outage in 2025."}),
        ),
        ("AAAI-01", json!({"value": "na"})),
        ("APPL-01", json!({"value": "yes"})),
    ]
    .into_iter()
    .collect();
    let check = |copy: &Path| {
        let (run, r) = import(&sandbox, copy, &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(r["questionnaire"]["id"], "hecvat");
        assert_eq!(
            r["cover"],
            json!({"vendor": "Example Health Cloud (fictional)"}),
            "{}",
            copy.display()
        );
        let answers = r["answers"].as_object().cloned().unwrap_or_default();
        let filled: std::collections::BTreeMap<&str, serde_json::Value> = answers
            .iter()
            .filter(|(_, a)| !a["value"].is_null() || a.get("remarks").is_some())
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        assert_eq!(filled, want, "{}", copy.display());
        let findings = hecvat_findings_only_on_answer_tabs(&sandbox, copy);
        assert!(
            findings.iter().all(|f| f["code"] != "missing-cover"),
            "{findings:?}"
        );
    };
    check(&filled);
    // The same copy recalculated and saved by LibreOffice (cached values back, as Excel saves
    // it): the evaluation tabs show the answers again and are still not read.
    let Some(soffice) = soffice() else {
        return;
    };
    let recalculated = convert(&soffice, &filled, "xlsx", &sandbox.path("lo"));
    check(&recalculated);
}

/// Writes seeded layout variants of a hospital-made or official-style checklist, and what each
/// should import as. Variants: header words (Japanese sets, English), header rows 2–10, columns
/// reordered, a hidden column, merged category cells or banner rows, marks with a legend,
/// value+note cells, blanks, ids as numbers, two item sheets.
const VARIANTS: &str = r#"
import sys, json, random, datetime, openpyxl
out, count = sys.argv[1], int(sys.argv[2])
expected = {}
for seed in range(count):
    rnd = random.Random(seed)
    english = seed % 4 == 3
    heads = [
        {'id': '項番', 'q': '確認項目', 'a': '回答', 'r': '備考', 'cat': '分類'},
        {'id': 'No.', 'q': 'チェック項目', 'a': '回答欄', 'r': '補足説明', 'cat': 'カテゴリ'},
        {'id': '番号', 'q': '要求事項', 'a': '対応', 'r': 'コメント', 'cat': '区分'},
        {'id': 'Item No.', 'q': 'Requirement', 'a': 'Response', 'r': 'Comments', 'cat': 'Category'},
    ][seed % 4]
    marks = seed % 3 == 1 and not english
    numeric_ids = seed % 5 == 2
    two_sheets = seed % 6 == 4
    banners = seed % 2 == 0
    header_row = 2 + seed % 9
    order = ['id', 'q', 'a', 'r'] if banners else ['cat', 'id', 'q', 'a', 'r']
    rnd.shuffle(order)
    order.insert(rnd.randrange(len(order) + 1), 'hidden')
    words = {'yes': 'Yes', 'no': 'No', 'na': 'N/A'} if english else {'yes': 'はい', 'no': 'いいえ', 'na': '対象外'}
    if marks:
        words = {'yes': '○', 'no': '×', 'na': '－'}
    wb = openpyxl.Workbook()
    sheets = [wb.active]
    sheets[0].title = 'Checklist' if english else 'チェックリスト'
    if two_sheets:
        sheets.append(wb.create_sheet('SDS' if english else 'サービス'))
    answers = {}
    n = 0
    for s_index, ws in enumerate(sheets):
        ws.cell(1, 1).value = ('Security checklist (sample)' if english else 'セキュリティ確認表（サンプル）') + f' #{seed}'
        if marks:
            ws.cell(1, 4).value = '○：はい　×：いいえ　－：対象外'
        col = {name: i + 1 for i, name in enumerate(order)}
        for name, c in col.items():
            if name != 'hidden':
                ws.cell(header_row, c).value = heads[name]
            else:
                ws.cell(header_row, c).value = 'internal'
                ws.column_dimensions[openpyxl.utils.get_column_letter(c)].hidden = True
        row = header_row + 1
        for group in range(2):
            title = ('Group' if english else '分類') + f' {s_index + 1}-{group + 1}'
            if banners:
                ws.cell(row, min(c for name, c in col.items() if name != 'hidden')).value = title
                row += 1
            first = row
            for k in range(3):
                n += 1
                iid = n if numeric_ids else (f'Q-{n}' if s_index == 0 else f'S-{n}')
                ws.cell(row, col['id']).value = iid
                ws.cell(row, col['q']).value = ('Question' if english else '質問') + f' {n}'
                ws.cell(row, col['hidden']).value = 'x'
                choice = rnd.choice(['yes', 'no', 'na', 'blank', 'note'])
                expect = {}
                if choice == 'blank':
                    expect = {'value': None}
                elif choice == 'note':
                    sep = ', ' if english else '：'
                    ws.cell(row, col['a']).value = words['no'] + sep + ('next release' if english else '次期更新で対応')
                    expect = {'value': 'no', 'remarks': 'next release' if english else '次期更新で対応'}
                else:
                    ws.cell(row, col['a']).value = words[choice]
                    expect = {'value': choice}
                if rnd.random() < 0.3 and choice != 'note':
                    ws.cell(row, col['r']).value = 'see policy §' + str(n)
                    expect['remarks'] = 'see policy §' + str(n)
                if not banners:
                    ws.cell(row, col['cat']).value = title if row == first else None
                answers[str(iid)] = expect
                row += 1
            if not banners:
                ws.merge_cells(start_row=first, start_column=col['cat'], end_row=row - 1, end_column=col['cat'])
    path = f'{out}/variant-{seed}.xlsx'
    wb.save(path)
    expected[path] = answers
print(json.dumps(expected, ensure_ascii=False))
"#;

fn check_variant(sandbox: &Sandbox, file: &Path, expected: &serde_json::Value, seed: &str) {
    let (run, r) = import(
        sandbox,
        file,
        &["--questionnaire", &format!("variant-{seed}")],
    );
    assert_eq!(run.code, 0, "{}: {}", file.display(), run.stderr);
    let answers = r["answers"].as_object().cloned().unwrap_or_default();
    let want = expected.as_object().cloned().unwrap_or_default();
    assert_eq!(answers.len(), want.len(), "{}: {answers:?}", file.display());
    for (id, e) in &want {
        let got = answers.get(id).cloned().unwrap_or_default();
        assert_eq!(got["value"], e["value"], "{} {id}: {got}", file.display());
        assert_eq!(
            got.get("remarks"),
            e.get("remarks"),
            "{} {id}: {got}",
            file.display()
        );
    }
}

#[test]
fn seeded_layout_variants_extract_and_import() {
    if !openpyxl() {
        return;
    }
    let sandbox = Sandbox::new();
    let dir = sandbox.path("variants");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let expected: serde_json::Value =
        serde_json::from_str(&python(VARIANTS, &[&dir, Path::new("12")])).unwrap_or_default();
    let variants = expected.as_object().cloned().unwrap_or_default();
    assert_eq!(variants.len(), 12);
    for (path, answers) in &variants {
        let file = Path::new(path);
        let seed = path
            .trim_end_matches(".xlsx")
            .rsplit('-')
            .next()
            .unwrap_or("0")
            .to_string();
        let run = sandbox
            .mds("questionnaire")
            .arg("extract")
            .arg(file.as_os_str())
            .arg("--id")
            .arg(format!("variant-{seed}"))
            .arg("--install")
            .run();
        assert_eq!(run.code, 0, "{path}: {}", run.stderr);
        let q = json_of(&sandbox.path(&format!("catalog/variant-{seed}@1.json")));
        let items: usize = q["sections"]
            .as_array()
            .map(|s| {
                s.iter()
                    .map(|x| x["items"].as_array().map(Vec::len).unwrap_or(0))
                    .sum()
            })
            .unwrap_or(0);
        assert_eq!(
            items,
            answers.as_object().map(|m| m.len()).unwrap_or(0),
            "{path}: {q}"
        );
        let sections = q["sections"].as_array().map(Vec::len).unwrap_or(0);
        assert!(
            sections >= 2,
            "{path}: categories or banners become sections: {q}"
        );
        check_variant(&sandbox, file, answers, &seed);
    }
    // Re-saved by LibreOffice as .xlsx and .ods, the same answers come back.
    let Some(soffice) = soffice() else { return };
    for seed in ["1", "4", "7"] {
        let file = dir.join(format!("variant-{seed}.xlsx"));
        let answers = &variants[&file.display().to_string()];
        let xlsx = convert(
            &soffice,
            &file,
            "xlsx:Calc MS Excel 2007 XML",
            &sandbox.path(&format!("lo-{seed}")),
        );
        check_variant(&sandbox, &xlsx, answers, seed);
        let ods = convert(&soffice, &file, "ods", &sandbox.path(&format!("lo-{seed}")));
        check_variant(&sandbox, &ods, answers, seed);
    }
}

/// An MHLW-checklist-style sheet: はい/いいえ, the date checked, a target date when いいえ.
const MHLW: &str = r#"
import sys, datetime, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = '事業者確認用'
ws['A1'] = '医療機関等におけるサイバーセキュリティ対策チェックリスト（事業者確認用・テスト用の例）'
ws['A3'] = '事業者名'
ws['B3'] = '株式会社テスト保守（架空）'
for c, h in enumerate(['項番', 'チェック項目', '確認結果（はい／いいえ）', '確認日', '目標日', '備考'], start=1):
    ws.cell(5, c).value = h
rows = [
    ('1-1', '例示の確認項目 1', 'はい', datetime.date(2026, 10, 1), None, None),
    ('1-2', '例示の確認項目 2', 'いいえ', datetime.date(2026, 10, 1), datetime.date(2027, 3, 31), '年度内に対応'),
    ('2-1', '例示の確認項目 3', 'はい', '令和8年10月1日', None, None),
]
for r, values in enumerate(rows, start=6):
    for c, v in enumerate(values, start=1):
        cell = ws.cell(r, c)
        cell.value = v
        if isinstance(v, datetime.date):
            cell.number_format = 'yyyy/m/d'
wb.save(sys.argv[1])
"#;

#[test]
fn mhlw_checklist_style_sheet_with_dates() {
    if !openpyxl() {
        return;
    }
    let sandbox = Sandbox::new();
    let file = sandbox.path("checklist.xlsx");
    python(MHLW, &[&file]);
    let run = sandbox
        .mds("questionnaire")
        .arg("extract")
        .arg(file.as_os_str())
        .args([
            "--id",
            "mhlw-vendor-check",
            "--version",
            "2025",
            "--install",
        ])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let q = json_of(&sandbox.path("catalog/mhlw-vendor-check@2025.json"));
    let item = q["sections"][0]["items"][1].clone();
    assert_eq!(item["id"], "1-2");
    let fields: Vec<&str> = item["fields"]
        .as_array()
        .map(|f| f.iter().filter_map(|x| x["id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(fields, ["checked_on", "target_date"]);
    assert_eq!(
        item["rules"][0],
        serde_json::json!({"rule": "field-required", "field": "target_date", "when": ["no"]})
    );
    let (run, r) = import(&sandbox, &file, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(r["questionnaire"]["id"], "mhlw-vendor-check");
    assert_eq!(r["cover"]["vendor"], "株式会社テスト保守（架空）");
    assert_eq!(
        r["answers"]["1-2"],
        serde_json::json!({"value": "no", "remarks": "年度内に対応", "fields": {"checked_on": "2026-10-01", "target_date": "2027-03-31"}})
    );
    assert_eq!(
        r["answers"]["2-1"]["fields"]["checked_on"], "2026-10-01",
        "an era date is read"
    );
    let run = sandbox.mds("validate").arg(file.as_os_str()).run();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn inspect_emits_a_layout_that_import_takes() {
    let Some(file) = realdata("mds2-nema-example/Example-MDS2-Worksheet.xlsx") else {
        return;
    };
    let sandbox = Sandbox::new();
    let layout = sandbox.path("layout.json");
    let run = sandbox
        .mds("inspect")
        .args(["--format", "json"])
        .arg(file.as_os_str())
        .arg("--emit-layout")
        .arg(layout.as_os_str())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let view = run.json();
    assert_eq!(view["tables"][0]["header_row"], 5);
    assert_eq!(view["tables"][0]["columns"]["answer"], "C");
    assert_eq!(view["tables"][0]["items"], 240);
    let l = json_of(&layout);
    assert_eq!(l["format"], "mds-layout/1");
    let run = sandbox.mds("validate").arg(layout.as_os_str()).run();
    assert_eq!(
        run.code, 0,
        "a layout is a document mds checks: {}",
        run.stdout
    );
    // A layout that moves the answer column to the remarks column reads those instead.
    let mut moved = l.clone();
    moved["tables"][0]["columns"]["answer"] = "D".into();
    let moved_path = sandbox.write("moved.json", serde_json::to_vec(&moved).unwrap_or_default());
    let (run, r) = import(
        &sandbox,
        &file,
        &["--layout", moved_path.to_str().unwrap_or_default()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let counts = count_values(&r);
    assert!(
        counts.get("blank").copied().unwrap_or(0) > 200,
        "column D holds notes, not answers: {counts:?}"
    );
}
