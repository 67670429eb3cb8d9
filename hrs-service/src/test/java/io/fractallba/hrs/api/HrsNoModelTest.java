package io.fractallba.hrs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fractallba.hrs.eval.SyntheticLabelledData;
import io.fractallba.hrs.registry.ModelCard;
import io.fractallba.hrs.registry.ModelRegistry;
import io.fractallba.hrs.registry.RegisteredModel;
import io.fractallba.pcs.event.Topics;
import io.fractallba.pcs.testing.TestDatabase;
import io.fractallba.pcs.testing.TestKafka;
import io.fractallba.pcs.testing.TopicWatcher;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The production default (no synthetic bootstrap, {@code bootstrap-examples} 0): until a model is trained on labels,
 * every event and every synchronous call is answered "no model" — status {@code no_model}, nothing scored or stored
 * as served — while the features are kept, so the labels that arrive can train the first model, which is then served
 * and not marked synthetic.
 */
@QuarkusTest
@QuarkusTestResource(value = HrsNoModelTest.Resource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HrsNoModelTest {

    static String verifiedTopic;
    static String riskTopic;
    static String schema;
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final List<SyntheticLabelledData.Item> ITEMS = new SyntheticLabelledData(41).generate(400);

    @BeforeEach
    void asOperator() {
        io.fractallba.pcs.testing.TestTokens.restAssuredAsOperator();
    }

    public static class Resource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            schema = TestDatabase.freshSchemaName("hrsnm");
            String run = Long.toHexString(System.nanoTime());
            verifiedTopic = "pcs.verified.v1.hrs-nomodel-" + run;
            riskTopic = "pcs.risk.v1.hrs-nomodel-" + run;
            TestKafka.createTopics(List.of(verifiedTopic, verifiedTopic + ".dlq", riskTopic, "cost.usage.v1.hrs-nomodel-" + run));
            Map<String, String> c = new HashMap<>();
            c.put("quarkus.datasource.jdbc.url", TestDatabase.url(schema));
            c.put("quarkus.flyway.schemas", schema);
            c.put("quarkus.flyway.default-schema", schema);
            c.put("flk.hrs.input-topic", verifiedTopic);
            c.put("flk.hrs.risk-topic", riskTopic);
            c.put("flk.hrs.usage-topic", "cost.usage.v1.hrs-nomodel-" + run);
            c.put("flk.hrs.consumer-group", "hrs-nomodel-" + run);
            c.put("flk.hrs.bootstrap-examples", "0");   // what production runs with (the default)
            c.put("flk.hrs.refresh-interval", "1s");    // the check against the registry (30 s by default)
            return c;
        }

        @Override
        public void stop() {
            TestDatabase.drop(schema);
        }
    }

    @Test
    @Order(1)
    void withoutAModelEveryEventAndCallIsAnsweredNoModelAndTheFeaturesAreKept() throws Exception {
        given().get("/v1/hrs/models").then().statusCode(200).body("size()", equalTo(0));
        try (KafkaProducer<String, byte[]> producer = producer(); TopicWatcher risk = new TopicWatcher(riskTopic)) {
            for (SyntheticLabelledData.Item it : ITEMS) {
                producer.send(new ProducerRecord<>(verifiedTopic, key(it), verified(it)));
            }
            producer.flush();
            List<ConsumerRecord<String, String>> events = risk.pollUntil(l -> l.size() >= ITEMS.size(), Duration.ofSeconds(90));
            assertThat(events).hasSize(ITEMS.size());
            for (ConsumerRecord<String, String> r : events) {
                JsonNode p = MAPPER.readTree(r.value()).get("payload");
                assertThat(p.get("status").asText()).isEqualTo("no_model");
                assertThat(p.get("model_version").asText()).isEqualTo("none");
                assertThat(p.get("score").asDouble()).isEqualTo(0.5);
                assertThat(p.get("interval_low").asDouble()).isEqualTo(0.0);
                assertThat(p.get("interval_high").asDouble()).isEqualTo(1.0);
                assertThat(p.get("contributions").size()).isZero();
            }
        }
        assertThat(count("SELECT count(*) FROM features")).isEqualTo(ITEMS.size());
        assertThat(count("SELECT count(*) FROM scores")).as("nothing was served").isZero();
        ObjectNode body = MAPPER.createObjectNode().put("tenant", ITEMS.get(0).tenant());
        body.set("pcs", MAPPER.readTree(ITEMS.get(0).json()));
        given().contentType("application/json").body(body.toString()).post("/v1/hrs/score").then().statusCode(200)
                .body("status", equalTo("no_model")).body("model_version", equalTo("none"));
    }

    @Test
    @Order(2)
    void aModelTrainedOnTheLabelsIsServedAndNotMarkedSynthetic() throws Exception {
        for (SyntheticLabelledData.Item it : ITEMS) {
            given().contentType("application/json").body(String.format("{\"tenant\":\"%s\",\"pcs_id\":\"%s\",\"source\":\"reviewer\","
                    + "\"label\":%d,\"confidence\":1.0}", it.tenant(), it.pcs().pcsId(), it.label())).post("/v1/hrs/labels")
                    .then().statusCode(201).body("trainable", equalTo(true));
        }
        given().queryParam("seed", 3).post("/v1/hrs/train").then().statusCode(201).body("status", equalTo("active"));
        String v = given().get("/v1/hrs/models").jsonPath().getString("[0].version");
        given().get("/v1/hrs/models/" + v).then().statusCode(200).body("synthetic", equalTo(false));
        assertThat(given().get("/v1/hrs/models/" + v + "/card").asString()).doesNotContain("Trained on synthetic data")
                .contains("Columns left out of the fit").contains("coverage label 1");
        ObjectNode body = MAPPER.createObjectNode().put("tenant", ITEMS.get(0).tenant());
        body.set("pcs", MAPPER.readTree(ITEMS.get(0).json()));
        given().contentType("application/json").body(body.toString()).post("/v1/hrs/score").then().statusCode(200)
                .body("status", equalTo("scored")).body("model_version", equalTo(v)).body("synthetic", equalTo(false));
    }

    @Test
    @Order(3)
    void aModelAnotherReplicaRegisteredIsServedWithinOneRefresh() throws Exception {
        // another replica (its own registry over the same database) registers and activates a model
        ModelRegistry other = new ModelRegistry(TestDatabase.dataSource(schema));
        RegisteredModel active = other.active().orElseThrow();
        String v = other.register(active.evaluation(), active.onnx(), "another replica", true, ModelCard::write);
        assertThat(v).isNotEqualTo(active.version());
        assertThat(servedVersionWithin(Duration.ofSeconds(20), v)).as("served by this replica without a restart")
                .isEqualTo(v);
    }

    @Test
    @Order(4)
    void aModelOfTheEarlierFeatureSchemaIsNeitherPromotedNorRolledBackTo() throws Exception {
        String active = activeVersion();
        insertV1Model("v1-old", "retired");
        given().post("/v1/hrs/models/v1-old/promote").then().statusCode(409)
                .contentType(org.hamcrest.Matchers.containsString("application/problem+json"))
                .body("detail", org.hamcrest.Matchers.containsString("hrs-features-v1"));
        sql("UPDATE models SET previous_active = 'v1-old' WHERE status = 'active'");
        given().post("/v1/hrs/models/rollback").then().statusCode(409)
                .contentType(org.hamcrest.Matchers.containsString("application/problem+json"))
                .body("detail", org.hamcrest.Matchers.containsString("hrs-features-v1"));
        assertThat(activeVersion()).as("nothing changed in the registry").isEqualTo(active);
        assertThat(servedVersion()).as("nor in what is served").isEqualTo(active);
        sql("UPDATE models SET previous_active = NULL WHERE status = 'active'");
    }

    @Test
    @Order(5)
    void anActiveModelOfTheEarlierSchemaIsNotServedNorRememberedForRollback() throws Exception {
        // as after an upgrade whose database still has a v1 model active (set by hand here; another replica could)
        sql("UPDATE models SET status = 'retired' WHERE status = 'active'");
        sql("UPDATE models SET status = 'active' WHERE version = 'v1-old'");
        assertThat(servedVersionWithin(Duration.ofSeconds(20), "none")).as("no model of the current schema is active")
                .isEqualTo("none");
        given().queryParam("seed", 5).post("/v1/hrs/train").then().statusCode(201).body("status", equalTo("active"));
        String v = activeVersion();
        assertThat(servedVersion()).isEqualTo(v);
        try (Connection c = TestDatabase.dataSource(schema).getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT previous_active FROM models WHERE status = 'active'")) {
            rs.next();
            assertThat(rs.getString(1)).as("the v1 model it replaced could not be rolled back to").isNull();
        }
        given().post("/v1/hrs/models/rollback").then().statusCode(409);
        assertThat(servedVersion()).isEqualTo(v);
    }

    @Test
    @Order(6)
    void labelsOfSubmissionsStoredUnderV1StillTrainAfterTheUpgrade() throws Exception {
        List<SyntheticLabelledData.Item> old = new SyntheticLabelledData(97).generate(300);
        try (Connection c = TestDatabase.dataSource(schema).getConnection();
             java.sql.PreparedStatement f = c.prepareStatement("INSERT INTO features (tenant, pcs_id, schema_version, vector) "
                     + "VALUES (?, ?, 'hrs-features-v1', ?)");
             java.sql.PreparedStatement l = c.prepareStatement("INSERT INTO labels (tenant, pcs_id, source, label, confidence) "
                     + "VALUES (?, ?, 'reviewer', ?, 1.0)")) {
            for (SyntheticLabelledData.Item it : old) {
                double[] v1 = io.fractallba.hrs.features.FeatureUpgradeTest.v1Vector(it, null);
                Double[] boxed = java.util.Arrays.stream(v1).boxed().toArray(Double[]::new);
                f.setString(1, it.tenant());
                f.setString(2, it.pcs().pcsId());
                f.setArray(3, c.createArrayOf("float8", boxed));
                f.addBatch();
                l.setString(1, it.tenant());
                l.setString(2, it.pcs().pcsId());
                l.setInt(3, it.label());
                l.addBatch();
            }
            f.executeBatch();
            l.executeBatch();
        }
        io.fractallba.hrs.features.FeatureExtractor extractor = new io.fractallba.hrs.features.FeatureExtractor(MAPPER);
        Map<String, double[]> examples = new HashMap<>();
        new io.fractallba.hrs.runtime.HrsStore(TestDatabase.dataSource(schema)).examples()
                .forEach(e -> examples.put(e.key(), e.x()));
        assertThat(examples).hasSize(ITEMS.size() + old.size());
        for (SyntheticLabelledData.Item it : old) {
            assertThat(examples.get(key(it))).as("upgraded to v2").containsExactly(extractor.extract(it.pcs(), it.json(), null));
        }
        given().queryParam("seed", 6).post("/v1/hrs/train").then().statusCode(201);
        String v = given().get("/v1/hrs/models").jsonPath().getString("[0].version");
        given().get("/v1/hrs/models/" + v).then().statusCode(200)
                .body("origin", org.hamcrest.Matchers.containsString("(" + (ITEMS.size() + old.size()) + " with labels)"));
    }

    @Test
    @Order(7)
    void anEvaluationStoredBeforePerLabelCoverageShowsItAsNotMeasured() throws Exception {
        sql("UPDATE models SET evaluation = evaluation #- '{evaluation,coverage_label_0}' #- '{evaluation,coverage_label_1}' "
                + "WHERE version = 'v1-old'");
        given().get("/v1/hrs/models/v1-old").then().statusCode(200)
                .body("evaluation.coverage_label_0", org.hamcrest.Matchers.nullValue())
                .body("evaluation.coverage_label_1", org.hamcrest.Matchers.nullValue());
    }

    /** Copies the active model's row as a model of hrs-features-v1: one column fewer (no regime_mismatch). */
    private static void insertV1Model(String version, String status) throws Exception {
        try (Connection c = TestDatabase.dataSource(schema).getConnection()) {
            String params;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT params::text FROM models WHERE status = 'active'")) {
                rs.next();
                params = rs.getString(1);
            }
            ObjectNode p = (ObjectNode) MAPPER.readTree(params);
            int drop = io.fractallba.hrs.features.FeatureSchema.index("regime_mismatch");
            for (String field : new String[]{"columns", "mean", "std", "weights"}) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) p.get(field)).remove(drop);
            }
            try (java.sql.PreparedStatement s = c.prepareStatement("INSERT INTO models (version, status, feature_schema, seed, "
                    + "data_hash, origin, params, evaluation, onnx, card, previous_active, synthetic) SELECT ?, ?, "
                    + "'hrs-features-v1', seed, data_hash, 'before the upgrade', ?::jsonb, evaluation, onnx, card, NULL, false "
                    + "FROM models WHERE status = 'active'")) {
                s.setString(1, version);
                s.setString(2, status);
                s.setString(3, p.toString());
                assertThat(s.executeUpdate()).isEqualTo(1);
            }
        }
    }

    private static String activeVersion() throws Exception {
        try (Connection c = TestDatabase.dataSource(schema).getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM models WHERE status = 'active'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static String servedVersion() throws Exception {
        ObjectNode body = MAPPER.createObjectNode().put("tenant", ITEMS.get(0).tenant());
        body.set("pcs", MAPPER.readTree(ITEMS.get(0).json()));
        return given().contentType("application/json").body(body.toString()).post("/v1/hrs/score").then().statusCode(200)
                .extract().jsonPath().getString("model_version");
    }

    private static String servedVersionWithin(Duration wait, String expected) throws Exception {
        long until = System.nanoTime() + wait.toNanos();
        String served = servedVersion();
        while (!expected.equals(served) && System.nanoTime() < until) {
            Thread.sleep(250);
            served = servedVersion();
        }
        return served;
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = TestDatabase.dataSource(schema).getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate(statement);
        }
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
