#!/usr/bin/env bash
# Benchmark of the HTTP API against nginx serving files of the same size, in the same run, on
# loopback. Run by hand (never in CI): bash bench/http/run.sh [seconds-per-run]
# Needs wrk and nginx (apt-get install -y wrk nginx-light). Prints requests/s, p99 and the
# server's peak resident memory.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=${1:-10}
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

run() { # name url [extra wrk args...]
  local name=$1 url=$2; shift 2
  local result cpu_before cpu_after
  cpu_before=$(server_cpu)
  result=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$@" "$url")
  cpu_after=$(server_cpu)
  local rps p99 requests cost=""
  rps=$(echo "$result" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$result" | awk '$1 == "99%" {print $2}')
  requests=$(echo "$result" | awk '/requests in/ {print $1}')
  # The server's CPU time per request (user + system, from /proc): steadier than req/s when the
  # machine is shared, and says what a request costs rather than how fast wrk can go.
  case $name in anwei-*) cost=$(awk -v a="$cpu_before" -v b="$cpu_after" -v r="$requests" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "server CPU %.1f us/request", (b - a) * 1e6 / hz / r }');; esac
  local errors
  errors=$(echo "$result" | awk '/Non-2xx/ {print $5}')
  printf '%-34s %12s req/s   p99 %8s   %s %s\n' "$name" "$rps" "$p99" "$cost" "${errors:+non-2xx: $errors}"
  echo "$rps" > "$OUT/$name.rps"
}

echo "wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_PER_RUN}s on $(nproc) cores; sizes: healthz $(wc -c < "$OUT/www/healthz.json") B, enterprise $(wc -c < "$OUT/www/enterprise.json") B, list of 50 $(wc -c < "$OUT/www/list50.json") B"
run nginx-healthz-file       http://127.0.0.1:$NGINX_PORT/healthz.json
run anwei-healthz            http://127.0.0.1:$ANWEI_PORT/healthz
run nginx-enterprise-file    http://127.0.0.1:$NGINX_PORT/enterprise.json
run anwei-get-by-id          http://127.0.0.1:$ANWEI_PORT/api/v1/org/enterprises/7 -H "$AUTH"
run nginx-list50-file        http://127.0.0.1:$NGINX_PORT/list50.json
run anwei-list-50            "http://127.0.0.1:$ANWEI_PORT/api/v1/org/enterprises?limit=50" -H "$AUTH"
run anwei-create             http://127.0.0.1:$ANWEI_PORT/api/v1/org/people -H "$AUTH" -s "$OUT/create.lua"

ratio() { awk -v a="$(cat "$OUT/$1.rps")" -v b="$(cat "$OUT/$2.rps")" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }
echo "get-by-id / nginx same-size file: $(ratio anwei-get-by-id nginx-enterprise-file) (target ≥ 50%)"
echo "list of 50 / nginx same bytes:    $(ratio anwei-list-50 nginx-list50-file) (target ≥ 25%)"
echo "server peak resident memory: $(( $(peak_rss) / 1024 )) MB (target < 60 MB)"
$BIN audit verify --db "$DB" >/dev/null && echo "audit chain intact after the load"
