package io.fractallba.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four SDKs (Java, Python, TypeScript on Node, Go) and the TypeScript browser build against one running verifier,
 * each through its own command-line tool as an agent would run it: from a trace none of them has seen (made here with
 * a random seed), all four build byte-identical PCS files; each builds, signs and submits fresh PCS for an HMAC tenant
 * and an Ed25519 tenant and gets 200, a duplicate gets the first answer again marked as replayed, and a copy with one
 * signed field changed gets 401. The SDKs' own golden-vector suites run in dev/test before this.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossSdkInteropTest {

    /** RFC 8032 §7.1 TEST 1: its public key is the acme tenant's demo key in the verifier's %dev profile. */
    private static final String ED25519_SEED_HEX = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String HMAC_SECRET = "testsecret";
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Sdk { JAVA, PYTHON, TYPESCRIPT, GO }

    private final Path root = ServiceProcess.projectRoot();
    private final String run = Long.toHexString(System.nanoTime());
    private Path tmp;
    private Path goBinary;
    private ServiceProcess verifier;
    private String baseUrl;

    @BeforeAll
    void startVerifier() throws Exception {
        tmp = Files.createTempDirectory("xsdk");
        goBinary = tmp.resolve("fractal-lba-go");
        exec(root.resolve("sdk/go"), List.of("go", "build", "-o", goBinary.toString(), "./cmd/fractal-lba"), 0);
        assertThat(root.resolve("sdk/typescript/dist")).as("the TypeScript SDK is built by dev/test (npm ci && npm run build)")
                .isDirectory();

        String topic = "pcs.verified.v1.xsdk-" + run;
        ServiceProcess.createTopics("127.0.0.1:9092", topic);
        int port = ServiceProcess.freePort();
        verifier = ServiceProcess.verifier(port, tmp.resolve("wal"), root.resolve("e2e-tests/target/xsdk-verifier.log"),
                "flk.verifier.topic=" + topic).start();
        verifier.awaitReady(port, Duration.ofSeconds(90));
        baseUrl = "http://127.0.0.1:" + port;
    }

    @AfterAll
    void stopVerifier() throws Exception {
        if (verifier != null) {
            verifier.close();
        }
    }

    @Test
    void allFourSdksBuildTheSameBytesFromAFreshTrace() throws Exception {
        Path trace = randomTrace(new Random(System.nanoTime()), 400);
        Map<Sdk, String> built = new HashMap<>();
        for (Sdk sdk : Sdk.values()) {
            Path out = tmp.resolve("parity-" + sdk.name().toLowerCase(Locale.ROOT) + ".json");
            cli(sdk, List.of("build", "--in", trace.toString(), "--out", out.toString(), "--shard", "parity-" + run,
                    "--epoch", "7", "--rng-seed", "-1234567890123", "--alg", "ed25519", "--seed", ED25519_SEED_HEX), 0);
            built.put(sdk, Files.readString(out, StandardCharsets.UTF_8).strip());
        }
        for (Sdk sdk : Sdk.values()) {
            assertThat(built.get(sdk)).as(sdk + " against Java").isEqualTo(built.get(Sdk.JAVA));
        }
    }

    @ParameterizedTest
    @EnumSource(Sdk.class)
    void hmacTenant(Sdk sdk) throws Exception {
        roundTrip(sdk, null, List.of("--alg", "hmac", "--secret", HMAC_SECRET));
    }

    @ParameterizedTest
    @EnumSource(Sdk.class)
    void ed25519Tenant(Sdk sdk) throws Exception {
        roundTrip(sdk, "acme", List.of("--alg", "ed25519", "--seed", ED25519_SEED_HEX));
    }

    /** What each SDK must refuse (exit 2, a message, no file): the same list for every language. */
    enum BadInput {
        MALFORMED_TRACE("timestamp,x,y,z\n0,0.1,0.2,0.3\n1,0.4,abc,0.6\n", List.of(), "line 3"),
        NAN_IN_TRACE("timestamp,x,y,z\n0,0.1,0.2,0.3\n1,NaN,0.5,0.6\n", List.of(), "line 3"),
        WRONG_KEY(GOOD_TRACE, List.of("--alg", "ed25519", "--seed", "00ff"), "seed"),
        NON_INTEGER_EPOCH(GOOD_TRACE, List.of("--epoch", "1.5"), "epoch"),
        PLUS_SIGNED_EPOCH(GOOD_TRACE, List.of("--epoch", "+5"), "epoch"),
        NON_ASCII_DIGIT_EPOCH(GOOD_TRACE, List.of("--epoch", "\u0663"), "epoch"),
        OVERFLOWING_COORDINATES("timestamp,x,y,z\n0,1e308,1e308,1e308\n1,-1e308,-1e308,-1e308\n2,1,2,3\n", List.of(),
                "too large");

        final String trace;
        final List<String> args;
        final String mentions;

        BadInput(String trace, List<String> args, String mentions) {
            this.trace = trace;
            this.args = args;
            this.mentions = mentions;
        }
    }

    private static final String GOOD_TRACE = "timestamp,x,y,z\n0,0.1,0.2,0.3\n1,0.4,0.5,0.6\n2,0.7,0.8,0.9\n";

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> badInputs() {
        return java.util.Arrays.stream(Sdk.values()).flatMap(sdk -> java.util.Arrays.stream(BadInput.values())
                .map(bad -> org.junit.jupiter.params.provider.Arguments.of(sdk, bad)));
    }

    @ParameterizedTest(name = "{0} refuses {1}")
    @org.junit.jupiter.params.provider.MethodSource("badInputs")
    void badInputIsRefusedAndNoFileIsWritten(Sdk sdk, BadInput bad) throws Exception {
        Path trace = Files.writeString(tmp.resolve("bad-" + sdk + "-" + bad + ".csv"), bad.trace);
        Path out = tmp.resolve("bad-" + sdk + "-" + bad + ".json");
        List<String> args = new ArrayList<>(List.of("build", "--in", trace.toString(), "--out", out.toString()));
        if (!bad.args.contains("--alg")) {
            args.addAll(List.of("--alg", "hmac", "--secret", HMAC_SECRET));
        }
        args.addAll(bad.args);
        ProcessResult r = cli(sdk, args, 2);
        assertThat(out).as("no PCS is written for bad input").doesNotExist();
        assertThat(r.stderr().toLowerCase(Locale.ROOT)).as("a message naming the problem").contains(bad.mentions)
                .doesNotContain("traceback").doesNotContain("exception in thread").doesNotContain("panic:")
                .doesNotContain("\tat ");
    }

    @Test
    void browserBuildSignsTheGoldenCasesAndSubmits() throws Exception {
        ProcessResult r = exec(root.resolve("sdk/typescript"), List.of("node", "test-browser/run.mjs",
                "--verifier", baseUrl, "--secret", HMAC_SECRET), 0);
        assertThat(r.stdout()).contains("\"ok\":true");
    }

    /** Build and sign a fresh PCS with {@code sdk}, then submit it, submit it again, and submit a tampered copy. */
    private void roundTrip(Sdk sdk, String tenant, List<String> key) throws Exception {
        String name = sdk.name().toLowerCase(Locale.ROOT) + "-" + (tenant == null ? "default" : tenant);
        Path trace = randomTrace(new Random(), 200);
        Path pcs = tmp.resolve(name + ".json");
        List<String> build = new ArrayList<>(List.of("build", "--in", trace.toString(), "--out", pcs.toString(),
                "--shard", "xsdk-" + run + "-" + name, "--epoch", "3"));
        build.addAll(key);
        cli(sdk, build, 0);

        JsonNode first = submit(sdk, tenant, pcs, 0);
        assertThat(first.get("status").asInt()).as(first.toString()).isEqualTo(200);
        assertThat(first.get("replayed").asBoolean()).isFalse();
        assertThat(first.at("/body/accepted").asBoolean()).isTrue();

        JsonNode again = submit(sdk, tenant, pcs, 0);
        assertThat(again.get("status").asInt()).isEqualTo(200);
        assertThat(again.get("replayed").asBoolean()).as("Idempotent-Replayed on the duplicate").isTrue();
        assertThat(again.get("body")).isEqualTo(first.get("body"));
        // Byte for byte, the duplicate's answer is the first answer (the SDKs hand back a parsed body).
        byte[] bytes = Files.readAllBytes(pcs);
        assertThat(post(tenant, bytes).body()).isEqualTo(post(tenant, bytes).body());

        Path tampered = tmp.resolve(name + "-tampered.json");
        Files.writeString(tampered, tamper(Files.readString(pcs, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        JsonNode refused = submit(sdk, tenant, tampered, 1);
        assertThat(refused.get("status").asInt()).as(refused.toString()).isEqualTo(401);
    }

    /** One signed field changed (the first hex digit of the Merkle root), the signature left as it was. */
    private static String tamper(String pcs) {
        int i = pcs.indexOf("\"merkle_root\":\"") + "\"merkle_root\":\"".length();
        char c = pcs.charAt(i);
        return pcs.substring(0, i) + (c == '0' ? '1' : '0') + pcs.substring(i + 1);
    }

    private JsonNode submit(Sdk sdk, String tenant, Path file, int exitCode) throws Exception {
        List<String> args = new ArrayList<>(List.of("submit", "--url", baseUrl));
        if (tenant != null) {
            args.addAll(List.of("--tenant", tenant));
        }
        if (sdk == Sdk.JAVA) {
            args.add("--json");
        }
        args.add(file.toString());
        String out = cli(sdk, args, exitCode).stdout().strip();
        String[] lines = out.split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    private HttpResponse<String> post(String tenant, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/pcs/submit"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (tenant != null) {
            b.header("X-Tenant-Id", tenant);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private ProcessResult cli(Sdk sdk, List<String> args, int exitCode) throws Exception {
        List<String> cmd = new ArrayList<>(switch (sdk) {
            case JAVA -> List.of("java", "-jar", root.resolve("pcs-sdk/target/pcs.jar").toString());
            case PYTHON -> List.of("python3", "-m", "fractal_lba");
            case TYPESCRIPT -> List.of("node", root.resolve("sdk/typescript/dist/cli.js").toString());
            case GO -> List.of(goBinary.toString());
        });
        cmd.addAll(args);
        return exec(tmp, cmd, exitCode);
    }

    private record ProcessResult(String stdout, String stderr) {}

    private ProcessResult exec(Path dir, List<String> cmd, int exitCode) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("PYTHONPATH", root.resolve("sdk/python/src").toString());
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        ProcessResult r = new ProcessResult(Files.readString(out), Files.readString(err));
        assertThat(p.exitValue()).as("exit code of %s%nstdout: %s%nstderr: %s", cmd, r.stdout(), r.stderr())
                .isEqualTo(exitCode);
        return r;
    }

    /** A noisy helix with a random number of decimals per value: text no SDK's golden files contain. */
    private Path randomTrace(Random rnd, int rows) throws IOException {
        StringBuilder csv = new StringBuilder("timestamp,x,y,z\n");
        double t = rnd.nextDouble();
        for (int i = 0; i < rows; i++) {
            t += rnd.nextDouble() * 0.01;
            double a = i * 0.1 + rnd.nextGaussian() * 0.01;
            csv.append(t).append(',')
                    .append(fixed(0.5 + 0.4 * Math.cos(a), 1 + rnd.nextInt(9))).append(',')
                    .append(fixed(0.5 + 0.4 * Math.sin(a), 1 + rnd.nextInt(9))).append(',')
                    .append(fixed((i % 97) / 97.0, 1 + rnd.nextInt(9))).append('\n');
        }
        Path f = Files.createTempFile(tmp, "trace", ".csv");
        Files.writeString(f, csv, StandardCharsets.UTF_8);
        return f;
    }

    private static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
