//! Benchmarks against real baselines, interleaved in one run (`cargo bench -p mds-core --bench
//! perf`, or `bench/run.sh`). Not part of the test suite.
//!
//! Cases, each measured in a child process of this binary (so that peak memory is the case's own):
//! - `import-20k` / `import-400`: mds reading a filled 20,000-item (400-item) workbook into a
//!   response (bounded reader + import);
//! - `floor-20k`: calamine reading every cell of the same file (the floor);
//! - `openpyxl-20k`: Python openpyxl `load_workbook` + iterating every cell (what users script
//!   today), timed inside Python;
//! - `validate-1000`: reading and validating 1,000 responses (400 items);
//! - `compare-1000` / `compare-100`: comparing 1,000 (100) vendors × 400 items, summary JSON;
//! - `parse-1000`: just parsing the same 1,000 JSON files (the floor of compare);
//! - `load-1000`: mds reading the same files as responses (checked and typed), compare's first step;
//! - `foreign-import-20k`: the whole `mds import FILE --questionnaire Q -o OUT` process (release
//!   binary from `MDS_BIN`, default `target/release/mds`) on a 20,000-item workbook nobody wrote for
//!   mds (layout detection, vendors' words, notes in answer cells);
//! - `foreign-lib-20k`: the library calls of that import (read, detect, import);
//! - `foreign-floor-20k`: calamine reading every cell of the same file;
//! - `foreign-openpyxl-20k`: openpyxl in read-only mode iterating every cell of it;
//! - `compare-1000-process`: the whole `mds compare BIDS --profile P --questionnaire Q --format
//!   json -o OUT` process on the 1,000 JSON bids (floor: `parse-1000`);
//! - `compare-200-xlsx-process`: the same on 200 filled workbooks of our form (400 items);
//! - `floor-200-xlsx`: calamine reading every cell of those 200 files (its floor).
//! - `register-1000-process`: the whole `mds register BIDS --format json` process on the 1,000
//!   JSON bids (floor: `validate-1000-process`, `mds validate` of the same files).
//!
//! Every case is also timed from outside its child process, so that a whole `mds` process can be
//! held to a floor that is a whole process too (the "process" column).

#![allow(clippy::print_stdout, clippy::print_stderr)] // a benchmark reports on the terminal

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use mds_core::Lang;

/// The allocator of the `mds` binary, so that library calls and floors run as they do there.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use mds_core::model::*;

fn questionnaire(n: usize) -> Questionnaire {
    let catalog = mds_core::catalog::Catalog::builtin();
    let mut q = catalog
        .resolve("sample-sds")
        .cloned()
        .unwrap_or_else(|| unreachable!());
    q.id = format!("bench-{n}");
    let template = q.sections[0].items[0].clone();
    let per = 50;
    q.sections = (0..n.div_ceil(per))
        .map(|s| Section {
            id: format!("S{s}"),
            title: Text::new(format!("セクション {s}"), format!("Section {s}")),
            references: vec![Reference { source: "GL6.0".into(), at: s.to_string() }],
            items: (0..per.min(n - s * per))
                .map(|i| {
                    let mut item = template.clone();
                    item.id = format!("B-{s}-{i}");
                    item.text = Text::new(format!("ベンチマーク用の質問 {s}-{i}。情報セキュリティの管理策を実施しているか。"), "");
                    item
                })
                .collect(),
        })
        .collect();
    q
}

fn response(q: &Questionnaire, seed: usize) -> Response {
    let mut answers = Answers::default();
    for (k, (_, item)) in q.items().enumerate() {
        let code = ["yes", "yes", "no", "na"][(k * 7 + seed) % 4];
        let mut a = Answer {
            value: AnswerValue::Text(code.into()),
            ..Answer::default()
        };
        if code != "yes" {
            a.remarks = Some(format!("理由 {seed}-{k}: 次期更新で対応予定"));
        }
        answers.insert(item.id.clone(), a);
    }
    Response {
        format: RESPONSE_FORMAT.into(),
        questionnaire: Pin {
            id: q.id.clone(),
            version: q.version.clone(),
            digest: None,
        },
        cover: [("vendor".to_string(), format!("ベンダー{seed:04}"))]
            .into_iter()
            .collect(),
        answers,
    }
}

