//! Printing: the CLI owns stdout and stderr; the library never prints.

use std::io::{IsTerminal, Write};

use mds_core::Lang;

/// Prints an error that stopped the work (exit code 2) to stderr.
pub fn error(lang: Lang, e: &anyhow::Error) {
    let _ = writeln!(
        std::io::stderr().lock(),
        "mds: {}: {e:#}",
        lang.pick("エラー", "error")
    );
}

/// Prints a warning to stderr.
pub fn warning(lang: Lang, message: &str) {
    let _ = writeln!(
        std::io::stderr().lock(),
        "mds: {}: {message}",
        lang.pick("警告", "warning")
    );
}

/// Writes a notice (something the user should know, not a problem) to stderr.
pub fn notice(lang: Lang, message: &str) {
    let _ = writeln!(
        std::io::stderr().lock(),
        "mds: {}: {message}",
        lang.pick("お知らせ", "notice")
    );
}

/// Writes text to stdout. A closed pipe is not an error worth reporting.
pub fn stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// True when stdout is a terminal (text by default there, JSON otherwise).
pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// Pretty JSON with a final newline.
pub fn json<T: serde::Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
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

/// The report format: `--format` wins; else the extension of `-o`; else `terminal` on a
/// terminal and `piped` otherwise.
pub fn report_format(
    explicit: Option<crate::args::ReportFormat>,
    output: Option<&std::path::Path>,
    terminal: crate::args::ReportFormat,
    piped: crate::args::ReportFormat,
) -> crate::args::ReportFormat {
    use crate::args::ReportFormat as F;
    if let Some(format) = explicit {
        return format;
    }
    let ext = output
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("json") => F::Json,
        Some("md" | "markdown") => F::Md,
        Some("html" | "htm") => F::Html,
        Some("csv") => F::Csv,
        Some("xlsx") => F::Xlsx,
        Some("docx") => F::Docx,
        Some("txt") => F::Table,
        _ if output.is_none() && stdout_is_terminal() => terminal,
        _ => piped,
    }
}
