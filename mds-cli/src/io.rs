//! Files: reading inputs, writing outputs atomically, the user catalog folder, and resolving
//! questionnaires in the lookup order of the product contract.

use std::borrow::Cow;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};
use mds_core::catalog::{Catalog, Entry, Origin};
use mds_core::digest::digest;
use mds_core::model::Questionnaire;
use mds_core::parallel::Gate;
use mds_core::schema::Kind;
use mds_core::validate::check_questionnaire;
use mds_core::{Lang, has_errors};

/// The most an input file may hold unless a command's `--max-file-mib` says otherwise.
pub const MAX_FILE_BYTES: u64 = 100 << 20;

/// Reads a whole input file within [`MAX_FILE_BYTES`], naming it in the error and saying what
/// to do.
pub fn read(path: &Path, lang: Lang) -> Result<Vec<u8>> {
    read_bounded(path, MAX_FILE_BYTES, lang)
}

/// Reads a whole input file, at most `max_bytes` of it: a larger file, or one that never ends
/// (a FIFO, `/dev/zero`), stops the command (exit 2) before more is read.
pub fn read_bounded(path: &Path, max_bytes: u64, lang: Lang) -> Result<Vec<u8>> {
    use std::io::Read;
    let fail = |e: &std::io::Error| match lang {
        Lang::Ja => anyhow!("{} を読めません: {}", path.display(), os_error(e, lang)),
        Lang::En => anyhow!("cannot read {}: {}", path.display(), os_error(e, lang)),
    };
    let file = fs::File::open(path).map_err(|e| fail(&e))?;
    let hint = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map_or(0, |m| m.len().min(max_bytes.saturating_add(1)) as usize);
    let mut bytes = Vec::with_capacity(hint);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| fail(&e))?;
    if bytes.len() as u64 > max_bytes {
        bail!(match lang {
            Lang::Ja => format!(
                "{} は大きすぎます（上限 {} MiB）。信頼できるファイルなら --max-file-mib で上限を上げてください。",
                path.display(),
                max_bytes >> 20
            ),
            Lang::En => format!(
                "{} is too large (limit {} MiB); if you trust the file, raise the limit with --max-file-mib.",
                path.display(),
                max_bytes >> 20
            ),
        });
    }
    Ok(bytes)
}

pub use crate::output::os_error;

