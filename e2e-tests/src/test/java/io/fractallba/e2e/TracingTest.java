package io.fractallba.e2e;

import com.sun.net.httpserver.HttpServer;
import io.fractallba.e2e.faults.PrivateKafka;
import io.fractallba.sdk.load.PreparedRequest;
import io.fractallba.sdk.load.Workloads;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace per submission across the suite (issue 20): the services run with tracing on and export OTLP/HTTP to a
 * receiver in this test; a submission sent with a {@code traceparent} of the test's choosing must yield, in that one
 * trace, the verifier's HTTP span, its PRODUCER span on pcs.verified.v1 (the broker hop), a CONSUMER span of that
 * record in every consumer of the topic, the risk event the hrs-service derived from it consumed by the
 * ensemble-service, and the ensemble's decision event (published later from its database outbox). A span's parent must be in the trace too (no orphaned hop).
 */
class TracingTest {

    private static final Duration STARTUP = Duration.ofSeconds(300);

    @TempDir
    Path tmp;

    record Exported(String service, String traceId, String spanId, String parentSpanId, String name, String kind) {
    }

    @Test
    void oneSubmissionIsOneTraceThroughEveryService() throws Exception {
        List<Exported> spans = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            try (exchange) {
                ExportTraceServiceRequest req = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes());
                for (ResourceSpans rs : req.getResourceSpansList()) {
                    String service = rs.getResource().getAttributesList().stream()
                            .filter(a -> a.getKey().equals("service.name")).map(KeyValue::getValue)
                            .map(v -> v.getStringValue()).findFirst().orElse("?");
                    for (ScopeSpans ss : rs.getScopeSpansList()) {
                        ss.getSpansList().forEach(s -> spans.add(new Exported(service,
                                HexFormat.of().formatHex(s.getTraceId().toByteArray()),
                                HexFormat.of().formatHex(s.getSpanId().toByteArray()),
                                HexFormat.of().formatHex(s.getParentSpanId().toByteArray()), s.getName(),
                                s.getKind().name())));
                    }
                }
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, 0);
            }
        });
        receiver.start();
        String run = Long.toHexString(System.nanoTime());
        Path logs = ServiceProcess.projectRoot().resolve("e2e-tests/target/tracing-" + run);
        java.nio.file.Files.createDirectories(logs);
        List<ServiceProcess> started = new ArrayList<>();
        try (PrivateKafka kafka = new PrivateKafka(tmp.resolve("kafka"), logs.resolve("kafka.log")).start()) {
            ServiceProcess.createTopics(kafka.bootstrap(), "pcs.verified.v1", "pcs.verified.v1.dlq", "audit.checkpoint.v1",
                    "audit.checkpoint.v1.dlq", "cost.usage.v1", "cost.usage.v1.dlq", "cost.budget.v1", "pcs.risk.v1",
                    "pcs.risk.v1.dlq", "pcs.decision.v1");
            String otlp = "http://127.0.0.1:" + receiver.getAddress().getPort();
            List<String> tracing = List.of("quarkus.otel.sdk.disabled=false", "quarkus.otel.exporter.otlp.protocol=http/protobuf",
                    "quarkus.otel.exporter.otlp.endpoint=" + otlp, "quarkus.otel.bsp.schedule.delay=PT0.2S",
                    "kafka.bootstrap.servers=" + kafka.bootstrap());
            String pg = "jdbc:postgresql://127.0.0.1:5432/flk?currentSchema=";
            int vPort = ServiceProcess.freePort();
            for (String service : List.of("dedup", "audit", "cost", "hrs", "ensemble")) {
                String schema = service + "_trace_" + run;
                List<String> props = new ArrayList<>(tracing);
                props.addAll(List.of("quarkus.datasource.jdbc.url=" + pg + schema, "quarkus.flyway.schemas=" + schema,
                        "quarkus.flyway.default-schema=" + schema, "flk." + service + ".consumer-group=trace-" + service + "-" + run));
                switch (service) {
                    case "dedup" -> props.add("flk.dedup.cold-dir=" + tmp.resolve("cold"));
                    case "audit" -> props.addAll(List.of("flk.audit.anchors.file-dir=" + tmp.resolve("anchors"), "flk.audit.siem.file="));
                    case "hrs" -> props.add("flk.hrs.training-interval=0s");
                    case "ensemble" -> props.add("flk.ensemble.scorer-group=trace-hrs-" + run);
                    default -> { }
                }
                int port = ServiceProcess.freePort();
                ServiceProcess p = ServiceProcess.service(service + "-service", port, logs.resolve(service + ".log"),
                        props.toArray(String[]::new)).start();
                started.add(p);
                p.awaitReady(port, STARTUP);
            }
            List<String> verifierProps = new ArrayList<>(tracing);
            ServiceProcess verifier = ServiceProcess.verifier(vPort, tmp.resolve("wal"), logs.resolve("verifier.log"),
                    verifierProps.toArray(String[]::new)).start();
            started.add(verifier);
            verifier.awaitReady(vPort, STARTUP);

            // The agent's own trace: the verifier continues it (W3C traceparent), so the test knows the trace id.
            byte[] id = new byte[16];
            new Random().nextBytes(id);
            String traceId = HexFormat.of().formatHex(id);
            PreparedRequest r = new Workloads(System.nanoTime()).fresh();
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + vPort + "/v1/pcs/submit"))
                    .header("Content-Type", "application/json")
                    .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(r.body()));
            if (r.tenant() != null) {
                b.header("X-Tenant-Id", r.tenant());
            }
            HttpResponse<String> answer = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isIn(200, 202);

            Set<String> expected = Set.of(
                    "verifier-service SERVER", "verifier-service PRODUCER pcs.verified.v1",
                    "dedup-service CONSUMER pcs.verified.v1", "audit-service CONSUMER pcs.verified.v1",
                    "cost-service CONSUMER pcs.verified.v1", "hrs-service CONSUMER pcs.verified.v1",
                    "ensemble-service CONSUMER pcs.verified.v1", "hrs-service PRODUCER pcs.risk.v1",
                    "ensemble-service CONSUMER pcs.risk.v1", "ensemble-service PRODUCER pcs.decision.v1");
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(summary(spans, traceId)).as("spans of trace %s", traceId).containsAll(expected));

            List<Exported> trace = spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
            trace.forEach(s -> System.out.printf("trace %s: %s %s %s (span %s, parent %s)%n", traceId, s.service(),
                    s.kind(), s.name(), s.spanId(), s.parentSpanId()));
            Set<String> ids = trace.stream().map(Exported::spanId).collect(Collectors.toSet());
            for (Exported s : trace) {
                if (s.kind().equals("SPAN_KIND_CONSUMER")) {
                    // The consumer's parent is the producer span that wrote the record: the hop is one edge.
                    Exported parent = trace.stream().filter(p -> p.spanId().equals(s.parentSpanId())).findFirst().orElseThrow(
                            () -> new AssertionError("consumer span " + s + " has no parent in the trace"));
                    assertThat(parent.kind()).as("parent of %s", s).isEqualTo("SPAN_KIND_PRODUCER");
                } else if (!s.parentSpanId().isEmpty() && !s.parentSpanId().equals("00f067aa0ba902b7")) {
                    assertThat(ids).as("parent of %s", s).contains(s.parentSpanId());
                }
            }
        } finally {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).close();
            }
            receiver.stop(0);
        }
    }

    /** "service KIND topic" (or "service KIND" for HTTP) of each span in the trace. */
    private static Set<String> summary(List<Exported> spans, String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).map(s -> {
            String kind = s.kind().replace("SPAN_KIND_", "");
            String topic = java.util.Arrays.stream(s.name().split(" ")).filter(w -> w.startsWith("pcs."))
                    .map(w -> " " + w).findFirst().orElse("");
            return s.service() + " " + kind + topic;
        }).collect(Collectors.toSet());
    }
}
