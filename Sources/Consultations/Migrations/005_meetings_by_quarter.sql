-- A body's meetings in one quarter (Compliance.meetings: the quarterly compliance, the overview's
-- meetings due, the missing-meeting check) were found through (kind_id, group_id, held_on): every
-- meeting of the body up to the day, ten years of them, each row read for its quarter. This index
-- gives the quarter's few, in the order asked.
CREATE INDEX consultations_meetings_kind_quarter ON consultations_meetings (kind_id, group_id, quarter, held_on, id);
