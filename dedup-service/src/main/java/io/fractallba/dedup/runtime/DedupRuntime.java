package io.fractallba.dedup.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.dedup.cold.ColdArchive;
import io.fractallba.dedup.cold.FilesystemObjectStore;
import io.fractallba.dedup.config.DedupConfig;
import io.fractallba.dedup.ingest.DedupIngestor;
import io.fractallba.dedup.store.DedupRecord;
import io.fractallba.dedup.store.WarmStore;
import io.fractallba.dedup.tiering.AccessModelStore;
import io.fractallba.dedup.tiering.AccessRecorder;
import io.fractallba.dedup.tiering.PredictiveTiering;
import io.fractallba.dedup.tiering.TieringPolicy;
import io.fractallba.kafka.BatchConsumerLoop;
import io.fractallba.kafka.ConsumerHealth;
import io.fractallba.kafka.KafkaTracing;
import io.fractallba.kafka.KafkaSettings;
import io.fractallba.kafka.UsageEmitter;
import io.micrometer.core.instrument.MeterRegistry;
import io.fractallba.dedup.shard.RedisNodes;
import io.fractallba.dedup.shard.RoutingStore;
import io.fractallba.pcs.dedup.ShardLayout;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Assembles the dedup-service and owns its threads: the event consumer and the housekeeping jobs. */
@ApplicationScoped
public class DedupRuntime {

    private static final Logger LOG = Logger.getLogger(DedupRuntime.class);

