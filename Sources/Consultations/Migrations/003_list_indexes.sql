-- Keyset pages of meetings by group: the group's meetings in id order from an index.
CREATE INDEX consultations_meetings_group ON consultations_meetings (group_id, id);
