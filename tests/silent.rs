//! Never silently wrong: what used to go unsaid is said, and what would lose work is refused.

use std::path::Path;

use crate::util::{Sandbox, openpyxl, root};

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

#[test]
fn a_questionnaire_without_items_makes_no_form_and_no_profile() {
    let sandbox = Sandbox::new();
    let form = sandbox.path("form.xlsx");
    let run = sandbox
        .mds("form")
        .args(["jahis-sds@5.0", "-o"])
        .arg(s(&form))
        .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("questionnaire extract"),
        "{}",
        run.stderr
    );
    assert!(!form.exists());
    let profile = sandbox.path("p.json");
    let run = sandbox
        .mds("profile")
        .args(["new", "jahis-mds", "-o"])
        .arg(s(&profile))
        .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("questionnaire extract"),
        "{}",
        run.stderr
    );
    assert!(!profile.exists());
    // Validating against it says that nothing could be checked.
    let response = sandbox.write(
        "r.json",
        r#"{"format":"mds-response/1","questionnaire":{"id":"jahis-sds","version":"5.0"},
            "cover":{"vendor":"A社"},"answers":{"X-1":{"value":"yes"}}}"#,
    );
    let run = sandbox
        .mds("validate")
        .args(["--format", "json"])
        .arg(s(&response))
        .run();
    let findings = crate::util::findings(&run);
    assert!(
        findings.iter().any(|(code, _)| code == "no-items"),
        "{findings:?}"
    );
}

