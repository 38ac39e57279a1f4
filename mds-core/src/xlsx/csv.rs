//! Text tables (.csv, .tsv, .txt) as one-sheet workbooks: what a vendor gets when a checklist
//! is saved from Excel or LibreOffice as CSV ("CSV (コンマ区切り)" in Shift_JIS, "CSV UTF-8"
//! with a byte-order mark, "Unicode テキスト" in UTF-16 with tabs).
//!
//! The text is decoded (UTF-8 with or without a byte-order mark, UTF-16 with one, else
//! Shift_JIS as Windows writes it), the separator is the one of comma, tab and semicolon that the
//! first lines use most outside quotes, and fields follow RFC 4180: quoted fields may hold the
//! separator, line breaks and doubled quotes. Every non-empty field is a text cell; a spreadsheet
//! program saving CSV keeps no types, hidden rows or sheet names, so the one sheet is named by
//! the caller (the file's name, as a spreadsheet program shows it on its tab).

use std::collections::BTreeMap;

use super::cell::{CellValue, Limits, Sheet, Workbook, WorkbookKind};
use crate::{Error, Lang, Result};

/// The name of the one sheet until the caller names it after the file.
pub const CSV_SHEET: &str = "CSV";

/// True when `bytes` look like a text table rather than JSON or a binary file: text whose first
/// character is not `{` or `[`, with a separator on its first lines.
///
/// ```
/// assert!(mds_core::xlsx::looks_like_csv("項番,確認項目,回答\n1,暗号化,はい\n".as_bytes()));
/// assert!(!mds_core::xlsx::looks_like_csv(br#"{"format": "mds-response/1"}"#));
/// assert!(!mds_core::xlsx::looks_like_csv(b"PK\x03\x04"));
/// ```
pub fn looks_like_csv(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 << 10)];
    let text = match decode(head, true) {
        Some(t) => t,
        None => return false,
    };
    let text = text.trim_start();
    if text.is_empty() || text.starts_with(['{', '[']) || text.contains('\0') {
        return false;
    }
    separator(text).is_some()
}

/// Reads a text table as a workbook of one sheet named [`CSV_SHEET`].
pub fn read_csv(bytes: &[u8], limits: &Limits, lang: Lang) -> Result<Workbook> {
    let Some(text) = decode(bytes, false) else {
        return Err(Error::Unreadable {
            code: "not-a-workbook",
            location: String::new(),
            message: lang
                .pick(
                    "CSV の文字コードを読み取れません。Excel で「CSV UTF-8（コンマ区切り）」として保存し直してください。",
                    "the CSV file's text encoding cannot be read; save it again as \"CSV UTF-8 (Comma delimited)\".",
                )
                .to_string(),
        });
    };
    let sep = separator(&text).unwrap_or(',');
    let mut cells: BTreeMap<(u32, u32), CellValue> = BTreeMap::new();
    let mut kept: u64 = 0;
    let mut row: u32 = 0;
    let mut col: u32 = 0;
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    // A field ends at the separator or a line end outside quotes; a quote opens quoting only
    // at the start of a field (elsewhere it is kept, as spreadsheet programs read it).
    let mut at_start = true;
    loop {
        let c = chars.next();
        let end_of_field = match c {
            None => true,
            Some('"') if quoted => {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
                false
            }
            Some('"') if at_start => {
                quoted = true;
                at_start = false;
                false
            }
            Some(c) if quoted => {
                field.push(c);
                false
            }
            Some(c) if c == sep || c == '\n' || c == '\r' => true,
            Some(c) => {
                field.push(c);
                at_start = false;
                false
            }
        };
        if !end_of_field {
            continue;
        }
        if !field.trim().is_empty() {
            kept += 1;
            if kept > limits.max_cells {
                return Err(Error::Unreadable {
                    code: "too-large",
                    location: format!(
                        "{CSV_SHEET}!{}{}",
                        super::column_letters(col),
                        u64::from(row) + 1
                    ),
                    message: match lang {
                        Lang::Ja => format!(
                            "セルが多すぎます（上限 {} 個）。--max-cells で上限を変えられます。",
                            limits.max_cells
                        ),
                        Lang::En => format!(
                            "too many cells (limit {}); --max-cells changes the limit.",
                            limits.max_cells
                        ),
                    },
                });
            }
            let value = std::mem::take(&mut field);
            cells.insert((row, col), CellValue::Text(value.into()));
        } else {
            field.clear();
        }
        at_start = true;
        match c {
            None => break,
            Some('\r') => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                row = row.saturating_add(1);
                col = 0;
            }
            Some('\n') => {
                row = row.saturating_add(1);
                col = 0;
            }
            _ => col = col.saturating_add(1),
        }
    }
    Ok(Workbook {
        kind: WorkbookKind::Csv,
        sheets: vec![Sheet {
            name: CSV_SHEET.to_string(),
            hidden: false,
            cells: cells.into_iter().collect(),
            ..Default::default()
        }],
        ..Default::default()
    })
}

