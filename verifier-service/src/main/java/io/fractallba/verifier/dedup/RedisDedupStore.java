package io.fractallba.verifier.dedup;

import io.fractallba.verifier.config.VerifierConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;

/**
 * Hot dedup tier in Redis. {@code SET key value NX EX window GET} stores and reads in one round trip: nil means
 * this write won, anything else is the first response.
 */
@ApplicationScoped
public class RedisDedupStore implements DedupStore {

    private final ValueCommands<String, String> values;
    private final Duration window;

    public RedisDedupStore(RedisDataSource redis, VerifierConfig config) {
        this.values = redis.value(String.class);
        this.window = config.dedup().window();
    }

    static String key(String tenant, String pcsId) {
        // Tenant-scoped (CONTRACT.md §5 fix); the length prefix keeps "a/b"+"c" apart from "a"+"b/c".
        return "flk:dedup:" + tenant.length() + ":" + tenant + ":" + pcsId;
    }

    @Override
    public Optional<StoredResponse> find(String tenant, String pcsId) throws DedupUnavailableException {
        try {
            return Optional.ofNullable(values.get(key(tenant, pcsId))).map(StoredResponse::decode);
        } catch (RuntimeException e) {
            throw new DedupUnavailableException("dedup store unreachable: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredResponse> putIfAbsent(String tenant, String pcsId, StoredResponse response)
            throws DedupUnavailableException {
        try {
            String previous = values.setGet(key(tenant, pcsId), response.encode(), new SetArgs().nx().ex(window));
            return Optional.ofNullable(previous).map(StoredResponse::decode);
        } catch (RuntimeException e) {
            throw new DedupUnavailableException("dedup store unreachable: " + e.getMessage(), e);
        }
    }
}