#[test]
fn installing_over_a_built_in_needs_replace() {
    let sandbox = Sandbox::new();
    let form = sandbox.path("form.xlsx");
    let run = sandbox
        .mds("form")
        .args(["sample-sds", "-o"])
        .arg(s(&form))
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let extract = |extra: &[&str]| {
        let mut args = vec!["questionnaire", "extract", s(&form), "--install"];
        args.extend_from_slice(extra);
        sandbox.run(&args)
    };
    let run = extract(&["--id", "mds2", "--version", "2019"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--replace"), "{}", run.stderr);
    assert!(!sandbox.path("catalog/mds2@2019.json").exists());
    let run = extract(&["--id", "mds2", "--version", "2019", "--replace"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(sandbox.path("catalog/mds2@2019.json").exists());
    // The JAHIS frames have no items: completing them is what extract is for.
    let run = extract(&["--id", "jahis-sds", "--version", "5.0"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn writing_over_answers_or_requirements_needs_force() {
    let sandbox = Sandbox::new();
    let filled = sandbox.path("filled.xlsx");
    let run = sandbox
        .mds("export")
        .args(["samples/responses/vendor-a.json", "-o"])
        .arg(s(&filled))
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = std::fs::read(&filled).unwrap_or_default();
    // A blank form over the filled one is refused, and the file is left as it was.
    let run = sandbox
        .mds("form")
        .args(["sample-sds", "-o"])
        .arg(s(&filled))
        .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(std::fs::read(&filled).unwrap_or_default(), before);
    let run = sandbox
        .mds("form")
        .args(["sample-sds", "-o"])
        .arg(s(&filled))
        .arg("--force")
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A blank form over a blank form is no loss.
    let run = sandbox
        .mds("form")
        .args(["sample-sds", "-o"])
        .arg(s(&filled))
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The same for answers in JSON and for requirements.
    let answers = sandbox.write(
        "answers.json",
        std::fs::read(root().join("samples/responses/vendor-b.json")).unwrap_or_default(),
    );
    let run = sandbox
        .mds("form")
        .args(["sample-sds", "-o"])
        .arg(s(&answers))
        .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    let profile = sandbox.write(
        "profile.json",
        std::fs::read(root().join("samples/profiles/hospital.json")).unwrap_or_default(),
    );
    let run = sandbox
        .mds("profile")
        .args(["new", "sample-sds", "-o"])
        .arg(s(&profile))
        .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    let run = sandbox
        .mds("profile")
        .args(["new", "sample-sds", "-o"])
        .arg(s(&profile))
        .arg("--force")
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let draft = sandbox.write(
        "draft.json",
        std::fs::read(root().join("samples/responses/vendor-c.json")).unwrap_or_default(),
    );
    let run = sandbox
        .mds("migrate")
        .args([
            "samples/responses/vendor-a.json",
            "--to",
            "sample-sds",
            "-o",
        ])
        .arg(s(&draft))
        .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn migrating_to_another_questionnaire_without_a_mapping_stops() {
    let sandbox = Sandbox::new();
    let out = sandbox.path("out.json");
    let run = sandbox
        .mds("migrate")
        .args(["samples/responses/vendor-a.json", "--to", "mds2", "-o"])
        .arg(s(&out))
        .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--mapping"), "{}", run.stderr);
    assert!(!out.exists());
}

/// A small foreign workbook with a date item: a bad date, an unmapped answer and a hidden
/// duplicate, written by openpyxl.
const BAD_CELLS: &str = r#"
import sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = '回答'
ws.append(['事業者名', '株式会社テスト'])
ws.append([])
ws.append(['項番', '確認項目', '回答', '備考'])
ws.append(['Q-3', '質問 3', 'たぶん'])
ws.append(['Q-1', '導入日', '2027/13/45'])
ws.append(['Q-2', '質問 2', 'はい'])
wb.save(sys.argv[1])
"#;

const BAD_CELLS_Q: &str = r#"{"format":"mds-questionnaire/1","id":"bad-cells","version":"1",
  "title":{"ja":"t","en":"t"},
  "vocabularies":[{"id":"yes-no-na","codes":[
    {"code":"yes","label":{"ja":"はい","en":"Yes"}},
    {"code":"no","label":{"ja":"いいえ","en":"No"}},
    {"code":"na","label":{"ja":"対象外","en":"N/A"}}]}],
  "cover":[{"id":"vendor","label":{"ja":"事業者名","en":"Vendor"}}],
  "sections":[{"id":"S1","title":{"ja":"s","en":"s"},"items":[
    {"id":"Q-1","text":{"ja":"導入日","en":"date"},"answer":{"kind":"date"}},
    {"id":"Q-2","text":{"ja":"q2","en":"q2"},"answer":{"kind":"single","vocabulary":"yes-no-na"}},
    {"id":"Q-3","text":{"ja":"q3","en":"q3"},"answer":{"kind":"single","vocabulary":"yes-no-na"}}]}]}"#;

#[test]
fn import_reports_errors_as_errors_in_sheet_order_and_a_bad_date_stays_a_bad_date() {
    if !openpyxl() {
        return;
    }
    let sandbox = Sandbox::new();
    let book = sandbox.path("bad.xlsx");
    crate::util::python(BAD_CELLS, &[&book]);
    let q = sandbox.write("q.json", BAD_CELLS_Q);
    let out = sandbox.path("bad.json");
    let run = sandbox
        .mds("import")
        .arg(s(&book))
        .arg("--questionnaire")
        .arg(s(&q))
        .arg("-o")
        .arg(s(&out))
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    let unmapped = lines.iter().position(|l| l.contains("[unmapped-value]"));
    let date = lines.iter().position(|l| l.contains("[invalid-date]"));
    assert!(
        unmapped.is_some_and(|i| lines[i].contains("エラー") && lines[i].contains("回答!C4")),
        "{}",
        run.stderr
    );
    assert!(
        date.is_some_and(|i| lines[i].contains("エラー") && lines[i].contains("回答!C5")),
        "{}",
        run.stderr
    );
    assert!(
        unmapped < date,
        "sheet order: row 4 before row 5: {}",
        run.stderr
    );
    // The JSON it wrote still says what was wrong with the date.
    let run = sandbox
        .mds("validate")
        .args(["--format", "json", "--questionnaire"])
        .arg(s(&q))
        .arg(s(&out))
        .run();
    let codes: Vec<String> = crate::util::findings(&run)
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    assert!(codes.contains(&"invalid-date".to_string()), "{codes:?}");
    assert!(codes.contains(&"unmapped-value".to_string()), "{codes:?}");
    // Validating the workbook lists its findings top to bottom.
    let run = sandbox
        .mds("validate")
        .args(["--format", "json", "--questionnaire"])
        .arg(s(&q))
        .arg(s(&book))
        .run();
    let rows: Vec<u32> = crate::util::findings(&run)
        .iter()
        .filter_map(|(_, at)| {
            at.rsplit_once('!').and_then(|(_, cell)| {
                cell.trim_start_matches(|c: char| c.is_ascii_alphabetic())
                    .parse()
                    .ok()
            })
        })
        .collect();
    let mut sorted = rows.clone();
    sorted.sort();
    assert_eq!(rows, sorted, "{}", run.stdout);
    assert!(rows.len() >= 2, "{}", run.stdout);
}

#[test]
fn diff_of_two_folders_pairs_the_submissions_by_vendor_workbooks_included() {
    let sandbox = Sandbox::new();
    let (old, new) = (sandbox.path("2025"), sandbox.path("2026"));
    for dir in [&old, &new] {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
    }
    // Last year: A as JSON, B as a workbook, C as JSON.
    for (from, to) in [("vendor-a.json", "a.json"), ("vendor-c.json", "c.json")] {
        std::fs::copy(root().join("samples/responses").join(from), old.join(to))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let run = sandbox
        .mds("export")
        .args(["samples/responses/vendor-b.json", "-o"])
        .arg(s(&old.join("b.xlsx")))
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    // This year: A unchanged, B changed one answer (now JSON), C gone, D new.
    std::fs::copy(
        root().join("samples/responses/vendor-a.json"),
        new.join("a.json"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut b: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("samples/responses/vendor-b.json"))
            .unwrap_or_default(),
    )
    .unwrap_or_default();
    b["answers"]["SAMPLE-NET-01"]["value"] = serde_json::json!("yes");
    std::fs::write(new.join("b.json"), b.to_string()).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(
        root().join("samples/responses/vendor-d.json"),
        new.join("d.json"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let run = sandbox
        .mds("diff")
        .arg(s(&old))
        .arg(s(&new))
        .args(["--format", "json"])
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let d = run.json();
    let pairs = d["pairs"].as_array().cloned().unwrap_or_default();
    assert_eq!(pairs.len(), 2, "{d}");
    let b_pair = pairs
        .iter()
        .find(|p| p["old"].as_str().is_some_and(|o| o.ends_with("b.xlsx")))
        .cloned()
        .unwrap_or_default();
    let changed: Vec<&str> = b_pair["diff"]["changes"]
        .as_array()
        .map(|c| c.iter().filter_map(|x| x["item"].as_str()).collect())
        .unwrap_or_default();
    assert!(changed.contains(&"SAMPLE-NET-01"), "{b_pair}");
    assert!(
        d["only_old"][0]
            .as_str()
            .is_some_and(|x| x.ends_with("c.json")),
        "{d}"
    );
    assert!(
        d["only_new"][0]
            .as_str()
            .is_some_and(|x| x.ends_with("d.json")),
        "{d}"
    );
    // The same folder twice: nothing changed.
    let run = sandbox
        .mds("diff")
        .arg(s(&new))
        .arg(s(&new))
        .args(["--format", "json"])
        .run();
    assert_eq!(run.code, 0, "{}", run.stdout);
}
