"""Responses of a live server, each checked against openapi.yaml: every endpoint, and every error status the
README names, along the path a client takes (register -> version -> runs -> list -> dashboard)."""

import json
import time

import pytest
from conftest import SERVER_BINARY, run_server
from contract import SPEC_PATH, ContractViolation
from support.processes import free_port, wait_for, write_keys_file


def test_the_checker_refuses_responses_that_break_the_document(contract):
    # A run without `version`, an undocumented status, a missing WWW-Authenticate: each must be caught, or the
    # tests below would prove nothing.
    run = {"created": "2024-01-01T00:00:00.000Z", "status": "completed", "time_taken": None, "initiator": "",
           "tools": [], "cost": 0, "models": [], "id": 1, "task_id": None}
    path = "/api/v1/agents/a/versions/1.0.0/runs"
    json_headers = {"Content-Type": "application/json"}
    with pytest.raises(ContractViolation, match="version"):
        contract.check("POST", path, 201, json_headers, json.dumps(run))
    contract.check("POST", path, 201, json_headers, json.dumps({**run, "version": "1.0.0"}))
    with pytest.raises(ContractViolation, match="not documented"):
        contract.check("POST", path, 500, json_headers, b'{"error":{"code":"internal_error","message":"x"}}')
    with pytest.raises(ContractViolation, match="WWW-Authenticate"):
        contract.check("GET", "/api/v1/agents", 401, json_headers, b'{"error":{"code":"unauthorized","message":"x"}}')
    with pytest.raises(ContractViolation, match="Content-Type"):
        contract.check("GET", "/api/v1/agents", 200, {"Content-Type": "text/plain"}, b"[]")
    with pytest.raises(ContractViolation, match="code"):
        contract.check("GET", "/api/v1/agents", 403, json_headers, b'{"error":{"code":"nope","message":"x"}}')


def test_open_routes_and_the_document_itself(server, contract):
    status, _, body = server.request("GET", "/healthz", key=None)
    assert (status, body) == (200, {"status": "ok"})
    for path in ("/", "/dashboard.js", "/dashboard.css"):
        assert server.request("GET", path, key=None)[0] == 200
    status, headers, _ = server.request("GET", "/index.html", key=None)
    assert status == 301 and headers["Location"] == "/"
    status, headers, body = server.request("GET", "/openapi.yaml", key=None)
    assert status == 200
    assert body == SPEC_PATH.read_bytes() and headers["Content-Type"] == "application/yaml"


def test_a_client_walk_through_every_keyed_endpoint(server):
    agent = "walk-agent"
    status, _, created = server.request("POST", f"/api/v1/agents/{agent}/register", '{"project":"p1"}')
    assert status == 201 and created["name"] == agent
    status, _, again = server.request("POST", f"/api/v1/agents/{agent}/register", "")
    assert status == 200 and again["project"] == "p1"
    assert server.request("GET", "/api/v1/agents")[0] == 200

    version = {"version": "1.0.2", "cluster": "c", "tools": ["t1"], "models": ["m1"], "deployment": "prod"}
    assert server.request("POST", f"/api/v1/agents/{agent}/versions", json.dumps(version))[0] == 201
    assert server.request("POST", f"/api/v1/agents/{agent}/versions", json.dumps(version))[0] == 200
    assert server.request("POST", f"/api/v1/agents/{created['id']}/versions", '{"version":"0.9.0"}')[0] == 201
    status, _, versions = server.request("GET", f"/api/v1/agents/{agent}/versions")
    assert status == 200 and [v["version"] for v in versions] == ["1.0.2", "0.9.0"]
    assert server.request("GET", f"/api/v1/agents/{agent}/versions/1.0.2")[0] == 200

    runs = f"/api/v1/agents/{agent}/versions/1.0.2/runs"
    single = {"created": "2023-08-01T12:00:00Z", "status": "completed", "time_taken": "5m30s",
              "initiator": "u", "tools": ["t1"], "cost": 0.1, "models": ["m1"], "id": 1, "task_id": 12}
    status, _, run = server.request("POST", runs, json.dumps(single))
    assert status == 201 and run["version"] == "1.0.2"
    assert server.request("POST", runs, json.dumps({**single, "status": "failed"}))[2]["status"] == "completed"
    batch = {"runs": [{"id": i, "status": "failed" if i % 3 else "completed", "time_taken": i,
                       "created": f"2023-08-0{1 + i % 5}T00:00:00+02:00"} for i in range(2, 12)] + [{"id": 1, "status": "x"}]}
    status, _, result = server.request("POST", runs, json.dumps(batch))
    assert (status, result) == (201, {"inserted": 10, "duplicates": 1})

    # Pages of 4 through the Link header, on both listings, with every filter.
    for listing in (runs, f"/api/v1/agents/{agent}/runs"):
        path, seen = listing + "?limit=4&since=2023-01-01T00:00:00Z&until=2024-01-01T00:00:00Z", []
        while path:
            status, headers, page = server.request("GET", path)
            assert status == 200 and len(page) <= 4
            seen += [r["id"] for r in page]
            link = headers.get("Link")
            path = link[1:link.index(">")] if link else None
        assert sorted(seen) == list(range(1, 12))
    status, _, failed = server.request("GET", runs + "?status=failed")
    assert status == 200 and failed and all(r["status"] == "failed" for r in failed)

    # The dashboard, once the worker has counted the runs.
    def counted():
        rows = server.request("GET", "/api/v1/ui/agent_versions?agent=" + agent)[2]
        return any(row["totalRuns"] == 11 for row in rows)

    wait_for(counted, 20, "the worker did not count the runs")
    # The worker's buckets (the batch's UTC days, and the last 48 hours by default), and the table a page at a time.
    days = "&bucket=day&since=2023-07-31T00:00:00Z&until=2023-08-06T00:00:00Z"
    status, _, series = server.request("GET", f"/api/v1/ui/timeseries?agent={agent}{days}")
    assert status == 200 and len(series) == 6 and sum(bucket["runs"] for bucket in series) == 11
    status, _, series = server.request("GET", f"/api/v1/ui/timeseries?agent={created['id']}&version=1.0.2")
    assert status == 200 and len(series) == 48
    path, rows = "/api/v1/ui/agent_versions?limit=1&sort=-totalRuns&q=WALK", []
    while path:
        status, headers, page = server.request("GET", path)
        assert status == 200 and len(page) <= 1
        rows += page
        link = headers.get("Link")
        path = link[1:link.index(">")] if link else None
    assert [row["version"] for row in rows] == ["1.0.2", "0.9.0"]
    assert server.request("GET", "/api/v1/ui/agent_versions?project=p1&status=idle")[0] == 200
    status, _, cards = server.request("GET", "/api/v1/ui/stats")
    assert status == 200 and len(cards) == 4
    status, _, recent = server.request("GET", "/api/v1/ui/recent_activity?limit=100")
    assert status == 200 and len(recent) == 11
    assert server.request("GET", "/api/v1/ui/recent_activity")[0] == 200
    status, _, worker = server.request("GET", "/api/v1/ui/worker")
    assert status == 200 and worker["setAsideRuns"] == 0


