// DuckDB-side helpers shared by read-duckdb.mjs, write-duckdb-corpus.mjs and the benchmark.
// Value representation: see interop-common.mjs.

import duckdb, { DuckDBInstance, DuckDBTypeId } from '@duckdb/node-api';
import { formatBytes, formatDecimal, formatFloat, formatInteger } from './interop-common.mjs';

export function duckDbVersion() {
  return duckdb.version();
}

/** Opens a fresh in-memory DuckDB and returns a connection. */
export async function openConnection() {
  const instance = await DuckDBInstance.create(':memory:');
  return instance.connect();
}

/** Quotes a string as a SQL literal (for statements such as COPY that take no parameters). */
export function sqlString(s) {
  return "'" + String(s).replaceAll("'", "''") + "'";
}

/** Runs a query with optional positional parameters and returns the materialized reader. */
export async function query(conn, sql, params) {
  return conn.runAndReadAll(sql, params);
}

const INTEGER_TYPES = new Set([
  DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER, DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT, DuckDBTypeId.UHUGEINT, DuckDBTypeId.BIGNUM,
]);

/**
 * Converts one DuckDB value of the given DuckDB type to the shared JSON representation.
 * microsDivisor: for a top-level TIMESTAMP column whose Parquet unit is MILLIS, DuckDB hands
 * out microseconds; dividing by 1000 gives back the file's own unit exactly.
 */
export function convertDuckDbValue(value, type, microsDivisor = 1n) {
  if (value === null || value === undefined) return null;
  const id = type.typeId;
  if (id === DuckDBTypeId.BOOLEAN) return Boolean(value);
  if (INTEGER_TYPES.has(id)) return formatInteger(value);
  switch (id) {
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return formatFloat(value);
    case DuckDBTypeId.VARCHAR:
    case DuckDBTypeId.ENUM:
      return String(value);
    case DuckDBTypeId.BLOB:
      return formatBytes(value.bytes);
    case DuckDBTypeId.DATE:
      return String(value.days);
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return (value.micros / microsDivisor).toString();
    case DuckDBTypeId.TIMESTAMP_MS:
      return value.millis.toString();
    case DuckDBTypeId.TIMESTAMP_NS:
      return value.nanos.toString();
    case DuckDBTypeId.TIMESTAMP_S:
      return value.seconds.toString();
    case DuckDBTypeId.TIME:
      return value.micros.toString();
    case DuckDBTypeId.TIME_NS:
      return value.nanos.toString();
    case DuckDBTypeId.DECIMAL:
      return formatDecimal(value.value, value.scale);
    case DuckDBTypeId.UUID:
    case DuckDBTypeId.TIME_TZ:
    case DuckDBTypeId.BIT:
      return value.toString();
    case DuckDBTypeId.INTERVAL:
      return { months: String(value.months), days: String(value.days), micros: value.micros.toString() };
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return value.items.map((v) => convertDuckDbValue(v, type.valueType));
    case DuckDBTypeId.STRUCT: {
      const out = {};
      for (const name of type.entryNames) out[name] = convertDuckDbValue(value.entries[name], type.typeForEntry(name));
      return out;
    }
    case DuckDBTypeId.MAP:
      return value.entries.map((e) => [convertDuckDbValue(e.key, type.keyType), convertDuckDbValue(e.value, type.valueType)]);
    case DuckDBTypeId.UNION:
      return { tag: value.tag, value: convertDuckDbValue(value.value, type.memberTypeForTag(value.tag)) };
    default:
      if (typeof value === 'bigint') return value.toString();
      if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
      return value.toString();
  }
}

/**
 * Top-level Parquet schema elements (one per result column, in file order) from
 * parquet_schema(), so timestamps can be reported in the file's own unit.
 */
