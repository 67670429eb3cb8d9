package io.fractallba.pcs.testing;

import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * What every service must serve (ARCHITECTURE.md): health, Prometheus metrics and its OpenAPI document. Each
 * service's {@code @QuarkusTest} extends this with its application name.
 */
public abstract class ManagementEndpointsContract {

    private final String applicationName;

    protected ManagementEndpointsContract(String applicationName) {
        this.applicationName = applicationName;
    }

    @Test
    void healthMetricsAndOpenApi() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get("/q/openapi").then().statusCode(200).body(containsString(applicationName));
    }
}
