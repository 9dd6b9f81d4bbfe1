"""Processes for the contract tests: a throwaway nx-27017, the debug server binary with an admin key, and the
contract (`contract.py`). Every fixture stops what it started, even when a test fails."""

import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from contract import Contract  # noqa: E402
from support.processes import (  # noqa: E402
    built_product, development_database, start_server, stop_process, wait_for, write_keys_file,
)

ROOT = Path(__file__).resolve().parents[2]
SERVER_BINARY = built_product("agent-metrics", "AGENT_METRICS_BINARY")
ARTIFACTS = Path(os.environ.get("CONTRACT_ARTIFACTS", ROOT / "bench-results/contract"))


def pytest_sessionfinish(session, exitstatus):
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        print("\ncontract tests: no test ran; failing")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body


class Server:
    """A running server: `request` sends one request and checks the response against the contract."""

    def __init__(self, base, process, log_path, contract, key=None, keys=None):
        self.base = base
        self.process = process
        self.log_path = log_path
        self.contract = contract
        self.key = key
        self.keys = keys or {}
        self.checked = 0

    def raw(self, method, path, body=None, headers=None, key="default"):
        key = self.key if key == "default" else key
        all_headers = {}
        if body is not None:
            all_headers["Content-Type"] = "application/json"
        if key:
            all_headers["Authorization"] = "Bearer " + key
        all_headers.update(headers or {})
        data = body.encode() if isinstance(body, str) else body
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=all_headers)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=15) as response:
                return Response(response.status, dict(response.headers.items()), response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, dict(error.headers.items()), error.read())

    def request(self, method, path, body=None, headers=None, key="default"):
        """Sends the request and validates the response against openapi.yaml; returns (status, headers, JSON)."""
        response = self.raw(method, path, body, headers, key)
        parsed = self.contract.check(method, path, response.status, response.headers, response.body)
        self.checked += 1
        return response.status, response.headers, parsed

    def rss_kib(self):
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="session")
def contract():
    return Contract()


@pytest.fixture(scope="session")
def database():
    with development_database() as uri:
        yield uri


def run_server(database, directory, contract, arguments=(), key=None, keys=None, ready_path="/api/v1/agents"):
    """Starts the debug server on a free port and yields it once `ready_path` answers 200; stops it afterwards."""
    if not SERVER_BINARY.exists():
        pytest.fail(f"{SERVER_BINARY} is missing; run `swift build --product agent-metrics` first")
    process, url, log_path = start_server(SERVER_BINARY, database, directory, "contract_", arguments)
    server = Server(url, process, log_path, contract, key=key, keys=keys)

    def ready():
        if process.poll() is not None:
            return True
        try:
            return server.raw("GET", ready_path).status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    try:
        wait_for(ready, 30, "server did not answer")
        if process.poll() is not None:
            pytest.fail(f"server exited with {process.returncode}:\n{log_path.read_text()}")
        yield server
    finally:
        stop_process(process)


@pytest.fixture(scope="session")
def server(database, contract, tmp_path_factory):
    """The server with a keys file (admin, read, ingest keys) and no rate limits; requests send the admin key."""
    directory = tmp_path_factory.mktemp("server")
    path, keys = write_keys_file(
        SERVER_BINARY, directory,
        {scope: "contract" if scope == "admin" else f"contract-{scope}" for scope in ("admin", "read", "ingest")})
    yield from run_server(
        database, directory, contract,
        ["--api-keys-file", str(path), "--rate-limit-per-ip", "0", "--rate-limit-per-key", "0"],
        key=keys["admin"], keys=keys,
    )
