-- cost-service: raw usage (kept for drill-down), effective-dated versioned prices, hourly/daily rollups, and the
-- trail of every re-pricing. Money and quantities are NUMERIC: costs are exact products, sums are exact sums.

-- A price table version is one act of publishing prices (a list, or a correction), with who and why.
CREATE TABLE price_versions (
    version    SERIAL PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by TEXT        NOT NULL,
    reason     TEXT        NOT NULL
);

-- The price of one unit of a resource (per model, or '*' for every model) over [effective_from, effective_to).
-- Rows are never updated: a correction is a new version whose rows win over older ones where they overlap.
CREATE TABLE prices (
    id             BIGSERIAL PRIMARY KEY,
    version        INT         NOT NULL REFERENCES price_versions (version),
    resource       TEXT        NOT NULL,
    model          TEXT        NOT NULL DEFAULT '*',
    unit           TEXT        NOT NULL,
    usd_per_unit   NUMERIC     NOT NULL CHECK (usd_per_unit >= 0),
    effective_from TIMESTAMPTZ NOT NULL,
    effective_to   TIMESTAMPTZ,
    CHECK (effective_to IS NULL OR effective_to > effective_from)
);
CREATE INDEX prices_lookup ON prices (resource, model, effective_from);

-- Which bill category a resource belongs to (reconciliation compares per category).
CREATE TABLE resource_categories (
    resource TEXT PRIMARY KEY,
    category TEXT NOT NULL
);

-- One row per (event, resource): an event redelivered by Kafka never counts twice.
CREATE TABLE usage (
    id          BIGSERIAL PRIMARY KEY,
    event_id    TEXT        NOT NULL,
    resource    TEXT        NOT NULL,
    tenant      TEXT        NOT NULL,
    service     TEXT        NOT NULL,
    model       TEXT        NOT NULL,
    task        TEXT        NOT NULL,
    pcs_id      TEXT,
    occurred_at TIMESTAMPTZ NOT NULL,
    quantity    NUMERIC     NOT NULL CHECK (quantity >= 0),
    accepted    INT         NOT NULL DEFAULT 0 CHECK (accepted IN (0, 1)), -- 1: an accepted, not escalated task
    price_id    BIGINT REFERENCES prices (id),                           -- NULL: no price in force (unpriced)
    cost_usd    NUMERIC,
    ingested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (event_id, resource)
);
CREATE INDEX usage_by_time ON usage (occurred_at, resource);
CREATE INDEX usage_by_tenant ON usage (tenant, occurred_at);

-- Rollups: what analysts query. Maintained on ingest, rebuilt for the affected hours on re-pricing.
CREATE TABLE rollup_hour (
    bucket    TIMESTAMPTZ NOT NULL,
    tenant    TEXT        NOT NULL,
    service   TEXT        NOT NULL,
    model     TEXT        NOT NULL,
    task      TEXT        NOT NULL,
    resource  TEXT        NOT NULL,
    quantity  NUMERIC     NOT NULL,
    cost_usd  NUMERIC     NOT NULL,
    unpriced  BIGINT      NOT NULL,
    accepted  BIGINT      NOT NULL,
    PRIMARY KEY (bucket, tenant, service, model, task, resource)
);
CREATE INDEX rollup_hour_by_tenant ON rollup_hour (tenant, bucket);

CREATE TABLE rollup_day (LIKE rollup_hour INCLUDING ALL);

-- Every re-pricing: the window, what it changed, and who asked.
CREATE TABLE repricings (
    id            BIGSERIAL PRIMARY KEY,
    version       INT         NOT NULL REFERENCES price_versions (version),
    resource      TEXT        NOT NULL,
    model         TEXT        NOT NULL,
    window_from   TIMESTAMPTZ NOT NULL,
    window_to     TIMESTAMPTZ NOT NULL,
    rows_changed  BIGINT      NOT NULL,
    cost_before   NUMERIC     NOT NULL,
    cost_after    NUMERIC     NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by    TEXT        NOT NULL
);

-- Imported provider bills, one row per (import, day, tenant, category).
CREATE TABLE bill_imports (
    id          BIGSERIAL PRIMARY KEY,
    format      TEXT        NOT NULL,
    source_name TEXT        NOT NULL,
    sha256      TEXT        NOT NULL UNIQUE,  -- the same file twice is one import
    lines       INT         NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    imported_by TEXT        NOT NULL
);
CREATE TABLE bill_lines (
    import_id  BIGINT  NOT NULL REFERENCES bill_imports (id),
    day        DATE    NOT NULL,
    tenant     TEXT    NOT NULL,
    category   TEXT    NOT NULL,
    amount_usd NUMERIC NOT NULL
);
CREATE INDEX bill_lines_by_day ON bill_lines (tenant, day);

-- Monthly budgets and the alerts already raised (one per tenant, month and level).
CREATE TABLE budgets (
    tenant         TEXT PRIMARY KEY,
    soft_usd       NUMERIC NOT NULL CHECK (soft_usd >= 0),
    hard_usd       NUMERIC NOT NULL CHECK (hard_usd >= soft_usd),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE budget_alerts (
    tenant     TEXT        NOT NULL,
    month      DATE        NOT NULL,
    level      TEXT        NOT NULL CHECK (level IN ('soft', 'hard')),
    spent_usd  NUMERIC     NOT NULL,
    limit_usd  NUMERIC     NOT NULL,
    raised_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, month, level)
);