fn profile(q: &Questionnaire) -> Profile {
    Profile {
        format: PROFILE_FORMAT.into(),
        questionnaire: ProfileQuestionnaire {
            id: q.id.clone(),
            version: q.version.clone(),
        },
        title: None,
        requirements: q
            .items()
            .enumerate()
            .map(|(k, (_, i))| {
                (
                    i.id.clone(),
                    Requirement {
                        expect: vec!["yes".into(), "na".into()],
                        importance: [
                            Importance::Critical,
                            Importance::Standard,
                            Importance::Minor,
                        ][k % 3],
                        must: k % 50 == 0,
                        flag: None,
                        note: None,
                    },
                )
            })
            .collect(),
        sections: Default::default(),
        points: None,
        na: NaRule::Expect,
        planned: Default::default(),
        adjudications: Default::default(),
    }
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// A foreign workbook of the 20,000-item questionnaire, as a hospital-made checklist writes it:
/// a title, the vendor beside its label, a legend, chapter banners, 項番 | 確認項目 | 回答 | 備考,
/// answers in vendors' words with notes in the same cell, no mds stamp.
fn foreign_workbook(q: &Questionnaire) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let _ = ws.set_name("チェックリスト");
    let mut put = |r: u32, c: u16, v: &str| {
        let _ = ws.write_string(r, c, v);
    };
    put(0, 0, "情報セキュリティ確認表（ベンチマーク用）");
    put(1, 0, "事業者名");
    put(1, 1, "株式会社ベンチマーク");
    put(2, 0, "凡例：○＝はい　×＝いいえ　－＝対象外");
    for (c, h) in ["項番", "確認項目", "回答", "備考"].iter().enumerate() {
        put(4, c as u16, h);
    }
    let words = [
        "はい",
        "いいえ：次期更新で対応",
        "対象外",
        "○",
        "対応済み",
        "×",
        "Yes",
        "－",
    ];
    let mut r = 5;
    for (s, section) in q.sections.iter().enumerate() {
        put(r, 0, &format!("第{}章 {}", s + 1, section.title.ja));
        r += 1;
        for (k, item) in section.items.iter().enumerate() {
            put(r, 0, &item.id);
            put(r, 1, &item.text.ja);
            put(r, 2, words[(s * 7 + k) % words.len()]);
            if k % 3 == 0 {
                put(r, 3, &format!("補足 {s}-{k}"));
            }
            r += 1;
        }
    }
    wb.save_to_buffer().unwrap_or_default()
}

/// Writes the inputs once.
fn prepare(dir: &Path) {
    let q = questionnaire(20_000);
    write(&dir.join("foreign-20000.xlsx"), &foreign_workbook(&q));
    for n in [400usize, 20_000] {
        let q = questionnaire(n);
        let r = response(&q, 1);
        let digest = mds_core::digest::digest(&q);
        let xlsx = mds_core::xlsx::write_form(&q, &digest, Some(&r), Lang::Ja).unwrap_or_default();
        write(&dir.join(format!("form-{n}.xlsx")), &xlsx);
        write(
            &dir.join(format!("q-{n}.json")),
            &serde_json::to_vec(&q).unwrap_or_default(),
        );
    }
    let q = questionnaire(400);
    write(
        &dir.join("profile-400.json"),
        &serde_json::to_vec(&profile(&q)).unwrap_or_default(),
    );
    let xbids = dir.join("xbids");
    std::fs::create_dir_all(&xbids).unwrap_or_else(|e| panic!("{e}"));
    let digest = mds_core::digest::digest(&q);
    for v in 0..200 {
        let r = response(&q, v);
        let xlsx = mds_core::xlsx::write_form(&q, &digest, Some(&r), Lang::Ja).unwrap_or_default();
        write(&xbids.join(format!("v{v:03}.xlsx")), &xlsx);
    }
    let bids = dir.join("bids");
    std::fs::create_dir_all(&bids).unwrap_or_else(|e| panic!("{e}"));
    for v in 0..1000 {
        write(
            &bids.join(format!("v{v:04}.json")),
            &serde_json::to_vec_pretty(&response(&q, v)).unwrap_or_default(),
        );
    }
}

