#!/usr/bin/env bash
# Regenerates Sources/OTLPProto/*.pb.swift (the OTLP trace export messages) from the vendored .proto files under
# Protos/ (open-telemetry/opentelemetry-proto, Apache-2.0: Protos/LICENSE). The output is committed, so building
# the server needs neither protoc nor the plugin; run this only after updating Protos/.
#
# Needs protoc (Debian protobuf-compiler, installed here) and protoc-gen-swift of the same swift-protobuf release
# as the runtime the package resolves. Without PROTOC_GEN_SWIFT, the plugin is built from a clone of
# SWIFT_PROTOBUF_URL at SWIFT_PROTOBUF_VERSION in a scratch directory outside the repository (several minutes).
# Usage: scripts/generate-otlp.sh   (env: PROTOC_GEN_SWIFT=/path/to/protoc-gen-swift SWIFT_PROTOBUF_VERSION=1.39.0
#        SWIFT_PROTOBUF_URL=https://github.com/apple/swift-protobuf)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
SWIFT_PROTOBUF_VERSION="${SWIFT_PROTOBUF_VERSION:-1.39.0}"
SWIFT_PROTOBUF_URL="${SWIFT_PROTOBUF_URL:-https://github.com/apple/swift-protobuf}"

scripts/install-deps.sh protobuf-compiler >/dev/null

plugin="${PROTOC_GEN_SWIFT:-}"
if [ -z "$plugin" ]; then
    scratch="${TMPDIR:-/tmp}/agent-metrics-protoc-gen-swift-$SWIFT_PROTOBUF_VERSION"
    if [ ! -d "$scratch" ]; then
        git clone -q --depth 1 --branch "$SWIFT_PROTOBUF_VERSION" "$SWIFT_PROTOBUF_URL" "$scratch"
    fi
    (cd "$scratch" && swift build -c release --product protoc-gen-swift >&2)
    plugin="$scratch/.build/release/protoc-gen-swift"
fi

out=Sources/OTLPProto
rm -f "$out"/*.pb.swift
protoc \
    --plugin=protoc-gen-swift="$plugin" \
    --proto_path=Protos \
    --swift_out="$out" \
    --swift_opt=Visibility=Public \
    --swift_opt=FileNaming=PathToUnderscores \
    opentelemetry/proto/common/v1/common.proto \
    opentelemetry/proto/resource/v1/resource.proto \
    opentelemetry/proto/trace/v1/trace.proto \
    opentelemetry/proto/collector/trace/v1/trace_service.proto
ls "$out"/*.pb.swift
