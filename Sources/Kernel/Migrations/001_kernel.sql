-- The kernel's own tables: the event log and its deliveries, the audit chain, settings,
-- idempotency keys, users and tokens.
CREATE TABLE kernel_events (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    payload TEXT NOT NULL,
    actor TEXT NOT NULL,
    occurred_at TEXT NOT NULL
) STRICT;
CREATE INDEX kernel_events_type ON kernel_events (type, id);

-- One pending delivery per subscriber, written in the publishing transaction (the publication registry).
CREATE TABLE kernel_deliveries (
    event_id INTEGER NOT NULL REFERENCES kernel_events (id),
    subscriber TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    done_at TEXT,
    PRIMARY KEY (event_id, subscriber)
) STRICT;
CREATE INDEX kernel_deliveries_due ON kernel_deliveries (status, next_attempt_at) WHERE status = 'pending';

-- What each subscriber has handled, keyed by event id: handlers are idempotent by event id.
CREATE TABLE kernel_event_receipts (
    subscriber TEXT NOT NULL,
    event_id INTEGER NOT NULL,
    handled_at TEXT NOT NULL,
    PRIMARY KEY (subscriber, event_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE kernel_audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before_digest TEXT,
    after_digest TEXT,
    summary TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
) STRICT;
CREATE INDEX kernel_audit_entity ON kernel_audit (entity, entity_id);
CREATE INDEX kernel_audit_actor ON kernel_audit (actor, id);

CREATE TABLE kernel_audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_id INTEGER NOT NULL,
    last_hash TEXT NOT NULL
) STRICT;

CREATE TABLE kernel_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Which scheduled thresholds already fired (a check never fires twice for one threshold).
CREATE TABLE kernel_fired_thresholds (
    check_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    threshold TEXT NOT NULL,
    fired_at TEXT NOT NULL,
    PRIMARY KEY (check_id, subject, threshold)
) STRICT, WITHOUT ROWID;

CREATE TABLE kernel_idempotency_keys (
    key TEXT NOT NULL,
    actor TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    request_digest TEXT NOT NULL,
    status INTEGER NOT NULL,
    location TEXT,
    body BLOB NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (key, actor)
) STRICT;
