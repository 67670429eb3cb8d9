package io.fractallba.cost.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.event.EventEnvelope;
import io.fractallba.pcs.event.PcsVerified;
import io.fractallba.pcs.event.Topics;
import io.fractallba.pcs.model.DeclaredUsage;
import io.fractallba.pcs.testing.TestDatabase;
import io.fractallba.pcs.testing.TestKafka;
import io.fractallba.pcs.testing.TestTokens;
import io.fractallba.pcs.token.Roles;
import io.fractallba.sdk.testing.Cli;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.DayOfWeek;
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
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The optimisation advisor end to end on real Kafka and Postgres: 64 days of a tenant's verified submissions on two
 * models (one five times dearer per trusted task) arrive as events; the advisor recommends moving off the dear model
 * with the estimate computed here independently; the recommendation is recorded as applied 14 days ago, when three
 * quarters of that model's tasks moved; the realised saving measured against the counterfactual forecast matches the
 * saving this test knows to be true. Access rules, bad input, the CLI and the analyst page too.
 */
@QuarkusTest
@QuarkusTestResource(value = AdvisorApiTest.Resource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdvisorApiTest {

    static final String T = "advise-tenant";
    static final String ADMIN = TestTokens.operator().substring("Bearer ".length());
    static final String ANALYST = TestTokens.bearer(Roles.ANALYST, T).substring("Bearer ".length());
    static final String OTHER = TestTokens.bearer(Roles.ANALYST, "someone-else").substring("Bearer ".length());
    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    static final int DAYS = 64;
    static final int AFTER = 14;
    static final LocalDate APPLIED = TODAY.minusDays(AFTER);
    static String verifiedTopic;
    static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

    // Per task, with the V2 default prices: 1 submission, 1 ms CPU, 500 WAL bytes and the model's tokens.
    static final BigDecimal OVERHEAD = new BigDecimal("0.00001").add(new BigDecimal("0.0000001"))
            .add(new BigDecimal("0.00000005"));
    static final BigDecimal SMALL = OVERHEAD.add(new BigDecimal("0.001")).add(new BigDecimal("0.0008"));   // 1000 in, 200 out
    static final BigDecimal LARGE = OVERHEAD.add(new BigDecimal("0.005")).add(new BigDecimal("0.004"));    // 5000 in, 1000 out

    public static class Resource implements QuarkusTestResourceLifecycleManager {
        private String schema;

        @Override
        public Map<String, String> start() {
            schema = TestDatabase.freshSchemaName("advice");
            String run = Long.toHexString(System.nanoTime());
            verifiedTopic = "pcs.verified.v1.advice-test-" + run;
            TestKafka.createTopics(List.of(verifiedTopic, verifiedTopic + ".dlq"));
            Map<String, String> c = new HashMap<>();
            c.put("quarkus.datasource.jdbc.url", TestDatabase.url(schema));
            c.put("quarkus.flyway.schemas", schema);
            c.put("quarkus.flyway.default-schema", schema);
            c.put("flk.cost.topics", verifiedTopic);
            c.put("flk.cost.consumer-group", "advice-test-" + schema);
            c.put("flk.cost.budget-check-interval", "PT0S");
            c.put("flk.cost.reconcile-interval", "PT0S");
            return c;
        }

        @Override
        public void stop() {
            TestDatabase.drop(schema);
        }
    }

    /** Tasks a day per model: 20 on weekdays, 8 at weekends, on each of the two models. */
    static int tasks(LocalDate day) {
        return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY ? 8 : 20;
    }

    /** After the application a quarter of the large model's tasks stay on it (rounded down), the rest move. */
    static int largeAfter(LocalDate day) {
        return tasks(day) / 4;
    }

    private static boolean sent;

    @BeforeEach
    void sendHistory() throws Exception {
        if (sent) {
            return;
        }
        sent = true;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.BOOTSTRAP);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        int events = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            for (int d = DAYS; d >= 1; d--) {
                LocalDate day = TODAY.minusDays(d);
                boolean after = !day.isBefore(APPLIED);
                int large = after ? largeAfter(day) : tasks(day);
                int small = after ? 2 * tasks(day) - large : tasks(day);
                Instant noon = day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(12));
                for (int i = 0; i < small; i++) {
                    send(producer, noon.plusSeconds(i), new DeclaredUsage("small", "summarise", 1000L, 200L, null));
                }
                for (int i = 0; i < large; i++) {
                    send(producer, noon.plusSeconds(i), new DeclaredUsage("large", "summarise", 5000L, 1000L, null));
                }
                events += small + large;
            }
            producer.flush();
        }
        long expected = events;
        await().atMost(Duration.ofSeconds(60)).until(() -> submissions() == expected);
    }

    private void send(KafkaProducer<String, byte[]> producer, Instant at, DeclaredUsage usage) throws Exception {
        String id = UUID.randomUUID().toString().replace("-", "");
        String key = Topics.submissionKey(T, id);
        PcsVerified v = new PcsVerified(T, id, at.toString(), "test", "{}",
                new PcsVerified.VerifiedOutcome(200, true, false, null, null, null, null), "k", "default@1",
                new PcsVerified.WalPosition(1, 0), usage, new PcsVerified.FirstResponse("w:1", 200, "{}"),
                new PcsVerified.VerifierWork(1000, 500), null);
        producer.send(new ProducerRecord<>(verifiedTopic, key, MAPPER.writeValueAsBytes(EventEnvelope.of(
                EventEnvelope.deterministicId(PcsVerified.TYPE, key), PcsVerified.TYPE, PcsVerified.VERSION, T, key, at, v))));
    }

    private long submissions() {
        return given().header("Authorization", "Bearer " + ADMIN)
                .get("/v1/cost/breakdown?from=" + TODAY.minusDays(DAYS) + "&to=" + TODAY.plusDays(1)
                        + "&group_by=resource&tenant=" + T)
                .jsonPath().<Map<String, Object>>getList("rows").stream()
                .filter(r -> "submissions".equals(((Map<?, ?>) r.get("group")).get("resource")))
                .mapToLong(r -> new BigDecimal(r.get("quantity").toString()).longValue()).sum();
    }

    @Test
    @Order(1)
    void theDearModelIsAdvisedAgainstWithTheEstimateItsFiguresGive() {
        JsonPath j = analyst().get("/v1/cost/recommendations?tenant=" + T + "&to=" + APPLIED).then().statusCode(200)
                .extract().jsonPath();
        assertThat(j.getString("from")).isEqualTo(APPLIED.minusDays(28).toString());
        assertThat(j.getList("recommendations.id")).containsExactly("model-cost:large");
        // Independently: the large model's trusted tasks in the 28 days × the difference per trusted task, per 30 days.
        long largeTasks = 0;
        for (LocalDate d = APPLIED.minusDays(28); d.isBefore(APPLIED); d = d.plusDays(1)) {
            largeTasks += tasks(d);
        }
        BigDecimal expected = LARGE.subtract(SMALL).multiply(BigDecimal.valueOf(largeTasks))
                .multiply(BigDecimal.valueOf(30)).divide(BigDecimal.valueOf(28), MathContext.DECIMAL64);
        assertThat(new BigDecimal(j.getString("recommendations[0].estimated_monthly_saving_usd")))
                .isCloseTo(expected, within(new BigDecimal("0.000001")));
        assertThat(j.getInt("recommendations[0].evidence.model_trusted_tasks")).isEqualTo((int) largeTasks);
        assertThat(j.getString("recommendations[0].evidence.reference_model")).isEqualTo("small");
        assertThat(j.getString("recommendations[0].measured_on")).isEqualTo("tenant_total");
    }

    @Test
    @Order(2)
    void anAppliedRecommendationIsRecordedOnceAndItsRealisedSavingIsTheTrueOne() {
        String body = "{\"tenant\":\"" + T + "\",\"id\":\"model-cost:large\",\"applied_at\":\"" + APPLIED
                + "\",\"note\":\"three quarters of the large model's tasks moved to small\"}";
        analyst().contentType("application/json").body(body).post("/v1/cost/recommendations/apply").then()
                .statusCode(201).body("recommendation_id", equalTo("model-cost:large"));
        analyst().contentType("application/json").body(body).post("/v1/cost/recommendations/apply").then()
                .statusCode(200).body("applied_by", equalTo("test-" + Roles.ANALYST));

        JsonPath j = analyst().get("/v1/cost/recommendations/applied?tenant=" + T).then().statusCode(200).extract()
                .jsonPath();
        assertThat(j.getList("applied")).hasSize(1);
        assertThat(j.getString("applied[0].realised.status")).isEqualTo("measured");
        assertThat(j.getInt("applied[0].realised.measured_days")).isEqualTo(AFTER);
        // The truth: what the moved tasks would have cost on the large model minus what they cost on the small one.
        double truth = 0;
        double actual = 0;
        for (LocalDate d = APPLIED; d.isBefore(TODAY); d = d.plusDays(1)) {
            int moved = tasks(d) - largeAfter(d);
            truth += moved * LARGE.subtract(SMALL).doubleValue();
            actual += (2 * tasks(d) - largeAfter(d)) * SMALL.doubleValue() + largeAfter(d) * LARGE.doubleValue();
        }
        assertThat(j.getDouble("applied[0].realised.actual_usd")).isCloseTo(actual, within(1e-6));
        assertThat(j.getDouble("applied[0].realised.realised_saving_usd")).isCloseTo(truth, within(truth * 0.02));
        assertThat(j.getBoolean("applied[0].realised.beyond_band")).isTrue();
    }

    @Test
    @Order(3)
    void badInputIsAClearProblemAndNothingIsRecorded() {
        analyst().get("/v1/cost/recommendations?tenant=" + T + "&window_days=3").then().statusCode(400)
                .contentType("application/problem+json");
        analyst().get("/v1/cost/recommendations?tenant=" + T + "&to=" + TODAY.plusDays(1)).then().statusCode(400);
        analyst().get("/v1/cost/recommendations?tenant=" + T + "&to=yesterday").then().statusCode(400);
        analyst().get("/v1/cost/recommendations").then().statusCode(400);
        analyst().contentType("application/json").body("{\"tenant\":\"" + T + "\",\"id\":\"anchor-cadence\"}")
                .post("/v1/cost/recommendations/apply").then().statusCode(404)
                .body("type", org.hamcrest.Matchers.endsWith("no-such-recommendation"));
        analyst().contentType("application/json").body("{\"tenant\":\"" + T + "\",\"id\":\"model-cost:small\","
                + "\"applied_at\":\"" + TODAY.plusDays(3) + "\"}").post("/v1/cost/recommendations/apply").then()
                .statusCode(400);
        analyst().contentType("application/json").body("{\"tenant\":\"" + T + "\",\"id\":\"model-cost:large\","
                + "\"applied_at\":\"last week\"}").post("/v1/cost/recommendations/apply").then().statusCode(400);
        analyst().contentType("application/json").body("{not json").post("/v1/cost/recommendations/apply").then()
                .statusCode(400);
        // window_days that is no number, and a 'to' so far back that date arithmetic would overflow: 400, not 500
        analyst().get("/v1/cost/recommendations?tenant=" + T + "&window_days=abc").then().statusCode(400);
        analyst().get("/v1/cost/recommendations?tenant=" + T + "&window_days=2147483648").then().statusCode(400);
        analyst().get("/v1/cost/recommendations?tenant=" + T + "&to=-999999999-01-01").then().statusCode(400);
        analyst().contentType("application/json").body("{\"tenant\":\"" + T + "\",\"id\":\"model-cost:large\","
                + "\"applied_at\":\"\"}").post("/v1/cost/recommendations/apply").then().statusCode(400);
        analyst().contentType("application/json").body("{\"tenant\":\"" + T + "\",\"id\":[1,2]}")
                .post("/v1/cost/recommendations/apply").then().statusCode(400);
        // Nothing of the bad requests was recorded: only the one application of the test before.
        assertThat(analyst().get("/v1/cost/recommendations/applied?tenant=" + T).jsonPath()
                .<String>getList("applied.recommendation_id")).containsExactly("model-cost:large");
    }

    @Test
    @Order(4)
    void anotherTenantsAnalystAndAnonymousCallersSeeNothing() {
        for (String path : List.of("/v1/cost/recommendations?tenant=" + T, "/v1/cost/recommendations/applied?tenant=" + T)) {
            given().header("Authorization", "Bearer " + OTHER).get(path).then().statusCode(403);
            given().get(path).then().statusCode(401);
        }
        given().header("Authorization", "Bearer " + OTHER).contentType("application/json")
                .body("{\"tenant\":\"" + T + "\",\"id\":\"model-cost:large\"}").post("/v1/cost/recommendations/apply")
                .then().statusCode(403);
    }

    @Test
    @Order(5)
    void theCliAndTheAnalystPageShowTheAdviceAndTheRealisedSaving() throws Exception {
        String url = "http://127.0.0.1:" + io.restassured.RestAssured.port;
        Cli.Run advise = Cli.run("cost", "advise", "--url", url, "--token", ANALYST, "--tenant", T, "--to",
                APPLIED.toString());
        assertThat(advise.exit()).as(advise.err()).isZero();
        assertThat(advise.out()).contains("1 recommendation(s)").contains("model-cost:large").contains("apply: Route");
        Cli.Run applied = Cli.run("cost", "advise", "--url", url, "--token", ANALYST, "--tenant", T, "--applied");
        assertThat(applied.exit()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("realised over " + AFTER + " days").contains("beyond the band");
        Cli.Run unknown = Cli.run("cost", "advise", "--url", url, "--token", ANALYST, "--tenant", T, "--apply", "nope");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("404").contains("no recommendation 'nope'");

        String page = url + "/analyst/index.html?token=" + ANALYST + "&tenant=" + T;
        String dom = HeadlessChromium.dumpDom(page, java.nio.file.Path.of("target/analyst-advice.png"));
        assertThat(dom).contains("<td>model-cost:large</td>").contains("beyond the band");
    }

    private static io.restassured.specification.RequestSpecification analyst() {
        return given().header("Authorization", "Bearer " + ANALYST);
    }
}
