-- Each registry record's JSON form, kept when the record is written (RecordStore, `StoredForm`), so
-- that a page of a list is copied from it rather than made again from every column. NULL until the
-- record is next written by Anwei, or until `anwei serve` or `anwei migrate` starts (both fill what
-- is missing); a reader falls back to the columns whenever it is NULL or was made for another
-- layout. A write that changes a record without giving its form (the sqlite3 shell, or SQL of a
-- later migration) empties it through the trigger, so a kept form is never older than its row.

ALTER TABLE registry_units ADD COLUMN rendered BLOB;
CREATE TRIGGER registry_units_rendered_stale AFTER UPDATE ON registry_units WHEN new.rendered IS old.rendered
BEGIN UPDATE registry_units SET rendered = NULL WHERE id = new.id; END;

ALTER TABLE registry_special_groups ADD COLUMN rendered BLOB;
CREATE TRIGGER registry_special_groups_rendered_stale AFTER UPDATE ON registry_special_groups WHEN new.rendered IS old.rendered
BEGIN UPDATE registry_special_groups SET rendered = NULL WHERE id = new.id; END;

ALTER TABLE registry_territories ADD COLUMN rendered BLOB;
CREATE TRIGGER registry_territories_rendered_stale AFTER UPDATE ON registry_territories WHEN new.rendered IS old.rendered
BEGIN UPDATE registry_territories SET rendered = NULL WHERE id = new.id; END;

ALTER TABLE registry_enterprises ADD COLUMN rendered BLOB;
CREATE TRIGGER registry_enterprises_rendered_stale AFTER UPDATE ON registry_enterprises WHEN new.rendered IS old.rendered
BEGIN UPDATE registry_enterprises SET rendered = NULL WHERE id = new.id; END;

ALTER TABLE registry_people ADD COLUMN rendered BLOB;
CREATE TRIGGER registry_people_rendered_stale AFTER UPDATE ON registry_people WHEN new.rendered IS old.rendered
BEGIN UPDATE registry_people SET rendered = NULL WHERE id = new.id; END;

ALTER TABLE registry_posts ADD COLUMN rendered BLOB;
CREATE TRIGGER registry_posts_rendered_stale AFTER UPDATE ON registry_posts WHEN new.rendered IS old.rendered
BEGIN UPDATE registry_posts SET rendered = NULL WHERE id = new.id; END;
