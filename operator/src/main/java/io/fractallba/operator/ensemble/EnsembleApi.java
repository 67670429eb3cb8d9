package io.fractallba.operator.ensemble;

import com.fasterxml.jackson.databind.JsonNode;
import io.fractallba.operator.runtime.ServiceAuthorization;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.time.temporal.ChronoUnit;

/**
 * The ensemble-service's policy API (docs/ensemble.md), called with this operator's own token (role operator).
 * Connection failures are retried twice here; anything longer is the reconciler's retry with back-off. A 4xx or 5xx
 * answer arrives as a {@code WebApplicationException} carrying the service's problem+json.
 */
@RegisterRestClient(configKey = "ensemble")
@RegisterProvider(ServiceAuthorization.class)
@Path("/v1/ensemble/policies")
public interface EnsembleApi {

    @GET
    @Path("/{tenant}")
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, retryOn = ProcessingException.class)
    JsonNode current(@PathParam("tenant") String tenant);

    @PUT
    @Path("/{tenant}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    JsonNode publish(@PathParam("tenant") String tenant, JsonNode policy);
}
