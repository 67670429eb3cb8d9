-- Predictive tiering (docs/dedup.md): per tenant, re-reads by age bucket of the open UTC day and the exponentially
-- smoothed daily rates of closed days, so a restart or another replica continues from the same state.
CREATE TABLE access_model (
    tenant           TEXT               PRIMARY KEY,
    open_day         DATE               NOT NULL,
    day_reads        DOUBLE PRECISION[] NOT NULL,  -- re-reads per age bucket during open_day
    smoothed_births  DOUBLE PRECISION   NOT NULL,  -- records stored per day
    smoothed_reads   DOUBLE PRECISION[] NOT NULL,  -- re-reads per age bucket per day
    days_folded      INT                NOT NULL,
    records_observed BIGINT             NOT NULL,
    updated_at       TIMESTAMPTZ        NOT NULL DEFAULT now()
);

-- The last day whose stored records were counted into the models (one row).
CREATE TABLE access_model_folds (
    id         INT  PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    folded_day DATE NOT NULL
);
