//! `mds validate` on the bundled samples: exactly the defects they were made with.

use crate::util::{Sandbox, findings, pairs};

fn check(file: &str, code: i32, expected: &[(&str, &str)]) {
    let sandbox = Sandbox::new();
    let run = sandbox
        .mds("validate")
        .args(["--format", "json"])
        .arg(file)
        .run();
    assert_eq!(run.code, code, "{file}\n{}\n{}", run.stdout, run.stderr);
    assert_eq!(findings(&run), pairs(expected), "{file}");
    assert_eq!(
        run.json()["files"][0]["valid"],
        serde_json::Value::Bool(code == 0)
    );
}

#[test]
fn compliant_vendor_is_valid() {
    check("samples/responses/vendor-a.json", 0, &[]);
}

#[test]
fn vendor_answering_no_with_remarks_is_valid() {
    check("samples/responses/vendor-b.json", 0, &[]);
}

#[test]
fn incomplete_vendor_gets_missing_answers() {
    check(
        "samples/responses/vendor-c.json",
        1,
        &[
            ("missing-cover", "/cover/contact"),
            (
                "missing-field",
                "/answers/SAMPLE-MAINT-03/fields/target_date",
            ),
            ("missing-answer", "/answers/SAMPLE-BCP-03"),
            ("missing-answer", "/answers/SAMPLE-AUDIT-02"),
            ("missing-answer", "/answers/SAMPLE-ATTACK-03/value"),
        ],
    );
}

#[test]
fn not_applicable_without_remarks_is_flagged() {
    check(
        "samples/responses/vendor-d.json",
        1,
        &[
            ("missing-remarks", "/answers/SAMPLE-PHYS-02/remarks"),
            ("missing-remarks", "/answers/SAMPLE-SIGN-01/remarks"),
            ("missing-remarks", "/answers/SAMPLE-SIGN-02/remarks"),
        ],
    );
}

#[test]
fn sample_profile_and_questionnaire_are_valid() {
    check("samples/profiles/hospital.json", 0, &[]);
    check("samples/questionnaires/sample-sds.json", 0, &[]);
}

