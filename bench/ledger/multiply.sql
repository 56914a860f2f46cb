-- Multiplies the ledger of a demo database for measuring lists, the assessment and `anwei tick`:
-- each task copied 40 times (new ids, origin suffixed), each line of each copy 10 times (period
-- suffixed '#m' so (task, unit, period) stays unique), each line's history with it. From the demo's
-- 54 tasks / 237 lines / 407 steps: 2,160 tasks, 94,800 lines, 162,800 steps.
-- Usage: sqlite3 big.db < bench/ledger/multiply.sql   (on a copy of `anwei demo --db` output)
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE o AS SELECT (SELECT max(id) FROM responsibilities_tasks) AS t,
    (SELECT max(id) FROM responsibilities_lines) AS l, (SELECT max(id) FROM responsibilities_line_events) AS e;
CREATE TEMP TABLE k(k INTEGER PRIMARY KEY);
WITH RECURSIVE r(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM r WHERE k < 39) INSERT INTO k SELECT k FROM r;
CREATE TEMP TABLE m(m INTEGER PRIMARY KEY);
WITH RECURSIVE r(m) AS (SELECT 0 UNION ALL SELECT m + 1 FROM r WHERE m < 9) INSERT INTO m SELECT m FROM r;
CREATE TEMP TABLE src_lines AS SELECT * FROM responsibilities_lines;
CREATE TEMP TABLE src_events AS SELECT * FROM responsibilities_line_events;
INSERT INTO responsibilities_tasks (id, plan_id, section_id, position, number, title, text, line, origin, start_date, created_at, withdrawn_on)
SELECT t.id + k.k * o.t, plan_id, section_id, position, number, title, text, line, origin || '#' || k.k, start_date, created_at, withdrawn_on
FROM responsibilities_tasks t, k, o WHERE k.k > 0 AND t.id <= o.t;
INSERT INTO responsibilities_lines
SELECT l.id + (k.k * 10 + m.m) * o.l, l.task_id + k.k * o.t, unit_kind, unit_id, unit_name, role,
    CASE m.m WHEN 0 THEN period ELSE period || '#' || m.m END, deadline_phrase, due, start, recurring, status, progress, signed_at,
    completed_on, closed_at, version, created_at, updated_at, source, withdrawn_on, withdrawn_reason
FROM src_lines l, k, m, o WHERE k.k * 10 + m.m > 0;
INSERT INTO responsibilities_line_events
SELECT e.id + (k.k * 10 + m.m) * o.e, e.line_id + (k.k * 10 + m.m) * o.l, action, on_date, at, actor, reporter, percent, text, status_after
FROM src_events e, k, m, o WHERE k.k * 10 + m.m > 0;
COMMIT;
ANALYZE;
