package io.fractallba.audit.compliance;

import io.fractallba.audit.log.LogStore;
import io.fractallba.audit.log.StoredCheckpoint;
import io.fractallba.audit.proof.IntegrityScan;
import io.fractallba.pcs.tlog.LogAuditor;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Compliance evidence computed from the log itself: counts, gaps, checkpoint freshness, anchoring, verification. */
public final class ComplianceReport {

    private ComplianceReport() {
    }

    public static Map<String, Object> build(String origin, LogStore store, Optional<IntegrityScan.Result> scan,
                                            Optional<String> tamperAlarm, List<String> anchors, Instant now)
            throws SQLException {
        LogStore.LogCounts counts = store.counts();
        Optional<StoredCheckpoint> latest = store.latestCheckpoint();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("origin", origin);
        r.put("generated_at", now.toString());
        r.put("entries", counts.leafRows());
        r.put("tree_size", counts.maxIndexPlusOne());
        r.put("index_gaps", counts.maxIndexPlusOne() - counts.leafRows());
        r.put("entries_by_tenant", counts.byTenant());
        r.put("checkpoints", counts.checkpoints());
        latest.ifPresent(cp -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("tree_size", cp.treeSize());
            c.put("issued_at", cp.issuedAt().toString());
            c.put("age_seconds", Duration.between(cp.issuedAt(), now).toMillis() / 1000.0);
            c.put("entries_not_yet_checkpointed", counts.maxIndexPlusOne() - cp.treeSize());
            r.put("latest_checkpoint", c);
        });
        Map<String, Object> anchoring = new LinkedHashMap<>();
        for (String a : anchors) {
            anchoring.put(a, Map.of("last_anchored_tree_size", store.lastAnchored(a)));
        }
        for (LogStore.Receipt rc : store.latestReceipts()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("last_anchored_tree_size", store.lastAnchored(rc.anchor()));
            a.put("last_receipt", Map.of("tree_size", rc.treeSize(), "status", rc.status(), "at", rc.at().toString()));
            anchoring.put(rc.anchor(), a);
        }
        r.put("anchors", anchoring);
        r.put("dead_anchorings", store.countDeadReceipts());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("tamper_alarm", tamperAlarm.orElse(null));
        scan.ifPresentOrElse(s -> {
            LogAuditor.Report rep = s.report();
            v.put("last_scan_at", s.at().toString());
            v.put("status", rep.ok() ? "verified" : "failed");
            v.put("leaves_recomputed", rep.leaves());
            v.put("checkpoints_verified", rep.verifiedCheckpoints().size());
            v.put("first_bad_index", rep.firstBadIndex().isPresent() ? rep.firstBadIndex().getAsLong() : null);
            v.put("findings", rep.findings().stream().limit(20).map(LogAuditor.Finding::problem).toList());
        }, () -> v.put("status", "not scanned yet"));
        r.put("verification", v);
        return r;
    }
}
