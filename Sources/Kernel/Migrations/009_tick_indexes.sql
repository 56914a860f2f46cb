-- Issue 23 (tick at ten years): the dispatcher takes the pending deliveries in (event, subscriber)
-- order, 64 at a time. By (status, next_attempt_at) every pending delivery was joined with its event
-- and sorted for each batch of 64, so a backlog of n deliveries cost n²/64 rows (a tick that
-- catches up 100,000 events: 200,000 pending). In key order the batch is the first 64 entries.
DROP INDEX kernel_deliveries_due;
CREATE INDEX kernel_deliveries_pending ON kernel_deliveries (event_id, subscriber, next_attempt_at) WHERE status = 'pending';
