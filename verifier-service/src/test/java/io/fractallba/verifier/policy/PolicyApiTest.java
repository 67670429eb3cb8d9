package io.fractallba.verifier.policy;

import io.fractallba.pcs.testing.SignedDocs;
import io.fractallba.pcs.testing.TestTokens;
import io.fractallba.pcs.token.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policy API against the real broker: publication (type errors with positions, immutability), activation that
 * the next submission is decided by, rollback, and who may do what. Versions are unique per run because the policy
 * topic on the dev broker outlives a run.
 */
@QuarkusTest
class PolicyApiTest {

    private static final String TENANT = "policied";
    private static final String SECRET = "policied-secret";
    private static final String OPERATOR = TestTokens.operator();
    private static final int RUN = (int) (System.currentTimeMillis() / 1000 % 1_000_000_000);

    private static String strict(int version, double minCoh) {
        return """
                {"name": "strict", "version": %d,
                 "rules": [
                   {"name": "low-coherence", "when": "pcs.coh_star < %s", "outcome": "escalate",
                    "reason": "low_coherence", "message": "'coh_star ' + repr(pcs.coh_star) + ' below %s'"},
                   {"name": "dhat", "when": "math.abs(pcs.d_hat - recomputed.d_hat) > 0.15", "outcome": "reject",
                    "reason": "dhat_out_of_tolerance"}
                 ],
                 "default": {"outcome": "accept"}}
                """.formatted(version, minCoh, minCoh);
    }

    private static ExtractableResponse<Response> post(String token, String path, String body) {
        var req = given().contentType("application/json").body(body);
        if (token != null) {
            req = req.header("Authorization", token);
        }
        return req.post("/v1/policies/" + TENANT + path).then().extract();
    }

    private static ExtractableResponse<Response> submit() {
        return given().contentType("application/json").header("X-Tenant-Id", TENANT)
                .body(SignedDocs.hmac(SignedDocs.fresh(), SECRET)).post("/v1/pcs/submit").then().extract();
    }

