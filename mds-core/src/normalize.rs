//! Normalisation of answer cells and dates: the one place every importer goes through.
//!
//! A cell is compared after NFKC (full-width to half-width), trimming, collapsing inner
//! whitespace and lower-casing. Marks that NFKC leaves apart are folded only when the whole cell
//! is a mark: a `ー` inside a word stays a `ー`. Remarks and `raw` are never normalised.

use unicode_normalization::UnicodeNormalization;

use crate::model::{Code, Vocabulary};

/// Normalises an answer cell for comparison with codes, labels and aliases.
///
/// ```
/// use mds_core::normalize::normalize;
/// assert_eq!(normalize("  Ｙｅｓ　"), "yes");
/// assert_eq!(normalize("〇"), "○");
/// assert_eq!(normalize("✕"), "×");
/// assert_eq!(normalize("ー"), "-");
/// assert_eq!(normalize("See  Notes"), "see notes");
/// assert_eq!(normalize("データー"), "データー");
/// ```
pub fn normalize(cell: &str) -> String {
    // Most cells are ASCII, or already in NFKC: neither needs the decomposition.
    if cell.is_ascii() {
        let mut out = String::with_capacity(cell.len());
        for word in cell.split_ascii_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        if let Some(mark) = fold_mark(&out) {
            return mark.to_string();
        }
        out.make_ascii_lowercase();
        return out;
    }
    if let Some(out) = normalize_common(cell) {
        return out;
    }
    let folded: std::borrow::Cow<'_, str> = match unicode_normalization::is_nfkc_quick(cell.chars())
    {
        unicode_normalization::IsNormalized::Yes => std::borrow::Cow::Borrowed(cell),
        _ => std::borrow::Cow::Owned(cell.nfkc().collect()),
    };
    let mut collapsed = String::with_capacity(folded.len());
    for word in folded.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    if let Some(mark) = fold_mark(&collapsed) {
        return mark.to_string();
    }
    if collapsed.chars().any(|c| c.is_uppercase()) {
        collapsed.to_lowercase()
    } else {
        collapsed
    }
}

/// [`normalize`] in one pass for text made only of ASCII, full-width ASCII, the ideographic
/// space and characters NFKC never changes and that have no case (kana, kanji, Japanese
/// punctuation, the usual marks): such text needs no decomposition, each character maps on its
/// own. None for any other text, which takes the general path.
fn normalize_common(cell: &str) -> Option<String> {
    let mut out = String::with_capacity(cell.len());
    let mut space = false;
    let mut upper = false;
    for c in cell.chars() {
        let c = match c {
            // NFKC maps full-width ASCII to ASCII and the ideographic space to a space.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0)?,
            '\u{3000}' => ' ',
            c if c.is_ascii() || is_plain(c) => c,
            _ => return None,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        upper |= c.is_ascii_uppercase();
        out.push(c);
    }
    if let Some(mark) = fold_mark(&out) {
        return Some(mark.to_string());
    }
    if upper {
        out.make_ascii_lowercase();
    }
    Some(out)
}

/// Characters that NFKC leaves as they are in any text of such characters (quick check "yes",
/// combining class 0) and that have no case: checked for every one of them by a test.
fn is_plain(c: char) -> bool {
    matches!(c,
        '\u{00D7}' | '\u{00F7}' // × ÷
        | '\u{2010}' | '\u{2013}'..='\u{2016}' | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}'
        | '\u{2020}' | '\u{2021}' | '\u{2022}' | '\u{203B}' // ‐ – — ― ‖ ‘ ’ “ ” † ‡ • ※
        | '\u{2190}'..='\u{2199}' // arrows
        | '\u{2212}' // −
        | '\u{2500}'..='\u{257F}' // box drawing
        | '\u{25A0}'..='\u{25FF}' // geometric shapes: ■ □ ○ ● ◎ ◯ ◉
        | '\u{2605}' | '\u{2606}' | '\u{2610}'..='\u{2612}' // ★ ☆ ☐ ☑ ☒
        | '\u{2713}'..='\u{2718}' // ✓ ✔ ✕ ✖ ✗ ✘
        | '\u{3001}'..='\u{3003}' | '\u{3005}'..='\u{3007}' // 、。〃 々〆〇
        | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301F}' // brackets, 〜
        | '\u{3041}'..='\u{3096}' | '\u{309D}' | '\u{309E}' // hiragana
        | '\u{30A0}'..='\u{30FE}' // katakana, ・ ー
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' // kanji
    )
}

