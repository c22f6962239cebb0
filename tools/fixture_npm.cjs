#!/usr/bin/env node
// Writes one workbook with an npm spreadsheet writer, for tools/make_fixtures.py
// (tools/fixture_habits.py makes the spec):
//
//   node tools/fixture_npm.cjs exceljs|sheetjs SPEC.json OUT.xlsx [NODE_MODULES]
//
// SPEC: {"active": i, "sheets": [{"name", "state": "visible"|"hidden"|"veryHidden",
//   "cells": [[row, col, value]], value a string, number, boolean or {"date": "YYYY-MM-DD"};
//   "fills": [[row, col, {"rgb": "FFFF00"} | {"theme": 5, "tint": 0.4} | {"indexed": 13}]],
//   "merges": [[r1, c1, r2, c2]], "hidden_rows": [], "hidden_cols": [],
//   "outline": {row: level}}]}, rows and columns 1-based.
// ExcelJS writes fills, outline levels and sheet states; SheetJS (the community
// edition on npm, package "xlsx") writes no cell styles, so a spec with fills is
// refused for it. ExcelJS stamps the time into the zip, and both need node, so
// their files are committed, not compared byte for byte
// (tests/fixtures_reproducible.sh).
'use strict';
const fs = require('fs');
const path = require('path');

const [writer, specPath, out, modulesArg] = process.argv.slice(2);
if (!writer || !specPath || !out) {
  console.error('usage: fixture_npm.cjs exceljs|sheetjs SPEC.json OUT.xlsx [NODE_MODULES]');
  process.exit(2);
}
const modules = modulesArg || path.join(__dirname, 'node_modules');
const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));
const FIXED = new Date(Date.UTC(2024, 3, 1, 9, 0, 0));

function dateOf(v) {
  const [y, m, d] = v.date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function color(f) {
  if (f.rgb) return { argb: 'FF' + f.rgb };
  if (f.theme !== undefined) return f.tint !== undefined ? { theme: f.theme, tint: f.tint } : { theme: f.theme };
  return { indexed: f.indexed };
}

async function exceljs() {
  const ExcelJS = require(path.join(modules, 'exceljs'));
  const wb = new ExcelJS.Workbook();
  wb.creator = wb.lastModifiedBy = 'isomm tools/make_fixtures.py (ExcelJS)';
  wb.created = wb.modified = FIXED;
  for (const s of spec.sheets) {
    const ws = wb.addWorksheet(s.name, { state: s.state || 'visible' });
    for (const [r, c, v] of s.cells) {
      const cell = ws.getCell(r, c);
      if (v !== null && typeof v === 'object' && v.date) {
        cell.value = dateOf(v);
        cell.numFmt = 'yyyy/mm/dd';
      } else {
        cell.value = v;
      }
    }
    for (const [r, c, f] of s.fills || []) {
      ws.getCell(r, c).fill = { type: 'pattern', pattern: 'solid', fgColor: color(f) };
    }
    for (const [r1, c1, r2, c2] of s.merges || []) ws.mergeCells(r1, c1, r2, c2);
    for (const r of s.hidden_rows || []) ws.getRow(r).hidden = true;
    for (const c of s.hidden_cols || []) ws.getColumn(c).hidden = true;
    let maxLevel = 0;
    for (const [r, lv] of Object.entries(s.outline || {})) {
      ws.getRow(Number(r)).outlineLevel = lv;
      maxLevel = Math.max(maxLevel, lv);
    }
    if (maxLevel) ws.properties.outlineLevelRow = maxLevel;
  }
  wb.views = [{ activeTab: spec.active || 0, firstSheet: 0, visibility: 'visible' }];
  await wb.xlsx.writeFile(out);
}

function sheetjs() {
  const XLSX = require(path.join(modules, 'xlsx'));
  const wb = XLSX.utils.book_new();
  wb.Props = { Author: 'isomm tools/make_fixtures.py (SheetJS)', CreatedDate: FIXED, ModifiedDate: FIXED };
  const states = [];
  for (const s of spec.sheets) {
    if ((s.fills || []).length) throw new Error(`${s.name}: SheetJS (community) writes no fills`);
    const ws = {};
    let maxR = 1, maxC = 1;
    for (const [r, c, v] of s.cells) {
      const a = XLSX.utils.encode_cell({ r: r - 1, c: c - 1 });
      if (v !== null && typeof v === 'object' && v.date) {
        ws[a] = { t: 'd', v: dateOf(v), z: 'yyyy/mm/dd' };
      } else if (typeof v === 'number') {
        ws[a] = { t: 'n', v };
      } else if (typeof v === 'boolean') {
        ws[a] = { t: 'b', v };
      } else {
        ws[a] = { t: 's', v: String(v) };
      }
      maxR = Math.max(maxR, r);
      maxC = Math.max(maxC, c);
    }
    ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: maxR - 1, c: maxC - 1 } });
    ws['!merges'] = (s.merges || []).map(([r1, c1, r2, c2]) => ({ s: { r: r1 - 1, c: c1 - 1 }, e: { r: r2 - 1, c: c2 - 1 } }));
    const rows = [];
    for (const r of s.hidden_rows || []) rows[r - 1] = Object.assign(rows[r - 1] || {}, { hidden: true });
    for (const [r, lv] of Object.entries(s.outline || {})) rows[Number(r) - 1] = Object.assign(rows[Number(r) - 1] || {}, { level: lv });
    if (rows.length) ws['!rows'] = rows;
    const cols = [];
    for (const c of s.hidden_cols || []) cols[c - 1] = { hidden: true };
    if (cols.length) ws['!cols'] = cols;
    XLSX.utils.book_append_sheet(wb, ws, s.name);
    states.push({ name: s.name, Hidden: { visible: 0, hidden: 1, veryHidden: 2 }[s.state || 'visible'] });
  }
  wb.Workbook = { Sheets: states, Views: [{ activeTab: spec.active || 0 }] };
  XLSX.writeFile(wb, out, { bookType: 'xlsx', compression: true, cellDates: true });
}

(async () => {
  if (writer === 'exceljs') await exceljs();
  else if (writer === 'sheetjs') sheetjs();
  else throw new Error(`unknown writer ${writer}`);
})().catch((e) => {
  console.error(`fixture_npm.cjs: ${e.message}`);
  process.exit(1);
});
