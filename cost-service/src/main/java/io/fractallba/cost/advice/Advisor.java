package io.fractallba.cost.advice;

import io.fractallba.cost.usage.UsageRow;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optimisation advisor's rules, on one tenant's {@link SpendProfile}. Each rule estimates a monthly saving from
 * the tenant's own figures (scaled from the window to 30 days) and says what it assumes; the realised saving is
 * measured later against a forecast ({@link RealisedSaving}), because these estimates are arithmetic, not promises.
 *
 * <ul>
 *   <li>{@code model-cost}: a model whose cost per trusted task is at least {@code outlierRatio} × the cheapest
 *   model's (both with at least {@code minTrustedTasks} trusted tasks in the window). Saving: the difference per
 *   trusted task × that model's trusted tasks.</li>
 *   <li>{@code anchor-cadence}: anchoring operations are at least {@code anchorShare} of the tenant's spend. Saving:
 *   half their cost, for a checkpoint interval twice as long.</li>
 * </ul>
 */
public final class Advisor {

    static final MathContext MONEY = new MathContext(12, RoundingMode.HALF_EVEN);

    /** Thresholds of the rules ({@code flk.cost.advisor.*}). */
    public record Settings(double outlierRatio, long minTrustedTasks, double anchorShare, BigDecimal minMonthlySavingUsd) {
    }

    private final Settings settings;

    public Advisor(Settings settings) {
        this.settings = settings;
    }

    /** The recommendations for this profile, largest estimated saving first. */
    public List<Recommendation> advise(SpendProfile p) {
        List<Recommendation> out = new ArrayList<>();
        if (p.days() <= 0 || p.totalUsd().signum() <= 0) {
            return out;
        }
        out.addAll(modelCost(p));
        anchorCadence(p).ifPresent(out::add);
        out.removeIf(r -> r.estimatedMonthlySavingUsd().compareTo(settings.minMonthlySavingUsd()) < 0);
        out.sort(Comparator.comparing(Recommendation::estimatedMonthlySavingUsd).reversed());
        return out;
    }

    private List<Recommendation> modelCost(SpendProfile p) {
        List<SpendProfile.ModelSpend> eligible = p.models().stream()
                // Models not named by the agents cannot be routed to or away from; a cost per trusted task must exist
                // (one trusted task at least) and be known (no unpriced usage, whose cost would read as zero).
                .filter(m -> !UsageRow.UNSPECIFIED.equals(m.model()) && m.unpricedRows() == 0
                        && m.trustedTasks() >= Math.max(1, settings.minTrustedTasks()))
                .toList();
        if (eligible.size() < 2) {
            return List.of();
        }
        SpendProfile.ModelSpend ref = eligible.stream().min(Comparator.comparing(Advisor::perTask)).orElseThrow();
        BigDecimal refPerTask = perTask(ref);
        List<Recommendation> out = new ArrayList<>();
        for (SpendProfile.ModelSpend m : eligible) {
            BigDecimal perTask = perTask(m);
            if (m == ref || perTask.signum() == 0) {
                continue;
            }
            double ratio = refPerTask.signum() == 0 ? Double.POSITIVE_INFINITY
                    : perTask.divide(refPerTask, MONEY).doubleValue();
            if (ratio < settings.outlierRatio()) {
                continue;
            }
            BigDecimal saving = monthly(perTask.subtract(refPerTask).multiply(BigDecimal.valueOf(m.trustedTasks())), p);
            Map<String, Object> evidence = window(p);
            evidence.put("model", m.model());
            evidence.put("model_cost_usd", m.costUsd());
            evidence.put("model_trusted_tasks", m.trustedTasks());
            evidence.put("model_cost_per_trusted_task_usd", perTask);
            evidence.put("reference_model", ref.model());
            evidence.put("reference_cost_per_trusted_task_usd", refPerTask);
            evidence.put("reference_trusted_tasks", ref.trustedTasks());
            evidence.put("ratio", Double.isInfinite(ratio) ? null : round(ratio));
            out.add(new Recommendation("model-cost:" + m.model(), "model-cost",
                    "Tasks on " + m.model() + " cost " + (Double.isInfinite(ratio) ? "far more" : round(ratio) + "×")
                            + " per trusted task than on " + ref.model(),
                    saving,
                    "(cost per trusted task of " + m.model() + " − that of " + ref.model() + ") × " + m.trustedTasks()
                            + " trusted tasks, scaled from " + p.days() + " to 30 days",
                    evidence,
                    List.of("Route the tasks the agents run on " + m.model() + " to " + ref.model()
                                    + " (an agent-side model choice; start with a share of the traffic).",
                            "Record it: POST /v1/cost/recommendations/apply {\"tenant\":\"" + p.tenant()
                                    + "\",\"id\":\"model-cost:" + m.model() + "\"} (or pcs cost advise --apply), then "
                                    + "read the realised saving under GET /v1/cost/recommendations/applied."),
                    List.of("The tasks on " + m.model() + " can be served by " + ref.model() + " at its present cost "
                                    + "per trusted task and trust rate; the cost-service sees costs and verdicts, not "
                                    + "answer quality — compare both on a sample first.",
                            "The window's volume is representative of the month.",
                            "The realised saving is measured on the tenant's whole spend (spend moves between models), "
                                    + "so any other change in the same days counts in it too."),
                    Recommendation.TENANT_TOTAL));
        }
        return out;
    }

