-- issue 24: a model trained on generated labels is marked, and every score it serves says so.
ALTER TABLE models ADD COLUMN synthetic boolean NOT NULL DEFAULT false;
UPDATE models SET synthetic = true WHERE origin LIKE 'synthetic labelled data set%';
