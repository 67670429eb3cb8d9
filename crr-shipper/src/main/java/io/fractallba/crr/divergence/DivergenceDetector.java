package io.fractallba.crr.divergence;

import com.fasterxml.jackson.databind.JsonNode;
import io.fractallba.crr.config.ReplicationPolicy;
import io.fractallba.crr.ledger.Ledger;
import io.fractallba.crr.ledger.LedgerEntry;
import io.fractallba.crr.ship.CrrMetrics;
import io.fractallba.crr.ship.PeerClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares this region's durable records with a peer's, per tenant and window (docs/crr.md): first the two
 * dedup-services' digests; where they differ, the key space is bisected sixteen ways until a range is small enough
 * to list, and the lists are compared. A key missing on one side is the safe case and is repaired by replaying the
 * record from the side that has it (its ledger) through the other side's verifier — first write wins there, so a
 * repair never overwrites. The same key with different outcomes is a conflict: reported, not touched.
 */
public final class DivergenceDetector {

    /** Where the two regions' services are. */
    public record Sides(String localDedupUrl, String localVerifierUrl, String peer, String peerDedupUrl,
                        String peerVerifierUrl, String peerShipperUrl) {
    }

    private static final int MAX_LIST = 10_000;
    private static final int MAX_DEPTH = 8;

    private final Ledger ledger;
    private final PeerClient client;
    private final ReplicationPolicy policy;
    private final CrrMetrics metrics;
    private final ReportStore reports;
    private final int leafSize;

    public DivergenceDetector(Ledger ledger, PeerClient client, ReplicationPolicy policy, CrrMetrics metrics,
                              ReportStore reports, int leafSize) {
        this.ledger = ledger;
        this.client = client;
        this.policy = policy;
        this.metrics = metrics;
        this.reports = reports;
        this.leafSize = leafSize;
    }

    /** Compares (and repairs) one window with one peer; returns the tenants' divergences, empty when none. */
    public List<Divergence> compare(Sides s, Instant from, Instant to) throws Exception {
        String q = "?from=" + from + "&to=" + to;
        Map<String, String> here = roots(client.digests(s.localDedupUrl(), q));
        Map<String, String> there = roots(client.digests(s.peerDedupUrl(), q));
        TreeSet<String> tenants = new TreeSet<>(here.keySet());
        tenants.addAll(there.keySet());
        List<Divergence> found = new ArrayList<>();
        for (String tenant : tenants) {
            if (!policy.replicates(tenant, s.peer()) || here.getOrDefault(tenant, "").equals(there.getOrDefault(tenant, ""))) {
                continue;
            }
            Divergence d = compareTenant(s, tenant, from, to);
            if (!d.empty()) {
                reports.save(d);
                metrics.divergent(s.peer(), "missing_here", d.missingHere().size());
                metrics.divergent(s.peer(), "missing_there", d.missingThere().size());
                metrics.divergent(s.peer(), "conflict", d.conflicts().size());
                metrics.repaired(s.peer(), d.repaired().size());
                found.add(d);
            }
        }
        metrics.divergenceRun(s.peer(), found.isEmpty() ? "consistent" : "divergent");
        return found;
    }

