package io.fractallba.dedup.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** dedup-service settings ({@code flk.dedup.*}); defaults documented in docs/dedup.md. */
@ConfigMapping(prefix = "flk.dedup")
public interface DedupConfig {

    /** Topics whose events carry first responses. */
    @WithDefault("pcs.verified.v1")
    List<String> topics();

    @WithDefault("dedup-service")
    String consumerGroup();

    @WithDefault("2000")
    int maxBatch();

    /** docs/contract.md §6 window: records are kept (in some tier) at least this long. */
    @WithDefault("P14D")
    Duration window();

    /** Records older than this are deleted by the retention job (window plus a grace period). */
    @WithDefault("P15D")
    Duration retention();

    /** Warm records older than this move to the cold archive (per-tenant override below). */
    @WithDefault("P3D")
    Duration warmAge();

    /** Hot-tier lifetime used when a record is promoted back to Redis. */
    @WithDefault("P1D")
    Duration hotTtl();

    /** How often the demoter and the retention job run; 0 disables them. */
    @WithDefault("PT1M")
    Duration housekeepingInterval();

    /** Most records per cold segment. */
    @WithDefault("10000")
    int segmentRecords();

    /** Directory of the filesystem object store holding cold segments. */
    @WithDefault("data/dedup-cold")
    String coldDir();

    /**
     * The hot tier's layout before any migration ({@code name=redis://host:port,…[;vnodes=N]}); must match the
     * verifiers' {@code flk.verifier.dedup.shards}. Unset: one node, {@code quarkus.redis.hosts}.
     */
    Optional<String> shards();

    /** Where the storage each tenant occupies is reported every hour (byte-hours per tier; docs/cost.md). */
    @WithDefault("cost.usage.v1")
    String usageTopic();

    Map<String, Tenant> tenants();

    /** Predictive tiering (docs/dedup.md#predictive-tiering): warm ages and hot pre-promotion from re-reads by age. */
    Tiering tiering();

    interface Tiering {
        /**
         * {@code fixed}: every tenant demoted at its warm age; {@code predictive}: at the age its access model chooses
         * (the models are kept in both modes). Tenants with their own {@code warm-age} stay pinned to it.
         */
        @WithDefault("fixed")
        String mode();

        /** Demote from the youngest age after which a record expects fewer re-reads than this. */
        @WithDefault("0.02")
        double readThreshold();

        /** Never demote younger than this (the verifier's hot entry hides younger re-reads from this service). */
        @WithDefault("P1D")
        Duration minAge();

        /** Never keep warm longer than this; at most the retention. */
        @WithDefault("P14D")
        Duration maxAge();

        /** Weight of each closed day in the exponentially smoothed re-read rates. */
        @WithDefault("0.2")
        double smoothing();

        /** Days the model must have folded before it decides instead of the fixed warm age. */
        @WithDefault("7")
        int minDays();

        /** Records the tenant must have stored while the model watched before it decides. */
        @WithDefault("1000")
        long minRecords();

        /** Age buckets expecting at least this many re-reads per record are written to Redis ahead of time. */
        @WithDefault("0.25")
        double prepromoteThreshold();
    }

    interface Tenant {
        Optional<Duration> warmAge();

        Optional<Duration> hotTtl();
    }
}
