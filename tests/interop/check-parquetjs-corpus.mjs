#!/usr/bin/env node
// Usage: node tests/interop/check-parquetjs-corpus.mjs OUTDIR
// Cross-checks the corpus written by write-parquetjs-corpus.mjs: reads every file listed in
// OUTDIR/corpus.json with DuckDB and with hyparquet and compares column names, units and every
// value with X.expected.json. Known, documented reader difference (not a failure):
//   - DuckDB reads INT96 as a microsecond TIMESTAMP: it must equal floor(expected nanos / 1000)
//     (DuckDB: days * 86400e6 + nanosOfDay / 1000, nanosOfDay >= 0), its unit is "micros".
//     Only compared when the value fits DuckDB's TIMESTAMP range.
// Prints one line per file and reader; exits 1 on the first few mismatches (listed).

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fail, runMain } from './interop-common.mjs';

const USAGE = 'usage: node tests/interop/check-parquetjs-corpus.mjs OUTDIR';
const here = fileURLToPath(new URL('.', import.meta.url));

function read(tool, path) {
  return JSON.parse(execFileSync(process.execPath, [join(here, tool), path], { encoding: 'utf8', maxBuffer: 1 << 28 }));
}

function floorDiv(a, b) {
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
}

function compare(expected, actual, reader) {
  const problems = [];
  if (expected.rows.length !== actual.rows.length) problems.push(`row count ${actual.rows.length} != ${expected.rows.length}`);
  expected.columns.forEach((col, c) => {
    const got = actual.columns[c];
    const int96AsMicros = reader === 'duckdb' && col.type === 'INT96';
    if (!got || got.name !== col.name) {
      problems.push(`column ${c}: ${got?.name} != ${col.name}`);
      return;
    }
    const unit = int96AsMicros ? 'micros' : col.unit;
    if (got.unit !== unit) problems.push(`${col.name}: unit ${got.unit} != ${unit}`);
    if (reader === 'hyparquet' && got.type !== col.type) problems.push(`${col.name}: type ${got.type} != ${col.type}`);
    for (let r = 0; r < Math.min(expected.rows.length, actual.rows.length); r++) {
      let want = expected.rows[r][c];
      if (int96AsMicros && want !== null) want = floorDiv(BigInt(want), 1000n).toString();
      const have = actual.rows[r][c];
      if (JSON.stringify(want) !== JSON.stringify(have)) problems.push(`${col.name} row ${r}: ${JSON.stringify(have)} != expected ${JSON.stringify(want)}`);
    }
  });
  return problems;
}

runMain(async () => {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0].startsWith('--')) fail(USAGE, 2);
  const dir = resolve(args[0]);
  const corpus = JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8'));
  let bad = 0;
  for (const f of corpus.files) {
    const expected = JSON.parse(readFileSync(join(dir, f.expected), 'utf8'));
    for (const [reader, tool] of [['duckdb', 'read-duckdb.mjs'], ['hyparquet', 'read-hyparquet.mjs']]) {
      let problems;
      try {
        problems = compare(expected, read(tool, join(dir, f.file)), reader);
      } catch (e) {
        problems = [`read failed: ${String(e.stderr || e.message).split('\n').slice(0, 3).join(' | ')}`];
      }
      console.log(`${f.file} ${reader}: ${problems.length ? `${problems.length} mismatch(es)` : 'ok'}`);
      for (const p of problems.slice(0, 5)) console.log(`  ${p}`);
      if (problems.length) bad++;
    }
  }
  if (bad) fail(`${bad} file/reader combination(s) disagree with the expected values`);
});
