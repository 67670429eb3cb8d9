package io.fractallba.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fractallba.e2e.faults.PrivateKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator against the fabric8 mock API server in CRUD mode (no real API server can run on these machines) and
 * a real ensemble-service: an EnsemblePolicy resource is published as the tenant's policy (status Ready with the
 * service's version and observedGeneration), a spec change publishes the next version, a policy the service refuses
 * shows the service's words in status and publishes nothing, a spec equal to the policy in force publishes nothing
 * (idempotent), and a restarted operator reconciles everything again without publishing a version.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class OperatorTest {

    static KubernetesClient client;

    private static final Duration STARTUP = Duration.ofSeconds(300);
    private static final String NS = "fractal";

    @TempDir
    Path tmp;

    @Test
    void ensemblePoliciesArePublishedThroughTheServiceAndTheirStatusSaysWhatHappened() throws Exception {
        String run = Long.toHexString(System.nanoTime());
        Path logs = ServiceProcess.projectRoot().resolve("e2e-tests/target/operator-" + run);
        Files.createDirectories(logs);
        createCrds();
        int ePort = ServiceProcess.freePort();
        int oPort = ServiceProcess.freePort();
        String schema = "ensemble_operator_" + run;
        try (PrivateKafka kafka = new PrivateKafka(tmp.resolve("kafka"), logs.resolve("kafka.log")).start();
             ServiceProcess ensemble = ServiceProcess.service("ensemble-service", ePort, logs.resolve("ensemble.log"),
                     "kafka.bootstrap.servers=" + kafka.bootstrap(),
                     "quarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:5432/flk?currentSchema=" + schema,
                     "quarkus.flyway.schemas=" + schema, "quarkus.flyway.default-schema=" + schema,
                     "flk.ensemble.consumer-group=operator-ensemble-" + run).start()) {
            ServiceProcess.createTopics(kafka.bootstrap(), "pcs.verified.v1", "pcs.verified.v1.dlq", "pcs.risk.v1",
                    "pcs.risk.v1.dlq", "pcs.decision.v1", "cost.usage.v1");
            ensemble.awaitReady(ePort, STARTUP);
            String[] operatorProps = {"quarkus.kubernetes-client.api-server-url=" + client.getMasterUrl(),
                    "quarkus.kubernetes-client.trust-certs=true", "flk.operator.server-side-apply=false",
                    "flk.operator.namespaces=" + NS,
                    "quarkus.rest-client.ensemble.url=http://127.0.0.1:" + ePort,
                    "quarkus.rest-client.verifier.url=http://127.0.0.1:1"};
            ServiceProcess operator = ServiceProcess.service("operator", oPort, logs.resolve("operator.log"), operatorProps)
                    .start();
            try {
                operator.awaitReady(oPort, STARTUP);
                var policies = policies();

                // Created: published as version 1 of acme's policy.
                policies.resource(policy("acme-ensemble", "acme", 1)).create();
                awaitStatus("acme-ensemble", 1, "True", 1);
                Map<String, Object> inForce = servicePolicy(ePort, "acme");
                assertThat(inForce.get("version")).isEqualTo(1);
                assertThat(((Map<?, ?>) inForce.get("policy")).get("n")).isEqualTo(1);

                // Changed: the next version.
                policies.withName("acme-ensemble").edit(r -> spec(r, "n", 2));
                awaitStatus("acme-ensemble", 2, "True", 2);
                assertThat(servicePolicy(ePort, "acme").get("version")).isEqualTo(2);

                // A second resource for the same tenant: refused (Conflict, naming the holder), nothing published.
                policies.resource(policy("acme-duplicate", "acme", 1)).create();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    GenericKubernetesResource d = policies.withName("acme-duplicate").get();
                    assertThat(d.getAdditionalProperties().get("status")).isNotNull();
                    assertThat(condition(d).get("reason")).isEqualTo("Conflict");
                    assertThat((String) condition(d).get("message")).contains("EnsemblePolicy " + NS + "/acme-ensemble");
                });
                assertThat(servicePolicy(ePort, "acme").get("version")).isEqualTo(2);
                policies.withName("acme-duplicate").delete();
                // A resource in a namespace the operator does not watch is never reconciled.
                client.genericKubernetesResources("fractal-lba.io/v1alpha1", "EnsemblePolicy").inNamespace("elsewhere")
                        .resource(policy("elsewhere", "acme-elsewhere", "acme", 1)).create();

                // Refused by the service (N above the voting checks: a rule the CRD cannot know): its words in status.
                policies.withName("acme-ensemble").edit(r -> spec(r, "n", 3));
                GenericKubernetesResource refused = awaitStatus("acme-ensemble", 3, "False", 2);
                assertThat(condition(refused).get("reason")).isEqualTo("Invalid");
                assertThat((String) condition(refused).get("message")).contains("refused").contains("voting checks");
                assertThat(servicePolicy(ePort, "acme").get("version")).isEqualTo(2);

                // Back to what is in force: nothing published (idempotent), Ready again at version 2.
                policies.withName("acme-ensemble").edit(r -> spec(r, "n", 2));
                awaitStatus("acme-ensemble", 4, "True", 2);
                assertThat(servicePolicy(ePort, "acme").get("version")).isEqualTo(2);

                // A restarted operator reconciles every resource again and publishes nothing.
                operator.close();
                operator = ServiceProcess.service("operator", oPort, logs.resolve("operator-2.log"), operatorProps).start();
                operator.awaitReady(oPort, STARTUP);
                await().atMost(Duration.ofSeconds(60)).until(() -> metric(oPort, "outcome=\"unchanged\"") >= 1);
                assertThat(metric(oPort, "outcome=\"published\"")).isZero();
                assertThat(servicePolicy(ePort, "acme").get("version")).isEqualTo(2);
                assertThat(client.genericKubernetesResources("fractal-lba.io/v1alpha1", "EnsemblePolicy")
                        .inNamespace("elsewhere").withName("acme-elsewhere").get().getAdditionalProperties().get("status"))
                        .as("not watched: no status").isNull();
            } finally {
                operator.close();
            }
        }
    }

    @Test
    void verificationPoliciesArePublishedAndActivatedAndARefusalIsShownWithTheVerifiersWords() throws Exception {
        String run = Long.toHexString(System.nanoTime());
        Path logs = ServiceProcess.projectRoot().resolve("e2e-tests/target/operator-verifier-" + run);
        Files.createDirectories(logs);
        createCrds();
        int vPort = ServiceProcess.freePort();
        int oPort = ServiceProcess.freePort();
        try (PrivateKafka kafka = new PrivateKafka(tmp.resolve("kafka"), logs.resolve("kafka.log")).start()) {
            ServiceProcess.createTopics(kafka.bootstrap(), "pcs.verified.v1", "policy.changes.v1");
            try (ServiceProcess verifier = ServiceProcess.verifier(vPort, tmp.resolve("wal"), logs.resolve("verifier.log"),
                    "kafka.bootstrap.servers=" + kafka.bootstrap()).start()) {
                verifier.awaitReady(vPort, STARTUP);
                String[] operatorProps = {"quarkus.kubernetes-client.api-server-url=" + client.getMasterUrl(),
                        "quarkus.kubernetes-client.trust-certs=true", "flk.operator.server-side-apply=false",
                    "flk.operator.namespaces=" + NS,
                        "quarkus.rest-client.verifier.url=http://127.0.0.1:" + vPort,
                        "quarkus.rest-client.ensemble.url=http://127.0.0.1:1"};
                ServiceProcess operator = ServiceProcess.service("operator", oPort, logs.resolve("operator.log"),
                        operatorProps).start();
                try {
                    operator.awaitReady(oPort, STARTUP);
                    var policies = verificationPolicies();

                    // Published and activated: acme's submissions are decided by it (every one escalated here).
                    policies.resource(verificationPolicy("acme-strict", 1, "pcs.coh_star > -1.0")).create();
                    GenericKubernetesResource ready = awaitVerification("acme-strict", 1, "True");
                    assertThat(status(ready).get("active")).isEqualTo("strict@1");
                    assertThat(policyOverview(vPort).get("active")).isEqualTo("strict@1");
                    var submission = new io.fractallba.sdk.load.Workloads(System.nanoTime()).freshEd25519();
                    HttpResponse<String> decided = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + vPort + "/v1/pcs/submit"))
                            .header("Content-Type", "application/json").header("X-Tenant-Id", submission.tenant())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(submission.body())).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(decided.statusCode()).as(decided.body()).isEqualTo(202);
                    assertThat(decided.body()).contains("strict@1").contains("operator_escalation");

                    // A rule that does not type-check: the verifier's problem (rule, line, column) in status.
                    policies.withName("acme-strict").edit(r -> verificationSpec(r, 2, "pcs.no_such_signal > 1"));
                    GenericKubernetesResource invalid = awaitVerification("acme-strict", 2, "False");
                    assertThat(condition(invalid).get("reason")).isEqualTo("Invalid");
                    assertThat((String) condition(invalid).get("message")).contains("strict@2").contains("everything")
                            .contains("no_such_signal");
                    assertThat(policyOverview(vPort).get("active")).isEqualTo("strict@1");

                    // Version 1 again with other rules: published versions are immutable, the verifier says so.
                    policies.withName("acme-strict").edit(r -> verificationSpec(r, 1, "pcs.coh_star < 2.0"));
                    GenericKubernetesResource conflict = awaitVerification("acme-strict", 3, "False");
                    assertThat((String) condition(conflict).get("message")).contains("409");

                    // Fixed as version 2: published and active.
                    policies.withName("acme-strict").edit(r -> verificationSpec(r, 2, "pcs.coh_star < 2.0"));
                    assertThat(status(awaitVerification("acme-strict", 4, "True")).get("active")).isEqualTo("strict@2");
                    int history = ((List<?>) policyOverview(vPort).get("history")).size();

                    // A restarted operator publishes and activates nothing: the history does not grow.
                    operator.close();
                    operator = ServiceProcess.service("operator", oPort, logs.resolve("operator-2.log"), operatorProps)
                            .start();
                    operator.awaitReady(oPort, STARTUP);
                    await().atMost(Duration.ofSeconds(60)).until(() ->
                            metric(oPort, "VerificationPolicy", "outcome=\"unchanged\"") >= 1);
                    assertThat(metric(oPort, "VerificationPolicy", "outcome=\"published\"")).isZero();
                    assertThat(((List<?>) policyOverview(vPort).get("history")).size()).isEqualTo(history);
                    assertThat(policyOverview(vPort).get("active")).isEqualTo("strict@2");
                } finally {
                    operator.close();
                }
            }
        }
    }

    private static void createCrds() throws Exception {
        for (String plural : List.of("ensemblepolicies", "verificationpolicies")) {
            Path crdFile = ServiceProcess.projectRoot().resolve(
                    "operator/target/classes/META-INF/fabric8/" + plural + ".fractal-lba.io-v1.yml");
            try (InputStream in = Files.newInputStream(crdFile)) {
                CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                if (client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName()).get() == null) {
                    client.apiextensions().v1().customResourceDefinitions().resource(crd).create(); // one server per class
                }
            }
        }
    }

    private static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> verificationPolicies() {
        return client.genericKubernetesResources("fractal-lba.io/v1alpha1", "VerificationPolicy").inNamespace(NS);
    }

    /** acme's policy "strict": one rule escalating everything {@code when} says, the rest accepted. */
    private static GenericKubernetesResource verificationPolicy(String name, int version, String when) {
        return new GenericKubernetesResourceBuilder().withApiVersion("fractal-lba.io/v1alpha1")
                .withKind("VerificationPolicy").withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withAdditionalProperties(Map.of("spec", verificationSpecOf(version, when))).build();
    }

    private static Map<String, Object> verificationSpecOf(int version, String when) {
        return Map.of("tenant", "acme", "name", "strict", "version", version,
                "rules", List.of(Map.of("name", "everything", "when", when, "outcome", "escalate",
                        "reason", "operator_escalation")),
                "default", Map.of("outcome", "accept"));
    }

    private static GenericKubernetesResource verificationSpec(GenericKubernetesResource r, int version, String when) {
        r.getAdditionalProperties().put("spec", verificationSpecOf(version, when));
        return r;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("status");
    }

    private static GenericKubernetesResource awaitVerification(String name, long generation, String ready) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            GenericKubernetesResource r = verificationPolicies().withName(name).get();
            assertThat(r.getMetadata().getGeneration()).isEqualTo(generation);
            Map<String, Object> status = status(r);
            assertThat(status).as("status of %s", name).isNotNull();
            assertThat(((Number) status.get("observedGeneration")).longValue()).isEqualTo(generation);
            assertThat(condition(r).get("status")).as("Ready of %s: %s", name, condition(r)).isEqualTo(ready);
        });
        return verificationPolicies().withName(name).get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> policyOverview(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/policies/acme"))
                .header("Authorization", DevIssuer.get().operatorBearer()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readValue(r.body(), Map.class);
    }

    private static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> policies() {
        return client.genericKubernetesResources("fractal-lba.io/v1alpha1", "EnsemblePolicy").inNamespace(NS);
    }

    private static GenericKubernetesResource policy(String name, String tenant, int n) {
        return policy(NS, name, tenant, n);
    }

    private static GenericKubernetesResource policy(String namespace, String name, String tenant, int n) {
        return new GenericKubernetesResourceBuilder().withApiVersion("fractal-lba.io/v1alpha1").withKind("EnsemblePolicy")
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("tenant", tenant, "n", n,
                        "checks", List.of("recompute", "hrs", "grounding"))))
                .build();
    }

    @SuppressWarnings("unchecked")
    private static GenericKubernetesResource spec(GenericKubernetesResource r, String field, Object value) {
        Map<String, Object> spec = new java.util.HashMap<>((Map<String, Object>) r.getAdditionalProperties().get("spec"));
        spec.put(field, value);
        r.getAdditionalProperties().put("spec", spec);
        return r;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> condition(GenericKubernetesResource r) {
        Map<String, Object> status = (Map<String, Object>) r.getAdditionalProperties().get("status");
        return ((List<Map<String, Object>>) status.get("conditions")).get(0);
    }

    /** Waits until the resource's status says it acted on {@code generation} with Ready {@code ready}. */
    @SuppressWarnings("unchecked")
    private static GenericKubernetesResource awaitStatus(String name, long generation, String ready, int version) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            GenericKubernetesResource r = policies().withName(name).get();
            assertThat(r.getMetadata().getGeneration()).isEqualTo(generation);
            Map<String, Object> status = (Map<String, Object>) r.getAdditionalProperties().get("status");
            assertThat(status).as("status of %s", name).isNotNull();
            assertThat(((Number) status.get("observedGeneration")).longValue()).isEqualTo(generation);
            assertThat(condition(r).get("status")).as("Ready of %s: %s", name, condition(r)).isEqualTo(ready);
            assertThat(((Number) status.get("publishedVersion")).intValue()).isEqualTo(version);
        });
        return policies().withName(name).get();
    }

    private static Map<String, Object> servicePolicy(int port, String tenant) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/ensemble/policies/" + tenant))
                .header("Authorization", DevIssuer.get().operatorBearer()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readValue(r.body(), Map.class);
    }

    /** flk_operator_reconciles_total{resource="EnsemblePolicy",<label>} on the operator's metrics (0 when absent). */
    private static double metric(int port, String label) throws Exception {
        return metric(port, "EnsemblePolicy", label);
    }

    private static double metric(int port, String resource, String label) throws Exception {
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ServiceProcess.metricsUrl(port)))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(l -> l.startsWith("flk_operator_reconciles_total{") && l.contains(label)
                        && l.contains("resource=\"" + resource + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
