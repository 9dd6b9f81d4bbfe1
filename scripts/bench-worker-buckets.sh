#!/usr/bin/env bash
# What the hourly and daily buckets cost the worker (issue 13): time of one `worker --once` absorbing RUNS new runs
# (AGENTS x VERSIONS versions, on top of as many runs already counted), this build against a base binary without
# buckets, alternating, REPS passes each, medians. Two shapes of runs:
#   now   - every run created in the last hour (a steady deployment: one hourly and one daily bucket per version)
#   8days - runs spread over 8 days (bench-worker.sh's shape, the worst case: nearly one hourly bucket per run)
# Each pass gets its own database on one nx-27017 (in memory), seeded identically (fixed random seed).
# Usage: scripts/bench-worker-buckets.sh BASE_BIN [BIN]   (env: AGENTS=200 VERSIONS=5 RUNS=10000 REPS=3)
set -euo pipefail
export AGENT_METRICS_RATE_LIMIT_PER_IP=0
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
base="${1:?usage: scripts/bench-worker-buckets.sh BASE_BIN [BIN]}"
bin="${2:-$root/.build/release/agent-metrics}"
AGENTS=${AGENTS:-200}
VERSIONS=${VERSIONS:-5}
RUNS=${RUNS:-10000}
REPS=${REPS:-3}
python="$root/.venv/bin/python"
out="$root/bench-results"
mkdir -p "$out"
report="$out/worker-buckets-$(date +%Y%m%d-%H%M%S).txt"
work="$(mktemp -d)"
port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$root/.venv/bin/nx-27017" --host 127.0.0.1 --port "$port" --data-dir memory \
    --pid-file "$work/nx.pid" --log-file "$work/nx.log" >/dev/null 2>&1 &
nx=$!
cleanup() { kill "$nx" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
uri="mongodb://127.0.0.1:$port"
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

# seed DB SHAPE COUNTED: the catalogue, and RUNS runs of SHAPE (counted or not), always the same ones.
seed() {
    "$python" - "$uri" "$1" "$AGENTS" "$VERSIONS" "$RUNS" "$2" "$3" <<'PY'
import sys, random, datetime, pymongo
from bson import ObjectId
uri, name, agents, versions, runs, shape, counted = sys.argv[1:8]
agents, versions, runs, counted = int(agents), int(versions), int(runs), counted == "1"
d = pymongo.MongoClient(uri)[name]
random.seed(7 if counted else 8)
now = datetime.datetime.now(datetime.timezone.utc)
if d.agents.count_documents({}) == 0:
    ags = [{"_id": ObjectId("%024x" % (i + 1)), "name": f"agent-{i}", "project": "p", "created_at": now,
            "updated_at": now} for i in range(agents)]
    d.agents.insert_many(ags)
    d.agent_versions.insert_many([{"_id": ObjectId(), "agent_id": str(a["_id"]), "version": f"1.{v}", "cluster": "c",
                                   "deployment": "d", "tools": [], "models": [], "created_at": now}
                                  for a in ags for v in range(versions)])
keys = [("%024x" % (i + 1), f"1.{v}") for i in range(agents) for v in range(versions)]
span = 3600 if shape == "now" else 8 * 86400
first = d.agent_runs.count_documents({})
batch = []
for i in range(runs):
    a, v = random.choice(keys)
    batch.append({"agent_id": a, "version": v, "run_id": first + i, "task_id": None,
                  "status": random.choice(["completed", "completed", "failed", "running"]),
                  "created": now - datetime.timedelta(seconds=random.uniform(0, span)), "time_taken": "1s",
                  "time_taken_seconds": random.uniform(0.1, 60), "initiator": "bench", "tools": [], "models": [],
                  "cost": random.uniform(0, 0.5), "counted": counted})
    if len(batch) == 5000:
        d.agent_runs.insert_many(batch); batch = []
if batch: d.agent_runs.insert_many(batch)
PY
}

{
echo "# worker --once absorbing $RUNS new runs ($AGENTS x $VERSIONS versions, $RUNS already counted): $bin vs $base"
echo "# $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start, $REPS alternating passes each, medians"
for shape in now 8days; do
    declare -A times=([base]="" [this]="")
    for rep in $(seq "$REPS"); do
        for side in base this; do
            db="wb_${shape}_${side}_$rep"
            seed "$db" "$shape" 1
            seed "$db" "$shape" 0
            [ "$side" = base ] && binary="$base" || binary="$bin"
            start=$(date +%s.%N)
            # A long lease: a base binary without the heartbeat in --once loses a short one in long write steps.
            "$binary" worker --once --mongo-uri "$uri" --db-name "$db" --lease-duration 60s --log-level warning ||
                echo "pass failed: $side $shape $rep" >&2
            times[$side]+="$(echo "$(date +%s.%N) - $start" | bc) "
        done
    done
    median() { printf '%s\n' $1 | sort -n | sed -n "$(( (REPS + 1) / 2 ))p"; }
    b=$(median "${times[base]}")
    t=$(median "${times[this]}")
    echo "shape=$shape base_s=$b this_s=$t ratio=$(echo "scale=2; $t / $b" | bc) base_passes=(${times[base]% }) this_passes=(${times[this]% })"
done
} | tee "$report"
