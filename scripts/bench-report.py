#!/usr/bin/env python3
"""Turns bench-http.sh's per-run TSV rows into the markdown table (medians per server)."""
import argparse
import statistics
import sys

SCENARIOS = [
    ("keepalive-c50", "keep-alive, c=50", "ours", "nginx"),
    ("keepalive-c256", "keep-alive, c=256", "ours", "nginx"),
    ("close-c16", "`Connection: close`, c=16", "ours", "nginx"),
    ("tls-c50", "TLS keep-alive, c=50", "ours-tls", "nginx-tls"),
]


def load_runs(path):
    runs = []
    with open(path) as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) < 14:
                continue
            requests, duration = int(c[3]), int(c[4])
            runs.append({
                "scenario": c[0], "server": c[1], "round": int(c[2]),
                "requests": requests,
                "rps": requests * 1e6 / duration if duration else 0.0,
                "p50": int(c[5]) / 1000, "p99": int(c[6]) / 1000,  # ms
                "errors": sum(int(x) for x in c[7:12]),
                "error_detail": "/".join(c[7:12]),
                "cpu_ticks": int(c[12]), "rss_kib": int(c[13]),
                # Older result files have no context-switch column.
                "switches": int(c[14]) if len(c) > 14 else None,
            })
    return runs


def summarize(runs, clk_tck):
    cpu = [r["cpu_ticks"] * 1e6 / clk_tck / r["requests"] for r in runs if r["requests"]]
    switches = [r["switches"] / r["requests"] for r in runs if r["requests"] and r["switches"] is not None]
    return {
        "switches": statistics.median(switches) if switches else float("nan"),
        "rps": statistics.median(r["rps"] for r in runs),
        "p50": statistics.median(r["p50"] for r in runs),
        "p99": statistics.median(r["p99"] for r in runs),
        "rss": statistics.median(r["rss_kib"] for r in runs) / 1024,
        "cpu": statistics.median(cpu) if cpu else float("nan"),
        "errors": sum(r["errors"] for r in runs),
        "n": len(runs),
        "all_rps": [round(r["rps"] / 1000, 1) for r in runs],
    }


def ratio(a, b):
    return a / b if b else float("nan")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", required=True)
    p.add_argument("--idle", required=True)
    p.add_argument("--clk-tck", type=int, default=100)
    p.add_argument("--loops", default="2")
    p.add_argument("--rounds", default="3")
    p.add_argument("--duration", default="5s")
    p.add_argument("--accept-rounds", default="3")
    a = p.parse_args()
    runs = load_runs(a.runs)
    out = []
    w = out.append

    w(f"LOOPS={a.loops} (event loops = nginx worker_processes), wrk -t1, {a.duration} per run, "
      f"medians of {a.rounds} alternating rounds per server. CPU = server utime+stime per request "
      f"(nginx: master+workers summed). Context switches = voluntary + nonvoluntary over all the server's "
      f"threads, per request. Ratio = ours / nginx.\n")
    w("| Scenario | Server | req/s | p50 ms | p99 ms | RSS MiB | CPU µs/req | ctx sw/req | wrk errors "
      "| req/s per round (k) |")
    w("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for key, title, ours, nginx in SCENARIOS:
        s = {}
        for server in (ours, nginx):
            sel = [r for r in runs if r["scenario"] == key and r["server"] == server]
            if sel:
                s[server] = summarize(sel, a.clk_tck)
        for server in (ours, nginx):
            if server in s:
                x = s[server]
                w(f"| {title} | {server} | {x['rps']:,.0f} | {x['p50']:.2f} | {x['p99']:.2f} | "
                  f"{x['rss']:.1f} | {x['cpu']:.2f} | {x['switches']:.3f} | {x['errors']} | "
                  f"{', '.join(map(str, x['all_rps']))} |")
        if ours in s and nginx in s:
            o, n = s[ours], s[nginx]
            w(f"| {title} | **ratio** | **{ratio(o['rps'], n['rps']):.2f}** | {ratio(o['p50'], n['p50']):.2f} | "
              f"**{ratio(o['p99'], n['p99']):.2f}** | {ratio(o['rss'], n['rss']):.2f} | "
              f"**{ratio(o['cpu'], n['cpu']):.2f}** | {ratio(o['switches'], n['switches']):.2f} | | |")

    w("\n**Idle keep-alive connections** (VmRSS before/after opening them, each served one request)\n")
    w("| Server | connections | RSS before MiB | RSS after MiB | growth per connection |")
    w("|---|---:|---:|---:|---:|")
    try:
        with open(a.idle) as f:
            for line in f:
                c = line.split()
                if len(c) == 5:
                    w(f"| {c[0]} | {int(c[3]):,} | {int(c[1]) / 1024:.1f} | {int(c[2]) / 1024:.1f} | "
                      f"{int(c[4]):,} B |")
    except FileNotFoundError:
        pass

    acc = {}
    for server in ("ours", "ours-single"):
        sel = [r for r in runs if r["scenario"] == "accept-c50" and r["server"] == server]
        if sel:
            acc[server] = summarize(sel, a.clk_tck)
    if acc:
        w(f"\n**Accept mode** (our server, keep-alive c=50, medians of {a.accept_rounds} alternating rounds)\n")
        w("| --accept-mode | req/s | p50 ms | p99 ms | CPU µs/req | wrk errors | req/s per round (k) |")
        w("|---|---:|---:|---:|---:|---:|---|")
        for server, label in (("ours", "reuseport (default)"), ("ours-single", "single")):
            if server in acc:
                x = acc[server]
                w(f"| {label} | {x['rps']:,.0f} | {x['p50']:.2f} | {x['p99']:.2f} | {x['cpu']:.2f} | "
                  f"{x['errors']} | {', '.join(map(str, x['all_rps']))} |")
    print("\n".join(out))


if __name__ == "__main__":
    sys.exit(main())
