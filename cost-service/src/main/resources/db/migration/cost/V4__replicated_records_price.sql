-- A record another region shipped here (pcs.verified.v1 with replicated_from) costs this region its application,
-- not a verification: it is attributed as one replicated_records unit, never as submissions, CPU, WAL or tokens
-- (those belong to the accepting region's bill). Default internal rate, like V2's: configuration.
INSERT INTO prices (version, resource, model, unit, usd_per_unit, effective_from) VALUES
    (1, 'replicated_records', '*', 'replicated record applied', 0.000001, '2020-01-01T00:00:00Z');
INSERT INTO resource_categories (resource, category) VALUES ('replicated_records', 'replication');
