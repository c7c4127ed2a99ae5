#!/usr/bin/env node
// Usage: node benchmarks/duckdb/compare.mjs --trades FILE --book FILE [--repeat N]
// Loads both Parquet files (written by the C# benchmark) into in-memory DuckDB tables (untimed),
// then with SET threads=1, for each codec in [snappy, zstd]:
//   - times COPY table TO 'tmp.parquet' (FORMAT parquet, COMPRESSION codec), best of N (default 3)
//   - records the written file size
//   - times reading every column back: CREATE OR REPLACE TEMP TABLE r AS SELECT * FROM read_parquet(..), best of N
// Prints ONE JSON object:
//   {"duckdbVersion":..,"threads":1,"repeat":N,"results":[{"table":"trades"|"book","codec":"snappy"|"zstd",
//    "rows":N,"writeSeconds":..,"readSeconds":..,"bytes":..}]}
// Temporary files live in a fresh temp directory that is removed at the end.

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fail, printResult, runMain } from '../../tests/interop/interop-common.mjs';
import { duckDbVersion, openConnection, sqlString } from '../../tests/interop/duckdb-common.mjs';

const USAGE = 'usage: node benchmarks/duckdb/compare.mjs --trades FILE --book FILE [--repeat N]';
const CODECS = ['snappy', 'zstd'];

function parseArgs(argv) {
  const opts = { repeat: 3 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) fail(`${a} needs a value\n${USAGE}`, 2);
      return argv[++i];
    };
    if (a === '--trades') opts.trades = next();
    else if (a === '--book') opts.book = next();
    else if (a === '--repeat') opts.repeat = Number(next());
    else fail(`unknown argument ${a}\n${USAGE}`, 2);
  }
  if (!opts.trades || !opts.book) fail(USAGE, 2);
  if (!Number.isInteger(opts.repeat) || opts.repeat < 1) fail(`--repeat must be a positive integer\n${USAGE}`, 2);
  return opts;
}

async function bestOf(n, action) {
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await action();
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return best;
}

runMain(async () => {
  const opts = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'duckdb-compare-'));
  const conn = await openConnection();
  try {
    await conn.run('SET threads=1');
    const tables = { trades: opts.trades, book: opts.book };
    const rowCounts = {};
    for (const [table, file] of Object.entries(tables)) {
      await conn.run(`CREATE TABLE ${table} AS SELECT * FROM read_parquet(${sqlString(file)})`);
      rowCounts[table] = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows()[0][0]);
    }
    const results = [];
    for (const table of Object.keys(tables)) {
      for (const codec of CODECS) {
        const out = join(dir, `${table}.${codec}.parquet`);
        const writeSeconds = await bestOf(opts.repeat, () =>
          conn.run(`COPY ${table} TO ${sqlString(out)} (FORMAT parquet, COMPRESSION ${codec})`));
        const bytes = statSync(out).size;
        const readSeconds = await bestOf(opts.repeat, () =>
          conn.run(`CREATE OR REPLACE TEMP TABLE r AS SELECT * FROM read_parquet(${sqlString(out)})`));
        await conn.run('DROP TABLE IF EXISTS r');
        results.push({ table, codec, rows: rowCounts[table], writeSeconds, readSeconds, bytes });
      }
    }
    printResult({ duckdbVersion: duckDbVersion(), threads: 1, repeat: opts.repeat, results });
  } finally {
    conn.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
});
