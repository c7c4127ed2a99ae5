#!/usr/bin/env node
// Usage: node tests/interop/write-duckdb-corpus.mjs OUTDIR
// Writes a deterministic corpus of Parquet files with DuckDB into OUTDIR and, beside each
// X.parquet, X.expected.json (what read-duckdb.mjs prints for it: same value representation,
// see interop-common.mjs). Also writes OUTDIR/corpus.json listing every file, the COPY options
// used and what DuckDB reports about the result (row group sizes, codecs, encodings per column).
// Prints one line per file. All values come from range(): no randomness.

import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fail, runMain } from './interop-common.mjs';
import { duckDbVersion, openConnection, query, readParquetWithDuckDb, sqlString } from './duckdb-common.mjs';

const USAGE = 'usage: node tests/interop/write-duckdb-corpus.mjs OUTDIR';

// Every column type the C# codec must read. Each typed column is NULL on its own residue class
// (so every type has nulls, and not all on the same rows); rows 1..3 carry extreme values.
const TYPED_COLUMNS_SQL = `
  SELECT
    i::BIGINT AS id,
    CASE WHEN i % 11 = 5 THEN NULL ELSE i % 3 = 0 END AS c_boolean,
    CASE WHEN i % 13 = 6 THEN NULL WHEN i = 1 THEN -128 WHEN i = 2 THEN 127 ELSE (i % 256) - 128 END::TINYINT AS c_tinyint,
    CASE WHEN i % 14 = 7 THEN NULL WHEN i = 1 THEN -32768 WHEN i = 2 THEN 32767 ELSE ((i * 257) % 65536) - 32768 END::SMALLINT AS c_smallint,
    CASE WHEN i % 15 = 8 THEN NULL WHEN i = 1 THEN -2147483648 WHEN i = 2 THEN 2147483647 ELSE ((i * 2654435761) % 4294967296) - 2147483648 END::INTEGER AS c_integer,
    CASE WHEN i % 16 = 9 THEN NULL WHEN i = 1 THEN -9223372036854775808 WHEN i = 2 THEN 9223372036854775807
         WHEN i = 3 THEN 9007199254740993 ELSE (i::HUGEINT * 6364136223846793) % 9223372036854775807 - 4611686018427387904 END::BIGINT AS c_bigint,
    CASE WHEN i % 17 = 10 THEN NULL WHEN i = 1 THEN 0 WHEN i = 2 THEN 255 ELSE i % 256 END::UTINYINT AS c_utinyint,
    CASE WHEN i % 18 = 11 THEN NULL WHEN i = 1 THEN 0 WHEN i = 2 THEN 65535 ELSE (i * 257) % 65536 END::USMALLINT AS c_usmallint,
    CASE WHEN i % 19 = 12 THEN NULL WHEN i = 1 THEN 0 WHEN i = 2 THEN 4294967295 ELSE (i * 2654435761) % 4294967296 END::UINTEGER AS c_uinteger,
    CASE WHEN i % 20 = 13 THEN NULL WHEN i = 1 THEN 0 WHEN i = 2 THEN 18446744073709551615::UBIGINT
         WHEN i = 3 THEN 9223372036854775808::UBIGINT ELSE ((i::HUGEINT * 6364136223846793) % 9223372036854775807)::UBIGINT * 2 END::UBIGINT AS c_ubigint,
    CASE WHEN i % 21 = 14 THEN NULL WHEN i % 50 = 1 THEN 'nan'::FLOAT WHEN i % 50 = 2 THEN 'inf'::FLOAT
         WHEN i % 50 = 3 THEN '-inf'::FLOAT WHEN i % 50 = 4 THEN '-0.0'::FLOAT WHEN i % 50 = 5 THEN 3.4028235e38::FLOAT
         WHEN i % 50 = 6 THEN 1.0e-45::FLOAT ELSE (i / 7.0 - 100)::FLOAT END AS c_float,
    CASE WHEN i % 22 = 15 THEN NULL WHEN i % 50 = 1 THEN 'nan'::DOUBLE WHEN i % 50 = 2 THEN 'inf'::DOUBLE
         WHEN i % 50 = 3 THEN '-inf'::DOUBLE WHEN i % 50 = 4 THEN '-0.0'::DOUBLE WHEN i % 50 = 5 THEN 1.7976931348623157e308
         WHEN i % 50 = 6 THEN 5e-324 WHEN i % 50 = 7 THEN 0.1 ELSE i / 3.0 - 1000 END::DOUBLE AS c_double,
    CASE WHEN i % 23 = 16 THEN NULL WHEN i % 37 = 1 THEN '' WHEN i % 41 = 2 THEN 'héllo wörld ✓ 日本語 🦆 ' || (i % 7)
         WHEN i % 250 = 3 THEN repeat('long-string-' || i || '|', 300) ELSE 'v' || (i % 100) END::VARCHAR AS c_varchar,
    CASE WHEN i % 24 = 17 THEN NULL ELSE 'row-' || i END::VARCHAR AS c_varchar_unique,
    CASE WHEN i % 25 = 18 THEN NULL WHEN i % 31 = 1 THEN ''::BLOB WHEN i = 2 THEN unhex('00ff7f80')
         ELSE unhex(printf('%08x', (i * 2654435761) % 4294967296)) END AS c_blob,
    CASE WHEN i % 26 = 19 THEN NULL WHEN i = 1 THEN make_timestamp(-62135596800000000::BIGINT)
         WHEN i = 2 THEN make_timestamp(-1::BIGINT) ELSE make_timestamp(1700000000000000 + i * 1234567891) END AS c_timestamp,
    CASE WHEN i % 27 = 20 THEN NULL WHEN i = 1 THEN epoch_ms(-1::BIGINT)
         ELSE epoch_ms(1700000000000 + i * 1234567) END::TIMESTAMP_MS AS c_timestamp_ms,
    CASE WHEN i % 28 = 21 THEN NULL WHEN i = 1 THEN make_timestamp_ns(-1::BIGINT)
         WHEN i = 2 THEN make_timestamp_ns(9007199254740993::BIGINT)
         ELSE make_timestamp_ns(1700000000000000000 + i * 1234567891011) END AS c_timestamp_ns,
    CASE WHEN i % 29 = 22 THEN NULL ELSE DATE '1970-01-01' + (i * 37 - 50000)::INTEGER END AS c_date,
    CASE WHEN i % 30 = 23 THEN NULL ELSE (['sad', 'ok', 'happy'])[(i % 3) + 1] END::mood AS c_enum,
    CASE WHEN i % 31 = 24 THEN NULL WHEN i = 1 THEN '00000000-0000-0000-0000-000000000000'::UUID
         WHEN i = 2 THEN 'ffffffff-ffff-ffff-ffff-ffffffffffff'::UUID
         ELSE CAST(printf('%08x-%04x-4%03x-8%03x-%012x', i, i % 65536, i % 4096, (i * 7) % 4096, i * 7919) AS UUID) END AS c_uuid
  FROM range(0, __ROWS__) t(i)`;

