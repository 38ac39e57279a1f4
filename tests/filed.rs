//! Reports a committee can file as they are, checked on paper: the DOCX annex converted to PDF by
//! LibreOffice is A4, repeats the header row of a table on every page it continues on, never
//! splits a row across pages, numbers its pages in a footer with the title, and prints its text
//! at 8 pt or more (`pdftotext -bbox`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{Sandbox, convert, required, root, soffice};

/// A bid that answers いいえ everywhere: its gaps table runs over several pages.
fn all_no(sandbox: &Sandbox) -> PathBuf {
    let text =
        std::fs::read_to_string(root().join("samples/responses/vendor-b.json")).unwrap_or_default();
    let mut bid: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    if let Some(answers) = bid["answers"].as_object_mut() {
        for (_, a) in answers.iter_mut() {
            if a["value"].is_string() && a["value"] != "" {
                a["value"] = "no".into();
                a["remarks"] = "（試験）一行では収まらない長さの備考を書いておき、表の行が高くなるようにする。".into();
            }
        }
    }
    bid["cover"]["vendor"] = "いいえ株式会社（架空）".into();
    sandbox.write("all-no.json", serde_json::to_vec(&bid).unwrap_or_default())
}

fn pdftotext() -> bool {
    let ok = Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty());
    if !ok {
        assert!(
            !required(),
            "pdftotext is required under CI: install poppler-utils"
        );
        eprintln!("notice: pdftotext not found; skipping");
    }
    ok
}

/// The text of each page, laid out.
fn pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext: {e}"));
    String::from_utf8_lossy(&out.stdout)
        .split('\u{c}')
        .map(str::to_string)
        .filter(|p| !p.trim().is_empty())
        .collect()
}

/// The heights of the words of a PDF, in points (`pdftotext -bbox`), and its page sizes.
fn word_heights(pdf: &Path) -> (Vec<f64>, Vec<(f64, f64)>) {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext: {e}"));
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let number = |tag: &str, name: &str| -> f64 {
        tag.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0)
    };
    let mut heights = Vec::new();
    let mut sizes = Vec::new();
    for tag in html.split('<') {
        if tag.starts_with("word ") {
            heights.push(number(tag, "yMax") - number(tag, "yMin"));
        } else if tag.starts_with("page ") {
            sizes.push((number(tag, "width"), number(tag, "height")));
        }
    }
    (heights, sizes)
}

fn a4(size: (f64, f64)) -> bool {
    let (w, h) = (size.0.min(size.1), size.0.max(size.1));
    (w - 595.3).abs() < 2.0 && (h - 841.9).abs() < 2.0
}

#[test]
fn the_docx_annex_prints_as_a_committee_files_it() {
    let Some(soffice) = soffice() else {
        return;
    };
    if !pdftotext() {
        return;
    }
    let sandbox = Sandbox::new();
    let bid = all_no(&sandbox);
    let annex = sandbox.path("annex.docx");
    let run = sandbox
        .mds("compare")
        .args(["--profile", "samples/profiles/hospital.json", "-o"])
        .arg(&annex)
        .arg("samples/responses")
        .arg(&bid)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = convert(&soffice, &annex, "pdf", &sandbox.path("pdf"));
    let pages = pages(&pdf);
    assert!(
        pages.len() >= 3,
        "the gaps run over several pages: {}",
        pages.len()
    );
    let (heights, sizes) = word_heights(&pdf);
    assert!(sizes.iter().all(|s| a4(*s)), "A4: {sizes:?}");
    // Text at 8 pt or more (a word's box is about its font's size).
    let small = heights.iter().filter(|h| **h < 7.5).count();
    assert_eq!(small, 0, "words under 8 pt: {small} of {}", heights.len());
    let total = pages.len();
    for (i, page) in pages.iter().enumerate() {
        // The footer: the title and the page number.
        assert!(
            page.contains(&format!("{} / {total} ページ", i + 1)) && page.contains("開示書の比較"),
            "page {}: {page}",
            i + 1
        );
        // A page that does not start with a heading continues a table: its header row is there.
        let first = page.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let heading = first.trim_start().starts_with(|c: char| c.is_ascii_digit())
            || [
                "開示書の比較",
                "順位",
                "セクション",
                "事業者別",
                "出典",
                "項目",
                // The provenance's lines, paragraphs rather than a table.
                "入力",
                "mds ",
                "質問票",
                "プロファイル",
            ]
            .iter()
            .any(|h| first.trim_start().starts_with(h));
        assert!(
            heading,
            "page {} starts inside a table without its header: {first:?}",
            i + 1
        );
    }
    // No row is split: every unmet item of the all-no bid has its id and its question on one page.
    let questions: serde_json::Value = serde_json::from_str(
        &sandbox
            .mds("catalog")
            .args(["show", "sample-sds@1.0"])
            .run()
            .stdout,
    )
    .unwrap_or_default();
    let mut checked = 0;
    for section in questions["sections"].as_array().into_iter().flatten() {
        for item in section["items"].as_array().into_iter().flatten() {
            let id = item["id"].as_str().unwrap_or("");
            let text: String = item["text"]["ja"]
                .as_str()
                .unwrap_or("")
                .chars()
                .take(8)
                .collect();
            if text.is_empty() {
                continue;
            }
            let together = pages
                .iter()
                .any(|p| p.lines().any(|l| l.contains(id)) && p.contains(&text));
            if pages.iter().any(|p| p.contains(id)) {
                assert!(together, "{id} and its question are on one page");
                checked += 1;
            }
        }
    }
    assert!(checked > 20, "checked {checked} rows");
}