/// Writes `bytes` to `path` atomically (a temporary file in the same folder, then a rename), so
/// that an interrupted run never leaves a half-written file. Refuses to overwrite an input.
pub fn write_atomic(
    path: &Path,
    bytes: &[u8],
    inputs: &[&Path],
    printer: &crate::output::Printer,
) -> Result<()> {
    let lang = printer.lang();
    // `-o -`: standard output.
    if crate::output::is_stdout(path) {
        return printer.bytes(bytes);
    }
    // Anything but a regular file (a FIFO, a device such as /dev/null) is never replaced.
    if let Ok(meta) = fs::metadata(path)
        && !meta.is_file()
    {
        bail!(match lang {
            Lang::Ja => format!(
                "出力先 {} は通常のファイルではありません（フォルダ、パイプ、デバイスなど）。置き換えません。ファイル名を -o で指定してください（標準出力には -o -）。",
                path.display()
            ),
            Lang::En => format!(
                "the output {} is not a regular file (a folder, a pipe, a device); it is not replaced. Give a file name with -o (or -o - for standard output).",
                path.display()
            ),
        });
    }
    for input in inputs
        .iter()
        .copied()
        .chain(named_inputs(path).iter().map(PathBuf::as_path))
    {
        if same_file(path, input) {
            bail!(match lang {
                Lang::Ja => format!(
                    "出力先 {} が入力ファイルと同じです。別のファイル名を -o で指定してください。",
                    path.display()
                ),
                Lang::En => format!(
                    "the output {} is one of the inputs; give another file name with -o",
                    path.display()
                ),
            });
        }
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let fail = |e: &std::io::Error| match lang {
        Lang::Ja => anyhow!("{} に書き込めません: {}", path.display(), os_error(e, lang)),
        Lang::En => anyhow!("cannot write {}: {}", path.display(), os_error(e, lang)),
    };
    // On Linux the bytes go into a file without a name (O_TMPFILE), given one only once they are
    // all on disk: a run killed while writing leaves nothing behind.
    #[cfg(target_os = "linux")]
    match write_unnamed(&dir, path, bytes) {
        Ok(true) => return Ok(()),
        Ok(false) => {}
        Err(e) => return Err(fail(&e)),
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".mds-").suffix(".tmp");
    if let Some(permissions) = output_permissions(path) {
        builder.permissions(permissions);
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(|e| fail(&e))?;
    tmp.write_all(bytes).map_err(|e| fail(&e))?;
    tmp.as_file().sync_all().map_err(|e| fail(&e))?;
    tmp.persist(path).map_err(|e| fail(&e.error))?;
    Ok(())
}

/// The permissions an output gets: a replaced file keeps its own; a new one gets the usual
/// rw-r--r--, not the owner-only mode of a temporary file (elsewhere than Unix: the default).
fn output_permissions(path: &Path) -> Option<fs::Permissions> {
    if let Ok(meta) = fs::metadata(path) {
        return Some(meta.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Writes `bytes` to `path` through an unnamed temporary file in `dir` (O_TMPFILE): linked as
/// `path` when it is new, else linked under a temporary name and renamed over it (the only
/// moment a kill could leave a name behind). The permissions of a replaced file are kept; a new
/// one gets rw-r--r--. False when the file system cannot make unnamed files (then the caller
/// writes through a named temporary file).
#[cfg(target_os = "linux")]
fn write_unnamed(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    use rustix::fs::{AtFlags, CWD, Mode, OFlags};
    use rustix::io::Errno;
    use std::io::Write;
    use std::os::fd::AsRawFd;
    let fd = match rustix::fs::openat(
        CWD,
        dir,
        OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC,
        Mode::from_raw_mode(0o600),
    ) {
        Ok(fd) => fd,
        Err(Errno::OPNOTSUPP | Errno::ISDIR | Errno::INVAL | Errno::NOSYS) => return Ok(false),
        Err(e) => return Err(e.into()),
    };
    let mut file = fs::File::from(fd);
    if let Some(permissions) = output_permissions(path) {
        file.set_permissions(permissions)?;
    }
    file.write_all(bytes)?;
    file.sync_all()?;
    let unnamed = format!("/proc/self/fd/{}", file.as_raw_fd());
    let link =
        |to: &Path| rustix::fs::linkat(CWD, unnamed.as_str(), CWD, to, AtFlags::SYMLINK_FOLLOW);
    if !path.exists() {
        match link(path) {
            Ok(()) => return Ok(true),
            // Another program made it meanwhile: replaced below.
            Err(Errno::EXIST) => {}
            // No /proc to name the file by: written the usual way instead.
            Err(Errno::NOENT) => return Ok(false),
            Err(e) => return Err(e.into()),
        }
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let temporary = dir.join(format!(".mds-{}-{nanos:09}.tmp", std::process::id()));
    match link(&temporary) {
        Ok(()) => {}
        Err(Errno::NOENT) => return Ok(false),
        Err(e) => return Err(e.into()),
    }
    if let Err(e) = fs::rename(&temporary, path) {
        let _ = fs::remove_file(&temporary);
        return Err(e);
    }
    Ok(true)
}

/// Files the command line names besides `output` that are the output too: a file named twice
/// (`--layout L -o L`, `--mapping m.json -o m.json`, `--public-key k.pub -o k.pub`), and, when
/// signatures are checked, the signature of a named file (`-o a.json.minisig`). Whatever a
/// command reads is an input it must not write over, whether or not it lists it itself.
fn named_inputs(output: &Path) -> Vec<PathBuf> {
    let args: Vec<PathBuf> = std::env::args_os()
        .skip(1)
        .flat_map(|a| {
            // `--flag=value` names `value`.
            let text = a.to_string_lossy().into_owned();
            match text.split_once('=') {
                Some((flag, value)) if flag.starts_with("--") => vec![PathBuf::from(value)],
                _ => vec![PathBuf::from(a)],
            }
        })
        .collect();
    let mut named = Vec::new();
    if args.iter().filter(|a| same_file(a, output)).count() > 1 {
        named.push(output.to_path_buf());
    }
    let checks_signatures = args
        .iter()
        .any(|a| a.as_os_str() == "--public-key" || a.as_os_str() == "--keys");
    if checks_signatures
        && let Some(signed) = output
            .to_str()
            .and_then(|o| o.strip_suffix(".minisig"))
            .map(PathBuf::from)
        && args.iter().any(|a| a.is_file() && same_file(a, &signed))
    {
        named.push(output.to_path_buf());
    }
    named
}

/// True when two paths name the same file (after resolving links), or the same path when the
/// output does not exist yet.
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// The user catalog folder: `MDS_CATALOG`, else the OS configuration folder's `mds/catalog`.
pub fn user_catalog_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("MDS_CATALOG").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let base = if cfg!(windows) {
        std::env::var_os("APPDATA").map(PathBuf::from)
    } else if cfg!(target_os = "macos") {
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join("Library/Application Support"))
    } else {
        std::env::var_os("XDG_CONFIG_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
    };
    base.map(|b| b.join("mds").join("catalog"))
}

/// The built-ins plus every valid questionnaire in the user catalog folder. Files that cannot
/// be used are skipped with a warning naming them.
pub fn load_catalog(printer: &crate::output::Printer) -> Catalog {
    let lang = printer.lang();
    let mut catalog = Catalog::builtin();
    let Some(dir) = user_catalog_dir() else {
        return catalog;
    };
    let Ok(read_dir) = fs::read_dir(&dir) else {
        return catalog;
    };
    let mut paths: Vec<PathBuf> = read_dir
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("json"))
        })
        .collect();
    paths.sort();
    for path in paths {
        match load_questionnaire_file(&path, lang) {
            Ok(q) => catalog.add(q, Origin::User(path.display().to_string())),
            Err(e) => printer.warning(&match lang {
                Lang::Ja => format!(
                    "利用者カタログの {} を読み飛ばしました: {e:#}",
                    path.display()
                ),
                Lang::En => format!("skipped {} in the user catalog: {e:#}", path.display()),
            }),
        }
    }
    catalog
}

/// Reads a questionnaire file that must be usable: readable, schema-valid and consistent.
pub fn load_questionnaire_file(path: &Path, lang: Lang) -> Result<Questionnaire> {
    let q = read_questionnaire_file(path, lang)?;
    refuse_unusable(path, &q, lang)?;
    Ok(q)
}

/// Reads a questionnaire file that is readable and schema-valid; its consistency is left to
/// [`refuse_unusable`] (which can run beside other work).
pub fn read_questionnaire_file(path: &Path, lang: Lang) -> Result<Questionnaire> {
    read_questionnaire_keeping_bytes(path, lang).map(|(q, _)| q)
}

/// [`read_questionnaire_file`] with the bytes it was read from, whose memory its digest can use
/// again (see [`mds_core::digest::digest_in`]).
pub fn read_questionnaire_keeping_bytes(
    path: &Path,
    lang: Lang,
) -> Result<(Questionnaire, Vec<u8>)> {
    let bytes = read(path, lang)?;
    let q = mds_core::json::load_closed(&bytes, Kind::Questionnaire, lang)
        .map_err(|e| located(path, &e))?;
    Ok((q, bytes))
}

/// Refuses a questionnaire whose consistency checks give errors, listing them.
pub fn refuse_unusable(path: &Path, q: &Questionnaire, lang: Lang) -> Result<()> {
    let findings = check_questionnaire(q, lang);
    if has_errors(&findings) {
        let list: Vec<String> = findings
            .iter()
            .map(|f| format!("{} {}: {}", f.location, f.code, f.message))
            .collect();
        bail!(
            "{}: {}\n  {}",
            path.display(),
            lang.pick(
                "この質問票は使えません",
                "this questionnaire cannot be used"
            ),
            list.join("\n  ")
        );
    }
    Ok(())
}

/// An error naming the file and the place in it.
pub fn located(path: &Path, e: &mds_core::Error) -> anyhow::Error {
    if e.location().is_empty() {
        anyhow!("{}: {e}", path.display())
    } else {
        anyhow!("{}: {}: {e}", path.display(), e.location())
    }
}

/// Resolves `--questionnaire` / a command's questionnaire argument: a file (a path that exists
/// or ends in `.json`), else `ID` or `ID@VERSION` in the catalog.
/// True when a questionnaire spec names a file (rather than `ID@VERSION` in a catalog).
pub fn names_a_file(spec: &str) -> bool {
    Path::new(spec).exists() || spec.to_ascii_lowercase().ends_with(".json")
}

pub fn resolve_spec(spec: &str, catalog: &Catalog, lang: Lang) -> Result<Entry> {
    let path = Path::new(spec);
    if names_a_file(spec) {
        let q = load_questionnaire_file(path, lang)?;
        let digest = digest(&q);
        return Ok(Entry {
            questionnaire: q,
            origin: Origin::User(spec.to_string()),
            digest,
        });
    }
    catalog
        .find_spec(spec)
        .cloned()
        .ok_or_else(|| not_found(spec, catalog, lang))
}

/// Resolves the questionnaire a document is pinned to.
pub fn resolve_pin(id: &str, version: &str, catalog: &Catalog, lang: Lang) -> Result<Entry> {
    mds_core::submission::resolve_pin(catalog, id, version, lang).map_err(|e| anyhow!("{e}"))
}

fn not_found(spec: &str, catalog: &Catalog, lang: Lang) -> anyhow::Error {
    anyhow!("{}", mds_core::submission::not_found(spec, catalog, lang))
}

/// Stops (exit 2) when a questionnaire has no items (a JAHIS frame before its items were taken
/// from the official workbook): there is nothing to make a form or a profile of.
pub fn require_items(q: &Questionnaire, lang: Lang) -> Result<()> {
    if q.items().next().is_some() {
        return Ok(());
    }
    bail!(match lang {
        Lang::Ja => format!(
            "質問票 {} には項目がありません（公式様式の枠組みだけです）。お持ちの公式のワークブックから `mds questionnaire extract 公式様式.xlsx --id {} --version {} --install` で項目を取り込んでから、もう一度実行してください。",
            q.name(),
            q.id,
            q.version
        ),
        Lang::En => format!(
            "questionnaire {} has no items (only the frame of the official form). Bring the items in from your copy of the official workbook with `mds questionnaire extract OFFICIAL.xlsx --id {} --version {} --install`, then run this again.",
            q.name(),
            q.id,
            q.version
        ),
    })
}

/// Refuses (exit 2) to write over a file that holds answers (a response, JSON or workbook, with
/// at least one answer) or requirements (a profile with at least one), unless `force`. Anything
/// else (a blank form, a report, a file mds cannot read) is replaced as usual.
pub fn guard_overwrite<'c>(
    path: &Path,
    force: bool,
    lang: Lang,
    catalog: impl FnOnce() -> &'c Catalog,
) -> Result<()> {
    if force || !path.is_file() || crate::output::is_stdout(path) {
        return Ok(());
    }
    let Ok(bytes) = read(path, lang) else {
        return Ok(());
    };
    let holds = if is_workbook(&bytes) {
        let limits = mds_core::xlsx::Limits::default();
        match mds_core::xlsx::read_workbook(&bytes, &limits, lang) {
            Ok(wb) if mds_core::xlsx::is_profile_workbook(&wb) => Some("requirements"),
            Ok(wb) => mds_core::xlsx::stamp(&wb).and_then(|stamp| {
                let entry = catalog().find(&stamp.id, Some(&stamp.version))?;
                let imported =
                    mds_core::xlsx::import_workbook(&wb, &entry.questionnaire, &entry.digest, lang);
                imported
                    .response
                    .answers
                    .values()
                    .any(|a| !a.value.is_empty() || a.remarks.is_some())
                    .then_some("answers")
            }),
            Err(_) => None,
        }
    } else {
        match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Ok(v) => match v["format"].as_str() {
                Some(mds_core::model::RESPONSE_FORMAT) => v["answers"]
                    .as_object()
                    .is_some_and(|a| a.values().any(|x| !x["value"].is_null()))
                    .then_some("answers"),
                Some(mds_core::model::PROFILE_FORMAT) => v["requirements"]
                    .as_object()
                    .is_some_and(|r| !r.is_empty())
                    .then_some("requirements"),
                _ => None,
            },
            Err(_) => None,
        }
    };
    let Some(what) = holds else {
        return Ok(());
    };
    bail!(match lang {
        Lang::Ja => format!(
            "{} にはすでに{}が入っています。上書きすると消えるので書き出しませんでした。別のファイル名を -o で指定するか、上書きしてよければ --force を付けてください。",
            path.display(),
            if what == "answers" {
                "回答"
            } else {
                "要件"
            }
        ),
        Lang::En => format!(
            "{} already holds {what}; it was not overwritten. Give another file name with -o, or add --force to overwrite it.",
            path.display()
        ),
    })
}