async function topLevelParquetElements(conn, parquetPath) {
  const rows = (await query(conn, 'SELECT * FROM parquet_schema(?)', [parquetPath])).getRowObjectsJson();
  const top = [];
  if (rows.length === 0) return top;
  // rows are the flattened schema tree (depth first); rows[0] is the root.
  let i = 1;
  const skip = () => {
    const n = Number(rows[i].num_children ?? 0);
    i++;
    for (let k = 0; k < n; k++) skip();
  };
  while (i < rows.length) {
    top.push(rows[i]);
    skip();
  }
  return top;
}

/** Parquet timestamp unit of a schema element: 'millis' | 'micros' | 'nanos' | undefined. */
function parquetTimestampUnit(element) {
  if (!element) return undefined;
  const lt = element.logical_type ?? '';
  if (lt.startsWith('TimestampType')) {
    if (/MILLIS=MilliSeconds/.test(lt)) return 'millis';
    if (/MICROS=MicroSeconds/.test(lt)) return 'micros';
    if (/NANOS=NanoSeconds/.test(lt)) return 'nanos';
  }
  if (element.converted_type === 'TIMESTAMP_MILLIS') return 'millis';
  if (element.converted_type === 'TIMESTAMP_MICROS') return 'micros';
  return undefined;
}

const DUCKDB_TIMESTAMP_UNIT = {
  [DuckDBTypeId.TIMESTAMP]: 'micros',
  [DuckDBTypeId.TIMESTAMP_TZ]: 'micros',
  [DuckDBTypeId.TIMESTAMP_MS]: 'millis',
  [DuckDBTypeId.TIMESTAMP_NS]: 'nanos',
  [DuckDBTypeId.TIMESTAMP_S]: 'seconds',
};

/**
 * Reads a Parquet file with `SELECT * FROM read_parquet(?)` (file order) and returns
 * {columns:[{name,type,unit?}], rows:[[...]]} in the shared representation.
 * For timestamp columns "unit" is the unit of the printed integers: the Parquet column's own
 * unit (DuckDB reads TIMESTAMP(MILLIS) as microsecond TIMESTAMP; we divide back).
 */
export async function readParquetWithDuckDb(conn, parquetPath) {
  const reader = await query(conn, 'SELECT * FROM read_parquet(?)', [parquetPath]);
  const names = reader.columnNames();
  const types = reader.columnTypes();
  const elements = await topLevelParquetElements(conn, parquetPath);
  const columns = [];
  const divisors = [];
  for (let c = 0; c < names.length; c++) {
    const col = { name: names[c], type: types[c].toString() };
    let divisor = 1n;
    const duckUnit = DUCKDB_TIMESTAMP_UNIT[types[c].typeId];
    if (duckUnit) {
      const fileUnit = parquetTimestampUnit(elements[c]);
      col.unit = duckUnit;
      if (duckUnit === 'micros' && fileUnit === 'millis') {
        divisor = 1000n;
        col.unit = 'millis';
      }
    }
    columns.push(col);
    divisors.push(divisor);
  }
  const rows = reader.getRows().map((row) => row.map((v, c) => convertDuckDbValue(v, types[c], divisors[c])));
  return { columns, rows };
}

/**
 * What DuckDB sees in a Parquet file: parquet_metadata() rows (one per row group x column
 * chunk: row_group_id, path_in_schema, type, compression, encodings, stats_min/max,
 * stats_min_value/max_value, stats_null_count, page offsets, sizes, ...), parquet_schema()
 * rows and parquet_file_metadata(). All integers are decimal strings (DuckDB's JSON form).
 */
export async function parquetMetadataWithDuckDb(conn, parquetPath) {
  const metadata = (await query(conn, 'SELECT * EXCLUDE (file_name) FROM parquet_metadata(?)', [parquetPath])).getRowObjectsJson();
  const schema = (await query(conn, 'SELECT * EXCLUDE (file_name) FROM parquet_schema(?)', [parquetPath])).getRowObjectsJson();
  const file = (await query(conn, 'SELECT * EXCLUDE (file_name) FROM parquet_file_metadata(?)', [parquetPath])).getRowObjectsJson();
  return { duckdbVersion: duckDbVersion(), metadata, schema, fileMetadata: file[0] ?? null };
}
