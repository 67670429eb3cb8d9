-- The anomaly check's per-tenant history and models, and the micro-vote classifier trained on labelled outcomes.

-- Signal vectors (D_hat, coh_star, r, budget) of decided submissions: the tenant history the anomaly model learns from.
CREATE TABLE signals (
    key     text             PRIMARY KEY,
    tenant  text             NOT NULL,
    vector  double precision[] NOT NULL,
    seen_at timestamptz      NOT NULL DEFAULT now()
);
CREATE INDEX signals_by_tenant ON signals (tenant, seen_at);

CREATE TABLE anomaly_models (
    tenant    text             PRIMARY KEY,
    n         bigint           NOT NULL,
    mean      double precision[] NOT NULL,
    std       double precision[] NOT NULL,
    onnx      bytea            NOT NULL,
    fitted_at timestamptz      NOT NULL DEFAULT now()
);

-- What the micro-vote model sees of a decision (signals and risk), kept with the decision for training.
ALTER TABLE decisions ADD COLUMN features double precision[];

CREATE TABLE outcome_labels (
    key         text        PRIMARY KEY,
    tenant      text        NOT NULL,
    label       smallint    NOT NULL CHECK (label IN (0, 1)),
    labelled_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE micro_vote_models (
    version    bigserial        PRIMARY KEY,
    examples   int              NOT NULL,
    auroc      double precision NOT NULL,
    baseline_auroc double precision NOT NULL,
    params     jsonb            NOT NULL,
    onnx       bytea            NOT NULL,
    created_at timestamptz      NOT NULL DEFAULT now()
);
