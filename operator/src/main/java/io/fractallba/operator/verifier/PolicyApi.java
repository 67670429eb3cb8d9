package io.fractallba.operator.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import io.fractallba.operator.runtime.ServiceAuthorization;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.time.temporal.ChronoUnit;

/** The verifier's policy API (docs/policies.md), called with the operator's own token (role operator). */
@RegisterRestClient(configKey = "verifier")
@RegisterProvider(ServiceAuthorization.class)
@Path("/v1/policies/{tenant}")
public interface PolicyApi {

    /** Active version, published versions, history. */
    @GET
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, retryOn = ProcessingException.class)
    JsonNode overview(@PathParam("tenant") String tenant);

    /** Publishes a version: 201, or 200 when the same document is already published (so publishing is idempotent). */
    @POST
    @Path("/versions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    JsonNode publish(@PathParam("tenant") String tenant, JsonNode document);

    @POST
    @Path("/active")
    @Consumes(MediaType.APPLICATION_JSON)
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    JsonNode activate(@PathParam("tenant") String tenant, JsonNode request);
}