/// The pages of a workbook printed by LibreOffice: A4, text at 8 pt or more, and every page
/// starting with a header row (or the title rows) repeated from its sheet.
fn check_printed_workbook(pdf: &Path, heads: &[&str]) -> usize {
    let (heights, sizes) = word_heights(pdf);
    assert!(sizes.iter().all(|s| a4(*s)), "A4: {sizes:?}");
    let small = heights.iter().filter(|h| **h < 7.5).count();
    assert_eq!(small, 0, "words under 8 pt: {small} of {}", heights.len());
    let pages = pages(pdf);
    for (i, page) in pages.iter().enumerate() {
        let first = page.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        assert!(
            heads.iter().any(|h| first.trim_start().starts_with(h)),
            "page {} starts without its header row: {first:?}",
            i + 1
        );
    }
    pages.len()
}

#[test]
fn the_xlsx_report_and_the_form_print_readably() {
    let Some(soffice) = soffice() else {
        return;
    };
    if !pdftotext() {
        return;
    }
    let sandbox = Sandbox::new();
    // Nine bidders: the matrix is wider than a page.
    let mut bids = vec![all_no(&sandbox)];
    for (i, sample) in ["a", "b", "c", "d", "a", "b", "c", "d"].iter().enumerate() {
        let text =
            std::fs::read_to_string(root().join(format!("samples/responses/vendor-{sample}.json")))
                .unwrap_or_default();
        let mut bid: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        bid["cover"]["vendor"] = format!("入札事業者{}株式会社（架空）", i + 1).into();
        bids.push(sandbox.write(
            &format!("bid-{i}.json"),
            serde_json::to_vec(&bid).unwrap_or_default(),
        ));
    }
    let report = sandbox.path("report.xlsx");
    let run = sandbox
        .mds("compare")
        .args(["--profile", "samples/profiles/hospital.json", "-o"])
        .arg(&report)
        .args(&bids)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = convert(&soffice, &report, "pdf", &sandbox.path("pdf"));
    let pages = check_printed_workbook(&pdf, &["開示書の比較", "順位", "項目", "SAMPLE-"]);
    assert!(pages > 4, "printed over as many pages as needed: {pages}");
    // Percentages with one decimal.
    let shown = python_cells(&report);
    assert!(shown.contains("100.0") || shown.contains("83.0"), "{shown}");

    // The vendor's form: readable on paper.
    let form = sandbox.path("form.xlsx");
    let run = sandbox
        .mds("form")
        .arg("sample-sds@1.0")
        .arg("-o")
        .arg(&form)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = convert(&soffice, &form, "pdf", &sandbox.path("form-pdf"));
    let (heights, sizes) = word_heights(&pdf);
    assert!(sizes.iter().all(|s| a4(*s)), "A4: {sizes:?}");
    let small = heights.iter().filter(|h| **h < 7.5).count();
    assert_eq!(
        small,
        0,
        "words of the form under 8 pt: {small} of {}",
        heights.len()
    );
    // The cover shows its labels, not the field ids behind them.
    let cover = self::pages(&pdf).into_iter().next().unwrap_or_default();
    assert!(
        cover.contains("サンプル SDS 質問票")
            && cover.contains("作成日")
            && cover.contains("連絡先"),
        "{cover}"
    );
    for id in ["created_on", "contact", "product"] {
        assert!(!cover.contains(id), "{id} on the cover: {cover}");
    }
}

/// The cells of a workbook as LibreOffice shows them (CSV of its first sheet, formatted, UTF-8).
fn python_cells(book: &Path) -> String {
    let Some(soffice) = soffice() else {
        return String::new();
    };
    let dir = book.with_extension("csv-out");
    let csv = convert(
        &soffice,
        book,
        "csv:Text - txt - csv (StarCalc):44,34,76,1",
        &dir,
    );
    std::fs::read_to_string(csv).unwrap_or_default()
}

/// The HTML report printed by Chromium: A4 (its `@page` rule), text at 7 pt or more, and every
/// vendor's name whole on the page, never cut into a column one character wide.
#[test]
fn the_html_report_prints_on_a4() {
    let Some(chromium) = crate::util::chromium() else {
        return;
    };
    if !pdftotext() {
        return;
    }
    let sandbox = Sandbox::new();
    let html = sandbox.path("report.html");
    let run = sandbox
        .mds("compare")
        .args(["--profile", "samples/profiles/hospital.json", "-o"])
        .arg(&html)
        .arg("samples/responses")
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shown = std::fs::read_to_string(&html).unwrap_or_default();
    assert!(shown.contains("@page { size: A4"), "an @page rule");
    assert!(
        shown.contains("id=\"section-scores\""),
        "sections × vendors as one table"
    );
    let pdf = sandbox.path("report.pdf");
    let profile = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap_or_else(|e| panic!("chromium: {e}"));
    assert!(pdf.is_file(), "{}", String::from_utf8_lossy(&out.stderr));
    let (heights, sizes) = word_heights(&pdf);
    assert!(
        !sizes.is_empty() && sizes.iter().all(|s| a4(*s)),
        "A4: {sizes:?}"
    );
    let small = heights.iter().filter(|h| **h < 6.5).count();
    assert_eq!(small, 0, "words under 7 pt: {small} of {}", heights.len());
    let text = pages(&pdf).join("\n");
    for vendor in [
        "サンプル医療クラウド株式会社（架空）",
        "架空システムズ株式会社",
        "例示ヘルステック合同会社",
    ] {
        assert!(
            text.contains(vendor),
            "{vendor} whole in the printed report"
        );
    }
}
