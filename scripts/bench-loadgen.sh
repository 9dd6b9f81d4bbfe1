#!/usr/bin/env bash
# Load generator vs wrk against the server's /healthz: is agent-metrics-load ever the bottleneck?
# Starts the release server with one event loop, then alternates `wrk -t1 -c50` and
# `agent-metrics-load url -c 50` (ROUNDS x SECONDS each) and prints medians and ratios.
# Usage: scripts/bench-loadgen.sh [ROUNDS] [SECONDS]   (env: PORT, CONNECTIONS)
set -euo pipefail
# Benchmarks measure the server flat out from one address: no per-IP request limit.
export AGENT_METRICS_RATE_LIMIT_PER_IP=0
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
SECONDS_PER_RUN=${2:-5}
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
CONNECTIONS=${CONNECTIONS:-50}
URL="http://127.0.0.1:${PORT}/healthz"

command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 1; }
swift build -c release --product agent-metrics >/dev/null
swift build -c release --product agent-metrics-load >/dev/null

# Pin the server and the load to different cores so runs compare tools, not scheduler placement (unpinned,
# both tools swing between ~70k and ~130k req/s depending on where the kernel puts the threads).
PIN_SERVER=""; PIN_LOAD=""
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then PIN_SERVER="taskset -c 0"; PIN_LOAD="taskset -c 1"; fi
$PIN_SERVER .build/release/agent-metrics server --host 127.0.0.1 --port "$PORT" --event-loops 1 --no-worker \
    --log-level error 2>/dev/null &  # /healthz needs no database; its absence is all the log would say
SERVER=$!
TMP=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true; rm -rf "$TMP"' EXIT
for _ in $(seq 50); do curl -sf "$URL" >/dev/null 2>&1 && break; sleep 0.1; done

# wrk prints latencies as 561.00us / 1.07ms / 2.01s; convert to milliseconds.
to_ms() { awk '{ v=$1; if (v ~ /us$/) { sub(/us$/,"",v); print v/1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v); print v } else if (v ~ /s$/) { sub(/s$/,"",v); print v*1000 } }'; }
median() { sort -g | awk '{ a[NR]=$1 } END { print a[int((NR+1)/2)] }'; }

: >$TMP/wrk
: >$TMP/ours
for round in $(seq "$ROUNDS"); do
    out=$($PIN_LOAD wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$URL")
    rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
    p50=$(echo "$out" | awk '$1 == "50%" { print $2 }' | to_ms)
    p99=$(echo "$out" | awk '$1 == "99%" { print $2 }' | to_ms)
    echo "$rps $p50 $p99" >>$TMP/wrk
    json=$($PIN_LOAD .build/release/agent-metrics-load url "$URL" -c "$CONNECTIONS" -d "${SECONDS_PER_RUN}s" --json)
    ours=$(echo "$json" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["throughput_rps"], r["latency_ms"]["p50"], r["latency_ms"]["p99"])')
    echo "$ours" >>$TMP/ours
    echo "round $round: wrk $rps req/s p50 ${p50}ms p99 ${p99}ms | agent-metrics-load $ours" >&2
done

col() { awk -v c="$2" '{ print $c }' "$1" | median; }
W_RPS=$(col $TMP/wrk 1); W_P50=$(col $TMP/wrk 2); W_P99=$(col $TMP/wrk 3)
O_RPS=$(col $TMP/ours 1); O_P50=$(col $TMP/ours 2); O_P99=$(col $TMP/ours 3)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '| tool | req/s | p50 ms | p99 ms |\n|---|---|---|---|\n'
printf '| wrk -t1 -c%s | %.0f | %.3f | %.3f |\n' "$CONNECTIONS" "$W_RPS" "$W_P50" "$W_P99"
printf '| agent-metrics-load url -c %s | %.0f | %.3f | %.3f |\n' "$CONNECTIONS" "$O_RPS" "$O_P50" "$O_P99"
printf '| ratio (ours / wrk) | %s | %s | %s |\n' "$(ratio "$O_RPS" "$W_RPS")" "$(ratio "$O_P50" "$W_P50")" "$(ratio "$O_P99" "$W_P99")"
