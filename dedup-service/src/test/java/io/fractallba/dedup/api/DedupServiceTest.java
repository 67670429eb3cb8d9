package io.fractallba.dedup.api;

import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.pcs.event.PcsVerified;
import io.fractallba.pcs.event.Topics;
import io.fractallba.pcs.testing.ManagementEndpointsContract;
import io.fractallba.pcs.testing.TestDatabase;
import io.fractallba.pcs.testing.TestKafka;
import io.fractallba.pcs.testing.TestTokens;
import io.fractallba.pcs.token.Roles;
import io.fractallba.pcs.testing.TopicWatcher;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The dedup-service on real Kafka, Postgres and Redis: events in, first write wins, lookups by tier, poison out. */
@QuarkusTest
@QuarkusTestResource(value = DedupServiceTest.Resource.class, restrictToAnnotatedClass = true)
class DedupServiceTest {

    @org.junit.jupiter.api.BeforeEach
    void asOperator() {
        TestTokens.restAssuredAsOperator();
    }

    static String topic;

    public static class Resource implements QuarkusTestResourceLifecycleManager {
        private String schema;

        @Override
        public Map<String, String> start() {
            schema = TestDatabase.freshSchemaName("dedup");
            topic = "pcs.verified.v1.dedup-test-" + Long.toHexString(System.nanoTime());
            TestKafka.createTopics(List.of(topic, topic + ".dlq"));
            Map<String, String> c = new HashMap<>();
            c.put("quarkus.datasource.jdbc.url", TestDatabase.url(schema));
            c.put("quarkus.flyway.schemas", schema);
            c.put("quarkus.flyway.default-schema", schema);
            c.put("flk.dedup.topics", topic);
            c.put("flk.dedup.consumer-group", "dedup-test-" + schema);
            c.put("flk.dedup.cold-dir", "target/cold-" + schema);
            c.put("flk.dedup.housekeeping-interval", "PT0S");
            return c;
        }

        @Override
        public void stop() {
            TestDatabase.drop(schema);
        }
    }

