#!/usr/bin/env bash
# The main job on a built-in default, with no internet needed: the archiver service against the local exchange
# simulator (Binance, Bybit and Hyperliquid on 127.0.0.1), archiving into ./archives with its journal in ./journal and
# logs in ./logs. Runs until Ctrl-C; extra arguments go to `archiver run` (e.g. --config FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Archiver -c Release --nologo -v quiet -clp:ErrorsOnly
exec dotnet run -c Release --no-build --project src/Archiver -- run --simulate "$@"
