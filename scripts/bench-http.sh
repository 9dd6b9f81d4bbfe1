#!/usr/bin/env bash
# HTTP core vs nginx, side by side and alternating, on loopback.
#
# Usage: scripts/bench-http.sh            (what `make bench` runs)
#   LOOPS=2 ROUNDS=3 DURATION=5s IDLE_CONNECTIONS=10000 ACCEPT_MODE_ROUNDS=3 scripts/bench-http.sh
#   PERF=1 also records `perf record -g` of our server during one extra c=50 run.
#   SCENARIOS="keepalive-c50 keepalive-c256 tls-c50" runs only those (default: all, plus accept modes);
#   IDLE_CONNECTIONS=0 skips the idle-connection test.
# Each scenario runs ROUNDS times per server, alternating ours/nginx, and reports medians.
# Server CPU is utime+stime from /proc/PID/stat over the run (all nginx processes summed),
# divided by the requests wrk completed. The table goes to stdout and bench-results/.
set -euo pipefail

LOOPS=${LOOPS:-2}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-2s}
IDLE_CONNECTIONS=${IDLE_CONNECTIONS:-10000}
ACCEPT_MODE_ROUNDS=${ACCEPT_MODE_ROUNDS:-3}
PERF=${PERF:-0}
SCENARIOS=${SCENARIOS:-keepalive-c50 keepalive-c256 close-c16 tls-c50 accept-c50}
BIN=${BIN:-.build/release/agent-metrics}
BASE_PORT=${BASE_PORT:-18480}

OURS_PORT=$BASE_PORT
OURS_TLS_PORT=$((BASE_PORT + 1))
OURS_SINGLE_PORT=$((BASE_PORT + 2))
NGINX_PORT=$((BASE_PORT + 10))
NGINX_TLS_PORT=$((BASE_PORT + 11))

cd "$(dirname "$0")/.."
for tool in wrk nginx openssl python3; do
    command -v "$tool" >/dev/null || { echo "bench-http: $tool is missing (make bench installs it)" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "bench-http: $BIN not built; run: swift build -c release --product agent-metrics" >&2; exit 1; }

TMP=$(mktemp -d /tmp/bench-http.XXXXXX)
STARTED_PIDS=()
NGINX_MASTER=""

cleanup() {
    local status=$?
    set +e
    if [ -n "$NGINX_MASTER" ] && kill -0 "$NGINX_MASTER" 2>/dev/null; then
        kill -QUIT "$NGINX_MASTER"   # graceful: master stops its workers
    fi
    for pid in "${STARTED_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null
    done
    for pid in "${STARTED_PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        code=$?
        # Our server must exit 0 on SIGTERM; anything else is a bug worth seeing.
        if [ "$pid" != "$NGINX_MASTER" ] && [ "$code" -ne 0 ]; then
            echo "bench-http: our server (pid $pid) exited $code after SIGTERM" >&2
        fi
    done
    rm -rf "$TMP"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

CLK_TCK=$(getconf CLK_TCK)
ulimit -n "$(ulimit -Hn)"

wait_for_port() {
    local port=$1
    for _ in $(seq 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "bench-http: nothing listening on $port" >&2
    return 1
}

# --- certificate shared by both servers -------------------------------------------------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$TMP/key.pem" -out "$TMP/cert.pem" 2>/dev/null

# --- nginx ------------------------------------------------------------------------------
mkdir -p "$TMP/nginx"
cat >"$TMP/nginx/nginx.conf" <<CONF
daemon off;
master_process on;
worker_processes $LOOPS;
worker_rlimit_nofile 40000;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events {
    worker_connections 20000;
    use epoll;
}
http {
    access_log off;
    keepalive_requests 100000000;
    keepalive_timeout 60s;
    client_body_temp_path $TMP/nginx/body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:SSL:10m;
    ssl_session_timeout 10m;
    server {
        listen 127.0.0.1:$NGINX_PORT reuseport backlog=4096;
        listen 127.0.0.1:$NGINX_TLS_PORT ssl reuseport backlog=4096;
        ssl_certificate $TMP/cert.pem;
        ssl_certificate_key $TMP/key.pem;
        location = /healthz {
            default_type application/json;
            return 200 '{"status":"ok"}';
        }
    }
}
CONF
nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/error.log" &
NGINX_MASTER=$!
STARTED_PIDS+=("$NGINX_MASTER")

# Every load and idle connection comes from 127.0.0.1: lift the per-IP limit (default 256) for the benchmark.
export AGENT_METRICS_MAX_CONNECTIONS_PER_IP=1000000
# Benchmarks measure the server flat out from one address: no per-IP request limit.
export AGENT_METRICS_RATE_LIMIT_PER_IP=0

# --- our server: plain, TLS, and one-acceptor instances ---------------------------------
"$BIN" server --host 127.0.0.1 --port "$OURS_PORT" --event-loops "$LOOPS" --no-worker --log-level warning &
OURS_PID=$!
STARTED_PIDS+=("$OURS_PID")
"$BIN" server --host 127.0.0.1 --port "$OURS_TLS_PORT" --event-loops "$LOOPS" --no-worker --log-level warning \
    --tls-cert "$TMP/cert.pem" --tls-key "$TMP/key.pem" --allow-anonymous &
OURS_TLS_PID=$!
STARTED_PIDS+=("$OURS_TLS_PID")
"$BIN" server --host 127.0.0.1 --port "$OURS_SINGLE_PORT" --event-loops "$LOOPS" --no-worker --log-level warning \
    --accept-mode single &
OURS_SINGLE_PID=$!
STARTED_PIDS+=("$OURS_SINGLE_PID")

for port in "$NGINX_PORT" "$NGINX_TLS_PORT" "$OURS_PORT" "$OURS_TLS_PORT" "$OURS_SINGLE_PORT"; do
    wait_for_port "$port"
done

# Same bytes from both? (Server and Date differ by nature.)
for url in "http://127.0.0.1:$OURS_PORT/healthz" "http://127.0.0.1:$NGINX_PORT/healthz" \
    "https://127.0.0.1:$OURS_TLS_PORT/healthz" "https://127.0.0.1:$NGINX_TLS_PORT/healthz"; do
    body=$(curl -sk --max-time 5 "$url")
    ctype=$(curl -sk --max-time 5 -o /dev/null -w '%{content_type}' "$url")
    if [ "$body" != '{"status":"ok"}' ] || [ "$ctype" != "application/json" ]; then
        echo "bench-http: $url answered '$body' ($ctype)" >&2
        exit 1
    fi
done

nginx_pids() { # master and workers, comma-separated
    local pids=$NGINX_MASTER child
    for child in $(cat "/proc/$NGINX_MASTER/task/"*/children 2>/dev/null); do pids="$pids,$child"; done
    echo "$pids"
}

pids_of() {
    case $1 in
        nginx | nginx-tls) nginx_pids ;;
        ours) echo "$OURS_PID" ;;
        ours-tls) echo "$OURS_TLS_PID" ;;
        ours-single) echo "$OURS_SINGLE_PID" ;;
    esac
}

