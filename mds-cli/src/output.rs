//! Printing: the CLI owns stdout and stderr; the library never prints.

use std::io::{IsTerminal, Write};

use mds_core::Lang;

/// Where a command's words go, in the run's language: its result to standard output, its
/// warnings, notices and errors to standard error (as uv's printer). Commands receive one in
/// their [`crate::context::Context`] rather than writing to the streams themselves, so that a
/// caller can collect what a command says instead of printing it ([`Printer::captured`]).
#[derive(Clone)]
pub struct Printer {
    lang: Lang,
    sink: Sink,
}

#[derive(Clone)]
enum Sink {
    /// The process's standard output and standard error.
    Streams,
    /// Kept in memory.
    #[cfg_attr(not(test), allow(dead_code))]
    Captured(std::sync::Arc<std::sync::Mutex<Captured>>),
}

/// What a captured printer was given.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Captured {
    /// What went to standard output.
    pub out: Vec<u8>,
    /// What went to standard error, one line each, with its `mds: 警告:` head.
    pub err: Vec<String>,
}

impl Printer {
    /// A printer to the process's streams.
    pub fn new(lang: Lang) -> Self {
        Printer {
            lang,
            sink: Sink::Streams,
        }
    }

    /// A printer that keeps everything in memory, and the place where it does.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn captured(lang: Lang) -> (Self, std::sync::Arc<std::sync::Mutex<Captured>>) {
        let store = std::sync::Arc::new(std::sync::Mutex::new(Captured::default()));
        (
            Printer {
                lang,
                sink: Sink::Captured(store.clone()),
            },
            store,
        )
    }

    /// The language of the run.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// An error that stopped the work (exit code 2).
    pub fn error(&self, e: &anyhow::Error) {
        self.line(format!("mds: {}: {e:#}", self.lang.pick("エラー", "error")));
    }

    /// A warning: something about the inputs the user should look at.
    pub fn warning(&self, message: &str) {
        self.line(format!(
            "mds: {}: {message}",
            self.lang.pick("警告", "warning")
        ));
    }

    /// A notice: something the user should know, not a problem.
    pub fn notice(&self, message: &str) {
        self.line(format!(
            "mds: {}: {message}",
            self.lang.pick("お知らせ", "notice")
        ));
    }

    /// A line to standard error. Characters a reader cannot see (ESC, BEL, a bidirectional
    /// override arriving in a vendor name or a cell) are shown as markers, terminal or not.
    pub fn line(&self, line: String) {
        let line = match mds_core::display::visible(&line) {
            std::borrow::Cow::Borrowed(_) => line,
            std::borrow::Cow::Owned(shown) => shown,
        };
        match &self.sink {
            Sink::Streams => {
                let _ = writeln!(std::io::stderr().lock(), "{line}");
            }
            Sink::Captured(store) => {
                if let Ok(mut c) = store.lock() {
                    c.err.push(line);
                }
            }
        }
    }

    /// Text for people to standard output (a table, a list of findings): characters a reader
    /// cannot see are shown as markers. Documents (JSON, a report file) go through
    /// [`Printer::bytes`] or [`Printer::out`] as they are.
    pub fn text(&self, text: &str) {
        self.out(&mds_core::display::visible(text));
    }

    /// Text to standard output, as it is. A reader that stops early (a closed pipe, `mds … | head`)
    /// ends the run quietly; any other failure to write (a full disk behind a redirection)
    /// ends it with exit code 2 and says why, never a silent loss.
    pub fn out(&self, text: &str) {
        if let Err(e) = self.write_out(text.as_bytes()) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            self.line(format!(
                "mds: {}: {}",
                self.lang.pick(
                    "標準出力に書き込めません",
                    "cannot write to standard output"
                ),
                os_error(&e, self.lang)
            ));
            std::process::exit(crate::Exit::Failed as i32);
        }
    }

    /// A command's output file written to standard output (`-o -`): a reader that stops early
    /// ends the command quietly; any other failure is an error.
    pub fn bytes(&self, bytes: &[u8]) -> anyhow::Result<()> {
        match self.write_out(bytes) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(anyhow::anyhow!(
                "{}: {}",
                self.lang.pick(
                    "標準出力に書き込めません",
                    "cannot write to standard output"
                ),
                os_error(&e, self.lang)
            )),
        }
    }

    fn write_out(&self, bytes: &[u8]) -> std::io::Result<()> {
        match &self.sink {
            Sink::Streams => {
                let mut out = std::io::stdout().lock();
                out.write_all(bytes).and_then(|()| out.flush())
            }
            Sink::Captured(store) => {
                if let Ok(mut c) = store.lock() {
                    c.out.extend_from_slice(bytes);
                }
                Ok(())
            }
        }
    }

    /// True when standard output is a terminal (text by default there, JSON otherwise).
    pub fn is_terminal(&self) -> bool {
        matches!(self.sink, Sink::Streams) && std::io::stdout().is_terminal()
    }
}

