package io.fractallba.operator.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.WebApplicationException;

/** The words a service gave for refusing a call (its problem+json {@code detail}), for a resource's status. */
public final class ServiceProblem {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceProblem() {
    }

    public static String detail(Throwable e) {
        if (e instanceof WebApplicationException w && w.getResponse() != null) {
            int status = w.getResponse().getStatus();
            try {
                String body = w.getResponse().readEntity(String.class);
                JsonNode p = JSON.readTree(body);
                String detail = p.path("detail").asText(p.path("title").asText(""));
                return status + " " + (detail.isEmpty() ? body : detail);
            } catch (RuntimeException | java.io.IOException ignored) {
                return status + " " + w.getMessage();
            }
        }
        return e.toString();
    }
}
