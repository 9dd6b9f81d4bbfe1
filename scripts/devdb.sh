#!/usr/bin/env bash
# Runs a local nx-27017 (MongoDB wire protocol on SQLite) for development.
# Usage: scripts/devdb.sh start|stop|status [--port P] [--data-dir DIR|memory]
#   start   starts it in the background unless something already answers on the port,
#           waits until it accepts connections (at most ~20 s) and prints the URI.
#   stop    stops the instance this script started for that port/data dir.
#   status  exit 0 and print the URI when it answers, exit 1 otherwise.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
nx="$root/.venv/bin/nx-27017"

command="${1:-}"
[ "$#" -gt 0 ] && shift
port="${DEVDB_PORT:-27017}"
data_dir="${DEVDB_DATA_DIR:-$root/.data}"
while [ "$#" -gt 0 ]; do
    case "$1" in
        --port) port="$2"; shift 2 ;;
        --port=*) port="${1#*=}"; shift ;;
        --data-dir) data_dir="$2"; shift 2 ;;
        --data-dir=*) data_dir="${1#*=}"; shift ;;
        *) echo "devdb: unknown argument $1" >&2; exit 2 ;;
    esac
done

uri="mongodb://127.0.0.1:$port"
if [ "$data_dir" = "memory" ]; then
    # No directory to keep state in, so pid/log go to a per-port temp dir.
    state_dir="${TMPDIR:-/tmp}/agent-metrics-devdb-$port"
else
    mkdir -p "$data_dir"
    data_dir="$(cd "$data_dir" && pwd)"
    state_dir="$data_dir"
fi
pid_file="$state_dir/nx-27017-$port.pid"
log_file="$state_dir/nx-27017-$port.log"

answers() {
    # A TCP connect is enough: nx accepts only once it is ready to serve.
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

running_pid() {
    [ -f "$pid_file" ] || return 1
    local pid
    pid="$(cat "$pid_file" 2>/dev/null || true)"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

case "$command" in
    start)
        if answers; then
            echo "devdb: something already answers on port $port; using it" >&2
            echo "$uri"
            exit 0
        fi
        [ -x "$nx" ] || "$root/scripts/venv.sh"
        mkdir -p "$state_dir"
        rm -f "$pid_file"
        nohup "$nx" --host 127.0.0.1 --port "$port" --data-dir "$data_dir" \
            --pid-file "$pid_file" --log-file "$log_file" >/dev/null 2>&1 &
        pid=$!
        for _ in $(seq 1 200); do
            if answers; then
                echo "devdb: nx-27017 pid $pid on port $port (data: $data_dir, log: $log_file)" >&2
                echo "$uri"
                exit 0
            fi
            if ! kill -0 "$pid" 2>/dev/null; then
                echo "devdb: nx-27017 exited during start; log:" >&2
                tail -n 20 "$log_file" >&2 2>/dev/null || true
                exit 1
            fi
            sleep 0.1
        done
        echo "devdb: nx-27017 did not answer on port $port within 20 s; stopping it" >&2
        kill -KILL "$pid" 2>/dev/null || true
        exit 1
        ;;
    stop)
        if ! pid="$(running_pid)"; then
            echo "devdb: not running (no live pid in $pid_file)" >&2
            exit 0
        fi
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "devdb: pid $pid ignored SIGTERM for 5 s; sending SIGKILL" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
        rm -f "$pid_file"
        echo "devdb: stopped pid $pid" >&2
        ;;
    status)
        if answers; then
            if pid="$(running_pid)"; then
                echo "devdb: running, pid $pid" >&2
            else
                echo "devdb: port $port answers (not started by this script)" >&2
            fi
            echo "$uri"
            exit 0
        fi
        echo "devdb: nothing answers on port $port" >&2
        exit 1
        ;;
    *)
        echo "usage: $0 start|stop|status [--port P] [--data-dir DIR|memory]" >&2
        exit 2
        ;;
esac
