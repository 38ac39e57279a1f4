//! `mds compare`: the bundled sample vendors against the sample hospital profile.

use crate::util::{Sandbox, chromium, dump_dom, root};

const PROFILE: &str = "samples/profiles/hospital.json";

fn compare(sandbox: &Sandbox, extra: &[&str]) -> crate::util::Run {
    let mut args = vec!["compare", "--profile", PROFILE];
    args.extend_from_slice(extra);
    sandbox.run(&args)
}

#[test]
fn ranks_the_sample_vendors() {
    let sandbox = Sandbox::new();
    let run = compare(&sandbox, &["--format", "json", "samples/responses"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("vendor-c.json"),
        "invalid bids are compared with a warning: {}",
        run.stderr
    );
    let json = run.json();
    let ranking = json["ranking"].as_array().cloned().unwrap_or_default();
    let view: Vec<(u64, String, bool, u64, u64, f64)> = ranking
        .iter()
        .map(|v| {
            (
                v["rank"].as_u64().unwrap_or(0),
                v["source"]
                    .as_str()
                    .unwrap_or("")
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .to_string(),
                v["qualified"].as_bool().unwrap_or(false),
                v["score"].as_u64().unwrap_or(0),
                v["max"].as_u64().unwrap_or(0),
                v["percent"].as_f64().unwrap_or(-1.0),
            )
        })
        .collect();
    assert_eq!(
        view,
        [
            (1, "vendor-a.json".into(), true, 480, 480, 100.0),
            (2, "vendor-d.json".into(), true, 460, 470, 97.9),
            (3, "vendor-c.json".into(), true, 410, 465, 88.2),
            (4, "vendor-b.json".into(), false, 390, 470, 83.0),
        ]
    );
    assert_eq!(
        ranking[3]["knockouts"],
        serde_json::json!(["SAMPLE-NET-01", "SAMPLE-AUTH-02"])
    );
    assert_eq!(ranking[3]["vendor"], "架空システムズ株式会社");
    assert_eq!(
        ranking[2]["flags"][0],
        serde_json::json!({"item": "SAMPLE-MAINT-03", "flag": "リスク評価が必要"})
    );
    assert_eq!(ranking[2]["errors"], 5);
    assert_eq!(ranking[0]["pending"], serde_json::json!([]));
    assert!(ranking[0].get("items").is_none(), "summary by default");
    // Provenance: version, questionnaire digest as in the catalog, profile digest, input hashes.
    let p = &json["provenance"];
    assert_eq!(p["mds_version"], env!("CARGO_PKG_VERSION"));
    let listed = sandbox
        .mds("catalog")
        .args(["--format", "json"])
        .run()
        .json();
    let digest = listed["questionnaires"]
        .as_array()
        .and_then(|l| l.iter().find(|q| q["id"] == "sample-sds"))
        .map(|q| q["digest"].clone());
    assert_eq!(Some(p["questionnaire"]["digest"].clone()), digest);
    assert!(
        p["profile"]["sha256"]
            .as_str()
            .is_some_and(|d| d.starts_with("sha256:"))
    );
    let inputs = p["inputs"].as_array().cloned().unwrap_or_default();
    assert_eq!(inputs.len(), 5);
    let bytes = std::fs::read(root().join("samples/responses/vendor-a.json")).unwrap_or_default();
    let hash = mds_core::digest::sha256_hex(&bytes);
    assert!(
        inputs.iter().any(|i| i["sha256"] == hash.as_str()),
        "{inputs:?}"
    );
}

#[test]
fn detail_explains_every_item() {
    let sandbox = Sandbox::new();
    let run = compare(
        &sandbox,
        &[
            "--format",
            "json",
            "--detail",
            "samples/responses/vendor-b.json",
        ],
    );
    let json = run.json();
    let items = json["ranking"][0]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let auth = items
        .iter()
        .find(|i| i["item"] == "SAMPLE-AUTH-02")
        .cloned()
        .unwrap_or_default();
    assert_eq!(auth["outcome"], "unmet");
    assert_eq!(auth["reason"]["why"], "not-expected");
    assert_eq!(auth["must"], true);
    assert_eq!(auth["given"], "no");
    assert!(
        auth["explanation"]
            .as_str()
            .is_some_and(|e| e.contains("期待する回答ではありません"))
    );
    let std = items
        .iter()
        .find(|i| i["item"] == "SAMPLE-STD-01")
        .cloned()
        .unwrap_or_default();
    assert_eq!(std["reason"]["why"], "section-off");
    let sections = json["ranking"][0]["sections"].as_array().map(Vec::len);
    assert_eq!(sections, Some(15), "16 sections, one switched off");
}

#[test]
fn every_format_is_deterministic_and_chosen_by_extension() {
    let sandbox = Sandbox::new();
    for ext in ["json", "md", "html", "csv", "txt"] {
        let (a, b) = (
            sandbox.path(&format!("a.{ext}")),
            sandbox.path(&format!("b.{ext}")),
        );
        for out in [&a, &b] {
            let run = compare(
                &sandbox,
                &["-o", out.to_str().unwrap_or_default(), "samples/responses"],
            );
            assert_eq!(run.code, 0, "{ext}: {}", run.stderr);
        }
        let (x, y) = (
            std::fs::read(&a).unwrap_or_default(),
            std::fs::read(&b).unwrap_or_default(),
        );
        assert!(!x.is_empty() && x == y, "{ext}: two runs differ");
        let text = String::from_utf8_lossy(&x);
        match ext {
            "json" => assert!(text.starts_with("{\n  \"ranking\"")),
            "md" => assert!(
                text.starts_with("# 開示書の比較")
                    && text.contains("| 1 | サンプル医療クラウド株式会社（架空） |")
            ),
            "html" => assert!(
                text.starts_with("<!DOCTYPE html>")
                    && !text.contains("http://")
                    && !text.contains("https://")
            ),
            "csv" => assert!(
                text.starts_with('\u{feff}')
                    && text.contains("\r\n")
                    && !text.replace("\r\n", "").contains('\n')
            ),
            _ => assert!(text.starts_with("+------+")),
        }
    }
}

#[test]
fn english_on_request() {
    let sandbox = Sandbox::new();
    let run = compare(
        &sandbox,
        &["--lang", "en", "--format", "md", "samples/responses"],
    );
    assert!(
        run.stdout.starts_with("# Comparison of disclosures"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("## Gaps by vendor"));
    assert!(
        run.stderr.contains("compared all the same"),
        "{}",
        run.stderr
    );
}

#[test]
fn fail_under_checks_the_best_qualified_vendor() {
    let sandbox = Sandbox::new();
    let bids = [
        "samples/responses/vendor-b.json",
        "samples/responses/vendor-c.json",
    ];
    let mut args = vec!["--format", "json", "--fail-under", "90"];
    args.extend(bids);
    let run = compare(&sandbox, &args);
    assert_eq!(
        run.code, 1,
        "vendor-c (88.2%) is the best qualified: {}",
        run.stderr
    );
    assert!(
        run.stdout.contains("\"ranking\""),
        "the report is written all the same"
    );
    let mut args = vec!["--format", "json", "--fail-under", "88.2"];
    args.extend(bids);
    assert_eq!(compare(&sandbox, &args).code, 0);
    // No qualified vendor at all is below any threshold.
    let run = compare(
        &sandbox,
        &[
            "--format",
            "json",
            "--fail-under",
            "1",
            "samples/responses/vendor-b.json",
        ],
    );
    assert_eq!(run.code, 1);
}

#[test]
fn pins_that_do_not_match_stop_with_the_files_named() {
    let sandbox = Sandbox::new();
    let other = sandbox.write(
        "mds2-bid.json",
        r#"{"format":"mds-response/1","questionnaire":{"id":"mds2","version":"2019"},"cover":{"vendor":"X"},"answers":{}}"#,
    );
    let run = sandbox
        .mds("compare")
        .arg("--profile")
        .arg(PROFILE)
        .arg("samples/responses/vendor-a.json")
        .arg(other.as_os_str())
        .run();
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("mds2-bid.json (mds2@2019)"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("vendor-a.json"), "{}", run.stderr);
}

#[test]
fn unusable_inputs_exit_2_and_write_nothing() {
    let sandbox = Sandbox::new();
    let bad_profile = sandbox.write(
        "p.json",
        r#"{"format":"mds-profile/1","questionnaire":{"id":"sample-sds","version":"1.0"},"requirements":{"SAMPLE-AUTH-01":{"expect":["maybe"]}}}"#,
    );
    let broken = sandbox.write("broken.json", "{not json");
    let out = sandbox.path("out.html");
    let o = out.to_str().unwrap_or_default();
    let cases: Vec<Vec<&str>> = vec![
        vec![
            "compare",
            "--profile",
            bad_profile.to_str().unwrap_or_default(),
            "-o",
            o,
            "samples/responses",
        ],
        vec![
            "compare",
            "--profile",
            PROFILE,
            "-o",
            o,
            broken.to_str().unwrap_or_default(),
        ],
        vec![
            "compare",
            "--profile",
            PROFILE,
            "-o",
            PROFILE,
            "samples/responses",
        ],
        vec![
            "compare",
            "--profile",
            PROFILE,
            "-o",
            "samples/responses/vendor-a.json",
            "samples/responses",
        ],
        vec![
            "compare",
            "--profile",
            "samples/responses/vendor-a.json",
            "samples/responses",
        ],
    ];
    for args in cases {
        let run = sandbox.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(!out.exists(), "{args:?}");
    }
    assert_eq!(sandbox.files(), ["broken.json", "catalog", "p.json"]);
}

/// A bid whose vendor name and remarks try to inject markup and formulas.
fn hostile_bid(sandbox: &Sandbox) -> std::path::PathBuf {
    let text =
        std::fs::read_to_string(root().join("samples/responses/vendor-b.json")).unwrap_or_default();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    v["cover"]["vendor"] = "<script>alert(1)</script>".into();
    v["answers"]["SAMPLE-AUTH-02"]["remarks"] = "=HYPERLINK(\"http://x\",\"y\")".into();
    sandbox.write("hostile.json", serde_json::to_vec(&v).unwrap_or_default())
}

#[test]
fn vendor_text_is_inert_in_every_format() {
    let sandbox = Sandbox::new();
    let bid = hostile_bid(&sandbox);
    let bid = bid.to_str().unwrap_or_default();
    for (format, must_not) in [
        ("html", "<script>alert"),
        ("md", "<script>alert"),
        ("table", ""),
    ] {
        let run = compare(&sandbox, &["--format", format, "--detail", bid]);
        assert_eq!(run.code, 0);
        if !must_not.is_empty() {
            assert!(!run.stdout.contains(must_not), "{format}: {}", run.stdout);
            assert!(
                run.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
                "{format}"
            );
        }
    }
    // CSV: parsed, the formula cell is neutralised.
    let run = compare(&sandbox, &["--format", "csv", "--detail", bid]);
    let cells = parse_csv(&run.stdout);
    let remarks: Vec<&String> = cells
        .iter()
        .flatten()
        .filter(|c| c.contains("HYPERLINK"))
        .collect();
    assert!(!remarks.is_empty());
    assert!(remarks.iter().all(|c| c.starts_with("'=")), "{remarks:?}");
    assert!(
        cells
            .iter()
            .flatten()
            .all(|c| !c.starts_with(['=', '+', '-', '@'])),
        "no cell starts a formula"
    );
    assert!(
        cells
            .iter()
            .flatten()
            .any(|c| c == "<script>alert(1)</script>"),
        "vendor text kept as data"
    );
    // JSON keeps vendor text as data.
    let run = compare(&sandbox, &["--format", "json", bid]);
    assert_eq!(
        run.json()["ranking"][0]["vendor"],
        "<script>alert(1)</script>"
    );
}

/// A small RFC 4180 reader (quoted cells, doubled quotes, CRLF), skipping a BOM.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let text = text.trim_start_matches('\u{feff}');
    let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    rows
}

#[test]
fn html_report_in_headless_chromium() {
    let Some(chromium) = chromium() else { return };
    let sandbox = Sandbox::new();
    let bid = hostile_bid(&sandbox);
    let out = sandbox.path("report.html");
    let run = sandbox
        .mds("compare")
        .arg("--profile")
        .arg(PROFILE)
        .arg("-o")
        .arg(out.as_os_str())
        .arg("samples/responses")
        .arg(bid.as_os_str())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dom = dump_dom(&chromium, &out);
    assert!(
        dom.contains("data-ready=\"1\""),
        "the report's script ran without error"
    );
    let ranking = dom
        .split("<table id=\"ranking\">")
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .unwrap_or("");
    for vendor in [
        "サンプル医療クラウド株式会社（架空）",
        "テスト医療情報サービス株式会社（架空）",
        "例示ヘルステック合同会社",
        "架空システムズ株式会社",
    ] {
        assert!(
            ranking.contains(vendor),
            "{vendor} in the ranking of the DOM"
        );
    }
    assert_eq!(ranking.matches("<tr class=").count(), 5, "{ranking}");
    assert!(
        !dom.contains("<script>alert"),
        "the vendor name stays text in the DOM"
    );
    assert!(ranking.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_eq!(
        dom.matches("<script>").count(),
        1,
        "only the report's own script"
    );
}

/// The text of every XML part of an Office file (xlsx, docx), to look for what a reader sees.
fn office_text(path: &std::path::Path) -> String {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut zip = zip::ZipArchive::new(file).unwrap_or_else(|e| panic!("{e}"));
    let mut out = String::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap_or_else(|e| panic!("{e}"));
        if part.name().is_ok_and(|n| n.ends_with(".xml")) {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut part, &mut text);
            out.push_str(&text);
        }
    }
    out
}

