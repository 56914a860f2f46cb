#!/usr/bin/env bash
# Hazard creates (POST /api/v1/hazards) of two builds, A and B, in interleaved wrk rounds, each
# server on a copy of the same database: requests/s, p99 and the server's CPU per create.
# Run by hand (never in CI): bash bench/hazards/create-ab.sh BIN_A BIN_B [rounds]
#   N=100000   hazards added by generate.py to the demo first (issue 23 measured at 100,335)
#   DUR=5      seconds per round and side;  CONNS=32, THREADS=2: wrk -t THREADS -c CONNS
#   WORKERS=   passed to both servers as --workers (default: the server's own, one per processor)
#   WITH_NGINX=1 also time nginx serving a small static file (a create's reply, same bytes) in each
#              round with the same wrk settings: issue 23 asks for creates at >= 10 % of its rate
#   PORT_A=18401 PORT_B=18402   the two servers' ports (another run on the machine may hold the defaults)
#   DRAIN=1    before each round, wait (up to 2 min) until neither server has an event delivery pending:
#              a build whose deliveries lag (the issue's own, 8a5d451) otherwise works through its backlog
#              during the other's rounds, on the same cores and disk
# A makes the database (demo + generate.py); B gets a copy. Needs wrk, python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
A=$1; B=$2; ROUNDS=${3:-5}
N=${N:-100000}; DUR=${DUR:-5}; CONNS=${CONNS:-32}; THREADS=${THREADS:-2}
PORT_A=${PORT_A:-18401}; PORT_B=${PORT_B:-18402}
OUT=bench/out/create-ab; rm -rf "$OUT"; mkdir -p "$OUT"
"$A" demo --db "$OUT/a.db" >/dev/null
[ "$N" = 0 ] || python3 bench/hazards/generate.py "$OUT/a.db" "$N" >/dev/null
cp "$OUT/a.db" "$OUT/b.db"
TA=$("$A" tokens create --user admin --db "$OUT/a.db" --days 1 2>/dev/null)
TB=$("$B" tokens create --user admin --db "$OUT/b.db" --days 1 2>/dev/null)
EXTRA=(); [ -z "${WORKERS:-}" ] || EXTRA=(--workers "$WORKERS")
"$A" serve --db "$OUT/a.db" --listen 127.0.0.1:$PORT_A --tick-interval 0 "${EXTRA[@]}" >/dev/null 2>&1 & PA=$!
"$B" serve --db "$OUT/b.db" --listen 127.0.0.1:$PORT_B --tick-interval 0 "${EXTRA[@]}" >/dev/null 2>&1 & PB=$!
trap 'kill $PA $PB 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf http://127.0.0.1:$PORT_A/healthz >/dev/null && curl -sf http://127.0.0.1:$PORT_B/healthz >/dev/null && break; sleep 0.1; done
sleep 3  # the demo's first event deliveries commit; let them finish before measuring

if [ "${WITH_NGINX:-0}" = 1 ]; then  # a static file of a create reply's bytes, served by nginx on 18403
  mkdir -p "$OUT/www" "$OUT/tmp"
  curl -sf -X POST -H "Authorization: Bearer $TA" -H 'Content-Type: application/json' \
    -d '{"enterprise_id":7,"grade":"general","description":"储罐区可燃气体报警装置失效（压测）"}' \
    http://127.0.0.1:$PORT_A/api/v1/hazards > "$OUT/www/created.json"
  cat > "$OUT/nginx.conf" <<CONF
worker_processes 2;
pid $PWD/$OUT/nginx.pid;
error_log $PWD/$OUT/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  client_body_temp_path $PWD/$OUT/tmp; proxy_temp_path $PWD/$OUT/tmp; fastcgi_temp_path $PWD/$OUT/tmp;
  uwsgi_temp_path $PWD/$OUT/tmp; scgi_temp_path $PWD/$OUT/tmp;
  server { listen 127.0.0.1:${PORT_NGINX:-18403}; root $PWD/$OUT/www; }
}
CONF
  nginx -c "$PWD/$OUT/nginx.conf"
  trap 'kill $PA $PB 2>/dev/null || true; kill $(cat "$OUT/nginx.pid") 2>/dev/null || true' EXIT
  for _ in $(seq 50); do curl -sf http://127.0.0.1:${PORT_NGINX:-18403}/created.json >/dev/null && break; sleep 0.1; done
fi

cat > "$OUT/create.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"enterprise_id":7,"grade":"general","description":"储罐区可燃气体报警装置失效（压测）"}'
LUA

# One round against one server: "requests/s p99(ms) cpu-µs-per-request non2xx sys-µs-per-request"
one() { # pid port token
  local before after sysb sysa out
  before=$(awk '{print $14 + $15}' /proc/$1/stat); sysb=$(awk '{print $15}' /proc/$1/stat)
  out=$(wrk -t"$THREADS" -c"$CONNS" -d"${DUR}s" --latency -s "$OUT/create.lua" -H "Authorization: Bearer $3" "http://127.0.0.1:$2/api/v1/hazards")
  after=$(awk '{print $14 + $15}' /proc/$1/stat); sysa=$(awk '{print $15}' /proc/$1/stat)
  echo "$out" | awk -v a="$before" -v b="$after" -v sa="$sysb" -v sb="$sysa" -v hz="$(getconf CLK_TCK)" '
    /requests in/ { n = $1 }
    /Requests\/sec/ { rps = $2 }
    $1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); p = v + 0; p99 = (u == "us") ? p / 1000 : (u == "s") ? p * 1000 : p }
    /Non-2xx/ { bad = $5 }
    END { printf "%.0f %.2f %.0f %d %.0f\n", rps, p99, (b - a) * 1e6 / hz / n, bad, (sb - sa) * 1e6 / hz / n }'
}

