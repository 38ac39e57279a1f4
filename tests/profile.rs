//! `mds profile new` and `mds profile show`.

use crate::util::{Sandbox, findings};

fn new_profile(sandbox: &Sandbox, args: &[&str]) -> (crate::util::Run, serde_json::Value) {
    let out = sandbox.path("p.json");
    let _ = std::fs::remove_file(&out);
    let mut all = vec!["profile", "new"];
    all.extend_from_slice(args);
    all.extend(["-o", out.to_str().unwrap_or_default()]);
    let run = sandbox.run(&all);
    let json = std::fs::read(&out)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    (run, json)
}

#[test]
fn all_yes_expects_yes_on_every_yes_no_item() {
    let sandbox = Sandbox::new();
    let (run, p) = new_profile(&sandbox, &["sample-sds"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let requirements = p["requirements"].as_object().cloned().unwrap_or_default();
    assert_eq!(
        requirements.len(),
        44,
        "50 items less 3 text, 2 date and 1 multiple-choice items"
    );
    assert_eq!(
        requirements["SAMPLE-AUTH-01"],
        serde_json::json!({"expect": ["yes"]})
    );
    let validated = sandbox
        .mds("validate")
        .args(["--format", "json"])
        .arg(sandbox.path("p.json").to_str().unwrap_or_default())
        .run();
    assert_eq!(validated.code, 0, "{}", validated.stdout);
    assert!(findings(&validated).is_empty());
}

#[test]
fn gl7_annex_uses_tags_or_items() {
    let sandbox = Sandbox::new();
    let (run, p) = new_profile(&sandbox, &["sample-sds", "--preset", "gl7-annex"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let requirements = p["requirements"].as_object().cloned().unwrap_or_default();
    assert_eq!(requirements.len(), 20, "items tagged gl7-annex");
    assert_eq!(
        requirements["SAMPLE-AUTH-02"],
        serde_json::json!({"expect": ["yes", "na"], "flag": "リスク評価が必要"})
    );
    // MDS2 has no tags: the items are given.
    let (run, p) = new_profile(
        &sandbox,
        &["mds2", "--preset", "gl7-annex", "--items", "SAHD-1,SAHD-2"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(p["requirements"].as_object().map(|m| m.len()), Some(2));
    // A preset that selects no item, an unknown item: errors, nothing written.
    for args in [
        vec!["mds2", "--preset", "gl7-annex"],
        vec!["mitsf-maintenance"],
        vec!["sample-sds", "--items", "SAMPLE-AUTH-01,NOPE"],
        vec![
            "sample-sds",
            "--items",
            "SAMPLE-RISK-02",
            "--preset",
            "gl7-annex",
        ],
    ] {
        let (run, _) = new_profile(&sandbox, &args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(!sandbox.path("p.json").exists(), "{args:?}");
        assert!(run.stderr.starts_with("mds: エラー: "), "{}", run.stderr);
    }
}

#[test]
fn show_prints_the_requirement_table() {
    let sandbox = Sandbox::new();
    let md = sandbox
        .mds("profile")
        .args(["show", "samples/profiles/hospital.json", "--format", "md"])
        .run();
    assert_eq!(md.code, 0, "{}", md.stderr);
    assert!(
        md.stdout
            .contains("| 認証・認可 | SAMPLE-AUTH-02 | 二要素認証を提供しているか"),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout.contains("| はい | 重要 | はい |"),
        "{}",
        md.stdout
    );
    assert!(
        !md.stdout.contains("SAMPLE-STD-01"),
        "the switched-off section is left out"
    );
    let csv = sandbox
        .mds("profile")
        .args(["show", "samples/profiles/hospital.json", "--format", "csv"])
        .run();
    assert!(
        csv.stdout.starts_with('\u{feff}') && csv.stdout.contains("\"はい・対象外\""),
        "{}",
        csv.stdout
    );
    let html = sandbox
        .mds("--lang")
        .args([
            "en",
            "profile",
            "show",
            "samples/profiles/hospital.json",
            "--format",
            "html",
        ])
        .run();
    assert!(
        html.stdout.contains("<table id=\"requirements\">"),
        "{}",
        html.stdout
    );
    assert!(
        html.stdout.contains("<th>Expected</th>") && html.stdout.contains("リスク評価が必要"),
        "{}",
        html.stdout
    );
    let out = sandbox.path("req.md");
    let run = sandbox
        .mds("profile")
        .args(["show", "samples/profiles/hospital.json", "-o"])
        .arg(out.as_os_str())
        .run();
    assert_eq!(run.code, 0);
    assert_eq!(
        std::fs::read_to_string(&out).unwrap_or_default(),
        md.stdout,
        "the format follows the extension"
    );
}

/// sample-sds with hints on its first three items: compliant `no` (critical), an importance
/// alone (minor), compliant `yes` or `na`; and, when `bad`, a compliant code it does not know.
fn hinted_questionnaire(sandbox: &Sandbox, bad: bool) -> std::path::PathBuf {
    let bytes = std::fs::read(crate::util::root().join("samples/questionnaires/sample-sds.json"))
        .unwrap_or_default();
    let mut q: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
    q["id"] = "hinted".into();
    let items = &mut q["sections"][0]["items"];
    items[0]["compliant"] = serde_json::json!(["no"]);
    items[0]["importance"] = "critical".into();
    items[1]["importance"] = "minor".into();
    items[2]["compliant"] = serde_json::json!(["yes", "na"]);
    if bad {
        items[2]["compliant"] = serde_json::json!(["yes", "maybe"]);
    }
    sandbox.write(
        if bad { "bad.json" } else { "hinted.json" },
        serde_json::to_vec(&q).unwrap_or_default(),
    )
}

#[test]
fn without_a_preset_the_questionnaires_hints_are_the_start() {
    let sandbox = Sandbox::new();
    let q = hinted_questionnaire(&sandbox, false);
    let q = q.to_str().unwrap_or_default();
    let (run, p) = new_profile(&sandbox, &[q]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let requirements = p["requirements"].as_object().cloned().unwrap_or_default();
    assert_eq!(requirements.len(), 44, "as many items as all-yes");
    assert_eq!(
        requirements["SAMPLE-RULE-01"],
        serde_json::json!({"expect": ["no"], "importance": "critical"})
    );
    assert_eq!(
        requirements["SAMPLE-RULE-02"],
        serde_json::json!({"expect": ["yes"], "importance": "minor"})
    );
    assert_eq!(
        requirements["SAMPLE-RULE-03"],
        serde_json::json!({"expect": ["yes", "na"]})
    );
    assert_eq!(
        requirements["SAMPLE-AUTH-01"],
        serde_json::json!({"expect": ["yes"]}),
        "no hint: all-yes"
    );
    // Selected items keep their hints.
    let (run, p) = new_profile(&sandbox, &[q, "--items", "SAMPLE-RULE-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        p["requirements"],
        serde_json::json!({"SAMPLE-RULE-01": {"expect": ["no"], "importance": "critical"}})
    );
    // With a preset, the preset wins.
    let (run, p) = new_profile(&sandbox, &[q, "--preset", "all-yes"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let requirements = p["requirements"].as_object().cloned().unwrap_or_default();
    assert_eq!(requirements.len(), 44);
    assert!(
        requirements
            .values()
            .all(|r| *r == serde_json::json!({"expect": ["yes"]})),
        "{requirements:?}"
    );
    // The questionnaire itself validates; a compliant code outside the vocabulary does not.
    let run = sandbox
        .mds("validate")
        .args(["--format", "json"])
        .arg(q)
        .run();
    assert_eq!(run.code, 0, "{}", run.stdout);
    let bad = hinted_questionnaire(&sandbox, true);
    let run = sandbox
        .mds("validate")
        .args(["--format", "json"])
        .arg(bad.to_str().unwrap_or_default())
        .run();
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        findings(&run),
        crate::util::pairs(&[("unknown-code", "/sections/0/items/2/compliant/1")])
    );
}
