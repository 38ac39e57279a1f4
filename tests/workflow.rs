//! The release workflow (`.github/workflows/release.yml`) is a valid GitHub Actions workflow
//! (`check-jsonschema --builtin-schema vendor.github-workflows`) and passes zizmor's offline
//! audits. Both tools come from PyPI and work without a network.

use std::process::Command;

use crate::util::{required, root};

fn tool(name: &str) -> bool {
    let ok = Command::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            !required(),
            "{name} is required under CI: python3 -m pip install check-jsonschema zizmor"
        );
        eprintln!("notice: {name} not found; skipping the workflow check");
    }
    ok
}

#[test]
fn the_release_workflow_is_valid_and_passes_zizmor() {
    let workflow = root().join(".github/workflows/release.yml");
    assert!(workflow.is_file());
    if tool("check-jsonschema") {
        let out = Command::new("check-jsonschema")
            .args(["--builtin-schema", "vendor.github-workflows"])
            .arg(&workflow)
            .output()
            .unwrap_or_else(|e| panic!("check-jsonschema: {e}"));
        assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    if tool("zizmor") {
        let out = Command::new("zizmor")
            .arg("--offline")
            .arg(&workflow)
            .output()
            .unwrap_or_else(|e| panic!("zizmor: {e}"));
        assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
