#!/usr/bin/env bash
# The MarketStore-compatible server side by side with PostgreSQL and the loopback floor, one run:
# 1M 1-minute OHLCV bars (48 MB) over /rpc into a pandas DataFrame vs psycopg2 into a DataFrame vs socket+decode,
# plus 1,000 symbols x 1,000 bars in one multi-symbol query. Starts `archiver serve` on a temp store and PostgreSQL
# (initdb in a temp directory, private port; as the current user, or as 'postgres' when run as root).
# Options go to scripts/bench_server.py (--rows N --symbols N --symbol-rows N --repeat N --breakdown).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
bash scripts/install-test-tools.sh >/dev/null
python=/usr/bin/python3
[[ -x "$python" ]] || python=python3

work="$(mktemp -d /tmp/bench-server.XXXXXX)"
server_pid=""
pg_bin=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  if [[ -n "$pg_bin" ]]; then as_pg "$pg_bin/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# PostgreSQL refuses to run as root: then it runs as the 'postgres' system user the Debian package creates.
as_pg() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

echo "building archiver..."
dotnet build src/Archiver -c Release --nologo -v quiet -clp:ErrorsOnly
archiver="$root/src/Archiver/bin/Release/net10.0/archiver"

mkdir -p "$work/store"
port="$(free_port)"
"$archiver" serve --store "$work/store" --port "$port" >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/heartbeat" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" >&2; echo "bench-server: archiver serve exited" >&2; exit 1; }
  sleep 0.1
done

pg_args=()
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [[ -n "$pg_bin" && -x "$pg_bin/initdb" ]]; then
  pg_port="$(free_port)"
  mkdir -p "$work/pg"
  [[ "$(id -u)" == 0 ]] && chown postgres "$work" "$work/pg"
  as_pg "$pg_bin/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$work/pg" -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c shared_buffers=256MB" -l "$work/pg/log" -w start >/dev/null
  pg_args=(--pg-port "$pg_port")
  echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on port $pg_port"
else
  pg_bin=""
  echo "PostgreSQL is not installed (apt-get install postgresql python3-psycopg2): running without it"
fi

PGUSER=postgres "$python" scripts/bench_server.py --endpoint "http://127.0.0.1:$port/rpc" --server-log "$work/serve.log" "${pg_args[@]}" "$@"
