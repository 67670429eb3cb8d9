package io.fractallba.hrs.runtime;

import io.fractallba.hrs.features.FeatureExtractor;
import io.fractallba.hrs.features.FeatureSchema;
import io.fractallba.hrs.training.GroupAudit;
import io.fractallba.hrs.features.TenantBaseline;
import io.fractallba.ml.Example;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The hrs schema's rows: features, tenant baselines, served scores and labels. */
public final class HrsStore {

    /**
     * A submission handled in a batch, as stored: {@code isNew} writes its vector (a new submission, or one stored under
     * an earlier schema); {@code served} false when it was answered "no model" (no score row).
     */
    public record Scored(String tenant, String pcsId, double[] vector, boolean isNew, String modelVersion, double score,
                         double low, double high, boolean served, GroupAudit.Declared declared) {
        public Scored(String tenant, String pcsId, double[] vector, boolean isNew, String modelVersion, double score,
                      double low, double high, boolean served) {
            this(tenant, pcsId, vector, isNew, modelVersion, score, low, high, served, null);
        }
    }

    /**
     * Stored vectors by key, as today's schema (v1 vectors upgraded), and the keys stored under a schema that cannot be
     * upgraded.
     */
    public record Existing(Map<String, double[]> current, java.util.Set<String> earlierSchema) {
    }

    private final DataSource ds;

    public HrsStore(DataSource ds) {
        this.ds = ds;
    }

