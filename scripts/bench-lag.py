#!/usr/bin/env python3
"""Ingest-to-dashboard lag at a steady rate (issue 10), against a running agent-metrics server.

Open loop: batch k of BATCH runs is due at start + k * BATCH / RATE, whatever happened to earlier ones
(several sender threads, each on its own keep-alive connection, take the next due batch). Every batch
carries one sample run whose `created` is a day ahead, so that it stays among the 100 newest runs of
`recent_activity` long enough to be seen (at 20 samples/s, 5 s); the pipeline it goes through is the
same as any run's. Two pollers read the UI every POLL_MS:
  - recent_activity?limit=100: a sample's lag is the first poll that lists it minus its batch's ack;
  - stats: the "Total Runs Today" card (raw) must reach the number of (non-sample) runs acknowledged
    up to an ack for that ack to count as shown; its lag is that poll's time minus the ack.
With --peer-port, the same two pollers also read a second server (started with --no-worker on the same
database), which sees runs only through the worker's passes and the saved generation: the lag between
servers. Prints one JSON object: p50/p99/max of each lag, how many samples were never seen, late sends.
"""
import argparse, http.client, json, sys, threading, time, datetime

def connect(host, port):
    return http.client.HTTPConnection(host, port, timeout=30)

def request(conn, method, path, body=None):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()

def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered) + 0.5)) - 1))]

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--rate", type=float, default=2000, help="runs per second")
    parser.add_argument("--batch", type=int, default=100, help="runs per POST")
    parser.add_argument("--duration", type=float, default=60, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=5, help="seconds of load before measuring")
    parser.add_argument("--senders", type=int, default=4)
    parser.add_argument("--agents", type=int, default=10)
    parser.add_argument("--versions", type=int, default=3)
    parser.add_argument("--poll-ms", type=float, default=20)
    parser.add_argument("--peer-port", type=int, help="a --no-worker server on the same database, polled too")
    args = parser.parse_args()

    setup = connect(args.host, args.port)
    targets = []
    for a in range(args.agents):
        name = f"lag-{a}"
        status, _ = request(setup, "POST", f"/api/v1/agents/{name}/register", json.dumps({"project": "lag"}))
        assert status in (200, 201), status
        for v in range(args.versions):
            body = {"version": f"1.{v}", "cluster": "c", "deployment": "d", "tools": ["t"], "models": ["m"]}
            status, _ = request(setup, "POST", f"/api/v1/agents/{name}/versions", json.dumps(body))
            assert status in (200, 201, 409), status
            targets.append(f"/api/v1/agents/{name}/versions/1.{v}/runs")

    lock = threading.Lock()
    next_batch = [0]
    acks = []          # (ack time, normal runs in the batch, sample id, measured)
    late = [0]
    errors = [0]
    interval = args.batch / args.rate
    total = args.warmup + args.duration
    batches = int(total / interval)
    start = time.monotonic() + 0.5
    measure_from = start + args.warmup
    tomorrow = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def sender():
        conn = connect(args.host, args.port)
        while True:
            with lock:
                k = next_batch[0]
                next_batch[0] += 1
            if k >= batches:
                return
            due = start + k * interval
            now = time.monotonic()
            if now < due:
                time.sleep(due - now)
            elif now - due > interval:
                with lock:
                    late[0] += 1
            base = k * args.batch
            runs = [{"id": base + i, "status": "completed" if i % 5 else "failed", "time_taken": "1.5s", "cost": 0.01}
                    for i in range(args.batch - 1)]
            sample = base + args.batch - 1
            runs.append({"id": sample, "status": "completed", "time_taken": "1s", "cost": 0.01, "created": tomorrow})
            body = json.dumps({"runs": runs})
            try:
                status, _ = request(conn, "POST", targets[k % len(targets)], body)
            except Exception:
                conn = connect(args.host, args.port)
                status = 0
            acked = time.monotonic()
            if status != 201:
                with lock:
                    errors[0] += 1
                continue
            with lock:
                acks.append((acked, args.batch - 1, sample, due >= measure_from))

    stop = threading.Event()

    def poll(port, path, record):
        """GETs `path` every poll_ms until stopped; `record(now, body)` takes each 200 answer's JSON."""
        conn = connect(args.host, port)
        while not stop.is_set():
            status, body = request(conn, "GET", path)
            now = time.monotonic()
            if status == 200:
                record(now, json.loads(body))
            time.sleep(args.poll_ms / 1000)

    def poll_recent(port, seen):
        def record(now, runs):
            for run in runs:
                seen.setdefault(run["id"], now)
        poll(port, "/api/v1/ui/recent_activity?limit=100", record)

    def poll_cards(port, cards):
        def record(now, body):
            for card in body:
                if card["title"] == "Total Runs Today":
                    cards.append((now, card["raw"]))
        poll(port, "/api/v1/ui/stats", record)

    views = {"": (args.port, {}, [])}  # name -> (port, sample id -> first time listed, [(poll time, runs today)])
    if args.peer_port:
        views["peer_"] = (args.peer_port, {}, [])
    pollers = []
    for port, seen, cards in views.values():
        pollers += [threading.Thread(target=poll_recent, args=(port, seen)),
                    threading.Thread(target=poll_cards, args=(port, cards))]
    senders = [threading.Thread(target=sender) for _ in range(args.senders)]
    for t in pollers + senders:
        t.start()
    for t in senders:
        t.join()
    time.sleep(10)  # let the last batches show (a lag past this is reported as unseen)
    stop.set()
    for t in pollers:
        t.join()

    acks.sort()

    def lags(seen, cards):
        recent_lags, unseen = [], 0
        card_lags, unshown = [], 0
        cumulative = 0
        card_index = 0
        for acked, normal, sample, measured in acks:
            cumulative += normal
            if not measured:
                continue
            if sample in seen:
                # Listed before the sender read its response (it is shown once stored): no lag.
                recent_lags.append(max(0.0, seen[sample] - acked))
            else:
                unseen += 1
            while card_index < len(cards) and (cards[card_index][0] < acked or cards[card_index][1] < cumulative):
                card_index += 1
            if card_index < len(cards):
                card_lags.append(cards[card_index][0] - acked)
            else:
                unshown += 1
        return recent_lags, unseen, card_lags, unshown

    def summary(lags):
        return {"samples": len(lags), "p50_ms": round(1000 * percentile(lags, 50)) if lags else None,
                "p99_ms": round(1000 * percentile(lags, 99)) if lags else None,
                "max_ms": round(1000 * max(lags)) if lags else None}

    measured_acks = [a for a in acks if a[3]]
    elapsed = (measured_acks[-1][0] - measured_acks[0][0]) if len(measured_acks) > 1 else 0
    result = {
        "target_runs_per_s": args.rate,
        "acked_runs_per_s": round(sum(a[1] + 1 for a in measured_acks) / elapsed) if elapsed else None,
        "batches": len(acks), "errors": errors[0], "late_sends": late[0],
    }
    for name, (_, seen, cards) in views.items():
        recent_lags, unseen, card_lags, unshown = lags(seen, cards)
        result[name + "recent_activity"] = dict(summary(recent_lags), unseen=unseen)
        result[name + "cards"] = dict(summary(card_lags), unshown=unshown)
    print(json.dumps(result))
    return 0

if __name__ == "__main__":
    sys.exit(main())
