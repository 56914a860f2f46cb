#!/usr/bin/env bash
# Benchmark of the HTTP API against nginx serving files of the same size, in the same run, on
# loopback. Run by hand (never in CI): bash bench/http/run.sh [seconds-per-side]
# Each endpoint and its nginx file are measured in ROUNDS (default 5) interleaved rounds, so that
# this VM's drifting speed falls on both sides alike. Needs wrk and nginx (apt-get install -y wrk
# nginx-light). Prints requests/s, the worst round's p99, the server's CPU per request, the target
# ratios (with each round's) and the server's peak resident memory.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=${1:-20}
ROUNDS=${ROUNDS:-5}
(( SECONDS_PER_RUN % ROUNDS == 0 )) || { echo "seconds ($SECONDS_PER_RUN) must be a multiple of ROUNDS ($ROUNDS)" >&2; exit 2; }
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
OUT=bench/out/http
rm -rf "$OUT"; mkdir -p "$OUT/www"
ANWEI_PORT=18181; NGINX_PORT=18182

# A scratch folder of its own, so that a test run holding .build does not block the benchmark.
[ "${SKIP_BUILD:-}" = 1 ] || swift build -c release --product anwei --scratch-path .build-release >/dev/null
BIN=.build-release/release/anwei
DB="$OUT/bench.db"
$BIN demo --db "$DB" >/dev/null
TOKEN=$($BIN tokens create --user admin --db "$DB" --days 1 2>/dev/null)

$BIN serve --db "$DB" --listen 127.0.0.1:$ANWEI_PORT >/dev/null 2>"$OUT/access.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; [ -f "$OUT/nginx.pid" ] && kill $(cat "$OUT/nginx.pid") 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf http://127.0.0.1:$ANWEI_PORT/healthz >/dev/null && break; sleep 0.1; done

AUTH="Authorization: Bearer $TOKEN"
# Files of the same bytes for nginx.
curl -sf http://127.0.0.1:$ANWEI_PORT/healthz > "$OUT/www/healthz.json"
curl -sf -H "$AUTH" http://127.0.0.1:$ANWEI_PORT/api/v1/org/enterprises/7 > "$OUT/www/enterprise.json"
curl -sf -H "$AUTH" "http://127.0.0.1:$ANWEI_PORT/api/v1/org/enterprises?limit=50" > "$OUT/www/list50.json"

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
  server { listen 127.0.0.1:$NGINX_PORT; root $PWD/$OUT/www; }
}
CONF
mkdir -p "$OUT/tmp"
nginx -c "$PWD/$OUT/nginx.conf"

cat > "$OUT/create.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"name":"压测人员","note":"bench"}'
LUA

peak_rss() { awk '/VmHWM/ {print $2}' /proc/$SERVER/status; }
server_cpu() { awk '{print $14 + $15}' /proc/$SERVER/stat; }

# One wrk run of `seconds`: prints "requests p99" and, for the server, adds its CPU ticks to $OUT/NAME.cpu.
wrk_once() { # name seconds url [extra wrk args...]
  local name=$1 seconds=$2 url=$3; shift 3
  local result before after
  before=$(server_cpu)
  result=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency "$@" "$url")
  after=$(server_cpu)
  case $name in anwei-*) echo $(( after - before )) >> "$OUT/$name.cpu";; esac
  echo "$result" | awk '/Non-2xx/ {print $5}' >> "$OUT/$name.errors"
  echo "$(echo "$result" | awk '/requests in/ {gsub(",", "", $1); print $1}') $(echo "$result" | awk '$1 == "99%" {print $2}')"
}

