package io.fractallba.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fractallba.e2e.load.TopicCounter;
import io.fractallba.pcs.event.Topics;
import io.fractallba.sdk.load.PreparedRequest;
import io.fractallba.sdk.load.Workloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security cases through a running verifier (its own process, real Redis and Kafka): tenants sharing key material
 * stay isolated in dedup and events, a replay is answered once, a tampered or expired-key document and unknown or
 * disabled tenants are refused, oversize and malformed bodies get problem+json — and none of the refused ones has
 * any effect on the event stream.
 */
class SecurityCasesTest {

    @TempDir
    Path tmp;

    @Test
    void refusedRequestsHaveNoEffectAndTenantsStayIsolated() throws Exception {
        int port = ServiceProcess.freePort();
        Path log = ServiceProcess.projectRoot().resolve("e2e-tests/target/security-verifier.log");
        ObjectMapper mapper = new ObjectMapper();
        HttpClient http = HttpClient.newHttpClient();
        URI submit = URI.create("http://127.0.0.1:" + port + "/v1/pcs/submit");
        try (ServiceProcess verifier = ServiceProcess.verifier(port, tmp.resolve("wal"), log,
                "flk.verifier.tenants.sec-a.keys.k.alg=hmac", "flk.verifier.tenants.sec-a.keys.k.secret=testsecret",
                "flk.verifier.tenants.sec-b.keys.k.alg=hmac", "flk.verifier.tenants.sec-b.keys.k.secret=testsecret",
                "flk.verifier.tenants.sec-off.enabled=false", "flk.verifier.tenants.sec-off.keys.k.alg=hmac",
                "flk.verifier.tenants.sec-off.keys.k.secret=testsecret",
                "flk.verifier.tenants.sec-old.keys.k.alg=hmac", "flk.verifier.tenants.sec-old.keys.k.secret=testsecret",
                "flk.verifier.tenants.sec-old.keys.k.not-after=2020-01-01T00:00:00Z").start();
             TopicCounter events = new TopicCounter("127.0.0.1:9092", Topics.PCS_VERIFIED)) {
            verifier.awaitReady(port, Duration.ofSeconds(120));
            PreparedRequest doc = new Workloads(System.nanoTime(), "sec-a", Workloads.DEMO_HMAC, "acme",
                    Workloads.DEMO_ED25519_SEED).fresh();
            String pcsId = mapper.readTree(doc.body()).get("pcs_id").asText();

            // The same signed document under two tenants that share key material: two first submissions.
            HttpResponse<String> a = send(http, submit, doc.body(), "sec-a");
            HttpResponse<String> b = send(http, submit, doc.body(), "sec-b");
            assertThat(a.statusCode()).isIn(200, 202);
            assertThat(b.statusCode()).isIn(200, 202);
            assertThat(a.headers().firstValue("Idempotent-Replayed")).isEmpty();
            assertThat(b.headers().firstValue("Idempotent-Replayed")).as("tenant B does not see tenant A's record").isEmpty();

            // A replay is answered once, byte for byte.
            HttpResponse<String> replay = send(http, submit, doc.body(), "sec-a");
            assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
            assertThat(replay.body()).isEqualTo(a.body());

            // Tampered signed field, unknown tenant, disabled tenant, expired key: refused.
            ObjectNode tampered = (ObjectNode) mapper.readTree(doc.body());
            tampered.put("coh_star", tampered.get("coh_star").asDouble() / 2);
            byte[] tamperedBody = mapper.writeValueAsBytes(tampered);
            assertProblem(send(http, submit, tamperedBody, "sec-a"), 401, "bad-signature");
            assertProblem(send(http, submit, doc.body(), "sec-nobody"), 401, "unknown-tenant");
            assertProblem(send(http, submit, doc.body(), "sec-off"), 401, "unknown-tenant");
            assertProblem(send(http, submit, doc.body(), "sec-old"), 401, "bad-signature");

            // Oversize and malformed bodies.
            byte[] big = new byte[70 * 1024];
            java.util.Arrays.fill(big, (byte) ' ');
            big[0] = '{';
            big[big.length - 1] = '}';
            assertProblem(send(http, submit, big, "sec-a"), 413, null);
            assertProblem(send(http, submit, "{\"pcs_id\": ".getBytes(), "sec-a"), 400, null);
            assertProblem(send(http, submit, "[1,2]".getBytes(), "sec-a"), 400, null);

            // Metrics, health and the API description are not on the public port; they are on the management one.
            for (String path : new String[] {"/q/metrics", "/q/health/ready", "/q/openapi"}) {
                assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).as("public " + path).isEqualTo(404);
            }
            assertThat(http.send(HttpRequest.newBuilder(URI.create(ServiceProcess.metricsUrl(port))).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).contains("flk_verifier_requests_total");

            // Exactly the two first submissions reached the event stream: one per tenant, nothing for the refused ones.
            Map<String, Integer> seen = events.collect(2, Duration.ofSeconds(30), Duration.ofSeconds(3));
            assertThat(seen).containsEntry("sec-a/" + pcsId, 1).containsEntry("sec-b/" + pcsId, 1);
            assertThat(seen.keySet()).noneMatch(k -> k.startsWith("sec-nobody/") || k.startsWith("sec-off/")
                    || k.startsWith("sec-old/"));
            assertThat(seen.keySet().stream().filter(k -> k.startsWith("sec-a/") || k.startsWith("sec-b/")))
                    .containsExactlyInAnyOrder("sec-a/" + pcsId, "sec-b/" + pcsId);
        }
    }

    private static void assertProblem(HttpResponse<String> r, int status, String slug) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        if (slug != null) {
            assertThat(r.body()).contains("urn:fractal-lba:problem:" + slug);
        }
    }

    private static HttpResponse<String> send(HttpClient http, URI uri, byte[] body, String tenant) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json").header("X-Tenant-Id", tenant)
                .timeout(Duration.ofSeconds(15)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
