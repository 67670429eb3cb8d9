package io.fractallba.crr.ledger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The shipper's tables: the ledger of the region's records and the peers' watermarks (JDBC, plain Java). */
public final class Ledger {

    private final DataSource ds;

    public Ledger(DataSource ds) {
        this.ds = ds;
    }

    /** Records the entries (first one per key wins); returns how many were new. */
    public int insert(List<LedgerEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return 0;
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO ledger (tenant, pcs_id, origin_region, replicated_from, received_at, event)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, pcs_id) DO NOTHING""")) {
            c.setAutoCommit(false);
            for (LedgerEntry e : entries) {
                ps.setString(1, e.tenant());
                ps.setString(2, e.pcsId());
                ps.setString(3, e.originRegion());
                ps.setString(4, e.replicatedFrom());
                ps.setTimestamp(5, Timestamp.from(e.receivedAt()));
                ps.setBytes(6, e.event());
                ps.addBatch();
            }
            int n = 0;
            for (int r : ps.executeBatch()) {
                n += Math.max(r, 0);
            }
            c.commit();
            return n;
        }
    }

    /** This region's own records (not copies) after {@code seq}, oldest first. */
    public List<LedgerEntry> localAfter(long seq, int limit) throws SQLException {
        return query("SELECT seq, tenant, pcs_id, origin_region, replicated_from, received_at, event FROM ledger "
                + "WHERE seq > ? AND replicated_from IS NULL ORDER BY seq LIMIT ?", ps -> {
                    ps.setLong(1, seq);
                    ps.setInt(2, limit);
                });
    }

    public Optional<LedgerEntry> find(String tenant, String pcsId) throws SQLException {
        return query("SELECT seq, tenant, pcs_id, origin_region, replicated_from, received_at, event FROM ledger "
                + "WHERE tenant = ? AND pcs_id = ?", ps -> {
                    ps.setString(1, tenant);
                    ps.setString(2, pcsId);
                }).stream().findFirst();
    }

    /** The highest seq of this region's own records (0 when none). */
    public long lastLocalSeq() throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(max(seq), 0) FROM ledger WHERE replicated_from IS NULL");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public long watermark(String peer) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT seq FROM watermarks WHERE peer = ?")) {
            ps.setString(1, peer);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Moves the peer's watermark forward (never back: a stale writer cannot undo progress). */
    public void advance(String peer, long seq) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO watermarks (peer, seq) VALUES (?, ?)
                ON CONFLICT (peer) DO UPDATE SET seq = greatest(watermarks.seq, excluded.seq), updated_at = now()""")) {
            ps.setString(1, peer);
            ps.setLong(2, seq);
            ps.executeUpdate();
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<LedgerEntry> query(String sql, Binder binder) throws SQLException {
        List<LedgerEntry> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LedgerEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getBytes(7)));
                }
            }
        }
        return out;
    }
}
