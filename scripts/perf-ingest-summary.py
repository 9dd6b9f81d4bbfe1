#!/usr/bin/env python3
"""Issue 11: share of a `perf record -g` profile of the server under ingest spent in each part of the ingest path.

Each sample is counted in every category whose pattern matches a frame of its stack (so shares overlap), and
by thread (event loops vs the database pool). Usage: scripts/perf-ingest-summary.py perf.data
"""
import re
import subprocess
import sys

CATEGORIES = [
    ("JSON parse + validation (JSONParser, RunBatch.decode, RunInput)", r"JSONParser|RunBatch6decode|AgentRunV6decode|FieldReader|RequestBody"),
    ("fast path: JSON to BSON bytes (RunDocumentEncoder)", r"RunDocumentEncoder"),
    ("BSON building (libbson appends, BSONValue, toBSON)", r"BSONDocument|toBSON|bson_append|bson_new"),
    ("bson_validate / bson_utf8_validate", r"bson_validate|bson_utf8_validate"),
    ("HTTP receive (read + request parse)", r"readFromSocket|parseRequests"),
    ("HTTP send (response write)", r"HTTPConnection.*complete|__send"),
    ("context switches (finish_task_switch)", r"finish_task_switch"),
    ("swift_getGenericMetadata", r"swift_getGenericMetadata"),
]
LEAVES = [
    ("malloc/free (self)", r"^(malloc|_int_malloc|_int_free|cfree|free|malloc_consolidate|unlink_chunk)"),
    ("retain/release (self)", r"^swift_(retain|release|bridgeObjectRe)"),
]

script = subprocess.run(["perf", "script", "-i", sys.argv[1], "-F", "comm,ip,sym"], capture_output=True, text=True)
samples = [block for block in script.stdout.split("\n\n") if block.strip()]
total = len(samples)
loops = sum(1 for block in samples if block.split()[0].startswith("loop"))
print(f"| samples | {total} |")
print(f"| event-loop threads | {100 * loops / total:.1f}% |")
print(f"| other threads (database pool, libmongoc) | {100 * (total - loops) / total:.1f}% |")
for name, pattern in CATEGORIES:
    matcher = re.compile(pattern)
    print(f"| {name} | {100 * sum(1 for block in samples if matcher.search(block)) / total:.1f}% |")
for name, pattern in LEAVES:
    matcher = re.compile(pattern)
    count = 0
    for block in samples:
        lines = block.strip().split("\n")
        if len(lines) > 1 and matcher.search(lines[1].strip().split(" ", 1)[-1]):
            count += 1
    print(f"| {name} | {100 * count / total:.1f}% |")
