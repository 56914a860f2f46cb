#!/usr/bin/env python3
"""Fills an Anwei database's audit log (kernel_audit) up to N records, by SQL the chain rule
accepts: each record's hash is computed here exactly as AuditLog.linkHash does
(sha256 hex of previous hash, id, at, actor, action, entity, entity_id, before digest or "-",
after digest or "-", summary, joined by U+001F), continuing from the chain's head.

  fill.py DB N            append records until the chain holds N (10,000,000 for issue 23)
  fill.py tamper DB ID    alter record ID's summary (its hash no longer matches): verify must fail
  fill.py untamper DB ID  undo `tamper`

Then: anwei audit verify --db DB   (see run.sh for the timed run).
"""
import hashlib
import random
import sqlite3
import sys
from datetime import datetime, timedelta, timezone

ACTIONS = [("hazard.create", "hazard", "录入重大事故隐患"), ("hazard.update", "hazard", "更新隐患整改进度"),
           ("training.record.add", "training_record", "登记培训记录"), ("person.create", "person", "新增人员"),
           ("inspection.finding", "finding", "记录检查发现问题"), ("meeting.minutes", "meeting", "形成会商纪要")]
ACTORS = ["admin", "anweiban", "fgj", "yjj", "dongcheng", "xiling", "inspector1", "qiye"]
CHUNK = 100_000


def link_hash(previous, id_, at, actor, action, entity, entity_id, before, after, summary):
    fields = [previous, str(id_), at, actor, action, entity, entity_id, before or "-", after or "-", summary]
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()


INDEXES = {  # as 001_kernel.sql makes them: dropped while filling, made again at the end (faster than row by row)
    "kernel_audit_entity": "CREATE INDEX kernel_audit_entity ON kernel_audit (entity, entity_id)",
    "kernel_audit_actor": "CREATE INDEX kernel_audit_actor ON kernel_audit (actor, id)",
}


def fill(path, target):
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA cache_size = -200000")
    head = con.execute("SELECT last_id, last_hash FROM kernel_audit_head WHERE id = 1").fetchone()
    last_id, previous = head if head else (0, "0" * 64)
    sqls = dict(con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'kernel_audit'"))
    for name in INDEXES:
        con.execute(f"DROP INDEX IF EXISTS {name}")
    rng = random.Random(23)
    # Ten years of records, in time order: one instant text per 1,000 records.
    start = datetime(2015, 1, 1, tzinfo=timezone.utc)
    step = timedelta(seconds=(10 * 365 * 86400) / max(1, target))
    sha256 = hashlib.sha256
    id_ = last_id
    while id_ < target:
        rows = []
        at = None
        for _ in range(min(CHUNK, target - id_)):
            id_ += 1
            if at is None or id_ % 1000 == 0:
                at = (start + step * id_).strftime("%Y-%m-%dT%H:%M:%SZ")
            action, entity, words = ACTIONS[id_ % 6]
            actor = ACTORS[id_ % 7]
            entity_id = str(rng.randint(1, 1_000_000))
            # The digests of the record's states: any 64 hex digits do for the chain (the previous link's are handy).
            before = None if id_ % 3 == 0 else previous
            after = previous[::-1]
            summary = f"{words} {entity_id}：第{id_}条"
            hash_ = sha256("\x1f".join((previous, str(id_), at, actor, action, entity, entity_id, before or "-", after, summary)).encode()).hexdigest()
            rows.append((id_, at, actor, action, entity, entity_id, before, after, summary, previous, hash_))
            previous = hash_
        con.execute("BEGIN")
        con.executemany("INSERT INTO kernel_audit (id, at, actor, action, entity, entity_id, before_digest, after_digest, summary, prev_hash, hash) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        con.execute("INSERT INTO kernel_audit_head (id, last_id, last_hash) VALUES (1, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash", (id_, previous))
        con.execute("COMMIT")
        print(f"\r{id_}/{target}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    for name, sql in INDEXES.items():
        con.execute(sqls.get(name) or sql)
    con.execute("PRAGMA journal_mode = WAL")
    con.close()


def tamper(path, id_, undo):
    con = sqlite3.connect(path)
    with con:
        if undo:
            con.execute("UPDATE kernel_audit SET summary = substr(summary, 1, length(summary) - 4) WHERE id = ? AND summary LIKE '%（篡改）'", (id_,))
        else:
            con.execute("UPDATE kernel_audit SET summary = summary || '（篡改）' WHERE id = ?", (id_,))
    con.close()


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) == 2 and args[1].isdigit():
        fill(args[0], int(args[1]))
    elif len(args) == 3 and args[0] in ("tamper", "untamper"):
        tamper(args[1], int(args[2]), undo=args[0] == "untamper")
    else:
        sys.exit(__doc__)
