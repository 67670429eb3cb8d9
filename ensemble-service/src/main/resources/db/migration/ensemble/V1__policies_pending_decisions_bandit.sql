-- ensemble-service (docs/ensemble.md): versioned policies, the join of verified and risk events, decisions, bandit.

CREATE TABLE policies (
    tenant     text        NOT NULL,
    version    int         NOT NULL,
    body       jsonb       NOT NULL,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, version)
);

-- One side of the join waiting for the other (key = tenant/pcs_id); decided when both are here or the wait is over.
CREATE TABLE pending (
    key        text        PRIMARY KEY,
    tenant     text        NOT NULL,
    pcs_id     text        NOT NULL,
    verified   jsonb,
    risk       jsonb,
    first_seen timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pending_by_age ON pending (first_seen);

-- The first decision per submission wins; 'published' turns true once Kafka confirmed its event.
CREATE TABLE decisions (
    key        text        PRIMARY KEY,
    tenant     text        NOT NULL,
    pcs_id     text        NOT NULL,
    policy     text        NOT NULL,
    arm        text,
    decision   text        NOT NULL CHECK (decision IN ('accept', 'reject', 'escalate')),
    event      jsonb       NOT NULL,
    latency_ms double precision NOT NULL,
    published  boolean     NOT NULL DEFAULT false,
    rewarded   boolean     NOT NULL DEFAULT false,
    decided_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX decisions_unpublished ON decisions (decided_at) WHERE NOT published;

-- Thompson sampling: Beta(alpha, beta) per tenant and arm, updated by labelled outcomes.
CREATE TABLE bandit_arms (
    tenant text             NOT NULL,
    arm    text             NOT NULL,
    alpha  double precision NOT NULL,
    beta   double precision NOT NULL,
    pulls  bigint           NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, arm)
);
