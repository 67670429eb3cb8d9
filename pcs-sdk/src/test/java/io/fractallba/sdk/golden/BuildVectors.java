package io.fractallba.sdk.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fractallba.pcs.canonical.PyFloat;
import io.fractallba.pcs.crypto.Hashes;
import io.fractallba.pcs.crypto.PcsSigner;
import io.fractallba.pcs.crypto.SignatureAlgorithm;
import io.fractallba.pcs.golden.GoldenFiles;
import io.fractallba.pcs.json.PcsJsonWriter;
import io.fractallba.sdk.PcsFactory;
import io.fractallba.sdk.signals.CsvTrace;
import io.fractallba.sdk.signals.DirectionStream;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The cases of {@code contract/golden/pcs-build-vectors.json}: complete PCS files built from the golden traces,
 * and samples of the coh★ direction generator. {@link #main} writes the file (run once when a case is added; every
 * SDK's tests then compare with it); {@code BuildVectorsTest} checks that the Java SDK still reproduces it.
 */
public final class BuildVectors {

    /** RFC 8032 §7.1 TEST 1 secret key (the seed), as in signing-vectors.json. */
    static final String ED25519_SEED_HEX = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

    record Case(String name, String trace, String shardId, long epoch, long seed, List<Long> scales, String alg) {
    }

    record DirectionSample(long seed, int dim) {
    }

    static final List<Case> CASES = List.of(
            new Case("tiny_case_1-hmac", "agent-csv/tiny_case_1.csv", "test-shard-001", 1, 42, List.of(2L, 4L, 8L, 16L), "hmac"),
            new Case("tiny_case_2-hmac", "agent-csv/tiny_case_2.csv", "test-shard-001", 1, 42, List.of(2L, 4L, 8L, 16L), "hmac"),
            new Case("tiny_case_1-ed25519", "agent-csv/tiny_case_1.csv", "test-shard-001", 1, 7, List.of(2L, 4L, 8L, 16L), "ed25519"),
            new Case("helix_240-hmac-legacy-unicode-shard-big-epoch", "traces/helix_240.csv", "shard-\u00fc/\u6771",
                    9_007_199_254_740_993L, -1_234_567_890_123L, List.of(2L, 4L, 8L, 16L), "hmac-legacy"),
            new Case("helix_240-ed25519-max-seed-five-scales", "traces/helix_240.csv", "s1", 7, Long.MAX_VALUE,
                    List.of(2L, 4L, 8L, 16L, 32L), "ed25519"),
            new Case("edge_cases-hmac-crlf-exponents-ties", "traces/edge_cases.csv", "edge", 0, 0, List.of(1L, 2L, 4L, 8L), "hmac"),
            // Negative timestamps that round to zero keep their sign ("-0.000000000"), as Python's f"{t:.9f}" writes them.
            new Case("negative_time-hmac-signed-zero-timestamps", "traces/negative_time.csv", "neg", 2, 99,
                    List.of(2L, 4L, 8L, 16L), "hmac"),
            // Flat counts in descending scale order: every slope is ±0.0 and the sorted median is -0.0 ("D_hat":-0.0).
            new Case("flat-hmac-unordered-scales-negative-zero-dhat", "traces/flat.csv", "flat", 1, 5,
                    List.of(8L, 4L, 16L, 2L), "hmac"));

    static final List<DirectionSample> DIRECTION_SAMPLES = List.of(
            new DirectionSample(42, 3), new DirectionSample(0, 3), new DirectionSample(-1, 2),
            new DirectionSample(Long.MIN_VALUE, 3));

    private BuildVectors() {
    }

    static PcsSigner signer(String alg) {
        return switch (alg) {
            case "hmac" -> PcsSigner.of(SignatureAlgorithm.HMAC, "testsecret".getBytes(StandardCharsets.US_ASCII));
            case "hmac-legacy" -> PcsSigner.of(SignatureAlgorithm.HMAC_LEGACY, "testsecret".getBytes(StandardCharsets.US_ASCII));
            case "ed25519" -> PcsSigner.of(SignatureAlgorithm.ED25519, HexFormat.of().parseHex(ED25519_SEED_HEX));
            default -> throw new IllegalArgumentException(alg);
        };
    }

    static CsvTrace trace(Case c) {
        return CsvTrace.parse(new String(GoldenFiles.bytes(c.trace()), StandardCharsets.UTF_8));
    }

    static String build(Case c) {
        return PcsJsonWriter.text(new PcsFactory(signer(c.alg())).fromTrace(trace(c), c.scales(), c.seed(), c.epoch(), c.shardId()));
    }

    static List<String> uniforms(long seed, int n) {
        DirectionStream s = new DirectionStream(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(PyFloat.repr(s.nextUniform()));
        }
        return out;
    }

    static List<List<String>> directions(long seed, int dim, int n) {
        DirectionStream s = new DirectionStream(seed);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> v = new ArrayList<>();
            for (double x : s.nextDirection(dim)) {
                v.add(PyFloat.repr(x));
            }
            out.add(v);
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("about", "Complete PCS files built from the golden traces by the contract's build rules "
                + "(docs/contract.md, 'Building a PCS from a trace'), and samples of the coh★ direction generator "
                + "sha256-ctr-v1. Integers that may exceed 2^53 (seed, epoch) are given as decimal strings; doubles as "
                + "Python repr strings. Keys: HMAC 'testsecret'; Ed25519 the RFC 8032 §7.1 TEST 1 seed (hex below). "
                + "Written by the Java SDK (pcs-sdk BuildVectors) and reproduced independently by the Python, "
                + "TypeScript and Go SDKs.");
        root.put("generator", "sha256-ctr-v1");
        root.put("hmac_secret", "testsecret");
        root.put("ed25519_seed_hex", ED25519_SEED_HEX);
        root.put("directions", 100);
        root.put("bins", 10);
        ArrayNode samples = root.putArray("direction_samples");
        for (DirectionSample d : DIRECTION_SAMPLES) {
            ObjectNode o = samples.addObject();
            o.put("seed", Long.toString(d.seed()));
            o.put("dim", d.dim());
            uniforms(d.seed(), 8).forEach(o.putArray("uniforms")::add);
            ArrayNode dirs = o.putArray("directions");
            for (List<String> v : directions(d.seed(), d.dim(), 5)) {
                v.forEach(dirs.addArray()::add);
            }
        }
        ArrayNode cases = root.putArray("cases");
        for (Case c : CASES) {
            ObjectNode o = cases.addObject();
            o.put("name", c.name());
            o.put("trace", c.trace());
            o.put("shard_id", c.shardId());
            o.put("epoch", Long.toString(c.epoch()));
            o.put("seed", Long.toString(c.seed()));
            c.scales().forEach(o.putArray("scales")::add);
            o.put("alg", c.alg());
            o.put("raw_sha256", Hashes.sha256Hex(trace(c).raw()));
            o.put("raw_b64", Base64.getEncoder().encodeToString(trace(c).raw()));
            o.put("expected_pcs", build(c));
        }
        Path out = args.length > 0 ? Path.of(args[0]) : GoldenFiles.dir().resolve("pcs-build-vectors.json");
        Files.writeString(out, mapper.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
    }

    static JsonNode read() {
        return GoldenFiles.json("pcs-build-vectors.json");
    }
}
