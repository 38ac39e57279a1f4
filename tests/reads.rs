//! Every input file is opened and read once per run: the profile, each bid (JSON or workbook),
//! each signature and the key, also when bids come in a folder. Counted with strace on the real
//! process.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::util::{Sandbox, required, root};

fn strace() -> bool {
    let ok = Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            !required(),
            "strace is required under CI: apt-get install strace"
        );
        eprintln!("notice: strace not found; skipping the count of file reads");
    }
    ok
}

/// How often each file under `dir` was opened successfully by `mds ARGS`.
fn opens(sandbox: &Sandbox, dir: &Path, args: &[&std::ffi::OsStr]) -> BTreeMap<String, usize> {
    let log = sandbox.path("strace.log");
    let output = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=open,openat", "-o"])
        .arg(&log)
        .arg(env!("CARGO_BIN_EXE_mds"))
        .args(args)
        .current_dir(root())
        .env("MDS_CATALOG", sandbox.path("catalog"))
        .output()
        .unwrap_or_else(|e| panic!("strace: {e}"));
    assert!(
        output.status.code().is_some_and(|c| c <= 1),
        "mds failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    let dir = dir.display().to_string();
    let mut counts = BTreeMap::new();
    for line in text.lines() {
        let Some(start) = line.find('"') else {
            continue;
        };
        let rest = &line[start + 1..];
        let Some(end) = rest.find('"') else { continue };
        let path = &rest[..end];
        // A directory listing or a failed open is no read.
        if !path.starts_with(&dir) || line.contains("O_DIRECTORY") || line.contains("= -1") {
            continue;
        }
        *counts.entry(path.to_string()).or_insert(0) += 1;
    }
    counts
}

#[test]
fn every_input_is_opened_once() {
    if !strace() {
        return;
    }
    let sandbox = Sandbox::new();
    let bids = sandbox.path("bids");
    std::fs::create_dir_all(&bids).unwrap_or_else(|e| panic!("{e}"));
    for name in ["vendor-a.json", "vendor-b.json"] {
        std::fs::copy(root().join("samples/responses").join(name), bids.join(name))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let run = sandbox
        .mds("export")
        .arg("samples/responses/vendor-c.json")
        .arg("-o")
        .arg(bids.join("vendor-c.xlsx"))
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let key = sandbox.path("k");
    let run = sandbox
        .mds("key")
        .args(["new", "--no-password", "-o"])
        .arg(&key)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = sandbox
        .mds("seal")
        .arg(bids.join("vendor-a.json"))
        .arg("--secret-key")
        .arg(sandbox.path("k.key"))
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let profile = sandbox.path("profile.json");
    std::fs::copy(root().join("samples/profiles/hospital.json"), &profile)
        .unwrap_or_else(|e| panic!("{e}"));
    let public = sandbox.path("k.pub");
    let out = sandbox.path("report.json");
    let counts = opens(
        &sandbox,
        sandbox.dir.path(),
        &[
            "compare".as_ref(),
            "--profile".as_ref(),
            profile.as_os_str(),
            "--public-key".as_ref(),
            public.as_os_str(),
            bids.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ],
    );
    for file in [
        profile.clone(),
        public.clone(),
        bids.join("vendor-a.json"),
        bids.join("vendor-a.json.minisig"),
        bids.join("vendor-b.json"),
        bids.join("vendor-c.xlsx"),
    ] {
        let name = file.display().to_string();
        assert_eq!(counts.get(&name), Some(&1), "{name} in {counts:?}");
    }
    let counts = opens(
        &sandbox,
        sandbox.dir.path(),
        &[
            "validate".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
            "--public-key".as_ref(),
            public.as_os_str(),
            bids.as_os_str(),
        ],
    );
    for file in [
        bids.join("vendor-a.json"),
        bids.join("vendor-b.json"),
        bids.join("vendor-c.xlsx"),
    ] {
        let name = file.display().to_string();
        assert_eq!(counts.get(&name), Some(&1), "{name} in {counts:?}");
    }
}
