package io.fractallba.security;

import io.fractallba.pcs.problem.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;
import java.util.Optional;

/**
 * The first thing every request meets: a request target longer than {@code flk.http.max-uri-length} (414), headers
 * beyond {@code flk.http.max-header-bytes} (431), or a body announced larger than
 * {@code quarkus.http.limits.max-body-size} (413) are refused before the body is read, with the suite's problem+json and
 * the connection closed, so they cost neither memory nor an error log line. Quarkus' own refusals of the same have
 * empty bodies; its limits stay in force as the outer cap. Bodies without a Content-Length are still cut off by
 * Quarkus at the body limit.
 */
@ApplicationScoped
public class RequestLimits {

    void install(@Observes Router router, RequestLimitsConfig limits,
                 @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize body) {
        long maxBody = body.asLongValue();
        String tooLarge = problem("body-too-large", "Body too large", 413,
                "the body is larger than this service accepts (" + maxBody + " bytes)");
        String uriTooLong = problem("uri-too-long", "URI too long", 414,
                "the request target is longer than this service accepts (" + limits.maxUriLength() + " characters)");
        String headersTooLarge = problem("headers-too-large", "Request headers too large", 431,
                "the request headers are larger than this service accepts (" + limits.maxHeaderBytes() + " bytes)");
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            if (ctx.request().uri().length() > limits.maxUriLength()) {
                refuse(ctx, 414, uriTooLong);
            } else if (headerBytes(ctx.request().headers()) > limits.maxHeaderBytes()) {
                refuse(ctx, 431, headersTooLarge);
            } else if (contentLength(ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH)).orElse(0L) > maxBody) {
                refuse(ctx, 413, tooLarge);
            } else {
                ctx.next();
            }
        });
    }

    private static void refuse(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close").end(body);
    }

    private static String problem(String slug, String title, int status, String detail) {
        return "{\"type\":\"urn:fractal-lba:problem:" + slug + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}";
    }

    private static long headerBytes(MultiMap headers) {
        long n = 0;
        for (Map.Entry<String, String> h : headers) {
            n += h.getKey().length() + h.getValue().length() + 4; // ": " and CRLF, as on the wire
        }
        return n;
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
