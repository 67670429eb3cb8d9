-- Roles of the audit-service's schema (run once per database by the DBA, e.g. from CloudNativePG's managed roles
-- or a bootstrap SQL). The owner applies migrations; the service role may read and append, never change or remove:
-- V2__app_role_grants.sql grants it SELECT and INSERT on the log tables only. Passwords come from the audit-db Secret.
CREATE ROLE flk_audit_owner LOGIN;   -- \password flk_audit_owner
CREATE ROLE flk_audit_app LOGIN;     -- \password flk_audit_app
CREATE SCHEMA IF NOT EXISTS audit AUTHORIZATION flk_audit_owner;
REVOKE ALL ON SCHEMA audit FROM PUBLIC;
