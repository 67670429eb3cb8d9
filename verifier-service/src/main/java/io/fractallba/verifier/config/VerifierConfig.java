package io.fractallba.verifier.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Verifier settings ({@code flk.verifier.*}); defaults documented in docs/verifier.md. */
@ConfigMapping(prefix = "flk.verifier")
public interface VerifierConfig {

    /** Largest accepted body (docs/contract.md §1 default 64 KiB); larger bodies get 413. */
    @WithDefault("65536")
    int maxBodyBytes();

    /** Deepest JSON nesting accepted. */
    @WithDefault("32")
    int maxJsonDepth();

    /** Tenant of requests without X-Tenant-Id; unset means such requests get 401. */
    Optional<String> defaultTenant();

    /** Region name written into events. */
    @WithDefault("local")
    String region();

    /** Kafka topic of verified submissions. */
    @WithDefault("pcs.verified.v1")
    String topic();

    Map<String, Tenant> tenants();

    /** Serves POST /bench/baseline for the benchmark harness; off in normal operation. */
    @WithDefault("false")
    boolean benchBaselineEnabled();

    Wal wal();

    Dedup dedup();

    Outbox outbox();

    Replication replication();

    Policies policies();

    /** Verification policies per tenant (docs/policies.md). */
    interface Policies {
        /** Topic of policy publications and activations; keyed by tenant, kept forever, read from the start. */
        @WithDefault("policy.changes.v1")
        String topic();

        /**
         * Where the simulator reads labels for its precision and recall: the ensemble's decisions (a submission the
         * ensemble escalated or rejected counts as risky). Read without a consumer group, like the submissions.
         */
        @WithDefault("pcs.decision.v1")
        String labelsTopic();

        /** How long a publication or activation waits for the broker and for this replica to read it back. */
        @WithDefault("PT10S")
        Duration publishTimeout();

        /**
         * Benchmark only (dev/bench): decide every tenant with the compiled-in reference decision (PcsDecider with the
         * contract's constants, what the verifier ran before policies) and ignore the tenants' policies, so the harness
         * can measure the policy engine against it. Never set it in a deployment.
         */
        @WithDefault("false")
        boolean benchReferenceDecider();
    }

    /** Records shipped here by other regions' crr-shippers (docs/crr.md). */
    interface Replication {
        /**
         * Whether this verifier takes records shipped by peer regions (POST /v1/replication/apply, which also needs a
         * token with the replicator role); false answers 404.
         */
        @WithDefault("false")
        boolean enabled();

        /**
         * Oldest {@code received_at} a shipped record may carry: the key that verifies it is chosen at that instant,
         * so a sender must not be able to backdate a record to a long-retired key. A record received in the future
         * (beyond 5 minutes of clock skew) is refused too.
         */
        @WithDefault("P14D")
        java.time.Duration maxAge();

        /** Most events one apply request may carry. */
        @WithDefault("1000")
        int maxBatch();

        /** Records of one batch applied at once (each is a few dedup round trips). */
        @WithDefault("16")
        int parallelism();

        /** How long an apply waits for the broker to acknowledge its events before answering 503. */
        @WithDefault("10s")
        Duration publishTimeout();
    }

    interface Tenant {
        @WithDefault("true")
        boolean enabled();

        /** Requests per second across all replicas; 0 = unlimited. */
        @WithDefault("0")
        int rateLimitPerSecond();

        /** Requests per UTC day across all replicas; 0 = unlimited. */
        @WithDefault("0")
        long dailyQuota();

        /**
         * Request-body bytes per UTC day across all replicas; 0 = unlimited. Checked with the limits above, before
         * the WAL append and so before any signature check: it bounds what unsigned junk sent in this tenant's name
         * can cost the WAL disk in a day.
         */
        @WithDefault("0")
        long dailyByteQuota();

        /** Hot-tier lifetime of this tenant's outcomes (overrides {@code dedup.hot-ttl}). */
        Optional<Duration> dedupHotTtl();

        /**
         * The tenant's VRF public key (32 bytes, standard base64; an Ed25519 public key): a policy with
         * {@code vrf.required} checks that each PCS's seed is this key's ECVRF output over its merkle_root
         * (docs/policies.md, "VRF-derived seeds"). Unset: no VRF check for the tenant.
         */
        Optional<String> vrfPublicKey();

        Map<String, Key> keys();
    }

    interface Key {
        /** hmac, hmac-legacy, ed25519 or none. */
        String alg();

        /** HMAC secret (UTF-8); from a Kubernetes Secret in production. */
        Optional<String> secret();

        /** Ed25519 public key, 32 raw bytes in base64. */
        Optional<String> publicKey();

        /** RFC 3339 instants bounding the key's validity (rotation overlap). */
        Optional<String> notBefore();

        Optional<String> notAfter();

        @WithDefault("true")
        boolean enabled();
    }

    interface Wal {
        /** Directory of the inbox WAL segments; must be on durable storage (a PersistentVolume in Kubernetes). */
        @WithDefault("data/wal")
        String dir();

        @WithDefault("67108864")
        long segmentBytes();

        /** Fully processed segments are kept this long, then deleted. */
        @WithDefault("PT24H")
        Duration retention();

        /** fsync each group commit; only tests of throughput without durability turn this off. */
        @WithDefault("true")
        boolean fsync();

        /** Longest a request waits for its group commit before answering 503. */
        @WithDefault("PT5S")
        Duration appendTimeout();
    }

    interface Dedup {
        /** The dedup window of docs/contract.md §6: a duplicate this young gets the first outcome. */
        @WithDefault("P14D")
        Duration window();

        /**
         * Base URL of the dedup-service, the durable tiers. Set: a hot-tier miss is looked up there before a
         * submission counts as new, and hot entries live {@code hot-ttl}. Unset: Redis alone keeps the whole window.
         */
        Optional<String> durableUrl();

        /** How long the durable lookup may take before the request answers 503 (nothing recorded). */
        @WithDefault("PT0.5S")
        Duration durableTimeout();

        /** Hot-tier lifetime of an outcome when the durable tiers are configured (per-tenant override exists). */
        @WithDefault("P1D")
        Duration hotTtl();

        /**
         * Hot tier spread over several Redis nodes: {@code name=redis://host:port,…[;vnodes=128]} (docs/dedup.md).
         * Unset: the single node of {@code quarkus.redis.hosts}.
         */
        Optional<String> shards();

        /** Where the current shard routing is published (the dedup-service); polled so migrations need no restart. */
        Optional<String> routingUrl();

        @WithDefault("PT1S")
        Duration routingPoll();

        /** Retry-After sent with 503 when the dedup store is unreachable. */
        @WithDefault("2")
        int retryAfterSeconds();
    }

    interface Outbox {
        /** Events waiting for Kafka beyond this count make new submissions answer 503. */
        @WithDefault("200000")
        int capacity();

        /** Initial and maximum backoff between re-sends while Kafka is unreachable. */
        @WithDefault("PT0.2S")
        Duration retryMin();

        @WithDefault("PT10S")
        Duration retryMax();
    }
}
