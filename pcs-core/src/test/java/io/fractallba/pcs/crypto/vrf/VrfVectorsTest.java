package io.fractallba.pcs.crypto.vrf;

import com.fasterxml.jackson.databind.JsonNode;
import io.fractallba.pcs.golden.GoldenFiles;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * contract/golden/vrf-vectors.json is what {@link VrfVectors} writes, and every case holds under pcs-core's own
 * ECVRF and seed check. A change of the code that alters the file fails here until the file is regenerated on purpose.
 */
class VrfVectorsTest {

    private static final HexFormat HEX = HexFormat.of();
    private final JsonNode v = GoldenFiles.json(VrfVectors.FILE);

    @Test
    void theFileIsWhatTheGeneratorWrites() {
        assertThat(v.get("rfc9381_b3")).hasSize(VrfVectors.RFC_9381_B3.size());
        assertThat(v.get("seed_derivation")).hasSize(VrfVectors.SEED_CASES.size());
        assertThat(v.get("must_fail")).hasSize(VrfVectors.mustFail().size());
        assertThat(v).isEqualTo(VrfVectors.tree());
    }

    @Test
    void rfcVectorsHold() {
        for (JsonNode c : v.get("rfc9381_b3")) {
            String name = c.get("name").asText();
            byte[] sk = hex(c, "sk_hex");
            byte[] alpha = hex(c, "alpha_hex");
            assertThat(EcVrf.publicKey(sk)).as(name).isEqualTo(hex(c, "pk_hex"));
            assertThat(EcVrf.prove(sk, alpha)).as(name).isEqualTo(hex(c, "pi_hex"));
            assertThat(EcVrf.verify(hex(c, "pk_hex"), hex(c, "pi_hex"), alpha)).as(name).contains(hex(c, "beta_hex"));
        }
    }

    @Test
    void everySeedDerivationIsReDerived() {
        for (JsonNode c : v.get("seed_derivation")) {
            String name = c.get("name").asText();
            String root = c.get("merkle_root").asText();
            byte[] pk = hex(c, "public_key_hex");
            assertThat(EcVrf.publicKey(hex(c, "secret_key_hex"))).as(name).isEqualTo(pk);
            assertThat(VrfSeed.alpha(root)).as(name).isEqualTo(hex(c, "alpha_hex"));
            VrfSeed.Derived d = VrfSeed.derive(hex(c, "secret_key_hex"), root);
            assertThat(d.proofBase64()).as(name).isEqualTo(c.get("vrf_proof").asText());
            assertThat(Long.toString(d.seed())).as(name).isEqualTo(c.get("seed").asText());
            byte[] pi = Base64.getDecoder().decode(c.get("vrf_proof").asText());
            assertThat(EcVrf.verify(pk, pi, VrfSeed.alpha(root))).as(name).contains(hex(c, "beta_hex"));
            assertThat(VrfSeed.check(pk, root, c.get("vrf_proof").asText(), Long.parseLong(c.get("seed").asText())))
                    .as(name).isEqualTo(VrfSeed.Result.VALID);
        }
    }

    @Test
    void mustFailCasesFailWithTheirReason() {
        for (JsonNode c : v.get("must_fail")) {
            JsonNode proof = c.get("vrf_proof");
            JsonNode seed = c.get("seed");
            VrfSeed.Result r = VrfSeed.check(hex(c, "public_key_hex"), c.get("merkle_root").asText(),
                    proof.isNull() ? null : proof.asText(), seed.isNull() ? null : Long.parseLong(seed.asText()));
            assertThat(r.reasonCode()).as(c.get("name").asText()).isEqualTo(c.get("expected").asText());
        }
    }

    private static byte[] hex(JsonNode c, String field) {
        return HEX.parseHex(c.get(field).asText());
    }
}