/// The code of `vocabulary` a cell means: its code, Japanese or English label, or an alias,
/// compared after [`normalize`].
///
/// ```
/// use mds_core::{catalog::Catalog, normalize::match_code};
/// let catalog = Catalog::builtin();
/// let q = catalog.resolve("sample-sds").unwrap();
/// let v = q.vocabulary("yes-no-na").unwrap();
/// for cell in ["はい", "ＹＥＳ", "〇", "yes"] {
///     assert_eq!(match_code(v, cell).map(|c| c.code.as_str()), Some("yes"));
/// }
/// assert_eq!(match_code(v, "ー").map(|c| c.code.as_str()), Some("na"));
/// assert_eq!(match_code(v, "たぶん"), None);
/// ```
pub fn match_code<'v>(vocabulary: &'v Vocabulary, cell: &str) -> Option<&'v Code> {
    let cell = normalize(cell);
    if cell.is_empty() {
        return None;
    }
    vocabulary
        .codes
        .iter()
        .find(|c| {
            [c.code.as_str(), c.label.ja.as_str(), c.label.en.as_str()]
                .into_iter()
                .chain(c.aliases.iter().map(String::as_str))
                .any(|s| normalize(s) == cell)
        })
        .or_else(|| {
            vocabulary
                .codes
                .iter()
                .find(|c| common_words(&c.code).iter().any(|w| normalize(w) == cell))
        })
}

/// Words vendors write for the three answers of a yes / no / not-applicable question, besides a
/// vocabulary's own labels and aliases: forms built on 対応 / 実施 / 該当, katakana (half-width
/// katakana is folded by NFKC), and English. Every vocabulary with the codes `yes`, `no` or `na`
/// understands them, after its own words. `docs/answer-words.md` is generated from this table.
pub const ANSWER_WORDS: &[(&str, &[&str])] = &[
    (
        "yes",
        &[
            "はい",
            "ハイ",
            "対応",
            "対応済",
            "対応済み",
            "対応可",
            "対応可能",
            "対応している",
            "対応しています",
            "対応する",
            "実施",
            "実施済",
            "実施済み",
            "実施している",
            "実施しています",
            "実施する",
            "該当",
            "該当する",
            "あり",
            "有",
            "有り",
            "適合",
            "可",
            "済",
            "済み",
            "している",
            "行っている",
            "yes",
            "y",
            "○",
            "✓",
        ],
    ),
    (
        "no",
        &[
            "いいえ",
            "イイエ",
            "未対応",
            "対応不可",
            "非対応",
            "対応なし",
            "対応無し",
            "対応していない",
            "対応していません",
            "対応しない",
            "未実施",
            "実施不可",
            "実施していない",
            "実施していません",
            "実施しない",
            "実施なし",
            "なし",
            "無",
            "無し",
            "不適合",
            "否",
            "不可",
            "していない",
            "行っていない",
            "no",
            "n",
            "×",
        ],
    ),
    (
        "na",
        &[
            "対象外",
            "対象外です",
            "該当なし",
            "該当無し",
            "非該当",
            "該当しない",
            "該当しません",
            "適用外",
            "適用なし",
            "該当せず",
            "不要",
            "対応不要",
            "n/a",
            "n.a.",
            "na",
            "not applicable",
            "-",
            "／",
        ],
    ),
];

/// The common words for a code (empty for codes other than `yes`, `no` and `na`).
pub fn common_words(code: &str) -> &'static [&'static str] {
    ANSWER_WORDS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, w)| *w)
        .unwrap_or(&[])
}

/// The Markdown table of [`ANSWER_WORDS`] (`docs/answer-words.md`).
pub fn answer_words_markdown() -> String {
    let mut out = String::from(
        "<!-- Generated from mds_core::normalize::ANSWER_WORDS; `MDS_UPDATE_DOCS=1 cargo test -p mds-core --test docs` rewrites it. -->\n\n\
         # 回答の言葉 / Answer words\n\n\
         はい・いいえ・対象外（yes / no / na）の設問では、質問票の選択肢の表記と別名のほかに、次の言葉を同じ意味に\n\
         読みます。全角・半角、大文字・小文字、前後の空白は区別しません（半角カナも読みます）。答えの列の見出しに\n\
         これらの言葉を並べた表（選択肢ごとの列に○を付ける形）も同じように読みます。\n\n\
         Besides a questionnaire's own labels and aliases, mds reads these words as the three answers of a\n\
         yes / no / not-applicable question, ignoring width, case and surrounding spaces. Option columns\n\
         headed with these words (a matrix with one column per answer) are read the same way.\n\n\
         | code | 意味 / meaning | words |\n|---|---|---|\n",
    );
    for (code, words) in ANSWER_WORDS {
        let meaning = match *code {
            "yes" => "はい / Yes",
            "no" => "いいえ / No",
            _ => "対象外 / N/A",
        };
        let list: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
        out.push_str(&format!("| `{code}` | {meaning} | {} |\n", list.join(" ")));
    }
    out
}

