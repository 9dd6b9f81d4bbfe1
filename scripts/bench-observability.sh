#!/usr/bin/env bash
# Cost of the per-request instrumentation (metrics, request ids): two builds of the server, alternating,
# wrk keep-alive on /healthz; reports req/s and server CPU per request (utime+stime / requests).
#
# Usage: scripts/bench-observability.sh BEFORE_BIN [AFTER_BIN]
#   BEFORE_BIN: a release build without the instrumentation, e.g. from
#     git archive <base> | tar -x -C /tmp/base && (cd /tmp/base && swift build -c release --product agent-metrics)
#   AFTER_BIN defaults to .build/release/agent-metrics. LOOPS=1 ROUNDS=5 DURATION=5s CONNECTIONS=50.
#   EXTRA_AFTER="--access-log" adds flags to the second server only.
set -euo pipefail

BEFORE=${1:?usage: $0 BEFORE_BIN [AFTER_BIN]}
AFTER=${2:-.build/release/agent-metrics}
LOOPS=${LOOPS:-1}
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-50}
EXTRA_AFTER=${EXTRA_AFTER:-}
BEFORE_PORT=${BEFORE_PORT:-18580}
AFTER_PORT=${AFTER_PORT:-18581}

cd "$(dirname "$0")/.."
CLK_TCK=$(getconf CLK_TCK)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done; wait 2>/dev/null' EXIT

start() { # BIN PORT EXTRA...
    local bin=$1 port=$2
    shift 2
    # No database is needed for /healthz; the access log, when on, goes to /dev/null like a log shipper.
    "$bin" server --host 127.0.0.1 --port "$port" --event-loops "$LOOPS" --no-worker --rate-limit-per-ip 0 \
        --mongo-uri "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=100" "$@" 2>/dev/null &
    PIDS+=($!)
    for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0; sleep 0.1; done
    echo "bench-observability: $bin did not listen on $port" >&2
    exit 1
}

ticks() { local f; f=$(cat "/proc/$1/stat"); f=${f##*) }; read -r -a a <<<"$f"; echo $((a[11] + a[12])); }

start "$BEFORE" "$BEFORE_PORT"
BEFORE_PID=${PIDS[-1]}
# shellcheck disable=SC2086
start "$AFTER" "$AFTER_PORT" $EXTRA_AFTER
AFTER_PID=${PIDS[-1]}

for port in "$BEFORE_PORT" "$AFTER_PORT"; do wrk -t1 -c"$CONNECTIONS" -d2s "http://127.0.0.1:$port/healthz" >/dev/null; done

printf 'build\tround\treq/s\tcpu_us_per_req\n'
for round in $(seq "$ROUNDS"); do
    for side in before after; do
        if [ "$side" = before ]; then pid=$BEFORE_PID port=$BEFORE_PORT; else pid=$AFTER_PID port=$AFTER_PORT; fi
        t0=$(ticks "$pid")
        out=$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" "http://127.0.0.1:$port/healthz")
        t1=$(ticks "$pid")
        requests=$(awk '/requests in/ {print $1}' <<<"$out")
        rate=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
        awk -v s="$side" -v r="$round" -v q="$rate" -v n="$requests" -v t=$((t1 - t0)) -v hz="$CLK_TCK" \
            'BEGIN { printf "%s\t%s\t%.0f\t%.3f\n", s, r, q, t * 1e6 / hz / n }'
    done
done | tee /dev/stderr | awk -F'\t' '{ n[$1]++; rate[$1] += $3; cpu[$1] += $4 }
    END { for (s in n) printf "mean %s: %.0f req/s, %.3f us CPU/request over %d rounds\n", s, rate[s] / n[s], cpu[s] / n[s], n[s] }'
