-- The audit-service reports each anchoring operation (a checkpoint written to an anchor) shared among the tenants
-- whose leaves it anchors (quantities sum to 1 per operation). Default internal rate, like V2's: configuration.
INSERT INTO prices (version, resource, model, unit, usd_per_unit, effective_from) VALUES
    (1, 'anchor_ops', '*', 'anchoring operation', 0.0001, '2020-01-01T00:00:00Z');
INSERT INTO resource_categories (resource, category) VALUES ('anchor_ops', 'audit');
