#!/usr/bin/env bash
# Issue 11: server CPU per ingested run against the plain-C libbson/libmongoc anchor, side by side on one
# nx-27017, medians of ROUNDS alternating rounds. Server CPU is utime+stime from /proc/PID/stat over the
# posting, divided by the runs stored (the server runs --no-worker, so nothing else spends its CPU); the
# anchor reports its own getrusage CPU, excluding the generation of its input.
#   batch 1000 and batch 100: {"runs":[...]} over CONCURRENCY keep-alive connections;
#   batch 1: the anchor inserts one run per command; the server gets single-run POSTs (the spec's first form)
#   over SINGLE_CONCURRENCY connections.
# Usage: scripts/bench-ingest-cpu.sh  (env: ROUNDS=3 RUNS=30000 SINGLE_RUNS=3000 CONCURRENCY=2 SINGLE_CONCURRENCY=50)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
ROUNDS="${ROUNDS:-3}"
RUNS="${RUNS:-30000}"
SINGLE_RUNS="${SINGLE_RUNS:-3000}"
CONCURRENCY="${CONCURRENCY:-2}"
SINGLE_CONCURRENCY="${SINGLE_CONCURRENCY:-50}"
SWIFT="${SWIFT:-swift}"

scripts/venv.sh >/dev/null
"$SWIFT" build -c release --product agent-metrics >/dev/null
"$SWIFT" build -c release --product IngestDriverBench >/dev/null
driver=.build/release/IngestDriverBench

. scripts/bench-ingest-setup.sh --no-worker --db-name bench_ingest_cpu
cc -O2 -o "$work/anchor" LoadTests/IngestAnchor/anchor.c $(pkg-config --cflags --libs libmongoc-1.0)

ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
# The server's database-pool threads (named blocking-N; libmongoc's monitor inherits a name too), summed.
db_ticks() {
    local t total=0
    for t in /proc/"$server_pid"/task/*; do
        grep -q '^blocking-[0-9]' "$t/comm" 2>/dev/null && total=$((total + $(awk '{print $14 + $15}' "$t/stat")))
    done
    echo "$total"
}
hz=$(getconf CLK_TCK)
next_id=0

# server_us BATCH RUNS CONCURRENCY [SINGLE]: sets `value` to the CPU µs per run the server spent storing RUNS
# new runs (ids from next_id on; run in this shell, not in $(...), so next_id advances), and `db_value` to the part
# spent on its database-pool threads (libmongoc's insert_many and the hand-off), to set beside the anchor's.
server_us() {
    local before after db_before db_after
    before=$(ticks)
    db_before=$(db_ticks)
    "$driver" http --port "$http_port" --path "$path" --runs "$2" --batch "$1" --concurrency "$3" \
        --first-id "$next_id" --single "${4:-0}" >/dev/null
    after=$(ticks)
    db_after=$(db_ticks)
    next_id=$((next_id + $2))
    value=$(python3 -c "print(f'{($after - $before) / $hz * 1e6 / $2:.2f}')")
    db_value=$(python3 -c "print(f'{($db_after - $db_before) / $hz * 1e6 / $2:.2f}')")
}

# anchor_us BATCH RUNS: sets `value` to the anchor's own CPU µs per run, and `insert_value` to the part of it spent
# inside insert_many (libmongoc's floor per run at this batch size, whatever parses the JSON).
anchor_us() {
    local line
    line=$("$work/anchor" "$uri" bench_anchor "$2" "$1" "$next_id")
    next_id=$((next_id + $2))
    value=$(echo "$line" | sed -n 's/.* cpu_us_per_run=\([^ ]*\).*/\1/p')
    insert_value=$(echo "$line" | sed -n 's/.*insert_many_us_per_run=\([^ ]*\).*/\1/p')
}

results="$work/results.txt"
: >"$results"
for round in $(seq 1 "$ROUNDS"); do
    for side in anchor server; do
        [ $((round % 2)) -eq 0 ] && side=$([ "$side" = anchor ] && echo server || echo anchor)
        for batch in 1000 100; do
            if [ "$side" = anchor ]; then
                anchor_us "$batch" "$RUNS"
                echo "insert batch$batch $insert_value" >>"$results"
            else
                server_us "$batch" "$RUNS" "$CONCURRENCY"
                echo "db batch$batch $db_value" >>"$results"
            fi
            echo "$side batch$batch $value" >>"$results"
            echo "round $round: $side batch $batch: $value µs/run" >&2
        done
        if [ "$side" = anchor ]; then
            anchor_us 1 "$SINGLE_RUNS"
            echo "insert batch1 $insert_value" >>"$results"
        else
            server_us 1 "$SINGLE_RUNS" "$SINGLE_CONCURRENCY" 1
            echo "db batch1 $db_value" >>"$results"
        fi
        echo "$side batch1 $value" >>"$results"
        echo "round $round: $side batch 1: $value µs/run" >&2
    done
done

python3 - "$results" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    side, batch, value = line.split()
    rows.setdefault((side, batch), []).append(float(value))
median = lambda side, batch: statistics.median(rows[(side, batch)])
print("| batch | anchor CPU µs/run | of which insert_many | server CPU µs/run | of which database threads |"
      " server ÷ anchor | rounds (server) |")
print("|---|---|---|---|---|---|---|")
for batch in ("batch1000", "batch100", "batch1"):
    a, s = median("anchor", batch), median("server", batch)
    rounds = ", ".join(f"{v:.1f}" for v in rows[("server", batch)])
    insert, db = median("insert", batch), median("db", batch)
    print(f"| {batch[5:]} | {a:.2f} | {insert:.2f} | {s:.2f} | {db:.2f} | {s / a:.2f} | {rounds} |")
print()
print("Goals (issue 11): server ≤ 3.5 µs/run at batch 1000, ≤ 5 µs at batch 100, single-run POST ≤ the anchor's batch-1 figure.")
PY
