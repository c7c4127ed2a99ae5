#!/usr/bin/env bash
# Throughput benchmark of `archiver run` through the websocket path: `archiver simulate` (its own process, so its CPU
# is not counted against the service) serves --symbols symbols split evenly over Binance, Bybit and Hyperliquid on
# 127.0.0.1; the service archives all of them (l2book depth 20 + trades) into a temporary archive and journal. After a
# warm-up it samples the service's CPU time and memory every second for --seconds and prints one result line and the
# verdict on each target of the issue:
#   received >= --rate messages/s, service CPU < 0.5 cores, peak RSS < 300 MB, RSS not growing over the measurement.
#
# Usage: scripts/bench-archiver.sh [--seconds 60] [--symbols 300] [--rate 100000] [--warmup 10] [--commit-interval 00:00:00.500] [--store [--aggregations]]
# (--commit-interval: the service's CommitInterval, default the service default of 500 ms; at most 00:00:01)
# (--store: also run the live store and its MarketStore server (Archiver:Store, root in the work dir, a free port on
#  127.0.0.1), so trades, 1-minute bars and quotes are written to the bucket store as they arrive; the same targets are
#  checked, labelled "archive + live store", and the store's counters from its drain line are printed at the end;
#  --aggregations adds appsettings.json's default on-disk aggregations, */1Min/OHLCV -> 5Min, 15Min, 1H, 1D)
#
# Messages are records: one trade or one book update (a Binance depth20 frame, a Bybit orderbook.50 delta, a
# Hyperliquid l2Book). They are counted by the service itself, from its statistics line (StatisticsInterval 5 s here,
# "<exchange>: T trades/s, B books/s"), averaged over the samples logged inside the measurement window; so the figure
# is what the service received and recorded, not what the simulator claims to have sent (its frames/s are printed too).
#
# The rate mix per symbol (rate / symbols, 333 msg/s for the defaults), books at each exchange's own pace made faster
# where the real one is too slow to reach the rate:
#   Binance      depth20 every 100 ms (the real @100ms stream):  10 books/s + the rest as trades (one frame per trade)
#   Bybit        orderbook.50 delta every 5 ms (real: 10-20 ms): 200 books/s + the rest as trades (batched per 5 ms)
#   Hyperliquid  l2Book every 20 ms (real: ~500 ms):              50 books/s + the rest as trades (batched per 20 ms)
# The simulator's bursts add 1.2 trades/s per symbol, which is subtracted. The offered load is 5% above --rate so that
# Poisson noise and timer slack in the simulator do not fail a run by themselves; PASS needs the received rate >= --rate.
#
# The whole run is bounded (start-up 60 s, warm-up, measurement, stop 30 s then SIGKILL) and uses 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
symbols=300
rate=100000
warmup=10
commit_interval="00:00:00.500"
store=0
aggregations=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --symbols) symbols="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --commit-interval) commit_interval="$2"; shift 2 ;;
    --store) store=1; shift ;;
    --aggregations) aggregations=1; shift ;;
    -h|--help) sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
for v in "$seconds" "$symbols" "$rate" "$warmup"; do
  [[ "$v" =~ ^[0-9]+$ ]] || { echo "numbers only: $v" >&2; exit 2; }
done
[[ "$commit_interval" =~ ^[0-9:.]+$ ]] || { echo "--commit-interval is a time span, e.g. 00:00:01" >&2; exit 2; }
[ "$seconds" -ge 10 ] || { echo "--seconds must be at least 10" >&2; exit 2; }
[ "$symbols" -ge 3 ] && [ "$symbols" -le 2997 ] || { echo "--symbols must be 3..2997" >&2; exit 2; }

# Targets of the issue.
max_cores=0.5
max_rss_mb=300
max_growth_pct=10

