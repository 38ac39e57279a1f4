#!/usr/bin/env python3
"""Render mds layout-detection test grids (from cases.py) to .xlsx with xlsxwriter.

    python3 write_xlsxwriter.py GRID.json OUT.xlsx
    python3 write_xlsxwriter.py OUTDIR GRID1.json GRID2.json ...   (writes OUTDIR/<case>.xlsx)

xlsxwriter stores formulas with their cached values, real booleans, dates with a date format,
merges, outlines (collapsed groups), freeze panes, autofilters, print titles and list
validations. Limits: a filtered row is only a hidden row inside the autofilter range (no filter
criteria); the first sheet cannot be hidden (cases.py never hides it).
"""

import datetime
import json
import os
import re
import sys

import xlsxwriter
from xlsxwriter.utility import xl_cell_to_rowcol


def col_index(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def render(grid, out):
    wb = xlsxwriter.Workbook(out, {"strings_to_numbers": False, "strings_to_formulas": False,
                                   "strings_to_urls": False})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    datef = wb.add_format({"num_format": "yyyy/m/d"})
    for sd in grid["sheets"]:
        ws = wb.add_worksheet(sd["name"])
        if sd.get("hidden"):
            ws.hide()
        cells = {(c["r"], c["c"]): c for c in sd["cells"]}

        def write(cell, r0, c0):
            if "date" in cell:
                ws.write_datetime(r0, c0, datetime.datetime.fromisoformat(cell["date"]), datef)
                return
            v = cell.get("v")
            if "formula" in cell:
                ws.write_formula(r0, c0, cell["formula"], None, v)
            elif isinstance(v, bool):
                ws.write_boolean(r0, c0, v)
            elif isinstance(v, (int, float)):
                ws.write_number(r0, c0, v)
            else:
                ws.write_string(r0, c0, v, wrap if "\n" in v else None)

        for m in sd.get("merges", []):
            a, b = m.split(":")
            r1, c1 = xl_cell_to_rowcol(a)
            r2, c2 = xl_cell_to_rowcol(b)
            ws.merge_range(r1, c1, r2, c2, "")
        for (r, c), cell in cells.items():
            write(cell, r - 1, c - 1)  # overwrites the merge's blank top-left cell
        hidden_cols = set(sd.get("hidden_cols", []))
        widths = {col_index(k): w for k, w in sd.get("widths", {}).items()}
        for ci in sorted(set(widths) | hidden_cols):
            ws.set_column(ci - 1, ci - 1, widths.get(ci), None, {"hidden": ci in hidden_cols})
        rows = {}
        for r in sd.get("hidden_rows", []):
            rows.setdefault(r, {})["hidden"] = True
        for g in sd.get("outline_rows", []):
            for r in range(g["from"], g["to"] + 1):
                o = rows.setdefault(r, {})
                o["level"] = 1
                if g.get("collapsed"):
                    o["hidden"] = True
            if g.get("collapsed"):
                rows.setdefault(g["to"] + 1, {})["collapsed"] = True
        for r, o in sorted(rows.items()):
            ws.set_row(r - 1, None, None, o)
        if sd.get("freeze"):
            ws.freeze_panes(sd["freeze"])
        if sd.get("autofilter"):
            ws.autofilter(sd["autofilter"])
        if sd.get("print_titles_rows"):
            a, b = (int(x) for x in sd["print_titles_rows"].split(":"))
            ws.repeat_rows(a - 1, b - 1)
        for v in sd.get("validations", []):
            ws.data_validation(v["sqref"], {"validate": "list", "source": "=" + v["list"]})
    wb.close()


def main(argv):
    if len(argv) == 2 and argv[0].endswith(".json") and not os.path.isdir(argv[0]):
        pairs = [(argv[0], argv[1])]
    elif len(argv) >= 2 and os.path.isdir(argv[0]):
        pairs = [(g, os.path.join(argv[0], re.sub(r"(\.grid)?\.json$", "", os.path.basename(g))
                                  + ".xlsx")) for g in argv[1:]]
    else:
        sys.exit("usage: write_xlsxwriter.py GRID.json OUT.xlsx | OUTDIR GRID.json...")
    for src, out in pairs:
        with open(src, encoding="utf-8") as f:
            render(json.load(f), out)


if __name__ == "__main__":
    main(sys.argv[1:])
