//! `mds import FILE -o RESPONSE.json [--questionnaire Q]`: a filled workbook into a response.

use anyhow::Result;
use mds_core::Lang;

use crate::Exit;
use crate::args::ImportArgs;
use crate::io::{load_catalog, read, resolve_spec, write_atomic};
use std::io::Write;

use crate::output::json;

pub fn run(args: ImportArgs, lang: Lang) -> Result<Exit> {
    let catalog = load_catalog(lang);
    let forced = match &args.questionnaire {
        Some(spec) => Some(resolve_spec(spec, &catalog, lang)?),
        None => None,
    };
    let bytes = read(&args.file, lang)?;
    let limits = args.limits.into();
    let layout: Option<mds_core::model::Layout> = match &args.layout {
        Some(path) => Some(
            mds_core::json::load_as(&read(path, lang)?, mds_core::schema::Kind::Layout, lang)
                .map_err(|e| crate::io::located(path, &e))?,
        ),
        None => None,
    };
    let (imported, _) = crate::io::import_file_with(
        &args.file,
        &bytes,
        forced.as_ref(),
        layout.as_ref(),
        &catalog,
        &limits,
        lang,
    )?;
    write_atomic(
        &args.output,
        json(&imported.response).as_bytes(),
        &[args.file.as_path()],
        lang,
    )?;
    // Every finding with the severity validation gives it, in sheet order; a long list is cut
    // with the count and how to see it whole.
    const SHOWN: usize = 50;
    let mut err = std::io::stderr().lock();
    for f in imported.findings.iter().take(SHOWN) {
        let severity = f.severity.label(lang);
        let _ = writeln!(
            err,
            "mds: {severity}: {}: {} [{}] {}",
            args.file.display(),
            f.location,
            f.code,
            f.message
        );
    }
    if imported.findings.len() > SHOWN {
        let rest = imported.findings.len() - SHOWN;
        let _ = writeln!(
            err,
            "{}",
            match lang {
                Lang::Ja => format!(
                    "mds: ほかに {rest} 件の指摘があります（全 {} 件）。すべて見るには `mds validate {} --format json` を実行してください。",
                    imported.findings.len(),
                    args.file.display()
                ),
                Lang::En => format!(
                    "mds: {rest} more findings ({} in all); run `mds validate {} --format json` to see them all.",
                    imported.findings.len(),
                    args.file.display()
                ),
            }
        );
    }
    Ok(Exit::Done)
}
