-- The office's overview (待办) counts the closure reviews waiting per supervising unit
-- (HazardsOverview.reviewsPerUnit): this partial index holds only the hazards awaiting review
-- (at ten years 16,105 of a million), with what the count reads, so no row of the register is
-- read (status is in it for that: SQLite reads a column the WHERE names from the index only
-- when the index has it). A new hazard is not awaiting review: its insert only tests the WHERE.
CREATE INDEX hazards_reviews_by_unit ON hazards_hazards (supervising_unit_id, review_due, review_applied_on, status)
    WHERE status = 'reviewApplied';
