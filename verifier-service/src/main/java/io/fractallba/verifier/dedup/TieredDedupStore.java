package io.fractallba.verifier.dedup;

import io.fractallba.security.ServiceCredentials;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.dedup.StoredResponse;
import io.fractallba.verifier.config.VerifierConfig;
import io.fractallba.verifier.metrics.VerifierMetrics;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * First-write-wins across the tiers. The hot tier (Redis) answers duplicates in one round trip; only when it misses —
 * a new submission, or a record that aged out of Redis or was lost with Redis's data — are the durable tiers of the
 * dedup-service asked. A record found there is the first outcome: it is written back to the hot tier and answered as
 * a duplicate. Only when neither holds one is this response stored ({@code SET NX}, which still settles a race
 * between concurrent first submissions). The dedup-service learns every first response from {@code pcs.verified.v1}.
 */
@ApplicationScoped
public class TieredDedupStore implements DedupStore {

    /** The lookup reads any tenant's first response: this verifier's own credential, as a service of the suite. */
    private static final java.util.Set<String> SERVICE = java.util.Set.of(io.fractallba.pcs.token.Roles.SERVICE);
    private static final java.util.List<String> ALL = java.util.List.of(io.fractallba.pcs.token.Roles.ALL_TENANTS);

    private final RedisDedupStore hot;
    private final DurableDedupClient durable;
    private final VerifierMetrics metrics;

    public TieredDedupStore(RedisDedupStore hot, VerifierConfig config, ObjectMapper mapper, VerifierMetrics metrics,
                            ServiceCredentials credentials) {
        this.hot = hot;
        this.metrics = metrics;
        this.durable = config.dedup().durableUrl()
                .map(url -> new DurableDedupClient(url, config.dedup().durableTimeout(), mapper,
                        () -> credentials.authorization(SERVICE, ALL))).orElse(null);
    }

    @Override
    public Optional<StoredResponse> find(String tenant, String pcsId) throws DedupUnavailableException {
        Optional<StoredResponse> h = hot.find(tenant, pcsId);
        return h.isPresent() || durable == null ? h : durableLookup(tenant, pcsId);
    }

    @Override
    public Optional<StoredResponse> putIfAbsent(String tenant, String pcsId, StoredResponse response)
            throws DedupUnavailableException {
        if (durable == null) {
            return hot.putIfAbsent(tenant, pcsId, response);
        }
        // Nothing is written to the hot tier before the durable tiers have answered: a tentative entry left behind by
        // a failed lookup would later be replayed as a "first response" that was never acknowledged or published.
        Optional<StoredResponse> cached = hot.find(tenant, pcsId);
        if (cached.isPresent()) {
            return cached;
        }
        Optional<StoredResponse> older = durableLookup(tenant, pcsId);
        if (older.isPresent()) {
            hot.overwrite(tenant, pcsId, older.get());
            return older;
        }
        return hot.putIfAbsent(tenant, pcsId, response);
    }

    private Optional<StoredResponse> durableLookup(String tenant, String pcsId) throws DedupUnavailableException {
        long t0 = System.nanoTime();
        try {
            Optional<StoredResponse> r = durable.find(tenant, pcsId);
            metrics.durableLookup(r.isPresent() ? "hit" : "miss", System.nanoTime() - t0);
            return r;
        } catch (DedupUnavailableException e) {
            metrics.durableLookup("error", System.nanoTime() - t0);
            throw e;
        }
    }
}
