package io.fractallba.e2e;

import io.fractallba.e2e.faults.PrivateKafka;
import io.fractallba.sdk.load.PreparedRequest;
import io.fractallba.sdk.load.Workloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka as a secured cluster offers it (TLS and SCRAM-SHA-512 over a SASL_SSL listener), reached by configuration
 * alone ({@code kafka.*} properties, as a deployment's KAFKA_* environment), and the consumers' health: readiness
 * follows the broker connection and the group membership, liveness does not flap with the broker.
 */
class SecuredKafkaTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @TempDir
    Path tmp;

    @Test
    void servicesPublishAndConsumeOverSaslSslAndReadinessFollowsTheBroker() throws Exception {
        String run = Long.toHexString(System.nanoTime());
        Path logs = ServiceProcess.projectRoot().resolve("e2e-tests/target/secured-kafka-" + run);
        Files.createDirectories(logs);
        String schema = "sec_audit_" + run;
        try (PrivateKafka kafka = PrivateKafka.secured(tmp.resolve("kafka"), logs.resolve("kafka.log")).start()) {
            ServiceProcess.createTopics(kafka.bootstrap(), "pcs.verified.v1", "pcs.verified.v1.dlq",
                    "audit.checkpoint.v1", "audit.checkpoint.v1.dlq", "cost.usage.v1", "cost.usage.v1.dlq");
            int auditPort = ServiceProcess.freePort();
            int verifierPort = ServiceProcess.freePort();
            int wrongPort = ServiceProcess.freePort();
            List<String> audit = new ArrayList<>(List.of(kafka.securedClientProps(PrivateKafka.PASSWORD)));
            audit.addAll(List.of("quarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:5432/flk?currentSchema=" + schema,
                    "quarkus.flyway.schemas=" + schema, "quarkus.flyway.default-schema=" + schema,
                    "flk.audit.consumer-group=sec-audit-" + run, "flk.audit.siem.file=",
                    "flk.audit.anchors.file-dir=" + tmp.resolve("anchors"), "flk.consumer-health.ready-within=20s"));
            List<String> wrong = new ArrayList<>(audit);
            wrong.removeIf(p -> p.startsWith("kafka.sasl.jaas.config") || p.startsWith("flk.audit.consumer-group"));
            wrong.addAll(List.of(kafka.securedClientProps("not-the-password")[3], "flk.audit.consumer-group=sec-wrong-" + run));
            try (ServiceProcess auditService = ServiceProcess.service("audit-service", auditPort,
                         logs.resolve("audit-service.log"), audit.toArray(String[]::new)).start();
                 ServiceProcess verifier = ServiceProcess.verifier(verifierPort, tmp.resolve("wal"),
                         logs.resolve("verifier-service.log"), kafka.securedClientProps(PrivateKafka.PASSWORD)).start();
                 ServiceProcess wrongPassword = ServiceProcess.service("audit-service", wrongPort,
                         logs.resolve("audit-wrong-password.log"), wrong.toArray(String[]::new)).start()) {
                // Ready means: connected to the SASL_SSL listener and a member of its consumer group.
                auditService.awaitReady(auditPort, Duration.ofSeconds(180));
                verifier.awaitReady(verifierPort, Duration.ofSeconds(180));
                assertThat(health(auditPort, "ready").body()).contains("kafka-consumers", "partitions");

                // The verifier publishes over TLS + SCRAM, the audit log consumes and appends.
                long before = treeSize(auditPort);
                Workloads workloads = new Workloads(System.nanoTime());
                for (int i = 0; i < 5; i++) {
                    PreparedRequest r = workloads.fresh();
                    HttpResponse<String> resp = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                    + verifierPort + "/v1/pcs/submit")).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(r.body())).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(resp.statusCode()).as(resp.body()).isIn(200, 202);
                }
                await(() -> treeSize(auditPort) >= before + 5, Duration.ofSeconds(60), "5 leaves appended over SASL_SSL");

                // The same service with a wrong SCRAM password never becomes ready, and says why.
                await(() -> answers(wrongPort), Duration.ofSeconds(120), "the wrong-password instance serves health");
                HttpResponse<String> refused = health(wrongPort, "ready");
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(refused.body()).contains("not (or no longer) a member of its consumer group");
                assertThat(Files.readString(logs.resolve("audit-wrong-password.log"))).contains("Authentication failed");

                // Broker gone: not ready (so no traffic is routed here), still alive (no restart loop); back: ready.
                kafka.kill();
                await(() -> health(auditPort, "ready").statusCode() == 503, Duration.ofSeconds(90),
                        "not ready while the broker is down");
                assertThat(health(auditPort, "ready").body()).containsAnyOf("no connection to any broker",
                        "no poll for", "member of its consumer group");
                assertThat(health(auditPort, "live").statusCode()).isEqualTo(200);
                kafka.start();
                await(() -> health(auditPort, "ready").statusCode() == 200, Duration.ofSeconds(120),
                        "ready again once the broker is back");
            }
        }
    }

    private static HttpResponse<String> health(int port, String which) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ServiceProcess.managementPort(port)
                + "/q/health/" + which)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean answers(int port) {
        try {
            health(port, "live");
            return true;
        } catch (Exception notYet) {
            return false;
        }
    }

    private static long treeSize(int auditPort) throws Exception {
        String note = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + auditPort
                + "/v1/audit/checkpoint")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
                .body().trim();
        String[] lines = note.split("\n");
        return lines.length > 1 && lines[1].matches("\\d+") ? Long.parseLong(lines[1]) : -1;
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(Check check, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.holds()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out after " + timeout + ": " + what);
    }
}
