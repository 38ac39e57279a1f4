//! Keeping disclosures current and trustworthy: diff, migrate, prefill, coverage, signatures.

use std::path::Path;

use crate::util::{Sandbox, required, root};

fn json_of(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_default()).unwrap_or_default()
}

#[test]
fn diff_exit_codes_and_regressions() {
    let sandbox = Sandbox::new();
    let same = sandbox
        .mds("diff")
        .args([
            "samples/responses/vendor-a.json",
            "samples/responses/vendor-a.json",
        ])
        .run();
    assert_eq!(same.code, 0, "{}", same.stderr);
    let run = sandbox
        .mds("diff")
        .args([
            "--format",
            "json",
            "--profile",
            "samples/profiles/hospital.json",
            "samples/responses/vendor-a.json",
            "samples/responses/vendor-b.json",
        ])
        .run();
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
    let run = sandbox
        .mds("diff")
        .args([
            "--format",
            "json",
            "--profile",
            "samples/profiles/hospital.json",
            "samples/responses/vendor-b.json",
            "samples/responses/vendor-a.json",
        ])
        .run();
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
    let run = sandbox
        .mds("diff")
        .args([
            "--format",
            "md",
            "samples/responses/vendor-a.json",
            "samples/responses/vendor-b.json",
        ])
        .run();
    assert!(
        run.stdout
            .contains("| SAMPLE-AUTH-02 | 回答・備考 | はい | いいえ"),
        "{}",
        run.stdout
    );
    // Unreadable: 2. Another questionnaire without a mapping: 2, with what to do.
    let missing = sandbox.path("none.json");
    let run = sandbox
        .mds("diff")
        .arg("samples/responses/vendor-a.json")
        .arg(missing.as_os_str())
        .run();
    assert_eq!(run.code, 2);
    let other = sandbox.write(
        "other.json",
        r#"{"format":"mds-response/1","questionnaire":{"id":"mitsf-maintenance","version":"2015"},"answers":{}}"#,
    );
    let run = sandbox
        .mds("diff")
        .arg("samples/responses/vendor-a.json")
        .arg(other.as_os_str())
        .run();
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
    let run = sandbox
        .mds("migrate")
        .args([
            "samples/responses/vendor-a.json",
            "--to",
            "sample-sds@1.1",
            "-o",
        ])
        .arg(out.as_os_str())
        .args(["--format", "json"])
        .run();
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
    let run = sandbox.mds("validate").arg(mapping.as_os_str()).run();
    assert_eq!(run.code, 0, "{}", run.stdout);
    let run = sandbox
        .mds("migrate")
        .args([
            "samples/responses/vendor-a.json",
            "--to",
            "sample-sds@1.1",
            "--mapping",
        ])
        .arg(mapping.as_os_str())
        .arg("-o")
        .arg(out.as_os_str())
        .args(["--force", "--format", "json"])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["transformed"][0]["to"], "SAMPLE-AUTH-11");
    assert_eq!(report["dropped"][0]["reason"], "unmapped");
    assert_eq!(json_of(&out)["answers"]["SAMPLE-AUTH-11"]["value"], "yes");
    // A mapping for other questionnaires is refused.
    let run = sandbox
        .mds("migrate")
        .args([
            "samples/responses/vendor-a.json",
            "--to",
            "mitsf-maintenance",
            "--mapping",
        ])
        .arg(mapping.as_os_str())
        .arg("-o")
        .arg(out.as_os_str())
        .run();
    assert_eq!(run.code, 2);
    // compare carries bids on 1.0 through the mapping to a 1.1 profile.
    let profile = sandbox.path("p11.json");
    let run = sandbox
        .mds("profile")
        .args(["new", "sample-sds@1.1", "-o"])
        .arg(profile.as_os_str())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = sandbox
        .mds("compare")
        .arg("--profile")
        .arg(profile.as_os_str())
        .args(["--format", "json", "samples/responses/vendor-a.json"])
        .run();
    assert_eq!(run.code, 2, "another version without a mapping");
    let run = sandbox
        .mds("compare")
        .arg("--profile")
        .arg(profile.as_os_str())
        .arg("--mapping")
        .arg(mapping.as_os_str())
        .args(["--format", "json", "samples/responses/vendor-a.json"])
        .run();
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
    let run = sandbox
        .mds("prefill")
        .args(["--from", "samples/responses/vendor-a.json", "--mapping"])
        .arg(mapping.as_os_str())
        .args(["--to", "sample-sds@1.1", "-o"])
        .arg(draft.as_os_str())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let d = json_of(&draft);
    assert_eq!(
        d["answers"]["SAMPLE-AUTH-11"],
        serde_json::json!({"value": "yes", "confirmed": false})
    );
    let run = sandbox
        .mds("validate")
        .args(["--format", "json"])
        .arg(draft.as_os_str())
        .run();
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
    let run = sandbox
        .mds("prefill")
        .args(["--from", "samples/responses/vendor-a.json", "--mapping"])
        .arg(mapping.as_os_str())
        .args(["--to", "sample-sds@1.1", "-o"])
        .arg(book.as_os_str())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let back = sandbox.path("back.json");
    let run = sandbox
        .mds("import")
        .arg(book.as_os_str())
        .arg("-o")
        .arg(back.as_os_str())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        json_of(&back)["answers"]["SAMPLE-AUTH-11"]["confirmed"],
        false
    );
}

