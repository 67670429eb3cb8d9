package io.fractallba.audit.proof;

import io.fractallba.audit.log.LogStore;
import io.fractallba.pcs.tlog.NodeId;
import io.fractallba.pcs.tlog.ProofGenerator;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Proofs and roots from the stored nodes: the O(log n) nodes a proof needs are read in one query. */
public class ProofService {

    private final LogStore store;

    public ProofService(LogStore store) {
        this.store = store;
    }

    public byte[] root(long size) throws SQLException {
        return run(g -> g.root(size));
    }

    public List<byte[]> inclusion(long index, long size) throws SQLException {
        return run(g -> g.inclusion(index, size));
    }

    public List<byte[]> consistency(long first, long second) throws SQLException {
        return run(g -> g.consistency(first, second));
    }

    private <T> T run(Function<ProofGenerator, T> work) throws SQLException {
        Set<NodeId> needed = ProofGenerator.nodesNeeded(work::apply);
        Map<NodeId, byte[]> nodes = store.nodes(needed);
        return work.apply(new ProofGenerator(id -> {
            byte[] h = nodes.get(id);
            if (h == null) {
                throw new MissingNodeException(id);
            }
            return h;
        }));
    }

    /** The store lacks a node a complete tree must have: deletion or corruption. */
    public static class MissingNodeException extends RuntimeException {
        public MissingNodeException(NodeId id) {
            super("the log is missing its node " + id);
        }
    }
}
