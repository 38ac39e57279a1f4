//! `mds import FILE -o RESPONSE.json [--questionnaire Q]`: a filled workbook into a response.

use anyhow::Result;
use mds_core::Lang;

use crate::Exit;
use crate::args::ImportArgs;
use crate::io::{load_catalog, read, resolve_spec, write_atomic};
use crate::output::{json, warning};

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
    for f in &imported.findings {
        warning(
            lang,
            &format!(
                "{}: {} [{}] {}",
                args.file.display(),
                f.location,
                f.code,
                f.message
            ),
        );
    }
    Ok(Exit::Done)
}
