#!/usr/bin/env bash
# The store benchmarks of issue 6 in one run, with ratios: ingest ticks/s from archive Parquet files (target 5M/s),
# 10M ticks into 1-minute bars in process vs DuckDB (threads=1) on the same Parquet file, and reading 1M 1-minute bars
# (GB/s, target 1). Options are passed through: --ticks N --files N --repeat N (smaller values give a quick check).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-tools.sh
dotnet build benchmarks/Store.Benchmarks -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet run -c Release --no-build --project benchmarks/Store.Benchmarks -- store "$@"
