package io.fractallba.audit.witness;

import io.fractallba.pcs.testing.TestDatabase;
import io.fractallba.pcs.tlog.Checkpoint;
import io.fractallba.pcs.tlog.MerkleHashes;
import io.fractallba.pcs.tlog.NoteKey;
import io.fractallba.pcs.tlog.NoteSigner;
import io.fractallba.pcs.tlog.ProofGenerator;
import io.fractallba.pcs.tlog.SignedNote;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The witness cosigns only checkpoints that extend what it cosigned before, signed by the log it knows. */
class WitnessServiceTest {

    private static final String ORIGIN = "peer.example/audit";
    private final String schema = TestDatabase.freshSchemaName("audit");
    private final DataSource ds = TestDatabase.migrate(schema);
    private final NoteSigner log = new NoteSigner(ORIGIN, NoteKey.ED25519, seed(1));
    private final NoteSigner cosigner = new NoteSigner("witness.example", NoteKey.COSIGNATURE_V1, seed(2));
    private final WitnessService witness = new WitnessService(cosigner, Map.of(ORIGIN, log.key()), ds,
            Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC));

    @AfterEach
    void drop() {
        TestDatabase.drop(schema);
    }

    @Test
    void cosignsConsistentGrowthAndRefusesForksStaleSizesAndStrangers() throws Exception {
        List<byte[]> leaves = leaves("a", 8);
        String cosigned = witness.addCheckpoint(0, List.of(), note(leaves, 3));
        NoteSigner.verify(SignedNote.parse(cosigned), cosigner.key());
        NoteSigner.verify(SignedNote.parse(cosigned), log.key());

        witness.addCheckpoint(3, proof(leaves, 3, 5), note(leaves, 5));

        refused(() -> witness.addCheckpoint(3, proof(leaves, 3, 8), note(leaves, 8)), 409, 5L);
        refused(() -> witness.addCheckpoint(5, List.of(), note(leaves, 4)), 409, 5L);

        // A fork: same origin and key, history rewritten at leaf 4, proof from 5 made on the forged tree.
        List<byte[]> forged = new ArrayList<>(leaves);
        forged.set(4, MerkleHashes.leafHash("forged".getBytes()));
        refused(() -> witness.addCheckpoint(5, proof(forged, 5, 8), note(forged, 8)), 422, null);

        NoteSigner stranger = new NoteSigner(ORIGIN, NoteKey.ED25519, seed(3));
        String strangerNote = stranger.sign(new Checkpoint(ORIGIN, 8, root(leaves, 8)).text()).format();
        refused(() -> witness.addCheckpoint(5, proof(leaves, 5, 8), strangerNote), 403, null);
        NoteSigner other = new NoteSigner("other/log", NoteKey.ED25519, seed(1));
        refused(() -> witness.addCheckpoint(0, List.of(),
                other.sign(new Checkpoint("other/log", 1, root(leaves, 1)).text()).format()), 404, null);
        refused(() -> witness.addCheckpoint(0, List.of(), "not a note"), 400, null);

        String last = witness.addCheckpoint(5, proof(leaves, 5, 8), note(leaves, 8));
        assertThat(Checkpoint.verify(last, log.key(), ORIGIN).size()).isEqualTo(8);
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void refused(Call call, int status, Long witnessSize) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(WitnessService.Refusal.class, r -> {
            assertThat(r.status).isEqualTo(status);
            assertThat(r.witnessSize).isEqualTo(witnessSize);
        });
    }

    private String note(List<byte[]> leaves, int size) {
        return log.sign(new Checkpoint(ORIGIN, size, root(leaves, size)).text()).format();
    }

    private static byte[] root(List<byte[]> leaves, int size) {
        return generator(leaves).root(size);
    }

    private static List<byte[]> proof(List<byte[]> leaves, int first, int second) {
        return generator(leaves).consistency(first, second);
    }

    private static ProofGenerator generator(List<byte[]> leaves) {
        return new ProofGenerator(id -> mth(leaves.subList((int) id.firstLeaf(), (int) (id.firstLeaf() + id.leafCount()))));
    }

    private static byte[] mth(List<byte[]> d) {
        if (d.size() == 1) {
            return d.get(0);
        }
        int k = Integer.highestOneBit(d.size() - 1);
        return MerkleHashes.nodeHash(mth(d.subList(0, k)), mth(d.subList(k, d.size())));
    }

    private static List<byte[]> leaves(String prefix, int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(MerkleHashes.leafHash((prefix + i).getBytes()));
        }
        return out;
    }

    private static byte[] seed(int b) {
        byte[] s = new byte[32];
        java.util.Arrays.fill(s, (byte) b);
        return s;
    }
}
