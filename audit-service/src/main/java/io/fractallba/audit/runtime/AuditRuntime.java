package io.fractallba.audit.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.audit.anchor.Anchor;
import io.fractallba.audit.anchor.AnchorDispatcher;
import io.fractallba.audit.anchor.FileAnchor;
import io.fractallba.audit.anchor.KafkaTopicAnchor;
import io.fractallba.audit.anchor.WitnessAnchor;
import io.fractallba.audit.checkpoint.CheckpointIssuer;
import io.fractallba.audit.config.AuditConfig;
import io.fractallba.audit.ingest.AuditIngestor;
import io.fractallba.audit.log.LogAppender;
import io.fractallba.audit.log.LogStore;
import io.fractallba.audit.log.StoredCheckpoint;
import io.fractallba.audit.proof.IntegrityScan;
import io.fractallba.audit.proof.ProofService;
import io.fractallba.audit.siem.HecSink;
import io.fractallba.audit.siem.NdjsonFileSink;
import io.fractallba.audit.siem.SiemExporter;
import io.fractallba.audit.siem.SiemSink;
import io.fractallba.audit.witness.WitnessService;
import io.fractallba.kafka.BatchConsumerLoop;
import io.fractallba.kafka.UsageEmitter;
import io.fractallba.kafka.ConsumerHealth;
import io.fractallba.kafka.KafkaTracing;
import io.fractallba.kafka.KafkaSettings;
import io.fractallba.pcs.event.Topics;
import io.fractallba.pcs.tlog.NoteKey;
import io.fractallba.pcs.tlog.NoteSigner;
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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Assembles the audit-service from configuration and owns its threads: the single writer loop, anchoring, the SIEM
 * export and the periodic integrity scan.
 */
@ApplicationScoped
public class AuditRuntime {

    private static final Logger LOG = Logger.getLogger(AuditRuntime.class);

