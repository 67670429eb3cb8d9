package io.fractallba.dedup.runtime;

import io.fractallba.dedup.shard.RedisNodes;
import io.fractallba.dedup.shard.RoutingStore;
import io.fractallba.pcs.dedup.DedupKeys;
import io.fractallba.pcs.dedup.ShardRouting;
import io.fractallba.pcs.dedup.StoredResponse;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * The hot tier as the verifier uses it: same keys ({@link DedupKeys}), same value encoding, same shard routing
 * (while a migration runs, the new layout's owner first, then the old one's).
 */
public class HotTier {

    private static final long ROUTING_CACHE_NANOS = Duration.ofSeconds(1).toNanos();

    private final RoutingStore routing;
    private final RedisNodes nodes;
    private volatile ShardRouting cached;
    private volatile long cachedAt;

    public HotTier(RoutingStore routing, RedisNodes nodes) {
        this.routing = routing;
        this.nodes = nodes;
    }

    public Optional<StoredResponse> find(String tenant, String pcsId) throws SQLException {
        String key = DedupKeys.redisKey(tenant, pcsId);
        ShardRouting r = routing();
        String v = null;
        if (r.migrating()) {
            v = nodes.get(r.next().url(r.next().ring().owner(key)), key);
        }
        if (v == null) {
            v = nodes.get(r.current().url(r.current().ring().owner(key)), key);
        }
        return v == null ? Optional.empty() : Optional.of(StoredResponse.decode(v));
    }

    /** Writes the first response back unless the hot tier already holds one. */
    public void promote(String tenant, String pcsId, StoredResponse r, Duration ttl) throws SQLException {
        String key = DedupKeys.redisKey(tenant, pcsId);
        ShardRouting routes = routing();
        var layout = routes.migrating() ? routes.next() : routes.current();
        nodes.setIfAbsent(layout.url(layout.ring().owner(key)), key, r.encode(), ttl.toMillis());
    }

    private ShardRouting routing() throws SQLException {
        long now = System.nanoTime();
        if (cached == null || now - cachedAt > ROUTING_CACHE_NANOS) {
            cached = routing.routing();
            cachedAt = now;
        }
        return cached;
    }
}
