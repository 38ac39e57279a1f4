//! One helper to run `mds` in the workspace root with an isolated user catalog.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root (the samples are named relative to it).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// What a run of `mds` gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The stdout parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// A temporary folder for a test, with its own user catalog.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        std::fs::create_dir_all(dir.path().join("catalog")).unwrap_or_else(|e| panic!("{e}"));
        Sandbox { dir }
    }

    /// A path inside the sandbox.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file into the sandbox and returns its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        path
    }

    /// Runs `mds ARGS` in the workspace root with `MDS_CATALOG` pointing into the sandbox.
    pub fn run<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> Run {
        self.run_with(args, &[])
    }

    /// The same, with more environment variables (a key's password).
    fn run_with<S: AsRef<std::ffi::OsStr>>(
        &self,
        args: &[S],
        envs: &[(std::ffi::OsString, std::ffi::OsString)],
    ) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_mds"))
            .args(args)
            .current_dir(root())
            .env("MDS_CATALOG", self.path("catalog"))
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("MDS_KEY_PASSWORD")
            .envs(envs.iter().map(|(k, v)| (k, v)))
            .output()
            .unwrap_or_else(|e| panic!("cannot run mds: {e}"));
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// A run of `mds COMMAND` built argument by argument: `sandbox.mds("compare").arg(x).run()`.
    pub fn mds(&self, command: &str) -> Mds<'_> {
        Mds {
            sandbox: self,
            args: vec![command.into()],
            envs: Vec::new(),
        }
    }

    /// The names of the files in the sandbox's top folder, sorted.
    pub fn files(&self) -> Vec<String> {
        files_in(self.dir.path())
    }
}

pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// `(code, location)` pairs of the findings of the single file in a `validate --format json` run.
pub fn findings(run: &Run) -> Vec<(String, String)> {
    let json = run.json();
    let files = json["files"].as_array().cloned().unwrap_or_default();
    assert_eq!(files.len(), 1, "{}", run.stdout);
    files[0]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or_default().to_string(),
                f["location"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Shorthand for expected `(code, location)` pairs.
pub fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(c, l)| (c.to_string(), l.to_string()))
        .collect()
}

/// True when tests that need a real client must run (`CI` set): then a missing client fails.
pub fn required() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// The headless Chromium binary, or `None` (with a printed notice) on a developer machine
/// without one. Under `CI` a missing Chromium fails the test.
pub fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|p| p.join(name))
                    .find(|p| p.is_file())
            })
        });
    if found.is_none() {
        assert!(
            !required(),
            "Chromium is required under CI: install the Debian package chromium"
        );
        eprintln!("notice: Chromium not found; skipping the headless browser check");
    }
    found
}

/// The DOM of an HTML file after Chromium loaded it and ran its scripts.
pub fn dump_dom(chromium: &Path, html: &Path) -> String {
    let profile = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let url = format!("file://{}", html.display());
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", chromium.display()));
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// LibreOffice's `soffice`, or `None` (with a notice) on a developer machine without it.
pub fn soffice() -> Option<PathBuf> {
    let found = ["soffice", "libreoffice"].iter().find_map(|name| {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join(name))
                .find(|p| p.is_file())
        })
    });
    if found.is_none() {
        assert!(
            !required(),
            "LibreOffice is required under CI: install libreoffice-calc-nogui"
        );
        eprintln!("notice: LibreOffice not found; skipping the real-client round trip");
    }
    found
}

/// True when `python3` with openpyxl is available (else a notice; required under CI).
pub fn openpyxl() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            !required(),
            "python3 with openpyxl is required under CI: python3 -m pip install openpyxl"
        );
        eprintln!("notice: python3 with openpyxl not found; skipping");
    }
    ok
}

/// Runs a Python script with arguments; returns its stdout.
pub fn python(script: &str, args: &[&Path]) -> String {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let path = dir.path().join("script.py");
    std::fs::write(&path, script).unwrap_or_else(|e| panic!("{e}"));
    let output = Command::new("python3")
        .arg(&path)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("python3: {e}"));
    assert!(
        output.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Converts a file with LibreOffice headless (its own profile) into `out_dir`; returns the new file.
pub fn convert(soffice: &Path, input: &Path, target: &str, out_dir: &Path) -> PathBuf {
    convert_all(soffice, &[input.to_path_buf()], target, out_dir);
    let ext = target.split(':').next().unwrap_or(target);
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    out_dir.join(format!("{stem}.{ext}"))
}

/// A file of `../shared/realdata`, or `None` (with a notice) where it is missing; required
/// under CI.
pub fn realdata(relative: &str) -> Option<PathBuf> {
    let path = root().join("../shared/realdata").join(relative);
    if path.is_file() {
        return Some(path);
    }
    assert!(!required(), "{} is required under CI", path.display());
    eprintln!("notice: {} not found; skipping", path.display());
    None
}

/// Converts many files with one LibreOffice run (its own profile) into `out_dir`.
pub fn convert_all(soffice: &Path, inputs: &[PathBuf], target: &str, out_dir: &Path) {
    let profile = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    std::fs::create_dir_all(out_dir).unwrap_or_else(|e| panic!("{e}"));
    let output = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
        ])
        .arg(out_dir)
        .args(inputs)
        .output()
        .unwrap_or_else(|e| panic!("soffice: {e}"));
    let ext = target.split(':').next().unwrap_or(target);
    for input in inputs {
        let stem = input
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let out = out_dir.join(format!("{stem}.{ext}"));
        assert!(
            out.is_file(),
            "LibreOffice did not write {}: {}{}",
            out.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// A command line being built for [`Sandbox::mds`].
pub struct Mds<'a> {
    sandbox: &'a Sandbox,
    args: Vec<std::ffi::OsString>,
    envs: Vec<(std::ffi::OsString, std::ffi::OsString)>,
}

impl Mds<'_> {
    /// One more argument (text or a path).
    pub fn arg(mut self, arg: impl AsRef<std::ffi::OsStr>) -> Self {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    /// More arguments.
    pub fn args<I: IntoIterator<Item = S>, S: AsRef<std::ffi::OsStr>>(mut self, args: I) -> Self {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    /// One environment variable for the run.
    pub fn env(mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> Self {
        self.envs.push((key.into(), value.as_ref().to_owned()));
        self
    }

    /// Runs it (see [`Sandbox::run`]).
    pub fn run(self) -> Run {
        self.sandbox.run_with(&self.args, &self.envs)
    }
}
