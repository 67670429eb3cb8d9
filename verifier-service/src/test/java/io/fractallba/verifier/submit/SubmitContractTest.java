package io.fractallba.verifier.submit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.crypto.SignatureAlgorithm;
import io.fractallba.pcs.golden.GoldenFiles;
import io.fractallba.pcs.json.PcsJsonWriter;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.pcs.testing.ManagementEndpointsContract;
import io.fractallba.pcs.testing.SignedDocs;
import io.fractallba.pcs.testing.TopicWatcher;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/contract.md §3–§5 through HTTP against the real Redis and Kafka. */
@QuarkusTest
class SubmitContractTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    RedisDataSource redis;

    private void forget(String tenant, String pcsId) {
        redis.key().del("flk:dedup:" + tenant.length() + ":" + tenant + ":" + pcsId);
    }

    private static ExtractableResponse<Response> submit(byte[] body, String tenant) {
        var req = given().contentType("application/json").body(body);
        if (tenant != null) {
            req = req.header("X-Tenant-Id", tenant);
        }
        return req.post("/v1/pcs/submit").then().extract();
    }

    @Test
    void goldenFilesAreAcceptedForAgentsThatSendNoTenantHeader() {
        for (String file : List.of("pcs_tiny_case_1.json", "pcs_tiny_case_2.json")) {
            byte[] body = GoldenFiles.bytes(file);
            forget("default", MAPPER.valueToTree(readTree(body)).get("pcs_id").asText());
            ExtractableResponse<Response> r = submit(body, null);
            assertThat(r.statusCode()).as(file).isEqualTo(200);
            assertThat(r.jsonPath().getBoolean("accepted")).isTrue();
            assertThat(r.jsonPath().getBoolean("escalated")).isFalse();
            assertThat(r.header("Idempotent-Replayed")).isNull();
        }
    }

    @TestFactory
    List<DynamicTest> everyVerifyVectorThroughHttp() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : GoldenFiles.json("verify-vectors.json").get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                byte[] body = MAPPER.writeValueAsBytes(c.get("pcs"));
                forget("open", c.get("pcs").get("pcs_id").asText());
                ExtractableResponse<Response> r = submit(body, "open");
                JsonNode json = MAPPER.readTree(r.asByteArray());
                JsonNode e = c.get("expect");
                assertThat(r.statusCode()).isEqualTo(c.get("expect_status").asInt());
                assertThat(r.jsonPath().getBoolean("accepted")).isEqualTo(e.get("accepted").asBoolean());
                assertThat(r.jsonPath().getBoolean("escalated")).isEqualTo(e.get("escalated").asBoolean());
                assertThat(r.jsonPath().getString("pcs_id")).isEqualTo(c.get("pcs").get("pcs_id").asText());
                if (e.has("reason_code")) {
                    assertThat(r.jsonPath().getString("reason_code")).isEqualTo(e.get("reason_code").asText());
                } else {
                    assertThat(r.jsonPath().getString("reason_code")).isNull();
                    assertThat(r.jsonPath().getString("reason")).isNull();
                }
                if (e.has("recomputed_D_hat")) {
                    assertThat(json.get("recomputed_D_hat").asDouble()).isEqualTo(e.get("recomputed_D_hat").asDouble());
                }
                if (e.has("recomputed_budget")) {
                    assertThat(json.get("recomputed_budget").asDouble()).isEqualTo(e.get("recomputed_budget").asDouble());
                }
            }));
        }
        return tests;
    }

    @Test
    void tamperedFieldAnotherTenantsKeyAndMissingSignatureAre401() {
        String golden = new String(GoldenFiles.bytes("pcs_tiny_case_1.json"), StandardCharsets.UTF_8);
        assertProblem(submit(golden.replace("\"budget\": 0.317807017", "\"budget\": 0.317807018")
                .getBytes(StandardCharsets.UTF_8), null), 401, "bad-signature");
        // acme verifies with its Ed25519 key only: the default tenant's HMAC signature is no good there.
        assertProblem(submit(golden.getBytes(StandardCharsets.UTF_8), "acme"), 401, "bad-signature");
        // Unsigned is refused unless the tenant is configured alg none.
        Pcs unsigned = SignedDocs.fresh();
        assertProblem(submit(PcsJsonWriter.bytes(unsigned), null), 401, "bad-signature");
        assertProblem(submit(PcsJsonWriter.bytes(unsigned.withSignature("%%%not-base64")), null), 401, "bad-signature");
    }

    @Test
    void ed25519AndLegacyHmacTenantsVerify() {
        byte[] seed = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        Pcs p = SignedDocs.sign(SignedDocs.fresh(), SignatureAlgorithm.ED25519, seed);
        assertThat(submit(PcsJsonWriter.bytes(p), "acme").statusCode()).isEqualTo(200);
        Pcs l = SignedDocs.sign(SignedDocs.fresh(), SignatureAlgorithm.HMAC_LEGACY, "testsecret".getBytes(StandardCharsets.UTF_8));
        assertThat(submit(PcsJsonWriter.bytes(l), "legacy").statusCode()).isEqualTo(200);
        assertProblem(submit(PcsJsonWriter.bytes(l), null), 401, "bad-signature");
    }

    @Test
    void unknownAndDisabledTenantsAre401() {
        byte[] body = SignedDocs.hmac(SignedDocs.fresh(), "testsecret");
        assertProblem(submit(body, "nobody"), 401, "unknown-tenant");
        assertProblem(submit(body, "off"), 401, "unknown-tenant");
    }

    @Test
    void keyRotationHonoursValidityWindowsAndKeyIdHeader() {
        Pcs p = SignedDocs.fresh();
        assertProblem(submit(SignedDocs.hmac(p, "old-secret"), "rotating"), 401, "bad-signature");
        byte[] current = SignedDocs.hmac(p, "new-secret");
        ExtractableResponse<Response> wrongKeyId = given().contentType("application/json").body(current)
                .header("X-Tenant-Id", "rotating").header("X-Key-Id", "old").post("/v1/pcs/submit").then().extract();
        assertProblem(wrongKeyId, 401, "bad-signature");
        ExtractableResponse<Response> ok = given().contentType("application/json").body(current)
                .header("X-Tenant-Id", "rotating").header("X-Key-Id", "new").post("/v1/pcs/submit").then().extract();
        assertThat(ok.statusCode()).isEqualTo(200);
    }

    @Test
    void duplicateReplaysFirstStatusAndBodyByteForByte() {
        byte[] body = SignedDocs.hmac(SignedDocs.fresh(), "testsecret");
        ExtractableResponse<Response> first = submit(body, null);
        ExtractableResponse<Response> second = submit(body, null);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(first.statusCode());
        assertThat(second.asByteArray()).isEqualTo(first.asByteArray());
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void samePcsIdFromTwoTenantsGetsTwoIndependentOutcomes() {
        Pcs p = SignedDocs.fresh();
        ExtractableResponse<Response> a = submit(SignedDocs.hmac(p, "testsecret"), "default");
        ExtractableResponse<Response> b = submit(SignedDocs.hmac(p, "beta-secret"), "beta");
        assertThat(a.statusCode()).isEqualTo(200);
        assertThat(b.statusCode()).isEqualTo(200);
        assertThat(a.header("Idempotent-Replayed")).isNull();
        assertThat(b.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void fiftyConcurrentSubmissionsOfOnePcsGiveExactlyOneEvent() throws Exception {
        Pcs p = SignedDocs.fresh();
        byte[] body = SignedDocs.hmac(p, "testsecret");
        try (TopicWatcher watcher = new TopicWatcher("pcs.verified.v1")) {
            ExecutorService pool = Executors.newFixedThreadPool(50);
            List<Callable<ExtractableResponse<Response>>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(() -> submit(body, null));
            }
            List<byte[]> bodies = new ArrayList<>();
            int fresh = 0;
            for (Future<ExtractableResponse<Response>> f : pool.invokeAll(calls)) {
                ExtractableResponse<Response> r = f.get();
                assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
                bodies.add(r.asByteArray());
                fresh += r.header("Idempotent-Replayed") == null ? 1 : 0;
            }
            pool.shutdown();
            assertThat(fresh).isEqualTo(1);
            assertThat(bodies).allSatisfy(b -> assertThat(b).isEqualTo(bodies.get(0)));
            String key = "default/" + p.pcsId();
            watcher.pollUntil(seen -> seen.stream().anyMatch(r -> key.equals(r.key())), Duration.ofSeconds(20));
            watcher.settle(Duration.ofSeconds(2));
            assertThat(watcher.countKey(key)).isEqualTo(1);
        }
    }

    @Test
    void eventCarriesEnvelopeOutcomeRawBodyDeclaredUsageAndTheVerifiersWork() throws Exception {
        Pcs p = SignedDocs.fresh().withUsage(new io.fractallba.pcs.model.DeclaredUsage("gpt-x", "summarise", 1200L, 300L, null));
        byte[] body = SignedDocs.hmac(p, "testsecret");
        try (TopicWatcher watcher = new TopicWatcher("pcs.verified.v1")) {
            assertThat(submit(body, null).statusCode()).isEqualTo(200);
            String key = "default/" + p.pcsId();
            var seen = watcher.pollUntil(s -> s.stream().anyMatch(r -> key.equals(r.key())), Duration.ofSeconds(20));
            JsonNode event = MAPPER.readTree(seen.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow().value());
            assertThat(event.get("type").asText()).isEqualTo("pcs.verified");
            assertThat(event.get("version").asInt()).isEqualTo(1);
            assertThat(event.get("tenant").asText()).isEqualTo("default");
            assertThat(event.get("key").asText()).isEqualTo(key);
            assertThat(event.get("event_id").asText()).isNotBlank();
            JsonNode payload = event.get("payload");
            assertThat(payload.get("pcs_raw").asText().getBytes(StandardCharsets.UTF_8)).isEqualTo(body);
            assertThat(payload.get("outcome").get("status").asInt()).isEqualTo(200);
            assertThat(payload.get("key_id").asText()).isEqualTo("demo-hmac");
            assertThat(payload.get("policy").asText()).isEqualTo("default@1");
            // For the cost-service: the agent's declared usage, and what the verifier spent on this submission.
            assertThat(payload.get("usage").get("model").asText()).isEqualTo("gpt-x");
            assertThat(payload.get("usage").get("input_tokens").asLong()).isEqualTo(1200);
            assertThat(payload.get("work").get("wal_bytes").asLong()).isEqualTo(body.length);
            assertThat(payload.get("work").get("cpu_us").asLong()).isPositive();
        }
    }

    @Test
    void badBodiesGet4xxProblemJsonNever5xx() {
        String golden = new String(GoldenFiles.bytes("pcs_tiny_case_1.json"), StandardCharsets.UTF_8);
        assertProblem(submit(("{\"pad\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8), null), 413, "body-too-large");
        assertProblem(submit("{not json".getBytes(StandardCharsets.UTF_8), null), 400, "malformed-json");
        assertProblem(submit(new byte[0], null), 400, "malformed-json");
        assertProblem(submit(golden.replace("\"epoch\": 1,", "\"epoch\": \"1\",").getBytes(StandardCharsets.UTF_8), null), 400, "wrong-type");
        assertProblem(submit(golden.replace("\"epoch\": 1,", "\"epoch\": 1, \"epoch\": 1,").getBytes(StandardCharsets.UTF_8), null), 400, "duplicate-key");
        assertProblem(submit(golden.replace("\"coh_star\": 0.066666667", "\"coh_star\": NaN").getBytes(StandardCharsets.UTF_8), null), 400, "malformed-json");
        assertProblem(submit(("{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}").getBytes(StandardCharsets.UTF_8), null), 400, "too-deeply-nested");
        assertProblem(submit("[1,2,3]".getBytes(StandardCharsets.UTF_8), null), 400, "not-an-object");
        assertProblem(submit(golden.replace("\"regime\": \"mixed\",", "").getBytes(StandardCharsets.UTF_8), null), 400, "missing-field");
    }

    @Test
    void rateLimitIsEnforcedWithRetryAfter() throws Exception {
        // A concurrent burst well above 3 per second, so the limit trips however slow the machine is.
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Callable<ExtractableResponse<Response>>> calls = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            calls.add(() -> submit(SignedDocs.hmac(SignedDocs.fresh(), "testsecret"), "limited"));
        }
        List<Integer> statuses = new ArrayList<>();
        ExtractableResponse<Response> limited = null;
        for (Future<ExtractableResponse<Response>> f : pool.invokeAll(calls)) {
            ExtractableResponse<Response> r = f.get();
            statuses.add(r.statusCode());
            if (r.statusCode() == 429) {
                limited = r;
            }
        }
        pool.shutdown();
        assertThat(statuses).as("statuses %s", statuses).containsOnly(200, 429);
        assertThat(limited).as("statuses %s", statuses).isNotNull();
        assertProblem(limited, 429, "rate-limited");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isPositive();
    }

    @Test
    void dailyQuotaIsEnforcedUntilTheNextUtcDay() {
        // Counters are per UTC day and shared in Redis: reset today's so the test is repeatable.
        redis.key().del("flk:quota:5:quota:" + java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        assertThat(submit(SignedDocs.hmac(SignedDocs.fresh(), "testsecret"), "quota").statusCode()).isEqualTo(200);
        assertThat(submit(SignedDocs.hmac(SignedDocs.fresh(), "testsecret"), "quota").statusCode()).isEqualTo(200);
        ExtractableResponse<Response> third = submit(SignedDocs.hmac(SignedDocs.fresh(), "testsecret"), "quota");
        assertProblem(third, 429, "rate-limited");
        long retryAfter = Long.parseLong(third.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 86_400L);
    }

    @Test
    void dailyByteQuotaStopsUnsignedJunkBeforeTheWal() {
        redis.key().del("flk:bytes:5:bytes:" + java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        byte[] junk = ("{\"pad\":\"" + "j".repeat(1500) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(submit(junk, "bytes").statusCode()).isEqualTo(400);
        assertThat(submit(junk, "bytes").statusCode()).isEqualTo(400);
        double walRecords = walRecords();
        ExtractableResponse<Response> third = submit(junk, "bytes");
        assertProblem(third, 429, "rate-limited");
        assertThat(third.body().asString()).contains("request bytes");
        assertThat(Long.parseLong(third.header("Retry-After"))).isBetween(1L, 86_400L);
        assertThat(walRecords()).as("a refused request is not written to the WAL").isEqualTo(walRecords);
        // The budget is the tenant's, whoever spent it: a signed submission is refused for the rest of the day too.
        assertProblem(submit(SignedDocs.hmac(SignedDocs.fresh(), "testsecret"), "bytes"), 429, "rate-limited");
    }

    private static double walRecords() {
        String metrics = ManagementEndpointsContract.management().get("/q/metrics").asString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^flk_verifier_wal_records_total(\\{[^}]*})? (\\S+)")
                .matcher(metrics);
        assertThat(m.find()).as("flk_verifier_wal_records_total exported").isTrue();
        return Double.parseDouble(m.group(2));
    }

    @Test
    void openApiExamplePassesTheVerifier() throws Exception {
        JsonNode doc = MAPPER.readTree(ManagementEndpointsContract.management().accept("application/json").get("/q/openapi?format=json").asByteArray());
        JsonNode example = doc.at("/paths/~1v1~1pcs~1submit/post/requestBody/content/application~1json/examples/golden-case-1/value");
        assertThat(example.isMissingNode()).isFalse();
        byte[] body = example.isTextual() ? example.asText().getBytes(StandardCharsets.UTF_8) : MAPPER.writeValueAsBytes(example);
        forget("default", readTree(body).get("pcs_id").asText());
        assertThat(submit(body, null).statusCode()).isEqualTo(200);
    }

    @Test
    void metricsArePerTenantAndPerStage() {
        submit(SignedDocs.hmac(SignedDocs.fresh(), "beta-secret"), "beta");
        submit(SignedDocs.hmac(SignedDocs.fresh(), "wrong"), "beta");
        String metrics = ManagementEndpointsContract.management().get("/q/metrics").asString();
        assertThat(metrics).containsPattern("flk_verifier_requests_total\\{result=\"accepted\",tenant=\"beta\"\\} [1-9]");
        assertThat(metrics).containsPattern("flk_verifier_requests_total\\{result=\"bad_signature\",tenant=\"beta\"\\} [1-9]");
        for (String stage : List.of("wal", "parse", "verify", "dedup", "publish")) {
            assertThat(metrics).contains("flk_verifier_stage_seconds_count{stage=\"" + stage + "\"}");
        }
        assertThat(metrics).contains("flk_verifier_wal_commits_total", "flk_verifier_outbox_backlog");
    }

    @Test
    void frameworkErrorsAreProblemJsonToo() {
        ExtractableResponse<Response> wrongMethod = given().get("/v1/pcs/submit").then().extract();
        assertProblem(wrongMethod, 405, "method-not-allowed");
        ExtractableResponse<Response> unknown = given().contentType("application/json").body("{}")
                .post("/v1/pcs/nothing-here").then().extract();
        assertProblem(unknown, 404, "not-found");
    }

    private static void assertProblem(ExtractableResponse<Response> r, int status, String slug) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("type")).isEqualTo("urn:fractal-lba:problem:" + slug);
        assertThat(r.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(r.jsonPath().getString("detail")).isNotBlank();
    }

    private static JsonNode readTree(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
