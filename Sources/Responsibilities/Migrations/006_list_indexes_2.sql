-- The plans list counts each plan's live lines: the count reads (task_id, withdrawn_on) from this
-- index alone instead of every line's row.
CREATE INDEX responsibilities_lines_task_live ON responsibilities_lines (task_id, withdrawn_on);
