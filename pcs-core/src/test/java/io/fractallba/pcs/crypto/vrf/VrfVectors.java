package io.fractallba.pcs.crypto.vrf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fractallba.pcs.golden.GoldenFiles;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The cases of {@code contract/golden/vrf-vectors.json}: RFC 9381's own vectors of the suite, seed derivations of
 * this project's binding ({@link VrfSeed}) and documents that must fail with a stated reason. {@link #main} writes
 * the file; {@code VrfVectorsTest} re-derives every case and fails when the file differs from what the code gives.
 */
public final class VrfVectors {

    static final String FILE = "vrf-vectors.json";
    private static final HexFormat HEX = HexFormat.of();

    /** A vector of RFC 9381 Appendix B.3 (ECVRF-EDWARDS25519-SHA512-TAI): SK, PK, alpha, pi, beta in hex. */
    record Rfc(String name, String sk, String pk, String alpha, String pi, String beta) {
    }

    /** All of Appendix B.3: Examples 16, 17 and 18, copied from the RFC's text (see contract/golden/README.md). */
    static final List<Rfc> RFC_9381_B3 = List.of(
            new Rfc("RFC 9381 B.3 Example 16",
                    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                    "",
                    "8657106690b5526245a92b003bb079ccd1a92130477671f6fc01ad16f26f723f26f8a57ccaed74ee1b190bed1f479d97"
                            + "27d2d0f9b005a6e456a35d4fb0daab1268a1b0db10836d9826a528ca76567805",
                    "90cf1df3b703cce59e2a35b925d411164068269d7b2d29f3301c03dd757876ff66b71dda49d2de59d03450451af02679"
                            + "8e8f81cd2e333de5cdf4f3e140fdd8ae"),
            new Rfc("RFC 9381 B.3 Example 17",
                    "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                    "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
                    "72",
                    "f3141cd382dc42909d19ec5110469e4feae18300e94f304590abdced48aed5933bf0864a62558b3ed7f2fea45c92a465"
                            + "301b3bbf5e3e54ddf2d935be3b67926da3ef39226bbc355bdc9850112c8f4b02",
                    "eb4440665d3891d668e7e0fcaf587f1b4bd7fbfe99d0eb2211ccec90496310eb5e33821bc613efb94db5e5b54c70a848"
                            + "a0bef4553a41befc57663b56373a5031"),
            new Rfc("RFC 9381 B.3 Example 18",
                    "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
                    "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
                    "af82",
                    "9bc0f79119cc5604bf02d23b4caede71393cedfbb191434dd016d30177ccbf8096bb474e53895c362d8628ee9f9ea3c0"
                            + "e52c7a5c691b6c18c9979866568add7a2d41b00b05081ed0f58ee5e31b3a970e",
                    "645427e5d00c62a23fb703732fa5d892940935942101e456ecca7bb217c61c452118fec1219202a0edcf038bb6373241"
                            + "578be7217ba85a2687f7a0310b2df19f"));

    // RFC 8032 §7.1 TEST 1, 2 and 3 secret keys (also those of RFC 9381's examples), and a plain synthetic one.
    static final String TEST1 = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    static final String TEST2 = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
    static final String TEST3 = "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7";
    static final String BYTES_00_1F = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    static final String TINY_1 = "e966b52c992aefad3c3d0196db02554f30d10d55e8a6e5e3038f88e79e414112"; // pcs_tiny_case_1.json
    static final String TINY_2 = "96875c47a824f4cd6203f87da38c3b903550d1db574ce279ad65f787be37c359"; // pcs_tiny_case_2.json
    static final String HELIX = "8500433b4c076d1a61979fb4c05563128c117cbd28acc23b33ac3d288bd6ce92"; // traces/helix_240.csv
    static final String EMPTY = "0".repeat(64);                                                    // no chunks (§7)

    record SeedCase(String name, String secretKeyHex, String merkleRoot) {
        VrfSeed.Derived derived() {
            return VrfSeed.derive(HEX.parseHex(secretKeyHex), merkleRoot);
        }

        String publicKeyHex() {
            return HEX.formatHex(EcVrf.publicKey(HEX.parseHex(secretKeyHex)));
        }
    }

