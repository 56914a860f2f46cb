#!/usr/bin/env python3
"""Crash safety: SIGKILL the server at random moments under concurrent creates, restart it each
time, then check that nothing acknowledged was lost.

  python3 bench/crash/crash.py [--binary .build/release/anwei] [--kills 20] [--clients 4] [--seed 1] [--kind hazards]

It makes a fresh database (an admin, a unit, a territory), a webhook to a receiver in this
script, starts `anwei serve`, drives creates of enterprises (POST /api/v1/org/enterprises) from
several client threads, kills the server with SIGKILL after a random 0.3–1.5 s `--kills` times
(restarting it each time), then restarts it once more to let the webhook sender catch up, stops
it with SIGTERM and checks:
  - every create answered 201 is in the database (same id, same credit code);
  - PRAGMA integrity_check is ok and `anwei check` passes (foreign keys, the audit chain);
    with --kind hazards, FTS5's integrity-check of the descriptions' trigram index too;
  - every registry.enterprise.changed event reached the webhook receiver (at least once).
With --kind hazards the clients register hazards of one enterprise instead (POST /api/v1/hazards:
writes that join their group without a savepoint, Database.write(rerunnable:)); the checks are the
same with the hazard's id and description, and hazards.* events at the webhook.
Prints the figures and exits 0 only when nothing was lost. Needs only python3's standard library.
"""
import argparse, http.server, json, os, random, signal, socket, sqlite3, subprocess, sys, tempfile, threading, time, urllib.request, urllib.error

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit_code(first17):
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS))
    return first17 + ALPHABET[(31 - total % 31) % 31]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Receiver(http.server.BaseHTTPRequestHandler):
    seen = set()
    posts = 0
    lock = threading.Lock()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with Receiver.lock:
            Receiver.posts += 1
            Receiver.seen.add(int(self.headers["X-Anwei-Event-Id"]))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser.add_argument("--binary", default=os.path.join(root, ".build", "debug", "anwei"))
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--kind", choices=["enterprises", "hazards"], default="enterprises", help="what the clients create")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="anwei-crash-")
    db = os.path.join(work, "crash.db")
    log = open(os.path.join(work, "server.log"), "ab")

    def cli(*argv, stdin=None):
        result = subprocess.run([args.binary, *argv, "--db", db], input=stdin, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"anwei {' '.join(argv)} failed ({result.returncode}): {result.stderr}")
        return result.stdout

    cli("migrate")
    unit = json.loads(cli("org", "units", "add", "--name", "区应急管理局", "--json"))["id"]
    territory = json.loads(cli("org", "territories", "add", "--name", "东城镇", "--kind", "town", "--json"))["id"]
    cli("users", "add", "--username", "admin", "--role", "admin", "--scope", "all", "--password", "crash-test-password")
    token = cli("tokens", "create", "--user", "admin", "--days", "1").strip().split()[-1]

    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    hazards = args.kind == "hazards"
    events_like = "hazards.%" if hazards else "registry.%"
    enterprise = None
    if hazards:
        enterprise = json.loads(cli("org", "enterprises", "add", "--name", "压测化工有限公司", "--credit-code", credit_code("91110000000000001"),
                                    "--territory", str(territory), "--industry", "hazardousChemicals",
                                    "--supervising-unit", str(unit), "--json"))["id"]
    cli("webhooks", "add", "--url", f"http://127.0.0.1:{receiver.server_address[1]}/anwei", "--events", "hazards.*" if hazards else "registry.*")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = {"process": None}

    def start():
        env = dict(os.environ, ANWEI_TICK_INTERVAL="60")
        server["process"] = subprocess.Popen([args.binary, "serve", "--db", db, "--listen", f"127.0.0.1:{port}"],
                                             stdout=log, stderr=log, env=env)
        for _ in range(400):
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=1) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.025)
        sys.exit("the server did not come up; see " + os.path.join(work, "server.log"))

    acknowledged = []  # (id, credit code)
    attempts = {"sent": 0, "failed": 0, "other": 0}
    counters = threading.Lock()
    stop = threading.Event()

    def client(number):
        sequence = 0
        while not stop.is_set():
            sequence += 1
            if hazards:
                code = f"储罐区可燃气体报警装置失效（压测 {number}-{sequence}）"
                body = json.dumps({"enterprise_id": enterprise, "grade": "general", "description": code}).encode()
            else:
                code = credit_code(f"9111{number:02d}{sequence:011d}")
                body = json.dumps({"name": f"企业{number}-{sequence}", "credit_code": code, "territory_id": territory,
                                   "industry": "hazardousChemicals", "supervising_unit_id": unit}).encode()
            request = urllib.request.Request(base + ("/api/v1/hazards" if hazards else "/api/v1/org/enterprises"), data=body, method="POST",
                                             headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
            with counters:
                attempts["sent"] += 1
            try:
                with urllib.request.urlopen(request, timeout=5) as reply:
                    if reply.status == 201:
                        made = json.loads(reply.read())
                        with counters:
                            acknowledged.append((made["id"], code))
                    else:
                        with counters:
                            attempts["other"] += 1
            except urllib.error.HTTPError:
                with counters:
                    attempts["other"] += 1
            except OSError:
                with counters:
                    attempts["failed"] += 1
                time.sleep(0.02)

    start()
    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(args.clients)]
    for thread in threads:
        thread.start()
    started = time.time()
    for kill in range(args.kills):
        time.sleep(rng.uniform(0.3, 1.5))
        server["process"].send_signal(signal.SIGKILL)
        server["process"].wait()
        start()
    stop.set()
    for thread in threads:
        thread.join()
    load_seconds = time.time() - started

    # Let the sender deliver what the kills left queued, then stop cleanly.
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    wanted = {row[0] for row in connection.execute("SELECT id FROM kernel_events WHERE type LIKE ?", (events_like,))}
    connection.close()
    deadline = time.time() + 120
    while time.time() < deadline:
        with Receiver.lock:
            if wanted <= Receiver.seen:
                break
        time.sleep(0.2)
    server["process"].send_signal(signal.SIGTERM)
    clean_stop = server["process"].wait(timeout=60) == 0

    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    present = dict(connection.execute("SELECT id, description FROM hazards_hazards" if hazards else "SELECT id, credit_code FROM registry_enterprises"))
    integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    events = {row[0] for row in connection.execute("SELECT id FROM kernel_events WHERE type LIKE ?", (events_like,))}
    failed_deliveries = connection.execute("SELECT count(*) FROM kernel_deliveries WHERE status = 'failed'").fetchone()[0]
    connection.close()
    # The hazards' trigram index, merged by the server's index upkeep while it was being killed:
    # FTS5's own check that it holds exactly what the register's descriptions say.
    fulltext = "not checked"
    if hazards:
        connection = sqlite3.connect(db)
        try:
            connection.execute("INSERT INTO hazards_fts (hazards_fts) VALUES ('integrity-check')")
            connection.commit()
            fulltext = "ok"
        except sqlite3.DatabaseError as error:
            fulltext = str(error)
        connection.close()
    lost = [(i, c) for i, c in acknowledged if present.get(i) != c]
    check = subprocess.run([args.binary, "check", "--db", db], capture_output=True, text=True)
    with Receiver.lock:
        undelivered = sorted(events - Receiver.seen)
        posts = Receiver.posts
    report = {
        "kills": args.kills, "clients": args.clients, "seconds_under_load": round(load_seconds, 1),
        "creates_sent": attempts["sent"], "creates_acknowledged_201": len(acknowledged),
        "creates_failed_connection": attempts["failed"], "creates_other_status": attempts["other"],
        "kind": args.kind, f"{args.kind}_in_database": len(present), "acknowledged_lost": len(lost),
        "integrity_check": integrity, "fulltext_check": fulltext, "anwei_check_exit": check.returncode,
        "events": len(events), "webhook_posts": posts, "events_not_delivered": len(undelivered),
        "event_deliveries_failed": failed_deliveries, "clean_final_stop": clean_stop, "work_folder": work,
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    ok = not lost and integrity == "ok" and fulltext in ("ok", "not checked") and check.returncode == 0 and not undelivered and failed_deliveries == 0
    if not ok:
        print(check.stdout, check.stderr, file=sys.stderr)
        if lost:
            print("lost:", lost[:10], file=sys.stderr)
    elif not args.keep:
        subprocess.run(["rm", "-rf", work])
    print("PASS: 0 acknowledged writes lost" if ok else "FAIL", file=sys.stderr)
    receiver.shutdown()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
