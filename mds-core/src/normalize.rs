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
    let folded: String = cell.nfkc().collect();
    let collapsed = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(mark) = fold_mark(&collapsed) {
        return mark.to_string();
    }
    collapsed.to_lowercase()
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
    vocabulary.codes.iter().find(|c| {
        [c.code.as_str(), c.label.ja.as_str(), c.label.en.as_str()]
            .into_iter()
            .chain(c.aliases.iter().map(String::as_str))
            .any(|s| normalize(s) == cell)
    })
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
        self.maps.get(vocabulary)?.get(&normalize(cell)).copied()
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
