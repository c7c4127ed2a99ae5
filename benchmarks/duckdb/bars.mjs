#!/usr/bin/env node
// Usage: node benchmarks/duckdb/bars.mjs --trades FILE [--repeat N]
// With SET threads=1, times (best of N, default 3) the 1-minute OHLCV GROUP BY over an archive trades Parquet file:
//   open/close = first/last price by (exch_ts, file row), high/low = max/min, volume = sum(size), per
//   time_bucket(1 minute, exch_ts), materialized into a temp table. Prints ONE JSON object:
//   {"duckdbVersion":..,"threads":1,"repeat":N,"rows":<ticks>,"bars":<bars>,"seconds":<best>}

import { performance } from 'node:perf_hooks';
import { fail, printResult, runMain } from '../../tests/interop/interop-common.mjs';
import { duckDbVersion, openConnection, sqlString } from '../../tests/interop/duckdb-common.mjs';

const USAGE = 'usage: node benchmarks/duckdb/bars.mjs --trades FILE [--repeat N]';

runMain(async () => {
  const argv = process.argv.slice(2);
  const opts = { repeat: 3 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--trades' && i + 1 < argv.length) opts.trades = argv[++i];
    else if (argv[i] === '--repeat' && i + 1 < argv.length) opts.repeat = Number(argv[++i]);
    else fail(`unknown argument ${argv[i]}\n${USAGE}`, 2);
  }
  if (!opts.trades || !Number.isInteger(opts.repeat) || opts.repeat < 1) fail(USAGE, 2);
  const conn = await openConnection();
  try {
    await conn.run('SET threads=1');
    const sql = 'CREATE OR REPLACE TEMP TABLE bars AS SELECT time_bucket(INTERVAL 1 minute, exch_ts) AS minute, ' +
      'first(price ORDER BY exch_ts, file_row_number) AS open, max(price) AS high, min(price) AS low, ' +
      'last(price ORDER BY exch_ts, file_row_number) AS close, sum(size) AS volume ' +
      `FROM read_parquet(${sqlString(opts.trades)}, file_row_number = true) GROUP BY 1`;
    let best = Infinity;
    for (let i = 0; i < opts.repeat; i++) {
      const start = performance.now();
      await conn.run(sql);
      best = Math.min(best, (performance.now() - start) / 1000);
    }
    const count = (await conn.runAndReadAll('SELECT count(*) FROM bars')).getRows()[0][0];
    const rows = (await conn.runAndReadAll(`SELECT count(*) FROM read_parquet(${sqlString(opts.trades)})`)).getRows()[0][0];
    printResult({ duckdbVersion: await duckDbVersion(conn), threads: 1, repeat: opts.repeat, rows: Number(rows), bars: Number(count), seconds: best });
  } finally {
    conn.closeSync();
  }
});
