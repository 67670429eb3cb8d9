package io.fractallba.pcs.golden;

import com.fasterxml.jackson.databind.JsonNode;
import io.fractallba.pcs.tlog.Checkpoint;
import io.fractallba.pcs.tlog.MerkleHashes;
import io.fractallba.pcs.tlog.NoteKey;
import io.fractallba.pcs.tlog.ProofException;
import io.fractallba.pcs.tlog.ProofVerifier;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** contract/golden/audit-proof-vectors.json holds under pcs-core's own checkpoint and proof verifier. */
class AuditProofVectorsTest {

    private final JsonNode v = GoldenFiles.json("audit-proof-vectors.json");

    @Test
    void theFileIsWhatTheGeneratorWrites() {
        assertThat(v.get("checkpoint_note").asText()).isEqualTo(AuditProofVectors.note());
        assertThat(v.get("verifier_key").asText()).isEqualTo(AuditProofVectors.signer().key().verifierKey());
    }

    @Test
    void inclusionCasesVerifyOrFailAsStated() throws Exception {
        NoteKey key = NoteKey.parseVerifierKey(v.get("verifier_key").asText());
        Checkpoint cp = Checkpoint.verify(v.get("checkpoint_note").asText(), key, v.get("origin").asText());
        for (JsonNode c : v.get("inclusion")) {
            List<byte[]> proof = new ArrayList<>();
            c.get("proof").forEach(h -> proof.add(Base64.getDecoder().decode(h.asText())));
            byte[] leafHash = MerkleHashes.leafHash(c.get("leaf").asText().getBytes(StandardCharsets.UTF_8));
            boolean ok;
            try {
                ProofVerifier.verifyInclusion(c.get("index").asLong(), c.get("tree_size").asLong(), leafHash, proof, cp.root());
                ok = true;
            } catch (ProofException e) {
                ok = false;
            }
            assertThat(ok).as(c.get("name").asText()).isEqualTo(c.get("valid").asBoolean());
        }
    }

    @Test
    void badNotesAreRefused() {
        NoteKey key = NoteKey.parseVerifierKey(v.get("verifier_key").asText());
        for (JsonNode b : v.get("bad_notes")) {
            assertThatThrownBy(() -> Checkpoint.verify(b.get("note").asText(), key, v.get("origin").asText()))
                    .as(b.get("why").asText()).isInstanceOf(ProofException.class);
        }
    }
}