/// Looks cells up in every vocabulary of a questionnaire, normalising each label and alias
/// once (the importer reads thousands of cells).
///
/// ```
/// let catalog = mds_core::catalog::Catalog::builtin();
/// let q = catalog.resolve("sample-sds").unwrap();
/// let m = mds_core::normalize::Matcher::new(q);
/// assert_eq!(m.find("yes-no-na", "〇").map(|c| c.code.as_str()), Some("yes"));
/// ```
pub struct Matcher<'q> {
    maps: crate::FastMap<&'q str, crate::FastMap<String, &'q Code>>,
    /// The same lookups for cells written exactly as a code, label or alias (as a dropdown
    /// writes them), without normalising the cell.
    exact: crate::FastMap<&'q str, crate::FastMap<&'q str, &'q Code>>,
}

impl<'q> Matcher<'q> {
    /// The lookup tables of `q`'s vocabularies.
    pub fn new(q: &'q crate::model::Questionnaire) -> Self {
        let mut maps = crate::FastMap::default();
        let mut exact = crate::FastMap::default();
        for v in &q.vocabularies {
            let mut map: crate::FastMap<String, &Code> = crate::FastMap::default();
            let words = || {
                v.codes.iter().flat_map(|c| {
                    [c.code.as_str(), c.label.ja.as_str(), c.label.en.as_str()]
                        .into_iter()
                        .chain(c.aliases.iter().map(String::as_str))
                        .map(move |w| (w, c))
                })
            };
            for (w, c) in words() {
                let key = normalize(w);
                if !key.is_empty() {
                    map.entry(key).or_insert(c);
                }
            }
            for c in &v.codes {
                for w in common_words(&c.code) {
                    map.entry(normalize(w)).or_insert(c);
                }
            }
            // A word found as written means what its normalised form means.
            let same: crate::FastMap<&str, &Code> = words()
                .filter_map(|(w, _)| Some((w, *map.get(&normalize(w))?)))
                .collect();
            maps.insert(v.id.as_str(), map);
            exact.insert(v.id.as_str(), same);
        }
        Matcher { maps, exact }
    }

    /// The code of vocabulary `vocabulary` a cell means, as [`match_code`] finds it.
    pub fn find(&self, vocabulary: &str, cell: &str) -> Option<&'q Code> {
        if let Some(code) = self.exact.get(vocabulary).and_then(|m| m.get(cell)) {
            return Some(code);
        }
        // No code, label or alias is this long: a long text is not normalised to find that out.
        if cell.len() > LONGEST_WORD {
            return None;
        }
        self.maps.get(vocabulary)?.get(&normalize(cell)).copied()
    }
}

/// The longest text, in bytes, that can be a code, a label or an alias of a vocabulary (or the
/// value before a note in one cell): longer texts are not normalised to be compared with them,
/// so that a cell of a megabyte costs its length, not its length for every word.
pub const LONGEST_WORD: usize = 1024;

/// The start of a text up to `max` bytes, cut at a character boundary.
pub fn head(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// What an answer cell says: the code it names and the note written after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice<'q> {
    /// The code.
    pub code: &'q Code,
    /// The note after the value, verbatim but for the separator, a closing bracket and an echo of
    /// the value in the other language (`はい（Yes）`).
    pub note: Option<String>,
}

/// A cell that lists every option, each after a box or bullet (`■はい　□いいえ　□対象外`).
#[derive(Debug, Clone, PartialEq)]
pub enum OptionCell<'q> {
    /// Exactly one option is marked.
    Chosen(&'q Code),
    /// No option is marked.
    Blank,
    /// More than one option is marked.
    Several(Vec<&'q Code>),
}

/// Characters that separate a value from a note in one cell.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        '。' | '、'
            | '，'
            | ','
            | '：'
            | ':'
            | '（'
            | '('
            | '['
            | '［'
            | '【'
            | '「'
            | '\n'
            | '\r'
            | ' '
            | '\u{3000}'
            | '\t'
            | '/'
            | '／'
            | '・'
            | '；'
            | ';'
    )
}

/// Marks of a chosen option in a box-per-option cell, and of an option left open.
fn option_box(c: char) -> Option<bool> {
    match c {
        '■' | '☑' | '☒' | '●' | '◉' | '◆' | '▣' | '✅' => Some(true),
        '□' | '☐' | '○' | '◯' | '〇' | '◇' => Some(false),
        _ => None,
    }
}