    /**
     * Stored vectors of those keys that already have one (a redelivered batch reuses them), v1 vectors upgraded to
     * today's schema; a vector of a schema that cannot be upgraded is returned apart (re-extracted, not re-counted).
     */
    public Existing existing(List<String[]> keys) throws SQLException {
        Map<String, double[]> out = new HashMap<>();
        java.util.Set<String> earlier = new java.util.HashSet<>();
        if (keys.isEmpty()) {
            return new Existing(out, earlier);
        }
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT f.tenant, f.pcs_id, f.vector, f.schema_version FROM features f "
                     + "JOIN unnest(?::text[], ?::text[]) AS k(tenant, pcs_id) USING (tenant, pcs_id)")) {
            s.setArray(1, c.createArrayOf("text", keys.stream().map(k -> k[0]).toArray()));
            s.setArray(2, c.createArrayOf("text", keys.stream().map(k -> k[1]).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1) + "/" + rs.getString(2);
                    double[] v = FeatureExtractor.upgrade(rs.getString(4), doubles(rs.getArray(3)));
                    if (v != null) {
                        out.put(key, v);
                    } else {
                        earlier.add(key);
                    }
                }
            }
        }
        return new Existing(out, earlier);
    }

    public Optional<TenantBaseline> baseline(String tenant) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT n, mean, m2 FROM tenant_baselines WHERE tenant = ?")) {
            s.setString(1, tenant);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new TenantBaseline(rs.getLong(1), doubles(rs.getArray(2)), doubles(rs.getArray(3))))
                        : Optional.empty();
            }
        }
    }

    /** New features, the baselines they advanced and the first score of each submission: one transaction. */
    public void store(List<Scored> batch, Map<String, TenantBaseline> advanced) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement f = c.prepareStatement("INSERT INTO features (tenant, pcs_id, schema_version, vector, "
                    + "declared_model, task) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, pcs_id) DO UPDATE SET "
                    + "schema_version = excluded.schema_version, vector = excluded.vector "
                    + "WHERE features.schema_version <> excluded.schema_version");
                 PreparedStatement sc = c.prepareStatement("INSERT INTO scores (tenant, pcs_id, model_version, score, "
                         + "interval_low, interval_high) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
                 PreparedStatement b = c.prepareStatement("INSERT INTO tenant_baselines (tenant, n, mean, m2) VALUES (?, ?, ?, ?) "
                         + "ON CONFLICT (tenant) DO UPDATE SET n = excluded.n, mean = excluded.mean, m2 = excluded.m2")) {
                for (Scored s : batch) {
                    if (s.isNew()) {
                        f.setString(1, s.tenant());
                        f.setString(2, s.pcsId());
                        f.setString(3, FeatureSchema.VERSION);
                        f.setArray(4, c.createArrayOf("float8", boxed(s.vector())));
                        f.setString(5, s.declared() == null ? null : s.declared().model());
                        f.setString(6, s.declared() == null ? null : s.declared().task());
                        f.addBatch();
                    }
                    if (!s.served()) {
                        continue;   // answered "no model": nothing served to measure coverage against
                    }
                    sc.setString(1, s.tenant());
                    sc.setString(2, s.pcsId());
                    sc.setString(3, s.modelVersion());
                    sc.setDouble(4, s.score());
                    sc.setDouble(5, s.low());
                    sc.setDouble(6, s.high());
                    sc.addBatch();
                }
                for (Map.Entry<String, TenantBaseline> e : advanced.entrySet()) {
                    b.setString(1, e.getKey());
                    b.setLong(2, e.getValue().count());
                    b.setArray(3, c.createArrayOf("float8", boxed(e.getValue().mean())));
                    b.setArray(4, c.createArrayOf("float8", boxed(e.getValue().m2())));
                    b.addBatch();
                }
                f.executeBatch();
                sc.executeBatch();
                b.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Stores or replaces a label; true if the submission has features (so it can be trained on). */
    public boolean label(String tenant, String pcsId, int label, String source, double confidence) throws SQLException {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO labels (tenant, pcs_id, source, label, confidence) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant, pcs_id, source) DO UPDATE SET label = excluded.label, "
                    + "confidence = excluded.confidence, labelled_at = now()")) {
                s.setString(1, tenant);
                s.setString(2, pcsId);
                s.setString(3, source);
                s.setInt(4, label);
                s.setDouble(5, confidence);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM features WHERE tenant = ? AND pcs_id = ?")) {
                s.setString(1, tenant);
                s.setString(2, pcsId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next();
                }
            }
        }
    }

    /**
     * Labelled submissions with features, in the order they arrived; per submission the most confident label (weight =
     * its confidence). Vectors
     * stored under an earlier schema that can be upgraded ({@link FeatureExtractor#upgrade}: v1) are, so the labels
     * collected before a schema change still train; others are left out.
     */
    public List<Example> examples() throws SQLException {
        List<Example> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             // In arrival order (the time-ordered holdout tests on the latest); the best label of each submission.
             PreparedStatement s = c.prepareStatement("SELECT tenant, pcs_id, label, confidence, vector, schema_version FROM "
                     + "(SELECT DISTINCT ON (l.tenant, l.pcs_id) l.tenant, l.pcs_id, l.label, l.confidence, f.vector, "
                     + "f.schema_version, f.received_at FROM labels l JOIN features f USING (tenant, pcs_id) "
                     + "ORDER BY l.tenant, l.pcs_id, l.confidence DESC, l.labelled_at DESC) best "
                     + "ORDER BY received_at, tenant, pcs_id")) {
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    double[] v = FeatureExtractor.upgrade(rs.getString(6), doubles(rs.getArray(5)));
                    if (v != null) {
                        out.add(new Example(rs.getString(1) + "/" + rs.getString(2), v, rs.getInt(3), rs.getDouble(4)));
                    }
                }
            }
        }
        return out;
    }

    /** What labelled submissions declared (model, task), by example key ({@code tenant/pcs_id}); undeclared left out. */
    public Map<String, GroupAudit.Declared> declared() throws SQLException {
        Map<String, GroupAudit.Declared> out = new HashMap<>();
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT f.tenant, f.pcs_id, f.declared_model, f.task FROM features f "
                     + "WHERE (f.declared_model IS NOT NULL OR f.task IS NOT NULL) AND EXISTS (SELECT 1 FROM labels l "
                     + "WHERE l.tenant = f.tenant AND l.pcs_id = f.pcs_id)");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1) + "/" + rs.getString(2), new GroupAudit.Declared(rs.getString(3), rs.getString(4)));
            }
        }
        return out;
    }

    /**
     * Labelled submissions {@code version} scored (the most confident label of each) with what it served: what the
     * live-label guard judges a promoted model on.
     */
    public List<io.fractallba.hrs.guard.LiveGuard.Outcome> liveOutcomes(String version) throws SQLException {
        List<io.fractallba.hrs.guard.LiveGuard.Outcome> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             // From the labels given since the version was activated (indexed by time; a submission it scored is
             // labelled after that), each submission's best label, joined to what the version served: a refresh every
             // 30 s reads neither every label ever given nor every score the version ever served.
             PreparedStatement s = c.prepareStatement("SELECT l.tenant, l.label, s.score, s.interval_low, s.interval_high "
                     + "FROM (SELECT DISTINCT ON (tenant, pcs_id) tenant, pcs_id, label FROM labels "
                     + "WHERE labelled_at >= (SELECT coalesce(activated_at, created_at) FROM models WHERE version = ?) "
                     + "ORDER BY tenant, pcs_id, confidence DESC, labelled_at DESC) l "
                     + "JOIN scores s USING (tenant, pcs_id) WHERE s.model_version = ?")) {
            s.setString(1, version);
            s.setString(2, version);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new io.fractallba.hrs.guard.LiveGuard.Outcome(rs.getString(1), rs.getInt(2), rs.getDouble(3),
                            rs.getDouble(4), rs.getDouble(5)));
                }
            }
        }
        return out;
    }

    /** Share of the latest {@code window} labelled, scored submissions whose label fell inside the served interval. */
    public Optional<double[]> liveCoverage(int window) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*), count(*) FILTER (WHERE l.label BETWEEN s.interval_low "
                     + "AND s.interval_high) FROM (SELECT DISTINCT ON (tenant, pcs_id) tenant, pcs_id, label, labelled_at FROM labels "
                     + "ORDER BY tenant, pcs_id, confidence DESC, labelled_at DESC) l JOIN scores s USING (tenant, pcs_id) "
                     + "WHERE l.labelled_at >= (SELECT coalesce(min(labelled_at), '-infinity') FROM (SELECT labelled_at FROM labels "
                     + "ORDER BY labelled_at DESC LIMIT ?) recent)")) {
            s.setInt(1, window);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long n = rs.getLong(1);
                return n == 0 ? Optional.empty() : Optional.of(new double[]{rs.getLong(2) / (double) n, n});
            }
        }
    }

    private static Double[] boxed(double[] v) {
        Double[] b = new Double[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = v[i];
        }
        return b;
    }

    private static double[] doubles(Array a) throws SQLException {
        Object[] o = (Object[]) a.getArray();
        double[] d = new double[o.length];
        for (int i = 0; i < o.length; i++) {
            d[i] = ((Number) o[i]).doubleValue();
        }
        return d;
    }
}
