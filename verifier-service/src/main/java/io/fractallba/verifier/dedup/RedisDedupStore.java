package io.fractallba.verifier.dedup;

import io.fractallba.pcs.dedup.DedupKeys;
import io.fractallba.pcs.dedup.StoredResponse;
import io.fractallba.verifier.config.VerifierConfig;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;

/**
 * Hot dedup tier in Redis, spread over the nodes of the shard routing ({@link HotTierRouter}).
 * {@code SET key value NX EX ttl GET} stores and reads in one round trip: nil means this write won, anything else is
 * the first response. While a migration runs, the win is decided on the key's owner in the new layout and then
 * claimed on its owner in the old one, so writers on either layout meet on one atomic {@code SET NX}. The TTL is the
 * whole dedup window when Redis is the only tier, else the tenant's hot TTL.
 */
@ApplicationScoped
public class RedisDedupStore {

    private final HotTierRouter router;
    private final VerifierConfig config;
    private final long defaultTtlSeconds;
    private final Duration timeout;

    public RedisDedupStore(HotTierRouter router, VerifierConfig config,
                           @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.redis.timeout",
                                   defaultValue = "2s") Duration timeout) {
        this.router = router;
        this.config = config;
        this.defaultTtlSeconds = (config.dedup().durableUrl().isPresent() ? config.dedup().hotTtl()
                : config.dedup().window()).toSeconds();
        this.timeout = timeout;
    }

    static String key(String tenant, String pcsId) {
        return DedupKeys.redisKey(tenant, pcsId);
    }

    public Optional<StoredResponse> find(String tenant, String pcsId) throws DedupUnavailableException {
        String key = key(tenant, pcsId);
        HotTierRouter.Routes r = router.routes();
        if (!r.routing().migrating()) {
            return decode(call(r.routing().current(), stableOwner(r, key), Request.cmd(Command.GET).arg(key)));
        }
        String newOwner = r.next().owner(key);
        Optional<StoredResponse> found = decode(call(r.routing().next(), newOwner, Request.cmd(Command.GET).arg(key)));
        return found.isPresent() ? found
                : decode(call(r.routing().current(), r.current().owner(key), Request.cmd(Command.GET).arg(key)));
    }

    public Optional<StoredResponse> putIfAbsent(String tenant, String pcsId, StoredResponse response)
            throws DedupUnavailableException {
        String key = key(tenant, pcsId);
        HotTierRouter.Routes r = router.routes();
        if (!r.routing().migrating()) {
            return decode(write(r.routing().current(), stableOwner(r, key), setNxGet(key, response, tenant)));
        }
        Optional<StoredResponse> first = decode(write(r.routing().next(), r.next().owner(key), setNxGet(key, response, tenant)));
        if (first.isPresent()) {
            return first;
        }
        // Won on the new owner; writers still on the old layout decide on the old owner: claim it there as well.
        Optional<StoredResponse> older = decode(write(r.routing().current(), r.current().owner(key),
                setNxGet(key, response, tenant)));
        if (older.isPresent() && !older.get().origin().equals(response.origin())) {
            call(r.routing().next(), r.next().owner(key), set(key, older.get(), tenant));
            return older;
        }
        return Optional.empty();
    }

    /** Replaces the hot entry (a tentative write of ours) with the first response found in a durable tier. */
    public void overwrite(String tenant, String pcsId, StoredResponse response) throws DedupUnavailableException {
        String key = key(tenant, pcsId);
        HotTierRouter.Routes r = router.routes();
        if (!r.routing().migrating()) {
            call(r.routing().current(), stableOwner(r, key), set(key, response, tenant));
            return;
        }
        call(r.routing().next(), r.next().owner(key), set(key, response, tenant));
        call(r.routing().current(), r.current().owner(key), set(key, response, tenant));
    }

    /**
     * The key's owner, or — only when the durable tiers back the hot tier — the next healthy node while the owner
     * recently failed: its keys then miss there and are found in the durable tiers. Without them, never reroute.
     */
    private String stableOwner(HotTierRouter.Routes r, String key) {
        if (config.dedup().durableUrl().isEmpty()) {
            return r.current().owner(key);
        }
        String owner = r.current().owner(key, router::healthy);
        return owner != null ? owner : r.current().owner(key);
    }

    private Request setNxGet(String key, StoredResponse response, String tenant) {
        return Request.cmd(Command.SET).arg(key).arg(response.encode()).arg("NX").arg("EX").arg(ttlSeconds(tenant)).arg("GET");
    }

    private Request set(String key, StoredResponse response, String tenant) {
        return Request.cmd(Command.SET).arg(key).arg(response.encode()).arg("EX").arg(ttlSeconds(tenant));
    }

    private long ttlSeconds(String tenant) {
        if (config.dedup().durableUrl().isEmpty()) {
            return defaultTtlSeconds;
        }
        VerifierConfig.Tenant t = config.tenants().get(tenant);
        return t != null && t.dedupHotTtl().isPresent() ? t.dedupHotTtl().get().toSeconds() : defaultTtlSeconds;
    }

    /** A {@code SET NX} of this request's response: if it fails, the store may still have executed it. */
    private Response write(io.fractallba.pcs.dedup.ShardLayout layout, String node, Request request)
            throws DedupUnavailableException {
        try {
            return call(layout, node, request);
        } catch (DedupUnavailableException e) {
            throw new DedupUnavailableException(e.getMessage(), e.getCause(), true);
        }
    }

    private Response call(io.fractallba.pcs.dedup.ShardLayout layout, String node, Request request)
            throws DedupUnavailableException {
        try {
            Response r = router.node(layout, node).execute(request, timeout);
            router.succeeded(node);
            return r;
        } catch (Exception e) {
            router.failed(node);
            throw new DedupUnavailableException("hot-tier node " + node + " unreachable: " + e.getMessage(), e);
        }
    }

    private static Optional<StoredResponse> decode(Response r) {
        return r == null ? Optional.empty() : Optional.of(StoredResponse.decode(r.toString()));
    }
}
