//! Keeping disclosures current and trustworthy: diff, migrate, prefill, coverage, signatures.

use std::path::Path;

use crate::util::{Sandbox, required, root};

fn json_of(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_default()).unwrap_or_default()
}

#[test]
fn diff_exit_codes_and_regressions() {
    let sandbox = Sandbox::new();
    let same = sandbox.run(&[
        "diff",
        "samples/responses/vendor-a.json",
        "samples/responses/vendor-a.json",
    ]);
    assert_eq!(same.code, 0, "{}", same.stderr);
    let run = sandbox.run(&[
        "diff",
        "--format",
        "json",
        "--profile",
        "samples/profiles/hospital.json",
        "samples/responses/vendor-a.json",
        "samples/responses/vendor-b.json",
    ]);
    assert_eq!(run.code, 1, "different: {}", run.stderr);
    let d = run.json();
    let auth = d["changes"]
        .as_array()
        .and_then(|c| c.iter().find(|x| x["item"] == "SAMPLE-AUTH-02").cloned())
        .unwrap_or_default();
    assert_eq!(auth["changed"], serde_json::json!(["value", "remarks"]));
    assert_eq!(auth["effect"], "regression");
    assert_eq!(
        d["standing"]["knockouts_gained"],
        serde_json::json!(["SAMPLE-NET-01", "SAMPLE-AUTH-02"])
    );
    assert!(
        d["cover"]
            .as_array()
            .is_some_and(|c| c.iter().any(|x| x["field"] == "vendor"))
    );
    // The other way round, an improvement.
    let run = sandbox.run(&[
        "diff",
        "--format",
        "json",
        "--profile",
        "samples/profiles/hospital.json",
        "samples/responses/vendor-b.json",
        "samples/responses/vendor-a.json",
    ]);
    let d = run.json();
    assert!(d["changes"].as_array().is_some_and(|c| {
        c.iter()
            .any(|x| x["item"] == "SAMPLE-AUTH-02" && x["effect"] == "improvement")
    }));
    assert_eq!(
        d["standing"]["knockouts_lost"],
        serde_json::json!(["SAMPLE-NET-01", "SAMPLE-AUTH-02"])
    );
    // Text, Markdown and HTML say the same.
    let run = sandbox.run(&[
        "diff",
        "--format",
        "md",
        "samples/responses/vendor-a.json",
        "samples/responses/vendor-b.json",
    ]);
    assert!(
        run.stdout.contains("| SAMPLE-AUTH-02 | value,remarks |"),
        "{}",
        run.stdout
    );
    // Unreadable: 2. Another questionnaire without a mapping: 2, with what to do.
    let missing = sandbox.path("none.json");
    let run = sandbox.run(&[
        "diff".as_ref(),
        "samples/responses/vendor-a.json".as_ref(),
        missing.as_os_str(),
    ]);
    assert_eq!(run.code, 2);
    let other = sandbox.write(
        "other.json",
        r#"{"format":"mds-response/1","questionnaire":{"id":"mitsf-maintenance","version":"2015"},"answers":{}}"#,
    );
    let run = sandbox.run(&[
        "diff".as_ref(),
        "samples/responses/vendor-a.json".as_ref(),
        other.as_os_str(),
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--mapping"), "{}", run.stderr);
}

/// Installs `sample-sds@1.1`: SAMPLE-RULE-03 dropped, SAMPLE-NEW-01 added, SAMPLE-AUTH-01 renamed
/// SAMPLE-AUTH-11.
fn install_next_version(sandbox: &Sandbox) {
    let mut q: serde_json::Value = serde_json::from_slice(
        &std::fs::read(root().join("samples/questionnaires/sample-sds.json")).unwrap_or_default(),
    )
    .unwrap_or_default();
    q["version"] = "1.1".into();
    let sections = q["sections"]
        .as_array_mut()
        .map(|s| s.iter_mut().collect::<Vec<_>>())
        .unwrap_or_default();
    for s in sections {
        let items = s["items"].as_array_mut().cloned().unwrap_or_default();
        let mut kept: Vec<serde_json::Value> = items
            .into_iter()
            .filter(|i| i["id"] != "SAMPLE-RULE-03")
            .collect();
        for i in &mut kept {
            if i["id"] == "SAMPLE-AUTH-01" {
                i["id"] = "SAMPLE-AUTH-11".into();
            }
        }
        if s["id"] == "RULE" {
            let mut new = kept[0].clone();
            new["id"] = "SAMPLE-NEW-01".into();
            kept.push(new);
        }
        s["items"] = serde_json::Value::Array(kept);
    }
    sandbox.write(
        "catalog/sample-sds@1.1.json",
        serde_json::to_vec(&q).unwrap_or_default(),
    );
}

#[test]
fn migrate_carries_reports_and_pins_the_new_version() {
    let sandbox = Sandbox::new();
    install_next_version(&sandbox);
    let out = sandbox.path("migrated.json");
    let run = sandbox.run(&[
        "migrate".as_ref(),
        "samples/responses/vendor-a.json".as_ref(),
        "--to".as_ref(),
        "sample-sds@1.1".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    let dropped: Vec<&str> = report["dropped"]
        .as_array()
        .map(|d| d.iter().filter_map(|x| x["id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        dropped,
        ["SAMPLE-RULE-03", "SAMPLE-AUTH-01"],
        "no mapping: only identical ids carry"
    );
    assert_eq!(
        report["to_answer"],
        serde_json::json!(["SAMPLE-NEW-01", "SAMPLE-AUTH-11"])
    );
    assert_eq!(report["carried"].as_array().map(Vec::len), Some(48));
    let r = json_of(&out);
    assert_eq!(r["questionnaire"]["version"], "1.1");
    // With a mapping, the renamed item carries over.
    let mapping = sandbox.write(
        "m.json",
        r#"{"format":"mds-mapping/1","from":{"id":"sample-sds","version":"1.0"},"to":{"id":"sample-sds","version":"1.1"},
            "entries":[{"from":["SAMPLE-AUTH-01"],"to":"SAMPLE-AUTH-11","relation":"equal","rationale":"renamed"},
                       {"from":["SAMPLE-RULE-03"],"rationale":"the 1.1 form dropped the yearly review question"}]}"#,
    );
    let run = sandbox.run(&["validate".as_ref(), mapping.as_os_str()]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let run = sandbox.run(&[
        "migrate".as_ref(),
        "samples/responses/vendor-a.json".as_ref(),
        "--to".as_ref(),
        "sample-sds@1.1".as_ref(),
        "--mapping".as_ref(),
        mapping.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--force".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["transformed"][0]["to"], "SAMPLE-AUTH-11");
    assert_eq!(report["dropped"][0]["reason"], "unmapped");
    assert_eq!(json_of(&out)["answers"]["SAMPLE-AUTH-11"]["value"], "yes");
    // A mapping for other questionnaires is refused.
    let run = sandbox.run(&[
        "migrate".as_ref(),
        "samples/responses/vendor-a.json".as_ref(),
        "--to".as_ref(),
        "mitsf-maintenance".as_ref(),
        "--mapping".as_ref(),
        mapping.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(run.code, 2);
    // compare carries bids on 1.0 through the mapping to a 1.1 profile.
    let profile = sandbox.path("p11.json");
    let run = sandbox.run(&[
        "profile".as_ref(),
        "new".as_ref(),
        "sample-sds@1.1".as_ref(),
        "-o".as_ref(),
        profile.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = sandbox.run(&[
        "compare".as_ref(),
        "--profile".as_ref(),
        profile.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
        "samples/responses/vendor-a.json".as_ref(),
    ]);
    assert_eq!(run.code, 2, "another version without a mapping");
    let run = sandbox.run(&[
        "compare".as_ref(),
        "--profile".as_ref(),
        profile.as_os_str(),
        "--mapping".as_ref(),
        mapping.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
        "samples/responses/vendor-a.json".as_ref(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["provenance"]["questionnaire"]["version"], "1.1");
}

#[test]
fn prefill_drafts_are_unconfirmed_until_the_vendor_confirms() {
    let sandbox = Sandbox::new();
    install_next_version(&sandbox);
    let mapping = sandbox.write(
        "m.json",
        r#"{"format":"mds-mapping/1","from":{"id":"sample-sds","version":"1.0"},"to":{"id":"sample-sds","version":"1.1"},
            "entries":[{"from":["SAMPLE-AUTH-01","SAMPLE-AUTH-03"],"to":"SAMPLE-AUTH-11","relation":"intersects","rationale":"merged"}]}"#,
    );
    let draft = sandbox.path("draft.json");
    let run = sandbox.run(&[
        "prefill".as_ref(),
        "--from".as_ref(),
        "samples/responses/vendor-a.json".as_ref(),
        "--mapping".as_ref(),
        mapping.as_os_str(),
        "--to".as_ref(),
        "sample-sds@1.1".as_ref(),
        "-o".as_ref(),
        draft.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let d = json_of(&draft);
    assert_eq!(
        d["answers"]["SAMPLE-AUTH-11"],
        serde_json::json!({"value": "yes", "confirmed": false})
    );
    let run = sandbox.run(&[
        "validate".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        draft.as_os_str(),
    ]);
    let codes: Vec<String> = run.json()["files"][0]["findings"]
        .as_array()
        .map(|f| {
            f.iter()
                .filter_map(|x| x["code"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    assert!(codes.contains(&"unconfirmed".to_string()), "{codes:?}");
    // A workbook draft: the 確認 column holds 未確認 until the vendor clears it.
    let book = sandbox.path("draft.xlsx");
    let run = sandbox.run(&[
        "prefill".as_ref(),
        "--from".as_ref(),
        "samples/responses/vendor-a.json".as_ref(),
        "--mapping".as_ref(),
        mapping.as_os_str(),
        "--to".as_ref(),
        "sample-sds@1.1".as_ref(),
        "-o".as_ref(),
        book.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let back = sandbox.path("back.json");
    let run = sandbox.run(&[
        "import".as_ref(),
        book.as_os_str(),
        "-o".as_ref(),
        back.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        json_of(&back)["answers"]["SAMPLE-AUTH-11"]["confirmed"],
        false
    );
}

#[test]
fn coverage_counts_every_item_once() {
    let sandbox = Sandbox::new();
    let run = sandbox.run(&[
        "coverage",
        "--format",
        "json",
        "samples/responses/vendor-c.json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = run.json()["coverage"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let total: u64 = rows
        .iter()
        .map(|r| {
            ["yes", "no", "na", "unanswered", "other"]
                .iter()
                .map(|k| r[k].as_u64().unwrap_or(0))
                .sum::<u64>()
        })
        .sum();
    assert_eq!(total, 50);
    let unanswered: u64 = rows
        .iter()
        .map(|r| r["unanswered"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(unanswered, 3, "the three unanswered items of vendor-c");
    assert!(
        rows.iter()
            .any(|r| r["reference"] == "GL6.0-システム運用編 14"),
        "{rows:?}"
    );
    let run = sandbox.run(&[
        "coverage",
        "--format",
        "table",
        "samples/responses/vendor-c.json",
    ]);
    assert!(
        run.stdout.contains("GL6.0-システム運用編 14"),
        "{}",
        run.stdout
    );
}

fn minisign() -> Option<std::path::PathBuf> {
    let found = std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join("minisign"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            !required(),
            "minisign is required under CI: install the Debian package minisign"
        );
        eprintln!("notice: minisign not found; skipping the real-client signature checks");
    }
    found
}

#[test]
fn signatures_interoperate_with_minisign_and_tampering_is_refused() {
    let sandbox = Sandbox::new();
    let doc = sandbox.write(
        "a.json",
        std::fs::read(root().join("samples/responses/vendor-a.json")).unwrap_or_default(),
    );
    let key = sandbox.path("k");
    let run = sandbox.run(&[
        "key".as_ref(),
        "new".as_ref(),
        "--no-password".as_ref(),
        "-o".as_ref(),
        key.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (sk, pk) = (sandbox.path("k.key"), sandbox.path("k.pub"));
    let run = sandbox.run(&[
        "seal".as_ref(),
        doc.as_os_str(),
        "--secret-key".as_ref(),
        sk.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sig = std::fs::read_to_string(sandbox.path("a.json.minisig")).unwrap_or_default();
    assert!(
        sig.contains("trusted comment: mds questionnaire=sample-sds@1.0 sha256="),
        "{sig}"
    );
    assert!(
        sig.contains("vendor=サンプル医療クラウド株式会社（架空）"),
        "{sig}"
    );
    let run = sandbox.run(&[
        "verify".as_ref(),
        doc.as_os_str(),
        "--public-key".as_ref(),
        pk.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // validate and compare show the status; --require-signed passes.
    let run = sandbox.run(&[
        "validate".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "--public-key".as_ref(),
        pk.as_os_str(),
        "--require-signed".as_ref(),
        doc.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["files"][0]["signature"], "valid");
    // An unsigned file, and a tampered one, are refused with no report.
    let unsigned = sandbox.write(
        "b.json",
        std::fs::read(root().join("samples/responses/vendor-b.json")).unwrap_or_default(),
    );
    let out = sandbox.path("report.html");
    let run = sandbox.run(&[
        "compare".as_ref(),
        "--profile".as_ref(),
        "samples/profiles/hospital.json".as_ref(),
        "--public-key".as_ref(),
        pk.as_os_str(),
        "--require-signed".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
        doc.as_os_str(),
        unsigned.as_os_str(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("b.json"), "{}", run.stderr);
    assert!(!out.exists(), "no report");
    // An unsigned file is refused before it is read: a damaged workbook or broken JSON says
    // "no signature", not what is wrong inside it.
    let damaged = sandbox.write("c.xlsx", b"PK\x03\x04 not a zip at all");
    let broken = sandbox.write("d.json", b"{\"format\": ");
    let run = sandbox.run(&[
        "compare".as_ref(),
        "--profile".as_ref(),
        "samples/profiles/hospital.json".as_ref(),
        "--public-key".as_ref(),
        pk.as_os_str(),
        "--require-signed".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
        doc.as_os_str(),
        damaged.as_os_str(),
        broken.as_os_str(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for name in ["c.xlsx", "d.json"] {
        assert!(run.stderr.contains(name), "{name}: {}", run.stderr);
    }
    assert!(
        !run.stderr.contains("damaged") && !run.stderr.contains("壊れ"),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "no report");
    let text = std::fs::read_to_string(&doc)
        .unwrap_or_default()
        .replacen("\"yes\"", "\"no\"", 1);
    std::fs::write(&doc, text).unwrap_or_else(|e| panic!("{e}"));
    let run = sandbox.run(&[
        "verify".as_ref(),
        doc.as_os_str(),
        "--public-key".as_ref(),
        pk.as_os_str(),
    ]);
    assert_eq!(run.code, 1, "a changed value fails: {}", run.stderr);
    let run = sandbox.run(&[
        "validate".as_ref(),
        "--public-key".as_ref(),
        pk.as_os_str(),
        "--require-signed".as_ref(),
        doc.as_os_str(),
    ]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty(), "no report: {}", run.stdout);
    // Without a signature at all: verify says so (exit 1).
    let run = sandbox.run(&[
        "verify".as_ref(),
        unsigned.as_os_str(),
        "--public-key".as_ref(),
        pk.as_os_str(),
    ]);
    assert_eq!(run.code, 1);
    // The real client: minisign verifies what mds signed, and mds verifies what minisign signed.
    let Some(minisign) = minisign() else { return };
    let fresh = sandbox.write(
        "c.json",
        std::fs::read(root().join("samples/responses/vendor-a.json")).unwrap_or_default(),
    );
    assert_eq!(
        sandbox
            .run(&[
                "seal".as_ref(),
                fresh.as_os_str(),
                "--secret-key".as_ref(),
                sk.as_os_str()
            ])
            .code,
        0
    );
    let check = |file: &Path, public: &Path| {
        std::process::Command::new(&minisign)
            .args(["-V", "-m"])
            .arg(file)
            .arg("-p")
            .arg(public)
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    };
    assert!(check(&fresh, &pk), "minisign -V accepts mds's signature");
    assert!(!check(&doc, &pk), "minisign -V rejects the changed file");
    let (msk, mpk) = (sandbox.path("m.key"), sandbox.path("m.pub"));
    let made = std::process::Command::new(&minisign)
        .args(["-G", "-W", "-p"])
        .arg(&mpk)
        .arg("-s")
        .arg(&msk)
        .output();
    assert!(made.is_ok_and(|o| o.status.success()), "minisign -G");
    let other = sandbox.write(
        "d.json",
        std::fs::read(root().join("samples/responses/vendor-d.json")).unwrap_or_default(),
    );
    let signed = std::process::Command::new(&minisign)
        .args(["-S", "-m"])
        .arg(&other)
        .arg("-s")
        .arg(&msk)
        .output();
    assert!(signed.is_ok_and(|o| o.status.success()), "minisign -S");
    let run = sandbox.run(&[
        "verify".as_ref(),
        other.as_os_str(),
        "--public-key".as_ref(),
        mpk.as_os_str(),
    ]);
    assert_eq!(
        run.code, 0,
        "mds verifies minisign's signature: {}",
        run.stderr
    );
    std::fs::write(&other, b"{}").unwrap_or_else(|e| panic!("{e}"));
    let run = sandbox.run(&[
        "verify".as_ref(),
        other.as_os_str(),
        "--public-key".as_ref(),
        mpk.as_os_str(),
    ]);
    assert_eq!(run.code, 1);
}
