package io.fractallba.cost.usage;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hourly and daily rollups analysts query. Ingest adds its rows' sums (under the shared lock); re-pricing
 * rebuilds the affected buckets from raw usage (under the exclusive lock), so the two never interleave.
 */
public final class Rollups {

    /** Advisory lock taken shared by ingest and exclusively by re-pricing. */
    public static final long LOCK_KEY = 0x636f737431L; // "cost1"

    private Rollups() {
    }

    public static void lockShared(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock_shared(?)")) {
            ps.setLong(1, LOCK_KEY);
            ps.execute();
        }
    }

    public static void lockExclusive(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            ps.setLong(1, LOCK_KEY);
            ps.execute();
        }
    }

    /** Sums of newly stored usage, per rollup row. */
    record Key(Instant bucket, String tenant, String service, String model, String task, String resource)
            implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            return java.util.Comparator.comparing(Key::bucket).thenComparing(Key::tenant).thenComparing(Key::service)
                    .thenComparing(Key::model).thenComparing(Key::task).thenComparing(Key::resource).compare(this, o);
        }
    }

    static final class Sums {
        BigDecimal quantity = BigDecimal.ZERO;
        BigDecimal cost = BigDecimal.ZERO;
        long unpriced;
        long accepted;
    }

    /** Adds the stored rows to both rollups; keys in a fixed order so concurrent ingesters cannot deadlock. */
    static void add(Connection c, List<UsageStore.Stored> rows) throws SQLException {
        for (String table : new String[] {"rollup_hour", "rollup_day"}) {
            ChronoUnit unit = table.equals("rollup_hour") ? ChronoUnit.HOURS : ChronoUnit.DAYS;
            Map<Key, Sums> sums = new TreeMap<>();
            for (UsageStore.Stored s : rows) {
                UsageRow r = s.row();
                Sums x = sums.computeIfAbsent(new Key(r.occurredAt().truncatedTo(unit), r.tenant(), r.service(),
                        r.model(), r.task(), r.resource()), k -> new Sums());
                x.quantity = x.quantity.add(r.quantity());
                if (s.cost() == null) {
                    x.unpriced++;
                } else {
                    x.cost = x.cost.add(s.cost());
                }
                x.accepted += r.accepted() ? 1 : 0;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (bucket, tenant, service, model, "
                    + "task, resource, quantity, cost_usd, unpriced, accepted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (bucket, tenant, service, model, task, resource) DO UPDATE SET "
                    + "quantity = " + table + ".quantity + EXCLUDED.quantity, cost_usd = " + table + ".cost_usd + "
                    + "EXCLUDED.cost_usd, unpriced = " + table + ".unpriced + EXCLUDED.unpriced, accepted = " + table
                    + ".accepted + EXCLUDED.accepted")) {
                for (Map.Entry<Key, Sums> e : sums.entrySet()) {
                    Key k = e.getKey();
                    ps.setTimestamp(1, Timestamp.from(k.bucket()));
                    ps.setString(2, k.tenant());
                    ps.setString(3, k.service());
                    ps.setString(4, k.model());
                    ps.setString(5, k.task());
                    ps.setString(6, k.resource());
                    ps.setBigDecimal(7, e.getValue().quantity);
                    ps.setBigDecimal(8, e.getValue().cost);
                    ps.setLong(9, e.getValue().unpriced);
                    ps.setLong(10, e.getValue().accepted);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /** Recomputes every bucket of {@code resource} that overlaps {@code [from, to)} from raw usage. */
    public static void rebuild(Connection c, String resource, Instant from, Instant to) throws SQLException {
        for (String[] t : new String[][] {{"rollup_hour", "hour"}, {"rollup_day", "day"}}) {
            String floor = "date_trunc('" + t[1] + "', ?::timestamptz, 'UTC')";
            String end = "(date_trunc('" + t[1] + "', ?::timestamptz - interval '1 microsecond', 'UTC') + interval '1 " + t[1] + "')";
            try (PreparedStatement del = c.prepareStatement("DELETE FROM " + t[0] + " WHERE resource = ? AND bucket >= "
                    + floor + " AND bucket < " + end)) {
                bindRange(del, resource, from, to);
                del.executeUpdate();
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + t[0] + " SELECT date_trunc('" + t[1]
                    + "', occurred_at, 'UTC'), tenant, service, model, task, resource, sum(quantity), "
                    + "coalesce(sum(cost_usd), 0), count(*) FILTER (WHERE cost_usd IS NULL), sum(accepted) FROM usage "
                    + "WHERE resource = ? AND occurred_at >= " + floor + " AND occurred_at < " + end
                    + " GROUP BY 1, 2, 3, 4, 5, 6")) {
                bindRange(ins, resource, from, to);
                ins.executeUpdate();
            }
        }
    }

    private static void bindRange(PreparedStatement ps, String resource, Instant from, Instant to) throws SQLException {
        ps.setString(1, resource);
        ps.setTimestamp(2, Timestamp.from(from));
        ps.setTimestamp(3, Timestamp.from(to));
    }
}