/// Extensions of the files a folder of bids holds.
pub(crate) const INPUT_EXTENSIONS: [&str; 6] = ["json", "xlsx", "xlsm", "ods", "csv", "tsv"];

/// The kind of mds report the bytes are, when they are one rather than an input: a workbook by
/// its properties, a JSON report by its first key (`ranking`, `files`, `changes`, `register`).
/// Read from the bytes already read, so that a file is opened once.
pub fn report_of(bytes: &[u8]) -> Option<String> {
    if let Some(kind) = mds_core::xlsx::report_kind(bytes) {
        return Some(kind);
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]);
    let text = head.trim_start_matches('\u{feff}').trim_start();
    let key = text.strip_prefix('{')?.trim_start().strip_prefix('"')?;
    let key = key.split('"').next()?;
    matches!(key, "ranking" | "files" | "changes" | "register").then(|| key.to_string())
}

/// Names, in one notice, the mds reports of a folder that were not read as bids.
pub fn notice_reports(skipped: &[String], printer: &crate::output::Printer) {
    let lang = printer.lang();
    if skipped.is_empty() {
        return;
    }
    printer.notice(&match lang {
        Lang::Ja => format!(
            "mds のレポートなので読みませんでした: {}",
            skipped.join("、")
        ),
        Lang::En => format!("not read, as they are mds reports: {}", skipped.join(", ")),
    });
}

