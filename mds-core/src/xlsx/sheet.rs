//! Reading the cells of a worksheet part (`xl/worksheets/sheetN.xml`).
//!
//! One state machine turns the pieces of the XML into cells. The pieces come from a scanner of
//! the shape spreadsheet programs write (elements, attributes in quotes, the five predefined
//! entities and character references, comments, CDATA): it finds tags with `memchr` and
//! allocates nothing for the markup, and it gives a cell or a shared string written the usual
//! way (`<c r="B2" t="s"><v>7</v></c>`, `<si><t>…</t></si>`) as one piece, which the state
//! machine reads as it would read the five it stands for. Anything else (a DOCTYPE, another
//! entity, a reference in an attribute the reader uses, an end tag that closes the wrong
//! element, markup cut short) makes the scanner step aside, and the same state machine reads the
//! part again from the full XML reader, which also words the error of a damaged part. Both give
//! the same cells: a test compares them on generated sheets.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Arc;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::cell::{CellValue, cell_ref, parse_ref, serial_to_iso};
use super::xml::{attr, push_text, xml_err};
use crate::Lang;
use crate::error::{Error, Result};

/// The cells of a sheet by (row, column), its hidden columns, its hidden rows (hidden,
/// filtered out or inside a collapsed outline group: all are written `hidden="1"`) and the
/// cells whose value is a formula's saved result.
pub(super) type SheetCells = (
    super::cell::Cells,
    BTreeSet<u32>,
    BTreeSet<u32>,
    BTreeSet<(u32, u32)>,
);

/// The elements the reader acts on, by local name (any prefix).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Name {
    Col,
    Row,
    C,
    V,
    F,
    T,
    RPh,
    SheetData,
    Si,
    Other,
}

impl Name {
    fn of(local: &[u8]) -> Name {
        match local {
            b"c" => Name::C,
            b"row" => Name::Row,
            b"col" => Name::Col,
            b"v" => Name::V,
            b"f" => Name::F,
            b"t" => Name::T,
            b"rPh" => Name::RPh,
            b"sheetData" => Name::SheetData,
            b"si" => Name::Si,
            _ => Name::Other,
        }
    }
}

/// The attributes the reader uses (of `c`, `row` and `col`), by local name; the first of a name
/// counts.
#[derive(Debug, Default)]
struct Attrs<'a> {
    r: Option<Cow<'a, str>>,
    t: Option<Cow<'a, str>>,
    s: Option<Cow<'a, str>>,
    hidden: Option<Cow<'a, str>>,
    min: Option<Cow<'a, str>>,
    max: Option<Cow<'a, str>>,
}

impl<'a> Attrs<'a> {
    fn slot(&mut self, local: &[u8]) -> Option<&mut Option<Cow<'a, str>>> {
        let slot = match local {
            b"r" => &mut self.r,
            b"t" => &mut self.t,
            b"s" => &mut self.s,
            b"hidden" => &mut self.hidden,
            b"min" => &mut self.min,
            b"max" => &mut self.max,
            _ => return None,
        };
        slot.is_none().then_some(slot)
    }
}

/// A piece of the XML.
#[derive(Debug)]
enum Tok<'a> {
    /// A start tag, or an empty element (`empty`).
    Start {
        name: Name,
        empty: bool,
        attrs: Attrs<'a>,
    },
    End(Name),
    /// A cell written the usual way, its value plain text (`<c …><v>12</v></c>`), in one
    /// piece: read as its start, its value and its end would be. From the scanner only, of a
    /// sheet.
    Cell {
        attrs: Attrs<'a>,
        value: &'a str,
    },
    /// A shared string written the usual way, plain text (`<si><t>…</t></si>`), in one piece:
    /// read as its pieces would be. From the scanner only, of the shared strings.
    Si(&'a str),
    /// Text or CDATA, decoded, when the reader asked for it.
    Text(Cow<'a, str>),
    Eof,
}

/// Why reading stopped short.
enum Stop {
    /// The scanner leaves this part to the full XML reader.
    Aside,
    /// An error to report.
    Fail(Error),
}

/// The cells of a sheet's XML, and whether the cells' end tag was seen.
pub(super) fn read(
    xml: &str,
    part: &str,
    sheet: &str,
    strings: &Strings<'_>,
    ctx: &SheetContext<'_>,
) -> Result<(SheetCells, bool)> {
    let mut scanner = Scanner::new(xml, Part::Sheet);
    let saved = ctx.budget.save();
    let scanned = cells(
        |collect| scanner.next(collect),
        xml.len(),
        sheet,
        strings,
        ctx,
    );
    if matches!(scanned, Err(Stop::Aside)) {
        // The full reader counts the part's cells again from the start.
        ctx.budget.restore(saved);
    }
    scanned_or_full(scanned, || read_full(xml, part, sheet, strings, ctx))
}

/// What the scanner read, or what the full reader reads where the scanner stepped aside.
fn scanned_or_full<T>(
    scanned: std::result::Result<T, Stop>,
    full: impl FnOnce() -> Result<T>,
) -> Result<T> {
    match scanned {
        Ok(read) => Ok(read),
        Err(Stop::Fail(e)) => Err(e),
        Err(Stop::Aside) => full(),
    }
}

/// The same, from the full XML reader only.
pub(super) fn read_full(
    xml: &str,
    part: &str,
    sheet: &str,
    strings: &Strings<'_>,
    ctx: &SheetContext<'_>,
) -> Result<(SheetCells, bool)> {
    let mut reader = Reader::from_str(xml);
    finish(
        cells(
            |collect| full_next(&mut reader, collect, ctx.lang, part),
            xml.len(),
            sheet,
            strings,
            ctx,
        ),
        ctx.lang,
        part,
    )
}

/// The strings of the shared-strings part (`xl/sharedStrings.xml`), in order; phonetic
/// readings (`rPh`) left out.
pub(super) fn read_shared(xml: &str, part: &str, lang: Lang) -> Result<Vec<Arc<str>>> {
    let mut scanner = Scanner::new(xml, Part::Strings);
    scanned_or_full(strings(|collect| scanner.next(collect), xml.len()), || {
        read_shared_full(xml, part, lang)
    })
}

/// The same, from the full XML reader only.
pub(super) fn read_shared_full(xml: &str, part: &str, lang: Lang) -> Result<Vec<Arc<str>>> {
    let mut reader = Reader::from_str(xml);
    finish(
        strings(
            |collect| full_next(&mut reader, collect, lang, part),
            xml.len(),
        ),
        lang,
        part,
    )
}

/// What the full reader read (it never steps aside).
fn finish<T>(read: std::result::Result<T, Stop>, lang: Lang, part: &str) -> Result<T> {
    scanned_or_full(read, || Err(xml_err(lang, part, "unreadable XML")))
}

/// The next piece from the full XML reader.
fn full_next(
    reader: &mut Reader<&[u8]>,
    collect: bool,
    lang: Lang,
    part: &str,
) -> std::result::Result<Tok<'static>, Stop> {
    loop {
        let event = reader
            .read_event()
            .map_err(|e| Stop::Fail(xml_err(lang, part, e)))?;
        return Ok(match &event {
            Event::Start(e) => full_start(e, false),
            Event::Empty(e) => full_start(e, true),
            Event::End(e) => Tok::End(Name::of(e.local_name().as_ref().as_bytes())),
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) if collect => {
                let mut text = String::new();
                push_text(&mut text, &event);
                Tok::Text(Cow::Owned(text))
            }
            Event::Eof => Tok::Eof,
            _ => continue,
        });
    }
}

