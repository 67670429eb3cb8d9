package io.fractallba.hrs.training;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Test-split measures of one scorer (the model or a baseline), all computed from the rows it scored; coverage is
 * marginal and per label (the share of label-0 rows, and of label-1 rows, whose interval holds their label). The
 * per-label coverage is null where it was not measured: in evaluations stored before it existed.
 */
public record Evaluation(
        @JsonProperty("name") String name,
        @JsonProperty("rows") int rows,
        @JsonProperty("auroc") double auroc,
        @JsonProperty("ece") double ece,
        @JsonProperty("brier") double brier,
        @JsonProperty("coverage") double coverage,
        @JsonProperty("nominal_coverage") double nominalCoverage,
        @JsonProperty("mean_interval_width") double meanIntervalWidth,
        @JsonProperty("coverage_label_0") Double coverageLabel0,
        @JsonProperty("coverage_label_1") Double coverageLabel1) {

    /** Without per-class coverage (not measured: null). */
    public Evaluation(String name, int rows, double auroc, double ece, double brier, double coverage,
                      double nominalCoverage, double meanIntervalWidth) {
        this(name, rows, auroc, ece, brier, coverage, nominalCoverage, meanIntervalWidth, null, null);
    }
}
