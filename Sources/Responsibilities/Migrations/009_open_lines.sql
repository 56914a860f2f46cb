-- The office's overview (待办, LinesOverview.office) at ten years read all 101,051 lines twice:
-- for the completions reported and not yet verified, and for the overdue lines per unit or town.
-- Partial indexes hold just those lines: the ones reported; the ones in force with no completion
-- on their row; and the ones with a completion whose history goes on after some day (a day
-- before their last step may see them not yet completed). A line enters or leaves them as its
-- status, completion or withdrawal changes.
CREATE INDEX responsibilities_lines_reported ON responsibilities_lines (id) WHERE status = 'reported';
CREATE INDEX responsibilities_lines_open ON responsibilities_lines (due, unit_kind, unit_id, unit_name, task_id, events_through, completed_on, withdrawn_on)
    WHERE completed_on IS NULL AND withdrawn_on IS NULL;
CREATE INDEX responsibilities_lines_changed ON responsibilities_lines (events_through)
    WHERE completed_on IS NOT NULL AND withdrawn_on IS NULL;