/// The most entries a list of cells or strings is given room for before it is read.
const ROOM: usize = 1 << 20;

/// The state machine of the shared strings, of a part of `len` bytes.
fn strings<'a>(
    mut next: impl FnMut(bool) -> std::result::Result<Tok<'a>, Stop>,
    len: usize,
) -> std::result::Result<Vec<Arc<str>>, Stop> {
    // Room for the strings at the shortest a string usually takes (`<si><t>…</t></si>`), up
    // to a million, so that the list is not copied as it grows.
    let mut out: Vec<Arc<str>> = Vec::with_capacity((len / 24).min(ROOM));
    let (mut current, mut in_t, mut in_phonetic) = (String::new(), false, 0u32);
    loop {
        match next(in_t && in_phonetic == 0)? {
            Tok::Start {
                name: Name::Si,
                empty: true,
                ..
            } => out.push(Arc::from("")),
            Tok::Start {
                name, empty: false, ..
            } => match name {
                Name::Si => current.clear(),
                Name::T => in_t = true,
                Name::RPh => in_phonetic += 1,
                _ => {}
            },
            Tok::End(Name::Si) => {
                out.push(unescaped(&current));
                current.clear();
            }
            Tok::Si(text) => {
                // As `<si>`, `<t>`, the text (if it is read here), `</t>`, `</si>`.
                in_t = false;
                out.push(unescaped(if in_phonetic == 0 { text } else { "" }));
                current.clear();
            }
            Tok::End(Name::T) => in_t = false,
            Tok::End(Name::RPh) => in_phonetic = in_phonetic.saturating_sub(1),
            Tok::Eof => break,
            Tok::Text(t) if in_t && in_phonetic == 0 => current.push_str(&t),
            _ => {}
        }
    }
    Ok(out)
}

fn full_start(e: &BytesStart<'_>, empty: bool) -> Tok<'static> {
    let name = Name::of(e.local_name().as_ref().as_bytes());
    let mut attrs = Attrs::default();
    if matches!(name, Name::C | Name::Row | Name::Col) {
        for key in ["r", "t", "s", "hidden", "min", "max"] {
            if let Some(slot) = attrs.slot(key.as_bytes()) {
                *slot = attr(e, key).map(Cow::Owned);
            }
        }
    }
    Tok::Start { name, empty, attrs }
}

/// The state machine: pieces in, cells out. `next(collect)` gives the next piece of a part of
/// `len` bytes, decoding text only when `collect` asks for it.
fn cells<'a>(
    mut next: impl FnMut(bool) -> std::result::Result<Tok<'a>, Stop>,
    len: usize,
    sheet: &str,
    strings: &Strings<'_>,
    ctx: &SheetContext<'_>,
) -> std::result::Result<(SheetCells, bool), Stop> {
    let mut ended = false;
    let mut hidden_ranges: Vec<(u32, u32)> = Vec::new();
    let mut hidden_rows = BTreeSet::new();
    let mut formulas = BTreeSet::new();
    // Cells arrive in reading order: collected in a list, which becomes the sheet's `Cells`
    // (sorted once more only if the part gave them out of order). The list has room for as many cells as the part holds at the shortest a cell usually takes
    // (`<c r="A1"><v>1</v></c>`), up to a million and within the cells the workbook may still
    // have: it is not copied as it grows, and room never used costs no memory.
    let room = (len / 24)
        .min(ROOM)
        .min(usize::try_from(ctx.budget.cells_left()).unwrap_or(ROOM));
    let mut cells = Read {
        cells: Vec::with_capacity(room),
        shared: Vec::with_capacity(if strings.is_ready() { 0 } else { room }),
        ..Read::default()
    };
    let mut next_row: u32 = 0;
    let mut cell = Cell::default();
    let (mut in_v, mut in_f, mut in_is_t, mut in_phonetic, mut in_cell) =
        (false, false, false, 0u32, false);
    let mut run = || -> std::result::Result<(), Stop> {
        loop {
            let collect = in_v || in_f || (in_is_t && in_phonetic == 0);
            // A cell that ends here, with its value.
            let ended_cell = match next(collect)? {
                Tok::Start {
                    name: Name::Col,
                    attrs,
                    ..
                } if attrs
                    .hidden
                    .as_deref()
                    .is_some_and(|v| v == "1" || v == "true") =>
                {
                    let min: u32 = attrs.min.and_then(|v| v.parse().ok()).unwrap_or(1);
                    let max: u32 = attrs.max.and_then(|v| v.parse().ok()).unwrap_or(min);
                    if max >= min.max(1) {
                        hidden_ranges.push((min.max(1) - 1, max - 1));
                    }
                    None
                }
                Tok::Start {
                    name: Name::Row,
                    attrs,
                    ..
                } => {
                    let row = attrs
                        .r
                        .and_then(|r| r.parse::<u32>().ok())
                        .map(|r| r.saturating_sub(1))
                        .unwrap_or(next_row);
                    cell.at = (row, 0);
                    next_row = row.saturating_add(1);
                    if attrs
                        .hidden
                        .as_deref()
                        .is_some_and(|v| v == "1" || v == "true")
                    {
                        hidden_rows.insert(row);
                    }
                    None
                }
                Tok::Start {
                    name: Name::C,
                    empty,
                    attrs,
                } => {
                    cell.begin(&attrs);
                    in_cell = !empty;
                    if empty {
                        cell.at.1 = cell.at.1.saturating_add(1);
                    }
                    None
                }
                Tok::End(Name::C) => {
                    in_cell = false;
                    Some(cell.end(ctx))
                }
                Tok::Cell { attrs, value } => {
                    // As `<c …>`, `<v>`, the value, `</v>`, `</c>`.
                    cell.begin(&attrs);
                    cell.value.push_str(value);
                    (in_cell, in_v) = (false, false);
                    Some(cell.end(ctx))
                }
                Tok::Start {
                    name: Name::V,
                    empty: false,
                    ..
                } if in_cell => {
                    in_v = true;
                    None
                }
                Tok::Start {
                    name: Name::F,
                    empty,
                    ..
                } if in_cell => {
                    cell.has_f = true;
                    in_f = !empty;
                    None
                }
                Tok::End(Name::F) => {
                    in_f = false;
                    None
                }
                Tok::End(Name::V) => {
                    in_v = false;
                    None
                }
                Tok::Start {
                    name: Name::T,
                    empty: false,
                    ..
                } if in_cell => {
                    in_is_t = true;
                    None
                }
                Tok::End(Name::T) => {
                    in_is_t = false;
                    None
                }
                Tok::Start {
                    name: Name::RPh,
                    empty: false,
                    ..
                } => {
                    in_phonetic += 1;
                    None
                }
                Tok::End(Name::RPh) => {
                    in_phonetic = in_phonetic.saturating_sub(1);
                    None
                }
                Tok::End(Name::SheetData) => {
                    ended = true;
                    return Ok(());
                }
                Tok::Eof => return Ok(()),
                Tok::Text(t) if in_v => {
                    cell.value.push_str(&t);
                    None
                }
                Tok::Text(t) if in_f => {
                    cell.formula.push_str(&t);
                    None
                }
                Tok::Text(t) if in_is_t && in_phonetic == 0 => {
                    cell.inline.push_str(&t);
                    None
                }
                _ => None,
            };
            if let Some(Some(value)) = ended_cell {
                cells.push(value);
                if strings.is_ready() || cells.waiting() as u64 >= ctx.budget.cells_left() {
                    cells
                        .settle(&mut formulas, strings, sheet, ctx)
                        .map_err(Stop::Fail)?;
                }
            }
        }
    };
    // What was read before the end, or before an error, is looked up and counted first: a
    // cell over the bounds is reported before an error that follows it.
    match run() {
        Err(Stop::Aside) => return Err(Stop::Aside),
        read => {
            cells
                .settle(&mut formulas, strings, sheet, ctx)
                .map_err(Stop::Fail)?;
            read?;
        }
    }
    Ok((
        (
            super::cell::Cells::from(cells.cells),
            super::cell::hidden_columns(hidden_ranges),
            hidden_rows,
            formulas,
        ),
        ended,
    ))
}