/// Leaves out of `files` (and their bytes) the workbooks that are mds reports: named in a notice
/// when they came from a folder, refused when named on the command line.
pub fn drop_reports(
    files: &mut Vec<PathBuf>,
    contents: &mut Vec<Vec<u8>>,
    given: &[PathBuf],
    printer: &crate::output::Printer,
) -> Result<()> {
    let lang = printer.lang();
    let mut skipped = Vec::new();
    let mut keep = Vec::new();
    for (path, bytes) in files.drain(..).zip(contents.drain(..)) {
        match report_of(&bytes) {
            None => keep.push((path, bytes)),
            Some(kind) => {
                let in_folder = path
                    .parent()
                    .is_some_and(|p| given.iter().any(|g| g.is_dir() && g == p));
                if !in_folder {
                    bail!(match lang {
                        Lang::Ja => format!(
                            "{}: mds が書いたレポート（{kind}）です。開示書（回答）ではないので比較・検査できません。事業者から届いた開示書を指定してください。",
                            path.display()
                        ),
                        Lang::En => format!(
                            "{}: a report written by mds ({kind}), not a submission; give the vendors' submissions.",
                            path.display()
                        ),
                    });
                }
                skipped.push(path.display().to_string());
            }
        }
    }
    notice_reports(&skipped, printer);
    for (path, bytes) in keep {
        files.push(path);
        contents.push(bytes);
    }
    Ok(())
}

