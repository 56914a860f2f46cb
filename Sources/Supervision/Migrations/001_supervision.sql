-- Supervision (督导组与考核, domain.md §4): groups and their quarterly coverage, campaigns,
-- checklists, inspections, findings (the rectification list), sealed 四不两直 draws, instruments,
-- escalation rules and proposals, and the facts the assessment consumes from other modules' events.
CREATE TABLE supervision_groups (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    leader TEXT NOT NULL,
    leader_unit_id INTEGER REFERENCES registry_units (id),
    note TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE supervision_group_members (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES supervision_groups (id),
    name TEXT NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES registry_units (id),
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'deputy', 'expert', 'liaison')),
    created_at TEXT NOT NULL,
    UNIQUE (group_id, name, unit_id)
) STRICT;

-- Which group covers which territory in a quarter ('2024-Q1'): one group per territory and quarter.
CREATE TABLE supervision_coverage (
    quarter TEXT NOT NULL,
    territory_id INTEGER NOT NULL REFERENCES registry_territories (id),
    group_id INTEGER NOT NULL REFERENCES supervision_groups (id),
    PRIMARY KEY (quarter, territory_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX supervision_coverage_group ON supervision_coverage (group_id, quarter);

-- Campaign windows (两会, 中秋, 国庆 …): configurable date ranges.
CREATE TABLE supervision_campaigns (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (name, starts_on),
    CHECK (ends_on >= starts_on)
) STRICT;

-- Checklists with scored items.
CREATE TABLE supervision_checklists (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE supervision_checklist_items (
    checklist_id INTEGER NOT NULL REFERENCES supervision_checklists (id),
    code TEXT NOT NULL,
    text TEXT NOT NULL,
    points INTEGER NOT NULL CHECK (points > 0),
    position INTEGER NOT NULL,
    PRIMARY KEY (checklist_id, code)
) STRICT, WITHOUT ROWID;

CREATE TABLE supervision_inspections (
    id INTEGER PRIMARY KEY,
    group_id INTEGER REFERENCES supervision_groups (id),
    unit_id INTEGER REFERENCES registry_units (id),
    mode TEXT NOT NULL CHECK (mode IN ('overt', 'covert', 'unannounced', 'expert')),
    campaign_id INTEGER REFERENCES supervision_campaigns (id),
    date TEXT NOT NULL,
    quarter TEXT NOT NULL,
    territory_id INTEGER NOT NULL REFERENCES registry_territories (id),
    inspectors TEXT NOT NULL DEFAULT '[]',
    checklist_id INTEGER REFERENCES supervision_checklists (id),
    score INTEGER,
    max_score INTEGER,
    draw_id INTEGER REFERENCES supervision_draws (id),
    summary TEXT,
    recorded_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK (group_id IS NOT NULL OR unit_id IS NOT NULL)
) STRICT;
CREATE INDEX supervision_inspections_visit ON supervision_inspections (quarter, territory_id, group_id);

CREATE TABLE supervision_inspection_enterprises (
    inspection_id INTEGER NOT NULL REFERENCES supervision_inspections (id),
    enterprise_id INTEGER NOT NULL REFERENCES registry_enterprises (id),
    PRIMARY KEY (inspection_id, enterprise_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE supervision_inspection_scores (
    inspection_id INTEGER NOT NULL REFERENCES supervision_inspections (id),
    item_code TEXT NOT NULL,
    score INTEGER NOT NULL,
    note TEXT,
    PRIMARY KEY (inspection_id, item_code)
) STRICT, WITHOUT ROWID;

-- Findings: the rectification list (整改问题清单). inspection_id is NULL for findings that came
-- from elsewhere (e.g. the higher level's assessment of the district).
CREATE TABLE supervision_findings (
    id INTEGER PRIMARY KEY,
    inspection_id INTEGER REFERENCES supervision_inspections (id),
    source TEXT NOT NULL CHECK (source IN ('inspection', 'higherAssessment')),
    description TEXT NOT NULL,
    enterprise_id INTEGER REFERENCES registry_enterprises (id),
    territory_id INTEGER REFERENCES registry_territories (id),
    severity TEXT NOT NULL CHECK (severity IN ('minor', 'general', 'serious')),
    is_hazard INTEGER NOT NULL CHECK (is_hazard IN (0, 1)),
    hazard_grade TEXT CHECK (hazard_grade IN ('general', 'major')),
    sector TEXT,
    responsible_kind TEXT NOT NULL CHECK (responsible_kind IN ('unit', 'territory', 'enterprise')),
    responsible_id INTEGER NOT NULL,
    deadline TEXT,
    wants_task INTEGER NOT NULL DEFAULT 0 CHECK (wants_task IN (0, 1)),
    status TEXT NOT NULL CHECK (status IN ('open', 'rectifying', 'rectified', 'closed')),
    progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    notice_id INTEGER REFERENCES supervision_notices (id),
    year INTEGER NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX supervision_findings_responsible ON supervision_findings (responsible_kind, responsible_id, status);
CREATE INDEX supervision_findings_territory ON supervision_findings (territory_id);

-- Progress reports, evidence and re-checks (回头看) of a finding: its history, never overwritten.
CREATE TABLE supervision_finding_steps (
    id INTEGER PRIMARY KEY,
    finding_id INTEGER NOT NULL REFERENCES supervision_findings (id),
    kind TEXT NOT NULL CHECK (kind IN ('progress', 'completion', 'recheckPassed', 'recheckFailed')),
    progress INTEGER,
    note TEXT NOT NULL,
    evidence TEXT NOT NULL DEFAULT '[]',
    actor TEXT NOT NULL,
    at TEXT NOT NULL
) STRICT;
CREATE INDEX supervision_finding_steps_finding ON supervision_finding_steps (finding_id, id);

-- Rectification notices: the findings for one responsible body, merged into one notice.
CREATE TABLE supervision_notices (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    responsible_kind TEXT NOT NULL CHECK (responsible_kind IN ('unit', 'territory', 'enterprise')),
    responsible_id INTEGER NOT NULL,
    date TEXT NOT NULL,
    deadline TEXT,
    issued_by TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- 四不两直 draws. Until the visit is recorded only the commitment is stored; the sealed list and
-- the secret are handed to the planner once and revealed (and checked) after the visit.
CREATE TABLE supervision_draws (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES supervision_groups (id),
    quarter TEXT NOT NULL,
    territory_count INTEGER NOT NULL CHECK (territory_count > 0),
    enterprises_per_territory INTEGER NOT NULL CHECK (enterprises_per_territory >= 0),
    pool TEXT NOT NULL,
    excluded TEXT NOT NULL,
    commitment TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('sealed', 'revealed')),
    revealed_list TEXT,
    secret TEXT,
    deviations TEXT,
    planned_by TEXT NOT NULL,
    planned_at TEXT NOT NULL,
    revealed_at TEXT
) STRICT;

-- Instruments of the enforcement ladder (催办 … 提级调查).
CREATE TABLE supervision_instruments (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('reminder', 'urgingLetter', 'warningNotice', 'admonitoryInterview', 'listedSupervision', 'escalatedInvestigation')),
    number TEXT NOT NULL UNIQUE,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('unit', 'territory', 'enterprise')),
    target_id INTEGER NOT NULL,
    date TEXT NOT NULL,
    year INTEGER NOT NULL,
    reason TEXT NOT NULL,
    finding_ids TEXT NOT NULL DEFAULT '[]',
    hazard_ids TEXT NOT NULL DEFAULT '[]',
    task_ids TEXT NOT NULL DEFAULT '[]',
    follow_up_deadline TEXT,
    correction_report_due TEXT,
    correction_report_received_on TEXT,
    correction_report TEXT,
    proposal_id INTEGER,
    issued_by TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX supervision_instruments_target ON supervision_instruments (target_kind, target_id, date);

-- Escalation rules: configurable; they propose the next step and say why.
CREATE TABLE supervision_escalation_rules (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('repeatedRedTasks', 'hazardOverdue', 'relapseAfterInterview')),
    threshold INTEGER NOT NULL CHECK (threshold > 0),
    window_days INTEGER NOT NULL CHECK (window_days > 0),
    proposes TEXT NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    description TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE supervision_proposals (
    id INTEGER PRIMARY KEY,
    rule_id INTEGER NOT NULL REFERENCES supervision_escalation_rules (id),
    target_kind TEXT NOT NULL CHECK (target_kind IN ('unit', 'territory', 'enterprise')),
    target_id INTEGER NOT NULL,
    proposes TEXT NOT NULL,
    period TEXT NOT NULL,
    reason TEXT NOT NULL,
    source_events TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('proposed', 'accepted', 'declined')),
    decided_by TEXT,
    decided_at TEXT,
    decision_note TEXT,
    instrument_id INTEGER REFERENCES supervision_instruments (id),
    created_at TEXT NOT NULL,
    UNIQUE (rule_id, target_kind, target_id, period)
) STRICT;

-- Facts consumed from other modules' events (the assessment reads only these and our own records).
CREATE TABLE supervision_facts (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('unit', 'territory')),
    subject_id INTEGER NOT NULL,
    date TEXT NOT NULL,
    year INTEGER NOT NULL,
    quarter TEXT NOT NULL,
    reference TEXT NOT NULL,
    detail TEXT NOT NULL,
    UNIQUE (event_id, subject_kind, subject_id)
) STRICT;
CREATE INDEX supervision_facts_subject ON supervision_facts (subject_kind, subject_id, year, kind);

-- Assessment: a yearly indicator tree (JSON), manual items with evidence.
CREATE TABLE supervision_assessment_schemes (
    year INTEGER PRIMARY KEY,
    indicators TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE supervision_assessment_items (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('unit', 'territory')),
    subject_id INTEGER NOT NULL,
    indicator TEXT NOT NULL,
    points INTEGER NOT NULL,
    reason TEXT NOT NULL,
    evidence TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX supervision_assessment_items_year ON supervision_assessment_items (year, subject_kind, subject_id);

CREATE TABLE supervision_assessment_runs (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    digest TEXT NOT NULL,
    run_by TEXT NOT NULL,
    run_at TEXT NOT NULL
) STRICT;

-- The default escalation rules (domain.md §4): configuration, changed with 'supervision rules update'.
INSERT INTO supervision_escalation_rules (code, kind, threshold, window_days, proposes, enabled, description, version, updated_at) VALUES
    ('E1', 'repeatedRedTasks', 2, 90, 'urgingLetter', 1, '同一季度内任务两次及以上亮红灯 → 建议发督促函', 1, '2024-01-01T00:00:00Z'),
    ('E2', 'hazardOverdue', 30, 365, 'listedSupervision', 1, '隐患逾期30天以上且未挂牌 → 建议挂牌督办', 1, '2024-01-01T00:00:00Z'),
    ('E3', 'relapseAfterInterview', 1, 365, 'escalatedInvestigation', 1, '约谈后12个月内再次出现重大隐患或隐患逾期 → 建议提级调查', 1, '2024-01-01T00:00:00Z');
