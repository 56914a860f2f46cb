#!/usr/bin/env python3
"""Fills a migrated Anwei database (e.g. one made by `anwei demo`) with N generated hazards.

Writes the real schema: rows into hazards_hazards (codes, counters, one 'register' action each)
and the full-text index (hazards_fts), using only the registry rows already there. The stats
counts (hazards_counts, migration 002) are filled by the schema's own triggers on every insert;
the end checks them against a fresh GROUP BY. Deterministic
(seeded). Usage: generate.py DB [N]  (default 1,000,000).
"""
import random
import sqlite3
import sys
import time

DB = sys.argv[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
rng = random.Random(2024)
db = sqlite3.connect(DB)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=OFF")
enterprises = db.execute("SELECT id, territory_id, industry, supervising_unit_id FROM registry_enterprises").fetchall()
clauses = [r[0] for r in db.execute("SELECT id FROM hazards_standard_clauses")]
if not enterprises:
    sys.exit("no enterprises: build the database with `anwei demo --db DB` first")
words = ["燃气管道锈蚀", "消防通道堵塞", "配电箱无防护", "有限空间作业未检测", "储罐区报警装置失效", "脚手架连墙件缺失",
         "电梯安全保护装置失效", "粉尘除尘系统无泄爆", "疏散指示标志损坏", "液化气钢瓶超期未检", "塔吊顶升未检验", "高处作业无防护"]
statuses = ["reported", "rectifying", "rectified", "reviewApplied", "closed", "closed", "closed", "closed"]
start = time.time()
counters = {}
next_id = (db.execute("SELECT coalesce(max(id), 0) FROM hazards_hazards").fetchone()[0]) + 1
for year, last in db.execute("SELECT year, last FROM hazards_code_counters"):
    counters[year] = last
batch, actions = [], []
now = "2024-06-15T02:00:00.000Z"
for i in range(N):
    e_id, territory, industry, unit = rng.choice(enterprises)
    y = rng.choice([2021, 2022, 2023, 2023, 2024, 2024])
    m, d = rng.randint(1, 12 if y < 2024 else 6), rng.randint(1, 28)
    found = f"{y}-{m:02d}-{d:02d}"
    dy, dm = (y, m + 2) if m <= 10 else (y + 1, m - 10)
    deadline = f"{dy}-{dm:02d}-{d:02d}"
    major = rng.random() < 0.12
    status = rng.choice(statuses)
    closed_on = deadline if status == "closed" else None
    counters[y] = counters.get(y, 0) + 1
    code = f"YH-{y}-{counters[y]:06d}"
    hid = next_id + i
    batch.append((hid, code, e_id, territory, industry, unit, "major" if major else "general", rng.choice(clauses) if major else None,
                  rng.choice(["selfInspection", "departmentInspection", "supervisionFinding"]), found, rng.choice(words) + f"（第{i}号）",
                  deadline, status, closed_on, "bench", now, now))
    actions.append((hid, "register", "reported", "bench", now))
    if len(batch) == 50_000 or i == N - 1:
        db.executemany("""INSERT INTO hazards_hazards (id, code, enterprise_id, territory_id, sector, supervising_unit_id, grade, standard_clause_id,
            source, found_on, description, deadline, status, closed_on, reported_by, version, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)""", batch)
        db.executemany("INSERT INTO hazards_actions (hazard_id, action, to_status, actor, at) VALUES (?, ?, ?, ?, ?)", actions)
        db.commit()
        batch, actions = [], []
        print(f"\r{i + 1:,} hazards ({time.time() - start:.0f}s)", end="", file=sys.stderr)
for year, last in counters.items():
    db.execute("INSERT INTO hazards_code_counters (year, last) VALUES (?, ?) ON CONFLICT (year) DO UPDATE SET last = excluded.last", (year, last))
print("\nrebuilding the full-text index…", file=sys.stderr)
db.execute("INSERT INTO hazards_fts (hazards_fts) VALUES ('rebuild')")
db.commit()
if db.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'hazards_counts'").fetchone()[0]:
    key = "territory_id, sector, supervising_unit_id, grade, source, listed, status, CAST(substr(found_on, 1, 4) AS INTEGER), coalesce(CAST(substr(closed_on, 1, 4) AS INTEGER), 0)"
    fresh = f"SELECT {key}, count(*) FROM hazards_hazards GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9"
    kept = "SELECT territory_id, sector, supervising_unit_id, grade, source, listed, status, found_year, closed_year, n FROM hazards_counts WHERE n > 0"
    wrong = db.execute(f"SELECT count(*) FROM ({fresh} EXCEPT {kept})").fetchone()[0] + db.execute(f"SELECT count(*) FROM ({kept} EXCEPT {fresh})").fetchone()[0]
    if wrong:
        sys.exit(f"hazards_counts disagrees with the register in {wrong} group(s)")
db.execute("ANALYZE")
db.commit()
print(f"done in {time.time() - start:.0f}s: {db.execute('SELECT count(*) FROM hazards_hazards').fetchone()[0]:,} hazards", file=sys.stderr)
