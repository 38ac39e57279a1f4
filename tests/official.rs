//! Official and foreign workbooks: NEMA's MDS2 example, HECVAT 4.1.4 (both from
//! `../shared/realdata`), an MHLW-checklist-style sheet and seeded layout variants generated here.

use std::path::Path;

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
    let run = sandbox.run(&[
        "validate".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        file.as_os_str(),
    ]);
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
    let run = sandbox.run(&[
        "questionnaire".as_ref(),
        "extract".as_ref(),
        file.as_os_str(),
        "--id".as_ref(),
        "mds2".as_ref(),
        "--version".as_ref(),
        "2019-nema".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
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
    let run = sandbox.run(&["validate".as_ref(), out.as_os_str()]);
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

#[test]
fn hecvat_extracts_332_questions_and_a_filled_copy_imports_exactly() {
    let Some(file) = realdata("hecvat-4.1.4/HECVAT414.xlsx") else {
        return;
    };
    let sandbox = Sandbox::new();
    let run = sandbox.run(&[
        "questionnaire".as_ref(),
        "extract".as_ref(),
        file.as_os_str(),
        "--id".as_ref(),
        "hecvat".as_ref(),
        "--version".as_ref(),
        "4.1.4".as_ref(),
        "--install".as_ref(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let q = json_of(&sandbox.path("catalog/hecvat@4.1.4.json"));
    let items: Vec<serde_json::Value> = q["sections"]
        .as_array()
        .map(|s| {
            s.iter()
                .flat_map(|x| x["items"].as_array().cloned().unwrap_or_default())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(items.len(), 332, "from the hidden Questions sheet");
    assert_eq!(
        q["sections"].as_array().map(Vec::len),
        Some(35),
        "35 id prefixes"
    );
    let gnrl = items
        .iter()
        .find(|i| i["id"] == "GNRL-01")
        .cloned()
        .unwrap_or_default();
    assert_eq!(gnrl["answer"]["kind"], "text", "not scored: free text");
    if !openpyxl() {
        return;
    }
    let filled = sandbox.path("filled.xlsx");
    python(FILL_HECVAT, &[&file, &filled]);
    let (run, r) = import(&sandbox, &filled, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(r["questionnaire"]["id"], "hecvat");
    let answers = r["answers"].as_object().cloned().unwrap_or_default();
    let filled: std::collections::BTreeMap<&str, serde_json::Value> = answers
        .iter()
        .filter(|(_, a)| !a["value"].is_null() || a.get("remarks").is_some())
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    let want: std::collections::BTreeMap<&str, serde_json::Value> = [
        (
            "GNRL-01",
            serde_json::json!({"value": "Example Health Cloud (fictional)"}),
        ),
        ("GNRL-02", serde_json::json!({"value": "Example EHR"})),
        (
            "DOCU-01",
            serde_json::json!({"value": "yes", "remarks": "A dedicated team of six."}),
        ),
        (
            "DOCU-02",
            serde_json::json!({"value": "no", "remarks": "One outage in 2025."}),
        ),
        ("AAAI-01", serde_json::json!({"value": "na"})),
        ("APPL-01", serde_json::json!({"value": "yes"})),
    ]
    .into_iter()
    .collect();
    assert_eq!(filled, want);
}
