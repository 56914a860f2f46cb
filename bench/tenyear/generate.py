#!/usr/bin/env python3
"""Adds ten years (2015–2024) of a district to a database made by `anwei demo --db DB`.

Usage: generate.py DB [--scale 1.0] [--seed 2024]

At scale 1: ~20,000 enterprises, 1,000,000 hazards with their lifecycles, ten yearly plans of
~11,000 ledger lines each, 100,000 people with training records and certificates, 10,000 meetings,
2,500 inspections with 10,000 findings — and the events, deliveries, receipts, subscriber rows
(supervision facts, agenda items) and hash-chained audit records the real write paths leave.

The rows copy the shapes the real code writes (checked against a demo database, where every row
came through the services): hazards_actions per transition and one audit record per action
(Hazards/Service), `hazards.hazard.registered` / `.closed` events delivered to their subscribers
(supervision facts for the territory and the supervising unit, a 重大隐患 agenda item resolved on
closing), ledger line events sign → progress → complete → verify with `responsibilities.task.completed`,
training CSV imports (one audit record per import, as ImportService), certificates with their
`issued` history row, meetings with attendees and decisions, inspections with findings and
`supervision.finding.recorded` (agenda item per finding). The hazards_counts table is kept by the
schema's own triggers; the full-text index is rebuilt; registry JSON forms are left to `anwei
migrate`, which writes them (run it after this). The audit chain is extended exactly as
Sources/Kernel/Audit/AuditLog.swift links records.

Fast: batched executemany, one transaction per chunk, PRAGMA synchronous=OFF. Deterministic.
"""
import argparse
import hashlib
import json
import random
import sqlite3
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("db")
ap.add_argument("--scale", type=float, default=1.0)
ap.add_argument("--seed", type=int, default=2024)
ap.add_argument("--phases", default="enterprises,people,ledger,meetings,findings,hazards",
                help="which parts to generate; e.g. --phases hazards to finish an interrupted run's hazards (the others are then read, not added)")
