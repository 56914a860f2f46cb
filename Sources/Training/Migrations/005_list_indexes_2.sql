-- Compliance at ten years (issue 23 §2): a page of enterprises reads its training people by
-- enterprise from an index instead of scanning every training person for each chunk.
CREATE INDEX training_people_enterprise ON training_people (enterprise_id, id);
-- Records of a year (GET .../records?year=, `substr(x.held_on, 1, 4) = ?`) in id order.
CREATE INDEX training_records_year ON training_records (substr(held_on, 1, 4), id);
