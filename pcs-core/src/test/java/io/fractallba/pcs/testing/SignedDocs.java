package io.fractallba.pcs.testing;

import io.fractallba.pcs.canonical.SignaturePayload;
import io.fractallba.pcs.crypto.PcsIds;
import io.fractallba.pcs.crypto.PcsSigner;
import io.fractallba.pcs.crypto.SignatureAlgorithm;
import io.fractallba.pcs.json.PcsJsonWriter;
import io.fractallba.pcs.model.AgentFaultTolerance;
import io.fractallba.pcs.model.Pcs;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Fresh, valid, signed PCS documents for tests (a random Merkle root gives a new pcs_id every time). */
public final class SignedDocs {

    private SignedDocs() {
    }

    public static Pcs fresh() {
        String root = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        String shard = "shard-test";
        // N_j 4, 8, 16, 32 gives D_hat 1.0; regime mixed; budget 0.1 + 0.3*0.5 + 0.2*0.2 = 0.29.
        return new Pcs(PcsIds.compute(root, 1, shard), Pcs.SCHEMA, "0.1", shard, 1, 1L, null, 42L,
                List.of(2L, 4L, 8L, 16L), Map.of("2", 4L, "4", 8L, "8", 16L, "16", 32L), 0.2, List.of(1.0, 0.0, 0.0),
                1.0, 0.5, "mixed", 0.29, root, null, new AgentFaultTolerance(0L, false, List.of(), 0.0), null);
    }

    public static Pcs sign(Pcs p, SignatureAlgorithm alg, byte[] key) {
        return p.withSignature(PcsSigner.of(alg, key).sign(SignaturePayload.bytes(p.signedFields())));
    }

    public static byte[] hmac(Pcs p, String secret) {
        return PcsJsonWriter.bytes(sign(p, SignatureAlgorithm.HMAC, secret.getBytes(StandardCharsets.UTF_8)));
    }
}
