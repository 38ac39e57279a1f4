//! `mds profile new` (a profile from a preset, as JSON or a workbook to edit in Excel),
//! `mds profile import` (a profile workbook back to JSON) and `mds profile show` (the
//! requirement table of a tender specification).

use anyhow::{Result, bail};
use indexmap::IndexMap;
use mds_core::Lang;
use mds_core::model::{
    Importance, Item, NaRule, PROFILE_FORMAT, Profile, ProfileQuestionnaire, Questionnaire,
    Requirement,
};
use mds_core::report::{
    render_table, requirements_csv, requirements_docx, requirements_html, requirements_markdown,
    requirements_xlsx,
};

use crate::Exit;
use crate::args::{Preset, ProfileAction, ProfileArgs, ReportFormat};
use crate::context::Context;
use crate::io::{read_profile, require_output, write_atomic};
use crate::output::json;

pub fn run(args: ProfileArgs, ctx: &Context) -> Result<Exit> {
    let lang = ctx.lang;
    match args.action {
        ProfileAction::New {
            questionnaire,
            output,
            preset,
            items,
            from,
            force,
        } => {
            let ext = output
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            // `-o -` writes JSON to standard output.
            let ext = if crate::output::is_stdout(&output) {
                "json".to_string()
            } else {
                ext
            };
            if ext != "json" && ext != "xlsx" {
                bail!(match lang {
                    Lang::Ja => format!(
                        "出力 {} の形式に対応していません。.xlsx（Excel で編集）か .json のファイル名を指定してください。",
                        output.display()
                    ),
                    Lang::En => format!(
                        "cannot write {}: give a file name ending in .xlsx or .json",
                        output.display()
                    ),
                });
            }
            let catalog = ctx.catalog();
            // Resolved once, in the context (clap requires it here).
            let entry = ctx
                .questionnaire()?
                .ok_or_else(|| anyhow::anyhow!("{questionnaire}"))?;
            crate::io::require_items(&entry.questionnaire, lang)?;
            let profile = match &from {
                Some(path) => {
                    let limits = mds_core::xlsx::Limits::default();
                    let (profile, _, _) = read_profile(path, Some(entry), catalog, &limits, lang)?;
                    profile
                }
                None => new_profile(&entry.questionnaire, preset, &items, lang)?,
            };
            let bytes = if ext == "xlsx" {
                mds_core::xlsx::write_profile_workbook(&entry.questionnaire, &profile, lang)?
            } else {
                json(&profile).into_bytes()
            };
            let inputs: Vec<&std::path::Path> = from.iter().map(|p| p.as_path()).collect();
            crate::io::guard_overwrite(&output, force, ctx.lang, || ctx.catalog())?;
            write_atomic(&output, &bytes, &inputs, &ctx.printer)?;
            Ok(Exit::Done)
        }
        ProfileAction::Import {
            file,
            output,
            questionnaire: _,
            limits,
            force,
        } => {
            let catalog = ctx.catalog();
            let (profile, _, entry) =
                read_profile(&file, ctx.questionnaire()?, catalog, &limits.into(), lang)?;
            for f in mds_core::validate::validate_profile(&profile, &entry.questionnaire, lang) {
                ctx.printer.warning(&format!(
                    "{}: {} [{}] {}",
                    file.display(),
                    f.location,
                    f.code,
                    f.message
                ));
            }
            crate::output::expect_extension(&output, &["json"], lang)?;
            crate::io::guard_overwrite(&output, force, ctx.lang, || ctx.catalog())?;
            write_atomic(
                &output,
                json(&profile).as_bytes(),
                &[file.as_path()],
                &ctx.printer,
            )?;
            Ok(Exit::Done)
        }
        ProfileAction::Show {
            profile: path,
            format,
            output,
            questionnaire: _,
        } => {
            let catalog = ctx.catalog();
            let limits = mds_core::xlsx::Limits::default();
            let (profile, _, entry) =
                read_profile(&path, ctx.questionnaire()?, catalog, &limits, lang)?;
            let q = &entry.questionnaire;
            let format = crate::output::output_format(
                format,
                output.as_deref(),
                ReportFormat::Table,
                ReportFormat::Md,
                &ctx.printer,
            )?;
            let bytes = match format {
                ReportFormat::Md => requirements_markdown(q, &profile, lang).into_bytes(),
                ReportFormat::Html => requirements_html(q, &profile, lang).into_bytes(),
                ReportFormat::Csv => requirements_csv(q, &profile, lang).into_bytes(),
                ReportFormat::Json => json(&profile).into_bytes(),
                ReportFormat::Table => requirements_table(q, &profile, lang).into_bytes(),
                ReportFormat::Xlsx => {
                    require_output(output.as_deref(), "xlsx", lang)?;
                    requirements_xlsx(q, &profile, lang)?
                }
                ReportFormat::Docx => {
                    require_output(output.as_deref(), "docx", lang)?;
                    requirements_docx(q, &profile, lang)?
                }
            };
            match &output {
                Some(out) => write_atomic(out, &bytes, &[path.as_path()], &ctx.printer)?,
                None => ctx.printer.out(&String::from_utf8_lossy(&bytes)),
            }
            Ok(Exit::Done)
        }
    }
}

