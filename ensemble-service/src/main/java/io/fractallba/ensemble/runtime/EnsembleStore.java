package io.fractallba.ensemble.runtime;

import io.fractallba.ensemble.bandit.ThompsonBandit;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The ensemble schema: the join buffer, decisions and bandit posteriors. */
public final class EnsembleStore {

    /**
     * One side of a submission; {@code partition}/{@code offset} locate a verified event in its topic (else null);
     * {@code traceparent} is the trace context its record carried (null without tracing).
     */
    public record Part(String key, String tenant, String pcsId, String verifiedJson, String riskJson, Integer partition,
                       Long offset, String traceparent) {
    }

    /** A joined (or expired) submission ready for a decision. */
    public record Ready(String key, String tenant, String pcsId, String verifiedJson, String riskJson,
                        String traceparent) {
    }

    /** A decision to store (its event is published after the transaction); a null decision only drops the buffer row. */
    public record Decided(String key, String tenant, String pcsId, String policy, String arm, String decision,
                          String eventJson, double latencyMs, double[] features, String traceparent) {
    }

    /** A decision stored and not yet confirmed by Kafka: its key, event and the trace it continues. */
    public record Unpublished(String key, String eventJson, String traceparent) {
    }

    /** A stored decision. */
    public record Stored(String key, String policy, String arm, String decision, String eventJson, double latencyMs,
                         boolean rewarded) {
    }

    private final DataSource ds;

    public EnsembleStore(DataSource ds) {
        this.ds = ds;
    }

