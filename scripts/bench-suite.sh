#!/usr/bin/env bash
# The standard load suite (issue 5), driven by agent-metrics-load against a release server on nx-27017:
#   ingest runs/s; UI reads (req/s, p99 per endpoint) side by side with /healthz at 1,000 agents x 5 versions
#   and 200,000 runs (issue 4's goal: each UI endpoint >= 0.8x /healthz); the dashboard read mix with p99 per
#   endpoint on that data set; 10,000 idle keep-alive connections; mixed at 80% of its closed-loop maximum (open
#   loop, p99), from an empty database.
# Every result line carries the command that reproduces it (ports are this run's; start the server as shown).
# nx-27017 is single-process Python: every number that touches the database is nx's speed, not the server's.
# Usage: scripts/bench-suite.sh   (env: RUNS=200000 AGENTS=1000 VERSIONS=5 DURATION=10s WARMUP=2s
#        CONNECTIONS=32 IDLE=10000 LOAD_DURATION=20s)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
RUNS="${RUNS:-200000}"
AGENTS="${AGENTS:-1000}"
VERSIONS="${VERSIONS:-5}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-2s}"
CONNECTIONS="${CONNECTIONS:-32}"
IDLE="${IDLE:-10000}"
LOAD_DURATION="${LOAD_DURATION:-20s}"
SWIFT="${SWIFT:-swift}"

scripts/venv.sh >/dev/null
"$SWIFT" build -c release --product agent-metrics >/dev/null
"$SWIFT" build -c release --product agent-metrics-load >/dev/null
server_bin=.build/release/agent-metrics
load=.build/release/agent-metrics-load
python="$root/.venv/bin/python"

out="$root/bench-results"
mkdir -p "$out"
stamp="$(date +%Y%m%d-%H%M%S)"
report="$out/suite-$stamp.md"
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
say() { echo "$*" | tee -a "$report"; }
# json FILE EXPR: evaluates a Python expression over the report `r` loaded from FILE.
json() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print($2)" "$1"; }
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

# 10,000 idle connections need as many descriptors in the server and in the generator.
ulimit -n "$(ulimit -Hn)"

db_port="$(free_port)"
"$root/.venv/bin/nx-27017" --host 127.0.0.1 --port "$db_port" --data-dir memory \
    --pid-file "$work/nx.pid" --log-file "$work/nx.log" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$db_port") 2>/dev/null && break; sleep 0.1; done
uri="mongodb://127.0.0.1:$db_port"

# Every load and idle connection comes from 127.0.0.1: lift the per-IP limit (default 256) for the benchmark.
export AGENT_METRICS_MAX_CONNECTIONS_PER_IP=1000000
# Benchmarks measure the server flat out from one address: no per-IP request limit.
export AGENT_METRICS_RATE_LIMIT_PER_IP=0

