package io.fractallba.sdk.golden;

import com.fasterxml.jackson.databind.JsonNode;
import io.fractallba.pcs.canonical.SignaturePayload;
import io.fractallba.pcs.crypto.Ed25519Keys;
import io.fractallba.pcs.crypto.PcsVerifier;
import io.fractallba.pcs.crypto.SignatureAlgorithm;
import io.fractallba.pcs.decision.PcsDecider;
import io.fractallba.pcs.decision.Policy;
import io.fractallba.pcs.golden.GoldenFiles;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.sdk.signals.Compressibility;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Java SDK reproduces contract/golden/pcs-build-vectors.json byte for byte (and zlib-vectors.json's lengths). */
class BuildVectorsTest {

    @Test
    void everyCaseIsBuiltByteForByte() {
        JsonNode cases = BuildVectors.read().get("cases");
        assertThat(cases).hasSize(BuildVectors.CASES.size());
        for (int i = 0; i < cases.size(); i++) {
            BuildVectors.Case c = BuildVectors.CASES.get(i);
            JsonNode expected = cases.get(i);
            assertThat(c.name()).isEqualTo(expected.get("name").asText());
            assertThat(BuildVectors.build(c)).as(c.name()).isEqualTo(expected.get("expected_pcs").asText());
        }
    }

    @Test
    void everyBuiltFileVerifiesAndIsDecidedLikeAnyAgentFile() throws Exception {
        for (JsonNode c : BuildVectors.read().get("cases")) {
            byte[] doc = c.get("expected_pcs").asText().getBytes(StandardCharsets.UTF_8);
            Pcs pcs = new PcsParser().parse(doc);
            SignatureAlgorithm alg = SignatureAlgorithm.fromConfig(c.get("alg").asText()).orElseThrow();
            byte[] key = alg == SignatureAlgorithm.ED25519
                    ? Ed25519Keys.publicKeyOf(HexFormat.of().parseHex(BuildVectors.ED25519_SEED_HEX))
                    : "testsecret".getBytes(StandardCharsets.US_ASCII);
            assertThat(PcsVerifier.of(alg, key).verify(SignaturePayload.bytes(pcs.signedFields()), pcs.sig()))
                    .as(c.get("name").asText()).isTrue();
            assertThat(PcsDecider.decide(pcs, Policy.DEFAULT_V1).httpStatus()).isIn(200, 202);
        }
    }

    @Test
    void directionSamplesMatch() {
        JsonNode samples = BuildVectors.read().get("direction_samples");
        for (JsonNode s : samples) {
            long seed = Long.parseLong(s.get("seed").asText());
            int dim = s.get("dim").asInt();
            assertThat(BuildVectors.uniforms(seed, 8)).isEqualTo(texts(s.get("uniforms")));
            List<List<String>> dirs = new ArrayList<>();
            s.get("directions").forEach(d -> dirs.add(texts(d)));
            assertThat(BuildVectors.directions(seed, dim, 5)).isEqualTo(dirs);
        }
    }

    @Test
    void compressedLengthsMatchTheReferenceZlib() {
        for (JsonNode c : GoldenFiles.json("zlib-vectors.json").get("cases")) {
            byte[] in = Base64.getDecoder().decode(c.get("input_b64").asText());
            assertThat(Compressibility.compressedLength(in)).as(c.get("name").asText())
                    .isEqualTo(c.get("zlib_level6_len").asInt());
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
