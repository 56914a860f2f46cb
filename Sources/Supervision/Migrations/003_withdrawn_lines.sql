-- Ledger lines withdrawn (撤销) and restored (恢复) by Responsibilities, as Supervision learnt them from
-- `responsibilities.lines.withdrawn` / `.restored`. A line's facts (reference 'ledger-line:N') count
-- "as of" a date only if the line's latest change on or before that date is not a withdrawal, so an
-- earlier date's figures never change and a later date's drop the withdrawn line.
CREATE TABLE supervision_line_changes (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL,
    reference TEXT NOT NULL,
    task_id INTEGER NOT NULL,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('unit', 'territory')),
    subject_id INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('withdrawn', 'restored')),
    date TEXT NOT NULL,
    reason TEXT,
    UNIQUE (event_id, reference)
) STRICT;
CREATE INDEX supervision_line_changes_reference ON supervision_line_changes (reference, date);
