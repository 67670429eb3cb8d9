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

    interface Tenant {
        Optional<Duration> warmAge();

        Optional<Duration> hotTtl();
    }
}
