-- A count of the changes to what Training's compliance judgement reads (its people, records,
-- exam attempts, certificates and their history, bans; the registry's enterprises and
-- territories), one more for each row inserted, changed or deleted, in the same transaction.
-- The roll-ups by territory and industry (every person judged: 1.3 s at ten years) are kept in
-- the server's memory with the count they were made at (ComplianceRollUpCache), and made again
-- only when it has moved, or on another day. Each trigger is one update of this one-row table.
CREATE TABLE training_changes (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n INTEGER NOT NULL
) STRICT;
INSERT INTO training_changes (id, n) VALUES (1, 0);

CREATE TRIGGER training_people_changes_insert AFTER INSERT ON training_people BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER training_people_changes_update AFTER UPDATE ON training_people BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER training_people_changes_delete AFTER DELETE ON training_people BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER training_records_changes_insert AFTER INSERT ON training_records BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER training_records_changes_update AFTER UPDATE ON training_records BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER training_records_changes_delete AFTER DELETE ON training_records BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER training_exam_attempts_changes_insert AFTER INSERT ON training_exam_attempts BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER training_exam_attempts_changes_update AFTER UPDATE ON training_exam_attempts BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER training_exam_attempts_changes_delete AFTER DELETE ON training_exam_attempts BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER training_certificates_changes_insert AFTER INSERT ON training_certificates BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER training_certificates_changes_update AFTER UPDATE ON training_certificates BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER training_certificates_changes_delete AFTER DELETE ON training_certificates BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER training_certificate_events_changes_insert AFTER INSERT ON training_certificate_events BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER training_certificate_events_changes_update AFTER UPDATE ON training_certificate_events BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER training_certificate_events_changes_delete AFTER DELETE ON training_certificate_events BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER training_bans_changes_insert AFTER INSERT ON training_bans BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER training_bans_changes_update AFTER UPDATE ON training_bans BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER training_bans_changes_delete AFTER DELETE ON training_bans BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;

-- The registry: only the columns the judgement, the roll-ups and the scopes read (not a name, nor the kept JSON form).
CREATE TRIGGER registry_enterprises_training_changes_insert AFTER INSERT ON registry_enterprises BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER registry_enterprises_training_changes_update AFTER UPDATE OF id, territory_id, supervising_unit_id, industry, high_risk ON registry_enterprises BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER registry_enterprises_training_changes_delete AFTER DELETE ON registry_enterprises BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER registry_territories_training_changes_insert AFTER INSERT ON registry_territories BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER registry_territories_training_changes_update AFTER UPDATE OF id, name ON registry_territories BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER registry_territories_training_changes_delete AFTER DELETE ON registry_territories BEGIN UPDATE training_changes SET n = n + 1 WHERE id = 1; END;
