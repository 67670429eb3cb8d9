package io.fractallba.audit.log;

import io.fractallba.pcs.tlog.NodeId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads perfect-subtree hashes in one round trip: level 0 from the leaves, higher levels from the nodes table. */
final class NodeQueries {

    private static final String SQL = """
            SELECT 0, idx, leaf_hash FROM leaves WHERE idx = ANY (?)
            UNION ALL
            SELECT n.level, n.idx, n.hash FROM nodes n
              JOIN unnest(?::int[], ?::bigint[]) AS q(level, idx) ON n.level = q.level AND n.idx = q.idx
            """;

    private NodeQueries() {
    }

    static Map<NodeId, byte[]> fetch(Connection c, Collection<NodeId> ids) throws SQLException {
        Map<NodeId, byte[]> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        List<Long> leafIdx = new ArrayList<>();
        List<Integer> levels = new ArrayList<>();
        List<Long> idx = new ArrayList<>();
        for (NodeId id : ids) {
            if (id.level() == 0) {
                leafIdx.add(id.index());
            } else {
                levels.add(id.level());
                idx.add(id.index());
            }
        }
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setArray(1, c.createArrayOf("bigint", leafIdx.toArray()));
            ps.setArray(2, c.createArrayOf("int", levels.toArray()));
            ps.setArray(3, c.createArrayOf("bigint", idx.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(new NodeId(rs.getInt(1), rs.getLong(2)), rs.getBytes(3));
                }
            }
        }
        return out;
    }

    /** Nodes of level ≥ 1 completed by appending leaves [from, to): node (L, i) completes with leaf (i+1)·2^L − 1. */
    static Map<NodeId, byte[]> completedBy(Connection c, long from, long to) throws SQLException {
        List<Integer> levels = new ArrayList<>();
        List<Long> lo = new ArrayList<>();
        List<Long> hi = new ArrayList<>();
        for (int level = 1; level < 63 && (1L << level) <= to; level++) {
            long span = 1L << level;
            levels.add(level);
            lo.add(((from + span) >> level) - 1);
            hi.add(((to + span) >> level) - 1);
        }
        Map<NodeId, byte[]> out = new HashMap<>();
        if (levels.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT n.level, n.idx, n.hash FROM nodes n
                  JOIN unnest(?::int[], ?::bigint[], ?::bigint[]) AS q(level, lo, hi)
                    ON n.level = q.level AND n.idx >= q.lo AND n.idx < q.hi""")) {
            ps.setArray(1, c.createArrayOf("int", levels.toArray()));
            ps.setArray(2, c.createArrayOf("bigint", lo.toArray()));
            ps.setArray(3, c.createArrayOf("bigint", hi.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(new NodeId(rs.getInt(1), rs.getLong(2)), rs.getBytes(3));
                }
            }
        }
        return out;
    }
}
