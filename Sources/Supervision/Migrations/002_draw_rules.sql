-- Issue 19: sealed draws that cannot be rigged, assessment items that can be withdrawn, and facts
-- that remember the day Supervision learnt of them (figures "as of" a date use only what existed then).

-- A re-draw (重新抽签) of a group and quarter while an earlier draw is still sealed: it names the draw
-- it replaces and the recorded reason; the earlier draw stays, marked superseded, never deleted.
ALTER TABLE supervision_draws ADD COLUMN redraw_of INTEGER REFERENCES supervision_draws (id);
ALTER TABLE supervision_draws ADD COLUMN redraw_reason TEXT;
ALTER TABLE supervision_draws ADD COLUMN superseded_by INTEGER REFERENCES supervision_draws (id);
CREATE INDEX supervision_draws_round ON supervision_draws (group_id, quarter, status);

-- A manual assessment item is withdrawn (撤销), never deleted: who, when and why.
ALTER TABLE supervision_assessment_items ADD COLUMN withdrawn_at TEXT;
ALTER TABLE supervision_assessment_items ADD COLUMN withdrawn_by TEXT;
ALTER TABLE supervision_assessment_items ADD COLUMN withdrawal_reason TEXT;

-- The day (Asia/Shanghai) the event behind a fact occurred: a fact counts "as of" a date only if it
-- was known by then, so a later `anwei tick --at` cannot change an earlier date's figures.
ALTER TABLE supervision_facts ADD COLUMN known_on TEXT;
UPDATE supervision_facts SET known_on = coalesce((SELECT date(e.occurred_at, '+8 hours') FROM kernel_events e WHERE e.id = supervision_facts.event_id), date);
