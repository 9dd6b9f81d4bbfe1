"""Load side of scripts/bench-otlp.sh: posts pre-built bodies over one keep-alive connection and reports nothing
but failures (the script reads the server's CPU from /proc itself).

  bench-otlp.py otlp PORT EXPORTS RUNS_PER_EXPORT CHILDREN FIRST   protobuf ExportTraceServiceRequests
  bench-otlp.py json PORT PATH BATCHES RUNS_PER_BATCH FIRST        {"runs": [...]} to POST .../runs

Bodies are built before the first request, so only sending is timed. Span and run ids start at FIRST, so rounds
never re-send a span (a duplicate would skip the insert and flatter the figure)."""

import http.client
import json
import random
import sys

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue


def kv(key, value):
    if isinstance(value, int):
        return KeyValue(key=key, value=AnyValue(int_value=value))
    return KeyValue(key=key, value=AnyValue(string_value=value))


def otlp_bodies(exports, runs_per_export, children, first):
    """Each agent run: an invoke_agent span, then `children` children alternating chat (model, usage) and
    execute_tool spans, as an instrumented agent's BatchSpanProcessor would send them (children first)."""
    random.seed(first)
    bodies, next_id = [], first
    start = 1_764_000_000_000_000_000
    for _ in range(exports):
        request = ExportTraceServiceRequest()
        resource_spans = request.resource_spans.add()
        resource_spans.resource.attributes.extend([
            kv("service.name", "bench-otlp"), kv("service.namespace", "bench"), kv("service.version", "1.0.0"),
            kv("telemetry.sdk.language", "python"), kv("telemetry.sdk.name", "opentelemetry"),
        ])
        scope = resource_spans.scope_spans.add()
        scope.scope.name = "bench"
        for _ in range(runs_per_export):
            trace_id = random.getrandbits(128).to_bytes(16, "big")
            agent_id = next_id.to_bytes(8, "big")
            next_id += 1
            for child in range(children):
                span = scope.spans.add()
                span.trace_id, span.span_id, span.parent_span_id = trace_id, next_id.to_bytes(8, "big"), agent_id
                next_id += 1
                span.kind = 3
                span.start_time_unix_nano, span.end_time_unix_nano = start + 1000, start + 900_000_000
                if child % 2 == 0:
                    span.name = "chat gpt-4o"
                    span.attributes.extend([
                        kv("gen_ai.operation.name", "chat"), kv("gen_ai.system", "openai"),
                        kv("gen_ai.request.model", "gpt-4o"), kv("gen_ai.response.model", "gpt-4o-2024-08-06"),
                        kv("gen_ai.usage.input_tokens", 1200), kv("gen_ai.usage.output_tokens", 300),
                        kv("gen_ai.response.id", "chatcmpl-%d" % next_id),
                    ])
                else:
                    span.name = "execute_tool search"
                    span.attributes.extend([
                        kv("gen_ai.operation.name", "execute_tool"), kv("gen_ai.tool.name", "search"),
                        kv("gen_ai.tool.call.id", "call_%d" % next_id),
                    ])
            span = scope.spans.add()
            span.trace_id, span.span_id, span.name, span.kind = trace_id, agent_id, "invoke_agent bench", 1
            span.start_time_unix_nano, span.end_time_unix_nano = start, start + 1_000_000_000
            span.attributes.extend([
                kv("gen_ai.operation.name", "invoke_agent"), kv("gen_ai.agent.name", "bench-otlp"),
                kv("gen_ai.agent.version", "1.0.0"), kv("enduser.id", "bench-user"),
                kv("gen_ai.conversation.id", "conv-%d" % next_id),
            ])
        bodies.append(request.SerializeToString())
    return bodies


def json_bodies(batches, runs_per_batch, first):
    bodies, next_id = [], first
    for _ in range(batches):
        runs = []
        for _ in range(runs_per_batch):
            runs.append({
                "id": next_id, "status": "completed", "created": "2025-11-24T16:00:00Z", "time_taken": "1s",
                "initiator": "bench-user", "tools": ["search"], "models": ["gpt-4o", "gpt-4o-2024-08-06"],
                "cost": 0.0117,
            })
            next_id += 1
        bodies.append(json.dumps({"runs": runs}).encode())
    return bodies


def post_all(port, path, bodies, content_type):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for body in bodies:
        connection.request("POST", path, body=body, headers={"Content-Type": content_type})
        response = connection.getresponse()
        answer = response.read()
        if response.status not in (200, 201) or b"partialSuccess" in answer:
            sys.exit(f"{path}: {response.status} {answer[:300]!r}")


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    if mode == "otlp":
        exports, runs, children, first = map(int, sys.argv[3:7])
        post_all(port, "/v1/traces", otlp_bodies(exports, runs, children, first), "application/x-protobuf")
    else:
        path = sys.argv[3]
        batches, runs, first = map(int, sys.argv[4:7])
        post_all(port, path, json_bodies(batches, runs, first), "application/json")


if __name__ == "__main__":
    main()
