package io.fractallba.dedup.runtime;

import io.fractallba.pcs.dedup.DedupKeys;
import io.fractallba.pcs.dedup.StoredResponse;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;

import java.time.Duration;
import java.util.Optional;

/** The hot tier as the verifier writes it: same keys ({@link DedupKeys}), same value encoding. */
public class HotTier {

    private final ValueCommands<String, String> values;

    public HotTier(RedisDataSource redis) {
        this.values = redis.value(String.class);
    }

    public Optional<StoredResponse> find(String tenant, String pcsId) {
        String v = values.get(DedupKeys.redisKey(tenant, pcsId));
        return v == null ? Optional.empty() : Optional.of(StoredResponse.decode(v));
    }

    /** Writes the first response back unless the hot tier already holds one. */
    public void promote(String tenant, String pcsId, StoredResponse r, Duration ttl) {
        values.set(DedupKeys.redisKey(tenant, pcsId), r.encode(), new SetArgs().nx().ex(ttl));
    }
}
