#!/usr/bin/env bash
# Starts a development nx-27017 when nothing answers on the MongoDB URI the server will use.
# Usage: scripts/ensure-devdb.sh [URI]   (default: $AGENT_METRICS_MONGO_URI, $MONGO_URL, mongodb://localhost:27017)
# Only local hosts get a dev database; a remote URI is left alone (the server reports 503 until it answers).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
uri="${1:-${AGENT_METRICS_MONGO_URI:-${MONGO_URL:-mongodb://localhost:27017}}}"

# mongodb://[user:pass@]host[:port][,host2...][/db][?opts] -> first host and port.
rest="${uri#mongodb://}"
rest="${rest#*@}"
hostport="${rest%%[/?,]*}"
host="${hostport%%:*}"
port=27017
[ "$hostport" != "$host" ] && port="${hostport##*:}"

case "$host" in
    localhost|127.0.0.1|::1|"[::1]") ;;
    *) echo "devdb: $uri is not local; not starting a development database" >&2; exit 0 ;;
esac

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    exit 0
fi
echo "devdb: nothing answers on $host:$port; starting nx-27017 with data in .data/" >&2
"$root/scripts/devdb.sh" start --port "$port" --data-dir "$root/.data" >/dev/null
