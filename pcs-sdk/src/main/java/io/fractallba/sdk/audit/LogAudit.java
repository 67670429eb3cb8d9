package io.fractallba.sdk.audit;

import io.fractallba.pcs.tlog.LogAuditor;
import io.fractallba.pcs.tlog.MerkleHashes;
import io.fractallba.pcs.tlog.NoteKey;
import io.fractallba.pcs.tlog.ProofException;
import io.fractallba.pcs.tlog.ProofVerifier;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Audits a whole log as an outsider can: verifies every checkpoint's signature, recomputes every leaf hash and every
 * checkpointed root from the served leaves, and checks the served consistency proof between each pair of
 * consecutive checkpoints. Where a root does not match, the inclusion proof of each leaf since the last good
 * checkpoint is checked against the signed root, which names the changed leaf.
 */
public final class LogAudit {

    private static final int PAGE = 1000;

    private final AuditClient client;
    private final NoteKey key;
    private final String origin;
    private final PrintStream progress;

    public LogAudit(AuditClient client, NoteKey key, String origin, PrintStream progress) {
        this.client = client;
        this.key = key;
        this.origin = origin;
        this.progress = progress;
    }

    public record Result(long leaves, int checkpoints, List<Long> verifiedCheckpoints, List<String> problems,
                         OptionalLong firstBadIndex) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public Result run() throws IOException, ProofException {
        Map<Long, byte[]> roots = new LinkedHashMap<>();
        long from = 0;
        List<AuditClient.VerifiedCheckpoint> page;
        do {
            page = client.checkpoints(from, PAGE, key, origin);
            for (AuditClient.VerifiedCheckpoint cp : page) {
                roots.put(cp.checkpoint().size(), cp.checkpoint().root());
                from = cp.checkpoint().size() + 1;
            }
        } while (page.size() == PAGE);
        List<String> problems = new ArrayList<>();
        List<Long> sizes = new ArrayList<>(roots.keySet());
        for (int i = 0; i + 1 < sizes.size(); i++) {
            long a = sizes.get(i);
            long b = sizes.get(i + 1);
            if (a == 0) {
                continue;
            }
            try {
                ProofVerifier.verifyConsistency(a, b, roots.get(a), roots.get(b), client.consistency(a, b));
            } catch (ProofException | IOException e) {
                problems.add("consistency " + a + " → " + b + ": " + e.getMessage());
            }
        }

        long last = sizes.isEmpty() ? 0 : sizes.get(sizes.size() - 1);
        LogAuditor auditor = new LogAuditor(roots, null);
        long next = 0;
        while (next < last) {
            List<AuditClient.Entry> entries = client.entries(next, PAGE);
            if (entries.isEmpty()) {
                break;
            }
            for (AuditClient.Entry e : entries) {
                if (e.index() != next || next >= last) {
                    break;
                }
                auditor.leaf(e.index(), e.leaf(), e.leafHash());
                next++;
            }
            if (progress != null) {
                progress.printf("\r  %d / %d leaves recomputed", next, last);
            }
        }
        if (progress != null) {
            progress.println();
        }
        LogAuditor.Report report = auditor.finish();
        long first = Long.MAX_VALUE;
        for (LogAuditor.Finding f : report.findings()) {
            problems.add(f.problem());
            if (f.precise()) {
                first = Math.min(first, f.firstLeaf());
            } else if (roots.containsKey(f.lastLeaf() + 1)) {
                OptionalLong located = locate(f.firstLeaf(), f.lastLeaf() + 1, roots);
                if (located.isPresent()) {
                    problems.add("leaf " + located.getAsLong() + " is not the leaf checkpoint " + (f.lastLeaf() + 1)
                            + " signed: its inclusion proof fails");
                    first = Math.min(first, located.getAsLong());
                }
            }
        }
        OptionalLong firstBad = first != Long.MAX_VALUE ? OptionalLong.of(first) : report.firstBadIndex();
        return new Result(report.leaves(), roots.size(), report.verifiedCheckpoints(), problems, firstBad);
    }

    /**
     * The first leaf in [from, size) whose recomputed hash has no valid inclusion proof in any signed tree that holds
     * it. One signed tree is not enough: a proof's sibling hashes come from the server, and when the changed leaf is
     * the lone last leaf of a tree it is a sibling in every other leaf's proof there, so every proof of that tree
     * fails. In a larger tree that leaf sits under a stored (original) node and an honest leaf's proof verifies.
     */
    private OptionalLong locate(long from, long size, Map<Long, byte[]> roots) throws IOException {
        for (long i = from; i < size; i++) {
            AuditClient.Entry e = client.entry(i);
            byte[] leafHash = MerkleHashes.leafHash(e.leaf());
            boolean provenSomewhere = false;
            for (Map.Entry<Long, byte[]> root : roots.entrySet()) {
                if (root.getKey() < size) {
                    continue;
                }
                try {
                    ProofVerifier.verifyInclusion(i, root.getKey(), leafHash, client.inclusion(i, root.getKey()),
                            root.getValue());
                    provenSomewhere = true;
                    break;
                } catch (ProofException bad) {
                    // try the next larger signed tree
                }
            }
            if (!provenSomewhere) {
                return OptionalLong.of(i);
            }
        }
        return OptionalLong.empty();
    }
}
