package io.fractallba.dedup.shard;

import io.fractallba.pcs.dedup.ShardLayout;
import io.fractallba.pcs.dedup.ShardRouting;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The published shard routing (what verifiers poll) and the migrations' checkpointed progress, in Postgres. */
public class RoutingStore {

    private final DataSource ds;
    private final ShardLayout configured;

    public RoutingStore(DataSource ds, ShardLayout configured) {
        this.ds = ds;
        this.configured = configured;
    }

    /** The routing in force: the stored one, or the configured layout (version 0) before any migration. */
    public ShardRouting routing() throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT version, phase, current, next FROM shard_routing WHERE id = 1"); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return ShardRouting.stable(0, configured);
            }
            String next = rs.getString(4);
            return new ShardRouting(rs.getLong(1), rs.getString(2), ShardLayout.parse(rs.getString(3)),
                    next == null ? null : ShardLayout.parse(next));
        }
    }

    /** Publishes a routing with the next version. */
    public ShardRouting publish(String phase, ShardLayout current, ShardLayout next) throws SQLException {
        long version = routing().version() + 1;
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO shard_routing (id, version, phase, current, next) VALUES (1, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET version = excluded.version, phase = excluded.phase,
                  current = excluded.current, next = excluded.next, updated_at = now()""")) {
            ps.setLong(1, version);
            ps.setString(2, phase);
            ps.setString(3, current.text());
            ps.setString(4, next == null ? null : next.text());
            ps.executeUpdate();
        }
        return new ShardRouting(version, phase, current, next);
    }

    public record Migration(long id, ShardLayout from, ShardLayout to, String phase) {
    }

    /** The migration not yet done or rolled back, if any. */
    public Optional<Migration> open() throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, from_layout, to_layout, phase FROM migrations WHERE phase NOT IN ('done', 'rolled-back') "
                        + "ORDER BY id DESC LIMIT 1"); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new Migration(rs.getLong(1), ShardLayout.parse(rs.getString(2)),
                    ShardLayout.parse(rs.getString(3)), rs.getString(4))) : Optional.empty();
        }
    }

    public Migration create(ShardLayout from, ShardLayout to) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO migrations (from_layout, to_layout, phase) VALUES (?, ?, 'planned') RETURNING id")) {
            ps.setString(1, from.text());
            ps.setString(2, to.text());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Migration(rs.getLong(1), from, to, "planned");
            }
        }
    }

    public void phase(long migration, String phase) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE migrations SET phase = ?, updated_at = now() WHERE id = ?")) {
            ps.setString(1, phase);
            ps.setLong(2, migration);
            ps.executeUpdate();
        }
    }

    public record Progress(String cursor, boolean done, long scanned, long moved, long conflicts) {
        static final Progress START = new Progress("0", false, 0, 0, 0);
    }

    public Progress progress(long migration, String step, String node) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT cursor, done, scanned, moved, conflicts FROM migration_progress WHERE migration_id = ? "
                        + "AND step = ? AND node = ?")) {
            ps.setLong(1, migration);
            ps.setString(2, step);
            ps.setString(3, node);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Progress(rs.getString(1), rs.getBoolean(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5)) : Progress.START;
            }
        }
    }

    public void save(long migration, String step, String node, Progress p) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO migration_progress (migration_id, step, node, cursor, done, scanned, moved, conflicts)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (migration_id, step, node) DO UPDATE SET cursor = excluded.cursor, done = excluded.done,
                  scanned = excluded.scanned, moved = excluded.moved, conflicts = excluded.conflicts""")) {
            ps.setLong(1, migration);
            ps.setString(2, step);
            ps.setString(3, node);
            ps.setString(4, p.cursor());
            ps.setBoolean(5, p.done());
            ps.setLong(6, p.scanned());
            ps.setLong(7, p.moved());
            ps.setLong(8, p.conflicts());
            ps.executeUpdate();
        }
    }
}
