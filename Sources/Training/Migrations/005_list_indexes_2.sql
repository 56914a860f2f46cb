-- Records of a year (GET .../records?year=, `substr(x.held_on, 1, 4) = ?`) in id order from an index.
CREATE INDEX training_records_year ON training_records (substr(held_on, 1, 4), id);
