//! The HTML report: one self-contained file (no external assets) with the ranking, per-section
//! bars as inline SVG, a heat-map of vendors × items grouped by section with filter and sort,
//! per-vendor gaps, provenance, and a print stylesheet.

use std::fmt::Write;

use super::{
    CompareReport, Provenance, importance_label, outcome_label, percent_text, reason_text, title,
    yes_no,
};
use crate::Lang;
use crate::score::Outcome;

/// Escapes text for HTML content and attribute values.
///
/// Characters a reader cannot see (a bidirectional override, a control) are shown as markers
/// (see [`crate::display`]): a browser obeys an override even when it is written as an entity.
///
/// ```
/// assert_eq!(mds_core::report::html_escape("<script>\"&'"), "&lt;script&gt;&quot;&amp;&#39;");
/// assert_eq!(mds_core::report::html_escape("\u{202E}社A"), "⟨U+202E⟩社A");
/// ```
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if crate::display::is_invisible(c) => out.push_str(&crate::display::marker(c)),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --met: #2e7d32; --unmet: #c62828; --review: #f9a825; --excluded: #9e9e9e; }
body { font-family: "Yu Gothic", "Meiryo", "Hiragino Sans", "Noto Sans CJK JP", sans-serif; margin: 1.5rem; color: #212121; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #bbb; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
#ranking th { cursor: pointer; user-select: none; }
#ranking th[aria-sort="ascending"]::after { content: " ▲"; }
#ranking th[aria-sort="descending"]::after { content: " ▼"; }
tr.not-qualified td { color: #777; }
td.check, td.signature { white-space: nowrap; }
td.check.faulty, td.signature.invalid, td.signature.missing { color: #b00020; font-weight: bold; }
.num { text-align: right; }
.o-met { background: #c8e6c9; } .o-unmet { background: #ffcdd2; }
.o-review { background: #fff59d; } .o-excluded { background: #eeeeee; color: #777; }
#matrix td.o { text-align: center; min-width: 2.5rem; }
#matrix td:first-child, .gaps td:first-child { white-space: nowrap; }
tr.section-row th { background: #dde6f0; }
.controls { margin: .5rem 0; display: flex; gap: 1.5rem; flex-wrap: wrap; }
.legend span { display: inline-block; padding: 0 .5rem; margin-right: .5rem; }
.meta { color: #555; } footer { margin-top: 2rem; font-size: .85rem; color: #555; }
td.pct { background: linear-gradient(90deg, #c8e6c9 var(--pct), transparent var(--pct)); white-space: nowrap; }
td.pct .frac { color: #555; font-size: .85em; }
th.vendor, td.vendor { overflow-wrap: anywhere; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  .controls { display: none; }
  body { margin: 0; font-size: 9pt; }
  table { width: 100%; }
  th, td { padding: 1px 3px; min-width: 2.5em; }
  #matrix th:nth-child(2), #matrix td:nth-child(2) { min-width: 16em; }
  thead { display: table-header-group; }
  td.pct { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  tr, figure { page-break-inside: avoid; }
  h2 { page-break-after: avoid; }
  .o-met, .o-unmet, .o-review, .o-excluded { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tr.item-row[hidden], tr.section-row[hidden] { display: table-row !important; }
}
"#;

const SCRIPT: &str = r#"
(function () {
  var ranking = document.getElementById('ranking');
  if (ranking) {
    var heads = ranking.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.addEventListener('click', function () {
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        var body = ranking.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var numeric = th.getAttribute('data-type') === 'num';
        rows.sort(function (a, b) {
          var x = a.cells[col].getAttribute('data-sort') || a.cells[col].textContent;
          var y = b.cells[col].getAttribute('data-sort') || b.cells[col].textContent;
          var c = numeric ? (parseFloat(x) - parseFloat(y)) : x.localeCompare(y, 'ja');
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }
  var filter = document.getElementById('filter');
  var gapsOnly = document.getElementById('gaps-only');
  function apply() {
    var q = filter.value.trim().toLowerCase();
    var bodies = document.querySelectorAll('#matrix tbody');
    Array.prototype.forEach.call(bodies, function (tbody) {
      var shown = 0;
      Array.prototype.forEach.call(tbody.querySelectorAll('tr.item-row'), function (tr) {
        var ok = (!q || tr.textContent.toLowerCase().indexOf(q) >= 0) &&
                 (!gapsOnly.checked || tr.getAttribute('data-gap') === '1');
        tr.hidden = !ok;
        if (ok) { shown++; }
      });
      var head = tbody.querySelector('tr.section-row');
      if (head) { head.hidden = shown === 0; }
    });
  }
  if (filter && gapsOnly) {
    filter.addEventListener('input', apply);
    gapsOnly.addEventListener('change', apply);
  }
  document.body.setAttribute('data-ready', '1');
})();
"#;

/// The comparison as a self-contained HTML page.
pub fn html(report: &CompareReport<'_>) -> String {
    let lang = report.lang;
    let q = report.questionnaire;
    let index = q.index();
    let vendors = &report.comparison.vendors;
    let title = title(report.profile, lang);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        lang.pick("ja", "en"),
        html_escape(&title)
    );
    let _ = write!(
        out,
        "<header>\n<h1>{}</h1>\n<p class=\"meta\">{} {}@{} — {}</p>\n</header>\n",
        html_escape(&title),
        lang.pick("質問票", "Questionnaire"),
        html_escape(&q.id),
        html_escape(&q.version),
        html_escape(q.title.get(lang))
    );

    // Ranking.
    let _ = write!(
        out,
        "<section id=\"ranking-section\">\n<h2>{}</h2>\n",
        lang.pick("順位", "Ranking")
    );
    out.push_str("<table id=\"ranking\">\n<thead><tr>");
    let signatures = super::signatures_shown(report.comparison);
    let mut heads = vec![
        (lang.pick("順位", "Rank"), true),
        (lang.pick("事業者", "Vendor"), false),
        (lang.pick("検証", "Check"), false),
    ];
    if signatures {
        heads.push((lang.pick("署名", "Signature"), false));
    }
    heads.extend([
        (lang.pick("適格", "Qualified"), false),
        (lang.pick("得点", "Score"), true),
        (lang.pick("満点", "Max"), true),
        (lang.pick("達成率", "Percent"), true),
        (lang.pick("足切り項目", "Knock-outs"), false),
        (lang.pick("判定待ち（必須）", "Pending"), false),
        (lang.pick("要判定の項目数", "To judge"), true),
        (lang.pick("フラグ", "Flags"), false),
    ]);
    for (label, numeric) in heads {
        let kind = if numeric { " data-type=\"num\"" } else { "" };
        let _ = write!(out, "<th{kind}>{}</th>", html_escape(label));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for v in vendors {
        let class = if v.qualified {
            "qualified"
        } else {
            "not-qualified"
        };
        let flags: Vec<String> = v
            .flags
            .iter()
            .map(|f| format!("{} {}", f.item, f.flag))
            .collect();
        let check_class = if v.errors == 0 { "ok" } else { "faulty" };
        let signature = if signatures {
            let (label, state) = match &v.signature {
                Some(x) => (
                    super::signature_label(x, lang),
                    format!("{:?}", x.state).to_lowercase(),
                ),
                None => (String::new(), String::new()),
            };
            format!(
                "<td class=\"signature {state}\">{}</td>",
                html_escape(&label)
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "<tr class=\"{class}\"><td class=\"num\">{}</td><td class=\"vendor\" title=\"{}\">{}</td><td class=\"check {check_class}\">{}</td>{signature}<td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\" data-sort=\"{}\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            v.rank,
            html_escape(&v.source),
            html_escape(&super::vendor_label(v, lang)),
            html_escape(&super::check_label(v, lang)),
            yes_no(v.qualified, lang),
            v.score,
            v.max,
            v.percent,
            percent_text(v.percent),
            html_escape(&v.knockouts.join(", ")),
            html_escape(&v.pending.join(", ")),
            v.review.len(),
            html_escape(&flags.join(", ")),
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");

    // Per-section bars.
    let sections: Vec<&crate::model::Section> = q
        .sections
        .iter()
        .filter(|s| {
            vendors
                .iter()
                .any(|v| v.sections.iter().any(|x| x.section == s.id))
        })
        .collect();
    // Sections × vendors: each cell the section's percentage, shaded to it.
    let _ = write!(
        out,
        "<section id=\"sections\">\n<h2>{}</h2>\n<table id=\"section-scores\">\n<thead><tr><th>{}</th>",
        lang.pick("セクション別の達成率", "Percent by section"),
        lang.pick("セクション", "Section")
    );
    for v in vendors {
        let _ = write!(out, "<th class=\"vendor\">{}</th>", html_escape(&v.vendor));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for s in &sections {
        let _ = write!(out, "<tr><th>{}</th>", html_escape(s.title.get(lang)));
        for v in vendors {
            match v.sections.iter().find(|x| x.section == s.id) {
                Some(x) => {
                    let pct = super::super::score::percent(x.score, x.max);
                    let _ = write!(
                        out,
                        "<td class=\"num pct\" style=\"--pct: {pct}%\">{} <span class=\"frac\">({}/{})</span></td>",
                        percent_text(pct),
                        x.score,
                        x.max
                    );
                }
                None => out.push_str("<td class=\"num\">-</td>"),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");

    // Heat-map.
    let _ = write!(
        out,
        "<section id=\"matrix-section\">\n<h2>{}</h2>\n<div class=\"controls\"><label>{} <input id=\"filter\" type=\"search\"></label><label><input id=\"gaps-only\" type=\"checkbox\"> {}</label></div>\n",
        lang.pick("項目別の判定", "Outcome by item"),
        lang.pick("絞り込み", "Filter"),
        lang.pick("不適合・要判定のある項目だけ", "only items with gaps")
    );
    let _ = writeln!(
        out,
        "<p class=\"legend\"><span class=\"o-met\">○ {}</span><span class=\"o-unmet\">× {}</span><span class=\"o-review\">? {}</span><span class=\"o-excluded\">- {}</span></p>",
        outcome_label(Outcome::Met, lang),
        outcome_label(Outcome::Unmet, lang),
        outcome_label(Outcome::Review, lang),
        outcome_label(Outcome::Excluded, lang)
    );
    out.push_str("<table id=\"matrix\">\n<thead><tr>");
    for label in [
        lang.pick("項目", "Item"),
        lang.pick("質問", "Question"),
        lang.pick("重要度", "Importance"),
    ] {
        let _ = write!(out, "<th>{label}</th>");
    }
    for v in vendors {
        let _ = write!(out, "<th class=\"vendor\">{}</th>", html_escape(&v.vendor));
    }
    out.push_str("</tr></thead>\n");
    for s in &q.sections {
        let items: Vec<_> = s
            .items
            .iter()
            .filter(|i| report.profile.requirements.contains_key(&i.id))
            .collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<tbody><tr class=\"section-row\"><th colspan=\"{}\">{}</th></tr>",
            3 + vendors.len(),
            html_escape(s.title.get(lang))
        );
        for item in items {
            let results: Vec<_> = vendors
                .iter()
                .map(|v| v.items.iter().find(|r| r.item == item.id))
                .collect();
            let gap = results
                .iter()
                .flatten()
                .any(|r| matches!(r.outcome, Outcome::Unmet | Outcome::Review));
            let importance = report
                .profile
                .requirements
                .get(&item.id)
                .map(|r| r.importance)
                .unwrap_or_default();
            let _ = write!(
                out,
                "<tr class=\"item-row\" data-gap=\"{}\"><td>{}</td><td>{}</td><td>{}</td>",
                u8::from(gap),
                html_escape(&item.id),
                html_escape(item.text.get(lang)),
                importance_label(importance, lang)
            );
            for r in results {
                match r {
                    Some(r) => {
                        let mut tip = format!(
                            "{}: {} — {}",
                            outcome_label(r.outcome, lang),
                            super::given_with_plan(q, Some(item), r, lang),
                            reason_text(&r.reason, lang)
                        );
                        if let Some(remarks) = &r.remarks {
                            tip.push_str(&format!(
                                " / {}: {remarks}",
                                lang.pick("備考", "remarks")
                            ));
                        }
                        let class = match r.outcome {
                            Outcome::Met => "o-met",
                            Outcome::Unmet => "o-unmet",
                            Outcome::Review => "o-review",
                            Outcome::Excluded => "o-excluded",
                        };
                        let _ = write!(
                            out,
                            "<td class=\"o {class}\" title=\"{}\">{}</td>",
                            html_escape(&tip),
                            super::result_mark(r, lang)
                        );
                    }
                    None => out.push_str("<td class=\"o\"></td>"),
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n</section>\n");

    // Gaps.
    let _ = write!(
        out,
        "<section id=\"gaps\">\n<h2>{}</h2>\n",
        lang.pick("事業者別の未達・要判定の項目", "Gaps by vendor")
    );
    for v in vendors {
        let _ = writeln!(out, "<h3>{}. {}</h3>", v.rank, html_escape(&v.vendor));
        let gaps = super::gap_rows(q, &index, v, lang);
        if gaps.is_empty() {
            let _ = writeln!(
                out,
                "<p>{}</p>",
                lang.pick("未達の項目はありません。", "No gaps.")
            );
            continue;
        }
        out.push_str("<table class=\"gaps\"><thead><tr>");
        for label in super::gaps_head(lang) {
            let _ = write!(out, "<th>{label}</th>");
        }
        out.push_str("</tr></thead><tbody>\n");
        for (outcome, cells) in gaps {
            let class = if outcome == Outcome::Unmet {
                "unmet"
            } else {
                "review"
            };
            out.push_str("<tr>");
            for (k, cell) in cells.iter().enumerate() {
                let attr = if k == 1 {
                    format!(" class=\"o-{class}\"")
                } else {
                    String::new()
                };
                let _ = write!(out, "<td{attr}>{}</td>", html_escape(cell));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</section>\n");
    out.push_str(&provenance_html(report.provenance, lang));
    let _ = write!(out, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
    out
}

/// The provenance footer.
pub(crate) fn provenance_html(p: &Provenance, lang: Lang) -> String {
    let mut out = format!(
        "<footer id=\"provenance\">\n<h2>{}</h2>\n<ul>\n",
        lang.pick("出典", "Provenance")
    );
    let _ = writeln!(out, "<li>mds {}</li>", html_escape(&p.mds_version));
    let _ = writeln!(
        out,
        "<li>{} {}@{} ({})</li>",
        lang.pick("質問票", "Questionnaire"),
        html_escape(&p.questionnaire.id),
        html_escape(&p.questionnaire.version),
        html_escape(&p.questionnaire.digest)
    );
    if let Some(profile) = &p.profile {
        let _ = writeln!(
            out,
            "<li>{} {} ({})</li>",
            lang.pick("プロファイル", "Profile"),
            html_escape(&profile.source),
            html_escape(&profile.sha256)
        );
    }
    for input in &p.inputs {
        let _ = writeln!(
            out,
            "<li>{} {} (sha256 {})</li>",
            lang.pick("入力", "Input"),
            html_escape(&input.source),
            html_escape(&input.sha256)
        );
    }
    out.push_str("</ul>\n</footer>\n");
    out
}
