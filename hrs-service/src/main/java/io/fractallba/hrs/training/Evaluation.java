package io.fractallba.hrs.training;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Test-split measures of one scorer (the model or a baseline), all computed from the rows it scored. */
public record Evaluation(
        @JsonProperty("name") String name,
        @JsonProperty("rows") int rows,
        @JsonProperty("auroc") double auroc,
        @JsonProperty("ece") double ece,
        @JsonProperty("brier") double brier,
        @JsonProperty("coverage") double coverage,
        @JsonProperty("nominal_coverage") double nominalCoverage,
        @JsonProperty("mean_interval_width") double meanIntervalWidth) {
}
