package io.fractallba.cost.price;

import io.fractallba.cost.usage.Rollups;

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

/**
 * Publishes prices (a new version) and re-prices exactly the window each new row covers: the usage rows of that
 * resource (and model) inside the window get the price now in force, the rollups of the affected buckets are
 * rebuilt from raw usage, and the change is written to the {@code repricings} trail. Ingest holds the same
 * lock shared ({@link Rollups#LOCK_KEY}), so no usage is priced with a table that is being replaced.
 */
public final class Repricer {

    /** What one published row changed. */
    public record Result(int version, List<PriceStore.Repricing> repricings) {
    }

    private final DataSource ds;

    public Repricer(DataSource ds) {
        this.ds = ds;
    }

    public Result publish(List<Price> rows, String by, String reason) throws SQLException {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no prices to publish");
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                Rollups.lockExclusive(c);
                int version = PriceStore.insertVersion(c, by, reason);
                List<PriceStore.Repricing> done = new ArrayList<>();
                for (Price p : rows) {
                    PriceStore.insertPrice(c, version, p);
                }
                for (Price p : rows) {
                    done.add(reprice(c, version, p, by, reason));
                }
                c.commit();
                return new Result(version, done);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static PriceStore.Repricing reprice(Connection c, int version, Price p, String by, String reason)
            throws SQLException {
        Instant from = p.from();
        Instant to = p.to() == null ? Instant.parse("9999-12-31T00:00:00Z") : p.to();
        String window = " WHERE u.resource = ? AND (? = '*' OR u.model = ?) AND u.occurred_at >= ? AND u.occurred_at < ?";
        BigDecimal before = sumCost(c, window, p, from, to);
        long changed;
        // No price in force any more: the sub-select yields no row and the usage becomes unpriced (NULLs).
        try (PreparedStatement ps = c.prepareStatement("UPDATE usage u SET (price_id, cost_usd) = "
                + "(SELECT p.id, u.quantity * p.usd_per_unit " + PriceStore.BEST_PRICE_SQL + ")" + window)) {
            bindWindow(ps, 1, p, from, to);
            changed = ps.executeUpdate();
        }
        BigDecimal after = sumCost(c, window, p, from, to);
        Rollups.rebuild(c, p.resource(), from, to);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO repricings (version, resource, model, window_from, "
                + "window_to, rows_changed, cost_before, cost_after, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "RETURNING id, created_at")) {
            ps.setInt(1, version);
            ps.setString(2, p.resource());
            ps.setString(3, p.model());
            ps.setTimestamp(4, Timestamp.from(from));
            ps.setTimestamp(5, Timestamp.from(to));
            ps.setLong(6, changed);
            ps.setBigDecimal(7, before);
            ps.setBigDecimal(8, after);
            ps.setString(9, by);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new PriceStore.Repricing(rs.getLong(1), version, p.resource(), p.model(), from, to, changed,
                        before, after, rs.getTimestamp(2).toInstant(), by, reason);
            }
        }
    }

    private static BigDecimal sumCost(Connection c, String window, Price p, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(u.cost_usd), 0) FROM usage u" + window)) {
            bindWindow(ps, 1, p, from, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        }
    }

    private static void bindWindow(PreparedStatement ps, int i, Price p, Instant from, Instant to) throws SQLException {
        ps.setString(i, p.resource());
        ps.setString(i + 1, p.model());
        ps.setString(i + 2, p.model());
        ps.setTimestamp(i + 3, Timestamp.from(from));
        ps.setTimestamp(i + 4, Timestamp.from(to));
    }
}
