-- The region's own record of its pcs.verified.v1 stream: what the shipper ships from and repairs with.
CREATE TABLE ledger (
    seq             BIGSERIAL   PRIMARY KEY,
    tenant          TEXT        NOT NULL,
    pcs_id          TEXT        NOT NULL,          -- the event key's id (the verifier's dedup id)
    origin_region   TEXT        NOT NULL,          -- the region that accepted the submission
    replicated_from TEXT,                          -- set when this region holds the record as another region's copy
    received_at     TIMESTAMPTZ NOT NULL,
    ingested_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    event           BYTEA       NOT NULL,          -- the envelope as published, shipped byte for byte
    UNIQUE (tenant, pcs_id)
);
CREATE INDEX ledger_local ON ledger (seq) WHERE replicated_from IS NULL;

-- How far each peer has acknowledged this region's records (ledger seq), persisted after every acknowledged batch.
CREATE TABLE watermarks (
    peer       TEXT        PRIMARY KEY,
    seq        BIGINT      NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- What the divergence detector found and did, per peer, tenant and window.
CREATE TABLE divergence_reports (
    id            BIGSERIAL   PRIMARY KEY,
    found_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    peer          TEXT        NOT NULL,
    tenant        TEXT        NOT NULL,
    window_from   TIMESTAMPTZ NOT NULL,
    window_to     TIMESTAMPTZ NOT NULL,
    missing_here  INT         NOT NULL,
    missing_there INT         NOT NULL,
    conflicts     INT         NOT NULL,
    repaired      INT         NOT NULL,
    details       TEXT        NOT NULL           -- JSON: the keys and what became of each
);
CREATE INDEX divergence_reports_recent ON divergence_reports (found_at DESC);
