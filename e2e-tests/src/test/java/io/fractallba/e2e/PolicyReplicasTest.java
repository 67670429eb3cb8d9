package io.fractallba.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.sdk.load.Workloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two verifier replicas (separate processes, one broker): a tenant's policy published and activated through one is
 * what the other decides with, without a restart; a rollback through the other reaches the first; a replica started
 * later reads the history from the start; a replica that cannot read the policy topic answers 503 and is not ready,
 * rather than decide with the built-in policy.
 */
class PolicyReplicasTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @Test
    void aTenantsNewVersionReachesEveryReplicaWithoutRestart() throws Exception {
        String topic = "policy.changes.v1.e2e-" + System.nanoTime();
        String topicProp = "flk.verifier.policies.topic=" + topic;
        Path logs = ServiceProcess.projectRoot().resolve("e2e-tests/target");
        int portA = ServiceProcess.freePort();
        int portB = ServiceProcess.freePort();
        Workloads docs = new Workloads(System.nanoTime());
        String operator = DevIssuer.get().operatorBearer();
        try (ServiceProcess a = ServiceProcess.verifier(portA, tmp.resolve("wal-a"), logs.resolve("policy-a.log"),
                topicProp).start();
             ServiceProcess b = ServiceProcess.verifier(portB, tmp.resolve("wal-b"), logs.resolve("policy-b.log"),
                     topicProp).start()) {
            a.awaitReady(portA, Duration.ofSeconds(120));
            b.awaitReady(portB, Duration.ofSeconds(120));
            assertThat(policyOf(submit(portB, docs))).isEqualTo("default@1");

            String policy = """
                    {"name": "e2e", "version": 1,
                     "rules": [{"name": "everything", "when": "pcs.epoch >= 0", "outcome": "escalate",
                                "reason": "e2e_review", "message": "'escalated by the e2e policy of ' + tenant"}],
                     "default": {"outcome": "accept"}}
                    """;
            assertThat(post(portA, "/v1/policies/default/versions", policy, operator).statusCode()).isEqualTo(201);
            assertThat(post(portA, "/v1/policies/default/active", "{\"policy\":\"e2e@1\"}", operator).statusCode())
                    .isEqualTo(200);

            // B was running all along: it follows the topic within a poll.
            JsonNode onB = awaitPolicy(portB, docs, "e2e@1");
            assertThat(onB.get("reason_code").asText()).isEqualTo("e2e_review");
            assertThat(onB.get("reason").asText()).isEqualTo("escalated by the e2e policy of default");
            assertThat(policyOf(submit(portA, docs))).isEqualTo("e2e@1");

            // A rollback through B reaches A.
            assertThat(post(portB, "/v1/policies/default/rollback", "{\"reason\":\"e2e\"}", operator).statusCode())
                    .isEqualTo(200);
            awaitPolicy(portA, docs, "default@1");

            // A replica started now reads the whole history: activation and rollback, in order.
            int portC = ServiceProcess.freePort();
            try (ServiceProcess c = ServiceProcess.verifier(portC, tmp.resolve("wal-c"), logs.resolve("policy-c.log"),
                    topicProp).start()) {
                c.awaitReady(portC, Duration.ofSeconds(120));
                JsonNode overview = MAPPER.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + portC + "/v1/policies/default"))
                        .header("Authorization", operator).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
                assertThat(overview.get("active").asText()).isEqualTo("default@1");
                assertThat(overview.get("history")).hasSize(2);
                assertThat(overview.get("history").get(0).get("policy").asText()).isEqualTo("e2e@1");
            }
        }
    }

    @Test
    void aReplicaThatCannotReadThePolicyTopicFailsClosed() throws Exception {
        int port = ServiceProcess.freePort();
        Path logs = ServiceProcess.projectRoot().resolve("e2e-tests/target");
        // Nothing listens on the bootstrap address: the catalog can never be loaded.
        try (ServiceProcess v = ServiceProcess.verifier(port, tmp.resolve("wal"), logs.resolve("policy-closed.log"),
                "kafka.bootstrap.servers=127.0.0.1:" + ServiceProcess.freePort()).start()) {
            HttpResponse<String> r = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/pcs/submit"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(new Workloads(1).fresh().body())).build(),
                            HttpResponse.BodyHandlers.ofString());
                    break;
                } catch (java.io.IOException notYetListening) {
                    Thread.sleep(250);
                }
            }
            assertThat(r).as("the verifier never answered").isNotNull();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.body()).contains("urn:fractal-lba:problem:policy-unavailable");
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + ServiceProcess.managementPort(port) + "/q/health/ready")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("policy-catalog");
        }
    }

    private static JsonNode awaitPolicy(int port, Workloads docs, String policy) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = MAPPER.readTree(submit(port, docs).body());
            if (policy.equals(last.path("policy").asText())) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("port " + port + " still decides with " + last + ", not " + policy);
    }

    private static String policyOf(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
        return MAPPER.readTree(r.body()).get("policy").asText();
    }

    private static HttpResponse<String> submit(int port, Workloads docs) throws Exception {
        // The demo workload's HMAC documents are the dev profile's default tenant's (no X-Tenant-Id).
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/pcs/submit"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(docs.fresh().body())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(int port, String path, String body, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
