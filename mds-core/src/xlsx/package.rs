//! The zip container of a workbook (an OOXML package or an OpenDocument file), with bounded
//! access to its parts: the number of parts and what is decompressed of each part are limited.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use super::cell::{Limits, corrupt, too_large};
use super::xml::{attr, xml_err};
use crate::Lang;
use crate::error::{Error, Result};

/// The archive, with bounded access to its parts. Part names are compared as the package rules
/// say (ECMA-376 Part 2): without regard to case, and a backslash in an entry name (written by
/// some Windows programs) is a slash. A copy reads the same archive (its index is shared).
#[derive(Clone)]
pub(super) struct Zip<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Entry index by normalised part name.
    names: crate::FastMap<String, usize>,
    limits: Limits,
    lang: Lang,
}

/// A part name as compared: lower case, slashes, no leading slash.
fn normalised(name: &str) -> String {
    name.replace('\\', "/")
        .trim_start_matches('/')
        .to_lowercase()
}

/// One relationship of a part: its id, its type and the target part (resolved against the
/// source part; `None` for an external target).
#[derive(Debug, Clone)]
pub(super) struct Relationship {
    pub id: String,
    pub kind: String,
    pub target: Option<String>,
}

/// The relationships part of `part`: `xl/workbook.xml` -> `xl/_rels/workbook.xml.rels`; the
/// package's own (`""`) -> `_rels/.rels`.
pub(super) fn rels_part_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// `target` of a relationship of `source`, as a part name: relative to the source part's folder
/// (`..` steps up), or from the package root when it starts with `/`.
pub(super) fn resolve(source: &str, target: &str) -> String {
    let target = target.replace('\\', "/");
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        let dir = source.rsplit_once('/').map_or("", |(d, _)| d);
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for piece in target.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

impl<'a> Zip<'a> {
    pub(super) fn open(bytes: &'a [u8], limits: &Limits, lang: Lang) -> Result<Self> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| corrupt(lang, "zip", &e.to_string()))?;
        if archive.len() > limits.max_parts {
            return Err(too_large(
                lang,
                "",
                &format!("{} parts", archive.len()),
                "--max-parts",
                limits.max_parts as u64,
            ));
        }
        let mut names = crate::FastMap::default();
        for i in 0..archive.len() {
            if let Some(Ok(name)) = archive.name_for_index(i) {
                names.entry(normalised(&name)).or_insert(i);
            }
        }
        Ok(Zip {
            archive,
            names,
            limits: *limits,
            lang,
        })
    }

    pub(super) fn has(&self, name: &str) -> bool {
        self.names.contains_key(&normalised(name))
    }

    /// The entry of a part, or the error that names it.
    fn entry(&mut self, name: &str) -> Result<zip::read::ZipFile<'_, Cursor<&'a [u8]>>> {
        let lang = self.lang;
        let index = *self
            .names
            .get(&normalised(name))
            .ok_or_else(|| corrupt(lang, name, "missing"))?;
        self.archive
            .by_index(index)
            .map_err(|e| corrupt(lang, name, &e.to_string()))
    }

    /// A part, decompressed within the part limit.
    pub(super) fn bytes(&mut self, name: &str) -> Result<Vec<u8>> {
        let (lang, limit) = (self.lang, self.limits.max_part_bytes);
        let entry = self.entry(name)?;
        let mut out = Vec::with_capacity(capacity_hint(&entry, limit));
        entry
            .take(limit + 1)
            .read_to_end(&mut out)
            .map_err(|e| corrupt(lang, name, &e.to_string()))?;
        if out.len() as u64 > limit {
            return Err(self.part_too_large(name));
        }
        Ok(out)
    }

    /// The error of a part over the part limit.
    fn part_too_large(&self, name: &str) -> Error {
        let limit = self.limits.max_part_bytes;
        too_large(
            self.lang,
            name,
            &format!("{name} > {} MiB", limit >> 20),
            "--max-part-mib",
            limit >> 20,
        )
    }

    /// The start of a part, decompressed up to the end tag `</…sheetData>` (whatever its
    /// prefix) or the whole part when there is none, within the part limit; and whether it was
    /// cut there. What follows the cells in a sheet (conditional formats, data validations: often
    /// most of a form's sheet) is then neither decompressed nor parsed.
    pub(super) fn bytes_through_sheet_data(&mut self, name: &str) -> Result<(Vec<u8>, bool)> {
        let (lang, limit) = (self.lang, self.limits.max_part_bytes);
        let mut entry = self.entry(name)?;
        let hint = capacity_hint(&entry, limit);
        let read = read_through_sheet_data(&mut entry, limit, hint);
        drop(entry);
        match read {
            Ok(read) => Ok(read),
            Err(None) => Err(self.part_too_large(name)),
            Err(Some(e)) => Err(corrupt(lang, name, &e.to_string())),
        }
    }

    pub(super) fn text(&mut self, name: &str) -> Result<String> {
        let bytes = self.bytes(name)?;
        String::from_utf8(bytes).map_err(|e| corrupt(self.lang, name, &e.to_string()))
    }
}

/// Room to reserve for a part: its declared size, believed only as far as deflate can expand
/// its compressed size and within the part limit (a lying header reserves little).
fn capacity_hint(entry: &zip::read::ZipFile<'_, impl Read>, limit: u64) -> usize {
    let believable = entry
        .compressed_size()
        .saturating_mul(1032)
        .saturating_add(4096);
    entry.size().min(believable).min(limit).min(64 << 20) as usize
}

/// Reads `reader` up to the end tag `</…sheetData>` (and whether it stopped there) or to its end,
/// in 64 KiB reads; `Err(None)` when more than `limit` bytes would be read.
fn read_through_sheet_data(
    reader: &mut impl Read,
    limit: u64,
    capacity: usize,
) -> std::result::Result<(Vec<u8>, bool), Option<std::io::Error>> {
    const END: &[u8] = b"sheetData>";
    let finder = memchr::memmem::Finder::new(END);
    let mut out: Vec<u8> = Vec::with_capacity(capacity);
    let mut searched = 0usize;
    loop {
        let start = out.len();
        out.resize(start + (64 << 10), 0);
        let n = match reader.read(&mut out[start..]) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
                out.truncate(start);
                continue;
            }
            Err(e) => return Err(Some(e)),
        };
        out.truncate(start + n);
        if out.len() as u64 > limit {
            return Err(None);
        }
        if n == 0 {
            return Ok((out, false));
        }
        // Search what was added, going back far enough for a tag split between two reads.
        let mut at = searched.saturating_sub(END.len() + 64);
        while let Some(k) = finder.find(&out[at..]) {
            let hit = at + k;
            if is_end_tag(&out[..hit]) {
                out.truncate(hit + END.len());
                return Ok((out, true));
            }
            at = hit + END.len();
        }
        searched = out.len();
    }
}

