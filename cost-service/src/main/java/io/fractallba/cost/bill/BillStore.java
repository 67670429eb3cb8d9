package io.fractallba.cost.bill;

import io.fractallba.pcs.crypto.Hashes;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Imported bills, and the computed side of reconciliation (daily rollups by category). */
public final class BillStore {

    /** An import: a new one, or the earlier import of the same file (same SHA-256). */
    public record Import(long id, boolean alreadyImported, int lines) {
    }

    private final DataSource ds;

    public BillStore(DataSource ds) {
        this.ds = ds;
    }

    public Import store(String format, String sourceName, String text, List<BillLine> lines, String by) throws SQLException {
        String sha = Hashes.sha256Hex(text.getBytes(StandardCharsets.UTF_8));
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO bill_imports (format, source_name, sha256, "
                        + "lines, imported_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING RETURNING id")) {
                    ps.setString(1, format);
                    ps.setString(2, sourceName);
                    ps.setString(3, sha);
                    ps.setInt(4, lines.size());
                    ps.setString(5, by);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            c.rollback();
                            return existing(c, sha);
                        }
                        id = rs.getLong(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO bill_lines (import_id, day, tenant, category, amount_usd) VALUES (?, ?, ?, ?, ?)")) {
                    for (BillLine l : lines) {
                        ps.setLong(1, id);
                        ps.setObject(2, l.day());
                        ps.setString(3, l.tenant());
                        ps.setString(4, l.category());
                        ps.setBigDecimal(5, l.amountUsd());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
                return new Import(id, false, lines.size());
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static Import existing(Connection c, String sha) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, lines FROM bill_imports WHERE sha256 = ?")) {
            ps.setString(1, sha);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Import(rs.getLong(1), true, rs.getInt(2));
            }
        }
    }

    /** Billed lines in {@code [from, to)}; for each day and tenant the latest import that covers it wins. */
    public List<BillLine> billed(LocalDate from, LocalDate to, Set<String> tenants) throws SQLException {
        String sql = "SELECT day, tenant, category, amount_usd FROM bill_lines b WHERE day >= ? AND day < ?"
                + (tenants == null ? "" : " AND tenant = ANY (?)")
                + " AND import_id = (SELECT max(import_id) FROM bill_lines x WHERE x.day = b.day AND x.tenant = b.tenant)";
        List<BillLine> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, from);
            ps.setObject(2, to);
            if (tenants != null) {
                ps.setArray(3, c.createArrayOf("text", tenants.toArray()));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new BillLine(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3), rs.getBigDecimal(4)));
                }
            }
        }
        return out;
    }

    /** What the suite attributed in {@code [from, to)}, per day, tenant and category. */
    public Map<Reconciler.DayTenant, Map<String, BigDecimal>> computed(LocalDate from, LocalDate to, Set<String> tenants)
            throws SQLException {
        String sql = "SELECT (r.bucket AT TIME ZONE 'UTC')::date, r.tenant, coalesce(c.category, 'other'), sum(r.cost_usd) "
                + "FROM rollup_day r LEFT JOIN resource_categories c ON c.resource = r.resource "
                + "WHERE r.bucket >= ? AND r.bucket < ?" + (tenants == null ? "" : " AND r.tenant = ANY (?)")
                + " GROUP BY 1, 2, 3";
        List<BillLine> lines = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, java.sql.Timestamp.from(from.atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));
            ps.setTimestamp(2, java.sql.Timestamp.from(to.atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));
            if (tenants != null) {
                ps.setArray(3, c.createArrayOf("text", tenants.toArray()));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(new BillLine(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3), rs.getBigDecimal(4)));
                }
            }
        }
        return Reconciler.byDayTenant(lines);
    }
}
