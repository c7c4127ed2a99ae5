#!/usr/bin/env bash
# The main job on a built-in default, with no internet needed: the archiver service against the local exchange
# simulator (Binance, Bybit and Hyperliquid on 127.0.0.1), archiving into ./archives with its journal in ./journal and
# logs in ./logs, and writing the live trades into the store in ./store, served MarketStore-style on
# http://127.0.0.1:5993/rpc (try: /usr/bin/python3 scripts/notebook_example.py). Runs until Ctrl-C; extra arguments go
# to `archiver run` (e.g. --config FILE). ARCHIVER_STORE=0 runs the archiver alone.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Archiver -c Release --nologo -v quiet -clp:ErrorsOnly
if [[ "${ARCHIVER_STORE:-1}" != 0 ]]; then export Archiver__Store__Server__Enabled="${Archiver__Store__Server__Enabled:-true}"; fi
exec dotnet run -c Release --no-build --project src/Archiver -- run --simulate "$@"