url_of() {
    case $1 in
        nginx) echo "http://127.0.0.1:$NGINX_PORT/healthz" ;;
        nginx-tls) echo "https://127.0.0.1:$NGINX_TLS_PORT/healthz" ;;
        ours) echo "http://127.0.0.1:$OURS_PORT/healthz" ;;
        ours-tls) echo "https://127.0.0.1:$OURS_TLS_PORT/healthz" ;;
        ours-single) echo "http://127.0.0.1:$OURS_SINGLE_PORT/healthz" ;;
    esac
}

cpu_ticks() { # utime+stime (fields 14+15) summed over pids
    local total=0 pid fields
    for pid in ${1//,/ }; do
        fields=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
        fields=${fields##*) }          # comm may contain spaces; fields start at 3 after ')'
        read -r -a f <<<"$fields"
        total=$((total + f[11] + f[12]))
    done
    echo "$total"
}

ctx_switches() { # voluntary + nonvoluntary context switches, summed over every thread of pids
    local total=0 pid
    for pid in ${1//,/ }; do
        total=$((total + $(cat /proc/"$pid"/task/*/status 2>/dev/null |
            awk '/^(voluntary|nonvoluntary)_ctxt_switches:/ {s += $2} END {print s + 0}')))
    done
    echo "$total"
}

rss_kib() { # VmRSS summed over pids
    local total=0 pid kib
    for pid in ${1//,/ }; do
        kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
        total=$((total + ${kib:-0}))
    done
    echo "$total"
}

cat >"$TMP/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %.0f %.0f %d %d %d %d %d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
LUA

RESULTS=$TMP/runs.tsv
: >"$RESULTS"

# run SCENARIO SERVER ROUND CONNECTIONS [wrk args...]: one bounded wrk run, one TSV row.
run() {
    local scenario=$1 server=$2 round=$3 connections=$4
    shift 4
    local pids url before after out line
    pids=$(pids_of "$server")
    url=$(url_of "$server")
    before=$(cpu_ticks "$pids")
    switches_before=$(ctx_switches "$pids")
    out=$(timeout 120 wrk -t1 -c"$connections" -d"$DURATION" --latency -s "$TMP/report.lua" "$@" "$url" 2>&1) || true
    after=$(cpu_ticks "$pids")
    switches_after=$(ctx_switches "$pids")
    line=$(grep '^BENCH ' <<<"$out" || true)
    if [ -z "$line" ]; then
        echo "bench-http: wrk gave no result for $scenario/$server:" >&2
        echo "$out" >&2
        line="BENCH 0 1 0 0 0 0 0 0 0"
    fi
    for pid in ${pids//,/ }; do
        kill -0 "$pid" 2>/dev/null || { echo "bench-http: $server (pid $pid) died during $scenario" >&2; exit 1; }
    done
    # scenario server round requests duration_us p50_us p99_us connect read write status timeout cpu_ticks rss_kib
    # context_switches
    read -r _ requests duration p50 p99 e_connect e_read e_write e_status e_timeout <<<"$line"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scenario" "$server" "$round" \
        "$requests" "$duration" "$p50" "$p99" "$e_connect" "$e_read" "$e_write" "$e_status" "$e_timeout" \
        "$((after - before))" "$(rss_kib "$pids")" "$((switches_after - switches_before))" >>"$RESULTS"
    printf '  %-12s %-12s round %s: %8.0f req/s  p50 %6s us  p99 %6s us  errors c/r/w/s/t %s/%s/%s/%s/%s\n' \
        "$scenario" "$server" "$round" "$(awk -v r="$requests" -v d="$duration" 'BEGIN {print r * 1e6 / d}')" \
        "$p50" "$p99" "$e_connect" "$e_read" "$e_write" "$e_status" "$e_timeout" >&2
}

echo "bench-http: warming up ($WARMUP each)" >&2
for server in ours nginx ours-tls nginx-tls ours-single; do
    timeout 60 wrk -t1 -c50 -d"$WARMUP" "$(url_of "$server")" >/dev/null 2>&1 || true
done

echo "bench-http: LOOPS=$LOOPS ROUNDS=$ROUNDS DURATION=$DURATION" >&2
wanted() { [[ " $SCENARIOS " == *" $1 "* ]]; }
wanted keepalive-c50 && for round in $(seq "$ROUNDS"); do
    for server in ours nginx; do run keepalive-c50 "$server" "$round" 50; done
done
wanted keepalive-c256 && for round in $(seq "$ROUNDS"); do
    for server in ours nginx; do run keepalive-c256 "$server" "$round" 256; done
done
wanted close-c16 && for round in $(seq "$ROUNDS"); do
    for server in ours nginx; do run close-c16 "$server" "$round" 16 -H 'Connection: close'; done
done
wanted tls-c50 && for round in $(seq "$ROUNDS"); do
    run tls-c50 ours-tls "$round" 50
    run tls-c50 nginx-tls "$round" 50
done
wanted accept-c50 && for round in $(seq "$ACCEPT_MODE_ROUNDS"); do
    for server in ours ours-single; do run accept-c50 "$server" "$round" 50; done
done

if [ "$PERF" = 1 ] && command -v perf >/dev/null; then
    echo "bench-http: perf record -g of our server during a c=50 run" >&2
    perf record -g -o "$TMP/perf.data" -p "$OURS_PID" -- sleep "${DURATION%s}" 2>/dev/null &
    perf_pid=$!
    sleep 0.2
    timeout 120 wrk -t1 -c50 -d"$DURATION" "$(url_of ours)" >/dev/null 2>&1 || true
    wait "$perf_pid" || true
    mkdir -p bench-results
    perf report -i "$TMP/perf.data" --no-children --sort dso,symbol --stdio -g none 2>/dev/null \
        | { command -v swift-demangle >/dev/null && swift-demangle --simplified || cat; } \
        >"bench-results/perf-$(date +%Y%m%d-%H%M%S).txt" || true
fi

# --- idle keep-alive connections (last: the client's closes leave TIME_WAIT ports) --------
IDLE=$TMP/idle.tsv
: >"$IDLE"
[ "$IDLE_CONNECTIONS" -gt 0 ] && for server in ours nginx; do
    echo "bench-http: $IDLE_CONNECTIONS idle keep-alive connections to $server" >&2
    if result=$(timeout 180 python3 scripts/bench-idle-connections.py --port "$(url_of "$server" | sed 's/.*:\([0-9]*\)\/.*/\1/')" \
        --pids "$(pids_of "$server")" --count "$IDLE_CONNECTIONS"); then
        printf '%s\t%s\n' "$server" "${result// /$'\t'}" >>"$IDLE"
    else
        echo "bench-http: idle-connection test failed for $server" >&2
    fi
    sleep 2
done

mkdir -p bench-results
stamp=$(date +%Y%m%d-%H%M%S)
python3 scripts/bench-report.py --runs "$RESULTS" --idle "$IDLE" --clk-tck "$CLK_TCK" \
    --loops "$LOOPS" --rounds "$ROUNDS" --duration "$DURATION" --accept-rounds "$ACCEPT_MODE_ROUNDS" \
    | tee "bench-results/http-$stamp.md"
cp "$RESULTS" "bench-results/http-$stamp-runs.tsv"
echo "bench-http: wrote bench-results/http-$stamp.md" >&2
