-- 会商研判 (domain.md §7): meeting kinds (configuration), meetings with attendees, risks judged,
-- decisions that become tracked tasks, carried-over decisions, attachments, and the agenda items
-- gathered from other modules' events.

-- Kinds of meeting. `required_from` (a quarter, e.g. 2024-Q1) makes the kind's body (or, for
-- `body_kind` specialGroup, every special leading group) required to meet every quarter from then on.
CREATE TABLE consultations_meeting_kinds (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    body_kind TEXT NOT NULL CHECK (body_kind IN ('office', 'government', 'partyCommittee', 'committee', 'specialGroup')),
    body_name TEXT NOT NULL,
    required_from TEXT CHECK (required_from IS NULL OR required_from GLOB '[0-9][0-9][0-9][0-9]-Q[1-4]'),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

INSERT INTO consultations_meeting_kinds (code, name, body_kind, body_name, required_from, created_at, updated_at) VALUES
    ('riskConsultation', '安全风险会商研判会议', 'office', '区安委办', '2024-Q1', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z'),
    ('governmentStudy', '区政府常务会议专题研究安全生产', 'government', '区政府', '2024-Q1', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z'),
    ('firstAgendaItem', '党工委会议"第一议题"学习', 'partyCommittee', '区工委', NULL, '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z'),
    ('plenary', '区安委会全体会议', 'committee', '区安委会', NULL, '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z'),
    ('specialGroup', '专项领导小组会议', 'specialGroup', '专项领导小组', '2024-Q1', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z');

CREATE TABLE consultations_meetings (
    id INTEGER PRIMARY KEY,
    kind_id INTEGER NOT NULL REFERENCES consultations_meeting_kinds (id),
    group_id INTEGER REFERENCES registry_special_groups (id),
    title TEXT NOT NULL,
    held_on TEXT NOT NULL,
    quarter TEXT NOT NULL,
    ad_hoc INTEGER NOT NULL DEFAULT 0 CHECK (ad_hoc IN (0, 1)),
    convener TEXT NOT NULL,
    convener_unit_id INTEGER REFERENCES registry_units (id),
    venue TEXT,
    agenda TEXT NOT NULL DEFAULT '[]',
    minutes TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX consultations_meetings_kind ON consultations_meetings (kind_id, group_id, held_on);
CREATE INDEX consultations_meetings_quarter ON consultations_meetings (quarter);

-- Who attended (present = 1) and which invited units were absent (present = 0).
CREATE TABLE consultations_attendees (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES consultations_meetings (id),
    unit_id INTEGER REFERENCES registry_units (id),
    territory_id INTEGER REFERENCES registry_territories (id),
    person_name TEXT,
    role TEXT,
    present INTEGER NOT NULL DEFAULT 1 CHECK (present IN (0, 1)),
    note TEXT,
    CHECK ((unit_id IS NOT NULL) + (territory_id IS NOT NULL) + (person_name IS NOT NULL) = 1)
) STRICT;
CREATE INDEX consultations_attendees_meeting ON consultations_attendees (meeting_id);
CREATE INDEX consultations_attendees_unit ON consultations_attendees (unit_id) WHERE unit_id IS NOT NULL;
CREATE INDEX consultations_attendees_territory ON consultations_attendees (territory_id) WHERE territory_id IS NOT NULL;

-- Risks judged, on the 红橙黄蓝 scale (major/large/general/low), with the bodies concerned
-- (JSON array of {"kind": "unit"|"territory", "id": N, "name": "..."}).
CREATE TABLE consultations_risks (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES consultations_meetings (id),
    area TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('major', 'large', 'general', 'low')),
    description TEXT NOT NULL,
    measures TEXT,
    bodies TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX consultations_risks_meeting ON consultations_risks (meeting_id);

-- 决定事项. With a lead body and a deadline a decision is tracked (a task in Responsibilities);
-- its status follows the task's completion event.
CREATE TABLE consultations_decisions (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES consultations_meetings (id),
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    lead_unit_id INTEGER REFERENCES registry_units (id),
    lead_territory_id INTEGER REFERENCES registry_territories (id),
    deadline TEXT,
    status TEXT NOT NULL CHECK (status IN ('noted', 'open', 'done')),
    task_id INTEGER,
    ledger_line_id INTEGER,
    completed_at TEXT,
    completed_on_time INTEGER CHECK (completed_on_time IN (0, 1)),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (meeting_id, position),
    CHECK ((lead_unit_id IS NOT NULL) + (lead_territory_id IS NOT NULL) <= 1),
    CHECK (status = 'noted' OR (deadline IS NOT NULL AND (lead_unit_id IS NOT NULL OR lead_territory_id IS NOT NULL)))
) STRICT;
CREATE INDEX consultations_decisions_status ON consultations_decisions (status, meeting_id);
CREATE INDEX consultations_decisions_lead_unit ON consultations_decisions (lead_unit_id) WHERE lead_unit_id IS NOT NULL;
CREATE INDEX consultations_decisions_lead_territory ON consultations_decisions (lead_territory_id) WHERE lead_territory_id IS NOT NULL;

-- Open decisions of earlier meetings of the same body, carried onto a meeting's agenda.
CREATE TABLE consultations_carryovers (
    meeting_id INTEGER NOT NULL REFERENCES consultations_meetings (id),
    decision_id INTEGER NOT NULL REFERENCES consultations_decisions (id),
    PRIMARY KEY (meeting_id, decision_id)
) STRICT;

CREATE TABLE consultations_attachments (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES consultations_meetings (id),
    name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX consultations_attachments_meeting ON consultations_attachments (meeting_id);

-- What the next consultation should hear, gathered from published events (never from other
-- modules' tables). One row per source event; `subject` groups repeated events about one thing
-- (e.g. hazard:12); `resolved_at` is set when a later event settles it (hazard closed, task done).
CREATE TABLE consultations_agenda_items (
    id INTEGER PRIMARY KEY,
    source_event_id INTEGER NOT NULL UNIQUE,
    type TEXT NOT NULL,
    subject TEXT NOT NULL,
    summary TEXT NOT NULL,
    link TEXT NOT NULL,
    territory_id INTEGER,
    unit_id INTEGER,
    occurred_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    resolved_at TEXT
) STRICT;
CREATE INDEX consultations_agenda_items_type ON consultations_agenda_items (type, occurred_at);
CREATE INDEX consultations_agenda_items_subject ON consultations_agenda_items (subject);
