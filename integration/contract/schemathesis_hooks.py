"""Schemathesis hooks (loaded through SCHEMATHESIS_HOOKS) for the two rules of the API that JSON Schema cannot
state, so that schema-valid generated requests are also valid requests:

- a run listing's `cursor` is opaque and only one this server issued is accepted (a foreign one is
  `400 invalid_cursor`, tested in test_responses.py); generated cursors are turned into well-formed ones, carrying
  a time and an id derived from the generated text, so the cursor path still sees varied values;
- an `agent_versions` cursor holds the last row of a page under one sort, so no generated text is one; positive
  cases leave it out (paging through issued cursors is walked in test_responses.py and the Swift suites, foreign
  ones are `400 invalid_cursor` there too);
- a `time_taken` duration string is at most 30 days (`720h`), which its pattern cannot say; in positive cases a
  longer one is replaced by `720h`, the bound itself (longer ones are refused, tested in the Swift suites);
- a `ui/timeseries` range holds at most 1,000 buckets (`400 invalid_query` beyond, tested in the Swift suites);
  in positive cases a `since` that makes a longer range is left out, so the default range ends where asked;
- `POST /api/v1/agents/{name}/register` may repeat the path's name in the body but not contradict it
  (`400 name_mismatch`, tested in test_responses.py); in positive cases a generated string `name` is set to the
  path's (negative cases keep theirs, which is what makes them invalid).

Everything else is generated as the document says.
"""

import base64
import hashlib
import re
import time
from datetime import datetime
from fractions import Fraction
from urllib.parse import unquote

import schemathesis

# The newest time a cursor may carry: 9999-12-31T23:59:59.999Z in milliseconds.
LAST_MS = 253_402_300_799_999


def issued_cursor(text):
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    created = int.from_bytes(digest[:8], "big") % (LAST_MS + 1)
    token = f"{created}:{digest[8:20].hex()}".encode()
    return base64.urlsafe_b64encode(token).rstrip(b"=").decode()


UNITS = {"ns": Fraction(1, 10**9), "us": Fraction(1, 10**6), "\u00b5s": Fraction(1, 10**6),
         "\u03bcs": Fraction(1, 10**6), "ms": Fraction(1, 1000), "s": Fraction(1), "m": Fraction(60), "h": Fraction(3600)}
TERM = re.compile(r"([0-9]*(?:\.[0-9]*)?)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)")
MAXIMUM_SECONDS = 30 * 86_400


def duration_seconds(text):
    """Seconds of a Go duration string matching the document's pattern (exactly, as the server counts them)."""
    text = text.lstrip("+")
    if text == "0":
        return Fraction(0)
    return sum((Fraction(number) * UNITS[unit] for number, unit in TERM.findall(text)), Fraction(0))


def bounded_runs(body):
    runs = body.get("runs") if isinstance(body.get("runs"), list) else [body]
    for run in runs:
        if isinstance(run, dict) and isinstance(run.get("time_taken"), str):
            if duration_seconds(run["time_taken"]) > MAXIMUM_SECONDS:
                run["time_taken"] = "720h"


BUCKET_MS = {"hour": 3_600_000, "day": 86_400_000}
MAXIMUM_BUCKETS = 1_000


def epoch_ms(text):
    try:
        return int(datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00")).timestamp() * 1000)
    except (ValueError, OverflowError, OSError):
        return None


def bounded_range(query):
    """Leaves `since` out when the range it starts holds more buckets than the server serves at once."""
    width = BUCKET_MS.get(query.get("bucket", "hour"))
    since = epoch_ms(query["since"]) if isinstance(query.get("since"), str) else None
    if width is None or since is None:
        return
    until = epoch_ms(query["until"]) if isinstance(query.get("until"), str) else int(time.time() * 1000) + 1
    if until is None or since >= until:
        return
    if (until - 1) // width - since // width + 1 > MAXIMUM_BUCKETS:
        del query["since"]


@schemathesis.hook
def map_case(context, case):
    negative = case.meta is not None and case.meta.generation.mode.is_negative
    if isinstance(case.query, dict) and isinstance(case.query.get("cursor"), str):
        if case.operation.path == "/api/v1/ui/agent_versions":
            if not negative:
                del case.query["cursor"]
        else:
            case.query["cursor"] = issued_cursor(case.query["cursor"])
    if not negative and case.operation.path == "/api/v1/ui/timeseries" and isinstance(case.query, dict):
        bounded_range(case.query)
    if not negative and case.operation.path.endswith("/runs") and isinstance(case.body, dict):
        bounded_runs(case.body)
    if not negative and case.operation.path == "/api/v1/agents/{name}/register" and isinstance(case.body, dict):
        name = (case.path_parameters or {}).get("name")
        # Schemathesis keeps path parameters percent-encoded, as sent; the server compares the decoded name.
        if isinstance(case.body.get("name"), str) and isinstance(name, str):
            case.body["name"] = unquote(name)
    return case
