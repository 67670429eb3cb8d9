-- Least privilege for the running service (deploy/base/audit-db-roles.sql creates the roles): migrations run as the
-- schema owner (quarkus.flyway.username), the service as flk_audit_app, which may read and append to the log but
-- holds no UPDATE, DELETE or TRUNCATE right on it. Skipped where the role does not exist (local development).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'flk_audit_app') THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO flk_audit_app', current_schema());
        GRANT SELECT, INSERT ON leaves, nodes, checkpoints, anchor_receipts TO flk_audit_app;
        GRANT SELECT, INSERT, UPDATE ON witnessed, export_watermarks TO flk_audit_app;
        EXECUTE format('GRANT SELECT ON %I.flyway_schema_history TO flk_audit_app', current_schema());
    END IF;
END $$;
