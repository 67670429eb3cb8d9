package io.fractallba.dedup.tiering;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The access models in Postgres ({@code access_model}). One flush is one transaction under an advisory lock, so the
 * replicas of the service add their counts to the same rows and exactly one of them closes a day: it counts the
 * records each tenant stored that day (from {@code records}, so no replica's memory is needed for it) and folds it.
 */
public final class AccessModelStore {

    /** Serialises flushes of every replica (any constant; one lock per database). */
    private static final long LOCK = 0x666c6b7469657221L;
    /** Closed days counted at most this far back after an outage (older ones fold as empty days). */
    private static final int MAX_CATCH_UP_DAYS = 31;

    private final DataSource ds;

    public AccessModelStore(DataSource ds) {
        this.ds = ds;
    }

    /**
     * Adds this replica's re-read counts to the open day, closes the days before {@code today} that are not closed
     * yet, and returns every tenant's model as stored.
     */
    public Map<String, AccessModel> flush(Map<String, long[]> reads, LocalDate today, double alpha) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    ps.setLong(1, LOCK);
                    ps.execute();
                }
                Map<String, AccessModel> models = load(c);
                LocalDate folded = foldedDay(c);
                LocalDate yesterday = today.minusDays(1);
                boolean closing = folded == null || folded.isBefore(yesterday);
                // The counts belong to the day still open (they were taken before this flush), so they are added
                // before that day is closed: a re-read at 23:59 counts on its own day.
                LocalDate open = folded == null ? today : folded.plusDays(1);
                for (Map.Entry<String, long[]> e : reads.entrySet()) {
                    AccessModel m = models.computeIfAbsent(e.getKey(), t -> new AccessModel(open));
                    long[] counts = e.getValue();
                    for (int b = 0; b < counts.length; b++) {
                        if (counts[b] != 0) {
                            m.addReads(b, counts[b]);
                        }
                    }
                }
                if (closing) {
                    // Records stored per tenant on each day to close; a tenant seen for the first time starts there.
                    LocalDate from = folded == null ? yesterday : folded.plusDays(1);
                    if (from.isBefore(today.minusDays(MAX_CATCH_UP_DAYS))) {
                        from = today.minusDays(MAX_CATCH_UP_DAYS);
                    }
                    Map<LocalDate, Map<String, Long>> births = new TreeMap<>();
                    for (LocalDate d = from; d.isBefore(today); d = d.plusDays(1)) {
                        Map<String, Long> day = storedOn(c, d);
                        births.put(d, day);
                        LocalDate first = d;
                        for (String t : day.keySet()) {
                            models.computeIfAbsent(t, x -> new AccessModel(first));
                        }
                    }
                    for (Map.Entry<String, AccessModel> e : models.entrySet()) {
                        String tenant = e.getKey();
                        e.getValue().advanceTo(today, d -> births.getOrDefault(d, Map.of()).getOrDefault(tenant, 0L), alpha);
                    }
                    setFoldedDay(c, yesterday);
                }
                if (closing || !reads.isEmpty()) {
                    save(c, models, closing ? models.keySet() : reads.keySet());
                }
                c.commit();
                return models;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Every tenant's model as stored (read-only). */
    public Map<String, AccessModel> load() throws SQLException {
        try (Connection c = ds.getConnection()) {
            return load(c);
        }
    }

    private static Map<String, AccessModel> load(Connection c) throws SQLException {
        Map<String, AccessModel> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tenant, open_day, day_reads, smoothed_births, "
                + "smoothed_reads, days_folded, records_observed FROM access_model");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), new AccessModel(rs.getDate(2).toLocalDate(), doubles(rs.getArray(3)),
                        rs.getDouble(4), doubles(rs.getArray(5)), rs.getInt(6), rs.getLong(7)));
            }
        }
        return out;
    }

    private static void save(Connection c, Map<String, AccessModel> models, Iterable<String> tenants) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO access_model (tenant, open_day, day_reads, smoothed_births, smoothed_reads, days_folded,
                    records_observed, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, now())
                ON CONFLICT (tenant) DO UPDATE SET open_day = excluded.open_day, day_reads = excluded.day_reads,
                    smoothed_births = excluded.smoothed_births, smoothed_reads = excluded.smoothed_reads,
                    days_folded = excluded.days_folded, records_observed = excluded.records_observed, updated_at = now()""")) {
            for (String t : tenants) {
                AccessModel m = models.get(t);
                ps.setString(1, t);
                ps.setDate(2, Date.valueOf(m.openDay()));
                ps.setArray(3, c.createArrayOf("float8", boxed(m.dayReads())));
                ps.setDouble(4, m.smoothedBirths());
                ps.setArray(5, c.createArrayOf("float8", boxed(m.smoothedReads())));
                ps.setInt(6, m.daysFolded());
                ps.setLong(7, m.recordsObserved());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Map<String, Long> storedOn(Connection c, LocalDate day) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tenant, count(*) FROM records WHERE first_seen >= ? AND first_seen < ? GROUP BY tenant")) {
            ps.setTimestamp(1, Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).toInstant()));
            ps.setTimestamp(2, Timestamp.from(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    private static LocalDate foldedDay(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT folded_day FROM access_model_folds WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getDate(1).toLocalDate() : null;
        }
    }

    private static void setFoldedDay(Connection c, LocalDate day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO access_model_folds (id, folded_day) VALUES (1, ?) "
                + "ON CONFLICT (id) DO UPDATE SET folded_day = excluded.folded_day")) {
            ps.setDate(1, Date.valueOf(day));
            ps.executeUpdate();
        }
    }

    private static double[] doubles(Array a) throws SQLException {
        Object[] v = (Object[]) a.getArray();
        double[] out = new double[AgeBuckets.COUNT];
        for (int i = 0; i < Math.min(v.length, out.length); i++) {
            out[i] = ((Number) v[i]).doubleValue();
        }
        return out;
    }

    private static Double[] boxed(double[] v) {
        Double[] out = new Double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
