#!/usr/bin/env python3
"""The browser walk of 安委工作台: headless Chromium (selenium + chromedriver) against a running
`anwei serve --demo`. Runs every scenario in `scenarios/` (in the order of their file names; each
is a module with `run()`, one role's or several roles' work through the pages, see its docstring).

Every page visited is saved as a PNG in the screenshot folder (named by scenario and step) and
checked in the browser (labels, contrast >= 4.5:1, no request to another origin). A scenario that
fails a step or raises is reported and the others still run. Exits 1 on any violation.

Usage: walk.py BASE_URL SCREENSHOT_DIR [SCENARIO_NAME_PART ...]
"""
import importlib
import os
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "scenarios"))
import walklib  # noqa: E402

walklib.BASE = sys.argv[1].rstrip("/")
walklib.OUT = sys.argv[2]
only = sys.argv[3:]
os.makedirs(walklib.OUT, exist_ok=True)

names = sorted(f[:-3] for f in os.listdir(os.path.join(HERE, "scenarios")) if f.endswith(".py") and not f.startswith("_"))
if only:
    names = [n for n in names if any(part in n for part in only)]
for name in names:
    walklib.prefix = name.split("_", 1)[-1] + "-"
    before = (walklib.visited, len(walklib.violations))
    try:
        importlib.import_module(name).run()
    except Exception as error:  # a broken step: report it, go on with the next scenario
        walklib.violations.append(f"scenario {name} stopped: {type(error).__name__}: {error}\n{traceback.format_exc(limit=3)}")
    print(f"scenario {name}: {walklib.visited - before[0]} pages, {len(walklib.violations) - before[1]} violations", flush=True)

visited, violations = walklib.visited, walklib.violations
print(f"browser walk: {visited} pages visited in {len(names)} scenarios, screenshots in {walklib.OUT}")
for violation in violations:
    print("VIOLATION:", violation)
print(f"{visited - len(violations) if len(violations) < visited else 0} passed, {len(violations)} failed")
sys.exit(1 if violations else 0)
