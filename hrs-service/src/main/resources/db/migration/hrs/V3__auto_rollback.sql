-- issue 24: a promoted model that live labels show breaking its bounds is rolled back automatically; the registry
-- keeps when and why. A model restored by a rollback is not judged again (it is the fallback, not a promotion).
ALTER TABLE models ADD COLUMN reverted_at timestamptz;
ALTER TABLE models ADD COLUMN reverted_reason text;
ALTER TABLE models ADD COLUMN restored boolean NOT NULL DEFAULT false;
-- The guard reads a version's scores every refresh.
CREATE INDEX scores_model_version ON scores (model_version);
