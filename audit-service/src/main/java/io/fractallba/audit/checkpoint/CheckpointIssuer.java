package io.fractallba.audit.checkpoint;

import io.fractallba.audit.log.LogStore;
import io.fractallba.audit.log.StoredCheckpoint;
import io.fractallba.audit.proof.ProofService;
import io.fractallba.pcs.tlog.Checkpoint;
import io.fractallba.pcs.tlog.NoteSigner;
import io.fractallba.pcs.tlog.ProofException;
import io.fractallba.pcs.tlog.ProofVerifier;

import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Signs checkpoints, never two inconsistent ones: before signing size n it recomputes the root of n from the stored
 * nodes (it must equal the appender's in-memory root) and proves, from the stored nodes, that the last signed
 * checkpoint is a prefix of it. Any disagreement means the stored log changed under us: nothing is signed.
 */
public class CheckpointIssuer {

    private final LogStore store;
    private final ProofService proofs;
    private final NoteSigner signer;
    private final String origin;

    public CheckpointIssuer(LogStore store, ProofService proofs, NoteSigner signer, String origin) {
        this.store = store;
        this.proofs = proofs;
        this.signer = signer;
        this.origin = origin;
    }

    /** Issues a checkpoint of {@code size} unless one of that size or larger exists; returns what was issued. */
    public Optional<StoredCheckpoint> issue(long size, byte[] expectedRoot) throws SQLException, TamperException {
        Optional<StoredCheckpoint> latest = store.latestCheckpoint();
        if (latest.isPresent() && latest.get().treeSize() >= size) {
            return Optional.empty();
        }
        byte[] root = proofs.root(size);
        if (latest.isPresent() && latest.get().treeSize() > 0) {
            StoredCheckpoint last = latest.get();
            List<byte[]> proof = proofs.consistency(last.treeSize(), size);
            try {
                ProofVerifier.verifyConsistency(last.treeSize(), size, last.root(), root, proof);
            } catch (ProofException e) {
                throw new TamperException("the stored log is no longer consistent with checkpoint " + last.treeSize()
                        + ": " + e.getMessage());
            }
        }
        if (!MessageDigest.isEqual(root, expectedRoot)) {
            throw new TamperException("root of size " + size + " from the stored nodes is " + hex(root)
                    + " but the appended leaves give " + hex(expectedRoot));
        }
        String note = signer.sign(new Checkpoint(origin, size, root).text()).format();
        StoredCheckpoint stored = store.insertCheckpoint(size, root, note);
        if (!MessageDigest.isEqual(stored.root(), root)) {
            throw new TamperException("a checkpoint of size " + size + " with another root already exists");
        }
        return Optional.of(stored);
    }

    public String origin() {
        return origin;
    }

    public NoteSigner signer() {
        return signer;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
