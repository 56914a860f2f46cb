-- The audit log filtered by entity (GET /api/v1/audit?entity=, newest first): the entity's records
-- in id order from an index, so a page stops after limit rows instead of sorting every record of
-- the entity (kernel_audit_entity's (entity, entity_id) order serves entity + entity_id only).
CREATE INDEX kernel_audit_entity_id ON kernel_audit (entity, id);
