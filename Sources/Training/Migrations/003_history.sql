-- The history the "as of a day" figures need (issue 19 item 13). A certificate's review (复审),
-- failed review and revocation, and a training's exam and make-up, used to be written over the
-- row in place, so a past day's status showed what was recorded later. Each write now also adds
-- a dated row here; a past day reads the state in force on that day.

-- Every state a certificate has been in: what it was from `effective_on` (the issue date, the
-- review's date, the day of revocation) until the next row. The columns repeat the certificate's
-- own (as they stood after that event), so a past day's answer is built as today's is.
CREATE TABLE training_certificate_events (
    id INTEGER PRIMARY KEY,
    certificate_id INTEGER NOT NULL REFERENCES training_certificates (id),
    kind TEXT NOT NULL CHECK (kind IN ('issued', 'reviewed', 'reviewFailed', 'revoked')),
    effective_on TEXT NOT NULL,
    valid_to TEXT NOT NULL,
    review_base_on TEXT,
    last_reviewed_on TEXT,
    compliant_since TEXT,
    invalid_reason TEXT,
    version INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX training_certificate_events_certificate ON training_certificate_events (certificate_id, effective_on, id);

-- Each exam attempt of a training (the first exam, the one make-up) with the day it counts from:
-- the training's day when the score came with the record, else the day it was recorded.
CREATE TABLE training_exam_attempts (
    id INTEGER PRIMARY KEY,
    record_id INTEGER NOT NULL REFERENCES training_records (id),
    attempt TEXT NOT NULL CHECK (attempt IN ('exam', 'makeup')),
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    taken_on TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (record_id, attempt)
) STRICT;

-- Backfill from what the rows hold today, dated by what they recorded. Timestamps are UTC; the
-- office's day is Asia/Shanghai (+8 hours). The validity at issue of a reviewed certificate is
-- taken as the default term (6 years; special equipment 4) when the review renewed it.
INSERT INTO training_certificate_events (certificate_id, kind, effective_on, valid_to, review_base_on, last_reviewed_on, compliant_since,
    invalid_reason, version, updated_at, recorded_at)
SELECT c.id, 'issued', c.issued_on,
    CASE WHEN c.review_base_on IS NULL THEN c.valid_to
         ELSE min(c.valid_to, date(c.issued_on, '+' || CASE c.type WHEN 'specialOperation' THEN 6 ELSE 4 END || ' years')) END,
    NULL, NULL, c.compliant_since, NULL,
    CASE WHEN c.review_base_on IS NULL AND c.invalid_reason IS NULL THEN c.version ELSE 1 END,
    CASE WHEN c.review_base_on IS NULL AND c.invalid_reason IS NULL THEN c.updated_at ELSE c.created_at END,
    c.created_at
FROM training_certificates c ORDER BY c.id;

INSERT INTO training_certificate_events (certificate_id, kind, effective_on, valid_to, review_base_on, last_reviewed_on, compliant_since,
    invalid_reason, version, updated_at, recorded_at)
SELECT c.id, 'reviewed', r.on_day, c.valid_to, c.review_base_on, r.on_day, c.compliant_since, NULL,
    CASE WHEN c.invalid_reason IS NULL THEN c.version ELSE max(c.version - 1, 1) END,
    CASE WHEN c.invalid_reason IS NULL THEN c.updated_at ELSE c.created_at END,
    c.created_at
FROM training_certificates c
JOIN (SELECT id, max(issued_on, CASE WHEN invalid_reason LIKE '复审不合格%' THEN min(review_base_on, coalesce(last_reviewed_on, review_base_on))
                                     ELSE coalesce(last_reviewed_on, review_base_on) END) AS on_day
      FROM training_certificates) r ON r.id = c.id
WHERE c.review_base_on IS NOT NULL ORDER BY c.id;

INSERT INTO training_certificate_events (certificate_id, kind, effective_on, valid_to, review_base_on, last_reviewed_on, compliant_since,
    invalid_reason, version, updated_at, recorded_at)
SELECT c.id, CASE WHEN c.invalid_reason LIKE 'revoked:%' THEN 'revoked' ELSE 'reviewFailed' END,
    max(c.issued_on, CASE WHEN c.invalid_reason LIKE 'revoked:%' THEN date(c.updated_at, '+8 hours')
                          ELSE coalesce(c.last_reviewed_on, date(c.updated_at, '+8 hours')) END),
    c.valid_to, c.review_base_on, c.last_reviewed_on, c.compliant_since, c.invalid_reason, c.version, c.updated_at, c.updated_at
FROM training_certificates c WHERE c.invalid_reason IS NOT NULL ORDER BY c.id;

-- Only the exam tool changes a training record: at version 1 its scores came with it; at
-- version 2 with a make-up, the exam came with it and the make-up later.
INSERT INTO training_exam_attempts (record_id, attempt, score, taken_on, recorded_at)
SELECT id, 'exam', exam_score,
    CASE WHEN version = 1 OR (version = 2 AND makeup_score IS NOT NULL) THEN held_on ELSE max(held_on, date(updated_at, '+8 hours')) END,
    created_at
FROM training_records WHERE exam_score IS NOT NULL ORDER BY id;

INSERT INTO training_exam_attempts (record_id, attempt, score, taken_on, recorded_at)
SELECT id, 'makeup', makeup_score, CASE WHEN version = 1 THEN held_on ELSE max(held_on, date(updated_at, '+8 hours')) END, updated_at
FROM training_records WHERE makeup_score IS NOT NULL ORDER BY id;
