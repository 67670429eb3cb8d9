package io.fractallba.verifier.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.canonical.SignaturePayload;
import io.fractallba.pcs.crypto.PcsVerifier;
import io.fractallba.pcs.crypto.SignatureAlgorithm;
import io.fractallba.pcs.crypto.PcsIds;
import io.fractallba.pcs.crypto.vrf.VrfSeed;
import io.fractallba.pcs.json.PcsJsonWriter;
import io.fractallba.pcs.json.PcsParser;
import io.fractallba.pcs.model.AgentFaultTolerance;
import io.fractallba.pcs.model.DeclaredUsage;
import io.fractallba.pcs.model.Pcs;
import io.fractallba.pcs.testing.ManagementEndpointsContract;
import io.fractallba.pcs.testing.SignedDocs;
import io.fractallba.pcs.testing.TestTokens;
import io.fractallba.pcs.testing.TopicWatcher;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a tenant's policy does with what a PCS carries beyond its signed signals, against the real broker and Redis:
 * PII in attached text detected, blocked (422, nothing stored) or redacted (only the matches change, the signature
 * still verifies, the event and the stored document carry no value), and VRF-derived seeds (a valid proof accepted,
 * a missing, forged or mismatched one rejected). Versions are unique per run: the policy topic outlives a run.
 */
@QuarkusTest
class AttachmentPolicyTest {

    private static final String OPERATOR = TestTokens.operator();
    private static final int RUN = (int) (System.currentTimeMillis() / 1000 % 1_000_000_000);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The RFC 8032 §7.1 TEST 1 secret key; its public key is the "vrfed" tenant's VRF key in application.properties. */
    private static final byte[] VRF_SECRET = HexFormat.of()
            .parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final String EMAIL = "jane.doe@example.com";
    private static final String CARD = "4111 1111 1111 1111";

    private static ExtractableResponse<Response> policy(String tenant, String path, String body) {
        return given().contentType("application/json").header("Authorization", OPERATOR).body(body)
                .post("/v1/policies/" + tenant + path).then().extract();
    }

    private static void activate(String tenant, String document, String id) {
        ExtractableResponse<Response> published = policy(tenant, "/versions", document);
        assertThat(published.statusCode()).as(published.asString()).isIn(200, 201);
        ExtractableResponse<Response> active = policy(tenant, "/active", "{\"policy\": \"" + id + "\"}");
        assertThat(active.statusCode()).as(active.asString()).isEqualTo(200);
    }

    private static String piiPolicy(String mode, int version) {
        return """
                {"name": "pii-%s", "version": %d,
                 "pii": {"mode": "%s"},
                 "rules": [{"name": "secrets-escalate", "when": "'secret' in pii.kinds", "outcome": "escalate",
                            "reason": "secret_attached"}],
                 "default": {"outcome": "accept"}}
                """.formatted(mode, version, mode);
    }

    private static ExtractableResponse<Response> submit(String tenant, byte[] body) {
        return given().contentType("application/json").header("X-Tenant-Id", tenant).body(body)
                .post("/v1/pcs/submit").then().extract();
    }

    /** A signed PCS with attachments spliced in after its first brace: they are not signed (contract §2). */
    private static byte[] withMembers(byte[] signed, String members) {
        String json = new String(signed, StandardCharsets.UTF_8);
        return ("{" + members + "," + json.substring(1)).getBytes(StandardCharsets.UTF_8);
    }

    private static String attachments(String text) throws Exception {
        return "\"text\":" + MAPPER.writeValueAsString(text)
                + ",\"citations\":[{\"title\":\"Ticket 4411\",\"text\":" + MAPPER.writeValueAsString(
                "customer wrote from " + EMAIL) + "}]";
    }

