package io.fractallba.ensemble.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.ensemble.bandit.Reward;
import io.fractallba.ensemble.bandit.ThompsonBandit;
import io.fractallba.ensemble.check.AnomalyCheck;
import io.fractallba.ensemble.check.Check;
import io.fractallba.ensemble.check.MicroVoteCheck;
import io.fractallba.ensemble.model.AnomalyModel;
import io.fractallba.ensemble.model.MicroVoteTrainer;
import io.fractallba.ensemble.model.Signals;
import io.fractallba.ml.OnnxScorer;
import io.fractallba.ml.OnnxWriter;
import io.fractallba.ensemble.check.GroundingCheck;
import io.fractallba.ensemble.check.RecomputeCheck;
import io.fractallba.ensemble.check.RiskBandCheck;
import io.fractallba.ensemble.check.Subject;
import io.fractallba.ensemble.config.EnsembleConfig;
import io.fractallba.ensemble.policy.AgreementTracker;
import io.fractallba.ensemble.policy.Disagreement;
import io.fractallba.ensemble.policy.Ensemble;
import io.fractallba.ensemble.policy.CheckAccuracy;
import io.fractallba.ensemble.policy.EnsemblePolicy;
import io.fractallba.ensemble.policy.PolicyStore;
import io.fractallba.ensemble.join.ScorerProgress;
import io.fractallba.kafka.BatchConsumerLoop;
import io.fractallba.kafka.ConsumerHealth;
import io.fractallba.kafka.KafkaTracing;
import io.fractallba.kafka.KafkaSettings;
import io.fractallba.kafka.PoisonMessageException;
import io.fractallba.pcs.event.EnsembleDecision;
import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Assembles the ensemble-service: joins {@code pcs.verified.v1} with {@code pcs.risk.v1} by key (bounded wait, in
 * Postgres so a crash loses nothing), runs the tenant's policy, stores the first decision per submission and publishes
 * {@code pcs.decision.v1} (deterministic id); labelled outcomes reward the bandit.
 */
@ApplicationScoped
public class EnsembleRuntime {

    private static final Logger LOG = Logger.getLogger(EnsembleRuntime.class);

