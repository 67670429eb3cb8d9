package io.fractallba.verifier.dedup;

import io.fractallba.verifier.config.VerifierConfig;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;

/**
 * Hot dedup tier in Redis. {@code SET key value NX EX window GET} stores and reads in one round trip: nil means
 * this write won, anything else is the first response. Commands go through the {@link RedisBatcher}.
 */
@ApplicationScoped
public class RedisDedupStore implements DedupStore {

    private final RedisBatcher redis;
    private final long windowSeconds;
    private final Duration timeout;

    public RedisDedupStore(RedisBatcher redis, VerifierConfig config,
                           @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.redis.timeout",
                                   defaultValue = "2s") Duration timeout) {
        this.redis = redis;
        this.windowSeconds = config.dedup().window().toSeconds();
        this.timeout = timeout;
    }

    static String key(String tenant, String pcsId) {
        // Tenant-scoped (CONTRACT.md §5 fix); the length prefix keeps "a/b"+"c" apart from "a"+"b/c".
        return "flk:dedup:" + tenant.length() + ":" + tenant + ":" + pcsId;
    }

    @Override
    public Optional<StoredResponse> find(String tenant, String pcsId) throws DedupUnavailableException {
        return decode(call(Request.cmd(Command.GET).arg(key(tenant, pcsId))));
    }

    @Override
    public Optional<StoredResponse> putIfAbsent(String tenant, String pcsId, StoredResponse response)
            throws DedupUnavailableException {
        return decode(call(Request.cmd(Command.SET).arg(key(tenant, pcsId)).arg(response.encode())
                .arg("NX").arg("EX").arg(windowSeconds).arg("GET")));
    }

    private Response call(Request request) throws DedupUnavailableException {
        try {
            return redis.execute(request, timeout);
        } catch (Exception e) {
            throw new DedupUnavailableException("dedup store unreachable: " + e.getMessage(), e);
        }
    }

    private static Optional<StoredResponse> decode(Response r) {
        return r == null ? Optional.empty() : Optional.of(StoredResponse.decode(r.toString()));
    }
}
