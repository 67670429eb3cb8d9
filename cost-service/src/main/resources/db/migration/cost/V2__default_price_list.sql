-- The suite's default internal rates (price table version 1), so a fresh install attributes something sensible.
-- They are configuration, not measurements: operators publish their own list (POST /v1/cost/prices) and may
-- correct any window afterwards; docs/cost.md explains how.
INSERT INTO price_versions (version, created_by, reason) VALUES (1, 'migration', 'default internal rates');
SELECT setval(pg_get_serial_sequence('price_versions', 'version'), 1);

INSERT INTO prices (version, resource, model, unit, usd_per_unit, effective_from) VALUES
    (1, 'cpu_ms',                  '*', 'cpu millisecond',       0.0000001,     '2020-01-01T00:00:00Z'),
    (1, 'submissions',             '*', 'verified submission',   0.00001,       '2020-01-01T00:00:00Z'),
    (1, 'wal_bytes',               '*', 'byte written to a WAL', 0.0000000001,  '2020-01-01T00:00:00Z'),
    (1, 'audit_leaf_bytes',        '*', 'byte appended to the audit log', 0.000000001, '2020-01-01T00:00:00Z'),
    (1, 'proofs',                  '*', 'proof served',          0.000001,      '2020-01-01T00:00:00Z'),
    (1, 'warm_byte_hours',         '*', 'byte-hour in the warm tier', 0.00000000002, '2020-01-01T00:00:00Z'),
    (1, 'cold_byte_hours',         '*', 'byte-hour in the cold archive', 0.000000000002, '2020-01-01T00:00:00Z'),
    (1, 'scorings',                '*', 'risk scoring',          0.000002,      '2020-01-01T00:00:00Z'),
    (1, 'llm_input_tokens',        '*', 'input token',           0.000001,      '2020-01-01T00:00:00Z'),
    (1, 'llm_output_tokens',       '*', 'output token',          0.000004,      '2020-01-01T00:00:00Z'),
    -- Declared provider cost is recorded but not charged by default (tokens are); price it at 1 per USD and the
    -- model's tokens at 0 to attribute what agents declare instead.
    (1, 'llm_declared_usd',        '*', 'USD declared by the agent', 0,         '2020-01-01T00:00:00Z');

INSERT INTO resource_categories (resource, category) VALUES
    ('cpu_ms', 'compute'), ('submissions', 'compute'), ('scorings', 'compute'),
    ('wal_bytes', 'storage'), ('audit_leaf_bytes', 'storage'), ('warm_byte_hours', 'storage'),
    ('cold_byte_hours', 'storage'), ('proofs', 'audit'),
    ('llm_input_tokens', 'llm'), ('llm_output_tokens', 'llm'), ('llm_declared_usd', 'llm');
