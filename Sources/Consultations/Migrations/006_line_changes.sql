-- Ledger lines withdrawn (撤销) or restored (恢复) in Responsibilities, as its events
-- (responsibilities.lines.withdrawn / .restored) said, never read from its tables: a red task on
-- the agenda leaves it from the day its line was withdrawn and comes back from the day it was
-- restored; an agenda for a day before is unchanged.
CREATE TABLE consultations_line_changes (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL,
    subject TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('withdrawn', 'restored')),
    date TEXT NOT NULL,
    UNIQUE (event_id, subject)
) STRICT;
CREATE INDEX consultations_line_changes_subject ON consultations_line_changes (subject, date, id);
