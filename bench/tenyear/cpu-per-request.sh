#!/bin/bash
# The server's CPU time (user + system, from /proc) per request of one route, and its own
# time for each (the access log's duration_ms): the figures that drift least with the load of a
# shared machine, where wall time and wrk's latencies mostly measure the queue for a core.
#
#   bench/tenyear/cpu-per-request.sh BIN DB ROUTE [N]
#
# N requests (3) one at a time as the office user (anweiban), after one not counted (it warms the
# page cache). Prints "route | requests | CPU ms per request | server ms p50 | server ms max | load".
# DB gets one token row (use a copy). Env: PORT (18096), TODAY (2024-06-15), USER_NAME (anweiban).
set -eu
BIN=$(realpath "$1")
DB=$(realpath "$2")
ROUTE=$3
N=${4:-3}
PORT=${PORT:-18096}
TODAY=${TODAY:-2024-06-15}
LOG=$(mktemp)
TOKEN=$("$BIN" tokens create --user "${USER_NAME:-anweiban}" --label cpu-per-request --db "$DB" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
"$BIN" serve --db "$DB" --listen 127.0.0.1:$PORT --today $TODAY --tick-interval 0 2>"$LOG" >/dev/null &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 1; done
get() { curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT$ROUTE"; }
ticks() { awk '{ print $14 + $15 }' /proc/$SERVER/stat; }
get
before_log=$(wc -l <"$LOG")
before=$(ticks)
for _ in $(seq 1 "$N"); do get; done
after=$(ticks)
sleep 0.2
hz=$(getconf CLK_TCK)
times=$(tail -n +"$((before_log + 1))" "$LOG" | grep -o 'duration_ms=[0-9.]*' | cut -d= -f2 | sort -n)
p50=$(echo "$times" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
max=$(echo "$times" | tail -1)
echo "| \`$ROUTE\` | $N | $(awk -v t=$((after - before)) -v n="$N" -v hz="$hz" 'BEGIN { printf "%.0f", t * 1000 / hz / n }') | $p50 | $max | $(cut -d' ' -f1 /proc/loadavg) |"