/// `2）いいえ`, `3. 対象外`, `(1) はい` -> the text after the number.
fn strip_number(text: &str) -> &str {
    let t = text.trim_start();
    let (open, rest) = match t.strip_prefix(['(', '（']) {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let digits = rest
        .char_indices()
        .find(|(_, c)| !c.is_ascii_digit() && !('０'..='９').contains(c))
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    if digits == 0 || digits > 6 {
        return text;
    }
    let after = &rest[digits..];
    let mut chars = after.chars();
    match chars.next() {
        Some(')' | '）') => chars.as_str().trim_start(),
        Some('.' | '．' | '、' | ':' | '：') if !open => chars.as_str().trim_start(),
        _ => text,
    }
}

fn closing(open: char) -> Option<char> {
    Some(match open {
        '（' => '）',
        '(' => ')',
        '[' => ']',
        '［' => '］',
        '【' => '】',
        '「' => '」',
        _ => return None,
    })
}

/// The script class of a character, to split `いいえNo` where the script changes.
fn script(c: char) -> u8 {
    if c.is_ascii_alphabetic() {
        1
    } else if c.is_alphabetic() {
        2
    } else {
        0
    }
}

impl<'q> Matcher<'q> {
    /// The code an answer cell names, with the note written after it: `いいえ：次期更新で対応`,
    /// `はい（2025年度に導入済み）`, `No. Planned for 2027`, `2）いいえ`, `はい/Yes`, `Yes.`.
    ///
    /// ```
    /// let catalog = mds_core::catalog::Catalog::builtin();
    /// let q = catalog.resolve("sample-sds").unwrap();
    /// let m = mds_core::normalize::Matcher::new(q);
    /// let c = m.choice("yes-no-na", "いいえ：次期更新で対応").unwrap();
    /// assert_eq!((c.code.code.as_str(), c.note.as_deref()), ("no", Some("次期更新で対応")));
    /// let c = m.choice("yes-no-na", "はい（Yes）").unwrap();
    /// assert_eq!((c.code.code.as_str(), c.note), ("yes", None));
    /// ```
    pub fn choice(&self, vocabulary: &str, text: &str) -> Option<Choice<'q>> {
        match self.find(vocabulary, text) {
            Some(code) => Some(Choice { code, note: None }),
            None => self.choice_after_miss(vocabulary, text),
        }
    }

    /// [`Matcher::choice`] for a text that [`Matcher::find`] has not found whole.
    pub(crate) fn choice_after_miss(&self, vocabulary: &str, text: &str) -> Option<Choice<'q>> {
        let bare = |code| Choice { code, note: None };
        let find = |s: &str| {
            let s = s.trim();
            if s.is_empty() {
                return None;
            }
            self.find(vocabulary, s).or_else(|| {
                let t = s.trim_end_matches(['.', '。', '．']);
                (t.len() < s.len())
                    .then(|| self.find(vocabulary, t))
                    .flatten()
            })
        };
        let t = strip_number(text.trim()).trim();
        // The text as it stands was looked up already: only its form without a final full
        // stop is new.
        let found = if t.len() == text.len() {
            let d = t.trim_end_matches(['.', '。', '．']);
            (d.len() < t.len())
                .then(|| self.find(vocabulary, d))
                .flatten()
        } else {
            find(t)
        };
        if let Some(code) = found {
            return Some(bare(code));
        }
        // The longest head before a separator that names a code (a value is short: only the
        // separators near the start are tried).
        let near = head(t, 256);
        for (i, sep) in near.char_indices().rev().filter(|(_, c)| is_separator(*c)) {
            let Some(code) = find(&t[..i]) else {
                continue;
            };
            let mut note = t[i + sep.len_utf8()..].trim();
            if let Some(close) = closing(sep) {
                note = note.strip_suffix(close).unwrap_or(note).trim();
            }
            let note = note.trim_start_matches(|c: char| is_separator(c) || c == '-' || c == '－');
            return Some(Choice {
                code,
                note: self.without_echo(vocabulary, code, note),
            });
        }
        // No separator: the value in one script followed by its echo in the other (`いいえNo`).
        let mut prev = None;
        for (i, c) in near.char_indices() {
            let class = script(c);
            if prev.is_some_and(|p| p != class && p != 0 && class != 0)
                && let Some(code) = find(&t[..i])
                && self.without_echo(vocabulary, code, &t[i..]).is_none()
            {
                return Some(bare(code));
            }
            prev = Some(class);
        }
        None
    }

    /// The note with a leading echo of the value (the same code in other words) taken away;
    /// None when nothing is left.
    fn without_echo(&self, vocabulary: &str, code: &Code, note: &str) -> Option<String> {
        let same = |s: &str| {
            let s = s.trim().trim_end_matches(['.', '。', ')', '）', ']', '］']);
            !s.is_empty()
                && self
                    .find(vocabulary, s)
                    .is_some_and(|c| c.code == code.code)
        };
        let note = note.trim();
        if same(note) {
            return None;
        }
        if let Some((i, sep)) = note.char_indices().find(|(_, c)| is_separator(*c))
            && same(&note[..i])
        {
            let mut rest = note[i + sep.len_utf8()..]
                .trim_start_matches(|c: char| is_separator(c) || c == ')' || c == '）')
                .trim();
            if let Some(close) = closing(sep) {
                rest = rest.strip_suffix(close).unwrap_or(rest).trim();
            }
            return (!rest.is_empty()).then(|| rest.to_string());
        }
        (!note.is_empty()).then(|| note.to_string())
    }

    /// A cell listing every option after a box or bullet: which one is marked. None when the cell
    /// is not such a list (fewer than two options of the vocabulary are named).
    ///
    /// ```
    /// use mds_core::normalize::{Matcher, OptionCell};
    /// let catalog = mds_core::catalog::Catalog::builtin();
    /// let q = catalog.resolve("sample-sds").unwrap();
    /// let m = Matcher::new(q);
    /// let Some(OptionCell::Chosen(c)) = m.options_in_cell("yes-no-na", "□はい　■いいえ　□対象外")
    /// else { panic!() };
    /// assert_eq!(c.code, "no");
    /// ```
    pub fn options_in_cell(&self, vocabulary: &str, text: &str) -> Option<OptionCell<'q>> {
        let mut options: Vec<(bool, &'q Code)> = Vec::new();
        let mut current: Option<(bool, usize)> = None;
        let finish = |mark: Option<(bool, usize)>, end: usize, options: &mut Vec<_>| {
            if let Some((filled, start)) = mark {
                let word =
                    text[start..end].trim_matches(|c: char| is_separator(c) || c.is_whitespace());
                match self.find(vocabulary, word) {
                    Some(code) => options.push((filled, code)),
                    None => return false,
                }
            }
            true
        };
        for (i, c) in text.char_indices() {
            if let Some(filled) = option_box(c) {
                if !finish(current, i, &mut options) {
                    return None;
                }
                current = Some((filled, i + c.len_utf8()));
            } else if current.is_none() && !c.is_whitespace() {
                return None;
            }
        }
        if !finish(current, text.len(), &mut options) {
            return None;
        }
        let mut distinct: Vec<&str> = options.iter().map(|(_, c)| c.code.as_str()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < 2 || distinct.len() < options.len() {
            return None;
        }
        let chosen: Vec<&'q Code> = options
            .iter()
            .filter(|(f, _)| *f)
            .map(|(_, c)| *c)
            .collect();
        Some(match chosen.as_slice() {
            [] => OptionCell::Blank,
            [one] => OptionCell::Chosen(one),
            _ => OptionCell::Several(chosen),
        })
    }
}

