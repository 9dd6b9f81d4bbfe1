#!/usr/bin/env bash
# UI reads at scale (issue 13): ui/timeseries, ui/compare and the first page of ui/agent_versions (plain and gzip), each against
# /healthz on the same server in the same run, with wrk. AGENTS x VERSIONS versions and RUNS runs created over the
# last 48 hours are inserted straight into nx-27017 (API-shaped documents, counted: false) and counted by one
# `worker --once` (its time is reported, but it is no worker benchmark: see scripts/bench-worker.sh); the server
# runs with --no-worker, so the load is the server's alone. The first 10 agents' runs are spread over the 48 hours
# (the time series read agent-7's); every other agent's runs fall in the last hour, and runs are stored version by
# version, so counting writes about one hourly and one daily bucket per version rather than one per run. ROUNDS alternating rounds (every target once per round, /healthz
# first), medians reported, each target's ratio against /healthz's median req/s, and server CPU per request
# (utime+stime from /proc/PID/stat) against /healthz's.
#
# Usage: scripts/bench-ui.sh [PATH ...]
#   Extra PATHs (e.g. /api/v1/ui/compare?agent=agent-0&base=1.0&candidate=1.1) are measured like the defaults;
#   a PATH prefixed with gzip: is requested with Accept-Encoding: gzip.
#   env: AGENTS=1000 VERSIONS=5 RUNS=200000 ROUNDS=3 DURATION=10s WARMUP=2s CONNECTIONS=32 PAGE=50
#        BIN=.build/release/agent-metrics
set -euo pipefail
# Benchmarks measure the server flat out from one address: no per-IP request limit.
export AGENT_METRICS_RATE_LIMIT_PER_IP=0

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
AGENTS=${AGENTS:-1000}
VERSIONS=${VERSIONS:-5}
RUNS=${RUNS:-200000}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
CONNECTIONS=${CONNECTIONS:-32}
PAGE=${PAGE:-50}
BIN=${BIN:-.build/release/agent-metrics}
python="$root/.venv/bin/python"

for tool in wrk curl; do
    command -v "$tool" >/dev/null || { echo "bench-ui: $tool is missing (make bench installs it)" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "bench-ui: $BIN not built; run: swift build -c release --product agent-metrics" >&2; exit 1; }
[ -x "$python" ] || { echo "bench-ui: no .venv; run: scripts/venv.sh" >&2; exit 1; }

out="$root/bench-results"
mkdir -p "$out"
report="$out/ui-$(date +%Y%m%d-%H%M%S).md"
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
say() { echo "$*" | tee -a "$report"; }
free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
CLK_TCK=$(getconf CLK_TCK)
# cpu_ticks, wrk_measure_init, wrk_measure
source "$root/scripts/wrk-measure.sh"

db_port=$(free_port)
"$root/.venv/bin/nx-27017" --host 127.0.0.1 --port "$db_port" --data-dir memory \
    --pid-file "$work/nx.pid" --log-file "$work/nx.log" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 200); do (exec 3<>"/dev/tcp/127.0.0.1/$db_port") 2>/dev/null && break; sleep 0.1; done
uri="mongodb://127.0.0.1:$db_port"

{
    echo "# UI reads at scale, $(date -u +%Y-%m-%dT%H:%MZ)"
    echo
    echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources || echo '+dirty'), $(nproc) cores," \
        "load average $(cut -d' ' -f1-3 /proc/loadavg) at start, nx-27017 in memory, wrk -t1 -c$CONNECTIONS -d$DURATION," \
        "$ROUNDS alternating rounds"
    echo
} | tee "$report"

# Seed: agents agent-0..N-1, versions 1.0..1.(V-1), RUNS runs uniform over the last 48 hours.
seed_start=$(date +%s.%N)
"$python" - "$uri" bench_ui "$AGENTS" "$VERSIONS" "$RUNS" <<'PY'
import sys, random, datetime, pymongo
from bson import ObjectId
uri, name, agents, versions, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
d = pymongo.MongoClient(uri)[name]
random.seed(13)
now = datetime.datetime.now(datetime.timezone.utc)
ags = [{"_id": ObjectId(), "name": f"agent-{i}", "project": f"p{i % 10}", "created_at": now, "updated_at": now}
       for i in range(agents)]
