//! Office Open XML workbooks (.xlsx, .xlsm): the workbook part, its relationships, shared
//! strings, date styles, custom properties and every sheet through [`super::sheet`].

use std::collections::BTreeMap;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::cell::{Limits, Sheet, Workbook, WorkbookKind, corrupt};
use super::package::{Zip, relationships, target_of};
use super::sheet::{SheetCells, SheetContext, Strings};
use super::xml::{attr, push_text, xml_err};
use crate::Lang;
use crate::error::Result;

/// The workbook part of a package: the target of the package's officeDocument relationship,
/// else `xl/workbook.xml` where it exists (a package without `_rels/.rels`).
pub(super) fn workbook_part(zip: &mut Zip<'_>, lang: Lang) -> Result<Option<String>> {
    let package = relationships(zip, "", lang)?;
    if let Some(part) = target_of(&package, "officeDocument").filter(|p| zip.has(p)) {
        return Ok(Some(part));
    }
    Ok(zip
        .has("xl/workbook.xml")
        .then(|| "xl/workbook.xml".to_string()))
}

/// The custom properties part of a package (`docProps/custom.xml` where no relationship names
/// it).
pub(super) fn custom_part(zip: &mut Zip<'_>, lang: Lang) -> Result<Option<String>> {
    let package = relationships(zip, "", lang)?;
    let part = target_of(&package, "custom-properties")
        .unwrap_or_else(|| "docProps/custom.xml".to_string());
    Ok(zip.has(&part).then_some(part))
}