# start_server DB: a server without a worker on a free port; sets server, server_cmd, base. Without a worker
# the load is the server's alone, and the dashboard reloads what `worker --once` stores (at most once a
# second), as in a deployment whose worker runs elsewhere.
start_server() {
    local port
    port="$(free_port)"
    server_cmd="$server_bin server --host 127.0.0.1 --port $port --mongo-uri $uri --db-name $1 --no-worker --log-level warning"
    $server_cmd 2>>"$work/server.log" &
    server=$!
    pids+=($server)
    base="http://127.0.0.1:$port"
    for _ in $(seq 1 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
}

# run NAME ARGS...: one generator run, its JSON kept as $work/NAME.json.
run() {
    local name="$1"
    shift
    echo "running: $load $* --json" >&2
    "$load" "$@" --json >"$work/$name.json" 2>"$work/$name.err" || {
        echo "agent-metrics-load exited $? for $name:" >&2
        cat "$work/$name.err" >&2
    }
}
cmd() { echo "\`agent-metrics-load $*\`"; }

{
    echo "# agent-metrics standard suite, $(date -u +%Y-%m-%dT%H:%MZ)"
    echo
    echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources LoadTests || echo '+dirty'), $(nproc) cores," \
        "load average $(cut -d' ' -f1-3 /proc/loadavg), nx-27017 in memory (\`--data-dir memory\`)"
    echo
} | tee "$report"

# 1. Ingest with verification, on an empty database (verification lists every version's runs back).
start_server bench_ingest
say "server: \`$server_cmd\`"
ingest_args=(ingest "$base" --agents 100 --versions 3 --batch 500 -c 4 -d "$DURATION" --warmup "$WARMUP" --prefix suite)
run ingest "${ingest_args[@]}"
say
say "## Ingest"
say
say "| runs/s | runs acknowledged | lost | p99 ms per batch | command |"
say "|---:|---:|---:|---:|---|"
say "| $(json "$work/ingest.json" 'r["runs_per_second"]') | $(json "$work/ingest.json" 'r["acknowledged_runs"]') |" \
    "$(json "$work/ingest.json" 'r["lost_runs"]') | $(json "$work/ingest.json" 'r["latency_ms"]["p99"]') |" \
    "$(cmd "${ingest_args[@]}") |"
kill "$server"
wait "$server" 2>/dev/null || true

# 2. The dashboard data set: AGENTS x VERSIONS through the API, RUNS runs, all counted.
start_server bench_ui
say
say "server for everything below: \`$server_cmd\`"
say
load_args=(ingest "$base" --agents "$AGENTS" --versions "$VERSIONS" --batch 1000 -c 4 -d "$LOAD_DURATION" --no-verify --prefix ui)
run load "${load_args[@]}"
stored=$("$python" -c "import pymongo,sys; print(pymongo.MongoClient(sys.argv[1])[sys.argv[2]].agent_runs.count_documents({}))" "$uri" bench_ui)
topped=""
if [ "$stored" -lt "$RUNS" ]; then
    # Top up directly (API-shaped documents, counted: false) so the UI runs always see RUNS runs.
    "$python" - "$uri" bench_ui "$((RUNS - stored))" <<'PY'
import sys, random, datetime, pymongo
uri, name, missing = sys.argv[1], sys.argv[2], int(sys.argv[3])
d = pymongo.MongoClient(uri)[name]
keys = [(v["agent_id"], v["version"]) for v in d.agent_versions.find({}, {"agent_id": 1, "version": 1})]
now = datetime.datetime.now(datetime.timezone.utc)
batch = []
for i in range(missing):
    a, v = random.choice(keys)
    batch.append({"agent_id": a, "version": v, "run_id": 10**12 + i, "task_id": None, "status": "completed",
                  "created": now - datetime.timedelta(seconds=random.uniform(0, 86400)), "time_taken": "1s",
                  "time_taken_seconds": 1.0, "initiator": "bench", "tools": [], "models": [], "cost": 0.01,
                  "counted": False})
    if len(batch) == 5000:
        d.agent_runs.insert_many(batch); batch = []
if batch: d.agent_runs.insert_many(batch)
PY
    topped=" ($stored through the API, the rest inserted directly)"
    stored="$RUNS"
fi
say "loaded $stored runs$topped, API ingest at $(json "$work/load.json" 'r["runs_per_second"]') runs/s: $(cmd "${load_args[@]}")"
start=$(date +%s.%N)
"$server_bin" worker --once --mongo-uri "$uri" --db-name bench_ui --log-level warning
counted_s=$(echo "$(date +%s.%N) - $start" | bc)
say
say "counted by \`agent-metrics worker --once --mongo-uri $uri --db-name bench_ui\` in ${counted_s} s"
# The server reloads the dashboard on the first read after the worker's generation changes.
curl -sf "$base/api/v1/ui/stats" >/dev/null
sleep 2
rows=$(curl -sf "$base/api/v1/ui/agent_versions" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
bytes=$(curl -sf "$base/api/v1/ui/agent_versions" | wc -c)

# 3. UI reads next to /healthz, same server, same run, closed loop.
say
say "## UI reads vs /healthz ($AGENTS agents x $VERSIONS versions, $stored runs; agent_versions: $rows rows, $bytes bytes)"
say
say "| endpoint | req/s | p50 ms | p99 ms | vs faster /healthz | errors | command |"
say "|---|---:|---:|---:|---:|---:|---|"
# Bracketed by /healthz before and after; ratios are against the faster of the two, so noise never flatters.
paths=(/healthz /api/v1/ui/stats /api/v1/ui/recent_activity /api/v1/ui/agent_versions /healthz)
for index in "${!paths[@]}"; do
    run "ui$index" url "$base${paths[$index]}" -c "$CONNECTIONS" -d "$DURATION" --warmup "$WARMUP"
done
healthz_rps=$(python3 -c "import json,sys; print(max(json.load(open(f))['throughput_rps'] for f in sys.argv[1:]))" \
    "$work/ui0.json" "$work/ui4.json")
for index in "${!paths[@]}"; do
    f="$work/ui$index.json"
    rps=$(json "$f" 'r["throughput_rps"]')
    say "| \`${paths[$index]}\` | $rps | $(json "$f" 'r["latency_ms"]["p50"]') | $(json "$f" 'r["latency_ms"]["p99"]') |" \
        "$(python3 -c "print(f'{$rps/$healthz_rps:.2f}')") | $(json "$f" 'r["errors"]["total"]') |" \
        "$(cmd url "$base${paths[$index]}" -c "$CONNECTIONS" -d "$DURATION" --warmup "$WARMUP") |"
done

# 4. The dashboard read mix (UI endpoints, agent list, run listings with pagination).
read_args=(read "$base" -c 4 -d "$DURATION" --warmup "$WARMUP")
run read "${read_args[@]}"
say
say "## Read mix: $(json "$work/read.json" 'r["throughput_rps"]') req/s, p99 $(json "$work/read.json" 'r["latency_ms"]["p99"]') ms," \
    "errors $(json "$work/read.json" 'r["errors"]["total"]') ($(cmd "${read_args[@]}"))"
say
say "| endpoint | req/s | p50 ms | p99 ms |"
say "|---|---:|---:|---:|"
python3 - "$work/read.json" <<'PY' | tee -a "$report"
import json, sys
for name, e in sorted(json.load(open(sys.argv[1]))["endpoints"].items()):
    print(f"| {name} | {e['throughput_rps']} | {e['latency_ms']['p50']} | {e['latency_ms']['p99']} |")
PY

if ! kill -0 "$server" 2>/dev/null; then say "SERVER DIED"; cat "$work/server.log" >&2; exit 1; fi
kill "$server"
wait "$server" 2>/dev/null || true

# 5. Idle keep-alive connections on a fresh server (its RSS has not yet grown with large responses): each
#    connection is answered one GET /healthz, then all are held open.
start_server bench_mixed
say
say "server for everything below (empty database): \`$server_cmd\`"
rss_before=$(rss_kib "$server")
idle_args=(connections "$base/healthz" -c "$IDLE" -d 10s)
"$load" "${idle_args[@]}" --json >"$work/idle.json" 2>"$work/idle.err" &
idle=$!
sleep 8  # the connections are open and held by now (the hold lasts 10 s)
rss_held=$(rss_kib "$server")
wait "$idle" || { echo "connections run failed:" >&2; cat "$work/idle.err" >&2; }
say
say "## $IDLE idle connections: established $(json "$work/idle.json" 'r["held"]["established"]')," \
    "closed by server $(json "$work/idle.json" 'r["held"]["closed_by_server"]')," \
    "connect failures $(json "$work/idle.json" 'r["held"]["connect_failures"]')," \
    "answered $(json "$work/idle.json" 'r["held"]["answered_probe"]'); server RSS $((rss_before / 1024)) -> $((rss_held / 1024)) MiB" \
    "($(python3 -c "print(round(($rss_held - $rss_before) * 1024 / $IDLE))") B per connection) ($(cmd "${idle_args[@]}"))"

# 6. Mixed, from an empty database: the closed loop finds the maximum, the open loop runs at 80% of it.
mixed_common=(--agents 10 --versions 3 --batch 100 --read-fraction 0.2 -d "$DURATION" --warmup "$WARMUP")
closed_args=(mixed "$base" -c 8 "${mixed_common[@]}" --prefix suite-mixed-closed)
run mixed-closed "${closed_args[@]}"
max=$(json "$work/mixed-closed.json" 'r["throughput_rps"]')
rate=$(python3 -c "print(max(0.1, round($max * 0.8, 1)))")
open_args=(mixed "$base" -c 16 --rate "$rate" "${mixed_common[@]}" --prefix suite-mixed-open)
run mixed-open "${open_args[@]}"
say
say "## Mixed (20% dashboard reads, 80% batches of 100 runs)"
say
say "| load | req/s | p50 ms | p99 ms | runs/s | lost | missed sends | command |"
say "|---|---:|---:|---:|---:|---:|---:|---|"
for kind in closed open; do
    f="$work/mixed-$kind.json"
    [ "$kind" = closed ] && a=("${closed_args[@]}") || a=("${open_args[@]}")
    label=$([ "$kind" = closed ] && echo "closed loop, 8 connections (maximum)" || echo "open loop at 80% = $rate req/s")
    say "| $label | $(json "$f" 'r["throughput_rps"]') | $(json "$f" 'r["latency_ms"]["p50"]') |" \
        "$(json "$f" 'r["latency_ms"]["p99"]') | $(json "$f" 'r["runs_per_second"]') | $(json "$f" 'r["lost_runs"]') |" \
        "$(json "$f" 'r["missed_sends"]') | $(cmd "${a[@]}") |"
done
say
say "per endpoint, open loop:"
say
say "| endpoint | req/s | p50 ms | p99 ms |"
say "|---|---:|---:|---:|"
python3 - "$work/mixed-open.json" <<'PY' | tee -a "$report"
import json, sys
for name, e in sorted(json.load(open(sys.argv[1])).get("endpoints", {}).items()):
    print(f"| {name} | {e['throughput_rps']} | {e['latency_ms']['p50']} | {e['latency_ms']['p99']} |")
PY

if ! kill -0 "$server" 2>/dev/null; then say "SERVER DIED"; cat "$work/server.log" >&2; exit 1; fi
echo >&2
echo "report: $report" >&2