    @Test
    void aPolicyWithMistakesIsRefusedWithEveryProblemAndItsPosition() {
        String bad = """
                {"name": "typos", "version": 1,
                 "rules": [
                   {"name": "unknown-field", "when": "pcs.coh_star < 0.5 && pcs.cohstar > 0.1", "outcome": "escalate",
                    "reason": "x_y"},
                   {"name": "wrong-type", "when": "pcs.epoch > 'one'", "outcome": "reject", "reason": "x_z"}
                 ]}
                """;
        ExtractableResponse<Response> r = post(OPERATOR, "/versions", bad);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonPath j = r.jsonPath();
        assertThat(j.getString("type")).isEqualTo("urn:fractal-lba:problem:invalid-policy");
        List<Map<String, Object>> errors = j.getList("errors");
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0)).containsEntry("rule", "unknown-field").containsEntry("field", "when")
                .containsEntry("line", 1).containsEntry("column", 23);
        assertThat((String) errors.get(0).get("message")).startsWith("unknown name 'pcs.cohstar'");
        assertThat(errors.get(1)).containsEntry("rule", "wrong-type").containsEntry("column", 11);
        assertThat(errors.get(2)).containsEntry("field", "default");

        assertThat(post(OPERATOR, "/versions", "{\"name\": \"x\", \"version\": 1, \"rulez\": []}").statusCode())
                .isEqualTo(400);
        assertThat(post(OPERATOR, "/versions", "not json").statusCode()).isEqualTo(400);
        ExtractableResponse<Response> reserved = post(OPERATOR, "/versions",
                "{\"name\": \"default\", \"version\": 2, \"rules\": [], \"default\": {\"outcome\": \"accept\"}}");
        assertThat(reserved.statusCode()).isEqualTo(400);
        assertThat(reserved.jsonPath().getString("type")).endsWith("reserved-policy-name");
    }

    @Test
    void publishActivateDecideRollBack() {
        int v = RUN;
        ExtractableResponse<Response> created = post(OPERATOR, "/versions", strict(v, 0.5));
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/v1/policies/policied/versions/strict@" + v);
        assertThat(created.jsonPath().getInt("rules")).isEqualTo(2);
        // The same document again is already there; other content under the same version is a conflict.
        assertThat(post(OPERATOR, "/versions", strict(v, 0.5)).statusCode()).isEqualTo(200);
        ExtractableResponse<Response> conflict = post(OPERATOR, "/versions", strict(v, 0.6));
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.jsonPath().getString("type")).endsWith("policy-version-exists");

        // Whatever an earlier run left active, start from the built-in.
        assertThat(post(OPERATOR, "/active", "{\"policy\": \"default@1\"}").statusCode()).isEqualTo(200);
        ExtractableResponse<Response> before = submit();
        assertThat(before.statusCode()).as(before.asString()).isEqualTo(200);
        assertThat(before.jsonPath().getString("policy")).isEqualTo("default@1");

        ExtractableResponse<Response> activated = post(OPERATOR, "/active",
                "{\"policy\": \"strict@" + v + "\", \"reason\": \"test\"}");
        assertThat(activated.statusCode()).as(activated.asString()).isEqualTo(200);
        assertThat(activated.jsonPath().getString("previous")).isEqualTo("default@1");
        // SignedDocs.fresh() has coh★ 0.2: the tenant's rule escalates what the built-in accepts.
        ExtractableResponse<Response> after = submit();
        assertThat(after.statusCode()).as(after.asString()).isEqualTo(202);
        assertThat(after.jsonPath().getString("policy")).isEqualTo("strict@" + v);
        assertThat(after.jsonPath().getString("reason_code")).isEqualTo("low_coherence");
        assertThat(after.jsonPath().getString("reason")).isEqualTo("coh_star 0.2 below 0.5");
        assertThat(after.jsonPath().getBoolean("accepted")).isTrue();

        ExtractableResponse<Response> rolledBack = post(OPERATOR, "/rollback", "{\"reason\": \"too strict\"}");
        assertThat(rolledBack.statusCode()).as(rolledBack.asString()).isEqualTo(200);
        assertThat(rolledBack.jsonPath().getString("active")).isEqualTo("default@1");
        assertThat(submit().jsonPath().getString("policy")).isEqualTo("default@1");

        JsonPath overview = given().header("Authorization", TestTokens.reader(TENANT))
                .get("/v1/policies/" + TENANT).then().statusCode(200).extract().jsonPath();
        assertThat(overview.getString("active")).isEqualTo("default@1");
        assertThat(overview.getBoolean("built_in")).isTrue();
        assertThat(overview.getList("versions.policy")).contains("strict@" + v);
        List<Map<String, Object>> history = overview.getList("history");
        assertThat(history.get(history.size() - 1)).containsEntry("action", "rolled_back")
                .containsEntry("policy", "default@1").containsEntry("previous", "strict@" + v)
                .containsEntry("reason", "too strict");
        assertThat(history.get(history.size() - 2)).containsEntry("action", "activated")
                .containsEntry("policy", "strict@" + v).containsEntry("reason", "test");

        String doc = given().header("Authorization", TestTokens.reader(TENANT))
                .get("/v1/policies/" + TENANT + "/versions/strict@" + v).then().statusCode(200).extract().asString();
        assertThat(doc).contains("low-coherence");
    }

    @Test
    void theSimulatorShowsWhatACandidateWouldChangeAndChangesNothing() throws Exception {
        assertThat(post(OPERATOR, "/active", "{\"policy\": \"default@1\"}").statusCode()).isEqualTo(200);
        Thread.sleep(1000);   // events of earlier tests' submissions are on the topic before the window opens
        java.time.Instant from = java.time.Instant.now();
        List<String> submitted = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ExtractableResponse<Response> r = submit();
            assertThat(r.statusCode()).isEqualTo(200);
            submitted.add(r.jsonPath().getString("pcs_id"));
        }
        String request = "{\"candidate\": " + strict(1, 0.5) + ", \"from\": \"" + from + "\", \"examples\": 2}";
        JsonPath[] result = new JsonPath[1];
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
            ExtractableResponse<Response> r = post(OPERATOR, "/simulate", request);
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
            assertThat(r.jsonPath().getInt("submissions")).isEqualTo(4);   // the events reached the topic
            result[0] = r.jsonPath();
        });
        JsonPath j = result[0];
        assertThat(j.getString("active")).isEqualTo("default@1");
        assertThat(j.getString("candidate")).isEqualTo("strict@1");
        // SignedDocs.fresh() has coh★ 0.2: every one moves from accept to escalate under the candidate.
        assertThat(j.getInt("matrix.accept.escalate")).isEqualTo(4);
        assertThat(j.getInt("matrix.accept.accept")).isZero();
        assertThat(j.getInt("changed")).isEqualTo(4);
        assertThat(j.getList("examples.'accept->escalate'")).hasSize(2);
        assertThat(j.getList("examples.'accept->escalate'.pcs_id")).allMatch(submitted::contains);
        assertThat(j.getString("examples.'accept->escalate'[0].candidate_reason")).isEqualTo("low_coherence");
        assertThat(j.getInt("candidate_rules.low-coherence")).isEqualTo(4);
        assertThat(j.getInt("stored_differs_from_active")).isZero();
        assertThat(j.getBoolean("truncated")).isFalse();
        assertThat(j.getInt("labels.labelled")).isZero();   // no ensemble decision yet

        // The ensemble's decisions label three of them: two escalated (risky), one accepted.
        java.util.Properties props = new java.util.Properties();
        props.put("bootstrap.servers", io.fractallba.pcs.testing.TestKafka.BOOTSTRAP);
        props.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
        props.put("value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(props)) {
            List<String> decisions = List.of("escalate", "escalate", "accept");
            for (int i = 0; i < 3; i++) {
                String key = TENANT + "/" + submitted.get(i);
                var payload = new io.fractallba.pcs.event.EnsembleDecision(TENANT, submitted.get(i), "default@1", 2, 3,
                        List.of(), decisions.get(i), null);
                byte[] event = mapper.writeValueAsBytes(io.fractallba.pcs.event.EventEnvelope.of("test-" + key,
                        io.fractallba.pcs.event.EnsembleDecision.TYPE, io.fractallba.pcs.event.EnsembleDecision.VERSION,
                        TENANT, key, java.time.Instant.now(), payload));
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("pcs.decision.v1", key, event))
                        .get();
            }
        }
        JsonPath labelled = post(OPERATOR, "/simulate", request).jsonPath();
        assertThat(labelled.getString("labels.source")).startsWith("ensemble decisions");
        assertThat(labelled.getInt("labels.labelled")).isEqualTo(3);
        assertThat(labelled.getInt("labels.positives")).isEqualTo(2);
        // The active policy accepts all four: it misses both risky ones; the candidate flags all: one false alarm.
        assertThat(labelled.getInt("labels.active.false_negatives")).isEqualTo(2);
        assertThat(labelled.getInt("labels.active.true_negatives")).isEqualTo(1);
        assertThat(labelled.getDouble("labels.active.recall")).isZero();
        assertThat(labelled.getString("labels.active.precision")).isNull();
        assertThat(labelled.getInt("labels.candidate.true_positives")).isEqualTo(2);
        assertThat(labelled.getInt("labels.candidate.false_positives")).isEqualTo(1);
        assertThat(labelled.getDouble("labels.candidate.recall")).isEqualTo(1.0);
        assertThat(labelled.getDouble("labels.candidate.precision"))   // RestAssured reads it back as a float
                .isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-6));
        // Nothing changed: the same document is still answered as stored, and the active policy is the same.
        assertThat(submit().jsonPath().getString("policy")).isEqualTo("default@1");

        ExtractableResponse<Response> invalid = post(OPERATOR, "/simulate",
                "{\"candidate\": {\"name\": \"x\", \"version\": 1, \"rules\": []}}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.jsonPath().getString("type")).endsWith("invalid-policy");
        assertThat(post(OPERATOR, "/simulate", "{\"version\": \"default@1\", \"from\": \"2026-12-02T00:00:00Z\", "
                + "\"to\": \"2026-12-01T00:00:00Z\"}").statusCode()).isEqualTo(400);
        assertThat(post(OPERATOR, "/simulate", "{\"version\": \"default@1\", \"from\": \"2026-01-01T00:00:00Z\", "
                + "\"to\": \"2026-12-01T00:00:00Z\"}").statusCode()).isEqualTo(400);
        assertThat(post(OPERATOR, "/simulate", "{\"version\": \"default@1\", \"limit\": 0}").statusCode())
                .isEqualTo(400);
        assertThat(post(OPERATOR, "/simulate", "{\"version\": \"never@3\"}").statusCode()).isEqualTo(404);
        assertThat(post(OPERATOR, "/simulate", "{}").statusCode()).isEqualTo(400);
        assertThat(post(TestTokens.reader(TENANT), "/simulate", "{\"version\": \"default@1\"}").statusCode())
                .isEqualTo(403);
    }

    @Test
    void theCliPublishesShowsAndSimulates(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        String url = "http://localhost:" + io.restassured.RestAssured.port;
        String token = OPERATOR.substring("Bearer ".length());
        java.nio.file.Path good = tmp.resolve("good.json");
        java.nio.file.Files.writeString(good, strict(RUN + 7, 0.3));
        java.nio.file.Path bad = tmp.resolve("bad.json");
        java.nio.file.Files.writeString(bad, "{\"name\": \"bad\", \"version\": 1, \"rules\": []}");
        assertThat(cli("policy", "publish", "--url", url, "--token", token, "--tenant", TENANT, good.toString()))
                .startsWith("0|strict@" + (RUN + 7) + " published");
        assertThat(cli("policy", "publish", "--url", url, "--token", token, "--tenant", TENANT, bad.toString()))
                .startsWith("2|").contains("no default");
        assertThat(cli("policy", "show", "--url", url, "--token", token, "--tenant", TENANT))
                .startsWith("0|active: ").contains("strict@" + (RUN + 7));
        assertThat(cli("policy", "simulate", "--url", url, "--token", token, "--tenant", TENANT,
                "--version", "strict@" + (RUN + 7))).startsWith("0|").contains("rows: active").contains("changed: ");
        assertThat(cli("policy", "activate", "--url", url, "--token", token, "--tenant", TENANT, "never@9"))
                .startsWith("2|").contains("404");
        assertThat(cli("policy", "rollout", "--url", url, "--token", token, "--tenant", TENANT, "never@9",
                "--steps", "0,100", "--dwell", "PT1S")).startsWith("2|").contains("404");
        assertThat(cli("policy", "rollout", "--url", url, "--token", token, "--tenant", TENANT, "never@9",
                "--steps", "0,50")).startsWith("2|").contains("400").contains("ending with 100");
    }

    /** Runs the pcs CLI in-process: "exit|stdout+stderr". */
    private static String cli(String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream oldOut = System.out;
        java.io.PrintStream oldErr = System.err;
        java.io.PrintStream capture = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            int code = io.fractallba.sdk.cli.PcsCli.commandLine().execute(args);
            return code + "|" + out.toString(java.nio.charset.StandardCharsets.UTF_8);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @jakarta.inject.Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    /** Back to the built-in with no rollout in progress, whatever an earlier test or run left. */
    private static void reset() {
        JsonPath o = given().header("Authorization", OPERATOR).get("/v1/policies/" + TENANT).then().extract().jsonPath();
        if (o.get("rollout") != null) {
            assertThat(post(OPERATOR, "/rollback", "{\"reason\": \"test reset\"}").statusCode()).isEqualTo(200);
        }
        assertThat(post(OPERATOR, "/active", "{\"policy\": \"default@1\"}").statusCode()).isEqualTo(200);
    }

    private static JsonPath overview() {
        return given().header("Authorization", OPERATOR).get("/v1/policies/" + TENANT).then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void aRolloutWhoseGuardsHoldAdvancesThroughEveryStepToActive() throws Exception {
        reset();
        // The contract's rules under another name: no disagreement, no extra escalation.
        io.fractallba.policy.PolicyDocument builtIn = io.fractallba.policy.BuiltInPolicy.document();
        int v = RUN + 11;
        String same = new String(io.fractallba.policy.PolicyDocuments.write(new io.fractallba.policy.PolicyDocument(
                "same", v, null, builtIn.rules(), builtIn.defaultDecision())), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(post(OPERATOR, "/versions", same).statusCode()).isEqualTo(201);
        ExtractableResponse<Response> started = post(OPERATOR, "/rollout", "{\"policy\": \"same@" + v
                + "\", \"dwell\": \"PT1S\", \"min_submissions\": 3}");
        assertThat(started.statusCode()).as(started.asString()).isEqualTo(200);
        assertThat(started.jsonPath().getList("steps")).containsExactly(0, 5, 25, 50, 100);
        assertThat(post(OPERATOR, "/rollout", "{\"policy\": \"same@" + v + "\"}").statusCode()).isEqualTo(409);

        java.util.Set<String> decidedBy = new java.util.HashSet<>();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (!("same@" + v).equals(overview().getString("active")) && System.nanoTime() < deadline) {
            ExtractableResponse<Response> r = submit();
            assertThat(r.statusCode()).isEqualTo(200);
            decidedBy.add(r.jsonPath().getString("policy"));
            Thread.sleep(50);
        }
        JsonPath o = overview();
        assertThat(o.getString("active")).isEqualTo("same@" + v);
        assertThat((Object) o.get("rollout")).isNull();
        assertThat(decidedBy).contains("default@1");
        List<Map<String, Object>> history = o.getList("history");
        List<Object> actions = history.subList(history.size() - 6, history.size()).stream()
                .map(h -> h.get("action")).map(Object.class::cast).toList();
        assertThat(actions).containsExactly("rollout_started", "rollout_advanced", "rollout_advanced",
                "rollout_advanced", "rollout_advanced", "rollout_completed");
        assertThat(history.get(history.size() - 1)).containsEntry("by", "rollout-controller");
        assertThat(submit().jsonPath().getString("policy")).isEqualTo("same@" + v);
        reset();
    }

    @Test
    void aRolloutWhoseCandidateEscalatesMoreIsAbortedInShadow() throws Exception {
        reset();
        int v = RUN + 13;
        assertThat(post(OPERATOR, "/versions", strict(v, 0.5)).statusCode()).isEqualTo(201);
        double abortsBefore = registry.find("flk_policy_rollout_transitions_total").tag("tenant", TENANT).tag("outcome", "aborted").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
        assertThat(post(OPERATOR, "/rollout", "{\"policy\": \"strict@" + v + "\", \"dwell\": \"PT1S\", "
                + "\"min_submissions\": 3, \"max_escalation_increase\": 0.05}").statusCode()).isEqualTo(200);
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (overview().get("rollout") != null && System.nanoTime() < deadline) {
            // coh★ 0.2: the candidate would escalate every one; in shadow the built-in still decides.
            ExtractableResponse<Response> r = submit();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.jsonPath().getString("policy")).isEqualTo("default@1");
            Thread.sleep(50);
        }
        JsonPath o = overview();
        assertThat((Object) o.get("rollout")).as("the rollout ended").isNull();
        assertThat(o.getString("active")).isEqualTo("default@1");
        List<Map<String, Object>> history = o.getList("history");
        Map<String, Object> last = history.get(history.size() - 1);
        assertThat(last).containsEntry("action", "rollout_aborted").containsEntry("policy", "strict@" + v)
                .containsEntry("by", "rollout-controller");
        assertThat((String) last.get("reason")).contains("escalation rate 1.000");
        double abortsAfter = registry.find("flk_policy_rollout_transitions_total").tag("tenant", TENANT).tag("outcome", "aborted").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
        assertThat(abortsAfter).isEqualTo(abortsBefore + 1);
    }

    @Test
    void rolloutRequestsAreValidated() {
        assertThat(post(OPERATOR, "/rollout", "{\"policy\": \"never@1\"}").statusCode()).isEqualTo(404);
        for (String bad : List.of("{}", "[]", "{\"policy\": \"default@1\", \"steps\": [0, 50]}",
                "{\"policy\": \"x@1\", \"steps\": [50, 5, 100]}", "{\"policy\": \"x@1\", \"dwell\": \"soon\"}",
                "{\"policy\": \"x@1\", \"max_disagreement\": 2}", "{\"policy\": \"x@1\", \"min_submissions\": 0}")) {
            ExtractableResponse<Response> r = post(OPERATOR, "/rollout", bad);
            assertThat(r.statusCode()).as(bad + " -> " + r.asString()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void activationNeedsAPublishedVersion() {
        ExtractableResponse<Response> r = post(OPERATOR, "/active", "{\"policy\": \"never@1\"}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.jsonPath().getString("type")).endsWith("unknown-policy");
        assertThat(post(OPERATOR, "/active", "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void whoMayDoWhat() {
        assertThat(post(null, "/versions", strict(RUN + 1, 0.5)).statusCode()).isEqualTo(401);
        assertThat(post(TestTokens.reader(TENANT), "/versions", strict(RUN + 1, 0.5)).statusCode()).isEqualTo(403);
        assertThat(post(TestTokens.bearer(Roles.AGENT, TENANT), "/active", "{\"policy\": \"default@1\"}")
                .statusCode()).isEqualTo(403);
        assertThat(given().header("Authorization", TestTokens.reader("beta")).get("/v1/policies/" + TENANT)
                .then().extract().statusCode()).isEqualTo(403);
        assertThat(given().header("Authorization", OPERATOR).get("/v1/policies/nobody").then().extract()
                .statusCode()).isEqualTo(404);
        assertThat(given().get("/v1/policies/" + TENANT).then().extract().statusCode()).isEqualTo(401);
    }
}
