#!/usr/bin/env bash
# User-space instructions per request, under callgrind: repeatable for the same binary and inputs
# whatever else the machine does, unlike timings on this VM. Run by hand:
#   bash bench/http/instructions.sh [BINARY] [PATH] [PORT]
# e.g. bash bench/http/instructions.sh .build-release/release/anwei /api/v1/org/enterprises/7
# Serves a fresh demo database under callgrind twice, answering 200 and then 1,200 authenticated
# GETs of PATH on one keep-alive connection, and prints the difference per request of the
# connection turns' inclusive cost (a request's whole work, without start-up, shutdown or the
# overseer's ticks). Needs valgrind and curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-.build-release/release/anwei}; URL=${2:-/api/v1/org/enterprises/7}; PORT=${3:-18290}
OUT=bench/out/instructions; rm -rf "$OUT"; mkdir -p "$OUT"
turns() { # requests -> inclusive instructions of Connection.turn over the run
  local n=$1 db="$OUT/cg-$1.db"
  "$BIN" demo --db "$db" >/dev/null 2>&1
  local token; token=$("$BIN" tokens create --user admin --db "$db" --days 1 2>/dev/null)
  valgrind --tool=callgrind --callgrind-out-file="$OUT/cg-$n.out" "$BIN" serve --db "$db" \
    --listen 127.0.0.1:"$PORT" --tick-interval 0 --workers 2 >/dev/null 2>&1 &
  local server=$!
  for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.5; done
  for _ in $(seq "$n"); do echo "url = \"http://127.0.0.1:$PORT$URL\""; done > "$OUT/urls"
  curl -s -K "$OUT/urls" -H "Authorization: Bearer $token" >/dev/null
  kill -INT "$server"; wait "$server" || true
  callgrind_annotate --inclusive=yes "$OUT/cg-$n.out" 2>/dev/null \
    | awk '/HTTP\/Connection.swift:\$s4HTTP10ConnectionC4turn/ && !found { gsub(",", "", $1); print $1; found = 1 }'
}
a=$(turns 200); b=$(turns 1200)
echo "$URL: $(( (b - a) / 1000 )) instructions per request (callgrind, Connection.turn inclusive)"
