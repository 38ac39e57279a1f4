//! `mds catalog` and `mds catalog show ID[@VER]`.

use anyhow::Result;
use serde::Serialize;

use crate::Exit;
use crate::args::{CatalogAction, CatalogArgs, TextOrJson};
use crate::context::Context;
use crate::io::resolve_spec;
use crate::output::{json, pad, width};

/// One line of the listing, as printed in JSON.
#[derive(Serialize)]
struct Listed<'a> {
    id: &'a str,
    version: &'a str,
    title: &'a str,
    items: usize,
    complete: bool,
    sample: bool,
    origin: String,
    digest: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    notice: Option<&'a str>,
}

/// The listing, as printed in JSON.
#[derive(Serialize)]
struct List<'a> {
    questionnaires: Vec<Listed<'a>>,
}

pub fn run(args: CatalogArgs, ctx: &Context) -> Result<Exit> {
    let lang = ctx.lang;
    let catalog = ctx.catalog();
    if let Some(CatalogAction::Show { questionnaire }) = args.action {
        let entry = resolve_spec(&questionnaire, catalog, lang)?;
        ctx.printer.out(&json(&entry.questionnaire));
        return Ok(Exit::Done);
    }
    let listed: Vec<Listed> = catalog
        .entries()
        .iter()
        .map(|e| {
            let q = &e.questionnaire;
            Listed {
                id: &q.id,
                version: &q.version,
                title: q.title.get(lang),
                items: q.item_count(),
                complete: q.complete,
                sample: q.sample,
                origin: e.origin.label(lang),
                digest: &e.digest,
                notice: q.notice.as_ref().map(|n| n.get(lang)),
            }
        })
        .collect();
    let format = args.format.unwrap_or(if ctx.printer.is_terminal() {
        TextOrJson::Text
    } else {
        TextOrJson::Json
    });
    if format == TextOrJson::Json {
        ctx.printer.out(&json(&List {
            questionnaires: listed,
        }));
        return Ok(Exit::Done);
    }
    let names: Vec<String> = listed
        .iter()
        .map(|l| format!("{}@{}", l.id, l.version))
        .collect();
    let counts: Vec<String> = listed
        .iter()
        .map(|l| {
            let partial = if l.complete {
                ""
            } else {
                lang.pick("（一部）", " (partial)")
            };
            format!("{}{partial}", l.items)
        })
        .collect();
    let heads = [
        lang.pick("質問票", "questionnaire"),
        lang.pick("項目数", "items"),
        lang.pick("出典", "source"),
    ];
    let w0 = names
        .iter()
        .map(|n| width(n))
        .chain([width(heads[0])])
        .max()
        .unwrap_or(0);
    let w1 = counts
        .iter()
        .map(|n| width(n))
        .chain([width(heads[1])])
        .max()
        .unwrap_or(0);
    let w2 = listed
        .iter()
        .map(|l| width(&l.origin))
        .chain([width(heads[2])])
        .max()
        .unwrap_or(0);
    let mut text = format!(
        "{}  {}  {}  {}\n",
        pad(heads[0], w0),
        pad(heads[1], w1),
        pad(heads[2], w2),
        lang.pick("題名", "title")
    );
    for ((l, name), count) in listed.iter().zip(&names).zip(&counts) {
        text.push_str(&format!(
            "{}  {}  {}  {}\n",
            pad(name, w0),
            pad(count, w1),
            pad(&l.origin, w2),
            l.title
        ));
        if let Some(notice) = l.notice {
            text.push_str(&format!("{}  ※ {notice}\n", " ".repeat(w0)));
        }
    }
    ctx.printer.text(&text);
    Ok(Exit::Done)
}
