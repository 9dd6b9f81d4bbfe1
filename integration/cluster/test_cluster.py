"""Several servers, one truth: nginx balances two `server --no-worker` processes on one nx-27017, with one
standalone `worker`. The bundled load generator ingests through nginx while a server and then the worker are
SIGKILLed and restarted. Afterwards every acknowledged run is stored exactly once, the aggregates equal a
`--rebuild`, and both servers show the same dashboard.

What a client sees when its server dies mid-request: nginx passes a request to the other server only when it
could not send it to the first (`proxy_next_upstream error timeout`, never `non_idempotent`), so a POST in
flight on the killed server is answered 502 and not acknowledged; the load generator counts it as an error,
and a client may simply retry it, because a run re-sent with the same id is stored once (`duplicates`).
"""

import json
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pymongo
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from support.processes import ROOT, built_product, development_database, free_port, wait_for  # noqa: E402

BINARY = built_product("agent-metrics", "AGENT_METRICS_BINARY")
LOAD = built_product("agent-metrics-load", "AGENT_METRICS_LOAD_BINARY")
NGINX = "/usr/sbin/nginx"

NGINX_CONFIG = """\
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    client_max_body_size 16m;
    upstream agent_metrics {{
        # Round robin; a refused connection moves the request to the other server. max_fails=0 keeps both
        # in rotation, so a restarted server is used again at once.
        server 127.0.0.1:{first} max_fails=0;
        server 127.0.0.1:{second} max_fails=0;
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://agent_metrics;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_next_upstream error timeout;
        }}
    }}
}}
"""


class Process:
    """A child process with its output in a log file; killed at the end of the test."""

    def __init__(self, name, arguments, directory):
        self.name = name
        self.arguments = arguments
        self.log_path = directory / f"{name}.log"
        self.process = None
        self.start()

    def start(self):
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(self.arguments, stdout=log, stderr=subprocess.STDOUT)
        log.close()

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    @property
    def log(self):
        return self.log_path.read_text(errors="replace")


