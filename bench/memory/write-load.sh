#!/usr/bin/env bash
# The server's resident memory under write load: a fresh demo database, `anwei serve` on loopback,
# CONNS concurrent writers creating hazards (POST /api/v1/hazards) for DUR seconds, and the
# server's VmRSS / VmHWM (from /proc/<pid>/status) before, during and after the load: its peak,
# and what it still holds once the load has stopped and SETTLE seconds have passed.
# Builds nothing. Run by hand (never in CI):
#   bash bench/memory/write-load.sh BINARY [-- SERVE-OPTIONS...]
#   e.g. bash bench/memory/write-load.sh .build-release/release/anwei
#        bash bench/memory/write-load.sh .build-release/release/anwei -- --db-readers 2
#   DUR=30 CONNS=64 THREADS=2 SETTLE=10 PORT=18420; environment variables (ANWEI_…, MALLOC_…)
#   reach the server as they are. Uses wrk when installed, else a Python client with CONNS threads.
#   CLIENT=python: the Python client even when wrk is installed.
#   N=0: hazards added to the demo by bench/hazards/generate.py first (100000 as in create-ab.sh);
#   FROM=path: start from a copy of this database instead (e.g. one made with N once, kept).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:?usage: write-load.sh BINARY [-- SERVE-OPTIONS...]}; shift
[ "${1:-}" = "--" ] && shift
DUR=${DUR:-30}; CONNS=${CONNS:-64}; THREADS=${THREADS:-2}; SETTLE=${SETTLE:-10}; PORT=${PORT:-18420}
OUT=${OUT:-bench/out/write-load-$PORT}; rm -rf "$OUT"; mkdir -p "$OUT"
N=${N:-0}
if [ -n "${FROM:-}" ]; then cp "$FROM" "$OUT/w.db"
else
  "$BIN" demo --db "$OUT/w.db" >/dev/null 2>&1
  [ "$N" = 0 ] || python3 bench/hazards/generate.py "$OUT/w.db" "$N" >/dev/null
fi
TOKEN=$("$BIN" tokens create --user admin --db "$OUT/w.db" --days 1 2>/dev/null)
"$BIN" serve --db "$OUT/w.db" --listen 127.0.0.1:"$PORT" --tick-interval 0 "$@" >/dev/null 2>"$OUT/serve.log" &
SERVER=$!
SAMPLER=
trap 'kill $SERVER 2>/dev/null || true; [ -z "$SAMPLER" ] || kill $SAMPLER 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$OUT/serve.log"; exit 1; }
sleep 3  # the demo's first event deliveries

field() { awk -v f="$1:" '$1 == f { print $2 }' /proc/$SERVER/status; }  # kB, or a count
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
# Resident memory by kind of mapping (/proc/<pid>/smaps): the malloc heap and arenas, thread
# stacks, SQLite's shared-memory WAL index, the binary and libraries.
breakdown() {
  python3 - "$SERVER" <<'PY'
import re, sys
pid = sys.argv[1]
kinds, current = {}, None
for line in open(f"/proc/{pid}/smaps"):
    head = re.match(r"^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$", line)
    if head:
        name, perms = head.group(4).strip(), head.group(3)
        size = (int(head.group(2), 16) - int(head.group(1), 16)) // 1024
        if name == "[heap]": current = "malloc: main heap"
        elif name.startswith("[stack"): current = "stacks"
        elif name.endswith("-shm"): current = "SQLite WAL index (-shm)"
        elif name.endswith(".db") or name.endswith("-wal"): current = "SQLite database (mmap)"
        elif name.startswith("/"): current = "binary and libraries"
        elif name == "" and size in (4 << 10, 8 << 10, (4 << 10) + 4, (8 << 10) + 4): current = "thread stacks (anonymous)"
        elif name == "" and perms.startswith("rw"): current = "malloc arenas and other anonymous"
        else: current = "other"
        continue
    if line.startswith("Rss:") and current:
        kinds[current] = kinds.get(current, 0) + int(line.split()[1])
for kind, kb in sorted(kinds.items(), key=lambda kv: -kv[1]):
    print(f"    {kind:36s} {kb / 1024:7.1f} MiB")
PY
}
sqlite_memory() {  # the server's own gauges, when it has them
  curl -sf "http://127.0.0.1:$PORT/metrics" | awk '/^anwei_db_memory_bytes/ { printf "    %s %.1f MiB\n", $1, $2 / 1048576 }' || true
}

BEFORE=$(field VmRSS)
echo "write load: $CONNS writers for ${DUR}s (POST /api/v1/hazards) on $(du -m "$OUT/w.db" | cut -f1) MB of database, $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server: $BIN serve ${*:-}"
echo "resident before the load: $(mib "$BEFORE"), $(field Threads) threads"

# Samples every 0.25 s: seconds since the start, VmRSS kB, threads.
( t0=$(date +%s.%N); while kill -0 $SERVER 2>/dev/null; do
    echo "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }') $(field VmRSS) $(field Threads)"; sleep 0.25
  done ) > "$OUT/samples" 2>/dev/null &
SAMPLER=$!

BODY='{"enterprise_id":7,"grade":"general","description":"储罐区可燃气体报警装置失效（压测）"}'
if [ "${CLIENT:-}" != python ] && command -v wrk >/dev/null; then
  cat > "$OUT/create.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$BODY'
LUA
  wrk -t"$THREADS" -c"$CONNS" -d"${DUR}s" -s "$OUT/create.lua" -H "Authorization: Bearer $TOKEN" \
    "http://127.0.0.1:$PORT/api/v1/hazards" > "$OUT/wrk.txt"
  awk '/requests in/ { n = $1 } /Requests\/sec/ { r = $2 } /Non-2xx/ { b = $5 } END { printf "load: %d creates (%.0f/s), non-2xx %d (wrk)\n", n, r, b }' "$OUT/wrk.txt"
else
  python3 - "$PORT" "$TOKEN" "$CONNS" "$DUR" "$BODY" <<'PY'
import http.client, sys, threading, time
port, token, conns, dur, body = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5].encode()
end = time.monotonic() + dur
counts = [[0, 0] for _ in range(conns)]
def writer(i):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.monotonic() < end:
        c.request("POST", "/api/v1/hazards", body, {"Content-Type": "application/json", "Authorization": "Bearer " + token})
        r = c.getresponse(); r.read()
        counts[i][0 if 200 <= r.status < 300 else 1] += 1
threads = [threading.Thread(target=writer, args=(i,)) for i in range(conns)]
for t in threads: t.start()
for t in threads: t.join()
ok, bad = sum(c[0] for c in counts), sum(c[1] for c in counts)
print(f"load: {ok + bad} creates ({(ok + bad) / dur:.0f}/s), non-2xx {bad} (Python, {conns} threads)")
PY
fi
END_RSS=$(field VmRSS); PEAK=$(field VmHWM)
PEAK_THREADS=$(awk '$3 > m { m = $3 } END { print m + 0 }' "$OUT/samples")
echo "at the end of the load: resident $(mib "$END_RSS"); peak (VmHWM) $(mib "$PEAK"); most threads $PEAK_THREADS"
echo "  by kind of mapping, at the end of the load:"; breakdown
sleep "$SETTLE"
SETTLED=$(field VmRSS)
echo "settled, ${SETTLE}s after the load: resident $(mib "$SETTLED"), $(field Threads) threads"
echo "  by kind of mapping, settled:"; breakdown
sqlite_memory
echo "SUMMARY peak_kib=$PEAK settled_kib=$SETTLED before_kib=$BEFORE peak_threads=$PEAK_THREADS"
