package io.fractallba.crr.ship;

import java.util.function.Supplier;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.crypto.Hashes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** HTTP calls between regions: apply records at a verifier, lend a record from a shipper, read dedup digests. */
public final class PeerClient {

    /** A call the peer answered with anything but success (the shipper retries every failure with backoff). */
    public static final class PeerException extends IOException {
        PeerException(String message) {
            super(message);
        }
    }

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final Supplier<Optional<String>> authorization;
    private final Duration timeout;

    /** {@code authorization}: this shipper's own replicator token (service-security), renewed as it expires. */
    public PeerClient(ObjectMapper mapper, Supplier<Optional<String>> authorization, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.mapper = mapper;
        this.authorization = authorization;
        this.timeout = timeout;
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
        authorization.get().ifPresent(h -> b.header("Authorization", h));
        return b;
    }

    /** POSTs the events (each a complete envelope as published) to a verifier's apply endpoint; one result each. */
    public List<JsonNode> apply(String verifierUrl, List<byte[]> events) throws IOException, InterruptedException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write("{\"events\":[".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.write(events.get(i));
        }
        body.write("]}".getBytes(StandardCharsets.UTF_8));
        byte[] bytes = body.toByteArray();
        HttpRequest req = request(URI.create(strip(verifierUrl) + "/v1/replication/apply"))
                .header("Content-Type", "application/json").header("X-Content-SHA256", Hashes.sha256Hex(bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new PeerException("apply at " + verifierUrl + " answered " + r.statusCode() + ": "
                    + new String(r.body(), StandardCharsets.UTF_8));
        }
        JsonNode results = mapper.readTree(r.body()).path("results");
        if (!results.isArray() || results.size() != events.size()) {
            throw new PeerException("apply at " + verifierUrl + " answered " + results.size() + " results for "
                    + events.size() + " events");
        }
        List<JsonNode> out = new java.util.ArrayList<>(results.size());
        results.forEach(out::add);
        return out;
    }

    /** The event a peer shipper's ledger holds for the key, if any. */
    public Optional<byte[]> lend(String shipperUrl, String tenant, String pcsId) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request(URI.create(strip(shipperUrl) + "/v1/crr/ledger/"
                        + enc(tenant) + "/" + enc(pcsId))).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw new PeerException("ledger of " + shipperUrl + " answered " + r.statusCode());
        }
        return Optional.of(r.body());
    }

    /** GET on a dedup-service's digest API ({@code path} below /v1/digests, with its query). */
    public JsonNode digests(String dedupUrl, String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request(URI.create(strip(dedupUrl) + "/v1/digests" + pathAndQuery))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new PeerException("digests of " + dedupUrl + " answered " + r.statusCode() + ": "
                    + new String(r.body(), StandardCharsets.UTF_8));
        }
        return mapper.readTree(r.body());
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String strip(String url) {
        return url.replaceAll("/+$", "");
    }
}
