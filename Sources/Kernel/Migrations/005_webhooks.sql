-- Webhooks (integration over HTTP): receivers, and the log of deliveries to them.
-- The event log is the outbox: each webhook keeps a cursor (the last event id it has looked
-- at); the sender turns matching events into deliveries, in event order, one receiver at a time.
CREATE TABLE kernel_webhooks (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    -- Comma-separated event patterns: exact types, prefixes ending in '.*', or '*'.
    events TEXT NOT NULL,
    -- Kept to sign each body (HMAC-SHA256); never shown in lists.
    secret TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('json', 'wecom', 'dingtalk')),
    status TEXT NOT NULL CHECK (status IN ('active', 'paused')),
    paused_reason TEXT,
    -- The last event id already turned into deliveries (or skipped as not matching).
    cursor INTEGER NOT NULL,
    -- When the current run of failures began (the circuit opens after a day of them).
    failing_since TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE kernel_webhook_deliveries (
    id INTEGER PRIMARY KEY,
    webhook_id INTEGER NOT NULL REFERENCES kernel_webhooks (id) ON DELETE CASCADE,
    event_id INTEGER NOT NULL REFERENCES kernel_events (id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_status INTEGER,
    last_error TEXT,
    -- Set when this delivery was asked for again by an operator.
    redelivery_of INTEGER,
    created_at TEXT NOT NULL,
    delivered_at TEXT
) STRICT;
CREATE INDEX kernel_webhook_deliveries_queue ON kernel_webhook_deliveries (webhook_id, status, id);
CREATE INDEX kernel_webhook_deliveries_event ON kernel_webhook_deliveries (event_id);
