package io.fractallba.hrs.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.hrs.config.HrsConfig;
import io.fractallba.hrs.eval.LabelledFeatures;
import io.fractallba.hrs.eval.SyntheticLabelledData;
import io.fractallba.hrs.features.FeatureExtractor;
import io.fractallba.hrs.features.FeatureSchema;
import io.fractallba.hrs.features.TenantBaseline;
import io.fractallba.ml.Example;
import io.fractallba.ml.OnnxScorer;
import io.fractallba.ml.OnnxWriter;
import io.fractallba.hrs.registry.ModelCard;
import io.fractallba.hrs.registry.ModelRegistry;
import io.fractallba.hrs.registry.RegisteredModel;
import io.fractallba.hrs.training.Candidate;
import io.fractallba.hrs.training.Evaluation;
import io.fractallba.hrs.training.NotEnoughDataException;
import io.fractallba.hrs.training.PromotionRule;
import io.fractallba.hrs.training.TrainingPipeline;
import io.fractallba.kafka.BatchConsumerLoop;
import io.fractallba.hrs.guard.LiveGuard;
import io.fractallba.hrs.training.GroupAudit;
import io.fractallba.kafka.ConsumerHealth;
import io.fractallba.kafka.KafkaTracing;
import io.fractallba.kafka.KafkaSettings;
import io.fractallba.kafka.UsageEmitter;
import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.pcs.event.RiskScored;
import io.fractallba.pcs.event.Topics;
import io.fractallba.pcs.model.Pcs;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Assembles the hrs-service and owns its threads: the scoring consumer, training, and the gauges' refresh. */
@ApplicationScoped
public class HrsRuntime {

    private static final Logger LOG = Logger.getLogger(HrsRuntime.class);

    /** What a training run produced. */
    public record Trained(String version, String status, Candidate candidate) {
    }

