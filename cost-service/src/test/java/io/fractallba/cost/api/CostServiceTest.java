package io.fractallba.cost.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.pcs.event.PcsVerified;
import io.fractallba.pcs.event.Topics;
import io.fractallba.pcs.event.UsageRecorded;
import io.fractallba.pcs.model.DeclaredUsage;
import io.fractallba.pcs.testing.ManagementEndpointsContract;
import io.fractallba.pcs.testing.TestDatabase;
import io.fractallba.pcs.testing.TestKafka;
import io.fractallba.pcs.testing.TestTokens;
import io.fractallba.pcs.token.Roles;
import io.fractallba.pcs.testing.TopicWatcher;
import io.fractallba.sdk.testing.Cli;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The cost-service on real Kafka and Postgres: usage events in (verifier events with declared LLM usage, other
 * services' cost.usage events, a redelivery, a poison message), priced exactly; the analysts' API with its access
 * rules, CSV, bills and reconciliation, budgets with their event, forecasts' refusal without history.
 */
@QuarkusTest
@QuarkusTestResource(value = CostServiceTest.Resource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CostServiceTest {

    // Bearer tokens without the "Bearer " prefix (the CLI's --token): an operator, and an analyst of tenant A only.
    static final String ADMIN = TestTokens.operator().substring("Bearer ".length());
    static final String TENANT_A_KEY = TestTokens.bearer(Roles.ANALYST, "cost-tenant-a").substring("Bearer ".length());
    static final String A = "cost-tenant-a";
    static final String B = "cost-tenant-b";
    static String verifiedTopic;
    static String usageTopic;
    static String budgetTopic;
    final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
    final String today = LocalDate.now(ZoneOffset.UTC).toString();
    final String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();

    public static class Resource implements QuarkusTestResourceLifecycleManager {
        private String schema;

        @Override
        public Map<String, String> start() {
            schema = TestDatabase.freshSchemaName("cost");
            String run = Long.toHexString(System.nanoTime());
            verifiedTopic = "pcs.verified.v1.cost-test-" + run;
            usageTopic = "cost.usage.v1.cost-test-" + run;
            budgetTopic = "cost.budget.v1.cost-test-" + run;
            TestKafka.createTopics(List.of(verifiedTopic, verifiedTopic + ".dlq", usageTopic, usageTopic + ".dlq", budgetTopic));
            Map<String, String> c = new HashMap<>();
            c.put("quarkus.datasource.jdbc.url", TestDatabase.url(schema));
            c.put("quarkus.flyway.schemas", schema);
            c.put("quarkus.flyway.default-schema", schema);
            c.put("flk.cost.topics", verifiedTopic + "," + usageTopic);
            c.put("flk.cost.budget-topic", budgetTopic);
            c.put("flk.cost.consumer-group", "cost-test-" + schema);
            return c;
        }

        @Override
        public void stop() {
            TestDatabase.drop(schema);
        }
    }

    private static boolean sent;

    /** Once per class, but after Quarkus pointed RestAssured at the test port (it does so before each test). */
    @BeforeEach
    void sendUsage() throws Exception {
        if (sent) {
            return;
        }
        sent = true;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.BOOTSTRAP);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p);
             TopicWatcher dlq = new TopicWatcher(usageTopic + ".dlq")) {
            // Tenant A: one accepted task on gpt-x (1000 in, 200 out), one escalated on gpt-x; tenant B: one accepted, no usage block.
            byte[] a1 = verified(A, true, false, new DeclaredUsage("gpt-x", "summarise", 1000L, 200L, 0.05), 1500, 700);
            producer.send(new ProducerRecord<>(verifiedTopic, A + "/1", a1)).get();
            producer.send(new ProducerRecord<>(verifiedTopic, A + "/1", a1)).get();   // redelivered
            producer.send(new ProducerRecord<>(verifiedTopic, A + "/2",
                    verified(A, true, true, new DeclaredUsage("gpt-x", "summarise", 10L, 0L, null), 500, 600))).get();
            producer.send(new ProducerRecord<>(verifiedTopic, B + "/1", verified(B, true, false, null, 2000, 800))).get();
            // The audit-service served tenant A 40 proofs.
            producer.send(new ProducerRecord<>(usageTopic, A, usage(A, "audit-service", Map.of("proofs", 40.0)))).get();
            producer.send(new ProducerRecord<>(usageTopic, A, "{not json".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(usageTopic, A, usage(A, "audit-service", Map.of("proofs", -1.0)))).get();
            assertThat(dlq.pollUntil(l -> l.size() >= 2, Duration.ofSeconds(30))).hasSize(2);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> admin().get(breakdownUrl("tenant")).jsonPath()
                .getList("rows").size() == 2 && totalOf(B).signum() > 0 && totalOf(A).compareTo(expectedA()) == 0);
    }

    /** Default list prices (V2 migration): the exact cost tenant A's usage must come to. */
    static BigDecimal expectedA() {
        return new BigDecimal("0.00001").multiply(BigDecimal.valueOf(2))                 // submissions
                .add(new BigDecimal("0.0000001").multiply(new BigDecimal("2.000")))       // cpu_ms: 1.5 + 0.5
                .add(new BigDecimal("0.0000000001").multiply(BigDecimal.valueOf(1300)))   // wal bytes
                .add(new BigDecimal("0.000001").multiply(BigDecimal.valueOf(1010)))       // input tokens
                .add(new BigDecimal("0.000004").multiply(BigDecimal.valueOf(200)))        // output tokens
                .add(BigDecimal.ZERO.multiply(new BigDecimal("0.05")))                    // declared USD, priced 0
                .add(new BigDecimal("0.000001").multiply(BigDecimal.valueOf(40)));         // proofs
    }

    @Test
    void usageIsAttributedPerTenantModelAndResourceExactlyOnce() {
        Response r = admin().get(breakdownUrl("tenant,model,task,resource"));
        r.then().statusCode(200);
        List<Map<String, Object>> rows = r.jsonPath().getList("rows");
        Map<String, BigDecimal> cost = new HashMap<>();
        Map<String, BigDecimal> quantity = new HashMap<>();
        for (Map<String, Object> row : rows) {
            @SuppressWarnings("unchecked") Map<String, String> g = (Map<String, String>) row.get("group");
            String k = g.get("tenant") + "|" + g.get("model") + "|" + g.get("task") + "|" + g.get("resource");
            cost.put(k, new BigDecimal(row.get("cost_usd").toString()));
            quantity.put(k, new BigDecimal(row.get("quantity").toString()));
        }
        assertThat(quantity.get(A + "|gpt-x|summarise|llm_input_tokens")).isEqualByComparingTo("1010");
        assertThat(quantity.get(A + "|gpt-x|summarise|llm_output_tokens")).isEqualByComparingTo("200");
        assertThat(quantity.get(A + "|gpt-x|summarise|submissions")).isEqualByComparingTo("2");   // not 3: redelivery
        assertThat(quantity.get(A + "|gpt-x|summarise|cpu_ms")).isEqualByComparingTo("2.0");
        assertThat(quantity.get(A + "|gpt-x|summarise|llm_declared_usd")).isEqualByComparingTo("0.05");
        assertThat(quantity.get(A + "|unspecified|unspecified|proofs")).isEqualByComparingTo("40");
        assertThat(quantity.get(B + "|unspecified|unspecified|submissions")).isEqualByComparingTo("1");
        assertThat(cost.get(A + "|gpt-x|summarise|llm_input_tokens")).isEqualByComparingTo("0.00101");
        assertThat(totalOf(A)).isEqualByComparingTo(expectedA());

        // Cost per trusted task: A has two tasks, one escalated, so one trusted.
        Response t = admin().get(breakdownUrl("tenant"));
        Map<String, Object> rowA = t.jsonPath().<Map<String, Object>>getList("rows").stream()
                .filter(m -> ((Map<?, ?>) m.get("group")).get("tenant").equals(A)).findFirst().orElseThrow();
        assertThat(rowA.get("trusted_tasks")).isEqualTo(1);
        assertThat(new BigDecimal(rowA.get("cost_per_trusted_task_usd").toString())).isEqualByComparingTo(expectedA());
    }

    @Test
    void theCsvExportCarriesTheSameNumbersAsTheJson() {
        String url = breakdownUrl("tenant,resource") + "&granularity=day";
        Response json = admin().get(url);
        String csv = admin().header("Accept", "text/csv").get(url).then().statusCode(200)
                .contentType(containsString("text/csv")).extract().asString();
        List<String> lines = List.of(csv.split("\r\n"));
        assertThat(lines.get(0)).isEqualTo("bucket,tenant,resource,cost_usd,quantity,unpriced_rows,trusted_tasks,"
                + "cost_per_trusted_task_usd");
        assertThat(lines).hasSize(json.jsonPath().getList("rows").size() + 1);
        BigDecimal sum = BigDecimal.ZERO;
        for (String l : lines.subList(1, lines.size())) {
            sum = sum.add(new BigDecimal(l.split(",")[3]));
        }
        assertThat(sum).isEqualByComparingTo(new BigDecimal(json.jsonPath().getString("total_cost_usd")));
        assertThat(admin().get(url + "&format=csv").asString()).isEqualTo(csv);
    }

    @Test
    void anAnalystSeesOnlyTheirTenantsOnEveryEndpoint() {
        // No token, a wrong one, one from an untrusted key: 401 problem+json; a role without cost access: 403.
        given().get(breakdownUrl("tenant")).then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer guess").get(breakdownUrl("tenant")).then().statusCode(401);
        given().header("Authorization", TestTokens.untrusted(Roles.OPERATOR, "*")).get(breakdownUrl("tenant")).then()
                .statusCode(401);
        given().header("Authorization", TestTokens.reader("*")).get(breakdownUrl("tenant")).then().statusCode(403)
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer " + TENANT_A_KEY).contentType("application/json")
                .body("{\"reason\":\"x\",\"prices\":[]}").post("/v1/cost/prices").then().statusCode(403);
        // Tenant A's analyst, unnarrowed: only A.
        List<Map<String, Object>> rows = tenantA().get(breakdownUrl("tenant")).jsonPath().getList("rows");
        assertThat(rows).extracting(m -> (Object) ((Map<?, ?>) m.get("group")).get("tenant")).containsExactly(A);
        // Asking for B, alone or alongside A, anywhere: 403.
        String q = "from=" + today + "&to=" + tomorrow;
        for (String url : List.of(
                "/v1/cost/breakdown?" + q + "&tenant=" + B,
                "/v1/cost/breakdown?" + q + "&tenant=" + A + "," + B,
                "/v1/cost/breakdown?" + q + "&tenant=" + A + "&tenant=" + B + "&format=csv",
                "/v1/cost/top?" + q + "&by=tenant&tenant=" + B,
                "/v1/cost/reconciliation?" + q + "&tenant=" + B,
                "/v1/cost/forecast?tenant=" + B,
                "/v1/cost/budgets/" + B)) {
            tenantA().get(url).then().statusCode(403).contentType("application/problem+json")
                    .body("detail", containsString("may not see tenant '" + B + "'"));
        }
        // The re-pricing trail spans tenants: the operator's, whatever tenants an analyst has.
        tenantA().get("/v1/cost/repricings").then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:fractal-lba:problem:forbidden-role"));
        tenantA().contentType("application/json").body("{\"soft_usd\":1,\"hard_usd\":2}").put("/v1/cost/budgets/" + B)
                .then().statusCode(403);
        tenantA().contentType("text/csv").body("date,tenant,category,amount_usd\n").post("/v1/cost/bills")
                .then().statusCode(403);
        tenantA().contentType("application/json").body("{\"reason\":\"x\",\"prices\":[]}").post("/v1/cost/prices")
                .then().statusCode(403);
        tenantA().post("/v1/cost/budgets/check").then().statusCode(403);
        // The reconciliation of an analyst's own tenant never mentions another.
        List<Map<String, Object>> days = tenantA().get("/v1/cost/reconciliation?" + q).jsonPath().getList("days");
        assertThat(days).allSatisfy(d -> assertThat(d.get("tenant")).isEqualTo(A));
    }

    @Test
    void badQueriesAreClearProblems() {
        admin().get("/v1/cost/breakdown?from=" + today).then().statusCode(400).body("detail", containsString("'to'"));
        admin().get("/v1/cost/breakdown?from=" + tomorrow + "&to=" + today).then().statusCode(400)
                .body("detail", containsString("must be before"));
        admin().get(breakdownUrl("colour")).then().statusCode(400).body("detail", containsString("group_by 'colour'"));
        admin().get(breakdownUrl("tenant") + "&granularity=week").then().statusCode(400);
        admin().get("/v1/cost/top?from=" + today + "&to=" + tomorrow + "&n=0").then().statusCode(400);
        admin().get("/v1/cost/forecast?tenant=" + A).then().statusCode(422).body("detail", containsString("needs at least"));
        admin().get("/v1/cost/forecast").then().statusCode(400);
        admin().contentType("application/json").body("{\"soft_usd\":5,\"hard_usd\":1}").put("/v1/cost/budgets/" + A)
                .then().statusCode(400).body("detail", containsString("soft_usd ≤ hard_usd"));
        // Client mistakes the database refuses are 400s, not "store unavailable" 503s (issue 19's probe).
        admin().contentType("application/json").body("{\"soft_usd\":1,\"hard_usd\":1e131073}").put("/v1/cost/budgets/" + A)
                .then().statusCode(400).contentType("application/problem+json");
        admin().get("/v1/cost/breakdown?from=-999999999-01-01T00:00:00Z&to=" + tomorrow + "&group_by=tenant").then()
                .statusCode(400).contentType("application/problem+json");
        admin().urlEncodingEnabled(false).get("/v1/cost/breakdown?from=" + today + "&to=" + tomorrow
                + "&group_by=tenant&tenant=a%00b").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aBillIsReconciledPerDayAndTenantWithKnownDifferencesReported() {
        BigDecimal computedA = totalOf(A);
        BigDecimal computedB = totalOf(B);
        // A's bill: exactly what was computed. B's: 10% more, all of it "storage" the suite did not attribute.
        BigDecimal extraB = computedB.divide(BigDecimal.TEN);
        String bill = "date,tenant,category,amount_usd\n"
                + today + "," + A + ",compute," + categoryOf(A, "compute").toPlainString() + "\n"
                + today + "," + A + ",storage," + categoryOf(A, "storage").toPlainString() + "\n"
                + today + "," + A + ",llm," + categoryOf(A, "llm").toPlainString() + "\n"
                + today + "," + A + ",audit," + categoryOf(A, "audit").toPlainString() + "\n"
                + today + "," + B + ",compute," + categoryOf(B, "compute").toPlainString() + "\n"
                + today + "," + B + ",storage," + categoryOf(B, "storage").add(extraB).toPlainString() + "\n";
        admin().contentType("text/csv").body(bill).post("/v1/cost/bills?format=flk-csv&name=test-bill")
                .then().statusCode(201).body("lines", equalTo(6));
        admin().contentType("text/csv").body(bill).post("/v1/cost/bills?format=flk-csv&name=again")
                .then().statusCode(200).body("already_imported", equalTo(true));
        admin().contentType("text/csv").body("date,tenant,category,amount_usd\n2026-11-01,x,llm,1,2\n")
                .post("/v1/cost/bills").then().statusCode(400).body("detail", containsString("line 2"));
        admin().contentType("text/csv").body("x").post("/v1/cost/bills?format=pdf").then().statusCode(400);

        Response r = admin().get("/v1/cost/reconciliation?from=" + today + "&to=" + tomorrow + "&tenant=" + A + "," + B);
        r.then().statusCode(200).body("flagged", equalTo(1));
        List<Map<String, Object>> days = r.jsonPath().getList("days");
        Map<String, Object> a = days.stream().filter(d -> d.get("tenant").equals(A)).findFirst().orElseThrow();
        Map<String, Object> b = days.stream().filter(d -> d.get("tenant").equals(B)).findFirst().orElseThrow();
        assertThat(new BigDecimal(a.get("diff_usd").toString())).isEqualByComparingTo("0");
        assertThat(a.get("flagged")).isEqualTo(false);
        assertThat(new BigDecimal(b.get("diff_usd").toString())).isEqualByComparingTo(extraB.negate());
        assertThat(b.get("flagged")).isEqualTo(true);
        @SuppressWarnings("unchecked") Map<String, Object> top = ((List<Map<String, Object>>) b.get("by_category")).get(0);
        assertThat(top.get("category")).isEqualTo("storage");
        assertThat(new BigDecimal(top.get("diff_usd").toString())).isEqualByComparingTo(extraB.negate());
        assertThat(computedA.signum()).isPositive();

        // The scheduled reconciliation finds the same gap (B's day, not A's) and the alert's gauge counts it.
        tenantA().post("/v1/cost/reconciliation/check").then().statusCode(403);
        Response check = admin().post("/v1/cost/reconciliation/check");
        check.then().statusCode(200);
        List<Map<String, Object>> tenants = check.jsonPath().getList("tenants");
        assertThat(tenants).anySatisfy(t -> assertThat(t).containsEntry("tenant", B).containsEntry("flagged_days", 1));
        assertThat(tenants).anySatisfy(t -> assertThat(t).containsEntry("tenant", A).containsEntry("flagged_days", 0));
        int flagged = check.jsonPath().getInt("flagged_days");
        assertThat(flagged).isPositive();
        String metrics = ManagementEndpointsContract.management().get("/q/metrics").asString();
        assertThat(metrics.lines().filter(l -> l.startsWith("flk_cost_reconciliation_flagged_days "))
                .map(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)))).containsExactly((double) flagged);
    }

    @Test
    void crossingABudgetRaisesOneEventPerLevelAndMonth() {
        try (TopicWatcher events = new TopicWatcher(budgetTopic)) {
            tenantA().contentType("application/json").body("{\"soft_usd\":0.0000001,\"hard_usd\":1000}")
                    .put("/v1/cost/budgets/" + A).then().statusCode(200);
            List<Map<String, Object>> raised = admin().post("/v1/cost/budgets/check").jsonPath().getList("$");
            assertThat(raised).extracting(m -> (Object) (m.get("tenant") + "/" + m.get("level"))).contains(A + "/soft")
                    .doesNotContain(A + "/hard");
            assertThat(admin().post("/v1/cost/budgets/check").jsonPath().getList("$")).isEmpty();
            var seen = events.pollUntil(l -> !l.isEmpty(), Duration.ofSeconds(20));
            assertThat(seen).hasSize(1);
            assertThat(seen.get(0).value()).contains("\"level\":\"soft\"").contains("\"type\":\"cost.budget\"");
            tenantA().get("/v1/cost/budgets/" + A).then().statusCode(200).body("alerts[0].level", equalTo("soft"));
        }
    }

    @Test
    void anAdminPublishesACorrectionAndTheWindowIsRepriced() {
        BigDecimal before = totalOf(B);
        String body = "{\"reason\":\"test: submissions are free today\",\"prices\":[{\"resource\":\"submissions\","
                + "\"usd_per_unit\":0,\"effective_from\":\"" + today + "T00:00:00Z\",\"effective_to\":\"" + tomorrow
                + "T00:00:00Z\"}]}";
        admin().contentType("application/json").body(body).post("/v1/cost/prices").then().statusCode(200)
                .body("repricings[0].resource", equalTo("submissions"));
        assertThat(totalOf(B)).isEqualByComparingTo(before.subtract(new BigDecimal("0.00001")));
        admin().get("/v1/cost/repricings").then().statusCode(200).body("[0].reason", containsString("free today"));
        admin().contentType("application/json").body("{\"reason\":\"x\",\"prices\":[{\"resource\":\"Bad Name\","
                + "\"usd_per_unit\":1,\"effective_from\":\"2026-01-01T00:00:00Z\"}]}").post("/v1/cost/prices")
                .then().statusCode(400).body("detail", containsString("Bad Name"));
        admin().contentType("application/json").body("{\"prices\":[{\"resource\":\"x\",\"usd_per_unit\":1,"
                + "\"effective_from\":\"2026-01-01T00:00:00Z\"}]}").post("/v1/cost/prices")
                .then().statusCode(400).body("detail", containsString("reason"));
        // A body of the wrong shape: the suite's problem (it was Quarkus' plain JSON quoting Jackson, class names included).
        String wrongType = admin().contentType("application/json").body("{\"reason\":\"x\",\"prices\":\"many\"}")
                .post("/v1/cost/prices").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("prices")).extract().asString();
        assertThat(wrongType).as("no Java class names in a client's error").doesNotContain("io.fractallba").doesNotContain("java.");
        admin().contentType("application/json").body("{\"reason\":\"x\",\"prices\":[null]}").post("/v1/cost/prices")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("null")); // was a 500
        // Put it back so other tests' expectations hold whatever the order.
        admin().contentType("application/json").body(body.replace("\"usd_per_unit\":0", "\"usd_per_unit\":0.00001")
                .replace("free today", "restored")).post("/v1/cost/prices").then().statusCode(200);
        assertThat(totalOf(B)).isEqualByComparingTo(before);
    }

    @Test
    void theAnalystPageRendersTheChartAndTheBreakdownInHeadlessChromium() throws Exception {
        String url = "http://127.0.0.1:" + io.restassured.RestAssured.port + "/analyst/index.html?token=" + TENANT_A_KEY
                + "&tenant=" + A;
        String dom = HeadlessChromium.dumpDom(url, java.nio.file.Path.of("target/analyst-page.png"));
        assertThat(dom).contains("class=\"bar\"");                     // one bar per day with spend
        assertThat(dom).contains("<td>gpt-x</td>");                     // the breakdown by model
        assertThat(dom).contains("<th id=\"total\">" + totalOf(A).toPlainString() + "</th>");
        assertThat(dom).contains("no forecast: tenant " + A + " has 0 days");   // the API's 422 (today is not complete)
        assertThat(dom).doesNotContain(B);
    }

    @Test
    void thePcsCostCliAnswersWithTheApisNumbersAndClearErrors() {
        String url = "http://127.0.0.1:" + io.restassured.RestAssured.port;
        Cli.Run table = Cli.run("cost", "breakdown", "--url", url, "--token", ADMIN, "--from", today, "--to", tomorrow,
                "--group-by", "tenant", "--tenant", A);
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out()).contains(A).contains("total: " + totalOf(A).toPlainString() + " USD");
        Cli.Run csv = Cli.run("cost", "breakdown", "--url", url, "--token", ADMIN, "--from", today, "--to", tomorrow,
                "--group-by", "tenant,resource", "--csv");
        assertThat(csv.out()).isEqualTo(admin().get(breakdownUrl("tenant,resource") + "&format=csv").asString());
        Cli.Run top = Cli.run("cost", "top", "--url", url, "--token", ADMIN, "--from", today, "--to", tomorrow,
                "--by", "model", "-n", "1");
        assertThat(top.out()).contains("gpt-x");

        Cli.Run forbidden = Cli.run("cost", "breakdown", "--url", url, "--token", TENANT_A_KEY, "--from", today,
                "--to", tomorrow, "--tenant", B);
        assertThat(forbidden.exit()).isEqualTo(2);
        assertThat(forbidden.err()).contains("403").contains("may not see tenant '" + B + "'");
        Cli.Run noKey = Cli.run("cost", "breakdown", "--url", url, "--token", "", "--from", today, "--to", tomorrow);
        assertThat(noKey.exit()).isEqualTo(2);
        assertThat(noKey.err()).contains("a bearer token is required");
        Cli.Run down = Cli.run("cost", "top", "--url", "http://127.0.0.1:1", "--token", ADMIN, "--from", today,
                "--to", tomorrow);
        assertThat(down.exit()).isEqualTo(2);
        assertThat(down.err()).contains("unreachable");
        Cli.Run badBudget = Cli.run("cost", "budget", "--url", url, "--token", ADMIN, "--tenant", A, "--soft", "5",
                "--hard", "1");
        assertThat(badBudget.exit()).isEqualTo(2);
        assertThat(badBudget.err()).contains("soft_usd ≤ hard_usd");
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        Cli.Run quiet = Cli.run("cost", "reconcile", "--url", url, "--token", ADMIN, "--from", yesterday, "--to", today);
        assertThat(quiet.exit()).as(quiet.err()).isZero();
        assertThat(quiet.out()).contains("0 day(s) flagged beyond 3.0%");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private String breakdownUrl(String groupBy) {
        return "/v1/cost/breakdown?from=" + today + "&to=" + tomorrow + "&group_by=" + groupBy;
    }

    private BigDecimal totalOf(String tenant) {
        return new BigDecimal(admin().get(breakdownUrl("tenant") + "&tenant=" + tenant).jsonPath().getString("total_cost_usd"));
    }

    @Test
    void connectionsTheDatabaseDroppedAreReplacedBeforeARequestUsesThem() throws Exception {
        admin().get("/v1/cost/prices").then().statusCode(200); // the pool holds open connections now
        int dropped;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test",
                "postgres", "");
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT count(pg_terminate_backend(pid)) "
                     + "FROM pg_stat_activity WHERE application_name = 'cost-service' AND datname = current_database()")) {
            rs.next();
            dropped = rs.getInt(1);
        }
        assertThat(dropped).as("connections of this service terminated by the database").isPositive();
        // Each one is found dead when borrowed and replaced (validate-on-borrow): no request sees it.
        for (int i = 0; i < 5; i++) {
            admin().get("/v1/cost/prices").then().statusCode(200);
        }
    }

    private BigDecimal categoryOf(String tenant, String category) {
        return admin().get(breakdownUrl("category") + "&tenant=" + tenant).jsonPath().<Map<String, Object>>getList("rows")
                .stream().filter(m -> ((Map<?, ?>) m.get("group")).get("category").equals(category))
                .map(m -> new BigDecimal(m.get("cost_usd").toString())).findFirst().orElse(BigDecimal.ZERO);
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN);
    }

    private static io.restassured.specification.RequestSpecification tenantA() {
        return given().header("Authorization", "Bearer " + TENANT_A_KEY);
    }

    private byte[] verified(String tenant, boolean accepted, boolean escalated, DeclaredUsage usage, long cpuMicros,
                            long walBytes) throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        String key = Topics.submissionKey(tenant, id);
        PcsVerified p = new PcsVerified(tenant, id, Instant.now().toString(), "test", "{}",
                new PcsVerified.VerifiedOutcome(escalated ? 202 : 200, accepted, escalated, null, null, null, null), "k",
                "default@1", new PcsVerified.WalPosition(1, 0), usage,
                new PcsVerified.FirstResponse("w:1", 200, "{}"), new PcsVerified.VerifierWork(cpuMicros, walBytes), null);
        return mapper.writeValueAsBytes(EventEnvelope.of(EventEnvelope.deterministicId(PcsVerified.TYPE, key),
                PcsVerified.TYPE, PcsVerified.VERSION, tenant, key, Instant.now(), p));
    }

    private byte[] usage(String tenant, String service, Map<String, Double> q) throws Exception {
        return mapper.writeValueAsBytes(EventEnvelope.of(UUID.randomUUID().toString(), UsageRecorded.TYPE,
                UsageRecorded.VERSION, tenant, tenant, Instant.now(), new UsageRecorded(tenant, service, null, null, null, q)));
    }
}
