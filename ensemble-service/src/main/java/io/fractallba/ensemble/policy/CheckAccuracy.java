package io.fractallba.ensemble.policy;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How often one check's decisive votes (accept or reject) agreed with the labelled outcome of the submission (reject
 * is right for a risky one, accept for a fine one), and the weight that record earns: the log-odds of its accuracy,
 * log(a / (1 − a)), with a Laplace prior (a = (correct + 1) / (decisive + 2)) — the weighting under which a weighted
 * majority of independent voters is the most likely answer. A check no better than a coin earns nothing; the weight is
 * kept within the policy's (0, 10] and given only once {@code minLabels} decisive votes were labelled.
 */
public record CheckAccuracy(@JsonProperty("check") String check, @JsonProperty("decisive") long decisive,
                            @JsonProperty("correct") long correct) {

    static final double MIN_WEIGHT = 0.05;
    static final double MAX_WEIGHT = 10;

    @JsonProperty("accuracy")
    public double accuracy() {
        return (correct + 1.0) / (decisive + 2.0);
    }

    /** The measured weight, or null while fewer than {@code minLabels} decisive votes were labelled. */
    public Double weight(long minLabels) {
        if (decisive < minLabels) {
            return null;
        }
        double a = accuracy();
        return Math.max(MIN_WEIGHT, Math.min(MAX_WEIGHT, Math.log(a / (1 - a))));
    }
}
