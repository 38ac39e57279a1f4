#!/usr/bin/env python3
"""Self-check of the writers: does each rendered .xlsx hold what its grid says?

    python3 check_render.py GRIDDIR XLSXDIR [XLSXDIR...]

For every GRIDDIR/<case>.grid.json, opens XLSXDIR/<case>.xlsx with openpyxl (twice: for the
formulas and for the cached values) and compares sheets, cell values and types (booleans,
dates, formulas with cached values, line breaks with wrap), merges, hidden rows and columns,
outline levels, freeze panes, autofilter and print titles. Prints one line per problem and
'N passed, N failed' at the end; exits 1 on any failure. Needs openpyxl.
"""

import datetime
import glob
import json
import os
import sys

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter


def check(grid, path):
    problems = []
    wbf = load_workbook(path)  # formulas
    wbv = load_workbook(path, data_only=True)  # cached values
    names = [s["name"] for s in grid["sheets"]]
    if wbf.sheetnames != names:
        return [f"sheets {wbf.sheetnames} != {names}"]
    for sd in grid["sheets"]:
        wf, wv = wbf[sd["name"]], wbv[sd["name"]]
        where = sd["name"]
        if (wf.sheet_state == "hidden") != bool(sd.get("hidden")):
            problems.append(f"{where}: sheet_state {wf.sheet_state}")
        want = {(c["r"], c["c"]): c for c in sd["cells"]}
        for (r, c), cell in want.items():
            fc, vc = wf.cell(r, c), wv.cell(r, c)
            ref = f"{where}!{get_column_letter(c)}{r}"
            if "date" in cell:
                d = datetime.date.fromisoformat(cell["date"])
                if not (isinstance(vc.value, datetime.datetime) and vc.value.date() == d):
                    problems.append(f"{ref}: date {vc.value!r} != {d}")
                continue
            v = cell["v"]
            if "formula" in cell:
                is_formula = isinstance(fc.value, str) and fc.value.startswith("=")
                if is_formula and fc.value != cell["formula"]:
                    problems.append(f"{ref}: formula {fc.value!r} != {cell['formula']!r}")
                if vc.value != v:
                    problems.append(f"{ref}: cached {vc.value!r} != {v!r}")
                continue
            got = vc.value
            if type(got) is not type(v) and not (
                    isinstance(v, (int, float)) and not isinstance(v, bool)
                    and isinstance(got, (int, float)) and not isinstance(got, bool)):
                problems.append(f"{ref}: type {type(got).__name__} {got!r} != {v!r}")
            elif got != v:
                problems.append(f"{ref}: {got!r} != {v!r}")
            elif isinstance(v, str) and "\n" in v and not vc.alignment.wrap_text:
                problems.append(f"{ref}: line break without wrap")
        for (r, c), fc in ((k, wv.cell(*k)) for k in _filled(wv)):
            if (r, c) not in want:
                problems.append(f"{where}!{get_column_letter(c)}{r}: unexpected {fc.value!r}")
        merges = sorted(str(m) for m in wf.merged_cells.ranges)
        if merges != sorted(sd.get("merges", [])):
            problems.append(f"{where}: merges {merges} != {sorted(sd.get('merges', []))}")
        hidden = set(sd.get("hidden_rows", []))
        levels = {}
        for g in sd.get("outline_rows", []):
            for r in range(g["from"], g["to"] + 1):
                levels[r] = 1
                if g.get("collapsed"):
                    hidden.add(r)
        got_hidden = {r for r, d in wf.row_dimensions.items() if d.hidden}
        if got_hidden != hidden:
            problems.append(f"{where}: hidden rows {sorted(got_hidden)} != {sorted(hidden)}")
        got_levels = {r: d.outline_level for r, d in wf.row_dimensions.items() if d.outline_level}
        if got_levels != levels:
            problems.append(f"{where}: outline {got_levels} != {levels}")
        hc = {get_column_letter(c) for c in sd.get("hidden_cols", [])}
        got_hc = set()
        for k, d in wf.column_dimensions.items():
            if d.hidden:
                got_hc |= {get_column_letter(i) for i in range(d.min or 0, (d.max or 0) + 1)
                           if i} or {k}
        if got_hc != hc:
            problems.append(f"{where}: hidden cols {sorted(got_hc)} != {sorted(hc)}")
        if (wf.freeze_panes or None) != sd.get("freeze"):
            problems.append(f"{where}: freeze {wf.freeze_panes} != {sd.get('freeze')}")
        if (wf.auto_filter.ref or None) != sd.get("autofilter"):
            problems.append(f"{where}: autofilter {wf.auto_filter.ref} != {sd.get('autofilter')}")
        pt = wf.print_title_rows
        want_pt = sd.get("print_titles_rows")
        if want_pt and (pt or "").replace("$", "") != want_pt:
            problems.append(f"{where}: print titles {pt} != {want_pt}")
    return problems


def _filled(ws):
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None and c.value != "":
                yield (c.row, c.column)


def main(argv):
    if len(argv) < 2:
        sys.exit("usage: check_render.py GRIDDIR XLSXDIR [XLSXDIR...]")
    grids = sorted(glob.glob(os.path.join(argv[0], "*.grid.json")))
    passed = failed = 0
    for xdir in argv[1:]:
        for g in grids:
            case = os.path.basename(g).removesuffix(".grid.json")
            path = os.path.join(xdir, case + ".xlsx")
            with open(g, encoding="utf-8") as f:
                grid = json.load(f)
            try:
                problems = check(grid, path)
            except Exception as e:  # noqa: BLE001 - report and go on
                problems = [f"cannot open: {e!r}"]
            if problems:
                failed += 1
                for p in problems[:10]:
                    print(f"{path}: {p}")
            else:
                passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
