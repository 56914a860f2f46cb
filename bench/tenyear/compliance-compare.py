#!/usr/bin/env python3
"""Training compliance before and after paging by enterprise: the same rows.

    python3 bench/tenyear/compliance-compare.py BEFORE_BIN AFTER_BIN DB [--limit 37]

BEFORE_BIN answers `anwei training compliance` with every row at once; AFTER_BIN pages by
enterprise (`--limit`, `--after`, "more: --after N" on stderr). For each roll-up, each user
(office, town, unit, enterprise, inspector), a few years and days judged, the pages of AFTER_BIN
joined must equal BEFORE_BIN's list, and both binaries' --csv (every row) must be the same bytes.
DB: a copy (AFTER migrates it after BEFORE has answered). Prints one line per case and a summary; exits 1 on any difference.
"""
import json, subprocess, sys

before, after, db = sys.argv[1:4]
limit = sys.argv[sys.argv.index("--limit") + 1] if "--limit" in sys.argv else "37"

def run(binary, args):
    p = subprocess.run([binary] + args + ["--db", db], capture_output=True, text=True)
    if p.returncode != 0:
        return None, p.stderr.strip()
    return p.stdout, p.stderr

def paged(args):
    items, cursor, pages = [], None, 0
    while True:
        out, err = run(after, args + ["--json", "--limit", limit] + (["--after", cursor] if cursor else []))
        if out is None:
            return None, err, pages
        items += json.loads(out)
        pages += 1
        more = [l for l in err.splitlines() if l.startswith("more: --after ")]
        if not more:
            return items, "", pages
        cursor = more[-1].split()[-1]

users = ["anweiban", "dongcheng", "fgj", "qiye", "inspector1"]
judged = [("2024", "2024-06-15"), ("2023", "2024-06-15"), ("2020", "2024-06-15"), ("2024", None)]
cases = [(by, user, year, on) for by in ["enterprise", "territory", "industry", "person", "shortfall"] for user in users for year, on in judged]
def arguments(by, user, year, on):
    return ["training", "compliance", "--by", by, "--year", year, "--as", user] + (["--on", on] if on else [])

# BEFORE first (it refuses a database that AFTER has migrated), then AFTER's migrations, then AFTER.
old = {c: (run(before, arguments(*c) + ["--json"]), run(before, arguments(*c) + ["--csv"])) for c in cases}
subprocess.run([after, "migrate", "--db", db], check=True, capture_output=True)
failed = 0
for c in cases:
    (old_json, old_err), (csv_old, _) = old[c]
    new, new_err, pages = paged(arguments(*c))
    if old_json is None or new is None:
        same = old_json is None and new is None and old_err == new_err
        note = f"both refused: {old_err[:80]}" if same else f"before: {str(old_err)[:80]} / after: {str(new_err)[:80]}"
    else:
        same = json.loads(old_json) == new
        note = f"{len(new)} rows, {pages} page(s)"
    csv_new, _ = run(after, arguments(*c) + ["--csv"])
    csv_same = csv_old == csv_new
    ok = same and csv_same
    failed += 0 if ok else 1
    by, user, year, on = c
    print(f"{'same' if ok else 'DIFFERENT'}  by={by} as={user} year={year} on={on or 'today'}: {note}; csv {'same' if csv_same else 'DIFFERENT'}")
print(f"\n{len(cases)} cases, {len(cases) - failed} the same, {failed} different (pages of {limit} enterprises)")
sys.exit(1 if failed else 0)
