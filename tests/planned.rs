//! Planned answers: a yes that is a promise keeps its date, every report shows it, the profile
//! decides how it scores, and export writes it back.

use crate::util::{Sandbox, root};

/// Vendor A with one plain yes turned into a promise; returns the bid and the item.
fn promising_bid(sandbox: &Sandbox) -> (std::path::PathBuf, String) {
    let text =
        std::fs::read_to_string(root().join("samples/responses/vendor-a.json")).unwrap_or_default();
    let mut bid: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let item = "SAMPLE-RULE-01".to_string();
    assert_eq!(bid["answers"][&item]["value"], "yes");
    bid["answers"][&item]["planned"] = serde_json::json!("2027-03-31");
    let path = sandbox.write("promise.json", bid.to_string());
    (path, item)
}

fn outcome(run: &crate::util::Run, item: &str) -> serde_json::Value {
    run.json()["ranking"][0]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .find(|i| i["item"] == item)
        .unwrap_or_default()
}

#[test]
fn a_planned_yes_is_scored_by_the_profile_and_shown_in_every_report() {
    let sandbox = Sandbox::new();
    let (bid, item) = promising_bid(&sandbox);
    let bid = bid.to_str().unwrap_or_default().to_string();
    let profile =
        std::fs::read_to_string(root().join("samples/profiles/hospital.json")).unwrap_or_default();
    let compare = |profile_path: &str, format: &str| {
        sandbox
            .mds("compare")
            .arg("--profile")
            .arg(profile_path)
            .arg("--format")
            .arg(format)
            .arg("--detail")
            .arg(&bid)
            .run()
    };
    // By default a planned yes is met, and says so.
    let run = compare("samples/profiles/hospital.json", "json");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let met = outcome(&run, &item);
    assert_eq!(met["outcome"], "met", "{met}");
    assert_eq!(met["planned"], "2027-03-31");
    assert_eq!(met["reason"]["why"], "planned");
    let full = run.json()["ranking"][0]["score"].as_u64().unwrap_or(0);
    for format in ["md", "html", "csv", "table"] {
        let run = compare("samples/profiles/hospital.json", format);
        if format != "table" {
            assert!(
                run.stdout.contains("予定 2027-03-31"),
                "{format}: {}",
                run.stdout
            );
        }
    }
    for (rule, want) in [("review", "review"), ("unmet", "unmet"), ("met", "met")] {
        let mut p: serde_json::Value = serde_json::from_str(&profile).unwrap_or_default();
        p["planned"] = serde_json::json!(rule);
        let path = sandbox.write(&format!("p-{rule}.json"), p.to_string());
        let run = compare(path.to_str().unwrap_or_default(), "json");
        assert_eq!(run.code, 0, "{rule}: {}", run.stderr);
        assert_eq!(outcome(&run, &item)["outcome"], want, "{rule}");
        let score = run.json()["ranking"][0]["score"].as_u64().unwrap_or(0);
        if rule == "met" {
            assert_eq!(score, full);
        } else {
            assert!(score < full, "{rule}: {score} < {full}");
        }
    }
    // Export writes the promise into the answer cell; import reads it back.
    let book = sandbox.path("promise.xlsx");
    let run = sandbox
        .mds("export")
        .arg(&bid)
        .arg("-o")
        .arg(book.to_str().unwrap_or_default())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let back = sandbox.path("back.json");
    let run = sandbox
        .mds("import")
        .arg(book.to_str().unwrap_or_default())
        .arg("-o")
        .arg(back.to_str().unwrap_or_default())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&back).unwrap_or_default())
            .unwrap_or_default();
    assert_eq!(r["answers"][&item]["value"], "yes");
    assert_eq!(r["answers"][&item]["planned"], "2027-03-31");
}

#[test]
fn a_yes_with_a_planned_date_field_is_a_promise_too() {
    let sandbox = Sandbox::new();
    // Vendor C answers SAMPLE-AUTH-02 yes with planned_by, the sample's planned-date field.
    let run = sandbox
        .mds("compare")
        .args([
            "--profile",
            "samples/profiles/hospital.json",
            "--format",
            "json",
            "--detail",
            "samples/responses/vendor-c.json",
        ])
        .run();
    let r = outcome(&run, "SAMPLE-AUTH-02");
    assert_eq!(r["planned"], "2027-03-31", "{r}");
}

const PROMISES: &str = r#"
import sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = '回答'
ws.append(['事業者名', '株式会社テスト'])
ws.append(['項番', '確認項目', '回答', '備考'])
ws.append(['Q-1', '二要素認証', 'はい（予定 2027/3/31）'])
ws.append(['Q-2', 'ログの保存', '対応予定'])
ws.append(['Q-3', '暗号化', 'いいえ（次期更新で対応予定）'])
ws.append(['Q-4', 'バックアップ', 'はい：令和9年3月31日まで予定'])
wb.save(sys.argv[1])
"#;

const PROMISES_Q: &str = r#"{"format":"mds-questionnaire/1","id":"promises","version":"1",
  "title":{"ja":"t","en":"t"},
  "vocabularies":[{"id":"yes-no-na","codes":[
    {"code":"yes","label":{"ja":"はい","en":"Yes"}},
    {"code":"no","label":{"ja":"いいえ","en":"No"}},
    {"code":"na","label":{"ja":"対象外","en":"N/A"}}]}],
  "cover":[{"id":"vendor","label":{"ja":"事業者名","en":"Vendor"}}],
  "sections":[{"id":"S1","title":{"ja":"s","en":"s"},"items":[
    {"id":"Q-1","text":{"ja":"q","en":"q"},"answer":{"kind":"single","vocabulary":"yes-no-na"}},
    {"id":"Q-2","text":{"ja":"q","en":"q"},"answer":{"kind":"single","vocabulary":"yes-no-na"}},
    {"id":"Q-3","text":{"ja":"q","en":"q"},"answer":{"kind":"single","vocabulary":"yes-no-na"}},
    {"id":"Q-4","text":{"ja":"q","en":"q"},"answer":{"kind":"single","vocabulary":"yes-no-na"}}]}]}"#;

#[test]
fn promises_written_in_the_answer_cell_are_read_as_planned() {
    if !crate::util::openpyxl() {
        return;
    }
    let sandbox = Sandbox::new();
    let book = sandbox.path("promises.xlsx");
    crate::util::python(PROMISES, &[&book]);
    let q = sandbox.write("q.json", PROMISES_Q);
    let out = sandbox.path("out.json");
    let run = sandbox
        .mds("import")
        .arg(book.as_os_str())
        .arg("--questionnaire")
        .arg(q.as_os_str())
        .arg("-o")
        .arg(out.as_os_str())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap_or_default())
            .unwrap_or_default();
    let a = &r["answers"];
    assert_eq!(
        (&a["Q-1"]["value"], &a["Q-1"]["planned"]),
        (&"yes".into(), &"2027-03-31".into())
    );
    assert_eq!(
        (&a["Q-2"]["value"], &a["Q-2"]["planned"]),
        (&"yes".into(), &"対応予定".into())
    );
    assert!(
        run.stderr.contains("planned-without-date"),
        "{}",
        run.stderr
    );
    assert_eq!(a["Q-3"]["value"], "no");
    assert_eq!(a["Q-3"]["remarks"], "次期更新で対応予定");
    assert!(a["Q-3"].get("planned").is_none(), "a no is no promise");
    assert_eq!(a["Q-4"]["planned"], "2027-03-31");
}
