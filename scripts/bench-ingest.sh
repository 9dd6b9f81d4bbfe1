#!/usr/bin/env bash
# Ingest and read benchmark for the API (issue 3), against nx-27017 on a free port.
#   Ingest: batches of BATCH runs posted over keep-alive connections vs the same documents
#           bulk-inserted straight through libmongoc, into the same nx-27017 in the same run.
#   Reads:  GET .../runs?limit=100 with READ_RUNS runs stored.
# nx-27017 is single-process Python and the bottleneck of both sides: compare the ratio, never
# quote its absolute speed as the server's.
# Usage: scripts/bench-ingest.sh   (env: RUNS=50000 BATCH=1000 CONCURRENCY=2 READ_RUNS=100000 READ_SECONDS=20)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
RUNS="${RUNS:-50000}"
BATCH="${BATCH:-1000}"
CONCURRENCY="${CONCURRENCY:-2}"
READ_RUNS="${READ_RUNS:-100000}"
READ_SECONDS="${READ_SECONDS:-20}"
SWIFT="${SWIFT:-swift}"

scripts/venv.sh >/dev/null
"$SWIFT" build -c release --product agent-metrics >/dev/null
"$SWIFT" build -c release --product IngestDriverBench >/dev/null
bench=.build/release/IngestDriverBench

. scripts/bench-ingest-setup.sh --db-name bench_http
# The first request creates the indexes if the background setup has not yet.
runs_path="$path"

value() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }

echo "ingest: $RUNS runs in batches of $BATCH, $CONCURRENCY connections/concurrent bulk inserts" >&2
driver=$("$bench" driver --uri "$uri" --db bench_driver --runs "$RUNS" --batch "$BATCH" --concurrency "$CONCURRENCY")
echo "  $driver" >&2
http=$("$bench" http --port "$http_port" --path "$runs_path" --runs "$RUNS" --batch "$BATCH" --concurrency "$CONCURRENCY")
echo "  $http" >&2
driver_rate=$(echo "$driver" | value runs_per_s)
http_rate=$(echo "$http" | value runs_per_s)
ratio=$(python3 -c "print(f'{$http_rate/$driver_rate:.2f}')")

echo "reads: loading up to $READ_RUNS runs through the API" >&2
load_start=$(date +%s.%N)
remaining=$((READ_RUNS - RUNS))
load=""
if [ "$remaining" -gt 0 ]; then
    load=$("$bench" http --port "$http_port" --path "$runs_path" --runs "$remaining" --batch "$BATCH" \
        --concurrency "$CONCURRENCY" --first-id "$RUNS")
fi
load_seconds=$(python3 -c "import time; print(f'{time.time()-$load_start:.1f}')")
echo "  loaded $remaining more in ${load_seconds}s ($load)" >&2
reads=$("$bench" reads --port "$http_port" --path "/api/v1/agents/bench/runs?limit=100" \
    --seconds "$READ_SECONDS" --concurrency "$CONCURRENCY")
echo "  $reads" >&2
reads_version=$("$bench" reads --port "$http_port" --path "$runs_path?limit=100" \
    --seconds "$READ_SECONDS" --concurrency "$CONCURRENCY")
echo "  $reads_version" >&2

cat <<REPORT
ingest_driver_runs_per_s=$driver_rate
ingest_http_runs_per_s=$http_rate
ingest_ratio=$ratio
read_load_seconds_for_$((READ_RUNS - RUNS))_runs=$load_seconds
reads_agent: $reads
reads_version: $reads_version
REPORT
