#!/usr/bin/env node
// Usage: node tests/interop/query-duckdb.mjs SQL   -> {"columns":[...],"rows":[[...]]}
// Runs one SQL query on a fresh in-memory DuckDB (e.g. over read_parquet('<root>/x/*/*/*.parquet')) and prints the
// result as ONE JSON object in the value representation documented in interop-common.mjs (TIMESTAMP / TIMESTAMPTZ
// as a decimal string of microseconds since the epoch).

import { fail, printResult, runMain } from './interop-common.mjs';
import { convertDuckDbValue, openConnection, query } from './duckdb-common.mjs';

const USAGE = 'usage: node tests/interop/query-duckdb.mjs "SELECT ..."';

runMain(async () => {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0].trim() === '') fail(USAGE, 2);
  const conn = await openConnection();
  try {
    const reader = await query(conn, args[0]);
    const names = reader.columnNames();
    const types = reader.columnTypes();
    const columns = names.map((name, c) => ({ name, type: types[c].toString() }));
    const rows = reader.getRows().map((row) => row.map((v, c) => convertDuckDbValue(v, types[c])));
    printResult({ columns, rows });
  } finally {
    conn.closeSync();
  }
});
