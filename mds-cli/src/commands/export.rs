//! `mds export RESPONSE.json -o FILE.xlsx`: a response as a filled workbook.

use anyhow::{Result, bail};
use mds_core::Lang;
use mds_core::model::Response;
use mds_core::schema::Kind;

use crate::Exit;
use crate::args::ExportArgs;
use crate::context::Context;
use crate::io::{located, read, resolve_pin, resolve_spec, write_atomic};

pub fn run(args: ExportArgs, ctx: &Context) -> Result<Exit> {
    let lang = ctx.lang;
    let ext = args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext != "xlsx" && !crate::output::is_stdout(&args.output) {
        bail!(match lang {
            Lang::Ja => format!(
                "出力 {} は .xlsx のファイル名にしてください。",
                args.output.display()
            ),
            Lang::En => format!(
                "give the output {} a name ending in .xlsx",
                args.output.display()
            ),
        });
    }
    let bytes = read(&args.response, lang)?;
    let response: Response = mds_core::json::load_as(&bytes, Kind::Response, lang)
        .map_err(|e| located(&args.response, &e))?;
    let catalog = ctx.catalog();
    let entry = match &args.questionnaire {
        Some(spec) => resolve_spec(spec, catalog, lang)?,
        None => resolve_pin(
            &response.questionnaire.id,
            &response.questionnaire.version,
            catalog,
            lang,
        )?,
    };
    let xlsx =
        mds_core::xlsx::write_form(&entry.questionnaire, &entry.digest, Some(&response), lang)?;
    crate::io::guard_overwrite(&args.output, args.force, ctx.lang, || ctx.catalog())?;
    write_atomic(
        &args.output,
        &xlsx,
        &[args.response.as_path()],
        &ctx.printer,
    )?;
    Ok(Exit::Done)
}
