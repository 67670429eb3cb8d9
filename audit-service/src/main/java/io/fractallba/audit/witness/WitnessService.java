package io.fractallba.audit.witness;

import io.fractallba.pcs.tlog.Checkpoint;
import io.fractallba.pcs.tlog.NoteKey;
import io.fractallba.pcs.tlog.NoteSigner;
import io.fractallba.pcs.tlog.ProofException;
import io.fractallba.pcs.tlog.ProofVerifier;
import io.fractallba.pcs.tlog.SignedNote;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The witness side: cosigns a peer log's checkpoint only if its signature verifies with the configured key and a
 * consistency proof links it to the last checkpoint this witness cosigned for that log (trust on first use for the
 * first one). State per origin moves forward only, under a row lock.
 */
public class WitnessService {

    private final NoteSigner cosigner;
    private final Map<String, NoteKey> logs;
    private final DataSource ds;
    private final Clock clock;

    public WitnessService(NoteSigner cosigner, Map<String, NoteKey> logs, DataSource ds, Clock clock) {
        this.cosigner = cosigner;
        this.logs = Map.copyOf(logs);
        this.ds = ds;
        this.clock = clock;
    }

    public NoteKey key() {
        return cosigner.key();
    }

    /** Why a checkpoint was not cosigned; {@code witnessSize} is set for a stale {@code old_size}. */
    public static class Refusal extends Exception {
        public final int status;
        public final Long witnessSize;

        Refusal(int status, String message, Long witnessSize) {
            super(message);
            this.status = status;
            this.witnessSize = witnessSize;
        }
    }

    public String addCheckpoint(long oldSize, List<byte[]> proof, String note) throws Refusal, SQLException {
        SignedNote parsed;
        Checkpoint cp;
        try {
            parsed = SignedNote.parse(note);
            cp = Checkpoint.parse(parsed.text());
        } catch (ProofException e) {
            throw new Refusal(400, "not a checkpoint: " + e.getMessage(), null);
        }
        NoteKey logKey = logs.get(cp.origin());
        if (logKey == null) {
            throw new Refusal(404, "this witness does not witness the log " + cp.origin(), null);
        }
        try {
            NoteSigner.verify(parsed, logKey);
        } catch (ProofException e) {
            throw new Refusal(403, "checkpoint signature: " + e.getMessage(), null);
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                long size = 0;
                byte[] root = null;
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT tree_size, root FROM witnessed WHERE origin = ? FOR UPDATE")) {
                    ps.setString(1, cp.origin());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            size = rs.getLong(1);
                            root = rs.getBytes(2);
                        }
                    }
                }
                if (oldSize != size) {
                    throw new Refusal(409, "old_size " + oldSize + " is not the last size cosigned (" + size + ")", size);
                }
                if (cp.size() < size) {
                    throw new Refusal(409, "checkpoint size " + cp.size() + " is smaller than the cosigned " + size, size);
                }
                if (size > 0) {
                    try {
                        ProofVerifier.verifyConsistency(size, cp.size(), root, cp.root(), proof);
                    } catch (ProofException e) {
                        throw new Refusal(422, "not consistent with the checkpoint of size " + size + " cosigned before: "
                                + e.getMessage(), null);
                    }
                } else if (!proof.isEmpty()) {
                    throw new Refusal(400, "a first checkpoint takes no proof", null);
                }
                SignedNote cosigned = cosigner.cosign(parsed, clock.instant().getEpochSecond());
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO witnessed (origin, tree_size, root, note) VALUES (?, ?, ?, ?)
                        ON CONFLICT (origin) DO UPDATE SET tree_size = excluded.tree_size, root = excluded.root,
                          note = excluded.note, at = now()""")) {
                    ps.setString(1, cp.origin());
                    ps.setLong(2, cp.size());
                    ps.setBytes(3, cp.root());
                    ps.setString(4, cosigned.format());
                    ps.executeUpdate();
                }
                c.commit();
                return cosigned.format();
            } catch (Refusal | SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

}
