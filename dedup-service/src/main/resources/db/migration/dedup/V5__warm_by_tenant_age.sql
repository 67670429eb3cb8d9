-- Per-tenant warm queries (docs/dedup.md, predictive tiering): the demoter's "warm records of these tenants older
-- than their age" and pre-promotion's "a tenant's warm records first seen in this band", both ordered by first_seen.
-- records_warm_by_age (first_seen) alone makes each of them walk every tenant's warm records of that age range.
CREATE INDEX records_warm_by_tenant_age ON records (tenant, first_seen) WHERE tier = 'warm';
