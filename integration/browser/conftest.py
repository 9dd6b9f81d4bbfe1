"""Processes for the browser tests: a throwaway nx-27017, the debug server binary and headless Chromium.

Every fixture tears down what it started even when the test fails, and a failing test leaves a screenshot,
the page source and the server log next to the other artifacts.
"""

import json
import os
import shutil
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support.processes import (  # noqa: E402
    built_product, development_database, start_server, stop_process, wait_for, write_keys_file,
)

ROOT = Path(__file__).resolve().parents[2]
SERVER_BINARY = built_product("agent-metrics", "AGENT_METRICS_BINARY")
ARTIFACTS = Path(os.environ.get("DASHBOARD_ARTIFACTS", ROOT / "bench-results"))


def pytest_sessionfinish(session, exitstatus):
    # pytest exits 5 when it collects nothing; make that an unmistakable failure rather than a code a
    # wrapper might treat as "fine".
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        print("\nbrowser tests: no test ran; failing")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, "report_" + report.when, report)
    return report


class API:
    """The server's JSON API through urllib; with `key`, every request sends it as a Bearer token."""

    def __init__(self, base, key=None):
        self.base = base
        self.key = key

    def request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        if self.key:
            headers["Authorization"] = "Bearer " + self.key
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")

    def post(self, path, body):
        return self.request("POST", path, body)

    def get(self, path):
        return self.request("GET", path)

    def answers(self, path):
        try:
            return self.get(path)[0] == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False


@pytest.fixture(scope="session")
def database():
    with development_database() as uri:
        yield uri


@pytest.fixture(scope="session")
def server(database, tmp_path_factory):
    yield from run_server(database, tmp_path_factory.mktemp("server"))


@pytest.fixture(scope="session")
def versions_server(database, tmp_path_factory):
    """A server on a database of its own, for the version page and compare view tests' data set."""
    yield from run_server(database, tmp_path_factory.mktemp("versions-server"))


@pytest.fixture(scope="session")
def keyed_server(database, tmp_path_factory):
    """A server with a keys file: `.key` (admin) seeds data; `.keys` maps each scope to a key from `keys new`."""
    directory = tmp_path_factory.mktemp("keyed-server")
    if not SERVER_BINARY.exists():
        pytest.fail(f"{SERVER_BINARY} is missing; run `swift build --product agent-metrics` first")
    keys_file, keys = write_keys_file(
        SERVER_BINARY, directory, {scope: f"browser-{scope}" for scope in ("admin", "read", "ingest")})
    for api in run_server(database, directory, ["--api-keys-file", str(keys_file)], key=keys["admin"]):
        api.keys = keys
        yield api


def run_server(database, directory, extra_arguments=(), key=None):
    """Starts the server (yielding its API once MongoDB answers through it) and stops it afterwards."""
    if not SERVER_BINARY.exists():
        pytest.fail(f"{SERVER_BINARY} is missing; run `swift build --product agent-metrics` first")
    process, url, log_path = start_server(SERVER_BINARY, database, directory, "dashboard_", extra_arguments)
    api = API(url, key=key)
    try:
        # /api/v1/agents answers 200 only once MongoDB does, so data posted next is stored.
        wait_for(lambda: process.poll() is not None or api.answers("/api/v1/agents"), 30, "server did not answer")
        if process.poll() is not None:
            pytest.fail(f"server exited with {process.returncode}:\n{log_path.read_text()}")
        api.log_path = log_path
        yield api
    finally:
        stop_process(process)


@pytest.fixture
def browser(request):
    # The server fixture the test uses, for its log in the failure artifacts.
    name = next((n for n in ("keyed_server", "versions_server") if n in request.fixturenames), "server")
    server = request.getfixturevalue(name)
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1440,1000", "--lang=en-US", "--no-first-run"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit driver path keeps Selenium Manager from trying to download one.
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    try:
        yield driver
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(ARTIFACTS / "dashboard-failure.png"))
            (ARTIFACTS / "dashboard-failure.html").write_text(driver.page_source)
            shutil.copy(server.log_path, ARTIFACTS / "dashboard-failure-server.log")
            print(f"failure artifacts in {ARTIFACTS}")
    finally:
        driver.quit()
