package io.fractallba.hrs.registry;

import io.fractallba.hrs.features.FeatureSchema;
import io.fractallba.hrs.training.Candidate;
import io.fractallba.hrs.training.Evaluation;

import java.util.Locale;

/** The model card of a version, generated from its evaluation: data, metrics, baselines, limits. */
public final class ModelCard {

    private ModelCard() {
    }

    public static String write(String version, String origin, boolean synthetic, Candidate c) {
        StringBuilder md = new StringBuilder();
        md.append("# HRS model ").append(version).append("\n\n");
        if (synthetic) {
            md.append("**Trained on synthetic data.** This model learnt the project's generated data set, not labels of "
                    + "real submissions: its evaluation measures how well it recovers the generator's own separation, not "
                    + "how well it predicts risk for any real agent. Every score it serves is marked `synthetic: true` in "
                    + "`pcs.risk.v1` and in the score answer.\n\n");
        }
        md.append("- Predicts: the probability that a submission is labelled risky (label 1) by the labels it was trained "
                + "on, from its signed signals, integrity checks of its own claims, and its tenant's history. It does not "
                + "see the agent's output, so it cannot tell whether that output is true.\n");
        md.append("- Model: L2-regularised logistic regression on standardised features, Platt-calibrated, exported to ONNX "
                + "(opset 13).\n");
        md.append("- Feature schema: `").append(FeatureSchema.VERSION).append("` (").append(FeatureSchema.width())
                .append(" columns; missing values imputed to the training mean and flagged).\n");
        md.append("- Training data: ").append(origin).append("; data hash `").append(c.dataHash()).append("`, seed ")
                .append(c.seed()).append(".\n");
        md.append(String.format(Locale.ROOT, "- Split by a seeded hash of the key into disjoint sets: %d train, %d Platt "
                        + "calibration, %d conformal, %d test; positive (risky) rate %.3f.%n", c.trainRows(),
                c.calibrationRows(), c.conformalRows(), c.testRows(), c.positiveRate()));
        md.append(String.format(Locale.ROOT, "- Injected tampering: %d tampered twins of honest-looking training rows "
                + "(D̂ inconsistent with N_j, budget off the formula, regime mismatch), labelled risky, added to the training "
                + "split only, so the integrity features are learnt.%n", c.injectedTamperingRows()));
        md.append(String.format(Locale.ROOT, "- Interval: class-conditional (Mondrian) split-conformal on the conformal "
                        + "split: q₀ = %.4f (label-0 rows), q₁ = %.4f (label-1 rows), interval [score − q₀, score + q₁] ∩ [0, 1], "
                        + "%.0f%% nominal coverage for each label (marginal q = %.4f).%n%n", c.model().qLow(),
                c.model().qHigh(), 100 * (1 - c.model().alpha()), c.model().q()));
        md.append("## Columns left out of the fit\n\n");
        if (c.droppedColumns() == null || c.droppedColumns().isEmpty()) {
            md.append("None: no column was constant or a linear function of others in the training rows.\n\n");
        } else {
            md.append("A constant column cannot be learnt; a collinear one would split its effect arbitrarily with the "
                    + "columns it is a function of. Their weight is 0.\n\n| column | reason |\n|---|---|\n");
            c.droppedColumns().forEach(d -> md.append("| ").append(d.column()).append(" | ").append(d.reason()).append(" |\n"));
            md.append('\n');
        }
        md.append("## Evaluation on the held-out test split\n\n");
        md.append(table(c));
        md.append("\n## Per tenant, declared model and task (test split)\n\n");
        if (c.groups() == null || c.groups().isEmpty()) {
            md.append("Not measured (models trained before the audit existed).\n");
        } else {
            md.append("Model and task are what submissions declared in their (unsigned) usage block. False-positive rate "
                    + "at score ≥ 0.5. Flagged: AUROC more than 0.05 below all rows', coverage more than 0.05 below "
                    + "nominal, false-positive rate more than 0.05 above all rows'.\n\n"
                    + "| by | group | rows | AUROC | ECE | coverage | FPR | flagged |\n|---|---|---:|---:|---:|---:|---:|---|\n");
            c.groups().forEach(g -> md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s |%n",
                    g.isTenant() ? "tenant" : g.dimension(), cell(g.group()), g.rows(), measured(g.auroc()), measured(g.ece()),
                    measured(g.coverage()), measured(g.fpr()), g.flags().isEmpty() ? "—" : String.join("; ", g.flags()))));
        }
        md.append("\n## Limits\n\n");
        md.append("- The interval covers each label with the stated rate on average over submissions like the conformal "
                + "data; it says nothing about one submission and weakens when traffic drifts (watch `flk_hrs_feature_psi`).\n");
        md.append("- Agent-declared features (`logprob_mean`, `response_tokens_log`) are unsigned: an agent can misstate "
                + "them. The evaluation above includes them; served scores ignore them unless the tenant is raise-only "
                + "(then they can only raise a score).\n");
        md.append("- The integrity checks use the constants of the contract's `default@1`; a tenant whose verification "
                + "policy uses other constants sees deviations that are not tampering.\n");
        md.append("- A linear model: interactions between signals are not modelled.\n");
        return md.toString();
    }

    /** The evaluation table: the model, the active model on the same rows (if any), and the baselines. */
    public static String table(Candidate c) {
        StringBuilder md = new StringBuilder("| scorer | rows | AUROC | ECE | Brier | coverage (nominal) | coverage label 0 "
                + "| coverage label 1 | mean width |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        row(md, c.evaluation());
        if (c.active() != null) {
            row(md, c.active());
        }
        c.baselines().forEach(b -> row(md, b));
        if (c.timeOrdered() != null) {
            row(md, c.timeOrdered());
        }
        return md.toString();
    }

    private static void row(StringBuilder md, Evaluation e) {
        md.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f | %.4f | %.4f (%.2f) | %s | %s | %.4f |%n", e.name(),
                e.rows(), e.auroc(), e.ece(), e.brier(), e.coverage(), e.nominalCoverage(), measured(e.coverageLabel0()),
                measured(e.coverageLabel1()), e.meanIntervalWidth()));
    }

    /** A group name as a table cell: declared names are agents' text, so no pipe or line break may break the table. */
    private static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replaceAll("[\\r\\n]+", " ");
    }

    /** A per-label coverage, or "—" where it was not measured (evaluations stored before it existed). */
    private static String measured(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%.4f", v);
    }
}
