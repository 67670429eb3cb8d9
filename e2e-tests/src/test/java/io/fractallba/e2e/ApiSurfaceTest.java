package io.fractallba.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.e2e.access.AccessTable;
import io.fractallba.e2e.access.AccessTable.Rule;
import io.fractallba.e2e.access.AccessTable.TenantIn;
import io.fractallba.pcs.token.Roles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole HTTP surface of the suite, every service in its own process against real Kafka, Redis and PostgreSQL.
 * Access: every operation of every running service is declared (docs/security.md) — its OpenAPI document is held
 * against {@link AccessTable}, and each row is probed with no token, a trusted token of a role it does not allow, a
 * token of an allowed role for another tenant, and an allowed one for the tenant asked about. Hostile input: every
 * operation gets malformed, wrong-typed, oversized and deeply nested bodies, NUL and control characters and traversal
 * in paths and queries, huge and tiny numbers, null elements, wrong methods and content types, and concurrent
 * writers; none may answer 5xx, and every error must be problem+json.
 */
class ApiSurfaceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> MODULES = List.of("verifier-service", "dedup-service", "audit-service",
            "hrs-service", "ensemble-service", "cost-service", "crr-shipper");

    @TempDir
    static Path tmp;

    private static final Map<String, Integer> PORTS = new LinkedHashMap<>();
    private static Path logs;
    private static final List<ServiceProcess> STARTED = new ArrayList<>();
    // HTTP/1.1, as agents and services send: over one multiplexed HTTP/2 connection, a 413 that closes the connection
    // would fail the other requests in flight on it.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startEveryService() throws Exception {
        String run = Long.toHexString(System.nanoTime());
        logs = ServiceProcess.projectRoot().resolve("e2e-tests/target/api-surface-" + run);
        java.nio.file.Files.createDirectories(logs);
        for (String module : MODULES) {
            int port = ServiceProcess.freePort();
            PORTS.put(module, port);
            ServiceProcess p = module.equals("verifier-service")
                    ? ServiceProcess.verifier(port, tmp.resolve("wal"), logs.resolve(module + ".log"))
                    : ServiceProcess.service(module, port, logs.resolve(module + ".log"), schemaProps(module, run));
            STARTED.add(p.start());
            p.awaitReady(port, Duration.ofSeconds(180));
        }
    }

    @AfterAll
    static void stopThem() throws Exception {
        for (ServiceProcess p : STARTED) {
            p.close();
        }
    }

    @Test
    void anOperationMissingFromTheTableIsReported() {
        Set<String> ops = new TreeSet<>(Set.of("GET /v1/dedup/routing", "GET /v1/dedup/undeclared"));
        assertThat(AccessTable.uncovered("dedup-service", ops)).containsExactly("dedup-service GET /v1/dedup/undeclared");
        assertThat(AccessTable.stale("dedup-service", ops)).contains("dedup-service POST /v1/dedup/admin/demote");
    }

    @Test
    void everyOperationOfEveryServiceIsDeclaredAndEnforcedAsDeclared() throws Exception {
        List<String> uncovered = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        int operations = 0;
        for (String module : MODULES) {
            Set<String> ops = operations(HTTP, PORTS.get(module));
            operations += ops.size();
            uncovered.addAll(AccessTable.uncovered(module, ops));
            stale.addAll(AccessTable.stale(module, ops));
        }
        assertThat(uncovered).as("operations no row of AccessTable declares").isEmpty();
        assertThat(stale).as("AccessTable rows for operations that no longer exist").isEmpty();

        DevIssuer issuer = DevIssuer.get();
        List<String> wrong = new ArrayList<>();
        int probes = 0;
        for (Rule rule : AccessTable.RULES) {
            String base = "http://127.0.0.1:" + PORTS.get(rule.service());
            HttpResponse<String> anon = send(HTTP, base, rule, null);
            probes++;
            if (rule.isPublic()) {
                if ((anon.statusCode() == 401 && isProblem(anon, "unauthenticated"))
                        || (anon.statusCode() == 403 && isProblem(anon, "forbidden-role"))) {
                    wrong.add(rule.key() + ": public, but anonymous got " + anon.statusCode() + " " + anon.body());
                }
                continue;
            }
            if (anon.statusCode() != 401 || !isProblem(anon, "unauthenticated")) {
                wrong.add(rule.key() + ": anonymous got " + anon.statusCode() + " " + anon.body());
            }
            String wrongRole = Roles.ALL.stream().filter(r -> !rule.roles().contains(r)).findFirst().orElse(null);
            if (wrongRole != null) {
                HttpResponse<String> r = send(HTTP, base, rule, issuer.token(wrongRole, Roles.ALL_TENANTS));
                probes++;
                if (r.statusCode() != 403 || !isProblem(r, "forbidden-role")) {
                    wrong.add(rule.key() + ": role " + wrongRole + " got " + r.statusCode() + " " + r.body());
                }
            }
            String allowed = rule.roles().stream().filter(r -> !r.equals(Roles.OPERATOR)).sorted().findFirst()
                    .orElse(Roles.OPERATOR);
            if (rule.tenantIn() != TenantIn.NONE) {
                HttpResponse<String> r = send(HTTP, base, rule, issuer.token(allowed, AccessTable.OTHER));
                probes++;
                boolean refused = (r.statusCode() == 403 && isProblem(r, "forbidden-tenant")) || r.statusCode() == 404;
                if (!refused) {
                    wrong.add(rule.key() + ": " + allowed + " of another tenant got " + r.statusCode() + " " + r.body());
                }
            }
            HttpResponse<String> ok = send(HTTP, base, rule, issuer.token(allowed, AccessTable.TENANT));
            probes++;
            if (ok.statusCode() == 401 || ok.statusCode() == 403) {
                wrong.add(rule.key() + ": allowed role " + allowed + " was refused: " + ok.statusCode() + " " + ok.body());
            }
        }
        System.out.printf("access table: %d operations in %d services' OpenAPI documents, %d rows, %d probes, "
                + "%d not as declared%n", operations, MODULES.size(), AccessTable.RULES.size(), probes, wrong.size());
        assertThat(wrong).as("operations not enforced as AccessTable declares").isEmpty();
    }

    @Test
    void noHostileInputReachesA5xxAndEveryErrorIsAProblem() throws Exception {
        String operator = DevIssuer.get().operatorBearer();
        List<Attempt> attempts = new ArrayList<>();
        for (Rule rule : AccessTable.RULES) {
            if (rule.hidden()) {
                continue;
            }
            String base = "http://127.0.0.1:" + PORTS.get(rule.service());
            String path = samplePath(rule);
            String query = sampleQuery(rule);
            // Paths: NUL, control characters, traversal, an invalid UTF-8 byte, a lone surrogate, a long segment.
            if (rule.path().contains("{")) {
                for (String bad : List.of("a%00b", "%01%1F%7F", "..%2F..%2Fetc%2Fpasswd", "%FF%FE", "%ED%A0%80",
                        "x".repeat(3000), "%20", "-1", "99999999999999999999999")) {
                    String p = rule.path().replaceFirst("\\{[^}]+}", bad).replaceAll("\\{[^}]+}", "x");
                    attempts.add(new Attempt(rule, "path " + abbreviate(bad), request(base + p, query, rule, operator,
                            rule.body(), rule.contentType())));
                }
            }
            // Queries: out-of-range instants, huge and negative numbers, NUL and control characters in values.
            for (String q : List.of("from=-999999999-01-01T00:00:00Z&to=%2B999999999-12-31T23:59:59Z",
                    "from=2026-01-01&to=2026-01-01", "limit=99999999999999999999&n=-1&horizon=1e999&from=1e999",
                    "limit=-2147483648&index=-9223372036854775808&tree_size=9223372036854775807&first=0&second=-1",
                    "tenant=%00&tiers=%00&format=%00&group_by=%00&by=%00&peer=%00", "tenant=a%0D%0Ab",
                    "seed=1e999&verify=maybe&promote=2&version=%00", "x=" + "y".repeat(2000))) {
                attempts.add(new Attempt(rule, "query " + abbreviate(q), request(base + path,
                        query.isEmpty() ? q : query + "&" + q, rule, operator, rule.body(), rule.contentType())));
            }
            if (!rule.method().equals("GET")) {
                for (String body : hostileBodies()) {
                    attempts.add(new Attempt(rule, "body " + abbreviate(body), request(base + path, query, rule, operator,
                            body, "application/json")));
                }
                attempts.add(new Attempt(rule, "xml body", request(base + path, query, rule, operator, "<a/>",
                        "application/xml")));
                attempts.add(new Attempt(rule, "no content type", request(base + path, query, rule, operator, "{}", null)));
            }
            for (String method : List.of("DELETE", "PATCH", rule.method().equals("GET") ? "POST" : "GET")) {
                attempts.add(new Attempt(rule, "method " + method, request(base + path, query,
                        new Rule(rule.service(), method, rule.path(), rule.roles(), rule.tenantIn(), rule.sample(),
                                rule.body(), rule.contentType(), false), operator, method.equals("GET") ? null : "{}",
                        "application/json")));
            }
        }
        // Unknown paths under each service's API, and a token that is not one.
        for (String module : MODULES) {
            String base = "http://127.0.0.1:" + PORTS.get(module);
            attempts.add(new Attempt(null, module + " unknown path", HttpRequest.newBuilder(URI.create(base
                    + "/v1/nothing-here/%00")).header("Authorization", operator).GET().build()));
            attempts.add(new Attempt(null, module + " garbage token", HttpRequest.newBuilder(URI.create(base
                    + "/v1/" + "x")).header("Authorization", "Bearer " + "A".repeat(6000)).GET().build()));
            // Past the request-line and header limits (414, 431), which Vert.x alone would answer with empty bodies.
            attempts.add(new Attempt(null, module + " long URI", HttpRequest.newBuilder(URI.create(base
                    + "/v1/" + "u".repeat(10_000))).header("Authorization", operator).GET().build()));
            attempts.add(new Attempt(null, module + " large headers", HttpRequest.newBuilder(URI.create(base
                    + "/v1/x")).header("Authorization", operator).header("X-Big", "h".repeat(30_000)).GET().build()));
        }

        Map<Integer, Integer> byStatus = new java.util.TreeMap<>();
        List<String> failures = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<String>> results = new ArrayList<>();
            for (Attempt a : attempts) {
                results.add(pool.submit(() -> judge(a, byStatus)));
            }
            // Concurrent writers of the same records: ten at once, each must be answered (2xx or a 4xx problem).
            for (String[] w : new String[][]{
                    {"ensemble-service", "PUT", "/v1/ensemble/policies/" + AccessTable.TENANT, POLICY},
                    {"cost-service", "PUT", "/v1/cost/budgets/" + AccessTable.TENANT, "{\"soft_usd\":5,\"hard_usd\":9}"},
                    {"hrs-service", "POST", "/v1/hrs/labels", "{\"tenant\":\"acme\",\"pcs_id\":\"same\",\"source\":\"t\",\"label\":1}"}}) {
                Rule rule = AccessTable.RULES.stream().filter(r -> r.service().equals(w[0]) && r.method().equals(w[1])
                        && samplePath(r).equals(w[2])).findFirst().orElseThrow();
                for (int i = 0; i < 10; i++) {
                    Attempt a = new Attempt(rule, "concurrent writer " + i, request("http://127.0.0.1:"
                            + PORTS.get(w[0]) + w[2], "", rule, operator, w[3], "application/json"));
                    results.add(pool.submit(() -> judge(a, byStatus)));
                }
            }
            for (java.util.concurrent.Future<String> f : results) {
                String failure = f.get();
                if (failure != null) {
                    failures.add(failure);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        int total = byStatus.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("hostile input: %d requests over %d operations of %d services; statuses %s; %d 5xx, "
                + "%d error bodies not problem+json%n", total, AccessTable.RULES.size(), MODULES.size(), byStatus,
                failures.stream().filter(f -> f.contains(" 5xx ")).count(),
                failures.stream().filter(f -> f.contains(" not problem+json ")).count());
        failures.stream().limit(40).forEach(f -> System.out.println("  " + f));
        assertThat(failures).as("hostile requests answered 5xx or without problem+json").isEmpty();
    }

    @Test
    void anAbortedUploadIsNotAnErrorInAnyServiceLog() throws Exception {
        for (String module : MODULES) {
            Rule post = AccessTable.RULES.stream().filter(r -> r.service().equals(module) && !r.method().equals("GET"))
                    .findFirst().orElseThrow();
            for (int i = 0; i < 3; i++) {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", PORTS.get(module))) {
                    s.getOutputStream().write((post.method() + " " + samplePath(post) + " HTTP/1.1\r\nHost: x\r\n"
                            + "Authorization: " + DevIssuer.get().operatorBearer() + "\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"a\":")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                }
            }
        }
        Thread.sleep(2000); // let each service notice the closed connections and log whatever it logs
        List<String> errors = new ArrayList<>();
        for (String module : MODULES) {
            for (String line : java.nio.file.Files.readAllLines(logs.resolve(module + ".log"))) {
                if (line.contains("ClosedChannelException") || line.contains("Connection was closed")
                        || line.contains("HttpClosedException")) {
                    errors.add(module + ": " + line);
                }
            }
        }
        assertThat(errors).as("aborted uploads logged as errors").isEmpty();
    }

    /** A valid ensemble policy, for the concurrent publishers. */
    private static final String POLICY = "{\"n\":1,\"checks\":[\"recompute\",\"hrs\",\"grounding\"],\"weights\":{},"
            + "\"timeout_ms\":{},\"fail_mode\":\"open\",\"min_confidence\":0.5,\"risk_accept_max\":0.3,"
            + "\"risk_reject_min\":0.7,\"grounding_accept\":0.6,\"grounding_reject\":0.3,\"bandit\":false}";

    private record Attempt(Rule rule, String label, HttpRequest request) {
    }

    private static String judge(Attempt a, Map<Integer, Integer> byStatus) {
        HttpResponse<String> r;
        try {
            r = HTTP.send(a.request(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            return (a.rule() == null ? "" : a.rule().key() + " ") + a.label() + ": no answer (" + e + ")";
        }
        synchronized (byStatus) {
            byStatus.merge(r.statusCode(), 1, Integer::sum);
        }
        String what = (a.rule() == null ? "" : a.rule().key() + " ") + a.label() + " -> " + r.statusCode();
        if (r.statusCode() >= 500) {
            return what + " 5xx " + abbreviate(r.body());
        }
        if (r.statusCode() >= 400 && !r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            return what + " not problem+json " + r.headers().firstValue("Content-Type").orElse("(none)") + " "
                    + abbreviate(r.body());
        }
        if (r.statusCode() >= 400 && (r.body().contains("io.fractallba") || r.body().contains("java."))) {
            return what + " not problem+json (names Java classes) " + abbreviate(r.body());
        }
        return null;
    }

    private static List<String> hostileBodies() {
        return List.of("", "null", "[]", "\"text\"", "{", "{\"a\":", "[".repeat(5000) + "]".repeat(5000),
                "{\"a\":".repeat(3000) + "1" + "}".repeat(3000), "{\"events\":[null]}", "{\"prices\":[null],\"reason\":null}",
                "{\"tenant\":null,\"pcs_id\":null,\"label\":null,\"pcs\":null}",
                "{\"tenant\":\"acme\\u0000x\",\"pcs_id\":\"..\\/..\",\"source\":\"\\ud800\",\"label\":1}",
                "{\"soft_usd\":1e131073,\"hard_usd\":1e999999999,\"n\":1e999,\"old_size\":1e99,\"label\":1e-999999}",
                "{\"soft_usd\":-1,\"hard_usd\":-0.0,\"n\":-2147483649,\"old_size\":-1,\"checks\":[null,null]}",
                "{\"checks\":[\"recompute\",\"recompute\",\"recompute\"],\"n\":3}",
                "{\"events\":[" + "{},".repeat(2000) + "{}]}", "\"" + "z".repeat(3 * 1024 * 1024) + "\"");
    }

    private static HttpRequest request(String url, String query, Rule rule, String token, String body, String type) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + (query.isEmpty() ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(60));
        if (token != null && !rule.isPublic()) {
            b.header("Authorization", token);
        }
        if (type != null) {
            b.header("Content-Type", type);
        }
        if (rule.method().equals("GET") && body == null) {
            return b.GET().build();
        }
        return b.method(rule.method(), HttpRequest.BodyPublishers.ofString(body == null ? "" : body)).build();
    }

    private static String samplePath(Rule rule) {
        return rule.path().replace("{tenant}", AccessTable.TENANT).replace("{pcs_id}", "x").replace("{pcsId}", "x")
                .replace("{index}", "0").replace("{version}", "1");
    }

    private static String sampleQuery(Rule rule) {
        String query = rule.sample();
        if (rule.tenantIn() == TenantIn.QUERY) {
            query = (query.isEmpty() ? "" : query + "&") + "tenant=" + AccessTable.TENANT;
        }
        return query;
    }

    private static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() > 80 ? one.substring(0, 80) + "…(" + one.length() + ")" : one;
    }

    private static String[] schemaProps(String module, String run) {
        String schema = "acc_" + module.replace("-service", "").replace("-shipper", "") + "_" + run;
        List<String> props = new ArrayList<>(List.of(
                "quarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:5432/flk?currentSchema=" + schema,
                "quarkus.flyway.schemas=" + schema, "quarkus.flyway.default-schema=" + schema));
        String prefix = switch (module) {
            case "dedup-service" -> "flk.dedup";
            case "audit-service" -> "flk.audit";
            case "hrs-service" -> "flk.hrs";
            case "ensemble-service" -> "flk.ensemble";
            case "cost-service" -> "flk.cost";
            default -> "flk.crr";
        };
        props.add(prefix + ".consumer-group=access-" + run);
        if (module.equals("audit-service")) {
            props.add("flk.audit.anchors.file-dir=" + System.getProperty("java.io.tmpdir") + "/access-anchors-" + run);
            props.add("flk.audit.siem.file=");
        }
        if (module.equals("dedup-service")) {
            props.add("flk.dedup.cold-dir=" + System.getProperty("java.io.tmpdir") + "/access-cold-" + run);
        }
        if (module.equals("hrs-service")) {
            props.add("flk.hrs.training-interval=0s");
        }
        return props.toArray(String[]::new);
    }

    /** {@code METHOD /path} of every operation in the service's OpenAPI document (management port). */
    private static Set<String> operations(HttpClient http, int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + ServiceProcess.managementPort(port) + "/q/openapi?format=json")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        Set<String> out = new TreeSet<>();
        JsonNode paths = JSON.readTree(r.body()).path("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            for (Iterator<String> m = p.getValue().fieldNames(); m.hasNext(); ) {
                String method = m.next().toUpperCase(java.util.Locale.ROOT);
                if (Set.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                    out.add(method + " " + p.getKey());
                }
            }
        }
        return out;
    }

    private static HttpResponse<String> send(HttpClient http, String base, Rule rule, String token) throws Exception {
        String path = samplePath(rule);
        String query = sampleQuery(rule);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path + (query.isEmpty() ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (rule.method().equals("GET")) {
            b.GET();
        } else {
            b.header("Content-Type", rule.contentType()).method(rule.method(),
                    HttpRequest.BodyPublishers.ofString(rule.body() == null ? "" : rule.body()));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean isProblem(HttpResponse<String> r, String slug) {
        return r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                && r.body().contains("\"urn:fractal-lba:problem:" + slug + "\"");
    }

}
