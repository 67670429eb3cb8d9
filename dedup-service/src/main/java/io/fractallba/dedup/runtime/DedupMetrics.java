package io.fractallba.dedup.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The dedup-service's metrics, all named {@code flk_dedup_*}, per tier where it applies. */
public class DedupMetrics {

    private final MeterRegistry registry;
    private final Map<String, Timer> lookups = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sizes = new ConcurrentHashMap<>();
    final Counter ingested;
    final Counter duplicates;
    final Counter demoted;
    final Counter corrupt;
    final Counter reReads;
    final Counter prepromoted;
    private final Map<String, AtomicLong> demotionAges = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> predicted = new ConcurrentHashMap<>();

    public DedupMetrics(MeterRegistry registry) {
        this.registry = registry;
        ingested = Counter.builder("flk_dedup_records_stored_total").description("First responses stored in the warm tier")
                .register(registry);
        duplicates = Counter.builder("flk_dedup_records_duplicate_total")
                .description("Events whose (tenant, pcs_id) already had a record (first write won)").register(registry);
        demoted = Counter.builder("flk_dedup_records_demoted_total").description("Warm records moved to the cold archive")
                .register(registry);
        corrupt = Counter.builder("flk_dedup_cold_segment_corrupt_total")
                .description("Reads of cold segments whose checksum failed").register(registry);
        reReads = Counter.builder("flk_dedup_tiering_reads_total")
                .description("Re-reads answered by the warm or cold tier, counted into the access model").register(registry);
        prepromoted = Counter.builder("flk_dedup_tiering_prepromoted_total")
                .description("Warm records written to the hot tier ahead of the re-reads the access model expects")
                .register(registry);
        for (String tier : new String[] {"warm", "cold"}) {
            AtomicLong g = new AtomicLong();
            sizes.put(tier, g);
            registry.gauge("flk_dedup_records", java.util.List.of(io.micrometer.core.instrument.Tag.of("tier", tier)), g);
        }
    }

    /** A lookup answered from {@code tier} (hot, warm, cold) or not found (none). */
    public void lookup(String tier, long nanos) {
        lookups.computeIfAbsent(tier, t -> Timer.builder("flk_dedup_lookup_seconds").tag("tier", t)
                .description("Lookups by the tier that answered").publishPercentileHistogram()
                .minimumExpectedValue(java.time.Duration.ofNanos(10_000))
                .maximumExpectedValue(java.time.Duration.ofSeconds(10)).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void size(String tier, long n) {
        AtomicLong g = sizes.get(tier);
        if (g != null) {
            g.set(n);
        }
    }

    /** The warm age in force for {@code tenant} and whether the access model chose it (1) or the fixed age (0). */
    public void tiering(String tenant, java.time.Duration warmAge, boolean byModel) {
        demotionAges.computeIfAbsent(tenant, t -> registry.gauge("flk_dedup_tiering_demotion_age_seconds",
                java.util.List.of(io.micrometer.core.instrument.Tag.of("tenant", t)), new AtomicLong()))
                .set(warmAge.toSeconds());
        predicted.computeIfAbsent(tenant, t -> registry.gauge("flk_dedup_tiering_predicted",
                java.util.List.of(io.micrometer.core.instrument.Tag.of("tenant", t)), new AtomicLong()))
                .set(byModel ? 1 : 0);
    }
}
