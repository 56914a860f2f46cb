#!/usr/bin/env bash
# User-space instructions per hazard create, request to commit to the event deliveries it causes,
# under callgrind: repeatable whatever else the machine does (unlike timings on this VM).
# Run by hand (never in CI):
#   bash bench/hazards/create-instructions.sh [BINARY] [PORT]
#   N=0      hazards added by generate.py to the demo first
#   FEW=40 MANY=240   creates in the two runs (the difference cancels start-up and the demo's own deliveries)
#   KEY=1    send an Idempotency-Key with each create
#   OUT=DIR  where the runs' files go (default bench/out/create-instructions), to run two at once
#   CLIENTS=1  connections sending the creates at once (each a keep-alive curl with its share).
#            Under callgrind, which runs one thread at a time, few writes wait for the writer, so
#            groups stay small: COMMIT is still counted nearly once per create (2026-12-07).
# Serves a fresh demo database under callgrind twice, POSTs FEW and then MANY hazard creates on
# one keep-alive connection, waits until every delivery is done, and prints, per create, the
# difference of the inclusive cost of each part (callgrind_annotate --inclusive). The parts
# overlap (a row is inside another); `turn` is the HTTP request's whole work, `deliverDue` the
# dispatcher's. Needs valgrind, curl and python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-.build-release/release/anwei}; PORT=${2:-18293}
N=${N:-0}; FEW=${FEW:-40}; MANY=${MANY:-240}; KEY=${KEY:-0}; CLIENTS=${CLIENTS:-1}
OUT=${OUT:-bench/out/create-instructions}; rm -rf "$OUT"; mkdir -p "$OUT"
pending() { python3 -c "import sqlite3,sys; print(sqlite3.connect('file:'+sys.argv[1]+'?mode=ro', uri=True).execute(\"SELECT count(*) FROM kernel_deliveries WHERE status = 'pending'\").fetchone()[0])" "$1"; }

# name|pattern of the function (a substring of callgrind_annotate's line)
PARTS=(
  "request (Connection.turn)|HTTP/Connection.swift:\$s4HTTP10ConnectionC4turn"
  "  sign-in by token (APIHandler.authenticate)|\$s6Kernel10APIHandlerV12authenticate"
  "  read & check body (declaredRequest)|\$s6Kernel10APIHandlerV15declaredRequest"
  "  write transaction (Core.write)|\$s6Kernel4CoreC5writeyxAA5ActorV_xAA16WriteTransactionCKXEtKlF"
  "    register (HazardService.register)|\$s7Hazards13HazardServiceV8register"
  "    register (HazardService.registered)|\$s7Hazards13HazardServiceV10registered"
  "      re-read the row (HazardStore.row)|\$s7Hazards11HazardStoreO3row"
  "      render (HazardView.full)|\$s7Hazards10HazardViewO4full"
  "      audit (WriteTransaction.audit, all)|\$s6Kernel16WriteTransactionC5audit6action"
  "      publish (WriteTransaction.publish)|\$s6Kernel16WriteTransactionC7publish_7summary"
  "        payload (JSONEncoder.encode)|\$s20FoundationEssentials11JSONEncoderC6encode"
  "        payload (ContractEncoder.encode)|\$s6Kernel15ContractEncoderO6encode"
  "    COMMIT (Database.commitGroup, all)|\$s6Kernel8DatabaseC11commitGroup"
  "  response body (APIResponse.record)|\$s6Kernel11APIResponseO6record"
  "  idempotency (Idempotency.run)|\$s6Kernel11IdempotencyO3run"
  "deliveries (EventDispatcher.deliverDue)|\$s6Kernel15EventDispatcherC10deliverDue"
  "  handlers (Subscription.on closures)|\$s6Kernel12SubscriptionV2on_2id_ACxm_SSyx_AA5EventVAA16WriteTransactionCtYbKctAA0E8ContractRzlFZyAG_AItYbKcfU_"
  "    payload decode (Event.decode)|\$s6Kernel5EventV6decode"
  "    supervision fact (FactRecorder.record)|\$s11Supervision12FactRecorderO6record"
  "      escalation (Escalation.evaluate)|\$s11Supervision10EscalationO8evaluate7subject"
  "sqlite3_step (all)|sqlite3_step"
)

