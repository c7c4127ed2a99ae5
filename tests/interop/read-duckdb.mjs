#!/usr/bin/env node
// Usage: node tests/interop/read-duckdb.mjs FILE          -> {"columns":[...],"rows":[[...]]}
//        node tests/interop/read-duckdb.mjs --meta FILE   -> {"duckdbVersion":..,"metadata":[..],"schema":[..],"fileMetadata":{..}}
// Reads FILE with DuckDB (SELECT * FROM read_parquet(?), file order) and prints ONE JSON object
// to stdout in the exact value representation documented in interop-common.mjs.

import { fail, printResult, runMain } from './interop-common.mjs';
import { openConnection, parquetMetadataWithDuckDb, readParquetWithDuckDb } from './duckdb-common.mjs';

const USAGE = 'usage: node tests/interop/read-duckdb.mjs [--meta] FILE.parquet';

runMain(async () => {
  const args = process.argv.slice(2);
  const meta = args.includes('--meta');
  const files = args.filter((a) => a !== '--meta');
  if (files.length !== 1 || files[0].startsWith('--')) fail(USAGE, 2);
  const conn = await openConnection();
  try {
    printResult(meta ? await parquetMetadataWithDuckDb(conn, files[0]) : await readParquetWithDuckDb(conn, files[0]));
  } finally {
    conn.closeSync();
  }
});