    private final DedupConfig config;
    private final WarmStore warm;
    private final DedupLookup lookup;
    private final Housekeeping housekeeping;
    private final PredictiveTiering tiering;
    private final DedupMetrics metrics;
    private final RoutingStore routing;
    private final RedisNodes redisNodes;
    private final ObjectMapper mapper;
    private final KafkaSettings kafka;
    private final ConsumerHealth health;
    private final KafkaTracing tracing;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dedup-housekeeping");
        t.setDaemon(true);
        return t;
    });
    private Producer<String, byte[]> producer;
    private BatchConsumerLoop<DedupRecord> consumer;
    private UsageEmitter usage;

    public DedupRuntime(DedupConfig config, DataSource ds, io.vertx.mutiny.core.Vertx vertx, MeterRegistry registry,
                        ObjectMapper mapper,
                        KafkaSettings kafka, ConsumerHealth health, KafkaTracing tracing,
                        @ConfigProperty(name = "quarkus.redis.hosts", defaultValue = "redis://127.0.0.1:6379") String redisHosts) {
        this.config = config;
        this.mapper = mapper;
        this.metrics = new DedupMetrics(registry);
        this.warm = new WarmStore(ds);
        this.kafka = kafka;
        this.health = health;
        this.tracing = tracing;
        ColdArchive cold;
        try {
            cold = new ColdArchive(new FilesystemObjectStore(Path.of(config.coldDir())), mapper);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the cold archive at " + config.coldDir(), e);
        }
        Map<String, Duration> warmAges = new HashMap<>();
        config.tenants().forEach((t, c) -> c.warmAge().ifPresent(a -> warmAges.put(t, a)));
        if (config.retention().compareTo(config.window()) < 0) {
            throw new IllegalStateException("flk.dedup.retention (" + config.retention() + ") is shorter than the dedup "
                    + "window (" + config.window() + "): duplicates inside the window would be forgotten");
        }
        Map<String, Duration> hotTtls = new HashMap<>();
        config.tenants().forEach((t, c) -> c.hotTtl().ifPresent(a -> hotTtls.put(t, a)));
        hotTtls.forEach((t, ttl) -> {
            if (ttl.toMillis() < 1) {
                throw new IllegalStateException("flk.dedup.tenants." + t + ".hot-ttl must be positive, not " + ttl);
            }
        });
        if (config.hotTtl().toMillis() < 1) {
            throw new IllegalStateException("flk.dedup.hot-ttl must be positive, not " + config.hotTtl());
        }
        this.tiering = new PredictiveTiering(new AccessRecorder(), new AccessModelStore(ds),
                new TieringPolicy(tieringSettings(config)), config.warmAge(), warmAges, hotTtls, Clock.systemUTC());
        this.routing = new RoutingStore(ds, config.shards().map(ShardLayout::parse)
                .orElse(new ShardLayout(Map.of("default", redisHosts.split(",")[0].trim()), 1)));
        this.redisNodes = new RedisNodes(vertx);
        HotTier hot = new HotTier(routing, redisNodes);
        this.housekeeping = new Housekeeping(warm, cold, metrics, config.warmAge(), warmAges, config.retention(),
                config.segmentRecords(), Clock.systemUTC(), tiering, hot);
        this.lookup = new DedupLookup(hot, warm, cold, metrics, this::hotTtl, tiering, Clock.systemUTC());
    }

    void onStart(@Observes StartupEvent ev) {
        producer = tracing.wrap(new KafkaProducer<>(kafka.producer("dedup-service")));
        health.watch(producer);
        consumer = new BatchConsumerLoop<>("dedup-service", new KafkaConsumer<>(kafka.consumer(config.consumerGroup(),
                config.maxBatch())), producer, config.topics(), new DedupIngestor(warm, mapper, (inserted, dups, poison) -> {
                    metrics.ingested.increment(inserted);
                    metrics.duplicates.increment(dups);
                }));
        tracing.trace(health.watch(consumer));
        new Thread(consumer, "dedup-consumer").start();
        usage = new UsageEmitter(producer, mapper, config.usageTopic(), "dedup-service");
        background.scheduleAtFixedRate(this::reportStorageQuietly, 1, 60, TimeUnit.MINUTES);
        long every = config.housekeepingInterval().toMillis();
        if (every > 0) {
            background.scheduleWithFixedDelay(this::housekeepQuietly, every, every, TimeUnit.MILLISECONDS);
        }
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (consumer != null) {
            consumer.stop();
        }
        background.shutdownNow();
        redisNodes.close();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    public DedupLookup lookup() {
        return lookup;
    }

    public Housekeeping housekeeping() {
        return housekeeping;
    }

    public RoutingStore routing() {
        return routing;
    }

    public WarmStore warm() {
        return warm;
    }

    public PredictiveTiering tiering() {
        return tiering;
    }

    static TieringPolicy.Settings tieringSettings(DedupConfig config) {
        DedupConfig.Tiering t = config.tiering();
        TieringPolicy.Mode mode = switch (t.mode()) {
            case "fixed" -> TieringPolicy.Mode.FIXED;
            case "predictive" -> TieringPolicy.Mode.PREDICTIVE;
            default -> throw new IllegalStateException("flk.dedup.tiering.mode must be fixed or predictive, not "
                    + t.mode());
        };
        if (t.maxAge().compareTo(config.retention()) > 0) {
            throw new IllegalStateException("flk.dedup.tiering.max-age (" + t.maxAge() + ") is longer than the "
                    + "retention (" + config.retention() + "): records would be deleted while still warm");
        }
        try {
            return new TieringPolicy.Settings(mode, t.readThreshold(), t.minAge(), t.maxAge(), t.minDays(),
                    t.minRecords(), t.prepromoteThreshold(), config.hotTtl(), t.smoothing());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("flk.dedup.tiering: " + e.getMessage(), e);
        }
    }

    public Duration hotTtl(String tenant) {
        DedupConfig.Tenant t = config.tenants().get(tenant);
        return t != null && t.hotTtl().isPresent() ? t.hotTtl().get() : config.hotTtl();
    }

    /**
     * Storage each tenant held this hour, as byte-hours per tier. The event id names the tenant and the hour, so
     * a restart or a second replica reporting the same hour is counted once by the cost-service.
     */
    public void reportStorage() throws Exception {
        String hour = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).toString();
        java.util.List<UsageEmitter.Usage> out = new java.util.ArrayList<>();
        for (WarmStore.TenantBytes b : warm.bytesByTenant()) {
            out.add(new UsageEmitter.Usage("dedup-storage:" + b.tenant() + ":" + hour, b.tenant(), null, null, null,
                    Map.of("warm_byte_hours", (double) b.warm(), "cold_byte_hours", (double) b.cold())));
        }
        usage.emitAll(out);
    }

    private void reportStorageQuietly() {
        try {
            reportStorage();
        } catch (Exception e) {
            LOG.warnf("storage usage not reported this hour: %s", e.toString());
        }
    }

    private void housekeepQuietly() {
        housekeeping.runRound();                    // each job in its own try: a Redis outage does not stop retention
    }
}
