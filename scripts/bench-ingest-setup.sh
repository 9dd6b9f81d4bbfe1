# Sourced by the ingest benchmarks: a fresh nx-27017 and a release server on free ports, with agent `bench`
# and its version `1.0.0` registered. Sets work, uri, http_port, server_pid and path (the version's runs);
# everything started is stopped on exit. Arguments: the server's extra flags.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
work="$(mktemp -d)"
db_port="$(free_port)"
http_port="$(free_port)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

.venv/bin/nx-27017 --host 127.0.0.1 --port "$db_port" --data-dir "$work/data" \
    --pid-file "$work/nx.pid" --log-file "$work/nx.log" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$db_port") 2>/dev/null && break; sleep 0.1; done
uri="mongodb://127.0.0.1:$db_port"

# Benchmarks measure the server flat out from one address: no per-IP request limit.
AGENT_METRICS_RATE_LIMIT_PER_IP=0 .build/release/agent-metrics server --host 127.0.0.1 --port "$http_port" \
    --mongo-uri "$uri" --log-level warning "$@" 2>"$work/server.log" &
server_pid=$!
pids+=($server_pid)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$http_port/healthz" >/dev/null && break; sleep 0.1; done
api="http://127.0.0.1:$http_port/api/v1/agents"
curl -sf -X POST "$api/bench/register" -H "Content-Type: application/json" -d '{"project":"bench"}' >/dev/null
curl -sf -X POST "$api/bench/versions" -H "Content-Type: application/json" -d '{"version":"1.0.0"}' >/dev/null
path="/api/v1/agents/bench/versions/1.0.0/runs"
