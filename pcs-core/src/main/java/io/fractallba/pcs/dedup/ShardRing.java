package io.fractallba.pcs.dedup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Consistent hashing of hot-tier keys onto Redis nodes, identical in the verifier and the dedup-service.
 * Hash: the first 8 bytes of SHA-256 of the UTF-8 text, read as an unsigned big-endian 64-bit number. Each node owns
 * {@code vnodes} points, the hashes of {@code "<node>#<i>"}; a key belongs to the first point at or after its own hash,
 * wrapping around. Adding or removing one node of n moves about 1/n of the keys.
 */
public final class ShardRing {

    private final long[] points;
    private final String[] owners;
    private final List<String> nodes;

    public ShardRing(List<String> nodes, int vnodes) {
        if (nodes.isEmpty() || vnodes < 1) {
            throw new IllegalArgumentException("a ring needs at least one node and one virtual node per node");
        }
        if (new LinkedHashSet<>(nodes).size() != nodes.size()) {
            throw new IllegalArgumentException("node names must be unique: " + nodes);
        }
        this.nodes = List.copyOf(nodes);
        int n = nodes.size() * vnodes;
        long[][] pairs = new long[n][2];
        int k = 0;
        for (int node = 0; node < nodes.size(); node++) {
            for (int i = 0; i < vnodes; i++) {
                pairs[k][0] = hash(nodes.get(node) + "#" + i);
                pairs[k][1] = node;
                k++;
            }
        }
        Arrays.sort(pairs, (a, b) -> a[0] != b[0] ? Long.compareUnsigned(a[0], b[0]) : Long.compare(a[1], b[1]));
        points = new long[n];
        owners = new String[n];
        for (int i = 0; i < n; i++) {
            points[i] = pairs[i][0];
            owners[i] = nodes.get((int) pairs[i][1]);
        }
    }

    public List<String> nodes() {
        return nodes;
    }

    public String owner(String key) {
        return owners[first(hash(key))];
    }

    /** The owner, or — when it is unhealthy — the next healthy node clockwise; null when none is healthy. */
    public String owner(String key, Predicate<String> healthy) {
        for (String n : preference(key)) {
            if (healthy.test(n)) {
                return n;
            }
        }
        return null;
    }

    /** Every node once, in ring order starting at the key's owner. */
    public List<String> preference(String key) {
        Set<String> out = new LinkedHashSet<>();
        int start = first(hash(key));
        for (int i = 0; i < points.length && out.size() < nodes.size(); i++) {
            out.add(owners[(start + i) % points.length]);
        }
        return new ArrayList<>(out);
    }

    public static long hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d, 0, 8).getLong();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private int first(long h) {
        int lo = 0;
        int hi = points.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(points[mid], h) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == points.length ? 0 : lo;
    }
}
