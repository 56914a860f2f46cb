-- Keyset pages of Supervision's lists: each filter (and the unit/town scope of findings) reads its
-- rows in id order from an index, so a page after the cursor stops after limit + 1 rows.
CREATE INDEX supervision_findings_responsible_id ON supervision_findings (responsible_kind, responsible_id, id);
CREATE INDEX supervision_findings_status ON supervision_findings (status, id);
CREATE INDEX supervision_findings_year ON supervision_findings (year, id);
CREATE INDEX supervision_inspections_group ON supervision_inspections (group_id, id);
CREATE INDEX supervision_instruments_kind ON supervision_instruments (kind, id);
