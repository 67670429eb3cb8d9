package io.fractallba.verifier.dedup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.dedup.StoredResponse;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Looks a (tenant, pcs_id) up in the dedup-service's durable tiers (warm Postgres, cold archive). */
public final class DurableDedupClient {

    private final String base;
    private final Duration timeout;
    private final ObjectMapper mapper;
    private final HttpClient http;
    private final Supplier<Optional<String>> authorization;

    /** {@code authorization} gives the header of this verifier's own credential (service-security), if it has one. */
    public DurableDedupClient(String baseUrl, Duration timeout, ObjectMapper mapper,
                              Supplier<Optional<String>> authorization) {
        this.authorization = authorization;
        this.base = baseUrl.replaceAll("/+$", "");
        this.timeout = timeout;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    public Optional<StoredResponse> find(String tenant, String pcsId) throws DedupUnavailableException {
        URI uri = URI.create(base + "/v1/dedup/" + enc(tenant) + "/" + enc(pcsId) + "?tiers=durable");
        HttpResponse<byte[]> r;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).GET();
            authorization.get().ifPresent(h -> b.header("Authorization", h));
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new DedupUnavailableException("durable dedup tiers unreachable: " + e, e);
        }
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw new DedupUnavailableException("durable dedup lookup answered " + r.statusCode(), null);
        }
        try {
            JsonNode resp = mapper.readTree(r.body()).path("response");
            return Optional.of(new StoredResponse(resp.path("origin").asText(), resp.path("status").asInt(),
                    resp.path("body").asText().getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new DedupUnavailableException("durable dedup lookup answered an unreadable record", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
