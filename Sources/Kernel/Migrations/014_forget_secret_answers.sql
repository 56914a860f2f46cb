-- An Idempotency-Key used to keep the whole answer of every create, secrets too: a new token in
-- plain text (tokens are otherwise kept only as SHA-256), a sign-in's token and a digest of the
-- body holding its password, a webhook's signing secret, a sealed draw's envelope, a tip-off's
-- receipt key. Such answers are no longer kept (APIRoute.answersSecret); what was kept is forgotten
-- here rather than left until the key's hours are over. Only the keys go: a retry with one is then
-- taken as a new request, as it would be a day later.
DELETE FROM kernel_idempotency_keys
WHERE method = 'POST'
  AND path IN ('/api/v1/tokens', '/api/v1/session', '/api/v1/webhooks', '/api/v1/tipoffs', '/api/v1/supervision/draws');