/// Whether a cell of an option column (one column per answer) marks that option: `Some(true)`
/// for ○ ◯ 〇 ● ◎ ✓ ✔ ☑ ■ x X 1 and TRUE, `Some(false)` for an empty mark (☐ □ FALSE 0) or
/// blank, None for anything else (a word or a note, which needs a person to read).
///
/// ```
/// use mds_core::normalize::option_mark;
/// assert_eq!(option_mark("〇"), Some(true));
/// assert_eq!(option_mark("☐"), Some(false));
/// assert_eq!(option_mark("FALSE"), Some(false));
/// assert_eq!(option_mark("要確認"), None);
/// ```
pub fn option_mark(cell: &str) -> Option<bool> {
    let t: String = cell.nfkc().filter(|c| !c.is_whitespace()).collect();
    match t.to_lowercase().as_str() {
        "" | "☐" | "□" | "false" | "0" | "-" | "ー" | "－" => Some(false),
        "○" | "◯" | "〇" | "●" | "◎" | "✓" | "✔" | "☑" | "☒" | "■" | "x" | "×" | "✕" | "1"
        | "true" | "v" | "レ" | "✅" | "◉" => Some(true),
        _ => None,
    }
}

/// The canonical mark for a cell that is exactly one mark, if it is one.
fn fold_mark(cell: &str) -> Option<&'static str> {
    let mut chars = cell.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    Some(match c {
        '○' | '〇' | '◯' | '◎' => "○",
        '×' | '✕' | '✗' | '✖' | 'x' | 'X' => "×",
        '-' | '－' | 'ー' | '—' | '―' | '–' | '‐' | '−' | 'ｰ' => "-",
        '✓' | '✔' | '☑' => "✓",
        _ => return None,
    })
}

