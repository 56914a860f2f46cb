-- Issue 23 at ten years (101,051 ledger lines).
--
-- 1. The plans list counted each plan's live lines from the index on every request (13 ms for
--    101,051 entries). Each task's live lines (withdrawn_on IS NULL) are now kept here by triggers,
--    so a plan's count sums its tasks' rows (a few hundred).
CREATE TABLE responsibilities_task_line_counts (
    task_id INTEGER PRIMARY KEY,
    live INTEGER NOT NULL
) STRICT;

INSERT INTO responsibilities_task_line_counts (task_id, live)
SELECT task_id, count(*) FROM responsibilities_lines WHERE withdrawn_on IS NULL GROUP BY task_id;

CREATE TRIGGER responsibilities_lines_count_insert AFTER INSERT ON responsibilities_lines
WHEN NEW.withdrawn_on IS NULL
BEGIN
    INSERT INTO responsibilities_task_line_counts (task_id, live) VALUES (NEW.task_id, 1)
    ON CONFLICT (task_id) DO UPDATE SET live = live + 1;
END;

CREATE TRIGGER responsibilities_lines_count_delete AFTER DELETE ON responsibilities_lines
WHEN OLD.withdrawn_on IS NULL
BEGIN
    UPDATE responsibilities_task_line_counts SET live = live - 1 WHERE task_id = OLD.task_id;
END;

CREATE TRIGGER responsibilities_lines_count_update AFTER UPDATE OF withdrawn_on, task_id ON responsibilities_lines
WHEN (OLD.withdrawn_on IS NULL) <> (NEW.withdrawn_on IS NULL) OR OLD.task_id <> NEW.task_id
BEGIN
    UPDATE responsibilities_task_line_counts SET live = live - 1 WHERE task_id = OLD.task_id AND OLD.withdrawn_on IS NULL;
    INSERT INTO responsibilities_task_line_counts (task_id, live) SELECT NEW.task_id, 1 WHERE NEW.withdrawn_on IS NULL
    ON CONFLICT (task_id) DO UPDATE SET live = live + 1;
END;

-- 2. A line's colour on a day replays its history (three probes of its events per line), so a
--    colour filter (ledger?colour=red) or a tasks page (the colour of ~7,500 lines) probed the
--    history of every line it passed, nearly all of them finished years ago. `events_through` is
--    the last day of the line's history (the latest on_date of its events; NULL: none): on a day at
--    or after it the history is all known, so the line's colour follows from its own row
--    (completed_on, due) without a probe. Kept by a trigger on the history.
ALTER TABLE responsibilities_lines ADD COLUMN events_through TEXT;

UPDATE responsibilities_lines SET events_through = (SELECT max(e.on_date) FROM responsibilities_line_events e WHERE e.line_id = responsibilities_lines.id);

CREATE TRIGGER responsibilities_line_events_through AFTER INSERT ON responsibilities_line_events
BEGIN
    UPDATE responsibilities_lines SET events_through = NEW.on_date
    WHERE id = NEW.line_id AND (events_through IS NULL OR events_through < NEW.on_date);
END;
