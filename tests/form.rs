//! `mds form`: a blank response to fill in, pinned, deterministic, written atomically.

use crate::util::{Sandbox, findings};

#[test]
fn blank_form_is_pinned_and_lists_every_item() {
    let sandbox = Sandbox::new();
    let out = sandbox.path("form.json");
    let run = sandbox
        .mds("form")
        .args(["sample-sds", "-o"])
        .arg(out.as_os_str())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let form: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out).unwrap_or_default()).unwrap_or_default();
    assert_eq!(form["format"], "mds-response/1");
    assert_eq!(form["questionnaire"]["version"], "1.0");
    assert!(
        form["questionnaire"]["digest"]
            .as_str()
            .is_some_and(|d| d.starts_with("sha256:"))
    );
    assert_eq!(form["answers"].as_object().map(|m| m.len()), Some(50));
    assert_eq!(form["cover"]["vendor"], "");
    // The blank form passes the schema and reports what is left to fill.
    let run = sandbox
        .mds("validate")
        .args(["--format", "json"])
        .arg(out.as_os_str())
        .run();
    assert_eq!(run.code, 1);
    let found = findings(&run);
    assert!(
        found
            .iter()
            .all(|(c, _)| c == "missing-answer" || c == "missing-cover"),
        "{found:?}"
    );
    assert!(found.contains(&("missing-cover".into(), "/cover/vendor".into())));
    // The catalog shows the same digest.
    let listed = sandbox
        .mds("catalog")
        .args(["--format", "json"])
        .run()
        .json();
    let digest = listed["questionnaires"]
        .as_array()
        .and_then(|l| l.iter().find(|q| q["id"] == "sample-sds"))
        .map(|q| q["digest"].clone());
    assert_eq!(digest, Some(form["questionnaire"]["digest"].clone()));
}

#[test]
fn same_input_same_bytes() {
    let sandbox = Sandbox::new();
    for ext in ["json", "xlsx"] {
        let (a, b) = (
            sandbox.path(&format!("a.{ext}")),
            sandbox.path(&format!("b.{ext}")),
        );
        for out in [&a, &b] {
            let run = sandbox
                .mds("form")
                .args(["sample-sds", "-o"])
                .arg(out.as_os_str())
                .args(["--prefill", "samples/responses/vendor-a.json"])
                .run();
            assert_eq!(run.code, 0, "{}", run.stderr);
        }
        let (x, y) = (
            std::fs::read(&a).unwrap_or_default(),
            std::fs::read(&b).unwrap_or_default(),
        );
        assert!(!x.is_empty() && x == y, "{ext}: two runs differ");
    }
}

#[test]
fn set_cover_fields_and_prefill() {
    let sandbox = Sandbox::new();
    let out = sandbox.path("form.json");
    let run = sandbox
        .mds("form")
        .args(["sample-sds@1.0", "-o"])
        .arg(out.as_os_str())
        .args([
            "--prefill",
            "samples/responses/vendor-b.json",
            "--set",
            "cover.created_on=令和8年11月1日",
            "--set",
            "cover.product_version=4.0",
        ])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let form: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out).unwrap_or_default()).unwrap_or_default();
    assert_eq!(form["cover"]["created_on"], "2026-11-01");
    assert_eq!(form["cover"]["product_version"], "4.0");
    assert_eq!(form["cover"]["vendor"], "架空システムズ株式会社");
    assert_eq!(form["answers"]["SAMPLE-AUTH-02"]["value"], "no");
    assert_eq!(form["answers"]["SAMPLE-AUTH-02"]["confirmed"], false);
    let run = sandbox
        .mds("validate")
        .args(["--format", "json"])
        .arg(out.as_os_str())
        .run();
    assert!(
        findings(&run).iter().all(|(c, _)| c == "unconfirmed"),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 0);
}

#[test]
fn refusals_leave_nothing_behind() {
    let sandbox = Sandbox::new();
    let prefill = sandbox.write(
        "old.json",
        std::fs::read(crate::util::root().join("samples/responses/vendor-a.json"))
            .unwrap_or_default(),
    );
    let before = std::fs::read(&prefill).unwrap_or_default();
    let cases: Vec<Vec<std::ffi::OsString>> = vec![
        // The output is the input.
        vec![
            "form".into(),
            "sample-sds".into(),
            "-o".into(),
            prefill.clone().into(),
            "--prefill".into(),
            prefill.clone().into(),
        ],
        // Neither a workbook nor JSON.
        vec![
            "form".into(),
            "sample-sds".into(),
            "-o".into(),
            sandbox.path("form.pdf").into(),
        ],
        // Unknown cover field, bad date, bad syntax.
        vec![
            "form".into(),
            "sample-sds".into(),
            "-o".into(),
            sandbox.path("f.json").into(),
            "--set".into(),
            "cover.colour=blue".into(),
        ],
        vec![
            "form".into(),
            "sample-sds".into(),
            "-o".into(),
            sandbox.path("f.json").into(),
            "--set".into(),
            "cover.created_on=someday".into(),
        ],
        vec![
            "form".into(),
            "sample-sds".into(),
            "-o".into(),
            sandbox.path("f.json").into(),
            "--set".into(),
            "vendor=x".into(),
        ],
        // Unknown questionnaire; a prefill for another questionnaire.
        vec![
            "form".into(),
            "nope".into(),
            "-o".into(),
            sandbox.path("f.json").into(),
        ],
        vec![
            "form".into(),
            "mds2".into(),
            "-o".into(),
            sandbox.path("f.json").into(),
            "--prefill".into(),
            prefill.clone().into(),
        ],
        // Into a folder that does not exist.
        vec![
            "form".into(),
            "sample-sds".into(),
            "-o".into(),
            sandbox.path("no/such/dir/f.json").into(),
        ],
    ];
    for args in cases {
        let run = sandbox.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.starts_with("mds: エラー: "),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(sandbox.files(), ["catalog", "old.json"], "{args:?}");
    }
    assert_eq!(std::fs::read(&prefill).unwrap_or_default(), before);
}

#[test]
fn output_is_replaced_atomically() {
    let sandbox = Sandbox::new();
    let out = sandbox.write("form.json", "old content");
    let run = sandbox
        .mds("form")
        .args(["mitsf-maintenance", "-o"])
        .arg(out.as_os_str())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap_or_default()
            .contains("mitsf-maintenance")
    );
    assert_eq!(sandbox.files(), ["catalog", "form.json"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| {
            std::fs::metadata(p)
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or(0)
        };
        assert_eq!(
            mode(&out),
            0o644,
            "a new or replaced file is readable by others, as files usually are"
        );
        let fresh = sandbox.path("fresh.json");
        let run = sandbox
            .mds("form")
            .args(["mds2", "-o"])
            .arg(fresh.as_os_str())
            .run();
        assert_eq!(run.code, 0);
        assert_eq!(mode(&fresh), 0o644);
    }
}
