//! `mds schema NAME`: prints a JSON Schema.

use anyhow::{Result, bail};
use mds_core::Lang;
use mds_core::schema::{Kind, schema_text};

use crate::Exit;
use crate::args::SchemaArgs;
use crate::context::Context;

pub fn run(args: SchemaArgs, ctx: &Context) -> Result<Exit> {
    let lang = ctx.lang;
    let Some(kind) = Kind::from_name(&args.name) else {
        let names = Kind::ALL.map(Kind::name).join(", ");
        bail!(match lang {
            Lang::Ja => format!(
                "スキーマ {:?} はありません。使えるのは {names} です。",
                args.name
            ),
            Lang::En => format!("no schema {:?}; available: {names}", args.name),
        });
    };
    ctx.printer.out(&schema_text(kind));
    Ok(Exit::Done)
}
