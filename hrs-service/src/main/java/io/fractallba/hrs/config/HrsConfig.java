package io.fractallba.hrs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** {@code flk.hrs.*} (docs/hrs.md has the table). */
@ConfigMapping(prefix = "flk.hrs")
public interface HrsConfig {

    /** Consumer group reading {@code pcs.verified.v1}. */
    @WithDefault("hrs-service")
    String consumerGroup();

    @WithDefault("pcs.verified.v1")
    String inputTopic();

    @WithDefault("pcs.risk.v1")
    String riskTopic();

    /** Where the work done for tenants (one scoring per submission) is reported to the cost-service. */
    @WithDefault("cost.usage.v1")
    String usageTopic();

    @WithDefault("500")
    int maxBatch();

    /** Miscoverage of the conformal interval: 0.1 → 90% nominal coverage. */
    @WithDefault("0.1")
    double alpha();

    /** L2 penalty of the logistic regression (standardised features). */
    @WithDefault("0.01")
    double lambda();

    /** Fewest labelled submissions a training run accepts. */
    @WithDefault("200")
    int minExamples();

    /** Seed of the train/calibration/test split when a training request names none. */
    @WithDefault("42")
    long seed();

    /** Scheduled retraining on the labels so far; 0 turns it off (training on demand still works). */
    @WithDefault("6h")
    Duration trainingInterval();

    /**
     * With no model in the registry, train one on this many submissions of the synthetic labelled data set (docs/hrs.md)
     * so scoring can start; its model card and every score it serves are marked synthetic, and the first model trained
     * on real labels that beats it replaces it. 0 (the default, and production's setting) turns it off: until a model
     * is trained on labels, every submission is answered {@code no_model} and the ensemble's HRS check abstains.
     * The {@code dev} profile (dev/up, dev/demo) sets 3000.
     */
    @WithDefault("0")
    int bootstrapExamples();

    /**
     * How often the served models are checked against the registry (reloaded when another replica trained, promoted
     * or rolled back) and the live coverage gauge is refreshed.
     */
    @WithDefault("30s")
    Duration refreshInterval();

    /** Share of keys (0–100, stable hash) served by the shadow model instead of the active one. */
    @WithDefault("0")
    int abPercent();

    /** Served submissions the drift monitor compares against the training distribution. */
    @WithDefault("2000")
    int driftWindow();

    /** Labels with a served score the live coverage gauge looks back over. */
    @WithDefault("1000")
    int coverageWindow();

    /**
     * Whether the agent's declared (unsigned) features count: {@code ignore} (default) scores as if none were sent;
     * {@code raise-only} lets them raise a score, never lower it (docs/hrs.md, "Declared features").
     */
    @WithDefault("ignore")
    String declaredFeatures();

    /** Tenants whose declared features may raise their scores ({@code raise-only}), whatever the default. */
    Optional<Set<String>> declaredFeaturesRaiseOnlyTenants();

    /** The live-label guard of a promoted model (docs/hrs.md, "Automatic rollback"). */
    AutoRollback autoRollback();

    interface AutoRollback {
        /** Whether a promoted model is judged on live labels and rolled back when it breaks its bounds. */
        @WithDefault("true")
        boolean enabled();

        /** Fewest labelled submissions scored by the promoted model before it is judged at all. */
        @WithDefault("100")
        int minLabels();

        /** Coverage breaches when its 95% upper bound is below nominal minus this. */
        @WithDefault("0.05")
        double coverageTolerance();

        /** A tenant's false-positive rate breaches when its 95% lower bound is above its evaluated rate plus this. */
        @WithDefault("0.05")
        double fprTolerance();

        /** Fewest label-0 submissions of a tenant before its false-positive rate is judged. */
        @WithDefault("30")
        int minGroupNegatives();
    }
}
