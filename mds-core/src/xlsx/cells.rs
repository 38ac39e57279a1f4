//! A bounded reader of workbook cells (.xlsx, .xlsm, .ods).
//!
//! Cells are streamed from the XML of each sheet and kept only when they hold a value, so a
//! single cell at XFD1048576 or a used range that claims a million rows costs nothing. Every
//! bound has a limit in [`Limits`] and a clear error that names the flag to raise it: the file
//! size, the number of parts in the archive, the decompressed size of every part, and the
//! number of cells kept per sheet. Password-protected (encrypted) workbooks, legacy `.xls`
//! files, other files and empty workbooks are refused with what to do.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::Lang;
use crate::error::{Error, Result};

/// Bounds on what a workbook may make mds read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest workbook file, in bytes (`--max-file-mib`).
    pub max_file_bytes: u64,
    /// Largest decompressed part (a sheet, the shared strings), in bytes (`--max-part-mib`).
    pub max_part_bytes: u64,
    /// Most cells with a value kept per sheet (`--max-cells`).
    pub max_cells: u64,
    /// Most parts (files) in the workbook archive.
    pub max_parts: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 100 << 20,
            max_part_bytes: 256 << 20,
            max_cells: 1_000_000,
            max_parts: 10_000,
        }
    }
}

/// The value of one cell.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    /// Text (shared, inline or a formula's text result). Cells showing the same shared string
    /// share one copy of it.
    Text(std::sync::Arc<str>),
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// A date, as ISO 8601 (`2027-03-31`): a date-formatted number in .xlsx, a date cell in .ods.
    Date(String),
    /// An error value such as `#N/A`.
    Error(String),
    /// A formula saved without its result (as scripts write them): the formula's text.
    Formula(String),
}

impl CellValue {
    /// The value as text, as a person reads it in the cell.
    pub fn text(&self) -> String {
        match self {
            CellValue::Text(s) => s.to_string(),
            CellValue::Date(s) | CellValue::Error(s) => s.clone(),
            CellValue::Formula(f) => format!("={f}"),
            CellValue::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{n:.0}")
                } else {
                    n.to_string()
                }
            }
            CellValue::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        }
    }
}

/// One sheet: its name, whether it is hidden, and its cells by (row, column), both from 0.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// Hidden (or very hidden).
    pub hidden: bool,
    /// Cells with a value.
    pub cells: BTreeMap<(u32, u32), CellValue>,
    /// Hidden columns (0-based).
    pub hidden_cols: std::collections::BTreeSet<u32>,
    /// Hidden rows (0-based): hidden, filtered out or in a collapsed outline group.
    pub hidden_rows: std::collections::BTreeSet<u32>,
}

impl Sheet {
    /// The cell at (row, column).
    pub fn get(&self, row: u32, col: u32) -> Option<&CellValue> {
        self.cells.get(&(row, col))
    }

    /// The text of the cell at (row, column), empty when there is none.
    pub fn text(&self, row: u32, col: u32) -> String {
        self.get(row, col).map(CellValue::text).unwrap_or_default()
    }

    /// The rows that have at least one cell, in order.
    pub fn rows(&self) -> Vec<u32> {
        let mut rows: Vec<u32> = self.cells.keys().map(|(r, _)| *r).collect();
        rows.dedup();
        rows
    }
}

/// The kind of workbook file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkbookKind {
    /// Office Open XML (.xlsx, .xlsm).
    Xlsx,
    /// OpenDocument spreadsheet (.ods).
    Ods,
    /// A text table (.csv, .tsv): one sheet, text cells only.
    Csv,
}

/// The cells of a workbook, with its custom document properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Workbook {
    /// The file kind.
    pub kind: WorkbookKind,
    /// Sheets in workbook order.
    pub sheets: Vec<Sheet>,
    /// Custom document properties (name -> text).
    pub properties: BTreeMap<String, String>,
}

impl Workbook {
    /// The sheet with this name.
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.name == name)
    }
}

/// Column letters of a 0-based column: 0 -> `A`, 27 -> `AB`.
///
/// ```
/// assert_eq!(mds_core::xlsx::column_letters(0), "A");
/// assert_eq!(mds_core::xlsx::column_letters(27), "AB");
/// assert_eq!(mds_core::xlsx::column_letters(16383), "XFD");
/// ```
pub fn column_letters(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A cell's place as users see it: `回答!D12`.
pub fn cell_ref(sheet: &str, row: u32, col: u32) -> String {
    format!("{sheet}!{}{}", column_letters(col), u64::from(row) + 1)
}

/// A cell's place, written out (`回答!D12`) only when a message needs it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CellAt<'a> {
    pub sheet: &'a str,
    pub row: u32,
    pub col: u32,
}

