package io.fractallba.pcs.crypto;

import io.fractallba.pcs.canonical.SignaturePayload;
import io.fractallba.pcs.decision.Outcome;
import io.fractallba.pcs.decision.PcsDecider;
import io.fractallba.pcs.decision.Policy;
import io.fractallba.pcs.golden.GoldenFiles;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's own signed files verify with key "testsecret", are accepted, and a changed byte breaks them. */
class GoldenPcsFilesTest {

    private static final byte[] KEY = "testsecret".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @ValueSource(strings = {"pcs_tiny_case_1.json", "pcs_tiny_case_2.json"})
    void verifiesAndIsAccepted(String file) throws Exception {
        Pcs pcs = new PcsParser().parse(GoldenFiles.bytes(file));
        PcsVerifier verifier = PcsVerifier.of(SignatureAlgorithm.HMAC, KEY);
        assertThat(verifier.verify(SignaturePayload.bytes(pcs.signedFields()), pcs.sig())).isTrue();
        assertThat(PcsIds.compute(pcs.merkleRoot(), pcs.epoch(), pcs.shardId())).isEqualTo(pcs.pcsId());

        Outcome outcome = PcsDecider.decide(pcs, Policy.DEFAULT_V1);
        assertThat(outcome.httpStatus()).isEqualTo(200);
        assertThat(outcome.accepted()).isTrue();
        assertThat(outcome.escalated()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pcs_tiny_case_1.json", "pcs_tiny_case_2.json"})
    void tamperedFieldFailsTheSignature(String file) throws Exception {
        String text = new String(GoldenFiles.bytes(file), StandardCharsets.UTF_8);
        String tampered = text.replace("\"r\": 0.3", "\"r\": 0.4");
        assertThat(tampered).isNotEqualTo(text);
        Pcs pcs = new PcsParser().parse(tampered.getBytes(StandardCharsets.UTF_8));
        assertThat(PcsVerifier.of(SignatureAlgorithm.HMAC, KEY)
                .verify(SignaturePayload.bytes(pcs.signedFields()), pcs.sig())).isFalse();
        assertThat(PcsVerifier.of(SignatureAlgorithm.HMAC, "othersecret".getBytes(StandardCharsets.US_ASCII))
                .verify(SignaturePayload.bytes(new PcsParser().parse(GoldenFiles.bytes(file)).signedFields()), pcs.sig()))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not base64!", "AAAA", "x5KLRpKb75Oy1oxLA+3V+bgY/HL/3ZYOk1rw3pCiSm4"})
    void invalidSignaturesAreFalseNotErrors(String sig) {
        byte[] payload = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(PcsVerifier.of(SignatureAlgorithm.HMAC, KEY).verify(payload, sig)).isFalse();
        assertThat(PcsVerifier.of(SignatureAlgorithm.ED25519,
                java.util.Base64.getDecoder().decode("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")).verify(payload, sig)).isFalse();
    }
}
