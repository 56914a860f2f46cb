#!/usr/bin/env python3
"""The same replies before and after: the slow reads of issue 23 asked of two binaries.

    python3 bench/tenyear/reply-compare.py capture BIN DB OUTDIR [--port 18094]
    python3 bench/tenyear/reply-compare.py diff OUTDIR_BEFORE OUTDIR_AFTER

`capture` starts `BIN serve` on DB (a copy: it writes tokens, and a newer binary migrates it),
asks every route below (those matching the regex ONLY, when set) as each user (office, town, unit, enterprise, inspector), as JSON and as
CSV where the route has CSV, following `next` for up to PAGES pages, and writes each reply's
status and body to OUTDIR (one file per request). Capture BEFORE first: an older binary refuses a
database a newer one has migrated. `diff` compares two captures file by file and exits 1 on any
difference (a reply's bytes, or a page's items when a list is cut into pages the same way).
"""
import hashlib, json, os, re, subprocess, sys, time, urllib.error, urllib.parse, urllib.request

TODAY = "2024-06-15"
PAGES = int(os.environ.get("PAGES", "3"))
USERS = ["anweiban", "dongcheng", "fgj", "qiye", "inspector1"]
ROUTES = [
    # (path, csv too, pages followed)
    ("/api/v1/supervision/assessment/report?year=2024", True, 1),
    ("/api/v1/supervision/assessment/report?year=2023", True, 1),
    ("/api/v1/supervision/assessment/report?year=2024&as_of=2024-03-31", False, 1),
    ("/api/v1/supervision/assessment/report/html?year=2024", False, 1),
    ("/api/v1/training/compliance?by=territory&year=2024", True, 1),
    ("/api/v1/training/compliance?by=industry&year=2024", False, 1),
    ("/api/v1/training/compliance?by=territory&year=2020", False, 1),
    ("/api/v1/training/compliance?by=territory&year=2024&on=2024-02-01", False, 1),
    ("/api/v1/training/compliance?by=enterprise&year=2024", False, PAGES),
    ("/api/v1/training/compliance?by=person&year=2023", False, PAGES),
    ("/api/v1/responsibilities/plans", True, PAGES),
    ("/api/v1/responsibilities/tasks", False, PAGES),
    ("/api/v1/responsibilities/tasks?colour=red", False, PAGES),
    ("/api/v1/responsibilities/tasks?plan_id=2&on=2015-06-30", False, PAGES),
    ("/api/v1/responsibilities/tasks?after=600", False, PAGES),
    ("/api/v1/responsibilities/ledger?colour=red", False, PAGES),
    ("/api/v1/responsibilities/ledger?colour=yellow", False, PAGES),
    ("/api/v1/responsibilities/ledger?colour=green&after=90000", False, PAGES),
    ("/api/v1/responsibilities/ledger?colour=red&on=2019-07-01", False, PAGES),
    ("/api/v1/responsibilities/ledger?colour=yellow&on=2024-01-10", False, PAGES),
    ("/api/v1/responsibilities/ledger?status=closed&on=2023-12-20&after=95000", False, PAGES),
    ("/api/v1/responsibilities/ledger?after=100900", False, PAGES),
    ("/api/v1/hazards/stats?by=territory", True, 1),
    ("/api/v1/hazards/stats?by=sector&grade=major", False, 1),
    ("/api/v1/hazards/stats?by=unit&overdue=true", True, 1),
    ("/api/v1/hazards/stats?by=territory&overdue=true", False, 1),
    ("/api/v1/hazards/stats?by=sector&status=rectifying", False, 1),
    ("/api/v1/hazards/statistics-reports?period=2024-Q1", False, 1),
    ("/api/v1/overview", True, 1),
]


def capture(binary, db, out, port):
    os.makedirs(out, exist_ok=True)
    tokens = {}
    for user in USERS:
        p = subprocess.run([binary, "tokens", "create", "--user", user, "--label", "reply-compare", "--db", db, "--json"],
                           capture_output=True, text=True, check=True)
        tokens[user] = json.loads(p.stdout)["token"]
    log = open(os.path.join(out, "serve.log"), "w")
    server = subprocess.Popen([binary, "serve", "--db", db, "--listen", f"127.0.0.1:{port}", "--today", TODAY, "--tick-interval", "0"],
                              stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5)
                break
            except Exception:
                time.sleep(1)
        n = 0
        only = os.environ.get("ONLY")
        for path, csv, pages in ROUTES:
            if only and not re.search(only, path):
                continue
            for user in USERS:
                for accept in (["application/json", "text/csv"] if csv else ["application/json"]):
                    url, page = path, 0
                    while page < pages:
                        status, body, took = get(base + url, tokens[user], accept)
                        name = hashlib.sha1(f"{path}|{user}|{accept}|{page}".encode()).hexdigest()[:16]
                        with open(os.path.join(out, name), "wb") as f:
                            f.write(f"{path} as {user} ({accept}) page {page + 1}: {status}\n".encode() + body)
                        n += 1
                        print(f"{status} {took * 1000:8.1f} ms  {url} as {user} ({accept}) page {page + 1}", flush=True)
                        page += 1
                        nxt = None
                        if status == 200 and accept == "application/json":
                            try:
                                reply = json.loads(body)
                                nxt = reply.get("next") if isinstance(reply, dict) else None
                            except ValueError:
                                nxt = None
                        if not nxt:
                            break
                        url = with_after(path, nxt)
        print(f"{n} replies written to {out}")
    finally:
        server.terminate()
        server.wait()


def with_after(path, cursor):
    """`path` with its `after` (if any) replaced by `cursor`."""
    base, _, query = path.partition("?")
    params = [p for p in query.split("&") if p and not p.startswith("after=")] + ["after=" + urllib.parse.quote(cursor)]
    return base + "?" + "&".join(params)


def get(url, token, accept):
    request = urllib.request.Request(url, headers={"Authorization": "Bearer " + token, "Accept": accept})
    start = time.time()
    try:
        with urllib.request.urlopen(request, timeout=600) as r:
            return r.status, r.read(), time.time() - start
    except urllib.error.HTTPError as e:
        return e.code, e.read(), time.time() - start


def diff(a, b):
    names = sorted(set(os.listdir(a)) | set(os.listdir(b)) - {"serve.log"})
    names = [n for n in names if n != "serve.log"]
    different = 0
    for name in names:
        pa, pb = os.path.join(a, name), os.path.join(b, name)
        if not (os.path.exists(pa) and os.path.exists(pb)):
            different += 1
            print(f"only in {'before' if os.path.exists(pa) else 'after'}: {open(pa if os.path.exists(pa) else pb, 'rb').readline().decode().strip()}")
            continue
        x, y = open(pa, "rb").read(), open(pb, "rb").read()
        head = x.split(b"\n", 1)[0].decode()
        if x == y:
            print(f"same       {head} ({len(x)} bytes)")
        else:
            different += 1
            other = y.split(b"\n", 1)[0].decode()
            print(f"DIFFERENT  {head} / {other}")
    print(f"{len(names)} replies, {len(names) - different} the same, {different} different")
    return different


if __name__ == "__main__":
    if sys.argv[1] == "capture":
        port = int(sys.argv[sys.argv.index("--port") + 1]) if "--port" in sys.argv else 18094
        capture(os.path.realpath(sys.argv[2]), os.path.realpath(sys.argv[3]), sys.argv[4], port)
    elif sys.argv[1] == "diff":
        sys.exit(1 if diff(sys.argv[2], sys.argv[3]) else 0)
    else:
        sys.exit(__doc__)