/// A file in a folder of inputs that is never one: a signature (`.minisig`, read beside its
/// file), the lock file of a workbook open in Excel (`~$…`), a hidden file.
pub fn set_aside(name: &str) -> bool {
    name.starts_with('.') || name.starts_with("~$") || name.ends_with(".minisig")
}

/// Replaces each folder by the bids it holds (JSON and workbooks: .json .xlsx .xlsm .ods,
/// directly in it, sorted by name). Files it holds that are not inputs (other extensions, mds's
/// own reports) are named in one notice.
pub fn expand_folders(paths: &[PathBuf], printer: &crate::output::Printer) -> Result<Vec<PathBuf>> {
    let lang = printer.lang();
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            out.push(path.clone());
            continue;
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        entries.sort();
        let mut found = Vec::new();
        let mut other = Vec::new();
        for p in entries {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let input = p
                .extension()
                .is_some_and(|x| INPUT_EXTENSIONS.iter().any(|e| x.eq_ignore_ascii_case(e)));
            // Signatures, lock files of an open workbook, hidden files.
            if set_aside(&name) {
                continue;
            }
            if !input {
                other.push(name);
            } else {
                // mds's own reports among them are set aside when they are read.
                found.push(p);
            }
        }
        if !other.is_empty() {
            let parts = [match lang {
                Lang::Ja => format!("開示書でないファイル {}", other.join("、")),
                Lang::En => format!("files that are not submissions: {}", other.join(", ")),
            }];
            printer.notice(&match lang {
                Lang::Ja => format!(
                    "フォルダ {} の次のファイルは読みませんでした（{}）。",
                    path.display(),
                    parts.join("、")
                ),
                Lang::En => format!(
                    "not read in the folder {} ({})",
                    path.display(),
                    parts.join("; ")
                ),
            });
        }
        if found.is_empty() {
            anyhow::bail!(match lang {
                Lang::Ja => format!(
                    "フォルダ {} に開示書（.json .xlsx .xlsm .ods .csv）がありません。",
                    path.display()
                ),
                Lang::En => format!(
                    "the folder {} holds no submissions (.json .xlsx .xlsm .ods .csv)",
                    path.display()
                ),
            });
        }
        out.extend(found);
    }
    Ok(out)
}