/// Reads a date as users write it and returns it as ISO 8601 (`YYYY-MM-DD`).
///
/// Accepts ISO dates, `2027/3/31`, `2027.3.31`, `2027年3月31日`, and Japanese era dates:
/// `令和9年3月31日`, `令和元年5月1日`, `R9.3.31`, `R9/3/31`, `H31.4.30` (平成), `S64.1.7` (昭和).
///
/// ```
/// use mds_core::normalize::parse_date;
/// assert_eq!(parse_date("令和9年3月31日").as_deref(), Some("2027-03-31"));
/// assert_eq!(parse_date("R9.3.31").as_deref(), Some("2027-03-31"));
/// assert_eq!(parse_date("2027/3/31").as_deref(), Some("2027-03-31"));
/// assert_eq!(parse_date("2027-02-30"), None);
/// ```
pub fn parse_date(text: &str) -> Option<String> {
    let t: String = text.nfkc().filter(|c| !c.is_whitespace()).collect();
    let (offset, rest) = era(&t);
    let rest = rest.strip_suffix('日').unwrap_or(rest);
    let parts: Vec<&str> = rest.split(['-', '/', '.', '年', '月']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let year: u32 = match (offset, *y) {
        (Some(_), "元") => 1,
        _ => number(y)?,
    };
    let year = match offset {
        Some(base) => {
            if year == 0 || year > 99 {
                return None;
            }
            base + year
        }
        None if y.len() == 4 => year,
        None => return None,
    };
    let (month, day) = (number(m)?, number(d)?);
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// True when `text` is exactly an ISO 8601 calendar date (`YYYY-MM-DD`).
///
/// ```
/// assert!(mds_core::normalize::is_iso_date("2027-03-31"));
/// assert!(!mds_core::normalize::is_iso_date("2027/3/31"));
/// ```
pub fn is_iso_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && text.is_ascii()
        && parse_date(text).as_deref() == Some(text)
}

/// The year before year 1 of an era, and the rest of the text after the era name.
fn era(t: &str) -> (Option<u32>, &str) {
    const ERAS: [(&str, u32); 8] = [
        ("令和", 2018),
        ("平成", 1988),
        ("昭和", 1925),
        ("R", 2018),
        ("H", 1988),
        ("S", 1925),
        ("r", 2018),
        ("h", 1988),
    ];
    for (name, base) in ERAS {
        if let Some(rest) = t.strip_prefix(name) {
            return (Some(base), rest);
        }
    }
    (None, t)
}

fn number(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character the one-pass normalisation keeps as it is: NFKC keeps it in any text of
    /// such characters, and it has no case.
    #[test]
    fn plain_characters_are_left_alone_by_nfkc() {
        let mut checked = 0;
        for c in (0x80..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| is_plain(*c))
        {
            assert_eq!(
                unicode_normalization::is_nfkc_quick(std::iter::once(c)),
                unicode_normalization::IsNormalized::Yes,
                "U+{:04X}",
                u32::from(c)
            );
            assert_eq!(unicode_normalization::char::canonical_combining_class(c), 0);
            assert!(
                !c.is_uppercase() && !c.is_lowercase() && !c.is_whitespace(),
                "U+{:04X}",
                u32::from(c)
            );
            checked += 1;
        }
        assert!(checked > 20_000);
        for c in ('\u{FF01}'..='\u{FF5E}').chain(['\u{3000}']) {
            let nfkc: String = std::iter::once(c).nfkc().collect();
            assert_eq!(nfkc.len(), 1, "U+{:04X}", u32::from(c));
        }
    }

    /// The one-pass normalisation gives what NFKC and the general path give.
    fn general(cell: &str) -> String {
        let folded: String = cell.nfkc().collect();
        let collapsed = folded.split_whitespace().collect::<Vec<_>>().join(" ");
        match fold_mark(&collapsed) {
            Some(mark) => mark.to_string(),
            None => collapsed.to_lowercase(),
        }
    }

    proptest::proptest! {
        #[test]
        fn one_pass_normalisation_agrees_with_nfkc(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'Z', '1', ' ', '\t', '-', '(', 'Ａ', 'ｚ', '１', '（', '：', '　', 'は', 'が',
                'ガ', 'ー', '・', '漢', '〇', '○', '■', '□', '✓', '×', '、', '。', '「', '〜', 'ｶ',
                'ﾞ', '\u{3099}', '\u{0301}', 'é', 'Ⅳ', '①', '㈱', 'ﬁ', '\u{00A0}', 'ヿ', 'ゟ',
            ]), 0..12)
        ) {
            let cell: String = chars.into_iter().collect();
            if !cell.is_ascii() {
                proptest::prop_assert_eq!(normalize(&cell), general(&cell), "{:?}", cell);
            }
        }
    }

    /// The matcher finds what `match_code` finds, for every word of every built-in vocabulary
    /// written as it is and in the ways users write it.
    #[test]
    fn the_matcher_agrees_with_match_code() {
        let catalog = crate::catalog::Catalog::builtin();
        let mut checked = 0;
        for entry in catalog.entries() {
            let q = &entry.questionnaire;
            let matcher = Matcher::new(q);
            for v in &q.vocabularies {
                let words = v.codes.iter().flat_map(|c| {
                    [c.code.clone(), c.label.ja.clone(), c.label.en.clone()]
                        .into_iter()
                        .chain(c.aliases.iter().cloned())
                });
                for w in words {
                    let fullwidth: String = w
                        .chars()
                        .map(|c| match c {
                            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
                            c => c,
                        })
                        .collect();
                    for cell in [
                        w.clone(),
                        w.to_uppercase(),
                        format!("  {w} "),
                        fullwidth,
                        format!("{w}x"),
                        String::new(),
                    ] {
                        assert_eq!(
                            matcher.find(&v.id, &cell).map(|c| &c.code),
                            match_code(v, &cell).map(|c| &c.code),
                            "{} {}: {cell:?}",
                            q.id,
                            v.id
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100, "{checked}");
    }

    /// One helper for answer cells: the code and note `Matcher::choice` reads from a cell.
    fn check_choice(cell: &str, expect: Option<(&str, Option<&str>)>) {
        let q = plain_questionnaire();
        let m = Matcher::new(&q);
        let got = m.choice("yes-no-na", cell);
        assert_eq!(
            got.as_ref()
                .map(|c| (c.code.code.as_str(), c.note.as_deref())),
            expect,
            "cell {cell:?}"
        );
    }

    /// A questionnaire whose vocabulary has no aliases: the common words do the work.
    fn plain_questionnaire() -> crate::model::Questionnaire {
        let json = r#"{"format":"mds-questionnaire/1","id":"t","version":"1",
          "title":{"ja":"t","en":"t"},
          "vocabularies":[{"id":"yes-no-na","codes":[
            {"code":"yes","label":{"ja":"はい","en":"Yes"}},
            {"code":"no","label":{"ja":"いいえ","en":"No"}},
            {"code":"na","label":{"ja":"対象外","en":"N/A"}}]}],
          "cover":[{"id":"vendor","label":{"ja":"事業者名","en":"Vendor"}}],
          "sections":[]}"#;
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn values_with_notes() {
        check_choice("はい", Some(("yes", None)));
        check_choice(
            "いいえ：次期更新で対応",
            Some(("no", Some("次期更新で対応"))),
        );
        check_choice(
            "いいえ: 次期更新で対応",
            Some(("no", Some("次期更新で対応"))),
        );
        check_choice(
            "はい（2025年度に導入済み）",
            Some(("yes", Some("2025年度に導入済み"))),
        );
        check_choice("はい(導入済み)", Some(("yes", Some("導入済み"))));
        check_choice(
            "はい。運用手順書あり",
            Some(("yes", Some("運用手順書あり"))),
        );
        check_choice("はい、手順書あり", Some(("yes", Some("手順書あり"))));
        check_choice("はい，手順書あり", Some(("yes", Some("手順書あり"))));
        check_choice(
            "いいえ\n次期更新で対応",
            Some(("no", Some("次期更新で対応"))),
        );
        check_choice(
            "いいえ　次期更新で対応",
            Some(("no", Some("次期更新で対応"))),
        );
        check_choice(
            "Yes/optional module",
            Some(("yes", Some("optional module"))),
        );
        check_choice("はい・一部機能", Some(("yes", Some("一部機能"))));
        check_choice(
            "No. Planned for 2027",
            Some(("no", Some("Planned for 2027"))),
        );
        check_choice("Yes, optional", Some(("yes", Some("optional"))));
        check_choice("N/A, not used", Some(("na", Some("not used"))));
        check_choice("1）はい", Some(("yes", None)));
        check_choice("2. いいえ", Some(("no", None)));
        check_choice("3．対象外", Some(("na", None)));
        check_choice("(2) いいえ", Some(("no", None)));
        check_choice("2）いいえ：理由あり", Some(("no", Some("理由あり"))));
        check_choice("はい Yes", Some(("yes", None)));
        check_choice("はい/Yes", Some(("yes", None)));
        check_choice("Yes（はい）", Some(("yes", None)));
        check_choice("いいえNo", Some(("no", None)));
        check_choice("はい Yes 次期も継続", Some(("yes", Some("次期も継続"))));
        check_choice(
            "いいえ No（次期更新で対応）",
            Some(("no", Some("次期更新で対応"))),
        );
        check_choice(
            "No (planned for the next release)",
            Some(("no", Some("planned for the next release"))),
        );
        check_choice("Yes.", Some(("yes", None)));
        check_choice("Not applicable.", Some(("na", None)));
        check_choice("ﾊｲ", Some(("yes", None)));
        check_choice("対応済み", Some(("yes", None)));
        check_choice("実施していない", Some(("no", None)));
        check_choice("該当しない", Some(("na", None)));
        check_choice(
            "対応不要（院内のみで使用）",
            Some(("na", Some("院内のみで使用"))),
        );
        check_choice("未実施：予算待ち", Some(("no", Some("予算待ち"))));
        check_choice("たぶん", None);
        check_choice("はい導入済み", None);
    }

    #[test]
    fn options_in_one_cell() {
        let q = plain_questionnaire();
        let m = Matcher::new(&q);
        let code = |cell: &str| match m.options_in_cell("yes-no-na", cell) {
            Some(OptionCell::Chosen(c)) => Some(c.code.clone()),
            Some(OptionCell::Blank) => Some("blank".into()),
            Some(OptionCell::Several(_)) => Some("several".into()),
            None => None,
        };
        for (cell, expect) in [
            ("■はい　□いいえ　□対象外", Some("yes")),
            ("☑Yes ☐No ☐N/A", Some("yes")),
            ("●はい○いいえ○対象外", Some("yes")),
            ("◉ はい  ◯ いいえ  ◯ 対象外", Some("yes")),
            ("□はい\n■いいえ\n□対象外", Some("no")),
            ("□ はい / □ いいえ / ■ 対象外", Some("na")),
            ("□はい　□いいえ　□対象外", Some("blank")),
            ("■はい　■いいえ　□対象外", Some("several")),
            ("○", None),
            ("はい", None),
            ("■はい", None),
        ] {
            assert_eq!(code(cell).as_deref(), expect, "{cell:?}");
        }
    }

    #[test]
    fn option_marks() {
        for mark in [
            "○", "◯", "〇", "●", "◎", "✓", "✔", "☑", "■", "x", "X", "1", "TRUE", "true",
        ] {
            assert_eq!(option_mark(mark), Some(true), "{mark}");
        }
        for mark in ["", " ", "☐", "□", "FALSE", "0"] {
            assert_eq!(option_mark(mark), Some(false), "{mark}");
        }
        assert_eq!(option_mark("一部"), None);
    }

    fn check_date(input: &str, expect: Option<&str>) {
        assert_eq!(parse_date(input).as_deref(), expect, "input {input:?}");
    }

    #[test]
    fn dates() {
        check_date("2027-03-31", Some("2027-03-31"));
        check_date("２０２７／３／３１", Some("2027-03-31"));
        check_date("2027年3月31日", Some("2027-03-31"));
        check_date("令和9年3月31日", Some("2027-03-31"));
        check_date("令和元年5月1日", Some("2019-05-01"));
        check_date("R9.3.31", Some("2027-03-31"));
        check_date("R9/3/31", Some("2027-03-31"));
        check_date("Ｒ９．３．３１", Some("2027-03-31"));
        check_date("平成31年4月30日", Some("2019-04-30"));
        check_date("2024/2/29", Some("2024-02-29"));
        check_date("2023/2/29", None);
        check_date("2027/13/1", None);
        check_date("27/3/31", None);
        check_date("令和100年1月1日", None);
        check_date("", None);
        check_date("はい", None);
        check_date("2027-03", None);
    }

    #[test]
    fn marks_fold_only_whole_cells() {
        for (input, expect) in [
            ("○", "○"),
            ("◯", "○"),
            (" 〇 ", "○"),
            ("×", "×"),
            ("✗", "×"),
            ("－", "-"),
            ("—", "-"),
            ("ー", "-"),
            ("✔", "✓"),
            ("○×", "○×"),
            ("サーバー", "サーバー"),
            ("ＮＯ", "no"),
            ("対象外", "対象外"),
            ("N/A", "n/a"),
        ] {
            assert_eq!(normalize(input), expect, "input {input:?}");
        }
    }
}
