package io.fractallba.hrs.registry;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fractallba.hrs.features.FeatureSchema;
import io.fractallba.ml.TrainedModel;
import io.fractallba.hrs.training.Candidate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Model versions in Postgres: parameters, evaluation, ONNX bytes, card, status. At most one version is active (a
 * unique partial index); activating one retires the previous active and remembers it, so a rollback is one call.
 */
public final class ModelRegistry {

    /** A row of the model list. */
    public record Summary(String version, String status, String origin, String dataHash, long seed, double auroc,
                          double ece, double coverage, String createdAt, boolean synthetic, String featureSchema,
                          String revertedAt, String revertedReason) {
    }

    /** Why a promotion or rollback could not happen. */
    public static final class RefusedException extends Exception {
        public RefusedException(String message) {
            super(message);
        }
    }

    // NaN (a feature absent from training) is written as a string: jsonb has no NaN.
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();
    private final DataSource ds;

    public ModelRegistry(DataSource ds) {
        this.ds = ds;
    }

    /** Stores a new version; {@code activate} retires the current active model in the same transaction. */
    public String register(Candidate c, byte[] onnx, String origin, boolean activate, CardWriter card) throws SQLException {
        return register(c, onnx, origin, activate, false, card);
    }

    /** As above; {@code synthetic} marks a model trained on generated labels (its card and every score it serves say so). */
    public String register(Candidate c, byte[] onnx, String origin, boolean activate, boolean synthetic, CardWriter card)
            throws SQLException {
        try (Connection conn = ds.getConnection()) {
            conn.setAutoCommit(false);
            try {
                long seq;
                try (PreparedStatement s = conn.prepareStatement("SELECT nextval(pg_get_serial_sequence('models', 'seq'))");
                     ResultSet rs = s.executeQuery()) {
                    rs.next();
                    seq = rs.getLong(1);
                }
                String version = "v" + seq;
                // a replaced model of another feature schema is not remembered: a rollback could not serve it
                String previous = activate ? retireActive(conn) : null;
                try (PreparedStatement s = conn.prepareStatement("INSERT INTO models (seq, version, status, feature_schema, "
                        + "seed, data_hash, origin, params, evaluation, onnx, card, previous_active, synthetic, activated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, " + (activate ? "now()" : "NULL") + ")")) {
                    s.setLong(1, seq);
                    s.setString(2, version);
                    s.setString(3, activate ? "active" : "shadow");
                    s.setString(4, FeatureSchema.VERSION);
                    s.setLong(5, c.seed());
                    s.setString(6, c.dataHash());
                    s.setString(7, origin);
                    s.setString(8, json(c.model()));
                    s.setString(9, json(c));
                    s.setBytes(10, onnx);
                    s.setString(11, card.write(version, origin, synthetic, c));
                    s.setString(12, previous);
                    s.setBoolean(13, synthetic);
                    s.executeUpdate();
                }
                if (!activate) {
                    // one shadow at a time: the newest candidate is the one compared in the shadow
                    try (PreparedStatement s = conn.prepareStatement(
                            "UPDATE models SET status = 'retired' WHERE status = 'shadow' AND version <> ?")) {
                        s.setString(1, version);
                        s.executeUpdate();
                    }
                }
                conn.commit();
                return version;
            } catch (SQLException | RuntimeException e) {
                conn.rollback();
                throw e;
            }
        }
    }

    /** Makes a version active (the caller has checked that its evaluation beats the active one). */
    public void activate(String version) throws SQLException, RefusedException {
        try (Connection conn = ds.getConnection()) {
            conn.setAutoCommit(false);
            try {
                RegisteredModel m = load(conn, "version = ?", version).orElseThrow(() -> new RefusedException("no model " + version));
                if (!m.currentSchema()) {
                    throw new RefusedException(schemaMismatch(m));
                }
                if ("active".equals(m.status())) {
                    conn.rollback();
                    return;
                }
                String previous = retireActive(conn);
                try (PreparedStatement s = conn.prepareStatement("UPDATE models SET status = 'active', activated_at = now(), "
                        + "previous_active = ?, restored = false WHERE version = ?")) {
                    s.setString(1, previous);
                    s.setString(2, version);
                    s.executeUpdate();
                }
                conn.commit();
            } catch (SQLException | RuntimeException | RefusedException e) {
                conn.rollback();
                throw e;
            }
        }
    }