/// Text with the OOXML escapes undone, copied once.
fn unescaped(text: &str) -> Arc<str> {
    if text.contains("_x") {
        Arc::from(unescape_ooxml(text))
    } else {
        Arc::from(text)
    }
}

/// The value of a finished cell, if it holds one: a shared string by its number, looked up
/// later.
fn cell_value(
    kind: &str,
    style: usize,
    value: &str,
    inline: &str,
    formula: &str,
    ctx: &SheetContext<'_>,
) -> Option<Value> {
    // A formula with no stored result (as scripts write them) reads as its text.
    let parsed = if value.is_empty() && inline.is_empty() && !formula.is_empty() {
        Some(CellValue::Formula(formula.to_string()))
    } else {
        match kind {
            "s" => return value.trim().parse::<usize>().ok().map(Value::Shared),
            "inlineStr" => Some(CellValue::Text(unescaped(inline))),
            "str" => Some(CellValue::Text(unescaped(value))),
            "b" => Some(CellValue::Bool(value.trim() == "1")),
            "e" => Some(CellValue::Error(value.to_string())),
            "d" => Some(CellValue::Date(value.chars().take(10).collect())),
            _ if value.trim().is_empty() => None,
            _ => value.trim().parse::<f64>().ok().map(|n| {
                if ctx.date_styles.get(style).copied().unwrap_or(false) {
                    serial_to_iso(n, ctx.date1904)
                        .map(CellValue::Date)
                        .unwrap_or(CellValue::Number(n))
                } else {
                    CellValue::Number(n)
                }
            }),
        }
    };
    parsed
        .filter(|v| !matches!(v, CellValue::Text(s) if s.is_empty()))
        .map(Value::Cell)
}

/// The cell being read: its place and what its start tag and its content said.
#[derive(Default)]
struct Cell {
    at: (u32, u32),
    kind: String,
    style: usize,
    value: String,
    inline: String,
    formula: String,
    /// It has a formula (its own, or a share of another's: `<f t="shared" si="0"/>`).
    has_f: bool,
}

impl Cell {
    /// A cell's start tag: its place (`r`, else where the last one left off) and its kind.
    fn begin(&mut self, attrs: &Attrs<'_>) {
        if let Some(at) = attrs.r.as_deref().and_then(parse_ref) {
            self.at = at;
        }
        self.kind.clear();
        self.kind.push_str(attrs.t.as_deref().unwrap_or(""));
        self.style = attrs.s.as_deref().and_then(|s| s.parse().ok()).unwrap_or(0);
        self.value.clear();
        self.inline.clear();
        self.formula.clear();
        self.has_f = false;
    }

    /// The cell's end: its value, if it holds one. The next cell is in the next column.
    fn end(&mut self, ctx: &SheetContext<'_>) -> Option<Found> {
        let found = cell_value(
            &self.kind,
            self.style,
            &self.value,
            &self.inline,
            &self.formula,
            ctx,
        )
        .map(|value| Found {
            at: self.at,
            value,
            formula: self.has_f,
        });
        self.at.1 = self.at.1.saturating_add(1);
        found
    }
}

/// A cell as read, before its shared string is looked up.
struct Found {
    at: (u32, u32),
    value: Value,
    /// The cell has a formula.
    formula: bool,
}

/// The value of a cell as read.
enum Value {
    Cell(CellValue),
    /// The number of a shared string.
    Shared(usize),
}

/// The cells of a sheet as they are read, in reading order. Those from `settled` on were read
/// while the shared strings were not there yet: a shared string's cell holds a stand-in until
/// they are, and none of them is counted against the workbook's bounds yet. They are looked up
/// and counted (in that order) once the strings are read, or as soon as they might reach the
/// bound on cells.
#[derive(Default)]
struct Read {
    cells: Vec<((u32, u32), CellValue)>,
    settled: usize,
    /// Of the cells waiting: (where in `cells`, the number of its shared string).
    shared: Vec<(usize, usize)>,
    /// Of the cells waiting: where in `cells` those with a formula are.
    with_formula: Vec<usize>,
}

