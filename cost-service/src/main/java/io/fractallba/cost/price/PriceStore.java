package io.fractallba.cost.price;

import com.fasterxml.jackson.annotation.JsonProperty;

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

/** Price rows and versions in Postgres. Rows are only ever inserted; a correction is a newer version. */
public final class PriceStore {

    /**
     * The price in force for the usage row {@code u}, by {@link PriceBook}'s rule: a model's own price before
     * {@code *}, then the newest version.
     */
    static final String BEST_PRICE_SQL = """
            FROM prices p
             WHERE p.resource = u.resource AND (p.model = u.model OR p.model = '*')
               AND p.effective_from <= u.occurred_at AND (p.effective_to IS NULL OR u.occurred_at < p.effective_to)
             ORDER BY (p.model <> '*') DESC, p.version DESC LIMIT 1""";

    private final DataSource ds;

    public PriceStore(DataSource ds) {
        this.ds = ds;
    }

    public List<Price> all() throws SQLException {
        try (Connection c = ds.getConnection()) {
            return all(c);
        }
    }

    public static List<Price> all(Connection c) throws SQLException {
        List<Price> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, version, resource, model, unit, usd_per_unit, "
                + "effective_from, effective_to FROM prices ORDER BY resource, model, version, effective_from");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp to = rs.getTimestamp(8);
                out.add(new Price(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getBigDecimal(6), rs.getTimestamp(7).toInstant(), to == null ? null : to.toInstant()));
            }
        }
        return out;
    }

    public static int latestVersion(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(version), 0) FROM price_versions");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static int insertVersion(Connection c, String by, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO price_versions (created_by, reason) VALUES (?, ?) RETURNING version")) {
            ps.setString(1, by);
            ps.setString(2, reason);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static long insertPrice(Connection c, int version, Price p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO prices (version, resource, model, unit, usd_per_unit, "
                + "effective_from, effective_to) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            ps.setInt(1, version);
            ps.setString(2, p.resource());
            ps.setString(3, p.model());
            ps.setString(4, p.unit());
            ps.setBigDecimal(5, p.usdPerUnit());
            ps.setTimestamp(6, Timestamp.from(p.from()));
            ps.setTimestamp(7, p.to() == null ? null : Timestamp.from(p.to()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Every re-pricing so far, newest first. */
    public List<Repricing> repricings() throws SQLException {
        List<Repricing> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT r.id, r.version, r.resource, r.model, r.window_from, "
                     + "r.window_to, r.rows_changed, r.cost_before, r.cost_after, r.created_at, r.created_by, v.reason "
                     + "FROM repricings r JOIN price_versions v USING (version) ORDER BY r.id DESC");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Repricing(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(), rs.getLong(7),
                        rs.getBigDecimal(8), rs.getBigDecimal(9), rs.getTimestamp(10).toInstant(), rs.getString(11),
                        rs.getString(12)));
            }
        }
        return out;
    }

    /** The audit trail of one re-pricing. */
    public record Repricing(@JsonProperty("id") long id, @JsonProperty("version") int version,
                            @JsonProperty("resource") String resource, @JsonProperty("model") String model,
                            @JsonProperty("window_from") Instant windowFrom, @JsonProperty("window_to") Instant windowTo,
                            @JsonProperty("rows_repriced") long rowsRepriced,
                            @JsonProperty("cost_before_usd") BigDecimal costBefore,
                            @JsonProperty("cost_after_usd") BigDecimal costAfter, @JsonProperty("at") Instant at,
                            @JsonProperty("by") String by, @JsonProperty("reason") String reason) {
    }
}
