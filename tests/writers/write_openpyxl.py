#!/usr/bin/env python3
"""Render mds layout-detection test grids (from cases.py) to .xlsx with openpyxl.

    python3 write_openpyxl.py GRID.json OUT.xlsx
    python3 write_openpyxl.py OUTDIR GRID1.json GRID2.json ...   (writes OUTDIR/<case>.xlsx)

Limits of openpyxl, and what this writer does instead:
  * a formula cannot be stored with its cached value (openpyxl writes <f> without <v>), so a
    formula cell is written as its cached value `v`, a plain value, and the formula is lost;
  * a filtered row is only a hidden row inside the autofilter range (no filter criteria).
"""

import datetime
import json
import os
import sys

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "yyyy/m/d"


def render(grid, out):
    wb = Workbook()
    wb.remove(wb.active)
    for sd in grid["sheets"]:
        ws = wb.create_sheet(sd["name"])
        if sd.get("hidden"):
            ws.sheet_state = "hidden"
        for cell in sd["cells"]:
            c = ws.cell(row=cell["r"], column=cell["c"])
            if "date" in cell:
                c.value = datetime.date.fromisoformat(cell["date"])
                c.number_format = DATE_FORMAT
            else:
                # "formula": openpyxl cannot store a cached value, so the cached value is
                # written as a plain value (see the header comment).
                v = cell["v"]
                c.value = v
                if isinstance(v, str):
                    c.data_type = "s"  # never read "=..." text as a formula
                    if "\n" in v:
                        c.alignment = WRAP
        for m in sd.get("merges", []):
            ws.merge_cells(m)
        for col, w in sd.get("widths", {}).items():
            ws.column_dimensions[col].width = w
        for ci in sd.get("hidden_cols", []):
            ws.column_dimensions[get_column_letter(ci)].hidden = True
        for r in sd.get("hidden_rows", []):
            ws.row_dimensions[r].hidden = True
        for g in sd.get("outline_rows", []):
            for r in range(g["from"], g["to"] + 1):
                rd = ws.row_dimensions[r]
                rd.outline_level = 1
                if g.get("collapsed"):
                    rd.hidden = True
            if g.get("collapsed"):
                ws.row_dimensions[g["to"] + 1].collapsed = True
        if sd.get("freeze"):
            ws.freeze_panes = sd["freeze"]
        if sd.get("autofilter"):
            ws.auto_filter.ref = sd["autofilter"]
        if sd.get("print_titles_rows"):
            ws.print_title_rows = sd["print_titles_rows"]
        for v in sd.get("validations", []):
            dv = DataValidation(type="list", formula1=v["list"], allow_blank=True)
            dv.add(v["sqref"])
            ws.add_data_validation(dv)
    wb.save(out)


def main(argv):
    if len(argv) == 2 and argv[0].endswith(".json") and not os.path.isdir(argv[0]):
        pairs = [(argv[0], argv[1])]
    elif len(argv) >= 2 and os.path.isdir(argv[0]):
        pairs = [(g, os.path.join(argv[0], os.path.basename(g).removesuffix(".json")
                                  .removesuffix(".grid") + ".xlsx")) for g in argv[1:]]
    else:
        sys.exit("usage: write_openpyxl.py GRID.json OUT.xlsx | OUTDIR GRID.json...")
    for src, out in pairs:
        with open(src, encoding="utf-8") as f:
            render(json.load(f), out)


if __name__ == "__main__":
    main(sys.argv[1:])
