-- Durable dedup records: first write wins per (tenant, pcs_id). Warm rows hold the first response; cold rows keep
-- only the index entry while the response lives in a compressed, checksummed archive segment.

CREATE TABLE segments (
    id             BIGSERIAL PRIMARY KEY,
    object_name    TEXT        NOT NULL UNIQUE,
    sha256         TEXT        NOT NULL,          -- of the stored (compressed) object
    records        INT         NOT NULL,
    bytes          BIGINT      NOT NULL,
    min_first_seen TIMESTAMPTZ NOT NULL,
    max_first_seen TIMESTAMPTZ NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE records (
    tenant     TEXT        NOT NULL,
    pcs_id     TEXT        NOT NULL,
    first_seen TIMESTAMPTZ NOT NULL,              -- the verifier's received_at of the first submission
    stored_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    origin     TEXT        NOT NULL,
    status     INT         NOT NULL,
    body       BYTEA,                             -- NULL while the record is cold
    tier       TEXT        NOT NULL DEFAULT 'warm' CHECK (tier IN ('warm', 'cold')),
    segment_id BIGINT REFERENCES segments (id),
    PRIMARY KEY (tenant, pcs_id),
    CHECK ((tier = 'warm' AND body IS NOT NULL AND segment_id IS NULL)
        OR (tier = 'cold' AND body IS NULL AND segment_id IS NOT NULL))
);

CREATE INDEX records_warm_by_age ON records (first_seen) WHERE tier = 'warm';
CREATE INDEX records_by_age ON records (first_seen);
CREATE INDEX records_by_segment ON records (segment_id) WHERE segment_id IS NOT NULL;
