package io.fractallba.hrs.guard;

import io.fractallba.hrs.training.Candidate;
import io.fractallba.hrs.training.GroupAudit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Judges a promoted model on the labels that arrived for the submissions it scored: its promise was the interval
 * coverage and the per-tenant false-positive rates its evaluation measured on the test split; live labels that show
 * either broken — beyond sampling noise — are a reason to put the model it replaced back.
 *
 * <p>"Beyond sampling noise" is a 95% Wilson interval: coverage breaches when even its upper bound is below
 * nominal − tolerance; a tenant's false-positive rate (score ≥ {@link GroupAudit#THRESHOLD} on its label-0
 * submissions) breaches when even its lower bound is above the rate the evaluation measured for that tenant on at
 * least {@link GroupAudit#MIN_ROWS} test rows (else the highest tenant rate so measured) + tolerance. Too few labels, or too few negatives
 * in a tenant, judge nothing.
 */
public final class LiveGuard {

    private static final double Z = 1.959964;

    /** The bounds (flk.hrs.auto-rollback.*). */
    public record Settings(int minLabels, double coverageTolerance, double fprTolerance, int minGroupNegatives) {
    }

    /** One labelled submission the judged model scored: its label and what was served. */
    public record Outcome(String tenant, int label, double score, double low, double high) {
    }

    /** What broke: {@code coverage} or {@code fpr}, and the measured evidence. */
    public record Breach(String kind, String reason) {
    }

    private LiveGuard() {
    }

    public static Optional<Breach> judge(String version, Candidate evaluation, List<Outcome> live, Settings s) {
        if (live.size() < s.minLabels()) {
            return Optional.empty();
        }
        double nominal = evaluation.evaluation().nominalCoverage();
        long covered = live.stream().filter(o -> o.label() >= o.low() && o.label() <= o.high()).count();
        double coverageUpper = wilson(covered, live.size(), +1);
        if (coverageUpper < nominal - s.coverageTolerance()) {
            return Optional.of(new Breach("coverage", String.format(Locale.ROOT, "model %s: live interval coverage %.3f "
                            + "on %d labelled submissions (95%% upper bound %.3f) is below nominal %.2f - %.2f", version,
                    covered / (double) live.size(), live.size(), coverageUpper, nominal, s.coverageTolerance())));
        }
        Map<String, Double> promised = new TreeMap<>();
        List<GroupAudit.Group> groups = evaluation.groups() == null ? List.of() : evaluation.groups();
        // Only rates measured on enough rows are a promise: a tenant with 8 test negatives and no false positive did
        // not promise 0.00. Tenants below that are held to the highest rate measured on enough rows.
        groups.stream().filter(g -> g.isTenant() && g.fpr() != null && g.rows() >= GroupAudit.MIN_ROWS)
                .forEach(g -> promised.put(g.group(), g.fpr()));
        Double highest = promised.values().stream().max(Double::compare).orElse(null);
        Map<String, List<Outcome>> negatives = new TreeMap<>();
        live.stream().filter(o -> o.label() == 0)
                .forEach(o -> negatives.computeIfAbsent(o.tenant(), t -> new ArrayList<>()).add(o));
        for (Map.Entry<String, List<Outcome>> e : negatives.entrySet()) {
            int n = e.getValue().size();
            Double reference = promised.getOrDefault(e.getKey(), highest);
            if (n < s.minGroupNegatives() || reference == null) {
                continue;
            }
            long fp = e.getValue().stream().filter(o -> o.score() >= GroupAudit.THRESHOLD).count();
            double lower = wilson(fp, n, -1);
            if (lower > reference + s.fprTolerance()) {
                return Optional.of(new Breach("fpr", String.format(Locale.ROOT, "model %s: tenant %s's false-positive "
                                + "rate %.3f on %d label-0 submissions (95%% lower bound %.3f) is above %.3f + %.2f%s",
                        version, e.getKey(), fp / (double) n, n, lower, reference, s.fprTolerance(),
                        promised.containsKey(e.getKey()) ? " measured for it at evaluation"
                                : " (the highest tenant rate at evaluation; this tenant was not in the test split)")));
            }
        }
        return Optional.empty();
    }

    /** A bound of the 95% Wilson score interval of {@code k} successes in {@code n} trials (+1 upper, -1 lower). */
    static double wilson(long k, long n, int side) {
        double p = k / (double) n;
        double z2 = Z * Z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return centre + side * half;
    }
}