impl Read {
    fn push(&mut self, Found { at, value, formula }: Found) {
        let k = self.cells.len();
        let value = match value {
            Value::Cell(v) => v,
            Value::Shared(i) => {
                self.shared.push((k, i));
                CellValue::Bool(false)
            }
        };
        if formula {
            self.with_formula.push(k);
        }
        self.cells.push((at, value));
    }

    /// How many cells wait to be looked up and counted.
    fn waiting(&self) -> usize {
        self.cells.len() - self.settled
    }

    /// The waiting cells looked up (a shared string that is missing or empty is no value:
    /// its cell is dropped) and counted against the workbook's bounds, in reading order.
    fn settle(
        &mut self,
        formulas: &mut BTreeSet<(u32, u32)>,
        strings: &Strings<'_>,
        sheet: &str,
        ctx: &SheetContext<'_>,
    ) -> Result<()> {
        if self.waiting() == 0 {
            return Ok(());
        }
        let table = if self.shared.is_empty() {
            &[]
        } else {
            strings.get()
        };
        let (mut shared, mut with_formula) = (self.shared.iter().peekable(), 0);
        // Kept cells move down over dropped ones.
        let mut kept = self.settled;
        for k in self.settled..self.cells.len() {
            let formula = self.with_formula.get(with_formula) == Some(&k);
            with_formula += usize::from(formula);
            if let Some((_, i)) = shared.next_if(|(at, _)| *at == k) {
                match table.get(*i) {
                    Some(s) if !s.is_empty() => self.cells[k].1 = CellValue::Text(s.clone()),
                    _ => continue,
                }
            }
            let (at, value) = &self.cells[k];
            ctx.budget.cell(
                &|| cell_ref(sheet, at.0, at.1),
                super::cell::text_len(value),
            )?;
            if formula && !matches!(value, CellValue::Formula(_)) {
                formulas.insert(*at);
            }
            self.cells.swap(kept, k);
            kept += 1;
        }
        self.cells.truncate(kept);
        self.settled = kept;
        self.shared.clear();
        self.with_formula.clear();
        Ok(())
    }
}

/// The reading of the shared strings on another core.
type Reading<'s> = std::thread::ScopedJoinHandle<'s, Result<Vec<Arc<str>>>>;

/// The shared strings of a workbook: read, or still being read on another core while the
/// sheets are read. They are waited for when a cell needs them.
pub(super) struct Strings<'s> {
    read: std::cell::OnceCell<Vec<Arc<str>>>,
    reading: std::cell::RefCell<Option<Reading<'s>>>,
    /// Why they could not be read: reported by [`Strings::finish`], before anything else.
    failed: std::cell::Cell<Option<Error>>,
}

impl<'s> Strings<'s> {
    /// Strings already read.
    pub(super) fn ready(strings: Vec<Arc<str>>) -> Self {
        Strings {
            read: std::cell::OnceCell::from(strings),
            reading: std::cell::RefCell::new(None),
            failed: std::cell::Cell::new(None),
        }
    }

    /// Strings being read on another core.
    pub(super) fn later(reading: Reading<'s>) -> Self {
        Strings {
            read: std::cell::OnceCell::new(),
            reading: std::cell::RefCell::new(Some(reading)),
            failed: std::cell::Cell::new(None),
        }
    }

    /// Strings that could not be read.
    pub(super) fn failed(e: Error) -> Self {
        let strings = Strings::ready(Vec::new());
        strings.failed.set(Some(e));
        strings
    }

    /// Whether the strings are there to be looked up without waiting.
    fn is_ready(&self) -> bool {
        self.read.get().is_some()
            || self
                .reading
                .borrow()
                .as_ref()
                .is_some_and(|r| r.is_finished())
    }

    /// The strings, waited for if need be; none when they could not be read.
    fn get(&self) -> &[Arc<str>] {
        self.read.get_or_init(|| {
            let read = self.reading.borrow_mut().take().map(|r| {
                r.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            });
            match read {
                Some(Ok(strings)) => strings,
                Some(Err(e)) => {
                    self.failed.set(Some(e));
                    Vec::new()
                }
                None => Vec::new(),
            }
        })
    }

    /// Waits for the strings; the error that kept them from being read.
    pub(super) fn finish(&self) -> Result<()> {
        self.get();
        self.failed.take().map_or(Ok(()), Err)
    }
}

/// The scanner of the usual shape of sheet XML.
struct Scanner<'a> {
    xml: &'a str,
    pos: usize,
    /// Names of the open elements, to check that end tags match.
    open: Vec<&'a [u8]>,
    /// The part being read: which elements written the usual way are given in one piece.
    part: Part,
}

/// The kind of part a [`Scanner`] reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    /// A worksheet: `<c …><v>…</v></c>` is one [`Tok::Cell`].
    Sheet,
    /// The shared strings: `<si><t>…</t></si>` is one [`Tok::Si`].
    Strings,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// The part of a name after its prefix.
