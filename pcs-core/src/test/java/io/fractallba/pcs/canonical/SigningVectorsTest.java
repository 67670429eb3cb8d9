package io.fractallba.pcs.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import io.fractallba.pcs.crypto.Ed25519Keys;
import io.fractallba.pcs.crypto.Hashes;
import io.fractallba.pcs.crypto.PcsSigner;
import io.fractallba.pcs.crypto.PcsVerifier;
import io.fractallba.pcs.crypto.SignatureAlgorithm;
import io.fractallba.pcs.golden.GoldenFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every case of golden/signing-vectors.json, byte for byte. */
class SigningVectorsTest {

    private static final JsonNode VECTORS = GoldenFiles.json("signing-vectors.json");
    private static final byte[] HMAC_KEY = VECTORS.get("hmac_key_ascii").asText().getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ED_SEED = HexFormat.of().parseHex(VECTORS.get("ed25519_seed_hex").asText());
    private static final byte[] ED_PUBLIC = Base64.getDecoder().decode(VECTORS.get("ed25519_public_b64").asText());

    @TestFactory
    List<DynamicTest> everyCase() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : VECTORS.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                SignedFields f = fieldsFromRepr(c);
                String text = SignaturePayload.text(f);
                byte[] payload = SignaturePayload.bytes(f);
                assertThat(text).isEqualTo(c.get("payload_utf8").asText());
                assertThat(Hashes.sha256Hex(payload)).isEqualTo(c.get("payload_sha256_hex").asText());

                assertThat(PcsSigner.of(SignatureAlgorithm.HMAC, HMAC_KEY).sign(payload))
                        .isEqualTo(c.get("hmac_sha256_b64").asText());
                assertThat(PcsSigner.of(SignatureAlgorithm.HMAC_LEGACY, HMAC_KEY).sign(payload))
                        .isEqualTo(c.get("hmac_legacy_prehash_b64").asText());
                assertThat(PcsSigner.of(SignatureAlgorithm.ED25519, ED_SEED).sign(payload))
                        .isEqualTo(c.get("ed25519_b64").asText());

                assertThat(PcsVerifier.of(SignatureAlgorithm.HMAC, HMAC_KEY)
                        .verify(payload, c.get("hmac_sha256_b64").asText())).isTrue();
                assertThat(PcsVerifier.of(SignatureAlgorithm.HMAC_LEGACY, HMAC_KEY)
                        .verify(payload, c.get("hmac_legacy_prehash_b64").asText())).isTrue();
                assertThat(PcsVerifier.of(SignatureAlgorithm.ED25519, ED_PUBLIC)
                        .verify(payload, c.get("ed25519_b64").asText())).isTrue();
                // The algorithms are not interchangeable.
                assertThat(PcsVerifier.of(SignatureAlgorithm.HMAC, HMAC_KEY)
                        .verify(payload, c.get("hmac_legacy_prehash_b64").asText())).isFalse();
            }));
        }
        return tests;
    }

    static SignedFields fieldsFromRepr(JsonNode c) {
        JsonNode in = c.get("input");
        JsonNode repr = c.get("input_float_repr");
        return new SignedFields(in.get("pcs_id").asText(), in.get("merkle_root").asText(),
                Long.parseLong(in.get("epoch").asText()), in.get("shard_id").asText(),
                Double.parseDouble(repr.get("D_hat").asText()), Double.parseDouble(repr.get("coh_star").asText()),
                Double.parseDouble(repr.get("r").asText()), Double.parseDouble(repr.get("budget").asText()));
    }

    @org.junit.jupiter.api.Test
    void publicKeyMatchesSeed() {
        assertThat(Ed25519Keys.publicKeyOf(ED_SEED)).isEqualTo(ED_PUBLIC);
    }
}
