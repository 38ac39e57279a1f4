//! Hostile and odd workbooks: every bound holds, with a clear message and exit code 2; nothing
//! is written.

use std::io::Write;

use crate::util::Sandbox;

/// A minimal .xlsx with one sheet named `回答` holding `sheet_xml`'s rows.
fn xlsx(sheet_data: &str, dimension: &str) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let parts = [
            ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string()),
            ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
            ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="回答" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
            ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
            ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>"#)),
        ];
        for (name, text) in parts {
            zip.start_file(name, options)
                .unwrap_or_else(|e| panic!("{e}"));
            zip.write_all(text.as_bytes())
                .unwrap_or_else(|e| panic!("{e}"));
        }
        zip.finish().unwrap_or_else(|e| panic!("{e}"));
    }
    out.into_inner()
}

fn s(r: &str, text: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

fn header_and_item() -> String {
    format!(
        r#"<row r="1">{}{}{}</row><row r="2">{}{}{}</row>"#,
        s("A1", "項目ID"),
        s("D1", "回答"),
        s("E1", "備考"),
        s("A2", "SAMPLE-AUTH-01"),
        s("D2", "はい"),
        s("E2", "備考あり")
    )
}

fn import(sandbox: &Sandbox, name: &str, bytes: &[u8], extra: &[&str]) -> crate::util::Run {
    let file = sandbox.write(name, bytes);
    let out = sandbox.path("out.json");
    let mut args: Vec<std::ffi::OsString> =
        vec!["import".into(), file.into(), "-o".into(), out.into()];
    args.extend(extra.iter().map(|a| a.into()));
    sandbox.run(&args)
}

#[test]
fn a_used_range_of_a_million_rows_imports_in_bounded_time_and_memory() {
    let sandbox = Sandbox::new();
    let mut data = header_and_item();
    for r in 3..200_000 {
        data.push_str(&format!(r#"<row r="{r}"/>"#));
    }
    data.push_str(&format!(
        r#"<row r="1048576">{}</row>"#,
        s("XFD1048576", "far away")
    ));
    let bytes = xlsx(&data, "A1:XFD1048576");
    let file = sandbox.write("far.xlsx", &bytes);
    let out = sandbox.path("out.json");
    let started = std::time::Instant::now();
    // Run under a 2 GiB address-space limit: a dense grid of this range would need terabytes.
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 2097152; exec \"{}\" import --questionnaire sample-sds \"{}\" -o \"{}\"",
            env!("CARGO_BIN_EXE_mds"),
            file.display(),
            out.display()
        ))
        .env("MDS_CATALOG", sandbox.path("catalog"))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        started.elapsed().as_secs() < 60,
        "took {:?}",
        started.elapsed()
    );
    let r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out).unwrap_or_default()).unwrap_or_default();
    assert_eq!(
        r["answers"]["SAMPLE-AUTH-01"],
        serde_json::json!({"value": "yes", "remarks": "備考あり"})
    );
}

