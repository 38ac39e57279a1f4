//! Word documents for tender files: the comparison annex (ranking, per-section table, gaps,
//! provenance) and the requirement table of a profile.
//!
//! Fonts: Yu Gothic for Japanese and Meiryo for Latin text are named; where they are missing
//! (LibreOffice on Linux), the system substitutes a CJK font such as Noto Sans CJK JP.
//!
//! Laid out to be filed as it is: A4, portrait unless a table needs the width of landscape;
//! column widths from their content (a rank narrow, names and flags wide); the header row of
//! every table repeated on each page; no row split across pages; a footer with the report's
//! title and the page number; the question beside every unmet item, not its id alone.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, Docx, FieldCharType, Footer, InstrNUMPAGES, InstrText, PageMargin, PageNum,
    PageOrientationType, Paragraph, Run, RunFonts, Shading, Table, TableCell, TableLayoutType,
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

/// A4 in twentieths of a point, and the margin on every side.
const A4: (u32, u32) = (11906, 16838);
const MARGIN: u32 = 1000;

/// The width a table may take: the page's less its margins.
fn text_width(landscape: bool) -> usize {
    let w = if landscape { A4.1 } else { A4.0 };
    (w - 2 * MARGIN) as usize
}

/// An A4 document, landscape when `landscape`, with the title and page numbers in its footer.
fn document(title: &str, landscape: bool, lang: Lang) -> Docx {
    let (w, h) = if landscape { (A4.1, A4.0) } else { A4 };
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(
                Run::new()
                    .add_text(format!("{}　", crate::display::visible(title)))
                    .size(16),
            )
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" / ").size(16))
            .add_run(
                Run::new()
                    .size(16)
                    .add_field_char(FieldCharType::Begin, false)
                    .add_instr_text(InstrText::NUMPAGES(InstrNUMPAGES::new()))
                    .add_field_char(FieldCharType::Separate, false)
                    .add_text("1")
                    .add_field_char(FieldCharType::End, false),
            )
            .add_run(Run::new().add_text(lang.pick(" ページ", "")).size(16)),
    );
    let doc = Docx::new()
        .page_size(w, h)
        .page_margin(
            PageMargin::new()
                .top(MARGIN as i32)
                .bottom(MARGIN as i32)
                .left(MARGIN as i32)
                .right(MARGIN as i32),
        )
        .default_fonts(fonts())
        .default_size(18)
        .footer(footer);
    if landscape {
        doc.page_orient(PageOrientationType::Landscape)
    } else {
        doc
    }
}