fn local(name: &[u8]) -> &[u8] {
    match name.iter().position(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// How far the quick byte loops of the scanner look before handing over to `memchr`: tags,
/// attribute values and cell values are mostly shorter than this, and a call to `memchr`
/// costs more than a few comparisons.
const NEAR: usize = 16;

/// The index of `byte` in `hay`.
fn find_byte(byte: u8, hay: &[u8]) -> Option<usize> {
    let near = hay.len().min(NEAR);
    match hay[..near].iter().position(|&b| b == byte) {
        Some(i) => Some(i),
        None => memchr::memchr(byte, &hay[near..]).map(|i| near + i),
    }
}

/// Where the text at the start of `hay` ends (the next `<`, or the end), and whether it holds a
/// reference or a carriage return (`&`, `\r`), which reading it must undo.
fn text_end(hay: &[u8]) -> (usize, bool) {
    let near = hay.len().min(NEAR);
    let mut special = false;
    for (i, &b) in hay[..near].iter().enumerate() {
        match b {
            b'<' => return (i, special),
            b'&' | b'\r' => special = true,
            _ => {}
        }
    }
    let end = memchr::memchr(b'<', &hay[near..]).map_or(hay.len(), |i| near + i);
    (
        end,
        special || memchr::memchr2(b'&', b'\r', &hay[near..end]).is_some(),
    )
}

impl<'a> Scanner<'a> {
    fn new(xml: &'a str, part: Part) -> Self {
        Scanner {
            xml,
            pos: 0,
            open: Vec::new(),
            part,
        }
    }

    /// After the start tag `<{prefix}{outer}…>` that ends before `from`: the plain text of
    /// `<{prefix}{inner}>text</{prefix}{inner}></{prefix}{outer}>` (one of `inner`'s start tags)
    /// and where it all ends, if that is what follows.
    fn plain_inside(
        &self,
        from: usize,
        raw_outer: &[u8],
        outer: &[u8],
        inner: &[&[u8]],
    ) -> Option<(&'a str, usize)> {
        let prefix = raw_outer.strip_suffix(outer)?;
        let bytes = self.xml.as_bytes();
        let rest = bytes
            .get(from..)?
            .strip_prefix(b"<")?
            .strip_prefix(prefix)?;
        let (open, text) = inner
            .iter()
            .find_map(|tag| Some((tag, rest.strip_prefix(*tag)?)))?;
        let (len, special) = text_end(text);
        if special {
            return None;
        }
        // `</` prefix, the inner name (the start tag's up to its first space or `>`), `></`,
        // the outer name, `>`.
        let name = &open[..open.iter().position(|&b| b == b' ' || b == b'>')?];
        let after = text[len..].strip_prefix(b"</")?.strip_prefix(prefix)?;
        let after = after.strip_prefix(name)?.strip_prefix(b"></")?;
        let after = after.strip_prefix(raw_outer)?.strip_prefix(b">")?;
        let start = from + 1 + prefix.len() + open.len();
        let value = self.xml.get(start..start + len)?;
        Some((value, bytes.len() - after.len()))
    }

    fn slice(&self, from: usize, to: usize) -> std::result::Result<&'a str, Stop> {
        self.xml.get(from..to).ok_or(Stop::Aside)
    }

    /// The index of `needle` at or after `from`.
    fn find(&self, from: usize, needle: &[u8]) -> std::result::Result<usize, Stop> {
        let bytes = self.xml.as_bytes();
        memchr::memmem::find(bytes.get(from..).ok_or(Stop::Aside)?, needle)
            .map(|i| from + i)
            .ok_or(Stop::Aside)
    }

    fn next(&mut self, collect: bool) -> std::result::Result<Tok<'a>, Stop> {
        let bytes = self.xml.as_bytes();
        loop {
            let at = self.pos;
            let Some(&first) = bytes.get(at) else {
                // Elements left open: the full reader decides what that means.
                return if self.open.is_empty() {
                    Ok(Tok::Eof)
                } else {
                    Err(Stop::Aside)
                };
            };
            if first != b'<' {
                let (len, special) = text_end(&bytes[at..]);
                let end = at + len;
                self.pos = end;
                // Every reference must end (`;`) before the next one or the next markup, read
                // or not; the full reader reports anything else.
                if special && !references_closed(&bytes[at..end]) {
                    return Err(Stop::Aside);
                }
                if collect {
                    let raw = self.slice(at, end)?;
                    return Ok(Tok::Text(if special {
                        decode_text(raw)?
                    } else {
                        Cow::Borrowed(raw)
                    }));
                }
                continue;
            }
            let rest = &bytes[at..];
            if rest.starts_with(b"<!--") {
                self.pos = self.find(at + 4, b"-->")? + 3;
                continue;
            }
            if rest.starts_with(b"<![CDATA[") {
                let end = self.find(at + 9, b"]]>")?;
                self.pos = end + 3;
                if collect {
                    return Ok(Tok::Text(eols(self.slice(at + 9, end)?)));
                }
                continue;
            }
            if rest.starts_with(b"<?") {
                // `<?>` is not a processing instruction to the full reader.
                if rest.get(2) == Some(&b'>') {
                    return Err(Stop::Aside);
                }
                self.pos = self.find(at + 2, b"?>")? + 2;
                continue;
            }
            if rest.starts_with(b"<!") {
                // A DOCTYPE may declare entities.
                return Err(Stop::Aside);
            }
            if rest.starts_with(b"</") {
                let gt = find_byte(b'>', &bytes[at..])
                    .map(|i| at + i)
                    .ok_or(Stop::Aside)?;
                let mut name = &bytes[at + 2..gt];
                // Only XML white space may follow the name.
                while let [head @ .., last] = name
                    && is_space(*last)
                {
                    name = head;
                }
                if self.open.pop() != Some(name) {
                    return Err(Stop::Aside);
                }
                self.pos = gt + 1;
                return Ok(Tok::End(Name::of(local(name))));
            }
            return self.start_tag(at);
        }
    }

    /// A start tag or an empty element at `at` (the `<`).
    fn start_tag(&mut self, at: usize) -> std::result::Result<Tok<'a>, Stop> {
        let bytes = self.xml.as_bytes();
        let mut i = at + 1;
        while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>') {
            i += 1;
        }
        let raw_name = bytes.get(at + 1..i).ok_or(Stop::Aside)?;
        // Quotes outside attribute values change where the full reader sees the tag end.
        let odd = |b: &u8| matches!(b, b'"' | b'\'' | b'<');
        if raw_name.is_empty() || raw_name.iter().any(odd) {
            return Err(Stop::Aside);
        }
        let name = Name::of(local(raw_name));
        let wanted = matches!(name, Name::C | Name::Row | Name::Col);
        let mut attrs = Attrs::default();
        loop {
            while bytes.get(i).copied().is_some_and(is_space) {
                i += 1;
            }
            match bytes.get(i) {
                Some(b'>') => {
                    self.pos = i + 1;
                    match (self.part, name) {
                        (Part::Sheet, Name::C) => {
                            if let Some((value, end)) =
                                self.plain_inside(i + 1, raw_name, b"c", &[b"v>"])
                            {
                                self.pos = end;
                                return Ok(Tok::Cell { attrs, value });
                            }
                        }
                        (Part::Strings, Name::Si) => {
                            if let Some((text, end)) = self.plain_inside(
                                i + 1,
                                raw_name,
                                b"si",
                                &[b"t>", b"t xml:space=\"preserve\">"],
                            ) {
                                self.pos = end;
                                return Ok(Tok::Si(text));
                            }
                        }
                        _ => {}
                    }
                    self.open.push(raw_name);
                    return Ok(Tok::Start {
                        name,
                        empty: false,
                        attrs,
                    });
                }
                Some(b'/') if bytes.get(i + 1) == Some(&b'>') => {
                    self.pos = i + 2;
                    return Ok(Tok::Start {
                        name,
                        empty: true,
                        attrs,
                    });
                }
                Some(_) => {}
                None => return Err(Stop::Aside),
            }
            // name = "value" (or 'value')
            let key_start = i;
            while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'=' | b'>' | b'/')
            {
                i += 1;
            }
            let key = &bytes[key_start..i];
            while bytes.get(i).copied().is_some_and(is_space) {
                i += 1;
            }
            if key.is_empty() || key.iter().any(odd) || bytes.get(i) != Some(&b'=') {
                return Err(Stop::Aside);
            }
            i += 1;
            while bytes.get(i).copied().is_some_and(is_space) {
                i += 1;
            }
            let quote = match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => q,
                _ => return Err(Stop::Aside),
            };
            let close = find_byte(quote, &bytes[i + 1..])
                .map(|k| i + 1 + k)
                .ok_or(Stop::Aside)?;
            if wanted && let Some(slot) = attrs.slot(local(key)) {
                let value = self.slice(i + 1, close)?;
                // Values with references or line breaks are left to the full reader.
                if value
                    .bytes()
                    .any(|b| matches!(b, b'&' | b'<' | b'\t' | b'\r' | b'\n'))
                {
                    return Err(Stop::Aside);
                }
                *slot = Some(Cow::Borrowed(value));
            }
            i = close + 1;
            // Attributes are separated by white space.
            if !bytes
                .get(i)
                .is_some_and(|&b| is_space(b) || matches!(b, b'>' | b'/'))
            {
                return Err(Stop::Aside);
            }
        }
    }
}

