package io.fractallba.pcs.testing;

import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * What every service must serve (docs/architecture.md): health, Prometheus metrics and its OpenAPI document — on the
 * management interface, never on the public port. Each service's {@code @QuarkusTest} extends this with its
 * application name.
 */
public abstract class ManagementEndpointsContract {

    /** Quarkus' management port under {@code @QuarkusTest} (quarkus.management.test-port, default 9001). */
    public static final int TEST_MANAGEMENT_PORT = 9001;

    private final String applicationName;

    protected ManagementEndpointsContract(String applicationName) {
        this.applicationName = applicationName;
    }

    /** A request to the management interface of the service under test. */
    public static RequestSpecification management() {
        return given().port(TEST_MANAGEMENT_PORT);
    }

    @Test
    void healthMetricsAndOpenApiOnTheManagementPort() throws InterruptedException {
        // Readiness includes the Kafka consumers, which join their groups a few seconds after start-up.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (management().get("/q/health/ready").statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        management().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        management().get("/q/health/ready").then().statusCode(200);
        management().get("/q/health/live").then().statusCode(200);
        management().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        management().get("/q/openapi").then().statusCode(200).body(containsString(applicationName));
    }

    @Test
    void nothingOfManagementOnThePublicPort() {
        for (String path : new String[] {"/q/metrics", "/q/health", "/q/health/ready", "/q/openapi"}) {
            given().get(path).then().statusCode(404);
        }
    }
}
