package io.fractallba.verifier.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fractallba.pcs.crypto.Hashes;
import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.pcs.event.PcsVerified;
import io.fractallba.pcs.testing.SignedDocs;
import io.fractallba.pcs.testing.TopicWatcher;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /v1/replication/apply against the real Redis and Kafka: what a peer region's shipper relies on. */
@QuarkusTest
class ReplicationApplyTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TOKEN = io.fractallba.pcs.testing.TestTokens.bearer(
            io.fractallba.pcs.token.Roles.REPLICATOR, "*");

    /** The first response any region deciding {@code doc} with the default policy answers. */
    private static String decided(byte[] doc) throws Exception {
        io.fractallba.pcs.model.Pcs pcs = new io.fractallba.pcs.json.PcsParser().parse(doc);
        return new String(io.fractallba.verifier.submit.ResponseBodies.of(io.fractallba.pcs.decision.PcsDecider.decide(
                pcs, io.fractallba.pcs.decision.Policy.DEFAULT_V1), pcs.pcsId()), StandardCharsets.UTF_8);
    }

    /** A pcs.verified event as region {@code region} would have published it for {@code body} of {@code tenant}. */
    private static ObjectNode foreignEvent(String tenant, byte[] body, String region, String origin, int status,
                                           String responseBody) throws Exception {
        return foreignEvent(tenant, body, region, origin, status, responseBody, Instant.now(), null);
    }

    private static ObjectNode foreignEvent(String tenant, byte[] body, String region, String origin, int status,
                                           String responseBody, Instant receivedAt, String keyId) throws Exception {
        String pcsId = MAPPER.readTree(body).get("pcs_id").asText();
        String key = tenant + "/" + (keyId == null ? pcsId : keyId);
        PcsVerified p = new PcsVerified(tenant, pcsId, receivedAt.toString(), region,
                new String(body, StandardCharsets.UTF_8), new PcsVerified.VerifiedOutcome(status, true, status != 200,
                null, null, null, null), null, "v1", null, null,
                new PcsVerified.FirstResponse(origin, status, responseBody), null, null);
        return MAPPER.valueToTree(EventEnvelope.of(EventEnvelope.deterministicId(PcsVerified.TYPE, key),
                PcsVerified.TYPE, PcsVerified.VERSION, tenant, key, Instant.now(), p));
    }

    private static ExtractableResponse<Response> ship(String auth, String checksum, byte[] batch) {
        var req = given().contentType("application/json").body(batch);
        if (auth != null) {
            req = req.header("Authorization", auth);
        }
        if (checksum != null) {
            req = req.header("X-Content-SHA256", checksum);
        }
        return req.post("/v1/replication/apply").then().extract();
    }

    private static byte[] batch(JsonNode... events) throws Exception {
        ObjectNode b = MAPPER.createObjectNode();
        ArrayNode a = b.putArray("events");
        for (JsonNode e : events) {
            a.add(e);
        }
        return MAPPER.writeValueAsBytes(b);
    }

    private static List<String> results(ExtractableResponse<Response> r) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return r.jsonPath().getList("results.result", String.class);
    }

    @Test
    void shippedRecordsAreAppliedOnceAndWhatIsHereWins() throws Exception {
        byte[] local = SignedDocs.hmac(SignedDocs.fresh(), "beta-secret");
        byte[] shipped = SignedDocs.hmac(SignedDocs.fresh(), "testsecret");
        String shippedKey = "default/" + MAPPER.readTree(shipped).get("pcs_id").asText();
        String foreignBody = decided(shipped);

        try (TopicWatcher topic = new TopicWatcher("pcs.verified.v1")) {
            ExtractableResponse<Response> mine = given().contentType("application/json").header("X-Tenant-Id", "beta")
                    .body(local).post("/v1/pcs/submit").then().extract();
            assertThat(mine.statusCode()).isEqualTo(200);

            ObjectNode applied = foreignEvent("default", shipped, "eu-west", "wal:7:42", 200, foreignBody);
            ObjectNode sameOutcome = foreignEvent("beta", local, "eu-west", "wal:9:1", 200, mine.asString());
            ObjectNode otherOutcome = foreignEvent("beta", local, "eu-west", "wal:9:2", 202, "{\"status\":\"escalated\"}");
            ObjectNode tampered = applied.deepCopy();
            ObjectNode raw = (ObjectNode) MAPPER.readTree(shipped);
            raw.put("coh_star", 0.9);
            ((ObjectNode) tampered.get("payload")).put("pcs_raw", MAPPER.writeValueAsString(raw));
            ObjectNode stranger = foreignEvent("nobody-here", shipped, "eu-west", "wal:7:43", 200, foreignBody);
            ObjectNode notAnEvent = MAPPER.createObjectNode().put("key", "default/x").put("type", "pcs.other");

            // What a peer might claim but this region re-derives: a forged outcome, an invalid-* key that is not the
            // document's digest, a record claiming this region, a received_at backdated past max-age or in the future.
            byte[] forgedDoc = SignedDocs.hmac(SignedDocs.fresh(), "testsecret");
            ObjectNode forged = foreignEvent("default", forgedDoc, "eu-west", "wal:7:50", 202,
                    decided(forgedDoc).replace("\"escalated\":false", "\"escalated\":true"));
            byte[] replayDoc = SignedDocs.hmac(SignedDocs.fresh(), "testsecret");
            ObjectNode invalidReplay = foreignEvent("default", replayDoc, "eu-west", "wal:7:51", 200, decided(replayDoc),
                    Instant.now(), "invalid-" + Hashes.sha256Hex("another document"));
            byte[] ownDoc = SignedDocs.hmac(SignedDocs.fresh(), "testsecret");
            ObjectNode claimsUs = foreignEvent("default", ownDoc, "local", "wal:7:52", 200, decided(ownDoc));
            byte[] oldDoc = SignedDocs.hmac(SignedDocs.fresh(), "testsecret");
            ObjectNode stale = foreignEvent("default", oldDoc, "eu-west", "wal:7:53", 200, decided(oldDoc),
                    Instant.now().minus(Duration.ofDays(30)), null);
            ObjectNode future = foreignEvent("default", oldDoc, "eu-west", "wal:7:54", 200, decided(oldDoc),
                    Instant.now().plus(Duration.ofHours(1)), null);

            byte[] b = batch(applied, sameOutcome, otherOutcome, tampered, stranger, notAnEvent, forged, invalidReplay,
                    claimsUs, stale, future);
            // Refused as a whole: no token, a wrong token, no or a wrong checksum, a body that is not a batch.
            assertThat(ship(null, Hashes.sha256Hex(b), b).statusCode()).isEqualTo(401);
            assertThat(ship("Bearer guess", Hashes.sha256Hex(b), b).statusCode()).isEqualTo(401);
            assertThat(ship(io.fractallba.pcs.testing.TestTokens.untrusted(io.fractallba.pcs.token.Roles.REPLICATOR, "*"),
                    Hashes.sha256Hex(b), b).statusCode()).isEqualTo(401);
            // A valid token of another role: an operator or a tenant's reader does not ship records.
            assertThat(ship(io.fractallba.pcs.testing.TestTokens.operator(), Hashes.sha256Hex(b), b).statusCode())
                    .isEqualTo(403);
            ExtractableResponse<Response> noSum = ship(TOKEN, null, b);
            assertThat(noSum.statusCode()).isEqualTo(400);
            assertThat(noSum.contentType()).startsWith("application/problem+json");
            assertThat(ship(TOKEN, Hashes.sha256Hex("something else"), b).statusCode()).isEqualTo(400);
            byte[] junk = "{\"events\": 3}".getBytes(StandardCharsets.UTF_8);
            assertThat(ship(TOKEN, Hashes.sha256Hex(junk), junk).statusCode()).isEqualTo(400);
            byte[] nullEvent = "{\"events\":[null]}".getBytes(StandardCharsets.UTF_8); // was a 500
            ExtractableResponse<Response> nulls = ship(TOKEN, Hashes.sha256Hex(nullEvent), nullEvent);
            assertThat(nulls.statusCode()).as(nulls.asString()).isEqualTo(400);
            assertThat(nulls.contentType()).startsWith("application/problem+json");

            ExtractableResponse<Response> r = ship(TOKEN, Hashes.sha256Hex(b), b);
            assertThat(results(r)).containsExactly("applied", "present", "conflict", "refused", "refused", "refused",
                    "conflict", "refused", "refused", "refused", "refused");
            assertThat(r.jsonPath().getInt("results[2].local_status")).isEqualTo(200);
            assertThat(r.jsonPath().getString("results[6].reason")).contains("differs from this region's decision");
            assertThat(r.jsonPath().getString("results[7].reason")).contains("not the one this region derives");
            assertThat(r.jsonPath().getString("results[8].reason")).contains("claims this region");
            assertThat(r.jsonPath().getString("results[9].reason")).contains("max-age");
            // None of the refused or conflicting records was stored: each document is new to this region.
            for (byte[] doc : List.of(forgedDoc, replayDoc, ownDoc, oldDoc)) {
                ExtractableResponse<Response> fresh = given().contentType("application/json").body(doc)
                        .post("/v1/pcs/submit").then().extract();
                assertThat(fresh.header("Idempotent-Replayed")).as("not stored by the apply").isNull();
                assertThat(fresh.asString()).isEqualTo(decided(doc));
            }

            // Shipped again (the shipper did not see the answer): the stored copy is recognised, nothing doubles.
            byte[] again = batch(applied);
            assertThat(results(ship(TOKEN, Hashes.sha256Hex(again), again))).containsExactly("republished");

            // This region now answers the shipped record's first response to a resubmission.
            ExtractableResponse<Response> dup = given().contentType("application/json").body(shipped)
                    .post("/v1/pcs/submit").then().extract();
            assertThat(dup.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(dup.asString()).isEqualTo(foreignBody);

            List<ConsumerRecord<String, String>> seen = topic.pollUntil(l -> l.stream()
                    .filter(x -> shippedKey.equals(x.key())).count() >= 2, Duration.ofSeconds(20));
            List<JsonNode> copies = seen.stream().filter(x -> shippedKey.equals(x.key())).map(x -> {
                try {
                    return MAPPER.readTree(x.value());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            assertThat(copies).hasSize(2).allSatisfy(e -> {
                assertThat(e.at("/payload/replicated_from").asText()).isEqualTo("eu-west");
                assertThat(e.at("/payload/region").asText()).isEqualTo("eu-west");
                assertThat(e.at("/payload/response/origin").asText()).isEqualTo("crr/eu-west/wal:7:42");
                assertThat(e.get("event_id").asText()).isEqualTo(applied.get("event_id").asText());
            });
            topic.settle(Duration.ofSeconds(1));
            String localKey = "beta/" + MAPPER.readTree(local).get("pcs_id").asText();
            assertThat(topic.countKey(localKey)).as("the local record's own event only").isEqualTo(1);
        }
    }
}
