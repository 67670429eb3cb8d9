package io.fractallba.e2e.demo;

import io.fractallba.e2e.ServiceProcess;

import io.fractallba.sdk.load.LoadResult;
import io.fractallba.sdk.load.LoadRunner;
import io.fractallba.sdk.load.PreparedRequest;
import io.fractallba.e2e.load.TopicCounter;
import io.fractallba.sdk.load.Workloads;
import io.fractallba.pcs.event.Topics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The README's main job: a short mixed workload against the running suite, then a readable summary of what the
 * verifier answered, what reached Kafka, and whether every acknowledged submission has exactly one event.
 * Usage: DemoWorkload [count] [verifierUrl] [kafkaBootstrap] [auditUrl] [costUrl]
 */
public final class DemoWorkload {

    private static final int CLIENTS = Integer.getInteger("flk.demo.clients", 16);

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        String url = args.length > 1 ? args[1] : "http://127.0.0.1:8080";
        String kafka = args.length > 2 ? args[2] : "127.0.0.1:9092";
        String auditUrl = args.length > 3 ? args[3] : "http://127.0.0.1:8082";
        String costUrl = args.length > 4 ? args[4] : "http://127.0.0.1:8085";
        CostSummary cost = new CostSummary(costUrl);
        cost.snapshot();

        // The first requests of a fresh stack measure JIT compilation, not the suite: they are sent as a warm-up whose
        // latencies are reported apart, so the percentiles of the run are those of the running system.
        int warmupCount = Integer.getInteger("flk.demo.warmup", Math.min(500, count / 5));
        Workloads workloads = new Workloads(System.nanoTime());
        List<PreparedRequest> warmupRequests = workloads.mixed(warmupCount);
        List<PreparedRequest> requests = workloads.mixed(count);
        LoadResult warmup = null;
        LoadResult result;
        Map<String, Integer> events;
        Set<String> acknowledged = new HashSet<>();
        TopicCounter risk = new TopicCounter(kafka, Topics.PCS_RISK);
        TopicCounter decisions = new TopicCounter(kafka, Topics.PCS_DECISION);
        try (TopicCounter counter = new TopicCounter(kafka, Topics.PCS_VERIFIED)) {
            if (warmupCount > 0) {
                warmup = new LoadRunner(URI.create(url + "/v1/pcs/submit")).run(warmupRequests, CLIENTS, 0);
                acknowledged.addAll(warmup.acknowledgedKeys());
            }
            result = new LoadRunner(URI.create(url + "/v1/pcs/submit")).run(requests, CLIENTS, 0);
            acknowledged.addAll(result.acknowledgedKeys()); // 200/202 only: a refused (503) submission is not one
            events = counter.collect(acknowledged.size(), Duration.ofSeconds(30), Duration.ofSeconds(2));
            risk.awaitKeys(acknowledged, Duration.ofSeconds(90));
            decisions.awaitKeys(acknowledged, Duration.ofSeconds(60));
        }
        long exactlyOnce = acknowledged.stream().filter(k -> events.getOrDefault(k, 0) == 1).count();
        long missing = acknowledged.stream().filter(k -> !events.containsKey(k)).count();
        long doubled = events.values().stream().filter(n -> n > 1).count();

