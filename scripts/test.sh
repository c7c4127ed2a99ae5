#!/usr/bin/env bash
# Runs every test of the solution from a fresh clone: installs the test-only Node tools (DuckDB, hyparquet) from the
# committed lock file, builds, runs all test projects, and ends with the totals alone on a line: "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-tools.sh
dotnet build Archiver.sln -c Release --nologo -v quiet -clp:ErrorsOnly

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
set +e
dotnet test Archiver.sln -c Release --no-build --nologo --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" "$@"
status=$?
set -e

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The test host crashed or a project failed to run: count that as a failure, never as green.
  failed=1
fi
echo "${passed} passed, ${failed} failed"
[ "$status" -eq 0 ]
