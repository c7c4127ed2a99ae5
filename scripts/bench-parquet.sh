#!/usr/bin/env bash
# The Parquet codec against DuckDB (one thread) on 10M trades and 1M depth-20 book rows, side by side, with ratios.
# Options are passed through: --trades N --book N --repeat N (smaller values give a quick check).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-tools.sh
dotnet build benchmarks/Store.Benchmarks -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet run -c Release --no-build --project benchmarks/Store.Benchmarks -- compare "$@"