    /** Retires the active model and re-activates the one it replaced. */
    public String rollback() throws SQLException, RefusedException {
        try (Connection conn = ds.getConnection()) {
            conn.setAutoCommit(false);
            try {
                RegisteredModel active = load(conn, "status = 'active'", null)
                        .orElseThrow(() -> new RefusedException("no model is active"));
                String restored = rollBack(conn, active, null);
                conn.commit();
                return restored;
            } catch (SQLException | RuntimeException | RefusedException e) {
                conn.rollback();
                throw e;
            }
        }
    }

    /**
     * The automatic rollback ({@link io.fractallba.hrs.guard.LiveGuard}): as {@link #rollback()}, with the reason kept
     * on the retired version, but only while {@code judged} is still the active model — every replica judges, and the
     * second must not roll back the model the first restored. Empty when another replica (or an operator) got there
     * first.
     */
    public Optional<String> autoRollback(String judged, String reason) throws SQLException, RefusedException {
        try (Connection conn = ds.getConnection()) {
            conn.setAutoCommit(false);
            try {
                try (PreparedStatement s = conn.prepareStatement(
                        "SELECT version FROM models WHERE status = 'active' FOR UPDATE");
                     ResultSet rs = s.executeQuery()) {
                    if (!rs.next() || !judged.equals(rs.getString(1))) {
                        conn.rollback();
                        return Optional.empty();
                    }
                }
                RegisteredModel active = load(conn, "version = ?", judged).orElseThrow();
                String restored = rollBack(conn, active, reason);
                conn.commit();
                return Optional.of(restored);
            } catch (SQLException | RuntimeException | RefusedException e) {
                conn.rollback();
                throw e;
            }
        }
    }

    private static String rollBack(Connection conn, RegisteredModel active, String reason)
            throws SQLException, RefusedException {
        if (active.previousActive() == null) {
            throw new RefusedException("model " + active.version() + " replaced no earlier model");
        }
        RegisteredModel previous = load(conn, "version = ?", active.previousActive())
                .orElseThrow(() -> new RefusedException("model " + active.previousActive() + ", which "
                        + active.version() + " replaced, no longer exists"));
        if (!previous.currentSchema()) {
            throw new RefusedException("cannot roll back to " + schemaMismatch(previous));
        }
        try (PreparedStatement s = conn.prepareStatement("UPDATE models SET status = 'retired', reverted_at = now(), "
                + "reverted_reason = ? WHERE version = ?")) {
            s.setString(1, reason == null ? "rolled back by an operator" : reason);
            s.setString(2, active.version());
            s.executeUpdate();
        }
        try (PreparedStatement s = conn.prepareStatement(
                "UPDATE models SET status = 'active', activated_at = now(), restored = true WHERE version = ?")) {
            s.setString(1, active.previousActive());
            s.executeUpdate();
        }
        return active.previousActive();
    }

    /**
     * The active model if live labels may still revert it: it replaced an earlier model of the current schema and was
     * promoted, not itself restored by a rollback.
     */
    public Optional<RegisteredModel> judgeable() throws SQLException {
        try (Connection conn = ds.getConnection()) {
            // ... and only if the model it replaced can be restored (of the current schema): judging one that cannot be
            // rolled back would only log the same breach every round.
            return load(conn, "status = 'active' AND feature_schema = ? AND previous_active IS NOT NULL AND NOT restored "
                    + "AND EXISTS (SELECT 1 FROM models p WHERE p.version = models.previous_active "
                    + "AND p.feature_schema = models.feature_schema)", FeatureSchema.VERSION);
        }
    }

    /**
     * The active model, if it reads the current feature schema: a model of an earlier schema cannot score today's
     * vectors, so it counts as no model (the next model registered retires it).
     */
    public Optional<RegisteredModel> active() throws SQLException {
        try (Connection conn = ds.getConnection()) {
            return load(conn, "status = 'active' AND feature_schema = ?", FeatureSchema.VERSION);
        }
    }

