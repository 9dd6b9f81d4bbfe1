"""Behind a load balancer an export's children and its agent span can reach different servers: the children wait in
the shared pending collection and are folded in by the server that gets the agent span. Children that never get an
agent span expire and are counted on /metrics as dropped."""

import secrets

from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExportResult
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from conftest import wait_for


def exporter(server):
    return OTLPSpanExporter(endpoint=server.url + "/v1/traces",
                            headers={"authorization": f"Bearer {server.keys['ingest']}"}, timeout=10)


def recorded_agent_run():
    """An agent span with a chat and a tool, recorded in memory; returns (children, agent span)."""
    memory = InMemorySpanExporter()
    provider = TracerProvider(resource=Resource.create({"service.name": "balanced", "service.version": "3.1"}))
    provider.add_span_processor(SimpleSpanProcessor(memory))
    tracer = provider.get_tracer("test")
    with tracer.start_as_current_span("invoke_agent", attributes={"gen_ai.operation.name": "invoke_agent"}):
        with tracer.start_as_current_span("chat", attributes={
            "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o",
            "gen_ai.usage.input_tokens": 2000, "gen_ai.usage.output_tokens": 100,
        }):
            pass
        with tracer.start_as_current_span("execute_tool", attributes={
            "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "calculator",
        }):
            pass
    spans = memory.get_finished_spans()
    return spans[:-1], spans[-1]


def test_children_on_one_server_fold_into_the_agent_span_on_another(start):
    db_name = "otlp_lb_" + secrets.token_hex(4)
    first = start("first", db_name=db_name, extra=["--no-worker"])
    second = start("second", db_name=db_name)
    children, agent = recorded_agent_run()
    assert exporter(first).export(children) == SpanExportResult.SUCCESS
    assert exporter(second).export([agent]) == SpanExportResult.SUCCESS
    for server in (first, second):
        (run,) = server.runs("balanced", "3.1")
        assert run["tools"] == ["calculator"] and run["models"] == ["gpt-4o"]
        assert run["tokens"]["input"] == 2000 and run["tokens"]["output"] == 100
        assert abs(run["cost"] - (2000 * 2.5 + 100 * 10) / 1e6) < 1e-12
    # The folded children left the pending collection: they never expire into the dropped count.
    assert first.metric("agent_metrics_otlp_spans_dropped_total", '{reason="expired"}') == 0


def test_children_without_an_agent_span_expire_and_are_counted(start):
    server = start(extra=["--otlp-pending-expiry", "1s"])
    children, agent = recorded_agent_run()
    assert exporter(server).export(children) == SpanExportResult.SUCCESS
    wait_for(lambda: server.metric("agent_metrics_otlp_spans_dropped_total", '{reason="expired"}') == 2,
             20, "the two children expired")
    # The agent span arriving after its children expired is still a run, without them (never changed later).
    assert exporter(server).export([agent]) == SpanExportResult.SUCCESS
    (run,) = server.runs("balanced", "3.1")
    assert run["tools"] == [] and run["tokens"]["input"] == 0


def test_children_after_their_agent_span_leave_the_stored_run_unchanged(start):
    server = start(extra=["--otlp-pending-expiry", "1s"])
    children, agent = recorded_agent_run()
    assert exporter(server).export([agent]) == SpanExportResult.SUCCESS
    assert exporter(server).export(children) == SpanExportResult.SUCCESS
    wait_for(lambda: server.metric("agent_metrics_otlp_spans_dropped_total", '{reason="expired"}') == 2,
             20, "the late children expired")
    (run,) = server.runs("balanced", "3.1")
    assert run["tools"] == [] and run["tokens"]["input"] == 0 and run["cost"] == 0
