package io.fractallba.verifier.dedup;

import java.util.List;
import java.util.Set;
import io.fractallba.pcs.token.Roles;
import io.fractallba.security.ServiceCredentials;
import io.fractallba.pcs.dedup.ShardLayout;
import io.fractallba.pcs.dedup.ShardRing;
import io.fractallba.pcs.dedup.ShardRouting;
import io.fractallba.verifier.config.VerifierConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Which Redis node holds a hot-tier key: the shard routing (one layout, or a migration between two) from
 * configuration or polled from the dedup-service, a ring per layout, one pipelined {@link RedisBatcher} per node,
 * and node health (a node that just failed is skipped for a few seconds while the layout is stable; its keys then
 * miss and are found in the durable tiers).
 */
@ApplicationScoped
public class HotTierRouter {

    private static final Logger LOG = Logger.getLogger(HotTierRouter.class);
    static final String DEFAULT_NODE = "default";
    private static final long UNHEALTHY_NANOS = Duration.ofSeconds(5).toNanos();

    /** The routing in force with its rings. */
    public record Routes(ShardRouting routing, ShardRing current, ShardRing next) {
    }

    private final VerifierConfig config;
    private final RedisBatcher defaultNode;
    private final Vertx vertx;
    private final Map<String, RedisBatcher> byUrl = new ConcurrentHashMap<>();
    private final Map<String, Long> failedAt = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shard-routing-poll");
        t.setDaemon(true);
        return t;
    });
    private volatile Routes routes;
    private final ServiceCredentials credentials;
    private volatile int lastRefusal;

    public HotTierRouter(VerifierConfig config, RedisBatcher defaultNode, Vertx vertx, ServiceCredentials credentials) {
        this.credentials = credentials;
        this.config = config;
        this.defaultNode = defaultNode;
        this.vertx = vertx;
        ShardLayout initial = config.dedup().shards().map(ShardLayout::parse)
                .orElse(new ShardLayout(Map.of(DEFAULT_NODE, "default"), 1));
        install(ShardRouting.stable(0, initial));
    }

    void onStart(@Observes StartupEvent ev) {
        config.dedup().routingUrl().ifPresent(url -> {
            poll(url);
            long every = config.dedup().routingPoll().toMillis();
            poller.scheduleWithFixedDelay(() -> poll(url), every, every, TimeUnit.MILLISECONDS);
        });
    }

    void onStop(@Observes ShutdownEvent ev) {
        poller.shutdownNow();
        byUrl.values().forEach(RedisBatcher::close);
    }

    public Routes routes() {
        return routes;
    }

    /** The batcher of a node of {@code layout}. */
    public RedisBatcher node(ShardLayout layout, String node) {
        String url = layout.url(node);
        if (DEFAULT_NODE.equals(node) && "default".equals(url)) {
            return defaultNode;
        }
        return byUrl.computeIfAbsent(url, u -> new RedisBatcher(Redis.createClient(vertx, u)));
    }

    public boolean healthy(String node) {
        Long at = failedAt.get(node);
        return at == null || System.nanoTime() - at > UNHEALTHY_NANOS;
    }

    public void failed(String node) {
        failedAt.put(node, System.nanoTime());
    }

    public void succeeded(String node) {
        failedAt.remove(node);
    }

    void install(ShardRouting routing) {
        Routes current = routes;
        if (current != null && routing.version() <= current.routing().version()) {
            return;
        }
        routes = new Routes(routing, routing.current().ring(), routing.next() == null ? null : routing.next().ring());
        LOG.infof("hot-tier routing v%d (%s): %s%s", routing.version(), routing.phase(), routing.current().text(),
                routing.next() == null ? "" : " → " + routing.next().text());
    }

    private void poll(String url) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2));
            credentials.authorization(Set.of(Roles.SERVICE), List.of(Roles.ALL_TENANTS))
                    .ifPresent(h -> b.header("Authorization", h));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                ShardRouting routing = ShardRouting.parse(r.body().trim());
                install(routing);
                lastRefusal = 0;
            } else if ((r.statusCode() == 401 || r.statusCode() == 403) && lastRefusal != r.statusCode()) {
                // Once per change, not every poll: the routing stays what it was until the credential is fixed.
                lastRefusal = r.statusCode();
                LOG.warnf("shard routing poll answered %d, keeping v%d: this verifier needs its own credential "
                        + "(flk.security.client.key-file, docs/security.md)", r.statusCode(), routes.routing().version());
            }
        } catch (Exception e) {
            LOG.debugf("shard routing poll failed, keeping v%d: %s", routes.routing().version(), e.toString());
        }
    }
}
