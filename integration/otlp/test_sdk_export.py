"""The real OpenTelemetry Python SDK exports an instrumented agent to the server through a BatchSpanProcessor with
gzip, and the public API shows the runs, their fields, tokens and cost, the auto-created agents and versions, the
dashboard numbers after a worker pass, and that a re-export stores nothing twice."""

import math
from datetime import datetime

from opentelemetry.exporter.otlp.proto.http import Compression
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExportResult
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import Status, StatusCode

from conftest import wait_for


def exporter(server):
    return OTLPSpanExporter(
        endpoint=server.url + "/v1/traces", headers={"authorization": f"Bearer {server.keys['ingest']}"},
        compression=Compression.Gzip, timeout=10,
    )


def run_instrumented_agent(tracer):
    """A supervisor with a chat, a tool and a researcher sub-agent (with its own chat and tool), then a failed
    supervisor run. Returns {name: span} of the agent spans."""
    agents = {}
    with tracer.start_as_current_span("invoke_agent supervisor", attributes={
        "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "supervisor", "gen_ai.agent.version": "1.2.0",
        "enduser.id": "alice", "gen_ai.conversation.id": "conv-1",
    }) as supervisor:
        agents["supervisor"] = supervisor
        with tracer.start_as_current_span("chat gpt-4o", attributes={
            "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o",
            "gen_ai.response.model": "gpt-4o-2024-08-06", "gen_ai.usage.input_tokens": 1000,
            "gen_ai.usage.output_tokens": 200, "gen_ai.usage.cache_read.input_tokens": 400,
        }):
            pass
        with tracer.start_as_current_span("execute_tool web_search", attributes={
            "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "web_search",
        }):
            pass
        with tracer.start_as_current_span("invoke_agent researcher", attributes={
            "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "researcher",
        }) as researcher:
            agents["researcher"] = researcher
            # A step between the agent and its chat: contributions pass through non-agent spans.
            with tracer.start_as_current_span("plan"):
                with tracer.start_as_current_span("chat claude", attributes={
                    "gen_ai.operation.name": "chat", "gen_ai.request.model": "claude-sonnet-4",
                    "gen_ai.usage.prompt_tokens": 500, "gen_ai.usage.completion_tokens": 100,
                }):
                    pass
            with tracer.start_as_current_span("execute_tool fetch_url", attributes={
                "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "fetch_url",
            }):
                pass
    with tracer.start_as_current_span("invoke_agent supervisor", attributes={
        "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "supervisor", "gen_ai.agent.version": "1.2.0",
        "error.type": "TimeoutError",
    }) as failed:
        agents["failed"] = failed
        with tracer.start_as_current_span("chat gpt-4o", attributes={
            "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o",
            "gen_ai.usage.input_tokens": 100, "gen_ai.usage.output_tokens": 10,
        }):
            pass
        failed.set_status(Status(StatusCode.ERROR, "timed out"))
    return agents


def ids(span):
    context = span.get_span_context()
    return format(context.trace_id, "032x"), format(context.span_id, "016x"), context.span_id & (2**63 - 1)


def test_sdk_export_becomes_runs_versions_and_dashboard_numbers(start):
    server = start()
    captured = InMemorySpanExporter()
    provider = TracerProvider(resource=Resource.create({
        "service.name": "research-service", "service.namespace": "research", "service.version": "2.0.0",
    }))
    provider.add_span_processor(BatchSpanProcessor(exporter(server)))
    provider.add_span_processor(SimpleSpanProcessor(captured))
    agents = run_instrumented_agent(provider.get_tracer("test"))
    assert provider.force_flush(30_000)
    provider.shutdown()

    listed = {agent["name"]: agent for agent in server.get_json("/api/v1/agents")}
    assert listed["supervisor"]["project"] == "research"
    assert listed["researcher"]["project"] == "research"

    runs = {run["span_id"]: run for run in server.runs("supervisor", "1.2.0")}
    assert len(runs) == 2
    trace_id, span_id, run_id = ids(agents["supervisor"])
    ok = runs[span_id]
    assert ok["id"] == run_id and ok["trace_id"] == trace_id
    assert ok["status"] == "completed" and ok["error_type"] is None
    assert ok["initiator"] == "alice" and ok["conversation_id"] == "conv-1"
    assert ok["models"] == ["gpt-4o", "gpt-4o-2024-08-06"]
    # The researcher's tool and model are its own run's, not the supervisor's.
    assert ok["tools"] == ["web_search"]
    assert ok["tokens"] == {"input": 1000, "output": 200, "cache_read": 400, "cache_creation": 0}
    # gpt-4o-2024-08-06 at gpt-4o's prices: 600 uncached input, 400 cached, 200 output.
    assert math.isclose(ok["cost"], (600 * 2.5 + 400 * 1.25 + 200 * 10) / 1e6)
    supervisor = agents["supervisor"]
    created = datetime.fromisoformat(ok["created"].replace("Z", "+00:00"))
    assert round(created.timestamp() * 1000) == supervisor.start_time // 1_000_000
    assert ok["time_taken"].endswith("s")

    _, failed_span, _ = ids(agents["failed"])
    failed = runs[failed_span]
    assert failed["status"] == "failed" and failed["error_type"] == "TimeoutError"
    assert failed["tokens"]["input"] == 100 and math.isclose(failed["cost"], (100 * 2.5 + 10 * 10) / 1e6)

    (researcher,) = server.runs("researcher", "2.0.0")
    assert researcher["span_id"] == ids(agents["researcher"])[1]
    assert researcher["models"] == ["claude-sonnet-4"] and researcher["tools"] == ["fetch_url"]
    assert researcher["tokens"]["input"] == 500 and researcher["tokens"]["output"] == 100
    assert math.isclose(researcher["cost"], (500 * 3 + 100 * 15) / 1e6)

    version = server.get_json("/api/v1/agents/supervisor/versions/1.2.0")
    assert sorted(version["models"]) == ["gpt-4o", "gpt-4o-2024-08-06"]
    assert version["tools"] == ["web_search"]
    assert server.get_json("/api/v1/agents/researcher/versions/2.0.0")["tools"] == ["fetch_url"]

    # Idempotent: the same spans exported again (a retry, a second collector) add no run.
    assert exporter(server).export(captured.get_finished_spans()) == SpanExportResult.SUCCESS
    assert len(server.runs("supervisor", "1.2.0")) == 2 and len(server.runs("researcher", "2.0.0")) == 1

    def supervisor_row():
        rows = server.get_json("/api/v1/ui/agent_versions")
        rows = rows if isinstance(rows, list) else rows.get("rows", rows.get("versions", []))
        return next((row for row in rows if row["name"] == "supervisor" and row["totalRuns"] == 2), None)

    row = wait_for(supervisor_row, 30, "the worker counted the supervisor's runs")
    assert row["successes"] == 1 and row["failures"] == 1
    assert math.isclose(row["spend"], ok["cost"] + failed["cost"], rel_tol=1e-6)