/// True when the bytes are a workbook (a zip archive, a legacy Office file or a text table
/// saved as CSV), not JSON.
pub fn is_workbook(bytes: &[u8]) -> bool {
    mds_core::submission::sniff(bytes).is_workbook()
}

/// Reads a filled workbook as a response. Our workbooks are read through their stamp; others
/// through layout detection (or `layout`), with the questionnaire given (`forced`), else the
/// one in the catalog that knows the workbook's item ids.
pub fn import_file<'e>(
    path: &Path,
    bytes: &[u8],
    forced: Option<&'e Entry>,
    catalog: &Catalog,
    limits: &mds_core::xlsx::Limits,
    lang: Lang,
) -> Result<(mds_core::xlsx::Imported, std::borrow::Cow<'e, Entry>)> {
    import_file_with(path, bytes, forced, None, catalog, limits, lang)
}

/// [`import_file`] with an optional layout file.
/// The questionnaire comes back borrowed when it was given (`forced`): a large questionnaire is
/// not copied.
pub fn import_file_with<'e>(
    path: &Path,
    bytes: &[u8],
    forced: Option<&'e Entry>,
    layout: Option<&mds_core::model::Layout>,
    catalog: &Catalog,
    limits: &mds_core::xlsx::Limits,
    lang: Lang,
) -> Result<(mds_core::xlsx::Imported, std::borrow::Cow<'e, Entry>)> {
    let parsed = parse_workbook(path, bytes, layout, limits, lang, &Gate::new())?;
    import_parsed(path, &parsed, forced, catalog, lang)
}

/// Reads a workbook and finds its tables ([`mds_core::submission::parse_workbook`]).
pub fn parse_workbook(
    path: &Path,
    bytes: &[u8],
    layout: Option<&mds_core::model::Layout>,
    limits: &mds_core::xlsx::Limits,
    lang: Lang,
    strings_read: &Gate,
) -> Result<mds_core::submission::Parsed> {
    mds_core::submission::parse_workbook(
        &path.display().to_string(),
        bytes,
        layout,
        limits,
        lang,
        strings_read,
    )
    .map_err(|e| located(path, &e))
}

/// Reads the answers of a parsed workbook ([`mds_core::submission::import_parsed`]).
pub fn import_parsed<'e>(
    path: &Path,
    parsed: &mds_core::submission::Parsed,
    forced: Option<&'e Entry>,
    catalog: &Catalog,
    lang: Lang,
) -> Result<(mds_core::xlsx::Imported, std::borrow::Cow<'e, Entry>)> {
    mds_core::submission::import_parsed(&path.display().to_string(), parsed, forced, catalog, lang)
        .map_err(|e| anyhow!("{e}"))
}

