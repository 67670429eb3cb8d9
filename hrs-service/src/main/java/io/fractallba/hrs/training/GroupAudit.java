package io.fractallba.hrs.training;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fractallba.ml.Example;
import io.fractallba.ml.Metrics;
import io.fractallba.ml.TrainedModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model's measures per tenant on the test split — AUROC, ECE, interval coverage and the false-positive rate at
 * the decision threshold (score ≥ 0.5 read as "risky") — against the same measures on all test rows, with the groups
 * whose gap exceeds a bound flagged. A model that is right on average can be wrong for one tenant; this is where that
 * shows. Groups with fewer than {@link #MIN_ROWS} rows, or one label only, are listed without measures that need both.
 */
public final class GroupAudit {

    static final int MIN_ROWS = 30;
    static final double THRESHOLD = 0.5;
    static final double AUROC_GAP = 0.05;
    static final double COVERAGE_GAP = 0.05;
    static final double FPR_GAP = 0.05;

    /** One tenant's measures and what is flagged about them (empty: within the bounds). */
    public record Group(@JsonProperty("tenant") String tenant, @JsonProperty("rows") int rows,
                       @JsonProperty("auroc") Double auroc, @JsonProperty("ece") Double ece,
                       @JsonProperty("coverage") Double coverage, @JsonProperty("fpr") Double fpr,
                       @JsonProperty("flags") List<String> flags) {
    }

    private GroupAudit() {
    }

    /** The tenant of an example's key ({@code tenant/pcs_id}). */
    static String tenantOf(Example e) {
        int slash = e.key().lastIndexOf('/');
        return slash < 0 ? e.key() : e.key().substring(0, slash);
    }

    public static List<Group> audit(TrainedModel m, List<Example> test) {
        Map<String, List<Example>> byTenant = new TreeMap<>();
        test.forEach(e -> byTenant.computeIfAbsent(tenantOf(e), t -> new ArrayList<>()).add(e));
        Measures all = Measures.of(m, test);
        List<Group> out = new ArrayList<>();
        byTenant.forEach((tenant, rows) -> {
            Measures g = Measures.of(m, rows);
            List<String> flags = new ArrayList<>();
            if (rows.size() < MIN_ROWS) {
                flags.add("fewer than " + MIN_ROWS + " test rows: not judged");
            } else {
                if (g.auroc != null && all.auroc != null && all.auroc - g.auroc > AUROC_GAP) {
                    flags.add(String.format(java.util.Locale.ROOT, "AUROC %.3f vs %.3f overall", g.auroc, all.auroc));
                }
                if (1 - m.alpha() - g.coverage > COVERAGE_GAP) {
                    flags.add(String.format(java.util.Locale.ROOT, "coverage %.3f vs nominal %.2f", g.coverage,
                            1 - m.alpha()));
                }
                if (g.fpr != null && all.fpr != null && g.fpr - all.fpr > FPR_GAP) {
                    flags.add(String.format(java.util.Locale.ROOT, "false-positive rate %.3f vs %.3f overall", g.fpr,
                            all.fpr));
                }
            }
            out.add(new Group(tenant, rows.size(), g.auroc, g.ece, g.coverage, g.fpr, flags));
        });
        return out;
    }

    private record Measures(Double auroc, Double ece, double coverage, Double fpr) {
        static Measures of(TrainedModel m, List<Example> rows) {
            double[] p = rows.stream().mapToDouble(e -> m.score(e.x())).toArray();
            int[] y = rows.stream().mapToInt(Example::label).toArray();
            double a = Metrics.auroc(p, y);
            long negatives = java.util.Arrays.stream(y).filter(v -> v == 0).count();
            long falsePositives = java.util.stream.IntStream.range(0, p.length).filter(i -> y[i] == 0 && p[i] >= THRESHOLD).count();
            return new Measures(Double.isNaN(a) ? null : a, rows.isEmpty() ? null : Metrics.ece(p, y, 10),
                    Metrics.coverage(p, y, m.qLow(), m.qHigh()), negatives == 0 ? null : falsePositives / (double) negatives);
        }
    }
}
