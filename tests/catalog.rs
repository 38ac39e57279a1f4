//! `mds catalog`: built-ins, the user catalog and version lookup.

use crate::util::Sandbox;

fn listed(sandbox: &Sandbox) -> Vec<String> {
    let json = sandbox
        .mds("catalog")
        .args(["--format", "json"])
        .run()
        .json();
    json["questionnaires"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|q| {
            format!(
                "{}@{} {}",
                q["id"].as_str().unwrap_or(""),
                q["version"].as_str().unwrap_or(""),
                q["origin"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn lists_the_built_ins() {
    let sandbox = Sandbox::new();
    let names = listed(&sandbox);
    for name in [
        "jahis-mds@5.0",
        "jahis-sds@4.1",
        "mds2@2019",
        "mitsf-maintenance@2015",
        "sample-sds@1.0",
    ] {
        assert!(
            names.iter().any(|n| n.starts_with(name)),
            "{name} in {names:?}"
        );
    }
    let run = sandbox.mds("catalog").args(["--format", "text"]).run();
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("公式チェックリストのワークブックから"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("サンプル"), "{}", run.stdout);
}

#[test]
fn show_prints_a_questionnaire() {
    let sandbox = Sandbox::new();
    let run = sandbox.mds("catalog").args(["show", "mds2@2019"]).run();
    assert_eq!(run.code, 0);
    let q = run.json();
    assert_eq!(q["format"], "mds-questionnaire/1");
    assert_eq!(q["cover"][0]["official_id"], "DOC-1");
    assert_eq!(q["cover"][0]["id"], "vendor");
    let run = sandbox.mds("catalog").args(["show", "jahis-sds@3.0"]).run();
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("mds questionnaire extract"),
        "{}",
        run.stderr
    );
}

#[test]
fn user_catalog_adds_versions_and_wins_on_equal_version() {
    let sandbox = Sandbox::new();
    let base = sandbox
        .mds("catalog")
        .args(["show", "jahis-sds@5.0"])
        .run()
        .json();
    let mut newer = base.clone();
    newer["version"] = "10.0".into();
    newer["title"]["ja"] = "取り込んだ版".into();
    sandbox.write(
        "catalog/jahis-sds-10.json",
        serde_json::to_vec(&newer).unwrap_or_default(),
    );
    let mut same = base;
    same["title"]["ja"] = "利用者の 5.0".into();
    sandbox.write(
        "catalog/jahis-sds-5.json",
        serde_json::to_vec(&same).unwrap_or_default(),
    );
    let run = sandbox.mds("catalog").args(["show", "jahis-sds"]).run();
    assert_eq!(run.json()["version"], "10.0", "10.0 is newer than 5.0");
    let run = sandbox.mds("catalog").args(["show", "jahis-sds@5.0"]).run();
    assert_eq!(run.json()["title"]["ja"], "利用者の 5.0");
    let names = listed(&sandbox);
    assert!(
        names.iter().any(|n| n.starts_with("jahis-sds@10.0 利用者")),
        "{names:?}"
    );
}
