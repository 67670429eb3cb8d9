package io.fractallba.ensemble.api;

import io.fractallba.pcs.token.Roles;
import io.fractallba.pcs.testing.TestTokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fractallba.ensemble.runtime.EnsembleStore;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.testing.TestDatabase;
import io.fractallba.pcs.testing.TestKafka;
import io.fractallba.pcs.testing.TopicWatcher;
import io.fractallba.sdk.load.Workloads;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * The ensemble-service on real Kafka and Postgres: the join with on-time, late and missing risk events, one decision
 * per submission, per-tenant policies, validation, poison, and the bandit's posteriors persisted across restarts.
 */
@QuarkusTest
@QuarkusTestResource(value = EnsembleServiceTest.Resource.class, restrictToAnnotatedClass = true)
class EnsembleServiceTest {

    @org.junit.jupiter.api.BeforeEach
    void asOperator() {
        io.fractallba.pcs.testing.TestTokens.restAssuredAsOperator();
    }

    static String verified;
    static String risk;
    static String decisions;
    static String schema;
    static String scorerGroup;
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Workloads W = new Workloads(17);

    public static class Resource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            schema = TestDatabase.freshSchemaName("ensemble");
            String run = Long.toHexString(System.nanoTime());
            verified = "pcs.verified.v1.ens-" + run;
            risk = "pcs.risk.v1.ens-" + run;
            decisions = "pcs.decision.v1.ens-" + run;
            TestKafka.createTopics(List.of(verified, verified + ".dlq", risk, risk + ".dlq", decisions));
            Map<String, String> c = new HashMap<>();
            c.put("quarkus.datasource.jdbc.url", TestDatabase.url(schema));
            c.put("quarkus.flyway.schemas", schema);
            c.put("quarkus.flyway.default-schema", schema);
            c.put("flk.ensemble.verified-topic", verified);
            c.put("flk.ensemble.risk-topic", risk);
            c.put("flk.ensemble.decision-topic", decisions);
            c.put("flk.ensemble.consumer-group", "ens-" + run);
            c.put("flk.ensemble.join-wait", "2s");
            // The test plays the risk scorer: its group's committed offsets say what it has handled (docs/ensemble.md).
            scorerGroup = "hrs-ens-" + run;
            c.put("flk.ensemble.scorer-group", scorerGroup);
            c.put("flk.ensemble.max-join-wait", "25s");
            c.put("flk.ensemble.bandit-seed", "7");
            c.put("flk.ensemble.anomaly-min-history", "20");
            return c;
        }

        @Override
        public void stop() {
            TestDatabase.drop(schema);
        }
    }

    @Test
    void joinedRiskLateRiskAndRedeliveryGiveOneDecisionEach() throws Exception {
        try (KafkaProducer<String, byte[]> p = producer(); TopicWatcher out = new TopicWatcher(decisions)) {
            String[] onTime = submission("ens-a");
            send(p, risk, onTime, riskEvent(onTime, 0.05, 0.0, 0.2));
            send(p, verified, onTime, verifiedEvent(onTime));
            String[] late = submission("ens-a");
            send(p, verified, late, verifiedEvent(late));
            // The hrs-service without a model (production before any labels): it answers "no model".
            String[] unscored = submission("ens-a");
            send(p, risk, unscored, MAPPER.writeValueAsBytes(java.util.Map.of("type", "pcs.risk", "payload",
                    io.fractallba.pcs.event.RiskScored.noModel(unscored[0], unscored[1]))));
            send(p, verified, unscored, verifiedEvent(unscored));
            scorerHandledEverything();   // the scorer passed it without publishing a score: the HRS check abstains
            List<ConsumerRecord<String, String>> got = out.pollUntil(l -> l.size() >= 3, Duration.ofSeconds(30));
            JsonNode first = payload(got, key(onTime));
            assertThat(first.get("decision").asText()).isEqualTo("accept");
            assertThat(first.get("votes")).hasSize(3);
            assertThat(first.get("policy").asText()).isEqualTo("ens-a@0");
            assertThat(vote(first, "hrs").get("verdict").asText()).isEqualTo("accept");
            assertThat(vote(first, "grounding").get("verdict").asText()).as("no text: not applicable, not counted")
                    .isEqualTo("not_applicable");
            assertThat(first.has("disagreement")).as("agreed with the verifier, no split").isFalse();

            JsonNode missing = payload(got, key(late));
            assertThat(vote(missing, "hrs").get("reason").asText()).contains("no risk score");
            assertThat(missing.get("decision").asText()).as("the one applicable check abstained, failing closed")
                    .isEqualTo("escalate");
            assertThat(missing.get("disagreement").asText()).isEqualTo("differs-from-verifier");

            JsonNode noModel = payload(got, key(unscored));
            assertThat(vote(noModel, "hrs").get("verdict").asText()).isEqualTo("not_applicable");
            assertThat(noModel.get("decision").asText()).as("gate passed, nothing applicable, failing closed")
                    .isEqualTo("escalate");
            assertThat(vote(noModel, "hrs").get("reason").asText()).contains("no model");

            send(p, risk, late, riskEvent(late, 0.05, 0.0, 0.2));          // too late: decided already
            send(p, verified, onTime, verifiedEvent(onTime));               // redelivered
            out.settle(Duration.ofSeconds(5));
            assertThat(out.countKey(key(onTime))).isEqualTo(1);
            assertThat(out.countKey(key(late))).isEqualTo(1);
        }
        String[] k = submissionKeyParts(submission("nobody"));
        given().get("/v1/ensemble/decisions/" + k[0] + "/" + k[1]).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void aSlowScorersRiskStillJoinsAndAScorerThatPassedWithoutOneIsNotWaitedFor() throws Exception {
        try (KafkaProducer<String, byte[]> p = producer(); TopicWatcher out = new TopicWatcher(decisions)) {
            // The scorer is behind (it has not handled the record): past the join wait, nothing is decided yet …
            String[] slow = submission("ens-a");
            send(p, verified, slow, verifiedEvent(slow));
            out.settle(Duration.ofSeconds(4));   // twice the join wait
            assertThat(out.countKey(key(slow))).as("decided before the scorer got to it").isZero();
            // … and its score, arriving late, joins: the HRS check votes instead of abstaining.
            send(p, risk, slow, riskEvent(slow, 0.05, 0.0, 0.2));
            JsonNode joined = payload(out.pollUntil(l -> l.stream().anyMatch(r -> key(slow).equals(r.key())),
                    Duration.ofSeconds(20)), key(slow));
            assertThat(vote(joined, "hrs").get("verdict").asText()).isEqualTo("accept");

            // A record the scorer has handled without publishing a score is decided once the join wait is over.
            String[] unscored = submission("ens-a");
            send(p, verified, unscored, verifiedEvent(unscored));
            scorerHandledEverything();
            long start = System.nanoTime();
            JsonNode abstained = payload(out.pollUntil(l -> l.stream().anyMatch(r -> key(unscored).equals(r.key())),
                    Duration.ofSeconds(20)), key(unscored));
            assertThat(vote(abstained, "hrs").get("verdict").asText()).isEqualTo("abstain");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("well before max-join-wait (25 s)")
                    .isLessThan(Duration.ofSeconds(15));
        }
    }

    /** Commits the scorer's group at the verified topic's end: as the hrs-service does once it has handled a batch. */
    private static void scorerHandledEverything() throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", TestKafka.BOOTSTRAP);
        try (Admin admin = Admin.create(props)) {
            var partitions = admin.describeTopics(List.of(verified)).allTopicNames().get().get(verified).partitions();
            Map<TopicPartition, OffsetSpec> query = new HashMap<>();
            partitions.forEach(i -> query.put(new TopicPartition(verified, i.partition()), OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            admin.listOffsets(query).all().get().forEach((tp, info) -> commit.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(scorerGroup, commit).all().get();
        }
    }

    @Test
    void policiesArePerTenantVersionedAndValidated() throws Exception {
        given().get("/v1/ensemble/policies/ens-b").then().statusCode(200).body("version", equalTo(0)).body("policy.n", equalTo(2));
        String open1 = "{\"n\":1,\"checks\":[\"recompute\",\"hrs\",\"grounding\"],\"weights\":{},\"timeout_ms\":{},"
                + "\"fail_mode\":\"open\",\"min_confidence\":0.5,\"risk_accept_max\":0.3,\"risk_reject_min\":0.7,"
                + "\"grounding_accept\":0.6,\"grounding_reject\":0.3,\"bandit\":false}";
        given().contentType("application/json").body(open1).put("/v1/ensemble/policies/ens-b").then().statusCode(201)
                .body("version", equalTo(1));
        given().contentType("application/json").body(open1.replace("\"n\":1", "\"n\":5")).put("/v1/ensemble/policies/ens-b")
                .then().statusCode(400).body("field", equalTo("n"));
        given().contentType("application/json").body(open1.replace("\"bandit\":false", "\"bandit\":false,\"x\":1"))
                .put("/v1/ensemble/policies/ens-b").then().statusCode(400).body("field", equalTo("body"));
        given().contentType("application/json").body("null").put("/v1/ensemble/policies/ens-b").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("body"));
        given().get("/v1/ensemble/policies/ens-b/1").then().statusCode(200).body("policy.fail_mode", equalTo("open"));
        given().get("/v1/ensemble/policies/ens-c").then().statusCode(200).body("version", equalTo(0));

        // Ten concurrent publications for one tenant: each gets its own version (they raced for max+1 and 5 got 503).
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
        try {
            List<java.util.concurrent.Future<Integer>> puts = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                puts.add(pool.submit(() -> given().contentType("application/json").body(open1)
                        .put("/v1/ensemble/policies/ens-race").then().extract().statusCode()));
            }
            for (java.util.concurrent.Future<Integer> f : puts) {
                assertThat(f.get()).isEqualTo(201);
            }
        } finally {
            pool.shutdown();
        }
        given().get("/v1/ensemble/policies/ens-race").then().statusCode(200).body("version", equalTo(10));

        try (KafkaProducer<String, byte[]> p = producer(); TopicWatcher out = new TopicWatcher(decisions)) {
            String[] b = submission("ens-b");
            String[] c = submission("ens-c");
            send(p, verified, b, verifiedEvent(b));   // no risk for either: the same situation, different policies
            send(p, verified, c, verifiedEvent(c));
            scorerHandledEverything();
            List<ConsumerRecord<String, String>> got = out.pollUntil(l -> l.size() >= 2, Duration.ofSeconds(30));
            assertThat(payload(got, key(b)).get("decision").asText()).isEqualTo("accept");
            assertThat(payload(got, key(b)).get("policy").asText()).isEqualTo("ens-b@1");
            assertThat(payload(got, key(c)).get("decision").asText()).isEqualTo("escalate");
        }
    }

    @Test
    void policiesDecisionsAndBanditsNeedATokenAndStayWithTheirTenant() {
        given().header("Authorization", "").get("/v1/ensemble/policies/acme").then().statusCode(401)
                .contentType("application/problem+json");
        given().header("Authorization", TestTokens.reader("beta")).get("/v1/ensemble/policies/acme").then()
                .statusCode(403).body("type", org.hamcrest.Matchers.equalTo("urn:fractal-lba:problem:forbidden-tenant"));
        given().header("Authorization", TestTokens.reader("acme")).get("/v1/ensemble/policies/acme").then()
                .statusCode(200);
        given().header("Authorization", TestTokens.reader("beta")).get("/v1/ensemble/decisions/acme/x").then()
                .statusCode(403);
        given().header("Authorization", TestTokens.reader("beta")).get("/v1/ensemble/bandit/acme").then()
                .statusCode(403);
        // Writing a policy, labelling outcomes and training are the operator's, even for the reader's own tenant.
        given().header("Authorization", TestTokens.reader("acme")).contentType("application/json")
                .body("{\"n\":1,\"checks\":[\"recompute\"]}").put("/v1/ensemble/policies/acme").then().statusCode(403)
                .body("type", org.hamcrest.Matchers.equalTo("urn:fractal-lba:problem:forbidden-role"));
        given().header("Authorization", TestTokens.reader("acme")).contentType("application/json")
                .body("{\"tenant\":\"acme\",\"pcs_id\":\"x\",\"label\":1}").post("/v1/ensemble/outcomes").then()
                .statusCode(403);
        given().header("Authorization", TestTokens.bearer(Roles.ANALYST, "*")).post("/v1/ensemble/micro-vote/train")
                .then().statusCode(403);
    }

    @Test
    void poisonGoesToTheDlq() throws Exception {
        try (KafkaProducer<String, byte[]> p = producer(); TopicWatcher dlq = new TopicWatcher(verified + ".dlq")) {
            p.send(new ProducerRecord<>(verified, "x/y", "{not json".getBytes(StandardCharsets.UTF_8))).get();
            p.send(new ProducerRecord<>(verified, "x/z", "{\"payload\":{\"tenant\":\"x\",\"pcs_id\":\"z\"}}"
                    .getBytes(StandardCharsets.UTF_8))).get();
            assertThat(dlq.pollUntil(l -> l.size() >= 2, Duration.ofSeconds(30))).hasSize(2);
        }
        // a risk event without a score must not become a score of 0 (an accept with confidence 1): it is poison
        try (KafkaProducer<String, byte[]> p = producer(); TopicWatcher dlq = new TopicWatcher(risk + ".dlq")) {
            p.send(new ProducerRecord<>(risk, "x/r1", ("{\"type\":\"pcs.risk\",\"payload\":{\"tenant\":\"x\","
                    + "\"pcs_id\":\"r1\",\"interval_low\":0,\"interval_high\":0.1,\"model_version\":\"v1\"}}")
                    .getBytes(StandardCharsets.UTF_8))).get();
            p.send(new ProducerRecord<>(risk, "x/r2", ("{\"type\":\"pcs.risk\",\"payload\":{\"tenant\":\"x\","
                    + "\"pcs_id\":\"r2\",\"score\":\"low\",\"interval_low\":0,\"interval_high\":0.1}}")
                    .getBytes(StandardCharsets.UTF_8))).get();
            assertThat(dlq.pollUntil(l -> l.size() >= 2, Duration.ofSeconds(30))).hasSize(2);
        }
    }

    @Test
    void labelledOutcomesRewardTheBanditOnceAndItsStateIsPersisted() throws Exception {
        String bandit = "{\"n\":2,\"checks\":[\"recompute\",\"hrs\",\"grounding\"],\"weights\":{},\"timeout_ms\":{},"
                + "\"fail_mode\":\"closed\",\"min_confidence\":0.5,\"risk_accept_max\":0.3,\"risk_reject_min\":0.7,"
                + "\"grounding_accept\":0.6,\"grounding_reject\":0.3,\"bandit\":true}";
        given().contentType("application/json").body(bandit).put("/v1/ensemble/policies/ens-d").then().statusCode(201);
        List<String[]> subs = new java.util.ArrayList<>();
        try (KafkaProducer<String, byte[]> p = producer(); TopicWatcher out = new TopicWatcher(decisions)) {
            for (int i = 0; i < 8; i++) {
                String[] s = submission("ens-d");
                subs.add(s);
                send(p, risk, s, riskEvent(s, 0.9, 0.8, 1.0));
                send(p, verified, s, verifiedEvent(s));
            }
            List<ConsumerRecord<String, String>> got = out.pollUntil(l -> l.size() >= 8, Duration.ofSeconds(30));
            assertThat(got).hasSize(8);
            for (String[] s : subs) {
                assertThat(payload(got, key(s)).get("policy").asText()).matches("ens-d@1/n[123]");
            }
        }
        for (String[] s : subs) {
            given().contentType("application/json").body("{\"tenant\":\"ens-d\",\"pcs_id\":\"" + s[1] + "\",\"label\":1}")
                    .post("/v1/ensemble/outcomes").then().statusCode(200).body("counted", equalTo(true));
        }
        given().contentType("application/json").body("{\"tenant\":\"ens-d\",\"pcs_id\":\"" + subs.get(0)[1] + "\",\"label\":1}")
                .post("/v1/ensemble/outcomes").then().statusCode(200).body("counted", equalTo(false)); // once per decision
        given().contentType("application/json").body("{\"tenant\":\"ens-d\",\"pcs_id\":\"x\",\"label\":3}")
                .post("/v1/ensemble/outcomes").then().statusCode(400).body("field", equalTo("label"));
        List<Integer> pulls = given().get("/v1/ensemble/bandit/ens-d").then().statusCode(200).extract().jsonPath().getList("pulls");
        assertThat(pulls.stream().mapToInt(Integer::intValue).sum()).isEqualTo(8);
        // What a restarted process reads back is exactly what was counted.
        List<io.fractallba.ensemble.bandit.ThompsonBandit.Arm> persisted = new EnsembleStore(TestDatabase.dataSource(schema)).arms("ens-d");
        assertThat(persisted.stream().mapToLong(io.fractallba.ensemble.bandit.ThompsonBandit.Arm::pulls).sum()).isEqualTo(8);
        assertThat(persisted).allSatisfy(a -> assertThat(a.alpha() + a.beta()).isEqualTo(2 + a.pulls()));
    }

    @jakarta.inject.Inject
    io.fractallba.ensemble.runtime.EnsembleRuntime runtime;

    @Test
    void aTenantsAnomalyModelIsFittedFromItsHistoryAndVotes() throws Exception {
        try (KafkaProducer<String, byte[]> p = producer(); TopicWatcher out = new TopicWatcher(decisions)) {
            for (int i = 0; i < 25; i++) {
                String[] s = submission("ens-e");
                send(p, risk, s, riskEvent(s, 0.1, 0.0, 0.2));
                send(p, verified, s, verifiedEvent(s));
            }
            assertThat(out.pollUntil(l -> l.size() >= 25, Duration.ofSeconds(30))).hasSize(25);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> runtime.refitAnomalyModels().contains("ens-e")
                || given().get("/v1/ensemble/policies/ens-e").statusCode() == 200 && hasModel("ens-e"));
        String policy = "{\"n\":1,\"checks\":[\"recompute\",\"anomaly\",\"micro_vote\"],\"weights\":{},\"timeout_ms\":{},"
                + "\"fail_mode\":\"closed\",\"min_confidence\":0.5,\"risk_accept_max\":0.3,\"risk_reject_min\":0.7,"
                + "\"grounding_accept\":0.6,\"grounding_reject\":0.3,\"bandit\":false}";
        given().contentType("application/json").body(policy).put("/v1/ensemble/policies/ens-e").then().statusCode(201);
        try (KafkaProducer<String, byte[]> p = producer(); TopicWatcher out = new TopicWatcher(decisions)) {
            String[] s = submission("ens-e");
            send(p, risk, s, riskEvent(s, 0.1, 0.0, 0.2));
            send(p, verified, s, verifiedEvent(s));
            JsonNode d = payload(out.pollUntil(l -> !l.isEmpty(), Duration.ofSeconds(30)), key(s));
            assertThat(vote(d, "anomaly").get("reason").asText()).contains("earlier submissions");
            assertThat(vote(d, "micro_vote").get("verdict").asText()).isEqualTo("not_applicable");
            assertThat(vote(d, "micro_vote").get("reason").asText()).contains("no micro-vote model");
        }
        given().post("/v1/ensemble/micro-vote/train").then().statusCode(422)
                .body("type", equalTo("urn:fractal-lba:problem:not-enough-labels"));
    }

    @Test
    void eachChecksAccuracyOnLabelledDecisionsIsMeasuredAndEarnsItsWeight() throws Exception {
        // 40 labelled decisions of one tenant: hrs always on the label's side, grounding always against it; recompute
        // (the gate) accepted all; the anomaly check did not apply. Stored as the service stores them.
        try (var c = TestDatabase.dataSource(schema).getConnection()) {
            for (int i = 0; i < 40; i++) {
                int label = i % 2;
                String hrs = label == 1 ? "reject" : "accept";
                String grounding = label == 1 ? "accept" : "reject";
                String event = "{\"payload\":{\"votes\":[{\"check\":\"recompute\",\"verdict\":\"accept\"},"
                        + "{\"check\":\"hrs\",\"verdict\":\"" + hrs + "\"},{\"check\":\"grounding\",\"verdict\":\""
                        + grounding + "\"},{\"check\":\"anomaly\",\"verdict\":\"not_applicable\"}]}}";
                try (var ps = c.prepareStatement("INSERT INTO decisions (key, tenant, pcs_id, policy, decision, event, "
                        + "latency_ms) VALUES (?, 'ens-acc', ?, 'ens-acc@0', 'escalate', ?::jsonb, 1)")) {
                    ps.setString(1, "ens-acc/" + i);
                    ps.setString(2, String.valueOf(i));
                    ps.setString(3, event);
                    ps.executeUpdate();
                }
                try (var ps = c.prepareStatement("INSERT INTO outcome_labels (key, tenant, label) VALUES (?, 'ens-acc', ?)")) {
                    ps.setString(1, "ens-acc/" + i);
                    ps.setInt(2, label);
                    ps.executeUpdate();
                }
            }
        }
        var accuracy = given().get("/v1/ensemble/accuracy/ens-acc").then().statusCode(200).extract().jsonPath();
        assertThat(accuracy.<String>getList("checks.check")).containsExactly("grounding", "hrs", "recompute");
        assertThat(accuracy.getInt("checks.find { it.check == 'hrs' }.correct")).isEqualTo(40);
        assertThat(accuracy.getDouble("checks.find { it.check == 'hrs' }.weight")).isCloseTo(Math.log(41.0), within(1e-5));   // JSON read back as float
        assertThat(accuracy.getInt("checks.find { it.check == 'grounding' }.correct")).isZero();
        assertThat(accuracy.getDouble("checks.find { it.check == 'grounding' }.weight")).isEqualTo(0.05);
        assertThat(accuracy.getString("checks.find { it.check == 'recompute' }.weight")).as("the gate earns no weight").isNull();
        // A policy with measured_weights decides a disagreement for the check that has been right.
        var measured = runtime.measuredWeights("ens-acc");
        assertThat(measured).containsOnlyKeys("hrs", "grounding");
        io.fractallba.ensemble.policy.EnsemblePolicy p = new io.fractallba.ensemble.policy.EnsemblePolicy(1,
                List.of("recompute", "hrs", "grounding"), java.util.Map.of(), java.util.Map.of(), "closed", 0.5, 0.3, 0.7, 0.6,
                0.3, false, false, true);
        List<io.fractallba.pcs.event.EnsembleDecision.Vote> split = List.of(
                new io.fractallba.pcs.event.EnsembleDecision.Vote("recompute", "accept", 1, 0, ""),
                new io.fractallba.pcs.event.EnsembleDecision.Vote("hrs", "reject", 1, 0, ""),
                new io.fractallba.pcs.event.EnsembleDecision.Vote("grounding", "accept", 1, 0, ""));
        assertThat(io.fractallba.ensemble.policy.EnsembleAccess.combine(split, p)).as("unweighted: a tie").isEqualTo("escalate");
        assertThat(io.fractallba.ensemble.policy.EnsembleAccess.combine(split, p.withWeights(measured))).isEqualTo("reject");
        // Another tenant's analyst-of-record sees nothing of it.
        given().header("Authorization", io.fractallba.pcs.testing.TestTokens.reader("someone-else"))
                .get("/v1/ensemble/accuracy/ens-acc").then().statusCode(403);
    }

    private static boolean hasModel(String tenant) throws Exception {
        try (var c = TestDatabase.dataSource(schema).getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM anomaly_models WHERE tenant = '" + tenant + "'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    private static JsonNode vote(JsonNode decision, String check) {
        for (JsonNode v : decision.get("votes")) {
            if (v.get("check").asText().equals(check)) {
                return v;
            }
        }
        throw new AssertionError("no vote of " + check);
    }

    private static JsonNode payload(List<ConsumerRecord<String, String>> records, String key) throws Exception {
        for (ConsumerRecord<String, String> r : records) {
            if (key.equals(r.key())) {
                return MAPPER.readTree(r.value()).get("payload");
            }
        }
        throw new AssertionError("no decision for " + key);
    }

    /** {tenant, pcs_id, raw PCS} of a fresh signed submission. */
    private static String[] submission(String tenant) throws Exception {
        byte[] body = W.fresh().body();
        return new String[]{tenant, new PcsParser().parse(body).pcsId(), new String(body, StandardCharsets.UTF_8)};
    }

    private static String[] submissionKeyParts(String[] s) {
        return new String[]{s[0], s[1]};
    }

    private static String key(String[] s) {
        return s[0] + "/" + s[1];
    }

    private static byte[] verifiedEvent(String[] s) throws Exception {
        ObjectNode env = MAPPER.createObjectNode().put("type", "pcs.verified");
        ObjectNode p = env.putObject("payload").put("tenant", s[0]).put("pcs_id", s[1]).put("pcs_raw", s[2]);
        p.putObject("outcome").put("status", 200).put("accepted", true).put("escalated", false);
        return MAPPER.writeValueAsBytes(env);
    }

    private static byte[] riskEvent(String[] s, double score, double low, double high) throws Exception {
        ObjectNode env = MAPPER.createObjectNode().put("type", "pcs.risk");
        env.putObject("payload").put("tenant", s[0]).put("pcs_id", s[1]).put("score", score).put("interval_low", low)
                .put("interval_high", high).put("coverage_target", 0.9).put("model_version", "v1");
        return MAPPER.writeValueAsBytes(env);
    }

    private static void send(KafkaProducer<String, byte[]> p, String topic, String[] s, byte[] value) throws Exception {
        p.send(new ProducerRecord<>(topic, key(s), value)).get();
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.BOOTSTRAP);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }
}
