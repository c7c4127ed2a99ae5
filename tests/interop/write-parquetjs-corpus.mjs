#!/usr/bin/env node
// Usage: node tests/interop/write-parquetjs-corpus.mjs OUTDIR
// Writes a deterministic corpus of Parquet files with @dsnp/parquetjs (an independent, pure-JS
// writer) into OUTDIR: what DuckDB never writes, i.e. DATA_PAGE_V2 pages (uncompressed and
// compressed, with nulls), INT96 timestamps, and many pages per column chunk. Beside each
// X.parquet it writes X.expected.json in the value representation of interop-common.mjs
// ({"columns":[{name,type,unit?}],"rows":[[...]]}), computed in JS from the generated data, NOT
// by reading the file back. "type" is the file's declared type spelled like read-hyparquet.mjs
// does ("INT64 TIMESTAMP_MILLIS", "BYTE_ARRAY UTF8", "INT96"). OUTDIR/corpus.json lists every
// file with its writer options and what is on disk (row groups, page types per chunk, encodings,
// codecs; decoded by list-pages.mjs with hyparquet's Thrift decoder). Prints one line per file.
//
// parquetjs facts this relies on (checked against @dsnp/parquetjs 1.8.8, dist/lib/writer.js):
//   - `pageSize` is a ROW count per page (not bytes); `rowGroupSize` is rows per row group.
//   - useDataPageV2 defaults to true; v2 pages keep levels uncompressed (RLE, no length prefix)
//     and compress only the values; is_compressed = (codec != UNCOMPRESSED).
//   - values are always PLAIN (no dictionary); levels RLE/bit-packed hybrid.
//   - compression is per column; supported: UNCOMPRESSED, SNAPPY, GZIP, BROTLI (no ZSTD/LZ4).
//   - TIMESTAMP_MILLIS / TIMESTAMP_MICROS reject negative values (and MILLIS >= 2^53).
//   - ColumnMetaData.total_uncompressed_size is written equal to total_compressed_size.
//
// INT96: parquetjs treats INT96 as a 96-bit integer but its PLAIN encoder writes only the low 64
// bits of a JS number (via int53) and then forces the top 4 bytes to 0 (0xFFFFFFFF if negative);
// a BigInt makes it throw. So stock parquetjs can only write Julian day 0 (4713-11-24 BC), which
// as nanoseconds since the epoch (~ -2.1e20) does not even fit in an int64. To get real
// timestamps, this script extends parquetjs's PLAIN encoder for INT96 *BigInt* values only (JS
// numbers still go through the stock code): the BigInt is written as a full 96-bit little-endian
// two's-complement integer, i.e. we pass (julianDay << 64n) | nanosOfDay, which yields exactly
// the Parquet/Impala layout: bytes 0..7 = nanoseconds of the day (LE), bytes 8..11 = Julian day
// (LE), Julian day 2440588 = 1970-01-01. Expected value = (julianDay - 2440588) * 86400e9 +
// nanosOfDay, as a decimal string with unit "nanos". The file int96_parquetjs_native keeps the
// stock behaviour (numbers, Julian day 0) for comparison.

import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fail, formatBytes, formatFloat, formatInteger, runMain } from './interop-common.mjs';
import { listPages } from './list-pages.mjs';

const require = createRequire(import.meta.url);
const parquetjs = require('@dsnp/parquetjs');
const parquetjsVersion = require('@dsnp/parquetjs/package.json').version.replace(/^v/, '');
const plainCodec = require('@dsnp/parquetjs/dist/lib/codec/plain.js');

const USAGE = 'usage: node tests/interop/write-parquetjs-corpus.mjs OUTDIR';

// --- INT96 BigInt support (see the header comment) -----------------------------------------
const JULIAN_DAY_OF_EPOCH = 2440588n;
const NANOS_PER_DAY = 86_400_000_000_000n;
const stockEncodeValues = plainCodec.encodeValues;
plainCodec.encodeValues = function encodeValuesWithInt96BigInt(type, values, opts) {
  if (type !== 'INT96' || !values.some((v) => typeof v === 'bigint')) return stockEncodeValues(type, values, opts);
  const buf = Buffer.alloc(12 * values.length);
  values.forEach((v, i) => {
    const u = BigInt.asUintN(96, BigInt(v));
    buf.writeBigUInt64LE(BigInt.asUintN(64, u), i * 12);
    buf.writeUInt32LE(Number(u >> 64n), i * 12 + 8);
  });
  return buf;
};
if (require('@dsnp/parquetjs/dist/lib/codec/index.js').PLAIN.encodeValues !== plainCodec.encodeValues) {
  throw new Error('could not hook parquetjs PLAIN INT96 encoding (module layout changed?)');
}

