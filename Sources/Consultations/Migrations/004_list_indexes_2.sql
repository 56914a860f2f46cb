-- Meetings of a year (GET .../meetings?year=, `substr(m.held_on, 1, 4) = ?`) in id order from an
-- index, instead of walking every earlier year's meetings to fill a page.
CREATE INDEX consultations_meetings_year ON consultations_meetings (substr(held_on, 1, 4), id);
