-- Tracing (docs/architecture.md): the W3C traceparent of the submission a buffered part and a decision belong to, so
-- the decision event published later from this outbox continues the submission's trace. Null: no trace (tracing off,
-- or rows from before).
ALTER TABLE pending ADD COLUMN traceparent text;
ALTER TABLE decisions ADD COLUMN traceparent text;
