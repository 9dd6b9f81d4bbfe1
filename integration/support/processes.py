"""Helpers shared by the Python test suites: free ports, bounded waits, a throwaway nx-27017."""

import contextlib
import functools
import os
import secrets
import signal
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@functools.cache
def bin_path():
    """The debug build's products folder, as SwiftPM reports it (`AGENT_METRICS_BIN_PATH` overrides)."""
    configured = os.environ.get("AGENT_METRICS_BIN_PATH")
    if configured:
        return Path(configured)
    reported = subprocess.run(
        ["swift", "build", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True, timeout=120
    )
    return Path(reported.stdout.strip())


def built_product(name, variable):
    """The executable product `name`: `$variable` when set, else the one SwiftPM's debug build put in bin_path()."""
    configured = os.environ.get(variable)
    return Path(configured) if configured else bin_path() / name


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout, what):
    """Polls `condition` until it returns a true value (for processes coming up, where nothing notifies)."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} within {timeout} s")
        time.sleep(0.05)


@contextlib.contextmanager
def development_database():
    """An in-memory nx-27017 on a free port, started and stopped by scripts/devdb.sh; yields its URI."""
    port = free_port()
    command = [str(ROOT / "scripts/devdb.sh"), "{}", "--port", str(port), "--data-dir", "memory"]
    started = subprocess.run(
        [part.format("start") for part in command], check=True, capture_output=True, text=True, timeout=60
    )
    try:
        yield started.stdout.strip()
    finally:
        subprocess.run([part.format("stop") for part in command], capture_output=True, timeout=30)


def new_api_key(binary, scope, name):
    """`agent-metrics keys new`: (key, keys-file line)."""
    result = subprocess.run(
        [str(binary), "keys", "new", "--scope", scope, "--name", name],
        check=True, capture_output=True, text=True, timeout=30,
    )
    key, line = result.stdout.splitlines()
    return key, line


def write_keys_file(binary, directory, names):
    """A mode-600 keys file with one new key per `{scope: name}`; returns (path, {scope: key})."""
    keys, lines = {}, []
    for scope, name in names.items():
        keys[scope], line = new_api_key(binary, scope, name)
        lines.append(line)
    path = directory / "keys.txt"
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)
    return path, keys


def start_server(binary, database, directory, database_prefix, arguments=()):
    """The server binary on a free port with a worker every second, its output in `directory/server.log`, on a
    database of its own; returns (process, base URL, log path). Stop it with `stop_process`."""
    port = free_port()
    log_path = directory / "server.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                str(binary), "server", "--host", "127.0.0.1", "--port", str(port),
                "--mongo-uri", database, "--db-name", database_prefix + secrets.token_hex(6),
                "--worker-interval", "1s", "--event-loops", "2", *arguments,
            ],
            stdout=log, stderr=subprocess.STDOUT,
        )
    return process, f"http://127.0.0.1:{port}", log_path


def stop_process(process):
    """SIGTERM, then SIGKILL after 15 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
