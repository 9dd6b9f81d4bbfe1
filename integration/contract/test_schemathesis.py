"""Schemathesis against the live debug server: positive and negative data, the document's examples and its
coverage cases, and stateful sequences along the OpenAPI links (register -> version -> runs -> list).

It must report no failure of any check (no 5xx, no status, header, media type or body outside the document,
no accepted invalid request), and the server must come out of it alive, answering, and not grown. The number of
examples per operation is bounded so the whole run stays within a couple of minutes on two cores; the seed is
fixed so a failure reproduces (override with CONTRACT_SEED, and the examples with CONTRACT_EXAMPLES).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import ARTIFACTS
from contract import SPEC_PATH

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
EXAMPLES = os.environ.get("CONTRACT_EXAMPLES", "100")
SEED = os.environ.get("CONTRACT_SEED", "20261130")
# RSS may grow by this much over the run: caches and allocator arenas settle on a debug build, while a leak of
# even a few hundred bytes per request (tens of thousands of requests) would pass it.
RSS_GROWTH_LIMIT_KIB = 64 * 1024


def test_schemathesis_finds_nothing_and_the_server_survives(server):
    # Warm up (pool, caches, dashboard) so the RSS baseline is the steady state, not the empty process.
    for _ in range(50):
        server.raw("GET", "/api/v1/ui/agent_versions")
        server.raw("POST", "/api/v1/agents/warm-up/register", "{}")
    rss_before = server.rss_kib()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    here = Path(__file__).resolve().parent
    command = [
        str(SCHEMATHESIS), "--config-file", str(here / "schemathesis.toml"), "run", str(SPEC_PATH),
        "--url", server.base,
        "-H", f"Authorization: Bearer {server.key}",
        "--checks", "all",
        "--mode", "all",
        "--phases", "examples,coverage,fuzzing,stateful",
        "--max-examples", EXAMPLES,
        "--seed", SEED,
        "--workers", "1",
        "--request-timeout", "10",
        "--generation-database", "none",
        "--report", "junit", "--report-junit-path", str(ARTIFACTS / "schemathesis-junit.xml"),
        "--no-color",
    ]
    started = time.monotonic()
    environment = {**os.environ, "SCHEMATHESIS_HOOKS": "schemathesis_hooks", "PYTHONPATH": str(here)}
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, env=environment)
    elapsed = time.monotonic() - started
    (ARTIFACTS / "schemathesis.log").write_text(result.stdout + result.stderr)
    print(result.stdout[-4000:], f"\nschemathesis: {elapsed:.0f} s", sep="")

    assert server.process.poll() is None, f"the server died:\n{server.log_path.read_text()[-4000:]}"
    started = time.monotonic()
    assert server.raw("GET", "/healthz").status == 200 and time.monotonic() - started < 2, "the server hangs"
    assert server.raw("GET", "/api/v1/agents").status == 200, "the server no longer reaches the database"
    assert result.returncode == 0, "schemathesis found failures:\n" + result.stdout[-8000:]
    growth = server.rss_kib() - rss_before
    print(f"RSS before {rss_before} KiB, growth {growth} KiB")
    assert growth < RSS_GROWTH_LIMIT_KIB, f"RSS grew by {growth} KiB"
