-- The planner's statistics of escalation proposals were taken when there was one (sqlite_stat1
-- said 1 row): at ten years, 39,000 of them, a page after a cursor scanned the whole unique index
-- and sorted it (page 101: 5.7 ms) instead of reading 51 rows from the cursor on. Counted again.
ANALYZE supervision_proposals;
