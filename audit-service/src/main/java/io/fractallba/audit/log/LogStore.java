package io.fractallba.audit.log;

import io.fractallba.pcs.tlog.NodeId;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads of the log, and the two inserts besides appends: checkpoints and anchor receipts. Nothing here (or anywhere
 * in the service) updates or deletes a row of the log.
 */
public class LogStore {

    private static final String LEAF_COLUMNS = "idx, tenant, pcs_id, leaf, leaf_hash, appended_at";

    private final DataSource ds;

    public LogStore(DataSource ds) {
        this.ds = ds;
    }

    public DataSource dataSource() {
        return ds;
    }

    public long size() throws SQLException {
        try (Connection c = ds.getConnection()) {
            return LogAppender.size(c);
        }
    }

    public Optional<StoredLeaf> leaf(long index) throws SQLException {
        return one("SELECT " + LEAF_COLUMNS + " FROM leaves WHERE idx = ?", index);
    }

    public Optional<StoredLeaf> leaf(String tenant, String pcsId) throws SQLException {
        return one("SELECT " + LEAF_COLUMNS + " FROM leaves WHERE tenant = ? AND pcs_id = ?", tenant, pcsId);
    }

    /** Leaves [from, from + limit) in index order. */
    public List<StoredLeaf> leaves(long from, int limit) throws SQLException {
        return many("SELECT " + LEAF_COLUMNS + " FROM leaves WHERE idx >= ? ORDER BY idx LIMIT ?", from, limit);
    }

    public Map<NodeId, byte[]> nodes(Collection<NodeId> ids) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return NodeQueries.fetch(c, ids);
        }
    }

    /** Stored nodes of level ≥ 1 that leaves [from, to) completed, for a sequential integrity scan. */
    public Map<NodeId, byte[]> nodesCompletedBy(long from, long to) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return NodeQueries.completedBy(c, from, to);
        }
    }

    public Optional<StoredCheckpoint> latestCheckpoint() throws SQLException {
        List<StoredCheckpoint> l = checkpoints("SELECT tree_size, root, note, issued_at FROM checkpoints "
                + "ORDER BY tree_size DESC LIMIT 1");
        return l.stream().findFirst();
    }

    public Optional<StoredCheckpoint> checkpoint(long treeSize) throws SQLException {
        return checkpoints("SELECT tree_size, root, note, issued_at FROM checkpoints WHERE tree_size = ?", treeSize)
                .stream().findFirst();
    }

    /** Checkpoints with a tree size ≥ {@code fromSize}, smallest first. */
    public List<StoredCheckpoint> checkpoints(long fromSize, int limit) throws SQLException {
        return checkpoints("SELECT tree_size, root, note, issued_at FROM checkpoints WHERE tree_size >= ? "
                + "ORDER BY tree_size LIMIT ?", fromSize, limit);
    }

    /** Inserts a checkpoint unless one of that size exists; returns the one stored for that size. */
    public StoredCheckpoint insertCheckpoint(long treeSize, byte[] root, String note) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO checkpoints (tree_size, root, note) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setLong(1, treeSize);
            ps.setBytes(2, root);
            ps.setString(3, note);
            ps.executeUpdate();
        }
        return checkpoint(treeSize).orElseThrow();
    }

    /**
     * Leaves per tenant that a checkpoint of {@code treeSize} adds to what {@code anchor} last anchored: the tenants an
     * anchoring operation works for, and in which shares.
     */
    public java.util.Map<String, Long> leavesNewlyAnchored(String anchor, long treeSize) throws SQLException {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT tenant, count(*) FROM leaves WHERE idx < ? AND idx >= "
                     + "(SELECT coalesce(max(tree_size), 0) FROM anchor_receipts WHERE anchor = ? AND status = 'anchored' "
                     + "AND tree_size < ?) GROUP BY tenant")) {
            ps.setLong(1, treeSize);
            ps.setString(2, anchor);
            ps.setLong(3, treeSize);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    public void insertReceipt(long treeSize, String anchor, String status, int attempts, String detail)
            throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO anchor_receipts (tree_size, anchor, status, "
                     + "attempts, detail) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setLong(1, treeSize);
            ps.setString(2, anchor);
            ps.setString(3, status);
            ps.setInt(4, attempts);
            ps.setString(5, detail);
            ps.executeUpdate();
        }
    }

    public record Receipt(long treeSize, String anchor, String status, int attempts, String detail,
                          java.time.Instant at) {
    }

    /** The latest receipt per anchor. */
    public List<Receipt> latestReceipts() throws SQLException {
        List<Receipt> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT ON (anchor) tree_size, anchor, status, "
                     + "attempts, detail, at FROM anchor_receipts ORDER BY anchor, tree_size DESC");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Receipt(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                        rs.getTimestamp(6).toInstant()));
            }
        }
        return out;
    }

    /** The largest tree size {@code anchor} anchored, 0 if none. */
    public long lastAnchored(String anchor) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(tree_size), 0) FROM anchor_receipts "
                     + "WHERE anchor = ? AND status = 'anchored'")) {
            ps.setString(1, anchor);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Checkpoints newer than the last receipt of {@code anchor}: what anchoring still owes after a restart. */
    public List<StoredCheckpoint> unanchored(String anchor, int limit) throws SQLException {
        return checkpoints("SELECT tree_size, root, note, issued_at FROM checkpoints WHERE tree_size > "
                + "(SELECT coalesce(max(tree_size), -1) FROM anchor_receipts WHERE anchor = ?) "
                + "ORDER BY tree_size LIMIT ?", anchor, limit);
    }

    public long countDeadReceipts() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM anchor_receipts WHERE status = 'dead'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public record LogCounts(long leafRows, long maxIndexPlusOne, long checkpoints, Map<String, Long> byTenant) {
    }

    public LogCounts counts() throws SQLException {
        try (Connection c = ds.getConnection()) {
            long rows;
            long size;
            long cps;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*), coalesce(max(idx) + 1, 0), (SELECT count(*) FROM checkpoints) FROM leaves");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                rows = rs.getLong(1);
                size = rs.getLong(2);
                cps = rs.getLong(3);
            }
            Map<String, Long> byTenant = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT tenant, count(*) FROM leaves GROUP BY tenant");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byTenant.put(rs.getString(1), rs.getLong(2));
                }
            }
            return new LogCounts(rows, size, cps, byTenant);
        }
    }

    private Optional<StoredLeaf> one(String sql, Object... args) throws SQLException {
        return many(sql, args).stream().findFirst();
    }

    private List<StoredLeaf> many(String sql, Object... args) throws SQLException {
        List<StoredLeaf> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = bind(c.prepareStatement(sql), args);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp at = rs.getTimestamp(6);
                out.add(new StoredLeaf(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4),
                        rs.getBytes(5), at.toInstant()));
            }
        }
        return out;
    }

    private List<StoredCheckpoint> checkpoints(String sql, Object... args) throws SQLException {
        List<StoredCheckpoint> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = bind(c.prepareStatement(sql), args);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StoredCheckpoint(rs.getLong(1), rs.getBytes(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant()));
            }
        }
        return out;
    }

    private static PreparedStatement bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }
}
