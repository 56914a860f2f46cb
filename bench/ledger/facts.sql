-- Multiplies Supervision's facts (what the assessment scores) 100 times, same subjects and years,
-- new event ids and references: from the demo's 1,203 facts to 120,300.
-- Usage: sqlite3 big.db < bench/ledger/facts.sql
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE fo AS SELECT (SELECT max(id) FROM supervision_facts) AS f, (SELECT max(event_id) FROM supervision_facts) AS e;
CREATE TEMP TABLE fk(k INTEGER PRIMARY KEY);
WITH RECURSIVE r(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM r WHERE k < 99) INSERT INTO fk SELECT k FROM r;
CREATE TEMP TABLE src_facts AS SELECT * FROM supervision_facts;
INSERT INTO supervision_facts (id, event_id, event_type, kind, subject_kind, subject_id, date, year, quarter, reference, detail, known_on)
SELECT f.id + fk.k * fo.f, f.event_id + fk.k * fo.e, event_type, kind, subject_kind, subject_id, date, year, quarter, reference || '#' || fk.k, detail, known_on
FROM src_facts f, fk, fo;
COMMIT;