/// A profile built from a preset over the selected items; without a preset, from the
/// questionnaire's own hints (an item's `compliant` codes and `importance`) where an item has
/// them, else all-yes.
pub(crate) fn new_profile(
    q: &Questionnaire,
    preset: Option<Preset>,
    items: &[String],
    lang: Lang,
) -> Result<Profile> {
    for id in items {
        if q.item(id).is_none() {
            bail!(match lang {
                Lang::Ja => format!("項目 {id:?} は {} にありません。", q.name()),
                Lang::En => format!("item {id:?} is not in {}", q.name()),
            });
        }
    }
    let chosen = |item: &Item| -> bool {
        if !items.is_empty() {
            return items.iter().any(|i| i == &item.id);
        }
        match preset {
            None | Some(Preset::AllYes) => true,
            Some(Preset::Gl7Annex) => item.tags.iter().any(|t| t == "gl7-annex"),
        }
    };
    let has = |item: &Item, code: &str| {
        item.answer
            .vocabulary()
            .and_then(|v| q.vocabulary(v))
            .is_some_and(|v| v.code(code).is_some())
    };
    let requirement = |expect: Vec<String>, importance: Importance| Requirement {
        expect,
        importance,
        must: false,
        flag: None,
        note: None,
    };
    let mut requirements = IndexMap::new();
    for (_, item) in q.items().filter(|(_, i)| chosen(i)) {
        let requirement = match preset {
            None if !item.compliant.is_empty() && item.answer.vocabulary().is_some() => {
                requirement(item.compliant.clone(), item.importance.unwrap_or_default())
            }
            None if has(item, "yes") => {
                requirement(vec!["yes".into()], item.importance.unwrap_or_default())
            }
            Some(Preset::AllYes) if has(item, "yes") => {
                requirement(vec!["yes".into()], Importance::Standard)
            }
            Some(Preset::Gl7Annex) if has(item, "yes") && has(item, "na") => Requirement {
                flag: Some(
                    lang.pick("リスク評価が必要", "risk assessment required")
                        .into(),
                ),
                ..requirement(vec!["yes".into(), "na".into()], Importance::Standard)
            },
            _ => continue,
        };
        requirements.insert(item.id.clone(), requirement);
    }
    if requirements.is_empty() {
        bail!(match (lang, preset) {
            (Lang::Ja, Some(Preset::Gl7Annex)) => format!(
                "{} に gl7-annex の対象となる項目がありません。--items で項目を指定してください（はい・対象外で答える項目に限ります）。",
                q.name()
            ),
            (Lang::Ja, _) => format!("{} に「はい」で答える項目がありません。", q.name()),
            (Lang::En, Some(Preset::Gl7Annex)) => format!(
                "{} has no item for gl7-annex; name the items with --items (items answered yes / N/A)",
                q.name()
            ),
            (Lang::En, _) => format!("{} has no item answered with yes", q.name()),
        });
    }
    Ok(Profile {
        format: PROFILE_FORMAT.into(),
        questionnaire: ProfileQuestionnaire {
            id: q.id.clone(),
            version: q.version.clone(),
        },
        title: None,
        requirements,
        sections: Default::default(),
        points: None,
        na: NaRule::Expect,
        planned: Default::default(),
        adjudications: IndexMap::new(),
    })
}

fn requirements_table(q: &Questionnaire, profile: &Profile, lang: Lang) -> String {
    let head = [
        lang.pick("項目", "item"),
        lang.pick("期待する回答", "expected"),
        lang.pick("重要度", "importance"),
        lang.pick("必須", "must"),
        lang.pick("フラグ", "flag"),
    ];
    let rows: Vec<Vec<String>> = q
        .items()
        .filter(|(s, _)| profile.sections.get(&s.id) != Some(&false))
        .filter_map(|(_, item)| profile.requirements.get(&item.id).map(|r| (item, r)))
        .map(|(item, r)| {
            vec![
                item.id.clone(),
                mds_core::report::code_labels(q, Some(item), &r.expect, lang),
                mds_core::report::importance_label(r.importance, lang).into(),
                mds_core::report::yes_no(r.must, lang).into(),
                r.flag.clone().unwrap_or_default(),
            ]
        })
        .collect();
    render_table(&head, &rows)
}