/// A heading, kept on the page of what follows it.
fn heading(text: &str, size: usize) -> Paragraph {
    Paragraph::new().keep_next(true).keep_lines(true).add_run(
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
fn cell(text: &str, header: bool, width: usize) -> TableCell {
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
    let c = TableCell::new()
        .width(width, WidthType::Dxa)
        .add_paragraph(Paragraph::new().add_run(run));
    if header {
        c.shading(Shading::new().fill("DDE6F0"))
    } else {
        c
    }
}

/// Text at 8 pt: twentieths of a point per half-width character (a full-width one counts two),
/// the room a column wants at least and at most, and a cell's padding.
const PER_HALF: usize = 100;
const NARROWEST: usize = 4;
const WIDEST: usize = 44;
const PADDING: usize = 300;

/// How wide each column of a table would like to be (twentieths of a point): its longest line,
/// within bounds, so that a rank stays narrow and names and flags get room.
fn wanted(head: &[&str], rows: &[Vec<String>]) -> Vec<usize> {
    (0..head.len())
        .map(|c| {
            let longest = std::iter::once(head[c])
                .chain(rows.iter().filter_map(|r| r.get(c).map(String::as_str)))
                .flat_map(|t| t.split('\n'))
                .map(super::table::width)
                .max()
                .unwrap_or(0);
            longest.clamp(NARROWEST, WIDEST) * PER_HALF + PADDING
        })
        .collect()
}

/// Widths that fit `room`: the widest columns are narrowed first, to a common width, so that
/// narrow ones (a rank, a percentage) keep what they need.
fn fit(widths: Vec<usize>, room: usize) -> Vec<usize> {
    if widths.iter().sum::<usize>() <= room {
        return widths;
    }
    // The largest cap c with sum(min(w, c)) <= room.
    let (mut low, mut high) = (0usize, widths.iter().copied().max().unwrap_or(0));
    while low < high {
        let mid = (low + high).div_ceil(2);
        if widths.iter().map(|w| (*w).min(mid)).sum::<usize>() <= room {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    widths
        .into_iter()
        .map(|w| w.min(low.max(PADDING)))
        .collect()
}

/// Whether tables this wide need a landscape page.
fn needs_landscape(widths: &[Vec<usize>]) -> bool {
    widths
        .iter()
        .any(|w| w.iter().sum::<usize>() > text_width(false))
}

/// A table over the page's width: columns as wide as they want, scaled to fit; the header row
/// repeated on every page (see [`pack`]) and no row split across pages.
fn table(head: &[&str], rows: &[Vec<String>], landscape: bool) -> Table {
    let widths = fit(wanted(head, rows), text_width(landscape));
    let row = |cells: Vec<TableCell>| TableRow::new(cells).cant_split();
    let mut all = vec![row(head
        .iter()
        .zip(&widths)
        .map(|(h, w)| cell(h, true, *w))
        .collect())];
    all.extend(rows.iter().map(|r| {
        row(r
            .iter()
            .zip(&widths)
            .map(|(c, w)| cell(c, false, *w))
            .collect())
    }));
    Table::new(all)
        .layout(TableLayoutType::Fixed)
        .set_grid(widths.clone())
        .width(widths.iter().sum(), WidthType::Dxa)
}

/// The document's bytes. docx-rs cannot mark a table's header row, so the first row of every
/// table is marked here (`<w:tblHeader/>`): Word and LibreOffice repeat it on every page.
fn pack(doc: Docx) -> Result<Vec<u8>> {
    let fail = |e: &dyn std::fmt::Display| Error::Invalid(format!("docx: {e}"));
    let mut out = Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(|e| fail(&e))?;
    let packed = out.into_inner();
    let mut zip = zip::ZipArchive::new(Cursor::new(&packed)).map_err(|e| fail(&e))?;
    let mut rewritten = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| fail(&e))?;
        let name = part.name().map_err(|e| fail(&e))?.to_string();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut part, &mut bytes).map_err(|e| fail(&e))?;
        if name == "word/document.xml" {
            bytes = header_rows(&String::from_utf8_lossy(&bytes)).into_bytes();
        }
        rewritten.start_file(name, options).map_err(|e| fail(&e))?;
        std::io::Write::write_all(&mut rewritten, &bytes).map_err(|e| fail(&e))?;
    }
    Ok(rewritten.finish().map_err(|e| fail(&e))?.into_inner())
}

/// The first row of every table marked as its header row.
fn header_rows(xml: &str) -> String {
    const ROW: &str = "<w:trPr><w:cantSplit /></w:trPr>";
    let mut out = String::with_capacity(xml.len() + 1024);
    let mut rest = xml;
    while let Some(at) = rest.find("<w:tbl>") {
        let (before, table) = rest.split_at(at);
        out.push_str(before);
        match table.find(ROW) {
            Some(row) => {
                out.push_str(&table[..row]);
                out.push_str("<w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>");
                rest = &table[row + ROW.len()..];
            }
            None => {
                out.push_str(table);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
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
    let name = title(report.profile, lang);

    let signatures = super::signatures_shown(report.comparison);
    let ranking_head = super::ranking_head(lang, signatures);
    let ranking: Vec<Vec<String>> = vendors
        .iter()
        .map(|v| super::ranking_cells(v, lang, "\n", signatures))
        .collect();

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
    let mut sections_head: Vec<String> = vec![lang.pick("セクション", "Section").into()];
    sections_head.extend(vendors.iter().map(|v| v.vendor.clone()));
    let section_rows: Vec<Vec<String>> = sections
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
    let sections_head: Vec<&str> = sections_head.iter().map(String::as_str).collect();

    // Each vendor's gaps, the question beside its id.
    let gaps_head = super::gaps_head(lang);
    let gaps: Vec<Vec<Vec<String>>> = vendors
        .iter()
        .map(|v| {
            super::gap_rows(q, &index, v, lang)
                .into_iter()
                .map(|(_, mut cells)| {
                    if let Some(item) = index.get(cells[0].as_str()) {
                        cells[0] = format!("{}\n{}", cells[0], item.text.get(lang));
                    }
                    cells.to_vec()
                })
                .collect()
        })
        .collect();

    let mut widths = vec![
        wanted(&ranking_head, &ranking),
        wanted(&sections_head, &section_rows),
    ];
    widths.extend(gaps.iter().map(|rows| wanted(&gaps_head, rows)));
    let landscape = needs_landscape(&widths);

    let mut doc = document(&name, landscape, lang)
        .add_paragraph(heading(&name, 32))
        .add_paragraph(para(&format!(
            "{} {}@{} — {}",
            lang.pick("質問票", "Questionnaire"),
            q.id,
            q.version,
            q.title.get(lang)
        )));
    doc = doc
        .add_paragraph(heading(lang.pick("順位", "Ranking"), 24))
        .add_table(table(&ranking_head, &ranking, landscape));
    doc = doc
        .add_paragraph(heading(
            lang.pick(
                "セクション別の得点（得点/満点）",
                "Score by section (score/max)",
            ),
            24,
        ))
        .add_table(table(&sections_head, &section_rows, landscape));
    doc = doc.add_paragraph(heading(
        lang.pick("事業者別の未達・要判定の項目", "Gaps by vendor"),
        24,
    ));
    for (v, rows) in vendors.iter().zip(&gaps) {
        doc = doc.add_paragraph(heading(&format!("{}. {}", v.rank, v.vendor), 20));
        if rows.is_empty() {
            doc = doc.add_paragraph(para(lang.pick("未達の項目はありません。", "No gaps.")));
            continue;
        }
        doc = doc.add_table(table(&gaps_head, rows, landscape));
    }
    pack(provenance(doc, report.provenance, lang))
}

/// The requirement table of a profile (.docx), for a tender specification.
pub fn requirements_docx(q: &Questionnaire, p: &Profile, lang: Lang) -> Result<Vec<u8>> {
    let rows = super::requirements::table_rows(q, p, lang);
    let head = super::requirements::head(lang);
    let name = super::requirements::heading(q, p, lang);
    let landscape = needs_landscape(&[wanted(&head, &rows)]);
    let doc = document(&name, landscape, lang)
        .add_paragraph(heading(&name, 28))
        .add_table(table(&head, &rows, landscape));
    pack(doc)
}
