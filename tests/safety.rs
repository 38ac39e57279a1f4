//! Safe writing and the hostile-input corpus: every command that writes refuses an output equal
//! to an input, replaces outputs atomically, leaves no temporary file behind, and a failed or
//! interrupted run leaves the previous output intact.

use std::path::Path;

use crate::util::{Sandbox, files_in, root};

fn no_temp_files(dir: &Path) {
    let names = files_in(dir);
    assert!(
        !names
            .iter()
            .any(|n| n.starts_with(".mds-") || n.ends_with(".tmp")),
        "temporary files left: {names:?}"
    );
}

#[test]
fn every_writing_command_refuses_to_overwrite_an_input() {
    let sandbox = Sandbox::new();
    let response = sandbox.write(
        "r.json",
        std::fs::read(root().join("samples/responses/vendor-a.json")).unwrap_or_default(),
    );
    let profile = sandbox.write(
        "p.json",
        std::fs::read(root().join("samples/profiles/hospital.json")).unwrap_or_default(),
    );
    let book = sandbox.path("b.xlsx");
    assert_eq!(
        sandbox
            .run(&[
                "export".as_ref(),
                response.as_os_str(),
                "-o".as_ref(),
                book.as_os_str()
            ])
            .code,
        0
    );
    // A response in JSON whose name ends in .xlsx: the only way an export's output can be its input.
    let json_named_xlsx = sandbox.write(
        "j.xlsx",
        std::fs::read(root().join("samples/responses/vendor-a.json")).unwrap_or_default(),
    );
    let (r, p, b) = (
        response.to_str().unwrap_or(""),
        profile.to_str().unwrap_or(""),
        book.to_str().unwrap_or(""),
    );
    let j = json_named_xlsx.to_str().unwrap_or("");
    let before: Vec<Vec<u8>> = [&response, &profile, &book]
        .iter()
        .map(|f| std::fs::read(f).unwrap_or_default())
        .collect();
    let cases: Vec<Vec<&str>> = vec![
        vec!["form", "sample-sds", "--prefill", r, "-o", r],
        vec!["export", j, "-o", j],
        vec!["import", b, "-o", b],
        vec!["profile", "new", "sample-sds", "--from", p, "-o", p],
        vec!["profile", "import", b, "-o", b],
        vec!["profile", "show", p, "-o", p],
        vec!["compare", "--profile", p, r, "-o", r],
        vec!["compare", "--profile", p, r, "-o", p],
        vec!["diff", r, r, "-o", r],
        vec!["migrate", r, "--to", "sample-sds", "-o", r],
        vec!["coverage", r, "-o", r],
        vec!["inspect", b, "--emit-layout", b],
        vec!["questionnaire", "extract", b, "-o", b],
    ];
    for args in cases {
        let run = sandbox.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        let after: Vec<Vec<u8>> = [&response, &profile, &book]
            .iter()
            .map(|f| std::fs::read(f).unwrap_or_default())
            .collect();
        assert!(after == before, "{args:?} changed an input");
        no_temp_files(sandbox.dir.path());
    }
}

#[test]
fn a_failed_run_leaves_the_previous_output_intact() {
    let sandbox = Sandbox::new();
    let out = sandbox.write("report.json", "previous report");
    let broken = sandbox.write("broken.json", "{");
    let run = sandbox
        .mds("compare")
        .args(["--profile", "samples/profiles/hospital.json", "-o"])
        .arg(out.as_os_str())
        .arg("samples/responses/vendor-a.json")
        .arg(broken.as_os_str())
        .run();
    assert_eq!(run.code, 2);
    assert_eq!(
        std::fs::read_to_string(&out).unwrap_or_default(),
        "previous report"
    );
    no_temp_files(sandbox.dir.path());
}

#[test]
fn an_interrupted_run_leaves_the_previous_output_or_the_whole_new_one() {
    let sandbox = Sandbox::new();
    let bids = sandbox.path("bids");
    std::fs::create_dir_all(&bids).unwrap_or_else(|e| panic!("{e}"));
    let sample = std::fs::read(root().join("samples/responses/vendor-a.json")).unwrap_or_default();
    for i in 0..300 {
        std::fs::write(bids.join(format!("v{i:03}.json")), &sample)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let out = sandbox.write("report.html", "previous report");
    // Killed at many moments, from start-up to writing: never half a report, and never a
    // temporary file left behind (checked right after each kill).
    for delay_ms in [5u64, 20, 40, 60, 80, 100, 120, 160, 200, 260] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mds"))
            .args([
                "compare",
                "--profile",
                "samples/profiles/hospital.json",
                "-o",
            ])
            .arg(&out)
            .arg(&bids)
            .current_dir(root())
            .env("MDS_CATALOG", sandbox.path("catalog"))
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let text = std::fs::read_to_string(&out).unwrap_or_default();
        assert!(
            text == "previous report"
                || (text.starts_with("<!DOCTYPE html>") && text.ends_with("</html>\n")),
            "half-written: {} bytes",
            text.len()
        );
        no_temp_files(sandbox.dir.path());
    }
}

