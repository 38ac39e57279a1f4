//! `mds questionnaire extract OFFICIAL.xlsx -o Q.json [--id ID --version V] [--install]`: a
//! questionnaire from the user's own copy of an official form.

use anyhow::{Result, bail};
use mds_core::Lang;
use mds_core::validate::check_questionnaire;

use crate::Exit;
use crate::args::{QuestionnaireAction, QuestionnaireArgs};
use crate::context::Context;
use crate::io::{located, read, user_catalog_dir, write_atomic};
use crate::output::json;

pub fn run(args: QuestionnaireArgs, ctx: &Context) -> Result<Exit> {
    let lang = ctx.lang;
    let QuestionnaireAction::Extract {
        file,
        output,
        id,
        version,
        title,
        kind,
        install,
        replace,
        layout,
        limits,
    } = args.action;
    if output.is_none() && !install {
        bail!(match lang {
            Lang::Ja =>
                "書き出し先を -o で指定するか、--install で利用者カタログに入れてください。",
            Lang::En => "give -o for the output, or --install to put it in the user catalog",
        });
    }
    let bytes = read(&file, lang)?;
    let wb = mds_core::xlsx::read_workbook(&bytes, &limits.into(), lang)
        .map_err(|e| located(&file, &e))?;
    let detected = match &layout {
        Some(path) => {
            let l: mds_core::model::Layout =
                mds_core::json::load_as(&read(path, lang)?, mds_core::schema::Kind::Layout, lang)
                    .map_err(|e| located(path, &e))?;
            mds_core::xlsx::from_layout(&wb, &l)
        }
        None => mds_core::xlsx::detect(&wb, true),
    };
    if detected.tables.is_empty() {
        bail!(match lang {
            Lang::Ja => format!(
                "{}: 項目の表が見つかりません。`mds inspect {} --emit-layout layout.json` でレイアウトを書き出し、直して --layout で渡してください。",
                file.display(),
                file.display()
            ),
            Lang::En => format!(
                "{}: no item table found; write a layout with `mds inspect {} --emit-layout layout.json`, adjust it and pass it with --layout.",
                file.display(),
                file.display()
            ),
        });
    }
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "extracted".into());
    let id = id.unwrap_or_else(|| {
        stem.to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .trim_matches('-')
            .to_string()
    });
    let version = version.unwrap_or_else(|| "1".to_string());
    let catalog = ctx.catalog();
    let frame = catalog.find(&id, None).map(|e| e.questionnaire.clone());
    let title = title.unwrap_or_else(|| {
        frame
            .as_ref()
            .map(|f| f.title.get(lang).to_string())
            .unwrap_or(stem)
    });
    let (mut q, findings) =
        mds_core::xlsx::extract(&wb, &detected, &id, &version, &title, frame.as_ref(), lang);
    // What it is: as given, else as its id says (the checklist's ids), else its frame's.
    q.kind = kind
        .map(Into::into)
        .or_else(|| {
            id.starts_with("mhlw-checklist")
                .then_some(mds_core::model::QuestionnaireKind::Checklist)
        })
        .or(q.kind);
    for f in findings.iter().chain(&check_questionnaire(&q, lang)) {
        ctx.printer.warning(&format!(
            "{}: {} [{}] {}",
            file.display(),
            f.location,
            f.code,
            f.message
        ));
    }
    let text = json(&q);
    if let Some(out) = &output {
        crate::output::expect_extension(out, &["json"], lang)?;
        write_atomic(out, text.as_bytes(), &[file.as_path()], &ctx.printer)?;
    }
    if install {
        // A built-in with items of the same id@version would be hidden by this one: every
        // response to the built-in would then be checked against the user's copy. The JAHIS
        // frames (no items) are there to be completed this way.
        if !replace
            && let Some(builtin) = catalog.entries().iter().find(|e| {
                e.origin == mds_core::catalog::Origin::BuiltIn
                    && e.questionnaire.id == q.id
                    && e.questionnaire.version == q.version
                    && e.questionnaire.items().next().is_some()
            })
        {
            bail!(match lang {
                Lang::Ja => format!(
                    "{} は mds に組み込まれています（{} 項目）。このまま入れると組み込みの質問票が隠れ、その質問票への回答がすべてこのブックの内容で検査されます。別の版として入れるなら --version で版を変え、組み込みを置き換えるなら --replace を付けてください。",
                    q.name(),
                    builtin.questionnaire.item_count()
                ),
                Lang::En => format!(
                    "{} is built into mds ({} items); installing this one would hide it, and every response to it would be checked against this workbook. Give another --version to keep both, or --replace to replace the built-in.",
                    q.name(),
                    builtin.questionnaire.item_count()
                ),
            });
        }
        let Some(dir) = user_catalog_dir() else {
            bail!(lang.pick(
                "利用者カタログのフォルダが決まりません。MDS_CATALOG を設定してください。",
                "no user catalog folder; set MDS_CATALOG"
            ));
        };
        std::fs::create_dir_all(&dir).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
        let target = dir.join(format!("{}@{}.json", q.id, q.version));
        write_atomic(&target, text.as_bytes(), &[file.as_path()], &ctx.printer)?;
        ctx.printer.text(&match lang {
            Lang::Ja => format!(
                "{} を利用者カタログに入れました（{}、{} 項目）。\n",
                q.name(),
                target.display(),
                q.item_count()
            ),
            Lang::En => format!(
                "installed {} in the user catalog ({}, {} items)\n",
                q.name(),
                target.display(),
                q.item_count()
            ),
        });
    }
    Ok(Exit::Done)
}
