#!/usr/bin/env bash
# The page budget of 安委工作台: every GET page's size and server time, per role.
# Starts `anwei serve --demo` on a fresh database, signs in as the office (anweiban), a department
# (yjj) and an enterprise (qiye) through the sign-in form, and fetches each page 200 times over one
# keep-alive connection: the pages named below, a hazard's and a tip-off's page found from the
# lists, and every page the menu of the user's home page links to (so pages added later are
# measured too). Prints bytes, median and p99 (ms) per page; flags a page over 60 KB or 20 ms.
# Run by hand (never in CI): bash bench/web/pages.sh BIN [requests]   (a release build, e.g.
#   swift build -c release --scratch-path .build-release && bash bench/web/pages.sh .build-release/release/anwei)
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:?usage: bench/web/pages.sh BIN [requests]}; N=${2:-200}
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN" serve --demo --db "$work/demo.db" --listen "127.0.0.1:$port" --tick-interval 0 >"$work/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
    sleep 0.5
done
# The demo's event deliveries run for a while after start (longer on a busy machine); each write
# makes the overview compute afresh, so measure once none is pending.
pending() { python3 -c "import sqlite3,sys; print(sqlite3.connect('file:'+sys.argv[1]+'?mode=ro', uri=True).execute(\"SELECT count(*) FROM kernel_deliveries WHERE status = 'pending'\").fetchone()[0])" "$1"; }
for _ in $(seq 1 120); do [ "$(pending "$work/demo.db")" = 0 ] && break; sleep 0.5; done
sleep 2
echo "page budget: $N GETs per page over keep-alive, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) (a busy machine: times drift with load)"
python3 - "$port" "$N" <<'PY'
import http.client, re, sys, time, urllib.parse
port, n = int(sys.argv[1]), int(sys.argv[2])
FIXED = ["/", "/hazards", "/hazards?status=open&grade=major", "/hazards/new", "/hazards/dashboard", "/hazards/dashboard?by=sector",
         "/hazards/dashboard?by=unit", "/hazards/reports", "/tipoffs", "/password"]

def connect():
    return http.client.HTTPConnection("127.0.0.1", port, timeout=30)

def get(conn, path, cookie):
    conn.request("GET", path, headers={"Cookie": cookie})
    r = conn.getresponse()
    return r.status, r.read(), r.getheader("Set-Cookie") or ""

def sign_in(user):
    conn = connect()
    status, body, set_cookie = get(conn, "/login", "")
    pre = re.search(r"anwei_pre=([^;]+)", set_cookie).group(1)
    csrf = re.search(rb'name="_csrf" value="([0-9a-f]+)"', body).group(1).decode()
    form = urllib.parse.urlencode({"username": user, "password": "anwei-demo-2024", "_csrf": csrf})
    conn.request("POST", "/login", body=form, headers={"Cookie": f"anwei_pre={pre}", "Content-Type": "application/x-www-form-urlencoded"})
    r = conn.getresponse(); r.read()
    session = re.search(r"anwei_session=([^;]+)", r.getheader("Set-Cookie") or "")
    assert r.status == 303 and session, f"sign-in of {user} failed: {r.status}"
    return conn, f"anwei_session={session.group(1)}"

over = 0
print(f"{'user':10} {'page':42} {'status':>6} {'bytes':>8} {'median ms':>10} {'p99 ms':>8}")
for user in ["anweiban", "yjj", "qiye"]:
    conn, cookie = sign_in(user)
    _, home, _ = get(conn, "/", cookie)
    menu = re.search(rb'<nav class="menu".*?</nav>', home, re.S)
    paths = list(FIXED)
    for link in re.findall(rb'href="(/[^"]*)"', menu.group(0) if menu else b""):
        if link.decode() not in paths: paths.append(link.decode())
    _, register, _ = get(conn, "/hazards", cookie)
    first = re.search(rb'href="(/hazards/\d+)"', register)
    if first: paths.append(first.group(1).decode())
    status, tips, _ = get(conn, "/tipoffs", cookie)
    tip = re.search(rb'href="(/tipoffs/\d+)"', tips) if status == 200 else None
    if tip: paths.append(tip.group(1).decode())
    for path in paths:
        for _ in range(20): get(conn, path, cookie)   # warm
        times = []
        for _ in range(n):
            start = time.perf_counter()
            status, body, _ = get(conn, path, cookie)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        median, p99 = times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.99))]
        flag = ""
        if status == 200 and (len(body) > 60 * 1024 or median > 20): flag = "  <-- over budget"; over += 1
        print(f"{user:10} {path[:42]:42} {status:>6} {len(body):>8} {median:>10.2f} {p99:>8.2f}{flag}")
    conn.close()
print(f"{over} page(s) over the budget (60 KB, median 20 ms); 403 pages are a role the page does not admit")
PY
