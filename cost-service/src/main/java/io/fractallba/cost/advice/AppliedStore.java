package io.fractallba.cost.advice;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The recommendations recorded as applied (table {@code applied_recommendations}, Flyway V5). */
public final class AppliedStore {

    /** One recorded application; {@code recommendationJson} is the recommendation as answered when it was applied. */
    public record Row(long id, String tenant, String recommendationId, String kind, String scopeResource,
                      BigDecimal estimateMonthlyUsd, String recommendationJson, Instant appliedAt, String appliedBy,
                      String note, Instant recordedAt) {
    }

    private static final String COLUMNS = "id, tenant, recommendation_id, kind, scope_resource, estimate_monthly_usd, "
            + "recommendation::text, applied_at, applied_by, note, recorded_at";

    private final DataSource ds;

    public AppliedStore(DataSource ds) {
        this.ds = ds;
    }

    /** Records an application; empty when this tenant's recommendation was recorded before (that one stands). */
    public Optional<Row> insert(String tenant, Recommendation r, String recommendationJson, Instant appliedAt,
                                String appliedBy, String note) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO applied_recommendations (tenant, recommendation_id, "
                     + "kind, scope_resource, estimate_monthly_usd, recommendation, applied_at, applied_by, note) "
                     + "VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?) ON CONFLICT (tenant, recommendation_id) DO NOTHING "
                     + "RETURNING " + COLUMNS)) {
            ps.setString(1, tenant);
            ps.setString(2, r.id());
            ps.setString(3, r.kind());
            ps.setString(4, r.scopeResource());
            ps.setBigDecimal(5, r.estimatedMonthlySavingUsd());
            ps.setString(6, recommendationJson);
            ps.setTimestamp(7, Timestamp.from(appliedAt));
            ps.setString(8, appliedBy);
            ps.setString(9, note);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    public Optional<Row> find(String tenant, String recommendationId) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM applied_recommendations "
                     + "WHERE tenant = ? AND recommendation_id = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, recommendationId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    public List<Row> list(String tenant) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM applied_recommendations "
                     + "WHERE tenant = ? ORDER BY applied_at, id")) {
            ps.setString(1, tenant);
            List<Row> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getBigDecimal(6), rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getString(9),
                rs.getString(10), rs.getTimestamp(11).toInstant());
    }
}
