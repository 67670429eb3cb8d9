package io.fractallba.pcs.tlog;

/**
 * A perfect subtree of the log: {@code 2^level} leaves starting at leaf {@code index · 2^level}. Once the log holds
 * those leaves the node never changes, which is what lets a store keep it append-only.
 */
public record NodeId(int level, long index) {

    public NodeId {
        if (level < 0 || level > 62 || index < 0) {
            throw new IllegalArgumentException("no such node: level " + level + ", index " + index);
        }
    }

    public long firstLeaf() {
        return index << level;
    }

    public long leafCount() {
        return 1L << level;
    }

    /** The perfect node covering leaves [start, end), or null when the range is not a single aligned subtree. */
    static NodeId ofRange(long start, long end) {
        long size = end - start;
        if (size <= 0 || Long.bitCount(size) != 1 || start % size != 0) {
            return null;
        }
        return new NodeId(Long.numberOfTrailingZeros(size), start / size);
    }
}