    private java.util.Optional<Recommendation> anchorCadence(SpendProfile p) {
        SpendProfile.ResourceSpend anchors = p.resources().get("anchor_ops");
        if (anchors == null || anchors.costUsd().signum() <= 0) {
            return java.util.Optional.empty();
        }
        double share = anchors.costUsd().divide(p.totalUsd(), MONEY).doubleValue();
        if (share < settings.anchorShare()) {
            return java.util.Optional.empty();
        }
        Map<String, Object> evidence = window(p);
        evidence.put("anchor_ops", anchors.quantity());
        evidence.put("anchor_ops_per_day", anchors.quantity().divide(BigDecimal.valueOf(p.days()), MONEY));
        evidence.put("anchor_cost_usd", anchors.costUsd());
        evidence.put("share_of_spend", round(share));
        return java.util.Optional.of(new Recommendation("anchor-cadence", "anchor-cadence",
                "Anchoring is " + round(share * 100) + "% of this tenant's spend: anchor half as often",
                monthly(anchors.costUsd().divide(BigDecimal.valueOf(2), MONEY), p),
                "half of the anchoring cost in the window, scaled from " + p.days() + " to 30 days",
                evidence,
                List.of("Double flk.audit.checkpoint-interval on the audit-service (every checkpoint is anchored).",
                        "Record it: POST /v1/cost/recommendations/apply {\"tenant\":\"" + p.tenant()
                                + "\",\"id\":\"anchor-cadence\"}; the realised saving is measured on the tenant's "
                                + "anchor_ops spend."),
                List.of("The tenant's leaves arrive spread over each interval, so half as many checkpoints means half "
                                + "as many operations shared by its leaves.",
                        "A leaf waits up to twice as long to be anchored, and the interval is one setting for every "
                                + "tenant of the install."),
                "resource:anchor_ops"));
    }

    private static BigDecimal perTask(SpendProfile.ModelSpend m) {
        return m.costUsd().divide(BigDecimal.valueOf(m.trustedTasks()), MONEY);
    }

    private static BigDecimal monthly(BigDecimal windowAmount, SpendProfile p) {
        return windowAmount.multiply(BigDecimal.valueOf(30)).divide(BigDecimal.valueOf(p.days()), MONEY);
    }

    private static Map<String, Object> window(SpendProfile p) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("from", p.from().toString());
        e.put("to", p.to().toString());
        e.put("days", p.days());
        e.put("tenant_cost_usd", p.totalUsd());
        return e;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
