#!/usr/bin/env bash
# Fuzzes the decoders with libFuzzer + AddressSanitizer (`make fuzz`; results and commands in FUZZING.md).
# Usage: scripts/fuzz.sh [seconds] [target...]   (default 300 seconds per target, every target).
# Targets: ParserFuzz JSONFuzz RunBatchFuzz DurationDateFuzz QueryFuzz OTLPFuzz TLSFuzz (LoadTests/<target>/).
# FUZZ_JOBS=N runs N targets at once (default 1); FUZZ_BUILD_ONLY=1 only builds .build-fuzz/<target>.
# Each run reads the committed seeds in LoadTests/<target>/corpus/ and grows .build-fuzz/corpus/<target>/;
# crashes land in bench-results/fuzz/<target>/ and each run's log in bench-results/fuzz/<target>.log.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds="${1:-300}"
shift || true
all=(ParserFuzz JSONFuzz RunBatchFuzz DurationDateFuzz QueryFuzz OTLPFuzz TLSFuzz)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
scratch=.build-fuzz
objects="$scratch/release"

# The modules each harness links besides its own; libFuzzer supplies main(), so the harnesses are library targets
# linked here rather than SwiftPM executables.
modules() {
    local core="HTTPCore CEpoll Logging CoreMetrics"
    case "$1" in
        ParserFuzz) echo "$core" ;;
        TLSFuzz) echo "TLSTestSupport $core" ;;
        JSONFuzz | RunBatchFuzz | QueryFuzz | OTLPFuzz) echo "MetricsService TimeFormats OTLPProto SwiftProtobuf $core" ;;
        DurationDateFuzz) echo "TimeFormats" ;;
        *) echo "unknown fuzz target: $1 (known: ${all[*]})" >&2 && exit 2 ;;
    esac
}

# Inputs past 4 KiB matter where records or bodies are large: TLS records reach 16 KiB and the BIOs are replaced
# past 4 KiB; 10,001 runs (`{},` each) pass the batch limit. There lengths start at the maximum (-len_control=0)
# rather than growing slowly from the seeds. A target's fuzz.dict holds the tokens (member names, units) that
# random mutation would take long to find.
options() {
    [ "$1" = TLSFuzz ] && echo "-max_len=20000 -len_control=0"
    [ "$1" = RunBatchFuzz ] && echo "-max_len=40000 -len_control=0"
    [ -f "LoadTests/$1/fuzz.dict" ] && echo "-dict=LoadTests/$1/fuzz.dict"
    return 0
}

# -enable-testing: OTLPFuzz compares internal readers (`@testable import`); one setting for all keeps one build.
for target in "${targets[@]}"; do
    modules "$target" >/dev/null
    nice -n 10 swift build -c release --scratch-path "$scratch" --target "$target" -Xswiftc -sanitize=fuzzer,address \
        -Xswiftc -enable-testing
    files=("$objects/$target.build"/*.o)
    for module in $(modules "$target"); do files+=("$objects/$module.build"/*.o); done
    swiftc -sanitize=fuzzer,address "${files[@]}" -lssl -lcrypto -lmongoc-1.0 -lbson-1.0 -lz -o "$scratch/$target" \
        2> >(grep -v "Cannot export local symbol" >&2)
done
[ "${FUZZ_BUILD_ONLY:-0}" = 1 ] && exit 0

run() {
    local target="$1" corpus="$scratch/corpus/$1" artifacts="bench-results/fuzz/$1/"
    mkdir -p "$corpus" "$artifacts"
    local status=0
    # shellcheck disable=SC2046 # options() is a word list on purpose
    nice -n 10 "$scratch/$target" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$artifacts" \
        $(options "$target") "$corpus" "LoadTests/$target/corpus" >"bench-results/fuzz/$target.log" 2>&1 || status=$?
    # The last status line carries coverage (cov: edges, ft: features) and the corpus size.
    echo "$target (exit $status): $(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "bench-results/fuzz/$target.log" \
        | tail -1) $(grep -E 'stat::(number_of_executed_units|average_exec_per_sec)' "bench-results/fuzz/$target.log" \
        | tr '\n' ' ')"
    return $status
}

failed=0
jobs_max="${FUZZ_JOBS:-1}"
pids=()
for target in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n || failed=1; done
    run "$target" &
    pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
exit $failed
