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
                          double ece, double coverage, String createdAt) {
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
                String previous = activate ? retireActive(conn) : null;
                try (PreparedStatement s = conn.prepareStatement("INSERT INTO models (seq, version, status, feature_schema, "
                        + "seed, data_hash, origin, params, evaluation, onnx, card, previous_active, activated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, " + (activate ? "now()" : "NULL") + ")")) {
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
                    s.setString(11, card.write(version, origin, c));
                    s.setString(12, previous);
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
                if ("active".equals(m.status())) {
                    conn.rollback();
                    return;
                }
                String previous = retireActive(conn);
                try (PreparedStatement s = conn.prepareStatement("UPDATE models SET status = 'active', activated_at = now(), "
                        + "previous_active = ? WHERE version = ?")) {
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
                if (active.previousActive() == null) {
                    throw new RefusedException("model " + active.version() + " replaced no earlier model");
                }
                try (PreparedStatement s = conn.prepareStatement("UPDATE models SET status = 'retired' WHERE version = ?")) {
                    s.setString(1, active.version());
                    s.executeUpdate();
                }
                try (PreparedStatement s = conn.prepareStatement(
                        "UPDATE models SET status = 'active', activated_at = now() WHERE version = ?")) {
                    s.setString(1, active.previousActive());
                    s.executeUpdate();
                }
                conn.commit();
                return active.previousActive();
            } catch (SQLException | RuntimeException | RefusedException e) {
                conn.rollback();
                throw e;
            }
        }
    }

    public Optional<RegisteredModel> active() throws SQLException {
        try (Connection conn = ds.getConnection()) {
            return load(conn, "status = 'active'", null);
        }
    }

    public Optional<RegisteredModel> shadow() throws SQLException {
        try (Connection conn = ds.getConnection()) {
            return load(conn, "status = 'shadow'", null);
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
                     + "(evaluation->'evaluation'->>'coverage')::float8, created_at::text FROM models ORDER BY seq DESC");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new Summary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getDouble(6), rs.getDouble(7), rs.getDouble(8), rs.getString(9)));
            }
        }
        return out;
    }

    private static String retireActive(Connection conn) throws SQLException {
        try (PreparedStatement s = conn.prepareStatement(
                "UPDATE models SET status = 'retired' WHERE status = 'active' RETURNING version")) {
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static Optional<RegisteredModel> load(Connection conn, String where, String arg) throws SQLException {
        try (PreparedStatement s = conn.prepareStatement("SELECT version, status, origin, params::text, evaluation::text, "
                + "onnx, card, previous_active FROM models WHERE " + where + " ORDER BY seq DESC LIMIT 1")) {
            if (arg != null) {
                s.setString(1, arg);
            }
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new RegisteredModel(rs.getString(1), rs.getString(2), rs.getString(3),
                        JSON.readValue(rs.getString(4), TrainedModel.class), JSON.readValue(rs.getString(5), Candidate.class),
                        rs.getBytes(6), rs.getString(7), rs.getString(8)));
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
        String write(String version, String origin, Candidate c);
    }
}
