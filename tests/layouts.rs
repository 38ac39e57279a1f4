//! Layouts that detection reads without a layout file. `tests/writers/cases.py` describes about
//! fifty vendor-filled workbooks, one family per kind of layout Japanese forms use (option
//! matrices, options in one cell, value and note in one cell, vendors' words and legends, rounds,
//! ids and headers, hospital columns, sheet furniture), each with its questionnaire and its
//! answer key. Three independent programs write every case (openpyxl, xlsxwriter and exceljs),
//! LibreOffice re-saves the openpyxl files as .xlsx and .ods, and `mds import` must give the
//! answer key exactly: every value, remark, round and date, the vendor, and the findings the key
//! names (or the refusal it expects).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{Sandbox, convert_all, openpyxl, required, root, soffice};

/// The writers' folder in the repository.
fn writers() -> PathBuf {
    root().join("tests/writers")
}

/// True when a Python module can be imported (else a notice; required under CI).
fn python_module(name: &str) -> bool {
    let ok = Command::new("python3")
        .args(["-c", &format!("import {name}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            !required(),
            "python3 with {name} is required under CI: python3 -m pip install {name}"
        );
        eprintln!("notice: python3 with {name} not found; skipping that writer");
    }
    ok
}

/// True when the Node writer's packages are installed (`npm ci` in tests/writers).
fn exceljs() -> bool {
    let ok = writers().join("node_modules/exceljs").is_dir()
        && Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            !required(),
            "node with exceljs is required under CI: run `npm ci` in tests/writers"
        );
        eprintln!("notice: exceljs not installed (npm ci in tests/writers); skipping that writer");
    }
    ok
}