impl std::fmt::Display for CellAt<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}!{}{}",
            self.sheet,
            column_letters(self.col),
            u64::from(self.row) + 1
        )
    }
}

impl From<CellAt<'_>> for String {
    fn from(at: CellAt<'_>) -> String {
        at.to_string()
    }
}

/// Reads the cells of a workbook within `limits`.
pub fn read_workbook(bytes: &[u8], limits: &Limits, lang: Lang) -> Result<Workbook> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(too_large(
            lang,
            "",
            &format!("{} MiB", bytes.len() >> 20),
            "--max-file-mib",
            limits.max_file_bytes >> 20,
        ));
    }
    if bytes.is_empty() {
        return Err(unreadable(
            "empty",
            lang.pick("ファイルが空です。", "the file is empty."),
        ));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(
            if contains_utf16(bytes, "EncryptedPackage") || contains_utf16(bytes, "EncryptionInfo")
            {
                unreadable(
                "encrypted-workbook",
                lang.pick(
                    "パスワードで保護（暗号化）されたブックは読めません。Excel で開き、［ファイル］→［情報］→［ブックの保護］→［パスワードを使用して暗号化］でパスワードを消してから保存し直してください。",
                    "the workbook is encrypted with a password to open; open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password) and save it again.",
                ),
            )
            } else {
                unreadable(
                "xls-not-supported",
                lang.pick(
                    "古い Excel 形式（.xls）です。Excel または LibreOffice で開き、Excel ブック（.xlsx）として保存し直してください。",
                    "this is a legacy Excel file (.xls); open it in Excel or LibreOffice and save it as an Excel workbook (.xlsx).",
                ),
            )
            },
        );
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        if super::looks_like_csv(bytes) {
            return nonempty(super::read_csv(bytes, limits, lang)?, lang);
        }
        return Err(not_a_workbook(lang));
    }
    let mut zip = Zip::open(bytes, limits, lang)?;
    let workbook = if zip.has("mimetype")
        && zip
            .text("mimetype")?
            .starts_with("application/vnd.oasis.opendocument.spreadsheet")
    {
        read_ods(&mut zip, limits, lang)?
    } else if zip.has("xl/workbook.xml") {
        read_xlsx(&mut zip, limits, lang)?
    } else if zip.has("word/document.xml") {
        return Err(unreadable(
            "not-a-workbook",
            lang.pick(
                "Word 文書です。Excel のブック（.xlsx）を指定してください。",
                "this is a Word document; give an Excel workbook (.xlsx).",
            ),
        ));
    } else {
        return Err(not_a_workbook(lang));
    };
    nonempty(workbook, lang)
}

/// The workbook, unless it holds no data.
fn nonempty(workbook: Workbook, lang: Lang) -> Result<Workbook> {
    if workbook.sheets.iter().all(|s| s.cells.is_empty()) {
        return Err(unreadable(
            "empty-workbook",
            lang.pick(
                "ブックにデータがありません。記入済みのブックを指定してください。",
                "the workbook holds no data; give a filled workbook.",
            ),
        ));
    }
    Ok(workbook)
}

/// The kind of report mds wrote into a workbook (`comparison`, `requirements`), read from its
/// custom properties only: an mds report in a folder of bids is not a bid.
///
/// ```
/// assert_eq!(mds_core::xlsx::report_kind(b"{}"), None);
/// ```
pub fn report_kind(bytes: &[u8]) -> Option<String> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    let limits = Limits::default();
    let mut zip = Zip::open(bytes, &limits, Lang::En).ok()?;
    let part = "docProps/custom.xml";
    if !zip.has(part) {
        return None;
    }
    custom_properties(&mut zip, part, Lang::En)
        .ok()?
        .get("mds.report")
        .cloned()
}

fn unreadable(code: &'static str, message: &str) -> Error {
    Error::Unreadable {
        code,
        location: String::new(),
        message: message.to_string(),
    }
}

fn not_a_workbook(lang: Lang) -> Error {
    unreadable(
        "not-a-workbook",
        lang.pick(
            "Excel（.xlsx）や OpenDocument（.ods）のブックではありません。ファイルを確認してください。",
            "not an Excel (.xlsx) or OpenDocument (.ods) workbook; check the file.",
        ),
    )
}

