-- Plans that are revised during the year, assignments still to be designated (待明确), withdrawn
-- tasks and lines, and territorial responsibility (属地责任) as a role of its own.
-- SQLite cannot change a CHECK in place: the lines and clause units are rebuilt with their rows
-- and ids (the history keeps pointing at the same line ids; foreign keys checked at commit).
PRAGMA defer_foreign_keys = ON;

CREATE TABLE responsibilities_lines_new (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES responsibilities_tasks (id),
    unit_kind TEXT NOT NULL CHECK (unit_kind IN ('unit', 'territory')),
    unit_id INTEGER NOT NULL,
    unit_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('lead', 'cooperating', 'separatelyResponsible', 'territorial')),
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
    -- plan: from the plan's text; designated: the office named the unit for a 有关 clause; manual: added by hand.
    source TEXT NOT NULL DEFAULT 'plan' CHECK (source IN ('plan', 'designated', 'manual', 'event')),
    -- Withdrawn (撤销): kept with its history, out of colours, reminders and the assessment.
    withdrawn_on TEXT,
    withdrawn_reason TEXT,
    UNIQUE (task_id, unit_kind, unit_id, period)
) STRICT;
INSERT INTO responsibilities_lines_new (id, task_id, unit_kind, unit_id, unit_name, role, period, deadline_phrase, due, start, recurring, status,
    progress, signed_at, completed_on, closed_at, version, created_at, updated_at, source)
    SELECT l.id, l.task_id, l.unit_kind, l.unit_id, l.unit_name, l.role, l.period, l.deadline_phrase, l.due, l.start, l.recurring, l.status,
    l.progress, l.signed_at, l.completed_on, l.closed_at, l.version, l.created_at, l.updated_at,
    CASE WHEN t.origin IS NULL AND t.plan_id IS NULL THEN 'manual' WHEN t.origin IS NOT NULL THEN 'event' ELSE 'plan' END
    FROM responsibilities_lines l JOIN responsibilities_tasks t ON t.id = l.task_id;
DROP TABLE responsibilities_lines;
ALTER TABLE responsibilities_lines_new RENAME TO responsibilities_lines;
CREATE INDEX responsibilities_lines_unit ON responsibilities_lines (unit_kind, unit_id, id);
CREATE INDEX responsibilities_lines_task ON responsibilities_lines (task_id);

CREATE TABLE responsibilities_clause_units_new (
    clause_id INTEGER NOT NULL REFERENCES responsibilities_clauses (id),
    unit_kind TEXT NOT NULL CHECK (unit_kind IN ('unit', 'territory')),
    unit_id INTEGER NOT NULL,
    unit_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('lead', 'cooperating', 'separatelyResponsible', 'territorial')),
    via TEXT NOT NULL,
    PRIMARY KEY (clause_id, unit_kind, unit_id)
) STRICT;
INSERT INTO responsibilities_clause_units_new SELECT clause_id, unit_kind, unit_id, unit_name, role, via FROM responsibilities_clause_units;
DROP TABLE responsibilities_clause_units;
ALTER TABLE responsibilities_clause_units_new RENAME TO responsibilities_clause_units;

-- A plan's current revision (1 = as first imported); withdrawn as a whole with a reason.
ALTER TABLE responsibilities_plans ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE responsibilities_plans ADD COLUMN withdrawn_on TEXT;
ALTER TABLE responsibilities_plans ADD COLUMN withdrawn_reason TEXT;
-- A section replaced by a revision (its tasks moved to the revision's sections, or withdrawn).
ALTER TABLE responsibilities_sections ADD COLUMN superseded INTEGER NOT NULL DEFAULT 0 CHECK (superseded IN (0, 1));
-- A task removed by a revision (or with its plan): kept, with its lines and their history.
ALTER TABLE responsibilities_tasks ADD COLUMN withdrawn_on TEXT;

-- Each text imported for a plan: the first import and every revision, with what changed.
CREATE TABLE responsibilities_plan_revisions (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES responsibilities_plans (id),
    revision INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    source_name TEXT NOT NULL,
    import_date TEXT NOT NULL,
    changes TEXT NOT NULL DEFAULT '{}',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (plan_id, revision)
) STRICT;
INSERT INTO responsibilities_plan_revisions (plan_id, revision, content_hash, source_name, import_date, created_by, created_at)
    SELECT id, 1, content_hash, source_name, import_date, created_by, created_at FROM responsibilities_plans;

-- 待明确: a clause naming 有关/相关 units (区安委会有关成员单位, 有关部门, 相关单位): no lines until
-- the office designates the units; the due instances are kept to make their lines then.
CREATE TABLE responsibilities_designations (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES responsibilities_tasks (id),
    phrase TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('lead', 'cooperating', 'separatelyResponsible', 'territorial')),
    line INTEGER,
    instances TEXT NOT NULL DEFAULT '[]',
    since TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'designated', 'withdrawn')),
    designated_on TEXT,
    designated_by TEXT,
    units TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (task_id, phrase)
) STRICT;
CREATE INDEX responsibilities_designations_status ON responsibilities_designations (status, since);