# Prints one line for a measured side: requests/s over all its rounds, the worst round's p99, and
# for the server its CPU time per request (user + system from /proc: what a request costs, steadier
# than requests/s when the machine is shared).
report() { # name
  local name=$1 requests=0 p99s="" cost="" errors
  while read -r r p; do requests=$(( requests + r )); p99s="$p99s $p"; done < "$OUT/$name.runs"
  echo "$requests" > "$OUT/$name.requests"
  case $name in anwei-*) cost=$(awk -v r="$requests" -v hz="$(getconf CLK_TCK)" '{ t += $1 } END { printf "server CPU %.1f us/request", t * 1e6 / hz / r }' "$OUT/$name.cpu");; esac
  errors=$(awk '{ e += $1 } END { if (e) print e }' "$OUT/$name.errors")
  printf '%-28s %10.0f req/s   worst-round p99 %8s   %s %s\n' "$name" "$(awk -v r="$requests" -v s="$SECONDS_PER_RUN" 'BEGIN { print r / s }')" \
    "$(tr ' ' '\n' <<<"$p99s" | grep . | awk '{ v = $1; u = v; sub(/[0-9.]+/, "", u); n = v + 0; m = (u == "us") ? n / 1000 : (u == "s") ? n * 1000 : n; if (m > max) { max = m; w = v } } END { print w }')" \
    "$cost" "${errors:+non-2xx: $errors}"
}

# nginx and the server in interleaved rounds (nginx first in odd rounds, the server first in even
# ones), `SECONDS_PER_RUN` seconds each in all, so that the VM's drifting speed falls on both alike
# rather than on whichever side ran during a slow spell. Prints both sides, the ratio of their
# requests over all rounds, and each round's ratio.
pair() { # nginx-name nginx-url anwei-name anwei-url [extra wrk args for anwei...]
  local nginx=$1 nginx_url=$2 anwei=$3 anwei_url=$4; shift 4
  local seconds=$(( SECONDS_PER_RUN / ROUNDS )) rounds="" round n a
  for round in $(seq "$ROUNDS"); do
    if (( round % 2 )); then
      n=$(wrk_once "$nginx" "$seconds" "$nginx_url"); a=$(wrk_once "$anwei" "$seconds" "$anwei_url" "$@")
    else
      a=$(wrk_once "$anwei" "$seconds" "$anwei_url" "$@"); n=$(wrk_once "$nginx" "$seconds" "$nginx_url")
    fi
    echo "$n" >> "$OUT/$nginx.runs"; echo "$a" >> "$OUT/$anwei.runs"
    rounds="$rounds $(awk -v a="${a%% *}" -v n="${n%% *}" 'BEGIN { printf "%.0f%%", 100 * a / n }')"
  done
  report "$nginx"; report "$anwei"
  echo "$rounds" > "$OUT/$anwei.rounds"
}

ratio() { awk -v a="$(cat "$OUT/$1.requests")" -v b="$(cat "$OUT/$2.requests")" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }

echo "wrk -t$THREADS -c$CONNECTIONS on $(nproc) cores, ${SECONDS_PER_RUN}s a side in $ROUNDS interleaved rounds; sizes: healthz $(wc -c < "$OUT/www/healthz.json") B, enterprise $(wc -c < "$OUT/www/enterprise.json") B, list of 50 $(wc -c < "$OUT/www/list50.json") B"
pair nginx-healthz-file http://127.0.0.1:$NGINX_PORT/healthz.json anwei-healthz http://127.0.0.1:$ANWEI_PORT/healthz
pair nginx-enterprise-file http://127.0.0.1:$NGINX_PORT/enterprise.json \
  anwei-get-by-id http://127.0.0.1:$ANWEI_PORT/api/v1/org/enterprises/7 -H "$AUTH"
pair nginx-list50-file http://127.0.0.1:$NGINX_PORT/list50.json \
  anwei-list-50 "http://127.0.0.1:$ANWEI_PORT/api/v1/org/enterprises?limit=50" -H "$AUTH"
wrk_once anwei-create "$SECONDS_PER_RUN" http://127.0.0.1:$ANWEI_PORT/api/v1/org/people -H "$AUTH" -s "$OUT/create.lua" > "$OUT/anwei-create.runs"
report anwei-create

echo "get-by-id / nginx same-size file: $(ratio anwei-get-by-id nginx-enterprise-file) (target ≥ 50%; rounds:$(cat "$OUT/anwei-get-by-id.rounds"))"
echo "list of 50 / nginx same bytes:    $(ratio anwei-list-50 nginx-list50-file) (target ≥ 25%; rounds:$(cat "$OUT/anwei-list-50.rounds"))"
echo "server peak resident memory: $(( $(peak_rss) / 1024 )) MB (target < 60 MB)"
$BIN audit verify --db "$DB" >/dev/null && echo "audit chain intact after the load"