echo "hazard create, wrk -t$THREADS -c$CONNS, $ROUNDS interleaved rounds of ${DUR}s a side, $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
cpu() { awk '{print $14 + $15}' /proc/$1/stat; }
pending() { python3 -c "import sqlite3,sys; print(sqlite3.connect('file:'+sys.argv[1]+'?mode=ro', uri=True).execute(\"SELECT count(*) FROM kernel_deliveries WHERE status = 'pending'\").fetchone()[0])" "$1"; }
hazards() { python3 -c "import sqlite3,sys; print(sqlite3.connect('file:'+sys.argv[1]+'?mode=ro', uri=True).execute('SELECT count(*) FROM hazards_hazards').fetchone()[0])" "$1"; }
CA0=$(cpu $PA); CB0=$(cpu $PB); HA0=$(hazards "$OUT/a.db"); HB0=$(hazards "$OUT/b.db")
drain() { [ "${DRAIN:-0}" = 1 ] || return 0; for _ in $(seq 240); do [ "$(pending "$OUT/a.db")" = 0 ] && [ "$(pending "$OUT/b.db")" = 0 ] && return 0; sleep 0.5; done; }
for round in $(seq "$ROUNDS"); do
  if (( round % 2 )); then drain; a=$(one $PA $PORT_A "$TA"); drain; b=$(one $PB $PORT_B "$TB"); else drain; b=$(one $PB $PORT_B "$TB"); drain; a=$(one $PA $PORT_A "$TA"); fi
  echo "$a" >> "$OUT/a.rounds"; echo "$b" >> "$OUT/b.rounds"
  echo "round $round   A: $a   B: $b   (req/s p99-ms cpu-µs/req non-2xx of-which-sys-µs)"
  if [ "${WITH_NGINX:-0}" = 1 ]; then
    n=$(wrk -t"$THREADS" -c"$CONNS" -d"${DUR}s" --latency http://127.0.0.1:${PORT_NGINX:-18403}/created.json | awk '/Requests\/sec/ { print int($2) }')
    echo "$n" >> "$OUT/nginx.rounds"; echo "          nginx (static file, $(wc -c < "$OUT/www/created.json") bytes): $n req/s"
  fi
done
summary() { # file
  sort -n -k1 "$1" | awk '{ r[NR] = $1; t += $1; if ($2 > w) w = $2; c[NR] = $3; e += $4 }
    END { n = NR; printf "req/s mean %.0f (median %.0f, %.0f–%.0f)   worst p99 %.1f ms   non-2xx %d", t / n, r[int((n + 1) / 2)], r[1], r[n], w, e }'
  echo -n "   p99 median $(sort -n -k2 "$1" | awk '{ p[NR] = $2 } END { print p[int((NR + 1) / 2)] }') ms"
  echo "   CPU median $(sort -n -k3 "$1" | awk '{ c[NR] = $3 } END { print c[int((NR + 1) / 2)] }') µs/create"
}
# Event deliveries run after the commit, on the server's dispatcher thread; a build that answers
# faster may leave more of them for later. So also: every create's whole CPU, deliveries included,
# once both servers have delivered everything.
echo "pending deliveries right after the rounds: A $(pending "$OUT/a.db"), B $(pending "$OUT/b.db")"
for _ in $(seq 600); do [ "$(pending "$OUT/a.db")" = 0 ] && [ "$(pending "$OUT/b.db")" = 0 ] && break; sleep 0.5; done
whole() { # pid cpu0 db hazards0
  awk -v c0="$2" -v c1="$(cpu $1)" -v h="$(( $(hazards "$3") - $4 ))" -v hz="$(getconf CLK_TCK)" -v p="$(pending "$3")" \
    'BEGIN { printf "%d creates, %.0f µs of server CPU each with their deliveries (%d still pending)", h, (c1 - c0) * 1e6 / hz / h, p }'
}
echo "A whole: $(whole $PA "$CA0" "$OUT/a.db" "$HA0")"
echo "B whole: $(whole $PB "$CB0" "$OUT/b.db" "$HB0")"
echo "A $A: $(summary "$OUT/a.rounds")"
echo "B $B: $(summary "$OUT/b.rounds")"
"$A" audit verify --db "$OUT/a.db" >/dev/null && "$B" audit verify --db "$OUT/b.db" >/dev/null && echo "audit chains intact after the load (both)"
if [ "${WITH_NGINX:-0}" = 1 ]; then
  paste "$OUT/a.rounds" "$OUT/b.rounds" "$OUT/nginx.rounds" | awk '{ a += $1; b += $6; n += $11 }
    END { printf "nginx static file: mean %.0f req/s;  A is %.1f %% of it, B is %.1f %% (means over the same rounds)\n", n / NR, 100 * a / n, 100 * b / n }'
fi
