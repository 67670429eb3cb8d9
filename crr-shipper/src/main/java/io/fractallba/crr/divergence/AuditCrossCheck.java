package io.fractallba.crr.divergence;

import java.util.Optional;
import java.util.function.Supplier;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fractallba.pcs.tlog.Checkpoint;
import io.fractallba.pcs.tlog.NoteKey;
import io.fractallba.pcs.tlog.ProofVerifier;
import io.fractallba.sdk.audit.AuditClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cross-checks the audit logs of two regions alongside the record comparison: each region's latest checkpoint must
 * verify under that log's key (pinned at first sight: a changed key is reported), must be an append-only extension of
 * the checkpoint this shipper verified last time (consistency proof), and the two logs must hold the same number of
 * entries per tenant (their leaves differ by design — order, replication marks — their population must not, once
 * replication has caught up). The counts include each region's ensemble-disagreement entries, which two regions need
 * not share, so a count difference is reported, not treated as a broken log.
 */
public final class AuditCrossCheck {

    /** One region's log as checked. */
    public record Side(@JsonProperty("url") String url, @JsonProperty("tree_size") long treeSize,
                       @JsonProperty("verified") boolean verified, @JsonProperty("problem") String problem,
                       @JsonProperty("entries_by_tenant") Map<String, Long> entriesByTenant) {
    }

    public record Result(@JsonProperty("here") Side here, @JsonProperty("there") Side there,
                         @JsonProperty("entries_equal") boolean entriesEqual) {
        /** Both logs verify and extend what was verified before (entry counts are reported, see the class comment). */
        public boolean ok() {
            return here.verified() && there.verified();
        }
    }

    private final ObjectMapper mapper;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> pinnedKeys = new ConcurrentHashMap<>();
    private final Map<String, Checkpoint> lastVerified = new ConcurrentHashMap<>();

    private final Supplier<Optional<String>> authorization;

    /** {@code authorization}: this shipper's own replicator token; the compliance report is not public. */
    public AuditCrossCheck(ObjectMapper mapper, Supplier<Optional<String>> authorization) {
        this.mapper = mapper;
        this.authorization = authorization;
    }

    public Result check(String hereUrl, String thereUrl) {
        Side here = side(hereUrl);
        Side there = side(thereUrl);
        return new Result(here, there, here.entriesByTenant().equals(there.entriesByTenant()));
    }

    private Side side(String url) {
        Map<String, Long> entries = new TreeMap<>();
        try {
            mapper.readTree(get(url + "/v1/audit/compliance")).path("entries_by_tenant").fields()
                    .forEachRemaining(e -> entries.put(e.getKey(), e.getValue().asLong()));
            String key = get(url + "/v1/audit/key").trim();
            String pinned = pinnedKeys.putIfAbsent(url, key);
            if (pinned != null && !pinned.equals(key)) {
                return new Side(url, 0, false, "the log's checkpoint key changed since it was first seen", entries);
            }
            AuditClient client = new AuditClient(url);
            Checkpoint cp = client.latest(NoteKey.parseVerifierKey(key), null).checkpoint();
            Checkpoint before = lastVerified.get(url);
            if (before != null && before.size() > 0) {
                if (cp.size() < before.size()) {
                    return new Side(url, cp.size(), false, "the log shrank from " + before.size() + " to " + cp.size(), entries);
                }
                if (cp.size() == before.size() ? !Arrays.equals(cp.root(), before.root())
                        : !consistent(client, before, cp)) {
                    return new Side(url, cp.size(), false, "checkpoint " + cp.size()
                            + " is not an append-only extension of checkpoint " + before.size(), entries);
                }
            }
            lastVerified.put(url, cp);
            return new Side(url, cp.size(), true, null, entries);
        } catch (Exception e) {
            return new Side(url, 0, false, e.getClass().getSimpleName() + ": " + e.getMessage(), entries);
        }
    }

    private static boolean consistent(AuditClient client, Checkpoint a, Checkpoint b) {
        try {
            ProofVerifier.verifyConsistency(a.size(), b.size(), a.root(), b.root(), client.consistency(a.size(), b.size()));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private String get(String url) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.replaceAll("(?<!:)//+", "/")))
                .timeout(Duration.ofSeconds(15));
        authorization.get().ifPresent(h -> b.header("Authorization", h));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode());
        }
        return r.body();
    }
}