fn load_q(dir: &Path, n: usize) -> Questionnaire {
    serde_json::from_slice(&std::fs::read(dir.join(format!("q-{n}.json"))).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"))
}

fn bid_paths(dir: &Path, n: usize) -> Vec<PathBuf> {
    (0..n)
        .map(|v| dir.join("bids").join(format!("v{v:04}.json")))
        .collect()
}

/// calamine reading every cell of a workbook (the floor of an import); the measured seconds.
fn calamine_floor(path: &Path) -> f64 {
    use calamine::Reader;
    let t = Instant::now();
    let bytes = std::fs::read(path).unwrap_or_default();
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut cells = 0usize;
    for name in wb.sheet_names() {
        if let Ok(range) = wb.worksheet_range(&name) {
            cells += range.used_cells().count();
        }
    }
    assert!(cells > 20_000);
    t.elapsed().as_secs_f64()
}

/// Runs one case in this process; returns the measured seconds.
fn run_case(case: &str, dir: &Path) -> f64 {
    match case {
        "import-20k" | "import-400" => {
            let n = if case.ends_with("20k") { 20_000 } else { 400 };
            let q = load_q(dir, n);
            let digest = mds_core::digest::digest(&q);
            let t = Instant::now();
            let bytes = std::fs::read(dir.join(format!("form-{n}.xlsx"))).unwrap_or_default();
            let wb =
                mds_core::xlsx::read_workbook(&bytes, &mds_core::xlsx::Limits::default(), Lang::Ja)
                    .unwrap_or_else(|e| panic!("{e}"));
            let imported = mds_core::xlsx::import_workbook(&wb, &q, &digest, Lang::Ja);
            assert_eq!(imported.response.answers.len(), n);
            t.elapsed().as_secs_f64()
        }
        "foreign-import-20k" => {
            // The whole process, as a user runs it: `mds import FILE --questionnaire Q -o OUT`.
            let mds = std::env::var_os("MDS_BIN").unwrap_or_else(|| "target/release/mds".into());
            let out = dir.join("foreign-20000.json");
            let t = Instant::now();
            let status = Command::new(&mds)
                .arg("import")
                .arg(dir.join("foreign-20000.xlsx"))
                .arg("--questionnaire")
                .arg(dir.join("q-20000.json"))
                .arg("-o")
                .arg(&out)
                .env("MDS_CATALOG", dir.join("no-catalog"))
                .stderr(std::process::Stdio::null())
                .status()
                .unwrap_or_else(|e| panic!("{}: {e}", Path::new(&mds).display()));
            let secs = t.elapsed().as_secs_f64();
            assert!(status.success(), "mds import failed");
            secs
        }
        "foreign-lib-20k" => {
            // The library calls of the same import: read, detect, import.
            let q = load_q(dir, 20_000);
            let digest = mds_core::digest::digest(&q);
            let t = Instant::now();
            let bytes = std::fs::read(dir.join("foreign-20000.xlsx")).unwrap_or_default();
            let wb =
                mds_core::xlsx::read_workbook(&bytes, &mds_core::xlsx::Limits::default(), Lang::Ja)
                    .unwrap_or_else(|e| panic!("{e}"));
            let detected = mds_core::xlsx::detect(&wb, false);
            let imported = mds_core::xlsx::import_detected(&wb, &detected, &q, &digest, Lang::Ja);
            assert_eq!(imported.response.answers.len(), 20_000);
            t.elapsed().as_secs_f64()
        }
        "foreign-floor-20k" => calamine_floor(&dir.join("foreign-20000.xlsx")),
        "compare-1000-process" | "compare-200-xlsx-process" => {
            let mds = std::env::var_os("MDS_BIN").unwrap_or_else(|| "target/release/mds".into());
            let bids = if case.contains("xlsx") {
                "xbids"
            } else {
                "bids"
            };
            let t = Instant::now();
            let status = Command::new(&mds)
                .arg("compare")
                .arg(dir.join(bids))
                .arg("--profile")
                .arg(dir.join("profile-400.json"))
                .arg("--questionnaire")
                .arg(dir.join("q-400.json"))
                .args(["--format", "json", "-o"])
                .arg(dir.join(format!("{case}.json")))
                .env("MDS_CATALOG", dir.join("no-catalog"))
                .stderr(std::process::Stdio::null())
                .status()
                .unwrap_or_else(|e| panic!("{}: {e}", Path::new(&mds).display()));
            let secs = t.elapsed().as_secs_f64();
            assert!(status.success(), "mds compare failed");
            secs
        }
        "register-1000-process" | "validate-1000-process" => {
            // The register of the 1,000 JSON bids, against validating the same files, both as
            // a user runs them (the bids' questionnaire installed in the catalog).
            let mds = std::env::var_os("MDS_BIN").unwrap_or_else(|| "target/release/mds".into());
            let catalog = dir.join("catalog-400");
            std::fs::create_dir_all(&catalog).unwrap_or_else(|e| panic!("{e}"));
            if !catalog.join("q-400.json").is_file() {
                std::fs::copy(dir.join("q-400.json"), catalog.join("q-400.json"))
                    .unwrap_or_else(|e| panic!("{e}"));
            }
            let out = std::fs::File::create(dir.join(format!("{case}.json")))
                .unwrap_or_else(|e| panic!("{e}"));
            let mut command = Command::new(&mds);
            if case.starts_with("register") {
                command.arg("register").arg(dir.join("bids"));
            } else {
                command.arg("validate").arg(dir.join("bids"));
            }
            let t = Instant::now();
            let status = command
                .args(["--format", "json"])
                .env("MDS_CATALOG", &catalog)
                .stdout(out)
                .stderr(std::process::Stdio::null())
                .status()
                .unwrap_or_else(|e| panic!("{}: {e}", Path::new(&mds).display()));
            let secs = t.elapsed().as_secs_f64();
            assert!(status.code().is_some_and(|c| c <= 1), "mds {case} failed");
            secs
        }
        "floor-200-xlsx" => {
            use calamine::Reader;
            let t = Instant::now();
            let mut cells = 0usize;
            for v in 0..200 {
                let bytes = std::fs::read(dir.join("xbids").join(format!("v{v:03}.xlsx")))
                    .unwrap_or_default();
                let mut wb: calamine::Xlsx<_> =
                    calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
                        .unwrap_or_else(|e| panic!("{e}"));
                for name in wb.sheet_names() {
                    if let Ok(range) = wb.worksheet_range(&name) {
                        cells += range.used_cells().count();
                    }
                }
            }
            assert!(cells > 200 * 400);
            t.elapsed().as_secs_f64()
        }
        "foreign-openpyxl-20k" => {
            let script = "import sys, time, openpyxl\nt=time.perf_counter()\nwb=openpyxl.load_workbook(sys.argv[1], read_only=True)\nn=0\nfor ws in wb.worksheets:\n    for row in ws.iter_rows():\n        for c in row:\n            n += c.value is not None\nprint(time.perf_counter()-t)\n";
            let out = Command::new("python3")
                .arg("-c")
                .arg(script)
                .arg(dir.join("foreign-20000.xlsx"))
                .output();
            out.ok()
                .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
                .unwrap_or(f64::NAN)
        }
        "floor-20k" => calamine_floor(&dir.join("form-20000.xlsx")),
        "openpyxl-20k" => {
            let script = "import sys, time, openpyxl\nt=time.perf_counter()\nwb=openpyxl.load_workbook(sys.argv[1])\nn=0\nfor ws in wb.worksheets:\n    for row in ws.iter_rows():\n        for c in row:\n            n += c.value is not None\nprint(time.perf_counter()-t)\n";
            let out = Command::new("python3")
                .arg("-c")
                .arg(script)
                .arg(dir.join("form-20000.xlsx"))
                .output();
            out.ok()
                .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
                .unwrap_or(f64::NAN)
        }
        "validate-1000" => {
            let q = load_q(dir, 400);
            let digest = mds_core::digest::digest(&q);
            let t = Instant::now();
            let mut errors = 0;
            for p in bid_paths(dir, 1000) {
                let bytes = std::fs::read(p).unwrap_or_default();
                let r: Response =
                    mds_core::json::load_as(&bytes, mds_core::schema::Kind::Response, Lang::Ja)
                        .unwrap_or_else(|e| panic!("{e}"));
                errors += mds_core::validate::validate_response(&r, &q, &digest, Lang::Ja).len();
            }
            assert!(
                errors > 0,
                "the generated bids leave some cover fields empty"
            );
            t.elapsed().as_secs_f64()
        }
        "compare-1000" | "compare-100" => {
            let n = if case.ends_with("1000") { 1000 } else { 100 };
            let q = load_q(dir, 400);
            let digest = mds_core::digest::digest(&q);
            let t = Instant::now();
            let p: Profile = serde_json::from_slice(
                &std::fs::read(dir.join("profile-400.json")).unwrap_or_default(),
            )
            .unwrap_or_else(|e| panic!("{e}"));
            // As `mds compare` does: read the files, then read and validate them on all cores.
            let paths = bid_paths(dir, n);
            let files: Vec<Vec<u8>> = paths
                .iter()
                .map(|p| std::fs::read(p).unwrap_or_default())
                .collect();
            let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            let inputs: Vec<mds_core::submission::Input<'_>> = names
                .iter()
                .zip(&files)
                .map(|(name, bytes)| mds_core::submission::Input {
                    name,
                    bytes,
                    signature: None,
                })
                .collect();
            let catalog = mds_core::catalog::Catalog::default();
            let entry = mds_core::catalog::Entry {
                questionnaire: q.clone(),
                origin: mds_core::catalog::Origin::BuiltIn,
                digest: digest.clone(),
            };
            let mut options = mds_core::submission::Options::new(&catalog);
            options.questionnaire = Some(&entry);
            // Each bid scored on the core that read it, as `mds compare` does.
            let vendors = mds_core::submission::load_each(&inputs, &options, |i, loaded| {
                let s = loaded.unwrap_or_else(|e| panic!("{e}"));
                let bid = mds_core::score::Bid {
                    source: &names[i],
                    response: &s.response,
                    errors: 0,
                    warnings: 0,
                    signature: None,
                    held: &[],
                };
                mds_core::score::score_bid_with(&q, &p, &bid, false)
            })
            .unwrap_or_else(|e| panic!("{e}"));
            let claimants: Vec<mds_core::score::Claimant<'_>> = vendors
                .iter()
                .map(|v| mds_core::score::Claimant {
                    source: &v.source,
                    sha256: None,
                    vendor: &v.vendor,
                })
                .collect();
            let claims = mds_core::score::claims(&p, &claimants);
            let comparison = mds_core::score::rank_results(vendors, &claims);
            let provenance = mds_core::report::Provenance {
                mds_version: "bench".into(),
                questionnaire: mds_core::report::QuestionnaireRef {
                    id: q.id.clone(),
                    version: q.version.clone(),
                    digest,
                },
                profile: None,
                inputs: Vec::new(),
            };
            let report = mds_core::report::CompareReport {
                questionnaire: &q,
                profile: &p,
                comparison: &comparison,
                provenance: &provenance,
                lang: Lang::Ja,
                detail: false,
            };
            let json = mds_core::report::json(&report);
            assert!(json.len() > 100);
            t.elapsed().as_secs_f64()
        }
        "load-1000" => {
            let t = Instant::now();
            let mut n = 0usize;
            for p in bid_paths(dir, 1000) {
                let bytes = std::fs::read(p).unwrap_or_default();
                let r: Response =
                    mds_core::json::load_as(&bytes, mds_core::schema::Kind::Response, Lang::Ja)
                        .unwrap_or_else(|e| panic!("{e}"));
                n += r.answers.len();
            }
            assert_eq!(n, 400_000);
            t.elapsed().as_secs_f64()
        }
        "parse-1000" => {
            let t = Instant::now();
            let mut n = 0usize;
            for p in bid_paths(dir, 1000) {
                let bytes = std::fs::read(p).unwrap_or_default();
                let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
                n += v["answers"].as_object().map(|m| m.len()).unwrap_or(0);
            }
            assert_eq!(n, 400_000);
            t.elapsed().as_secs_f64()
        }
        other => panic!("unknown case {other}"),
    }
}

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(pos) = args.iter().position(|a| a == "--case") {
        let case = &args[pos + 1];
        let dir = PathBuf::from(&args[pos + 2]);
        let secs = run_case(case, &dir);
        println!("{secs} {}", peak_kib());
        return;
    }
    let rounds: usize = std::env::var("MDS_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let dir = std::env::temp_dir().join("mds-bench");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("preparing inputs in {} ...", dir.display());
    prepare(&dir);
    let cases = [
        "import-20k",
        "floor-20k",
        "openpyxl-20k",
        "import-400",
        "validate-1000",
        "compare-1000",
        "compare-100",
        "parse-1000",
        "foreign-import-20k",
        "foreign-lib-20k",
        "foreign-floor-20k",
        "foreign-openpyxl-20k",
        "compare-1000-process",
        "compare-200-xlsx-process",
        "floor-200-xlsx",
        "register-1000-process",
        "validate-1000-process",
    ];
    // MDS_BENCH_CASES=import-20k,floor-20k runs only those cases (the table keeps every row).
    let only: Option<Vec<String>> = std::env::var("MDS_BENCH_CASES")
        .ok()
        .map(|v| v.split(',').map(|c| c.trim().to_string()).collect());
    let me = std::env::current_exe().unwrap_or_default();
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); cases.len()];
    let mut peaks: Vec<u64> = vec![0; cases.len()];
    let mut outer: Vec<Vec<f64>> = vec![Vec::new(); cases.len()];
    for round in 0..rounds {
        eprintln!("round {}/{rounds}", round + 1);
        for (i, case) in cases.iter().enumerate() {
            if only.as_ref().is_some_and(|o| !o.iter().any(|c| c == case)) {
                times[i].push(f64::NAN);
                outer[i].push(f64::NAN);
                continue;
            }
            let started = Instant::now();
            let out = Command::new(&me)
                .args(["--case", case])
                .arg(&dir)
                .output()
                .unwrap_or_else(|e| panic!("{e}"));
            let text = String::from_utf8_lossy(&out.stdout);
            let mut parts = text.split_whitespace();
            let secs: f64 = parts
                .next()
                .and_then(|s| s.parse().ok())
                .unwrap_or(f64::NAN);
            let peak: u64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
            times[i].push(secs);
            outer[i].push(started.elapsed().as_secs_f64());
            peaks[i] = peaks[i].max(peak);
        }
    }
    println!("| case | median seconds | as a process | peak memory (MiB) |");
    println!("|---|---|---|---|");
    let m: Vec<f64> = times.iter().map(|t| median(t.clone())).collect();
    let o: Vec<f64> = outer.iter().map(|t| median(t.clone())).collect();
    let whole = |case: &str| case.ends_with("-process") || case == "foreign-import-20k";
    for (i, case) in cases.iter().enumerate() {
        let peak = if case.contains("openpyxl") || whole(case) {
            "-".to_string()
        } else {
            format!("{:.1}", peaks[i] as f64 / 1024.0)
        };
        println!("| {case} | {:.4} | {:.4} | {peak} |", m[i], o[i]);
    }
    let at = |case: &str| cases.iter().position(|c| *c == case).unwrap_or(0);
    let med = |case: &str| m[at(case)];
    let proc_ = |case: &str| o[at(case)];
    println!();
    println!(
        "- import-20k / floor-20k = {:.2} (target ≤ 1.5)",
        med("import-20k") / med("floor-20k")
    );
    println!(
        "- openpyxl-20k / import-20k = {:.1} (target ≥ 10)",
        med("openpyxl-20k") / med("import-20k")
    );
    println!(
        "- compare-1000 (library calls) / parse-1000 = {:.2}",
        med("compare-1000") / med("parse-1000")
    );
    println!(
        "- compare-1000-process / parse-1000 = {:.2} (target ≤ 1.3); against parse-1000 as a process: {:.2}",
        med("compare-1000-process") / med("parse-1000"),
        med("compare-1000-process") / proc_("parse-1000")
    );
    println!(
        "- compare-200-xlsx-process / floor-200-xlsx = {:.2} (target ≤ 1.5); against the floor as a process: {:.2}",
        med("compare-200-xlsx-process") / med("floor-200-xlsx"),
        med("compare-200-xlsx-process") / proc_("floor-200-xlsx")
    );
    println!(
        "- foreign-import-20k (whole process) / foreign-floor-20k = {:.2} (target ≤ 1.5); against the floor as a process: {:.2}; library calls only: {:.2}",
        med("foreign-import-20k") / med("foreign-floor-20k"),
        med("foreign-import-20k") / proc_("foreign-floor-20k"),
        med("foreign-lib-20k") / med("foreign-floor-20k")
    );
    println!(
        "- register-1000-process / validate-1000-process = {:.2} (target ≤ 1.5)",
        med("register-1000-process") / med("validate-1000-process")
    );
    println!(
        "- foreign-openpyxl-20k (read-only) / foreign-import-20k = {:.1} (target ≥ 7)",
        med("foreign-openpyxl-20k") / med("foreign-import-20k")
    );
    println!(
        "- per item: import-20k / 20000 = {:.2} µs, import-400 / 400 = {:.2} µs",
        med("import-20k") / 20_000.0 * 1e6,
        med("import-400") / 400.0 * 1e6
    );
    println!(
        "- per vendor: compare-1000 / 1000 = {:.3} ms, compare-100 / 100 = {:.3} ms",
        med("compare-1000"),
        med("compare-100") * 10.0
    );
}
