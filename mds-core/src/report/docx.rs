//! Word documents for tender files: the comparison annex (ranking, per-section table, gaps,
//! provenance) and the requirement table of a profile.
//!
//! Fonts: Yu Gothic for Japanese and Meiryo for Latin text are named; where they are missing
//! (LibreOffice on Linux), the system substitutes a CJK font such as Noto Sans CJK JP.

use std::io::Cursor;

use docx_rs::{
    Docx, PageMargin, PageOrientationType, Paragraph, Run, RunFonts, Shading, Table, TableCell,
    TableRow, WidthType,
};

use super::{CompareReport, Provenance, section_title, title};
use crate::Lang;
use crate::error::{Error, Result};
use crate::model::{Profile, Questionnaire};

fn fonts() -> RunFonts {
    RunFonts::new()
        .east_asia("Yu Gothic")
        .ascii("Meiryo")
        .hi_ansi("Meiryo")
        .cs("Meiryo")
}

fn document() -> Docx {
    // A4 landscape (twentieths of a point), narrow margins.
    Docx::new()
        .page_size(16838, 11906)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(
            PageMargin::new()
                .top(1000)
                .bottom(1000)
                .left(1000)
                .right(1000),
        )
        .default_fonts(fonts())
        .default_size(18)
}

fn heading(text: &str, size: usize) -> Paragraph {
    Paragraph::new().add_run(
        Run::new()
            .add_text(crate::display::visible(text))
            .bold()
            .size(size),
    )
}

/// A paragraph. Characters a reader cannot see, and controls XML cannot hold (Word's vertical
/// tab arriving in pasted text), are written as markers (see [`crate::display`]).
fn para(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(crate::display::visible(text)))
}

/// A table cell; line breaks in the text become line breaks in the cell.
fn cell(text: &str, header: bool) -> TableCell {
    let mut run = Run::new().size(16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(docx_rs::BreakType::TextWrapping);
        }
        run = run.add_text(crate::display::visible(line));
    }
    if header {
        run = run.bold();
    }
    let c = TableCell::new().add_paragraph(Paragraph::new().add_run(run));
    if header {
        c.shading(Shading::new().fill("DDE6F0"))
    } else {
        c
    }
}

fn table(head: &[&str], rows: &[Vec<String>]) -> Table {
    let mut all = vec![TableRow::new(head.iter().map(|h| cell(h, true)).collect())];
    all.extend(
        rows.iter()
            .map(|r| TableRow::new(r.iter().map(|c| cell(c, false)).collect())),
    );
    Table::new(all).width(5000, WidthType::Pct)
}

fn pack(doc: Docx) -> Result<Vec<u8>> {
    let mut out = Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| Error::Invalid(format!("docx: {e}")))?;
    Ok(out.into_inner())
}

fn provenance(doc: Docx, p: &Provenance, lang: Lang) -> Docx {
    let mut doc = doc.add_paragraph(heading(lang.pick("出典", "Provenance"), 24));
    let mut lines = vec![
        format!("mds {}", p.mds_version),
        format!(
            "{} {}@{} ({})",
            lang.pick("質問票", "Questionnaire"),
            p.questionnaire.id,
            p.questionnaire.version,
            p.questionnaire.digest
        ),
    ];
    if let Some(profile) = &p.profile {
        lines.push(format!(
            "{} {} ({})",
            lang.pick("プロファイル", "Profile"),
            profile.source,
            profile.sha256
        ));
    }
    for input in &p.inputs {
        lines.push(format!(
            "{} {} (sha256 {})",
            lang.pick("入力", "Input"),
            input.source,
            input.sha256
        ));
    }
    for line in lines {
        doc = doc.add_paragraph(
            Paragraph::new().add_run(Run::new().add_text(crate::display::visible(&line)).size(14)),
        );
    }
    doc
}

/// The comparison as a tender annex (.docx).
pub fn docx(report: &CompareReport<'_>) -> Result<Vec<u8>> {
    let lang = report.lang;
    let q = report.questionnaire;
    let index = q.index();
    let vendors = &report.comparison.vendors;
    let mut doc = document()
        .add_paragraph(heading(&title(report.profile, lang), 32))
        .add_paragraph(para(&format!(
            "{} {}@{} — {}",
            lang.pick("質問票", "Questionnaire"),
            q.id,
            q.version,
            q.title.get(lang)
        )));

    doc = doc.add_paragraph(heading(lang.pick("順位", "Ranking"), 24));
    let signatures = super::signatures_shown(report.comparison);
    let head = super::ranking_head(lang, signatures);
    let rows: Vec<Vec<String>> = vendors
        .iter()
        .map(|v| super::ranking_cells(v, lang, "\n", signatures))
        .collect();
    doc = doc.add_table(table(&head, &rows));

    doc = doc.add_paragraph(heading(
        lang.pick(
            "セクション別の得点（得点/満点）",
            "Score by section (score/max)",
        ),
        24,
    ));
    let sections: Vec<&str> = q
        .sections
        .iter()
        .map(|s| s.id.as_str())
        .filter(|id| {
            vendors
                .iter()
                .any(|v| v.sections.iter().any(|s| s.section == *id))
        })
        .collect();
    let mut head: Vec<String> = vec![lang.pick("セクション", "Section").into()];
    head.extend(vendors.iter().map(|v| v.vendor.clone()));
    let rows: Vec<Vec<String>> = sections
        .iter()
        .map(|s| {
            let mut row = vec![section_title(q, s, lang)];
            for v in vendors {
                row.push(
                    v.sections
                        .iter()
                        .find(|x| x.section == *s)
                        .map(|x| format!("{}/{}", x.score, x.max))
                        .unwrap_or_else(|| "-".into()),
                );
            }
            row
        })
        .collect();
    let head_refs: Vec<&str> = head.iter().map(String::as_str).collect();
    doc = doc.add_table(table(&head_refs, &rows));

    doc = doc.add_paragraph(heading(
        lang.pick("事業者別の未達・要判定の項目", "Gaps by vendor"),
        24,
    ));
    for v in vendors {
        doc = doc.add_paragraph(heading(&format!("{}. {}", v.rank, v.vendor), 20));
        let gaps = super::gap_rows(q, &index, v, lang);
        if gaps.is_empty() {
            doc = doc.add_paragraph(para(lang.pick("未達の項目はありません。", "No gaps.")));
            continue;
        }
        let head = super::gaps_head(lang);
        let rows: Vec<Vec<String>> = gaps.into_iter().map(|(_, cells)| cells.to_vec()).collect();
        doc = doc.add_table(table(&head, &rows));
    }
    pack(provenance(doc, report.provenance, lang))
}

/// The requirement table of a profile (.docx), for a tender specification.
pub fn requirements_docx(q: &Questionnaire, p: &Profile, lang: Lang) -> Result<Vec<u8>> {
    let rows = super::requirements::table_rows(q, p, lang);
    let head = super::requirements::head(lang);
    let doc = document()
        .add_paragraph(heading(&super::requirements::heading(q, p, lang), 28))
        .add_table(table(&head, &rows));
    pack(doc)
}