#[test]
fn a_folder_holds_workbooks_as_well_as_json_and_its_other_files_are_named() {
    let sandbox = Sandbox::new();
    let dir = sandbox.path("bids");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(
        root().join("samples/responses/vendor-a.json"),
        dir.join("a.json"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // Vendor B sends a workbook.
    let b = dir.join("b.xlsx");
    let run = sandbox
        .mds("export")
        .arg(root().join("samples/responses/vendor-b.json").as_os_str())
        .arg("-o")
        .arg(b.as_os_str())
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Earlier reports and a note in the same folder are not bids.
    let dir_s = dir.to_str().unwrap_or_default();
    for out in ["report.json", "report.xlsx", "report.html"] {
        let path = dir.join(out);
        let run = compare(&sandbox, &[dir_s, "-o", path.to_str().unwrap_or_default()]);
        assert_eq!(run.code, 0, "{out}: {}", run.stderr);
    }
    std::fs::write(dir.join("memo.txt"), "届いた順").unwrap_or_else(|e| panic!("{e}"));
    let run = compare(&sandbox, &["--format", "json", dir_s]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sources: Vec<String> = run.json()["ranking"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|v| v["source"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(sources.len(), 2, "{sources:?}");
    assert!(sources.iter().any(|s| s.ends_with("b.xlsx")), "{sources:?}");
    for named in ["memo.txt", "report.json", "report.xlsx", "report.html"] {
        assert!(run.stderr.contains(named), "{named}: {}", run.stderr);
    }
    // validate reads the same files.
    let run = sandbox
        .mds("validate")
        .args(["--format", "json"])
        .arg(dir_s)
        .run();
    let files = run.json()["files"].as_array().cloned().unwrap_or_default();
    assert_eq!(files.len(), 2, "{}", run.stdout);
    // A report named on its own is refused: it is no bid.
    let report = dir.join("report.xlsx");
    let run = compare(&sandbox, &[report.to_str().unwrap_or_default()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn every_format_shows_each_bids_validation_state() {
    let sandbox = Sandbox::new();
    for format in ["table", "json", "md", "html", "csv", "xlsx", "docx"] {
        let ext = if format == "table" { "txt" } else { format };
        let out = sandbox.path(&format!("r.{ext}"));
        let run = compare(
            &sandbox,
            &[
                "--format",
                format,
                "samples/responses",
                "-o",
                out.to_str().unwrap_or_default(),
            ],
        );
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        let text = match format {
            "xlsx" | "docx" => office_text(&out),
            _ => std::fs::read_to_string(&out).unwrap_or_default(),
        };
        if format == "json" {
            let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            let by_source = |s: &str| {
                json["ranking"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .find(|v| v["source"].as_str().is_some_and(|x| x.ends_with(s)))
                    .unwrap_or_default()
            };
            assert_eq!(by_source("vendor-d.json")["valid"], false);
            assert_eq!(by_source("vendor-d.json")["errors"], 3);
            assert_eq!(by_source("vendor-a.json")["valid"], true);
            assert_eq!(by_source("vendor-a.json")["errors"], 0);
            continue;
        }
        assert!(text.contains("不備 3 件"), "{format}: vendor D's 3 errors");
        assert!(text.contains("不備 5 件"), "{format}: vendor C's 5 errors");
        assert!(text.contains("検証"), "{format}: the column is named");
    }
    let run = compare(
        &sandbox,
        &["--format", "md", "--lang", "en", "samples/responses"],
    );
    assert!(run.stdout.contains("3 errors"), "{}", run.stdout);
}

#[test]
fn the_same_vendor_twice_is_named_and_marked() {
    let sandbox = Sandbox::new();
    let copy = sandbox.write(
        "again.json",
        std::fs::read(root().join("samples/responses/vendor-a.json")).unwrap_or_default(),
    );
    let run = compare(
        &sandbox,
        &[
            "--format",
            "md",
            "samples/responses/vendor-a.json",
            copy.to_str().unwrap_or_default(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("vendor-a.json") && run.stderr.contains("again.json"),
        "the warning names both files: {}",
        run.stderr
    );
    assert_eq!(run.stdout.matches("同じ事業者の開示書が 2 件").count(), 2);
    let run = compare(
        &sandbox,
        &[
            "--format",
            "json",
            "samples/responses/vendor-a.json",
            copy.to_str().unwrap_or_default(),
        ],
    );
    let ranking = run.json()["ranking"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(ranking.len(), 2, "both stay in the report");
    assert!(
        ranking
            .iter()
            .all(|v| v["same_vendor"].as_array().is_some_and(|a| a.len() == 1))
    );
}

/// A vendor name anyone can write on a cover decides nothing when two bids claim it: the
/// hospital's adjudication keyed by that name applies to neither (with a warning naming both
/// files), while one keyed by a file's path applies to that file only.
#[test]
fn an_adjudication_claimed_by_two_bids_applies_to_neither() {
    let sandbox = Sandbox::new();
    let root = crate::util::root();
    let real = root.join("samples/responses/vendor-a.json");
    let vendor = "サンプル医療クラウド株式会社（架空）";
    let text =
        std::fs::read_to_string(root.join("samples/responses/vendor-b.json")).unwrap_or_default();
    let mut copy: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    copy["cover"]["vendor"] = vendor.into();
    let impostor = sandbox.write(
        "impostor.json",
        serde_json::to_vec(&copy).unwrap_or_default(),
    );
    let adjudged = |run: &crate::util::Run, source: &str| -> Option<bool> {
        let d = run.json();
        let v = d["ranking"]
            .as_array()?
            .iter()
            .find(|v| v["source"].as_str().is_some_and(|s| s.ends_with(source)))?
            .clone();
        let item = v["items"]
            .as_array()?
            .iter()
            .find(|i| i["item"] == "SAMPLE-RESP-03")?
            .clone();
        Some(item["reason"]["why"] == "adjudicated")
    };
    // The sample profile adjudicates by the vendor's name: both bids claim it.
    let run = sandbox
        .mds("compare")
        .arg(&real)
        .arg(&impostor)
        .args([
            "--profile",
            "samples/profiles/hospital.json",
            "--detail",
            "--format",
            "json",
        ])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(vendor)
            && run.stderr.contains("vendor-a.json")
            && run.stderr.contains("impostor.json"),
        "{}",
        run.stderr
    );
    assert_eq!(adjudged(&run, "vendor-a.json"), Some(false));
    assert_eq!(adjudged(&run, "impostor.json"), Some(false));
    assert_eq!(
        run.json()["contested_adjudications"][0]["key"],
        serde_json::json!(vendor)
    );
    // Alone, the real bid gets it.
    let run = sandbox
        .mds("compare")
        .arg(&real)
        .args([
            "--profile",
            "samples/profiles/hospital.json",
            "--detail",
            "--format",
            "json",
        ])
        .run();
    assert_eq!(
        adjudged(&run, "vendor-a.json"),
        Some(true),
        "{}",
        run.stdout
    );
    // Keyed by the file's path, it goes to that file only, whoever else claims the name.
    let text =
        std::fs::read_to_string(root.join("samples/profiles/hospital.json")).unwrap_or_default();
    let mut profile: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let decision = profile["adjudications"][vendor].clone();
    profile["adjudications"] = serde_json::json!({ real.display().to_string(): decision });
    let keyed = sandbox.write(
        "keyed.json",
        serde_json::to_vec(&profile).unwrap_or_default(),
    );
    let run = sandbox
        .mds("compare")
        .arg(&real)
        .arg(&impostor)
        .arg("--profile")
        .arg(&keyed)
        .args(["--detail", "--format", "json"])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        adjudged(&run, "vendor-a.json"),
        Some(true),
        "{}",
        run.stdout
    );
    assert_eq!(adjudged(&run, "impostor.json"), Some(false));
}