def get(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.status, json.loads(response.read())


def answers(port, path="/api/v1/agents"):
    try:
        return get(port, path)[0] == 200
    except OSError:
        return False


def stable_rows(port):
    """`ui/agent_versions` without `status`, which follows each server's own clock."""
    rows = get(port, "/api/v1/ui/agent_versions")[1]
    return sorted((json.dumps({k: v for k, v in row.items() if k != "status"}, sort_keys=True) for row in rows))


def stable_cards(port):
    return [(card["title"], card["value"]) for card in get(port, "/api/v1/ui/stats")[1]]


@pytest.fixture
def cluster(tmp_path):
    for binary in (BINARY, LOAD):
        if not binary.exists():
            pytest.fail(f"{binary} is missing; run `make test-cluster`")
    processes = []
    with development_database() as uri:
        database = "cluster_" + secrets.token_hex(6)
        ports = [free_port(), free_port()]

        def server(index):
            return Process(f"server-{index}", [
                str(BINARY), "server", "--host", "127.0.0.1", "--port", str(ports[index]), "--no-worker",
                "--mongo-uri", uri, "--db-name", database, "--event-loops", "2", "--rate-limit-per-ip", "0",
            ], tmp_path)

        def worker(*extra):
            return Process("worker", [
                str(BINARY), "worker", "--mongo-uri", uri, "--db-name", database, "--interval", "1s", *extra,
            ], tmp_path)

        servers = [server(0), server(1)]
        processes.extend(servers)
        for port in ports:
            wait_for(lambda: answers(port), 30, f"server on {port} did not answer")
        balancer_port = free_port()
        for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (tmp_path / name).mkdir()
        config = tmp_path / "nginx.conf"
        config.write_text(NGINX_CONFIG.format(dir=tmp_path, first=ports[0], second=ports[1], port=balancer_port))
        nginx = Process("nginx", [NGINX, "-c", str(config), "-e", str(tmp_path / "nginx-error.log")], tmp_path)
        processes.append(nginx)
        wait_for(lambda: answers(balancer_port, "/healthz"), 30, "nginx did not answer")
        standalone = worker()
        processes.append(standalone)
        try:
            yield {
                "uri": uri, "database": database, "ports": ports, "balancer": balancer_port,
                "servers": servers, "restart_server": server, "worker": standalone, "restart_worker": worker,
                "processes": processes, "directory": tmp_path,
            }
        finally:
            for process in processes:
                process.stop()


def test_two_servers_and_a_worker_behind_nginx_survive_kills_and_agree(cluster):
    load = subprocess.Popen(
        # An open loop at 40 requests/s (at most 32,000 runs): the closed loop's volume grew with every ingest
        # speed-up, and once counting it on nx-27017, while the generator listed every run back, outlasted the 60 s
        # below (the replacement worker's passes kept failing with leaseLost).
        [str(LOAD), "ingest", f"http://127.0.0.1:{cluster['balancer']}", "--agents", "12", "--versions", "2",
         "--batch", "50", "-c", "4", "--rate", "40", "--duration", "16s", "--timeout", "10s", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    events = []

    started = time.monotonic()

    def chaos():
        time.sleep(5)
        # One server dies mid-run and comes back on the same port.
        cluster["servers"][0].kill()
        events.append("server 0 killed")
        restarted = cluster["restart_server"](0)
        cluster["processes"].append(restarted)
        cluster["servers"][0] = restarted
        wait_for(lambda: answers(cluster["ports"][0]), 30, "restarted server did not answer")
        time.sleep(max(0, 10 - (time.monotonic() - started)))
        # Then the worker.
        cluster["worker"].kill()
        events.append("worker killed")
        replacement = cluster["restart_worker"]()
        cluster["processes"].append(replacement)
        cluster["worker"] = replacement

    chaos_thread = threading.Thread(target=chaos)
    chaos_thread.start()
    # Generous: the load runs 16 s, then verifies every acknowledged run by listing them all back.
    output, errors = load.communicate(timeout=600)
    chaos_thread.join()
    assert events == ["server 0 killed", "worker killed"]
    assert load.returncode == 0, f"load generator exited {load.returncode}: {errors}\n{output}"
    report = json.loads(output)
    assert report["lost_runs"] == 0
    acknowledged = report["acknowledged_runs"]
    print(f"acknowledged runs: {acknowledged}")
    assert acknowledged > 1000, report

    client = pymongo.MongoClient(cluster["uri"])
    database = client[cluster["database"]]
    # Exactly once: the unique (agent_id, version, run_id) index forbids a second copy, and every
    # acknowledged run is stored (lost_runs == 0); unacknowledged batches may be stored too, at most once.
    stored = database.agent_runs.count_documents({})
    assert stored >= acknowledged
    keys = {(run["agent_id"], run["version"], run["run_id"]) for run in database.agent_runs.find({}, {"_id": 0})}
    assert len(keys) == stored

    # The replacement worker counts everything, and the aggregates match what is stored.
    def all_counted():
        uncounted = database.agent_runs.count_documents({"counted": False})
        total = sum(doc["total_runs"] for doc in database.agent_version_metrics.find())
        return uncounted == 0 and total == stored
    wait_for(all_counted, 60, f"the worker did not count every run:\n{cluster['worker'].log}")

    def aggregates():
        return sorted(
            # Which pass and lease term wrote a document differ between runs of the same maths.
            (json.dumps({k: v for k, v in doc.items() if k not in ("applied_pass", "lease_epoch")},
                        sort_keys=True, default=str)
             for doc in database.agent_version_metrics.find()))
    incremental = aggregates()
    cluster["worker"].stop()
    rebuild = subprocess.run(
        [str(BINARY), "worker", "--mongo-uri", cluster["uri"], "--db-name", cluster["database"], "--rebuild", "--once"],
        capture_output=True, text=True, timeout=120,
    )
    assert rebuild.returncode == 0, rebuild.stderr
    assert aggregates() == incremental

    # Both servers show the same numbers, which are the stored ones, within 2 s of the last pass.
    first, second = cluster["ports"]

    def agree():
        rows = stable_rows(first)
        shown = sum(json.loads(row)["totalRuns"] for row in rows)
        return shown == stored and rows == stable_rows(second) and stable_cards(first) == stable_cards(second)
    wait_for(agree, 2, f"the servers did not agree: {stable_cards(first)} vs {stable_cards(second)}")
