#!/usr/bin/env node
// Usage: node tests/interop/list-pages.mjs FILE.parquet
// Walks every column chunk of FILE page by page and prints ONE JSON object describing the page
// headers as they are on disk:
//   {"rowGroups":[{"numRows":..,"columns":[{"path":..,"codec":..,"encodings":[..],"numValues":..,
//     "pages":[{"type":3,"typeName":"DATA_PAGE_V2","encoding":"PLAIN","numValues":..,"numNulls":..,
//               "numRows":..,"isCompressed":true,"compressedSize":..,"uncompressedSize":..,
//               "levelBytes":{"rep":..,"def":..}}]}]}]}
// The footer comes from hyparquet's parquetMetadata; each page header is decoded with hyparquet's
// Thrift compact decoder (raw field numbers, no interpretation), so nothing here depends on the
// writer that produced the file. "type" is the raw PageType number (0 DATA_PAGE, 1 INDEX_PAGE,
// 2 DICTIONARY_PAGE, 3 DATA_PAGE_V2). A chunk starts at dictionary_page_offset when present,
// else data_page_offset, and spans total_compressed_size bytes.

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parquetMetadata } from 'hyparquet';
import { deserializeTCompactProtocol } from 'hyparquet/src/thrift.js';
import { fail, printResult, readFileAsArrayBuffer, runMain } from './interop-common.mjs';

const USAGE = 'usage: node tests/interop/list-pages.mjs FILE.parquet';

const PAGE_TYPES = ['DATA_PAGE', 'INDEX_PAGE', 'DICTIONARY_PAGE', 'DATA_PAGE_V2'];
const ENCODINGS = ['PLAIN', 'GROUP_VAR_INT', 'PLAIN_DICTIONARY', 'RLE', 'BIT_PACKED', 'DELTA_BINARY_PACKED',
  'DELTA_LENGTH_BYTE_ARRAY', 'DELTA_BYTE_ARRAY', 'RLE_DICTIONARY', 'BYTE_STREAM_SPLIT'];

const enc = (n) => (n === undefined ? undefined : ENCODINGS[n] ?? `UNKNOWN(${n})`);

/** Decodes the page headers of one column chunk. */
export function listChunkPages(view, start, length) {
  const pages = [];
  const reader = { view, offset: start };
  const end = start + length;
  while (reader.offset < end) {
    const h = deserializeTCompactProtocol(reader);
    const page = {
      type: h.field_1,
      typeName: PAGE_TYPES[h.field_1] ?? `UNKNOWN(${h.field_1})`,
      uncompressedSize: h.field_2,
      compressedSize: h.field_3,
    };
    if (h.field_5) { // DataPageHeader
      Object.assign(page, {
        encoding: enc(h.field_5.field_2),
        numValues: h.field_5.field_1,
        defLevelEncoding: enc(h.field_5.field_3),
        repLevelEncoding: enc(h.field_5.field_4),
      });
    }
    if (h.field_7) Object.assign(page, { encoding: enc(h.field_7.field_2), numValues: h.field_7.field_1 });
    if (h.field_8) { // DataPageHeaderV2
      Object.assign(page, {
        encoding: enc(h.field_8.field_4),
        numValues: h.field_8.field_1,
        numNulls: h.field_8.field_2,
        numRows: h.field_8.field_3,
        isCompressed: h.field_8.field_7 === undefined ? true : h.field_8.field_7, // Thrift default true
        levelBytes: { rep: h.field_8.field_6, def: h.field_8.field_5 },
      });
    }
    pages.push(page);
    reader.offset += h.field_3;
  }
  if (reader.offset !== end) throw new Error(`pages end at ${reader.offset}, chunk ends at ${end}`);
  return pages;
}

export function listPages(path) {
  const file = readFileAsArrayBuffer(path);
  const view = new DataView(file);
  const metadata = parquetMetadata(file);
  return {
    createdBy: metadata.created_by,
    rowGroups: metadata.row_groups.map((rg) => ({
      numRows: Number(rg.num_rows),
      columns: rg.columns.map((cc) => {
        const m = cc.meta_data;
        const start = Number(m.dictionary_page_offset ?? m.data_page_offset);
        return {
          path: m.path_in_schema.join('.'),
          codec: m.codec,
          encodings: m.encodings,
          numValues: Number(m.num_values),
          totalCompressedSize: Number(m.total_compressed_size),
          totalUncompressedSize: Number(m.total_uncompressed_size),
          pages: listChunkPages(view, start, Number(m.total_compressed_size)),
        };
      }),
    })),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runMain(async () => {
    const args = process.argv.slice(2);
    if (args.length !== 1 || args[0].startsWith('--')) fail(USAGE, 2);
    printResult(listPages(args[0]));
  });
}