#[test]
fn bounds_have_flags_and_clear_messages() {
    let sandbox = Sandbox::new();
    let mut data = header_and_item();
    for r in 3..40 {
        data.push_str(&format!(
            r#"<row r="{r}">{}</row>"#,
            s(&format!("B{r}"), "x")
        ));
    }
    let bytes = xlsx(&data, "A1:E40");
    let run = import(
        &sandbox,
        "many.xlsx",
        &bytes,
        &["--questionnaire", "sample-sds", "--max-cells", "10"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--max-cells") && run.stderr.contains("many.xlsx"),
        "{}",
        run.stderr
    );
    // Raised, it imports.
    let run = import(
        &sandbox,
        "many.xlsx",
        &bytes,
        &["--questionnaire", "sample-sds", "--max-cells", "1000"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::remove_file(sandbox.path("out.json")).unwrap_or_else(|e| panic!("{e}"));
    // A zip of many parts: refused before any is read, by a flag that exists.
    let mut parted = std::io::Cursor::new(Vec::new());
    {
        let mut source =
            zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap_or_else(|e| panic!("{e}"));
        let mut zip = zip::ZipWriter::new(&mut parted);
        for i in 0..source.len() {
            let part = source.by_index(i).unwrap_or_else(|e| panic!("{e}"));
            zip.raw_copy_file(part).unwrap_or_else(|e| panic!("{e}"));
        }
        for i in 0..30 {
            zip.start_file(
                format!("extra/{i}.bin"),
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        }
        zip.finish().unwrap_or_else(|e| panic!("{e}"));
    }
    let parted = parted.into_inner();
    let run = import(
        &sandbox,
        "parts.xlsx",
        &parted,
        &["--questionnaire", "sample-sds", "--max-parts", "20"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--max-parts") && run.stderr.contains("parts.xlsx"),
        "{}",
        run.stderr
    );
    assert!(!sandbox.path("out.json").exists());
    let run = import(
        &sandbox,
        "parts.xlsx",
        &parted,
        &["--questionnaire", "sample-sds", "--max-parts", "40"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::remove_file(sandbox.path("out.json")).unwrap_or_else(|e| panic!("{e}"));
    // A decompression bomb: 20 MB of a repeated row in a small file, against a part bound of 8 MiB
    // (the default bound, 256 MiB, works the same way).
    let row = format!(r#"<row>{}</row>"#, s("Z1", ""));
    let mut big = String::with_capacity(20 << 20);
    while big.len() < (20 << 20) {
        big.push_str(&row);
    }
    let bomb = xlsx(&big, "A1");
    assert!(bomb.len() < 1 << 20, "the bomb is small: {}", bomb.len());
    let run = import(
        &sandbox,
        "bomb.xlsx",
        &bomb,
        &["--questionnaire", "sample-sds", "--max-part-mib", "8"],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--max-part-mib"), "{}", run.stderr);
    let run = import(
        &sandbox,
        "bomb.xlsx",
        &bomb,
        &["--questionnaire", "sample-sds", "--max-file-mib", "0"],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--max-file-mib"), "{}", run.stderr);
    assert!(
        !sandbox.path("out.json").exists(),
        "nothing written when a bound stops the import"
    );
}

#[test]
fn encrypted_legacy_empty_and_other_files_are_refused() {
    let sandbox = Sandbox::new();
    let cfb = [0xD0u8, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let mut encrypted = cfb.to_vec();
    encrypted.extend(vec![0u8; 512]);
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    let mut legacy = cfb.to_vec();
    legacy.extend(vec![0u8; 1024]);
    let mut docx = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut docx);
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        zip.write_all(b"<w:document/>")
            .unwrap_or_else(|e| panic!("{e}"));
        zip.finish().unwrap_or_else(|e| panic!("{e}"));
    }
    let good = xlsx(&header_and_item(), "A1:E2");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("locked.xlsx", encrypted, "パスワード"),
        ("old.xls", legacy, ".xlsx"),
        ("letter.xlsx", docx.into_inner(), "Word"),
        ("empty.xlsx", xlsx("", "A1"), "データがありません"),
        ("truncated.xlsx", good[..good.len() / 2].to_vec(), "壊れて"),
        ("text.xlsx", b"just text".to_vec(), "ブックではありません"),
    ];
    for (name, bytes, says) in cases {
        let run = import(&sandbox, name, &bytes, &["--questionnaire", "sample-sds"]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains(name) && run.stderr.contains(says),
            "{name}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{name}");
        assert!(
            !sandbox.path("out.json").exists(),
            "{name}: nothing written"
        );
        // validate says the same, as a finding.
        let file = sandbox.path(name);
        let run = sandbox
            .mds("validate")
            .args(["--format", "json"])
            .arg(file.as_os_str())
            .run();
        assert_eq!(run.code, 2, "{name}");
    }
    // A workbook without our stamp is matched to the catalog by its item ids.
    let run = import(&sandbox, "plain.xlsx", &good, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sandbox.path("out.json")).unwrap_or_default())
            .unwrap_or_default();
    assert_eq!(r["questionnaire"]["id"], "sample-sds");
    std::fs::remove_file(sandbox.path("out.json")).unwrap_or_else(|e| panic!("{e}"));
    // Ids no questionnaire knows, and no --questionnaire: what to do.
    let unknown = xlsx(
        &header_and_item().replace("SAMPLE-AUTH-01", "ZZZ-99"),
        "A1:E2",
    );
    let run = import(&sandbox, "plain.xlsx", &unknown, &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--questionnaire") && run.stderr.contains("mds questionnaire extract"),
        "{}",
        run.stderr
    );
}

/// A zip of the given parts (name, text), deflated.
fn zip_of(parts: &[(String, String)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, text) in parts {
            zip.start_file(name.as_str(), options)
                .unwrap_or_else(|e| panic!("{e}"));
            zip.write_all(text.as_bytes())
                .unwrap_or_else(|e| panic!("{e}"));
        }
        zip.finish().unwrap_or_else(|e| panic!("{e}"));
    }
    out.into_inner()
}

/// An .xlsx whose sheets (name, part) share the given parts, with shared strings if given.
fn xlsx_sheets(
    sheets: &[(String, String)],
    parts: &[(String, String)],
    shared: Option<&str>,
) -> Vec<u8> {
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let mut all = vec![
        ("[Content_Types].xml".to_string(), r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#.to_string()),
        ("_rels/.rels".to_string(), format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#)),
    ];
    let list: String = sheets
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            format!(
                r#"<sheet name="{name}" sheetId="{}" r:id="rId{}"/>"#,
                i + 1,
                i + 1
            )
        })
        .collect();
    all.push(("xl/workbook.xml".into(), format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets>{list}</sheets></workbook>"#)));
    let mut rels: String = sheets
        .iter()
        .enumerate()
        .map(|(i, (_, part))| {
            format!(
                r#"<Relationship Id="rId{}" Type="{rel}/worksheet" Target="{part}"/>"#,
                i + 1
            )
        })
        .collect();
    if let Some(sst) = shared {
        rels.push_str(&format!(
            r#"<Relationship Id="rIdS" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>"#
        ));
        all.push(("xl/sharedStrings.xml".into(), sst.to_string()));
    }
    all.push(("xl/_rels/workbook.xml.rels".into(), format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#)));
    all.extend(parts.iter().map(|(n, t)| (format!("xl/{n}"), t.clone())));
    zip_of(&all)
}

/// An .ods of the given `office:spreadsheet` content.
fn ods_of(content: &str) -> Vec<u8> {
    zip_of(&[
        ("mimetype".into(), "application/vnd.oasis.opendocument.spreadsheet".into()),
        ("META-INF/manifest.xml".into(), r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#.into()),
        ("content.xml".into(), format!(r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>{content}</office:spreadsheet></office:body></office:document-content>"#)),
    ])
}

/// Bounds hold for the workbook as a whole: a sheet part listed many times, repeated .ods
/// tables, a shared string shown in many cells and spaces expanded in one cell are all counted
/// each time they are shown, and refused (exit 2, the file, the place, a flag that exists);
/// thousands of hidden-column ranges cost their number, not their width.
#[test]
fn totals_bound_the_whole_workbook() {
    let sandbox = Sandbox::new();
    let sample = ["--questionnaire", "sample-sds"];
    let refused = |run: &crate::util::Run, name: &str, flag: &str| {
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains(flag) && run.stderr.contains(name),
            "{name}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    };
    let cells = |rows: u32| -> String {
        (1..=rows)
            .map(|r| {
                format!(
                    r#"<row r="{r}">{}</row>"#,
                    ["A", "B", "C", "D", "E"]
                        .map(|c| s(&format!("{c}{r}"), "x"))
                        .concat()
                )
            })
            .collect()
    };
    let part = |data: &str| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData></worksheet>"#
        )
    };
    // One sheet part of 500 cells listed 30 times: 15,000 cells against a bound of 5,000.
    let same = xlsx_sheets(
        &(0..30)
            .map(|i| (format!("S{i}"), "worksheets/s.xml".to_string()))
            .collect::<Vec<_>>(),
        &[("worksheets/s.xml".into(), part(&cells(100)))],
        None,
    );
    let run = import(
        &sandbox,
        "same-part.xlsx",
        &same,
        &[sample[0], sample[1], "--max-cells", "5000"],
    );
    refused(&run, "same-part.xlsx", "--max-cells");
    assert!(
        run.stderr.contains("S10!A1"),
        "the place where the bound was met: {}",
        run.stderr
    );
    assert!(!sandbox.path("out.json").exists());
    // A 1 MB shared string shown in 200 cells: 200 MB of text against 1 MiB.
    let sst = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>{}</t></si></sst>"#,
        "あ".repeat(340_000)
    );
    let shown: String = (1..=200)
        .map(|r| format!(r#"<row r="{r}"><c r="B{r}" t="s"><v>0</v></c></row>"#))
        .collect();
    let big = xlsx_sheets(
        &[("回答".into(), "worksheets/b.xml".into())],
        &[("worksheets/b.xml".into(), part(&shown))],
        Some(&sst),
    );
    let run = import(
        &sandbox,
        "shared.xlsx",
        &big,
        &[sample[0], sample[1], "--max-text-mib", "1"],
    );
    refused(&run, "shared.xlsx", "--max-text-mib");
    // Within the bounds (256 MiB), the same 200 MB of text is read in a moment: a long text is looked at
    // by its start, not normalised in every cell that shows it.
    let started = std::time::Instant::now();
    let run = import(&sandbox, "shared.xlsx", &big, &sample);
    assert!(
        run.code <= 2 && !run.stderr.contains("panicked"),
        "{}",
        run.stderr
    );
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
    let _ = std::fs::remove_file(sandbox.path("out.json"));
    // 50,000 ranges hiding every column: read in a moment.
    let ranges = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols>{}</cols><sheetData>{}</sheetData></worksheet>"#,
        r#"<col min="1" max="16384" hidden="1"/>"#.repeat(50_000),
        cells(2)
    );
    let hidden = xlsx_sheets(
        &[("回答".into(), "worksheets/h.xml".into())],
        &[("worksheets/h.xml".into(), ranges)],
        None,
    );
    let started = std::time::Instant::now();
    let run = import(&sandbox, "ranges.xlsx", &hidden, &sample);
    assert!(
        run.code <= 2 && !run.stderr.contains("panicked"),
        "{}",
        run.stderr
    );
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
    let _ = std::fs::remove_file(sandbox.path("out.json"));
    // .ods: 20 tables of 61 rows of 1,000 repeated cells, from a file of a few hundred bytes.
    let table = |i: usize| {
        format!(
            r#"<table:table table:name="T{i}"><table:table-row table:number-rows-repeated="61"><table:table-cell table:number-columns-repeated="1000" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#
        )
    };
    let repeated = ods_of(&(0..20).map(table).collect::<String>());
    let run = import(
        &sandbox,
        "repeated.ods",
        &repeated,
        &[sample[0], sample[1], "--max-cells", "10000"],
    );
    refused(&run, "repeated.ods", "--max-cells");
    // .ods: one cell of 100,000 runs of 1,000 spaces (100 MB) against 1 MiB of text.
    let spaces = ods_of(&format!(
        r#"<table:table table:name="T"><table:table-row><table:table-cell office:value-type="string"><text:p>a{}</text:p></table:table-cell></table:table-row></table:table>"#,
        r#"<text:s text:c="1000"/>"#.repeat(100_000)
    ));
    let run = import(
        &sandbox,
        "spaces.ods",
        &spaces,
        &[sample[0], sample[1], "--max-text-mib", "1"],
    );
    refused(&run, "spaces.ods", "--max-text-mib");
    // .ods: 50,000 ranges of hidden columns.
    let columns = ods_of(&format!(
        r#"<table:table table:name="T">{}<table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#,
        r#"<table:table-column table:number-columns-repeated="16384" table:visibility="collapse"/>"#.repeat(50_000)
    ));
    let started = std::time::Instant::now();
    let run = import(&sandbox, "columns.ods", &columns, &sample);
    assert!(
        run.code <= 2 && !run.stderr.contains("panicked"),
        "{}",
        run.stderr
    );
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
}

/// Controls in a sheet name, an item id or a cell (ESC, BEL) never reach the terminal raw:
/// `inspect`, `validate` and `import` show them as markers on stdout and stderr.
#[test]
fn controls_in_a_workbook_never_reach_the_terminal() {
    let sandbox = Sandbox::new();
    let part = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">{}{}{}</row><row r="2">{}{}{}</row></sheetData></worksheet>"#,
        s("A1", "項番"),
        s("B1", "質問"),
        s("C1", "回答"),
        s("A2", "SAMPLE-AUTH-01&#x1b;[2J"),
        s("B2", "利用者認証"),
        s("C2", "はい&#x7;"),
    );
    let bytes = xlsx_sheets(
        &[("回答&#x1b;]0;x&#x7;".into(), "worksheets/a.xml".into())],
        &[("worksheets/a.xml".into(), part)],
        None,
    );
    let file = sandbox.write("controls.xlsx", &bytes);
    let raw = |s: &str| s.contains(['\u{1b}', '\u{7}']);
    for run in [
        sandbox
            .mds("inspect")
            .arg(&file)
            .args(["--format", "text"])
            .run(),
        sandbox.mds("inspect").arg(&file).run(),
        sandbox
            .mds("validate")
            .arg(&file)
            .args(["--questionnaire", "sample-sds"])
            .run(),
        sandbox
            .mds("import")
            .arg(&file)
            .args(["--questionnaire", "sample-sds", "-o"])
            .arg(sandbox.path("controls.json"))
            .run(),
    ] {
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert!(!raw(&run.stdout), "stdout: {:?}", run.stdout);
        assert!(!raw(&run.stderr), "stderr: {:?}", run.stderr);
    }
    let inspected = sandbox
        .mds("inspect")
        .arg(&file)
        .args(["--format", "text"])
        .run();
    assert!(
        inspected.stdout.contains("⟨U+001B⟩"),
        "{}",
        inspected.stdout
    );
}
