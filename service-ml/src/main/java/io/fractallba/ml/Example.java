package io.fractallba.ml;

/** One labelled example: its key, feature vector (NaN = missing), label (0 or 1) and weight. */
public record Example(String key, double[] x, int label, double weight) {

    public Example {
        if (label != 0 && label != 1) {
            throw new IllegalArgumentException("label must be 0 or 1");
        }
    }
}
