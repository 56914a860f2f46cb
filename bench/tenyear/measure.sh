#!/bin/bash
# Measures every list route of every module, each stats route, the assessment of a year, tick,
# backup and check on a ten-year database (generate.py), and prints a markdown table.
#
#   bench/tenyear/measure.sh BIN DB
#
# BIN: a release build (e.g. .build-release/release/anwei). DB is only read: a token for the office
# user (anweiban) is the one row written to it; tick and the assessment run go to a backup copy.
# Env: PORT (18093), DURATION (5s), CONNS (16: the -c16 of issue 23), DEEP (pages followed for the deep cursor, 100),
# OUT (folder for the backup copy and raw output, bench/out/tenyear), ROUTES (a regex to keep only some routes),
# SERIAL (20: requests sent one at a time after each wrk run; the server's own time for them, from its
# access log, is the "server" p50/max — the figure to read when the machine's load makes wrk's p99 meaningless),
# COMMANDS (1; 0 skips backup, check, audit verify, the assessment, tick and the size table: lists and stats only).
set -eu
BIN=$(realpath "$1")
DB=$(realpath "$2")
PORT=${PORT:-18093}
DURATION=${DURATION:-5s}
CONNS=${CONNS:-16}
DEEP=${DEEP:-100}
TODAY=2024-06-15
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-$HERE/../out/tenyear}
mkdir -p "$OUT"
URL=http://127.0.0.1:$PORT
q() { sqlite3 "$DB" "$1"; }

echo "# Ten years on one file: $(basename "$DB")"
echo
echo "- $(date -u +%FT%TZ), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg) (a machine shared by eight engineers: timings drift)"
echo "- file: $(du -h --apparent-size "$DB" | cut -f1) ($(stat -c %s "$DB") bytes); hazards $(q 'SELECT count(*) FROM hazards_hazards'), audit $(q 'SELECT count(*) FROM kernel_audit'), events $(q 'SELECT count(*) FROM kernel_events'), deliveries $(q 'SELECT count(*) FROM kernel_deliveries')"
echo "- wrk -t2 -c$CONNS -d$DURATION --latency as the office user (anweiban, token; the admin for audit, events, users, webhooks); deep page: the cursor after following \`next\` $DEEP pages of 50 (or the last page)"
echo

