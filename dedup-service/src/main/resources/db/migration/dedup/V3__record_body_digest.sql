-- The digest of each record's first response, kept when the body moves to the cold archive, so that cross-region
-- divergence digests (docs/crr.md) never need to read the archive. Maintained by the database on every write of a body.
ALTER TABLE records ADD COLUMN body_sha256 TEXT;
UPDATE records SET body_sha256 = encode(sha256(body), 'hex') WHERE body IS NOT NULL;

CREATE FUNCTION records_body_sha256() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.body IS NOT NULL THEN
        NEW.body_sha256 := encode(sha256(NEW.body), 'hex');
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER records_body_sha256 BEFORE INSERT OR UPDATE OF body ON records
    FOR EACH ROW EXECUTE FUNCTION records_body_sha256();

CREATE INDEX records_by_tenant_key ON records (tenant, pcs_id, first_seen);
