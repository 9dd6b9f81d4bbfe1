#!/usr/bin/env python3
"""Measures RSS growth per idle keep-alive connection for one server.

Reads VmRSS of the given pids, opens COUNT connections to 127.0.0.1:PORT, sends one
`GET /healthz` on each and reads its response (so each is a served keep-alive connection),
waits for the server to settle, reads VmRSS again while holding them, then closes them.
Prints one line: `rss_before_kib rss_after_kib opened growth_bytes_per_connection`.
"""
import argparse
import resource
import selectors
import socket
import sys
import time

REQUEST = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def rss_kib(pids):
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pids", required=True, help="comma-separated pids whose VmRSS is summed")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--settle", type=float, default=1.0)
    args = parser.parse_args()
    pids = [int(p) for p in args.pids.split(",") if p]

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if hard < args.count + 64:
        sys.exit(f"RLIMIT_NOFILE hard limit {hard} is too low for {args.count} connections")

    time.sleep(args.settle)
    before = rss_kib(pids)

    sockets = []
    pending = {}
    selector = selectors.DefaultSelector()
    try:
        # Open in batches so the listen backlog is never the limit.
        batch = 500
        for start in range(0, args.count, batch):
            for _ in range(min(batch, args.count - start)):
                s = socket.create_connection(("127.0.0.1", args.port), timeout=10)
                s.setblocking(False)
                s.sendall(REQUEST)
                sockets.append(s)
                pending[s] = b""
                selector.register(s, selectors.EVENT_READ)
            deadline = time.monotonic() + 30
            while pending and time.monotonic() < deadline:
                for key, _ in selector.select(timeout=1):
                    s = key.fileobj
                    chunk = s.recv(4096)
                    if not chunk:
                        sys.exit("server closed an idle-test connection")
                    pending[s] += chunk
                    data = pending[s]
                    head, sep, body = data.partition(b"\r\n\r\n")
                    if sep and len(body) >= 15:  # body is {"status":"ok"}
                        if not head.startswith(b"HTTP/1.1 200"):
                            sys.exit(f"unexpected response: {head[:40]!r}")
                        selector.unregister(s)
                        del pending[s]
            if pending:
                sys.exit(f"{len(pending)} connections got no response within 30 s")
        time.sleep(args.settle)
        after = rss_kib(pids)
        opened = len(sockets)
    finally:
        for s in sockets:
            s.close()
        selector.close()

    growth = (after - before) * 1024 / opened
    print(f"{before} {after} {opened} {growth:.0f}")


if __name__ == "__main__":
    main()