/// Hostile inputs not covered elsewhere: each gets the exit code of the product contract, a
/// message naming the file, no panic and nothing written.
#[test]
fn hostile_corpus() {
    let sandbox = Sandbox::new();
    let huge = format!(
        r#"{{"format":"mds-response/1","questionnaire":{{"id":"sample-sds","version":"1.0"}},"cover":{{"vendor":"{}"}}}}"#,
        "x".repeat(2 << 20)
    );
    let formula_only = {
        let mut z = std::io::Cursor::new(Vec::new());
        {
            use std::io::Write;
            let mut zip = zip::ZipWriter::new(&mut z);
            let o = zip::write::SimpleFileOptions::default();
            let parts = [
                ("xl/workbook.xml", r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
                ("xl/_rels/workbook.xml.rels", r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="x" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
                ("xl/worksheets/sheet1.xml", format!(
                    r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><f>1+1</f></c><c r="B1"><f>SUM(A1:A9)</f></c></row></sheetData><mergeCells count="50000">{}</mergeCells></worksheet>"#,
                    (0..50_000).map(|i| format!(r#"<mergeCell ref="C{}:D{}"/>"#, i + 1, i + 1)).collect::<String>()
                )),
            ];
            for (name, text) in parts {
                let _ = zip.start_file(name, o);
                let _ = zip.write_all(text.as_bytes());
            }
            let _ = zip.finish();
        }
        z.into_inner()
    };
    let cases: Vec<(&str, Vec<u8>, i32)> = vec![
        ("huge-string.json", huge.into_bytes(), 2),
        (
            "wrong-magic.xlsx",
            b"PK\x03\x04this is not a zip at all".to_vec(),
            2,
        ),
        ("zero.xlsx", Vec::new(), 2),
        ("formulas.xlsx", formula_only, 2),
        ("tag.json", br#"{"format":"mds-profile/7"}"#.to_vec(), 2),
        (
            "unknown-q.json",
            br#"{"format":"mds-response/1","questionnaire":{"id":"nope","version":"1"}}"#.to_vec(),
            2,
        ),
    ];
    for (name, bytes, code) in cases {
        let file = sandbox.write(name, &bytes);
        let out = sandbox.path("out.json");
        for args in [
            vec!["validate".into(), file.clone().into_os_string()],
            vec![
                "import".into(),
                file.clone().into_os_string(),
                "-o".into(),
                out.clone().into_os_string(),
            ],
        ] {
            let run = sandbox.run(&args);
            if args[0] == "import" && name.ends_with(".json") {
                assert_eq!(run.code, 2, "{name}: import of JSON is refused");
            } else {
                assert_eq!(run.code, code, "{name} {args:?}: {}", run.stderr);
            }
            assert!(run.stderr.contains(name), "{name}: {}", run.stderr);
            assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
            assert!(!out.exists(), "{name}: nothing written");
            no_temp_files(sandbox.dir.path());
        }
    }
    // The string bound can be raised.
    let run = sandbox
        .mds("validate")
        .args(["--max-string-kib", "4096"])
        .arg(sandbox.path("huge-string.json").as_os_str())
        .run();
    assert_eq!(run.code, 1, "read, then missing answers: {}", run.stderr);
}

/// `-o` never writes over a file the command reads, whether or not the command lists it among
/// its bids (a mapping, a key, a layout), and never replaces what is not a regular file (a
/// FIFO, a device).
#[test]
fn the_output_is_never_an_input_nor_a_device() {
    let sandbox = Sandbox::new();
    let root = crate::util::root();
    let mapping = sandbox.write(
        "m.json",
        std::fs::read(root.join("samples/mappings/mds2-sections-to-gl6.json")).unwrap_or_default(),
    );
    let before = std::fs::read(&mapping).unwrap_or_default();
    let run = sandbox
        .mds("compare")
        .arg(root.join("samples/responses/vendor-a.json"))
        .args([
            "--profile",
            "samples/profiles/hospital.json",
            "--format",
            "json",
            "--mapping",
        ])
        .arg(&mapping)
        .arg("-o")
        .arg(&mapping)
        .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("m.json"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(&mapping).unwrap_or_default(),
        before,
        "the mapping was written over"
    );
    // A FIFO given to -o is left a FIFO.
    let fifo = sandbox.path("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let run = sandbox
            .mds("compare")
            .arg(root.join("samples/responses/vendor-a.json"))
            .args([
                "--profile",
                "samples/profiles/hospital.json",
                "--format",
                "json",
                "-o",
            ])
            .arg(&fifo)
            .run();
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("-o -"), "{}", run.stderr);
        use std::os::unix::fs::FileTypeExt;
        assert!(
            std::fs::symlink_metadata(&fifo).is_ok_and(|m| m.file_type().is_fifo()),
            "the FIFO was replaced"
        );
    } else if crate::util::required() {
        panic!("mkfifo is needed for this test under CI");
    } else {
        eprintln!("notice: mkfifo not found; skipping the FIFO case");
    }
}
