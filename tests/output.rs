//! Output conventions shared by every command: `-o -` is standard output, the extension of `-o`
//! picks the format in any case, an extension a command cannot write stops it before anything is
//! written, and `--format` offers only what the command writes.

use crate::util::Sandbox;

const PROFILE: &str = "samples/profiles/hospital.json";
const BIDS: [&str; 2] = [
    "samples/responses/vendor-a.json",
    "samples/responses/vendor-b.json",
];

#[test]
fn dash_is_standard_output_for_every_command() {
    let sandbox = Sandbox::new();
    let run = sandbox
        .mds("compare")
        .args(["--profile", PROFILE, "--format", "md", "-o", "-"])
        .args(BIDS)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with('#') || run.stdout.contains("| "),
        "{}",
        run.stdout
    );
    assert!(!std::path::Path::new("-").exists(), "no file named -");
    let run = sandbox.mds("form").args(["sample-sds", "-o", "-"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["format"], "mds-response/1");
    let run = sandbox
        .mds("coverage")
        .args([BIDS[0], "--format", "json", "-o", "-"])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.json()["coverage"].is_array());
    let run = sandbox
        .mds("diff")
        .args([BIDS[0], BIDS[1], "--format", "json", "-o", "-"])
        .run();
    // 1: the two differ (as diff(1) says).
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.json();
}

#[test]
fn the_extension_picks_the_format_in_any_case() {
    let sandbox = Sandbox::new();
    for (name, starts) in [("r.HTML", "<!DOCTYPE html"), ("r.Json", "{"), ("r.txt", "")] {
        let out = sandbox.path(name);
        let run = sandbox
            .mds("compare")
            .args(["--profile", PROFILE, "-o"])
            .arg(&out)
            .args(BIDS)
            .run();
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        let text = std::fs::read_to_string(&out).unwrap_or_default();
        assert!(
            text.to_ascii_uppercase()
                .starts_with(&starts.to_ascii_uppercase()),
            "{name}: {}",
            &text[..text.len().min(80)]
        );
        if name == "r.txt" {
            assert!(!text.starts_with('{') && !text.starts_with('<'), "{text}");
        }
    }
}

#[test]
fn an_extension_a_command_cannot_write_stops_it_before_writing() {
    let sandbox = Sandbox::new();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["compare", "--profile", PROFILE, BIDS[0], "-o"],
            "x.pdf",
        ),
        (vec!["coverage", BIDS[0], "-o"], "x.xlsx"),
        (vec!["diff", BIDS[0], BIDS[1], "-o"], "x.csv"),
        (
            vec![
                "compare",
                "--profile",
                PROFILE,
                BIDS[0],
                "--format",
                "json",
                "-o",
            ],
            "x.md",
        ),
        (
            vec!["import", "samples/responses/vendor-a.json", "-o"],
            "x.xlsx",
        ),
        (vec!["profile", "show", PROFILE, "-o"], "x.pdf"),
    ];
    for (args, name) in cases {
        let out = sandbox.path(name);
        let run = sandbox.mds(args[0]).args(&args[1..]).arg(&out).run();
        assert_eq!(run.code, 2, "{args:?} {name}: {}", run.stderr);
        assert!(!out.exists(), "{args:?}: nothing written");
        assert!(
            run.stderr.contains(name),
            "{args:?}: the message names the file: {}",
            run.stderr
        );
    }
}

#[test]
fn format_lists_only_what_the_command_writes() {
    let sandbox = Sandbox::new();
    let run = sandbox
        .mds("coverage")
        .args([BIDS[0], "--format", "xlsx"])
        .run();
    assert_eq!(run.code, 2, "{}", run.stdout);
    let run = sandbox.mds("coverage").arg("--help").run();
    assert!(!run.stdout.contains("docx"), "{}", run.stdout);
}

#[test]
fn system_errors_say_what_to_do_in_the_users_language() {
    let sandbox = Sandbox::new();
    let run = sandbox
        .mds("compare")
        .args(["--profile", "no-such-profile.json", BIDS[0]])
        .run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("見つかりません"), "{}", run.stderr);
    assert!(run.stderr.contains("パス"), "{}", run.stderr);
    assert!(!run.stderr.contains("os error"), "{}", run.stderr);
    let run = sandbox
        .mds("compare")
        .args(["--lang", "en", "--profile", "no-such-profile.json", BIDS[0]])
        .run();
    assert!(
        run.stderr.contains("check its name and path"),
        "{}",
        run.stderr
    );
    let run = sandbox
        .mds("import")
        .args(["samples", "-o", "x.json"])
        .run();
    assert_eq!(run.code, 2);
    assert!(!run.stderr.contains("os error"), "{}", run.stderr);
}

/// A file that never ends (`/dev/zero`, a FIFO) is read only up to the bound, then refused.
#[cfg(unix)]
#[test]
fn an_endless_input_is_read_up_to_the_bound_only() {
    let sandbox = Sandbox::new();
    for args in [
        vec!["validate", "--max-file-mib", "1", "/dev/zero"],
        vec!["import", "--max-file-mib", "1", "/dev/zero", "-o", "x.json"],
        vec![
            "compare",
            "--max-file-mib",
            "1",
            "--profile",
            PROFILE,
            "/dev/zero",
        ],
    ] {
        let run = sandbox.mds(args[0]).args(&args[1..]).run();
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("--max-file-mib"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

/// A reader that stops early ends the run quietly; a failure to write standard output is an
/// error (exit 2), never a silent loss.
#[cfg(target_os = "linux")]
#[test]
fn standard_output_failures_are_not_swallowed() {
    use std::process::{Command, Stdio};
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap_or_else(|e| panic!("/dev/full: {e}"));
    let output = Command::new(env!("CARGO_BIN_EXE_mds"))
        .args(["compare", "--profile", PROFILE, "--format", "md"])
        .args(BIDS)
        .current_dir(crate::util::root())
        .stdout(Stdio::from(full))
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("標準出力に書き込めません"), "{stderr}");
    // A closed pipe: the reader went away after the first bytes.
    let mut child = Command::new(env!("CARGO_BIN_EXE_mds"))
        .args(["compare", "--profile", PROFILE, "--format", "html"])
        .args(BIDS)
        .current_dir(crate::util::root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"));
}