/// Pretty JSON with a final newline.
pub fn json<T: serde::Serialize>(value: &T) -> String {
    json_in(value, 0)
}

/// [`json`] written into room for `room` bytes made at once: a large document is not copied
/// as its text grows (room it does not use costs no memory).
pub fn json_in<T: serde::Serialize>(value: &T, room: usize) -> String {
    let mut text = Vec::with_capacity(room.max(128));
    if serde_json::to_writer_pretty(&mut text, value).is_err() {
        return "\n".to_string();
    }
    text.push(b'\n');
    // serde_json writes UTF-8 only.
    String::from_utf8(text).unwrap_or_default()
}

/// [`json_in`] of a response, its answers (most of a large response) written on the cores there
/// are, each part in its place: the same text as [`json`] gives.
pub fn response_json(response: &mds_core::model::Response, room: usize) -> String {
    /// Fewer answers than this a core are written on one.
    const PER_CORE: usize = 4096;
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    response_json_in(response, room, cores.min(response.answers.len() / PER_CORE))
}

/// [`response_json`] in `parts` parts (on one core when fewer than two).
fn response_json_in(response: &mds_core::model::Response, room: usize, parts: usize) -> String {
    let n = response.answers.len();
    if parts < 2 || n == 0 {
        return json_in(response, room);
    }
    // The response without its answers ends `"answers": {}` at the end of the outermost object.
    let shell = json(&mds_core::model::Response {
        format: response.format.clone(),
        questionnaire: response.questionnaire.clone(),
        cover: response.cover.clone(),
        answers: Default::default(),
    });
    let Some(head) = shell.strip_suffix("{}\n}\n") else {
        return json_in(response, room);
    };
    let all = response.answers.as_slice();
    let chunk = n.div_ceil(parts);
    let parts = n.div_ceil(chunk);
    let write_part = |k: usize| -> Option<Vec<u8>> {
        let part = all.get_range(k * chunk..((k + 1) * chunk).min(n))?;
        let mut out = Vec::with_capacity(room / parts);
        for (i, (id, answer)) in part.iter().enumerate() {
            out.extend_from_slice(if k == 0 && i == 0 {
                b"\n    "
            } else {
                b",\n    "
            });
            serde_json::to_writer(&mut out, id).ok()?;
            out.extend_from_slice(b": ");
            let mut nested = serde_json::Serializer::with_formatter(&mut out, Indented::at(2));
            serde::Serialize::serialize(answer, &mut nested).ok()?;
        }
        Some(out)
    };
    let written: Vec<Option<Vec<u8>>> = std::thread::scope(|scope| {
        let write_part = &write_part;
        let others: Vec<_> = (1..parts)
            .map(|k| std::thread::Builder::new().spawn_scoped(scope, move || write_part(k)))
            .collect();
        let mut written = vec![write_part(0)];
        // A part whose thread could not start or stopped is written again in one go below.
        written.extend(
            others
                .into_iter()
                .map(|h| h.ok().and_then(|h| h.join().ok().flatten())),
        );
        written
    });
    let mut text = Vec::with_capacity(room.max(head.len() + 16));
    text.extend_from_slice(head.as_bytes());
    text.push(b'{');
    for part in written {
        match part {
            Some(part) => text.extend_from_slice(&part),
            None => return json_in(response, room),
        }
    }
    text.extend_from_slice(b"\n  }\n}\n");
    String::from_utf8(text).unwrap_or_else(|_| json_in(response, room))
}