// For mostly_null: every typed column NULL except on every 50th row.
function mostlyNullSql(rows) {
  return `SELECT id, ${[
    'c_boolean', 'c_tinyint', 'c_smallint', 'c_integer', 'c_bigint', 'c_utinyint', 'c_usmallint', 'c_uinteger',
    'c_ubigint', 'c_float', 'c_double', 'c_varchar', 'c_varchar_unique', 'c_blob', 'c_timestamp', 'c_timestamp_ms',
    'c_timestamp_ns', 'c_date', 'c_enum', 'c_uuid',
  ].map((c) => `CASE WHEN id % 50 = 0 THEN ${c} END AS ${c}`).join(', ')} FROM (${typed(rows)})`;
}

function typed(rows) {
  return TYPED_COLUMNS_SQL.replace('__ROWS__', String(rows));
}

// UNION ALL of differently sized slices of a materialized table: with threads=1 DuckDB flushes a
// row group at a slice boundary once ROW_GROUP_SIZE is reached, giving uneven row groups
// (100, 900, rest). Rows stay in id order (checked: a 4th tiny slice got reordered by DuckDB).
function unevenSql(rows) {
  return `SELECT * FROM multi_src WHERE id < 100
    UNION ALL SELECT * FROM multi_src WHERE id >= 100 AND id < 1000
    UNION ALL SELECT * FROM multi_src WHERE id >= 1000 AND id < ${rows}`;
}

// Dictionary control: DuckDB dictionary-encodes a column chunk while its dictionary stays under
// DICTIONARY_SIZE_LIMIT (entries) and STRING_DICTIONARY_PAGE_SIZE_LIMIT (bytes). A limit of 1
// turns dictionaries off for every column; large limits keep them on.
const NO_DICT = { DICTIONARY_SIZE_LIMIT: 1, STRING_DICTIONARY_PAGE_SIZE_LIMIT: 1 };
const BIG_DICT = { DICTIONARY_SIZE_LIMIT: 1000000, STRING_DICTIONARY_PAGE_SIZE_LIMIT: 100000000 };

const ROWS = 600;
const MULTI_ROWS = 2300; // rows of the files with several row groups

