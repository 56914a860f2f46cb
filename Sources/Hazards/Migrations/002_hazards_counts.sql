-- Statistics at a million hazards: the stats view counts per (territory, sector, supervising unit,
-- grade, source, listed, status, year found, year closed) from this small table instead of scanning the register.
-- Triggers keep it exact in the same transaction as every insert and every change of a counted
-- column (register, each lifecycle action, merge, bulk loads alike); the migration fills it from
-- the rows already there. Only the clock-dependent figure (overdue) still reads the register,
-- through the covering index below over open hazards by deadline.
CREATE TABLE hazards_counts (
    territory_id INTEGER NOT NULL,
    sector TEXT NOT NULL,
    supervising_unit_id INTEGER NOT NULL,
    grade TEXT NOT NULL,
    source TEXT NOT NULL,
    listed INTEGER NOT NULL,
    status TEXT NOT NULL,
    found_year INTEGER NOT NULL,
    -- The year of closed_on, 0 when not closed.
    closed_year INTEGER NOT NULL,
    n INTEGER NOT NULL CHECK (n >= 0),
    PRIMARY KEY (territory_id, sector, supervising_unit_id, grade, source, listed, status, found_year, closed_year)
) STRICT, WITHOUT ROWID;

INSERT INTO hazards_counts (territory_id, sector, supervising_unit_id, grade, source, listed, status, found_year, closed_year, n)
SELECT territory_id, sector, supervising_unit_id, grade, source, listed, status, CAST(substr(found_on, 1, 4) AS INTEGER),
       coalesce(CAST(substr(closed_on, 1, 4) AS INTEGER), 0), count(*)
FROM hazards_hazards
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;

CREATE TRIGGER hazards_counts_insert AFTER INSERT ON hazards_hazards
BEGIN
    INSERT INTO hazards_counts (territory_id, sector, supervising_unit_id, grade, source, listed, status, found_year, closed_year, n)
    VALUES (NEW.territory_id, NEW.sector, NEW.supervising_unit_id, NEW.grade, NEW.source, NEW.listed, NEW.status, CAST(substr(NEW.found_on, 1, 4) AS INTEGER),
            coalesce(CAST(substr(NEW.closed_on, 1, 4) AS INTEGER), 0), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER hazards_counts_update AFTER UPDATE OF territory_id, sector, supervising_unit_id, grade, source, listed, status, found_on, closed_on ON hazards_hazards
BEGIN
    UPDATE hazards_counts SET n = n - 1
    WHERE territory_id = OLD.territory_id AND sector = OLD.sector AND supervising_unit_id = OLD.supervising_unit_id AND grade = OLD.grade
      AND source = OLD.source AND listed = OLD.listed AND status = OLD.status AND found_year = CAST(substr(OLD.found_on, 1, 4) AS INTEGER)
      AND closed_year = coalesce(CAST(substr(OLD.closed_on, 1, 4) AS INTEGER), 0);
    INSERT INTO hazards_counts (territory_id, sector, supervising_unit_id, grade, source, listed, status, found_year, closed_year, n)
    VALUES (NEW.territory_id, NEW.sector, NEW.supervising_unit_id, NEW.grade, NEW.source, NEW.listed, NEW.status, CAST(substr(NEW.found_on, 1, 4) AS INTEGER),
            coalesce(CAST(substr(NEW.closed_on, 1, 4) AS INTEGER), 0), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- Hazards are never deleted; if one ever is, the count follows.
CREATE TRIGGER hazards_counts_delete AFTER DELETE ON hazards_hazards
BEGIN
    UPDATE hazards_counts SET n = n - 1
    WHERE territory_id = OLD.territory_id AND sector = OLD.sector AND supervising_unit_id = OLD.supervising_unit_id AND grade = OLD.grade
      AND source = OLD.source AND listed = OLD.listed AND status = OLD.status AND found_year = CAST(substr(OLD.found_on, 1, 4) AS INTEGER)
      AND closed_year = coalesce(CAST(substr(OLD.closed_on, 1, 4) AS INTEGER), 0);
END;

-- Open hazards by deadline, covering what the stats filter and group on: overdue (deadline before
-- today) or its complement is one range of this index. Replaces the narrower index of 001.
DROP INDEX hazards_open_deadlines;
CREATE INDEX hazards_open_by_deadline ON hazards_hazards (deadline, territory_id, sector, supervising_unit_id, grade, status, found_on)
    WHERE status NOT IN ('closed', 'merged');
