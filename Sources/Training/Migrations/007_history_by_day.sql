-- The certificates whose history holds something after a day (issue 23): a day's compliance reads
-- each certificate as its row unless a later event exists, so the daily colour check asks once
-- for those (a range of this index) instead of reading every certificate's history.
CREATE INDEX training_certificate_events_effective ON training_certificate_events (effective_on, certificate_id);
