"""Writes the seeds in LoadTests/OTLPFuzz/corpus: protobuf and JSON exports shaped like the SDK's.

Usage: .venv/bin/python LoadTests/OTLPFuzz/make-seeds.py LoadTests/OTLPFuzz/corpus  (needs opentelemetry-proto)."""
import json, sys
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue, ArrayValue

out = sys.argv[1]

def kv(key, value):
    if isinstance(value, bool):
        return KeyValue(key=key, value=AnyValue(bool_value=value))
    if isinstance(value, int):
        return KeyValue(key=key, value=AnyValue(int_value=value))
    if isinstance(value, float):
        return KeyValue(key=key, value=AnyValue(double_value=value))
    if isinstance(value, list):
        return KeyValue(key=key, value=AnyValue(array_value=ArrayValue(values=[AnyValue(string_value=v) for v in value])))
    return KeyValue(key=key, value=AnyValue(string_value=value))

def request(spans, resource):
    r = ExportTraceServiceRequest()
    rs = r.resource_spans.add()
    rs.resource.attributes.extend([kv(k, v) for k, v in resource])
    scope = rs.scope_spans.add()
    scope.scope.name = "seed"
    for s in spans:
        span = scope.spans.add()
        span.trace_id = bytes(range(1, 17))
        span.span_id = s["id"].to_bytes(8, "big")
        if s.get("parent"):
            span.parent_span_id = s["parent"].to_bytes(8, "big")
        span.name = s.get("name", "span")
        span.start_time_unix_nano = 1_764_000_000_000_000_000
        span.end_time_unix_nano = 1_764_000_001_000_000_000
        span.attributes.extend([kv(k, v) for k, v in s["attributes"]])
        if s.get("error"):
            span.status.code = 2
            span.status.message = "boom"
    return r

resource = [("service.name", "svc"), ("service.namespace", "team"), ("service.version", "1.2.3")]
agent = {"id": 1, "attributes": [("gen_ai.operation.name", "invoke_agent"), ("gen_ai.agent.name", "planner"),
         ("gen_ai.agent.version", "2.0.0"), ("enduser.id", "u1"), ("gen_ai.conversation.id", "c1")]}
sub = {"id": 2, "parent": 1, "error": True, "attributes": [("gen_ai.operation.name", "invoke_workflow"),
       ("error.type", "timeout"), ("gen_ai.usage.cost", 0.25)]}
chat = {"id": 3, "parent": 2, "attributes": [("gen_ai.operation.name", "chat"), ("gen_ai.request.model", "gpt-4o"),
        ("gen_ai.response.model", "gpt-4o-2024-08-06"), ("gen_ai.usage.input_tokens", 1200),
        ("gen_ai.usage.output_tokens", 300), ("gen_ai.usage.cache_read.input_tokens", 100),
        ("gen_ai.usage.cache_creation.input_tokens", 50), ("gen_ai.system", "openai")]}
old = {"id": 4, "parent": 1, "attributes": [("gen_ai.operation.name", "chat"), ("gen_ai.request.model", "claude"),
       ("gen_ai.usage.prompt_tokens", "12"), ("gen_ai.usage.completion_tokens", 7.0), ("user.id", "u2")]}
tool = {"id": 5, "parent": 1, "attributes": [("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.name", "search"),
        ("flag", True), ("list", ["a", "b"])]}
waiting = {"id": 6, "parent": 99, "attributes": [("gen_ai.operation.name", "chat"), ("gen_ai.usage.input_tokens", -1)]}

def write(name, data):
    with open(f"{out}/{name}", "wb") as f:
        f.write(data)

full = request([chat, sub, old, tool, waiting, agent], resource)
write("export.pb", full.SerializeToString())
write("agent-only.pb", request([agent], [("service.name", "svc")]).SerializeToString())
write("children-only.pb", request([chat, tool], []).SerializeToString())

def jvalue(v):
    if isinstance(v, bool): return {"boolValue": v}
    if isinstance(v, int): return {"intValue": str(v)}
    if isinstance(v, float): return {"doubleValue": v}
    if isinstance(v, list): return {"arrayValue": {"values": [{"stringValue": x} for x in v]}}
    return {"stringValue": v}

def jspan(s, hex_ids=True):
    span = {"traceId": bytes(range(1, 17)).hex() if hex_ids else "AQIDBAUGBwgJCgsMDQ4PEA==",
            "spanId": s["id"].to_bytes(8, "big").hex(), "name": "span", "kind": 1,
            "startTimeUnixNano": "1764000000000000000", "endTimeUnixNano": "1764000001000000000",
            "attributes": [{"key": k, "value": jvalue(v)} for k, v in s["attributes"]]}
    if s.get("parent"): span["parentSpanId"] = s["parent"].to_bytes(8, "big").hex()
    if s.get("error"): span["status"] = {"code": 2, "message": "boom"}
    return span

def jexport(spans, hex_ids=True):
    return json.dumps({"resourceSpans": [{
        "resource": {"attributes": [{"key": k, "value": jvalue(v)} for k, v in resource]},
        "scopeSpans": [{"scope": {"name": "seed"}, "spans": [jspan(s, hex_ids) for s in spans]}]}]}).encode()

write("export.json", jexport([chat, sub, old, tool, waiting, agent]))
write("base64-ids.json", jexport([agent, tool], hex_ids=False))