TOKEN=$("$BIN" tokens create --user anweiban --label tenyear-bench --db "$DB" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
OFFICE=$TOKEN
# The audit log, the event feed, users and webhooks are the system administrator's (403 for the office).
ADMIN=$("$BIN" tokens create --user admin --label tenyear-bench --db "$DB" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
export TOKEN
"$BIN" serve --db "$DB" --listen 127.0.0.1:$PORT --today $TODAY --tick-interval 0 2>"$OUT/serve.log" >/dev/null &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -sf "$URL/healthz" >/dev/null && break; sleep 1; done

# Follows `next` from a first page DEEP times (or for at most 120 s) and prints the cursor reached and the time per page.
deep_cursor() {
    python3 - "$URL$1" "$DEEP" <<'PY'
import json, os, sys, time, urllib.request, urllib.parse
url, deep = sys.argv[1], int(sys.argv[2])
h = {"Authorization": "Bearer " + os.environ["TOKEN"]}
cursor, pages, start, last = None, 0, time.time(), None
while pages < deep and time.time() - start < 120:
    u = url if cursor is None else url + ("&" if "?" in url else "?") + "after=" + urllib.parse.quote(cursor)
    t = time.time()
    body = json.load(urllib.request.urlopen(urllib.request.Request(u, headers=h), timeout=120))
    last = time.time() - t
    pages += 1
    nxt = body.get("next") if isinstance(body, dict) else None
    if not nxt:
        break
    cursor = nxt
print(f"{cursor or ''}|{pages}|{last * 1000 if last is not None else 0:.1f}")
PY
}

SERIAL=${SERIAL:-20}
# SERIAL requests to $1 one after another; prints "p50 | max" of the server's own time for them
# (duration_ms of their access-log lines: from the request read to the response written).
serial() {
    [ "$SERIAL" -gt 0 ] || { echo "- | -"; return; }
    local before
    before=$(wc -l <"$OUT/serve.log")
    for _ in $(seq 1 "$SERIAL"); do curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "$1" || true; done
    sleep 0.2
    tail -n +"$((before + 1))" "$OUT/serve.log" | grep -o 'duration_ms=[0-9.]*' | cut -d= -f2 | sort -n |
        awk '{ v[NR] = $1 } END { if (NR == 0) { print "- | -" } else { printf "%.2fms | %.2fms", v[int((NR + 1) / 2)], v[NR] } }'
}
load() { cut -d' ' -f1 /proc/loadavg; }
# SERIAL single requests (before wrk: after it the server may still be working off wrk's backlog
# of a slow route), then one wrk run, as the table's last cells: "req/s | p50 | p99 | server p50 | server max | load | note".
bench() {
    local out l server
    l=$(load)
    server=$(serial "$1")
    out=$(wrk -t2 -c"$CONNS" -d"$DURATION" --timeout 30s --latency -s "$HERE/../hazards/lua-list.lua" "$1" 2>&1) || true
    { echo "== $1"; echo "$out"; } >>"$OUT/wrk.log"
    echo "$out" | awk -v note="$2" -v server="$server" -v load="$l" '
        /Requests\/sec/ { rps = $2 }
        /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
        /Non-2xx/ { err = "; " $NF " non-2xx" } /Socket errors/ { err = err "; " $0 }
        END { printf "%s | %s | %s | %s | %s | %s%s |", (rps == "" ? "-" : int(rps)), p50, p99, server, load, note, err }'
}
# A route slower than SLOW seconds for one request is timed alone (wrk -c16 would only time out).
SLOW=${SLOW:-1}
is_slow() { awk -v t="$1" -v s="$SLOW" 'BEGIN { exit !(t > s) }'; }

echo "| route | rows | page | req/s | p50 | p99 | server p50 | server max | load | note |"
echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---|"
# route | the rows behind it (SQL)
LISTS=$(cat <<'EOF'
/api/v1/hazards|SELECT count(*) FROM hazards_hazards
/api/v1/hazards?status=closed&territory_id=3|SELECT count(*) FROM hazards_hazards WHERE status='closed' AND territory_id=3
/api/v1/hazards?grade=major&stock=true|SELECT count(*) FROM hazards_hazards WHERE grade='major'
/api/v1/hazards?q=%E6%B6%88%E9%98%B2%E9%80%9A%E9%81%93|SELECT count(*) FROM hazards_hazards WHERE description LIKE '%消防通道%'
/api/v1/tipoffs|SELECT count(*) FROM hazards_tipoffs
/api/v1/hazards/statistics-reports/items?period=2024-Q1|SELECT count(*) FROM registry_enterprises
/api/v1/org/enterprises|SELECT count(*) FROM registry_enterprises
/api/v1/org/enterprises?territory_id=3|SELECT count(*) FROM registry_enterprises WHERE territory_id=3
/api/v1/org/people|SELECT count(*) FROM registry_people
/api/v1/org/posts|SELECT count(*) FROM registry_posts
/api/v1/org/units|SELECT count(*) FROM registry_units
/api/v1/training/people|SELECT count(*) FROM training_people
/api/v1/training/records|SELECT count(*) FROM training_records
/api/v1/training/records?year=2020|SELECT count(*) FROM training_records WHERE held_on LIKE '2020%'
/api/v1/training/certificates|SELECT count(*) FROM training_certificates
/api/v1/training/appointments|SELECT count(*) FROM training_appointments
/api/v1/training/bans|SELECT count(*) FROM training_bans
/api/v1/training/leader-sessions|SELECT count(*) FROM training_leader_sessions
/api/v1/training/compliance?by=enterprise&year=2024|SELECT count(*) FROM registry_enterprises
/api/v1/training/compliance?by=person&year=2024|SELECT count(*) FROM training_people
/api/v1/consultations/meetings|SELECT count(*) FROM consultations_meetings
/api/v1/consultations/meetings?year=2019|SELECT count(*) FROM consultations_meetings WHERE held_on LIKE '2019%'
/api/v1/consultations/decisions|SELECT count(*) FROM consultations_decisions
/api/v1/supervision/inspections|SELECT count(*) FROM supervision_inspections
/api/v1/supervision/findings|SELECT count(*) FROM supervision_findings
/api/v1/supervision/findings?year=2020|SELECT count(*) FROM supervision_findings WHERE year=2020
/api/v1/supervision/notices|SELECT count(*) FROM supervision_notices
/api/v1/supervision/instruments|SELECT count(*) FROM supervision_instruments
/api/v1/supervision/draws|SELECT count(*) FROM supervision_draws
/api/v1/supervision/proposals|SELECT count(*) FROM supervision_proposals
/api/v1/responsibilities/plans|SELECT count(*) FROM responsibilities_plans
/api/v1/responsibilities/tasks|SELECT count(*) FROM responsibilities_tasks
/api/v1/responsibilities/ledger|SELECT count(*) FROM responsibilities_lines
/api/v1/responsibilities/ledger?plan_id=2|SELECT count(*) FROM responsibilities_lines l JOIN responsibilities_tasks t ON t.id=l.task_id WHERE t.plan_id=2
/api/v1/responsibilities/ledger?colour=red|SELECT count(*) FROM responsibilities_lines WHERE status <> 'closed' AND due < '2024-06-15'
/api/v1/responsibilities/ledger?unit_id=9|SELECT count(*) FROM responsibilities_lines WHERE unit_kind='unit' AND unit_id=9
/api/v1/responsibilities/unit-lists|SELECT count(*) FROM responsibilities_unit_lists
/api/v1/responsibilities/new-business-forms|SELECT count(*) FROM responsibilities_new_business_forms
/api/v1/audit|SELECT count(*) FROM kernel_audit
/api/v1/audit?entity=hazard|SELECT count(*) FROM kernel_audit WHERE entity='hazard'
/api/v1/events|SELECT count(*) FROM kernel_events
/api/v1/events?type=hazards.hazard.closed|SELECT count(*) FROM kernel_events WHERE type='hazards.hazard.closed'
/api/v1/users|SELECT count(*) FROM access_users
/api/v1/webhooks/deliveries|SELECT count(*) FROM kernel_webhook_deliveries
EOF
)
while IFS='|' read -r route sql; do
    [ -n "${ROUTES:-}" ] && ! echo "$route" | grep -Eq "$ROUTES" && continue
    rows=$(q "$sql")
    case $route in /api/v1/audit*|/api/v1/events*|/api/v1/users*|/api/v1/webhooks*) TOKEN=$ADMIN ;; *) TOKEN=$OFFICE ;; esac
    sep=$([[ $route == *\?* ]] && echo '&' || echo '?')
    t=$(curl -s --max-time ${MAX_TIME:-300} -o /dev/null -w '%{http_code} %{time_total}' -H "Authorization: Bearer $TOKEN" "$URL$route") || true
    code=${t% *}; secs=${t#* }
    if [ "$code" != 200 ]; then echo "| \`$route\` | $rows | first | - | - | - | - | - | $(load) | HTTP $code after $secs s |"; continue; fi
    if is_slow "$secs"; then echo "| \`$route\` | $rows | first | - | - | - | $(SERIAL=3 serial "$URL$route") | $(load) | one request: ${secs} s |"
    else echo "| \`$route\` | $rows | first | $(bench "$URL$route" "") "; fi
    if is_slow "$secs"; then echo "| \`$route\` | $rows | deep | - | - | - | - | - | | not walked: the first page alone is slow |"; continue; fi
    IFS='|' read -r cursor pages last_ms <<<"$(deep_cursor "$route$sep" || echo "|0|0")"
    if [ -n "$cursor" ]; then
        enc=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$cursor")
        if is_slow "$(awk -v m="$last_ms" 'BEGIN { print m / 1000 }')"; then
            echo "| \`$route\` | $rows | page $((pages + 1)) | - | - | - | - | - | $(load) | walk: $pages pages, the last one ${last_ms} ms |"
        else
            echo "| \`$route\` | $rows | page $((pages + 1)) | $(bench "$URL$route${sep}after=$enc" "walk: $pages pages, the last one ${last_ms} ms")"
        fi
    else
        echo "| \`$route\` | $rows | (one page) | | | | | | | |"
    fi
done <<<"$LISTS"

TOKEN=$OFFICE
STATS=$(cat <<'EOF'
/api/v1/hazards/stats?by=territory
/api/v1/hazards/stats?by=sector&grade=major
/api/v1/hazards/stats?by=unit&overdue=true
/api/v1/hazards/closure-warnings
/api/v1/hazards/statistics-reports?period=2024-Q1
/api/v1/training/compliance?by=territory&year=2024
/api/v1/training/compliance?by=enterprise&year=2024
/api/v1/consultations/compliance?quarter=2024-Q2
/api/v1/consultations/agenda
/api/v1/supervision/coverage?year=2024
/api/v1/supervision/groups?year=2024
/api/v1/responsibilities/designations
/api/v1/responsibilities/leader-lists?year=2024
/api/v1/overview
/api/v1/supervision/assessment/report?year=2023
/api/v1/supervision/assessment/report?year=2024
EOF
)
while read -r route; do
    [ -n "${ROUTES:-}" ] && ! echo "$route" | grep -Eq "$ROUTES" && continue
    t=$(curl -s --max-time ${MAX_TIME:-300} -o "$OUT/last.json" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $TOKEN" "$URL$route") || true
    code=${t% *}
    if [ "$code" != 200 ]; then echo "| \`$route\` | | one | - | - | - | - | - | $(load) | HTTP $code |"; continue; fi
    if is_slow "${t#* }"; then echo "| \`$route\` | | one | - | - | - | $(SERIAL=3 serial "$URL$route") | $(load) | one request: ${t#* } s |"
    else echo "| \`$route\` | | one | $(bench "$URL$route" "one request: ${t#* } s")"; fi
done <<<"$STATS"
kill $SERVER; wait $SERVER 2>/dev/null || true
trap - EXIT
[ "${COMMANDS:-1}" = 0 ] && exit 0

echo
echo "| command | time | note |"
echo "|---|---:|---|"
# Prints "| what | seconds | note, peak RSS |" for a command (given up after CMD_TIMEOUT seconds).
timed() {
    local what=$1 note=$2 r
    shift 2
    r=$(/usr/bin/time -f '%e|%M|%x' timeout "${CMD_TIMEOUT:-1800}" "$@" 2>&1 >/dev/null | tail -1)
    IFS='|' read -r secs rss status <<<"$r"
    [ "$status" = 124 ] && note="$note; stopped after ${CMD_TIMEOUT:-1800} s"
    [ "$status" != 0 ] && [ "$status" != 124 ] && note="$note; exit status $status"
    echo "| $what | $secs s | ${note:+$note, }peak RSS $((rss / 1024)) MB |"
}
COPY="$OUT/tenyear-copy.db"
rm -f "$COPY"
timed '`anwei backup`' "" "$BIN" backup --db "$DB" --to "$COPY"
echo "| (the backup's size) | | $(du -h --apparent-size "$COPY" | cut -f1) |"
timed '`anwei check`' "" "$BIN" check --db "$DB"
timed "\`anwei audit verify\` ($(q 'SELECT count(*) FROM kernel_audit') records)" "" "$BIN" audit verify --db "$DB"
timed '`anwei supervision assessment run --year 2023`' "on the copy" "$BIN" supervision assessment run --year 2023 --today $TODAY --db "$COPY"
timed "\`anwei tick --at $TODAY\`" "on the copy, first run" "$BIN" tick --at $TODAY --db "$COPY"
timed "\`anwei tick --at $TODAY\`" "on the copy, again" "$BIN" tick --at $TODAY --db "$COPY"
timed '`anwei hazards stats --by territory`' "" "$BIN" hazards stats --by territory --today $TODAY --db "$DB"
rm -f "$COPY"

echo
echo "## Size by table (dbstat), and per year of activity"
echo
total=$(stat -c %s "$DB")
echo "| table (with its indexes) | MB | share |"
echo "|---|---:|---:|"
sqlite3 "$DB" "SELECT coalesce(m.tbl_name, s.name), sum(s.pgsize) FROM dbstat s LEFT JOIN sqlite_schema m ON m.name = s.name GROUP BY 1 ORDER BY 2 DESC LIMIT 15" |
    awk -F'|' -v t="$total" '{ printf "| %s | %.0f | %.1f%% |\n", $1, $2 / 1048576, 100 * $2 / t }'
echo
echo "The file holds ten generated years (2015–2024) on top of the demo's: $(awk -v t="$total" 'BEGIN { printf "%.0f MB", t / 1048576 }') in all, $(awk -v t="$total" 'BEGIN { printf "%.0f MB", t / 10 / 1048576 }') per year of activity."
