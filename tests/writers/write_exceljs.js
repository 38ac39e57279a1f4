#!/usr/bin/env node
// Render mds layout-detection test grids (from cases.py) to .xlsx with exceljs (Node 20).
//
//   node write_exceljs.js GRID.json OUT.xlsx
//   node write_exceljs.js OUTDIR GRID1.json GRID2.json ...   (writes OUTDIR/<case>.xlsx)
//
// Needs `npm ci` in this folder (package.json, package-lock.json). exceljs stores formulas
// with their cached results, real booleans, dates with a date format, merges, outlines,
// freeze panes, autofilters, print titles and list validations. Limits: a filtered row is only
// a hidden row inside the autofilter range (no filter criteria); exceljs derives the
// "collapsed" flag itself (it sets collapsed="1" on every row of outline level 1, in folded and
// open groups alike, and never on the row below a group), so a collapsed group is just hidden
// rows of outline level 1; exceljs writes <autoFilter> but not the _xlnm._FilterDatabase name
// (Excel shows the filter; LibreOffice drops it on load).
'use strict';
const fs = require('fs');
const path = require('path');
const ExcelJS = require('exceljs');

const WRAP = { wrapText: true, vertical: 'top' };
const DATE_FORMAT = 'yyyy/m/d';

function colIndex(letters) {
  let n = 0;
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

function splitRef(ref) {
  const m = /^([A-Z]+)(\d+)$/.exec(ref);
  return { c: colIndex(m[1]), r: Number(m[2]) };
}

async function render(grid, out) {
  const wb = new ExcelJS.Workbook();
  for (const sd of grid.sheets) {
    const ws = wb.addWorksheet(sd.name);
    if (sd.hidden) ws.state = 'hidden';
    for (const m of sd.merges || []) ws.mergeCells(m);
    for (const cell of sd.cells) {
      const c = ws.getCell(cell.r, cell.c);
      if (cell.date !== undefined) {
        const [y, mo, d] = cell.date.split('-').map(Number);
        c.value = new Date(Date.UTC(y, mo - 1, d));
        c.numFmt = DATE_FORMAT;
      } else if (cell.formula !== undefined) {
        c.value = { formula: cell.formula.replace(/^=/, ''), result: cell.v };
      } else {
        c.value = cell.v;
        if (typeof cell.v === 'string' && cell.v.includes('\n')) c.alignment = WRAP;
      }
    }
    for (const [letters, w] of Object.entries(sd.widths || {})) ws.getColumn(letters).width = w;
    for (const ci of sd.hidden_cols || []) ws.getColumn(ci).hidden = true;
    for (const r of sd.hidden_rows || []) ws.getRow(r).hidden = true;
    let outlined = false;
    for (const g of sd.outline_rows || []) {
      outlined = true;
      for (let r = g.from; r <= g.to; r++) {
        const row = ws.getRow(r);
        row.outlineLevel = 1;
        if (g.collapsed) row.hidden = true;
      }
    }
    if (outlined) ws.properties.outlineLevelRow = 1;
    if (sd.freeze) {
      const { c, r } = splitRef(sd.freeze);
      ws.views = [{ state: 'frozen', xSplit: c - 1, ySplit: r - 1, topLeftCell: sd.freeze }];
    }
    if (sd.autofilter) ws.autoFilter = sd.autofilter;
    if (sd.print_titles_rows) ws.pageSetup.printTitlesRow = sd.print_titles_rows;
    for (const v of sd.validations || []) {
      // one range per validation (per-cell dataValidation makes exceljs emit overlapping sqrefs)
      ws.dataValidations.add(v.sqref, { type: 'list', allowBlank: true, formulae: [v.list] });
    }
  }
  await wb.xlsx.writeFile(out);
}

async function main(argv) {
  let pairs;
  const isDir = (p) => fs.existsSync(p) && fs.statSync(p).isDirectory();
  if (argv.length === 2 && argv[0].endsWith('.json') && !isDir(argv[0])) {
    pairs = [[argv[0], argv[1]]];
  } else if (argv.length >= 2 && isDir(argv[0])) {
    pairs = argv.slice(1).map((g) => [g, path.join(argv[0],
      path.basename(g).replace(/(\.grid)?\.json$/, '') + '.xlsx')]);
  } else {
    console.error('usage: write_exceljs.js GRID.json OUT.xlsx | OUTDIR GRID.json...');
    process.exit(1);
  }
  for (const [src, out] of pairs) {
    await render(JSON.parse(fs.readFileSync(src, 'utf8')), out);
  }
}

main(process.argv.slice(2)).catch((e) => { console.error(e); process.exit(1); });
