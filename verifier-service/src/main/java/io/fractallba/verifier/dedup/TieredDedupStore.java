package io.fractallba.verifier.dedup;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.dedup.StoredResponse;
import io.fractallba.verifier.config.VerifierConfig;
import io.fractallba.verifier.metrics.VerifierMetrics;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * First-write-wins across the tiers. The hot tier (Redis) answers in one round trip; only when it misses — a new
 * submission, or a record that aged out of Redis or was lost with Redis's data — are the durable tiers of the
 * dedup-service asked. A record found there is the first outcome: it replaces our tentative hot entry and is
 * answered as a duplicate. The dedup-service learns every first response from {@code pcs.verified.v1}.
 */
@ApplicationScoped
public class TieredDedupStore implements DedupStore {

    private final RedisDedupStore hot;
    private final DurableDedupClient durable;
    private final VerifierMetrics metrics;

    public TieredDedupStore(RedisDedupStore hot, VerifierConfig config, ObjectMapper mapper, VerifierMetrics metrics) {
        this.hot = hot;
        this.metrics = metrics;
        this.durable = config.dedup().durableUrl()
                .map(url -> new DurableDedupClient(url, config.dedup().durableTimeout(), mapper)).orElse(null);
    }

    @Override
    public Optional<StoredResponse> find(String tenant, String pcsId) throws DedupUnavailableException {
        Optional<StoredResponse> h = hot.find(tenant, pcsId);
        return h.isPresent() || durable == null ? h : durableLookup(tenant, pcsId);
    }

    @Override
    public Optional<StoredResponse> putIfAbsent(String tenant, String pcsId, StoredResponse response)
            throws DedupUnavailableException {
        Optional<StoredResponse> first = hot.putIfAbsent(tenant, pcsId, response);
        if (first.isPresent() || durable == null) {
            return first;
        }
        Optional<StoredResponse> older = durableLookup(tenant, pcsId);
        if (older.isPresent()) {
            hot.overwrite(tenant, pcsId, older.get());
        }
        return older;
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