/// serde_json's pretty form (two spaces a level) started at a given depth: a value written
/// inside an object that another writer opened.
struct Indented {
    depth: usize,
    has_value: bool,
}

impl Indented {
    fn at(depth: usize) -> Self {
        Indented {
            depth,
            has_value: false,
        }
    }

    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> std::io::Result<()> {
        for _ in 0..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(bracket)
    }

    fn next<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Display width of a string in a terminal: East Asian wide characters count two columns.
pub fn width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Pads `text` with spaces to `columns` display columns.
pub fn pad(text: &str, columns: usize) -> String {
    let w = width(text);
    format!("{text}{}", " ".repeat(columns.saturating_sub(w)))
}

/// An output format of a command: the file extensions it is written with.
pub trait OutputFormat: clap::ValueEnum + Copy + PartialEq + 'static {
    /// Extensions (lower case, without the dot) of files in this format.
    fn extensions(self) -> &'static [&'static str];
}

impl OutputFormat for crate::args::ReportFormat {
    fn extensions(self) -> &'static [&'static str] {
        use crate::args::ReportFormat as F;
        match self {
            F::Table => &["txt"],
            F::Json => &["json"],
            F::Md => &["md", "markdown"],
            F::Html => &["html", "htm"],
            F::Csv => &["csv"],
            F::Xlsx => &["xlsx"],
            F::Docx => &["docx"],
        }
    }
}

impl OutputFormat for crate::args::RegisterFormat {
    fn extensions(self) -> &'static [&'static str] {
        use crate::args::RegisterFormat as F;
        match self {
            F::Table => &["txt"],
            F::Json => &["json"],
            F::Md => &["md", "markdown"],
            F::Html => &["html", "htm"],
            F::Csv => &["csv"],
            F::Xlsx => &["xlsx"],
        }
    }
}

impl OutputFormat for crate::args::DiffFormat {
    fn extensions(self) -> &'static [&'static str] {
        use crate::args::DiffFormat as F;
        match self {
            F::Text => &["txt"],
            F::Json => &["json"],
            F::Md => &["md", "markdown"],
            F::Html => &["html", "htm"],
        }
    }
}

impl OutputFormat for crate::args::CoverageFormat {
    fn extensions(self) -> &'static [&'static str] {
        use crate::args::CoverageFormat as F;
        match self {
            F::Table => &["txt"],
            F::Json => &["json"],
            F::Md => &["md", "markdown"],
            F::Csv => &["csv"],
        }
    }
}

/// True when `-o` names standard output (`-o -`).
pub fn is_stdout(path: &std::path::Path) -> bool {
    path.as_os_str() == "-"
}

/// The extension of an output file, in lower case (none for `-o -`).
fn extension_of(output: Option<&std::path::Path>) -> Option<String> {
    output
        .filter(|p| !is_stdout(p))
        .and_then(|p| p.extension())
        .map(|e| e.to_string_lossy().to_lowercase())
}

