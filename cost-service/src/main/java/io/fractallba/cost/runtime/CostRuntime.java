package io.fractallba.cost.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.cost.bill.BillParser;
import io.fractallba.cost.bill.BillStore;
import io.fractallba.cost.bill.Reconciler;
import io.fractallba.cost.bill.ReconciliationWatcher;
import io.fractallba.cost.budget.BudgetWatcher;
import io.fractallba.cost.config.CostConfig;
import io.fractallba.cost.forecast.ForecastService;
import io.fractallba.cost.price.PriceStore;
import io.fractallba.cost.price.Repricer;
import io.fractallba.cost.query.CostQueries;
import io.fractallba.cost.usage.UsageExtractor;
import io.fractallba.cost.usage.UsageIngestor;
import io.fractallba.cost.usage.UsageRow;
import io.fractallba.cost.usage.UsageStore;
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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Assembles the cost-service and owns its threads: the usage consumer, the budget watcher and the reconciliation. */
@ApplicationScoped
public class CostRuntime {

    private static final Logger LOG = Logger.getLogger(CostRuntime.class);

    private final CostConfig config;
    private final CostMetrics metrics;
    private final ObjectMapper mapper;
    private final KafkaSettings kafka;
    private final ConsumerHealth health;
    private final KafkaTracing tracing;
    private final UsageStore usage;
    private final PriceStore prices;
    private final Repricer repricer;
    private final CostQueries queries;
    private final BillStore bills;
    private final BillParser billParser;
    private final Reconciler reconciler;
    private final ReconciliationWatcher reconciliations;
    private final ForecastService forecasts;
    private final DataSource ds;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cost-watchers");
        t.setDaemon(true);
        return t;
    });
    private Producer<String, byte[]> producer;
    private BatchConsumerLoop<List<UsageRow>> consumer;
    private volatile BudgetWatcher budgets;

    public CostRuntime(CostConfig config, DataSource ds, MeterRegistry registry, ObjectMapper mapper,
                       KafkaSettings kafka, ConsumerHealth health, KafkaTracing tracing) {
        this.config = config;
        this.ds = ds;
        this.metrics = new CostMetrics(registry);
        this.mapper = mapper;
        this.kafka = kafka;
        this.health = health;
        this.tracing = tracing;
        this.usage = new UsageStore(ds);
        this.prices = new PriceStore(ds);
        this.repricer = new Repricer(ds);
        this.queries = new CostQueries(ds);
        this.bills = new BillStore(ds);
        this.billParser = new BillParser(new BillParser.Mapping(config.awsTenantColumn(),
                config.awsProductCategories(), config.gcpTenantLabel(), config.gcpServiceCategories(),
                config.azureTenantTag(), config.azureMeterCategories()));
        this.reconciler = new Reconciler(config.reconcileThresholdPercent());
        this.reconciliations = new ReconciliationWatcher(bills, reconciler, Clock.systemUTC(), config.reconcileWindowDays());
        metrics.reconciliation(reconciliations);
        this.forecasts = new ForecastService(ds, config.forecastHistoryDays(), config.forecastSeason());
    }

    /** Tenants with usage in the last 31 days (from the daily rollups, small), for {@link CostMetrics#knownTenants}. */
    private void registerKnownTenants() {
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT DISTINCT tenant FROM rollup_day WHERE bucket >= now() - interval '31 days'")) {
            List<String> tenants = new ArrayList<>();
            while (rs.next()) {
                tenants.add(rs.getString(1));
            }
            metrics.knownTenants(tenants);
        } catch (SQLException e) {
            LOG.warnf("known tenants not read (their cost series appear with their next usage): %s", e.getMessage());
        }
    }

    void onStart(@Observes StartupEvent ev) {
        registerKnownTenants();
        producer = tracing.wrap(new KafkaProducer<>(kafka.producer("cost-service")));
        health.watch(producer);
        budgets = new BudgetWatcher(ds, producer, mapper, Clock.systemUTC(), config.budgetTopic());
        consumer = new BatchConsumerLoop<>("cost-service", new KafkaConsumer<>(kafka.consumer(config.consumerGroup(),
                config.maxBatch())), producer, config.topics(),
                new UsageIngestor(new UsageExtractor(mapper), usage, (inserted, received, poison) -> {
                    metrics.usageRows.increment(inserted.size());
                    metrics.redelivered.increment(received - inserted.size());
                    metrics.unpriced.increment(inserted.stream().filter(s -> s.cost() == null).count());
                    metrics.stored(inserted);
                }));
        tracing.trace(health.watch(consumer));
        new Thread(consumer, "cost-consumer").start();
        long every = config.budgetCheckInterval().toMillis();
        if (every > 0) {
            background.scheduleWithFixedDelay(this::checkBudgetsQuietly, every, every, TimeUnit.MILLISECONDS);
        }
        long reconcileEvery = config.reconcileInterval().toMillis();
        if (reconcileEvery > 0) {
            // First pass soon after start, so the gauge does not read 0 for an hour after every restart.
            background.scheduleWithFixedDelay(this::reconcileQuietly, Math.min(reconcileEvery, 10_000), reconcileEvery,
                    TimeUnit.MILLISECONDS);
        }
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (consumer != null) {
            consumer.stop();
        }
        background.shutdownNow();
        metrics.close();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** One budget pass now (also what the scheduler runs). */
    public List<io.fractallba.pcs.event.BudgetCrossed> checkBudgets() throws Exception {
        List<io.fractallba.pcs.event.BudgetCrossed> raised = budgets.check();
        metrics.budgetAlerts.increment(raised.size());
        for (String tenant : budgets.lastStatus().keySet()) {
            metrics.budgetUsed(tenant, budgets.lastStatus());
        }
        return raised;
    }

    private void checkBudgetsQuietly() {
        try {
            checkBudgets();
        } catch (Exception e) {
            LOG.warnf("budget check failed, retried next round: %s", e.toString());
        }
    }

    private void reconcileQuietly() {
        try {
            reconciliations.check();
        } catch (Exception e) {
            LOG.warnf("scheduled reconciliation failed, retried next round (the gauge keeps its last value): %s", e.toString());
        }
    }

    public ReconciliationWatcher reconciliations() {
        return reconciliations;
    }

    public CostMetrics metrics() {
        return metrics;
    }

    public PriceStore prices() {
        return prices;
    }

    public Repricer repricer() {
        return repricer;
    }

    public CostQueries queries() {
        return queries;
    }

    public BillStore bills() {
        return bills;
    }

    public BillParser billParser() {
        return billParser;
    }

    public double reconcileThreshold() {
        return config.reconcileThresholdPercent();
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    public ForecastService forecasts() {
        return forecasts;
    }

    public BudgetWatcher budgets() {
        return budgets;
    }


    public UsageStore usage() {
        return usage;
    }
}