echo "building (Release)..." >&2
dotnet build src/Archiver -c Release --nologo -v quiet -clp:ErrorsOnly >&2
exe="$PWD/src/Archiver/bin/Release/net10.0/archiver"
[ -x "$exe" ] || { echo "no executable at $exe" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/bench-archiver.XXXXXX")"
sim_pid=""
svc_pid=""
stop() { # pid: SIGTERM, wait up to 30 s, then SIGKILL
  local pid="$1"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  echo "pid $pid did not stop within 30 s; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  stop "$svc_pid"
  stop "$sim_pid"
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Symbols per exchange: an even split, the remainder to Binance.
per=$((symbols / 3))
n_binance=$((symbols - 2 * per))
n_bybit=$per
n_hyperliquid=$per

# Trades/s per symbol = messages/s per symbol - books/s - 1.2 burst trades/s, with 5% headroom on the offered load.
read -r tps_binance tps_bybit tps_hyperliquid < <(awk -v r="$rate" -v s="$symbols" 'BEGIN {
  m = r * 1.05 / s
  t1 = m - 10 - 1.2; t2 = m - 200 - 1.2; t3 = m - 50 - 1.2
  if (t1 < 0) t1 = 0; if (t2 < 0) t2 = 0; if (t3 < 0) t3 = 0
  printf "%.2f %.2f %.2f\n", t1, t2, t3 }')

"$exe" simulate --port 0 --binance-symbols "$n_binance" --bybit-symbols "$n_bybit" --hyperliquid-symbols "$n_hyperliquid" \
  --book-interval-ms 100,5,20 --trades-per-second "$tps_binance,$tps_bybit,$tps_hyperliquid" >"$work/simulator.log" 2>&1 &
sim_pid=$!
for _ in $(seq 600); do
  [ "$(grep -c '^[a-z]* ws://' "$work/simulator.log" 2>/dev/null)" -ge 3 ] && break
  kill -0 "$sim_pid" 2>/dev/null || { cat "$work/simulator.log" >&2; echo "the simulator exited" >&2; exit 1; }
  sleep 0.1
done
endpoint() { awk -v e="$1" '$1 == e { print $2; exit }' "$work/simulator.log"; }
ep_binance="$(endpoint binance)"; ep_bybit="$(endpoint bybit)"; ep_hyperliquid="$(endpoint hyperliquid)"
[ -n "$ep_binance" ] && [ -n "$ep_bybit" ] && [ -n "$ep_hyperliquid" ] || { cat "$work/simulator.log" >&2; echo "no endpoints from the simulator" >&2; exit 1; }
case "$ep_binance$ep_bybit$ep_hyperliquid" in *127.0.0.1*127.0.0.1*127.0.0.1*) ;; *) echo "endpoints are not on 127.0.0.1" >&2; exit 1 ;; esac

symbol_list() { # count suffix -> "SYM001USDT", "SYM002USDT", ...
  local out="" i
  for ((i = 1; i <= $1; i++)); do out+="${out:+, }\"$(printf 'SYM%03d' "$i")$2\""; done
  printf '%s' "$out"
}
store_section=""
label="archive only"
if [ "$store" -eq 1 ]; then
  store_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
  aggregation_rules=""
  label="archive + live store"
  if [ "$aggregations" -eq 1 ]; then
    aggregation_rules="\"Aggregations\": [ { \"On\": \"*/1Min/OHLCV\", \"Destinations\": [ \"5Min\", \"15Min\", \"1H\", \"1D\" ] } ],"
    label="archive + live store + aggregations"
  fi
  store_section="\"Store\": { \"Root\": \"$work/store\", $aggregation_rules \"Server\": { \"Enabled\": true, \"Bind\": \"127.0.0.1\", \"Port\": $store_port } },"
fi
cat >"$work/appsettings.json" <<EOF
{
  "Archiver": {
    "ArchiveRoot": "$work/archives",
    "JournalDirectory": "$work/journal",
    "CloseGrace": "00:00:10",
    "CommitInterval": "$commit_interval",
    "StatisticsInterval": "00:00:05",
    $store_section
    "Exchanges": [
      { "Name": "binance", "Endpoint": "$ep_binance", "Symbols": [ $(symbol_list "$n_binance" USDT) ], "Kinds": [ "l2book", "trades" ], "Depth": 20 },
      { "Name": "bybit", "Endpoint": "$ep_bybit", "Symbols": [ $(symbol_list "$n_bybit" USDT) ], "Kinds": [ "l2book", "trades" ], "Depth": 20 },
      { "Name": "hyperliquid", "Endpoint": "$ep_hyperliquid", "Symbols": [ $(symbol_list "$n_hyperliquid" "") ], "Kinds": [ "l2book", "trades" ], "Depth": 20 }
    ]
  },
  "Serilog": {
    "Using": [ "Serilog.Sinks.Console" ],
    "MinimumLevel": { "Default": "Information", "Override": { "Microsoft": "Warning", "Quartz": "Warning" } },
    "WriteTo": [ { "Name": "Console", "Args": { "outputTemplate": "{Timestamp:HH:mm:ss.fff} {Level:u3} [{SourceContext}] {Message:lj}{NewLine}{Exception}" } } ]
  }
}
EOF

(cd "$work" && exec "$exe" run --config "$work/appsettings.json") >"$work/service.log" 2>&1 &
svc_pid=$!
echo "simulator pid $sim_pid, service pid $svc_pid; warming up ${warmup} s, then measuring ${seconds} s (work dir $work)" >&2
sleep "$warmup"
kill -0 "$svc_pid" 2>/dev/null || { tail -n 40 "$work/service.log" >&2; echo "the service exited" >&2; exit 1; }

tck="$(getconf CLK_TCK)"
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; } # utime + stime (fields 14, 15)
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
now_s() { date +%s.%N; }

start_wall="$(now_s)"
start_epoch="$(date +%s)"
start_ticks="$(cpu_ticks "$svc_pid")"
: >"$work/rss.txt"
for ((i = 0; i < seconds; i++)); do
  sleep 1
  kill -0 "$svc_pid" 2>/dev/null || { tail -n 40 "$work/service.log" >&2; echo "the service exited during the measurement" >&2; exit 1; }
  status_kb "$svc_pid" VmRSS >>"$work/rss.txt"
