package io.fractallba.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fractallba.pcs.canonical.SignaturePayload;
import io.fractallba.pcs.crypto.Ed25519Keys;
import io.fractallba.pcs.crypto.PcsSigner;
import io.fractallba.pcs.crypto.PcsVerifier;
import io.fractallba.pcs.crypto.SignatureAlgorithm;
import io.fractallba.pcs.crypto.vrf.EcVrf;
import io.fractallba.pcs.crypto.vrf.VrfSeed;
import io.fractallba.pcs.golden.GoldenFiles;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.sdk.cli.PcsCli;
import io.fractallba.sdk.signals.CsvTrace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The agent side of VRF-derived seeds: the SDK and the CLI write a seed and a vrf_proof the verifier's check accepts. */
class PcsFactoryVrfTest {

    private static final byte[] HMAC_KEY = "testsecret".getBytes(StandardCharsets.US_ASCII);
    /** RFC 8032 §7.1 TEST 1 seed, the VRF key of vrf-vectors.json's first seed derivation. */
    private static final String VRF_KEY_HEX = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final byte[] VRF_KEY = HexFormat.of().parseHex(VRF_KEY_HEX);
    private static final byte[] VRF_PUBLIC = EcVrf.publicKey(VRF_KEY);
    private static final List<Long> SCALES = List.of(2L, 4L, 8L, 16L);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    private static CsvTrace tinyCase1() {
        return CsvTrace.parse(new String(GoldenFiles.bytes("agent-csv/tiny_case_1.csv"), StandardCharsets.UTF_8));
    }

    /** What a verifier sees: the parsed document, and the proof read from the raw JSON (it is not in the model). */
    private static VrfSeed.Result check(String json) throws Exception {
        Pcs pcs = new PcsParser().parse(json.getBytes(StandardCharsets.UTF_8));
        JsonNode proof = MAPPER.readTree(json).get(VrfSeed.MEMBER);
        return VrfSeed.check(VRF_PUBLIC, pcs.merkleRoot(), proof == null ? null : proof.asText(), pcs.seed());
    }

    @Test
    void aPcsBuiltWithAVrfKeyCarriesAProofOfItsSeedAndStillVerifies() throws Exception {
        PcsFactory.VrfBuilt built = new PcsFactory(PcsSigner.of(SignatureAlgorithm.HMAC, HMAC_KEY))
                .fromTraceWithVrf(tinyCase1(), SCALES, VRF_KEY, 1, "test-shard-001");
        String json = built.json();

        assertThat(check(json)).isEqualTo(VrfSeed.Result.VALID);
        Pcs parsed = new PcsParser().parse(json.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed).isEqualTo(built.pcs());
        assertThat(PcsVerifier.of(SignatureAlgorithm.HMAC, HMAC_KEY)
                .verify(SignaturePayload.bytes(parsed.signedFields()), parsed.sig())).isTrue();
        // Top level, right after seed; the same seed and proof as the golden derivation for this key and root.
        assertThat(json).contains(",\"seed\":" + parsed.seed() + ",\"vrf_proof\":\"" + built.vrfProof() + "\",\"scales\":");
        JsonNode golden = GoldenFiles.json("vrf-vectors.json").get("seed_derivation").get(0);
        assertThat(golden.get("secret_key_hex").asText()).isEqualTo(VRF_KEY_HEX);
        assertThat(parsed.merkleRoot()).isEqualTo(golden.get("merkle_root").asText());
        assertThat(Long.toString(parsed.seed())).isEqualTo(golden.get("seed").asText());
        assertThat(built.vrfProof()).isEqualTo(golden.get("vrf_proof").asText());
    }

    @Test
    void cohStarIsMeasuredWithTheVrfSeed() {
        PcsFactory factory = new PcsFactory(PcsSigner.of(SignatureAlgorithm.HMAC, HMAC_KEY));
        PcsFactory.VrfBuilt built = factory.fromTraceWithVrf(tinyCase1(), SCALES, VRF_KEY, 1, "test-shard-001");
        long seed = VrfSeed.derive(VRF_KEY, built.pcs().merkleRoot()).seed();
        // Built with that seed given by hand, every member (coh★ and v★ included) is the same.
        assertThat(factory.fromTrace(tinyCase1(), SCALES, seed, 1, "test-shard-001")).isEqualTo(built.pcs());
        assertThat(factory.fromTrace(tinyCase1(), SCALES, 42, 1, "test-shard-001").vStar())
                .isNotEqualTo(built.pcs().vStar());
    }

