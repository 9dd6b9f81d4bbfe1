#!/usr/bin/env bash
# Worker and UI benchmarks (issue 4), against a throwaway nx-27017 on a free loopback port.
#  1. Pass cost: time of `worker --once` absorbing 10,000 new runs when 10,000 vs 200,000 runs are
#     already stored and counted (goal: within 1.5x).
#  (UI reads against /healthz are in scripts/bench-suite.sh.)
# Usage: [REPS=3] scripts/bench-worker.sh [binary]   (default .build/release/agent-metrics)
set -euo pipefail
# Benchmarks measure the server flat out from one address: no per-IP request limit.
export AGENT_METRICS_RATE_LIMIT_PER_IP=0
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${1:-$root/.build/release/agent-metrics}"
python="$root/.venv/bin/python"
out="$root/bench-results"
mkdir -p "$out"
work="$(mktemp -d)"
port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$root/.venv/bin/nx-27017" --host 127.0.0.1 --port "$port" --data-dir "$work/data" \
    --pid-file "$work/nx.pid" --log-file "$work/nx.log" >/dev/null 2>&1 &
nx=$!
cleanup() { kill "$nx" 2>/dev/null || true; [ -n "${server:-}" ] && kill "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
uri="mongodb://127.0.0.1:$port"
for _ in $(seq 100); do "$python" -c "import pymongo; pymongo.MongoClient('$uri', serverSelectionTimeoutMS=200).admin.command('ping')" 2>/dev/null && break; sleep 0.1; done

# seed DB AGENTS VERSIONS RUNS COUNTED: agents, versions, and RUNS runs spread over the last 8 days.
seed() {
    "$python" - "$uri" "$@" <<'PY'
import sys, random, datetime, pymongo
from bson import ObjectId
uri, db, agents, versions, runs, counted = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6] == "1"
d = pymongo.MongoClient(uri)[db]
now = datetime.datetime.now(datetime.timezone.utc)
if d.agents.count_documents({}) == 0:
    ags = [{"_id": ObjectId(), "name": f"agent-{i}", "project": f"p{i%10}", "created_at": now, "updated_at": now} for i in range(agents)]
    d.agents.insert_many(ags)
    d.agent_versions.insert_many([{"_id": ObjectId(), "agent_id": str(a["_id"]), "version": f"1.{v}", "cluster": "c", "deployment": "d",
                                    "tools": ["t"], "models": ["m"], "created_at": now} for a in ags for v in range(versions)])
keys = [(v["agent_id"], v["version"]) for v in d.agent_versions.find({}, {"agent_id": 1, "version": 1})]
base = d.agent_runs.count_documents({})
batch = []
for i in range(runs):
    a, v = random.choice(keys)
    batch.append({"agent_id": a, "version": v, "run_id": base + i, "task_id": None, "status": random.choice(["completed", "completed", "failed", "running"]),
                  "created": now - datetime.timedelta(seconds=random.uniform(0, 8 * 86400)), "time_taken": "1s",
                  "time_taken_seconds": random.uniform(0.1, 60), "initiator": "bench", "tools": [], "models": [], "cost": random.uniform(0, 0.5),
                  "counted": counted})
    if len(batch) == 5000:
        d.agent_runs.insert_many(batch); batch = []
if batch: d.agent_runs.insert_many(batch)
PY
}

pass_time() { # db -> seconds of one `worker --once`
    local start end
    start=$(date +%s.%N)
    "$bin" worker --once --mongo-uri "$uri" --db-name "$1" --log-level warning
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

report="$out/worker-$(date +%Y%m%d-%H%M%S).txt"
reps="${REPS:-3}"
{
echo "# pass cost: absorb 10,000 new runs ($reps passes each, median reported)"
for history in 10000 200000; do
    db="bench_h$history"
    seed "$db" 200 5 "$history" 0
    first=$(pass_time "$db")       # counts the history itself
    times=()
    for _ in $(seq "$reps"); do
        seed "$db" 200 5 10000 0
        times+=("$(pass_time "$db")")
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (reps + 1) / 2 ))p")
    echo "history=$history counting_history_s=$first absorb_10000_s=$median passes=${times[*]}"
done
} | tee "$report"
# UI reads at 1,000 agents x 5 versions and 200,000 runs: scripts/bench-suite.sh (issue 4's goal, with /healthz).
