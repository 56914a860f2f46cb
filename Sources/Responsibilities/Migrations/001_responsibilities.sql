-- 责任清单: the annual work plan (工作要点) as imported, its tasks and responsibility clauses,
-- and the task ledger (台账): one line per task × responsible unit × due instance, with history.
CREATE TABLE responsibilities_plans (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    title TEXT,
    content_hash TEXT NOT NULL,
    source_name TEXT NOT NULL,
    import_date TEXT NOT NULL,
    warnings TEXT NOT NULL DEFAULT '[]',
    notes TEXT NOT NULL DEFAULT '[]',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (year, content_hash)
) STRICT;

CREATE TABLE responsibilities_sections (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES responsibilities_plans (id),
    position INTEGER NOT NULL,
    number TEXT NOT NULL,
    title TEXT NOT NULL,
    line INTEGER NOT NULL
) STRICT;

-- A task comes from a plan (plan_id) or from an event (origin, e.g. consultations.decision:12).
CREATE TABLE responsibilities_tasks (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER REFERENCES responsibilities_plans (id),
    section_id INTEGER REFERENCES responsibilities_sections (id),
    position INTEGER NOT NULL DEFAULT 0,
    number TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    line INTEGER,
    origin TEXT UNIQUE,
    start_date TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX responsibilities_tasks_plan ON responsibilities_tasks (plan_id, position);

CREATE TABLE responsibilities_clauses (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES responsibilities_tasks (id),
    position INTEGER NOT NULL,
    raw TEXT NOT NULL,
    line INTEGER NOT NULL,
    text TEXT NOT NULL,
    deadlines TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX responsibilities_clauses_task ON responsibilities_clauses (task_id, position);

CREATE TABLE responsibilities_clause_units (
    clause_id INTEGER NOT NULL REFERENCES responsibilities_clauses (id),
    unit_kind TEXT NOT NULL CHECK (unit_kind IN ('unit', 'territory')),
    unit_id INTEGER NOT NULL,
    unit_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('lead', 'cooperating', 'separatelyResponsible')),
    via TEXT NOT NULL,
    PRIMARY KEY (clause_id, unit_kind, unit_id)
) STRICT;

CREATE TABLE responsibilities_lines (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES responsibilities_tasks (id),
    unit_kind TEXT NOT NULL CHECK (unit_kind IN ('unit', 'territory')),
    unit_id INTEGER NOT NULL,
    unit_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('lead', 'cooperating', 'separatelyResponsible')),
    period TEXT NOT NULL,
    deadline_phrase TEXT NOT NULL,
    due TEXT NOT NULL,
    start TEXT NOT NULL,
    recurring INTEGER NOT NULL DEFAULT 0 CHECK (recurring IN (0, 1)),
    status TEXT NOT NULL DEFAULT 'assigned' CHECK (status IN ('assigned', 'signed', 'inProgress', 'reported', 'closed')),
    progress INTEGER,
    signed_at TEXT,
    completed_on TEXT,
    closed_at TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (task_id, unit_kind, unit_id, period)
) STRICT;
CREATE INDEX responsibilities_lines_unit ON responsibilities_lines (unit_kind, unit_id, id);

-- The history of a line: every 签收, 进展, 完成, 办结 and 退回, never overwritten.
CREATE TABLE responsibilities_line_events (
    id INTEGER PRIMARY KEY,
    line_id INTEGER NOT NULL REFERENCES responsibilities_lines (id),
    action TEXT NOT NULL CHECK (action IN ('sign', 'progress', 'complete', 'verify', 'return')),
    on_date TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    reporter TEXT NOT NULL,
    percent INTEGER CHECK (percent IS NULL OR percent BETWEEN 0 AND 100),
    text TEXT NOT NULL DEFAULT '',
    status_after TEXT NOT NULL
) STRICT;
CREATE INDEX responsibilities_line_events_line ON responsibilities_line_events (line_id, id);

-- Evidence files, stored once by their SHA-256.
CREATE TABLE responsibilities_attachments (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    content BLOB NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE responsibilities_event_attachments (
    event_id INTEGER NOT NULL REFERENCES responsibilities_line_events (id),
    sha256 TEXT NOT NULL REFERENCES responsibilities_attachments (sha256),
    file_name TEXT NOT NULL,
    PRIMARY KEY (event_id, sha256)
) STRICT;
