#!/usr/bin/env bash
# Issues 11 and 14: the ingest mappings' CPU per run in process (LoadTests/IngestMappingBench), with no HTTP, database
# or other thread, so the figures hold on a noisy machine better than the server's:
# - OTLP: reading one protobuf export of RUNS agent runs with CHILDREN child spans each (the body of
#   scripts/bench-otlp.sh), assembling its runs and writing their documents;
# - JSON: encoding one `{"runs": [...]}` body of RUNS runs (scripts/bench-otlp.sh's JSON body) into its documents.
# Prints ROUNDS lines of nanoseconds per run; compare binaries in alternating rounds.
# The bench is built as its own package next to this one (MetricsService with testing enabled, to reach its
# internal types), in .build-ingest-mapping/.
# Usage: scripts/bench-ingest-mapping.sh  (env: ROUNDS=5 ITERATIONS=2000 RUNS=100 CHILDREN=5)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
ROUNDS="${ROUNDS:-5}"
ITERATIONS="${ITERATIONS:-2000}"
RUNS="${RUNS:-100}"
CHILDREN="${CHILDREN:-5}"

scripts/venv.sh opentelemetry-proto >/dev/null
work="$root/.build-ingest-mapping"
mkdir -p "$work/Sources/IngestMappingBench"
cp LoadTests/IngestMappingBench/main.swift "$work/Sources/IngestMappingBench/main.swift"
# A path dependency's identity is its folder's name.
cat >"$work/Package.swift" <<SWIFT
// swift-tools-version:6.0
import PackageDescription
let package = Package(
    name: "IngestMappingBench",
    dependencies: [.package(path: "$root")],
    targets: [
        .executableTarget(
            name: "IngestMappingBench",
            dependencies: [.product(name: "MetricsService", package: "$(basename "$root")")])
    ]
)
SWIFT
.venv/bin/python - "$work" "$RUNS" "$CHILDREN" <<'PY'
import importlib.util, sys
spec = importlib.util.spec_from_file_location("bench_otlp", "scripts/bench-otlp.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)
work, runs, children = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
open(f"{work}/otlp.bin", "wb").write(bench.otlp_bodies(1, runs, children, 1)[0])
open(f"{work}/runs.json", "wb").write(bench.json_bodies(1, runs, 1)[0])
PY
(cd "$work" && swift build -c release -Xswiftc -enable-testing >/dev/null)
for _ in $(seq 1 "$ROUNDS"); do
    "$work/.build/release/IngestMappingBench" "$work/otlp.bin" "$work/runs.json" "$ITERATIONS"
done