#[test]
fn a_folder_checks_every_json_file_in_it() {
    let sandbox = Sandbox::new();
    let run = sandbox
        .mds("validate")
        .args(["--format", "json", "samples/responses"])
        .run();
    assert_eq!(run.code, 1);
    let json = run.json();
    let files = json["files"].as_array().cloned().unwrap_or_default();
    let names: Vec<String> = files
        .iter()
        .filter_map(|x| x["source"].as_str())
        .filter_map(|s| {
            std::path::Path::new(s)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .collect();
    assert_eq!(
        names,
        [
            "vendor-a.json",
            "vendor-b.json",
            "vendor-c.json",
            "vendor-d.json"
        ]
    );
    let valid: Vec<bool> = files.iter().filter_map(|x| x["valid"].as_bool()).collect();
    assert_eq!(valid, [true, true, false, false]);
}

#[test]
fn several_files_exit_with_the_highest_code() {
    let sandbox = Sandbox::new();
    let run = sandbox
        .mds("validate")
        .args([
            "--format",
            "json",
            "samples/responses/vendor-a.json",
            "samples/responses/vendor-c.json",
        ])
        .run();
    assert_eq!(run.code, 1);
    let missing = sandbox.path("missing.json");
    let run = sandbox
        .mds("validate")
        .arg("samples/responses/vendor-c.json")
        .arg(missing.as_os_str())
        .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("missing.json"), "{}", run.stderr);
}

#[test]
fn text_report_is_japanese_by_default_and_english_on_request() {
    let sandbox = Sandbox::new();
    let run = sandbox
        .mds("validate")
        .args(["--format", "text", "samples/responses/vendor-d.json"])
        .run();
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("[NG] samples/responses/vendor-d.json"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("備考が必要です"), "{}", run.stdout);
    assert!(
        run.stdout.contains("/answers/SAMPLE-SIGN-01/remarks"),
        "{}",
        run.stdout
    );
    let run = sandbox
        .mds("--lang")
        .args([
            "en",
            "validate",
            "--format",
            "text",
            "samples/responses/vendor-d.json",
        ])
        .run();
    assert!(run.stdout.contains("needs remarks"), "{}", run.stdout);
    assert!(
        run.stdout.contains("0 of 1 files are valid"),
        "{}",
        run.stdout
    );
}

/// A response built from vendor-a with one change, validated in a sandbox.
fn mutated(change: impl FnOnce(&mut serde_json::Value)) -> (Sandbox, std::path::PathBuf) {
    let sandbox = Sandbox::new();
    let text = std::fs::read_to_string(crate::util::root().join("samples/responses/vendor-a.json"))
        .unwrap_or_default();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    change(&mut value);
    let path = sandbox.write("r.json", serde_json::to_vec(&value).unwrap_or_default());
    (sandbox, path)
}

fn check_mutated(
    change: impl FnOnce(&mut serde_json::Value),
    code: i32,
    expected: &[(&str, &str)],
) {
    let (sandbox, path) = mutated(change);
    let run = sandbox
        .mds("validate")
        .args(["--format", "json"])
        .arg(path.as_os_str())
        .run();
    assert_eq!(run.code, code, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(findings(&run), pairs(expected));
}

#[test]
fn conformance_checks() {
    let a = |v: &mut serde_json::Value, id: &str, answer: serde_json::Value| {
        v["answers"][id] = answer;
    };
    // A label written where the code belongs: the message names the code.
    let (sandbox, path) = mutated(|v| a(v, "SAMPLE-AUTH-01", serde_json::json!({"value": "はい"})));
    let run = sandbox
        .mds("validate")
        .args(["--format", "json"])
        .arg(path.as_os_str())
        .run();
    assert_eq!(
        findings(&run),
        pairs(&[("unknown-code", "/answers/SAMPLE-AUTH-01/value")])
    );
    assert!(
        run.json()["files"][0]["findings"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("\"yes\"")),
        "{}",
        run.stdout
    );
    // A code outside the vocabulary.
    check_mutated(
        |v| a(v, "SAMPLE-AUTH-01", serde_json::json!({"value": "maybe"})),
        1,
        &[("unknown-code", "/answers/SAMPLE-AUTH-01/value")],
    );
    // Multiple choice: one bad code, and "other" without its text.
    check_mutated(
        |v| {
            a(
                v,
                "SAMPLE-NET-02",
                serde_json::json!({"value": ["ip-vpn", "carrier-pigeon", "other"]}),
            )
        },
        1,
        &[
            ("unknown-code", "/answers/SAMPLE-NET-02/value/1"),
            ("missing-other", "/answers/SAMPLE-NET-02/other"),
        ],
    );
    // Wrong types: a list for a single choice, a non-ISO date.
    check_mutated(
        |v| {
            a(v, "SAMPLE-AUTH-01", serde_json::json!({"value": ["yes"]}));
            a(
                v,
                "SAMPLE-RISK-02",
                serde_json::json!({"value": "令和8年6月15日"}),
            );
        },
        1,
        // Findings follow the form order: the RISK section comes before AUTH.
        &[
            ("invalid-date", "/answers/SAMPLE-RISK-02/value"),
            ("wrong-type", "/answers/SAMPLE-AUTH-01/value"),
        ],
    );
    // Extra fields: wrongly typed and unknown.
    check_mutated(
        |v| {
            a(
                v,
                "SAMPLE-AUTH-02",
                serde_json::json!({"value": "yes", "fields": {"planned_by": "soon", "colour": "blue"}}),
            )
        },
        1,
        &[
            ("invalid-field", "/answers/SAMPLE-AUTH-02/fields/planned_by"),
            ("unknown-field", "/answers/SAMPLE-AUTH-02/fields/colour"),
        ],
    );
    // Conditional item: not required when its condition is false; answered anyway -> info.
    check_mutated(
        |v| {
            a(
                v,
                "SAMPLE-DEV-01",
                serde_json::json!({"value": "no", "remarks": "on premises"}),
            )
        },
        0,
        &[("not-applicable", "/answers/SAMPLE-DEV-02/value")],
    );
    check_mutated(
        |v| {
            a(
                v,
                "SAMPLE-DEV-01",
                serde_json::json!({"value": "no", "remarks": "on premises"}),
            );
            v["answers"]
                .as_object_mut()
                .map(|m| m.remove("SAMPLE-DEV-02"));
        },
        0,
        &[],
    );
    // Unknown item, a suspected typo, an unconfirmed prefilled answer, an unknown cover field.
    check_mutated(
        |v| {
            a(v, "NOT-AN-ITEM", serde_json::json!({"value": "yes"}));
            a(v, "SAMPLE-AUHT-01", serde_json::json!({"value": "yes"}));
            a(
                v,
                "SAMPLE-AUTH-03",
                serde_json::json!({"value": "yes", "confirmed": false}),
            );
            v["cover"]["colour"] = "blue".into();
        },
        1,
        &[
            ("unknown-cover-field", "/cover/colour"),
            ("unconfirmed", "/answers/SAMPLE-AUTH-03/confirmed"),
            ("unknown-item", "/answers/NOT-AN-ITEM"),
            ("suspected-typo", "/answers/SAMPLE-AUHT-01"),
        ],
    );
    // A cell that could not be mapped keeps `raw` and is reported.
    check_mutated(
        |v| {
            a(
                v,
                "SAMPLE-OPS-01",
                serde_json::json!({"value": null, "raw": "たぶん"}),
            )
        },
        1,
        &[("unmapped-value", "/answers/SAMPLE-OPS-01/value")],
    );
    // A cover date that is not ISO.
    check_mutated(
        |v| v["cover"]["created_on"] = "2026/10/1".into(),
        1,
        &[("invalid-date", "/cover/created_on")],
    );
}

#[test]
fn pins_and_digests() {
    // A digest that differs from the questionnaire in use is a warning.
    check_mutated(
        |v| v["questionnaire"]["digest"] = format!("sha256:{}", "0".repeat(64)).into(),
        0,
        &[("digest-mismatch", "/questionnaire/digest")],
    );
    // Checked against another questionnaire with --questionnaire: a pin mismatch.
    let sandbox = Sandbox::new();
    let run = sandbox
        .mds("validate")
        .args([
            "--format",
            "json",
            "--questionnaire",
            "mitsf-maintenance",
            "samples/responses/vendor-a.json",
        ])
        .run();
    assert_eq!(run.code, 1);
    let found = findings(&run);
    assert_eq!(
        found[0],
        ("pin-mismatch".to_string(), "/questionnaire".to_string())
    );
    // The questionnaire given as a file works like the pin.
    let run = sandbox
        .mds("validate")
        .args([
            "--questionnaire",
            "samples/questionnaires/sample-sds.json",
            "samples/responses/vendor-a.json",
        ])
        .run();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn nema_typo_is_kept_and_warned_about() {
    let sandbox = Sandbox::new();
    let path = sandbox.write(
        "mds2.json",
        r#"{"format":"mds-response/1","questionnaire":{"id":"mds2","version":"2019"},
            "cover":{"vendor":"Example Devices"},"answers":{"SHAD-15":{"value":"yes"}}}"#,
    );
    let run = sandbox
        .mds("validate")
        .args(["--format", "json"])
        .arg(path.as_os_str())
        .run();
    let found = findings(&run);
    assert!(
        found.contains(&("suspected-typo".into(), "/answers/SHAD-15".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("missing-answer".into(), "/answers/SAHD-15".into())),
        "{found:?}"
    );
    assert!(run.stdout.contains("SAHD-15"), "{}", run.stdout);
    // Items under a false section condition are not required: CSUP-1 = no.
    assert!(
        !found.iter().any(|(_, l)| l == "/answers/CSUP-2.1"),
        "CSUP-2.1 depends on CSUP-1 and CSUP-2"
    );
    assert!(found.iter().any(|(_, l)| l == "/answers/CSUP-1"));
}

#[test]
fn profile_conformance() {
    let sandbox = Sandbox::new();
    let path = sandbox.write(
        "p.json",
        r#"{"format":"mds-profile/1","questionnaire":{"id":"sample-sds","version":"1.0"},
            "requirements":{"SAMPLE-AUTH-01":{"expect":["yes","maybe"]},"NOPE-1":{"expect":["yes"]},
                            "SAMPLE-AUTH-03":{"expect":[]}},
            "sections":{"NOPE":false}}"#,
    );
    let run = sandbox
        .mds("validate")
        .args(["--format", "json"])
        .arg(path.as_os_str())
        .run();
    assert_eq!(run.code, 1);
    assert_eq!(
        findings(&run),
        pairs(&[
            ("unknown-code", "/requirements/SAMPLE-AUTH-01/expect/1"),
            ("unknown-item", "/requirements/NOPE-1"),
            ("empty-expect", "/requirements/SAMPLE-AUTH-03/expect"),
            ("unknown-section", "/sections/NOPE"),
        ])
    );
}