    @Test
    void blockRefusesWithTheKindsAndPathsAndStoresNothing() throws Exception {
        activate("screened", piiPolicy("block", RUN), "pii-block@" + RUN);
        Pcs pcs = SignedDocs.fresh();
        byte[] signed = SignedDocs.hmac(pcs, "screened-secret");
        try (TopicWatcher watcher = new TopicWatcher("pcs.verified.v1")) {
            ExtractableResponse<Response> r = submit("screened",
                    withMembers(signed, attachments("Card " + CARD + " was charged twice.")));
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(422);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("type")).isEqualTo("urn:fractal-lba:problem:pii-blocked");
            String detail = r.jsonPath().getString("detail");
            assertThat(detail).contains("payment_card at text", "email at citations[0].text", "nothing was stored");
            assertThat(r.asString()).doesNotContain(EMAIL).doesNotContain(CARD);

            // Nothing was stored under the pcs_id: the same PCS without the attachment is decided afresh.
            ExtractableResponse<Response> clean = submit("screened", signed);
            assertThat(clean.statusCode()).as(clean.asString()).isEqualTo(200);
            assertThat(clean.header("Idempotent-Replayed")).isNull();
            String key = "screened/" + pcs.pcsId();
            watcher.pollUntil(s -> s.stream().anyMatch(x -> key.equals(x.key())), Duration.ofSeconds(20));
            watcher.settle(Duration.ofSeconds(1));
            assertThat(watcher.countKey(key)).isEqualTo(1);   // only the clean one was published
        }
    }

    @Test
    void blockLooksEverywhereAnAgentChoosesTheTextAndKeepsAnAnswerGivenBefore() throws Exception {
        // Answered under detect (stored with its e-mail), then the tenant switches to block: the same submission
        // again keeps its answer instead of becoming a 422 (its client was told it was accepted).
        activate("screened", piiPolicy("detect", RUN + 5), "pii-detect@" + (RUN + 5));
        Pcs pcs = SignedDocs.fresh();
        byte[] body = withMembers(SignedDocs.hmac(pcs, "screened-secret"), attachments("plain text"));
        assertThat(submit("screened", body).statusCode()).isEqualTo(200);
        activate("screened", piiPolicy("block", RUN + 6), "pii-block@" + (RUN + 6));
        ExtractableResponse<Response> again = submit("screened", body);
        assertThat(again.statusCode()).as(again.asString()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");

        // The unsigned "version" is free text too (only "not empty" is required of it).
        String signed = new String(SignedDocs.hmac(SignedDocs.fresh(), "screened-secret"), StandardCharsets.UTF_8);
        ExtractableResponse<Response> version = submit("screened", signed.replace("\"version\":\"0.1\"",
                "\"version\":\"0.1 " + EMAIL + "\"").getBytes(StandardCharsets.UTF_8));
        assertThat(version.statusCode()).as(version.asString()).isEqualTo(422);
        assertThat(version.jsonPath().getString("detail")).contains("email at version");
    }

    @Test
    void redactionThatGrowsTheDocumentPastTheBodyLimitIsStillRecorded() throws Exception {
        activate("screened", piiPolicy("redact", RUN + 7), "pii-redact@" + (RUN + 7));
        Pcs pcs = SignedDocs.fresh();
        // ~3,400 addresses of 8 bytes: the body stays under 64 KiB, each becomes the 21 bytes of [REDACTED:ip_address].
        String hosts = "hosts: " + "10.1.2.3 ".repeat(3400);
        byte[] body = withMembers(SignedDocs.hmac(pcs, "screened-secret"), "\"text\":\"" + hosts + "\"");
        assertThat(body.length).isLessThan(65536);
        try (TopicWatcher watcher = new TopicWatcher("pcs.verified.v1")) {
            ExtractableResponse<Response> r = submit("screened", body);
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
            String key = "screened/" + pcs.pcsId();
            var seen = watcher.pollUntil(x -> x.stream().anyMatch(e -> key.equals(e.key())), Duration.ofSeconds(20));
            String raw = MAPPER.readTree(seen.stream().filter(e -> key.equals(e.key())).findFirst().orElseThrow()
                    .value()).get("payload").get("pcs_raw").asText();
            assertThat(raw).doesNotContain("10.1.2.3").hasSizeGreaterThan(65536);
        }
    }

    @Test
    void redactReplacesOnlyTheMatchesAndTheDocumentStillVerifies() throws Exception {
        activate("screened", piiPolicy("redact", RUN + 1), "pii-redact@" + (RUN + 1));
        Pcs pcs = SignedDocs.fresh().withUsage(new DeclaredUsage("gpt-x for " + EMAIL, "summarise", 10L, 5L, null));
        byte[] body = withMembers(SignedDocs.hmac(pcs, "screened-secret"),
                attachments("Refund card " + CARD + " today."));
        try (TopicWatcher watcher = new TopicWatcher("pcs.verified.v1")) {
            ExtractableResponse<Response> r = submit("screened", body);
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
            String key = "screened/" + pcs.pcsId();
            var seen = watcher.pollUntil(s -> s.stream().anyMatch(x -> key.equals(x.key())), Duration.ofSeconds(20));
            JsonNode payload = MAPPER.readTree(seen.stream().filter(x -> key.equals(x.key())).findFirst()
                    .orElseThrow().value()).get("payload");
            String raw = payload.get("pcs_raw").asText();
            assertThat(raw).doesNotContain(EMAIL).doesNotContain(CARD)
                    .contains("Refund card [REDACTED:payment_card] today.")
                    .contains("customer wrote from [REDACTED:email]")
                    .contains("\"model\":\"gpt-x for [REDACTED:email]\"");
            assertThat(payload.get("usage").get("model").asText()).isEqualTo("gpt-x for [REDACTED:email]");
            String original = new String(body, StandardCharsets.UTF_8);
            // Everything but the redacted strings is byte for byte what the agent sent (numbers, order, signature).
            assertThat(raw.replace("[REDACTED:payment_card]", CARD).replace("[REDACTED:email]", EMAIL))
                    .isEqualTo(original);
            Pcs stored = new PcsParser(65536, 64).parse(raw.getBytes(StandardCharsets.UTF_8));
            assertThat(PcsVerifier.of(SignatureAlgorithm.HMAC, "screened-secret".getBytes(StandardCharsets.UTF_8))
                    .verify(SignaturePayload.bytes(stored.signedFields()), stored.sig())).isTrue();
            JsonNode flag = payload.get("pii");
            assertThat(flag.get("mode").asText()).isEqualTo("redact");
            assertThat(flag.toString()).doesNotContain(EMAIL).contains("citations[0].text", "usage.model");
        }
        // A finding in a signed member cannot be redacted without breaking the signature: refused instead.
        Pcs signedPii = shard(EMAIL);
        ExtractableResponse<Response> r = submit("screened", SignedDocs.hmac(signedPii, "screened-secret"));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(422);
        assertThat(r.jsonPath().getString("detail")).contains("email at shard_id", "signed member");
    }

    @Test
    void detectStoresAsReceivedFlagsTheEventAndLetsRulesRead() throws Exception {
        activate("screened", piiPolicy("detect", RUN + 2), "pii-detect@" + (RUN + 2));
        Pcs pcs = SignedDocs.fresh();
        byte[] body = withMembers(SignedDocs.hmac(pcs, "screened-secret"),
                attachments("deploy with AKIAIOSFODNN7EXAMPLE please"));
        try (TopicWatcher watcher = new TopicWatcher("pcs.verified.v1")) {
            ExtractableResponse<Response> r = submit("screened", body);
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);   // the rule escalates on a secret
            assertThat(r.jsonPath().getString("reason_code")).isEqualTo("secret_attached");
            String key = "screened/" + pcs.pcsId();
            var seen = watcher.pollUntil(s -> s.stream().anyMatch(x -> key.equals(x.key())), Duration.ofSeconds(20));
            JsonNode payload = MAPPER.readTree(seen.stream().filter(x -> key.equals(x.key())).findFirst()
                    .orElseThrow().value()).get("payload");
            assertThat(payload.get("pcs_raw").asText().getBytes(StandardCharsets.UTF_8)).isEqualTo(body);
            assertThat(payload.get("pii").get("mode").asText()).isEqualTo("detect");
            List<String> kinds = new java.util.ArrayList<>();
            payload.get("pii").get("findings").forEach(f -> kinds.add(f.get("kind").asText()));
            assertThat(kinds).contains("secret", "email");
        }
        String metrics = ManagementEndpointsContract.management().get("/q/metrics").asString();
        assertThat(metrics).contains("flk_policy_pii_findings_total{action=\"detected\",kind=\"secret\"");
    }

    @Test
    void vrfRequiredAcceptsAProvenSeedAndRejectsTheRest() throws Exception {
        activate("vrfed", """
                {"name": "vrf-seeds", "version": %d, "vrf": {"required": true}, "rules": [],
                 "default": {"outcome": "accept"}}
                """.formatted(RUN), "vrf-seeds@" + RUN);
        String root = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        VrfSeed.Derived d = VrfSeed.derive(VRF_SECRET, root);
        String proof = "\"vrf_proof\":\"" + d.proofBase64() + "\"";

        ExtractableResponse<Response> ok = submit("vrfed", withMembers(vrfSigned(root, d.seed()), proof));
        assertThat(ok.statusCode()).as(ok.asString()).isEqualTo(200);

        String root2 = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        ExtractableResponse<Response> missing = submit("vrfed", vrfSigned(root2, 42L));
        assertThat(missing.statusCode()).isEqualTo(202);
        assertThat(missing.jsonPath().getBoolean("accepted")).isFalse();
        assertThat(missing.jsonPath().getString("reason_code")).isEqualTo("vrf_proof_missing");

        // A seed ground by the agent (not the VRF output) with the proof of the real one.
        String root3 = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        VrfSeed.Derived d3 = VrfSeed.derive(VRF_SECRET, root3);
        ExtractableResponse<Response> ground = submit("vrfed", withMembers(vrfSigned(root3, d3.seed() + 1),
                "\"vrf_proof\":\"" + d3.proofBase64() + "\""));
        assertThat(ground.jsonPath().getString("reason_code")).isEqualTo("vrf_seed_mismatch");

        // The proof of another merkle_root does not prove this one's seed.
        String root4 = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        ExtractableResponse<Response> replayed = submit("vrfed", withMembers(vrfSigned(root4, d.seed()), proof));
        assertThat(replayed.jsonPath().getString("reason_code")).isEqualTo("vrf_proof_invalid");

        String root5 = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        ExtractableResponse<Response> garbage = submit("vrfed", withMembers(vrfSigned(root5, 7L),
                "\"vrf_proof\": 12345"));
        assertThat(garbage.statusCode()).isEqualTo(202);
        assertThat(garbage.jsonPath().getString("reason_code")).isEqualTo("vrf_proof_malformed");
    }

    @Test
    void aReplicatedRecordIsScreenedAgainByThisRegionsPolicy() throws Exception {
        String replicator = TestTokens.bearer(io.fractallba.pcs.token.Roles.REPLICATOR, "*");
        // Blocking here: a record another region kept with an e-mail in it is refused, not stored.
        activate("screened", piiPolicy("block", RUN + 3), "pii-block@" + (RUN + 3));
        Pcs blocked = SignedDocs.fresh();
        byte[] blockedBody = withMembers(SignedDocs.hmac(blocked, "screened-secret"), attachments("plain text"));
        ExtractableResponse<Response> refused = ship(replicator, shipped(blockedBody, piiPolicy("block", RUN + 3)));
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(200);
        assertThat(refused.jsonPath().getString("results[0].result")).isEqualTo("refused");
        assertThat(refused.jsonPath().getString("results[0].reason")).contains("blocks PII", "email at citations[0].text")
                .doesNotContain(EMAIL);

        // Redacting here: this region stores and republishes only the redacted copy.
        String redact = piiPolicy("redact", RUN + 4);
        activate("screened", redact, "pii-redact@" + (RUN + 4));
        Pcs kept = SignedDocs.fresh();
        byte[] keptBody = withMembers(SignedDocs.hmac(kept, "screened-secret"), attachments("plain text"));
        try (TopicWatcher watcher = new TopicWatcher("pcs.verified.v1")) {
            ExtractableResponse<Response> applied = ship(replicator, shipped(keptBody, redact));
            assertThat(applied.jsonPath().getString("results[0].result")).as(applied.asString()).isEqualTo("applied");
            String key = "screened/" + kept.pcsId();
            var seen = watcher.pollUntil(x -> x.stream().anyMatch(r -> key.equals(r.key())), Duration.ofSeconds(20));
            JsonNode payload = MAPPER.readTree(seen.stream().filter(r -> key.equals(r.key())).findFirst()
                    .orElseThrow().value()).get("payload");
            assertThat(payload.get("replicated_from").asText()).isEqualTo("far-away");
            assertThat(payload.get("pcs_raw").asText()).doesNotContain(EMAIL).contains("[REDACTED:email]");
            assertThat(payload.get("pii").get("mode").asText()).isEqualTo("redact");
        }
    }

    /** A batch of one pcs.verified event as region "far-away" would ship it, answered as {@code policy} decides. */
    private static byte[] shipped(byte[] body, String policy) throws Exception {
        Pcs pcs = new PcsParser().parse(body);
        io.fractallba.pcs.decision.Outcome o = new io.fractallba.policy.PolicyCompiler()
                .compile(io.fractallba.policy.PolicyDocuments.parse(policy.getBytes(StandardCharsets.UTF_8)))
                .decide(pcs, "screened");
        String response = new String(io.fractallba.verifier.submit.ResponseBodies.of(o, pcs.pcsId()),
                StandardCharsets.UTF_8);
        String key = "screened/" + pcs.pcsId();
        io.fractallba.pcs.event.PcsVerified p = new io.fractallba.pcs.event.PcsVerified("screened", pcs.pcsId(),
                java.time.Instant.now().toString(), "far-away", new String(body, StandardCharsets.UTF_8),
                new io.fractallba.pcs.event.PcsVerified.VerifiedOutcome(o.httpStatus(), o.accepted(), o.escalated(),
                        null, null, null, null), null, o.policyId(), null, null,
                new io.fractallba.pcs.event.PcsVerified.FirstResponse("wal/far/1", o.httpStatus(), response), null,
                null);
        var event = io.fractallba.pcs.event.EventEnvelope.of(
                io.fractallba.pcs.event.EventEnvelope.deterministicId(io.fractallba.pcs.event.PcsVerified.TYPE, key),
                io.fractallba.pcs.event.PcsVerified.TYPE, io.fractallba.pcs.event.PcsVerified.VERSION, "screened", key,
                java.time.Instant.now(), p);
        return MAPPER.writeValueAsBytes(Map.of("events", List.of(event)));
    }

    private static ExtractableResponse<Response> ship(String auth, byte[] batch) {
        return given().contentType("application/json").header("Authorization", auth)
                .header("X-Content-SHA256", io.fractallba.pcs.crypto.Hashes.sha256Hex(batch)).body(batch)
                .post("/v1/replication/apply").then().extract();
    }

    private static byte[] vrfSigned(String root, long seed) {
        return SignedDocs.hmac(doc(root, "shard-vrf", seed), "vrfed-secret");
    }

    private static Pcs shard(String shard) {
        return doc((UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", ""), shard, 42L);
    }

    /** SignedDocs.fresh()'s signals with a chosen merkle_root, shard and seed. */
    private static Pcs doc(String root, String shard, long seed) {
        return new Pcs(PcsIds.compute(root, 1, shard), Pcs.SCHEMA, "0.1", shard, 1, 1L, null, seed,
                List.of(2L, 4L, 8L, 16L), Map.of("2", 4L, "4", 8L, "8", 16L, "16", 32L), 0.2, List.of(1.0, 0.0, 0.0),
                1.0, 0.5, "mixed", 0.29, root, null, new AgentFaultTolerance(0L, false, List.of(), 0.0), null);
    }
}
