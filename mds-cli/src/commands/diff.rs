//! `mds diff OLD NEW [--profile P] [--mapping M]`: what changed between two submissions.
//! Exit 0 when nothing changed, 1 when something did, 2 when a file cannot be read.

use anyhow::{Result, bail};
use mds_core::Lang;
use mds_core::diff::{Diff, diff};
use mds_core::report::{DiffStyle, diff_report, html_escape, md_cell};

use crate::Exit;
use crate::args::{DiffArgs, DiffFormat};
use crate::context::Context;
use crate::io::{read_mapping, read_profile, read_response, write_atomic};
use crate::output::json;

pub fn run(args: DiffArgs, ctx: &Context) -> Result<Exit> {
    let lang = ctx.lang;
    let args = &args;
    if args.old.is_dir() || args.new.is_dir() {
        return folders(args, ctx);
    }
    let catalog = ctx.catalog();
    let limits = args.limits.into();
    let (new, entry) = read_response(&args.new, None, catalog, &limits, lang)?;
    let (mut old, _) = read_response(&args.old, None, catalog, &limits, lang)?;
    if old.questionnaire.id != new.questionnaire.id
        || old.questionnaire.version != new.questionnaire.version
    {
        let Some(path) = &args.mapping else {
            bail!(match lang {
                Lang::Ja => format!(
                    "{} は {}、{} は {} への回答です。版をまたいで比べるには対応表を --mapping で指定してください（同じ ID の項目だけで良ければ `mds migrate` で移してから比べます）。",
                    args.old.display(),
                    old.questionnaire.name(),
                    args.new.display(),
                    new.questionnaire.name()
                ),
                Lang::En => format!(
                    "{} answers {} and {} answers {}; to compare across versions give a mapping with --mapping (or carry identical ids first with `mds migrate`)",
                    args.old.display(),
                    old.questionnaire.name(),
                    args.new.display(),
                    new.questionnaire.name()
                ),
            });
        };
        let m = read_mapping(path, lang)?;
        crate::io::check_mapping(&m, &old, &entry, lang)?;
        old = mds_core::carry::carry(
            &old,
            &entry.questionnaire,
            &entry.digest,
            Some(&m),
            false,
            lang,
        )
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .response;
    }
    let profile = match &args.profile {
        Some(p) => Some(read_profile(p, Some(&entry), catalog, &limits, lang)?.0),
        None => None,
    };
    let d = diff(&old, &new, &entry.questionnaire, profile.as_ref());
    let format = format_of(args, ctx)?;
    let text = match format {
        DiffFormat::Json => json(&d),
        DiffFormat::Text => diff_report(&d, Some(&entry.questionnaire), lang, DiffStyle::Text),
        DiffFormat::Md => diff_report(&d, Some(&entry.questionnaire), lang, DiffStyle::Md),
        DiffFormat::Html => diff_report(&d, Some(&entry.questionnaire), lang, DiffStyle::Html),
    };
    write_out(args, &text, format != DiffFormat::Json, ctx)?;
    Ok(if d.is_empty() { Exit::Done } else { Exit::No })
}

/// `--format`, else the output's extension, else text on a terminal and JSON otherwise.
fn format_of(args: &DiffArgs, ctx: &Context) -> Result<DiffFormat> {
    crate::output::output_format(
        args.format,
        args.output.as_deref(),
        DiffFormat::Text,
        DiffFormat::Json,
        &ctx.printer,
    )
}

/// The report to `-o` (atomically), else to stdout.
/// Text for people (not JSON) shows the characters a reader cannot see as markers.
fn write_out(args: &DiffArgs, text: &str, for_people: bool, ctx: &Context) -> Result<()> {
    match &args.output {
        Some(out) => write_atomic(
            out,
            text.as_bytes(),
            &[args.old.as_path(), args.new.as_path()],
            &ctx.printer,
        ),
        None if for_people => {
            ctx.printer.text(text);
            Ok(())
        }
        None => {
            ctx.printer.out(text);
            Ok(())
        }
    }
}

/// One vendor's submissions in the two folders, and what changed.
#[derive(serde::Serialize)]
struct Pair {
    vendor: String,
    old: String,
    new: String,
    diff: Diff,
    /// The questionnaire both answer (`ID@VERSION`), for the answers' labels.
    #[serde(skip)]
    questionnaire: String,
}

/// Two folders of submissions (JSON and workbooks), paired by vendor (`cover.vendor`, else the
/// file name): what changed for each vendor, and who is in one folder only.
#[derive(serde::Serialize)]
struct Folders {
    pairs: Vec<Pair>,
    only_old: Vec<String>,
    only_new: Vec<String>,
}