    private final AuditConfig config;
    private final LogStore store;
    private final LogAppender appender;
    private final ProofService proofs;
    private final CheckpointIssuer issuer;
    private final IntegrityScan scan;
    private final AuditMetrics metrics;
    private final ObjectMapper mapper;
    private final KafkaSettings kafka;
    private final ConsumerHealth health;
    private final KafkaTracing tracing;
    private final Optional<WitnessService> witness;
    private final AtomicReference<IntegrityScan.Result> lastScan = new AtomicReference<>();
    private final AtomicReference<String> tamper = new AtomicReference<>();
    private final Map<String, LongAdder> proofsServed = new ConcurrentHashMap<>();
    private volatile UsageEmitter usage;
    private final ScheduledExecutorService background = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "audit-background");
        t.setDaemon(true);
        return t;
    });
    private Producer<String, byte[]> producer;
    private BatchConsumerLoop<io.fractallba.audit.log.AuditEntry> ingestor;
    private Thread writer;
    private AnchorDispatcher anchors;
    private SiemExporter siem;

    public AuditRuntime(AuditConfig config, DataSource ds, MeterRegistry registry, ObjectMapper mapper,
                        KafkaSettings kafka, ConsumerHealth health, KafkaTracing tracing) {
        this.config = config;
        this.mapper = mapper;
        this.store = new LogStore(ds);
        this.appender = new LogAppender(ds);
        this.proofs = new ProofService(store);
        this.scan = new IntegrityScan(store);
        this.metrics = new AuditMetrics(registry);
        this.kafka = kafka;
        this.health = health;
        this.tracing = tracing;
        byte[] seed = seed(config.signing().seed(), "flk.audit.signing.seed");
        NoteSigner signer = new NoteSigner(config.signing().keyName().orElse(config.origin()), NoteKey.ED25519, seed);
        this.issuer = new CheckpointIssuer(store, proofs, signer, config.origin());
        this.witness = config.witness().seed().map(s -> {
            Map<String, NoteKey> logs = new HashMap<>();
            config.witness().logs().forEach((origin, vkey) -> logs.put(unquote(origin), NoteKey.parseVerifierKey(vkey)));
            return new WitnessService(new NoteSigner(config.witness().keyName().orElse(config.origin() + "/witness"),
                    NoteKey.COSIGNATURE_V1, seed(Optional.of(s), "flk.audit.witness.seed")), logs, ds, Clock.systemUTC());
        });
        LOG.infof("audit log %s, checkpoint key %s", config.origin(), signer.key().verifierKey());
    }

    void onStart(@Observes StartupEvent ev) throws IOException {
        producer = tracing.wrap(new KafkaProducer<>(kafka.producer("audit-service")));
        health.watch(producer);
        usage = new UsageEmitter(producer, mapper, config.usageTopic(), "audit-service");
        background.scheduleWithFixedDelay(this::flushProofUsage, 10, 10, TimeUnit.SECONDS);
        List<Anchor> list = new ArrayList<>();
        list.add(new KafkaTopicAnchor(config.checkpointTopic(), config.origin(), producer, mapper));
        if (config.anchors().kafkaTopic().isPresent()) {
            list.add(new KafkaTopicAnchor(config.anchors().kafkaTopic().get(), config.origin(), producer, mapper));
        }
        if (config.anchors().fileDir().isPresent()) {
            list.add(new FileAnchor(Path.of(config.anchors().fileDir().get()), mapper));
        }
        config.anchors().witnesses().forEach((name, peer) ->
                list.add(new WitnessAnchor(name, peer.url(), peer.verifierKey(), store, proofs, mapper)));
        anchors = new AnchorDispatcher(list, store, metrics, background, config.anchors().maxAttempts(),
                config.anchors().initialBackoff(), config.anchors().maxBackoff(), this::anchorDeadLetter, this::anchorUsage);

        List<SiemSink> sinks = new ArrayList<>();
        if (config.siem().file().isPresent()) {
            sinks.add(new NdjsonFileSink(Path.of(config.siem().file().get())));
        }
        if (config.siem().hecUrl().isPresent()) {
            sinks.add(new HecSink(config.siem().hecUrl().get(), config.siem().hecToken().orElse(null)));
        }
        siem = new SiemExporter(sinks, store, mapper, config.origin());
        if (siem.enabled()) {
            background.scheduleWithFixedDelay(siem::exportPending, 1, 1, TimeUnit.SECONDS);
        }
        long scanEvery = config.integrityScanInterval().toMillis();
        if (scanEvery > 0) {
            background.scheduleWithFixedDelay(this::scanQuietly, scanEvery, scanEvery, TimeUnit.MILLISECONDS);
        }

        ingestor = new BatchConsumerLoop<>("audit-service", new KafkaConsumer<>(kafka.consumer(config.consumerGroup(),
                config.maxBatch())), producer, config.topics(),
                new AuditIngestor(appender, issuer, mapper, config.checkpointInterval(), new Listener()));
        tracing.trace(health.watch(ingestor));
        writer = new Thread(ingestor, "audit-writer");
        writer.start();
    }

    void onStop(@Observes ShutdownEvent ev) throws InterruptedException {
        if (ingestor != null) {
            ingestor.stop();
            writer.join(10_000);
        }
        background.shutdownNow();
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }

    public LogStore store() {
        return store;
    }

    public ProofService proofs() {
        return proofs;
    }

    public CheckpointIssuer issuer() {
        return issuer;
    }

    public AuditMetrics metrics() {
        return metrics;
    }

    public Optional<WitnessService> witness() {
        return witness;
    }

    public Optional<IntegrityScan.Result> lastScan() {
        return Optional.ofNullable(lastScan.get());
    }

    public Optional<String> tamperAlarm() {
        return Optional.ofNullable(tamper.get());
    }

    public List<String> anchorNames() {
        return anchors == null ? List.of() : anchors.anchors().stream().map(Anchor::name).toList();
    }

    public IntegrityScan.Result scanNow() throws java.sql.SQLException {
        IntegrityScan.Result r = scan.run();
        lastScan.set(r);
        if (!r.report().ok()) {
            metrics.tamper(true);
            LOG.errorf("TAMPER ALARM from the integrity scan, first bad index %s: %s",
                    r.report().firstBadIndex(), r.report().findings().get(0).problem());
        }
        return r;
    }

    public long exportSiemNow() {
        return siem.exportPending();
    }

    private void scanQuietly() {
        try {
            scanNow();
        } catch (Exception e) {
            LOG.warnf("integrity scan failed to run: %s", e.toString());
        }
    }

    private void anchorDeadLetter(StoredCheckpoint cp, String error) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topics.dlq(config.checkpointTopic()), config.origin(),
                cp.note().getBytes(StandardCharsets.UTF_8));
        r.headers().add("flk-error", error.getBytes(StandardCharsets.UTF_8));
        r.headers().add("flk-tree-size", Long.toString(cp.treeSize()).getBytes(StandardCharsets.UTF_8));
        producer.send(r, (md, e) -> {
            if (e != null) {
                LOG.warnf("could not dead-letter checkpoint %d: %s", cp.treeSize(), e.toString());
            }
        });
    }

    private static byte[] seed(Optional<String> b64, String key) {
        byte[] seed = b64.map(s -> Base64.getDecoder().decode(s.trim())).orElseThrow(() -> new IllegalStateException(
                key + " is not set: the audit-service needs its Ed25519 signing seed (32 bytes, base64) from a Secret"));
        if (seed.length != 32) {
            throw new IllegalStateException(key + " must decode to 32 bytes, got " + seed.length);
        }
        return seed;
    }

    private static String unquote(String mapKey) {
        return mapKey.startsWith("\"") && mapKey.endsWith("\"") ? mapKey.substring(1, mapKey.length() - 1) : mapKey;
    }

    /** Counts an inclusion proof served for a tenant's entry; reported every 10 s (docs/cost.md). */
    public void proofServed(String tenant) {
        proofsServed.computeIfAbsent(tenant, k -> new LongAdder()).increment();
    }

    /**
     * Proof counts are reported at most once: a crash loses up to one interval of counts rather than count any twice
     * (a failed send puts the counts back for the next round).
     */
    /** One anchoring operation, shared among the tenants whose leaves it anchors for the first time (docs/cost.md). */
    private void anchorUsage(String anchor, StoredCheckpoint cp) throws Exception {
        Map<String, Long> leaves = store.leavesNewlyAnchored(anchor, cp.treeSize());
        long total = leaves.values().stream().mapToLong(Long::longValue).sum();
        List<UsageEmitter.Usage> u = new ArrayList<>(leaves.size());
        leaves.forEach((tenant, n) -> u.add(new UsageEmitter.Usage("anchor:" + anchor + ":" + cp.treeSize() + ":" + tenant,
                tenant, null, null, null, Map.of("anchor_ops", n / (double) total))));
        usage.emitAll(u);
    }

    private void flushProofUsage() {
        List<UsageEmitter.Usage> batch = new ArrayList<>();
        Map<String, Long> taken = new HashMap<>();
        proofsServed.forEach((tenant, n) -> {
            long c = n.sumThenReset();
            if (c > 0) {
                taken.put(tenant, c);
                batch.add(new UsageEmitter.Usage(UUID.randomUUID().toString(), tenant, null, null, null,
                        Map.of("proofs", (double) c)));
            }
        });
        if (batch.isEmpty()) {
            return;
        }
        try {
            usage.emitAll(batch);
        } catch (Exception e) {
            taken.forEach((t, c) -> proofsServed.computeIfAbsent(t, k -> new LongAdder()).add(c));
            LOG.warnf("proof usage not reported yet, retried next round: %s", e.toString());
        }
    }

    private final class Listener implements AuditIngestor.Listener {
        /** One usage record per entry, its id derived from the entry's event: a replayed batch is not counted twice. */
        @Override
        public void batchStored(List<io.fractallba.audit.log.AuditEntry> batch) throws Exception {
            List<UsageEmitter.Usage> u = new ArrayList<>(batch.size());
            for (io.fractallba.audit.log.AuditEntry e : batch) {
                u.add(new UsageEmitter.Usage("audit-leaf:" + e.eventId(), e.tenant(), null, null, e.pcsId(),
                        Map.of("audit_leaf_bytes", (double) e.leaf().length)));
            }
            usage.emitAll(u);
        }

        @Override
        public void appended(LogAppender.Appended result, int poison) {
            metrics.appended.increment(result.appended());
            metrics.duplicates.increment(result.duplicates());
            metrics.treeSize.set(result.size());
        }

        @Override
        public void checkpoint(StoredCheckpoint cp) {
            metrics.checkpoints.increment();
            metrics.checkpointSize.set(cp.treeSize());
            tamper.set(null);
            anchors.submit();
        }

        @Override
        public void appendFailed(Exception e) {
            metrics.appendErrors.increment();
        }

        @Override
        public void tamper(String message) {
            tamper.set(message);
            metrics.tamper(true);
        }
    }
}
