package io.fractallba.pcs.tlog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Roots, inclusion proofs and consistency proofs of RFC 6962 §2.1 computed from perfect-subtree hashes. A proof for a
 * tree of size n needs O(log n) of them: every subtree the RFC's recursion names is either perfect (one stored node)
 * or lies on the right edge of the tree (at most one per proof, decomposed into O(log n) perfect nodes).
 * {@link #nodesNeeded} lists them up front so a store can fetch them in one round trip.
 */
public final class ProofGenerator {

    private final SubtreeHashes nodes;

    public ProofGenerator(SubtreeHashes nodes) {
        this.nodes = nodes;
    }

    /** MTH(D[0:size]). */
    public byte[] root(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative tree size");
        }
        return size == 0 ? MerkleHashes.emptyRoot() : subtree(0, size);
    }

    /** PATH(index, D[size]) of RFC 6962 §2.1.1, audit path from the leaf up. */
    public List<byte[]> inclusion(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of size " + size);
        }
        List<byte[]> out = new ArrayList<>();
        path(index, 0, size, out);
        return out;
    }

    /** PROOF(first, D[second]) of RFC 6962 §2.1.2; defined for 0 < first ≤ second (empty when equal). */
    public List<byte[]> consistency(long first, long second) {
        if (first <= 0 || first > second) {
            throw new IllegalArgumentException("no consistency proof from size " + first + " to size " + second);
        }
        List<byte[]> out = new ArrayList<>();
        if (first < second) {
            subproof(first, 0, second, true, out);
        }
        return out;
    }

    /** The perfect nodes that {@code work} reads, in first-use order; {@code work} runs against placeholder hashes. */
    public static Set<NodeId> nodesNeeded(java.util.function.Consumer<ProofGenerator> work) {
        Set<NodeId> ids = new LinkedHashSet<>();
        byte[] placeholder = new byte[MerkleHashes.HASH_SIZE];
        work.accept(new ProofGenerator(id -> {
            ids.add(id);
            return placeholder;
        }));
        return ids;
    }

    private void path(long m, long start, long end, List<byte[]> out) {
        long n = end - start;
        if (n == 1) {
            return;
        }
        long k = MerkleHashes.split(n);
        if (m < k) {
            path(m, start, start + k, out);
            out.add(subtree(start + k, end));
        } else {
            path(m - k, start + k, end, out);
            out.add(subtree(start, start + k));
        }
    }

    private void subproof(long m, long start, long end, boolean whole, List<byte[]> out) {
        long n = end - start;
        if (m == n) {
            if (!whole) {
                out.add(subtree(start, end));
            }
            return;
        }
        long k = MerkleHashes.split(n);
        if (m <= k) {
            subproof(m, start, start + k, whole, out);
            out.add(subtree(start + k, end));
        } else {
            subproof(m - k, start + k, end, false, out);
            out.add(subtree(start, start + k));
        }
    }

    /** MTH(D[start:end]); ranges in the RFC recursion start at a multiple of the split, so the left part is perfect. */
    private byte[] subtree(long start, long end) {
        NodeId perfect = NodeId.ofRange(start, end);
        if (perfect != null) {
            return nodes.node(perfect);
        }
        long k = MerkleHashes.split(end - start);
        return MerkleHashes.nodeHash(subtree(start, start + k), subtree(start + k, end));
    }
}
