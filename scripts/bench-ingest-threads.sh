#!/usr/bin/env bash
# Issue 11: where batch ingest's server CPU goes, by thread: the event loops (HTTP, the run encoder) against the
# database pool's threads (libmongoc's insert and the hand-off), with each class's voluntary and involuntary context
# switches per request. One nx-27017, a release server --no-worker, IngestDriverBench posting ROUNDS × RUNS runs in
# batches of BATCH over CONCURRENCY connections after a warm-up; utime+stime of /proc/PID/task/* around the posting.
# For A/B runs of two builds, alternate BIN=<release binary> (copied over .build/release/agent-metrics).
# Usage: scripts/bench-ingest-threads.sh  (env: BIN= ROUNDS=3 RUNS=20000 BATCH=100 CONCURRENCY=2)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
ROUNDS="${ROUNDS:-3}"
RUNS="${RUNS:-20000}"
BATCH="${BATCH:-100}"
CONCURRENCY="${CONCURRENCY:-2}"

scripts/venv.sh >/dev/null
if [ -n "${BIN:-}" ]; then
    cp "$BIN" .build/release/agent-metrics
else
    swift build -c release --product agent-metrics >/dev/null
fi
swift build -c release --product IngestDriverBench >/dev/null
driver=.build/release/IngestDriverBench

. scripts/bench-ingest-setup.sh --no-worker --db-name bench_ingest_threads
post() {
    "$driver" http --port "$http_port" --path "$path" --runs "$1" --batch "$BATCH" --concurrency "$CONCURRENCY" \
        --first-id "$2" >/dev/null
}
# One line per thread: id, name, utime+stime ticks, voluntary and involuntary context switches.
snapshot() {
    local task
    for task in /proc/"$server_pid"/task/*; do
        echo "$(basename "$task") $(cat "$task/comm") $(awk '{print $14 + $15}' "$task/stat")" \
            "$(awk '/^voluntary_ctxt/ {v = $2} /^nonvoluntary_ctxt/ {n = $2} END {print v, n}' "$task/status")"
    done
}
post 2000 900000000
snapshot >"$work/before"
for round in $(seq 1 "$ROUNDS"); do post "$RUNS" $((round * RUNS)); done
snapshot >"$work/after"
python3 - "$work/before" "$work/after" $((ROUNDS * RUNS)) "$BATCH" "$(getconf CLK_TCK)" <<'PY'
import collections, sys
read = lambda path: {line.split()[0]: line.split() for line in open(path)}
before, after = read(sys.argv[1]), read(sys.argv[2])
runs, batch, hz = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
requests = runs / batch
classes = collections.defaultdict(lambda: [0, 0, 0])
for tid, (_, name, ticks, voluntary, involuntary) in after.items():
    old = before.get(tid, [tid, name, 0, 0, 0])
    total = classes[name.rstrip("0123456789-") or name]
    for i, (new, was) in enumerate(zip((ticks, voluntary, involuntary), old[2:])):
        total[i] += int(new) - int(was)
us = lambda ticks: ticks / hz * 1e6 / runs
print(f"server CPU {us(sum(c[0] for c in classes.values())):.2f} µs/run (batch {batch})")
for name, (ticks, voluntary, involuntary) in sorted(classes.items(), key=lambda item: -item[1][0]):
    if ticks or voluntary:
        print(f"  {name:16s} {us(ticks):5.2f} µs/run  context switches per request: "
              f"{voluntary / requests:.2f} voluntary, {involuntary / requests:.2f} involuntary")
PY