    @Test
    void theProofIsOutsideTheSignedPayload() throws Exception {
        byte[] seed = HexFormat.of().parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
        PcsFactory.VrfBuilt built = new PcsFactory(PcsSigner.of(SignatureAlgorithm.ED25519, seed))
                .fromTraceWithVrf(tinyCase1(), SCALES, VRF_KEY, 3, "s1");
        ObjectNode withoutProof = (ObjectNode) MAPPER.readTree(built.json());
        withoutProof.remove(VrfSeed.MEMBER);
        Pcs stripped = new PcsParser().parse(MAPPER.writeValueAsBytes(withoutProof));
        PcsVerifier verifier = PcsVerifier.of(SignatureAlgorithm.ED25519, Ed25519Keys.publicKeyOf(seed));
        assertThat(verifier.verify(SignaturePayload.bytes(stripped.signedFields()), stripped.sig())).isTrue();
        assertThat(check(MAPPER.writeValueAsString(withoutProof))).isEqualTo(VrfSeed.Result.MISSING_PROOF);
    }

    @Test
    void signalsMeasuredByTheAgentMustAlreadyCarryTheVrfSeed() {
        PcsFactory factory = new PcsFactory(PcsSigner.of(SignatureAlgorithm.HMAC, HMAC_KEY));
        String root = "ab".repeat(32);
        long seed = VrfSeed.derive(VRF_KEY, root).seed();
        PcsFactory.Signals good = new PcsFactory.Signals(SCALES, java.util.Map.of("2", 3L, "4", 9L, "8", 25L, "16", 60L),
                0.41, List.of(1.0, 0.0, 0.0), 0.52, root, 7, "s", seed);
        PcsFactory.VrfBuilt built = factory.buildWithVrf(good, VRF_KEY);
        assertThat(VrfSeed.check(VRF_PUBLIC, root, built.vrfProof(), built.pcs().seed())).isEqualTo(VrfSeed.Result.VALID);
        PcsFactory.Signals ground = new PcsFactory.Signals(good.scales(), good.nj(), good.cohStar(), good.vStar(),
                good.r(), root, 7, "s", seed + 1);
        assertThatThrownBy(() -> factory.buildWithVrf(ground, VRF_KEY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("VRF seed");
    }

    @Test
    void theCliBuildsWithAVrfKeyFileAndSignKeepsTheProof() throws Exception {
        Path key = tmp.resolve("vrf.key");
        Files.writeString(key, java.util.Base64.getEncoder().encodeToString(VRF_KEY) + "\n");
        Path out = tmp.resolve("pcs.json");
        Path csv = GoldenFiles.dir().resolve("agent-csv/tiny_case_1.csv");
        assertThat(PcsCli.commandLine().execute("build", "--in", csv.toString(), "--out", out.toString(),
                "--shard", "test-shard-001", "--secret", "testsecret", "--vrf-key", key.toString())).isZero();
        assertThat(check(Files.readString(out))).isEqualTo(VrfSeed.Result.VALID);
        assertThat(PcsCli.commandLine().execute("verify-sig", out.toString(), "--secret", "testsecret")).isZero();

        assertThat(PcsCli.commandLine().execute("sign", "--in", out.toString(), "--secret", "another")).isZero();
        assertThat(check(Files.readString(out))).isEqualTo(VrfSeed.Result.VALID);
        assertThat(PcsCli.commandLine().execute("verify-sig", out.toString(), "--secret", "another")).isZero();

        assertThat(PcsCli.commandLine().execute("build", "--in", csv.toString(), "--secret", "testsecret",
                "--vrf-key", key.toString(), "--rng-seed", "42")).isEqualTo(2);
        Files.writeString(key, "too short");
        assertThat(PcsCli.commandLine().execute("build", "--in", csv.toString(), "--secret", "testsecret",
                "--vrf-key", key.toString())).isEqualTo(2);
    }
}