        System.out.println();
        System.out.println("== Fractal LBA demo ==========================================================");
        System.out.printf("submitted %d requests to %s in %.1f s (%.0f req/s, " + CLIENTS + " concurrent clients)%n",
                result.total(), url, result.seconds(), result.throughput());
        System.out.printf("latency  p50 %.2f ms   p99 %.2f ms   max %.2f ms   (closed loop: each client sends its next "
                        + "request when answered; everything shares this machine's cores)%n",
                result.percentileMillis(50), result.percentileMillis(99), result.percentileMillis(100));
        if (warmup != null) {
            System.out.printf("warm-up before it (JVMs compiling, not in the figures above): %d requests, %.0f req/s, "
                            + "p50 %.2f ms, p99 %.2f ms, statuses %s%n", warmup.total(), warmup.throughput(),
                    warmup.percentileMillis(50), warmup.percentileMillis(99), warmup.statuses());
        }
        System.out.println();
        System.out.printf("%-16s %8s  %s%n", "kind", "sent", "HTTP statuses");
        result.byKind().forEach((kind, st) -> System.out.printf("%-16s %8d  %s%n", kind,
                st.values().stream().mapToLong(Long::longValue).sum(), st));
        System.out.println();
        System.out.printf("accepted (200): %d   escalated/rejected (202): %d   bad signature (401): %d   other: %d   transport errors: %d%n",
                result.statuses().getOrDefault(200, 0L), result.statuses().getOrDefault(202, 0L),
                result.statuses().getOrDefault(401, 0L),
                result.statuses().entrySet().stream().filter(e -> e.getKey() != 200 && e.getKey() != 202 && e.getKey() != 401)
                        .mapToLong(Map.Entry::getValue).sum(), result.errors());
        if (!result.refusalsByProblem().isEmpty() || (warmup != null && !warmup.refusalsByProblem().isEmpty())) {
            System.out.printf("refused, by problem type: %s%s%n", result.refusalsByProblem(),
                    warmup == null ? "" : "   (warm-up: " + warmup.refusalsByProblem() + ")");
        }
        System.out.printf("pcs.verified.v1: %d distinct submissions acknowledged, %d with exactly one event, %d missing, %d duplicated%n",
                acknowledged.size(), exactlyOnce, missing, doubled);
        System.out.println();
        System.out.println("verifier metrics (from /q/metrics):");
        metrics(url).forEach(line -> System.out.println("  " + line));
        System.out.println();
        AuditSummary.Outcome audit = AuditSummary.print(auditUrl, acknowledged, System.out);
        System.out.println();
        boolean riskOk = RiskSummary.printRisk(risk, acknowledged, System.out);
        System.out.println();
        riskOk &= RiskSummary.printDecisions(decisions, acknowledged, System.out);
        risk.close();
        decisions.close();
        System.out.println();
        Map<String, Long> perTenant = new java.util.HashMap<>();
        acknowledged.forEach(k -> perTenant.merge(k.substring(0, k.indexOf('/')), 1L, Long::sum));
        boolean costOk = cost.print(perTenant, System.out);
        System.out.println("===============================================================================");
        System.out.println("tokens: export FLK_TOKEN=$(java -jar pcs-sdk/target/pcs.jar token issue --issuer-key "
                + ".dev/issuer/issuer.private.jwk.json --role operator)   (docs/security.md)");
        System.out.println("analysts: " + costUrl + "/analyst/?token=$FLK_TOKEN   java -jar pcs-sdk/target/pcs.jar "
                + "cost breakdown --from <day> --to <day> --group-by tenant,model");
        System.out.println("explore: curl -s -H \"Authorization: Bearer $FLK_TOKEN\" " + auditUrl + "/v1/audit/compliance | jq .   "
                + "java -jar pcs-sdk/target/pcs.jar audit log --url " + auditUrl + " --key \"$(curl -s " + auditUrl
                + "/v1/audit/key)\"");
        if (missing > 0 || doubled > 0 || result.errors() > 0 || (warmup != null && warmup.errors() > 0) || !audit.ok()
                || !costOk || !riskOk) {
            System.exit(1);
        }
    }

    private static List<String> metrics(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(ServiceProcess.metricsUrl(url))).build(), HttpResponse.BodyHandlers.ofString());
        return r.body().lines().filter(l -> l.startsWith("flk_verifier_requests_total")
                || l.startsWith("flk_verifier_wal_commits_total") || l.startsWith("flk_verifier_wal_records_total")
                || l.startsWith("flk_verifier_outbox_backlog") || l.startsWith("flk_verifier_published_events_total")).toList();
    }
}
