package io.fractallba.ensemble.runtime;

import io.fractallba.ensemble.model.AnomalyModel;
import io.fractallba.ml.Example;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Rows of the ensemble's models: tenant signal history, anomaly models, outcome labels, micro-vote models. */
public final class ModelStore {

    /** A stored micro-vote model. */
    public record MicroVote(long version, int examples, double auroc, double baselineAuroc, byte[] onnx) {
    }

    private final DataSource ds;

    public ModelStore(DataSource ds) {
        this.ds = ds;
    }

    /** Tenants whose history grew by at least {@code every} since their model was fitted (or that have none and enough). */
    public List<String> tenantsToRefit(int minHistory, int every) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT h.tenant FROM (SELECT tenant, count(*) AS n FROM signals "
                     + "GROUP BY tenant) h LEFT JOIN anomaly_models m USING (tenant) WHERE h.n >= ? AND (m.tenant IS NULL "
                     + "OR h.n >= m.n + ?)")) {
            s.setInt(1, minHistory);
            s.setInt(2, every);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** The tenant's latest {@code window} signal vectors and its history size. */
    public double[][] history(String tenant, int window) throws SQLException {
        List<double[]> rows = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT vector FROM signals WHERE tenant = ? ORDER BY seen_at DESC LIMIT ?")) {
            s.setString(1, tenant);
            s.setInt(2, window);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(EnsembleStore.doubles(rs.getArray(1)));
                }
            }
        }
        return rows.toArray(double[][]::new);
    }

    public long historySize(String tenant) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM signals WHERE tenant = ?")) {
            s.setString(1, tenant);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public void saveAnomaly(String tenant, long historySize, AnomalyModel m) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO anomaly_models (tenant, n, mean, std, onnx) VALUES (?, ?, ?, ?, ?) "
                     + "ON CONFLICT (tenant) DO UPDATE SET n = excluded.n, mean = excluded.mean, std = excluded.std, "
                     + "onnx = excluded.onnx, fitted_at = now()")) {
            s.setString(1, tenant);
            s.setLong(2, historySize);
            s.setArray(3, c.createArrayOf("float8", EnsembleStore.boxed(m.mean())));
            s.setArray(4, c.createArrayOf("float8", EnsembleStore.boxed(m.std())));
            s.setBytes(5, m.onnx());
            s.executeUpdate();
        }
    }

    public Optional<AnomalyModel> anomaly(String tenant) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT n, mean, std, onnx FROM anomaly_models WHERE tenant = ?")) {
            s.setString(1, tenant);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new AnomalyModel(rs.getLong(1), EnsembleStore.doubles(rs.getArray(2)),
                        EnsembleStore.doubles(rs.getArray(3)), rs.getBytes(4))) : Optional.empty();
            }
        }
    }

    public void label(String key, String tenant, int label) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO outcome_labels (key, tenant, label) VALUES (?, ?, ?) "
                     + "ON CONFLICT (key) DO UPDATE SET label = excluded.label, labelled_at = now()")) {
            s.setString(1, key);
            s.setString(2, tenant);
            s.setInt(3, label);
            s.executeUpdate();
        }
    }

    /** Labelled decisions with the features the micro-vote model reads. */
    public List<Example> labelled() throws SQLException {
        List<Example> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT d.key, d.features, l.label FROM outcome_labels l JOIN decisions d "
                     + "USING (key) WHERE d.features IS NOT NULL");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new Example(rs.getString(1), EnsembleStore.doubles(rs.getArray(2)), rs.getInt(3), 1.0));
            }
        }
        return out;
    }

    public long saveMicroVote(int examples, double auroc, double baselineAuroc, String params, byte[] onnx) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO micro_vote_models (examples, auroc, baseline_auroc, params, onnx) "
                     + "VALUES (?, ?, ?, ?::jsonb, ?) RETURNING version")) {
            s.setInt(1, examples);
            s.setDouble(2, auroc);
            s.setDouble(3, baselineAuroc);
            s.setString(4, params);
            s.setBytes(5, onnx);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public Optional<MicroVote> latestMicroVote() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT version, examples, auroc, baseline_auroc, onnx FROM micro_vote_models "
                     + "ORDER BY version DESC LIMIT 1");
             ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(new MicroVote(rs.getLong(1), rs.getInt(2), rs.getDouble(3), rs.getDouble(4),
                    rs.getBytes(5))) : Optional.empty();
        }
    }
}
