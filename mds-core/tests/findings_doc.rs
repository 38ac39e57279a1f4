//! Every finding code the library and the CLI can emit is documented in `docs/findings.md`.

use std::path::PathBuf;

/// Kebab-case string literals on lines that build findings or errors.
fn codes_in(source: &str) -> Vec<String> {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let builds =
            line.contains("Severity::") || line.contains("code: \"") || line.contains("fatal(\"");
        // The code stands on the same line or, after formatting, on the next one.
        let next = if line.contains("Severity::") {
            lines.get(i + 1).copied().unwrap_or("")
        } else {
            ""
        };
        let candidates = format!("{line}\n{next}");
        if !builds {
            continue;
        }
        for part in candidates.split('"').skip(1).step_by(2) {
            let kebab = part.contains('-')
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if kebab {
                out.push(part.to_string());
            }
        }
    }
    out
}

#[test]
fn every_finding_code_is_documented() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let doc = std::fs::read_to_string(root.join("docs/findings.md")).unwrap_or_default();
    let sources = [
        "mds-core/src/validate.rs",
        "mds-core/src/json.rs",
        "mds-core/src/error.rs",
        "mds-cli/src/commands/validate.rs",
    ];
    let mut seen = 0;
    for file in sources {
        let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
        for code in codes_in(&text) {
            seen += 1;
            assert!(
                doc.contains(&format!("`{code}`")),
                "{code} (from {file}) is not in docs/findings.md"
            );
        }
    }
    assert!(
        seen > 20,
        "the scan found only {seen} codes: the pattern no longer matches the sources"
    );
}
