-- Lists at ten years (issue 23 §2): an inspection row counts its findings and a notice lists its
-- findings; both read them by index instead of scanning every finding for each row of a page.
CREATE INDEX supervision_findings_inspection ON supervision_findings (inspection_id);
CREATE INDEX supervision_findings_notice ON supervision_findings (notice_id) WHERE notice_id IS NOT NULL;
