-- Keyset pages of Training's lists: the person and status filters of appointments and the kind
-- filter of records read their rows in id order from an index.
CREATE INDEX training_appointments_person ON training_appointments (person_id, id);
CREATE INDEX training_appointments_status ON training_appointments (status, id);
CREATE INDEX training_records_kind ON training_records (kind, id);
