-- Where each buffered verified event sits in pcs.verified.v1, so a submission waits for its risk score until the
-- scorer has handled that offset (docs/ensemble.md, "Join"). Null for rows buffered before this migration.
ALTER TABLE pending ADD COLUMN verified_partition int;
ALTER TABLE pending ADD COLUMN verified_offset bigint;
