#!/usr/bin/env node
// Usage: node tests/interop/write-duckdb-sample.mjs OUT.parquet
// Writes a tiny Parquet file with DuckDB (3 rows, snappy) whose values are awkward for lossy
// readers: int64 above 2^53, uint64 max, timestamp_ns / timestamp_ms, NaN / -0.0, unicode, bytes.
// The C# NodeTools tests read it back through read-duckdb.mjs and read-hyparquet.mjs.

import { fail, runMain } from './interop-common.mjs';
import { openConnection, sqlString } from './duckdb-common.mjs';

const SAMPLE_SQL = `
  SELECT * FROM (VALUES
    (1, 9007199254740993::BIGINT, 18446744073709551615::UBIGINT, make_timestamp_ns(1700000000123456789::BIGINT),
        epoch_ms(1700000000123::BIGINT)::TIMESTAMP_MS, make_timestamp(1700000000123456::BIGINT), 0.1::DOUBLE, 1.5::FLOAT,
        'héllo 🦆', unhex('00ff10'), DATE '2024-02-29', 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6'::UUID, true),
    (2, (-9223372036854775808)::BIGINT, 0::UBIGINT, make_timestamp_ns(-1::BIGINT),
        epoch_ms(-1::BIGINT)::TIMESTAMP_MS, make_timestamp(-1::BIGINT), 'nan'::DOUBLE, '-inf'::FLOAT,
        '', ''::BLOB, DATE '1969-12-31', '00000000-0000-0000-0000-000000000000'::UUID, false),
    (3, NULL, NULL, NULL, NULL, NULL, '-0.0'::DOUBLE, NULL, NULL, NULL, NULL, NULL, NULL)
  ) v(id, c_bigint, c_ubigint, c_timestamp_ns, c_timestamp_ms, c_timestamp, c_double, c_float,
      c_varchar, c_blob, c_date, c_uuid, c_boolean)
  ORDER BY id`;

runMain(async () => {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0].startsWith('--')) fail('usage: node tests/interop/write-duckdb-sample.mjs OUT.parquet', 2);
  const conn = await openConnection();
  await conn.run(`COPY (${SAMPLE_SQL}) TO ${sqlString(args[0])} (FORMAT parquet, COMPRESSION snappy)`);
  conn.closeSync();
  console.log(`wrote ${args[0]}`);
});