    static final List<SeedCase> SEED_CASES = List.of(
            new SeedCase("rfc8032-test1 over pcs_tiny_case_1", TEST1, TINY_1),
            new SeedCase("rfc8032-test1 over pcs_tiny_case_2", TEST1, TINY_2),
            new SeedCase("rfc8032-test2 over pcs_tiny_case_1 (same root, other key)", TEST2, TINY_1),
            new SeedCase("rfc8032-test3 over the empty trace's root", TEST3, EMPTY),
            new SeedCase("bytes 00..1f over helix_240", BYTES_00_1F, HELIX));

    /** A (public key, merkle_root, vrf_proof, seed) that {@link VrfSeed#check} must refuse with {@code expected}. */
    record MustFail(String name, String publicKeyHex, String merkleRoot, String proof, Long seed, VrfSeed.Result expected) {
    }

    static List<MustFail> mustFail() {
        SeedCase base = SEED_CASES.get(0);
        VrfSeed.Derived d = base.derived();
        VrfSeed.Derived otherRoot = SEED_CASES.get(1).derived();
        VrfSeed.Derived otherKey = SEED_CASES.get(2).derived();
        String pk = base.publicKeyHex();
        byte[] pi = Base64.getDecoder().decode(d.proofBase64());
        long offByOne = d.seed() == Long.MAX_VALUE ? d.seed() - 1 : d.seed() + 1;
        String identity = "01" + "00".repeat(31);
        byte[] forged = identityKeyForgery(HEX.parseHex(identity), base.merkleRoot());
        return List.of(
                new MustFail("proof and seed of another merkle_root", pk, base.merkleRoot(), otherRoot.proofBase64(),
                        otherRoot.seed(), VrfSeed.Result.INVALID_PROOF),
                new MustFail("proof and seed under another tenant's key", pk, base.merkleRoot(), otherKey.proofBase64(),
                        otherKey.seed(), VrfSeed.Result.INVALID_PROOF),
                new MustFail("tampered proof: bit 0 of Gamma flipped", pk, base.merkleRoot(), b64(flip(pi, 0)), d.seed(),
                        VrfSeed.Result.INVALID_PROOF),
                new MustFail("tampered proof: bit 0 of c flipped", pk, base.merkleRoot(), b64(flip(pi, 32)), d.seed(),
                        VrfSeed.Result.INVALID_PROOF),
                new MustFail("tampered proof: bit 0 of s flipped", pk, base.merkleRoot(), b64(flip(pi, 48)), d.seed(),
                        VrfSeed.Result.INVALID_PROOF),
                new MustFail("s replaced by s + L (not canonical, RFC 9381 §5.4.4)", pk, base.merkleRoot(),
                        b64(sPlusL(pi)), d.seed(), VrfSeed.Result.INVALID_PROOF),
                new MustFail("small-order (identity) public key with a proof that verifies without validate_key (§5.4.5)",
                        identity, base.merkleRoot(), b64(forged), VrfSeed.seedOf(EcVrf.proofToHash(forged)),
                        VrfSeed.Result.INVALID_PROOF),
                new MustFail("seed off by one", pk, base.merkleRoot(), d.proofBase64(), offByOne, VrfSeed.Result.SEED_MISMATCH),
                new MustFail("valid proof, no seed", pk, base.merkleRoot(), d.proofBase64(), null, VrfSeed.Result.SEED_MISSING),
                new MustFail("no proof", pk, base.merkleRoot(), null, d.seed(), VrfSeed.Result.MISSING_PROOF),
                new MustFail("proof of 79 bytes", pk, base.merkleRoot(), b64(java.util.Arrays.copyOf(pi, 79)), d.seed(),
                        VrfSeed.Result.MALFORMED_PROOF),
                new MustFail("proof base64 with an unused bit set (not the canonical spelling)", pk, base.merkleRoot(),
                        unusedBitSet(d.proofBase64()), d.seed(), VrfSeed.Result.MALFORMED_PROOF));
    }

    /**
     * Anyone knows the discrete log (0) of the identity key: Gamma = identity and s = k satisfy the verifier's two
     * equations for any alpha, so only the key validation of RFC 9381 §5.4.5 refuses this proof. k is fixed so the
     * file is reproducible.
     */
    static byte[] identityKeyForgery(byte[] identityKey, String merkleRoot) {
        BigInteger k = BigInteger.valueOf(0x5eed);
        EdPoint h = EcVrf.encodeToCurve(identityKey, VrfSeed.alpha(merkleRoot));
        byte[] c = EcVrf.challenge(identityKey, h.encode(), EdPoint.IDENTITY.encode(), EdPoint.BASE.times(k).encode(),
                h.times(k).encode());
        byte[] pi = new byte[EcVrf.PROOF_LENGTH];
        System.arraycopy(EdPoint.IDENTITY.encode(), 0, pi, 0, 32);
        System.arraycopy(c, 0, pi, 32, 16);
        System.arraycopy(Le.toBytes(k, 32), 0, pi, 48, 32);
        return pi;
    }

