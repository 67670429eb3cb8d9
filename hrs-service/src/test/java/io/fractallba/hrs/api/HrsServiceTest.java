package io.fractallba.hrs.api;

import io.fractallba.pcs.token.Roles;
import io.fractallba.pcs.testing.TestTokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fractallba.hrs.eval.LabelledFeatures;
import io.fractallba.hrs.eval.SyntheticLabelledData;
import io.fractallba.hrs.features.FeatureExtractor;
import io.fractallba.hrs.features.FeatureSchema;
import io.fractallba.ml.Example;
import io.fractallba.ml.OnnxScorer;
import io.fractallba.ml.OnnxWriter;
import io.fractallba.ml.TrainedModel;
import io.fractallba.hrs.registry.ModelCard;
import io.fractallba.hrs.runtime.HrsRuntime;
import io.fractallba.hrs.training.TrainingPipeline;
import io.fractallba.ml.SeededSplit;
import io.fractallba.pcs.event.Topics;
import io.fractallba.pcs.testing.ManagementEndpointsContract;
import io.fractallba.pcs.testing.TestDatabase;
import io.fractallba.pcs.testing.TestKafka;
import io.fractallba.pcs.testing.TopicWatcher;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * The hrs-service on real Kafka and Postgres: a bootstrap model from the synthetic data set, events scored once
 * (redelivery included, poison to the DLQ), synchronous scoring and its errors, labels, training with the promotion
 * rule, rollback, and the ONNX bytes from the registry round-tripping.
 */
