-- The responsibility lists: leaders' duty and annual work lists, member units' versioned lists
-- (三管三必须, 权责清单 …), "one matter" chains, and each unit's internal safety leading group.
CREATE TABLE responsibilities_leader_lists (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('duty', 'work')),
    year INTEGER NOT NULL,
    person_id INTEGER NOT NULL,
    person_name TEXT NOT NULL,
    content TEXT NOT NULL,
    filed_on TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (kind, year, person_id)
) STRICT;

CREATE TABLE responsibilities_unit_lists (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('threeManages', 'powerDuty', 'publicService', 'intermediaryService')),
    version INTEGER NOT NULL,
    effective_from TEXT NOT NULL,
    items TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (unit_id, kind, version)
) STRICT;

CREATE TABLE responsibilities_chains (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE responsibilities_chain_links (
    id INTEGER PRIMARY KEY,
    chain_id INTEGER NOT NULL REFERENCES responsibilities_chains (id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (chain_id, position)
) STRICT;

CREATE TABLE responsibilities_chain_link_units (
    link_id INTEGER NOT NULL REFERENCES responsibilities_chain_links (id),
    unit_id INTEGER NOT NULL,
    unit_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('lead', 'cooperating')),
    PRIMARY KEY (link_id, unit_id)
) STRICT;

CREATE TABLE responsibilities_unit_groups (
    unit_id INTEGER PRIMARY KEY,
    head_person_id INTEGER NOT NULL,
    head_name TEXT NOT NULL,
    members TEXT NOT NULL DEFAULT '[]',
    version INTEGER NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
