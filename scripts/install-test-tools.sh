#!/usr/bin/env bash
# Installs the Node.js interop/benchmark tools (DuckDB, hyparquet, parquetjs) and s3rver (backup tests) pinned in package-lock.json.
# Idempotent: runs `npm ci` at the repository root only when node_modules is missing or
# package-lock.json is newer than node_modules/.package-lock.json. Prints one line on success.
set -euo pipefail
script_dir="${BASH_SOURCE[0]%/*}"
[[ "$script_dir" == "${BASH_SOURCE[0]}" ]] && script_dir=.
root="$(cd "$script_dir/.." && pwd)"
cd "$root"
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
