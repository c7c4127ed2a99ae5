#!/usr/bin/env node
// Usage: node tests/interop/read-hyparquet.mjs FILE   -> {"columns":[...],"rows":[[...]]}
// Reads FILE with hyparquet (+ hyparquet-compressors for gzip/zstd/brotli/lz4) and prints ONE
// JSON object in the exact value representation documented in interop-common.mjs.
//
// "type" is hyparquet's view of the column: the physical type, then the logical type (or the
// legacy converted type) when there is one, e.g. "INT64 TIMESTAMP(NANOS)", "BYTE_ARRAY STRING",
// "INT32 INTEGER(8,unsigned)", "FIXED_LEN_BYTE_ARRAY(16) UUID", "group LIST".
// Timestamps are not turned into Date objects: the parser hooks return the raw bigint, printed
// in the column's own unit ("unit": millis|micros|nanos; INT96 -> nanos).
// DECIMAL: hyparquet itself would turn decimals into (lossy) JS numbers, so the DECIMAL
// annotation is stripped from the schema handed to parquetRead and the raw unscaled integer /
// two's-complement bytes are formatted exactly here (same text as DuckDB: "-1.50", "0.0").

import { parquetMetadata, parquetRead, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { fail, formatBytes, formatDecimal, formatFloat, formatInteger, printResult, readFileAsArrayBuffer, runMain } from './interop-common.mjs';

const USAGE = 'usage: node tests/interop/read-hyparquet.mjs FILE.parquet';
const utf8 = new TextDecoder('utf-8', { fatal: false });

// Keep raw values: no Date objects, no precision loss.
const parsers = {
  timestampFromMilliseconds: (v) => v,
  timestampFromMicroseconds: (v) => v,
  timestampFromNanoseconds: (v) => v,
  dateFromDays: (v) => v,
  jsonFromBytes: (bytes) => bytes && utf8.decode(bytes),
};

function timeUnitName(unit) {
  return { MILLIS: 'millis', MICROS: 'micros', NANOS: 'nanos' }[unit] ?? String(unit).toLowerCase();
}

/** Human-readable hyparquet type name of a schema element. */
function typeName(element) {
  let physical = element.type ?? 'group';
  if (element.type === 'FIXED_LEN_BYTE_ARRAY') physical += `(${element.type_length})`;
  const lt = element.logical_type;
  if (lt) {
    switch (lt.type) {
      case 'TIMESTAMP':
      case 'TIME':
        return `${physical} ${lt.type}(${lt.unit}${lt.isAdjustedToUTC ? ',utc' : ''})`;
      case 'INTEGER':
        return `${physical} INTEGER(${lt.bitWidth},${lt.isSigned ? 'signed' : 'unsigned'})`;
      case 'DECIMAL':
        return `${physical} DECIMAL(${lt.precision},${lt.scale})`;
      default:
        return `${physical} ${lt.type}`;
    }
  }
  if (element.converted_type) return `${physical} ${element.converted_type}`;
  return physical;
}

function isDecimal(el) {
  return el.logical_type?.type === 'DECIMAL' || el.converted_type === 'DECIMAL';
}

function decimalScale(el) {
  return el.logical_type?.type === 'DECIMAL' ? el.logical_type.scale : (el.scale ?? 0);
}

/** Decides how values of a schema node are formatted. Returns a function value -> JSON value. */
function formatterFor(node) {
  const el = node.element;
  const lt = el.logical_type?.type;
  const ct = el.converted_type;
  if (!el.type) {
    if (lt === 'LIST' || ct === 'LIST') {
      const repeated = node.children[0];
      const item = repeated && repeated.children.length === 1 ? formatterFor(repeated.children[0]) : formatterFor(repeated);
      return (v) => (v == null ? null : Array.from(v, item));
    }
    if (lt === 'MAP' || ct === 'MAP' || ct === 'MAP_KEY_VALUE') {
      const kv = node.children[0];
      const key = formatterFor(kv.children[0]);
      const val = formatterFor(kv.children[1]);
      return (v) => {
        if (v == null) return null;
        const entries = v instanceof Map ? [...v.entries()] : Object.entries(v);
        return entries.map(([k, x]) => [key(k), val(x)]);
      };
    }
    const fields = node.children.map((c) => [c.element.name, formatterFor(c)]);
    return (v) => {
      if (v == null) return null;
      const out = {};
      for (const [name, f] of fields) out[name] = f(v[name]);
      return out;
    };
  }
  const nullable = (f) => (v) => (v === null || v === undefined ? null : f(v));
  switch (el.type) {
    case 'BOOLEAN':
      return nullable((v) => Boolean(v));
    case 'FLOAT':
    case 'DOUBLE':
      return nullable(formatFloat);
    case 'INT96':
      return nullable(formatInteger);
    case 'INT32':
    case 'INT64':
      if (lt === 'DECIMAL' || ct === 'DECIMAL') return nullable((v) => formatDecimal(v, decimalScale(el)));
      return nullable(formatInteger); // plain ints, TIMESTAMP, DATE, TIME: raw integers
    case 'BYTE_ARRAY':
    case 'FIXED_LEN_BYTE_ARRAY':
      if (lt === 'UUID' || lt === 'FLOAT16') return nullable((v) => (typeof v === 'number' ? formatFloat(v) : String(v)));
      if (lt === 'DECIMAL' || ct === 'DECIMAL') return nullable((v) => formatDecimal(v, decimalScale(el)));
      return nullable((v) => (typeof v === 'string' ? v
        : (lt === 'STRING' || lt === 'ENUM' || lt === 'JSON' || ct === 'UTF8' || ct === 'ENUM' || ct === 'JSON')
          ? utf8.decode(v) : formatBytes(v)));
    default:
      return nullable((v) => (typeof v === 'bigint' ? v.toString() : v));
  }
}

/** Column descriptor with the unit of printed timestamps. */
function describe(node) {
  const el = node.element;
  const col = { name: el.name, type: typeName(el) };
  if (el.logical_type?.type === 'TIMESTAMP') col.unit = timeUnitName(el.logical_type.unit);
  else if (el.converted_type === 'TIMESTAMP_MILLIS') col.unit = 'millis';
  else if (el.converted_type === 'TIMESTAMP_MICROS') col.unit = 'micros';
  else if (el.type === 'INT96') col.unit = 'nanos';
  return col;
}

async function readWithHyparquet(path) {
  const file = readFileAsArrayBuffer(path);
  const metadata = parquetMetadata(file, { parsers });
  const tree = parquetSchema(metadata);
  const columns = tree.children.map(describe);
  const formatters = tree.children.map(formatterFor);
  let rows = [];
  // Same metadata with DECIMAL annotations removed, so hyparquet hands out the raw values.
  const rawMetadata = {
    ...metadata,
    schema: metadata.schema.map((el) => (isDecimal(el) ? { ...el, converted_type: undefined, logical_type: undefined } : el)),
  };
  if (Number(metadata.num_rows) > 0) {
    await parquetRead({
      file, metadata: rawMetadata, compressors, parsers, utf8: false, rowFormat: 'array',
      onComplete: (r) => { rows = r; },
    });
  }
  return { columns, rows: rows.map((row) => formatters.map((f, c) => f(row[c]))) };
}

runMain(async () => {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0].startsWith('--')) fail(USAGE, 2);
  printResult(await readWithHyparquet(args[0]));
});