/// Reads the workbook whose workbook part is `part` (see [`workbook_part`]): every part is found
/// through the relationships, wherever the writer put it.
pub(super) fn read_xlsx(
    zip: &mut Zip<'_>,
    part: &str,
    limits: &Limits,
    lang: Lang,
    strings_read: &crate::parallel::Gate,
) -> Result<Workbook> {
    // Sheets and their parts.
    let workbook_xml = zip.bytes(part)?;
    let mut sheets_meta = Vec::new();
    let mut date1904 = false;
    let mut recalculates = false;
    let mut seen_root = false;
    let mut reader = Reader::from_reader(workbook_xml.as_slice());
    let mut buf = Vec::new();
    loop {
        match reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_err(lang, part, e))?
        {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                // The main part of another kind of document (a Word or PowerPoint file).
                _ if !seen_root && e.local_name().as_ref() != "workbook" => {
                    return Err(super::cell::not_a_workbook(lang));
                }
                "workbook" => seen_root = true,
                "sheet" => {
                    let name = attr(&e, "name").unwrap_or_default();
                    let rid = attr(&e, "id").unwrap_or_default();
                    let hidden = attr(&e, "state").is_some_and(|s| s != "visible");
                    sheets_meta.push((name, rid, hidden));
                }
                "workbookPr" => {
                    date1904 = attr(&e, "date1904").is_some_and(|v| v == "1" || v == "true")
                }
                "calcPr" => {
                    recalculates =
                        attr(&e, "fullCalcOnLoad").is_some_and(|v| v == "1" || v == "true")
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let rels = relationships(zip, part, lang)?;
    // Parts the relationships do not name are looked for where Excel puts them.
    let beside = |name: &str| super::package::resolve(part, name);
    let found = |zip: &Zip<'_>, kind: &str, usual: &str| {
        target_of(&rels, kind)
            .or_else(|| Some(beside(usual)))
            .filter(|p| zip.has(p))
    };
    // The shared strings are read on a core of their own while the sheets are read; a sheet's
    // cells wait for them only to look them up. Work that waits for `strings_read` starts once
    // they are read (at once when they are not read beside the sheets).
    let shared_part = found(zip, "sharedStrings", "sharedStrings.xml");
    let styles_part = found(zip, "styles", "styles.xml");
    // Each sheet with the part of its cells (a sheet without one is not a sheet of the file).
    let parts: Vec<(String, bool, String)> = sheets_meta
        .into_iter()
        .filter_map(|(name, rid, hidden)| {
            let path = rels.iter().find(|r| r.id == rid)?.target.clone()?;
            Some((name, hidden, path))
        })
        .collect();
    let sheets = std::thread::scope(|scope| {
        let strings = match &shared_part {
            Some(p) => {
                let mut own = zip.clone();
                match std::thread::Builder::new().spawn_scoped(scope, move || {
                    strings_read.open_after(|| shared_strings(&mut own, p, lang))
                }) {
                    Ok(reading) => Strings::later(reading),
                    // No thread to be had: read here, first (the cores are not waited for).
                    Err(_) => {
                        strings_read.open();
                        match shared_strings(zip, p, lang) {
                            Ok(read) => Strings::ready(read),
                            Err(e) => Strings::failed(e),
                        }
                    }
                }
            }
            None => {
                strings_read.open();
                Strings::ready(Vec::new())
            }
        };
        let sheets = read_sheets(
            zip,
            parts,
            styles_part.as_deref(),
            &strings,
            date1904,
            limits,
            lang,
        );
        // Strings that cannot be read are reported before anything in the sheets.
        strings.finish()?;
        sheets
    })?;
    let properties = match custom_part(zip, lang)? {
        Some(p) => custom_properties(zip, &p, lang)?,
        None => BTreeMap::new(),
    };
    Ok(Workbook {
        kind: WorkbookKind::Xlsx,
        sheets,
        properties,
        recalculates,
    })
}

/// The cells of the workbook's sheets (name, hidden, part), in the order the workbook lists
/// them, with the dates of the styles part.
fn read_sheets(
    zip: &mut Zip<'_>,
    parts: Vec<(String, bool, String)>,
    styles_part: Option<&str>,
    strings: &Strings<'_>,
    date1904: bool,
    limits: &Limits,
    lang: Lang,
) -> Result<Vec<Sheet>> {
    let date_styles = match styles_part {
        Some(p) => date_styles(zip, p, lang)?,
        None => Vec::new(),
    };
    let budget = super::cell::Budget::new(limits, lang);
    let ctx = SheetContext {
        date_styles: &date_styles,
        date1904,
        lang,
        budget: &budget,
    };
    let mut sheets = Vec::new();
    for (name, hidden, path) in parts {
        if !zip.has(&path) {
            // A sheet whose cells are missing is not skipped without a word.
            return Err(corrupt(lang, &path, &format!("sheet {name}: missing")));
        }
        let (cells, hidden_cols, hidden_rows, formulas) =
            sheet_cells(zip, &path, &name, strings, &ctx)?;
        sheets.push(Sheet {
            name,
            hidden,
            cells,
            hidden_cols,
            hidden_rows,
            formulas,
        });
    }
    Ok(sheets)
}

fn shared_strings(zip: &mut Zip<'_>, part: &str, lang: Lang) -> Result<Vec<std::sync::Arc<str>>> {
    let xml = zip.bytes(part)?;
    let xml = crate::utf8(&xml).map_err(|e| xml_err(lang, part, e))?;
    super::sheet::read_shared(xml, part, lang)
}

/// For each cell style (xf) index: whether its number format is a date.
fn date_styles(zip: &mut Zip<'_>, part: &str, lang: Lang) -> Result<Vec<bool>> {
    let xml = zip.bytes(part)?;
    let mut reader = Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    let mut custom: BTreeMap<u32, bool> = BTreeMap::new();
    let mut out = Vec::new();
    let mut in_xfs = false;
    loop {
        match reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_err(lang, part, e))?
        {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "numFmt" => {
                if let (Some(id), Some(code)) = (attr(&e, "numFmtId"), attr(&e, "formatCode")) {
                    custom.insert(id.parse().unwrap_or(0), is_date_format(&code));
                }
            }
            Event::Start(e) if e.local_name().as_ref() == "cellXfs" => in_xfs = true,
            Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_xfs = false,
            Event::Start(e) | Event::Empty(e) if in_xfs && e.local_name().as_ref() == "xf" => {
                let id: u32 = attr(&e, "numFmtId")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                let builtin = matches!(id, 14..=17 | 22 | 27..=36 | 50..=58);
                out.push(custom.get(&id).copied().unwrap_or(builtin));
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// A number format shows a date when it has day, month or year codes outside quotes and brackets.
fn is_date_format(code: &str) -> bool {
    let lower = code.to_ascii_lowercase();
    if lower.contains("general") && !lower.contains('y') && !lower.contains('d') {
        return false;
    }
    let code = lower.replace("general", "");
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    for c in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            'd' | 'm' | 'y' if !quoted && !bracket => return true,
            _ => {}
        }
    }
    false
}

fn sheet_cells(
    zip: &mut Zip<'_>,
    part: &str,
    sheet: &str,
    strings: &Strings<'_>,
    ctx: &SheetContext<'_>,
) -> Result<SheetCells> {
    let (xml, cut) = zip.bytes_through_sheet_data(part)?;
    if cut {
        // Read up to the end of the cells. Should the end tag's text have come from elsewhere (a
        // comment, say), the cells do not end there: the whole part is read instead.
        let saved = ctx.budget.save();
        if let Ok((cells, true)) = parse_sheet(&xml, part, sheet, strings, ctx) {
            return Ok(cells);
        }
        // Read again from the start: its cells are counted again from where they began.
        ctx.budget.restore(saved);
        let xml = zip.bytes(part)?;
        return parse_sheet(&xml, part, sheet, strings, ctx).map(|(cells, _)| cells);
    }
    parse_sheet(&xml, part, sheet, strings, ctx).map(|(cells, _)| cells)
}

/// The cells of a sheet's XML, and whether the cells' end tag was seen.
fn parse_sheet(
    xml: &[u8],
    part: &str,
    sheet: &str,
    strings: &Strings<'_>,
    ctx: &SheetContext<'_>,
) -> Result<(SheetCells, bool)> {
    let xml = crate::utf8(xml).map_err(|e| xml_err(ctx.lang, part, e))?;
    super::sheet::read(xml, part, sheet, strings, ctx)
}

pub(super) fn custom_properties(
    zip: &mut Zip<'_>,
    part: &str,
    lang: Lang,
) -> Result<BTreeMap<String, String>> {
    let xml = zip.bytes(part)?;
    let mut reader = Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    let mut out = BTreeMap::new();
    let mut name: Option<String> = None;
    let mut value = String::new();
    let mut depth = 0;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_err(lang, part, e))?;
        match &event {
            Event::Start(e) if e.local_name().as_ref() == "property" => {
                name = attr(e, "name");
                value.clear();
                depth = 0;
            }
            Event::Start(_) if name.is_some() => depth += 1,
            Event::End(e) if e.local_name().as_ref() == "property" => {
                if let Some(n) = name.take() {
                    out.insert(n, std::mem::take(&mut value));
                }
            }
            Event::End(_) if name.is_some() => depth -= 1,
            Event::Eof => break,
            other if name.is_some() && depth > 0 => push_text(&mut value, other),
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xlsx::cell::parse_ref;
    use crate::xlsx::serial_to_iso;

    #[test]
    fn references_and_dates() {
        assert_eq!(parse_ref("A1"), Some((0, 0)));
        assert_eq!(parse_ref("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_ref("a1"), None);
        assert_eq!(parse_ref("A0"), None);
        assert_eq!(serial_to_iso(59.0, false).as_deref(), Some("1900-02-28"));
        assert_eq!(serial_to_iso(61.0, false).as_deref(), Some("1900-03-01"));
        assert_eq!(serial_to_iso(45292.0, false).as_deref(), Some("2024-01-01"));
        assert_eq!(
            serial_to_iso(45292.75, false).as_deref(),
            Some("2024-01-01")
        );
        assert_eq!(serial_to_iso(0.0, true).as_deref(), None);
        assert_eq!(serial_to_iso(43830.0, true).as_deref(), Some("2024-01-01"));
        assert!(is_date_format("yyyy/m/d"));
        assert!(is_date_format("[$-411]ggge\"年\"m\"月\"d\"日\""));
        assert!(!is_date_format("0.00"));
        assert!(!is_date_format("\"day\" 0"));
        assert!(!is_date_format("[Red]0"));
        assert!(!is_date_format("General"));
        assert!(!is_date_format("@"));
        assert!(is_date_format("ggge\"年\"m\"月\"d\"日\""));
    }
}
