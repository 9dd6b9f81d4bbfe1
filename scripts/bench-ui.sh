#!/usr/bin/env bash
# UI reads at scale (issue 13): ui/timeseries, ui/compare and the first page of ui/agent_versions (plain and
# gzip), each against /healthz on the same server in the same run, with wrk. AGENTS x VERSIONS versions and RUNS
# runs created over the last 48 hours are inserted straight into nx-27017 (API-shaped documents, counted: false)
# and counted by one
# `worker --once` (its time is reported, but it is no worker benchmark: see scripts/bench-worker.sh); the server
# runs with --no-worker, so the load is the server's alone. The first 10 agents' runs are spread over the 48 hours
# (the time series read agent-7's); every other agent's runs fall in the last hour, and runs are stored version by
# version, so counting writes about one hourly and one daily bucket per version rather than one per run.
# ROUNDS rounds; in each, every target runs right after a /healthz run, and its ratios (req/s, and server CPU per
# request from utime+stime in /proc/PID/stat) are taken against that run; medians of the ROUNDS ratios are
# reported, so load drifting over the run cancels out. When nginx is installed, it serves every target's exact
# bytes (and /healthz's) beside ours in the same rounds, measured the same way: what those bytes allow on loopback.
#
# Usage: scripts/bench-ui.sh [PATH ...]
#   Extra PATHs (e.g. /api/v1/ui/compare?agent=agent-0&base=1.0&candidate=1.1) are measured like the defaults;
#   a PATH prefixed with gzip: is requested with Accept-Encoding: gzip.
#   env: AGENTS=1000 VERSIONS=5 RUNS=200000 ROUNDS=3 DURATION=5s WARMUP=2s CONNECTIONS=32 PAGE=50
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
DURATION=${DURATION:-5s}
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
        "$ROUNDS rounds of target-after-/healthz pairs"
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

# nginx serves each target's exact answer (its body as a static file with sendfile, with `Content-Encoding: gzip`
# where it was gzip) and /healthz's, measured beside ours: the bodies range from 15 bytes to ~22 KB, and writing
# bytes over loopback (the kernel's copies, and wrk reading them on the same cores) costs any server alike, so
# nginx's ratio for the same bytes is the yardstick for ours.
nginx_base=""
if command -v nginx >/dev/null; then
    nginx_port=$(free_port)
    mkdir -p "$work/nginx/bodies"
    locations=""
    for index in "${!targets[@]}"; do
        [ "$index" -eq 0 ] && continue
        IFS='|' read -r _ path encoding <<<"${targets[$index]}"
        header=()
        [ -n "$encoding" ] && header=(-H "Accept-Encoding: $encoding")
        curl -s -o "$work/nginx/bodies/$index" "${header[@]}" "$base$path"
        coding=""
        [ -n "$encoding" ] && coding="add_header Content-Encoding $encoding;"
        locations+="        location = /$index { default_type application/json; $coding alias $work/nginx/bodies/$index; }"$'\n'
    done
    # Run as root, nginx's workers read files as nobody.
    chmod 755 "$work" "$work/nginx" "$work/nginx/bodies"
    chmod 644 "$work/nginx/bodies/"*
    cat >"$work/nginx/nginx.conf" <<CONF
daemon off;
worker_processes $(nproc);
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 100000000;
    sendfile on;
    open_file_cache max=64;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    server {
        listen 127.0.0.1:$nginx_port reuseport;
        location = /healthz { default_type application/json; return 200 '{"status":"ok"}'; }
$locations    }
}
CONF
    nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
    pids+=($!)
    nginx_base="http://127.0.0.1:$nginx_port"
    for _ in $(seq 100); do curl -sf "$nginx_base/healthz" >/dev/null && break; sleep 0.1; done
    for _ in $(seq 100); do [ -s "$work/nginx/nginx.pid" ] && break; sleep 0.1; done
    nginx_master=$(cat "$work/nginx/nginx.pid")
    # shellcheck disable=SC2207
    nginx_pids=("$nginx_master" $(pgrep -P "$nginx_master"))
    say
    say "nginx $(nginx -v 2>&1 | sed 's/.*nginx\///'), $(nproc) workers, serves each answer's bytes as a static file."
fi

