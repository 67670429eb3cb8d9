package io.fractallba.e2e.demo;

import io.fractallba.sdk.cost.CostClient;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cost part of the demo: what the cost-service attributed to this run. The database outlives runs, so the
 * summary is the difference between a snapshot taken before the workload and one taken once every acknowledged
 * submission has been counted.
 */
final class CostSummary {


    private final CostClient client;
    private final Map<String, String> range;
    private Map<String, Totals> before;

    record Totals(BigDecimal cost, long submissions, long trusted) {
        Totals minus(Totals o) {
            return o == null ? this : new Totals(cost.subtract(o.cost), submissions - o.submissions, trusted - o.trusted);
        }
    }

    CostSummary(String costUrl) {
        this.client = new CostClient(costUrl, io.fractallba.e2e.DevIssuer.get().token(
                io.fractallba.pcs.token.Roles.ANALYST, io.fractallba.pcs.token.Roles.ALL_TENANTS));
        Instant from = Instant.now().truncatedTo(ChronoUnit.DAYS);
        this.range = Map.of("from", from.toString(), "to", from.plus(2, ChronoUnit.DAYS).toString(),
                "group_by", "tenant,resource");
    }

    void snapshot() throws Exception {
        before = totals();
    }

    /** Waits until the run's submissions are all counted, then prints per-tenant cost; false if they never were. */
    boolean print(Map<String, Long> acknowledgedPerTenant, PrintStream out) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Totals> delta;
        while (true) {
            delta = delta(totals());
            Map<String, Totals> d = delta;
            boolean complete = acknowledgedPerTenant.entrySet().stream()
                    .allMatch(e -> d.containsKey(e.getKey()) && d.get(e.getKey()).submissions() >= e.getValue());
            if (complete || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(250);
        }
        out.println("cost attributed to this run (cost-service, default internal rates; model and task from the"
                + " agents' usage blocks):");
        out.printf("  %-12s %12s %14s %10s %22s%n", "tenant", "submissions", "cost_usd", "trusted", "usd_per_trusted_task");
        boolean ok = true;
        for (Map.Entry<String, Long> e : new TreeMap<>(acknowledgedPerTenant).entrySet()) {
            Totals t = delta.getOrDefault(e.getKey(), new Totals(BigDecimal.ZERO, 0, 0));
            ok &= t.submissions() == e.getValue();
            out.printf("  %-12s %12d %14s %10d %22s%n", e.getKey(), t.submissions(), t.cost().toPlainString(), t.trusted(),
                    t.trusted() == 0 ? "-" : t.cost().divide(BigDecimal.valueOf(t.trusted()), new java.math.MathContext(6))
                            .toPlainString());
        }
        Map<String, String> byModel = new HashMap<>(range);
        byModel.put("group_by", "model");
        out.println("  today by model: " + client.breakdown(byModel).get("rows").toString()
                .replaceAll("\\{bucket=[^,]*, ", "{"));
        out.println("  " + (ok ? "every acknowledged submission was counted exactly once"
                : "MISMATCH: counted submissions differ from acknowledged ones"));
        return ok;
    }

    private Map<String, Totals> delta(Map<String, Totals> after) {
        Map<String, Totals> d = new HashMap<>();
        after.forEach((t, v) -> d.put(t, v.minus(before.get(t))));
        return d;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Totals> totals() throws Exception {
        Map<String, Totals> out = new HashMap<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) client.breakdown(range).get("rows")) {
            Map<String, Object> g = (Map<String, Object>) r.get("group");
            String tenant = (String) g.get("tenant");
            BigDecimal cost = new BigDecimal(r.get("cost_usd").toString());
            boolean submissions = "submissions".equals(g.get("resource"));
            long n = submissions ? new BigDecimal(r.get("quantity").toString()).longValue() : 0;
            long trusted = ((Number) r.get("trusted_tasks")).longValue();
            out.merge(tenant, new Totals(cost, n, trusted),
                    (a, b) -> new Totals(a.cost().add(b.cost()), a.submissions() + b.submissions(), a.trusted() + b.trusted()));
        }
        return out;
    }
}
