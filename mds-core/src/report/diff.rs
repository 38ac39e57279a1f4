//! The changes between two submissions of a vendor (`mds diff`) as text, Markdown or HTML.

use super::{html_escape, md_cell};
use crate::Lang;
use crate::diff::{Diff, Effect};
use crate::model::{Answer, AnswerValue, Questionnaire};

/// The look of a diff report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffStyle {
    /// Plain text, one change per line.
    Text,
    /// Markdown.
    Md,
    /// One HTML page.
    Html,
}

/// An answer as the reader knows it: the labels of its codes where the questionnaire is at
/// hand (はい, not `yes`), its remarks in brackets.
fn show(a: Option<&Answer>, q: Option<&Questionnaire>, id: &str, lang: Lang) -> String {
    let Some(a) = a else { return "-".into() };
    let item = q.and_then(|q| q.item(id));
    let labels = |codes: &[String]| match q {
        Some(q) => q.code_labels(item, codes, lang, lang.pick("・", ", ")),
        None => codes.join(","),
    };
    let mut s = match &a.value {
        AnswerValue::Null => "-".to_string(),
        AnswerValue::Text(t) if item.is_some_and(|i| i.answer.vocabulary().is_some()) => {
            labels(std::slice::from_ref(t))
        }
        AnswerValue::Text(t) => t.clone(),
        AnswerValue::Codes(c) => labels(c),
        AnswerValue::Number(n) => n.to_string(),
    };
    if let Some(r) = &a.remarks {
        s.push_str(&format!(" ({r})"));
    }
    s
}

/// What changed in an answer, in the reader's words (the diff names them `value`, `remarks`…).
fn changed_words(changed: &[&str], lang: Lang) -> String {
    changed
        .iter()
        .map(|c| match *c {
            "added" => lang.pick("回答の追加", "added"),
            "dropped" => lang.pick("回答の削除", "dropped"),
            "value" => lang.pick("回答", "answer"),
            "remarks" => lang.pick("備考", "remarks"),
            "fields" => lang.pick("追加欄", "fields"),
            "other" => lang.pick("その他の内容", "other"),
            "confirmed" => lang.pick("確認", "confirmed"),
            other => other,
        })
        .collect::<Vec<_>>()
        .join(lang.pick("・", ", "))
}

/// A list of ids, or なし (none) when there is none.
fn listed(ids: &[String], lang: Lang) -> String {
    if ids.is_empty() {
        lang.pick("なし", "none").into()
    } else {
        ids.join(", ")
    }
}

fn effect(e: Option<Effect>, lang: Lang) -> &'static str {
    match e {
        Some(Effect::Regression) => lang.pick("悪化", "regression"),
        Some(Effect::Improvement) => lang.pick("改善", "improvement"),
        Some(Effect::Neutral) => lang.pick("影響なし", "neutral"),
        None => "",
    }
}

/// The changes between two submissions of a vendor, with their effect on its standing; answers
/// by their labels in `q` when it is given.
pub fn diff_report(d: &Diff, q: Option<&Questionnaire>, lang: Lang, style: DiffStyle) -> String {
    let head = [
        lang.pick("項目", "Item"),
        lang.pick("変更", "Changed"),
        lang.pick("前", "Before"),
        lang.pick("後", "After"),
        lang.pick("影響", "Effect"),
    ];
    let mut rows: Vec<[String; 5]> = d
        .cover
        .iter()
        .map(|c| {
            [
                format!("cover.{}", c.field),
                lang.pick("表紙", "cover").into(),
                c.old.clone().unwrap_or_else(|| "-".into()),
                c.new.clone().unwrap_or_else(|| "-".into()),
                String::new(),
            ]
        })
        .collect();
    rows.extend(d.changes.iter().map(|c| {
        [
            c.item.clone(),
            changed_words(&c.changed, lang),
            show(c.old.as_ref(), q, &c.item, lang),
            show(c.new.as_ref(), q, &c.item, lang),
            effect(c.effect, lang).into(),
        ]
    }));
    let mut out = String::new();
    let title = lang.pick("変更点", "Changes");
    match style {
        DiffStyle::Text => {
            if rows.is_empty() {
                out.push_str(lang.pick("変更はありません。\n", "No changes.\n"));
            }
            for r in &rows {
                let e = if r[4].is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", r[4])
                };
                out.push_str(&format!("{} {}: {} → {}{e}\n", r[0], r[1], r[2], r[3]));
            }
        }
        DiffStyle::Md => {
            out.push_str(&format!(
                "# {title}\n\n| {} |\n|{}\n",
                head.join(" | "),
                "---|".repeat(5)
            ));
            for r in &rows {
                out.push_str(&format!(
                    "| {} |\n",
                    r.iter().map(|c| md_cell(c)).collect::<Vec<_>>().join(" | ")
                ));
            }
        }
        DiffStyle::Html => {
            out.push_str(&format!(
                "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title><style>body{{font-family:\"Yu Gothic\",\"Meiryo\",\"Noto Sans CJK JP\",sans-serif}}table{{border-collapse:collapse}}td,th{{border:1px solid #bbb;padding:.2rem .5rem}}</style></head><body><h1>{title}</h1><table id=\"changes\"><tr>",
                lang.pick("ja", "en")
            ));
            for h in head {
                out.push_str(&format!("<th>{h}</th>"));
            }
            out.push_str("</tr>\n");
            for r in &rows {
                out.push_str("<tr>");
                for c in r {
                    out.push_str(&format!("<td>{}</td>", html_escape(c)));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</table>\n");
        }
    }
    if let Some(s) = &d.standing {
        let lines = [
            format!(
                "{}: {}/{} ({:.1}%) → {}/{} ({:.1}%)",
                lang.pick("得点", "score"),
                s.old.0,
                s.old.1,
                s.old.2,
                s.new.0,
                s.new.1,
                s.new.2
            ),
            format!(
                "{}: {}",
                lang.pick("足切りの増加", "knock-outs gained"),
                listed(&s.knockouts_gained, lang)
            ),
            format!(
                "{}: {}",
                lang.pick("足切りの解消", "knock-outs lost"),
                listed(&s.knockouts_lost, lang)
            ),
            format!(
                "{}: {}",
                lang.pick("フラグの増加", "flags gained"),
                listed(&s.flags_gained, lang)
            ),
            format!(
                "{}: {}",
                lang.pick("フラグの解消", "flags lost"),
                listed(&s.flags_lost, lang)
            ),
        ];
        for line in lines {
            match style {
                DiffStyle::Html => out.push_str(&format!("<p>{}</p>\n", html_escape(&line))),
                DiffStyle::Md => out.push_str(&format!("\n{}\n", md_cell(&line))),
                DiffStyle::Text => out.push_str(&format!("{line}\n")),
            }
        }
    }
    if style == DiffStyle::Html {
        out.push_str("</body></html>\n");
    }
    out
}
