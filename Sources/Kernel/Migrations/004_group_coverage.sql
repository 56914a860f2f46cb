-- Which territories each supervision group covers per quarter, as published by Supervision
-- (supervision.group.coverage_set): an inspector's scope follows its group's coverage.
CREATE TABLE access_group_coverage (
    group_id INTEGER NOT NULL,
    quarter TEXT NOT NULL,
    territory_id INTEGER NOT NULL REFERENCES registry_territories (id),
    PRIMARY KEY (group_id, quarter, territory_id)
) STRICT, WITHOUT ROWID;
