"""Helpers shared by the Python test suites: free ports, bounded waits, a throwaway nx-27017."""

import contextlib
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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
