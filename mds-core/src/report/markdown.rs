//! The Markdown report, ready to paste into a tender document: ranking, per-section matrix,
//! per-vendor gaps, provenance.

use super::{CompareReport, Provenance, section_title, title};
use crate::Lang;

/// Escapes text for a Markdown table cell: HTML and Markdown syntax are made literal, line
/// breaks become spaces, and what a GitHub-flavoured renderer would turn into a link by itself
/// (`https://…`, `www.…`) is written as code, so that vendor text never becomes a link.
///
/// ```
/// assert_eq!(mds_core::report::md_cell("<b>|x|</b>\n*y*"), "&lt;b&gt;\\|x\\|&lt;/b&gt; \\*y\\*");
/// assert_eq!(mds_core::report::md_cell("~~x~~ \u{202E}"), "\\~\\~x\\~\\~ ⟨U+202E⟩");
/// assert_eq!(mds_core::report::md_cell("詳細は https://x.example/a_b|c を参照"), "詳細は `https://x.example/a_b\\|c` を参照");
/// assert_eq!(mds_core::report::md_cell("WWW.x.example"), "`WWW.x.example`");
/// assert_eq!(mds_core::report::md_cell("詳細はhttp://x.example/を参照"), "詳細は`http://x.example/`を参照");
/// ```
pub fn md_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut after_word = false;
    while let Some(c) = rest.chars().next() {
        if let Some(len) = link_like(rest, after_word) {
            // A code span: literal inside, but a pipe still ends a table cell.
            let token = &rest[..len];
            let fence = if token.contains('`') { "``" } else { "`" };
            out.push_str(fence);
            for t in token.chars() {
                match t {
                    '|' => out.push_str("\\|"),
                    t if crate::display::is_invisible(t) => {
                        out.push_str(&crate::display::marker(t))
                    }
                    t => out.push(t),
                }
            }
            out.push_str(fence);
            rest = &rest[len..];
            after_word = true;
            continue;
        }
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if crate::display::is_invisible(c) => out.push_str(&crate::display::marker(c)),
            c => out.push(c),
        }
        after_word = c.is_alphanumeric();
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The length of a token a GitHub-flavoured renderer links by itself (a URL with a scheme, or
/// `www.` at the start of a word), up to the next space or character outside ASCII (Japanese text often follows a URL
/// without a space).
fn link_like(text: &str, after_word: bool) -> Option<usize> {
    let lower: String = text
        .chars()
        .take(8)
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme = ["http://", "https://", "ftp://"]
        .iter()
        .any(|p| lower.starts_with(p));
    // `www.` inside a word (`awww.`) is no link; a scheme is one wherever it stands.
    (scheme || (!after_word && lower.starts_with("www."))).then(|| {
        text.find(|c: char| c.is_whitespace() || !c.is_ascii())
            .unwrap_or(text.len())
    })
}

fn row(cells: &[String]) -> String {
    format!("| {} |\n", cells.join(" | "))
}

fn rule(n: usize) -> String {
    format!("|{}\n", "---|".repeat(n))
}

/// The comparison as Markdown.
pub fn markdown(report: &CompareReport<'_>) -> String {
    let lang = report.lang;
    let q = report.questionnaire;
    let index = q.index();
    let vendors = &report.comparison.vendors;
    let mut out = format!("# {}\n\n", md_cell(&title(report.profile, lang)));
    out.push_str(&format!(
        "{} {}@{}\n\n",
        lang.pick("質問票:", "Questionnaire:"),
        md_cell(&q.id),
        md_cell(&q.version)
    ));
    out.push_str(&format!("## {}\n\n", lang.pick("順位", "Ranking")));
    let signatures = super::signatures_shown(report.comparison);
    let head = super::ranking_head(lang, signatures);
    out.push_str(&row(&head
        .iter()
        .map(|h| h.to_string())
        .collect::<Vec<_>>()));
    out.push_str(&rule(head.len()));
    for v in vendors {
        let cells: Vec<String> = super::ranking_cells(v, lang, ", ", signatures)
            .iter()
            .map(|c| md_cell(c))
            .collect();
        out.push_str(&row(&cells));
    }
    out.push_str(&format!(
        "\n## {}\n\n",
        lang.pick(
            "セクション別の得点（得点/満点）",
            "Score by section (score/max)"
        )
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
    let mut head = vec![lang.pick("事業者", "Vendor").to_string()];
    head.extend(sections.iter().map(|s| md_cell(&section_title(q, s, lang))));
    out.push_str(&row(&head));
    out.push_str(&rule(head.len()));
    for v in vendors {
        let mut cells = vec![md_cell(&v.vendor)];
        for s in &sections {
            cells.push(
                v.sections
                    .iter()
                    .find(|x| x.section == *s)
                    .map(|x| format!("{}/{}", x.score, x.max))
                    .unwrap_or_else(|| "-".into()),
            );
        }
        out.push_str(&row(&cells));
    }
    out.push_str(&format!(
        "\n## {}\n",
        lang.pick("事業者別の未達・要判定の項目", "Gaps by vendor")
    ));
    for v in vendors {
        out.push_str(&format!("\n### {}. {}\n\n", v.rank, md_cell(&v.vendor)));
        let gaps = super::gap_rows(q, &index, v, lang);
        if gaps.is_empty() {
            out.push_str(lang.pick("未達の項目はありません。\n", "No gaps.\n"));
            continue;
        }
        let head = super::gaps_head(lang);
        out.push_str(&row(&head.map(String::from)));
        out.push_str(&rule(head.len()));
        for (_, cells) in gaps {
            out.push_str(&row(&cells.map(|c| md_cell(&c))));
        }
    }
    out.push('\n');
    out.push_str(&provenance_md(report.provenance, lang));
    out
}

/// The provenance block in Markdown.
pub(crate) fn provenance_md(p: &Provenance, lang: Lang) -> String {
    let mut out = format!("## {}\n\n", lang.pick("出典", "Provenance"));
    out.push_str(&format!("- mds {}\n", md_cell(&p.mds_version)));
    out.push_str(&format!(
        "- {} {}@{} ({})\n",
        lang.pick("質問票", "Questionnaire"),
        md_cell(&p.questionnaire.id),
        md_cell(&p.questionnaire.version),
        p.questionnaire.digest
    ));
    if let Some(profile) = &p.profile {
        out.push_str(&format!(
            "- {} {} ({})\n",
            lang.pick("プロファイル", "Profile"),
            md_cell(&profile.source),
            profile.sha256
        ));
    }
    for input in &p.inputs {
        out.push_str(&format!(
            "- {} {} (sha256 {})\n",
            lang.pick("入力", "Input"),
            md_cell(&input.source),
            input.sha256
        ));
    }
    out
}
