//! Hostile JSON: each case gets the exit code of the product contract and a message naming the
//! file and the place.

use crate::util::{Sandbox, findings, pairs};

/// Validates `bytes` as a file and checks the exit code, the finding code and that stderr names
/// the file and the place.
fn check(bytes: &[u8], code: i32, finding: &str, place: &str) {
    let sandbox = Sandbox::new();
    let path = sandbox.write("hostile.json", bytes);
    let run = sandbox
        .mds("validate")
        .args(["--format", "json"])
        .arg(path.as_os_str())
        .run();
    assert_eq!(run.code, code, "{}\n{}", run.stdout, run.stderr);
    let found = findings(&run);
    assert!(
        found.iter().any(|(c, l)| c == finding && l.contains(place)),
        "{finding} at {place}: {found:?}"
    );
    if code == 2 {
        assert!(
            run.stderr.contains("hostile.json"),
            "stderr names the file: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains(place),
            "stderr names the place {place}: {}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn not_json() {
    check(b"format: mds-response/1\n", 2, "not-json", "1行2列");
}

#[test]
fn empty_file() {
    check(b"", 2, "empty", "");
}

#[test]
fn invalid_utf8() {
    check(
        b"{\"format\":\"mds-response/1\",\"cover\":{\"vendor\":\"\x93\xfa\x96\x7b\"}}",
        2,
        "not-utf8",
        "byte 46",
    );
}

#[test]
fn missing_and_wrong_format_tags() {
    check(
        br#"{"questionnaire":{"id":"sample-sds","version":"1.0"}}"#,
        2,
        "missing-format",
        "/format",
    );
    check(
        br#"{"format":"mds-response/2"}"#,
        2,
        "unknown-format",
        "/format",
    );
    check(
        br#"{"format":"something-else"}"#,
        2,
        "unknown-format",
        "/format",
    );
    check(b"[]", 2, "not-a-document", "");
}

#[test]
fn duplicate_keys_and_deep_nesting() {
    check(
        b"{\"format\":\"mds-response/1\",\n \"cover\":{\"vendor\":\"A\",\"vendor\":\"B\"}}",
        2,
        "not-json",
        "2行",
    );
    let deep = format!(
        "{{\"format\":\"mds-response/1\",\"cover\":{}{}}}",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    check(deep.as_bytes(), 2, "too-large", "1行");
}

#[test]
fn byte_order_mark_is_accepted() {
    let text = std::fs::read(crate::util::root().join("samples/responses/vendor-a.json"))
        .unwrap_or_default();
    let sandbox = Sandbox::new();
    let path = sandbox.write("bom.json", [b"\xEF\xBB\xBF".as_slice(), &text].concat());
    let run = sandbox.mds("validate").arg(path.as_os_str()).run();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn unknown_questionnaire_says_how_to_install() {
    let sandbox = Sandbox::new();
    let path = sandbox.write(
        "r.json",
        r#"{"format":"mds-response/1","questionnaire":{"id":"jahis-sds","version":"9.9"},"answers":{}}"#,
    );
    let run = sandbox.mds("validate").arg(path.as_os_str()).run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("r.json"), "{}", run.stderr);
    assert!(run.stderr.contains("jahis-sds@9.9"), "{}", run.stderr);
    assert!(
        run.stderr.contains("mds questionnaire extract"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("4.0, 4.1, 5.0"), "{}", run.stderr);
    let run = sandbox
        .mds("validate")
        .args([
            "--questionnaire",
            "nope@1",
            "samples/responses/vendor-a.json",
        ])
        .run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("nope@1"), "{}", run.stderr);
}

#[test]
fn wrong_types_are_schema_findings_with_pointers() {
    let sandbox = Sandbox::new();
    let path = sandbox.write(
        "r.json",
        r#"{"format":"mds-response/1","questionnaire":{"id":"sample-sds","version":1},
            "cover":{"vendor":["A"]},"answers":{"SAMPLE-AUTH-01":{"value":"yes","remark":"typo"}}}"#,
    );
    let run = sandbox
        .mds("validate")
        .args(["--format", "json"])
        .arg(path.as_os_str())
        .run();
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let mut found = findings(&run);
    found.sort();
    assert_eq!(
        found,
        pairs(&[
            ("schema", "/answers/SAMPLE-AUTH-01"),
            ("schema", "/cover/vendor"),
            ("schema", "/questionnaire/version"),
        ])
    );
}

#[test]
fn duplicate_item_ids_in_a_questionnaire() {
    let sandbox = Sandbox::new();
    let q = r#"{"format":"mds-questionnaire/1","id":"dup","version":"1","title":{"ja":"重複","en":"dup"},
        "vocabularies":[{"id":"yn","codes":[{"code":"yes","label":{"ja":"はい","en":"Yes"}}]}],
        "cover":[{"id":"vendor","label":{"ja":"事業者名","en":"Vendor"}}],
        "sections":[{"id":"S","title":{"ja":"S","en":"S"},"items":[
          {"id":"Q-1","answer":{"kind":"single","vocabulary":"yn"}},
          {"id":"Q-1","answer":{"kind":"single","vocabulary":"yn"}}]}]}"#;
    let path = sandbox.write("dup.json", q);
    // Validated itself: a finding, exit 1.
    let run = sandbox
        .mds("validate")
        .args(["--format", "json"])
        .arg(path.as_os_str())
        .run();
    assert_eq!(run.code, 1);
    assert_eq!(
        findings(&run),
        pairs(&[("duplicate-id", "/sections/0/items/1/id")])
    );
    // Used as the questionnaire of a check: it cannot be used, exit 2 naming the place.
    let run = sandbox
        .mds("validate")
        .arg("--questionnaire")
        .arg(path.as_os_str())
        .arg("samples/responses/vendor-a.json")
        .run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("dup.json"), "{}", run.stderr);
    assert!(
        run.stderr.contains("/sections/0/items/1/id"),
        "{}",
        run.stderr
    );
    // A broken questionnaire in the user catalog is skipped with a warning.
    sandbox.write("catalog/dup.json", q);
    let run = sandbox.mds("catalog").args(["--format", "json"]).run();
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains("dup.json"), "{}", run.stderr);
}

#[test]
fn an_empty_folder_or_missing_file_is_unreadable() {
    let sandbox = Sandbox::new();
    let empty = sandbox.path("empty");
    std::fs::create_dir_all(&empty).unwrap_or_else(|e| panic!("{e}"));
    let run = sandbox.mds("validate").arg(empty.as_os_str()).run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("empty"), "{}", run.stderr);
    let run = sandbox.mds("validate").arg("no-such-file.json").run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no-such-file.json"), "{}", run.stderr);
}

#[test]
fn bad_arguments_exit_2() {
    let sandbox = Sandbox::new();
    assert_eq!(sandbox.mds("validate").run().code, 2);
    assert_eq!(sandbox.mds("no-such-command").run().code, 2);
    assert_eq!(sandbox.mds("--lang").args(["fr", "catalog"]).run().code, 2);
    assert_eq!(sandbox.mds("--help").run().code, 0);
}
