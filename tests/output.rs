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

/// `--help` of every command, and clap's argument errors, speak Japanese by default and English
/// with `--lang en` or `MDS_LANG=en`; no argument is left without its Japanese help.
#[test]
fn help_and_argument_errors_speak_japanese_by_default() {
    let sandbox = Sandbox::new();
    let japanese = |s: &str| {
        s.chars().any(|c| {
            ('\u{3040}'..='\u{30ff}').contains(&c) || ('\u{4e00}'..='\u{9fff}').contains(&c)
        })
    };
    let commands = [
        "catalog",
        "catalog show",
        "form",
        "validate",
        "schema",
        "import",
        "export",
        "inspect",
        "questionnaire extract",
        "diff",
        "migrate",
        "prefill",
        "coverage",
        "key new",
        "seal",
        "verify",
        "profile new",
        "profile import",
        "profile show",
        "compare",
        "app",
        "register",
    ];
    for command in commands {
        let words: Vec<&str> = command.split(' ').collect();
        let run = sandbox.mds(words[0]).args(&words[1..]).arg("--help").run();
        assert_eq!(run.code, 0, "{command}: {}", run.stderr);
        let help = &run.stdout;
        assert!(
            help.contains(&format!("使い方: mds {command}")),
            "{command}: {help}"
        );
        for english in [
            "Usage:",
            "Options:",
            "Arguments:",
            "Print help",
            "[default:",
            "possible values",
        ] {
            assert!(!help.contains(english), "{command}: {english} in {help}");
        }
        // Every option and argument says what it is in Japanese.
        for line in help.lines().filter(|l| {
            let t = l.trim_start();
            t.starts_with('-') || t.starts_with('<')
        }) {
            assert!(japanese(line), "{command}: untranslated: {line}");
        }
        let run = sandbox
            .mds(words[0])
            .args(&words[1..])
            .args(["--help", "--lang", "en"])
            .run();
        assert!(
            run.stdout.contains("Usage: mds"),
            "{command}: {}",
            run.stdout
        );
    }
    let run = sandbox.mds("compare").arg("--bogus").run();
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--bogus という引数はありません"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--help"), "{}", run.stderr);
    let run = sandbox
        .mds("compare")
        .args(["--format", "pdf", "x.json"])
        .run();
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("使える値") && run.stderr.contains("html"),
        "{}",
        run.stderr
    );
    let run = sandbox.mds("comapre").run();
    assert!(
        run.stderr.contains("compare のことですか"),
        "{}",
        run.stderr
    );
    let run = sandbox
        .mds("compare")
        .arg("--bogus")
        .env("MDS_LANG", "en")
        .run();
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unexpected argument"), "{}", run.stderr);
}

/// The terminal ranking fits a console of 120 columns, however long the names, and shows how
/// many items each vendor still has to be judged on.
#[test]
fn the_terminal_ranking_fits_120_columns() {
    let sandbox = Sandbox::new();
    let root = crate::util::root();
    let mut bids = Vec::new();
    for (i, sample) in ["a", "b", "c", "d"].iter().enumerate() {
        let text =
            std::fs::read_to_string(root.join(format!("samples/responses/vendor-{sample}.json")))
                .unwrap_or_default();
        let mut bid: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        bid["cover"]["vendor"] =
            format!("とても長い名前の医療情報システム開発販売株式会社第{i}事業本部（架空）").into();
        bids.push(sandbox.write(
            &format!("{sample}.json"),
            serde_json::to_vec(&bid).unwrap_or_default(),
        ));
    }
    let run = sandbox
        .mds("compare")
        .args([
            "--profile",
            "samples/profiles/hospital.json",
            "--format",
            "table",
        ])
        .args(&bids)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    for line in run.stdout.lines() {
        assert!(mds_core::display::width(line) <= 120, "{line}");
    }
    assert!(run.stdout.contains("要判定"), "{}", run.stdout);
}
