-- The office role (区安委办 staff) beside the system administrator: access_users' role check
-- names it. SQLite cannot change a CHECK in place, so the table is rebuilt with its rows and ids;
-- tokens keep pointing at the same ids (their foreign keys are checked when the step commits).
PRAGMA defer_foreign_keys = ON;

CREATE TABLE access_users_new (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'office', 'unit', 'town', 'inspector', 'enterprise')),
    scope TEXT NOT NULL,
    grants TEXT NOT NULL DEFAULT '[]',
    password_hash TEXT,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

INSERT INTO access_users_new SELECT id, username, display_name, role, scope, grants, password_hash, disabled, failed_sign_ins,
    locked_until, version, created_at, updated_at FROM access_users;
DROP TABLE access_users;
ALTER TABLE access_users_new RENAME TO access_users;
