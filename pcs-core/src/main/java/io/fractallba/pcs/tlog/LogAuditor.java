package io.fractallba.pcs.tlog;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Recomputes a whole log from its leaves, in index order and constant memory: each leaf's hash from its bytes, every
 * perfect-subtree node (compared with the stored one when a lookup is given), and the root at every checkpointed
 * size (compared with the signed root). Reports each finding and the first leaf index that cannot be trusted.
 */
public final class LogAuditor {

    private final TreeMap<Long, byte[]> checkpointRoots;
    private final SubtreeHashes storedNodes;
    private final MerkleFrontier frontier = new MerkleFrontier();
    private final List<Finding> findings = new ArrayList<>();
    private final List<Long> verifiedCheckpoints = new ArrayList<>();
    /** Leaves and nodes whose recomputed hash differs from the stored one: their ancestors differ as a consequence. */
    private final java.util.Set<NodeId> tainted = new java.util.HashSet<>();

    /**
     * A problem concerning leaves [firstLeaf, lastLeaf]. Precise findings name what was altered (a leaf, or a node
     * whose children are intact); a root mismatch only bounds the change to the leaves since the last good root.
     */
    public record Finding(long firstLeaf, long lastLeaf, boolean precise, String problem) {
    }

    public record Report(long leaves, List<Long> verifiedCheckpoints, List<Finding> findings, OptionalLong firstBadIndex) {
        public boolean ok() {
            return findings.isEmpty();
        }
    }

    /**
     * @param checkpointRoots roots of verified checkpoints by tree size
     * @param storedNodes     the store's perfect nodes of level ≥ 1 to compare with, or null to skip that check
     */
    public LogAuditor(Map<Long, byte[]> checkpointRoots, SubtreeHashes storedNodes) {
        this.checkpointRoots = new TreeMap<>(checkpointRoots);
        this.storedNodes = storedNodes;
        if (this.checkpointRoots.containsKey(0L)) {
            check(0);
        }
    }

    /** Feeds the next leaf; {@code storedLeafHash} may be null when the source serves only the bytes. */
    public void leaf(long index, byte[] leaf, byte[] storedLeafHash) {
        if (index != frontier.size()) {
            throw new IllegalArgumentException("leaves must come in order: expected " + frontier.size() + ", got " + index);
        }
        byte[] recomputed = MerkleHashes.leafHash(leaf);
        if (storedLeafHash != null && !MessageDigest.isEqual(recomputed, storedLeafHash)) {
            tainted.add(new NodeId(0, index));
            find(index, index, true, "leaf " + index + ": its bytes do not hash to the stored leaf hash");
        }
        frontier.append(recomputed, (id, hash) -> {
            if (id.level() == 0 || storedNodes == null) {
                return;
            }
            boolean childTainted = tainted.remove(new NodeId(id.level() - 1, id.index() * 2))
                    | tainted.remove(new NodeId(id.level() - 1, id.index() * 2 + 1));
            byte[] stored = storedNodes.node(id);
            if (stored == null || !MessageDigest.isEqual(stored, hash)) {
                tainted.add(id);
                if (!childTainted) {
                    find(id.firstLeaf(), id.firstLeaf() + id.leafCount() - 1, true, "node (level " + id.level()
                            + ", index " + id.index() + ") covering leaves " + id.firstLeaf() + ".."
                            + (id.firstLeaf() + id.leafCount() - 1)
                            + (stored == null ? " is missing" : " differs from the hash of its children"));
                }
            }
        });
        check(frontier.size());
    }

    public Report finish() {
        for (Long size : checkpointRoots.tailMap(frontier.size(), false).keySet()) {
            find(frontier.size(), size - 1, false,
                    "checkpoint of size " + size + " is beyond the " + frontier.size() + " leaves served");
        }
        return new Report(frontier.size(), List.copyOf(verifiedCheckpoints), List.copyOf(findings), firstBad(findings));
    }

    public long size() {
        return frontier.size();
    }

    private void check(long size) {
        byte[] signed = checkpointRoots.get(size);
        if (signed == null) {
            return;
        }
        byte[] root = frontier.root();
        if (MessageDigest.isEqual(root, signed)) {
            verifiedCheckpoints.add(size);
        } else {
            Long previous = verifiedCheckpoints.isEmpty() ? 0L : verifiedCheckpoints.get(verifiedCheckpoints.size() - 1);
            find(previous, size - 1, false, "root of size " + size + " recomputed from the leaves is "
                    + HexFormat.of().formatHex(root) + ", the signed checkpoint says "
                    + HexFormat.of().formatHex(signed) + " (a leaf in " + previous + ".." + (size - 1) + " changed)");
        }
    }

    private void find(long firstLeaf, long lastLeaf, boolean precise, String problem) {
        findings.add(new Finding(firstLeaf, lastLeaf, precise, problem));
    }

    /** The earliest precise finding; a bound-only finding counts where no precise one explains its range. */
    static OptionalLong firstBad(List<Finding> findings) {
        long first = Long.MAX_VALUE;
        for (Finding f : findings) {
            boolean explained = !f.precise() && findings.stream().anyMatch(p -> p.precise()
                    && p.firstLeaf() <= f.lastLeaf() && p.lastLeaf() >= f.firstLeaf());
            if (!explained) {
                first = Math.min(first, f.firstLeaf());
            }
        }
        return first == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(first);
    }
}