/** INT96 value to hand to parquetjs (with the hook above) for a Julian day and nanos of day. */
function int96(julianDay, nanosOfDay) {
  return (BigInt(julianDay) << 64n) | BigInt(nanosOfDay);
}

// --- data ------------------------------------------------------------------------------------
const ROWS = 1000;
const U32 = 1n << 32n;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/**
 * Columns: name, parquetjs field options, declared type (hyparquet spelling), unit, value(i) -> JS
 * value given to parquetjs (null = missing), expected(v) -> JSON value in the shared representation.
 */
const COLUMNS = [
  {
    name: 'id', field: { type: 'INT64' }, type: 'INT64',
    value: (i) => BigInt(i), expected: formatInteger,
  },
  {
    name: 'c_int32', field: { type: 'INT32' }, type: 'INT32',
    value: (i) => (i === 1 ? -2147483648 : i === 2 ? 2147483647 : Number(((BigInt(i) * 2654435761n) % U32) - (U32 >> 1n))),
    expected: formatInteger,
  },
  {
    name: 'c_int64', field: { type: 'INT64' }, type: 'INT64',
    value: (i) => (i === 1 ? I64_MIN : i === 2 ? I64_MAX : i === 3 ? 9007199254740993n
      : (BigInt(i) * 6364136223846793005n) % I64_MAX - (1n << 62n)),
    expected: formatInteger,
  },
  {
    name: 'c_double', field: { type: 'DOUBLE' }, type: 'DOUBLE',
    value: (i) => [NaN, Infinity, -Infinity, -0, Number.MAX_VALUE, Number.MIN_VALUE, 0.1][(i % 50) - 1] ?? i / 3 - 1000,
    expected: formatFloat,
  },
  {
    // Values are float32-exact (Math.fround), so the JS number IS the stored float.
    name: 'c_float', field: { type: 'FLOAT' }, type: 'FLOAT',
    value: (i) => Math.fround([NaN, Infinity, -Infinity, -0, 3.4028234663852886e38, 1.401298464324817e-45, 0.1][(i % 50) - 1] ?? i / 7 - 100),
    expected: formatFloat,
  },
  {
    name: 'c_boolean', field: { type: 'BOOLEAN' }, type: 'BOOLEAN',
    value: (i) => i % 3 === 0, expected: (v) => v,
  },
  {
    name: 'c_utf8', field: { type: 'UTF8' }, type: 'BYTE_ARRAY UTF8',
    value: (i) => (i % 37 === 1 ? '' : i % 41 === 2 ? `héllo wörld ✓ 日本語 🦆 ${i % 7}`
      : i % 250 === 3 ? `long-string-${i}|`.repeat(200) : `v${i % 100}`),
    expected: (v) => v,
  },
  {
    name: 'c_opt_int32', field: { type: 'INT32', optional: true }, type: 'INT32',
    value: (i) => (i % 7 === 3 ? null : i * 3 - 500), expected: formatInteger,
  },
  {
    name: 'c_opt_int64', field: { type: 'INT64', optional: true }, type: 'INT64',
    value: (i) => (i % 5 === 1 ? null : (i % 2 ? -1n : 1n) * (9007199254740993n + BigInt(i) * 1000000007n)),
    expected: formatInteger,
  },
  {
    name: 'c_opt_double', field: { type: 'DOUBLE', optional: true }, type: 'DOUBLE',
    value: (i) => (i % 4 === 2 ? null : i * 0.25 - 17), expected: formatFloat,
  },
  {
    name: 'c_opt_boolean', field: { type: 'BOOLEAN', optional: true }, type: 'BOOLEAN',
    value: (i) => (i % 6 === 5 ? null : i % 4 < 2), expected: (v) => v,
  },
  {
    name: 'c_opt_utf8', field: { type: 'UTF8', optional: true }, type: 'BYTE_ARRAY UTF8',
    value: (i) => (i % 3 === 1 ? null : `s${i}`), expected: (v) => v,
  },
  {
    name: 'c_opt_bytes', field: { type: 'BYTE_ARRAY', optional: true }, type: 'BYTE_ARRAY',
    value: (i) => (i % 8 === 7 ? null : i % 31 === 1 ? Buffer.alloc(0) : Buffer.from([i & 0xff, (i * 7) & 0xff, 0x00, 0xff])),
    expected: formatBytes,
  },
  {
    // Non-null only on every 97th row: with 50-row pages most pages hold no value at all.
    name: 'c_mostly_null', field: { type: 'INT32', optional: true }, type: 'INT32',
    value: (i) => (i % 97 === 0 ? i : null), expected: formatInteger,
  },
  {
    name: 'c_ts_millis', field: { type: 'TIMESTAMP_MILLIS', optional: true }, type: 'INT64 TIMESTAMP_MILLIS', unit: 'millis',
    value: (i) => (i % 9 === 4 ? null : i === 0 ? 0 : 1700000000000 + i * 1234567), expected: formatInteger,
  },
  {
    name: 'c_ts_micros', field: { type: 'TIMESTAMP_MICROS', optional: true }, type: 'INT64 TIMESTAMP_MICROS', unit: 'micros',
    value: (i) => (i % 10 === 5 ? null : i === 1 ? 0n : i === 2 ? 9007199254740993n : 1700000000000000n + BigInt(i) * 1234567891n),
    expected: formatInteger,
  },
  {
    // [julianDay, nanosOfDay]; row 1: the epoch, row 2: last nanosecond of 1969-12-31,
    // row 3: 1900-01-01, row 4: 0001-01-01 (Julian day 1721426) 00:00:00.000000001.
    name: 'c_int96', field: { type: 'INT96', optional: true }, type: 'INT96', unit: 'nanos',
    value: (i) => {
      if (i % 11 === 6) return null;
      const [day, nanos] = i === 1 ? [2440588, 0n] : i === 2 ? [2440587, NANOS_PER_DAY - 1n] : i === 3 ? [2415021, 0n]
        : i === 4 ? [1721426, 1n] : [2460000 + (i % 400), (BigInt(i) * 86399999999n + 123456789n) % NANOS_PER_DAY];
      return int96(day, nanos);
    },
    expected: (v) => {
      const day = v >> 64n;
      const nanos = v & ((1n << 64n) - 1n);
      return ((day - JULIAN_DAY_OF_EPOCH) * NANOS_PER_DAY + nanos).toString();
    },
  },
];

