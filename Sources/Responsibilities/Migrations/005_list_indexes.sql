-- Keyset pages of the ledger (GET .../ledger?period=): the period's lines in id order from an index.
-- Unit/territory scope and filters use responsibilities_lines_unit (unit_kind, unit_id, id); a
-- task's lines responsibilities_lines_task; the colour and status read responsibilities_line_events_line.
CREATE INDEX responsibilities_lines_period ON responsibilities_lines (period, id);
