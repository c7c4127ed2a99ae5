#!/usr/bin/env bash
# Installs the Node.js interop/benchmark tools (DuckDB, hyparquet, parquetjs) and s3rver (backup tests) pinned in package-lock.json,
# and Debian's Python packages the MarketStore client tests and benchmark use (python3-msgpack, -numpy, -pandas, -websocket, -requests,
# -psycopg2; apt-get, only when one is missing: as root it installs them, otherwise it says what to install).
# Idempotent: runs `npm ci` at the repository root only when node_modules is missing or
# package-lock.json is newer than node_modules/.package-lock.json. Prints one line per part on success.
set -euo pipefail
script_dir="${BASH_SOURCE[0]%/*}"
[[ "$script_dir" == "${BASH_SOURCE[0]}" ]] && script_dir=.
root="$(cd "$script_dir/.." && pwd)"
cd "$root"

python_packages=(python3-msgpack python3-numpy python3-pandas python3-websocket python3-requests python3-psycopg2)
if /usr/bin/python3 -c 'import msgpack, numpy, pandas, websocket, requests, psycopg2' >/dev/null 2>&1; then
  echo "install-test-tools: Debian python packages present ($(/usr/bin/python3 --version 2>&1))"
elif [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  aptlog="$(mktemp)"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${python_packages[@]}" >"$aptlog" 2>&1 ||
         { apt-get update >>"$aptlog" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${python_packages[@]}" >>"$aptlog" 2>&1; }; }; then
    tail -n 20 "$aptlog" >&2
    rm -f "$aptlog"
    echo "install-test-tools: apt-get install ${python_packages[*]} failed (last lines above)" >&2
    exit 1
  fi
  rm -f "$aptlog"
  echo "install-test-tools: installed ${python_packages[*]} with apt-get"
else
  echo "install-test-tools: missing Debian python packages; as root run: apt-get install ${python_packages[*]}" >&2
  exit 1
fi

command -v node >/dev/null 2>&1 || { echo "install-test-tools: node is not installed (need Node.js >= 20 and npm on PATH)" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "install-test-tools: npm is not installed (need Node.js >= 20 and npm on PATH)" >&2; exit 1; }
marker="node_modules/.package-lock.json"
if [[ -d node_modules && -f "$marker" && ! "package-lock.json" -nt "$marker" ]]; then
  echo "install-test-tools: node_modules up to date ($(node --version))"
  exit 0
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! npm ci --no-audit --no-fund --loglevel=error >"$log" 2>&1; then
  grep -v '^npm error *$' "$log" | head -n 20 >&2
  echo "install-test-tools: npm ci failed (first lines of its output above)" >&2
  exit 1
fi
echo "install-test-tools: installed Node.js test tools with npm ci ($(node --version))"
