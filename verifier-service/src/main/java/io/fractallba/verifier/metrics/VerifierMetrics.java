package io.fractallba.verifier.metrics;

import io.fractallba.verifier.tenant.TenantRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The verifier's metrics, all named {@code flk_verifier_*}. Tenant labels only take configured tenant ids (else
 * "unknown"), so a client cannot blow up label cardinality with made-up tenant headers.
 */
@ApplicationScoped
public class VerifierMetrics {

    public enum Stage { WAL, PARSE, VERIFY, DECIDE, DEDUP, PUBLISH }

    private final MeterRegistry registry;
    private final TenantRegistry tenants;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<Stage, Timer> stages = new ConcurrentHashMap<>();
    private final Map<String, Timer> requests = new ConcurrentHashMap<>();

    public VerifierMetrics(MeterRegistry registry, TenantRegistry tenants) {
        this.registry = registry;
        this.tenants = tenants;
    }

    /** One request ended with {@code result} (accepted, escalated, rejected, duplicate, bad_signature, ...). */
    public void request(String tenant, String result, long nanos) {
        String t = tenant != null && tenants.tenantIds().contains(tenant) ? tenant : "unknown";
        counters.computeIfAbsent(t + "|" + result, k -> Counter.builder("flk_verifier_requests")
                .description("Submissions by tenant and result").tag("tenant", t).tag("result", result)
                .register(registry)).increment();
        requests.computeIfAbsent(result, r -> Timer.builder("flk_verifier_request_seconds")
                .description("Whole-request latency").tag("result", r).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void stage(Stage stage, long nanos) {
        stages.computeIfAbsent(stage, s -> Timer.builder("flk_verifier_stage_seconds")
                .description("Latency of one stage of the request path").tag("stage", s.name().toLowerCase())
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** A lookup in the durable dedup tiers after a hot miss: result hit, miss or error. */
    public void durableLookup(String result, long nanos) {
        requests.computeIfAbsent("durable|" + result, k -> Timer.builder("flk_verifier_dedup_durable_lookup_seconds")
                .description("Durable dedup lookups after a hot-tier miss").tag("result", result)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void count(String name, String description) {
        counters.computeIfAbsent(name, n -> Counter.builder(n).description(description).register(registry)).increment();
    }

    public MeterRegistry registry() {
        return registry;
    }
}
