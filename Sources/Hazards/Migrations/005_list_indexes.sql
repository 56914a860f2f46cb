-- Keyset pages of the hazard list for a town or a supervising unit (their scope, and the
-- territory_id / supervising_unit_id filters): the rows in id order from an index, not every
-- row of the town sorted for each page.
CREATE INDEX hazards_territory_id ON hazards_hazards (territory_id, id);
CREATE INDEX hazards_unit_id ON hazards_hazards (supervising_unit_id, id);
