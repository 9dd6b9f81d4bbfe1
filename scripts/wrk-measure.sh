# Sourced by the bench scripts that time one server with wrk (bench-auth.sh, bench-ui.sh): one wrk run read back
# as numbers, and the server's CPU over that run. Uses the caller's CONNECTIONS and DURATION.
#
#   wrk_measure_init DIR     writes DIR/report.lua, the wrk script that prints the one result line
#   wrk_measure PIDS ARGS... one `wrk -t1 -c$CONNECTIONS -d$DURATION` run with ARGS (URL, headers, flags); prints
#                            "requests duration_us p50_us p99_us errors cpu_ticks", the last being the utime+stime
#                            over the run of the processes in PIDS (one PID, or several separated by spaces). When wrk printed no result it prints "0 1 0 0 1 cpu_ticks"
#                            (no requests, one error) and returns 1.

# cpu_ticks PID...: utime+stime (fields 14 and 15 of /proc/PID/stat) of the processes, summed, in clock ticks; comm
# may hold spaces, so the fields are counted after ')'.
cpu_ticks() {
    local pid fields f total=0
    for pid in "$@"; do
        fields=$(cat "/proc/$pid/stat")
        fields=${fields##*) }
        read -r -a f <<<"$fields"
        total=$((total + f[11] + f[12]))
    done
    echo "$total"
}

wrk_measure_init() {
    wrk_measure_script="$1/report.lua"
    cat >"$wrk_measure_script" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %.0f %.0f %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout))
end
LUA
}

wrk_measure() {
    local pids before after line requests duration p50 p99 errors status=0
    read -r -a pids <<<"$1"
    shift
    before=$(cpu_ticks "${pids[@]}")
    line=$(timeout 120 wrk -t1 -c"$CONNECTIONS" -d"$DURATION" -s "$wrk_measure_script" "$@" 2>&1 |
        grep '^BENCH ' || true)
    after=$(cpu_ticks "${pids[@]}")
    if [ -z "$line" ]; then
        line="BENCH 0 1 0 0 1"
        status=1
    fi
    read -r _ requests duration p50 p99 errors <<<"$line"
    echo "$requests $duration $p50 $p99 $errors $((after - before))"
    return "$status"
}