/// Whether the bytes before `sheetData>` open an end tag: `</` or `</prefix:`.
fn is_end_tag(before: &[u8]) -> bool {
    if before.ends_with(b"</") {
        return true;
    }
    let Some(head) = before.strip_suffix(b":") else {
        return false;
    };
    let name = head
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        .count();
    name > 0 && head[..head.len() - name].ends_with(b"</")
}

pub(super) fn relationships(
    zip: &mut Zip<'_>,
    source: &str,
    lang: Lang,
) -> Result<Vec<Relationship>> {
    let part = rels_part_of(source);
    let mut out = Vec::new();
    if !zip.has(&part) {
        return Ok(out);
    }
    let xml = zip.bytes(&part)?;
    let mut reader = Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    loop {
        match reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_err(lang, &part, e))?
        {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    let external = attr(&e, "TargetMode").is_some_and(|m| m == "External");
                    out.push(Relationship {
                        id,
                        kind: attr(&e, "Type").unwrap_or_default(),
                        target: (!external).then(|| resolve(source, &target)),
                    });
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// The target of the first relationship whose type ends with `/kind` (transitional and strict
/// OOXML name their types under different roots).
pub(super) fn target_of(rels: &[Relationship], kind: &str) -> Option<String> {
    rels.iter()
        .find(|r| r.kind.rsplit('/').next() == Some(kind))
        .and_then(|r| r.target.clone())
}

#[cfg(test)]
mod sheet_end_tests {
    use super::*;
    use crate::xlsx::{cell_ref, column_letters, read_workbook};
    use std::io::Write;

    /// A one-sheet workbook around `sheet` (the whole worksheet part).
    fn workbook(sheet: &str) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut out);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            let parts = [
                (
                    "xl/workbook.xml",
                    r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="回答" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
                ),
                (
                    "xl/_rels/workbook.xml.rels",
                    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#,
                ),
                ("xl/worksheets/sheet1.xml", sheet),
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

    fn cells(sheet: &str, limits: &Limits) -> Result<Vec<((u32, u32), String)>> {
        let wb = read_workbook(&workbook(sheet), limits, Lang::En)?;
        Ok(wb.sheets[0]
            .cells
            .iter()
            .map(|(k, v)| (*k, v.text()))
            .collect())
    }

    fn inline(r: &str, text: &str) -> String {
        format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
    }

    #[test]
    fn repeats_and_places_at_their_limits_do_not_overflow() {
        assert!(!column_letters(u32::MAX).is_empty());
        assert!(cell_ref("S", u32::MAX, u32::MAX).ends_with("4294967296"));
        let mut out = Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut out);
            let stored = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            zip.start_file("mimetype", stored)
                .unwrap_or_else(|e| panic!("{e}"));
            zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
                .unwrap_or_else(|e| panic!("{e}"));
            zip.start_file("content.xml", stored)
                .unwrap_or_else(|e| panic!("{e}"));
            zip.write_all(
                br#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet><table:table table:name="S"><table:table-row table:number-rows-repeated="4294967294"><table:table-cell/></table:table-row><table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="4294967295"/><table:table-cell table:number-columns-repeated="2"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#,
            )
            .unwrap_or_else(|e| panic!("{e}"));
            zip.finish().unwrap_or_else(|e| panic!("{e}"));
        }
        let wb = read_workbook(&out.into_inner(), &Limits::default(), Lang::En)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!wb.sheets[0].cells.is_empty());
    }

    #[test]
    fn end_tags_with_and_without_prefixes() {
        assert!(is_end_tag(b"<row/></"));
        assert!(is_end_tag(b"<row/></x:"));
        assert!(is_end_tag(b"</my-ns.1:"));
        assert!(!is_end_tag(b"<row/><"));
        assert!(!is_end_tag(b"<row/>"));
        assert!(!is_end_tag(b"</:"));
        assert!(!is_end_tag(b"<x:"));
    }

    /// Gives at most `step` bytes per read.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    #[test]
    fn the_end_tag_is_found_across_reads() {
        let xml = b"<worksheet><sheetData><row r=\"1\"/></x:sheetData></sheetData><after/>";
        let end = xml.len() - "<after/>".len();
        for step in 1..=xml.len() {
            let mut r = Trickle { data: xml, step };
            let (read, cut) = read_through_sheet_data(&mut r, 1 << 20, 0)
                .unwrap_or_else(|_| panic!("read at step {step}"));
            assert!(cut, "step {step}");
            // The first end tag, prefixed or not, is where reading stops.
            assert_eq!(
                std::str::from_utf8(&read).ok(),
                std::str::from_utf8(&xml[..end - "</sheetData>".len()]).ok(),
                "step {step}"
            );
        }
        let mut r = Trickle {
            data: b"<worksheet><sheetData/></worksheet>",
            step: 3,
        };
        let (read, cut) =
            read_through_sheet_data(&mut r, 1 << 20, 100).unwrap_or_else(|_| panic!());
        assert!(!cut);
        assert_eq!(read.len(), 35);
        let mut r = Trickle {
            data: &[b' '; 1000],
            step: 100,
        };
        assert!(matches!(read_through_sheet_data(&mut r, 999, 0), Err(None)));
    }

    #[test]
    fn cells_end_at_the_sheet_data_whatever_follows() {
        let limits = Limits::default();
        let a1 = inline("A1", "one");
        // Prefixed elements, as some programs write them.
        let prefixed = r#"<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>one</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>"#;
        assert_eq!(
            cells(prefixed, &limits).unwrap_or_else(|e| panic!("{e}")),
            vec![((0, 0), "one".to_string())]
        );
        // The end tag's text in a comment inside the cells: the cells after it are still read.
        let commented = format!(
            r#"<worksheet><sheetData><row r="1">{a1}</row><!-- </sheetData> --><row r="2">{}</row></sheetData></worksheet>"#,
            inline("B2", "two")
        );
        assert_eq!(
            cells(&commented, &limits).unwrap_or_else(|e| panic!("{e}")),
            vec![((0, 0), "one".into()), ((1, 1), "two".into())]
        );
        // Cells over more than one read.
        {
            let mut sheet = "<worksheet><sheetData>".to_string();
            let mut expected = Vec::new();
            for r in 1..=3000u32 {
                sheet.push_str(&format!(
                    r#"<row r="{r}">{}</row>"#,
                    inline(&format!("C{r}"), "x")
                ));
                expected.push(((r - 1, 2), "x".to_string()));
            }
            sheet.push_str("</sheetData></worksheet>");
            assert_eq!(
                cells(&sheet, &limits).unwrap_or_else(|e| panic!("{e}")),
                expected
            );
        }
        // What follows the cells is not read, so it does not count against the part bound; the
        // cells themselves still do.
        let small = Limits {
            max_part_bytes: 1 << 20,
            ..Limits::default()
        };
        let tail = format!(
            r#"<worksheet><sheetData><row r="1">{a1}</row></sheetData>{}</worksheet>"#,
            r#"<conditionalFormatting sqref="A1"/>"#.repeat(80_000)
        );
        assert_eq!(
            cells(&tail, &small).unwrap_or_else(|e| panic!("{e}")),
            vec![((0, 0), "one".into())]
        );
        let big_cells = format!(
            r#"<worksheet><sheetData>{}</sheetData></worksheet>"#,
            format!(r#"<row r="1">{a1}</row>"#).repeat(40_000)
        );
        match cells(&big_cells, &small) {
            Err(e) => assert!(e.to_string().contains("--max-part-mib"), "{e}"),
            Ok(_) => panic!("the cells are over the part bound"),
        }
    }
}