/// The output format of a command: `--format`, else the extension of `-o` (in any case:
/// `d.HTML` is HTML), else `terminal` on a terminal and `piped` otherwise. An extension the
/// command cannot write, or one that contradicts `--format`, stops the command (exit 2) before
/// anything is written.
pub fn output_format<F: OutputFormat>(
    explicit: Option<F>,
    output: Option<&std::path::Path>,
    terminal: F,
    piped: F,
    printer: &Printer,
) -> anyhow::Result<F> {
    let lang = printer.lang();
    let ext = extension_of(output);
    let by_ext = ext.as_deref().map(|e| {
        F::value_variants()
            .iter()
            .copied()
            .find(|f| f.extensions().contains(&e))
    });
    let name = |f: F| {
        f.to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    };
    match (explicit, by_ext) {
        (_, Some(None)) => {
            let known: Vec<String> = F::value_variants()
                .iter()
                .flat_map(|f| f.extensions().iter().map(|e| format!(".{e}")))
                .collect();
            let path = output.map(|p| p.display().to_string()).unwrap_or_default();
            anyhow::bail!(match lang {
                Lang::Ja => format!(
                    "{path} には書き出せません（このコマンドが書ける拡張子: {}）。ファイル名の拡張子を直してください。",
                    known.join(" ")
                ),
                Lang::En => format!(
                    "cannot write {path}: this command writes {}; change the file name's extension",
                    known.join(" ")
                ),
            })
        }
        (Some(f), Some(Some(g))) if f != g => {
            let path = output.map(|p| p.display().to_string()).unwrap_or_default();
            anyhow::bail!(match lang {
                Lang::Ja => format!(
                    "--format {} と出力ファイル {path} の拡張子が合いません。どちらかを直してください。",
                    name(f)
                ),
                Lang::En => format!(
                    "--format {} does not match the extension of {path}; change one of them",
                    name(f)
                ),
            })
        }
        (Some(f), _) => Ok(f),
        (None, Some(Some(g))) => Ok(g),
        (None, None) if output.is_none() && printer.is_terminal() => Ok(terminal),
        (None, None) => Ok(piped),
    }
}

/// Stops (exit 2) when an output file of a command that writes one kind of file has another
/// extension (`-o -` is always accepted).
pub fn expect_extension(
    path: &std::path::Path,
    allowed: &[&str],
    lang: Lang,
) -> anyhow::Result<()> {
    match extension_of(Some(path)) {
        Some(e) if !allowed.contains(&e.as_str()) => {
            let list: Vec<String> = allowed.iter().map(|a| format!(".{a}")).collect();
            anyhow::bail!(match lang {
                Lang::Ja => format!(
                    "{} には書き出せません。このコマンドは {} のファイルを書きます。ファイル名の拡張子を直してください。",
                    path.display(),
                    list.join(" か ")
                ),
                Lang::En => format!(
                    "cannot write {}: this command writes {} files; change the file name's extension",
                    path.display(),
                    list.join(" or ")
                ),
            })
        }
        _ => Ok(()),
    }
}

