package io.fractallba.crr.runtime;

import java.util.Set;
import java.util.Optional;
import java.util.function.Supplier;
import io.fractallba.pcs.token.Roles;
import io.fractallba.security.ClientCredentialConfig;
import io.fractallba.security.ServiceCredentials;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.crr.config.CrrConfig;
import io.fractallba.crr.config.ReplicationPolicy;
import io.fractallba.crr.divergence.AuditCrossCheck;
import io.fractallba.crr.divergence.Divergence;
import io.fractallba.crr.divergence.DivergenceDetector;
import io.fractallba.crr.divergence.ReportStore;
import io.fractallba.crr.ledger.Ledger;
import io.fractallba.crr.ledger.LedgerIngestor;
import io.fractallba.crr.ship.Backoff;
import io.fractallba.crr.ship.CrrMetrics;
import io.fractallba.crr.ship.PeerClient;
import io.fractallba.crr.ship.PeerShipper;
import io.fractallba.kafka.BatchConsumerLoop;
import io.fractallba.kafka.ConsumerHealth;
import io.fractallba.kafka.KafkaTracing;
import io.fractallba.kafka.KafkaSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Assembles the shipper and owns its threads: the ledger consumer, one shipper per peer, the divergence schedule. */
@ApplicationScoped
public class CrrRuntime {

    private static final Logger LOG = Logger.getLogger(CrrRuntime.class);

