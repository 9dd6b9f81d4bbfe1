#!/usr/bin/env bash
# Ingest-to-dashboard lag (issue 10): a release server with its default configuration (worker in the
# process, default interval) on a throwaway nx-27017, fed a steady RATE runs/s (open loop, batches of
# BATCH) by scripts/bench-lag.py, which polls /api/v1/ui/recent_activity and /api/v1/ui/stats every
# 20 ms and reports, per round, p50/p99/max of the time from a POST's acknowledgement to the run's first
# appearance. A second server with --no-worker on the same database is polled the same way ("peer_"): it
# sees runs only through the worker's passes and its 500 ms generation check, the lag between servers.
# Prints each round's JSON and the medians over ROUNDS; writes bench-results/lag-<stamp>.txt.
# Usage: [ROUNDS=3 RATE=2000 BATCH=100 DURATION=60 WARMUP=5] scripts/bench-lag.sh [binary]
set -euo pipefail
# Benchmarks measure the server flat out from one address: no per-IP request limit.
export AGENT_METRICS_RATE_LIMIT_PER_IP=0
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${1:-$root/.build/release/agent-metrics}"
python="$root/.venv/bin/python"
ROUNDS="${ROUNDS:-3}"; RATE="${RATE:-2000}"; BATCH="${BATCH:-100}"; DURATION="${DURATION:-60}"; WARMUP="${WARMUP:-5}"
[ -x "$bin" ] || (cd "$root" && swift build -c release --product agent-metrics >/dev/null)
"$root/scripts/venv.sh" >/dev/null
out="$root/bench-results"
mkdir -p "$out"
report="$out/lag-$(date +%Y%m%d-%H%M%S).txt"
work="$(mktemp -d)"
nx=""; server=""; peer=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
    [ -n "$peer" ] && kill "$peer" 2>/dev/null && wait "$peer" 2>/dev/null || true
    [ -n "$nx" ] && kill -9 "$nx" 2>/dev/null && wait "$nx" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

for round in $(seq "$ROUNDS"); do
    # A fresh database and server per round, so rounds do not grow each other's history.
    db_port="$(free_port)"
    "$root/.venv/bin/nx-27017" --host 127.0.0.1 --port "$db_port" --data-dir memory \
        --pid-file "$work/nx.pid" --log-file "$work/nx.log" >/dev/null 2>&1 &
    nx=$!
    for _ in $(seq 200); do (exec 3<>"/dev/tcp/127.0.0.1/$db_port") 2>/dev/null && break; sleep 0.1; done
    port="$(free_port)"
    "$bin" server --host 127.0.0.1 --port "$port" --mongo-uri "mongodb://127.0.0.1:$db_port" --db-name bench_lag \
        --log-level warning 2>"$work/server.log" &
    server=$!
    peer_port="$(free_port)"
    "$bin" server --host 127.0.0.1 --port "$peer_port" --mongo-uri "mongodb://127.0.0.1:$db_port" --db-name bench_lag \
        --no-worker --event-loops 1 --log-level warning 2>"$work/peer.log" &
    peer=$!
    for p in "$port" "$peer_port"; do
        for _ in $(seq 100); do curl -sf "http://127.0.0.1:$p/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
    done
    "$python" "$root/scripts/bench-lag.py" --port "$port" --peer-port "$peer_port" --rate "$RATE" --batch "$BATCH" \
        --duration "$DURATION" --warmup "$WARMUP" | tee -a "$report"
    kill "$server" "$peer"; wait "$server" "$peer" 2>/dev/null || true; server=""; peer=""
    # SIGKILL: nx-27017 was seen to ignore SIGTERM here, and an in-memory store has nothing to flush.
    kill -9 "$nx"; wait "$nx" 2>/dev/null || true; nx=""
done

"$python" - "$report" <<'PY' | tee -a "$report"
import json, statistics, sys
rounds = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
def med(path):
    values = [r[path[0]][path[1]] if len(path) == 2 else r[path[0]] for r in rounds]
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None
print(f"medians over {len(rounds)} rounds: acked {med(['acked_runs_per_s'])} runs/s, late sends {med(['late_sends'])}")
for key in ("recent_activity", "cards", "peer_recent_activity", "peer_cards"):
    print(f"  {key}: p50 {med([key, 'p50_ms'])} ms, p99 {med([key, 'p99_ms'])} ms, max {med([key, 'max_ms'])} ms")
PY
