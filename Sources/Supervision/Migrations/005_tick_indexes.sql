-- Issue 23 (tick at ten years): the escalation rules read one body's facts of one kind — a hazard's
-- overdue facts (by reference), a quarter's red tasks, the major or overdue hazards after an
-- interview. The subject index is by year first, so each of these walked every fact the body ever
-- had (200,000 for a town at ten years) for each fact delivered; by kind and reference they read
-- only their own.
CREATE INDEX supervision_facts_kind ON supervision_facts (subject_kind, subject_id, kind, reference);