@pytest.mark.parametrize(
    "method, path, body, headers, status, code",
    [
        ("POST", "/api/v1/agents/e1/register", "{", {}, 400, "invalid_json"),
        ("POST", "/api/v1/agents/e1/register", '{"project": 5}', {}, 400, "invalid_field"),
        ("POST", "/api/v1/agents/e1/register", '{"name": "other"}', {}, 400, "name_mismatch"),
        ("POST", "/api/v1/agents/0123456789abcdef01234567/register", "", {}, 400, "invalid_field"),
        ("POST", "/api/v1/agents/e1/register", "", {"Content-Type": "text/plain"}, 415, "unsupported_media_type"),
        ("POST", "/api/v1/agents/e1/register", "{}", {"Content-Encoding": "gzip"}, 400, "unsupported_encoding"),
        ("POST", "/api/v1/agents/nobody/versions", '{"version":"1"}', {}, 404, "not_found"),
        ("POST", "/api/v1/agents/errors/versions", '{"version":""}', {}, 400, "invalid_field"),
        ("POST", "/api/v1/agents/errors/versions", '{"version":"1.0.0","cluster":"other"}', {}, 409, "conflict"),
        ("GET", "/api/v1/agents/errors/versions/9.9.9", None, {}, 404, "not_found"),
        ("POST", "/api/v1/agents/errors/versions/1.0.0/runs", '{"id":1,"status":"ok","cost":-1}', {}, 400,
         "invalid_field"),
        ("POST", "/api/v1/agents/errors/versions/1.0.0/runs", '{"id":1,"status":"ok","time_taken":"721h"}', {}, 400,
         "invalid_field"),
        ("POST", "/api/v1/agents/errors/versions/1.0.0/runs", '{"id":1,"status":"ok","created":"1969-12-31T23:59:59Z"}',
         {}, 400, "invalid_field"),
        ("POST", "/api/v1/agents/errors/versions/1.0.0/runs", '{"runs":[{"id":1,"status":"ok"},{"status":""}]}', {},
         400, "invalid_field"),
        ("POST", "/api/v1/agents/errors/versions/1.0.0/runs",
         json.dumps({"runs": [{"id": i, "status": "ok"} for i in range(10_001)]}), {}, 413, "too_many_runs"),
        ("GET", "/api/v1/agents/errors/runs?limit=0", None, {}, 400, "invalid_query"),
        ("GET", "/api/v1/agents/errors/runs?since=10000-01-01T00:00:00Z", None, {}, 400, "invalid_query"),
        ("GET", "/api/v1/agents/errors/runs?cursor=bm90LWEtY3Vyc29y", None, {}, 400, "invalid_cursor"),
        ("GET", "/api/v1/agents/errors/runs?status=%ZZ", None, {}, 400, "invalid_query"),
        ("POST", "/api/v1/agents/errors/versions", '{"version":"x\\u0000"}', {}, 400, "invalid_field"),
        ("GET", "/api/v1/ui/recent_activity?limit=0", None, {}, 400, "invalid_query"),
        ("GET", "/api/v1/ui/agent_versions?status=busy", None, {}, 400, "invalid_query"),
        ("GET", "/api/v1/ui/agent_versions?sort=bogus", None, {}, 400, "invalid_query"),
        ("GET", "/api/v1/ui/agent_versions?limit=5&cursor=bm90LWEtY3Vyc29y", None, {}, 400, "invalid_cursor"),
        ("GET", "/api/v1/ui/timeseries?agent=nobody", None, {}, 404, "not_found"),
        ("GET", "/api/v1/ui/timeseries?agent=errors&bucket=week", None, {}, 400, "invalid_query"),
        ("GET", "/api/v1/ui/timeseries?agent=errors&since=2000-01-01T00:00:00Z", None, {}, 400, "invalid_query"),
    ],
)
def test_each_client_error_has_its_documented_status_and_code(server, method, path, body, headers, status, code):
    server.raw("POST", "/api/v1/agents/errors/register", "")
    server.raw("POST", "/api/v1/agents/errors/versions", '{"version":"1.0.0"}')
    got, _, error = server.request(method, path, body, headers)
    assert (got, error["error"]["code"]) == (status, code)