// Stock parquetjs INT96: a JS number n >= 0 is stored as nanos-of-day = n, Julian day = 0.
const NATIVE_INT96_COLUMNS = [
  COLUMNS[0],
  {
    name: 'c_int96_day0', field: { type: 'INT96', optional: true }, type: 'INT96', unit: 'nanos',
    value: (i) => (i % 5 === 4 ? null : i === 1 ? 0 : i === 2 ? Number(NANOS_PER_DAY - 1n) : i * 86399999999 + 123456789),
    expected: (n) => ((0n - JULIAN_DAY_OF_EPOCH) * NANOS_PER_DAY + BigInt(n)).toString(),
  },
];

// The same INT96 column with the 0001-01-01 row moved into range, so every value fits int64 nanoseconds.
const INT96_COLUMN = COLUMNS.find((c) => c.name === 'c_int96');
const INT96_IN_RANGE_COLUMNS = [
  COLUMNS[0],
  { ...INT96_COLUMN, value: (i) => (i === 4 ? int96(2440588, 1n) : INT96_COLUMN.value(i)) },
];

const PAGE_ROWS = 50;
const ROW_GROUP_ROWS = 300; // 1000 rows -> row groups of 300, 300, 300, 100; 6 or 2 pages per chunk

const CORPUS = [
  ...['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI'].map((codec) => ({
    name: `v2_${codec.toLowerCase()}`,
    description: `DATA_PAGE_V2 pages, ${codec}, ${ROWS} rows, ${PAGE_ROWS} rows per page, ${ROW_GROUP_ROWS} rows per row group`,
    columns: COLUMNS, compression: codec, rows: ROWS,
    options: { useDataPageV2: true, pageSize: PAGE_ROWS, rowGroupSize: ROW_GROUP_ROWS },
  })),
  {
    name: 'v1_multipage',
    description: `DATA_PAGE (v1) pages, SNAPPY, same data as v2_*, ${PAGE_ROWS} rows per page, ${ROW_GROUP_ROWS} rows per row group`,
    columns: COLUMNS, compression: 'SNAPPY', rows: ROWS,
    options: { useDataPageV2: false, pageSize: PAGE_ROWS, rowGroupSize: ROW_GROUP_ROWS },
  },
  {
    name: 'v2_single_page',
    description: 'DATA_PAGE_V2, GZIP, all rows in one page and one row group (page boundaries not involved)',
    columns: COLUMNS, compression: 'GZIP', rows: ROWS,
    options: { useDataPageV2: true, pageSize: ROWS, rowGroupSize: ROWS },
  },
  {
    name: 'v2_int96_in_range',
    description: 'DATA_PAGE_V2, SNAPPY, INT96 timestamps that all fit int64 nanoseconds (1900..2025, with nulls)',
    columns: INT96_IN_RANGE_COLUMNS, compression: 'SNAPPY', rows: ROWS,
    options: { useDataPageV2: true, pageSize: PAGE_ROWS, rowGroupSize: ROW_GROUP_ROWS },
  },
  {
    name: 'int96_parquetjs_native',
    description: 'INT96 as stock parquetjs writes a JS number n: nanos-of-day = n, Julian day = 0 (4713-11-24 BC); '
      + 'expected nanos since the epoch are below the int64 range. DATA_PAGE_V2, SNAPPY',
    columns: NATIVE_INT96_COLUMNS, compression: 'SNAPPY', rows: 200,
    options: { useDataPageV2: true, pageSize: 64, rowGroupSize: 150 },
  },
];

