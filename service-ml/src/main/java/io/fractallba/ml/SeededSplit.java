package io.fractallba.ml;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** A stable position in [0, 1) for a key under a seed: the same train/calibration/test split for the same seed and data. */
public final class SeededSplit {

    private SeededSplit() {
    }

    public static double unit(long seed, String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((seed + "/" + key).getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 7; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v / (double) (1L << 56);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