run() { # creates -> writes "$OUT/parts-N" (one inclusive count per part)
  local n=$1 db="$OUT/cg-$1.db"
  "$BIN" demo --db "$db" >/dev/null 2>&1
  [ "$N" = 0 ] || python3 bench/hazards/generate.py "$db" "$N" >/dev/null
  local token; token=$("$BIN" tokens create --user admin --db "$db" --days 1 2>/dev/null)
  valgrind --tool=callgrind --callgrind-out-file="$OUT/cg-$n.out" "$BIN" serve --db "$db" \
    --listen 127.0.0.1:"$PORT" --tick-interval 0 --workers 2 >/dev/null 2>&1 &
  local server=$!
  for _ in $(seq 400); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.5; done
  for _ in $(seq 600); do [ "$(pending "$db")" = 0 ] && break; sleep 0.5; done
  for c in $(seq "$CLIENTS"); do
    : > "$OUT/posts-$c"
    for i in $(seq "$c" "$CLIENTS" "$n"); do
      [ ! -s "$OUT/posts-$c" ] || echo "next"
      echo "url = \"http://127.0.0.1:$PORT/api/v1/hazards\""
      [ "$KEY" = 0 ] || echo "header = \"Idempotency-Key: bench-$n-$i\""
    done >> "$OUT/posts-$c"
    # Options before the first url are global only for that url: repeat them per request.
    awk -v t="$token" '/^url/ { print; print "header = \"Authorization: Bearer " t "\""; print "header = \"Content-Type: application/json\""; print "data = \"{\\\"enterprise_id\\\":7,\\\"grade\\\":\\\"general\\\",\\\"description\\\":\\\"储罐区可燃气体报警装置失效（压测）\\\"}\""; print "silent"; print "output = \"/dev/null\""; print "write-out = \"%{http_code}\\\\n\""; next } { print }' "$OUT/posts-$c" > "$OUT/posts-$c.cfg"
  done
  local clients=()
  for c in $(seq "$CLIENTS"); do curl -K "$OUT/posts-$c.cfg" > "$OUT/answers-$c" & clients+=($!); done
  wait "${clients[@]}"
  cat "$OUT"/answers-* | sort | uniq -c | sed "s/^/  $n creates answered: /" >&2
  for _ in $(seq 1200); do [ "$(pending "$db")" = 0 ] && break; sleep 0.5; done
  echo "  pending after $n: $(pending "$db")" >&2
  kill -INT "$server"; wait "$server" || true
  callgrind_annotate --inclusive=yes "$OUT/cg-$n.out" > "$OUT/annotate-$n.txt" 2>/dev/null
  for part in "${PARTS[@]}"; do
    awk -v pat="${part#*|}" 'index($0, pat) { gsub(",", "", $1); if ($1 + 0 > s) s = $1 + 0 } END { print s + 0 }' "$OUT/annotate-$n.txt"
  done > "$OUT/parts-$n"
}
run "$FEW"; run "$MANY"
echo "instructions per hazard create ($BIN, callgrind, inclusive; runs of $FEW and $MANY creates, N=$N, KEY=$KEY, CLIENTS=$CLIENTS)"
i=0
for part in "${PARTS[@]}"; do
  i=$((i + 1))
  a=$(sed -n "${i}p" "$OUT/parts-$FEW"); b=$(sed -n "${i}p" "$OUT/parts-$MANY")
  printf "%-56s %12s\n" "${part%%|*}" "$(( (b - a) / (MANY - FEW) ))"
done
