-- Recommendations of the optimisation advisor that an operator or analyst recorded as applied (docs/cost.md,
-- "Optimisation advisor"). The realised saving is not stored: it is measured on every read against the counterfactual
-- forecast from the days before applied_at, so it follows late usage and re-pricing.
CREATE TABLE applied_recommendations (
    id                     BIGSERIAL PRIMARY KEY,
    tenant                 TEXT        NOT NULL,
    recommendation_id      TEXT        NOT NULL,
    kind                   TEXT        NOT NULL,
    scope_resource         TEXT,                 -- NULL: the tenant's whole spend is the counterfactual's series
    estimate_monthly_usd   NUMERIC     NOT NULL,
    recommendation         JSONB       NOT NULL, -- what was recommended, as answered at the time
    applied_at             TIMESTAMPTZ NOT NULL,
    applied_by             TEXT        NOT NULL,
    note                   TEXT,
    recorded_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (tenant, recommendation_id)     -- recording the same application twice is one application
);