#[test]
fn coverage_counts_every_item_once() {
    let sandbox = Sandbox::new();
    let run = sandbox
        .mds("coverage")
        .args(["--format", "json", "samples/responses/vendor-c.json"])
        .run();
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
    let run = sandbox
        .mds("coverage")
        .args(["--format", "table", "samples/responses/vendor-c.json"])
        .run();
    assert!(
        run.stdout.contains("GL6.0-システム運用編 14"),
        "{}",
        run.stdout
    );
    // CSV on standard output is data: its CRLF line ends are kept, not shown as markers.
    let run = sandbox
        .mds("coverage")
        .args(["--format", "csv", "samples/responses/vendor-c.json"])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("\r\n") && !run.stdout.contains("⟨U+000D⟩"),
        "{:?}",
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
    let run = sandbox
        .mds("key")
        .args(["new", "--no-password", "-o"])
        .arg(key.as_os_str())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (sk, pk) = (sandbox.path("k.key"), sandbox.path("k.pub"));
    let run = sandbox
        .mds("seal")
        .arg(doc.as_os_str())
        .arg("--secret-key")
        .arg(sk.as_os_str())
        .run();
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
    let run = sandbox
        .mds("verify")
        .arg(doc.as_os_str())
        .arg("--public-key")
        .arg(pk.as_os_str())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    // validate and compare show the status; --require-signed passes.
    let run = sandbox
        .mds("validate")
        .args(["--format", "json", "--public-key"])
        .arg(pk.as_os_str())
        .arg("--require-signed")
        .arg(doc.as_os_str())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["files"][0]["signature"], "valid");
    // An unsigned file, and a tampered one, are refused with no report.
    let unsigned = sandbox.write(
        "b.json",
        std::fs::read(root().join("samples/responses/vendor-b.json")).unwrap_or_default(),
    );
    let out = sandbox.path("report.html");
    let run = sandbox
        .mds("compare")
        .args([
            "--profile",
            "samples/profiles/hospital.json",
            "--public-key",
        ])
        .arg(pk.as_os_str())
        .args(["--require-signed", "-o"])
        .arg(out.as_os_str())
        .arg(doc.as_os_str())
        .arg(unsigned.as_os_str())
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("b.json"), "{}", run.stderr);
    assert!(!out.exists(), "no report");
    // An unsigned file is refused before it is read: a damaged workbook or broken JSON says
    // "no signature", not what is wrong inside it.
    let damaged = sandbox.write("c.xlsx", b"PK\x03\x04 not a zip at all");
    let broken = sandbox.write("d.json", b"{\"format\": ");
    let run = sandbox
        .mds("compare")
        .args([
            "--profile",
            "samples/profiles/hospital.json",
            "--public-key",
        ])
        .arg(pk.as_os_str())
        .args(["--require-signed", "-o"])
        .arg(out.as_os_str())
        .arg(doc.as_os_str())
        .arg(damaged.as_os_str())
        .arg(broken.as_os_str())
        .run();
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
    let run = sandbox
        .mds("verify")
        .arg(doc.as_os_str())
        .arg("--public-key")
        .arg(pk.as_os_str())
        .run();
    assert_eq!(run.code, 1, "a changed value fails: {}", run.stderr);
    let run = sandbox
        .mds("validate")
        .arg("--public-key")
        .arg(pk.as_os_str())
        .arg("--require-signed")
        .arg(doc.as_os_str())
        .run();
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty(), "no report: {}", run.stdout);
    // Without a signature at all: verify says so (exit 1).
    let run = sandbox
        .mds("verify")
        .arg(unsigned.as_os_str())
        .arg("--public-key")
        .arg(pk.as_os_str())
        .run();
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
    let run = sandbox
        .mds("verify")
        .arg(other.as_os_str())
        .arg("--public-key")
        .arg(mpk.as_os_str())
        .run();
    assert_eq!(
        run.code, 0,
        "mds verifies minisign's signature: {}",
        run.stderr
    );
    std::fs::write(&other, b"{}").unwrap_or_else(|e| panic!("{e}"));
    let run = sandbox
        .mds("verify")
        .arg(other.as_os_str())
        .arg("--public-key")
        .arg(mpk.as_os_str())
        .run();
    assert_eq!(run.code, 1);
}

/// A key made by `minisign -G -W` (no password) seals in mds, and the signature verifies in
/// both; a public key given as the secret key is named as such.
#[test]
fn keys_made_by_minisign_without_a_password_seal() {
    let Some(minisign) = minisign() else { return };
    let sandbox = Sandbox::new();
    let doc = sandbox.write(
        "a.json",
        std::fs::read(root().join("samples/responses/vendor-a.json")).unwrap_or_default(),
    );
    let (key, public) = (sandbox.path("k.key"), sandbox.path("k.pub"));
    let made = std::process::Command::new(&minisign)
        .arg("-G")
        .arg("-W")
        .arg("-p")
        .arg(&public)
        .arg("-s")
        .arg(&key)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let run = sandbox
        .mds("seal")
        .arg(&doc)
        .arg("--secret-key")
        .arg(&key)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = sandbox
        .mds("verify")
        .arg(&doc)
        .arg("--public-key")
        .arg(&public)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let verified = std::process::Command::new(&minisign)
        .arg("-Vm")
        .arg(&doc)
        .arg("-p")
        .arg(&public)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        verified.status.success(),
        "{}",
        String::from_utf8_lossy(&verified.stderr)
    );
    let run = sandbox
        .mds("seal")
        .arg(&doc)
        .arg("--secret-key")
        .arg(&public)
        .run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("公開鍵"), "{}", run.stderr);
}