    private final CrrConfig config;
    private final Ledger ledger;
    private final CrrMetrics metrics;
    private final ObjectMapper mapper;
    private final KafkaSettings kafka;
    private final ConsumerHealth health;
    private final KafkaTracing tracing;
    private final ReplicationPolicy policy;
    private final ReportStore reports;
    private final PeerClient client;
    private final DivergenceDetector detector;
    private final AuditCrossCheck auditCheck;
    private final Map<String, PeerShipper> shippers = new LinkedHashMap<>();
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "crr-divergence");
        t.setDaemon(true);
        return t;
    });
    private Producer<String, byte[]> dlq;
    private BatchConsumerLoop<io.fractallba.crr.ledger.LedgerEntry> consumer;

    public CrrRuntime(CrrConfig config, DataSource ds, ObjectMapper mapper, MeterRegistry registry,
                      KafkaSettings kafka, ConsumerHealth health, KafkaTracing tracing,
                      ServiceCredentials credentials, ClientCredentialConfig credential) {
        if (!config.peers().isEmpty() && credential.keyFile().isEmpty()) {
            throw new IllegalStateException("flk.security.client.key-file is required when peers are configured "
                    + "(flk.crr.peers): peers are called with this shipper's own replicator token (docs/security.md)");
        }
        if (config.peers().containsKey(config.region())) {
            throw new IllegalStateException("flk.crr.peers names this region itself (" + config.region() + ")");
        }
        this.config = config;
        this.mapper = mapper;
        this.ledger = new Ledger(ds);
        this.metrics = new CrrMetrics(registry);
        this.kafka = kafka;
        this.health = health;
        this.tracing = tracing;
        this.policy = new ReplicationPolicy(config.defaultMode(), config.tenants(), config.peers().keySet());
        this.reports = new ReportStore(ds, mapper);
        Supplier<Optional<String>> asReplicator = () -> credentials.authorization(Set.of(Roles.REPLICATOR),
                List.of(Roles.ALL_TENANTS));
        this.client = new PeerClient(mapper, asReplicator, config.requestTimeout());
        this.detector = new DivergenceDetector(ledger, client, policy, metrics, reports, config.divergence().leafSize());
        this.auditCheck = new AuditCrossCheck(mapper, asReplicator);
    }

    void onStart(@Observes StartupEvent ev) {
        dlq = tracing.wrap(new KafkaProducer<>(kafka.producer("crr-shipper")));
        health.watch(dlq);
        consumer = new BatchConsumerLoop<>("crr-shipper", new KafkaConsumer<>(kafka.consumer(config.consumerGroup(), 1000)),
                dlq, List.of(config.topic()), new LedgerIngestor(ledger, mapper, metrics::ledgerIngested));
        tracing.trace(health.watch(consumer));
        new Thread(consumer, "crr-ledger").start();
        config.peers().forEach((name, peer) -> {
            PeerShipper s = new PeerShipper(name, peer.verifierUrl(), ledger, client, policy, metrics, config.batchSize(),
                    config.idlePoll(), new Backoff(config.backoffInitial(), config.backoffMax()));
            shippers.put(name, s);
            Thread t = new Thread(s, "crr-ship-" + name);
            t.setDaemon(true);
            t.start();
        });
        long every = config.divergence().interval().toMillis();
        if (every > 0 && !config.peers().isEmpty()) {
            schedule.scheduleWithFixedDelay(this::scheduledComparison, every, every, TimeUnit.MILLISECONDS);
        }
        LOG.infof("crr-shipper of region %s: peers %s", config.region(), config.peers().keySet());
    }

    void onStop(@Observes ShutdownEvent ev) {
        shippers.values().forEach(PeerShipper::stop);
        schedule.shutdownNow();
        if (consumer != null) {
            consumer.stop();
        }
        if (dlq != null) {
            dlq.close(Duration.ofSeconds(5));
        }
    }

    /** What a comparison found: the divergences, and per peer the audit cross-check when both audit URLs are set. */
    public record Comparison(List<Divergence> divergences, Map<String, AuditCrossCheck.Result> audit) {
    }

    /** Compares [from, to) with every peer (or one), window by window of the configured length. */
    public Comparison compare(String onlyPeer, Instant from, Instant to) throws Exception {
        List<Divergence> out = new ArrayList<>();
        Map<String, AuditCrossCheck.Result> audits = new LinkedHashMap<>();
        for (Map.Entry<String, CrrConfig.Peer> p : config.peers().entrySet()) {
            if (onlyPeer != null && !onlyPeer.equals(p.getKey())) {
                continue;
            }
            DivergenceDetector.Sides sides = new DivergenceDetector.Sides(config.localDedupUrl(), config.localVerifierUrl(),
                    p.getKey(), p.getValue().dedupUrl(), p.getValue().verifierUrl(), p.getValue().shipperUrl());
            Duration w = config.divergence().window();
            for (Instant a = from; a.isBefore(to); a = a.plus(w)) {
                Instant b = a.plus(w).isAfter(to) ? to : a.plus(w);
                try {
                    out.addAll(detector.compare(sides, a, b));
                } catch (Exception e) {
                    metrics.divergenceRun(p.getKey(), "failed");
                    throw e;
                }
            }
            if (config.localAuditUrl().isPresent() && p.getValue().auditUrl().isPresent()) {
                AuditCrossCheck.Result r = auditCheck.check(config.localAuditUrl().get(), p.getValue().auditUrl().get());
                metrics.auditCrossCheck(p.getKey(), r.ok() ? "verified" : "failed");
                if (!r.ok()) {
                    LOG.warnf("audit cross-check with %s failed: %s", p.getKey(), r);
                }
                audits.put(p.getKey(), r);
            }
        }
        return new Comparison(out, audits);
    }

    private void scheduledComparison() {
        Instant to = Instant.now().minus(config.divergence().settle());
        Instant from = to.minus(config.divergence().lookback());
        try {
            List<Divergence> found = compare(null, from, to).divergences();
            if (!found.isEmpty()) {
                LOG.warnf("divergence with peers in the last %s: %s", config.divergence().lookback(), found);
            }
        } catch (Exception e) {
            LOG.warnf("scheduled divergence comparison failed: %s", e.getMessage());
        }
    }

    public Map<String, PeerShipper.Status> status() {
        Map<String, PeerShipper.Status> out = new LinkedHashMap<>();
        shippers.forEach((n, s) -> out.put(n, s.status()));
        return out;
    }

    public Ledger ledger() {
        return ledger;
    }

    public ReportStore reports() {
        return reports;
    }

    public CrrConfig config() {
        return config;
    }
}
