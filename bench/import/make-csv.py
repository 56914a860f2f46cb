#!/usr/bin/env python3
"""CSV files for the import benchmark (issue 23): realistic people and their training.

  make-csv.py people N people.csv
      N registry people: a Chinese name, a valid 18-character resident identity number
      (GB 11643: region, birth date, order, check character; all distinct), a phone.

  make-csv.py training DB people.csv roles.csv records.csv
      For the people of people.csv once imported into DB (matched by identity number): one
      training role each in an enterprise of DB (roles.csv, for `anwei training people import`)
      and one training record each (records.csv, for `anwei training records import`).

  make-csv.py bad FILE LINE OUT
      FILE with line LINE (1-based, counting the header) given an identity number whose check
      character is wrong: an import of OUT must write nothing and name that line.

Seeded: the same arguments give the same files.
"""
import csv
import random
import sqlite3
import sys

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECKS = "10X98765432"
# Regions of the district and its neighbours (the first six characters).
REGIONS = ["110101", "110102", "110105", "110106", "110108", "320102", "320104", "320105", "320106", "320111", "320115"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红建文辉力斌宇浩凯健俊帆鹏飞鑫波宁海峰志刚思雨欣怡子涵梓萱晨阳博文嘉怡佳琪雅婷"
COURSES = ["年度安全生产再培训", "新上岗从业人员三级安全教育", "特种作业安全技术培训", "主要负责人安全生产知识培训",
           "安全生产管理人员初次培训", "有限空间作业专项培训", "危险化学品安全培训", "消防安全知识培训"]
PROVIDERS = ["区安全生产培训中心", "市安全技术培训学校", "企业自主培训", "行业协会培训部"]


def check_character(first17: str) -> str:
    return CHECKS[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


def identity_number(rng: random.Random, used: set) -> str:
    while True:
        region = rng.choice(REGIONS)
        year = rng.randint(1962, 2004)
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        order = rng.randint(0, 999)
        first17 = f"{region}{year:04d}{month:02d}{day:02d}{order:03d}"
        if first17 not in used:
            used.add(first17)
            return first17 + check_character(first17)


def people(n: int, out: str) -> None:
    rng = random.Random(23)
    used: set = set()
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "identity_number", "phone", "note"])
        for i in range(n):
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))
            phone = "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9))
            w.writerow([name, identity_number(rng, used), phone, "批量导入" if i % 10 == 0 else ""])


def training(db: str, people_csv: str, roles_out: str, records_out: str) -> None:
    rng = random.Random(24)
    con = sqlite3.connect(db)
    ids = dict(con.execute("SELECT identity_number, id FROM registry_people WHERE identity_number IS NOT NULL"))
    enterprises = [r[0] for r in con.execute("SELECT id FROM registry_enterprises ORDER BY id")]
    # People who already hold a role in an enterprise are left out (one role per enterprise).
    taken = set(con.execute("SELECT person_id, enterprise_id FROM training_people"))
    con.close()
    with open(people_csv, encoding="utf-8") as f:
        numbers = [row["identity_number"] for row in csv.DictReader(f)]
    missing = [n for n in numbers if n not in ids]
    if missing:
        sys.exit(f"{len(missing)} people of {people_csv} are not in {db} (import them first)")
    roles = ["worker"] * 6 + ["specialOperator"] * 2 + ["newWorker", "safetyManager"]
    with open(roles_out, "w", newline="", encoding="utf-8") as rf, open(records_out, "w", newline="", encoding="utf-8") as tf:
        rw, tw = csv.writer(rf), csv.writer(tf)
        rw.writerow(["person_id", "enterprise_id", "role", "hired_on"])
        tw.writerow(["person_id", "enterprise_id", "course", "held_on", "class_hours", "provider", "kind", "level", "exam_score"])
        for number in numbers:
            person = ids[number]
            enterprise = rng.choice(enterprises)
            while (person, enterprise) in taken:
                enterprise = rng.choice(enterprises)
            taken.add((person, enterprise))
            role = rng.choice(roles)
            hired = f"{rng.randint(2015, 2023)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            rw.writerow([person, enterprise, role, hired])
            kind = {"newWorker": "newWorker", "safetyManager": "initial"}.get(role, "refresher")
            level = rng.choice(["plant", "workshop", "team"]) if kind == "newWorker" else ""
            held = f"2024-{rng.randint(1, 5):02d}-{rng.randint(1, 28):02d}"
            hours = rng.choice(["8", "16", "24", "32", "2.5"])
            score = str(rng.randint(60, 100)) if rng.random() < 0.7 else ""
            tw.writerow([person, enterprise, rng.choice(COURSES), held, hours, rng.choice(PROVIDERS), kind, level, score])


def bad(path: str, line: int, out: str) -> None:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    column = header.index("identity_number")
    row = rows[line - 1]
    number = row[column]
    wrong = next(c for c in CHECKS if c != number[17])
    row[column] = number[:17] + wrong
    with open(out, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["people"] and len(args) == 3:
        people(int(args[1]), args[2])
    elif args[:1] == ["training"] and len(args) == 5:
        training(*args[1:])
    elif args[:1] == ["bad"] and len(args) == 4:
        bad(args[1], int(args[2]), args[3])
    else:
        sys.exit(__doc__)