# run SERVER INDEX ROUND: one wrk run of target INDEX on SERVER (ours, or nginx with the same bytes), counting that
# server's CPU; appends "server index round requests duration_us p50 p99 errors cpu_ticks" to $work/runs.
run() {
    local label path encoding header url measured result requests duration p50 p99 errors ticks
    IFS='|' read -r label path encoding <<<"${targets[$2]}"
    header=()
    [ -n "$encoding" ] && header=(-H "Accept-Encoding: $encoding")
    if [ "$1" = ours ]; then
        url="$base$path"
        measured="$server"
    else
        url="$nginx_base/$2"
        measured="${nginx_pids[*]}"
        [ "$2" -eq 0 ] && url="$nginx_base/healthz"
        label="$label (nginx)"
    fi
    result=$(wrk_measure "$measured" "${header[@]}" "$url") || true
    kill -0 "${measured%% *}" 2>/dev/null || { echo "bench-ui: $1 died during $label" >&2; cat "$work/server.log" >&2; exit 1; }
    read -r requests duration p50 p99 errors ticks <<<"$result"
    echo "$1 $2 $3 $requests $duration $p50 $p99 $errors $ticks" >>"$work/runs"
    printf '  round %s %-56s %8.0f req/s  p99 %s us  errors %s\n' "$3" "$label" \
        "$(awk -v r="$requests" -v d="$duration" 'BEGIN {print r * 1e6 / d}')" "$p99" "$errors" >&2
}

servers=(ours)
[ -n "$nginx_base" ] && servers+=(nginx)
for server_name in "${servers[@]}"; do
    for index in "${!targets[@]}"; do
        IFS='|' read -r _ path encoding <<<"${targets[$index]}"
        header=()
        [ -n "$encoding" ] && header=(-H "Accept-Encoding: $encoding")
        url="$base$path"
        [ "$server_name" = nginx ] && url="$nginx_base/$index" && [ "$index" -eq 0 ] && url="$nginx_base/healthz"
        timeout 60 wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "${header[@]}" "$url" >/dev/null 2>&1 || true
    done
done
# Every target runs right after its server's /healthz run, and its ratio is taken against that run: the machine's
# load drifts over minutes, so a target is compared with /healthz measured seconds before it. nginx's run of the
# same bytes follows ours at once.
: >"$work/runs"
for round in $(seq "$ROUNDS"); do
    for index in "${!targets[@]}"; do
        [ "$index" -eq 0 ] && continue
        for server_name in "${servers[@]}"; do
            run "$server_name" 0 "$round"
            run "$server_name" "$index" "$round"
        done
    done
done

say
say "| target | req/s (median) | runs | p50 ms | p99 ms | vs /healthz just before (median) | server CPU µs/request |" \
    "CPU vs /healthz just before | nginx, same bytes: vs its /healthz | ours ÷ nginx req/s, same bytes | errors |"
say "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
labels=()
for target in "${targets[@]}"; do labels+=("${target%%|*}"); done
"$python" - "$work/runs" "$CLK_TCK" "${labels[@]}" <<'PY' | tee -a "$report"
import sys, statistics
runs_file, ticks, labels = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
rows, pairs, before, ours_last = {}, {}, {}, None
for line in open(runs_file):
    server, *numbers = line.split()
    index, rnd, requests, duration, p50, p99, errors, cpu = map(int, numbers)
    row = (requests * 1e6 / duration, p50, p99, errors, cpu * 1e6 / ticks / max(requests, 1))
    rows.setdefault((server, index), []).append(row)
    if index == 0:
        before[server] = row
        continue
    cpu_ratio = row[4] / before[server][4] if before[server][4] else float("nan")
    pairs.setdefault((server, index), []).append((row[0] / before[server][0], cpu_ratio))
    if server == "ours":
        ours_last = row
    else:
        pairs.setdefault(("versus", index), []).append((ours_last[0] / row[0], 0))
median = statistics.median
def paired(key, field):
    return f"{median(p[field] for p in pairs[key]):.2f}" if key in pairs else "—"
for index, label in enumerate(labels):
    r = rows[("ours", index)]
    ratio, cpu_ratio = (paired(("ours", index), 0), paired(("ours", index), 1)) if index else ("1.00", "1.00")
    nginx = paired(("nginx", index), 0) if index else "1.00"
    print(f"| {label} | {median(x[0] for x in r):,.0f} | {', '.join(f'{x[0]:,.0f}' for x in r)} |"
          f" {median(x[1] for x in r) / 1000:.3f} | {median(x[2] for x in r) / 1000:.3f} | **{ratio}** |"
          f" {median(x[4] for x in r):.1f} | {cpu_ratio} | {nginx} | {paired(('versus', index), 0)} |"
          f" {sum(x[3] for x in r)} |")
PY
say
say "goal: each UI target >= 0.80 of /healthz req/s (medians of the ratios to the /healthz run just before)." \
    "Load average now: $(cut -d' ' -f1-3 /proc/loadavg)."
echo "report: $report" >&2
