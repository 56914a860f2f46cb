#!/usr/bin/env bash
# First and deep pages of the ledger lists, one request at a time (best of TRIES, default 3, curl's time_total in ms).
# Usage: bench/ledger/pages.sh PORT DEEP_LINE_ID DEEP_TASK_ID  (a server on 127.0.0.1:PORT, demo users)
set -euo pipefail
port=$1 deep_line=$2 deep_task=$3
base="http://127.0.0.1:$port/api/v1"
token() { curl -s -X POST "$base/session" -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"anwei-demo-2024\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'; }
office=$(token anweiban) unit=$(token fgj)
time_ms() { # token path
    best=999999
    for _ in $(seq ${TRIES:-3}); do
        t=$(curl -s -o /tmp/pages.out -w '%{time_total}' -H "Authorization: Bearer $1" "$base$2")
        ms=$(python3 -c "print(round($t*1000,1))")
        best=$(python3 -c "print(min($best,$ms))")
    done
    items=$(python3 -c 'import json; d=json.load(open("/tmp/pages.out")); print(len(d.get("items",[])), d.get("next"))' 2>/dev/null || head -c 100 /tmp/pages.out)
    printf '%-10s %-70s %9s ms  %s\n' "$3" "$2" "$best" "$items"
}
for who in office unit; do
    tok=${!who}
    for path in "/responsibilities/tasks?limit=50" "/responsibilities/tasks?limit=50&after=$deep_task" \
                "/responsibilities/tasks?limit=50&colour=red" "/responsibilities/tasks?limit=50&colour=red&after=$deep_task" \
                "/responsibilities/ledger?limit=50" "/responsibilities/ledger?limit=50&after=$deep_line" \
                "/responsibilities/ledger?limit=50&colour=yellow" "/responsibilities/ledger?limit=50&colour=yellow&after=$deep_line" \
                "/responsibilities/ledger?limit=50&status=closed" "/responsibilities/ledger?limit=50&status=closed&after=$deep_line"; do
        time_ms "$tok" "$path" "$who"
    done
done
