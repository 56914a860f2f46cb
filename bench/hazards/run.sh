#!/bin/sh
# Benchmark of the hazard register at 1,000,000 rows (see README.md). Needs wrk, sqlite3, python3
# and a release build. CONNS: the wrk connection counts to try (2 threads each).
set -eu
BIN=${BIN:-.build/release/anwei}
DB=${DB:-/tmp/anwei-bench-1m.db}
PORT=${PORT:-18089}
CONNS=${CONNS:-"2 16"}
DURATION=${DURATION:-10s}
TODAY=2024-06-15
HERE=$(dirname "$0")
if [ ! -f "$DB" ]; then
    "$BIN" demo --db "$DB" >/dev/null
    python3 "$HERE/generate.py" "$DB" "${N:-1000000}"
fi
echo "load: $(uptime)"
echo "hazards: $(sqlite3 "$DB" 'SELECT count(*) FROM hazards_hazards')"
TOKEN=$("$BIN" tokens create --user admin --label bench --db "$DB" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
export TOKEN

echo "== stats --by territory, the queries alone (sqlite3 shell): counts table, then overdue from the open-by-deadline index"
sqlite3 "$DB" <<SQL | grep -E "^Run Time"
.timer on
.output /dev/null
SELECT c.territory_id AS k, sum(c.n) AS total, sum(c.n * (c.grade = 'major')), sum(c.n * (c.grade = 'major' AND c.found_year <= 2023)),
    sum(c.n * (c.grade = 'major' AND c.found_year <= 2023 AND c.status <> 'closed')), sum(c.n * (c.grade = 'major' AND c.found_year <= 2023 AND c.status = 'closed')),
    sum(c.n * (c.found_year >= 2024)), sum(c.n * (c.status <> 'closed')), sum(c.n * (c.status = 'closed' AND c.closed_year >= 2024))
    FROM hazards_counts c WHERE c.status <> 'merged' GROUP BY k HAVING total > 0 ORDER BY k;
SELECT count(*) FROM (SELECT 1 FROM hazards_hazards h INDEXED BY hazards_open_by_deadline WHERE h.status NOT IN ('closed', 'merged') AND h.deadline >= '$TODAY' LIMIT 250000);
SELECT h.territory_id, count(*) FROM hazards_hazards h INDEXED BY hazards_open_by_deadline WHERE h.status NOT IN ('closed', 'merged') AND h.deadline >= '$TODAY' GROUP BY 1;
SQL
echo "== stats --by territory, CLI (whole process: open, migrate check, query, print)"
/usr/bin/time -f "%e s" "$BIN" hazards stats --by territory --today $TODAY --db "$DB" >/dev/null

# --tick-interval 0: the scheduled checks would otherwise run at start, over the whole register.
"$BIN" serve --db "$DB" --listen 127.0.0.1:$PORT --today $TODAY --tick-interval 0 2>/dev/null >/dev/null &
SERVER=$!
trap 'kill $SERVER' EXIT
sleep 2
ID=$(sqlite3 "$DB" "SELECT id FROM hazards_hazards WHERE territory_id = 3 AND status = 'rectifying' ORDER BY id LIMIT 1 OFFSET 5000")
URL=http://127.0.0.1:$PORT
echo "== stats over HTTP (wrk -t1 -c1)"
wrk -t1 -c1 -d5s --latency -s "$HERE/lua-list.lua" "$URL/api/v1/hazards/stats?by=territory" | grep -E "Requests/sec|50%|99%"
# wrk, and the server's CPU time per request (user + system from /proc: steady on a shared machine).
measure() {
    before=$(awk '{print $14 + $15}' /proc/$SERVER/stat)
    out=$(wrk "$@")
    after=$(awk '{print $14 + $15}' /proc/$SERVER/stat)
    echo "$out" | grep -E "Requests/sec|50%|99%"
    echo "$out" | awk -v a="$before" -v b="$after" -v hz="$(getconf CLK_TCK)" '/requests in/ { printf "  server CPU %.0f us/request\n", (b - a) * 1e6 / hz / $1 }'
}
for c in $CONNS; do
    echo "== wrk -t2 -c$c -d$DURATION"
    echo "-- /healthz"
    measure -t2 -c"$c" -d"$DURATION" --latency "$URL/healthz"
    echo "-- list: territory 3, status rectifying, 50 rows"
    measure -t2 -c"$c" -d"$DURATION" --latency -s "$HERE/lua-list.lua" "$URL/api/v1/hazards?territory_id=3&status=rectifying&limit=50"
    echo "-- get by id $ID"
    measure -t2 -c"$c" -d"$DURATION" --latency -s "$HERE/lua-list.lua" "$URL/api/v1/hazards/$ID"
done
echo "load: $(uptime)"
