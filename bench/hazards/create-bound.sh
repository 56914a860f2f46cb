#!/usr/bin/env bash
# What bounds hazard creates under load: one wrk -c32 run against one server, with the server's CPU
# (all threads; and the busiest), its fdatasync, pwrite(2) and pread(2) counts (perf tracepoints) and, with
# TRACE=1, a 3 s trace of each fdatasync's duration and of the pwrites by file descriptor.
# Run by hand (never in CI):  bash bench/hazards/create-bound.sh BIN [seconds]
#   DB=/tmp/anwei-bound.db  made once (demo + generate.py N=100000) and copied for each run
#   PORT=18471  CONNS=32  TRACE=0
# Needs wrk, perf (tracepoints readable: run as root or perf_event_paranoid <= 1), python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=$1; DUR=${2:-8}; PORT=${PORT:-18471}; CONNS=${CONNS:-32}; DB=${DB:-/tmp/anwei-bound.db}; N=${N:-100000}
OUT=bench/out/create-bound; rm -rf "$OUT"; mkdir -p "$OUT"
if [ ! -f "$DB" ]; then "$BIN" demo --db "$DB" >/dev/null; python3 bench/hazards/generate.py "$DB" "$N" >/dev/null; fi
cp "$DB" "$OUT/run.db"
T=$("$BIN" tokens create --user admin --db "$OUT/run.db" --days 1 2>/dev/null)
"$BIN" serve --db "$OUT/run.db" --listen 127.0.0.1:"$PORT" --tick-interval 0 >/dev/null 2>&1 & P=$!
trap 'kill $P 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
sleep 3
cat > "$OUT/create.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"enterprise_id":7,"grade":"general","description":"储罐区可燃气体报警装置失效（压测）"}'
LUA
threads() { for t in /proc/$P/task/*; do echo "$(basename "$t") $(awk '{print $14 + $15}' "$t/stat")"; done | sort; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
threads > "$OUT/threads-before"
perf stat -e syscalls:sys_enter_fdatasync,syscalls:sys_enter_pwrite64,syscalls:sys_enter_pread64 -p $P -o "$OUT/perf-stat.txt" -- sleep "$DUR" & S=$!
if [ "${TRACE:-0}" = 1 ]; then
  perf record -e syscalls:sys_enter_fdatasync,syscalls:sys_exit_fdatasync,syscalls:sys_enter_pwrite64 -p $P -o "$OUT/trace.data" -- sleep 3 >/dev/null 2>&1 &
fi
wrk -t2 -c"$CONNS" -d"${DUR}s" --latency -s "$OUT/create.lua" -H "Authorization: Bearer $T" "http://127.0.0.1:$PORT/api/v1/hazards" > "$OUT/wrk.txt"
wait $S || true
threads > "$OUT/threads-after"
ls -l /proc/$P/fd > "$OUT/fds.txt" 2>/dev/null || true
grep -E "Requests/sec|requests in|50%|99%" "$OUT/wrk.txt"
n=$(awk '/requests in/ { print $1 }' "$OUT/wrk.txt")
join -a2 "$OUT/threads-before" "$OUT/threads-after" | awk -v hz="$(getconf CLK_TCK)" -v d="$DUR" -v n="$n" '
  { c = (NF == 3 ? $3 - $2 : $2); s += c; if (c > m) m = c; k++ }
  END { printf "server CPU: %.2f s in %s s over %d threads (busiest %.2f s), %.0f µs per create\n", s / hz, d, k, m / hz, s / hz * 1e6 / n }'
awk -v n="$n" '/fdatasync|pwrite64|pread64/ { gsub(",", "", $1); printf "%s: %s (%.2f per create)\n", $2, $1, $1 / n }' "$OUT/perf-stat.txt"
if [ "${TRACE:-0}" = 1 ]; then
  perf script -i "$OUT/trace.data" 2>/dev/null > "$OUT/trace.txt"
  python3 - "$OUT/trace.txt" <<'PY'
import re, sys, collections
enter, took, writes = {}, collections.defaultdict(list), collections.Counter()
for line in open(sys.argv[1]):
    m = re.search(r'\s(\d+)\s+\[\d+\]\s+([\d.]+):\s+syscalls:sys_(enter|exit)_(fdatasync|pwrite64)(.*)', line)
    if not m: continue
    tid, t, kind, call, rest = m.group(1), float(m.group(2)), m.group(3), m.group(4), m.group(5)
    fd = re.search(r'fd: (\S+?),?\s', rest + ' ')
    if call == 'pwrite64': writes[int(fd.group(1), 16)] += 1
    elif kind == 'enter': enter[tid] = (t, int(fd.group(1), 16))
    elif tid in enter:
        t0, f = enter.pop(tid); took[f].append(t - t0)
for f, n in writes.most_common(): print(f"trace: pwrite64 to fd {f}: {n}")
for f, v in took.items():
    v.sort(); print(f"trace: fdatasync fd {f}: {len(v)}, p50 {v[len(v)//2]*1e3:.2f} ms, mean {sum(v)/len(v)*1e3:.2f} ms, max {v[-1]*1e3:.2f} ms")
PY
  echo "(file descriptors at the end: $OUT/fds.txt; SQLite's sub-journal is an unlinked /var/tmp/etilqs_* file)"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