/// The text of a CSV file: UTF-8 (a byte-order mark dropped), UTF-16 with a byte-order mark, or
/// Shift_JIS (Windows-31J) when it is not UTF-8. `partial`: the bytes may end inside a character
/// (a head of the file).
fn decode(bytes: &[u8], partial: bool) -> Option<String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Some(utf8(rest, partial)?.to_string());
    }
    for (bom, encoding) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, bad) = encoding.decode_without_bom_handling(rest);
            return (!bad || partial).then(|| text.into_owned());
        }
    }
    if let Some(text) = utf8(bytes, partial) {
        return Some(text.to_string());
    }
    let (text, bad) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes);
    (!bad || partial).then(|| text.into_owned())
}

/// The bytes as UTF-8; with `partial`, a character cut at the end is left out.
fn utf8(bytes: &[u8], partial: bool) -> Option<&str> {
    match std::str::from_utf8(bytes) {
        Ok(t) => Some(t),
        Err(e) if partial && e.error_len().is_none() => {
            std::str::from_utf8(&bytes[..e.valid_up_to()]).ok()
        }
        Err(_) => None,
    }
}

/// The separator the first lines use most outside quotes: comma, tab or semicolon.
fn separator(text: &str) -> Option<char> {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    let mut lines = 0;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => {
                lines += 1;
                if lines >= 50 {
                    break;
                }
            }
            ',' if !quoted => counts[0] += 1,
            '\t' if !quoted => counts[1] += 1,
            ';' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let (best, n) = counts
        .iter()
        .enumerate()
        .max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i)))?;
    (*n > 0).then_some([',', '\t', ';'][best])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(bytes: &[u8]) -> Vec<((u32, u32), String)> {
        let wb = read_csv(bytes, &Limits::default(), Lang::En).expect("reads");
        wb.sheets[0]
            .cells
            .iter()
            .map(|(k, v)| (*k, v.text()))
            .collect()
    }

    #[test]
    fn reads_quotes_line_breaks_and_separators() {
        let got = cells("項番,確認項目,回答\r\n1,\"暗号化, 通信\",\"はい\r\n(TLS 1.3)\"\r\n2,\"\"\"引用\"\"\",\r\n".as_bytes());
        assert_eq!(
            got,
            vec![
                ((0, 0), "項番".to_string()),
                ((0, 1), "確認項目".to_string()),
                ((0, 2), "回答".to_string()),
                ((1, 0), "1".to_string()),
                ((1, 1), "暗号化, 通信".to_string()),
                ((1, 2), "はい\r\n(TLS 1.3)".to_string()),
                ((2, 0), "2".to_string()),
                ((2, 1), "\"引用\"".to_string()),
            ]
        );
    }

    #[test]
    fn decodes_shift_jis_and_utf16() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("項番,回答\n1,はい\n");
        assert_eq!(cells(&sjis)[3], ((1, 1), "はい".to_string()));
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "項番\t回答\n1\tはい\n".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(cells(&utf16)[3], ((1, 1), "はい".to_string()));
        assert!(looks_like_csv(&utf16));
    }

    #[test]
    fn a_cell_bound_holds() {
        let limits = Limits {
            max_cells: 3,
            ..Limits::default()
        };
        let err = read_csv(b"a,b\nc,d\n", &limits, Lang::En).expect_err("bounded");
        assert!(err.to_string().contains("--max-cells"), "{err}");
    }
}
