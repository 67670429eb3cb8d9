package io.fractallba.dedup.shard;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Blocking access to the hot tier's Redis nodes by URL (clients created on first use and kept). */
public final class RedisNodes implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final boolean ownVertx;
    private final Map<String, Redis> clients = new ConcurrentHashMap<>();

    public RedisNodes(Vertx vertx) {
        this.vertx = vertx;
        this.ownVertx = false;
    }

    public RedisNodes() {
        this.vertx = Vertx.vertx();
        this.ownVertx = true;
    }

    public RedisAPI api(String url) {
        return RedisAPI.api(clients.computeIfAbsent(url, u -> Redis.createClient(vertx, u)));
    }

    public String get(String url, String key) {
        Response r = api(url).get(key).await().atMost(TIMEOUT);
        return r == null ? null : r.toString();
    }

    /** Remaining time to live in milliseconds (-1 none, -2 missing). */
    public long pttl(String url, String key) {
        return api(url).pttl(key).await().atMost(TIMEOUT).toLong();
    }

    /**
     * SET NX PX: true when this call wrote the key. The time to live must be at least a millisecond: a key of the hot
     * tier without one would never expire (use {@link #setIfAbsentWithoutExpiry} to copy a key that has none).
     */
    public boolean setIfAbsent(String url, String key, String value, long ttlMillis) {
        if (ttlMillis <= 0) {
            throw new IllegalArgumentException("SET NX of " + key + " needs a positive TTL, not " + ttlMillis + " ms");
        }
        return api(url).set(List.of(key, value, "NX", "PX", Long.toString(ttlMillis))).await().atMost(TIMEOUT) != null;
    }

    /** SET NX without an expiry: only to copy a key that has none itself (a shard migration). */
    public boolean setIfAbsentWithoutExpiry(String url, String key, String value) {
        return api(url).set(List.of(key, value, "NX")).await().atMost(TIMEOUT) != null;
    }

    public void set(String url, String key, String value, long ttlMillis) {
        List<String> args = new ArrayList<>(List.of(key, value));
        if (ttlMillis > 0) {
            args.addAll(List.of("PX", Long.toString(ttlMillis)));
        }
        api(url).set(args).await().atMost(TIMEOUT);
    }

    public void delete(String url, List<String> keys) {
        if (!keys.isEmpty()) {
            api(url).del(keys).await().atMost(TIMEOUT);
        }
    }

    /** One SCAN page of hot-tier keys: the next cursor ("0" when done) and the keys. */
    public record Page(String cursor, List<String> keys) {
    }

    public Page scan(String url, String cursor, int count) {
        Response r = api(url).scan(List.of(cursor, "MATCH", "flk:dedup:*", "COUNT", Integer.toString(count)))
                .await().atMost(TIMEOUT);
        List<String> keys = new ArrayList<>();
        for (Response k : r.get(1)) {
            keys.add(k.toString());
        }
        return new Page(r.get(0).toString(), keys);
    }

    @Override
    public void close() {
        clients.values().forEach(Redis::close);
        if (ownVertx) {
            vertx.closeAndAwait();
        }
    }
}