fn run(program: &str, args: &[&std::ffi::OsStr]) -> String {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        output.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Writes every case's grid with one writer into `dir/<case>.xlsx`.
fn render(program: &str, script: &str, dir: &Path, grids: &[PathBuf]) {
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
    let script = writers().join(script);
    let mut args: Vec<&std::ffi::OsStr> = vec![script.as_os_str(), dir.as_os_str()];
    args.extend(grids.iter().map(|g| g.as_os_str()));
    run(program, &args);
}

fn json_of(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The row (1-based) of a finding's location such as `回答!D12`.
fn row_of(location: &str) -> Option<u64> {
    let cell = location.rsplit('!').next()?;
    cell.trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .ok()
}

/// What differs between an import of `file` and the case's answer key. With `layout`, the
/// import reads the workbook through that layout file instead of detecting it.
fn differences(
    sandbox: &Sandbox,
    case: &Path,
    name: &str,
    file: &Path,
    layout: Option<&Path>,
) -> Vec<String> {
    let expected = json_of(&case.join(format!("{name}.expected.json")));
    let questionnaire = case.join(format!("{name}.questionnaire.json"));
    let out = file.with_extension(if layout.is_some() {
        "layout-response.json"
    } else {
        "response.json"
    });
    let mut args = vec![
        "import".as_ref(),
        file.as_os_str(),
        "--questionnaire".as_ref(),
        questionnaire.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ];
    if let Some(l) = layout {
        args.extend(["--layout".as_ref(), l.as_os_str()]);
    }
    let r = sandbox.run(&args);
    let mut errors = Vec::new();
    let want_exit = expected["exit"].as_i64().unwrap_or(0) as i32;
    if r.code != want_exit {
        errors.push(format!(
            "exit {} (want {want_exit}): {}",
            r.code,
            r.stderr.lines().next().unwrap_or("")
        ));
        return errors;
    }
    if want_exit != 0 {
        for letter in expected["mentions"].as_array().cloned().unwrap_or_default() {
            let letter = letter.as_str().unwrap_or_default();
            if !r.stderr.contains(&format!("!{letter}")) {
                errors.push(format!(
                    "the message does not name column {letter}: {}",
                    r.stderr
                ));
            }
        }
        if !r.stderr.contains("--layout") {
            errors.push(format!("the message does not show --layout: {}", r.stderr));
        }
        if out.exists() {
            errors.push("a response was written".into());
        }
        return errors;
    }
    let got = json_of(&out);
    let answers = got["answers"].as_object().cloned().unwrap_or_default();
    let want = expected["answers"].as_object().cloned().unwrap_or_default();
    for (id, e) in &want {
        let g = answers.get(id).cloned().unwrap_or_default();
        for key in ["value", "remarks", "fields"] {
            let (ev, gv) = (&e[key], &g[key]);
            let empty =
                |v: &serde_json::Value| v.is_null() || v.as_object().is_some_and(|o| o.is_empty());
            if ev != gv && !(empty(ev) && empty(gv)) {
                errors.push(format!("{id}.{key}: want {ev} got {gv} (raw {})", g["raw"]));
            }
        }
        let rounds: Vec<serde_json::Value> = g["rounds"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|r| serde_json::json!({"label": r["label"], "value": r["value"]}))
            .collect();
        let want_rounds = e["rounds"].as_array().cloned().unwrap_or_default();
        if rounds != want_rounds {
            errors.push(format!("{id}.rounds: want {want_rounds:?} got {rounds:?}"));
        }
    }
    for id in answers.keys().filter(|id| !want.contains_key(*id)) {
        errors.push(format!("{id}: not an item of the case, but read as one"));
    }
    for (field, value) in expected["cover"].as_object().cloned().unwrap_or_default() {
        if got["cover"][&field] != value {
            errors.push(format!(
                "cover.{field}: want {value} got {}",
                got["cover"][&field]
            ));
        }
    }
    // Findings print as `FILE: LOCATION [code] message`.
    let printed: Vec<(String, u64)> = r
        .stderr
        .lines()
        .filter_map(|line| {
            let (head, rest) = line.split_once(" [")?;
            let code = rest.split(']').next()?.to_string();
            let location = head.rsplit(": ").next()?;
            Some((code, row_of(location)?))
        })
        .collect();
    for f in expected["findings"].as_array().cloned().unwrap_or_default() {
        let code = f["code"].as_str().unwrap_or_default().to_string();
        let row = f["row"].as_u64().unwrap_or(0);
        if !printed.contains(&(code.clone(), row)) {
            errors.push(format!("finding {code} at row {row} missing: {}", r.stderr));
        }
    }
    errors
}

#[test]
fn every_layout_family_imports_exactly_from_three_writers_and_libreoffice() {
    if !openpyxl() {
        return;
    }
    let sandbox = Sandbox::new();
    let case = sandbox.path("cases");
    let names: Vec<String> = serde_json::from_str(&run(
        "python3",
        &[writers().join("cases.py").as_os_str(), case.as_os_str()],
    ))
    .unwrap_or_else(|e| panic!("cases.py: {e}"));
    // Every family of layouts is there, with several members each.
    for family in ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] {
        let n = names.iter().filter(|n| n.starts_with(family)).count();
        assert!(n >= 4, "family {family} has {n} cases");
    }
    let grids: Vec<PathBuf> = names
        .iter()
        .map(|n| case.join(format!("{n}.grid.json")))
        .collect();
    let mut files: Vec<(String, String, PathBuf)> = Vec::new();
    let mut writers_run = Vec::new();
    let mut add = |writer: &str, dir: &Path| {
        writers_run.push(writer.to_string());
        for n in &names {
            files.push((writer.to_string(), n.clone(), dir.join(format!("{n}.xlsx"))));
        }
    };
    render(
        "python3",
        "write_openpyxl.py",
        &sandbox.path("openpyxl"),
        &grids,
    );
    add("openpyxl", &sandbox.path("openpyxl"));
    if python_module("xlsxwriter") {
        render(
            "python3",
            "write_xlsxwriter.py",
            &sandbox.path("xlsxwriter"),
            &grids,
        );
        add("xlsxwriter", &sandbox.path("xlsxwriter"));
    }
    if exceljs() {
        render("node", "write_exceljs.js", &sandbox.path("exceljs"), &grids);
        add("exceljs", &sandbox.path("exceljs"));
    }
    // LibreOffice re-saves what openpyxl wrote, as .xlsx and as .ods.
    if let Some(soffice) = soffice() {
        let inputs: Vec<PathBuf> = names
            .iter()
            .map(|n| sandbox.path("openpyxl").join(format!("{n}.xlsx")))
            .collect();
        for (target, ext) in [("xlsx:Calc MS Excel 2007 XML", "xlsx"), ("ods", "ods")] {
            let dir = sandbox.path(&format!("libreoffice-{ext}"));
            convert_all(&soffice, &inputs, target, &dir);
            writers_run.push(format!("libreoffice-{ext}"));
            for n in &names {
                files.push((
                    format!("libreoffice-{ext}"),
                    n.clone(),
                    dir.join(format!("{n}.{ext}")),
                ));
            }
        }
    }
    assert!(
        !required() || writers_run.len() == 5,
        "under CI every writer runs: {writers_run:?}"
    );
    let mut failures = Vec::new();
    for (writer, name, file) in &files {
        let errors = differences(&sandbox, &case, name, file, None);
        if !errors.is_empty() {
            failures.push(format!("{name} [{writer}]:\n    {}", errors.join("\n    ")));
        }
    }
    // The layout format says everything detection saw: a layout written by `mds inspect
    // --emit-layout` reads each workbook the same (the undecidable case aside: there the layout
    // is the way to choose).
    for name in &names {
        let file = sandbox.path("openpyxl").join(format!("{name}.xlsx"));
        let expected = json_of(&case.join(format!("{name}.expected.json")));
        if expected["exit"].as_i64().unwrap_or(0) != 0 {
            continue;
        }
        let layout = sandbox.path(&format!("{name}.layout.json"));
        let run = sandbox
            .mds("inspect")
            .arg(file.as_os_str())
            .arg("--emit-layout")
            .arg(layout.as_os_str())
            .args(["--format", "json"])
            .run();
        if run.code != 0 {
            failures.push(format!("{name} [inspect]: {}", run.stderr));
            continue;
        }
        let errors = differences(&sandbox, &case, name, &file, Some(&layout));
        if !errors.is_empty() {
            failures.push(format!(
                "{name} [openpyxl, through its emitted layout]:\n    {}",
                errors.join("\n    ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} workbooks differ from their answer keys:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn variations_found_by_trying_mds_as_a_new_user_import_exactly() {
    if !openpyxl() {
        return;
    }
    let sandbox = Sandbox::new();
    let dir = sandbox.path("variations");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<String> = serde_json::from_str(&run(
        "python3",
        &[writers().join("variations.py").as_os_str(), dir.as_os_str()],
    ))
    .unwrap_or_else(|e| panic!("variations.py: {e}"));
    assert!(names.len() >= 6, "{names:?}");
    let mut failures = Vec::new();
    for name in &names {
        let file = dir.join(format!("{name}.xlsx"));
        let errors = differences(&sandbox, &dir, name, &file, None);
        if !errors.is_empty() {
            failures.push(format!("{name}:\n    {}", errors.join("\n    ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A checklist saved as CSV by a spreadsheet program (LibreOffice here; Excel's "CSV (コンマ区切り)"
/// is Shift_JIS, its "CSV UTF-8" UTF-8 with a byte-order mark) imports as the workbook did: the
/// one-sheet cases of the layout families, in both encodings, with their legends, title and cover
/// lines. What CSV cannot hold is left out by the case's own description: other sheets, and
/// hidden rows and columns (a CSV file shows everything).
#[test]
fn checklists_saved_as_csv_import_exactly() {
    if !openpyxl() {
        return;
    }
    let Some(soffice) = soffice() else {
        return;
    };
    let sandbox = Sandbox::new();
    let case = sandbox.path("cases");
    let names: Vec<String> = serde_json::from_str(&run(
        "python3",
        &[writers().join("cases.py").as_os_str(), case.as_os_str()],
    ))
    .unwrap_or_else(|e| panic!("cases.py: {e}"));
    let one_sheet: Vec<&String> = names
        .iter()
        .filter(|n| {
            let grid = json_of(&case.join(format!("{n}.grid.json")));
            let sheets = grid["sheets"].as_array().cloned().unwrap_or_default();
            sheets.len() == 1
                && ["hidden_rows", "hidden_cols", "outline_rows"]
                    .iter()
                    .all(|k| sheets[0][*k].is_null())
        })
        .collect();
    assert!(one_sheet.len() >= 30, "{one_sheet:?}");
    let grids: Vec<PathBuf> = one_sheet
        .iter()
        .map(|n| case.join(format!("{n}.grid.json")))
        .collect();
    render(
        "python3",
        "write_openpyxl.py",
        &sandbox.path("openpyxl"),
        &grids,
    );
    let inputs: Vec<PathBuf> = one_sheet
        .iter()
        .map(|n| sandbox.path("openpyxl").join(format!("{n}.xlsx")))
        .collect();
    let mut failures = Vec::new();
    // Separator 44 (comma), text delimiter 34 ("), character set 76 (UTF-8) or 64 (Shift_JIS).
    for (charset, label) in [("76", "utf-8"), ("64", "shift_jis")] {
        let dir = sandbox.path(&format!("csv-{label}"));
        let target = format!("csv:Text - txt - csv (StarCalc):44,34,{charset},1");
        convert_all(&soffice, &inputs, &target, &dir);
        for name in &one_sheet {
            let file = dir.join(format!("{name}.csv"));
            let bytes = std::fs::read(&file).unwrap_or_default();
            if label == "shift_jis" {
                // Marks Shift_JIS has no code for (☐, ◉) are saved as `?`: the file itself
                // lost them (mds reports such a row, see `multiple-options`), so the key no
                // longer holds.
                let utf8 =
                    std::fs::read_to_string(sandbox.path("csv-utf-8").join(format!("{name}.csv")))
                        .unwrap_or_default();
                if encoding_rs::SHIFT_JIS.encode(&utf8).2 {
                    continue;
                }
                assert!(
                    std::str::from_utf8(&bytes).is_err() || bytes.is_ascii(),
                    "{name}: LibreOffice did not write Shift_JIS"
                );
            }
            let errors = differences(&sandbox, &case, name, &file, None);
            if !errors.is_empty() {
                failures.push(format!(
                    "{name} [csv {label}]:\n    {}",
                    errors.join("\n    ")
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} CSV files differ from their answer keys:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
