#!/usr/bin/env bash
# Compares two builds' server CPU per request, A and B, in interleaved runs, so that the VM's
# drifting speed falls on both alike. Run by hand: bash bench/http/ab.sh BIN_A BIN_B [rounds]
# Prints, per endpoint, the median and the least µs of server CPU (user + system, from /proc) per
# request over the rounds. Needs wrk.
set -euo pipefail
cd "$(dirname "$0")/../.."
A=$1; B=$2; ROUNDS=${3:-5}; DUR=${DUR:-2}
OUT=bench/out/ab; rm -rf "$OUT"; mkdir -p "$OUT"
"$A" demo --db "$OUT/a.db" >/dev/null
cp "$OUT/a.db" "$OUT/b.db"
TA=$("$A" tokens create --user admin --db "$OUT/a.db" --days 1 2>/dev/null)
TB=$("$B" tokens create --user admin --db "$OUT/b.db" --days 1 2>/dev/null)
"$A" serve --db "$OUT/a.db" --listen 127.0.0.1:18301 --tick-interval 0 >/dev/null 2>&1 & PA=$!
"$B" serve --db "$OUT/b.db" --listen 127.0.0.1:18302 --tick-interval 0 >/dev/null 2>&1 & PB=$!
trap 'kill $PA $PB 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf http://127.0.0.1:18301/healthz >/dev/null && curl -sf http://127.0.0.1:18302/healthz >/dev/null && break; sleep 0.1; done
sleep 3  # the demo's first event deliveries commit; let them finish before measuring

one() { # pid port token path -> µs of server CPU per request
  local before after out requests
  before=$(awk '{print $14 + $15}' /proc/$1/stat)
  out=$(wrk -t2 -c64 -d"${DUR}s" -H "Authorization: Bearer $3" "http://127.0.0.1:$2$4")
  after=$(awk '{print $14 + $15}' /proc/$1/stat)
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  awk -v a="$before" -v b="$after" -v r="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f\n", (b - a) * 1e6 / hz / r }'
}
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
least() { tr ' ' '\n' <<<"$1" | grep . | sort -n | head -1; }

PATHS=("/healthz" "/api/v1/org/enterprises/7" "/api/v1/org/enterprises?limit=50")
declare -A RA RB
for _ in $(seq "$ROUNDS"); do
  for p in "${PATHS[@]}"; do
    RA[$p]+="$(one $PA 18301 "$TA" "$p") "
    RB[$p]+="$(one $PB 18302 "$TB" "$p") "
  done
done
for p in "${PATHS[@]}"; do
  printf '%-36s A median %7s least %7s | B median %7s least %7s  µs/request (%d rounds)\n' \
    "$p" "$(median "${RA[$p]}")" "$(least "${RA[$p]}")" "$(median "${RB[$p]}")" "$(least "${RB[$p]}")" "$ROUNDS"
done
