package io.fractallba.pcs.tlog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The right edge of a growing tree (a "compact range"): for a log of size n, the hashes of the perfect subtrees
 * that the binary decomposition of n names — at most 63 hashes. Appending a leaf yields every node that becomes
 * complete, so a store can persist them; the root of the current size is a fold over the edge. The same class lets
 * an auditor recompute every root of a whole log in constant memory.
 */
public final class MerkleFrontier {

    private final byte[][] byLevel = new byte[63][];
    private long size;

    public MerkleFrontier() {
    }

    /** The frontier of a tree of {@code size} leaves, from its stored perfect nodes (see {@link #nodesOf(long)}). */
    public static MerkleFrontier restore(long size, SubtreeHashes nodes) {
        MerkleFrontier f = new MerkleFrontier();
        for (NodeId id : nodesOf(size)) {
            f.byLevel[id.level()] = nodes.node(id);
        }
        f.size = size;
        return f;
    }

    /** The perfect subtrees a frontier of {@code size} consists of, largest (leftmost) first. */
    public static List<NodeId> nodesOf(long size) {
        List<NodeId> ids = new ArrayList<>();
        for (int level = 62; level >= 0; level--) {
            if ((size & (1L << level)) != 0) {
                ids.add(new NodeId(level, (size >> level) - 1));
            }
        }
        return ids;
    }

    public long size() {
        return size;
    }

    /**
     * Appends one leaf (given as its leaf hash) and reports every node that this completes, the leaf node first and
     * the highest last.
     */
    public void append(byte[] leafHash, NodeSink completed) {
        byte[] h = leafHash;
        long index = size;
        int level = 0;
        completed.accept(new NodeId(0, index), h);
        while ((index & 1) == 1) {
            h = MerkleHashes.nodeHash(byLevel[level], h);
            byLevel[level] = null;
            index >>= 1;
            level++;
            completed.accept(new NodeId(level, index), h);
        }
        byLevel[level] = h;
        size++;
    }

    public void append(byte[] leafHash) {
        append(leafHash, (id, hash) -> { });
    }

    /** MTH of the current size. */
    public byte[] root() {
        if (size == 0) {
            return MerkleHashes.emptyRoot();
        }
        byte[] r = null;
        for (int level = 0; level < byLevel.length; level++) {
            byte[] h = byLevel[level];
            if (h != null) {
                r = r == null ? h : MerkleHashes.nodeHash(h, r);
            }
        }
        return r;
    }

    public MerkleFrontier copy() {
        MerkleFrontier f = new MerkleFrontier();
        for (int i = 0; i < byLevel.length; i++) {
            f.byLevel[i] = byLevel[i] == null ? null : byLevel[i].clone();
        }
        f.size = size;
        return f;
    }

    @Override
    public String toString() {
        return "MerkleFrontier[size=" + size + ", levels=" + Arrays.stream(byLevel).filter(b -> b != null).count() + "]";
    }

    /** Receives the nodes an append completes. */
    @FunctionalInterface
    public interface NodeSink {
        void accept(NodeId id, byte[] hash);
    }
}