/** name, description, select, COPY options */
const CORPUS = [
  ...['uncompressed', 'snappy', 'gzip', 'zstd', 'brotli', 'lz4', 'lz4_raw'].map((codec) => ({
    name: `types_${codec}`,
    description: `all types, ${ROWS} rows, compression ${codec}, default dictionary behaviour, Parquet V1 pages`,
    sql: typed(ROWS),
    options: { COMPRESSION: codec },
  })),
  { name: 'dict_off', description: 'all types, dictionary encoding disabled (PLAIN everywhere)', sql: typed(ROWS), options: { COMPRESSION: 'snappy', ...NO_DICT } },
  { name: 'dict_on', description: 'all types, dictionary limits raised so every column that can be dictionary-encoded is', sql: typed(ROWS), options: { COMPRESSION: 'snappy', ...BIG_DICT } },
  { name: 'row_groups_uneven', description: `all types, ${MULTI_ROWS} rows in uneven row groups (UNION ALL slices, ROW_GROUP_SIZE 100, threads=1)`, sql: unevenSql(MULTI_ROWS), options: { COMPRESSION: 'zstd', ROW_GROUP_SIZE: 100 } },
  { name: 'row_groups_2048', description: `all types, ${MULTI_ROWS} rows, ROW_GROUP_SIZE 2048 (one full 2048-row group + the rest)`, sql: typed(MULTI_ROWS), options: { COMPRESSION: 'snappy', ROW_GROUP_SIZE: 2048 } },
  { name: 'v2_snappy', description: 'PARQUET_VERSION V2 encodings (RLE_DICTIONARY, DELTA_BINARY_PACKED); DuckDB 1.5 still writes v1 DATA_PAGE headers, not DATA_PAGE_V2', sql: typed(ROWS), options: { COMPRESSION: 'snappy', PARQUET_VERSION: 'V2' } },
  { name: 'v2_dict_off', description: 'PARQUET_VERSION V2 without dictionaries: DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, BYTE_STREAM_SPLIT', sql: typed(ROWS), options: { COMPRESSION: 'zstd', PARQUET_VERSION: 'V2', ...NO_DICT } },
  { name: 'v2_uncompressed_row_groups', description: 'PARQUET_VERSION V2, uncompressed, uneven row groups', sql: unevenSql(MULTI_ROWS), options: { COMPRESSION: 'uncompressed', PARQUET_VERSION: 'V2', ROW_GROUP_SIZE: 100 } },
  { name: 'mostly_null', description: 'all types, every value NULL except every 50th row (long definition-level runs)', sql: mostlyNullSql(ROWS), options: { COMPRESSION: 'snappy' } },
  { name: 'empty', description: 'all types, 0 rows', sql: typed(0), options: { COMPRESSION: 'snappy' } },
  { name: 'one_row', description: 'all types, exactly one row (id 3: int64 9007199254740993, uint64 2^63)', sql: `SELECT * FROM (${typed(4)}) WHERE id = 3`, options: { COMPRESSION: 'snappy' } },
];

function copyOptions(options) {
  return ['FORMAT parquet', ...Object.entries(options).map(([k, v]) => `${k} ${typeof v === 'number' ? v : sqlString(v)}`)].join(', ');
}

runMain(async () => {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0].startsWith('--')) fail(USAGE, 2);
  const outDir = resolve(args[0]);
  mkdirSync(outDir, { recursive: true });

  const conn = await openConnection();
  await conn.run('SET threads=1'); // deterministic row groups and row order
  await conn.run("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
  await conn.run(`CREATE TABLE multi_src AS ${typed(MULTI_ROWS)}`);

  const listing = [];
  for (const entry of CORPUS) {
    const file = `${entry.name}.parquet`;
    const path = join(outDir, file);
    await conn.run(`COPY (${entry.sql}) TO ${sqlString(path)} (${copyOptions(entry.options)})`);
    const expected = await readParquetWithDuckDb(conn, path);
    writeFileSync(join(outDir, `${entry.name}.expected.json`), JSON.stringify(expected) + '\n');

    const meta = (await query(conn,
      'SELECT row_group_id, row_group_num_rows, path_in_schema, compression, encodings FROM parquet_metadata(?) ORDER BY row_group_id, column_id',
      [path])).getRowObjectsJson();
    const rowGroups = [];
    const encodings = {};
    const codecs = new Set();
    for (const m of meta) {
      if (rowGroups.length <= Number(m.row_group_id)) rowGroups.push(Number(m.row_group_num_rows));
      codecs.add(m.compression);
      const set = (encodings[m.path_in_schema] ??= new Set());
      for (const e of String(m.encodings).split(',')) set.add(e.trim());
    }
    const bytes = statSync(path).size;
    const info = {
      file,
      expected: `${entry.name}.expected.json`,
      description: entry.description,
      copyOptions: { FORMAT: 'parquet', ...entry.options },
      rows: expected.rows.length,
      rowGroups,
      compression: [...codecs],
      encodings: Object.fromEntries(Object.entries(encodings).map(([k, v]) => [k, [...v]])),
      bytes,
    };
    listing.push(info);
    console.log(`${file} rows=${info.rows} rowGroups=[${rowGroups.join(',')}] compression=${info.compression.join(',') || '-'} bytes=${bytes} options=${copyOptions(entry.options)}`);
  }
  writeFileSync(join(outDir, 'corpus.json'), JSON.stringify({
    duckdbVersion: duckDbVersion(),
    valueRepresentation: 'see tests/interop/interop-common.mjs',
    files: listing,
  }, null, 2) + '\n');
  conn.closeSync();
});
