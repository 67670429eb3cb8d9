package io.fractallba.cost.usage;

import io.fractallba.cost.price.Price;
import io.fractallba.cost.price.Repricer;
import io.fractallba.cost.query.BreakdownRequest;
import io.fractallba.cost.query.BreakdownRow;
import io.fractallba.cost.query.CostQueries;
import io.fractallba.pcs.testing.TestDatabase;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against the real Postgres: whatever usage arrives (any mix of tenants, models, resources, hours, quantities,
 * redeliveries), every breakdown equals Σ quantity × the price in force, computed independently here, exactly.
 */
class AttributionPropertyTest {

    static final Instant BASE = Instant.parse("2026-03-01T00:00:00Z");
    static final List<String> RESOURCES = List.of("cpu_ms", "llm_input_tokens", "llm_output_tokens", "proofs", "unpriced_thing");
    static final List<String> MODELS = List.of("m-a", "m-b", "m-c");
    static String schema;
    static DataSource ds;
    static Map<String, Map<String, BigDecimal>> prices = new HashMap<>(); // resource -> model|* -> usd

    @BeforeContainer
    static void migrate() throws Exception {
        schema = TestDatabase.freshSchemaName("cost");
        ds = TestDatabase.migrate(schema);
        // Our own table from 2026-03-01 (version 2), with a model-specific price for m-b's input tokens.
        List<Price> table = List.of(
                new Price(null, null, "cpu_ms", "*", "ms", new BigDecimal("0.0000003"), BASE, null),
                new Price(null, null, "llm_input_tokens", "*", "token", new BigDecimal("0.0000025"), BASE, null),
                new Price(null, null, "llm_input_tokens", "m-b", "token", new BigDecimal("0.00000015"), BASE, null),
                new Price(null, null, "llm_output_tokens", "*", "token", new BigDecimal("0.00001"), BASE, null),
                new Price(null, null, "proofs", "*", "proof", new BigDecimal("0.000001"), BASE, null));
        new Repricer(ds).publish(table, "test", "property test prices");
        for (Price p : table) {
            prices.computeIfAbsent(p.resource(), k -> new HashMap<>()).put(p.model(), p.usdPerUnit());
        }
    }

    @AfterContainer
    static void drop() {
        TestDatabase.drop(schema);
    }

    static BigDecimal expectedPrice(String resource, String model) {
        Map<String, BigDecimal> m = prices.get(resource);
        if (m == null) {
            return null;
        }
        return m.containsKey(model) ? m.get(model) : m.get("*");
    }

    @Provide
    Arbitrary<List<UsageRow>> usage() {
        Arbitrary<UsageRow> row = Combinators.combine(
                Arbitraries.integers().between(0, 2), Arbitraries.of(MODELS), Arbitraries.of(RESOURCES),
                Arbitraries.integers().between(0, 71), Arbitraries.bigDecimals().between(BigDecimal.ZERO,
                        new BigDecimal("1000000")).ofScale(3)).as((t, m, r, hour, q) ->
                new UsageRow("generated", r, "prop-" + t, "svc", m, "task", null,
                        BASE.plusSeconds(hour * 3600L + 17), q, false));
        return row.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 25)
    void everyBreakdownIsTheExactSumOfQuantityTimesPrice(@ForAll("usage") List<UsageRow> generated) throws Exception {
        // Fresh tenants and event ids per try (jqwik reuses generated values while shrinking).
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<UsageRow> rows = generated.stream().map(r -> new UsageRow(UUID.randomUUID().toString(), r.resource(),
                r.tenant() + "-" + run, r.service(), r.model(), r.task(), null, r.occurredAt(), r.quantity(), false)).toList();
        UsageStore store = new UsageStore(ds);
        store.ingest(rows);
        store.ingest(rows.subList(0, rows.size() / 2)); // redelivered: counted once
        Map<String, BigDecimal> expected = new HashMap<>();
        Map<String, Long> unpriced = new HashMap<>();
        for (UsageRow r : rows) {
            String k = r.tenant() + "|" + r.model();
            BigDecimal price = expectedPrice(r.resource(), r.model());
            expected.merge(k, price == null ? BigDecimal.ZERO : r.quantity().multiply(price), BigDecimal::add);
            unpriced.merge(k, price == null ? 1L : 0L, Long::sum);
        }
        Set<String> tenants = new java.util.HashSet<>();
        rows.forEach(r -> tenants.add(r.tenant()));
        for (String gran : List.of("total", "day")) {
            BreakdownRequest q = BreakdownRequest.parse("2026-03-01", "2026-03-05", "tenant,model", gran, tenants, null);
            Map<String, BigDecimal> got = new HashMap<>();
            Map<String, Long> gotUnpriced = new HashMap<>();
            for (BreakdownRow b : new CostQueries(ds).breakdown(q)) {
                String k = b.group().get("tenant") + "|" + b.group().get("model");
                got.merge(k, b.costUsd(), BigDecimal::add);
                gotUnpriced.merge(k, b.unpriced(), Long::sum);
            }
            assertThat(got.keySet()).isEqualTo(expected.keySet());
            expected.forEach((k, v) -> assertThat(got.get(k)).as(k + " " + gran).isEqualByComparingTo(v));
            assertThat(gotUnpriced).isEqualTo(unpriced);
        }
        // The hourly rollup (another table) agrees too.
        BreakdownRequest hourly = BreakdownRequest.parse("2026-03-01T00:00:00Z", "2026-03-04T00:00:00Z", "tenant",
                "hour", tenants, null);
        BigDecimal total = CostQueries.total(new CostQueries(ds).breakdown(hourly));
        assertThat(total).isEqualByComparingTo(expected.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
    }
}
