-- The organisation (domain.md §2): member units, special leading groups, territories,
-- enterprises, people and their posts. Every domain refers to these by id.
CREATE TABLE registry_units (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    aliases TEXT NOT NULL DEFAULT '[]',
    category TEXT,
    is_member INTEGER NOT NULL DEFAULT 1 CHECK (is_member IN (0, 1)),
    is_office INTEGER NOT NULL DEFAULT 0 CHECK (is_office IN (0, 1)),
    principal_leader TEXT,
    phone TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE registry_special_groups (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    area TEXT,
    host_unit_id INTEGER NOT NULL REFERENCES registry_units (id),
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE registry_territories (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('town', 'scenicArea', 'developmentZone')),
    principal_leader TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE registry_enterprises (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    credit_code TEXT NOT NULL UNIQUE,
    territory_id INTEGER NOT NULL REFERENCES registry_territories (id),
    industry TEXT NOT NULL,
    supervising_unit_id INTEGER NOT NULL REFERENCES registry_units (id),
    high_risk INTEGER NOT NULL DEFAULT 0 CHECK (high_risk IN (0, 1)),
    principal_person TEXT,
    legal_representative TEXT,
    actual_controller TEXT,
    standardisation_grade TEXT,
    address TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX registry_enterprises_territory ON registry_enterprises (territory_id, id);
CREATE INDEX registry_enterprises_unit ON registry_enterprises (supervising_unit_id, id);

CREATE TABLE registry_people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    phone TEXT,
    note TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- A person can hold posts in several bodies (a unit, a territory, an enterprise, a special group).
CREATE TABLE registry_posts (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES registry_people (id),
    unit_id INTEGER REFERENCES registry_units (id),
    territory_id INTEGER REFERENCES registry_territories (id),
    enterprise_id INTEGER REFERENCES registry_enterprises (id),
    group_id INTEGER REFERENCES registry_special_groups (id),
    title TEXT NOT NULL,
    role TEXT NOT NULL,
    since TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((unit_id IS NOT NULL) + (territory_id IS NOT NULL) + (enterprise_id IS NOT NULL) + (group_id IS NOT NULL) = 1)
) STRICT;
CREATE INDEX registry_posts_person ON registry_posts (person_id);
CREATE INDEX registry_posts_enterprise ON registry_posts (enterprise_id) WHERE enterprise_id IS NOT NULL;
