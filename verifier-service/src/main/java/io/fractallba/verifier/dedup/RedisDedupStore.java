package io.fractallba.verifier.dedup;

import io.fractallba.pcs.dedup.DedupKeys;
import io.fractallba.pcs.dedup.StoredResponse;
import io.fractallba.verifier.config.VerifierConfig;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;

/**
 * Hot dedup tier in Redis. {@code SET key value NX EX ttl GET} stores and reads in one round trip: nil means
 * this write won, anything else is the first response. Commands go through the {@link RedisBatcher}. The TTL is the
 * whole dedup window when Redis is the only tier, else the tenant's hot TTL.
 */
@ApplicationScoped
public class RedisDedupStore {

    private final RedisBatcher redis;
    private final VerifierConfig config;
    private final long defaultTtlSeconds;
    private final Duration timeout;

    public RedisDedupStore(RedisBatcher redis, VerifierConfig config,
                           @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.redis.timeout",
                                   defaultValue = "2s") Duration timeout) {
        this.redis = redis;
        this.config = config;
        this.defaultTtlSeconds = (config.dedup().durableUrl().isPresent() ? config.dedup().hotTtl()
                : config.dedup().window()).toSeconds();
        this.timeout = timeout;
    }

    static String key(String tenant, String pcsId) {
        return DedupKeys.redisKey(tenant, pcsId);
    }

    public Optional<StoredResponse> find(String tenant, String pcsId) throws DedupUnavailableException {
        return decode(call(Request.cmd(Command.GET).arg(key(tenant, pcsId))));
    }

    public Optional<StoredResponse> putIfAbsent(String tenant, String pcsId, StoredResponse response)
            throws DedupUnavailableException {
        return decode(call(Request.cmd(Command.SET).arg(key(tenant, pcsId)).arg(response.encode())
                .arg("NX").arg("EX").arg(ttlSeconds(tenant)).arg("GET")));
    }

    /** Replaces the hot entry (a tentative write of ours) with the first response found in a durable tier. */
    public void overwrite(String tenant, String pcsId, StoredResponse response) throws DedupUnavailableException {
        call(Request.cmd(Command.SET).arg(key(tenant, pcsId)).arg(response.encode()).arg("EX").arg(ttlSeconds(tenant)));
    }

    private long ttlSeconds(String tenant) {
        if (config.dedup().durableUrl().isEmpty()) {
            return defaultTtlSeconds;
        }
        VerifierConfig.Tenant t = config.tenants().get(tenant);
        return t != null && t.dedupHotTtl().isPresent() ? t.dedupHotTtl().get().toSeconds() : defaultTtlSeconds;
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
