#!/usr/bin/env bash
# Issue 14: server CPU per agent run ingested over OTLP/HTTP (protobuf exports of RUNS_PER_EXPORT agent runs, each
# with CHILDREN child spans: chat spans with model and usage, execute_tool spans), against the JSON
# `POST .../versions/{version}/runs` path with batches of the same size, in the same run on one nx-27017. Server CPU is
# utime+stime from /proc/PID/stat over the posting, divided by the runs stored (the server runs --no-worker, as in
# scripts/bench-ingest-cpu.sh); medians of ROUNDS alternating rounds. The bodies are built before the clock starts.
# Usage: scripts/bench-otlp.sh  (env: ROUNDS=3 EXPORTS=100 RUNS_PER_EXPORT=100 CHILDREN=5)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
ROUNDS="${ROUNDS:-3}"
EXPORTS="${EXPORTS:-100}"
RUNS_PER_EXPORT="${RUNS_PER_EXPORT:-100}"
CHILDREN="${CHILDREN:-5}"
SWIFT="${SWIFT:-swift}"

scripts/venv.sh opentelemetry-proto >/dev/null
"$SWIFT" build -c release --product agent-metrics >/dev/null

. scripts/bench-ingest-setup.sh --no-worker --db-name bench_otlp
ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
hz=$(getconf CLK_TCK)
runs=$((EXPORTS * RUNS_PER_EXPORT))
next_id=1

# measure SIDE: sets `value` to the server's CPU µs per run for one round of SIDE (otlp or json).
measure() {
    local before after
    before=$(ticks)
    if [ "$1" = otlp ]; then
        .venv/bin/python scripts/bench-otlp.py otlp "$http_port" "$EXPORTS" "$RUNS_PER_EXPORT" "$CHILDREN" "$next_id"
    else
        .venv/bin/python scripts/bench-otlp.py json "$http_port" "$path" "$EXPORTS" "$RUNS_PER_EXPORT" "$next_id"
    fi
    after=$(ticks)
    next_id=$((next_id + runs * (CHILDREN + 1)))
    value=$(python3 -c "print(f'{($after - $before) / $hz * 1e6 / $runs:.2f}')")
}

# Warm-up: the first OTLP export registers the agent and version and fills the process's caches.
.venv/bin/python scripts/bench-otlp.py otlp "$http_port" 2 "$RUNS_PER_EXPORT" "$CHILDREN" 999000000000

results="$work/results.txt"
: >"$results"
for round in $(seq 1 "$ROUNDS"); do
    for side in otlp json; do
        [ $((round % 2)) -eq 0 ] && side=$([ "$side" = otlp ] && echo json || echo otlp)
        measure "$side"
        echo "$side $value" >>"$results"
        echo "round $round: $side: $value µs/run" >&2
    done
done
stored=$(curl -sf "http://127.0.0.1:$http_port/api/v1/agents/bench-otlp/versions/1.0.0/runs?limit=1" | head -c 80)
echo "sample OTLP run: $stored…" >&2

python3 - "$results" "$RUNS_PER_EXPORT" "$CHILDREN" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    side, value = line.split()
    rows.setdefault(side, []).append(float(value))
otlp, json_ = statistics.median(rows["otlp"]), statistics.median(rows["json"])
print(f"| path ({sys.argv[2]} runs per request) | server CPU µs/run (median) | ÷ JSON | rounds |")
print("|---|---|---|---|")
print(f"| OTLP protobuf, {sys.argv[3]} child spans per run | {otlp:.2f} | {otlp / json_:.2f} | "
      + ", ".join(f"{v:.1f}" for v in rows["otlp"]) + " |")
print(f"| JSON POST .../runs | {json_:.2f} | 1.00 | " + ", ".join(f"{v:.1f}" for v in rows["json"]) + " |")
print()
print("Goal (issue 14): OTLP ≤ 10 µs of server CPU per agent run.")
PY