    @Test
    void eventsBecomeFirstWriteWinsRecordsWithTheirTierAndAge() throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.BOOTSTRAP);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        String id = UUID.randomUUID().toString().replace("-", "");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p);
             TopicWatcher dlq = new TopicWatcher(topic + ".dlq")) {
            send(producer, event("acme", id, "w1:1", "{\"status\":\"accepted\",\"n\":1}"));
            send(producer, event("acme", id, "w2:7", "{\"status\":\"accepted\",\"n\":2}"));   // a later writer loses
            send(producer, event("beta", id, "w3:1", "{\"status\":\"escalated\"}"));          // another tenant
            producer.send(new ProducerRecord<>(topic, "acme/bad", "{oops".getBytes(StandardCharsets.UTF_8))).get();
            PcsVerified old = event("acme", "x", "o", "{}").payload();
            producer.send(new ProducerRecord<>(topic, "acme/x", ("{\"type\":\"pcs.verified\",\"version\":1,\"key\":\"acme/x\","
                    + "\"payload\":{\"tenant\":\"acme\",\"pcs_id\":\"x\",\"received_at\":\"" + old.receivedAt() + "\"}}")
                    .getBytes(StandardCharsets.UTF_8))).get();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().get("/v1/dedup/beta/" + id).then().statusCode(200));
            given().get("/v1/dedup/acme/" + id + "?tiers=durable").then().statusCode(200)
                    .body("tier", equalTo("warm")).body("response.origin", equalTo("w1:1"))
                    .body("response.body", equalTo("{\"status\":\"accepted\",\"n\":1}"));
            given().get("/v1/dedup/beta/" + id).then().body("response.status", equalTo(202));
            assertThat(dlq.pollUntil(l -> l.size() >= 2, Duration.ofSeconds(20))).hasSize(2);
        }
        given().get("/v1/dedup/acme/nothing-" + id).then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:fractal-lba:problem:not-found"));
        given().get("/v1/dedup/acme/" + id + "?tiers=cold").then().statusCode(400).body("field", equalTo("tiers"));
        given().get("/v1/dedup/admin/tiers").then().statusCode(200).body("warm", equalTo(2));
        // Only the verifier's lookup after a hot miss (tiers=durable, a service token) is a re-read; the operator's
        // lookups above, durable or not, are not counted into the access models.
        String metricsBefore = ManagementEndpointsContract.management().get("/q/metrics").asString();
        assertThat(metricsBefore).contains("flk_dedup_tiering_reads_total 0.0");
        given().header("Authorization", TestTokens.bearer(Roles.SERVICE, "acme"))
                .get("/v1/dedup/acme/" + id + "?tiers=durable").then().statusCode(200).body("tier", equalTo("warm"));
        // The verifier's lookup was counted into the access models; in the default fixed mode they decide
        // nothing yet: every tenant at the fixed warm age (P3D), no model choice before min-days.
        given().get("/v1/dedup/admin/tiering?refresh=true").then().statusCode(200).body("mode", equalTo("fixed"))
                .body("tenants.acme.warm_age_seconds", equalTo(259200)).body("tenants.acme.predicted", equalTo(false))
                .body("tenants.acme.model_warm_age_seconds", org.hamcrest.Matchers.nullValue());
        // Digests for the crr-shipper (docs/crr.md): bad windows are refused, good ones digest what is stored.
        given().get("/v1/digests").then().statusCode(400).contentType("application/problem+json");
        given().get("/v1/digests?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z").then().statusCode(400)
                .body("field", equalTo("to"));
        given().get("/v1/digests?from=yesterday&to=2026-01-01T00:00:00Z").then().statusCode(400);
        String window = "from=" + Instant.now().minusSeconds(3600) + "&to=" + Instant.now().plusSeconds(60);
        given().get("/v1/digests?" + window).then().statusCode(200).body("tenants.find { it.tenant == 'acme' }.count",
                equalTo(1));
        given().get("/v1/digests/acme/keys?" + window).then().statusCode(200).body("keys[0].pcs_id", equalTo(id))
                .body("truncated", equalTo(false));
        given().get("/v1/digests/acme/keys?limit=0&" + window).then().statusCode(400).body("field", equalTo("limit"));
        String metrics = ManagementEndpointsContract.management().get("/q/metrics").asString();
        assertThat(metrics).contains("flk_dedup_tiering_reads_total 1.0")
                .contains("flk_dedup_tiering_demotion_age_seconds{tenant=\"acme\"} 259200.0");
        assertThat(metrics).contains("flk_dedup_records_stored_total 2.0").contains("flk_dedup_records_duplicate_total 1.0")
                .containsPattern("flk_consumer_poison_total\\{service=\"dedup-service\",topic=\"pcs\\.verified\\.v1[^\"]*\"} 2\\.0");
    }

    @Test
    void everyReadNeedsATokenAndSeesOnlyItsTenants() {
        given().header("Authorization", "").get("/v1/dedup/acme/x").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
        given().header("Authorization", "Bearer not-a-jwt").get("/v1/dedup/acme/x").then().statusCode(401)
                .contentType("application/problem+json");
        given().header("Authorization", TestTokens.untrusted(Roles.OPERATOR, "*")).get("/v1/dedup/admin/tiers").then()
                .statusCode(401);
        given().header("Authorization", TestTokens.reader("beta")).get("/v1/dedup/acme/x").then().statusCode(403)
                .contentType("application/problem+json").body("type", equalTo("urn:fractal-lba:problem:forbidden-tenant"));
        given().header("Authorization", TestTokens.reader("acme")).get("/v1/dedup/acme/never-" + UUID.randomUUID())
                .then().statusCode(404);
        given().header("Authorization", TestTokens.bearer(Roles.AGENT, "acme")).get("/v1/dedup/acme/x").then()
                .statusCode(403).body("type", equalTo("urn:fractal-lba:problem:forbidden-role"));
        given().header("Authorization", TestTokens.reader("*")).post("/v1/dedup/admin/demote").then().statusCode(403);
        given().header("Authorization", TestTokens.reader("acme")).get("/v1/dedup/routing").then().statusCode(403);
        given().header("Authorization", TestTokens.reader("beta")).get("/v1/digests/acme/keys").then().statusCode(403);
    }

    @Test
    void wrongMethodsOnTemplatedPathsDoNotBecomeMetricTags() {
        String marker = "tag-" + UUID.randomUUID();
        for (int i = 0; i < 30; i++) {
            given().put("/v1/dedup/acme/" + marker + "-" + i).then().statusCode(405)
                    .contentType("application/problem+json");
        }
        String metrics = ManagementEndpointsContract.management().get("/q/metrics").asString();
        assertThat(metrics).as("a caller's path is not a metric tag").doesNotContain(marker);
    }

    private static void send(KafkaProducer<String, byte[]> producer, EventEnvelope<PcsVerified> e) throws Exception {
        producer.send(new ProducerRecord<>(topic, e.key(), new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsBytes(e))).get();
    }

    private static EventEnvelope<PcsVerified> event(String tenant, String id, String origin, String body) {
        String key = Topics.submissionKey(tenant, id);
        int status = body.contains("escalated") ? 202 : 200;
        PcsVerified p = new PcsVerified(tenant, id, Instant.now().toString(), "test", "{}",
                new PcsVerified.VerifiedOutcome(status, true, status == 202, null, null, null, null), "k", "default@1",
                new PcsVerified.WalPosition(1, 0), null, new PcsVerified.FirstResponse(origin, status, body), null, null);
        return EventEnvelope.of(UUID.randomUUID().toString(), PcsVerified.TYPE, PcsVerified.VERSION, tenant, key,
                Instant.now(), p);
    }
}
