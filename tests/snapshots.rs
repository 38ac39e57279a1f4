//! What users see, as snapshots (`insta`): every report format of `mds compare` on the bundled
//! samples, in Japanese and English, and the terminal outputs of validate, diff, coverage and
//! profile show. A change to a report is reviewed as a diff of its snapshot:
//! `cargo insta review` (or `INSTA_UPDATE=always cargo test`) after a deliberate change.
//! Workbook and Word reports are snapshot as the text of their cells and paragraphs.

use crate::util::Sandbox;

const PROFILE: &str = "samples/profiles/hospital.json";
const BIDS: &str = "samples/responses";

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("snapshots");
    s.set_prepend_module_to_snapshot(false);
    s
}

/// The version of mds (in every report's provenance) as `[version]`.
fn unversioned(text: String) -> String {
    text.replace(env!("CARGO_PKG_VERSION"), "[version]")
}

fn ok(run: crate::util::Run, what: &str) -> String {
    assert!(run.code <= 1, "{what}: exit {}: {}", run.code, run.stderr);
    unversioned(run.stdout)
}

#[test]
fn compare_reports_in_every_text_format() {
    let sandbox = Sandbox::new();
    let _guard = settings().bind_to_scope();
    for lang in ["ja", "en"] {
        for format in ["table", "json", "md", "html", "csv"] {
            let run = sandbox
                .mds("compare")
                .args([
                    "--lang",
                    lang,
                    "--profile",
                    PROFILE,
                    "--format",
                    format,
                    "-o",
                    "-",
                    BIDS,
                ])
                .run();
            let name = format!("compare-{format}-{lang}");
            insta::assert_snapshot!(name, ok(run, &format!("{format} {lang}")));
        }
        let run = sandbox
            .mds("compare")
            .args([
                "--lang",
                lang,
                "--profile",
                PROFILE,
                "--format",
                "csv",
                "--detail",
                "-o",
                "-",
                BIDS,
            ])
            .run();
        insta::assert_snapshot!(format!("compare-csv-detail-{lang}"), ok(run, "csv detail"));
    }
}

/// The text of every cell of a workbook, sheet by sheet, tab-separated.
fn workbook_text(bytes: &[u8]) -> String {
    let wb = mds_core::xlsx::read_workbook(bytes, &Default::default(), mds_core::Lang::En)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut out = String::new();
    for sheet in &wb.sheets {
        out.push_str(&format!(
            "== {}{}\n",
            sheet.name,
            if sheet.hidden { " (hidden)" } else { "" }
        ));
        let mut row = None;
        for (&(r, c), v) in &sheet.cells {
            if row != Some(r) {
                if row.is_some() {
                    out.push('\n');
                }
                out.push_str(&format!("{}:", r + 1));
                row = Some(r);
            }
            out.push_str(&format!(
                "\t{}={}",
                mds_core::xlsx::column_letters(c),
                v.text()
            ));
        }
        out.push('\n');
    }
    out
}

/// The text of a Word document's paragraphs and cells, one per line.
fn docx_text(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap_or_else(|e| panic!("{e}"))
        .read_to_string(&mut xml)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut out = String::new();
    for para in xml.split("</w:p>") {
        let text: String = para
            .split("<w:t")
            .skip(1)
            // `<w:t>` or `<w:t xml:space=…>`, not `<w:tbl…>` or `<w:tcPr>`.
            .filter(|t| t.starts_with('>') || t.starts_with(' '))
            .filter_map(|t| t.split_once('>').map(|(_, rest)| rest))
            .filter_map(|t| t.split("</w:t>").next())
            .collect();
        if !text.is_empty() {
            out.push_str(&text);
            out.push('\n');
        }
    }
    out
}

#[test]
fn compare_reports_as_workbook_and_word() {
    let sandbox = Sandbox::new();
    let _guard = settings().bind_to_scope();
    for ext in ["xlsx", "docx"] {
        let out = sandbox.path(&format!("report.{ext}"));
        let run = sandbox
            .mds("compare")
            .args(["--profile", PROFILE, "-o"])
            .arg(&out)
            .arg(BIDS)
            .run();
        assert_eq!(run.code, 0, "{ext}: {}", run.stderr);
        let bytes = std::fs::read(&out).unwrap_or_default();
        let text = if ext == "xlsx" {
            workbook_text(&bytes)
        } else {
            docx_text(&bytes)
        };
        insta::assert_snapshot!(format!("compare-{ext}-ja"), unversioned(text));
    }
}

#[test]
fn terminal_outputs() {
    let sandbox = Sandbox::new();
    let _guard = settings().bind_to_scope();
    let cases: [(&str, Vec<&str>); 6] = [
        (
            "validate-text-ja",
            vec!["validate", "--format", "text", BIDS],
        ),
        (
            "validate-text-en",
            vec!["validate", "--lang", "en", "--format", "text", BIDS],
        ),
        (
            "diff-text-ja",
            vec![
                "diff",
                "--format",
                "text",
                "samples/responses/vendor-a.json",
                "samples/responses/vendor-b.json",
            ],
        ),
        (
            "coverage-table-ja",
            vec![
                "coverage",
                "--format",
                "table",
                "samples/responses/vendor-a.json",
            ],
        ),
        (
            "profile-show-table-ja",
            vec!["profile", "show", PROFILE, "--format", "table"],
        ),
        (
            "profile-show-md-en",
            vec!["profile", "show", "--lang", "en", PROFILE, "--format", "md"],
        ),
    ];
    for (name, args) in cases {
        let run = sandbox.mds(args[0]).args(&args[1..]).run();
        insta::assert_snapshot!(name, ok(run, name));
    }
}
