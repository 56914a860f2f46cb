#!/bin/sh
# Benchmark of the hazard register at 1,000,000 rows (see README.md). Needs wrk and python3.
set -eu
BIN=${BIN:-.build/release/anwei}
DB=${DB:-/tmp/anwei-bench.db}
PORT=${PORT:-18089}
HERE=$(dirname "$0")
if [ ! -f "$DB" ]; then
    "$BIN" demo --db "$DB" >/dev/null
    python3 "$HERE/generate.py" "$DB" "${N:-1000000}"
fi
TOKEN=$("$BIN" tokens create --user admin --label bench --db "$DB" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
export TOKEN
echo "stats --by territory (CLI, whole process):"
/usr/bin/time -f "%e s" "$BIN" hazards stats --by territory --db "$DB" >/dev/null
"$BIN" serve --db "$DB" --listen 127.0.0.1:$PORT --today 2024-06-15 2>/dev/null &
SERVER=$!
trap 'kill $SERVER' EXIT
sleep 2
ID=$(sqlite3 "$DB" "SELECT id FROM hazards_hazards WHERE territory_id = 3 AND status = 'rectifying' ORDER BY id LIMIT 1 OFFSET 5000")
echo "list: territory 3, status rectifying"
wrk -t2 -c16 -d15s --latency -s "$HERE/lua-list.lua" "http://127.0.0.1:$PORT/api/v1/hazards?territory_id=3&status=rectifying&limit=50" | grep -E "Requests/sec|50%|99%"
echo "get by id $ID"
wrk -t2 -c16 -d15s --latency -s "$HERE/lua-list.lua" "http://127.0.0.1:$PORT/api/v1/hazards/$ID" | grep -E "Requests/sec|50%|99%"
echo "stats over HTTP"
wrk -t1 -c1 -d10s --latency -s "$HERE/lua-list.lua" "http://127.0.0.1:$PORT/api/v1/hazards/stats?by=territory" | grep -E "Requests/sec|50%|99%"
