//! Text as a reader sees it: characters that are invisible or that move other text.
//!
//! A vendor name or a remark can carry characters a reader cannot see: controls (ESC, BEL, a
//! carriage return that sends the terminal back to the start of the line, Word's vertical tab),
//! bidirectional overrides (`U+202E` shows `A社` written backwards as another vendor), zero-width
//! spaces and joiners that make two names look alike. Escaping for HTML is not enough: a browser
//! still obeys an override written as an entity. Wherever mds shows such text (reports for
//! people, the terminal, messages), each of these characters is replaced by a visible marker,
//! `⟨U+202E⟩`; data formats (JSON, CSV, XLSX cells) keep the text as it was given, and
//! validation warns about it (`invisible-character`).

use std::borrow::Cow;

/// True for a character that is shown as a marker: controls other than tab and line feed,
/// bidirectional marks, overrides and isolates, and invisible spaces, joiners and fillers.
/// Variation selectors are kept (a kanji's variant form is written with one).
///
/// ```
/// use mds_core::display::is_invisible;
/// assert!(is_invisible('\u{202E}') && is_invisible('\u{1b}') && is_invisible('\u{200B}'));
/// assert!(!is_invisible('\n') && !is_invisible('社') && !is_invisible('\u{E0100}'));
/// ```
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}'
        | '\u{B}'..='\u{1F}'
        | '\u{7F}'..='\u{9F}'
        | '\u{AD}'
        | '\u{34F}'
        | '\u{61C}'
        | '\u{115F}' | '\u{1160}'
        | '\u{17B4}' | '\u{17B5}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{3164}'
        | '\u{FEFF}'
        | '\u{FFA0}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0000}'..='\u{E007F}'
    )
}

/// The marker shown in place of an invisible character.
///
/// ```
/// assert_eq!(mds_core::display::marker('\u{202E}'), "⟨U+202E⟩");
/// ```
pub fn marker(c: char) -> String {
    format!("⟨U+{:04X}⟩", u32::from(c))
}

/// The text with every invisible character (see [`is_invisible`]) replaced by its marker;
/// borrowed when there is none.
///
/// ```
/// use mds_core::display::visible;
/// assert_eq!(visible("\u{202E}社A"), "⟨U+202E⟩社A");
/// assert_eq!(visible("a\u{1b}[31mb"), "a⟨U+001B⟩[31mb");
/// assert_eq!(visible("二行\nの備考"), "二行\nの備考");
/// ```
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_invisible) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_invisible(c) {
            out.push_str(&marker(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The first invisible character of a text, if any.
pub fn first_invisible(text: &str) -> Option<char> {
    text.chars().find(|&c| is_invisible(c))
}

/// Display width: East Asian wide and fullwidth characters count two columns.
///
/// ```
/// assert_eq!(mds_core::display::width("A社"), 3);
/// ```
pub fn width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_hidden_character_is_marked() {
        for c in [
            '\u{0}',
            '\u{7}',
            '\u{8}',
            '\u{B}',
            '\u{C}',
            '\r',
            '\u{1B}',
            '\u{7F}',
            '\u{85}',
            '\u{9B}',
            '\u{AD}',
            '\u{61C}',
            '\u{200B}',
            '\u{200D}',
            '\u{200E}',
            '\u{200F}',
            '\u{2028}',
            '\u{202A}',
            '\u{202E}',
            '\u{2066}',
            '\u{2069}',
            '\u{2060}',
            '\u{FEFF}',
            '\u{3164}',
            '\u{E0041}',
        ] {
            assert!(is_invisible(c), "U+{:04X}", u32::from(c));
            let text = format!("A{c}B");
            let shown = visible(&text);
            assert_eq!(shown, format!("A{}B", marker(c)));
            assert!(!shown.chars().any(is_invisible));
        }
        for c in [
            '\t',
            '\n',
            ' ',
            '　',
            'A',
            '社',
            'ー',
            '\u{FE0F}',
            '\u{E0100}',
            '①',
        ] {
            assert!(!is_invisible(c), "U+{:04X}", u32::from(c));
        }
        assert!(matches!(visible("株式会社A"), Cow::Borrowed(_)));
    }
}
