-- Issue 23 (CPU per event): `status IN ('pending', 'done', 'failed')` made SQLite build a temporary
-- b-tree of the three names for every row written to kernel_deliveries (an IN list of more than
-- two constants is evaluated through one), which was a third of the cost of each delivery row
-- inserted at publish and of each one marked done. The same rule written as comparisons costs
-- none of that. SQLite cannot change a CHECK in place, so the table is rebuilt with its rows
-- (and their rowids) and its index as they were.
CREATE TABLE kernel_deliveries_new (
    event_id INTEGER NOT NULL REFERENCES kernel_events (id),
    subscriber TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status = 'pending' OR status = 'done' OR status = 'failed'),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    done_at TEXT,
    PRIMARY KEY (event_id, subscriber)
) STRICT;

INSERT INTO kernel_deliveries_new (rowid, event_id, subscriber, status, attempts, next_attempt_at, last_error, done_at)
    SELECT rowid, event_id, subscriber, status, attempts, next_attempt_at, last_error, done_at FROM kernel_deliveries ORDER BY rowid;
DROP TABLE kernel_deliveries;
ALTER TABLE kernel_deliveries_new RENAME TO kernel_deliveries;
CREATE INDEX kernel_deliveries_pending ON kernel_deliveries (event_id, subscriber, next_attempt_at) WHERE status = 'pending';