/// What an operating system error means for the user and what to do, in their language (no
/// bare "(os error 2)").
pub fn os_error(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    let said = match e.kind() {
        K::NotFound => Some(lang.pick(
            "ファイルまたはフォルダが見つかりません。名前と場所（パス）を確かめてください。",
            "no such file or folder; check its name and path.",
        )),
        K::PermissionDenied => Some(lang.pick(
            "アクセスする権限がありません。Excel などほかのプログラムで開いていれば閉じ、ファイルの権限を確かめてください。",
            "permission denied; close the file in other programs (Excel) and check its permissions.",
        )),
        K::IsADirectory => Some(lang.pick(
            "フォルダです。ファイルを指定してください。",
            "this is a folder; give a file.",
        )),
        K::NotADirectory => Some(lang.pick(
            "パスの途中にフォルダでないものがあります。パスを確かめてください。",
            "a part of the path is not a folder; check the path.",
        )),
        K::StorageFull => Some(lang.pick(
            "ディスクの空きがありません。空きを作ってからやり直してください。",
            "the disk is full; free some space and try again.",
        )),
        K::ReadOnlyFilesystem => Some(lang.pick(
            "書き込みできない場所です。別のフォルダを指定してください。",
            "the location is read-only; choose another folder.",
        )),
        K::AlreadyExists => Some(lang.pick(
            "同じ名前のファイルがすでにあります。",
            "a file of that name already exists.",
        )),
        _ => None,
    };
    match said {
        Some(text) => text.to_string(),
        None => match lang {
            Lang::Ja => format!("システムのエラーです（{e}）。"),
            Lang::En => format!("system error ({e})."),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A response written in parts on several cores is the text written in one go, whatever
    /// its answers hold.
    #[test]
    fn a_response_written_in_parts_is_the_same_text() {
        use mds_core::model::{Answer, AnswerValue, FieldValue, Pin, Response, Round};
        let mut answers = mds_core::model::Answers::default();
        for k in 0..257usize {
            let value = match k % 5 {
                0 => AnswerValue::Text("yes".into()),
                1 => AnswerValue::Codes(vec!["a".into(), "b\"c".into()]),
                2 => AnswerValue::Number(k as f64 / 3.0),
                3 => AnswerValue::Codes(Vec::new()),
                _ => AnswerValue::Null,
            };
            let mut a = Answer {
                value,
                ..Answer::default()
            };
            if k % 3 == 0 {
                a.remarks = Some(format!("備考 {k}\n改行\t\u{1}"));
            }
            if k % 4 == 0 {
                a.fields
                    .insert("checked_on".into(), FieldValue::Text("2027-03-31".into()));
                a.fields.insert("n".into(), FieldValue::Number(1.5));
            }
            if k % 7 == 0 {
                a.rounds.push(Round {
                    label: "1回目".into(),
                    value: AnswerValue::Text("no".into()),
                    fields: Default::default(),
                });
                a.confirmed = Some(false);
                a.planned = Some("2027-03-31".into());
                a.raw = Some("はい（予定）".into());
            }
            answers.insert(format!("A-{k}\u{3000}\""), a);
        }
        let response = Response {
            format: "mds-response/1".into(),
            questionnaire: Pin {
                id: "q".into(),
                version: "1".into(),
                digest: Some("sha256:00".into()),
            },
            cover: [("vendor".to_string(), "株式会社\"X\"".to_string())]
                .into_iter()
                .collect(),
            answers,
        };
        let whole = json(&response);
        for parts in [1, 2, 3, 8, 300] {
            assert_eq!(response_json_in(&response, 0, parts), whole, "{parts}");
        }
        assert_eq!(response_json(&response, 1 << 20), whole);
    }

    /// A command run with a captured printer says everything to it and nothing to the streams:
    /// its result, its notices and its warnings, in the run's language.
    #[test]
    fn a_captured_printer_holds_what_a_command_says() {
        let (printer, said) = Printer::captured(Lang::Ja);
        let ctx = crate::context::Context::with_printer(printer.clone());
        let exit = crate::commands::schema::run(
            crate::args::SchemaArgs {
                name: "response".into(),
            },
            &ctx,
        );
        assert!(matches!(exit, Ok(crate::Exit::Done)));
        crate::io::notice_reports(&["a.xlsx".into()], &ctx.printer);
        printer.warning("注意");
        assert!(printer.bytes(b"{}").is_ok());
        assert!(!printer.is_terminal());
        let said = said.lock().map(|s| s.clone()).unwrap_or_default();
        let out = String::from_utf8_lossy(&said.out);
        assert!(
            out.starts_with('{') && out.contains("mds-response/1"),
            "{out}"
        );
        assert!(out.ends_with("{}"));
        assert_eq!(said.err.len(), 2, "{:?}", said.err);
        assert!(said.err[0].starts_with("mds: お知らせ: ") && said.err[0].contains("a.xlsx"));
        assert_eq!(said.err[1], "mds: 警告: 注意");
    }
}
