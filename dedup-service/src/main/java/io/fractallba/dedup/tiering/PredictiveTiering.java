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
 *
 * <p>Pre-promotion hides the signal it is decided from: a record written to Redis ahead of its re-read is answered
 * by the verifier alone, so this service never counts that re-read. A deterministic holdout keeps the signal: one
 * record in {@link #HOLDOUT_ONE_IN} (by a hash of its pcs_id) is never pre-promoted, and while a re-read's age lies in
 * one of its tenant's hot bands only the held-out records' re-reads are counted, each as {@link #HOLDOUT_ONE_IN}
 * (the others count 0 whether or not pre-promotion reached them) — an unbiased estimate of the band's re-reads
 * however many of them Redis answered.
 */
public final class PredictiveTiering {

    /** One record in this many is never pre-promoted; its re-reads inside a hot band stand for all of the band's. */
    public static final int HOLDOUT_ONE_IN = 10;

    /**
     * What housekeeping applies until the next refresh: warm ages per tenant that differ from the default in force
     * (pinned tenants, and in predictive mode those the model decides for; every other tenant: the default) and hot
     * bands; {@code predicted} names every modelled tenant that is not pinned (true when the model chose its age);
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
    private final Map<String, Duration> tenantHotTtl;
    private final Clock clock;
    private final TieringPolicy asPredictive;
    private volatile Decisions decisions;

    public PredictiveTiering(AccessRecorder recorder, AccessModelStore store, TieringPolicy policy,
                             Duration defaultWarmAge, Map<String, Duration> pinned, Clock clock) {
        this(recorder, store, policy, defaultWarmAge, pinned, Map.of(), clock);
    }

    /** @param tenantHotTtl the verifier hot TTL of tenants with their own {@code tenants.<t>.hot-ttl} */
    public PredictiveTiering(AccessRecorder recorder, AccessModelStore store, TieringPolicy policy,
                             Duration defaultWarmAge, Map<String, Duration> pinned, Map<String, Duration> tenantHotTtl,
                             Clock clock) {
        this.recorder = recorder;
        this.store = store;
        this.policy = policy;
        this.defaultWarmAge = defaultWarmAge;
        this.pinned = Map.copyOf(pinned);
        this.tenantHotTtl = Map.copyOf(tenantHotTtl);
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

    public Duration defaultWarmAge() {
        return defaultWarmAge;
    }

    public Decisions decisions() {
        return decisions;
    }

    /** The warm age in force for a tenant. */
    public Duration warmAge(String tenant) {
        return decisions.warmAges().getOrDefault(tenant, defaultWarmAge);
    }

    /**
     * Counts a re-read the service answered from the warm or cold tier (the verifier's lookup after a hot miss), with
     * the weight {@link #readWeight} gives it under the hot bands in force.
     */
    public void observe(String tenant, String pcsId, Duration age) {
        long w = readWeight(decisions, tenant, pcsId, age);
        if (w > 0) {
            recorder.read(tenant, age, w);
        }
    }

    /** Whether a record is in the holdout: never pre-promoted (deterministic, about one in {@link #HOLDOUT_ONE_IN}). */
    public static boolean heldOut(String pcsId) {
        int h = pcsId.hashCode();                                    // specified by the JLS: the same in every JVM
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Integer.remainderUnsigned(h, HOLDOUT_ONE_IN) == 0;
    }

    /**
     * How much an observed re-read at {@code age} counts: 1 outside the tenant's hot bands; inside one,
     * {@link #HOLDOUT_ONE_IN} for a held-out record and 0 for any other (its band's re-reads are estimated from the
     * holdout alone, since pre-promotion hides most of the others from this service).
     */
    public static long readWeight(Decisions d, String tenant, String pcsId, Duration age) {
        for (TieringPolicy.Band b : d.hotBands().getOrDefault(tenant, List.of())) {
            if (age.compareTo(b.from()) >= 0 && age.compareTo(b.to()) < 0) {
                return heldOut(pcsId) ? HOLDOUT_ONE_IN : 0;
            }
        }
        return 1;
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

    /**
     * The decisions for these models (pure: the benchmark's replay calls it with its own models). A tenant the model
     * does not decide for (fixed mode, or too little seen) gets no entry in {@code warmAges}, so housekeeping demotes
     * it with every other default tenant in one query and one segment.
     */
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
            boolean decides = policy.decides(m);
            predicted.put(tenant, decides);
            if (!decides) {
                return;
            }
            Duration age = policy.demotionAge(m, defaultWarmAge);
            ages.put(tenant, age);
            List<TieringPolicy.Band> b = policy.hotBands(m, age,
                    tenantHotTtl.getOrDefault(tenant, policy.settings().hotTtl()));
            if (!b.isEmpty()) {
                bands.put(tenant, b);
            }
        });
        return new Decisions(Map.copyOf(ages), Map.copyOf(bands), Map.copyOf(predicted), Map.copyOf(modelAges));
    }
}
