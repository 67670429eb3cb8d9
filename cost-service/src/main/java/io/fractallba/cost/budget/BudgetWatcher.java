package io.fractallba.cost.budget;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.event.BudgetCrossed;
import io.fractallba.pcs.event.EventEnvelope;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Compares each tenant's month-to-date spend with its budget and raises {@code cost.budget.v1} once per tenant,
 * month and level. The event is published (and acknowledged) before the alert is recorded, and its id is derived
 * from tenant, month and level: a crash in between re-publishes the same event, which consumers deduplicate.
 */
public final class BudgetWatcher {

    /** What the last check saw for a tenant (for the {@code flk_cost_budget_used_ratio} gauge). */
    public record Status(String tenant, BigDecimal spentUsd, BigDecimal softUsd, BigDecimal hardUsd) {
    }

    private final DataSource ds;
    private final Producer<String, byte[]> producer;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final String topic;
    private final Map<String, Status> last = new java.util.concurrent.ConcurrentHashMap<>();

    public BudgetWatcher(DataSource ds, Producer<String, byte[]> producer, ObjectMapper mapper, Clock clock, String topic) {
        this.topic = topic;
        this.ds = ds;
        this.producer = producer;
        this.mapper = mapper;
        this.clock = clock;
    }

    public void put(Budget b) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO budgets (tenant, soft_usd, hard_usd) VALUES (?, ?, ?) "
                     + "ON CONFLICT (tenant) DO UPDATE SET soft_usd = EXCLUDED.soft_usd, hard_usd = EXCLUDED.hard_usd, "
                     + "updated_at = now()")) {
            ps.setString(1, b.tenant());
            ps.setBigDecimal(2, b.softUsd());
            ps.setBigDecimal(3, b.hardUsd());
            ps.executeUpdate();
        }
    }

    public Optional<Budget> get(String tenant) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT soft_usd, hard_usd FROM budgets WHERE tenant = ?")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Budget(tenant, rs.getBigDecimal(1), rs.getBigDecimal(2))) : Optional.empty();
            }
        }
    }

    /** Alerts raised for a tenant, newest month first. */
    public List<Map<String, Object>> alerts(String tenant) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT month, level, spent_usd, limit_usd, raised_at FROM "
                     + "budget_alerts WHERE tenant = ? ORDER BY month DESC, level")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("month", rs.getObject(1, LocalDate.class).toString().substring(0, 7));
                    m.put("level", rs.getString(2));
                    m.put("spent_usd", rs.getBigDecimal(3));
                    m.put("limit_usd", rs.getBigDecimal(4));
                    m.put("raised_at", rs.getTimestamp(5).toInstant());
                    out.add(m);
                }
            }
        }
        return out;
    }

    public Map<String, Status> lastStatus() {
        return last;
    }

    /** One pass over every budget; returns the alerts raised now. */
    public List<BudgetCrossed> check() throws Exception {
        LocalDate month = LocalDate.now(clock.withZone(ZoneOffset.UTC)).withDayOfMonth(1);
        Instant start = month.atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<String, Budget> budgets = new HashMap<>();
        Map<String, BigDecimal> spent = new HashMap<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT b.tenant, b.soft_usd, b.hard_usd, coalesce((SELECT "
                     + "sum(cost_usd) FROM rollup_day r WHERE r.tenant = b.tenant AND r.bucket >= ?), 0) FROM budgets b")) {
            ps.setTimestamp(1, Timestamp.from(start));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    budgets.put(rs.getString(1), new Budget(rs.getString(1), rs.getBigDecimal(2), rs.getBigDecimal(3)));
                    spent.put(rs.getString(1), rs.getBigDecimal(4));
                }
            }
        }
        List<BudgetCrossed> raised = new ArrayList<>();
        for (Budget b : budgets.values()) {
            BigDecimal s = spent.get(b.tenant());
            last.put(b.tenant(), new Status(b.tenant(), s, b.softUsd(), b.hardUsd()));
            for (String level : b.levelsReached(s)) {
                BigDecimal limit = level.equals("soft") ? b.softUsd() : b.hardUsd();
                if (!alreadyRaised(b.tenant(), month, level)) {
                    BudgetCrossed e = new BudgetCrossed(b.tenant(), month.toString().substring(0, 7), level,
                            s.toPlainString(), limit.toPlainString());
                    publish(e);
                    record(b.tenant(), month, level, s, limit);
                    raised.add(e);
                }
            }
        }
        return raised;
    }

    private boolean alreadyRaised(String tenant, LocalDate month, String level) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT 1 FROM budget_alerts WHERE tenant = ? AND month = ? AND level = ?")) {
            ps.setString(1, tenant);
            ps.setObject(2, month);
            ps.setString(3, level);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void publish(BudgetCrossed e) throws Exception {
        String key = e.tenant() + "/" + e.month() + "/" + e.level();
        EventEnvelope<BudgetCrossed> env = EventEnvelope.of(EventEnvelope.deterministicId(BudgetCrossed.TYPE, key),
                BudgetCrossed.TYPE, BudgetCrossed.VERSION, e.tenant(), e.tenant(), clock.instant(), e);
        producer.send(new ProducerRecord<>(topic, e.tenant(), mapper.writeValueAsBytes(env)))
                .get(10, TimeUnit.SECONDS);
    }

    private void record(String tenant, LocalDate month, String level, BigDecimal spent, BigDecimal limit)
            throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO budget_alerts (tenant, month, level, spent_usd, "
                     + "limit_usd) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, tenant);
            ps.setObject(2, month);
            ps.setString(3, level);
            ps.setBigDecimal(4, spent);
            ps.setBigDecimal(5, limit);
            ps.executeUpdate();
        }
    }
}