fn folders(args: &DiffArgs, ctx: &Context) -> Result<Exit> {
    let lang = ctx.lang;
    if !(args.old.is_dir() && args.new.is_dir()) {
        bail!(lang.pick(
            "フォルダどうし、またはファイルどうしを指定してください（フォルダとファイルは比べられません）。",
            "give two folders or two files (a folder cannot be compared with a file)"
        ));
    }
    let catalog = ctx.catalog();
    let limits: mds_core::xlsx::Limits = args.limits.into();
    let profile_path = args.profile.as_ref();
    let read_all = |dir: &std::path::Path| -> Result<
        Vec<(
            String,
            String,
            mds_core::model::Response,
            mds_core::catalog::Entry,
        )>,
    > {
        let files = crate::io::expand_folders(&[dir.to_path_buf()], &ctx.printer)?;
        let mut out = Vec::new();
        for f in files {
            let (r, entry) = read_response(&f, None, catalog, &limits, lang)?;
            let name = mds_core::score::vendor_name(&f.display().to_string(), &r);
            let key = mds_core::score::vendor_key(&name);
            out.push((key, f.display().to_string(), r, entry));
        }
        Ok(out)
    };
    let olds = read_all(&args.old)?;
    let news = read_all(&args.new)?;
    let mut profiles: std::collections::BTreeMap<String, mds_core::model::Profile> =
        Default::default();
    let mut result = Folders {
        pairs: Vec::new(),
        only_old: Vec::new(),
        only_new: Vec::new(),
    };
    for (key, source, new, entry) in &news {
        let Some((_, old_source, old, _)) = olds.iter().find(|(k, ..)| k == key) else {
            result.only_new.push(source.clone());
            continue;
        };
        if old.questionnaire.id != new.questionnaire.id
            || old.questionnaire.version != new.questionnaire.version
        {
            bail!(match lang {
                Lang::Ja => format!(
                    "{} は {}、{} は {} への回答です。版をまたいで比べるには、ファイルどうしで --mapping を付けて比べてください。",
                    old_source,
                    old.questionnaire.name(),
                    source,
                    new.questionnaire.name()
                ),
                Lang::En => format!(
                    "{} answers {} and {} answers {}; compare these two files with --mapping to go across versions",
                    old_source,
                    old.questionnaire.name(),
                    source,
                    new.questionnaire.name()
                ),
            });
        }
        // The profile is read once per questionnaire, not once per vendor.
        let name = entry.questionnaire.name();
        if let Some(p) = profile_path
            && !profiles.contains_key(&name)
        {
            let profile = read_profile(p, Some(entry), catalog, &limits, lang)?.0;
            profiles.insert(name.clone(), profile);
        }
        result.pairs.push(Pair {
            vendor: key.clone(),
            old: old_source.clone(),
            new: source.clone(),
            diff: diff(old, new, &entry.questionnaire, profiles.get(&name)),
            questionnaire: name.clone(),
        });
    }
    for (key, source, ..) in &olds {
        if !news.iter().any(|(k, ..)| k == key) {
            result.only_old.push(source.clone());
        }
    }
    let changed = result.pairs.iter().any(|p| !p.diff.is_empty())
        || !result.only_old.is_empty()
        || !result.only_new.is_empty();
    let format = format_of(args, ctx)?;
    let text = match format {
        DiffFormat::Json => json(&result),
        other => {
            let style = match other {
                DiffFormat::Md => DiffStyle::Md,
                DiffFormat::Html => DiffStyle::Html,
                _ => DiffStyle::Text,
            };
            let mut out = String::new();
            for p in &result.pairs {
                let heading = format!("{} ({} → {})", p.vendor, p.old, p.new);
                out.push_str(&match style {
                    DiffStyle::Md => format!("## {}\n\n", md_cell(&heading)),
                    DiffStyle::Html => format!("<h2>{}</h2>\n", html_escape(&heading)),
                    DiffStyle::Text => format!("== {heading}\n"),
                });
                let q = catalog
                    .find_spec(&p.questionnaire)
                    .map(|e| &e.questionnaire);
                out.push_str(&diff_report(&p.diff, q, lang, style));
                out.push('\n');
            }
            for (label, list) in [
                (
                    lang.pick("前回だけにある開示書", "only in the earlier folder"),
                    &result.only_old,
                ),
                (
                    lang.pick("今回だけにある開示書", "only in the later folder"),
                    &result.only_new,
                ),
            ] {
                if !list.is_empty() {
                    out.push_str(&format!("{label}: {}\n", list.join(", ")));
                }
            }
            out
        }
    };
    write_out(args, &text, format != DiffFormat::Json, ctx)?;
    Ok(if changed { Exit::No } else { Exit::Done })
}
