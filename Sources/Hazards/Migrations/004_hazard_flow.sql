-- The reporter may contest a dismissal: the tip-off returns to triage, and its wait is counted
-- from the contest. Reviews due are read from the few hazards awaiting review.
ALTER TABLE hazards_tipoffs ADD COLUMN contest_count INTEGER NOT NULL DEFAULT 0 CHECK (contest_count >= 0);
ALTER TABLE hazards_tipoffs ADD COLUMN contested_at TEXT;
ALTER TABLE hazards_tipoffs ADD COLUMN contest_note TEXT;

CREATE INDEX hazards_reviews_due ON hazards_hazards (review_due, id) WHERE status = 'reviewApplied';

-- A failed review sent the hazard back to rectifying with the old review dates kept: they belong to
-- an application that is over (the next application sets them anew).
UPDATE hazards_hazards SET review_applied_on = NULL, review_due = NULL
WHERE status NOT IN ('reviewApplied', 'closed') AND review_due IS NOT NULL;
