-- hrs-service (docs/hrs.md): features per submission, labels, per-tenant baselines, served scores, model registry.

-- One feature vector per submission (schema hrs-features-v1 and later); NaN marks a missing value.
CREATE TABLE features (
    tenant         text             NOT NULL,
    pcs_id         text             NOT NULL,
    schema_version text             NOT NULL,
    vector         double precision[] NOT NULL,
    received_at    timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, pcs_id)
);

-- Running statistics (Welford) of D_hat, coh_star and r per tenant, advanced with each new submission.
CREATE TABLE tenant_baselines (
    tenant text             PRIMARY KEY,
    n      bigint           NOT NULL,
    mean   double precision[] NOT NULL,
    m2     double precision[] NOT NULL
);

-- Labels from reviewers or downstream checks; one per (submission, source), the latest wins.
CREATE TABLE labels (
    tenant      text             NOT NULL,
    pcs_id      text             NOT NULL,
    source      text             NOT NULL,
    label       smallint         NOT NULL CHECK (label IN (0, 1)),
    confidence  double precision NOT NULL CHECK (confidence > 0 AND confidence <= 1),
    labelled_at timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, pcs_id, source)
);

-- What was served for each submission (the first score wins), so live interval coverage can be measured.
CREATE TABLE scores (
    tenant        text             NOT NULL,
    pcs_id        text             NOT NULL,
    model_version text             NOT NULL,
    score         double precision NOT NULL,
    interval_low  double precision NOT NULL,
    interval_high double precision NOT NULL,
    scored_at     timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, pcs_id)
);

-- The model registry: versions with their data hash, evaluation, ONNX bytes, model card and status.
CREATE TABLE models (
    seq             bigserial   PRIMARY KEY,
    version         text        NOT NULL UNIQUE,
    status          text        NOT NULL CHECK (status IN ('active', 'shadow', 'retired')),
    feature_schema  text        NOT NULL,
    seed            bigint      NOT NULL,
    data_hash       text        NOT NULL,
    origin          text        NOT NULL,
    params          jsonb       NOT NULL,
    evaluation      jsonb       NOT NULL,
    onnx            bytea       NOT NULL,
    card            text        NOT NULL,
    previous_active text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    activated_at    timestamptz
);
CREATE UNIQUE INDEX models_one_active ON models ((true)) WHERE status = 'active';