    private static byte[] flip(byte[] pi, int index) {
        byte[] out = pi.clone();
        out[index] ^= 1;
        return out;
    }

    private static byte[] sPlusL(byte[] pi) {
        byte[] out = pi.clone();
        BigInteger s = Le.toInt(java.util.Arrays.copyOfRange(pi, 48, 80));
        System.arraycopy(Le.toBytes(s.add(EdPoint.L), 32), 0, out, 48, 32);
        return out;
    }

    /** 80 bytes end in a 3-character group whose last character has 2 unused bits; Java's decoder ignores them. */
    private static String unusedBitSet(String canonical) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        int at = canonical.length() - 2;
        return canonical.substring(0, at) + alphabet.charAt(alphabet.indexOf(canonical.charAt(at)) ^ 1) + "=";
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private VrfVectors() {
    }

    static ObjectNode tree() {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("about", "VRF-derived seeds (a tenant policy may require them): seed = the first 8 bytes, big-endian two's "
                + "complement, of beta = ECVRF-EDWARDS25519-SHA512-TAI (RFC 9381, suite_string 0x03) under the tenant's VRF "
                + "key over alpha = ASCII(alpha_prefix) || UTF-8(merkle_root); the PCS carries the 80-byte proof pi as the "
                + "top-level member vrf_proof (standard padded base64, canonical: unused bits zero), outside the signed "
                + "payload. Keys are Ed25519's (RFC 8032: 32-byte secret seed, 32-byte public key); verification validates "
                + "the key (RFC 9381 §5.4.5: canonical, not of small order) and the proof (§5.4.4: Gamma decodes, s < L). "
                + "rfc9381_b3: the RFC's own vectors (hex). seed_derivation: per case the secret and public key, merkle_root, "
                + "alpha, vrf_proof, beta and seed (a decimal string: no language loses precision). must_fail: documents "
                + "whose check must give the stated reason code; the first failing step decides, in this order: "
                + "vrf_proof_missing, vrf_proof_malformed, vrf_proof_invalid, vrf_seed_missing, vrf_seed_mismatch. "
                + "Written by pcs-core VrfVectors.");
        root.put("suite", "ECVRF-EDWARDS25519-SHA512-TAI");
        root.put("suite_string_hex", "03");
        root.put("alpha_prefix", VrfSeed.ALPHA_PREFIX);
        root.put("proof_member", VrfSeed.MEMBER);
        ArrayNode rfc = root.putArray("rfc9381_b3");
        for (Rfc v : RFC_9381_B3) {
            rfc.addObject().put("name", v.name()).put("sk_hex", v.sk()).put("pk_hex", v.pk()).put("alpha_hex", v.alpha())
                    .put("pi_hex", v.pi()).put("beta_hex", v.beta());
        }
        ArrayNode seeds = root.putArray("seed_derivation");
        for (SeedCase c : SEED_CASES) {
            VrfSeed.Derived d = c.derived();
            byte[] beta = EcVrf.proofToHash(Base64.getDecoder().decode(d.proofBase64()));
            seeds.addObject().put("name", c.name()).put("secret_key_hex", c.secretKeyHex())
                    .put("public_key_hex", c.publicKeyHex()).put("merkle_root", c.merkleRoot())
                    .put("alpha_hex", HEX.formatHex(VrfSeed.alpha(c.merkleRoot()))).put("vrf_proof", d.proofBase64())
                    .put("beta_hex", HEX.formatHex(beta)).put("seed", Long.toString(d.seed()));
        }
        ArrayNode fails = root.putArray("must_fail");
        for (MustFail f : mustFail()) {
            fails.addObject().put("name", f.name()).put("public_key_hex", f.publicKeyHex()).put("merkle_root", f.merkleRoot())
                    .put("vrf_proof", f.proof()).put("seed", f.seed() == null ? null : Long.toString(f.seed()))
                    .put("expected", f.expected().reasonCode());
        }
        return root;
    }

    public static void main(String[] args) throws Exception {
        String text = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree()) + "\n";
        Path out = args.length > 0 ? Path.of(args[0]) : GoldenFiles.dir().resolve(FILE);
        Files.writeString(out, text, StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
    }
}
