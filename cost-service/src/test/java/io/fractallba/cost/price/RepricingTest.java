package io.fractallba.cost.price;

import io.fractallba.cost.query.BreakdownRequest;
import io.fractallba.cost.query.BreakdownRow;
import io.fractallba.cost.query.CostQueries;
import io.fractallba.cost.usage.UsageRow;
import io.fractallba.cost.usage.UsageStore;
import io.fractallba.pcs.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A corrected price changes exactly its window: every other hour, resource and model keeps its cost. */
class RepricingTest {

    static final Instant DAY1 = Instant.parse("2026-05-01T00:00:00Z");
    String schema;
    DataSource ds;

    @BeforeEach
    void migrate() throws Exception {
        schema = TestDatabase.freshSchemaName("cost");
        ds = TestDatabase.migrate(schema);
        new Repricer(ds).publish(List.of(
                new Price(null, null, "llm_input_tokens", "*", "token", new BigDecimal("0.000001"), DAY1, null),
                new Price(null, null, "cpu_ms", "*", "ms", new BigDecimal("0.0000001"), DAY1, null)), "test", "list");
    }

    @AfterEach
    void drop() {
        TestDatabase.drop(schema);
    }

    @Test
    void aCorrectionRepricesExactlyItsWindowAndLeavesATrail() throws Exception {
        List<UsageRow> rows = new ArrayList<>();
        for (int hour = 0; hour < 72; hour++) {   // three days, every hour, two models, two resources
            for (String model : List.of("m1", "m2")) {
                for (String resource : List.of("llm_input_tokens", "cpu_ms")) {
                    rows.add(new UsageRow(UUID.randomUUID().toString(), resource, "acme", "svc", model, "t", null,
                            DAY1.plusSeconds(hour * 3600L + 60), new BigDecimal("1000"), false));
                }
            }
        }
        new UsageStore(ds).ingest(rows);
        Map<String, BigDecimal> before = hourly();

        // m1's input tokens from 2026-05-02T06:00 to 2026-05-02T18:00 were billed at 3x: correct it.
        Instant from = Instant.parse("2026-05-02T06:00:00Z");
        Instant to = Instant.parse("2026-05-02T18:00:00Z");
        Repricer.Result r = new Repricer(ds).publish(List.of(
                new Price(null, null, "llm_input_tokens", "m1", "token", new BigDecimal("0.000003"), from, to)),
                "analyst-x", "provider corrected m1 input price for 2026-05-02 06-18h");

        Map<String, BigDecimal> after = hourly();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        int changed = 0;
        for (String k : before.keySet()) {
            String[] parts = k.split("\\|");
            Instant bucket = Instant.parse(parts[0]);
            boolean inWindow = parts[1].equals("m1") && parts[2].equals("llm_input_tokens")
                    && !bucket.isBefore(from) && bucket.isBefore(to);
            if (inWindow) {
                assertThat(after.get(k)).as(k).isEqualByComparingTo("0.003");
                assertThat(before.get(k)).as(k).isEqualByComparingTo("0.001");
                changed++;
            } else {
                assertThat(after.get(k)).as(k).isEqualByComparingTo(before.get(k));
            }
        }
        assertThat(changed).isEqualTo(12);

        PriceStore.Repricing trail = r.repricings().get(0);
        assertThat(trail.rowsRepriced()).isEqualTo(12);
        assertThat(trail.costBefore()).isEqualByComparingTo("0.012");
        assertThat(trail.costAfter()).isEqualByComparingTo("0.036");
        assertThat(trail.by()).isEqualTo("analyst-x");
        assertThat(new PriceStore(ds).repricings().get(0).reason()).contains("provider corrected");

        // The daily rollup was rebuilt too, and still equals the raw usage.
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT sum(cost_usd) FROM usage), (SELECT sum(cost_usd) FROM rollup_day), "
                     + "(SELECT sum(cost_usd) FROM rollup_hour)")) {
            rs.next();
            assertThat(rs.getBigDecimal(2)).isEqualByComparingTo(rs.getBigDecimal(1));
            assertThat(rs.getBigDecimal(3)).isEqualByComparingTo(rs.getBigDecimal(1));
        }
    }

    @Test
    void usageWithNoPriceInForceStaysUnpricedUntilAPriceCoversIt() throws Exception {
        Instant early = DAY1.minusSeconds(86_400);
        // gpu_ms has no price in the default list either.
        new UsageStore(ds).ingest(List.of(new UsageRow("e1", "gpu_ms", "acme", "svc", "m", "t", null, early,
                new BigDecimal("500"), false)));
        BreakdownRequest q = BreakdownRequest.parse("2026-04-30", "2026-05-01", "", "total", Set.of("acme"), null);
        BreakdownRow row = new CostQueries(ds).breakdown(q).get(0);
        assertThat(row.unpriced()).isEqualTo(1);
        assertThat(row.costUsd()).isEqualByComparingTo("0");

        new Repricer(ds).publish(List.of(new Price(null, null, "gpu_ms", "*", "ms", new BigDecimal("0.001"), early.minusSeconds(60),
                DAY1)), "admin", "back-dated price for April");
        row = new CostQueries(ds).breakdown(q).get(0);
        assertThat(row.unpriced()).isZero();
        assertThat(row.costUsd()).isEqualByComparingTo("0.5");
    }

    private Map<String, BigDecimal> hourly() throws Exception {
        BreakdownRequest q = BreakdownRequest.parse("2026-05-01", "2026-05-04", "model,resource", "hour", Set.of("acme"),
                null);
        return new CostQueries(ds).breakdown(q).stream().collect(Collectors.toMap(
                b -> b.bucket() + "|" + b.group().get("model") + "|" + b.group().get("resource"), BreakdownRow::costUsd));
    }
}
