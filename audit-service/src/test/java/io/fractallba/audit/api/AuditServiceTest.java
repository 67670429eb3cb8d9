package io.fractallba.audit.api;

import io.fractallba.pcs.token.Roles;
import io.fractallba.pcs.testing.TestTokens;
import io.fractallba.audit.support.AuditTestResource;
import io.fractallba.sdk.testing.Cli;
import io.fractallba.pcs.testing.TestDatabase;
import io.fractallba.audit.support.VerifiedEvents;
import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.pcs.event.PcsVerified;
import io.fractallba.pcs.testing.TopicWatcher;
import io.fractallba.pcs.tlog.Checkpoint;
import io.fractallba.pcs.tlog.NoteSigner;
import io.fractallba.pcs.tlog.SignedNote;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * The audit-service end to end on real Kafka and Postgres: events in, one leaf per submission, signed checkpoints,
 * proofs verified by the real {@code pcs audit} CLI, anchors (file, Kafka, witness over HTTP), SIEM export, DLQ,
 * compliance figures, and finally a tampered row found and named.
 */
@QuarkusTest
@QuarkusTestResource(value = AuditTestResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditServiceTest {

    private static final String OPERATOR = io.fractallba.pcs.testing.TestTokens.operator().substring("Bearer ".length());

    @org.junit.jupiter.api.BeforeEach
    void asOperator() {
        io.fractallba.pcs.testing.TestTokens.restAssuredAsOperator();
    }

    private static KafkaProducer<String, byte[]> producer;
    private static final List<EventEnvelope<PcsVerified>> events = new ArrayList<>();
    private static long firstCheckpoint;

    @BeforeAll
    static void producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, AuditTestResource.BOOTSTRAP);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    private static String url() {
        return "http://127.0.0.1:" + AuditTestResource.port;
    }

    private static String key() {
        return AuditTestResource.logKey().verifierKey();
    }

    private static void send(EventEnvelope<PcsVerified> e) throws Exception {
        producer.send(new ProducerRecord<>(AuditTestResource.sourceTopic, e.key(), VerifiedEvents.json(e))).get();
    }

    private static long checkpointSize() {
        var r = given().get("/v1/audit/checkpoint.json");
        return r.statusCode() == 200 ? r.jsonPath().getLong("tree_size") : 0;
    }

    @Test
    @Order(1)
    void eventsBecomeOneLeafEachAndPoisonGoesToTheDlq() throws Exception {
        given().get("/v1/audit/checkpoint").then().statusCode(404).contentType("application/problem+json");
        try (TopicWatcher dlq = new TopicWatcher(AuditTestResource.sourceTopic + ".dlq")) {
            for (int i = 0; i < 4; i++) {
                EventEnvelope<PcsVerified> e = VerifiedEvents.fresh(i % 2 == 0 ? "acme" : "beta");
                events.add(e);
                send(e);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> checkpointSize() == 4);
            firstCheckpoint = 4;
            for (int i = 0; i < 36; i++) {
                EventEnvelope<PcsVerified> e = VerifiedEvents.fresh(i % 2 == 0 ? "acme" : "beta");
                events.add(e);
                send(e);
            }
            send(events.get(7));                                     // redelivered by the verifier's WAL replay
            EventEnvelope<PcsVerified> sameKey = VerifiedEvents.fresh("acme");
            send(new EventEnvelope<>(sameKey.eventId(), sameKey.type(), sameKey.version(), "acme",
                    events.get(8).key(), sameKey.time(), events.get(8).payload()));   // same (tenant, pcs_id), new event
            producer.send(new ProducerRecord<>(AuditTestResource.sourceTopic, "acme/x",
                    "{not json".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(AuditTestResource.sourceTopic, "acme/y",
                    "{\"type\":\"pcs.other\",\"version\":1}".getBytes(StandardCharsets.UTF_8))).get();

            await().atMost(Duration.ofSeconds(30)).until(() -> checkpointSize() == 40);
            List<ConsumerRecord<String, String>> dead = dlq.pollUntil(l -> l.size() >= 2, Duration.ofSeconds(20));
            assertThat(dead).hasSize(2);
            assertThat(dead).allSatisfy(r -> assertThat(r.headers().lastHeader("flk-error")).isNotNull());
            assertThat(new String(dead.get(0).headers().lastHeader("flk-error").value(), StandardCharsets.UTF_8))
                    .isNotBlank();
        }
        Thread.sleep(600);   // a checkpoint interval and more: nothing else may arrive
        assertThat(checkpointSize()).isEqualTo(40);
        given().get("/v1/audit/compliance").then().statusCode(200)
                .body("entries", equalTo(40)).body("tree_size", equalTo(40)).body("index_gaps", equalTo(0))
                .body("entries_by_tenant.acme", equalTo(20)).body("entries_by_tenant.beta", equalTo(20));
        EventEnvelope<PcsVerified> e = events.get(9);
        // Events of several partitions interleave: the log's order is the order the writer saw them.
        long index = given().get("/v1/audit/entries/" + e.payload().tenant() + "/" + e.payload().pcsId()).then()
                .statusCode(200).body("leaf", startsWith("{\"key_id\":\"demo-hmac\"")).extract().jsonPath().getLong("index");
        assertThat(index).isBetween(4L, 39L);
    }

    @Test
    @Order(2)
    void theCliVerifiesCheckpointsProofsAndTheWholeLog() throws Exception {
        Cli.Run cp = Cli.run("audit", "checkpoint", "--url", url(), "--key", key(), "--origin", AuditTestResource.ORIGIN);
        assertThat(cp.exit()).as(cp.out()).isZero();
        assertThat(cp.out()).contains("tree size 40");

        EventEnvelope<PcsVerified> e = events.get(23);
        Cli.Run inc = Cli.run("audit", "inclusion", "--url", url(), "--key", key(), "--token", OPERATOR, "--tenant", e.payload().tenant(),
                "--pcs-id", e.payload().pcsId());
        assertThat(inc.exit()).as(inc.out()).isZero();
        long index = given().get("/v1/audit/entries/" + e.payload().tenant() + "/" + e.payload().pcsId()).jsonPath()
                .getLong("index");
        assertThat(inc.out()).contains("inclusion OK: entry " + index + " ");

        Cli.Run con = Cli.run("audit", "consistency", "--url", url(), "--key", key(), "--first",
                String.valueOf(firstCheckpoint));
        assertThat(con.exit()).as(con.out()).isZero();

        Cli.Run log = Cli.run("audit", "log", "--url", url(), "--key", key(), "--token", OPERATOR);
        assertThat(log.exit()).as(log.out()).isZero();
        assertThat(log.out()).contains("40 leaves recomputed");

        Cli.Run wrongKey = Cli.run("audit", "checkpoint", "--url", url(), "--key",
                AuditTestResource.witnessKey().verifierKey().replace("test-witness", "x"));
        assertThat(wrongKey.exit()).isEqualTo(2);   // the key text no longer matches its key id: bad input
        Cli.Run otherLog = Cli.run("audit", "checkpoint", "--url", url(), "--key",
                new NoteSigner(AuditTestResource.ORIGIN, (byte) 1, new byte[32]).key().verifierKey());
        assertThat(otherLog.exit()).as(otherLog.out()).isEqualTo(1);
        Cli.Run down = Cli.run("audit", "checkpoint", "--url", "http://127.0.0.1:1", "--key", key());
        assertThat(down.exit()).isEqualTo(2);
    }

    @Test
    @Order(3)
    void badRequestsGetProblemDetails() {
        given().get("/v1/audit/entries/99999").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:fractal-lba:problem:not-found"));
        given().get("/v1/audit/proof/inclusion?index=-1").then().statusCode(400).body("field", equalTo("index"));
        given().get("/v1/audit/proof/inclusion?index=3&tree_size=41").then().statusCode(400)
                .body("field", equalTo("tree_size"));
        given().get("/v1/audit/proof/consistency?first=30&second=20").then().statusCode(400);
        given().get("/v1/audit/entries?limit=5000").then().statusCode(400).body("field", equalTo("limit"));
        given().get("/v1/audit/entries?from=abc").then().statusCode(404);
        given().contentType("application/json").body("{\"old_size\":0,\"proof\":[],\"checkpoint\":\"nope\"}")
                .post("/v1/witness/add-checkpoint").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    @Order(3)
    void proofsArePublicAndEntryContentsOnlyForTheirTenant() {
        EventEnvelope<PcsVerified> acme = events.stream().filter(e -> e.payload().tenant().equals("acme")).findFirst()
                .orElseThrow();
        String byKey = "/v1/audit/entries/acme/" + acme.payload().pcsId();
        long index = given().get(byKey).jsonPath().getLong("index");
        // Public: checkpoints, keys, proofs (they carry leaf hashes, never contents).
        given().header("Authorization", "").get("/v1/audit/checkpoint").then().statusCode(200);
        given().header("Authorization", "").get("/v1/audit/proof/inclusion?index=" + index).then().statusCode(200)
                .body("leaf_hash", org.hamcrest.Matchers.notNullValue());
        // Contents: anonymous 401, another tenant's reader 403 by key and 404 by index (the index must not say whose).
        given().header("Authorization", "").get(byKey).then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", TestTokens.reader("beta")).get(byKey).then().statusCode(403);
        given().header("Authorization", TestTokens.reader("beta")).get("/v1/audit/entries/" + index).then()
                .statusCode(404).body("detail", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("acme")));
        given().header("Authorization", TestTokens.reader("acme")).get("/v1/audit/entries/" + index).then()
                .statusCode(200).body("tenant", equalTo("acme"));
        // The whole log and the compliance report (tenant names and volumes) are the operator's.
        given().header("Authorization", TestTokens.reader("acme")).get("/v1/audit/entries").then().statusCode(403);
        given().header("Authorization", TestTokens.reader("acme")).get("/v1/audit/compliance").then().statusCode(403);
        // The CLI's full recompute without a token says why it failed.
        Cli.Run log = Cli.run("audit", "log", "--url", url(), "--key", key(), "--token", "");
        assertThat(log.exit()).isEqualTo(2);
        assertThat(log.err() + log.out()).contains("401");
    }

    @Test
    @Order(4)
    void checkpointsAreAnchoredPublishedAndExported() throws Exception {
        String kafkaAnchor = "kafka:" + AuditTestResource.checkpointTopic;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/v1/audit/compliance").then()
                .body("anchors.'" + kafkaAnchor + "'.last_anchored_tree_size", equalTo(40))
                .body("anchors.file.last_anchored_tree_size", equalTo(40))
                .body("anchors.'witness:self'.last_anchored_tree_size", equalTo(40)));

        List<String> filed = Files.readAllLines(Path.of(AuditTestResource.anchorDir, "checkpoints.ndjson"));
        assertThat(filed).isNotEmpty();
        assertThat(filed.get(filed.size() - 1)).contains("\"tree_size\":40");

        // The witness (this service, over HTTP) cosigned: the stored receipt carries a verifiable cosignature.
        try (var c = TestDatabase.dataSource(AuditTestResource.schema).getConnection();
             var rs = c.createStatement().executeQuery(
                     "SELECT detail FROM anchor_receipts WHERE anchor = 'witness:self' AND tree_size = 40")) {
            assertThat(rs.next()).isTrue();
            SignedNote cosigned = SignedNote.parse(rs.getString(1));
            NoteSigner.verify(cosigned, AuditTestResource.witnessKey());
            NoteSigner.verify(cosigned, AuditTestResource.logKey());
        }

        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(consumerProps())) {
            var parts = consumer.partitionsFor(AuditTestResource.checkpointTopic).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && values.stream().noneMatch(v -> v.contains("\"tree_size\":40"))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            String last = values.stream().filter(v -> v.contains("\"tree_size\":40")).findFirst().orElseThrow();
            String note = RestAssured.given().get("/v1/audit/checkpoint").asString();
            assertThat(last).contains("\"type\":\"audit.checkpoint\"");
            assertThat(Checkpoint.verify(note, AuditTestResource.logKey(), AuditTestResource.ORIGIN).size()).isEqualTo(40);
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(Path.of(AuditTestResource.siemFile))
                && Files.readAllLines(Path.of(AuditTestResource.siemFile)).size() >= 40);
        List<String> siem = Files.readAllLines(Path.of(AuditTestResource.siemFile));
        assertThat(siem).hasSize(40);
        assertThat(siem.get(0)).contains("\"sourcetype\":\"fractal-lba:audit-entry\"").contains("\"index\":0");
    }

    @Test
    @Order(5)
    void aTamperedLeafIsFoundAndNamedWhileTheOlderCheckpointStillVerifies() throws Exception {
        TestDatabase.tamper(TestDatabase.dataSource(AuditTestResource.schema),
                "UPDATE leaves SET leaf = convert_to(replace(convert_from(leaf, 'UTF8'), '\"accepted\":true', "
                        + "'\"accepted\":false'), 'UTF8'), leaf_hash = sha256('\\x00'::bytea || convert_to(replace("
                        + "convert_from(leaf, 'UTF8'), '\"accepted\":true', '\"accepted\":false'), 'UTF8')) WHERE idx = 6");

        Cli.Run log = Cli.run("audit", "log", "--url", url(), "--key", key(), "--token", OPERATOR);
        assertThat(log.exit()).as(log.out()).isEqualTo(1);
        assertThat(log.out()).contains("first bad index: 6");

        Cli.Run old = Cli.run("audit", "consistency", "--url", url(), "--key", key(), "--first", "4");
        assertThat(old.exit()).as("the untouched prefix still proves consistent: " + old.out()).isZero();
        Cli.Run inc = Cli.run("audit", "inclusion", "--url", url(), "--key", key(), "--token", OPERATOR, "--index", "6");
        assertThat(inc.exit()).as(inc.out()).isEqualTo(1);
        Cli.Run fine = Cli.run("audit", "inclusion", "--url", url(), "--key", key(), "--token", OPERATOR, "--index", "2");
        assertThat(fine.exit()).as(fine.out()).isZero();

        given().get("/v1/audit/compliance?verify=true").then().statusCode(200)
                .body("verification.status", equalTo("failed"))
                .body("verification.first_bad_index", equalTo(6))
                .body("verification.checkpoints_verified", equalTo(countCheckpointsUpTo(6)));
    }

    private static int countCheckpointsUpTo(long size) {
        return (int) RestAssured.given().get("/v1/audit/checkpoints?limit=1000").jsonPath().getList("tree_size", Long.class)
                .stream().filter(s -> s <= size).count();
    }

    private static Properties consumerProps() {
        Properties p = new Properties();
        p.put("bootstrap.servers", AuditTestResource.BOOTSTRAP);
        p.put("key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        p.put("value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        return p;
    }

    @Test
    @Order(6)
    void valuesTheDatabaseRefusesAreA400NotAnOutage() {
        // A NUL byte cannot be stored in a PostgreSQL text value (SQLSTATE 22021): a client mistake, the store is up.
        given().urlEncodingEnabled(false).get("/v1/audit/entries/a%00b/x").then().statusCode(400)
                .contentType("application/problem+json").body("type", org.hamcrest.Matchers.equalTo("urn:fractal-lba:problem:invalid-value"));
        given().get("/v1/audit/checkpoint").then().statusCode(200);
    }
}
