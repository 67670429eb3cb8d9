package io.fractallba.sdk;

import io.fractallba.pcs.canonical.SignaturePayload;
import io.fractallba.pcs.crypto.PcsSigner;
import io.fractallba.pcs.crypto.PcsVerifier;
import io.fractallba.pcs.crypto.SignatureAlgorithm;
import io.fractallba.pcs.decision.Outcome;
import io.fractallba.pcs.decision.PcsDecider;
import io.fractallba.pcs.decision.Policy;
import io.fractallba.pcs.golden.GoldenFiles;
import io.fractallba.pcs.json.PcsJsonWriter;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PcsFactoryTest {

    private static final byte[] KEY = "testsecret".getBytes(StandardCharsets.US_ASCII);

    @Test
    void reproducesTheGoldenSignedFileFromItsSignals() throws Exception {
        Pcs golden = new PcsParser().parse(GoldenFiles.bytes("pcs_tiny_case_2.json"));
        PcsFactory factory = new PcsFactory(PcsSigner.of(SignatureAlgorithm.HMAC, KEY));
        Pcs built = factory.build(new PcsFactory.Signals(golden.scales(), golden.nj(), golden.cohStar(), golden.vStar(),
                golden.r(), golden.merkleRoot(), golden.epoch(), golden.shardId(), 42));
        assertThat(built.pcsId()).isEqualTo(golden.pcsId());
        assertThat(built.dHat()).isEqualTo(golden.dHat());
        assertThat(built.budget()).isEqualTo(golden.budget());
        assertThat(built.regime()).isEqualTo(golden.regime());
        assertThat(built.sig()).isEqualTo(golden.sig());
    }

    @Test
    void writtenDocumentsParseVerifyAndAreAccepted() throws Exception {
        PcsFactory factory = new PcsFactory(PcsSigner.of(SignatureAlgorithm.HMAC, KEY));
        Pcs built = factory.build(new PcsFactory.Signals(List.of(2L, 4L, 8L, 16L),
                Map.of("2", 3L, "4", 9L, "8", 25L, "16", 60L), 0.41, List.of(1.0, 0.0, 0.0), 0.52,
                "ab".repeat(32), 7, "shard-\u00fc", 1));
        Pcs reparsed = new PcsParser().parse(PcsJsonWriter.bytes(built));
        assertThat(reparsed).isEqualTo(built);
        assertThat(PcsVerifier.of(SignatureAlgorithm.HMAC, KEY)
                .verify(SignaturePayload.bytes(reparsed.signedFields()), reparsed.sig())).isTrue();
        Outcome o = PcsDecider.decide(reparsed, Policy.DEFAULT_V1);
        assertThat(o.httpStatus()).isEqualTo(200);
    }
}