done
end_ticks="$(cpu_ticks "$svc_pid")"
end_wall="$(now_s)"
end_epoch="$(date +%s)"
hwm_kb="$(status_kb "$svc_pid" VmHWM)"
svc_errors="$(grep -cE ' (ERR|FTL|WRN) ' "$work/service.log" || true)"

# Statistics lines logged inside the measurement window (their HH:mm:ss.fff time of day is local time).
sum_stats() {
  awk -v from="$(date -d "@$start_epoch" +%H:%M:%S)" -v to="$(date -d "@$end_epoch" +%H:%M:%S)" '
    / trades\/s, / {
      t = substr($1, 1, 8)
      if (from <= to ? (t <= from || t > to) : (t <= from && t > to)) next
      for (i = 1; i <= NF; i++) {
        if ($i == "trades/s,") { tr += $(i - 1) }
        if ($i == "books/s,") { bk += $(i - 1) }
      }
      lines++
    }
    END { printf "%.0f %.0f %d\n", tr, bk, lines }' "$work/service.log"
}
read -r trades_sum books_sum stat_lines < <(sum_stats)
samples=$((stat_lines / 3))
sim_line="$(grep '^sent ' "$work/simulator.log" | tail -n 1 || true)"

awk -v tck="$tck" -v t0="$start_ticks" -v t1="$end_ticks" -v w0="$start_wall" -v w1="$end_wall" -v hwm="$hwm_kb" \
    -v trades="$trades_sum" -v books="$books_sum" -v n="$samples" -v rate="$rate" -v symbols="$symbols" \
    -v max_cores="$max_cores" -v max_rss="$max_rss_mb" -v max_growth="$max_growth_pct" -v errors="$svc_errors" -v commit="$commit_interval" -v label="$label" '
  { rss[NR] = $1 / 1024 }
  END {
    wall = w1 - w0
    cpu = (t1 - t0) / tck
    cores = cpu / wall
    msgs = n > 0 ? (trades + books) / n : 0
    per_million = msgs > 0 ? cpu / (msgs * wall / 1e6) : 0
    third = int(NR / 3); if (third < 1) third = 1
    for (i = 1; i <= third; i++) if (rss[i] > first) first = rss[i]
    for (i = NR - third + 1; i <= NR; i++) if (rss[i] > last) last = rss[i]
    growth = last - first
    growth_pct = first > 0 ? 100 * growth / first : 0
    peak = hwm / 1024
    ok_rate = msgs >= rate; ok_cpu = cores < max_cores; ok_rss = peak < max_rss; ok_growth = growth_pct <= max_growth
    printf "archiver throughput, %s (CommitInterval %s): %d symbols, %.0f msgs/s received (%.0f trades/s + %.0f books/s, %d statistics samples), %.3f cores (%.2f CPU-s in %.1f s), %.2f CPU-s per million msgs, peak RSS %.0f MB, RSS %.0f -> %.0f MB (max of first vs last third: %+.1f MB, %+.1f%%), %d warnings/errors logged\n",
      label, commit, symbols, msgs, (n > 0 ? trades / n : 0), (n > 0 ? books / n : 0), n, cores, cpu, wall, per_million, peak, rss[1], rss[NR], growth, growth_pct, errors
    printf "  %-4s rate    >= %d msgs/s: %.0f\n", ok_rate ? "PASS" : "FAIL", rate, msgs
    printf "  %-4s cpu     < %.1f cores: %.3f\n", ok_cpu ? "PASS" : "FAIL", max_cores, cores
    printf "  %-4s rss     < %d MB peak: %.0f MB\n", ok_rss ? "PASS" : "FAIL", max_rss, peak
    printf "  %-4s growth  <= %d%% over the run: %+.1f%%\n", ok_growth ? "PASS" : "FAIL", max_growth, growth_pct
    exit (ok_rate && ok_cpu && ok_rss && ok_growth) ? 0 : 1
  }' "$work/rss.txt" && verdict=0 || verdict=1
echo "simulator (last 10 s): ${sim_line:-no rate line yet}"
if [ "$store" -eq 1 ]; then
  # The writer logs its counters when it drains at stop; stop the service now (bounded) to get them.
  stop "$svc_pid"
  drained="$(grep -o 'Live store writer drained: .*' "$work/service.log" | tail -n 1 || true)"
  echo "live store (at stop): ${drained:-no drain line logged (see $work/service.log)}"
  echo "live store size: $(du -sm "$work/store" 2>/dev/null | cut -f1) MB"
fi
if [ "$svc_errors" -gt 0 ]; then
  echo "first warnings/errors of the service:" >&2
  grep -E ' (ERR|FTL|WRN) ' "$work/service.log" | head -n 5 >&2
fi
exit "$verdict"
