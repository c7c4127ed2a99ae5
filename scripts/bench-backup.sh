#!/usr/bin/env bash
# Side-by-side backup benchmark: the same archive tree, to the same local S3-compatible server (s3rver on 127.0.0.1),
# with `archiver backup` / `archiver restore --all`, `rclone sync` (the tool users pick for speed) and `aws s3 sync`
# (second reference). Each tool gets its own key prefix in one bucket.
#
# Usage: scripts/bench-backup.sh [--small N (10000)] [--large N (3)] [--large-mb M (64)] [--step-timeout S (1800)] [--keep]
#
# Steps, in this order, each bounded by `timeout`:
#   upload:   archiver backup (first), archiver backup (re-run, nothing changed),
#             rclone sync up (first), rclone sync up (re-run), aws s3 sync up (first), aws s3 sync up (re-run)
#   restore:  archiver restore --all into an empty dir, rclone sync down, aws s3 sync down (each into its own empty dir)
# Every restored tree is compared with the source (diff -r, ignoring archiver's local .backup-cache, which rclone and
# aws are told to exclude so all three move exactly the same files). Prints seconds per step per tool and the ratios
# ours/rclone and ours/aws (<= 1.00: we take at most the reference's time).
#
# Tools use their defaults (archiver: concurrency 8; rclone: --transfers 4 --checkers 8, size+modtime compare, plus
# --fast-list, which s3rver needs (see below);
# aws: 10 concurrent requests, size+mtime compare). rclone and awscli are installed with apt-get when missing; a tool
# that cannot be installed is skipped with a line saying so. Uses 127.0.0.1 only; cleans up s3rver and temp dirs.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

small=10000
large=3
large_mb=64
step_timeout=1800
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --small) small="$2"; shift 2 ;;
    --large) large="$2"; shift 2 ;;
    --large-mb) large_mb="$2"; shift 2 ;;
    --step-timeout) step_timeout="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "bench-backup: unknown argument $1" >&2; exit 2 ;;
  esac
done

log() { echo "bench-backup: $*" >&2; }

# ---- tools -------------------------------------------------------------------------------------------------------
updated=0
ensure_pkg() { # ensure_pkg <command> <package>: 0 when the command is (now) available
  local cmd="$1" pkg="$2"
  command -v "$cmd" >/dev/null 2>&1 && return 0
  log "$cmd missing: apt-get install -y $pkg"
  if ! timeout 600 apt-get install -y "$pkg" >/dev/null 2>&1; then
    if [ "$updated" = 0 ]; then
      log "install failed; apt-get update and retry"
      timeout 600 apt-get update >/dev/null 2>&1 || true
      updated=1
    fi
    timeout 600 apt-get install -y "$pkg" >/dev/null 2>&1 || true
  fi
  command -v "$cmd" >/dev/null 2>&1
}
have_rclone=1; have_aws=1
ensure_pkg rclone rclone || { have_rclone=0; log "SKIP rclone: package rclone could not be installed"; }
# Prefer Debian's awscli (/usr/bin/aws) over any other aws on PATH (e.g. a pyenv shim).
if [ -x /usr/bin/aws ]; then AWS=/usr/bin/aws
elif ensure_pkg aws awscli; then AWS="$(command -v aws)"; [ -x /usr/bin/aws ] && AWS=/usr/bin/aws
else have_aws=0; AWS=; log "SKIP aws: package awscli could not be installed"; fi

timeout 900 bash scripts/install-test-tools.sh >&2
log "building src/Archiver (Release)"
timeout 900 dotnet build -c Release src/Archiver -nologo -v q >/dev/null
archiver_dll="$(ls src/Archiver/bin/Release/net*/archiver.dll | head -n 1)"
[ -f "$archiver_dll" ] || { log "archiver.dll not found after build"; exit 1; }