/// Reads a profile given as JSON or as a profile workbook; returns it with its digest and the
/// questionnaire it refers to (`forced` wins).
pub fn read_profile<'a>(
    path: &Path,
    forced: Option<&'a Entry>,
    catalog: &Catalog,
    limits: &mds_core::xlsx::Limits,
    lang: Lang,
) -> Result<(mds_core::model::Profile, String, Cow<'a, Entry>)> {
    let bytes = read(path, lang)?;
    read_profile_bytes(path, &bytes, forced, catalog, limits, lang)
}

/// [`read_profile`] of bytes already read (so that a command reads the file once).
pub fn read_profile_bytes<'a>(
    path: &Path,
    bytes: &[u8],
    forced: Option<&'a Entry>,
    catalog: &Catalog,
    limits: &mds_core::xlsx::Limits,
    lang: Lang,
) -> Result<(mds_core::model::Profile, String, Cow<'a, Entry>)> {
    let (profile, entry) = if is_workbook(bytes) {
        let wb =
            mds_core::xlsx::read_workbook(bytes, limits, lang).map_err(|e| located(path, &e))?;
        let entry = match (forced, mds_core::xlsx::stamp(&wb)) {
            (Some(entry), _) => Cow::Borrowed(entry),
            (None, Some(stamp)) => Cow::Owned(
                resolve_pin(&stamp.id, &stamp.version, catalog, lang)
                    .map_err(|e| anyhow!("{}: {e:#}", path.display()))?,
            ),
            (None, None) => bail!(match lang {
                Lang::Ja => format!(
                    "{}: プロファイルのブックに質問票の印がありません。--questionnaire で質問票を指定してください。",
                    path.display()
                ),
                Lang::En => format!(
                    "{}: the profile workbook carries no questionnaire stamp; give it with --questionnaire.",
                    path.display()
                ),
            }),
        };
        let read = mds_core::xlsx::import_profile_workbook(&wb, &entry.questionnaire, lang);
        match read.profile {
            Some(profile) => (profile, entry),
            None => {
                let findings = read.findings;
                let list: Vec<String> = findings
                    .iter()
                    .map(|f| format!("{} [{}] {}", f.location, f.code, f.message))
                    .collect();
                bail!(
                    "{}: {}\n  {}",
                    path.display(),
                    lang.pick(
                        "プロファイルのブックに誤りがあります",
                        "the profile workbook has errors"
                    ),
                    list.join("\n  ")
                );
            }
        }
    } else {
        let profile: mds_core::model::Profile =
            mds_core::json::load_as(bytes, mds_core::schema::Kind::Profile, lang)
                .map_err(|e| located(path, &e))?;
        let entry = match forced {
            Some(entry) => Cow::Borrowed(entry),
            None => Cow::Owned(resolve_pin(
                &profile.questionnaire.id,
                &profile.questionnaire.version,
                catalog,
                lang,
            )?),
        };
        (profile, entry)
    };
    let digest = mds_core::digest::digest(&profile);
    Ok((profile, digest, entry))
}

/// Refuses a binary format on standard output.
pub fn require_output(output: Option<&Path>, what: &str, lang: Lang) -> Result<()> {
    if output.is_none() {
        bail!(match lang {
            Lang::Ja => format!("{what} 形式は -o で出力ファイルを指定してください。"),
            Lang::En => format!("the {what} format needs an output file: give -o"),
        });
    }
    Ok(())
}

/// Reads a response given as JSON or as a filled workbook, with the questionnaire it answers
/// (`forced` wins; else the pin, the stamp or the item ids).
pub fn read_response(
    path: &Path,
    forced: Option<&Entry>,
    catalog: &Catalog,
    limits: &mds_core::xlsx::Limits,
    lang: Lang,
) -> Result<(mds_core::model::Response, Entry)> {
    let bytes = read(path, lang)?;
    if is_workbook(&bytes) {
        let (imported, entry) = import_file(path, &bytes, forced, catalog, limits, lang)?;
        return Ok((imported.response, entry.into_owned()));
    }
    let response: mds_core::model::Response =
        mds_core::json::load_as(&bytes, mds_core::schema::Kind::Response, lang)
            .map_err(|e| located(path, &e))?;
    let entry = match forced {
        Some(e) => e.clone(),
        None => resolve_pin(
            &response.questionnaire.id,
            &response.questionnaire.version,
            catalog,
            lang,
        )?,
    };
    Ok((response, entry))
}