async function writeFile(path, entry) {
  const schema = new parquetjs.ParquetSchema(Object.fromEntries(entry.columns.map((c) => [c.name, { ...c.field, compression: entry.compression }])));
  const writer = await parquetjs.ParquetWriter.openFile(schema, path, entry.options);
  const rows = [];
  for (let i = 0; i < entry.rows; i++) {
    const values = entry.columns.map((c) => c.value(i));
    const record = {};
    entry.columns.forEach((c, k) => {
      if (values[k] !== null) record[c.name] = values[k];
    });
    await writer.appendRow(record);
    rows.push(entry.columns.map((c, k) => (values[k] === null ? null : c.expected(values[k]))));
  }
  await writer.close();
  const columns = entry.columns.map((c) => ({ name: c.name, type: c.type, ...(c.unit ? { unit: c.unit } : {}) }));
  return { columns, rows };
}

/** What is on disk, per column: codec, encodings, pages per chunk, page types. */
function summarizePages(path) {
  const pages = listPages(path);
  const columns = {};
  for (const rg of pages.rowGroups) {
    for (const cc of rg.columns) {
      const s = (columns[cc.path] ??= { codec: new Set(), encodings: new Set(), pageTypes: new Set(), pagesPerChunk: [], pageRows: [], nullsPerPage: [] });
      s.codec.add(cc.codec);
      cc.encodings.forEach((e) => s.encodings.add(e));
      s.pagesPerChunk.push(cc.pages.length);
      for (const p of cc.pages) {
        s.pageTypes.add(p.typeName);
        if (p.encoding) s.encodings.add(p.encoding);
        s.pageRows.push(p.numRows ?? p.numValues);
        if (p.numNulls !== undefined) s.nullsPerPage.push(p.numNulls);
      }
    }
  }
  const list = (set) => [...set];
  return {
    createdBy: pages.createdBy,
    rowGroups: pages.rowGroups.map((rg) => rg.numRows),
    columns: Object.fromEntries(Object.entries(columns).map(([k, s]) => [k, {
      codec: list(s.codec), encodings: list(s.encodings), pageTypes: list(s.pageTypes),
      pagesPerChunk: s.pagesPerChunk, ...(s.nullsPerPage.length ? { nullsPerPage: s.nullsPerPage } : {}),
    }])),
  };
}

runMain(async () => {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0].startsWith('--')) fail(USAGE, 2);
  const outDir = resolve(args[0]);
  mkdirSync(outDir, { recursive: true });
  const listing = [];
  for (const entry of CORPUS) {
    const file = `${entry.name}.parquet`;
    const path = join(outDir, file);
    const expected = await writeFile(path, entry);
    writeFileSync(join(outDir, `${entry.name}.expected.json`), JSON.stringify(expected) + '\n');
    const onDisk = summarizePages(path);
    const info = {
      file,
      expected: `${entry.name}.expected.json`,
      description: entry.description,
      writerOptions: { ...entry.options, compression: entry.compression },
      rows: expected.rows.length,
      ...onDisk,
      bytes: statSync(path).size,
    };
    listing.push(info);
    const pageTypes = [...new Set(Object.values(onDisk.columns).flatMap((c) => c.pageTypes))];
    const pages = Object.values(onDisk.columns).map((c) => c.pagesPerChunk.reduce((a, b) => a + b, 0));
    console.log(`${file} rows=${info.rows} rowGroups=[${onDisk.rowGroups.join(',')}] pageTypes=${pageTypes.join(',')} `
      + `pagesPerColumn=${Math.min(...pages)}..${Math.max(...pages)} compression=${entry.compression} bytes=${info.bytes}`);
  }
  writeFileSync(join(outDir, 'corpus.json'), JSON.stringify({
    writer: `@dsnp/parquetjs ${parquetjsVersion}`,
    valueRepresentation: 'see tests/interop/interop-common.mjs; column "type" is spelled like read-hyparquet.mjs',
    int96: 'c_int96: bytes 0..7 = nanoseconds of day (LE), bytes 8..11 = Julian day (LE), 2440588 = 1970-01-01; '
      + 'expected = (julianDay - 2440588) * 86400e9 + nanosOfDay, unit nanos. Written through a hook for BigInt INT96 values '
      + '(stock parquetjs only writes Julian day 0, see int96_parquetjs_native).',
    files: listing,
  }, null, 2) + '\n');
});
