-- Training (培训, domain.md §6): the training roles of enterprise people, class-hour records with
-- exams, special-operation and special-equipment certificates, bans, appointments of principal
-- persons, leaders' study sessions, and each enterprise's last published compliance colour.
-- People and enterprises are the kernel registry's (by id); nothing here writes the registry.

-- A person's training role in an enterprise (one role per person and enterprise).
CREATE TABLE training_people (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES registry_people (id),
    enterprise_id INTEGER NOT NULL REFERENCES registry_enterprises (id),
    role TEXT NOT NULL CHECK (role IN ('principalPerson', 'safetyManager', 'specialOperator', 'newWorker', 'worker')),
    hired_on TEXT,
    role_since TEXT NOT NULL,
    -- 调岗 or 离岗一年以上重新上岗: re-training is owed from this date.
    retraining_since TEXT,
    retraining_reason TEXT CHECK (retraining_reason IN ('jobChange', 'returned')),
    left_on TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (enterprise_id, person_id)
) STRICT;
CREATE INDEX training_people_person ON training_people (person_id);

CREATE TABLE training_records (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES registry_people (id),
    enterprise_id INTEGER NOT NULL REFERENCES registry_enterprises (id),
    course TEXT NOT NULL,
    held_on TEXT NOT NULL,
    class_hours REAL NOT NULL CHECK (class_hours > 0),
    provider TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('initial', 'refresher', 'newWorker', 'retraining')),
    level TEXT CHECK (level IN ('plant', 'workshop', 'team')),
    exam_score INTEGER CHECK (exam_score BETWEEN 0 AND 100),
    makeup_score INTEGER CHECK (makeup_score BETWEEN 0 AND 100),
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX training_records_person ON training_records (person_id, held_on);
CREATE INDEX training_records_enterprise ON training_records (enterprise_id, id);

CREATE TABLE training_certificates (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES registry_people (id),
    enterprise_id INTEGER NOT NULL REFERENCES registry_enterprises (id),
    type TEXT NOT NULL CHECK (type IN ('specialOperation', 'specialEquipment')),
    category TEXT NOT NULL,
    item TEXT NOT NULL,
    number TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    valid_to TEXT NOT NULL,
    -- The scheduled date the last passed review was for (the next one counts from it).
    review_base_on TEXT,
    last_reviewed_on TEXT,
    -- 连续从事本工种且严格遵守法规 since: 10 years of it stretch the review interval.
    compliant_since TEXT,
    -- Revoked, failed review: invalid whatever the dates say.
    invalid_reason TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (type, number)
) STRICT;
CREATE INDEX training_certificates_person ON training_certificates (person_id);
CREATE INDEX training_certificates_enterprise ON training_certificates (enterprise_id, id);

CREATE TABLE training_bans (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES registry_people (id),
    industry TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('lifetime', 'term')),
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    legal_basis TEXT NOT NULL,
    source TEXT NOT NULL,
    accident_grade TEXT,
    note TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX training_bans_person ON training_bans (person_id);

-- Appointments of principal persons and safety managers made through Training.
CREATE TABLE training_appointments (
    id INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES registry_enterprises (id),
    person_id INTEGER NOT NULL REFERENCES registry_people (id),
    role TEXT NOT NULL CHECK (role IN ('principalPerson', 'safetyManager')),
    appointed_on TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'flagged', 'ended')),
    flag_reason TEXT,
    ban_id INTEGER REFERENCES training_bans (id),
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX training_appointments_enterprise ON training_appointments (enterprise_id, id);

-- Leaders' study of the central leadership's remarks on work safety (seed task (一)), per unit.
CREATE TABLE training_leader_sessions (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER REFERENCES registry_units (id),
    territory_id INTEGER REFERENCES registry_territories (id),
    topic TEXT NOT NULL,
    held_on TEXT NOT NULL,
    class_hours REAL NOT NULL CHECK (class_hours > 0),
    attendees INTEGER NOT NULL CHECK (attendees > 0),
    leaders TEXT,
    note TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((unit_id IS NOT NULL) + (territory_id IS NOT NULL) = 1)
) STRICT;

-- The colour last published per enterprise and year (a red event is published on turning red).
CREATE TABLE training_enterprise_colours (
    enterprise_id INTEGER NOT NULL REFERENCES registry_enterprises (id),
    year INTEGER NOT NULL,
    colour TEXT NOT NULL CHECK (colour IN ('green', 'red')),
    reasons TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    PRIMARY KEY (enterprise_id, year)
) STRICT;