# ---- temp dirs and cleanup ---------------------------------------------------------------------------------------
work="$(mktemp -d /tmp/bench-backup.XXXXXX)"
s3pid=
cleanup() {
  exec 3>&- || true
  if [ -n "$s3pid" ]; then
    for _ in $(seq 1 50); do kill -0 "$s3pid" 2>/dev/null || break; sleep 0.1; done
    kill "$s3pid" 2>/dev/null || true
    wait "$s3pid" 2>/dev/null || true
  fi
  if [ "$keep" = 1 ]; then log "kept $work (s3rver stopped)"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the tree ----------------------------------------------------------------------------------------------------
src="$work/src"
log "generating $small small files + $large x ${large_mb} MB in $src"
timeout 900 node --input-type=module - "$src" "$small" "$large" "$large_mb" <<'EOF'
import { mkdirSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
const [root, small, large, largeMb] = [process.argv[2], +process.argv[3], +process.argv[4], +process.argv[5]];
const exchanges = ['binance', 'bybit', 'hyperliquid'];
const tickers = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'DOGEUSDT', 'ADAUSDT', 'AVAXUSDT', 'LINKUSDT', 'DOTUSDT', 'LTCUSDT'];
const kinds = ['trades', 'l2book'];
const series = [];
for (const e of exchanges) for (const t of tickers) for (const k of kinds) series.push([e, t, k]);
const pad = n => String(n).padStart(2, '0');
function path(e, t, k, hourIndex) {
  const d = new Date(Date.UTC(2025, 0, 1) + hourIndex * 3600_000);
  const name = `${t}${k === 'l2book' ? '_depth20' : ''}_${pad(d.getUTCDate())}${pad(d.getUTCHours())}.parquet`;
  return join(root, e, 'perp', k, String(d.getUTCFullYear()), pad(d.getUTCMonth() + 1), name);
}
const made = new Set();
function write(p, bytes) { mkdirSync(dirname(p), { recursive: true }); writeFileSync(p, bytes); }
// Small files: 1-48 KiB of random bytes (like a compressed hourly Parquet file of a quiet ticker), PAR1 framed.
for (let i = 0; i < small; i++) {
  const [e, t, k] = series[i % series.length];
  const p = path(e, t, k, Math.floor(i / series.length));
  const size = 1024 + Math.floor(Math.random() * 47 * 1024);
  const b = randomBytes(size); b.write('PAR1', 0); b.write('PAR1', size - 4);
  write(p, b); made.add(p);
}
// Large files: busy l2book hours on binance, after the small files' hours.
const firstLarge = Math.ceil(small / series.length) + 1;
for (let i = 0; i < large; i++) {
  const p = path('binance', tickers[i % tickers.length], 'l2book', firstLarge + Math.floor(i / tickers.length));
  mkdirSync(dirname(p), { recursive: true });
  const fd = openSync(p, 'w');
  const chunk = 1 << 20;
  for (let m = 0; m < largeMb; m++) writeSync(fd, randomBytes(chunk));
  closeSync(fd); made.add(p);
}
console.error(`generated ${made.size} files`);
EOF
src_bytes=$(du -sb "$src" | cut -f1)
src_files=$(find "$src" -type f | wc -l)

# ---- s3rver ------------------------------------------------------------------------------------------------------
bucket=bench
mkfifo "$work/s3in"
mkdir -p "$work/s3data"
# --openssl-legacy-provider: s3rver 3.7 encrypts ListObjectsV2 continuation tokens with DES, which Node >= 17's OpenSSL 3
# lacks by default; without it every listing of more than 1000 keys fails with InternalError (jamhall/s3rver#814).
node_flags=()
node --openssl-legacy-provider -e "require('crypto').createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8))" 2>/dev/null \
  && node_flags=(--openssl-legacy-provider)
node "${node_flags[@]}" tests/interop/s3rver.mjs "$work/s3data" "$bucket" <"$work/s3in" >"$work/s3port" 2>"$work/s3err" &
s3pid=$!
exec 3>"$work/s3in"
port=
for _ in $(seq 1 300); do
  port=$(sed -n 's/.*"port": *\([0-9]*\).*/\1/p' "$work/s3port" 2>/dev/null || true)
  [ -n "$port" ] && break
  kill -0 "$s3pid" 2>/dev/null || { cat "$work/s3err" >&2; log "s3rver exited"; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { log "s3rver did not start in 30 s"; exit 1; }
endpoint="http://127.0.0.1:$port"
log "s3rver on $endpoint, bucket $bucket"

export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
export AWS_REQUEST_CHECKSUM_CALCULATION=when_required AWS_RESPONSE_CHECKSUM_VALIDATION=when_required
export AWS_PAGER=""
export RCLONE_CONFIG=/dev/null RCLONE_CONFIG_S3_TYPE=s3 RCLONE_CONFIG_S3_PROVIDER=Other
export RCLONE_CONFIG_S3_ENDPOINT="$endpoint" RCLONE_CONFIG_S3_ACCESS_KEY_ID=S3RVER RCLONE_CONFIG_S3_SECRET_ACCESS_KEY=S3RVER
export RCLONE_CONFIG_S3_FORCE_PATH_STYLE=true RCLONE_CONFIG_S3_REGION=us-east-1
# rclone's S3 SDK fails on any AWS_CA_BUNDLE in the environment (LoadCustomCABundleError); the endpoint is plain http.
# --fast-list: s3rver 3.7 answers delimiter listings below the first level with no CommonPrefixes, so rclone's default
# directory-by-directory walk sees an empty prefix; --fast-list lists recursively (and is rclone's advice for speed on S3).
RCLONE=(env -u AWS_CA_BUNDLE rclone --fast-list)
cat >"$work/appsettings.json" <<EOF
{ "Archiver": { "Backup": { "Endpoint": "$endpoint", "Bucket": "$bucket", "Prefix": "archiver", "ForcePathStyle": true,
  "AccessKey": "S3RVER", "SecretKey": "S3RVER" } } }
EOF

# ---- timing ------------------------------------------------------------------------------------------------------
declare -A T
timed() { # timed <key> <command...>: stores seconds in T[key]; on failure stores FAIL
  local key="$1"; shift
  local t0 t1 rc=0
  t0=$(date +%s.%N)
  timeout "$step_timeout" "$@" >"$work/$key.out" 2>"$work/$key.err" || rc=$?
  t1=$(date +%s.%N)
  if [ "$rc" = 0 ]; then
    T[$key]=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')
    log "$key: ${T[$key]} s"
  else
    T[$key]=FAIL
    log "$key: FAILED (exit $rc$([ "$rc" = 124 ] && echo ", timed out after ${step_timeout} s")); last lines:"
    tail -n 5 "$work/$key.err" >&2 || true
  fi
}
timed ours_up1 dotnet "$archiver_dll" backup --config "$work/appsettings.json" --archive "$src"
timed ours_up2 dotnet "$archiver_dll" backup --config "$work/appsettings.json" --archive "$src"
[ -f "$work/ours_up2.out" ] && log "archiver re-run said: $(tail -n 1 "$work/ours_up2.out")"
if [ "$have_rclone" = 1 ]; then
  timed rclone_up1 "${RCLONE[@]}" sync "$src" "s3:$bucket/rclone" --exclude /.backup-cache
  timed rclone_up2 "${RCLONE[@]}" sync "$src" "s3:$bucket/rclone" --exclude /.backup-cache
fi
if [ "$have_aws" = 1 ]; then
  timed aws_up1 "$AWS" s3 sync "$src" "s3://$bucket/aws" --endpoint-url "$endpoint" --exclude .backup-cache --only-show-errors
  timed aws_up2 "$AWS" s3 sync "$src" "s3://$bucket/aws" --endpoint-url "$endpoint" --exclude .backup-cache --only-show-errors
fi

verify() { # verify <key> <dir>
  [ "${T[$1]}" = FAIL ] && return 0
  if diff -r -x .backup-cache "$src" "$2" >"$work/$1.diff" 2>&1; then V[$1]=identical
  else V[$1]="DIFFERS ($(wc -l <"$work/$1.diff") diff lines)"; head -n 5 "$work/$1.diff" >&2; fi
}
declare -A V
mkdir -p "$work/dst-ours" "$work/dst-rclone" "$work/dst-aws"
timed ours_down dotnet "$archiver_dll" restore --all --config "$work/appsettings.json" --archive "$work/dst-ours"
verify ours_down "$work/dst-ours"
if [ "$have_rclone" = 1 ]; then
  timed rclone_down "${RCLONE[@]}" sync "s3:$bucket/rclone" "$work/dst-rclone"
  verify rclone_down "$work/dst-rclone"
fi
if [ "$have_aws" = 1 ]; then
  timed aws_down "$AWS" s3 sync "s3://$bucket/aws" "$work/dst-aws" --endpoint-url "$endpoint" --only-show-errors
  verify aws_down "$work/dst-aws"
fi

# ---- report ------------------------------------------------------------------------------------------------------
ratio() { # ratio <ours> <theirs>
  case "$1$2" in *FAIL*|*-*) echo "-" ; return ;; esac
  [ -z "$2" ] && { echo "-"; return; }
  awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "-" }'
}
g() { echo "${T[$1]:--}"; }
echo
echo "Backup benchmark: $src_files files, $((src_bytes / 1048576)) MB ($small small of 1-48 KiB, $large x $large_mb MB), s3rver on 127.0.0.1, $(nproc) cores"
echo "rclone: $([ "$have_rclone" = 1 ] && rclone version 2>/dev/null | sed -n 1p || echo skipped); aws: $([ "$have_aws" = 1 ] && "$AWS" --version 2>&1 | cut -d' ' -f1 || echo skipped)"
echo
printf '%-26s %10s %10s %10s %12s %12s\n' step archiver rclone aws ours/rclone ours/aws
for step in "upload (first):up1" "upload (re-run, no change):up2" "restore (full):down"; do
  name="${step%%:*}"; k="${step##*:}"
  printf '%-26s %10s %10s %10s %12s %12s\n' "$name" "$(g ours_$k)" "$(g rclone_$k)" "$(g aws_$k)" \
    "$(ratio "$(g ours_$k)" "$(g rclone_$k)")" "$(ratio "$(g ours_$k)" "$(g aws_$k)")"
done
echo
for k in ours_down rclone_down aws_down; do [ -n "${V[$k]:-}" ] && echo "restored tree, ${k%_down}: ${V[$k]}"; done
fail=0
for k in "${!T[@]}"; do [ "${T[$k]}" = FAIL ] && fail=1; done
for k in "${!V[@]}"; do [ "${V[$k]}" = identical ] || fail=1; done
exit "$fail"
