package io.fractallba.hrs.runtime;

import io.fractallba.hrs.features.FeatureSchema;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.atomic.AtomicReference;

/** The hrs-service's {@code flk_hrs_*} metrics (docs/hrs.md). */
public final class HrsMetrics {

    /** Headline measures of the active model's evaluation (NaN before a model exists). */
    public record ActiveEvaluation(double auroc, double ece, double coverage, double nominal) {
        static final ActiveEvaluation NONE = new ActiveEvaluation(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    public final Counter scored;
    public final Counter noModel;
    public final Counter shadowScored;
    public final Counter redelivered;
    public final Counter labels;
    private final MeterRegistry registry;
    public final Timer scoreLatency;
    public final DistributionSummary shadowDifference;
    public final AtomicReference<ActiveEvaluation> active = new AtomicReference<>(ActiveEvaluation.NONE);
    public final AtomicReference<double[]> liveCoverage = new AtomicReference<>(new double[]{Double.NaN, 0});

    public HrsMetrics(MeterRegistry r, DriftMonitor drift) {
        registry = r;
        autoRollbacks("coverage");
        autoRollbacks("fpr");
        scored = Counter.builder("flk_hrs_scored").description("Submissions scored by a model (events and synchronous calls)").register(r);
        noModel = Counter.builder("flk_hrs_no_model").description("Submissions answered 'no model' (no model to score with yet)")
                .register(r);
        shadowScored = Counter.builder("flk_hrs_shadow_scored").description("Submissions also scored by the shadow model").register(r);
        redelivered = Counter.builder("flk_hrs_redelivered").description("Events seen again after a redelivery").register(r);
        labels = Counter.builder("flk_hrs_labels").description("Labels received").register(r);
        scoreLatency = Timer.builder("flk_hrs_score_seconds").description("In-process ONNX scoring time per call")
                .publishPercentileHistogram().minimumExpectedValue(java.time.Duration.ofNanos(10_000))
                .maximumExpectedValue(java.time.Duration.ofSeconds(10)).register(r);
        shadowDifference = DistributionSummary.builder("flk_hrs_shadow_abs_difference")
                .description("|active score − shadow score| per submission").register(r);
        Gauge.builder("flk_hrs_model_auroc", active, a -> a.get().auroc())
                .description("AUROC of the active model (predicting the risky label) on its held-out test split").register(r);
        Gauge.builder("flk_hrs_calibration_error", active, a -> a.get().ece())
                .description("Expected calibration error (10 bins) of the active model on its test split").register(r);
        Gauge.builder("flk_hrs_interval_coverage", active, a -> a.get().coverage()).tag("source", "evaluation")
                .description("Share of labels inside the class-conditional conformal interval of the risk score").register(r);
        Gauge.builder("flk_hrs_interval_coverage", liveCoverage, c -> c.get()[0]).tag("source", "labels")
                .description("Share of labels inside the class-conditional conformal interval of the risk score").register(r);
        Gauge.builder("flk_hrs_interval_coverage_nominal", active, a -> a.get().nominal())
                .description("Nominal coverage of the conformal interval (1 − alpha)").register(r);
        for (int j = 0; j < drift.features(); j++) {
            int feature = j;
            Gauge.builder("flk_hrs_feature_psi", drift, d -> d.psi(feature)).tag("feature", FeatureSchema.FEATURES.get(j).name())
                    .description("Population stability index of the feature: recent traffic vs the active model's training data")
                    .register(r);
        }
    }

    /** Models the live-label guard rolled back, by what they broke (registered at zero so the alert has its series). */
    public Counter autoRollbacks(String kind) {
        return Counter.builder("flk_hrs_auto_rollbacks").tag("breach", kind)
                .description("Promoted models rolled back because live labels showed them breaking their coverage or "
                        + "a tenant's false-positive bound").register(registry);
    }
}
