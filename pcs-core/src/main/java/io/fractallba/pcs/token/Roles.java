package io.fractallba.pcs.token;

import java.util.List;

/**
 * The suite's roles (docs/security.md), carried in a bearer token's {@code groups} claim. What each may do is declared
 * on every endpoint; tenants a token covers are in its {@code tenants} claim.
 */
public final class Roles {

    /** Submits for its tenants; the PCS signature stays the submit credential, so submit itself needs no token. */
    public static final String AGENT = "agent";
    /** Reads its own tenants' records, decisions, scores and audit entries. */
    public static final String TENANT_READER = "tenant-reader";
    /** The cost API for its listed tenants. */
    public static final String ANALYST = "analyst";
    /** Admin actions: policies, labels, training, promotion, rollback, tiering, migrations, divergence runs, prices, bills. */
    public static final String OPERATOR = "operator";
    /** A peer region's crr-shipper: applies replicated records, reads ledgers and digests. */
    public static final String REPLICATOR = "replicator";

    /** Another service of the suite calling with its own credential (the verifier's dedup lookups and routing). */
    public static final String SERVICE = "service";

    public static final List<String> ALL = List.of(AGENT, TENANT_READER, ANALYST, OPERATOR, REPLICATOR, SERVICE);

    /** The {@code tenants} claim value that covers every tenant. */
    public static final String ALL_TENANTS = "*";

    /** The issuer ({@code iss}) every service expects unless configured otherwise. */
    public static final String DEFAULT_ISSUER = "fractal-lba";

    private Roles() {
    }
}
