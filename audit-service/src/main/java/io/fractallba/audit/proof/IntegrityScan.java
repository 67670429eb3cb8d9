package io.fractallba.audit.proof;

import io.fractallba.audit.log.LogStore;
import io.fractallba.audit.log.StoredCheckpoint;
import io.fractallba.audit.log.StoredLeaf;
import io.fractallba.pcs.tlog.LogAuditor;
import io.fractallba.pcs.tlog.NodeId;

import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recomputes the whole stored log — leaf hashes from leaf bytes, every node from its children, the root at every
 * checkpoint — and compares with what is stored and signed. The server-side twin of {@code pcs audit log}.
 */
public class IntegrityScan {

    private static final int CHUNK = 4096;

    private final LogStore store;

    public IntegrityScan(LogStore store) {
        this.store = store;
    }

    public record Result(Instant at, LogAuditor.Report report) {
    }

    public Result run() throws SQLException {
        Map<Long, byte[]> roots = new HashMap<>();
        long from = 0;
        List<StoredCheckpoint> page;
        do {
            page = store.checkpoints(from, 1000);
            for (StoredCheckpoint cp : page) {
                roots.put(cp.treeSize(), cp.root());
                from = cp.treeSize() + 1;
            }
        } while (page.size() == 1000);
        Map<NodeId, byte[]> nodes = new HashMap<>();
        LogAuditor auditor = new LogAuditor(roots, nodes::get);
        long next = 0;
        while (true) {
            List<StoredLeaf> leaves = store.leaves(next, CHUNK);
            if (leaves.isEmpty()) {
                break;
            }
            nodes.clear();
            nodes.putAll(store.nodesCompletedBy(next, next + leaves.size()));
            for (StoredLeaf l : leaves) {
                if (l.index() != auditor.size()) {
                    // A gap: the log lost a leaf. Everything from here on cannot be trusted.
                    return new Result(Instant.now(), gap(auditor, l.index()));
                }
                auditor.leaf(l.index(), l.leaf(), l.leafHash());
            }
            next += leaves.size();
        }
        return new Result(Instant.now(), auditor.finish());
    }

    private static LogAuditor.Report gap(LogAuditor auditor, long found) {
        LogAuditor.Report r = auditor.finish();
        List<LogAuditor.Finding> findings = new java.util.ArrayList<>(r.findings());
        findings.add(new LogAuditor.Finding(auditor.size(), found - 1, true, "leaves " + auditor.size() + ".." + (found - 1)
                + " are missing"));
        long first = r.firstBadIndex().isPresent() ? Math.min(r.firstBadIndex().getAsLong(), auditor.size()) : auditor.size();
        return new LogAuditor.Report(r.leaves(), r.verifiedCheckpoints(), findings, java.util.OptionalLong.of(first));
    }
}
