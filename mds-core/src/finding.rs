//! Findings: what validation and import report about a document. Findings are data, not errors.

use serde::{Deserialize, Serialize};

/// Language of messages and labels. Japanese by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Lang {
    /// 日本語 (default).
    #[default]
    Ja,
    /// English.
    En,
}

impl Lang {
    /// Picks the Japanese or the English of a pair.
    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Must be fixed: the document is not valid.
    Error,
    /// Should be looked at; the document stays valid.
    Warning,
    /// For information.
    Info,
}

impl Severity {
    /// Label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Error => lang.pick("エラー", "error"),
            Severity::Warning => lang.pick("警告", "warning"),
            Severity::Info => lang.pick("情報", "info"),
        }
    }
}

/// One finding: severity, a stable kebab-case code (see `docs/findings.md`), a message that says
/// what to do, and where (`Sheet!A1` in workbooks, a JSON pointer in JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Severity.
    pub severity: Severity,
    /// Stable code, e.g. `missing-answer`.
    pub code: String,
    /// Message in the requested language.
    pub message: String,
    /// Where: a JSON pointer (`/answers/SAMPLE-AUTH-01/remarks`) or a cell (`回答!D12`).
    pub location: String,
}

impl Finding {
    /// A finding.
    pub fn new(
        severity: Severity,
        code: &str,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            severity,
            code: code.to_string(),
            message: message.into(),
            location: location.into(),
        }
    }
}

/// Builds a JSON pointer (RFC 6901) from its segments, escaping `~` and `/`.
///
/// ```
/// assert_eq!(mds_core::pointer(&["answers", "A/1", "remarks"]), "/answers/A~11/remarks");
/// ```
pub fn pointer(segments: &[&str]) -> String {
    let mut out = String::with_capacity(segments.iter().map(|s| s.len() + 1).sum());
    for s in segments {
        out.push('/');
        if s.contains(['~', '/']) {
            out.push_str(&s.replace('~', "~0").replace('/', "~1"));
        } else {
            out.push_str(s);
        }
    }
    out
}

/// True when any finding is an error.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}
