-- Compliance judged for a whole district (issue 23: by territory or industry, 100,893 people and
-- 265,681 training records at ten years) read every record's row and every person's row one by
-- one, scattered over the tables. These indexes hold what the judging reads, in the order it reads
-- it, so it reads the indexes alone:
-- a person's trainings (TrainingStore.trainings): by person, in the order of the index it replaces
-- for this read (person_id, held_on, id);
CREATE INDEX training_records_person_facts ON training_records (person_id, held_on, id, class_hours, kind, level, exam_score, makeup_score);
-- an enterprise's people (TrainingStore.people) with the columns the rules read.
CREATE INDEX training_people_enterprise_facts ON training_people (enterprise_id, id, person_id, role, hired_on, role_since, retraining_since, retraining_reason, left_on);
-- Their statistics, so that the planner knows they cover the reads (without them it keeps the
-- narrower indexes it has figures for and reads the rows beside them).
ANALYZE training_records;
ANALYZE training_people;
