//! `mds import FILE -o RESPONSE.json [--questionnaire Q]`: a filled workbook into a response.

use std::path::Path;

use anyhow::{Result, anyhow};
use mds_core::Lang;
use mds_core::catalog::{Catalog, Entry, Origin};

use crate::Exit;
use crate::args::ImportArgs;
use crate::context::Context;
use crate::io::{read, write_atomic};
use mds_core::parallel::Gate;

use crate::output::response_json;

pub fn run(args: ImportArgs, ctx: &Context) -> Result<Exit> {
    let lang = ctx.lang;
    crate::output::expect_extension(&args.output, &["json"], lang)?;
    let limits: mds_core::xlsx::Limits = args.limits.into();
    let layout: Option<mds_core::model::Layout> = match &args.layout {
        Some(path) => Some(
            mds_core::json::load_as(&read(path, lang)?, mds_core::schema::Kind::Layout, lang)
                .map_err(|e| crate::io::located(path, &e))?,
        ),
        None => None,
    };
    let spec_file = args
        .questionnaire
        .as_deref()
        .filter(|spec| crate::io::names_a_file(spec));
    let imported = match spec_file {
        Some(spec) => {
            // The questionnaire file (read, checked, then its digest computed) and the
            // workbook (read, then its layout detected) are read side by side on two cores;
            // the import starts as soon as both are read, beside the digest if it is not done
            // yet. The questionnaire is read once the workbook's shared strings are: until
            // then the cores are left to the workbook, whose sheets wait for them. The user
            // catalog is not needed: the questionnaire is given.
            let path = Path::new(spec);
            let entry: std::sync::OnceLock<Entry> = std::sync::OnceLock::new();
            let (ready, read) = std::sync::mpsc::channel::<Result<()>>();
            let strings_read = Gate::new();
            let (digest, imported) = std::thread::scope(|scope| {
                let shared = &entry;
                let gate = &strings_read;
                // The sender moves into the thread: should it end without a word, the wait
                // below ends too.
                let digest = scope.spawn(move || {
                    gate.wait();
                    let loaded = crate::io::read_questionnaire_keeping_bytes(path, lang).and_then(
                        |(q, bytes)| {
                            crate::io::refuse_unusable(path, &q, lang)?;
                            Ok((q, bytes))
                        },
                    );
                    let bytes = match loaded {
                        Ok((questionnaire, bytes)) => {
                            let _ = shared.set(Entry {
                                questionnaire,
                                origin: Origin::User(spec.to_string()),
                                digest: String::new(),
                            });
                            let _ = ready.send(Ok(()));
                            bytes
                        }
                        Err(e) => {
                            let _ = ready.send(Err(e));
                            return None;
                        }
                    };
                    shared
                        .get()
                        .map(|e| mds_core::digest::digest_in(&e.questionnaire, bytes))
                });
                // Open however the reading ends (a file that is no workbook reads no strings).
                let parsed = strings_read.open_after(|| {
                    crate::io::read_bounded(&args.file, limits.max_file_bytes, lang).and_then(
                        |bytes| {
                            crate::io::parse_workbook(
                                &args.file,
                                &bytes,
                                layout.as_ref(),
                                &limits,
                                lang,
                                &strings_read,
                            )
                        },
                    )
                });
                // A questionnaire that cannot be used is reported first.
                let imported = read
                    .recv()
                    .unwrap_or_else(|_| Err(anyhow!("{}", path.display())))
                    .and_then(|()| {
                        let entry = entry.get().ok_or_else(|| anyhow!("{}", path.display()))?;
                        let parsed = parsed?;
                        let imported = crate::io::import_parsed(
                            &args.file,
                            &parsed,
                            Some(entry),
                            &Catalog::default(),
                            lang,
                        )
                        .map(|(imported, _)| imported);
                        // The workbook's cells, like the questionnaire below, are left to the
                        // end of the process.
                        std::mem::forget(parsed);
                        imported
                    });
                (digest.join(), imported)
            });
            let digest = digest.map_err(|_| anyhow!("{}", path.display()))?;
            let mut imported = imported?;
            let Some(digest) = digest else {
                return Err(anyhow!("{}", path.display()));
            };
            let pin = &mut imported.response.questionnaire.digest;
            if pin.as_deref().is_none_or(str::is_empty) {
                *pin = Some(digest);
            }
            // The command ends after writing: the questionnaire's memory (hundreds of
            // thousands of small blocks in a large one) is left to the end of the process
            // rather than freed piece by piece before the response is written.
            std::mem::forget(entry);
            imported
        }
        None => {
            let catalog = ctx.catalog();
            let forced = ctx.questionnaire()?;
            let bytes = crate::io::read_bounded(&args.file, limits.max_file_bytes, lang)?;
            crate::io::import_file_with(
                &args.file,
                &bytes,
                forced,
                layout.as_ref(),
                catalog,
                &limits,
                lang,
            )?
            .0
        }
    };
    // Room for the text at once (a few hundred bytes an answer; room not used costs nothing).
    let room = 64 * 1024 + imported.response.answers.len() * 256;
    write_atomic(
        &args.output,
        response_json(&imported.response, room).as_bytes(),
        &[args.file.as_path()],
        &ctx.printer,
    )?;
    let imported = std::mem::ManuallyDrop::new(imported);
    // Every finding with the severity validation gives it, in sheet order; a long list is cut
    // with the count and how to see it whole.
    const SHOWN: usize = 50;
    for f in imported.findings.iter().take(SHOWN) {
        let severity = f.severity.label(lang);
        ctx.printer.line(format!(
            "mds: {severity}: {}: {} [{}] {}",
            args.file.display(),
            f.location,
            f.code,
            f.message
        ));
    }
    if imported.findings.len() > SHOWN {
        let rest = imported.findings.len() - SHOWN;
        ctx.printer.line(match lang {
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
            });
    }
    Ok(Exit::Done)
}