    public Optional<RegisteredModel> shadow() throws SQLException {
        try (Connection conn = ds.getConnection()) {
            return load(conn, "status = 'shadow' AND feature_schema = ?", FeatureSchema.VERSION);
        }
    }

    /** Whether any version (of any status) reads the current feature schema. */
    public boolean anyOfCurrentSchema() throws SQLException {
        try (Connection conn = ds.getConnection();
             PreparedStatement s = conn.prepareStatement("SELECT 1 FROM models WHERE feature_schema = ? LIMIT 1")) {
            s.setString(1, FeatureSchema.VERSION);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    public Optional<RegisteredModel> get(String version) throws SQLException {
        try (Connection conn = ds.getConnection()) {
            return load(conn, "version = ?", version);
        }
    }

    public List<Summary> list() throws SQLException {
        List<Summary> out = new ArrayList<>();
        try (Connection conn = ds.getConnection();
             PreparedStatement s = conn.prepareStatement("SELECT version, status, origin, data_hash, seed, "
                     + "(evaluation->'evaluation'->>'auroc')::float8, (evaluation->'evaluation'->>'ece')::float8, "
                     + "(evaluation->'evaluation'->>'coverage')::float8, created_at::text, synthetic, feature_schema, "
                     + "reverted_at::text, reverted_reason FROM models ORDER BY seq DESC");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new Summary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getDouble(6), rs.getDouble(7), rs.getDouble(8), rs.getString(9), rs.getBoolean(10),
                        rs.getString(11), rs.getString(12), rs.getString(13)));
            }
        }
        return out;
    }

    private static String schemaMismatch(RegisteredModel m) {
        return "model " + m.version() + " reads feature schema " + m.featureSchema() + ", the service computes "
                + FeatureSchema.VERSION + ": it cannot score today's submissions";
    }

    /**
     * Retires the active model; returns its version if it reads the current feature schema (the one a rollback may
     * restore), else null.
     */
    private static String retireActive(Connection conn) throws SQLException {
        try (PreparedStatement s = conn.prepareStatement(
                "UPDATE models SET status = 'retired' WHERE status = 'active' RETURNING version, feature_schema")) {
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && FeatureSchema.VERSION.equals(rs.getString(2)) ? rs.getString(1) : null;
            }
        }
    }

    /** The versions of the active and shadow models of the current schema (null where there is none): a cheap poll. */
    public String[] servingVersions() throws SQLException {
        String[] out = new String[2];
        try (Connection conn = ds.getConnection();
             PreparedStatement s = conn.prepareStatement("SELECT version, status FROM models "
                     + "WHERE status IN ('active', 'shadow') AND feature_schema = ? ORDER BY seq DESC")) {
            s.setString(1, FeatureSchema.VERSION);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    int i = "active".equals(rs.getString(2)) ? 0 : 1;
                    if (out[i] == null) {
                        out[i] = rs.getString(1);
                    }
                }
            }
        }
        return out;
    }

    private static Optional<RegisteredModel> load(Connection conn, String where, String arg) throws SQLException {
        try (PreparedStatement s = conn.prepareStatement("SELECT version, status, origin, params::text, evaluation::text, "
                + "onnx, card, previous_active, synthetic, feature_schema FROM models WHERE " + where
                + " ORDER BY seq DESC LIMIT 1")) {
            if (arg != null) {
                s.setString(1, arg);
            }
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new RegisteredModel(rs.getString(1), rs.getString(2), rs.getString(3),
                        JSON.readValue(rs.getString(4), TrainedModel.class), JSON.readValue(rs.getString(5), Candidate.class),
                        rs.getBytes(6), rs.getString(7), rs.getString(8), rs.getBoolean(9), rs.getString(10)));
            } catch (IOException e) {
                throw new UncheckedIOException("model row cannot be read", e);
            }
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the model card of a version (see {@link ModelCard}). */
    public interface CardWriter {
        String write(String version, String origin, boolean synthetic, Candidate c);
    }
}
