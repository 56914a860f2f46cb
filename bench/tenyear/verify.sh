#!/bin/bash
# Checks a generated ten-year database through the real binary: `anwei migrate` (writes the registry's
# kept JSON forms), `anwei check`, `anwei audit verify`, then a few reads over the CLI and HTTP
# (as the office user) whose counts must equal a count in SQL.
#
#   bench/tenyear/verify.sh BIN DB
#
# Writes to DB only what migrate writes and two API tokens (office, admin). Exit status 1 on any mismatch.
set -eu
BIN=$(realpath "$1")
DB=$(realpath "$2")
PORT=${PORT:-18094}
TODAY=2024-06-15
URL=http://127.0.0.1:$PORT
q() { sqlite3 "$DB" "$1"; }
failed=0
same() {  # what, via the product, via SQL
    if [ "$2" = "$3" ]; then echo "ok    $1: $2"; else echo "FAIL  $1: the product says $2, SQL says $3"; failed=1; fi
}

"$BIN" migrate --db "$DB"
if [ "${CHECK:-1}" = 1 ]; then   # CHECK=0: skip these two (minutes at full scale; measure.sh times them)
    "$BIN" check --db "$DB" || failed=1
    "$BIN" audit verify --db "$DB" || failed=1
fi

# CLI: the register's stats add up to the table, per territory and in all.
# Each prints "the rows' sum/the 合计 row".
sums='import json,sys; k=sys.argv[1]; r=json.load(sys.stdin); print(sum(x[k] for x in r if x["name"] != "合计"), [x[k] for x in r if x["name"] == "合计"][0], sep="/")'
total=$("$BIN" hazards stats --by territory --today $TODAY --db "$DB" --json | python3 -c "$sums" total)
n=$(q "SELECT count(*) FROM hazards_hazards WHERE status <> 'merged'")
same "hazards stats --by territory, total (territories' sum/合计)" "$total" "$n/$n"
major=$("$BIN" hazards stats --by sector --today $TODAY --db "$DB" --json | python3 -c "$sums" major)
n=$(q "SELECT count(*) FROM hazards_hazards WHERE grade = 'major' AND status <> 'merged'")
same "hazards stats --by sector, major (sectors' sum/合计)" "$major" "$n/$n"

# CLI: one generated hazard read by code.
id=$(q "SELECT id FROM hazards_hazards WHERE found_on LIKE '2018-%' ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM hazards_hazards WHERE found_on LIKE '2018-%')")
code=$("$BIN" hazards show "$id" --today $TODAY --db "$DB" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])')
same "hazards show $id, code" "$code" "$(q "SELECT code FROM hazards_hazards WHERE id = $id")"

TOKEN=$("$BIN" tokens create --user anweiban --label tenyear-verify --db "$DB" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
ADMIN=$("$BIN" tokens create --user admin --label tenyear-verify --db "$DB" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
export TOKEN ADMIN
"$BIN" serve --db "$DB" --listen 127.0.0.1:$PORT --today $TODAY --tick-interval 0 2>/dev/null >/dev/null &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -sf "$URL/healthz" >/dev/null && break; sleep 1; done

# Walks every page of a list over HTTP and prints how many items it held.
count() {
    python3 - "$URL$1" <<'PY'
import json, os, sys, urllib.request, urllib.parse
url = sys.argv[1]
h = {"Authorization": "Bearer " + os.environ["TOKEN"]}
n, cursor = 0, None
while True:
    u = url + ("&" if "?" in url else "?") + "limit=200" + ("" if cursor is None else "&after=" + urllib.parse.quote(cursor))
    body = json.load(urllib.request.urlopen(urllib.request.Request(u, headers=h), timeout=300))
    n += len(body["items"])
    cursor = body.get("next")
    if not cursor:
        break
print(n)
PY
}
same "GET /api/v1/hazards?territory_id=3&status=rectifying" "$(count '/api/v1/hazards?territory_id=3&status=rectifying')" \
    "$(q "SELECT count(*) FROM hazards_hazards WHERE territory_id = 3 AND status = 'rectifying'")"
e=$(q "SELECT enterprise_id FROM hazards_hazards GROUP BY enterprise_id ORDER BY count(*) DESC LIMIT 1")
same "GET /api/v1/hazards?enterprise_id=$e" "$(count "/api/v1/hazards?enterprise_id=$e")" "$(q "SELECT count(*) FROM hazards_hazards WHERE enterprise_id = $e")"
same "GET /api/v1/supervision/findings?year=2019" "$(count '/api/v1/supervision/findings?year=2019')" "$(q 'SELECT count(*) FROM supervision_findings WHERE year = 2019')"
same "GET /api/v1/consultations/meetings?year=2020" "$(count '/api/v1/consultations/meetings?year=2020')" "$(q "SELECT count(*) FROM consultations_meetings WHERE held_on LIKE '2020-%'")"
same "GET /api/v1/org/enterprises?territory_id=5" "$(count '/api/v1/org/enterprises?territory_id=5')" "$(q 'SELECT count(*) FROM registry_enterprises WHERE territory_id = 5')"
p=$(q "SELECT person_id FROM training_records GROUP BY person_id ORDER BY count(*) DESC LIMIT 1")
same "GET /api/v1/training/records?person_id=$p" "$(count "/api/v1/training/records?person_id=$p")" "$(q "SELECT count(*) FROM training_records WHERE person_id = $p")"
e=$(q "SELECT enterprise_id FROM training_certificates GROUP BY enterprise_id ORDER BY count(*) DESC LIMIT 1")
same "GET /api/v1/training/certificates?enterprise_id=$e" "$(count "/api/v1/training/certificates?enterprise_id=$e")" "$(q "SELECT count(*) FROM training_certificates WHERE enterprise_id = $e")"
plan=$(q "SELECT id FROM responsibilities_plans WHERE year = 2019")
same "GET /api/v1/responsibilities/ledger?plan_id=$plan&unit_id=9" "$(count "/api/v1/responsibilities/ledger?plan_id=$plan&unit_id=9")" \
    "$(q "SELECT count(*) FROM responsibilities_lines l JOIN responsibilities_tasks t ON t.id = l.task_id WHERE t.plan_id = $plan AND l.unit_kind = 'unit' AND l.unit_id = 9")"
# The audit log is the administrator's (403 for the office).
same "GET /api/v1/audit?entity=plan (admin)" "$(TOKEN=$ADMIN count '/api/v1/audit?entity=plan')" "$(q "SELECT count(*) FROM kernel_audit WHERE entity = 'plan'")"
exit $failed
