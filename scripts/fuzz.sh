#!/usr/bin/env bash
# Fuzzes the HTTP/1.1 request parser with libFuzzer + AddressSanitizer (`make fuzz`).
# Usage: scripts/fuzz.sh [seconds]   (default 300). Crashes are written to bench-results/fuzz/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds="${1:-300}"
scratch=.build-fuzz

swift build -c release --scratch-path "$scratch" --target ParserFuzz -Xswiftc -sanitize=fuzzer,address
# libFuzzer supplies main(), so the harness is a library target linked here with its dependencies.
swiftc -sanitize=fuzzer,address \
    "$scratch"/release/ParserFuzz.build/*.o "$scratch"/release/HTTPCore.build/*.o \
    "$scratch"/release/CEpoll.build/*.o "$scratch"/release/Logging.build/*.o \
    -lssl -lcrypto -o "$scratch/parser-fuzz" 2> >(grep -v "Cannot export local symbol" >&2)

corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
cp LoadTests/ParserFuzz/corpus/* "$corpus/"
mkdir -p bench-results/fuzz
"$scratch/parser-fuzz" -max_total_time="$seconds" -artifact_prefix=bench-results/fuzz/ "$corpus"