def test_the_link_header_stays_a_uri_reference_for_a_raw_angle_bracket_in_the_path(server):
    # The parser lets a raw `>` through in the request target; copied into the Link header as it was, it ended the
    # link early (the document's Link pattern refuses that).
    assert server.request("POST", "/api/v1/agents/x%3Ey/register", "")[0] in (200, 201)
    assert server.request("POST", "/api/v1/agents/x%3Ey/versions", '{"version":"1"}')[0] in (200, 201)
    runs = '{"runs":[{"id":1,"status":"ok"},{"id":2,"status":"ok"}]}'
    assert server.request("POST", "/api/v1/agents/x%3Ey/versions/1/runs", runs)[0] == 201
    status, headers, page = server.request("GET", "/api/v1/agents/x>y/runs?limit=1")
    assert status == 200 and len(page) == 1
    assert headers["Link"].startswith("</api/v1/agents/x%3Ey/runs?limit=1&cursor=")


def test_keys_missing_unknown_and_of_the_wrong_scope(server):
    status, headers, error = server.request("GET", "/api/v1/agents", key=None)
    assert status == 401 and headers["WWW-Authenticate"].startswith("Bearer")
    status, _, error = server.request("GET", "/api/v1/agents", key="am_" + "x" * 43)
    assert (status, error["error"]["code"]) == (401, "unauthorized")
    status, _, _ = server.request("GET", "/api/v1/agents", headers={"X-API-Key": server.keys["read"]}, key=None)
    assert status == 200
    status, _, error = server.request("POST", "/api/v1/agents/r/register", "", key=server.keys["read"])
    assert (status, error["error"]["code"]) == (403, "forbidden")
    status, _, error = server.request("GET", "/api/v1/ui/stats", key=server.keys["ingest"])
    assert (status, error["error"]["code"]) == (403, "forbidden")


def test_unknown_paths_and_methods_answer_404_and_405(server):
    # Not operations of the document, so checked here by hand against its Error schema.
    contract = server.contract
    response = server.raw("GET", "/api/v1/nothing")
    assert response.status == 404
    contract.validate_value({"$ref": "#/components/schemas/NotFoundError"}, json.loads(response.body), "404")
    response = server.raw("DELETE", "/api/v1/agents")
    assert response.status == 405 and response.headers["Allow"] == "GET, HEAD"
    contract.validate_value({"$ref": "#/components/schemas/Error"}, json.loads(response.body), "405")


def test_rate_limits_host_checks_and_an_absent_database(database, contract, tmp_path):
    """429 with Retry-After, 421 and 503 database_unavailable, each from a server configured to produce it."""
    path, keys = write_keys_file(SERVER_BINARY, tmp_path, {"admin": "contract"})
    arguments = ["--api-keys-file", str(path), "--rate-limit-per-key", "1", "--rate-limit-per-key-burst", "1",
                 "--allowed-hosts", "127.0.0.1"]
    for server in run_server(database, tmp_path, contract, arguments, key=keys["admin"], ready_path="/healthz"):
        statuses = []
        for _ in range(3):
            status, headers, error = server.request("GET", "/api/v1/ui/worker")
            statuses.append(status)
        assert 429 in statuses and error["error"]["code"] == "rate_limited"
        status, _, error = server.request("GET", "/healthz", headers={"Host": "elsewhere.example"})
        assert (status, error["error"]["code"]) == (421, "misdirected_request")

    dead = f"mongodb://127.0.0.1:{free_port()}/?serverSelectionTimeoutMS=300&connectTimeoutMS=300"
    directory = tmp_path / "dead"
    directory.mkdir()
    for server in run_server(dead, directory, contract, ["--rate-limit-per-ip", "0"], ready_path="/healthz"):
        started = time.monotonic()
        status, headers, error = server.request("GET", "/api/v1/agents")
        assert (status, error["error"]["code"]) == (503, "database_unavailable")
        assert headers["Retry-After"] == "1" and time.monotonic() - started < 10
