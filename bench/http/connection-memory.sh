#!/usr/bin/env bash
# The memory one connection holds in `anwei serve`, measured: serves a fresh demo database, opens
# N connections that send nothing (from 127.0.0.2), then has each send one request and stay open
# (idle keep-alive), and prints the server's resident memory (VmRSS) and the kernel's slab memory
# (/proc/meminfo Slab: both ends' sockets, as client and server share this machine) at each step.
# Run by hand:  bash bench/http/connection-memory.sh [BINARY] [N]
# e.g.          bash bench/http/connection-memory.sh .build/release/anwei 2000
# Needs python3 and curl; raises the open-file limit to fit 2 N + 200 descriptors.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-.build-release/release/anwei}; N=${2:-2000}; PORT=${PORT:-18310}
OUT=bench/out/memory; rm -rf "$OUT"; mkdir -p "$OUT"
ulimit -n $((2 * N + 200))
"$BIN" demo --db "$OUT/m.db" >/dev/null 2>&1
"$BIN" serve --db "$OUT/m.db" --listen 127.0.0.1:"$PORT" --tick-interval 0 \
  --max-connections $((N + 100)) --max-connections-per-client 0 >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; done  # warm the workers' buffers
sleep 2  # the demo's first event deliveries

python3 - "$SERVER" "$PORT" "$N" <<'PY'
import socket, sys, time
pid, port, n = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])

def rss():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"): return int(line.split()[1]) * 1024
def slab():
    for line in open("/proc/meminfo"):
        if line.startswith("Slab:"): return int(line.split()[1]) * 1024
def settle():
    time.sleep(1.0)
    return rss(), slab()

base_rss, base_slab = settle()
conns = []
for _ in range(n):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.IPPROTO_IP, 24, 1)  # IP_BIND_ADDRESS_NO_PORT
    s.bind(("127.0.0.2", 0))
    s.connect(("127.0.0.1", port))
    conns.append(s)
fresh_rss, fresh_slab = settle()
for s in conns:
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
for s in conns:
    s.settimeout(5)
    got = b""
    while not got.endswith(b"}"):
        chunk = s.recv(4096)
        if not chunk: raise SystemExit("closed by the server")
        got += chunk
idle_rss, idle_slab = settle()
print(f"{n} connections; server resident memory {base_rss / 2**20:.1f} MiB before")
print(f"waiting for a first request: +{(fresh_rss - base_rss) / n:,.0f} B resident each in the server, "
      f"+{(fresh_slab - base_slab) / n:,.0f} B kernel slab each (both ends)")
print(f"idle after one request:      +{(idle_rss - base_rss) / n:,.0f} B resident each in the server, "
      f"+{(idle_slab - base_slab) / n:,.0f} B kernel slab each (both ends)")
for s in conns: s.close()
PY
