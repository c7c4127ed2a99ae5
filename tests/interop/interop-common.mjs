// Shared helpers for the Node.js interop oracles (read-duckdb.mjs, read-hyparquet.mjs,
// write-duckdb-corpus.mjs). Every reader prints the same exact value representation so the
// C# tests can compare values without any precision loss:
//
//   null                      -> null
//   boolean                   -> true / false
//   any integer (incl. int64, uint64, hugeint)      -> decimal string, e.g. "9007199254740993"
//   FLOAT / DOUBLE            -> String(x) of the JS number, "NaN", "Infinity", "-Infinity",
//                                and "-0" for negative zero (String(-0) would print "0")
//   TIMESTAMP                 -> decimal string of the count since the epoch in the column's own
//                                Parquet unit (see the column's "unit": millis|micros|nanos)
//   DATE                      -> decimal string of days since the epoch
//   TIME                      -> decimal string of the count since midnight (DuckDB: micros/nanos)
//   string / enum             -> JSON string
//   binary / blob / fixed     -> "0x" + lowercase hex
//   UUID                      -> canonical lowercase "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
//   DECIMAL                   -> exact decimal string with `scale` fraction digits ("-1.50", "0.0", "42")
//   LIST / ARRAY              -> JSON array of converted items
//   STRUCT                    -> JSON object of converted fields
//   MAP                       -> JSON array of [key, value] pairs
//
// Output of a reader: {"columns":[{"name":..., "type":..., "unit"?:...}], "rows":[[...], ...]}

import { readFileSync } from 'node:fs';

/** Formats a JS number that came from a FLOAT or DOUBLE column. */
export function formatFloat(x) {
  if (x === null || x === undefined) return null;
  const n = Number(x);
  if (Object.is(n, -0)) return '-0';
  return String(n); // "NaN", "Infinity", "-Infinity" come out of String() as required
}

/** Formats an integer (number or bigint) as a decimal string. */
export function formatInteger(x) {
  if (x === null || x === undefined) return null;
  if (typeof x === 'bigint') return x.toString();
  if (typeof x === 'number') {
    if (!Number.isInteger(x)) throw new Error(`expected an integer, got ${x}`);
    return Object.is(x, -0) ? '0' : String(x);
  }
  if (typeof x === 'boolean') return x ? '1' : '0';
  throw new Error(`expected an integer, got ${typeof x}`);
}

/**
 * Formats a scaled decimal (unscaled integer value, scale) exactly like DuckDB does:
 * "-1.50", "0.0", "42" (scale 0). value may be a bigint, an integer number, or big-endian
 * two's-complement bytes (Parquet FIXED_LEN_BYTE_ARRAY / BYTE_ARRAY decimals).
 */
export function formatDecimal(value, scale) {
  if (value === null || value === undefined) return null;
  let v;
  if (typeof value === 'bigint') v = value;
  else if (typeof value === 'number') v = BigInt(value);
  else {
    v = 0n;
    for (const b of value) v = (v << 8n) | BigInt(b);
    if (value.length > 0 && value[0] & 0x80) v -= 1n << BigInt(8 * value.length);
  }
  if (!scale) return v.toString();
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const factor = 10n ** BigInt(scale);
  return `${neg ? '-' : ''}${abs / factor}.${(abs % factor).toString().padStart(scale, '0')}`;
}

/** "0x" + lowercase hex of a byte array. */
export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined) return null;
  return '0x' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Serialises the result; all values are already JSON-safe (no bigint, no Date). */
export function printResult(result) {
  process.stdout.write(JSON.stringify(result) + '\n');
}

/** Reads a whole file into an ArrayBuffer (hyparquet accepts it as its AsyncBuffer). */
export function readFileAsArrayBuffer(path) {
  const buf = readFileSync(path);
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
}

/** Prints "usage" and the error to stderr and exits with a non-zero code. */
export function fail(message, code = 1) {
  process.stderr.write(String(message).trimEnd() + '\n');
  process.exit(code);
}

/** Runs main() and turns any exception into a one-line-per-cause stderr message + exit code 1. */
export function runMain(main) {
  main().catch((err) => {
    fail(err && err.stack ? err.stack : String(err));
  });
}
