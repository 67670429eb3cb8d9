package io.fractallba.hrs.training;

/** Test access to the seeded split position of a key. */
public final class TrainingPipelineAccess {
    private TrainingPipelineAccess() {
    }

    public static double unit(long seed, String key) {
        return TrainingPipeline.unit(seed, key);
    }
}
