package io.fractallba.hrs.training;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fractallba.ml.Example;
import io.fractallba.ml.Metrics;
import io.fractallba.ml.TrainedModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The model's measures per group on the test split — per tenant, per declared model and per declared task (the
 * submission's unsigned {@code usage} block) — AUROC, ECE, interval coverage and the false-positive rate at the decision
 * threshold (score ≥ 0.5 read as "risky"), against the same measures on all test rows, with the groups whose gap
 * exceeds a bound flagged. A model that is right on average can be wrong for one tenant, one agent model or one kind
 * of task; this is where that shows. Groups with fewer than {@link #MIN_ROWS} rows, or one label only, are listed
 * without measures that need both. A dimension no test row declares is left out; rows that do not declare it form the
 * group {@code (not declared)}.
 */
public final class GroupAudit {

    /** Fewest test rows a group is judged (flagged) on. */
    public static final int MIN_ROWS = 30;
    /** Score at or above which a submission is read as "risky" (the false-positive rate is measured there). */
    public static final double THRESHOLD = 0.5;
    static final double AUROC_GAP = 0.05;
    static final double COVERAGE_GAP = 0.05;
    static final double FPR_GAP = 0.05;
    static final String UNDECLARED = "(not declared)";

    /**
     * One group's measures and what is flagged about them (empty: within the bounds). {@code dimension} is
     * {@code tenant}, {@code model} or {@code task}; audits stored before it existed had tenants only (null there).
     */
    public record Group(@JsonProperty("dimension") String dimension,
                        @JsonProperty("group") @JsonAlias("tenant") String group, @JsonProperty("rows") int rows,
                        @JsonProperty("auroc") Double auroc, @JsonProperty("ece") Double ece,
                        @JsonProperty("coverage") Double coverage, @JsonProperty("fpr") Double fpr,
                        @JsonProperty("flags") List<String> flags) {

        @JsonCreator
        public Group {
        }

        /** A tenant's group. */
        public Group(String tenant, int rows, Double auroc, Double ece, Double coverage, Double fpr, List<String> flags) {
            this("tenant", tenant, rows, auroc, ece, coverage, fpr, flags);
        }

        /** Whether this is a tenant's group (audits stored before dimensions existed were all tenants). */
        @JsonIgnore
        public boolean isTenant() {
            return dimension == null || "tenant".equals(dimension);
        }
    }

    /** What a submission declared in its usage block (either may be null), keyed by the example's key. */
    public record Declared(String model, String task) {
    }

    private GroupAudit() {
    }

    /** The tenant of an example's key ({@code tenant/pcs_id}). */
    static String tenantOf(Example e) {
        int slash = e.key().lastIndexOf('/');
        return slash < 0 ? e.key() : e.key().substring(0, slash);
    }

    /** Per tenant only. */
    public static List<Group> audit(TrainedModel m, List<Example> test) {
        return audit(m, test, Map.of());
    }

    public static List<Group> audit(TrainedModel m, List<Example> test, Map<String, Declared> declared) {
        Measures all = Measures.of(m, test);
        List<Group> out = new ArrayList<>(byDimension(m, test, all, "tenant", GroupAudit::tenantOf));
        Function<Example, String> model = e -> declared.getOrDefault(e.key(), NONE).model();
        Function<Example, String> task = e -> declared.getOrDefault(e.key(), NONE).task();
        if (test.stream().anyMatch(e -> model.apply(e) != null)) {
            out.addAll(byDimension(m, test, all, "model", bounded(test, model)));
        }
        if (test.stream().anyMatch(e -> task.apply(e) != null)) {
            out.addAll(byDimension(m, test, all, "task", bounded(test, task)));
        }
        return out;
    }

    /** Declared groups beyond this many (the largest kept) are measured together as {@code (other)}. */
    static final int MAX_DECLARED_GROUPS = 20;
    static final String OTHER = "(other)";

    /**
     * A declared dimension's grouping: agents choose these names, so their number is bounded — the
     * {@link #MAX_DECLARED_GROUPS} largest groups, the rest together — and an absent one is {@code (not declared)}.
     */
    private static Function<Example, String> bounded(List<Example> test, Function<Example, String> declared) {
        Map<String, Long> sizes = new TreeMap<>();
        test.forEach(e -> sizes.merge(Objects.requireNonNullElse(declared.apply(e), UNDECLARED), 1L, Long::sum));
        java.util.Set<String> kept = new java.util.HashSet<>(sizes.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_DECLARED_GROUPS).map(Map.Entry::getKey).toList());
        return e -> {
            String g = Objects.requireNonNullElse(declared.apply(e), UNDECLARED);
            return kept.contains(g) ? g : OTHER;
        };
    }

    private static final Declared NONE = new Declared(null, null);

    private static List<Group> byDimension(TrainedModel m, List<Example> test, Measures all, String dimension,
                                           Function<Example, String> groupOf) {
        Map<String, List<Example>> byGroup = new TreeMap<>();
        test.forEach(e -> byGroup.computeIfAbsent(groupOf.apply(e), t -> new ArrayList<>()).add(e));
        List<Group> out = new ArrayList<>();
        byGroup.forEach((group, rows) -> {
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
            out.add(new Group(dimension, group, rows.size(), g.auroc, g.ece, g.coverage, g.fpr, flags));
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
