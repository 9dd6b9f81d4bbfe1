"""Servers and helpers of the OTLP suite: one nx-27017, API keys, a prices file, servers started per test module."""

import gzip
import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support.processes import ROOT, development_database, start_server, stop_process, wait_for, write_keys_file  # noqa: E402

BINARY = Path(os.environ.get("AGENT_METRICS_BINARY", ROOT / ".build/debug/agent-metrics"))

# USD per million tokens; gpt-4o also prices dated models such as gpt-4o-2024-08-06 (longest prefix).
PRICES = {
    "gpt-4o": {"input": 2.5, "output": 10, "cached_input": 1.25},
    "claude-sonnet-4": {"input": 3, "output": 15, "cached_input": 0.3, "cache_creation": 3.75},
}


class Server:
    """A running server: its base URL, keys and log, with small JSON helpers."""

    def __init__(self, process, url, log_path, keys):
        self.process, self.url, self.log_path, self.keys = process, url, log_path, keys

    def request(self, method, path, body=None, headers=None, scope="ingest"):
        """(status, headers, body bytes); never raises for HTTP errors."""
        all_headers = {"Authorization": f"Bearer {self.keys[scope]}"} if scope else {}
        all_headers.update(headers or {})
        request = urllib.request.Request(self.url + path, data=body, method=method, headers=all_headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()
        except urllib.error.URLError:
            # Not listening yet (the start-up wait polls through this).
            return 0, {}, b""

    def get_json(self, path):
        status, _, body = self.request("GET", path, scope="read")
        assert status == 200, (path, status, body)
        return json.loads(body)

    def post_traces(self, body, content_type, encoding=None):
        headers = {"Content-Type": content_type}
        if encoding:
            headers["Content-Encoding"] = encoding
            body = gzip.compress(body) if encoding == "gzip" else body
        return self.request("POST", "/v1/traces", body=body, headers=headers)

    def runs(self, agent, version):
        return self.get_json(f"/api/v1/agents/{agent}/versions/{version}/runs?limit=100")

    def metric(self, name, labels=""):
        """A sample's value from /metrics, 0 when absent."""
        text = self.get_json_text("/metrics")
        for line in text.splitlines():
            if line.startswith(name + labels + " ") or (not labels and line.startswith(name + " ")):
                return float(line.split()[-1])
        return 0.0

    def get_json_text(self, path):
        status, _, body = self.request("GET", path, scope="read")
        assert status == 200, (path, status)
        return body.decode()


@pytest.fixture(scope="session")
def database():
    with development_database() as uri:
        yield uri


@pytest.fixture(scope="session")
def keys_and_prices(tmp_path_factory):
    directory = tmp_path_factory.mktemp("otlp-config")
    keys_path, keys = write_keys_file(BINARY, directory, {"ingest": "otel-ingest", "read": "otel-read"})
    prices_path = directory / "prices.json"
    prices_path.write_text(json.dumps(PRICES))
    return keys_path, keys, prices_path


@pytest.fixture
def start(database, keys_and_prices, tmp_path):
    """Starts servers (each with its own log); all share one database name when `db_name` is given."""
    keys_path, keys, prices_path = keys_and_prices
    started = []

    def launch(name="server", db_name=None, extra=()):
        directory = tmp_path / name
        directory.mkdir()
        arguments = ["--api-keys-file", str(keys_path), "--prices-file", str(prices_path),
                     "--otlp-default-project", "otel-default", *extra]
        if db_name:
            arguments += ["--db-name", db_name]
        process, url, log_path = start_server(BINARY, database, directory, "otlp_", arguments)
        server = Server(process, url, log_path, keys)
        started.append(server)
        wait_for(lambda: server.request("GET", "/healthz", scope=None)[0] == 200 or process.poll() is not None,
                 30, "server up")
        assert process.poll() is None, log_path.read_text()
        return server

    yield launch
    for server in started:
        stop_process(server.process)