    private Divergence compareTenant(Sides s, String tenant, Instant from, Instant to) throws Exception {
        TreeSet<String> onlyHere = new TreeSet<>();
        TreeSet<String> onlyThere = new TreeSet<>();
        List<Divergence.Conflict> conflicts = new ArrayList<>();
        bisect(s, tenant, from, to, KeyRanges.all(), 0, onlyHere, onlyThere, conflicts);

        List<String> repaired = new ArrayList<>();
        List<String> unrepaired = new ArrayList<>();
        // Missing there: replay from this region's ledger through the peer's verifier.
        List<LedgerEntry> mine = new ArrayList<>();
        for (String id : onlyHere) {
            Optional<LedgerEntry> e = ledger.find(tenant, id);
            if (e.isPresent()) {
                mine.add(e.get());
            } else {
                unrepaired.add(id);
            }
        }
        replay(s.peerVerifierUrl(), mine.stream().map(LedgerEntry::pcsId).toList(),
                mine.stream().map(LedgerEntry::event).toList(), repaired, unrepaired);
        // Missing here: borrow the record from the peer's ledger and replay it through this region's verifier.
        List<String> ids = new ArrayList<>();
        List<byte[]> events = new ArrayList<>();
        for (String id : onlyThere) {
            Optional<byte[]> e = client.lend(s.peerShipperUrl(), tenant, id);
            if (e.isPresent()) {
                ids.add(id);
                events.add(e.get());
            } else {
                unrepaired.add(id);
            }
        }
        replay(s.localVerifierUrl(), ids, events, repaired, unrepaired);
        return new Divergence(s.peer(), tenant, from.toString(), to.toString(), List.copyOf(onlyThere),
                List.copyOf(onlyHere), conflicts, repaired, unrepaired);
    }

    private void replay(String verifierUrl, List<String> ids, List<byte[]> events, List<String> repaired,
                        List<String> unrepaired) throws Exception {
        for (int i = 0; i < events.size(); i += 200) {
            int end = Math.min(events.size(), i + 200);
            List<JsonNode> results = client.apply(verifierUrl, events.subList(i, end));
            for (int j = 0; j < results.size(); j++) {
                String r = results.get(j).path("result").asText();
                (r.equals("applied") || r.equals("republished") || r.equals("present") ? repaired : unrepaired)
                        .add(ids.get(i + j));
            }
        }
    }

    private void bisect(Sides s, String tenant, Instant from, Instant to, KeyRanges.Range range, int depth,
                        Set<String> onlyHere, Set<String> onlyThere,
                        List<Divergence.Conflict> conflicts) throws Exception {
        String q = "?from=" + from + "&to=" + to + "&lo=" + PeerClient.enc(range.lo())
                + (range.hi() == null ? "" : "&hi=" + PeerClient.enc(range.hi()));
        String path = "/" + PeerClient.enc(tenant);
        JsonNode a = client.digests(s.localDedupUrl(), path + q);
        JsonNode b = client.digests(s.peerDedupUrl(), path + q);
        if (a.path("root").asText().equals(b.path("root").asText())) {
            return;
        }
        if (Math.max(a.path("count").asLong(), b.path("count").asLong()) > leafSize && depth < MAX_DEPTH) {
            for (KeyRanges.Range child : KeyRanges.split(range)) {
                bisect(s, tenant, from, to, child, depth + 1, onlyHere, onlyThere, conflicts);
            }
            return;
        }
        Map<String, JsonNode> mine = keys(client.digests(s.localDedupUrl(), path + "/keys" + q + "&limit=" + MAX_LIST));
        Map<String, JsonNode> theirs = keys(client.digests(s.peerDedupUrl(), path + "/keys" + q + "&limit=" + MAX_LIST));
        mine.forEach((id, k) -> {
            JsonNode t = theirs.get(id);
            if (t == null) {
                onlyHere.add(id);
            } else if (k.path("status").asInt() != t.path("status").asInt()
                    || !k.path("body_sha256").asText().equals(t.path("body_sha256").asText())) {
                conflicts.add(new Divergence.Conflict(id, k.path("status").asInt(), t.path("status").asInt()));
            }
        });
        theirs.forEach((id, t) -> {
            if (!mine.containsKey(id)) {
                onlyThere.add(id);
            }
        });
    }

    private static Map<String, String> roots(JsonNode digests) {
        Map<String, String> out = new HashMap<>();
        digests.path("tenants").forEach(t -> out.put(t.path("tenant").asText(), t.path("root").asText()));
        return out;
    }

    private static Map<String, JsonNode> keys(JsonNode listing) {
        if (listing.path("truncated").asBoolean()) {
            throw new IllegalStateException("a key range holds more than " + MAX_LIST + " records; not compared");
        }
        Map<String, JsonNode> out = new HashMap<>();
        listing.path("keys").forEach(k -> out.put(k.path("pcs_id").asText(), k));
        return out;
    }
}