/// Whether every `&` in `text` (which holds no `<`) has its `;` before the next `&`.
fn references_closed(text: &[u8]) -> bool {
    let mut rest = text;
    while let Some(amp) = memchr::memchr(b'&', rest) {
        rest = &rest[amp + 1..];
        match memchr::memchr2(b';', b'&', rest) {
            Some(end) if rest[end] == b';' => rest = &rest[end + 1..],
            _ => return false,
        }
    }
    true
}

/// XML 1.0 line ends: `\r\n` and `\r` read as `\n`.
fn eols(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Text with its references resolved (the five predefined entities and character references),
/// line ends normalised between references as the full reader does.
fn decode_text(raw: &str) -> std::result::Result<Cow<'_, str>, Stop> {
    if !raw.contains('&') {
        return Ok(eols(raw));
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&eols(&rest[..amp]));
        let semi = rest[amp..].find(';').ok_or(Stop::Aside)? + amp;
        let name = &rest[amp + 1..semi];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = name.strip_prefix("#x") {
                    hex.bytes()
                        .all(|b| b.is_ascii_hexdigit())
                        .then(|| u32::from_str_radix(hex, 16).ok())
                        .flatten()
                } else if let Some(dec) = name.strip_prefix('#') {
                    dec.bytes()
                        .all(|b| b.is_ascii_digit())
                        .then(|| dec.parse().ok())
                        .flatten()
                } else {
                    None
                };
                code.and_then(char::from_u32)
                    .filter(|c| *c != '\0')
                    .ok_or(Stop::Aside)?
            }
        };
        out.push(c);
        rest = &rest[semi + 1..];
    }
    out.push_str(&eols(rest));
    Ok(Cow::Owned(out))
}

/// Reads `xml` as a sheet and as shared strings with the scanner (stepping aside where it
/// does) and with the full XML reader only; a description of the first difference, if any.
/// For the fuzz target that holds the two readers to the same results.
pub(crate) fn readers_differ(xml: &str) -> Option<String> {
    let shared: Vec<Arc<str>> = ["s0", "", "s2"].iter().map(|s| Arc::from(*s)).collect();
    let limits = crate::xlsx::Limits {
        max_cells: 1_000,
        ..crate::xlsx::Limits::default()
    };
    let (budget, budget_full) = (
        super::cell::Budget::new(&limits, Lang::En),
        super::cell::Budget::new(&limits, Lang::En),
    );
    let ctx = |budget| SheetContext {
        date_styles: &[false, true],
        date1904: false,
        lang: Lang::En,
        budget,
    };
    let show = |r: Result<(SheetCells, bool)>| match r {
        Ok(cells) => format!("{cells:?}"),
        Err(e) => format!("error: {e}"),
    };
    // The scanner with the strings being read beside it, the full reader with them read.
    let ready = Strings::ready(shared.clone());
    let (fast, full) = (
        beside(&shared, |later| {
            show(read(xml, "s.xml", "S", later, &ctx(&budget)))
        }),
        show(read_full(xml, "s.xml", "S", &ready, &ctx(&budget_full))),
    );
    if fast != full {
        return Some(format!("sheet: scanner {fast} / full reader {full}"));
    }
    let show = |r: Result<Vec<Arc<str>>>| match r {
        Ok(v) => format!("{v:?}"),
        Err(e) => format!("error: {e}"),
    };
    let (fast, full) = (
        show(read_shared(xml, "s.xml", Lang::En)),
        show(read_shared_full(xml, "s.xml", Lang::En)),
    );
    (fast != full).then(|| format!("shared strings: scanner {fast} / full reader {full}"))
}

