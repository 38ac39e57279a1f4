//! `mds export RESPONSE.json -o FILE.xlsx`: a response as a filled workbook.

use anyhow::{Result, bail};
use mds_core::Lang;
use mds_core::model::Response;
use mds_core::schema::Kind;

use crate::Exit;
use crate::args::ExportArgs;
use crate::context::Context;
use crate::io::{located, read, resolve_pin, write_atomic};

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
    let entry = match ctx.questionnaire()? {
        Some(entry) => std::borrow::Cow::Borrowed(entry),
        None => std::borrow::Cow::Owned(resolve_pin(
            &response.questionnaire.id,
            &response.questionnaire.version,
            catalog,
            lang,
        )?),
    };
    // A text longer than a workbook cell holds is cut with a mark; said here, by item.
    for (id, a) in &response.answers {
        let value = match &a.value {
            mds_core::model::AnswerValue::Text(t) => Some(t.as_str()),
            _ => None,
        };
        for text in [value, a.remarks.as_deref(), a.other.as_deref()]
            .into_iter()
            .flatten()
        {
            if mds_core::xlsx::too_long_for_a_cell(text) {
                ctx.printer.warning(&match lang {
                    Lang::Ja => format!(
                        "{}: 項目 {id} の文字が Excel のセルの上限（32,767 文字）を超えるため、ワークブックでは切り詰め、末尾に「以下省略」と記しました。全文は JSON にあります。",
                        args.response.display()
                    ),
                    Lang::En => format!(
                        "{}: item {id} holds more than an Excel cell can (32,767 characters); the workbook shows it cut, marked as such. The JSON keeps it whole.",
                        args.response.display()
                    ),
                });
            }
        }
    }
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
