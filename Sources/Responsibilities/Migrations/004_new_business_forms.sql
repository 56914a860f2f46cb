-- New business forms (新业态新领域) whose lead department is unclear: a unit or town raises a
-- request, the office decides the lead department (Law Art 10). Also: the committee's
-- responsible comrades (区安委会负责同志), kept apart from the units' principal leaders, and
-- revisable "one matter" chains (a version per revision; a link may name a decided request).
CREATE TABLE responsibilities_new_business_forms (
    id INTEGER PRIMARY KEY,
    what TEXT NOT NULL,
    location TEXT NOT NULL,
    raised_by_kind TEXT NOT NULL CHECK (raised_by_kind IN ('unit', 'territory', 'office')),
    raised_by_id INTEGER,
    raised_by_name TEXT NOT NULL,
    candidates TEXT NOT NULL DEFAULT '[]',
    raised_on TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'decided')),
    lead_unit_id INTEGER,
    lead_unit_name TEXT,
    decision_note TEXT,
    decided_on TEXT,
    decided_by TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX responsibilities_new_business_forms_state ON responsibilities_new_business_forms (state, id);

CREATE TABLE responsibilities_committee_leaders (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL UNIQUE,
    person_name TEXT NOT NULL,
    title TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

ALTER TABLE responsibilities_leader_lists ADD COLUMN tier TEXT NOT NULL DEFAULT 'unit' CHECK (tier IN ('committee', 'unit'));

ALTER TABLE responsibilities_chains ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE responsibilities_chains ADD COLUMN updated_at TEXT;
ALTER TABLE responsibilities_chain_links ADD COLUMN business_form_id INTEGER REFERENCES responsibilities_new_business_forms (id);
