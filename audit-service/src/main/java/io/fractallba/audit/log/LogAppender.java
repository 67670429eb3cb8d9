package io.fractallba.audit.log;

import io.fractallba.pcs.tlog.MerkleFrontier;
import io.fractallba.pcs.tlog.MerkleHashes;
import io.fractallba.pcs.tlog.NodeId;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Appends entries to the log, exactly once per {@code (tenant, pcs_id)}: one transaction per batch takes the log's
 * advisory lock (so replicas never interleave), skips entries the log already holds, assigns the next indexes and
 * writes the leaves with every node they complete. The frontier is kept in memory between batches and reloaded from
 * the database whenever another writer moved the log or a transaction failed.
 */
public final class LogAppender {

    /** Advisory lock id of the append transaction ("flkaudit"). */
    private static final long LOCK = 0x666c6b6175646974L;

    private final DataSource ds;
    private MerkleFrontier frontier;

    public LogAppender(DataSource ds) {
        this.ds = ds;
    }

    public record Appended(long firstIndex, int appended, int duplicates, long size, byte[] root) {
    }

    public synchronized Appended append(List<AuditEntry> entries) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    ps.setLong(1, LOCK);
                    ps.execute();
                }
                long size = size(c);
                MerkleFrontier f = frontier != null && frontier.size() == size ? frontier.copy() : restore(c, size);
                Map<String, AuditEntry> unique = new LinkedHashMap<>();
                for (AuditEntry e : entries) {
                    unique.putIfAbsent(e.tenant() + '\u0000' + e.pcsId(), e);
                }
                Set<String> present = present(c, unique.values());
                List<AuditEntry> fresh = new ArrayList<>();
                unique.forEach((k, e) -> {
                    if (!present.contains(k)) {
                        fresh.add(e);
                    }
                });
                insert(c, fresh, f, size);
                c.commit();
                frontier = f;
                return new Appended(size, fresh.size(), entries.size() - fresh.size(), f.size(), f.root());
            } catch (SQLException | RuntimeException e) {
                frontier = null;
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }

    static long size(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(idx) + 1, 0) FROM leaves");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static MerkleFrontier restore(Connection c, long size) throws SQLException {
        Map<NodeId, byte[]> nodes = NodeQueries.fetch(c, MerkleFrontier.nodesOf(size));
        return MerkleFrontier.restore(size, id -> {
            byte[] h = nodes.get(id);
            if (h == null) {
                throw new IllegalStateException("the log of size " + size + " lacks its node " + id);
            }
            return h;
        });
    }

    private static Set<String> present(Connection c, java.util.Collection<AuditEntry> entries) throws SQLException {
        Set<String> out = new HashSet<>();
        if (entries.isEmpty()) {
            return out;
        }
        String[] tenants = entries.stream().map(AuditEntry::tenant).toArray(String[]::new);
        String[] ids = entries.stream().map(AuditEntry::pcsId).toArray(String[]::new);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tenant, pcs_id FROM leaves WHERE (tenant, pcs_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))")) {
            ps.setArray(1, c.createArrayOf("text", tenants));
            ps.setArray(2, c.createArrayOf("text", ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + '\u0000' + rs.getString(2));
                }
            }
        }
        return out;
    }

    private static void insert(Connection c, List<AuditEntry> fresh, MerkleFrontier f, long first) throws SQLException {
        if (fresh.isEmpty()) {
            return;
        }
        int n = fresh.size();
        Long[] idx = new Long[n];
        String[] tenants = new String[n];
        String[] ids = new String[n];
        byte[][] leaves = new byte[n][];
        byte[][] hashes = new byte[n][];
        String[] eventIds = new String[n];
        List<Integer> nodeLevels = new ArrayList<>();
        List<Long> nodeIdx = new ArrayList<>();
        List<byte[]> nodeHashes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AuditEntry e = fresh.get(i);
            idx[i] = first + i;
            tenants[i] = e.tenant();
            ids[i] = e.pcsId();
            leaves[i] = e.leaf();
            hashes[i] = MerkleHashes.leafHash(e.leaf());
            eventIds[i] = e.eventId();
            f.append(hashes[i], (id, hash) -> {
                if (id.level() > 0) {
                    nodeLevels.add(id.level());
                    nodeIdx.add(id.index());
                    nodeHashes.add(hash);
                }
            });
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO leaves (idx, tenant, pcs_id, leaf, leaf_hash, event_id)
                SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::bytea[], ?::bytea[], ?::text[])""")) {
            ps.setArray(1, c.createArrayOf("bigint", idx));
            ps.setArray(2, c.createArrayOf("text", tenants));
            ps.setArray(3, c.createArrayOf("text", ids));
            ps.setArray(4, bytea(c, leaves));
            ps.setArray(5, bytea(c, hashes));
            ps.setArray(6, c.createArrayOf("text", eventIds));
            ps.executeUpdate();
        }
        if (!nodeLevels.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO nodes (level, idx, hash) SELECT * FROM unnest(?::int[], ?::bigint[], ?::bytea[])")) {
                ps.setArray(1, c.createArrayOf("int", nodeLevels.toArray()));
                ps.setArray(2, c.createArrayOf("bigint", nodeIdx.toArray()));
                ps.setArray(3, bytea(c, nodeHashes.toArray(new byte[0][])));
                ps.executeUpdate();
            }
        }
    }

    private static Array bytea(Connection c, byte[][] values) throws SQLException {
        return c.createArrayOf("bytea", values);
    }
}
