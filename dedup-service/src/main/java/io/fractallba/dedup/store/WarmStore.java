package io.fractallba.dedup.store;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The warm tier and the index of the cold one, in Postgres: one row per (tenant, pcs_id), first write wins
 * ({@code INSERT … ON CONFLICT DO NOTHING}). A cold row keeps its identity and age and points at its segment.
 */
public class WarmStore {

    private final DataSource ds;

    public WarmStore(DataSource ds) {
        this.ds = ds;
    }

    public DataSource dataSource() {
        return ds;
    }

    /** A row as stored: {@code record.body} is null and {@code segmentId} set when the record is cold. */
    public record Row(DedupRecord record, String tier, Long segmentId) {
    }

    /** Inserts the records no row exists for; returns how many were new. */
    public int insertFirst(List<DedupRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return 0;
        }
        int n = records.size();
        String[] tenants = new String[n];
        String[] ids = new String[n];
        Timestamp[] seen = new Timestamp[n];
        String[] origins = new String[n];
        Integer[] statuses = new Integer[n];
        byte[][] bodies = new byte[n][];
        for (int i = 0; i < n; i++) {
            DedupRecord r = records.get(i);
            tenants[i] = r.tenant();
            ids[i] = r.pcsId();
            seen[i] = Timestamp.from(r.firstSeen());
            origins[i] = r.origin();
            statuses[i] = r.status();
            bodies[i] = r.body();
        }
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO records (tenant, pcs_id, first_seen, origin, status, body)
                SELECT * FROM unnest(?::text[], ?::text[], ?::timestamptz[], ?::text[], ?::int[], ?::bytea[])
                ON CONFLICT (tenant, pcs_id) DO NOTHING""")) {
            ps.setArray(1, c.createArrayOf("text", tenants));
            ps.setArray(2, c.createArrayOf("text", ids));
            ps.setArray(3, c.createArrayOf("timestamptz", seen));
            ps.setArray(4, c.createArrayOf("text", origins));
            ps.setArray(5, c.createArrayOf("int", statuses));
            ps.setArray(6, c.createArrayOf("bytea", bodies));
            return ps.executeUpdate();
        }
    }

    public Optional<Row> find(String tenant, String pcsId) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT first_seen, origin, status, body, tier, segment_id FROM records WHERE tenant = ? AND pcs_id = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, pcsId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long seg = rs.getLong(6);
                Long segmentId = rs.wasNull() ? null : seg;
                return Optional.of(new Row(new DedupRecord(tenant, pcsId, rs.getTimestamp(1).toInstant(), rs.getString(2),
                        rs.getInt(3), rs.getBytes(4)), rs.getString(5), segmentId));
            }
        }
    }

    /** Brings a cold record back to the warm tier (its response read from the archive). */
    public void promote(DedupRecord r) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE records SET tier = 'warm', body = ?, segment_id = NULL WHERE tenant = ? AND pcs_id = ? AND tier = 'cold'")) {
            ps.setBytes(1, r.body());
            ps.setString(2, r.tenant());
            ps.setString(3, r.pcsId());
            ps.executeUpdate();
        }
    }

    /**
     * Warm records first seen before {@code cutoff}, oldest first: of the {@code tenants} named, or (null) of every
     * tenant not in {@code except}.
     */
    public List<DedupRecord> warmOlderThan(Instant cutoff, List<String> tenants, List<String> except, int limit)
            throws SQLException {
        String filter = tenants != null ? " AND tenant = ANY (?)"
                : except != null && !except.isEmpty() ? " AND NOT (tenant = ANY (?))" : "";
        String sql = "SELECT tenant, pcs_id, first_seen, origin, status, body FROM records WHERE tier = 'warm' "
                + "AND first_seen < ?" + filter + " ORDER BY first_seen LIMIT ?";
        List<DedupRecord> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setTimestamp(i++, Timestamp.from(cutoff));
            if (!filter.isEmpty()) {
                ps.setArray(i++, c.createArrayOf("text", (tenants != null ? tenants : except).toArray()));
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DedupRecord(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                            rs.getString(4), rs.getInt(5), rs.getBytes(6)));
                }
            }
        }
        return out;
    }

    /**
     * A tenant's warm records first seen in ({@code after}, {@code upTo}], in (first_seen, pcs_id) order
     * (pre-promotion). With {@code afterId} the page starts past ({@code after}, {@code afterId}) instead, so records
     * sharing the last first_seen of a full page are not skipped.
     */
    public List<DedupRecord> warmSeenBetween(String tenant, Instant after, String afterId, Instant upTo, int limit)
            throws SQLException {
        List<DedupRecord> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT pcs_id, first_seen, origin, status, body FROM records WHERE tier = 'warm' AND tenant = ? AND "
                        + (afterId == null ? "first_seen > ?" : "(first_seen, pcs_id) > (?, ?)")
                        + " AND first_seen <= ? ORDER BY first_seen, pcs_id LIMIT ?")) {
            int i = 1;
            ps.setString(i++, tenant);
            ps.setTimestamp(i++, Timestamp.from(after));
            if (afterId != null) {
                ps.setString(i++, afterId);
            }
            ps.setTimestamp(i++, Timestamp.from(upTo));
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DedupRecord(tenant, rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                            rs.getInt(4), rs.getBytes(5)));
                }
            }
        }
        return out;
    }

    /**
     * Records a written segment and makes its records cold, in one transaction; records promoted or deleted since
     * they were read stay as they are. Returns the segment id.
     */
    public long markCold(String objectName, String sha256, long bytes, List<DedupRecord> records) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO segments (object_name, sha256, records, bytes, "
                        + "min_first_seen, max_first_seen) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
                    ps.setString(1, objectName);
                    ps.setString(2, sha256);
                    ps.setInt(3, records.size());
                    ps.setLong(4, bytes);
                    ps.setTimestamp(5, Timestamp.from(records.get(0).firstSeen()));
                    ps.setTimestamp(6, Timestamp.from(records.get(records.size() - 1).firstSeen()));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE records r SET tier = 'cold', body = NULL, segment_id = ?
                        FROM unnest(?::text[], ?::text[]) AS k(tenant, pcs_id)
                        WHERE r.tenant = k.tenant AND r.pcs_id = k.pcs_id AND r.tier = 'warm'""")) {
                    ps.setLong(1, id);
                    ps.setArray(2, c.createArrayOf("text", records.stream().map(DedupRecord::tenant).toArray()));
                    ps.setArray(3, c.createArrayOf("text", records.stream().map(DedupRecord::pcsId).toArray()));
                    ps.executeUpdate();
                }
                c.commit();
                return id;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    public record Segment(long id, String objectName, String sha256) {
    }

    public Optional<Segment> segment(long id) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT object_name, sha256 FROM segments WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Segment(id, rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /** Deletes records first seen before {@code cutoff}; returns the segments no record points at any more. */
    public List<Segment> deleteOlderThan(Instant cutoff) throws SQLException {
        List<Segment> empty = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM records WHERE first_seen < ?")) {
                    ps.setTimestamp(1, Timestamp.from(cutoff));
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM segments s WHERE NOT EXISTS "
                        + "(SELECT 1 FROM records r WHERE r.segment_id = s.id) RETURNING id, object_name, sha256");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        empty.add(new Segment(rs.getLong(1), rs.getString(2), rs.getString(3)));
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return empty;
    }

    /** Records per tier (for metrics and the operators' view). */
    public Map<String, Long> countByTier() throws SQLException {
        Map<String, Long> out = new TreeMap<>(Map.of("warm", 0L, "cold", 0L));
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT tier, count(*) FROM records GROUP BY tier"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    /** Bytes each tenant keeps per tier: warm response bodies, and its share of the cold segments it has records in. */
    public record TenantBytes(String tenant, long warm, long cold) {
    }

    public java.util.List<TenantBytes> bytesByTenant() throws SQLException {
        java.util.List<TenantBytes> out = new java.util.ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT r.tenant, coalesce(sum(octet_length(r.body)) FILTER (WHERE r.tier = 'warm'), 0), "
                        + "coalesce(sum(s.bytes::numeric / nullif(s.records, 0)) FILTER (WHERE r.tier = 'cold'), 0)::bigint "
                        + "FROM records r LEFT JOIN segments s ON s.id = r.segment_id GROUP BY r.tenant");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new TenantBytes(rs.getString(1), rs.getLong(2), rs.getLong(3)));
            }
        }
        return out;
    }
}