    /** Adds the batch's parts to the join buffer, unless the submission is decided already; one transaction. */
    public void buffer(List<Part> parts) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO pending (key, tenant, pcs_id, verified, risk, "
                    + "verified_partition, verified_offset, traceparent) "
                    + "SELECT ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM decisions WHERE key = ?) "
                    + "ON CONFLICT (key) DO UPDATE SET verified = coalesce(pending.verified, excluded.verified), "
                    + "risk = coalesce(pending.risk, excluded.risk), "
                    + "verified_partition = coalesce(pending.verified_partition, excluded.verified_partition), "
                    + "verified_offset = coalesce(pending.verified_offset, excluded.verified_offset), "
                    + "traceparent = coalesce(pending.traceparent, excluded.traceparent)")) {
                for (Part p : parts) {
                    s.setString(1, p.key());
                    s.setString(2, p.tenant());
                    s.setString(3, p.pcsId());
                    s.setString(4, p.verifiedJson());
                    s.setString(5, p.riskJson());
                    s.setObject(6, p.partition(), java.sql.Types.INTEGER);
                    s.setObject(7, p.offset(), java.sql.Types.BIGINT);
                    s.setString(8, p.traceparent());
                    s.setString(9, p.key());
                    s.addBatch();
                }
                s.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Takes the submissions that can be decided — both sides here, or the verified side older than the join wait —
     * and hands them to {@code decide} inside one transaction that stores the decisions and empties their buffer rows
     * ({@code SKIP LOCKED}: replicas never decide the same submission twice). Orphaned risk rows are dropped.
     */
    /**
     * When a verified submission without its risk score is decided anyway (the HRS check abstains): after
     * {@code joinWait} once the scorer has passed its offset ({@code scorerPassed}, per partition; docs/ensemble.md,
     * "Join"), or after {@code maxJoinWait} in any case. Rows without an offset (buffered before offsets were kept)
     * go after {@code joinWait}. A null {@code scorerPassed} means progress is not tracked: {@code joinWait} alone.
     */
    public record JoinRule(Duration joinWait, Duration maxJoinWait, long[] scorerPassed) {
    }

    public int decideReady(JoinRule join, Duration orphanAfter, int limit, Decider decide) throws Exception {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Ready> ready = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("SELECT key, tenant, pcs_id, verified::text, risk::text, traceparent FROM pending "
                        + "WHERE verified IS NOT NULL AND (risk IS NOT NULL "
                        + "OR (first_seen < now() - ?::interval AND (? OR verified_offset IS NULL "
                        + "OR verified_offset < coalesce((?::bigint[])[verified_partition + 1], -1))) "
                        + "OR first_seen < now() - ?::interval) "
                        + "ORDER BY first_seen LIMIT ? FOR UPDATE SKIP LOCKED")) {
                    long[] passed = join.scorerPassed() == null ? new long[0] : join.scorerPassed();
                    s.setString(1, join.joinWait().toMillis() + " milliseconds");
                    s.setBoolean(2, join.scorerPassed() == null);
                    s.setArray(3, c.createArrayOf("int8", java.util.Arrays.stream(passed).boxed().toArray()));
                    s.setString(4, join.maxJoinWait().toMillis() + " milliseconds");
                    s.setInt(5, limit);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            ready.add(new Ready(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5), rs.getString(6)));
                        }
                    }
                }
                List<Decided> decided = ready.isEmpty() ? List.of() : decide.decide(ready);
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO decisions (key, tenant, pcs_id, policy, arm, "
                        + "decision, event, latency_ms, features, traceparent) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?) "
                        + "ON CONFLICT DO NOTHING");
                     PreparedStatement sig = c.prepareStatement("INSERT INTO signals (key, tenant, vector) VALUES (?, ?, ?) "
                             + "ON CONFLICT DO NOTHING");
                     PreparedStatement del = c.prepareStatement("DELETE FROM pending WHERE key = ?")) {
                    for (Decided d : decided) {
                        del.setString(1, d.key());
                        del.addBatch();
                        if (d.decision() == null) {
                            continue; // nothing to decide (see the caller), only the buffer row goes
                        }
                        ins.setString(1, d.key());
                        ins.setString(2, d.tenant());
                        ins.setString(3, d.pcsId());
                        ins.setString(4, d.policy());
                        ins.setString(5, d.arm());
                        ins.setString(6, d.decision());
                        ins.setString(7, d.eventJson());
                        ins.setDouble(8, d.latencyMs());
                        ins.setArray(9, c.createArrayOf("float8", boxed(d.features())));
                        ins.setString(10, d.traceparent());
                        ins.addBatch();
                        sig.setString(1, d.key());
                        sig.setString(2, d.tenant());
                        sig.setArray(3, c.createArrayOf("float8", boxed(java.util.Arrays.copyOf(d.features(), 4))));
                        sig.addBatch();
                    }
                    ins.executeBatch();
                    sig.executeBatch();
                    del.executeBatch();
                }
                try (PreparedStatement s = c.prepareStatement("DELETE FROM pending WHERE verified IS NULL "
                        + "AND first_seen < now() - ?::interval")) {
                    s.setString(1, orphanAfter.toMillis() + " milliseconds");
                    s.executeUpdate();
                }
                c.commit();
                return decided.size();
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Decisions stored but not yet confirmed by Kafka (after a crash, or a failed publish). */
    public List<Unpublished> unpublished(int limit) throws SQLException {
        List<Unpublished> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT key, event::text, traceparent FROM decisions WHERE NOT published "
                     + "ORDER BY decided_at LIMIT ?")) {
            s.setInt(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Unpublished(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    public void markPublished(List<String> keys) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE decisions SET published = true WHERE key = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", keys.toArray()));
            s.executeUpdate();
        }
    }

    public Optional<Stored> decision(String key) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT key, policy, arm, decision, event::text, latency_ms, rewarded "
                     + "FROM decisions WHERE key = ?")) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getDouble(6), rs.getBoolean(7))) : Optional.empty();
            }
        }
    }

    /** Marks a decision rewarded and counts the bandit outcome, once per decision (one transaction). */
    public boolean reward(String key, String tenant, String arm, int success) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement("UPDATE decisions SET rewarded = true WHERE key = ? AND NOT rewarded")) {
                    s.setString(1, key);
                    if (s.executeUpdate() == 0) {
                        c.rollback();
                        return false;
                    }
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO bandit_arms (tenant, arm, alpha, beta, pulls) "
                        + "VALUES (?, ?, ?, ?, 1) ON CONFLICT (tenant, arm) DO UPDATE SET alpha = bandit_arms.alpha + ? - 1, "
                        + "beta = bandit_arms.beta + ? - 1, pulls = bandit_arms.pulls + 1")) {
                    s.setString(1, tenant);
                    s.setString(2, arm);
                    s.setDouble(3, 1 + success);
                    s.setDouble(4, 2 - success);
                    s.setDouble(5, 1 + success);
                    s.setDouble(6, 2 - success);
                    s.executeUpdate();
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The vote lists of the tenant's latest decisions, newest first (JSON arrays as text). */
    public List<String> recentVotes(String tenant, int limit) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT event->'payload'->>'votes' FROM decisions WHERE tenant = ? "
                     + "ORDER BY decided_at DESC LIMIT ?")) {
            s.setString(1, tenant);
            s.setInt(2, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    public List<ThompsonBandit.Arm> arms(String tenant) throws SQLException {
        List<ThompsonBandit.Arm> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT arm, alpha, beta, pulls FROM bandit_arms WHERE tenant = ? ORDER BY arm")) {
            s.setString(1, tenant);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new ThompsonBandit.Arm(rs.getString(1), rs.getDouble(2), rs.getDouble(3), rs.getLong(4)));
                }
            }
        }
        return out;
    }

    /**
     * Per check, the tenant's labelled decisions' decisive votes and how many agreed with the label (reject for a risky
     * submission, accept for a fine one), computed from the stored decisions and labels (a relabelled outcome counts
     * as its latest label).
     */
    public List<io.fractallba.ensemble.policy.CheckAccuracy> accuracy(String tenant) throws SQLException {
        List<io.fractallba.ensemble.policy.CheckAccuracy> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT v->>'check', count(*), "
                     + "count(*) FILTER (WHERE (v->>'verdict' = 'reject') = (l.label = 1)) "
                     + "FROM outcome_labels l JOIN decisions d USING (key) "
                     + "CROSS JOIN LATERAL jsonb_array_elements(d.event->'payload'->'votes') v "
                     + "WHERE l.tenant = ? AND v->>'verdict' IN ('accept', 'reject') GROUP BY 1 ORDER BY 1")) {
            s.setString(1, tenant);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new io.fractallba.ensemble.policy.CheckAccuracy(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                }
            }
        }
        return out;
    }

    static Double[] boxed(double[] v) {
        Double[] b = new Double[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = v[i];
        }
        return b;
    }

    static double[] doubles(java.sql.Array a) throws SQLException {
        Object[] o = (Object[]) a.getArray();
        double[] d = new double[o.length];
        for (int i = 0; i < o.length; i++) {
            d[i] = ((Number) o[i]).doubleValue();
        }
        return d;
    }

    /** Turns ready submissions into decisions (runs inside the store's transaction). */
    public interface Decider {
        List<Decided> decide(List<Ready> ready) throws Exception;
    }
}