    private final HrsConfig config;
    private final ObjectMapper mapper;
    private final KafkaSettings kafka;
    private final ConsumerHealth health;
    private final KafkaTracing tracing;
    private final HrsStore store;
    private final ModelRegistry registry;
    private final FeatureExtractor extractor;
    private final io.fractallba.hrs.features.DeclaredFeatures declared;
    private final TrainingPipeline pipeline;
    private final DriftMonitor drift;
    private final HrsMetrics metrics;
    private final Map<String, TenantBaseline> baselines = new ConcurrentHashMap<>();
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hrs-background");
        t.setDaemon(true);
        return t;
    });
    private final Object training = new Object();
    private volatile ServingModels serving;
    private Producer<String, byte[]> producer;
    private UsageEmitter usage;
    private BatchConsumerLoop<RiskIngestor.Submission> consumer;

    public HrsRuntime(HrsConfig config, DataSource ds, MeterRegistry registry, ObjectMapper mapper,
                      KafkaSettings kafka, ConsumerHealth health, KafkaTracing tracing) {
        this.config = config;
        this.mapper = mapper;
        this.kafka = kafka;
        this.health = health;
        this.tracing = tracing;
        this.store = new HrsStore(ds);
        this.registry = new ModelRegistry(ds);
        this.extractor = new FeatureExtractor(mapper);
        this.declared = new io.fractallba.hrs.features.DeclaredFeatures(
                io.fractallba.hrs.features.DeclaredFeatures.Mode.parse(config.declaredFeatures()),
                config.declaredFeaturesRaiseOnlyTenants().orElse(java.util.Set.of()));
        this.pipeline = new TrainingPipeline(config.lambda(), config.alpha(), config.minExamples());
        this.drift = new DriftMonitor(config.driftWindow());
        this.metrics = new HrsMetrics(registry, drift);
        io.micrometer.core.instrument.Gauge.builder("flk_hrs_tenant_baselines", baselines, Map::size)
                .description("Tenant baselines held in memory (tenants whose events were scored)").strongReference(true)
                .register(registry);
    }

    void onStart(@Observes StartupEvent ev) {
        producer = tracing.wrap(new KafkaProducer<>(kafka.producer("hrs-service")));
        health.watch(producer);
        usage = new UsageEmitter(producer, mapper, config.usageTopic(), "hrs-service");
        // Scoring starts once a model exists: the bootstrap model trains in the background, not in the start-up path.
        background.execute(this::startScoring);
        long every = config.trainingInterval().toMillis();
        if (every > 0) {
            background.scheduleWithFixedDelay(this::scheduledTraining, every, every, TimeUnit.MILLISECONDS);
        }
        long refresh = Math.max(100, config.refreshInterval().toMillis());
        background.scheduleWithFixedDelay(this::refresh, Math.min(5000, refresh), refresh, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (consumer != null) {
            consumer.stop();
        }
        background.shutdownNow();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private void startScoring() {
        // With a bootstrap configured (%dev, the demo) scoring waits for that model; without one (the default, %prod)
        // events are answered "no model" until a model trained on labels exists (docs/hrs.md, "No model").
        boolean waitForModel = config.bootstrapExamples() > 0;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                bootstrapIfEmpty();
                boolean loaded = reloadModels();
                if (consumeNow(loaded, waitForModel, !loaded && registry.anyOfCurrentSchema())) {
                    if (!loaded && waitForModel) {
                        LOG.warn("models of the current feature schema exist but none is active, so no bootstrap runs: "
                                + "events are answered 'no model' until one is promoted (POST /v1/hrs/models/{v}/promote) "
                                + "or trained");
                    }
                    break;
                }
                LOG.info("no active model yet: scoring waits for the bootstrap model");
            } catch (Exception e) {
                LOG.warnf("cannot load or bootstrap a model yet, retrying: %s", e.toString());
            }
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                return;
            }
        }
        if (serving == null) {
            LOG.info("no model trained on labels yet (bootstrap off): events are answered 'no model' until "
                    + "POST /v1/hrs/train registers one");
        }
        consumer = new BatchConsumerLoop<>("hrs-service", new KafkaConsumer<>(kafka.consumer(config.consumerGroup(),
                config.maxBatch())), producer, List.of(config.inputTopic()), new RiskIngestor(mapper, this::scoreAndPublish));
        tracing.trace(health.watch(consumer));
        Thread t = new Thread(consumer, "hrs-consumer");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Whether the consumer may start: a model is loaded; or no bootstrap is configured (events are answered "no
     * model"); or the bootstrap will never run because models of the current schema exist though none is active
     * (retired or shadow only) — waiting would hang, so events are answered "no model" until one is promoted.
     */
    static boolean consumeNow(boolean loaded, boolean waitForBootstrap, boolean inactiveModelsOfCurrentSchema) {
        return loaded || !waitForBootstrap || inactiveModelsOfCurrentSchema;
    }

    private void bootstrapIfEmpty() throws SQLException {
        if (config.bootstrapExamples() <= 0 || registry.active().isPresent() || registry.anyOfCurrentSchema()) {
            return;
        }
        synchronized (training) {
            long seed = config.seed();
            List<SyntheticLabelledData.Item> items = new SyntheticLabelledData(seed).generate(config.bootstrapExamples());
            List<Example> data = LabelledFeatures.of(items, extractor);
            try {
                Candidate c = pipeline.train(data, seed, null, LabelledFeatures.declared(items));
                String origin = "synthetic labelled data set (SyntheticLabelledData, " + data.size()
                        + " submissions, generator seed " + seed + "), used because no model existed";
                String v = registry.register(c, exportChecked(c, "bootstrap", data), origin, true, true, ModelCard::write);
                LOG.infof("bootstrap model %s trained on the synthetic data set (its scores are marked synthetic): AUROC %.3f",
                        v, c.evaluation().auroc());
            } catch (NotEnoughDataException e) {
                throw new IllegalStateException(e.getMessage(), e);
            } catch (SQLException e) {
                LOG.infof("another replica registered a model first: %s", e.getMessage());
            }
        }
    }

    /**
     * Loads the active and shadow models of the current feature schema from the registry; false if none is active —
     * then nothing is served (events are answered "no model"), whatever was served before. Synchronized: a reload
     * after a change here and the periodic one ({@link #syncWithRegistry}) must not leave the older state serving.
     */
    public synchronized boolean reloadModels() throws SQLException {
        Optional<RegisteredModel> active = registry.active();
        ServingModels old = serving;
        if (active.isEmpty()) {
            if (old != null) {
                serving = null;
                metrics.active.set(HrsMetrics.ActiveEvaluation.NONE);
                LOG.warnf("no active model of feature schema %s any more (was %s): events are answered 'no model'",
                        FeatureSchema.VERSION, old.active().version());
                background.schedule(old::close, 30, TimeUnit.SECONDS);
            }
            return false;
        }
        ServingModels fresh = new ServingModels(active.get(), registry.shadow().orElse(null), config.abPercent());
        serving = fresh;
        Candidate c = active.get().evaluation();
        metrics.active.set(new HrsMetrics.ActiveEvaluation(c.evaluation().auroc(), c.evaluation().ece(),
                c.evaluation().coverage(), c.evaluation().nominalCoverage()));
        if (old == null || !old.active().version().equals(active.get().version())) {
            drift.reference(c.trainingDeciles(), c.trainingShares());
        }
        if (old != null) {
            background.schedule(old::close, 30, TimeUnit.SECONDS); // calls in flight finish on the old sessions
        }
        return true;
    }

    /**
     * Reloads when the registry's active or shadow model (of the current schema) is not the one served: another
     * replica trained, promoted or rolled back. Runs every {@code refresh-interval}; true if it reloaded.
     */
    boolean syncWithRegistry() throws SQLException {
        String[] want = registry.servingVersions();
        ServingModels s = serving;
        String activeServed = s == null ? null : s.active().version();
        String shadowServed = s == null || s.shadow() == null ? null : s.shadow().version();
        if (java.util.Objects.equals(want[0], activeServed)
                && (want[0] == null || java.util.Objects.equals(want[1], shadowServed))) {
            return false;
        }
        LOG.infof("the registry's models changed (active %s, shadow %s; served %s, %s): reloading", want[0], want[1],
                activeServed, shadowServed);
        reloadModels();
        return true;
    }

    /** The periodic refresh: the served models against the registry, the live coverage, then the live-label guard. */
    private void refresh() {
        try {
            syncWithRegistry();
        } catch (Exception e) {
            LOG.warnf("served models not checked against the registry, retried next round: %s", e.toString());
        }
        refreshLiveCoverage();
        try {
            guardPromotedModel();
        } catch (Exception e) {
            LOG.warnf("the promoted model was not judged on live labels, retried next round: %s", e.toString());
        }
    }

    /**
     * Judges the promoted active model on the labels of the submissions it scored ({@link LiveGuard}) and, when they
     * show it breaking its coverage or a tenant's false-positive bound, restores the model it replaced, with the
     * reason in the registry. Returns the breach that caused a rollback.
     */
    public Optional<LiveGuard.Breach> guardPromotedModel() throws SQLException {
        HrsConfig.AutoRollback cfg = config.autoRollback();
        if (!cfg.enabled()) {
            return Optional.empty();
        }
        Optional<RegisteredModel> judged = registry.judgeable();
        if (judged.isEmpty()) {
            return Optional.empty();
        }
        String version = judged.get().version();
        Optional<LiveGuard.Breach> breach = LiveGuard.judge(version, judged.get().evaluation(),
                store.liveOutcomes(version), new LiveGuard.Settings(cfg.minLabels(), cfg.coverageTolerance(),
                        cfg.fprTolerance(), cfg.minGroupNegatives()));
        if (breach.isEmpty()) {
            return Optional.empty();
        }
        synchronized (training) {
            try {
                Optional<String> restored = registry.autoRollback(version, breach.get().reason());
                if (restored.isEmpty()) {
                    return Optional.empty(); // another replica or an operator changed the active model first
                }
                metrics.autoRollbacks(breach.get().kind()).increment();
                LOG.warnf("rolled back to %s automatically: %s", restored.get(), breach.get().reason());
                reloadModels();
                return breach;
            } catch (ModelRegistry.RefusedException e) {
                LOG.warnf("%s, but no rollback is possible: %s", breach.get().reason(), e.getMessage());
                return Optional.empty();
            }
        }
    }

    // ---- scoring ------------------------------------------------------------------------------------------------

    void scoreAndPublish(List<RiskIngestor.Submission> received, int poison) throws Exception {
        List<RiskIngestor.Submission> batch = received.stream().filter(s -> !s.rejected()).toList();
        if (batch.isEmpty()) {
            return;
        }
        ServingModels models = serving;
        HrsStore.Existing existing = store.existing(batch.stream().map(s -> new String[]{s.tenant(), s.pcsId()}).toList());
        Map<String, TenantBaseline> advanced = new HashMap<>();
        List<String> keys = new ArrayList<>(batch.size());
        double[][] rows = new double[batch.size()][];
        boolean[] isNew = new boolean[batch.size()];
        boolean[] writeVector = new boolean[batch.size()];
        Map<String, Integer> firstInBatch = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            RiskIngestor.Submission s = batch.get(i);
            String key = Topics.submissionKey(s.tenant(), s.pcsId());
            keys.add(key);
            double[] stored = existing.current().get(key);
            Integer earlier = firstInBatch.putIfAbsent(key, i);
            if (stored != null || earlier != null) {
                rows[i] = stored != null ? stored : rows[earlier];
                metrics.redelivered.increment();
                continue;
            }
            if (existing.earlierSchema().contains(key)) {
                // seen before under an earlier feature schema: today's vector, the baseline read but not advanced again
                TenantBaseline known = advanced.containsKey(s.tenant()) ? advanced.get(s.tenant()) : baseline(s.tenant());
                rows[i] = extractor.extract(s.pcs(), s.rawPcs(), known);
                writeVector[i] = true;
                metrics.redelivered.increment();
                continue;
            }
            TenantBaseline b = advanced.get(s.tenant());
            if (b == null) {
                TenantBaseline known = baseline(s.tenant());
                b = new TenantBaseline(known.count(), known.mean(), known.m2());
                advanced.put(s.tenant(), b);
            }
            rows[i] = extractor.extract(s.pcs(), s.rawPcs(), b);
            b.add(FeatureExtractor.baselineSignals(s.pcs()));
            isNew[i] = true;
            writeVector[i] = true;
        }
        ServingModels.Served[] served;
        if (models == null) {
            served = new ServingModels.Served[batch.size()];
            java.util.Arrays.fill(served, ServingModels.Served.noModel());
        } else {
            long t0 = System.nanoTime();
            boolean[] mayRaise = new boolean[batch.size()];
            for (int i = 0; i < batch.size(); i++) {
                mayRaise[i] = declared.mode(batch.get(i).tenant()) == io.fractallba.hrs.features.DeclaredFeatures.Mode.RAISE_ONLY;
            }
            served = models.score(keys, rows, mayRaise);
            metrics.scoreLatency.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        }
        List<HrsStore.Scored> scored = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            ServingModels.Served sv = served[i];
            io.fractallba.pcs.model.DeclaredUsage usage = batch.get(i).pcs().usage();
            scored.add(new HrsStore.Scored(batch.get(i).tenant(), batch.get(i).pcsId(), rows[i], writeVector[i],
                    sv.modelVersion(), sv.score(), sv.low(), sv.high(), sv.scored(),
                    usage == null ? null : new GroupAudit.Declared(usage.model(), usage.task())));
        }
        store.store(scored, advanced);
        baselines.putAll(advanced);
        publish(batch, keys, served);
        List<UsageEmitter.Usage> work = new ArrayList<>(batch.size());
        int answered = 0;
        for (int i = 0; i < batch.size(); i++) {
            answered += served[i].scored() ? 1 : 0;
            if (isNew[i]) {
                drift.observe(rows[i]);
            }
            if (isNew[i] && served[i].scored()) {
                work.add(new UsageEmitter.Usage("hrs-score:" + keys.get(i), batch.get(i).tenant(), null, null,
                        batch.get(i).pcsId(), Map.of("scorings", 1.0)));
            }
            recordShadow(served[i]);
        }
        usage.emitAll(work);
        metrics.scored.increment(answered);
        metrics.noModel.increment(batch.size() - answered);
    }

    private void publish(List<RiskIngestor.Submission> batch, List<String> keys, ServingModels.Served[] served) throws Exception {
        List<Future<?>> acks = new ArrayList<>(batch.size());
        Instant now = Instant.now();
        for (int i = 0; i < batch.size(); i++) {
            RiskIngestor.Submission s = batch.get(i);
            ServingModels.Served sv = served[i];
            RiskScored payload = new RiskScored(s.tenant(), s.pcsId(), sv.score(), sv.low(), sv.high(), sv.coverageTarget(),
                    sv.modelVersion(), sv.contributions(), sv.status(), sv.synthetic());
            EventEnvelope<RiskScored> env = EventEnvelope.of(EventEnvelope.deterministicId(RiskScored.TYPE, keys.get(i)),
                    RiskScored.TYPE, RiskScored.VERSION, s.tenant(), keys.get(i), now, payload);
            try (io.opentelemetry.context.Scope ignored = s.trace().makeCurrent()) {
                acks.add(producer.send(new ProducerRecord<>(config.riskTopic(), keys.get(i), mapper.writeValueAsBytes(env))));
            }
        }
        for (Future<?> f : acks) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * A synchronous score: features against the tenant's baseline (not advanced), no event, nothing stored; status
     * {@code no_model} while no model exists.
     */
    public ServingModels.Served score(String tenant, Pcs pcs, byte[] raw) throws SQLException {
        ServingModels models = serving;
        if (models == null) {
            metrics.noModel.increment();
            return ServingModels.Served.noModel();
        }
        double[] row = extractor.extract(pcs, raw, knownBaseline(tenant));
        long t0 = System.nanoTime();
        ServingModels.Served sv = models.score(List.of(Topics.submissionKey(tenant, pcs.pcsId())), new double[][]{row},
                new boolean[]{declared.mode(tenant) == io.fractallba.hrs.features.DeclaredFeatures.Mode.RAISE_ONLY})[0];
        metrics.scoreLatency.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        metrics.scored.increment();
        recordShadow(sv);
        return sv;
    }

    private void recordShadow(ServingModels.Served sv) {
        if (sv.shadowScore() != null) {
            metrics.shadowScored.increment();
            metrics.shadowDifference.record(Math.abs(sv.score() - sv.shadowScore()));
        }
    }

    /**
     * The baseline a synchronous score reads: cached only when the tenant has one (stored, or built from its
     * events), so scoring calls naming tenants this service has never seen leave no entry behind.
     */
    private TenantBaseline knownBaseline(String tenant) throws SQLException {
        TenantBaseline b = baselines.get(tenant);
        if (b != null) {
            return b;
        }
        Optional<TenantBaseline> stored = store.baseline(tenant);
        stored.ifPresent(found -> baselines.putIfAbsent(tenant, found));
        return stored.orElseGet(TenantBaseline::new);
    }

    private TenantBaseline baseline(String tenant) throws SQLException {
        TenantBaseline b = baselines.get(tenant);
        if (b == null) {
            b = store.baseline(tenant).orElseGet(TenantBaseline::new);
            baselines.putIfAbsent(tenant, b);
        }
        return b;
    }

    // ---- labels, training, registry -------------------------------------------------------------------------------

    public boolean label(String tenant, String pcsId, int label, String source, double confidence) throws SQLException {
        boolean known = store.label(tenant, pcsId, label, source, confidence);
        metrics.labels.increment();
        return known;
    }

    /** Trains on every labelled submission; the new version is active if it beats the active model, else shadow. */
    public Trained train(long seed) throws SQLException, NotEnoughDataException {
        synchronized (training) {
            List<Example> data = store.examples();
            Optional<RegisteredModel> active = registry.active();
            Candidate c = pipeline.train(data, seed, active.map(RegisteredModel::model).orElse(null), store.declared());
            boolean promote = c.beatsActive();
            String origin = "labelled submissions in the hrs schema (" + data.size() + " with labels)";
            String v = registry.register(c, exportChecked(c, "candidate", data), origin, promote, ModelCard::write);
            reloadModels();
            LOG.infof("trained %s on %d labels: AUROC %.3f (%s)", v, data.size(), c.evaluation().auroc(),
                    promote ? "active" : "shadow: does not beat the active model");
            return new Trained(v, promote ? "active" : "shadow", c);
        }
    }

    /**
     * Promotes a version only if it beats the active model on today's labelled data (the test split of the
     * version's seed); returns both evaluations.
     */
    public Evaluation[] promote(String version) throws SQLException, ModelRegistry.RefusedException {
        synchronized (training) {
            RegisteredModel candidate = registry.get(version)
                    .orElseThrow(() -> new ModelRegistry.RefusedException("no model " + version));
            if (!candidate.currentSchema()) {
                throw new ModelRegistry.RefusedException("model " + version + " reads feature schema "
                        + candidate.featureSchema() + ", the service computes " + FeatureSchema.VERSION
                        + ": it cannot score today's submissions");
            }
            Optional<RegisteredModel> active = registry.active();
            if (active.isPresent() && active.get().version().equals(version)) {
                throw new ModelRegistry.RefusedException(version + " is already active");
            }
            Evaluation[] both = new Evaluation[2];
            if (active.isPresent()) {
                List<Example> test = TrainingPipeline.testSplit(store.examples(), candidate.evaluation().seed());
                both[0] = TrainingPipeline.evaluate(version, candidate.model(), test);
                both[1] = TrainingPipeline.evaluate(active.get().version() + " (active)", active.get().model(), test);
                double gainLower = PromotionRule.gainLowerBound(candidate.model(), active.get().model(), test,
                        candidate.evaluation().seed());
                if (!PromotionRule.beats(gainLower)) {
                    throw new ModelRegistry.RefusedException(String.format(java.util.Locale.ROOT,
                            "%s does not beat the active model %s on the %d labelled test submissions beyond their "
                                    + "sampling noise: AUROC %.4f vs %.4f, 95%% lower bound of the gain %.4f (must be "
                                    + "above 0)", version, active.get().version(), test.size(), both[0].auroc(),
                            both[1].auroc(), gainLower));
                }
                List<String> regressions = PromotionRule.regressions(both[0], both[1]);
                if (!regressions.isEmpty()) {
                    throw new ModelRegistry.RefusedException(version + " ranks better than the active model "
                            + active.get().version() + " but regresses: " + String.join("; ", regressions));
                }
            }
            registry.activate(version);
            reloadModels();
            return both;
        }
    }

    public String rollback() throws SQLException, ModelRegistry.RefusedException {
        synchronized (training) {
            String restored = registry.rollback();
            reloadModels();
            return restored;
        }
    }

    public ModelRegistry registry() {
        return registry;
    }

    public long defaultSeed() {
        return config.seed();
    }

    /** The ONNX export, refused unless onnxruntime scores like the in-memory model on the training data. */
    private static byte[] exportChecked(Candidate c, String version, List<Example> data) {
        byte[] onnx = OnnxWriter.write(c.model(), version);
        double[][] rows = data.stream().limit(500).map(Example::x).toArray(double[][]::new);
        try (OnnxScorer scorer = new OnnxScorer(onnx, FeatureSchema.width())) {
            OnnxScorer.Scored[] s = scorer.score(rows);
            for (int i = 0; i < rows.length; i++) {
                if (Math.abs(s[i].score() - c.model().score(rows[i])) > 1e-4) {
                    throw new IllegalStateException("the ONNX export disagrees with the trained model on row " + i);
                }
            }
        }
        return onnx;
    }

    private void scheduledTraining() {
        try {
            train(config.seed());
        } catch (NotEnoughDataException e) {
            LOG.debugf("scheduled training skipped: %s", e.getMessage());
        } catch (Exception e) {
            LOG.warnf("scheduled training failed, retried next round: %s", e.toString());
        }
    }

    private void refreshLiveCoverage() {
        try {
            store.liveCoverage(config.coverageWindow()).ifPresent(metrics.liveCoverage::set);
        } catch (Exception e) {
            LOG.debugf("live coverage not refreshed: %s", e.toString());
        }
    }
}