fn corrupt(lang: Lang, part: &str, detail: &str) -> Error {
    Error::Unreadable {
        code: "corrupt-workbook",
        location: part.to_string(),
        message: match lang {
            Lang::Ja => format!(
                "ブックが壊れていて読めません（{part}: {detail}）。Excel で開いて保存し直してください。"
            ),
            Lang::En => format!(
                "the workbook is damaged ({part}: {detail}); open it in Excel and save it again."
            ),
        },
    }
}

pub(super) fn too_large(lang: Lang, place: &str, what: &str, flag: &str, limit: u64) -> Error {
    Error::Unreadable {
        code: "too-large",
        location: place.to_string(),
        message: match lang {
            Lang::Ja => format!(
                "上限を超えています（{what}、上限 {limit}）。信頼できるファイルなら {flag} で上限を上げてください。"
            ),
            Lang::En => format!(
                "over a limit ({what}, limit {limit}); if you trust the file, raise it with {flag}."
            ),
        },
    }
}

fn contains_utf16(bytes: &[u8], needle: &str) -> bool {
    let pattern: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes
        .windows(pattern.len())
        .any(|w| w == pattern.as_slice())
}

/// The archive, with bounded access to its parts.
struct Zip<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    limits: Limits,
    lang: Lang,
}

impl<'a> Zip<'a> {
    fn open(bytes: &'a [u8], limits: &Limits, lang: Lang) -> Result<Self> {
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
        Ok(Zip {
            archive,
            limits: *limits,
            lang,
        })
    }