    private final EnsembleConfig config;
    private final ObjectMapper mapper;
    private final KafkaSettings kafka;
    private final ConsumerHealth health;
    private final KafkaTracing tracing;
    private final EnsembleStore store;
    private final PolicyStore policies;
    private final Ensemble ensemble;
    private final ExecutorService checkPool;
    private final PcsParser parser = new PcsParser();
    private final Map<String, ThompsonBandit> bandits = new ConcurrentHashMap<>();
    private final Random banditRandom;
    private final Counter decided;
    private final Counter riskMissing;
    private final MeterRegistry registry;
    private final Timer decisionTime;
    private final ModelStore models;
    private final AgreementTracker agreement;
    private final Map<String, Optional<AnomalyModel>> anomalyModels = new ConcurrentHashMap<>();
    private volatile MicroVoteCheck.Served microVote;
    /** Reads the scorer's progress twice a second (docs/ensemble.md, "Join"); its own thread, admin calls may block. */
    private final ScheduledExecutorService progressThread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ensemble-scorer-progress");
        t.setDaemon(true);
        return t;
    });
    private volatile ScorerProgress scorerProgress;
    private final ScheduledExecutorService upkeep = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ensemble-models");
        t.setDaemon(true);
        return t;
    });
    private Producer<String, byte[]> producer;
    private BatchConsumerLoop<EnsembleStore.Part> consumer;
    private long lastTick;

    public EnsembleRuntime(EnsembleConfig config, DataSource ds, MeterRegistry registry, ObjectMapper mapper,
                           KafkaSettings kafka, ConsumerHealth health, KafkaTracing tracing) {
        this.config = config;
        this.mapper = mapper;
        this.registry = registry;
        this.kafka = kafka;
        this.health = health;
        this.tracing = tracing;
        this.store = new EnsembleStore(ds);
        this.policies = new PolicyStore(ds, mapper, config.policyRefresh());
        this.checkPool = Executors.newFixedThreadPool(config.checkThreads(), r -> {
            Thread t = new Thread(r, "ensemble-check");
            t.setDaemon(true);
            return t;
        });
        this.models = new ModelStore(ds);
        this.agreement = new AgreementTracker(this::unanimityHistory);
        Map<String, Check> checks = Map.of("recompute", new RecomputeCheck(), "hrs", new RiskBandCheck(),
                "grounding", new GroundingCheck(), "anomaly", new AnomalyCheck(this::anomalyModel),
                "micro_vote", new MicroVoteCheck(() -> microVote));
        this.ensemble = new Ensemble(checks, checkPool);
        this.banditRandom = config.banditSeed() == 0 ? new Random() : new Random(config.banditSeed());
        this.decided = Counter.builder("flk_ensemble_decisions").description("Decisions published").register(registry);
        // Every decision's series exists from start, so dashboards and alerts see zeros, not gaps, after a restart.
        for (String d : List.of("accept", "escalate", "reject")) {
            registry.counter("flk_ensemble_outcomes", "decision", d);
        }
        this.riskMissing = Counter.builder("flk_ensemble_risk_missing")
                .description("Decisions made without a risk score (join wait expired)").register(registry);
        this.decisionTime = Timer.builder("flk_ensemble_decision_seconds")
                .description("Time to run a policy's checks and combine the votes, in the service")
                .publishPercentileHistogram().minimumExpectedValue(java.time.Duration.ofNanos(10_000))
                .maximumExpectedValue(java.time.Duration.ofSeconds(10)).register(registry);
    }

    void onStart(@Observes StartupEvent ev) {
        producer = tracing.wrap(new KafkaProducer<>(kafka.producer("ensemble-service")));
        health.watch(producer);
        if (config.trackScorer()) {
            scorerProgress = new ScorerProgress(org.apache.kafka.clients.admin.Admin.create(kafka.connection()),
                    config.scorerGroup(), config.consumerGroup(), config.verifiedTopic(), config.riskTopic());
            progressThread.scheduleWithFixedDelay(scorerProgress::refresh, 0, 500, TimeUnit.MILLISECONDS);
        }
        consumer = new BatchConsumerLoop<>("ensemble-service", new KafkaConsumer<>(kafka.consumer(config.consumerGroup(),
                config.maxBatch())), producer, List.of(config.verifiedTopic(), config.riskTopic()), new Handler());
        tracing.trace(health.watch(consumer));
        Thread t = new Thread(consumer, "ensemble-consumer");
        t.setDaemon(true);
        t.start();
        upkeep.execute(this::loadMicroVoteQuietly);
        upkeep.scheduleWithFixedDelay(this::refitAnomalyModelsQuietly, 2, 10, TimeUnit.SECONDS);
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (consumer != null) {
            consumer.stop();
        }
        checkPool.shutdownNow();
        upkeep.shutdownNow();
        progressThread.shutdownNow();
        if (scorerProgress != null) {
            scorerProgress.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** The consumer's handler: buffer both sides, then decide what is ready and publish, before the offsets. */
    private final class Handler implements BatchConsumerLoop.Handler<EnsembleStore.Part> {

        @Override
        public EnsembleStore.Part parse(ConsumerRecord<String, byte[]> r) throws PoisonMessageException {
            try {
                JsonNode payload = mapper.readTree(r.value()).get("payload");
                if (payload == null || !payload.hasNonNull("tenant") || !payload.hasNonNull("pcs_id")) {
                    throw new PoisonMessageException("payload.tenant and payload.pcs_id are required");
                }
                String tenant = payload.get("tenant").asText();
                String pcsId = payload.get("pcs_id").asText();
                String key = r.key() != null ? r.key() : tenant + "/" + pcsId;
                boolean verified = r.topic().equals(config.verifiedTopic());
                if (verified && !payload.hasNonNull("pcs_raw")) {
                    throw new PoisonMessageException("a pcs.verified event needs payload.pcs_raw");
                }
                if (!verified) {
                    try {
                        Subject.Risk.parse(payload);   // a risk event without a usable score is poison, never a 0
                    } catch (IllegalArgumentException e) {
                        throw new PoisonMessageException("unusable pcs.risk event: " + e.getMessage());
                    }
                }
                return new EnsembleStore.Part(key, tenant, pcsId, verified ? payload.toString() : null,
                        verified ? null : payload.toString(), verified ? r.partition() : null,
                        verified ? r.offset() : null, tracing.traceparent()); // the record's span is current here
            } catch (java.io.IOException e) {
                throw new PoisonMessageException("unreadable event: " + e.getMessage());
            }
        }

        @Override
        public void apply(List<EnsembleStore.Part> batch, int poisoned) throws Exception {
            store.buffer(batch);
            decideAndPublish();
        }

        @Override
        public void tick() throws Exception {
            long now = System.currentTimeMillis();
            if (now - lastTick >= 200) { // expired joins and unconfirmed events, a few times a second
                lastTick = now;
                decideAndPublish();
            }
        }
    }

    void decideAndPublish() throws Exception {
        EnsembleStore.JoinRule join = scorerProgress == null
                ? new EnsembleStore.JoinRule(config.joinWait(), config.joinWait(), null)
                : new EnsembleStore.JoinRule(config.joinWait(), config.maxJoinWait(), scorerProgress.passed());
        while (store.decideReady(join, config.orphanRiskAfter(), config.maxBatch(), this::decide) > 0) {
            publishPending();
        }
        publishPending();
    }

    private List<EnsembleStore.Decided> decide(List<EnsembleStore.Ready> ready) throws Exception {
        List<EnsembleStore.Decided> out = new ArrayList<>(ready.size());
        for (EnsembleStore.Ready r : ready) {
            JsonNode verified = mapper.readTree(r.verifiedJson());
            int status = verified.path("outcome").path("status").asInt(200);
            if (status >= 400) {
                // rejected by the verifier (never acknowledged): nothing to decide, the buffer row is dropped
                out.add(new EnsembleStore.Decided(r.key(), r.tenant(), r.pcsId(), null, null, null, null, 0, null, null));
                continue;
            }
            byte[] raw = verified.get("pcs_raw").asText().getBytes(StandardCharsets.UTF_8);
            Pcs pcs = parser.parse(raw);
            Subject.Risk risk = null;
            if (r.riskJson() != null) {
                try {
                    risk = Subject.Risk.parse(mapper.readTree(r.riskJson()));
                } catch (IllegalArgumentException e) {
                    // buffered before risk events were checked on arrival: counted as missing (the check abstains)
                    LOG.warnf("risk event for %s unusable, treated as missing: %s", r.key(), e.getMessage());
                    riskMissing.increment();
                }
            } else {
                riskMissing.increment();
            }
            PolicyStore.Versioned pv = policies.current(r.tenant());
            EnsemblePolicy policy = pv.policy();
            String arm = null;
            String variant = "";
            if (policy.bandit()) {
                arm = bandit(r.tenant(), policy).choose();
                policy = policy.withN(Integer.parseInt(arm.substring(1)));
                variant = "/" + arm;
            } else if (policy.isAdaptive()) {
                policy = policy.withN(agreement.effectiveN(r.tenant(), policy));
                variant = "/adaptive:n" + policy.n();
            }
            if (policy.usesMeasuredWeights()) {
                policy = policy.withWeights(measuredWeights(r.tenant()));
            }
            long t0 = System.nanoTime();
            Subject subject = new Subject(r.tenant(), r.pcsId(), pcs, mapper.readTree(raw), risk);
            Ensemble.Outcome o = ensemble.decide(subject, policy);
            agreement.record(r.tenant(), o.votes());
            long nanos = System.nanoTime() - t0;
            decisionTime.record(nanos, TimeUnit.NANOSECONDS);
            registry.counter("flk_ensemble_outcomes", "decision", o.decision()).increment();
            String verifierDecision = verified.path("outcome").path("escalated").asBoolean(false) ? "escalate" : "accept";
            String disagreement = Disagreement.of(o.votes(), o.decision(), verifierDecision);
            if (disagreement != null) {
                registry.counter("flk_ensemble_disagreements", "kind", disagreement).increment();
            }
            EnsembleDecision payload = new EnsembleDecision(r.tenant(), r.pcsId(), pv.id() + variant,
                    policy.n(), policy.m(), o.votes(), o.decision(), disagreement);
            EventEnvelope<EnsembleDecision> env = EventEnvelope.of(EventEnvelope.deterministicId(EnsembleDecision.TYPE, r.key()),
                    EnsembleDecision.TYPE, EnsembleDecision.VERSION, r.tenant(), r.key(), Instant.now(), payload);
            out.add(new EnsembleStore.Decided(r.key(), r.tenant(), r.pcsId(), pv.id(), arm, o.decision(),
                    mapper.writeValueAsString(env), nanos / 1e6, Signals.features(subject), r.traceparent()));
        }
        return out;
    }

    private void publishPending() throws Exception {
        List<EnsembleStore.Unpublished> pending = store.unpublished(config.maxBatch());
        if (pending.isEmpty()) {
            return;
        }
        List<Future<?>> acks = new ArrayList<>(pending.size());
        for (EnsembleStore.Unpublished p : pending) {
            // Under the submission's trace, so the decision event continues it although it leaves from the outbox.
            try (io.opentelemetry.context.Scope ignored = tracing.context(p.traceparent()).makeCurrent()) {
                acks.add(producer.send(new ProducerRecord<>(config.decisionTopic(), p.key(),
                        p.eventJson().getBytes(StandardCharsets.UTF_8))));
            }
        }
        for (Future<?> f : acks) {
            f.get(30, TimeUnit.SECONDS);
        }
        store.markPublished(pending.stream().map(EnsembleStore.Unpublished::key).toList());
        decided.increment(pending.size());
    }

    private ThompsonBandit bandit(String tenant, EnsemblePolicy policy) {
        return bandits.computeIfAbsent(tenant + "/" + policy.votingChecks(), k -> {
            ThompsonBandit b = new ThompsonBandit(IntStream.rangeClosed(1, policy.votingChecks()).mapToObj(n -> "n" + n).toList(),
                    banditRandom);
            try {
                store.arms(tenant).forEach(b::restore); // the posteriors survive restarts
            } catch (SQLException e) {
                throw new IllegalStateException("bandit state unavailable", e);
            }
            return b;
        });
    }

    /** What a labelled outcome did to the bandit. */
    public record Rewarded(String key, String decision, String arm, double reward, Integer success) {
    }

    private record CachedAccuracy(List<CheckAccuracy> checks, long readAt) {
    }

    private final Map<String, CachedAccuracy> accuracyCache = new ConcurrentHashMap<>();

    /** The tenant's per-check accuracy on labelled decisions (read again after 30 s or a new label of the tenant). */
    public List<CheckAccuracy> accuracy(String tenant) throws SQLException {
        CachedAccuracy c = accuracyCache.get(tenant);
        if (c == null || System.nanoTime() - c.readAt() > java.util.concurrent.TimeUnit.SECONDS.toNanos(30)) {
            c = new CachedAccuracy(store.accuracy(tenant), System.nanoTime());
            accuracyCache.put(tenant, c);
        }
        return c.checks();
    }

    /** The weights the tenant's checks earned, for those with enough labelled decisive votes. */
    public Map<String, Double> measuredWeights(String tenant) throws SQLException {
        Map<String, Double> w = new java.util.HashMap<>();
        for (CheckAccuracy a : accuracy(tenant)) {
            Double weight = a.weight(config.measuredWeightsMinLabels());
            if (weight != null && !a.check().equals(EnsemblePolicy.GATE)) {
                w.put(a.check(), weight);
            }
        }
        return w;
    }

    public long measuredWeightsMinLabels() {
        return config.measuredWeightsMinLabels();
    }

    /** A true label for a decided submission: 1 = risky, 0 = fine. Rewards the bandit arm once. */
    public Rewarded outcome(String tenant, String pcsId, int label) throws Exception {
        String key = tenant + "/" + pcsId;
        EnsembleStore.Stored d = store.decision(key).orElse(null);
        if (d == null) {
            return null;
        }
        JsonNode votes = mapper.readTree(d.eventJson()).path("payload").path("votes");
        long decisive = 0;
        long agreeing = 0;
        String side = d.decision().equals("accept") ? "accept" : "reject";
        double budget = 0;
        PolicyStore.Versioned pv = policies.current(tenant);
        for (JsonNode v : votes) {
            budget += pv.policy().timeoutFor(v.path("check").asText());
            String verdict = v.path("verdict").asText();
            if (verdict.equals("accept") || verdict.equals("reject")) {
                decisive++;
                agreeing += v.path("verdict").asText().equals(side) ? 1 : 0;
            }
        }
        double r = Reward.of(d.decision(), label, decisive == 0 ? 0 : agreeing / (double) decisive, d.latencyMs(), budget);
        models.label(key, tenant, label);
        accuracyCache.remove(tenant);
        if (d.arm() == null || d.rewarded()) {
            return new Rewarded(key, d.decision(), d.arm(), r, null);
        }
        ThompsonBandit b = bandit(tenant, pv.policy());
        int success = b.reward(d.arm(), r);
        if (!store.reward(key, tenant, d.arm(), success)) {
            return new Rewarded(key, d.decision(), d.arm(), r, null);
        }
        return new Rewarded(key, d.decision(), d.arm(), r, success);
    }

    private List<Boolean> unanimityHistory(String tenant) {
        try {
            List<Boolean> out = new ArrayList<>();
            for (String votes : store.recentVotes(tenant, AgreementTracker.WINDOW)) {
                out.add(AgreementTracker.unanimous(List.of(mapper.readValue(votes, EnsembleDecision.Vote[].class))));
            }
            return out;
        } catch (Exception e) {
            LOG.warnf("agreement history of %s unavailable, starting empty: %s", tenant, e.toString());
            return List.of();
        }
    }

    // ---- models --------------------------------------------------------------------------------------------------

    private Optional<AnomalyModel> anomalyModel(String tenant) {
        return anomalyModels.computeIfAbsent(tenant, t -> {
            try {
                return models.anomaly(t);
            } catch (SQLException e) {
                return Optional.empty(); // the check abstains; looked up again after the next refit pass
            }
        });
    }

    /** Fits the anomaly model of every tenant whose history grew enough; returns the tenants refitted. */
    public List<String> refitAnomalyModels() throws SQLException {
        List<String> tenants = models.tenantsToRefit(config.anomalyMinHistory(), config.anomalyRefitEvery());
        for (String tenant : tenants) {
            long size = models.historySize(tenant);
            AnomalyModel m = AnomalyModel.fit(models.history(tenant, config.anomalyWindow()));
            models.saveAnomaly(tenant, size, m);
            Optional<AnomalyModel> old = anomalyModels.put(tenant, Optional.of(m));
            if (old != null && old.isPresent()) {
                upkeep.schedule(old.get()::close, 30, TimeUnit.SECONDS);
            }
        }
        anomalyModels.entrySet().removeIf(e -> e.getValue().isEmpty()); // look up again: another replica may have fitted
        return tenants;
    }

    private void refitAnomalyModelsQuietly() {
        try {
            refitAnomalyModels();
        } catch (Exception e) {
            LOG.warnf("anomaly models not refitted, retried next round: %s", e.toString());
        }
    }

    private void loadMicroVoteQuietly() {
        try {
            models.latestMicroVote().ifPresent(m -> microVote = new MicroVoteCheck.Served("m" + m.version(),
                    new OnnxScorer(m.onnx(), Signals.FEATURE_NAMES.size())));
        } catch (Exception e) {
            LOG.warnf("micro-vote model not loaded: %s", e.toString());
        }
    }

    /** Trains the micro-vote classifier on the labelled decisions and serves it. */
    public Map<String, Object> trainMicroVote(long seed) throws Exception {
        MicroVoteTrainer.Trained t = MicroVoteTrainer.train(models.labelled(), seed, config.microVoteMinExamples());
        byte[] onnx = OnnxWriter.write(t.model(), "micro-vote");
        long version = models.saveMicroVote(t.examples(), t.auroc(), t.baselineAuroc(), mapper.writeValueAsString(t.model()), onnx);
        microVote = new MicroVoteCheck.Served("m" + version, new OnnxScorer(onnx, Signals.FEATURE_NAMES.size()));
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("version", "m" + version);
        out.put("examples", t.examples());
        out.put("test_rows", t.testRows());
        out.put("auroc", t.auroc());
        out.put("risk_score_auroc", t.baselineAuroc());
        return out;
    }

    public PolicyStore policies() {
        return policies;
    }

    public EnsembleStore store() {
        return store;
    }
}
