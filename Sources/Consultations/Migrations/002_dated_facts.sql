-- Dated facts (#19 item 13): every figure "as of" a day reads only what was known on that day, so
-- it is the same whether or not a later `tick` has run.
--   known_on    the day (Asia/Shanghai) the agenda item's event was published: the item exists from then;
--   resolved_on the day a later event (or a meeting recorded) settled it.
ALTER TABLE consultations_agenda_items ADD COLUMN known_on TEXT;
ALTER TABLE consultations_agenda_items ADD COLUMN resolved_on TEXT;
UPDATE consultations_agenda_items SET known_on = date(occurred_at, '+8 hours'), resolved_on = date(resolved_at, '+8 hours');
CREATE INDEX consultations_agenda_items_known ON consultations_agenda_items (type, known_on);

-- The task a tracked decision became (#19 item 14), as soon as Responsibilities says it exists:
-- its ledger lines as a JSON array of {"id", "unit_kind", "unit_id", "due"}, and when it was learnt.
ALTER TABLE consultations_decisions ADD COLUMN ledger_lines TEXT NOT NULL DEFAULT '[]';
ALTER TABLE consultations_decisions ADD COLUMN task_linked_at TEXT;
UPDATE consultations_decisions SET task_linked_at = completed_at,
    ledger_lines = json_array(json_object('id', ledger_line_id, 'unit_kind', CASE WHEN lead_unit_id IS NULL THEN 'territory' ELSE 'unit' END,
                                          'unit_id', coalesce(lead_unit_id, lead_territory_id), 'due', deadline))
    WHERE ledger_line_id IS NOT NULL;
