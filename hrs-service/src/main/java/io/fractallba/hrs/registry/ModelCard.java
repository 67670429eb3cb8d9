package io.fractallba.hrs.registry;

import io.fractallba.hrs.features.FeatureSchema;
import io.fractallba.hrs.training.Candidate;
import io.fractallba.hrs.training.Evaluation;

import java.util.Locale;

/** The model card of a version, generated from its evaluation: data, metrics, baselines, limits. */
public final class ModelCard {

    private ModelCard() {
    }

    public static String write(String version, String origin, Candidate c) {
        StringBuilder md = new StringBuilder();
        md.append("# HRS model ").append(version).append("\n\n");
        md.append("- Model: L2-regularised logistic regression on standardised features, Platt-calibrated, exported to ONNX "
                + "(opset 13).\n");
        md.append("- Feature schema: `").append(FeatureSchema.VERSION).append("` (").append(FeatureSchema.width())
                .append(" columns; missing values imputed to the training mean and flagged).\n");
        md.append("- Training data: ").append(origin).append("; data hash `").append(c.dataHash()).append("`, seed ")
                .append(c.seed()).append(".\n");
        md.append(String.format(Locale.ROOT, "- Split by a seeded hash of the key: %d train, %d calibration, %d test; "
                + "positive (risky) rate %.3f.%n", c.trainRows(), c.calibrationRows(), c.testRows(), c.positiveRate()));
        md.append(String.format(Locale.ROOT, "- Interval: split-conformal on |label − score| with q = %.4f for "
                + "%.0f%% nominal coverage.%n%n", c.model().q(), 100 * (1 - c.model().alpha())));
        md.append("## Evaluation on the held-out test split\n\n");
        md.append(table(c));
        md.append("\n## Limits\n\n");
        md.append("- The interval covers the label with the stated rate on average over submissions like the calibration "
                + "data; it says nothing about one submission and weakens when traffic drifts (watch `flk_hrs_feature_psi`).\n");
        md.append("- Agent-supplied features are unsigned: an agent can misstate them. They are optional and flagged "
                + "when missing.\n");
        md.append("- A linear model: interactions between signals are not modelled.\n");
        return md.toString();
    }

    /** The evaluation table: the model, the active model on the same rows (if any), and the baselines. */
    public static String table(Candidate c) {
        StringBuilder md = new StringBuilder("| scorer | rows | AUROC | ECE | Brier | coverage (nominal) | mean width |\n"
                + "|---|---:|---:|---:|---:|---:|---:|\n");
        row(md, c.evaluation());
        if (c.active() != null) {
            row(md, c.active());
        }
        c.baselines().forEach(b -> row(md, b));
        return md.toString();
    }

    private static void row(StringBuilder md, Evaluation e) {
        md.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f | %.4f | %.4f (%.2f) | %.4f |%n", e.name(), e.rows(),
                e.auroc(), e.ece(), e.brier(), e.coverage(), e.nominalCoverage(), e.meanIntervalWidth()));
    }
}
