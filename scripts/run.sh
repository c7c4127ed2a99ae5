#!/usr/bin/env bash
# The main job on a built-in default, with no internet needed.
# Until the archiver service lands (issue 4: `archiver run --simulate`), this writes one synthetic hour of trades and
# depth-20 book snapshots in the archive layout with the project's Parquet codec, then inspects the trades file.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Archiver.sln -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet run -c Release --no-build --project benchmarks/Store.Benchmarks -- sample archives
dotnet run -c Release --no-build --project src/Archiver -- inspect archives/sample/perp/trades/2025/01/BTCUSDT_0100.parquet --rows 5
