-- Control over a hazard's classification and its reviewer (issue 20).
--
-- 判定标准 by sector: a clause may be cited only on a hazard of a sector its standard applies to
-- (its own sector and the sectors listed here), or from a cross-sector standard (fire, special
-- equipment), which applies to every sector. A district adds rows for its own standards.
ALTER TABLE hazards_standards ADD COLUMN cross_sector INTEGER NOT NULL DEFAULT 0 CHECK (cross_sector IN (0, 1));
UPDATE hazards_standards SET cross_sector = 1 WHERE code IN ('FIRE-2021', 'SE-2023');

CREATE TABLE hazards_standard_sectors (
    standard_id INTEGER NOT NULL REFERENCES hazards_standards (id),
    sector TEXT NOT NULL,
    PRIMARY KEY (standard_id, sector)
) STRICT, WITHOUT ROWID;
INSERT INTO hazards_standard_sectors (standard_id, sector) SELECT id, sector FROM hazards_standards;
-- The seeded standards that cover more than the sector they are filed under: road transport
-- enterprises (交通运输), medical institutions (医疗卫生), schools (教育), and the industry-and-trade
-- standard (工贸: metallurgy and commerce besides manufacturing).
INSERT OR IGNORE INTO hazards_standard_sectors (standard_id, sector)
    SELECT id, 'transport' FROM hazards_standards WHERE code = 'RT-2023'
    UNION ALL SELECT id, 'healthcare' FROM hazards_standards WHERE code = 'HOSP-2023'
    UNION ALL SELECT id, 'education' FROM hazards_standards WHERE code = 'CAMPUS-2023'
    UNION ALL SELECT id, 'metalSmelting' FROM hazards_standards WHERE code = 'IT-2023'
    UNION ALL SELECT id, 'commerce' FROM hazards_standards WHERE code = 'IT-2023';

-- 销号 in the department's place: the office closes only naming the department it acts for.
ALTER TABLE hazards_hazards ADD COLUMN closed_on_behalf_of_unit_id INTEGER REFERENCES registry_units (id);
