package io.fractallba.sdk.signals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The portable coh★ direction generator of the contract (docs/contract.md, "coh★ directions", generator
 * {@code sha256-ctr-v1}): SHA-256 in counter mode from the seed gives 64-bit words, each word an exactly
 * representable uniform in (0, 1), and directions are drawn uniformly on the unit sphere by rejection from the
 * ball. Only exactly rounded IEEE 754 operations (+, −, ×, ÷, √) are used — no log, sin or cos, whose last bit
 * differs between math libraries — so every language reproduces the same doubles bit for bit.
 */
public final class DirectionStream {

    /** Domain-separation prefix of every block. */
    static final byte[] DOMAIN = "fractal-lba/coh-dir/v1".getBytes(StandardCharsets.US_ASCII);
    /** Candidates whose squared norm is below this are discarded (their direction would be mostly rounding). */
    static final double MIN_NORM2 = 1e-6;
    private static final double TWO_POW_MINUS_52 = 0x1p-52;

    private final MessageDigest sha256;
    private final ByteBuffer prefix;
    private long counter;
    private final long[] words = new long[4];
    private int next = 4;

    public DirectionStream(long seed) {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
        prefix = ByteBuffer.allocate(DOMAIN.length + 16).put(DOMAIN).putLong(seed); // big-endian by default
    }

    /** The next uniform: ((w >>> 12) + 0.5) · 2^−52, exact in binary64, strictly between 0 and 1. */
    public double nextUniform() {
        if (next == 4) {
            ByteBuffer block = prefix.duplicate();
            block.position(DOMAIN.length + 8);
            block.putLong(counter++);
            ByteBuffer h = ByteBuffer.wrap(sha256.digest(block.array()));
            for (int i = 0; i < 4; i++) {
                words[i] = h.getLong();
            }
            next = 0;
        }
        return ((words[next++] >>> 12) + 0.5) * TWO_POW_MINUS_52;
    }

    /** The next unit direction in {@code dim} dimensions (uniform on the sphere). */
    public double[] nextDirection(int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("dimension must be ≥ 1, was " + dim);
        }
        double[] x = new double[dim];
        while (true) {
            double s = 0.0;
            for (int d = 0; d < dim; d++) {
                x[d] = 2.0 * nextUniform() - 1.0; // exact: u is a multiple of 2^-53
                s += x[d] * x[d];
            }
            if (s <= 1.0 && s >= MIN_NORM2) {
                double n = Math.sqrt(s);
                for (int d = 0; d < dim; d++) {
                    x[d] /= n;
                }
                return x;
            }
        }
    }
}