/// Reads a mapping file.
pub fn read_mapping(path: &Path, lang: Lang) -> Result<mds_core::model::Mapping> {
    let bytes = read(path, lang)?;
    mds_core::json::load_as(&bytes, mds_core::schema::Kind::Mapping, lang)
        .map_err(|e| located(path, &e))
}

/// The mapping must lead from the response's questionnaire to the target.
pub fn check_mapping(
    m: &mds_core::model::Mapping,
    r: &mds_core::model::Response,
    target: &Entry,
    lang: Lang,
) -> Result<()> {
    let from_ok = m.from.id == r.questionnaire.id && m.from.version == r.questionnaire.version;
    let to_ok = m.to.id == target.questionnaire.id && m.to.version == target.questionnaire.version;
    if from_ok && to_ok {
        return Ok(());
    }
    Err(match lang {
        Lang::Ja => anyhow!(
            "対応表は {}@{} → {}@{} 用ですが、回答は {}、行き先は {} です。合う対応表を指定してください。",
            m.from.id,
            m.from.version,
            m.to.id,
            m.to.version,
            r.questionnaire.name(),
            target.questionnaire.name()
        ),
        Lang::En => anyhow!(
            "the mapping goes from {}@{} to {}@{}, but the response answers {} and the target is {}; give a matching mapping",
            m.from.id,
            m.from.version,
            m.to.id,
            m.to.version,
            r.questionnaire.name(),
            target.questionnaire.name()
        ),
    })
}

/// A day given on the command line (`2026-12-01`, `2026/12/1`, `令和8年12月1日`) as ISO 8601.
pub fn day(text: &str, flag: &str, lang: Lang) -> Result<String> {
    mds_core::normalize::parse_date(text).ok_or_else(|| match lang {
        Lang::Ja => {
            anyhow!("{flag} {text:?} は日付として読めません（例: 2026-12-01、令和8年12月1日）。")
        }
        Lang::En => anyhow!("{flag} {text:?} is not a date (e.g. 2026-12-01)."),
    })
}

/// One row of a hospital's list of vendors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorRow {
    pub vendor: String,
    pub system: String,
    pub contact: String,
}

/// The rows of a list of vendors (CSV, as Excel saves it: UTF-8 with or without BOM, or
/// Shift_JIS), by their headings (`vendor` or 事業者・事業者名, `system` or システム・システム名,
/// `contact` or 担当者・連絡先); without headings, the columns in that order.
pub fn vendor_rows(path: &Path, lang: Lang) -> Result<Vec<VendorRow>> {
    let bytes = read(path, lang)?;
    let wb = mds_core::xlsx::read_workbook(&bytes, &mds_core::xlsx::Limits::default(), lang)
        .map_err(|e| located(path, &e))?;
    let Some(sheet) = wb.sheets.first() else {
        return Ok(Vec::new());
    };
    let rows = sheet.rows();
    let Some(&head) = rows.first() else {
        return Ok(Vec::new());
    };
    let find = |names: &[&str]| {
        (0..64u32).find(|c| {
            let t = mds_core::normalize::normalize(&sheet.text(head, *c));
            names.contains(&t.as_str())
        })
    };
    let vendor = find(&["vendor", "事業者", "事業者名", "ベンダー"]);
    let system = find(&["system", "システム", "システム名"]);
    let contact = find(&["contact", "担当者", "連絡先", "担当者・連絡先"]);
    let headed = vendor.is_some();
    let (vendor, system, contact) = (
        vendor.unwrap_or(0),
        system.unwrap_or(1),
        contact.unwrap_or(2),
    );
    Ok(rows
        .iter()
        .skip(usize::from(headed))
        .map(|r| VendorRow {
            vendor: sheet.text(*r, vendor).trim().to_string(),
            system: sheet.text(*r, system).trim().to_string(),
            contact: sheet.text(*r, contact).trim().to_string(),
        })
        .filter(|v| !v.vendor.is_empty())
        .collect())
}