    fn has(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// A part, decompressed within the part limit.
    fn bytes(&mut self, name: &str) -> Result<Vec<u8>> {
        let (lang, limit) = (self.lang, self.limits.max_part_bytes);
        let entry = self
            .archive
            .by_name(name)
            .map_err(|e| corrupt(lang, name, &e.to_string()))?;
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
    fn bytes_through_sheet_data(&mut self, name: &str) -> Result<(Vec<u8>, bool)> {
        let (lang, limit) = (self.lang, self.limits.max_part_bytes);
        let mut entry = self
            .archive
            .by_name(name)
            .map_err(|e| corrupt(lang, name, &e.to_string()))?;
        let hint = capacity_hint(&entry, limit);
        let read = read_through_sheet_data(&mut entry, limit, hint);
        drop(entry);
        match read {
            Ok(read) => Ok(read),
            Err(None) => Err(self.part_too_large(name)),
            Err(Some(e)) => Err(corrupt(lang, name, &e.to_string())),
        }
    }

    fn text(&mut self, name: &str) -> Result<String> {
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

/// Undoes the OOXML escape of characters XML cannot hold: `_x000D_` is a carriage return, and
/// `_x005F_` a literal underscore that protects a following `_xHHHH_`.
///
/// ```
/// assert_eq!(mds_core::xlsx::unescape_ooxml("a_x000D_b_x005F_x0041_"), "a\rb_x0041_");
/// ```
pub fn unescape_ooxml(text: &str) -> String {
    if !text.contains("_x") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("_x") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let hex = tail
            .get(2..6)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        match (hex, tail.get(6..7)) {
            (Some(h), Some("_")) => {
                if let Some(c) = u32::from_str_radix(h, 16).ok().and_then(char::from_u32) {
                    out.push(c);
                }
                rest = &tail[7..];
            }
            _ => {
                out.push_str("_x");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Collects the text of XML events: text, CDATA and entity references.
pub(super) fn push_text(out: &mut String, event: &Event<'_>) {
    match event {
        Event::Text(t) => out.push_str(&t.xml10_content()),
        Event::CData(t) => out.push_str(&t.xml10_content()),
        Event::GeneralRef(r) => {
            if let Ok(Some(c)) = r.resolve_char_ref() {
                out.push(c);
            } else {
                match r.as_ref() {
                    "amp" => out.push('&'),
                    "lt" => out.push('<'),
                    "gt" => out.push('>'),
                    "quot" => out.push('"'),
                    "apos" => out.push('\''),
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

pub(super) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name || a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

pub(super) fn xml_err(lang: Lang, part: &str, e: impl std::fmt::Display) -> Error {
    corrupt(lang, part, &e.to_string())
}

fn read_xlsx(zip: &mut Zip<'_>, limits: &Limits, lang: Lang) -> Result<Workbook> {
    // Sheets and their parts.
    let workbook_xml = zip.bytes("xl/workbook.xml")?;
    let mut sheets_meta = Vec::new();
    let mut date1904 = false;
    let mut reader = Reader::from_reader(workbook_xml.as_slice());
    let mut buf = Vec::new();
    loop {
        match reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_err(lang, "xl/workbook.xml", e))?
        {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "sheet" => {
                    let name = attr(&e, "name").unwrap_or_default();
                    let rid = attr(&e, "id").unwrap_or_default();
                    let hidden = attr(&e, "state").is_some_and(|s| s != "visible");
                    sheets_meta.push((name, rid, hidden));
                }
                "workbookPr" => {
                    date1904 = attr(&e, "date1904").is_some_and(|v| v == "1" || v == "true")
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let rels = relationships(zip, "xl/_rels/workbook.xml.rels", lang)?;
    let shared = if zip.has("xl/sharedStrings.xml") {
        shared_strings(zip, lang)?
    } else {
        Vec::new()
    };
    let date_styles = if zip.has("xl/styles.xml") {
        date_styles(zip, lang)?
    } else {
        Vec::new()
    };
    let ctx = SheetContext {
        shared: &shared,
        date_styles: &date_styles,
        date1904,
        limits,
        lang,
    };
    let mut sheets = Vec::new();
    for (name, rid, hidden) in sheets_meta {
        let Some(target) = rels.get(&rid) else {
            continue;
        };
        let path = if let Some(abs) = target.strip_prefix('/') {
            abs.to_string()
        } else {
            format!("xl/{target}")
        };
        if !zip.has(&path) {
            continue;
        }
        let (cells, hidden_cols, hidden_rows) = sheet_cells(zip, &path, &name, &ctx)?;
        sheets.push(Sheet {
            name,
            hidden,
            cells,
            hidden_cols,
            hidden_rows,
        });
    }
    let properties = if zip.has("docProps/custom.xml") {
        custom_properties(zip, "docProps/custom.xml", lang)?
    } else {
        BTreeMap::new()
    };
    Ok(Workbook {
        kind: WorkbookKind::Xlsx,
        sheets,
        properties,
    })
}

fn relationships(zip: &mut Zip<'_>, part: &str, lang: Lang) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    if !zip.has(part) {
        return Ok(out);
    }
    let xml = zip.bytes(part)?;
    let mut reader = Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    loop {
        match reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_err(lang, part, e))?
        {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    out.insert(id, target);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

fn shared_strings(zip: &mut Zip<'_>, lang: Lang) -> Result<Vec<std::sync::Arc<str>>> {
    let part = "xl/sharedStrings.xml";
    let xml = zip.bytes(part)?;
    let xml = std::str::from_utf8(&xml).map_err(|e| xml_err(lang, part, e))?;
    super::sheet::read_shared(xml, part, lang)
}

/// For each cell style (xf) index: whether its number format is a date.
fn date_styles(zip: &mut Zip<'_>, lang: Lang) -> Result<Vec<bool>> {
    let part = "xl/styles.xml";
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

/// Parses `D12` into (row 11, column 3).
pub(super) fn parse_ref(r: &str) -> Option<(u32, u32)> {
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut col: u32 = 0;
    for c in letters.chars() {
        if !c.is_ascii_uppercase() {
            return None;
        }
        col = col * 26 + (c as u32 - 'A' as u32 + 1);
    }
    let row: u32 = digits.parse().ok()?;
    (row >= 1 && col >= 1).then(|| (row - 1, col - 1))
}

use super::sheet::SheetCells;

/// The ISO date of an Excel serial number (1900 or 1904 date system).
///
/// ```
/// assert_eq!(mds_core::xlsx::serial_to_iso(46477.0, false).as_deref(), Some("2027-03-31"));
/// assert_eq!(mds_core::xlsx::serial_to_iso(1.0, false).as_deref(), Some("1900-01-01"));
/// ```
pub fn serial_to_iso(serial: f64, date1904: bool) -> Option<String> {
    if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let whole = serial.floor() as i64;
    // Days since 1970-01-01. The 1900 system counts a 29 February 1900 that never was (serial
    // 60), so serials before it are one day off.
    let days = match (date1904, whole < 60) {
        (true, _) => whole - 24107,
        (false, true) => whole - 25568,
        (false, false) => whole - 25569,
    };
    let (y, m, d) = civil_from_days(days);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Howard Hinnant's algorithm: days since 1970-01-01 to (year, month, day).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// What reading the cells of every sheet of a workbook needs.
pub(super) struct SheetContext<'a> {
    pub shared: &'a [std::sync::Arc<str>],
    pub date_styles: &'a [bool],
    pub date1904: bool,
    pub limits: &'a Limits,
    pub lang: Lang,
}

fn sheet_cells(
    zip: &mut Zip<'_>,
    part: &str,
    sheet: &str,
    ctx: &SheetContext<'_>,
) -> Result<SheetCells> {
    let (xml, cut) = zip.bytes_through_sheet_data(part)?;
    if cut {
        // Read up to the end of the cells. Should the end tag's text have come from elsewhere (a
        // comment, say), the cells do not end there: the whole part is read instead.
        if let Ok((cells, true)) = parse_sheet(&xml, part, sheet, ctx) {
            return Ok(cells);
        }
        let xml = zip.bytes(part)?;
        return parse_sheet(&xml, part, sheet, ctx).map(|(cells, _)| cells);
    }
    parse_sheet(&xml, part, sheet, ctx).map(|(cells, _)| cells)
}

/// The cells of a sheet's XML, and whether the cells' end tag was seen.
fn parse_sheet(
    xml: &[u8],
    part: &str,
    sheet: &str,
    ctx: &SheetContext<'_>,
) -> Result<(SheetCells, bool)> {
    let xml = std::str::from_utf8(xml).map_err(|e| xml_err(ctx.lang, part, e))?;
    super::sheet::read(xml, part, sheet, ctx)
}

fn custom_properties(
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

fn read_ods(zip: &mut Zip<'_>, limits: &Limits, lang: Lang) -> Result<Workbook> {
    let part = "content.xml";
    if !zip.has(part) {
        return Err(corrupt(lang, part, "missing"));
    }
    let xml = zip.bytes(part)?;
    let mut reader = Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    let mut hidden_styles: Vec<String> = Vec::new();
    let mut current_style: Option<String> = None;
    let mut sheets = Vec::new();
    let mut sheet: Option<Sheet> = None;
    let (mut row, mut col): (u32, u32) = (0, 0);
    let mut row_repeat: u32 = 1;
    let mut row_hidden = false;
    let mut column_count: u32 = 0;
    let mut row_cells: Vec<(u32, CellValue)> = Vec::new();
    // The cell being read.
    let mut cell: Option<(u32, Option<CellValue>)> = None; // (columns repeated, typed value)
    let mut text = String::new();
    let mut paragraphs = 0u32;
    let mut in_p = false;
    let mut in_annotation = 0u32;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_err(lang, part, e))?;
        let is_start = matches!(event, Event::Start(_));
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "style" if attr(e, "family").as_deref() == Some("table") => {
                    current_style = attr(e, "name");
                }
                "table-properties" => {
                    if attr(e, "display").as_deref() == Some("false")
                        && let Some(s) = &current_style
                    {
                        hidden_styles.push(s.clone());
                    }
                }
                "table" if is_start => {
                    let hidden = attr(e, "style-name").is_some_and(|s| hidden_styles.contains(&s));
                    sheet = Some(Sheet {
                        name: attr(e, "name").unwrap_or_default(),
                        hidden,
                        cells: BTreeMap::new(),
                        hidden_cols: Default::default(),
                        hidden_rows: Default::default(),
                    });
                    row = 0;
                    column_count = 0;
                }
                "table-column" => {
                    let repeat: u32 = attr(e, "number-columns-repeated")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1)
                        .max(1);
                    if attr(e, "visibility").is_some_and(|v| v == "collapse" || v == "filter")
                        && let Some(s) = sheet.as_mut()
                    {
                        for k in 0..repeat.min(16_384) {
                            s.hidden_cols.insert(column_count.saturating_add(k));
                        }
                    }
                    column_count = column_count.saturating_add(repeat);
                }
                "table-row" => {
                    row_repeat = attr(e, "number-rows-repeated")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1)
                        .max(1);
                    col = 0;
                    row_cells.clear();
                    row_hidden =
                        attr(e, "visibility").is_some_and(|v| v == "collapse" || v == "filter");
                    if !is_start {
                        row = row.saturating_add(row_repeat);
                    }
                }
                "table-cell" | "covered-table-cell" => {
                    let repeat: u32 = attr(e, "number-columns-repeated")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1)
                        .max(1);
                    let typed = match attr(e, "value-type").as_deref() {
                        Some("float" | "percentage" | "currency") => attr(e, "value")
                            .and_then(|v| v.parse().ok())
                            .map(CellValue::Number),
                        Some("date") => attr(e, "date-value")
                            .map(|v| CellValue::Date(v.chars().take(10).collect())),
                        Some("boolean") => {
                            attr(e, "boolean-value").map(|v| CellValue::Bool(v == "true"))
                        }
                        _ => None,
                    };
                    if is_start {
                        cell = Some((repeat, typed));
                        text.clear();
                        paragraphs = 0;
                    } else {
                        if let Some(v) = typed {
                            for k in 0..repeat.min(16_384) {
                                row_cells.push((col.saturating_add(k), v.clone()));
                            }
                        }
                        col = col.saturating_add(repeat);
                    }
                }
                "annotation" if is_start => in_annotation += 1,
                "p" if cell.is_some() && in_annotation == 0 => {
                    if paragraphs > 0 {
                        text.push('\n');
                    }
                    paragraphs += 1;
                    in_p = is_start;
                }
                "s" if in_p => {
                    let n: usize = attr(e, "c").and_then(|v| v.parse().ok()).unwrap_or(1);
                    text.push_str(&" ".repeat(n.min(1000)));
                }
                "tab" if in_p => text.push('\t'),
                "line-break" if in_p => text.push('\n'),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "p" => in_p = false,
                "annotation" => in_annotation = in_annotation.saturating_sub(1),
                "table-cell" | "covered-table-cell" => {
                    if let Some((repeat, typed)) = cell.take() {
                        let value = typed.or_else(|| {
                            (!text.is_empty()).then(|| CellValue::Text(text.as_str().into()))
                        });
                        if let Some(v) = value {
                            for k in 0..repeat.min(16_384) {
                                row_cells.push((col.saturating_add(k), v.clone()));
                            }
                        }
                        col = col.saturating_add(repeat);
                    }
                }
                "table-row" => {
                    if let Some(s) = sheet.as_mut() {
                        let copies = if row_cells.is_empty() { 0 } else { row_repeat };
                        for r in 0..copies {
                            // Bounded: every copy holds a cell, and cells are bounded below.
                            if row_hidden {
                                s.hidden_rows.insert(row.saturating_add(r));
                            }
                            for (c, v) in &row_cells {
                                if s.cells.len() as u64 >= limits.max_cells {
                                    return Err(too_large(
                                        lang,
                                        &cell_ref(&s.name, row.saturating_add(r), *c),
                                        &format!("{}: > {} cells", s.name, limits.max_cells),
                                        "--max-cells",
                                        limits.max_cells,
                                    ));
                                }
                                s.cells.insert((row.saturating_add(r), *c), v.clone());
                            }
                        }
                    }
                    row = row.saturating_add(row_repeat);
                }
                "table" => {
                    if let Some(s) = sheet.take() {
                        sheets.push(s);
                    }
                }
                "style" => current_style = None,
                _ => {}
            },
            Event::Eof => break,
            other if in_p && in_annotation == 0 => push_text(&mut text, other),
            _ => {}
        }
        buf.clear();
    }
    let properties = if zip.has("meta.xml") {
        ods_properties(zip, lang)?
    } else {
        BTreeMap::new()
    };
    Ok(Workbook {
        kind: WorkbookKind::Ods,
        sheets,
        properties,
    })
}

fn ods_properties(zip: &mut Zip<'_>, lang: Lang) -> Result<BTreeMap<String, String>> {
    let part = "meta.xml";
    let xml = zip.bytes(part)?;
    let mut reader = Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    let mut out = BTreeMap::new();
    let mut name: Option<String> = None;
    let mut value = String::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_err(lang, part, e))?;
        match &event {
            Event::Start(e) if e.local_name().as_ref() == "user-defined" => {
                name = attr(e, "name");
                value.clear();
            }
            Event::End(e) if e.local_name().as_ref() == "user-defined" => {
                if let Some(n) = name.take() {
                    out.insert(n, std::mem::take(&mut value));
                }
            }
            Event::Eof => break,
            other if name.is_some() => push_text(&mut value, other),
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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

#[cfg(test)]
mod sheet_end_tests {
    use super::*;
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
