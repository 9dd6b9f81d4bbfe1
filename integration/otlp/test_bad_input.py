"""What a broken or hostile exporter gets: 400 for undecodable bodies, 415 for other types and encodings, 413 for a
gzip bomb, 401 without a key, and a 200 with `partialSuccess` counting exactly the spans that were refused."""

import gzip
import json

TRACE = "5b8efff798038103d269b633813fc60c"


def attribute(key, value):
    kind = "intValue" if isinstance(value, int) else "stringValue"
    return {"key": key, "value": {kind: str(value) if kind == "intValue" else value}}


def span(span_id, name, attributes, parent=None, trace=TRACE):
    result = {
        "traceId": trace, "spanId": span_id, "name": name, "kind": 1,
        "startTimeUnixNano": "1700000000000000000", "endTimeUnixNano": "1700000002500000000",
        "attributes": [attribute(k, v) for k, v in attributes.items()], "status": {},
    }
    if parent:
        result["parentSpanId"] = parent
    return result


def export(spans, service="json-agent"):
    return json.dumps({"resourceSpans": [{
        "resource": {"attributes": [attribute("service.name", service)]},
        "scopeSpans": [{"scope": {"name": "fixture"}, "spans": spans}],
    }]}).encode()


def test_undecodable_bodies_are_400_and_other_types_415(start):
    server = start()
    assert server.post_traces(b"\x0a\xff\xff\xff\xff", "application/x-protobuf")[0] == 400
    assert server.post_traces(b'{"resourceSpans": [', "application/json")[0] == 400
    assert server.post_traces(b"not gzip", "application/json", encoding="identity")[0] == 400
    status, _, body = server.request("POST", "/v1/traces", body=b"\x1f\x8b\x08\x00garbage",
                                     headers={"Content-Type": "application/json", "Content-Encoding": "gzip"})
    assert status == 400 and json.loads(body)["error"]["code"] == "invalid_otlp"
    assert server.post_traces(export([]), "text/plain")[0] == 415
    assert server.request("POST", "/v1/traces", body=export([]), headers={})[0] == 415
    assert server.post_traces(export([]), "application/json", encoding="br")[0] == 415
    assert server.request("POST", "/v1/traces", body=export([]), headers={"Content-Type": "application/json"},
                          scope=None)[0] == 401
    assert server.request("POST", "/v1/traces", body=export([]), headers={"Content-Type": "application/json"},
                          scope="read")[0] == 403


def test_gzip_bomb_is_413(start):
    server = start(extra=["--otlp-max-decompressed-bytes", str(1 << 20)])
    bomb = gzip.compress(b"\0" * (8 << 20))
    assert len(bomb) < 64 << 10
    status, _, body = server.request("POST", "/v1/traces", body=bomb,
                                     headers={"Content-Type": "application/x-protobuf", "Content-Encoding": "gzip"})
    assert status == 413 and json.loads(body)["error"]["code"] == "body_too_large"
    # Just under the limit still decodes (as an empty protobuf message of zeros it is not: 400, not 413).
    status, _, _ = server.request("POST", "/v1/traces", body=gzip.compress(b"\0" * 1000),
                                  headers={"Content-Type": "application/x-protobuf", "Content-Encoding": "gzip"})
    assert status == 400


def test_partial_success_counts_refused_and_orphan_spans(start):
    server = start()
    agent = span("eee19b7ec3c1b174", "invoke_agent", {"gen_ai.operation.name": "invoke_agent"})
    # int64 past 2^53 as a string, as the JSON mapping writes it, is kept exactly.
    chat = span("eee19b7ec3c1b173", "chat", {
        "gen_ai.operation.name": "chat", "gen_ai.usage.input_tokens": 9007199254740993}, parent="eee19b7ec3c1b174")
    bad_trace = span("eee19b7ec3c1b172", "chat", {}, trace="abc")
    bad_tokens = span("eee19b7ec3c1b171", "chat", {"gen_ai.usage.output_tokens": -1}, parent="eee19b7ec3c1b174")
    orphan = span("eee19b7ec3c1b170", "GET /", {})
    status, headers, body = server.post_traces(export([agent, chat, bad_trace, bad_tokens, orphan]), "application/json")
    assert status == 200 and headers["Content-Type"] == "application/json"
    partial = json.loads(body)["partialSuccess"]
    assert partial["rejectedSpans"] == "3", partial
    assert "2 invalid" in partial["errorMessage"] and "1 not under any invoke_agent span" in partial["errorMessage"]
    (run,) = server.runs("json-agent", "unknown")
    assert run["tokens"]["input"] == 9007199254740993
    assert run["trace_id"] == TRACE and run["span_id"] == "eee19b7ec3c1b174"
    assert run["time_taken"] == "2.5s" and run["created"] == "2023-11-14T22:13:20Z"
    assert server.get_json("/api/v1/agents")[0]["project"] == "otel-default"
    assert server.metric("agent_metrics_otlp_spans_dropped_total", '{reason="invalid"}') == 2
    assert server.metric("agent_metrics_otlp_spans_dropped_total", '{reason="no_agent"}') == 1

    # Everything accepted: an empty response object, no partialSuccess.
    status, _, body = server.post_traces(export([agent]), "application/json", encoding="gzip")
    assert status == 200 and json.loads(body) == {}
