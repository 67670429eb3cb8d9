package io.fractallba.dedup.tiering;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the access models current and the decisions taken from them. The models are always kept, whatever the mode,
 * so switching a running service to {@code predictive} starts from days of history instead of none; only the
 * decisions depend on the mode. A tenant with an explicit {@code flk.dedup.tenants.<t>.warm-age} is pinned to it.
 */
public final class PredictiveTiering {

    /**
     * What housekeeping applies until the next refresh: warm ages per tenant (others: the default) and hot bands;
     * {@code modelWarmAges} is what the model would choose in predictive mode, shown in fixed mode too so an
     * operator can see what switching would do before switching.
     */
    public record Decisions(Map<String, Duration> warmAges, Map<String, List<TieringPolicy.Band>> hotBands,
                            Map<String, Boolean> predicted, Map<String, Duration> modelWarmAges) {
    }

    private final AccessRecorder recorder;
    private final AccessModelStore store;
    private final TieringPolicy policy;
    private final Duration defaultWarmAge;
    private final Map<String, Duration> pinned;
    private final Clock clock;
    private final TieringPolicy asPredictive;
    private volatile Decisions decisions;

    public PredictiveTiering(AccessRecorder recorder, AccessModelStore store, TieringPolicy policy,
                             Duration defaultWarmAge, Map<String, Duration> pinned, Clock clock) {
        this.recorder = recorder;
        this.store = store;
        this.policy = policy;
        this.defaultWarmAge = defaultWarmAge;
        this.pinned = Map.copyOf(pinned);
        this.clock = clock;
        this.decisions = new Decisions(this.pinned, Map.of(), Map.of(), Map.of());
        this.asPredictive = new TieringPolicy(new TieringPolicy.Settings(TieringPolicy.Mode.PREDICTIVE,
                policy.settings().readThreshold(), policy.settings().minAge(), policy.settings().maxAge(),
                policy.settings().minDays(), policy.settings().minRecords(), policy.settings().prepromoteThreshold(),
                policy.settings().hotTtl(), policy.settings().smoothing()));
    }

    public AccessRecorder recorder() {
        return recorder;
    }

    public TieringPolicy policy() {
        return policy;
    }

    public Decisions decisions() {
        return decisions;
    }

    /** Flushes this replica's counts, closes finished days and decides again from the stored models. */
    public Decisions refresh() throws SQLException {
        Map<String, long[]> counts = recorder.drain();
        Map<String, AccessModel> models;
        try {
            models = store.flush(counts, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC),
                    policy.settings().smoothing());
        } catch (SQLException | RuntimeException e) {
            recorder.restore(counts);
            throw e;
        }
        decisions = decide(models);
        return decisions;
    }

    /** The decisions for these models (pure: the benchmark's replay calls it with its own models). */
    public Decisions decide(Map<String, AccessModel> models) {
        Map<String, Duration> ages = new HashMap<>(pinned);
        Map<String, List<TieringPolicy.Band>> bands = new HashMap<>();
        Map<String, Boolean> predicted = new HashMap<>();
        Map<String, Duration> modelAges = new HashMap<>();
        models.forEach((tenant, m) -> {
            if (asPredictive.decides(m)) {
                modelAges.put(tenant, asPredictive.demotionAge(m, defaultWarmAge));
            }
            if (pinned.containsKey(tenant)) {
                return;
            }
            Duration age = policy.demotionAge(m, defaultWarmAge);
            ages.put(tenant, age);
            predicted.put(tenant, policy.decides(m));
            List<TieringPolicy.Band> b = policy.hotBands(m, age);
            if (!b.isEmpty()) {
                bands.put(tenant, b);
            }
        });
        return new Decisions(Map.copyOf(ages), Map.copyOf(bands), Map.copyOf(predicted), Map.copyOf(modelAges));
    }
}