d.agents.insert_many(ags)
d.agent_versions.insert_many([{"_id": ObjectId(), "agent_id": str(a["_id"]), "version": f"1.{v}", "cluster": "c",
                               "deployment": "d", "tools": ["t"], "models": ["m"],
                               "created_at": now - datetime.timedelta(days=versions - v)}
                              for a in ags for v in range(versions)])
keys = [(index, str(a["_id"]), f"1.{v}") for index, a in enumerate(ags) for v in range(versions)]
batch = []
for k, (index, a, v) in enumerate(keys):
    for i in range(k * runs // len(keys), (k + 1) * runs // len(keys)):
        age = random.uniform(0, 48 * 3600) if index < 10 else random.uniform(0, 3600)
        batch.append({"agent_id": a, "version": v, "run_id": i, "task_id": None,
                      "status": random.choice(["completed", "completed", "completed", "failed", "running"]),
                      "created": now - datetime.timedelta(seconds=age), "time_taken": "1s",
                      "time_taken_seconds": random.uniform(0.1, 60), "initiator": "bench", "tools": [], "models": [],
                      "cost": random.uniform(0, 0.5), "counted": False})
        if len(batch) == 5000:
            d.agent_runs.insert_many(batch); batch = []
if batch: d.agent_runs.insert_many(batch)
PY
seed_s=$(echo "$(date +%s.%N) - $seed_start" | bc)
count_start=$(date +%s.%N)
# One pass counts every run: on a busy machine nx-27017 may take longer than the 10 s default socket timeout for
# one of its large writes, so this one-off count allows 10 minutes.
"$BIN" worker --once --mongo-uri "$uri/?socketTimeoutMS=600000" --db-name bench_ui --log-level warning
count_s=$(echo "$(date +%s.%N) - $count_start" | bc)
buckets=$("$python" -c "import pymongo,sys; d=pymongo.MongoClient(sys.argv[1]).bench_ui; print(d.agent_version_hourly.count_documents({}), d.agent_version_daily.count_documents({}))" "$uri")
say "data: $AGENTS agents x $VERSIONS versions, $RUNS runs (agents 0-9 over the last 48 h, the others in the last hour)," \
    "inserted in ${seed_s%.*} s;" \
    "counted by \`agent-metrics worker --once\` in ${count_s} s (hourly and daily bucket documents: $buckets)"

port=$(free_port)
server_cmd="$BIN server --host 127.0.0.1 --port $port --mongo-uri $uri --db-name bench_ui --no-worker --log-level warning"
$server_cmd 2>>"$work/server.log" &
server=$!
pids+=($server)
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
# The first UI read waits for the first snapshot; then every version must be in it.
for _ in $(seq 100); do
    rows=$(curl -sf "$base/api/v1/ui/agent_versions" | "$python" -c 'import json,sys; print(len(json.load(sys.stdin)))')
    [ "$rows" -ge $((AGENTS * VERSIONS)) ] && break
    sleep 0.2
done
say "server: \`$server_cmd\`; agent_versions holds $rows rows"

# The compare window starts a whole hour ago, so it stays the same query (and cached answer) through the run.
since=$(date -u -d "@$(( $(date +%s) / 3600 * 3600 - 24 * 3600 ))" +%Y-%m-%dT%H:%M:%SZ)
# label|path|accept-encoding
targets=(
    "healthz|/healthz|"
    "timeseries (48 h hourly, all versions)|/api/v1/ui/timeseries?agent=agent-7|"
    "timeseries (48 h hourly, all versions), gzip|/api/v1/ui/timeseries?agent=agent-7|gzip"
    "timeseries (30 d daily, one version), gzip|/api/v1/ui/timeseries?agent=agent-7&version=1.1&bucket=day|gzip"
    "agent_versions first page|/api/v1/ui/agent_versions?limit=$PAGE|"
    "agent_versions first page, gzip|/api/v1/ui/agent_versions?limit=$PAGE|gzip"
    "agent_versions first page by -totalRuns, gzip|/api/v1/ui/agent_versions?limit=$PAGE&sort=-totalRuns|gzip"
    "compare (all time)|/api/v1/ui/compare?agent=agent-7&base=1.0&candidate=1.1|"
    "compare (since 24 h ago, from the buckets)|/api/v1/ui/compare?agent=agent-7&base=1.0&candidate=1.1&since=$since|"
)
for extra in "$@"; do
    if [[ "$extra" == gzip:* ]]; then targets+=("${extra#gzip:}, gzip|${extra#gzip:}|gzip"); else targets+=("$extra|$extra|"); fi
done

say
say "| target | bytes sent | status |"
say "|---|---:|---|"
for target in "${targets[@]}"; do
    IFS='|' read -r label path encoding <<<"$target"
    header=()
    [ -n "$encoding" ] && header=(-H "Accept-Encoding: $encoding")
    status=$(curl -s -o "$work/body" -w '%{http_code}' "${header[@]}" "$base$path")
    say "| $label | $(wc -c <"$work/body") | $status |"
done

wrk_measure_init "$work"

# run INDEX ROUND: one wrk run of target INDEX; appends "index round requests duration_us p50 p99 errors cpu_ticks"
# (no result from wrk counts as one error).
run() {
    local label path encoding header result requests duration p50 p99 errors ticks
    IFS='|' read -r label path encoding <<<"${targets[$1]}"
    header=()
    [ -n "$encoding" ] && header=(-H "Accept-Encoding: $encoding")
    result=$(wrk_measure "$server" "${header[@]}" "$base$path") || true
    kill -0 "$server" 2>/dev/null || { echo "bench-ui: the server died during $label" >&2; cat "$work/server.log" >&2; exit 1; }
    read -r requests duration p50 p99 errors ticks <<<"$result"
    echo "$1 $2 $requests $duration $p50 $p99 $errors $ticks" >>"$work/runs"
    printf '  round %s %-48s %8.0f req/s  p99 %s us  errors %s\n' "$2" "$label" \
        "$(awk -v r="$requests" -v d="$duration" 'BEGIN {print r * 1e6 / d}')" "$p99" "$errors" >&2
}

for index in "${!targets[@]}"; do
    IFS='|' read -r _ path encoding <<<"${targets[$index]}"
    header=()
    [ -n "$encoding" ] && header=(-H "Accept-Encoding: $encoding")
    timeout 60 wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "${header[@]}" "$base$path" >/dev/null 2>&1 || true
done
: >"$work/runs"
for round in $(seq "$ROUNDS"); do
    for index in "${!targets[@]}"; do run "$index" "$round"; done
done

say
say "| target | req/s (median) | rounds | p50 ms | p99 ms | vs /healthz | server CPU µs/request | CPU vs /healthz | errors |"
say "|---|---:|---|---:|---:|---:|---:|---:|---:|"
labels=()
for target in "${targets[@]}"; do labels+=("${target%%|*}"); done
"$python" - "$work/runs" "$CLK_TCK" "${labels[@]}" <<'PY' | tee -a "$report"
import sys, statistics
runs_file, ticks, labels = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
rows = {}
for line in open(runs_file):
    index, rnd, requests, duration, p50, p99, errors, cpu = map(int, line.split())
    rows.setdefault(index, []).append((requests * 1e6 / duration, p50, p99, errors, cpu * 1e6 / ticks / max(requests, 1)))
def median(index, field):
    return statistics.median(r[field] for r in rows[index])
anchor_rps, anchor_cpu = median(0, 0), median(0, 4)
for index, label in enumerate(labels):
    r = rows[index]
    print(f"| {label} | {median(index, 0):,.0f} | {', '.join(f'{x[0]:,.0f}' for x in r)} | {median(index, 1) / 1000:.3f} |"
          f" {median(index, 2) / 1000:.3f} | **{median(index, 0) / anchor_rps:.2f}** | {median(index, 4):.1f} |"
          f" {median(index, 4) / anchor_cpu:.2f} | {sum(x[3] for x in r)} |")
PY
say
say "goal: each UI target >= 0.80 of /healthz req/s (medians of the same run). Load average at the end:" \
    "$(cut -d' ' -f1-3 /proc/loadavg)."
echo "report: $report" >&2