/// `f` of shared strings read on another core (found there at any point of `f`).
fn beside<R>(shared: &[Arc<str>], f: impl FnOnce(&Strings<'_>) -> R) -> R {
    std::thread::scope(|scope| f(&Strings::later(scope.spawn(|| Ok(shared.to_vec())))))
}

/// What reading the cells of every sheet of a workbook needs.
pub(super) struct SheetContext<'a> {
    pub date_styles: &'a [bool],
    pub date1904: bool,
    pub lang: Lang,
    /// What is left of the workbook's bounds.
    pub budget: &'a super::cell::Budget,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xlsx::Limits;
    use proptest::prelude::*;

    /// Pieces of text as they appear in XML (already escaped).
    const TEXT: &[&str] = &[
        "a",
        "日本",
        " ",
        "&amp;",
        "&lt;",
        "&gt;",
        "&quot;",
        "&#x41;",
        "&#12354;",
        "\r\n",
        "\r",
        "\n",
        "_x000D_",
        "'",
        "\"",
        ">",
        "&unknown;",
        "&#0;",
        "&#+65;",
    ];

    fn text(pieces: &[usize]) -> String {
        pieces.iter().map(|i| TEXT[i % TEXT.len()]).collect()
    }

    #[derive(Debug, Clone)]
    struct CellSpec {
        col: Option<u32>,
        kind: u8,
        pieces: Vec<usize>,
        style: u8,
        single_quotes: bool,
        comment: bool,
    }

    fn cell_strategy() -> impl Strategy<Value = CellSpec> {
        (
            proptest::option::of(0u32..30),
            0u8..11,
            proptest::collection::vec(0usize..64, 0..5),
            0u8..3,
            any::<bool>(),
            proptest::bool::weighted(0.1),
        )
            .prop_map(
                |(col, kind, pieces, style, single_quotes, comment)| CellSpec {
                    col,
                    kind,
                    pieces,
                    style,
                    single_quotes,
                    comment,
                },
            )
    }

    fn sheet_xml(
        p: &str,
        rows: &[(Option<u32>, Vec<CellSpec>)],
        cols: bool,
        doctype: bool,
    ) -> String {
        let mut x = String::from(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
        if doctype {
            x.push_str("<!DOCTYPE worksheet>");
        }
        x.push_str(&format!(
            r#"<{p}worksheet xmlns:x="urn:x"><{p}dimension ref="A1:C3"/>"#
        ));
        if cols {
            x.push_str(&format!(
                r#"<{p}cols><{p}col min="2" max="3" hidden="1"/><{p}col min="5" max="5" width="3"/></{p}cols>"#
            ));
        }
        x.push_str(&format!("<{p}sheetData>"));
        for (r, cells) in rows {
            match r {
                Some(r) => x.push_str(&format!(r#"<{p}row r="{r}" spans="1:5">"#)),
                None => x.push_str(&format!("<{p}row>")),
            }
            for c in cells {
                let q = if c.single_quotes { '\'' } else { '"' };
                let mut attrs = String::new();
                if let Some(col) = c.col {
                    let row = r.unwrap_or(1);
                    attrs.push_str(&format!(
                        " r={q}{}{row}{q}",
                        super::super::column_letters(col)
                    ));
                }
                attrs.push_str(&format!(" s={q}{}{q}", c.style));
                let t = text(&c.pieces);
                let body = match c.kind {
                    0 => format!(
                        r#"<{p}c{attrs} t="s"><{p}v>{}</{p}v></{p}c>"#,
                        c.pieces.len()
                    ),
                    1 => format!(
                        r#"<{p}c{attrs} t="inlineStr"><{p}is><{p}t>{t}</{p}t></{p}is></{p}c>"#
                    ),
                    2 => format!(
                        r#"<{p}c{attrs} t="inlineStr"><{p}is><{p}r><{p}rPr><{p}b/></{p}rPr><{p}t>{t}</{p}t></{p}r><{p}r><{p}t xml:space="preserve"> {t}</{p}t></{p}r><{p}rPh sb="0" eb="1"><{p}t>ヨミ</{p}t></{p}rPh></{p}is></{p}c>"#
                    ),
                    3 => format!(
                        r#"<{p}c{attrs}><{p}v>{}.5</{p}v></{p}c>"#,
                        45000 + c.pieces.len()
                    ),
                    4 => format!(
                        r#"<{p}c{attrs} t="b"><{p}v>{}</{p}v></{p}c>"#,
                        c.pieces.len() % 2
                    ),
                    5 => format!(r#"<{p}c{attrs} t="e"><{p}v>#N/A</{p}v></{p}c>"#),
                    6 => format!(r#"<{p}c{attrs}><{p}f>SUM(A1:A2)&amp;{t}</{p}f></{p}c>"#),
                    7 => format!(r#"<{p}c{attrs} t="str"><{p}f>A1</{p}f><{p}v>{t}</{p}v></{p}c>"#),
                    8 => format!(r#"<{p}c{attrs}/>"#),
                    9 => format!(
                        r#"<{p}c{attrs} t="inlineStr"><{p}is><{p}t><![CDATA[{}]]></{p}t></{p}is></{p}c>"#,
                        t.replace("]]>", "")
                    ),
                    _ => format!(r#"<{p}c{attrs} t="d"><{p}v>2027-03-31T00:00:00</{p}v></{p}c>"#),
                };
                x.push_str(&body);
                if c.comment {
                    x.push_str("<!-- <c r=\"Z9\"><v>1</v></c> -->");
                }
            }
            x.push_str(&format!("</{p}row>"));
        }
        x.push_str(&format!(
            r#"</{p}sheetData><{p}conditionalFormatting sqref="A1"/></{p}worksheet>"#
        ));
        x
    }

    fn outcome(read: Result<(SheetCells, bool)>) -> String {
        match read {
            Ok(cells) => format!("{cells:?}"),
            Err(e) => format!("error: {e}"),
        }
    }

    /// Cells and strings written the usual way are read in one piece; around them, in odd
    /// places, or nearly in that shape, they read as the full reader reads them.
    #[test]
    fn pieces_read_in_one_go_read_as_their_parts() {
        let sheet = |body: &str| {
            format!("<worksheet><sheetData><row r=\"2\">{body}</row></sheetData></worksheet>")
        };
        let strings = |body: &str| format!("<sst>{body}</sst>");
        let cases = [
            sheet(r#"<c r="B2" t="s"><v>2</v></c><c><v>7</v></c><c t="b"><v>1</v></c>"#),
            sheet(r#"<x:c r="B2" xmlns:x="urn:x"><x:v>3</x:v></x:c><x:c><v>4</v></x:c>"#),
            sheet(r#"<c r="A2"><v>1</v> </c><c><v>2</v></c ><c><v >3</v></c>"#),
            sheet(
                r#"<c r="A2"><f>A1</f><v>1</v></c><c><v>1 &amp; 2</v></c><c t="str"><v>a&#13;b</v></c>"#,
            ),
            sheet(r#"<c r="A2"><v><c r="C2"><v>5</v></c></v></c><c><f><c><v>6</v></c></f></c>"#),
            sheet(r#"<c r="A2"><is><t><c><v>8</v></c>x</t></is></c><c><v>9</v></d></c>"#),
            sheet(r#"<c r="A2"><v>1</v></c"#),
            sheet(r#"<c r="A2"><v>1</v></x:c>"#),
            strings(
                r#"<si><t>a</t></si><si><t xml:space="preserve"> b </t></si><si><t>c &amp; d</t></si>"#,
            ),
            strings(
                r#"<si><t>a</t> </si><si><t>b</t></si ><x:si><x:t>c</x:t></x:si><si><r><t>e</t></r></si>"#,
            ),
            strings(r#"<si><t>a<si><t>b</t></si></t></si><si><rPh><si><t>c</t></si></rPh></si>"#),
            strings(r#"<si><t xml:space="default">a</t></si><si><t>b</t></x:si>"#),
        ];
        for xml in &cases {
            assert_eq!(readers_differ(xml), None, "{xml}");
        }
    }

    #[test]
    fn numbers_at_their_limits_do_not_overflow() {
        let shared: Vec<Arc<str>> = Vec::new();
        let limits = Limits::default();
        let (budget, budget_full) = (
            super::super::cell::Budget::new(&limits, crate::Lang::En),
            super::super::cell::Budget::new(&limits, crate::Lang::En),
        );
        let ctx = |budget| SheetContext {
            date_styles: &[],
            date1904: false,
            lang: crate::Lang::En,
            budget,
        };
        let strings = Strings::ready(shared);
        let xml = r#"<worksheet><cols><col min="4294967295" max="4294967295" hidden="1"/><col min="3" max="4294967295" hidden="1"/></cols><sheetData><row r="4294967295"><c/><c t="inlineStr"><is><t>x</t></is></c></row><row><c r="XFD1048576"><v>1</v></c><c/><c><v>2</v></c></row></sheetData></worksheet>"#;
        for read in [
            read(xml, "s.xml", "S", &strings, &ctx(&budget)),
            read_full(xml, "s.xml", "S", &strings, &ctx(&budget_full)),
        ] {
            let ((cells, hidden, _, _), ended) = read.unwrap_or_else(|e| panic!("{e}"));
            assert!(ended);
            // Hidden columns stop at the last of the 16,384 a sheet can have.
            assert_eq!(hidden.len(), 16_384 - 2);
            assert!(hidden.contains(&2) && hidden.contains(&16_383) && !hidden.contains(&16_384));
            assert_eq!(cells.len(), 3);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// The scanner and the full XML reader give the same cells (or the same error) for
        /// sheets as programs write them, cut anywhere.
        #[test]
        fn scanner_and_full_reader_agree(
            prefixed in any::<bool>(),
            rows in proptest::collection::vec(
                (proptest::option::of(1u32..40), proptest::collection::vec(cell_strategy(), 0..5)),
                0..6,
            ),
            cols in any::<bool>(),
            doctype in proptest::bool::weighted(0.05),
            few_cells in proptest::bool::weighted(0.2),
            cut in 0.0f64..1.0,
        ) {
            let shared: Vec<Arc<str>> = ["s0", "", "s2 & x", "四", "_x000D_"]
                .iter().map(|s| Arc::from(*s)).collect();
            let limits = Limits { max_cells: if few_cells { 3 } else { 1_000_000 }, ..Limits::default() };
            let budgets: Vec<super::super::cell::Budget> =
                (0..5).map(|_| super::super::cell::Budget::new(&limits, crate::Lang::En)).collect();
            let ctx = |i: usize| SheetContext {
                date_styles: &[false, true, false],
                date1904: false,
                lang: crate::Lang::En,
                budget: &budgets[i],
            };
            let xml = sheet_xml(if prefixed { "x:" } else { "" }, &rows, cols, doctype);
            // Without a DOCTYPE or a reference it does not know, the scanner reads it alone.
            let plain = !doctype && !["&unknown;", "&#0;", "&#+65;"].iter().any(|r| xml.contains(r));
            // Strings read before the sheet, and strings read beside it (looked up when the
            // sheet is read or the cells might reach the bound): the same cells, the same error.
            let ready = Strings::ready(shared.clone());
            if plain {
                let mut scanner = Scanner::new(&xml, Part::Sheet);
                let alone = cells(|collect| scanner.next(collect), xml.len(), "S", &ready, &ctx(0));
                prop_assert!(!matches!(alone, Err(Stop::Aside)), "the scanner stepped aside");
            }
            prop_assert_eq!(
                beside(&shared, |later| outcome(read(&xml, "sheet.xml", "S", later, &ctx(1)))),
                outcome(read_full(&xml, "sheet.xml", "S", &ready, &ctx(2)))
            );
            let mut at = (xml.len() as f64 * cut) as usize;
            while !xml.is_char_boundary(at) {
                at -= 1;
            }
            let head = &xml[..at];
            prop_assert_eq!(
                beside(&shared, |later| outcome(read(head, "sheet.xml", "S", later, &ctx(3)))),
                outcome(read_full(head, "sheet.xml", "S", &ready, &ctx(4)))
            );
        }

        /// The same for shared strings.
        #[test]
        fn shared_strings_agree(
            items in proptest::collection::vec((proptest::collection::vec(0usize..64, 0..5), 0u8..5), 0..8),
            cut in 0.0f64..1.0,
        ) {
            let mut xml = String::from(r#"<?xml version="1.0"?><sst xmlns="urn:x" count="1">"#);
            for (pieces, shape) in &items {
                let t = text(pieces);
                xml.push_str(&match shape {
                    0 => format!("<si><t>{t}</t></si>"),
                    1 => format!(r#"<si><r><rPr><b/></rPr><t>{t}</t></r><r><t xml:space="preserve">{t} </t></r></si>"#),
                    2 => format!(r#"<si><t>{t}</t><rPh sb="0" eb="1"><t>ヨミ</t></rPh><phoneticPr fontId="1"/></si>"#),
                    3 => format!(r#"<si><t xml:space="preserve"> {t} </t></si>"#),
                    _ => "<si/>".to_string(),
                });
            }
            xml.push_str("</sst>");
            if !["&unknown;", "&#0;", "&#+65;"].iter().any(|r| xml.contains(r)) {
                let mut scanner = Scanner::new(&xml, Part::Strings);
                prop_assert!(strings(|collect| scanner.next(collect), xml.len()).is_ok(), "the scanner stepped aside");
            }
            let show = |r: Result<Vec<Arc<str>>>| match r {
                Ok(v) => format!("{v:?}"),
                Err(e) => format!("error: {e}"),
            };
            prop_assert_eq!(
                show(read_shared(&xml, "s.xml", crate::Lang::En)),
                show(read_shared_full(&xml, "s.xml", crate::Lang::En))
            );
            let mut at = (xml.len() as f64 * cut) as usize;
            while !xml.is_char_boundary(at) {
                at -= 1;
            }
            prop_assert_eq!(
                show(read_shared(&xml[..at], "s.xml", crate::Lang::En)),
                show(read_shared_full(&xml[..at], "s.xml", crate::Lang::En))
            );
        }
    }
}