@QuarkusTest
@QuarkusTestResource(value = HrsServiceTest.Resource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HrsServiceTest {

    @org.junit.jupiter.api.BeforeEach
    void asOperator() {
        io.fractallba.pcs.testing.TestTokens.restAssuredAsOperator();
    }

    static String verifiedTopic;
    static String riskTopic;
    static String schema;
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final List<SyntheticLabelledData.Item> ITEMS = new SyntheticLabelledData(21).generate(400);

    @Inject
    HrsRuntime hrs;

    public static class Resource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            schema = TestDatabase.freshSchemaName("hrs");
            String run = Long.toHexString(System.nanoTime());
            verifiedTopic = "pcs.verified.v1.hrs-test-" + run;
            riskTopic = "pcs.risk.v1.hrs-test-" + run;
            TestKafka.createTopics(List.of(verifiedTopic, verifiedTopic + ".dlq", riskTopic, "cost.usage.v1.hrs-test-" + run));
            Map<String, String> c = new HashMap<>();
            c.put("quarkus.datasource.jdbc.url", TestDatabase.url(schema));
            c.put("quarkus.flyway.schemas", schema);
            c.put("quarkus.flyway.default-schema", schema);
            c.put("flk.hrs.input-topic", verifiedTopic);
            c.put("flk.hrs.risk-topic", riskTopic);
            c.put("flk.hrs.usage-topic", "cost.usage.v1.hrs-test-" + run);
            c.put("flk.hrs.consumer-group", "hrs-test-" + run);
            c.put("flk.hrs.bootstrap-examples", "1500");
            return c;
        }

        @Override
        public void stop() {
            TestDatabase.drop(schema);
        }
    }

    @Test
    @Order(1)
    void aBootstrapModelFromTheSyntheticDataSetIsActiveWithItsCard() {
        await().atMost(Duration.ofSeconds(120)).until(() -> given().get("/v1/hrs/models").jsonPath().getList("status").contains("active"));
        String v = given().get("/v1/hrs/models").jsonPath().getString("[0].version");
        given().get("/v1/hrs/models/" + v).then().statusCode(200).body("status", equalTo("active"));
        String card = given().get("/v1/hrs/models/" + v + "/card").then().statusCode(200).extract().asString();
        assertThat(card).contains("synthetic labelled data set").contains("Trained on synthetic data").contains("AUROC")
                .contains("single best feature").contains("Columns left out of the fit");
        given().get("/v1/hrs/models/" + v).then().body("synthetic", equalTo(true));
        given().get("/v1/hrs/models/nope").then().statusCode(404).contentType(startsWith("application/problem+json"));
    }

    @Test
    @Order(2)
    void everyVerifiedEventIsScoredOnceEvenWhenRedeliveredAndPoisonGoesToTheDlq() throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer(); TopicWatcher risk = new TopicWatcher(riskTopic);
             TopicWatcher dlq = new TopicWatcher(verifiedTopic + ".dlq")) {
            for (SyntheticLabelledData.Item it : ITEMS) {
                producer.send(new ProducerRecord<>(verifiedTopic, key(it), verified(it)));
            }
            for (SyntheticLabelledData.Item it : ITEMS.subList(0, 50)) { // redelivered
                producer.send(new ProducerRecord<>(verifiedTopic, key(it), verified(it)));
            }
            producer.send(new ProducerRecord<>(verifiedTopic, "x/y", "{not json".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(verifiedTopic, "x/z", "{\"payload\":{\"tenant\":\"x\",\"pcs_id\":\"z\",\"pcs_raw\":\"{}\"}}"
                    .getBytes(StandardCharsets.UTF_8)));
            producer.flush();
            assertThat(dlq.pollUntil(l -> l.size() >= 2, Duration.ofSeconds(60))).hasSize(2);
            List<ConsumerRecord<String, String>> events = risk.pollUntil(l -> l.size() >= 450, Duration.ofSeconds(90));
            risk.settle(Duration.ofSeconds(2));
            Set<String> ids = new HashSet<>();
            for (ConsumerRecord<String, String> r : events) {
                JsonNode env = MAPPER.readTree(r.value());
                ids.add(env.get("event_id").asText());
                JsonNode p = env.get("payload");
                double s = p.get("score").asDouble();
                assertThat(s).isBetween(0.0, 1.0);
                assertThat(p.get("interval_low").asDouble()).isLessThanOrEqualTo(s);
                assertThat(p.get("interval_high").asDouble()).isGreaterThanOrEqualTo(s);
                assertThat(p.get("coverage_target").asDouble()).isEqualTo(0.9, within(1e-9));
                assertThat(p.get("contributions").size()).isPositive();
                assertThat(p.get("status").asText()).isEqualTo("scored");
                assertThat(p.get("synthetic").asBoolean()).as("the bootstrap model is synthetic; every event says so").isTrue();
            }
            assertThat(ids).as("one event id per submission: redeliveries repeat the id").hasSize(ITEMS.size());
        }
        assertThat(count("SELECT count(*) FROM scores")).isEqualTo(ITEMS.size());
        assertThat(count("SELECT count(*) FROM features")).isEqualTo(ITEMS.size());
        assertThat(count("SELECT sum(n) FROM tenant_baselines")).as("a redelivery does not advance a baseline").isEqualTo(ITEMS.size());
    }

    @Test
    @Order(3)
    void synchronousScoringAnswersAndRefusesBadInputWithProblems() throws Exception {
        SyntheticLabelledData.Item it = ITEMS.get(0);
        ObjectNode body = MAPPER.createObjectNode().put("tenant", it.tenant());
        body.set("pcs", MAPPER.readTree(it.json()));
        given().contentType("application/json").body(body.toString()).post("/v1/hrs/score").then().statusCode(200)
                .body("model_version", startsWith("v")).body("status", equalTo("scored")).body("synthetic", equalTo(true));
        given().contentType("application/json").body("{oops").post("/v1/hrs/score").then().statusCode(400)
                .contentType(startsWith("application/problem+json")).body("field", equalTo("body"));
        given().contentType("application/json").body("{\"tenant\":\"t\"}").post("/v1/hrs/score").then().statusCode(400)
                .body("field", equalTo("pcs"));
        ObjectNode broken = body.deepCopy();
        ((ObjectNode) broken.get("pcs")).put("D_hat", "high");
        given().contentType("application/json").body(broken.toString()).post("/v1/hrs/score").then().statusCode(400)
                .body("type", equalTo("urn:fractal-lba:problem:invalid-pcs")).body("field", equalTo("pcs.D_hat"));
        given().contentType("application/json").body("{\"pcs\":{}}").post("/v1/hrs/score").then().statusCode(400)
                .body("field", equalTo("tenant"));
    }

    @Test
    @Order(3)
    void flatteringDeclaredFeaturesNeverLowerAScore() throws Exception {
        int tried = 0;
        int raised = 0;
        for (SyntheticLabelledData.Item it : ITEMS.subList(0, 40)) {
            ObjectNode pcs = (ObjectNode) MAPPER.readTree(it.json());
            pcs.remove("agent_features");
            // What the agent would like to be true: near-certain tokens and a short answer; and the opposite.
            ObjectNode flattering = pcs.deepCopy();
            flattering.putObject("agent_features").put("logprob_mean", 0.0).put("response_tokens", 1);
            ObjectNode unflattering = pcs.deepCopy();
            unflattering.putObject("agent_features").put("logprob_mean", -6.0).put("response_tokens", 100000);
            for (String tenant : List.of("declares-honestly", "ignores-declarations")) {
                double signed = syncScore(tenant, pcs);
                double claimed = syncScore(tenant, flattering);
                double worse = syncScore(tenant, unflattering);
                assertThat(claimed).as("%s: a flattering declaration lowered the score", tenant)
                        .isGreaterThanOrEqualTo(signed);
                if (tenant.equals("ignores-declarations")) {   // the default: declarations count for nothing
                    assertThat(claimed).isEqualTo(signed);
                    assertThat(worse).isEqualTo(signed);
                } else {
                    assertThat(worse).isGreaterThanOrEqualTo(signed);
                    raised += worse > signed ? 1 : 0;
                }
                tried++;
            }
        }
        assertThat(tried).isEqualTo(80);
        assertThat(raised).as("raise-only: an unfavourable declaration can raise a score").isPositive();
    }

    private static double syncScore(String tenant, ObjectNode pcs) {
        ObjectNode body = MAPPER.createObjectNode().put("tenant", tenant);
        body.set("pcs", pcs);
        return given().contentType("application/json").body(body.toString()).post("/v1/hrs/score").then()
                .statusCode(200).extract().jsonPath().getDouble("score");
    }

    @Test
    @Order(3)
    void scoringTenantsThisServiceNeverSawLeavesNothingInMemory() throws Exception {
        java.util.function.Supplier<Double> held = () -> ManagementEndpointsContract.management().get("/q/metrics")
                .asString().lines().filter(l -> l.startsWith("flk_hrs_tenant_baselines")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError("flk_hrs_tenant_baselines is not exported"));
        double before = held.get();
        for (int i = 0; i < 25; i++) {
            ObjectNode body = MAPPER.createObjectNode().put("tenant", "never-seen-" + java.util.UUID.randomUUID());
            body.set("pcs", MAPPER.readTree(ITEMS.get(i).json()));
            given().contentType("application/json").body(body.toString()).post("/v1/hrs/score").then().statusCode(200);
        }
        assertThat(held.get()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void scoresNeedTheTenantsTokenAndModelChangesTheOperators() {
        String body = "{\"tenant\":\"acme\",\"pcs\":{}}";
        given().header("Authorization", "").contentType("application/json").body(body).post("/v1/hrs/score").then()
                .statusCode(401).contentType("application/problem+json");
        given().header("Authorization", TestTokens.reader("beta")).contentType("application/json").body(body)
                .post("/v1/hrs/score").then().statusCode(403)
                .body("type", org.hamcrest.Matchers.equalTo("urn:fractal-lba:problem:forbidden-tenant"));
        given().header("Authorization", TestTokens.reader("acme")).contentType("application/json").body(body)
                .post("/v1/hrs/score").then().statusCode(400);   // in scope: on to validating the (empty) PCS
        for (String path : new String[]{"/v1/hrs/train", "/v1/hrs/models/rollback", "/v1/hrs/models/v1/promote"}) {
            given().header("Authorization", TestTokens.reader("*")).post(path).then().statusCode(403);
        }
        given().header("Authorization", TestTokens.reader("acme")).contentType("application/json")
                .body("{\"tenant\":\"acme\",\"pcs_id\":\"x\",\"source\":\"me\",\"label\":0}").post("/v1/hrs/labels")
                .then().statusCode(403);
        given().header("Authorization", TestTokens.bearer(Roles.AGENT, "acme")).get("/v1/hrs/models").then()
                .statusCode(403);
        given().header("Authorization", TestTokens.reader("acme")).get("/v1/hrs/models").then().statusCode(200);
    }

    @Test
    @Order(4)
    void labelsAreValidatedAndAWorseModelStaysInTheShadow() throws Exception {
        given().contentType("application/json").body("{\"tenant\":\"t\",\"pcs_id\":\"p\",\"source\":\"r\",\"label\":2}")
                .post("/v1/hrs/labels").then().statusCode(400).body("field", equalTo("label"));
        given().contentType("application/json").body("{\"tenant\":\"t\",\"pcs_id\":\"p\",\"source\":\"r\",\"label\":1,\"confidence\":0}")
                .post("/v1/hrs/labels").then().statusCode(400).body("field", equalTo("confidence"));
        given().contentType("application/json").body("{\"tenant\":\"t\",\"pcs_id\":\"p\",\"label\":1}")
                .post("/v1/hrs/labels").then().statusCode(400).body("field", equalTo("source"));
        given().contentType("application/json").body("{\"tenant\":\"t\",\"pcs_id\":\"unknown\",\"source\":\"r\",\"label\":1}")
                .post("/v1/hrs/labels").then().statusCode(201).body("trainable", equalTo(false));
        given().post("/v1/hrs/train").then().statusCode(422).body("type", equalTo("urn:fractal-lba:problem:not-enough-labels"));

        // The rows the candidate learns from carry coin-flip labels; the test rows keep their real ones.
        Random coin = new Random(9);
        for (SyntheticLabelledData.Item it : ITEMS) {
            boolean heldOut = TrainingPipeline.split(5, key(it)) == TrainingPipeline.Split.TEST;
            label(it, heldOut ? it.label() : coin.nextInt(2));
        }
        String before = given().get("/v1/hrs/models").jsonPath().getString("find { it.status == 'active' }.version");
        JsonNode trained = MAPPER.readTree(given().queryParam("seed", 5).post("/v1/hrs/train").then().statusCode(201)
                .extract().asString());
        assertThat(trained.get("status").asText()).isEqualTo("shadow");
        assertThat(trained.get("evaluation").get("auroc").asDouble()).isLessThan(trained.get("active_before").get("auroc").asDouble());
        String shadow = trained.get("version").asText();
        given().post("/v1/hrs/models/" + shadow + "/promote").then().statusCode(409)
                .body("type", equalTo("urn:fractal-lba:problem:refused"));
        assertThat(given().get("/v1/hrs/models").jsonPath().getString("find { it.status == 'active' }.version")).isEqualTo(before);
        given().post("/v1/hrs/models/rollback").then().statusCode(409); // the bootstrap model replaced nothing
    }

    @Test
    @Order(5)
    void aBetterModelIsActivatedAndOneCallRollsBack() throws Exception {
        String before = given().get("/v1/hrs/models").jsonPath().getString("find { it.status == 'active' }.version");
        FeatureExtractor fx = new FeatureExtractor(MAPPER);
        List<Example> data = LabelledFeatures.of(new SyntheticLabelledData(77).generate(2500), fx);
        var candidate = new TrainingPipeline(0.01, 0.1, 200).train(data, 3, null);
        String better = hrs.registry().register(candidate, OnnxWriter.write(candidate.model(), "better"), "test: 2,500 synthetic",
                true, ModelCard::write);
        hrs.reloadModels();
        assertThat(given().get("/v1/hrs/models").jsonPath().getString("find { it.status == 'active' }.version")).isEqualTo(better);
        given().post("/v1/hrs/models/rollback").then().statusCode(200).body("active", equalTo(before));
        assertThat(given().get("/v1/hrs/models/" + better).jsonPath().getString("status")).isEqualTo("retired");
    }

    @Test
    @Order(6)
    void theOnnxBytesFromTheRegistryScoreLikeTheRegisteredModel() throws Exception {
        String v = given().get("/v1/hrs/models").jsonPath().getString("find { it.status == 'active' }.version");
        byte[] onnx = given().get("/v1/hrs/models/" + v + "/onnx").then().statusCode(200).extract().asByteArray();
        TrainedModel m = hrs.registry().get(v).orElseThrow().model();
        List<Example> rows = LabelledFeatures.of(ITEMS.subList(0, 100), new FeatureExtractor(MAPPER));
        try (OnnxScorer scorer = new OnnxScorer(onnx, FeatureSchema.width())) {
            for (Example e : rows) {
                assertThat(scorer.score(e.x()).score()).isCloseTo(m.score(e.x()), within(1e-5));
            }
        }
    }

    @Test
    @Order(7)
    void livelabelsThatBreakAPromotedModelsBoundsRollItBackOnce() throws Exception {
        String before = given().get("/v1/hrs/models").jsonPath().getString("find { it.status == 'active' }.version");
        assertThat(hrs.guardPromotedModel()).as("a model restored by a rollback is not judged").isEmpty();
        FeatureExtractor fx = new FeatureExtractor(MAPPER);
        List<SyntheticLabelledData.Item> trainingItems = new SyntheticLabelledData(78).generate(2500);
        var candidate = new TrainingPipeline(0.01, 0.1, 200).train(LabelledFeatures.of(trainingItems, fx), 4, null,
                LabelledFeatures.declared(trainingItems));
        String promoted = hrs.registry().register(candidate, OnnxWriter.write(candidate.model(), "promoted"),
                "test: 2,500 synthetic", true, ModelCard::write);
        hrs.reloadModels();
        assertThat(hrs.guardPromotedModel()).as("no labels yet: nothing to judge").isEmpty();

        // Live traffic the promoted model scores, labelled truthfully: within its bounds, it stays.
        List<SyntheticLabelledData.Item> live = new SyntheticLabelledData(123).generate(300);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (SyntheticLabelledData.Item it : live) {
                producer.send(new ProducerRecord<>(verifiedTopic, key(it), verified(it)));
            }
        }
        live.forEach(it -> label(it, it.label()));
        await().atMost(Duration.ofSeconds(90)).until(() -> count("SELECT count(*) FROM scores WHERE model_version = '"
                + promoted + "'") == live.size());
        assertThat(hrs.guardPromotedModel()).as("truthful labels keep a sound model").isEmpty();
        assertThat(given().get("/v1/hrs/models").jsonPath().getString("find { it.status == 'active' }.version"))
                .isEqualTo(promoted);

        // The same submissions relabelled the other way round: the model's risky calls are now its false positives.
        live.forEach(it -> label(it, 1 - it.label()));
        hrs.guardPromotedModel(); // the periodic refresh judges too: whichever comes first rolls back, the other finds it done
        await().atMost(Duration.ofSeconds(60)).until(() -> before.equals(
                given().get("/v1/hrs/models").jsonPath().getString("find { it.status == 'active' }.version")));
        given().get("/v1/hrs/models").then().body("find { it.version == '" + promoted + "' }.status", equalTo("retired"))
                .body("find { it.version == '" + promoted + "' }.revertedReason", startsWith("model " + promoted));
        assertThat(meters.find("flk_hrs_auto_rollbacks").counters().stream().mapToDouble(c -> c.count()).sum())
                .as("rolled back exactly once").isEqualTo(1.0);
        assertThat(hrs.guardPromotedModel()).as("the restored model is not judged again").isEmpty();

        // A tenant's reader sees its own tenant's audit row only, and no other tenant's figures in the reason.
        String reader = TestTokens.reader("eval-a");
        String card = given().header("Authorization", reader).get("/v1/hrs/models/" + promoted + "/card").then()
                .statusCode(200).extract().asString();
        assertThat(card).contains("| tenant | eval-a |").doesNotContain("eval-b").doesNotContain("gpt-4o");
        assertThat(given().get("/v1/hrs/models/" + promoted + "/card").asString()).contains("| tenant | eval-b |")
                .contains("| model | gpt-4o |");
        assertThat(given().header("Authorization", reader).get("/v1/hrs/models/" + promoted).jsonPath()
                .getList("groups.group")).containsExactly("eval-a");
        String redacted = given().header("Authorization", reader).get("/v1/hrs/models").jsonPath()
                .getString("find { it.version == '" + promoted + "' }.revertedReason");
        assertThat(redacted).startsWith("rolled back automatically").doesNotContain("eval-");
    }

    @Test
    @Order(8)
    void aModelRestoredByARollbackIsNotJudgedEvenWhenItsLabelsWouldBreach() throws Exception {
        // before -> a -> b, then b rolled back: a is active again, and it did replace a restorable model (before), so
        // only its "restored" mark keeps the guard from judging it.
        FeatureExtractor fx = new FeatureExtractor(MAPPER);
        List<SyntheticLabelledData.Item> items = new SyntheticLabelledData(79).generate(2500);
        var candidate = new TrainingPipeline(0.01, 0.1, 200).train(LabelledFeatures.of(items, fx), 5, null);
        String a = hrs.registry().register(candidate, OnnxWriter.write(candidate.model(), "a"), "test: a", true,
                ModelCard::write);
        String b = hrs.registry().register(candidate, OnnxWriter.write(candidate.model(), "b"), "test: b", true,
                ModelCard::write);
        assertThat(hrs.registry().autoRollback(b, "test: b rolled back")).contains(a);
        hrs.reloadModels();
        assertThat(hrs.registry().get(a).orElseThrow().previousActive()).as("a replaced a restorable model").isNotNull();

        List<SyntheticLabelledData.Item> live = new SyntheticLabelledData(456).generate(300);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (SyntheticLabelledData.Item it : live) {
                producer.send(new ProducerRecord<>(verifiedTopic, key(it), verified(it)));
            }
        }
        live.forEach(it -> label(it, 1 - it.label()));   // labels that broke the promoted model above
        await().atMost(Duration.ofSeconds(90)).until(() -> count("SELECT count(*) FROM scores WHERE model_version = '"
                + a + "'") == live.size());
        assertThat(hrs.registry().judgeable()).isEmpty();
        assertThat(hrs.guardPromotedModel()).isEmpty();
        assertThat(given().get("/v1/hrs/models").jsonPath().getString("find { it.status == 'active' }.version"))
                .isEqualTo(a);
    }

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    private static void label(SyntheticLabelledData.Item it, int label) {
        given().contentType("application/json").body(String.format("{\"tenant\":\"%s\",\"pcs_id\":\"%s\",\"source\":\"reviewer\","
                + "\"label\":%d,\"confidence\":1.0}", it.tenant(), it.pcs().pcsId(), label)).post("/v1/hrs/labels")
                .then().statusCode(201);
    }

    private static String key(SyntheticLabelledData.Item it) {
        return Topics.submissionKey(it.tenant(), it.pcs().pcsId());
    }

    private static byte[] verified(SyntheticLabelledData.Item it) throws Exception {
        ObjectNode env = MAPPER.createObjectNode();
        env.put("event_id", "test-" + key(it));
        env.put("type", "pcs.verified");
        ObjectNode p = env.putObject("payload");
        p.put("tenant", it.tenant());
        p.put("pcs_id", it.pcs().pcsId());
        p.put("received_at", "2026-11-27T00:00:00Z");
        p.put("pcs_raw", new String(it.json(), StandardCharsets.UTF_8));
        return MAPPER.writeValueAsBytes(env);
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.BOOTSTRAP);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    private static long count(String sql) throws Exception {
        try (Connection c = TestDatabase.dataSource(schema).getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
