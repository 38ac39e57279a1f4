//! `mds register FOLDER [--as-of DATE] [--vendors vendors.csv]`: every vendor's documents on
//! file, what they are, whether they are valid, signed and current, the open items of each MHLW
//! checklist, and the answer to its item 2-③ (a valid disclosure from every vendor).

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use mds_core::Lang;

use crate::Exit;
use crate::args::{RegisterArgs, RegisterFormat};
use crate::context::Context;

/// Every file under `dir` that may be a document, in name order (signatures, hidden files and
/// the lock files of open workbooks left out).
fn files_under(dir: &Path, out: &mut Vec<PathBuf>, lang: Lang) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| {
            anyhow!(match lang {
                Lang::Ja => format!(
                    "{} を読めません: {}。書類を置いたフォルダーを指定してください。",
                    dir.display(),
                    crate::output::os_error(&e, lang)
                ),
                Lang::En => format!(
                    "cannot read {}: {}; give the folder of the documents.",
                    dir.display(),
                    crate::output::os_error(&e, lang)
                ),
            })
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if crate::io::set_aside(&name) {
            continue;
        }
        if p.is_dir() {
            files_under(&p, out, lang)?;
        } else if p.is_file() {
            out.push(p);
        }
    }
    Ok(())
}

pub fn run(args: RegisterArgs, ctx: &Context) -> Result<Exit> {
    let lang = ctx.lang;
    let catalog = ctx.catalog();
    let format = crate::output::output_format(
        args.format,
        args.output.as_deref(),
        RegisterFormat::Table,
        RegisterFormat::Json,
        &ctx.printer,
    )?;
    if format == RegisterFormat::Xlsx {
        crate::io::require_output(args.output.as_deref(), "xlsx", lang)?;
    }
    let as_of = args
        .as_of
        .as_deref()
        .map(|d| crate::io::day(d, "--as-of", lang))
        .transpose()?;
    let listed = match &args.vendors {
        Some(path) => crate::io::vendor_rows(path, lang)?
            .into_iter()
            .map(|v| v.vendor)
            .collect(),
        None => Vec::new(),
    };
    let keys = crate::signing::keys(&args.signatures, lang)?;
    let mut files = Vec::new();
    files_under(&args.folder, &mut files, lang)?;
    let limits: mds_core::xlsx::Limits = args.limits.into();
    let dates = mds_core::checklist::Dates {
        as_of: as_of.clone(),
        fiscal_year: None,
    };
    let mut options = mds_core::submission::Options::new(catalog);
    options.limits = limits;
    options.json_limits = args.limits.json();
    options.keys = keys.as_ref();
    options.dates = &dates;
    options.lang = lang;
    let mut others = Vec::new();
    let mut unreadable = Vec::new();
    // Every document read once, then read and checked on all cores.
    let mut read: Vec<(String, Vec<u8>, Option<Vec<u8>>)> = Vec::new();
    for path in &files {
        let name = path.display().to_string();
        let document = path.extension().is_some_and(|x| {
            crate::io::INPUT_EXTENSIONS
                .iter()
                .any(|e| x.eq_ignore_ascii_case(e))
        });
        if !document {
            others.push(name);
            continue;
        }
        let bytes = match crate::io::read_bounded(path, limits.max_file_bytes, lang) {
            Ok(b) => b,
            Err(e) => {
                unreadable.push((name, format!("{e:#}")));
                continue;
            }
        };
        if crate::io::report_of(&bytes).is_some() {
            others.push(name);
            continue;
        }
        let signature = keys
            .as_ref()
            .and_then(|_| crate::signing::read_signature(path));
        read.push((name, bytes, signature));
    }
    let inputs: Vec<mds_core::submission::Input<'_>> = read
        .iter()
        .map(|(name, bytes, signature)| mds_core::submission::Input {
            name,
            bytes,
            signature: signature.as_deref(),
        })
        .collect();
    let mut submissions = Vec::new();
    for ((name, bytes, _), loaded) in read
        .iter()
        .zip(mds_core::submission::load_all(&inputs, &options))
    {
        match loaded {
            Ok(s) => submissions.push(s),
            // A profile, a questionnaire, a layout: on file, but not a vendor's.
            Err(e) if matches!(e.code(), "wrong-format" | "wrong-document") => {
                others.push(name.clone())
            }
            Err(_) if !crate::io::is_workbook(bytes) && !looks_like_a_response(bytes) => {
                others.push(name.clone())
            }
            Err(e) => unreadable.push((name.clone(), e.to_string())),
        }
    }
    if !others.is_empty() {
        ctx.printer.notice(&match lang {
            Lang::Ja => format!(
                "開示書・チェックリストではないファイルは台帳に入れていません: {}",
                others.join("、")
            ),
            Lang::En => format!(
                "files that are not vendors' submissions are left out: {}",
                others.join(", ")
            ),
        });
    }
    for (name, why) in &unreadable {
        ctx.printer.warning(&match lang {
            Lang::Ja => format!("{name} を読めないので台帳に入れていません: {why}"),
            Lang::En => format!("{name} could not be read and is left out: {why}"),
        });
    }
    let register = mds_core::register::register(&submissions, &listed, catalog, as_of.as_deref());
    let bytes: Vec<u8> = match format {
        RegisterFormat::Json => crate::output::json(&register).into_bytes(),
        RegisterFormat::Table => mds_core::report::register_report(
            &register,
            lang,
            mds_core::report::RegisterStyle::Table,
        )
        .into_bytes(),
        RegisterFormat::Md => {
            mds_core::report::register_report(&register, lang, mds_core::report::RegisterStyle::Md)
                .into_bytes()
        }
        RegisterFormat::Csv => {
            mds_core::report::register_report(&register, lang, mds_core::report::RegisterStyle::Csv)
                .into_bytes()
        }
        RegisterFormat::Html => mds_core::report::register_report(
            &register,
            lang,
            mds_core::report::RegisterStyle::Html,
        )
        .into_bytes(),
        RegisterFormat::Xlsx => mds_core::report::register_xlsx(&register, lang)?,
    };
    match &args.output {
        Some(out) if !crate::output::is_stdout(out) => {
            let mut inputs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
            if let Some(v) = &args.vendors {
                inputs.push(v);
            }
            crate::io::write_atomic(out, &bytes, &inputs, &ctx.printer)?;
        }
        _ if format == RegisterFormat::Table => ctx.printer.text(&String::from_utf8_lossy(&bytes)),
        _ => ctx.printer.out(&String::from_utf8_lossy(&bytes)),
    }
    Ok(Exit::Done)
}

/// JSON whose `format` says it is a response: an unreadable one is reported, not left out.
fn looks_like_a_response(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(4096)]
        .windows(14)
        .any(|w| w == b"mds-response/1")
}