ap.add_argument("--hazards", type=int, help="how many generated hazards in all (default 1,000,000 × scale)")
args = ap.parse_args()
S = args.scale
rng = random.Random(args.seed)
db = sqlite3.connect(args.db, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=OFF")
db.execute("PRAGMA cache_size=-400000")
db.execute("PRAGMA temp_store=MEMORY")
START = time.time()
YEARS = list(range(2015, 2025))
LAST_DAY = "2024-06-14"   # the demo's "today" is 2024-06-15


def log(msg):
    print(f"[{time.time() - START:7.1f}s] {msg}", file=sys.stderr, flush=True)


def one(sql, *a):
    return db.execute(sql, a).fetchone()[0]


if not one("SELECT count(*) FROM registry_enterprises"):
    sys.exit("no enterprises: build the database with `anwei demo --db DB` first")
PHASES = set(args.phases.split(","))
if "enterprises" in PHASES and one("SELECT count(*) FROM kernel_audit WHERE action = 'responsibilities.plan.import' AND actor = 'bench'"):
    sys.exit("this database already holds a generated decade (use --phases hazards to finish an interrupted run's hazards)")


def ts(day, hour=2):
    return f"{day}T{hour:02d}:00:00.000Z"


def day_of(year, doy):
    """A date string for day-of-year 0..359 (12 months × 30 days, capped at 28)."""
    m, d = doy // 30 + 1, min(doy % 30 + 1, 28)
    return f"{year}-{m:02d}-{d:02d}"


def add_days(date, n):
    y, m, d = int(date[:4]), int(date[5:7]), int(date[8:10])
    d += n
    while d > 28:
        d -= 28
        m += 1
        if m > 12:
            m, y = 1, y + 1
    return f"{y}-{m:02d}-{d:02d}"


def quarter(date):
    return f"{date[:4]}-Q{(int(date[5:7]) - 1) // 3 + 1}"


def dumps(v):
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


# --- the write buffers ------------------------------------------------------------------------
class Buffers:
    def __init__(self):
        self.rows = {}

    def add(self, sql, row):
        self.rows.setdefault(sql, []).append(row)

    def flush(self):
        db.execute("BEGIN")
        for sql, rows in self.rows.items():
            db.executemany(sql, rows)
        db.execute("COMMIT")
        self.rows = {}


buf = Buffers()
SQL_AUDIT = ("INSERT INTO kernel_audit (id, at, actor, action, entity, entity_id, before_digest, after_digest, summary, prev_hash, hash) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
SQL_EVENT = "INSERT INTO kernel_events (id, type, payload, actor, occurred_at) VALUES (?, ?, ?, ?, ?)"
SQL_DELIVERY = ("INSERT INTO kernel_deliveries (event_id, subscriber, status, attempts, next_attempt_at, last_error, done_at) "
                "VALUES (?, ?, 'done', 1, ?, NULL, ?)")
SQL_RECEIPT = "INSERT INTO kernel_event_receipts (subscriber, event_id, handled_at) VALUES (?, ?, ?)"


class Audit:
    """Appends records linked as AuditLog.append links them (fields joined by U+001F, SHA-256)."""
    def __init__(self):
        row = db.execute("SELECT last_id, last_hash FROM kernel_audit_head WHERE id = 1").fetchone()
        self.last_id, self.last_hash = row if row else (0, "0" * 64)
        # An interrupted run committed records past the head (written at the end): go on from the last one.
        last = db.execute("SELECT id, hash FROM kernel_audit ORDER BY id DESC LIMIT 1").fetchone()
        if last and last[0] > self.last_id:
            self.last_id, self.last_hash = last

    def append(self, at, actor, action, entity, entity_id, summary, before=None, after=None):
        bd = sha(before) if before is not None else None
        ad = sha(after) if after is not None else None
        self.last_id += 1
        i = self.last_id
        fields = [self.last_hash, str(i), at, actor, action, entity, str(entity_id), bd or "-", ad or "-", summary]
        h = hashlib.sha256("\x1f".join(fields).encode()).hexdigest()
        buf.add(SQL_AUDIT, (i, at, actor, action, entity, str(entity_id), bd, ad, summary, self.last_hash, h))
        self.last_hash = h

    def close(self):
        buf.add("INSERT INTO kernel_audit_head (id, last_id, last_hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                "last_id = excluded.last_id, last_hash = excluded.last_hash", (self.last_id, self.last_hash))


audit = Audit()


class Ids:
    def __init__(self, table):
        self.next = one(f"SELECT coalesce(max(id), 0) FROM {table}") + 1

    def take(self):
        i = self.next
        self.next += 1
        return i


event_ids = Ids("kernel_events")


def publish(type_, payload, actor, at, subscribers):
    """An event, delivered (done) to each subscriber with its receipt, as the dispatcher leaves it."""
    eid = event_ids.take()
    buf.add(SQL_EVENT, (eid, type_, dumps(payload), actor, at))
    for s in subscribers:
        buf.add(SQL_DELIVERY, (eid, s, at, at))
        buf.add(SQL_RECEIPT, (s, eid, at))
    return eid


fact_ids = Ids("supervision_facts")
SQL_FACT = ("INSERT INTO supervision_facts (id, event_id, event_type, kind, subject_kind, subject_id, date, year, quarter, reference, detail, known_on) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def facts(eid, etype, kind, subjects, date, reference, detail, subscriber):
    for sk, sid in subjects:
        buf.add(SQL_FACT, (fact_ids.take(), eid, etype, kind, sk, sid, date, int(date[:4]), quarter(date), reference, dumps(detail), date))
    what = ", ".join(f"{sk} {sid}" for sk, sid in subjects)
    audit.append(ts(date), f"system:{subscriber}", "supervision.fact.record", "supervision_fact", eid,
                 f"{kind} for {what} ({reference}, event {eid})")


agenda_ids = Ids("consultations_agenda_items")
SQL_AGENDA = ("INSERT INTO consultations_agenda_items (id, source_event_id, type, subject, summary, link, territory_id, unit_id, occurred_at, "
              "created_at, resolved_at, known_on, resolved_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")

# --- reference data from the demo -----------------------------------------------------------------
territories = {r[0]: r[1] for r in db.execute("SELECT id, name FROM registry_territories")}
units = {r[0]: r[1] for r in db.execute("SELECT id, name FROM registry_units")}
sector_unit = sorted(set(db.execute("SELECT industry, supervising_unit_id FROM registry_enterprises")))
clauses = [r[0] for r in db.execute("SELECT id FROM hazards_standard_clauses")]
groups = [r[0] for r in db.execute("SELECT id FROM supervision_groups")]
group_names = {r[0]: r[1] for r in db.execute("SELECT id, name FROM registry_special_groups")}
kinds = [r[0] for r in db.execute("SELECT id FROM consultations_meeting_kinds")]
checklist = one("SELECT min(id) FROM supervision_checklists")
SURN = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文斌志红玉兰波辉鹏飞宇浩然欣怡梅春晓东海燕子涵博"
PLACE = "东西南北中新兴华润金宏泰丰安康和盛达鑫源恒福瑞祥隆昌顺发利通"


def person_name():
    return rng.choice(SURN) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


# --- enterprises ------------------------------------------------------------------------------------
def gen_enterprises(n_new):
    log(f"enterprises: adding {n_new:,}")
    ids = Ids("registry_enterprises")
    suffix = {"hazardousChemicals": "化工", "gas": "燃气", "construction": "建设工程", "transport": "物流", "manufacturing": "机械制造",
              "commerce": "商贸", "tourism": "旅游开发", "metalSmelting": "金属制品", "coal": "煤业", "fireworks": "烟花爆竹",
              "nonCoalMining": "矿业", "specialEquipment": "设备安装", "healthcare": "医疗", "education": "教育咨询", "agriculture": "农业",
              "other": "实业"}
    made = []
    for k in range(n_new):
        eid = ids.take()
        year = YEARS[k * len(YEARS) // n_new]
        day = day_of(year, rng.randrange(0, 360 if year < 2024 else 160))
        t = rng.choice(list(territories))
        sector, unit = rng.choice(sector_unit)
        name = f"{territories[t][:2]}{rng.choice(PLACE)}{rng.choice(PLACE)}{suffix.get(sector, '实业')}有限公司（{eid}）"
        code = f"9132011{eid:09d}TY"[:18]
        boss = person_name()
        at = ts(day, 1)
        buf.add("""INSERT INTO registry_enterprises (id, name, credit_code, territory_id, industry, supervising_unit_id, high_risk, principal_person,
            legal_representative, actual_controller, standardisation_grade, address, version, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)""",
                (eid, name, code, t, sector, unit, int(rng.random() < 0.08), boss, boss, person_name(), rng.choice(["level1", "level2", "level3", None]),
                 f"{territories[t]}建设路{rng.randint(1, 999)}号", at, at))
        after = {"id": eid, "name": name, "credit_code": code, "territory_id": t, "industry": sector, "supervising_unit_id": unit}
        audit.append(at, "local-admin", "enterprise.create", "enterprise", eid, f"created 生产经营单位 {name}", after=dumps(after))
        publish("registry.enterprise.changed", {"enterprise_id": eid, "change": "created", "fields": ["actual_controller", "address", "credit_code",
                "high_risk", "industry", "legal_representative", "name", "principal_person", "standardisation_grade", "supervising_unit_id", "territory_id"]},
                "local-admin", at, [])
        made.append((eid, t, sector, unit, name, day))
        if len(buf.rows.get(SQL_AUDIT, [])) >= 50_000:
            buf.flush()
    buf.flush()
    return made


# --- hazards -------------------------------------------------------------------------------------------
GRADE_CN = {"general": "一般隐患", "major": "重大隐患"}
SOURCE_CN = {"selfInspection": "企业自查", "departmentInspection": "部门检查", "supervisionFinding": "督导发现", "tipOff": "举报"}
STATUS_CN = {"reported": "已上报", "planFiled": "已备案", "rectifying": "整改中", "rectified": "已整改", "assessed": "已评估",
             "reviewApplied": "已申请核查", "closed": "已销号"}
WORDS = ["燃气管道锈蚀", "消防通道堵塞", "配电箱无防护", "有限空间作业未检测", "储罐区报警装置失效", "脚手架连墙件缺失", "电梯安全保护装置失效",
         "粉尘除尘系统无泄爆", "疏散指示标志损坏", "液化气钢瓶超期未检", "塔吊顶升未检验", "高处作业无防护", "驾驶员疲劳驾驶记录未处理", "危化品仓库未分区存放"]
NOTES = {"report-progress": "已落实整改措施，完成约一半", "finish-rectification": "整改完成", "submit-assessment": "经专家评估，治理效果符合要求"}
H_COLS = ("id, code, enterprise_id, territory_id, sector, supervising_unit_id, grade, standard_clause_id, source, found_on, description, deadline, status, "
          "state_and_cause, harm_and_difficulty, plan_goals, plan_methods, plan_funds, plan_responsible, plan_deadline_requirements, plan_safety_measures, "
          "plan_filed_at, rectified_on, assessment, review_applied_on, review_due, closed_on, closed_by, reported_by, version, created_at, updated_at")
SQL_HAZARD = f"INSERT INTO hazards_hazards ({H_COLS}) VALUES ({', '.join('?' * len(H_COLS.split(', ')))})"
SQL_HACTION = "INSERT INTO hazards_actions (id, hazard_id, action, from_status, to_status, actor, at, note, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"


def gen_hazards(n, enterprises):
    log(f"hazards: adding {n:,}")
    ids, action_ids = Ids("hazards_hazards"), Ids("hazards_actions")
    counters = dict(db.execute("SELECT year, last FROM hazards_code_counters"))
    # An interrupted run's hazards (its counters are written at the end): go on from the codes already given.
    for year, last in db.execute("SELECT CAST(substr(code, 4, 4) AS INTEGER), max(CAST(substr(code, 9) AS INTEGER)) FROM hazards_hazards GROUP BY 1"):
        counters[year] = max(counters.get(year, 0), last)
    made = dict(db.execute("SELECT CAST(substr(found_on, 1, 4) AS INTEGER), count(*) FROM hazards_hazards WHERE reported_by = 'bench:区安委办' GROUP BY 1"))
    weights = [0.6 + 0.08 * i for i in range(len(YEARS))]   # a district finds more each year
    per_year = [max(0, round(n * w / sum(weights)) - made.get(y, 0)) for y, w in zip(YEARS, weights)]
    n = sum(per_year)
    log(f"hazards: {sum(made.values()):,} already generated, {n:,} to add")
    office = "bench:区安委办"
    done = 0
    for year, count in zip(YEARS, per_year):
        for _ in range(count):
            e_id, territory, sector, unit, ename, since = rng.choice(enterprises)
            if since[:4] > str(year):
                since = f"{year}-01-01"
            last_doy = 360 if year < 2024 else 160
            found = max(day_of(year, rng.randrange(0, last_doy)), since if since[:4] == str(year) else "0")
            major = rng.random() < 0.06
            grade = "major" if major else "general"
            source = rng.choice(["selfInspection", "selfInspection", "departmentInspection"])
            deadline = add_days(found, 84 if major else 28)
            age = (2024 - year) * 360 + (160 - (int(found[5:7]) - 1) * 30 - int(found[8:10]))
            if age > 120:
                target = "closed"
            else:
                target = rng.choice(["reported", "rectifying", "rectified", "reviewApplied", "closed", "closed"] if not major else
                                    ["reported", "planFiled", "rectifying", "assessed", "closed"])
            counters[year] = counters.get(year, 0) + 1
            code = f"YH-{year}-{counters[year]:06d}"
            hid = ids.take()
            desc = f"{rng.choice(WORDS)}（{ename[:8]}）"
            steps = [("register", None, "reported", found, None, "{}")]
            d = found
            flow = (["file-plan", "report-progress", "finish-rectification", "submit-assessment", "apply-review", "review"] if major else
                    ["report-progress", "finish-rectification", "apply-review", "review"])
            to = {"file-plan": "planFiled", "report-progress": "rectifying", "finish-rectification": "rectified", "submit-assessment": "assessed",
                  "apply-review": "reviewApplied", "review": "closed"}
            cur = "reported"
            plan_at = rectified_on = assessment = applied = review_due = closed_on = None
            for act in flow:
                if cur == target:
                    break
                d = add_days(d, rng.randint(2, 12))
                if d > LAST_DAY:
                    break
                details = "{}"
                if act == "apply-review":
                    review_due = add_days(d, 10)
                    applied = d
                    details = dumps({"review_due": review_due})
                if act == "review":
                    closed_on = d
                    details = dumps({"passed": True})
                if act == "file-plan":
                    plan_at = ts(d)
                if act == "finish-rectification":
                    rectified_on = d
                if act == "submit-assessment":
                    assessment = NOTES[act]
                steps.append((act, cur, to[act], d, NOTES.get(act), details))
                cur = to[act]
            unit_name = units[unit]
            closer = f"bench:{unit_name}"
            plan = ["现场检查发现隐患，原因是日常管理缺失", "可能导致群死群伤，需局部停产整改", "彻底消除隐患", "停产整改、更换设备", "企业自筹资金到位",
                    "企业主要负责人牵头，安全部门负责", "按期完成并验收", "设置警戒区域，制定专项应急预案"] if plan_at else [None] * 8
            created, updated = ts(found), ts(steps[-1][3])
            buf.add(SQL_HAZARD, (hid, code, e_id, territory, sector, unit, grade, rng.choice(clauses) if major else None, source, found, desc, deadline,
                                 cur, *plan, plan_at, rectified_on, assessment, applied, review_due, closed_on, closer if closed_on else None,
                                 office, len(steps), created, updated))
            ref = {"code": code, "enterprise_id": e_id, "grade": grade, "hazard_id": hid, "sector": sector, "source": source,
                   "supervising_unit_id": unit, "territory_id": territory}
            for i, (act, frm, to_status, when, note, details) in enumerate(steps):
                actor = closer if act == "review" else office
                buf.add(SQL_HACTION, (action_ids.take(), hid, act, frm, to_status, actor, ts(when), note, details))
                state = f'{{"id":{hid},"status":"{to_status}","version":{i + 1}}}'
                if act == "register":
                    audit.append(ts(when), actor, "hazards.register", "hazard", hid, f"registered {GRADE_CN[grade]} {code} ({SOURCE_CN[source]})", after=state)
                else:
                    audit.append(ts(when), actor, f"hazards.{act}", "hazard", hid, f"{code}: {act} ({frm} → {to_status})" + (f"：{note}" if note else ""),
                                 before=f'{{"id":{hid},"status":"{frm}","version":{i}}}', after=state)
            # Registered: the facts for the territory and the supervising unit; a major hazard goes on the agenda.
            at = ts(found)
            eid = publish("hazards.hazard.registered", {"hazard": ref, "summary": f"新登记{GRADE_CN[grade]} {code}（{ename}），整改期限 {deadline}，状态：{STATUS_CN['reported']}"},
                          office, at, ["consultations.agenda-major-hazard", "supervision.facts.hazard-registered"])
            detail = {"hazard_id": hid, "code": code, "grade": grade, "sector": sector, "source": source}
            kind = "hazardMajorRegistered" if major else "hazardRegistered"
            facts(eid, "hazards.hazard.registered", kind, [("territory", territory), ("unit", unit)], found, f"hazard:{hid}", detail,
                  "supervision.facts.hazard-registered")
            if major:
                aid = agenda_ids.take()
                summary = f"新增重大隐患 {code}：{territories[territory]} {ename}，{sector}"
                buf.add(SQL_AGENDA, (aid, eid, "major_hazard", f"hazard:{hid}", summary, f"/api/v1/hazards/{hid}", territory, unit, at, at,
                                     ts(closed_on) if closed_on else None, found, closed_on))
                audit.append(at, "system:consultations.agenda-major-hazard", "consultations.agenda.add", "agenda_item", aid,
                             f"议题来源事件 {eid}（hazards.hazard.registered）：{summary}")
            if closed_on:
                on_time = closed_on <= deadline
                cat = ts(closed_on)
                ceid = publish("hazards.hazard.closed", {"hazard": ref, "on_time": on_time, "summary": f"{GRADE_CN[grade]} {code}（{ename}）已销号（{unit_name}核查通过）"},
                               closer, cat, ["consultations.agenda-hazard-closed", "supervision.facts.hazard-closed"])
                facts(ceid, "hazards.hazard.closed", "hazardClosedOnTime" if on_time else "hazardClosedLate", [("territory", territory), ("unit", unit)],
                      closed_on, f"hazard:{hid}", detail, "supervision.facts.hazard-closed")
                if major:
                    audit.append(cat, "system:consultations.agenda-hazard-closed", "consultations.agenda.resolve", "agenda_item", f"hazard:{hid}",
                                 f"hazard:{hid} 已由事件 {ceid}（hazards.hazard.closed）办结")
            done += 1
            if done % 25_000 == 0:
                buf.flush()
                log(f"hazards: {done:,}/{n:,}")
    buf.flush()
    for year, last in counters.items():
        db.execute("INSERT INTO hazards_code_counters (year, last) VALUES (?, ?) ON CONFLICT (year) DO UPDATE SET last = excluded.last", (year, last))
    log("hazards: rebuilding the full-text index")
    db.execute("INSERT INTO hazards_fts (hazards_fts) VALUES ('rebuild')")


# --- ledger: one plan a year --------------------------------------------------------------------------
TASK_TITLES = ["抓好组织学习", "做好督导督查", "推进专项整治", "强化风险管控", "加强隐患排查治理", "开展宣传教育", "提升应急处置能力", "强化组织领导",
               "压实企业主体责任", "深化安全文化建设", "加强执法检查", "推动信息化建设"]


def gen_ledger(lines_per_plan):
    log(f"ledger: ~{lines_per_plan:,} lines in each of {len(YEARS) - 1} plans")
    plan_ids, section_ids, task_ids, clause_ids = Ids("responsibilities_plans"), Ids("responsibilities_sections"), Ids("responsibilities_tasks"), Ids("responsibilities_clauses")
    line_ids, ev_ids = Ids("responsibilities_lines"), Ids("responsibilities_line_events")
    holders = [("unit", i, n) for i, n in units.items()] + [("territory", i, n) for i, n in territories.items()]
    existing = {r[0] for r in db.execute("SELECT year FROM responsibilities_plans")}
    total = 0
    for year in YEARS:
        if year in existing:
            continue
        pid = plan_ids.take()
        title = f"区安全生产委员会{year}年工作要点"
        imported = f"{year}-01-10"
        n_tasks, n_lines = 0, 0
        secs = [section_ids.take() for _ in range(3)]
        for p, sid in enumerate(secs):
            buf.add("INSERT INTO responsibilities_sections (id, plan_id, position, number, title, line, superseded) VALUES (?, ?, ?, ?, ?, ?, 0)",
                    (sid, pid, p + 1, "一二三"[p], ["树牢安全发展理念", "严格安全生产责任制", "深化专项整治"][p], p * 20 + 3))
        produced = 0
        position = 0
        while produced < lines_per_plan:
            position += 1
            tid = task_ids.take()
            n_tasks += 1
            ttitle = f"{rng.choice(TASK_TITLES)}（{year}-{position}）"
            periodicity = rng.choice(["annual", "annual", "quarterly", "quarterly", "monthly"])
            if periodicity == "annual":
                periods = [(f"{year}-12-31", f"{year}-12-31", "年内(原文未写时限)", 0)]
            elif periodicity == "quarterly":
                periods = [(f"{year}-Q{q}", f"{year}-{q * 3:02d}-{[31, 30, 30, 31][q - 1]}", "每季度", 1) for q in range(1, 5)]
            else:
                periods = [(f"{year}-{m:02d}", f"{year}-{m:02d}-28", "每月", 1) for m in range(1, 13)]
            holders_here = rng.sample(holders, rng.randint(8, len(holders)))
            text = f"{ttitle}。各有关单位按职责抓好落实。"
            buf.add("""INSERT INTO responsibilities_tasks (id, plan_id, section_id, position, number, title, text, line, origin, start_date, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)""", (tid, pid, rng.choice(secs), position, f"({position})", ttitle, text, position + 3, imported, ts(imported)))
            cid = clause_ids.take()
            buf.add("INSERT INTO responsibilities_clauses (id, task_id, position, raw, line, text, deadlines) VALUES (?, ?, 1, ?, ?, ?, '[]')",
                    (cid, tid, "(责任单位:" + "、".join(h[2] for h in holders_here[:3]) + "等)", position + 3, text))
            for k, (kind, hid_, hname) in enumerate(holders_here):
                role = "lead" if k == 0 else ("territorial" if kind == "territory" else "separatelyResponsible")
                buf.add("INSERT INTO responsibilities_clause_units (clause_id, unit_kind, unit_id, unit_name, role, via) VALUES (?, ?, ?, ?, ?, ?)",
                        (cid, kind, hid_, hname, role, hname))
                for period, due, phrase, recurring in periods:
                    lid = line_ids.take()
                    produced += 1
                    n_lines += 1
                    status, progress, signed_at, completed_on, closed_at, version, updated = "assigned", None, None, None, None, 1, ts(imported)
                    d = imported
                    events = []
                    reachable = due <= LAST_DAY or rng.random() < 0.5
                    fate = rng.random()
                    if reachable and fate < 0.97:
                        d = add_days(imported, rng.randint(1, 10))
                        events.append(("sign", d, None, "", "signed", "签收"))
                        status, signed_at = "signed", ts(d)
                        if fate < 0.9 and due <= LAST_DAY or fate < 0.4:
                            d2 = max(d, add_days(due, -rng.randint(20, 60)))
                            pct = rng.randint(30, 80)
                            events.append(("progress", d2, pct, "按计划推进,已完成阶段性工作", "inProgress", "报送进展"))
                            status, progress = "inProgress", pct
                            if due <= LAST_DAY and fate < 0.88:
                                d3 = add_days(due, rng.randint(-10, 5))
                                events.append(("complete", d3, 100, "已按要求完成,佐证材料已上传", "reported", "报送完成"))
                                status, progress, completed_on = "reported", 100, d3
                                d4 = add_days(d3, rng.randint(1, 6))
                                if d4 <= LAST_DAY:
                                    events.append(("verify", d4, None, "", "closed", "办结"))
                                    status, closed_at = "closed", ts(d4)
                    version = 1 + len(events)
                    if events:
                        updated = ts(events[-1][1])
                    buf.add("""INSERT INTO responsibilities_lines (id, task_id, unit_kind, unit_id, unit_name, role, period, deadline_phrase, due, start, recurring,
                        status, progress, signed_at, completed_on, closed_at, version, created_at, updated_at, source)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'plan')""",
                            (lid, tid, kind, hid_, hname, role, period, phrase, due, imported, recurring, status, progress, signed_at, completed_on, closed_at,
                             version, ts(imported), updated))
                    prev = "assigned"
                    for v, (act, when, pct, txt, after, cn) in enumerate(events):
                        buf.add("""INSERT INTO responsibilities_line_events (id, line_id, action, on_date, at, actor, reporter, percent, text, status_after)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", (ev_ids.take(), lid, act, when, ts(when), "bench", f"{hname}联络员", pct, txt, after))
                        audit.append(ts(when), "bench", f"responsibilities.line.{act}", "ledger_line", lid, f"{cn}: ({position}) {hname} {period}",
                                     before=dumps({"id": lid, "status": prev, "version": v + 1}), after=dumps({"id": lid, "status": after, "version": v + 2}))
                        prev = after
                        if act == "verify":
                            on_time = completed_on <= due
                            teid = publish("responsibilities.task.completed", {"ledger_line_id": lid, "on_time": on_time, "task_id": tid, "task_number": f"({position})",
                                           "task_title": ttitle, "unit_id": hid_, "unit_kind": kind, "unit_name": hname,
                                           "summary": f"{hname}{due}的任务“{ttitle}”已办结({'按期完成' if on_time else '逾期完成'})"},
                                           "bench", ts(when), ["consultations.agenda-task-completed", "consultations.decision-status", "supervision.facts.task-completed"])
                            facts(teid, "responsibilities.task.completed", "taskCompletedOnTime" if on_time else "taskCompletedLate", [(kind, hid_)], when,
                                  f"ledger-line:{lid}", {"ledger_line_id": lid, "task_id": tid, "due": due, "completed_on": completed_on},
                                  "supervision.facts.task-completed")
        content_hash = sha(f"{title}-{args.seed}")
        buf.add("""INSERT INTO responsibilities_plans (id, year, title, content_hash, source_name, import_date, warnings, notes, created_by, created_at, revision)
            VALUES (?, ?, ?, ?, ?, ?, '[]', '[]', 'bench', ?, 1)""", (pid, year, title, content_hash, f"{title}.txt", imported, ts(imported)))
        buf.add("""INSERT INTO responsibilities_plan_revisions (plan_id, revision, content_hash, source_name, import_date, changes, created_by, created_at)
            VALUES (?, 1, ?, ?, ?, '{}', 'bench', ?)""", (pid, content_hash, f"{title}.txt", imported, ts(imported)))
        # The plan's import record comes before its lines' records in time; ids stay in chain order (the chain orders by id, not time).
        audit.append(ts(imported), "bench", "responsibilities.plan.import", "plan", pid, f"导入{title}:3个部分,{n_tasks}项任务,台账{n_lines}条,待明确0项",
                     after=dumps({"id": pid, "year": year}))
        buf.flush()
        total += n_lines
        log(f"ledger: {year}: {n_tasks} tasks, {n_lines:,} lines")
    return total


# --- people, training records, certificates -------------------------------------------------------------
COURSES = [("主要负责人安全生产知识和管理能力培训", "initial", None, 32.0), ("{y}年度安全生产再培训", "refresher", None, 12.0),
           ("新上岗厂级安全培训", "newWorker", "plant", 8.0), ("新上岗车间级安全培训", "newWorker", "workshop", 8.0), ("新上岗班组级安全培训", "newWorker", "team", 5.0)]
CERTS = [("specialOperation", "electrician", "低压电工作业"), ("specialOperation", "welding", "熔化焊接与热切割作业"), ("specialOperation", "workAtHeight", "登高架设作业"),
         ("specialOperation", "hazardousChemicals", "氯化工艺作业"), ("specialEquipment", "lifting", "起重机指挥"), ("specialEquipment", "boiler", "工业锅炉司炉")]


def gen_people(n, enterprises):
    log(f"people: adding {n:,} with training records and certificates")
    p_ids, tp_ids, r_ids, c_ids, ce_ids = Ids("registry_people"), Ids("training_people"), Ids("training_records"), Ids("training_certificates"), Ids("training_certificate_events")
    per_year = n // len(YEARS)
    done = 0
    for year in YEARS:
        imp_day = f"{year}-03-01"
        counts = {"people": 0, "trainings": 0, "certificates": 0}
        for _ in range(per_year):
            pid = p_ids.take()
            name = person_name()
            e_id, *_rest, since = rng.choice(enterprises)
            day = day_of(year, rng.randrange(0, 360 if year < 2024 else 160))
            at = ts(day, 1)
            buf.add("INSERT INTO registry_people (id, name, phone, note, version, created_at, updated_at) VALUES (?, ?, ?, NULL, 1, ?, ?)",
                    (pid, name, f"139{pid:08d}"[:11], at, at))
            audit.append(at, "local-admin", "person.create", "person", pid, f"created 人员 {name}", after=dumps({"id": pid, "name": name}))
            role = rng.choices(["worker", "newWorker", "specialOperator", "safetyManager", "principalPerson"], [50, 20, 20, 7, 3])[0]
            left = add_days(day, rng.randint(200, 2000)) if rng.random() < 0.2 else None
            if left and left > LAST_DAY:
                left = None
            buf.add("""INSERT OR IGNORE INTO training_people (id, person_id, enterprise_id, role, hired_on, role_since, left_on, version, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)""", (tp_ids.take(), pid, e_id, role, day, day, left, at, at))
            counts["people"] += 1
            # Records: the first training when hired, then a yearly refresher until now (or until leaving).
            y = year
            first = COURSES[0] if role in ("principalPerson", "safetyManager") else rng.choice(COURSES[2:])
            held = day
            course = first
            while y <= 2024 and held <= LAST_DAY and (not left or held <= left):
                score = rng.randint(55, 100)
                buf.add("""INSERT INTO training_records (id, person_id, enterprise_id, course, held_on, class_hours, provider, kind, level, exam_score, makeup_score,
                    version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)""",
                        (r_ids.take(), pid, e_id, course[0].format(y=y), held, course[3], "区安全生产培训中心", course[1], course[2], score,
                         rng.randint(60, 100) if score < 60 else None, ts(held), ts(held)))
                counts["trainings"] += 1
                y += rng.choice((1, 2, 3))
                held = f"{y}-{rng.randint(3, 11):02d}-{rng.randint(1, 28):02d}"
                course = COURSES[1]
            if role == "specialOperator" or rng.random() < 0.05:
                cid = c_ids.take()
                ctype, cat, item = rng.choice(CERTS)
                issued = add_days(day, rng.randint(0, 60))
                valid_to = f"{int(issued[:4]) + (6 if ctype == 'specialOperation' else 4)}{issued[4:]}"
                buf.add("""INSERT INTO training_certificates (id, person_id, enterprise_id, type, category, item, number, issued_on, valid_to, version, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)""", (cid, pid, e_id, ctype, cat, item, f"T{320115000000 + cid}", issued, valid_to, ts(issued), ts(issued)))
                buf.add("""INSERT INTO training_certificate_events (id, certificate_id, kind, effective_on, valid_to, version, updated_at, recorded_at)
                    VALUES (?, ?, 'issued', ?, ?, 1, ?, ?)""", (ce_ids.take(), cid, issued, valid_to, ts(issued), ts(issued)))
                counts["certificates"] += 1
            done += 1
        # Each year's people, trainings and certificates arrived as CSV imports: one audit record per import (ImportService).
        for kind, c in counts.items():
            audit.append(ts(imp_day, 3), "bench", f"training.import.{kind}", "training_import", kind, f"imported {c} {kind} from CSV")
        buf.flush()
        log(f"people: {year}: {counts}")


# --- meetings -----------------------------------------------------------------------------------------------------
def gen_meetings(n):
    log(f"meetings: adding {n:,}")
    m_ids, a_ids, d_ids, r_ids = Ids("consultations_meetings"), Ids("consultations_attendees"), Ids("consultations_decisions"), Ids("consultations_risks")
    unit_list, terr_list = list(units), list(territories)
    for k in range(n):
        year = YEARS[k * len(YEARS) // n]
        held = day_of(year, rng.randrange(0, 360 if year < 2024 else 160))
        kind = rng.choice(kinds)
        mid = m_ids.take()
        gid = rng.choice(list(group_names)) if kind == 5 else None
        convener_unit = rng.choice(unit_list)
        title = f"{year}年第{quarter(held)[-1]}季度{group_names[gid] if gid else '区安委办'}会议（{mid}）"
        at = ts(held, 8)
        minutes = f"{held}，{units[convener_unit]}主要负责同志主持召开会议。会议通报了近期安全生产形势，研判了安全风险，明确了决定事项。"
        buf.add("""INSERT INTO consultations_meetings (id, kind_id, group_id, title, held_on, quarter, ad_hoc, convener, convener_unit_id, venue, agenda, minutes,
            recorded_by, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, '区应急指挥中心', ?, ?, 'bench', 1, ?, ?)""",
                (mid, kind, gid, title, held, quarter(held), f"{units[convener_unit]}主要负责同志", convener_unit, dumps(["研判本领域安全风险", "部署专项整治工作"]),
                 minutes, at, at))
        buf.add("INSERT INTO consultations_attendees (id, meeting_id, person_name, role, present) VALUES (?, ?, ?, '主持', 1)",
                (a_ids.take(), mid, f"{units[convener_unit]}主要负责同志"))
        for u in rng.sample(unit_list, 5):
            buf.add("INSERT INTO consultations_attendees (id, meeting_id, unit_id, present) VALUES (?, ?, ?, 1)", (a_ids.take(), mid, u))
        for t in rng.sample(terr_list, 3):
            buf.add("INSERT INTO consultations_attendees (id, meeting_id, territory_id, present) VALUES (?, ?, ?, 1)", (a_ids.take(), mid, t))
        for pos in (1, 2):
            buf.add("""INSERT INTO consultations_decisions (id, meeting_id, position, text, status, version, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'noted', 1, ?, ?)""", (d_ids.take(), mid, pos, "各成员单位和属地要压紧压实安全生产责任，加强值班值守和信息报送", at, at))
        buf.add("INSERT INTO consultations_risks (id, meeting_id, area, level, description, measures, bodies) VALUES (?, ?, ?, ?, ?, ?, '[]')",
                (r_ids.take(), mid, rng.choice(["消防", "燃气", "危化品", "建筑施工", "道路交通"]), rng.choice(["major", "large", "general", "low"]),
                 "汛期及节假日期间风险上升", "加强巡查检查"))
        audit.append(at, "bench", "consultations.meeting.record", "meeting", mid, f"记录会议：{title}（{held}）", after=dumps({"id": mid, "title": title}))
        if k % 5000 == 4999:
            buf.flush()
    buf.flush()


# --- inspections and findings --------------------------------------------------------------------------------------
FINDINGS = ["安全培训记录不全", "特种作业人员证书过期仍在岗", "应急预案未演练", "消防器材过期", "危化品仓库未按规定分区存放", "隐患排查台账不完整", "有限空间未设置警示标志"]


def gen_findings(n, enterprises):
    log(f"inspections and findings: adding {n:,} findings")
    i_ids, f_ids, s_ids = Ids("supervision_inspections"), Ids("supervision_findings"), Ids("supervision_finding_steps")
    by_territory = {}
    for e in enterprises:
        by_territory.setdefault(e[1], []).append(e)
    made = 0
    while made < n:
        year = YEARS[made * len(YEARS) // n]
        date = day_of(year, rng.randrange(0, 360 if year < 2024 else 160))
        iid = i_ids.take()
        territory = rng.choice(list(by_territory))
        mode = rng.choice(["overt", "covert", "unannounced", "expert"])
        gid = rng.choice(groups)
        at = ts(date)
        buf.add("""INSERT INTO supervision_inspections (id, group_id, mode, date, quarter, territory_id, inspectors, checklist_id, score, max_score, summary, recorded_by, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 100, ?, 'local-admin', ?)""",
                (iid, gid, mode, date, quarter(date), territory, dumps([person_name(), person_name()]), checklist, rng.randint(60, 98), f"{quarter(date)} 季度督导检查", at))
        mode_cn = {"overt": "明查", "covert": "暗访", "unannounced": "突击", "expert": "专家"}[mode]
        audit.append(at, "local-admin", "supervision.inspection.record", "supervision_inspection", iid, f"{mode_cn} inspection of territory {territory} on {date}",
                     after=dumps({"id": iid}))
        chosen = rng.sample(by_territory[territory], min(2, len(by_territory[territory])))
        for e_id, _t, sector, _u, ename, _since in chosen:
            buf.add("INSERT OR IGNORE INTO supervision_inspection_enterprises (inspection_id, enterprise_id) VALUES (?, ?)", (iid, e_id))
        for _ in range(4):
            e_id, _t, sector, _u, ename, _since = rng.choice(chosen)
            fid = f_ids.take()
            text = rng.choice(FINDINGS)
            deadline = add_days(date, 28)
            closed = deadline < LAST_DAY and rng.random() < 0.95
            status, progress, version, updated = ("closed", 100, 3, ts(add_days(date, 20))) if closed else ("open", 0, 1, at)
            severity = rng.choice(["minor", "general", "general", "serious"])
            buf.add("""INSERT INTO supervision_findings (id, inspection_id, source, description, enterprise_id, territory_id, severity, is_hazard, sector,
                responsible_kind, responsible_id, deadline, wants_task, status, progress, year, version, created_at, updated_at)
                VALUES (?, ?, 'inspection', ?, ?, ?, ?, 0, ?, 'enterprise', ?, ?, 0, ?, ?, ?, ?, ?, ?)""",
                    (fid, iid, text, e_id, territory, severity, sector, e_id, deadline, status, progress, year, version, at, updated))
            summary = f"督导发现问题：{text}，责任主体{ename}，整改期限 {deadline}"
            audit.append(at, "local-admin", "supervision.finding.record", "supervision_finding", fid, summary, after=dumps({"id": fid, "status": "open"}))
            eid = publish("supervision.finding.recorded", {"deadline": deadline, "enterprise_id": e_id, "finding_id": fid, "inspection_id": iid, "is_hazard": False,
                          "sector": sector, "severity": severity, "territory_id": territory, "text": text, "wants_task": False, "summary": summary},
                          "local-admin", at, ["consultations.agenda-finding", "hazards.create-from-finding", "responsibilities.task-from-finding"])
            aid = agenda_ids.take()
            asum = f"督导发现问题（{territories[territory]} {ename}）：{text}"
            buf.add(SQL_AGENDA, (aid, eid, "finding", f"finding:{fid}", asum, f"/api/v1/supervision/findings/{fid}", territory, None, at, at, None, date, None))
            audit.append(at, "system:consultations.agenda-finding", "consultations.agenda.add", "agenda_item", aid, f"议题来源事件 {eid}（supervision.finding.recorded）：{asum}")
            if closed:
                d1 = add_days(date, 14)
                buf.add("INSERT INTO supervision_finding_steps (id, finding_id, kind, progress, note, evidence, actor, at) VALUES (?, ?, 'completion', 100, '已整改到位', ?, 'local-admin', ?)",
                        (s_ids.take(), fid, dumps([f"整改前后照片-{fid}.jpg"]), ts(d1)))
                audit.append(ts(d1), "local-admin", "supervision.finding.complete", "supervision_finding", fid, f"finding {fid}: open → rectified",
                             before=dumps({"id": fid, "status": "open"}), after=dumps({"id": fid, "status": "rectified"}))
                d2 = add_days(date, 20)
                buf.add("INSERT INTO supervision_finding_steps (id, finding_id, kind, progress, note, evidence, actor, at) VALUES (?, ?, 'recheckPassed', NULL, '复查合格', '[]', 'local-admin', ?)",
                        (s_ids.take(), fid, ts(d2)))
                audit.append(ts(d2), "local-admin", "supervision.finding.recheck", "supervision_finding", fid, f"finding {fid}: rectified → closed",
                             before=dumps({"id": fid, "status": "rectified"}), after=dumps({"id": fid, "status": "closed"}))
            made += 1
        if made % 5000 < 4:
            buf.flush()
    buf.flush()


# --- run ---------------------------------------------------------------------------------------------------------------
existing = [(r[0], r[1], r[2], r[3], r[4], r[5][:10] if r[5] > "2015" else "2015-01-01")
            for r in db.execute("SELECT id, territory_id, industry, supervising_unit_id, name, created_at FROM registry_enterprises")]
enterprises = existing
if "enterprises" in PHASES:
    enterprises = existing + gen_enterprises(max(0, round(20_000 * S) - len(existing)))
if "people" in PHASES:
    gen_people(round(100_000 * S), enterprises)
if "ledger" in PHASES:
    gen_ledger(max(200, round(11_000 * S)))
if "meetings" in PHASES:
    gen_meetings(max(10, round(10_000 * S)))
if "findings" in PHASES:
    gen_findings(max(40, round(10_000 * S)), enterprises)
if "hazards" in PHASES:
    gen_hazards(args.hazards if args.hazards is not None else round(1_000_000 * S), enterprises)
audit.close()
buf.flush()

# --- checks: what the triggers keep against a fresh count, and the chain's head --------------------------------------
log("checking hazards_counts against the register")
key = ("territory_id, sector, supervising_unit_id, grade, source, listed, status, CAST(substr(found_on, 1, 4) AS INTEGER), "
       "coalesce(CAST(substr(closed_on, 1, 4) AS INTEGER), 0)")
fresh = f"SELECT {key}, count(*) FROM hazards_hazards GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9"
kept = "SELECT territory_id, sector, supervising_unit_id, grade, source, listed, status, found_year, closed_year, n FROM hazards_counts WHERE n > 0"
wrong = one(f"SELECT count(*) FROM ({fresh} EXCEPT {kept})") + one(f"SELECT count(*) FROM ({kept} EXCEPT {fresh})")
if wrong:
    sys.exit(f"hazards_counts disagrees with the register in {wrong} group(s)")
log("ANALYZE")
db.execute("ANALYZE")
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
for t in ["registry_enterprises", "registry_people", "hazards_hazards", "hazards_actions", "responsibilities_lines", "responsibilities_line_events",
          "training_records", "training_certificates", "consultations_meetings", "supervision_inspections", "supervision_findings", "supervision_facts",
          "consultations_agenda_items", "kernel_events", "kernel_deliveries", "kernel_audit"]:
    log(f"{t}: {one(f'SELECT count(*) FROM {t}'):,}")
log("done")
