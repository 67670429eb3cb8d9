package io.fractallba.security;

import io.fractallba.pcs.problem.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * A body announced larger than {@code quarkus.http.limits.max-body-size} is refused before it is read, with the
 * suite's problem+json 413 (Quarkus' own refusal of it has an empty body) and the connection closed, so an
 * oversized upload costs neither memory nor an error log line. Bodies without a Content-Length are still cut off
 * by Quarkus at the same limit.
 */
@ApplicationScoped
public class BodyLimit {

    private static final String PROBLEM_JSON = Problem.MEDIA_TYPE;

    void install(@Observes Router router,
                 @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit) {
        long max = limit.asLongValue();
        String body = "{\"type\":\"urn:fractal-lba:problem:body-too-large\",\"title\":\"Body too large\",\"status\":413,"
                + "\"detail\":\"the body is larger than this service accepts (" + max + " bytes)\"}";
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            Optional<Long> length = contentLength(ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH));
            if (length.isPresent() && length.get() > max) {
                ctx.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON)
                        .putHeader(HttpHeaders.CONNECTION, "close").end(body);
                return;
            }
            ctx.next();
        });
    }

    private static Optional<Long> contentLength(String header) {
        if (header == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();   // Vert.x refuses a malformed Content-Length itself
        }
    }
}
