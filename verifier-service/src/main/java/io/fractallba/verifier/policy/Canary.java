package io.fractallba.verifier.policy;

import java.nio.charset.StandardCharsets;

/**
 * Which submissions a rollout step gives to the candidate: those whose pcs_id falls in the first {@code percent} of
 * 10,000 buckets by FNV-1a (64-bit) of its UTF-8 bytes. Stable: every replica, and every retry of a submission, puts
 * it in the same bucket, and a submission in the 5% step stays with the candidate in the 25% step.
 */
final class Canary {

    private Canary() {
    }

    static boolean selects(String pcsId, int percent) {
        if (percent <= 0) {
            return false;
        }
        return percent >= 100 || bucket(pcsId) < percent * 100;
    }

    static int bucket(String pcsId) {
        long h = 0xcbf29ce484222325L;
        for (byte b : pcsId.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return (int) Long.remainderUnsigned(h, 10_000);
    }
}
